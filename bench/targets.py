#!/usr/bin/env python3
"""The batch targets of the speed issues, measured side by side in one run.

- one letter of about 3 KB: wall time of the whole `amends check` process (issue #17's
  target, 25 ms);
- a folder of 200 letter-length drafts: the same (target 40 ms; #17 asks 60 ms);
- one 1 MB document: the same;
- ripgrep searching the same bytes for the pack's patterns (the closest practical proxy for
  the hardware limit), exported with `cargo run --release --example export_patterns`.

    cargo build --release --examples && python3 bench/targets.py
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from batch import draft, generate  # noqa: E402  (same deterministic drafts)

import random  # noqa: E402

RUNS = int(os.environ.get("RUNS", "11"))


def median_time(cmd, ok=(0, 1)):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode not in ok:
            raise SystemExit(f"{cmd[0]} failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return statistics.median(times)


def write_texts(tmp):
    """The targets' texts in `tmp`, the same every time: (200 drafts' folder, its size in
    bytes, the 1 MB document, the 3 KB letter, the letter's text)."""
    folder = os.path.join(tmp, "drafts")
    size = generate(folder, 200)
    rng = random.Random(7)
    big = os.path.join(tmp, "one-megabyte.txt")
    with open(big, "w", encoding="utf-8") as f:
        written = 0
        while written < 1_000_000:
            text = draft(rng)
            f.write(text + "\n")
            written += len(text) + 1
    letter = os.path.join(tmp, "letter-3kb.txt")
    with open(letter, "w", encoding="utf-8") as f:
        text = ""
        while len(text) < 3000:
            text += draft(rng) + "\n\n"
        text = text[: text.rfind(". ", 0, 3000) + 1] + "\n"
        f.write(text)
    return folder, size, big, letter, text


def main():
    binary = "target/release/amends"
    exporter = "target/release/examples/export_patterns"
    with tempfile.TemporaryDirectory() as tmp:
        folder, size, big, letter, text = write_texts(tmp)
        check = [binary, "check", "--no-user-config", "--format", "short"]
        letter_s = median_time(check + [letter])
        print(f"one {len(text) / 1e3:.1f} KB letter: amends {letter_s * 1e3:.0f} ms (target 25 ms)")
        folder_s = median_time(check + [folder])
        big_s = median_time(check + [big])
        print(f"200 drafts ({size / 1e3:.0f} KB): amends {folder_s * 1e3:.0f} ms (target 40 ms)")
        print(f"1 MB document: amends {big_s * 1e3:.0f} ms (target 30 ms)")
        rg = shutil.which("rg")
        if rg and os.path.exists(exporter):
            patterns = subprocess.run([exporter], capture_output=True, text=True, check=True).stdout
            # ripgrep 13's regex engine predates half word boundaries and `(?<name>`,
            # and joining the patterns would repeat group names: groups become plain.
            patterns = re.sub(r"\\b\{(start|end)-half\}", r"\\b", patterns)
            patterns = re.sub(r"\(\?P?<[A-Za-z_][A-Za-z0-9_]*>", "(?:", patterns)
            pfile = os.path.join(tmp, "patterns.txt")
            with open(pfile, "w", encoding="utf-8") as f:
                f.write(patterns)
            rg_cmd = [rg, "--no-config", "-i", "-c", "-f", pfile]
            rg_folder = median_time(rg_cmd + [folder], ok=(0, 1))
            rg_big = median_time(rg_cmd + [big], ok=(0, 1))
            print(f"ripgrep, same {patterns.count(chr(10))} patterns: 200 drafts {rg_folder * 1e3:.0f} ms, 1 MB {rg_big * 1e3:.0f} ms")
            print(f"ratio amends/ripgrep: 200 drafts {folder_s / rg_folder:.1f}x, 1 MB {big_s / rg_big:.1f}x (target within 3x)")
        else:
            print("ripgrep or the pattern exporter is missing: apt-get install ripgrep; cargo build --release --examples")


if __name__ == "__main__":
    main()
