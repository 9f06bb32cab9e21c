#!/usr/bin/env python3
"""How the cost grows with the size of a document and with the number of patterns.

- one document of 1 KB, 10 KB, 100 KB, 1 MB and 10 MB (our own generated drafts, joined),
  checked by the whole `amends check` process with the built-in pack;
- the same for 100 KB and 1 MB with a pack of 2,000 extra user patterns (generated rule
  files, `--pack`), against the built-in pack alone.

Wall time of the whole process, median of a few runs; the start-up (building the pack,
compiling the patterns a document needs) is in every figure, which is why the smallest
documents cost about the same.

    cargo build --release && python3 bench/scale.py
"""

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from batch import draft  # noqa: E402  (the same deterministic drafts)

BIN = os.path.join(os.path.dirname(__file__), "..", "target", "release", "amends")
SIZES = [("1 KB", 1_000), ("10 KB", 10_000), ("100 KB", 100_000), ("1 MB", 1_000_000), ("10 MB", 10_000_000)]

VERBS = ["ignored", "doubted", "blamed", "mocked", "rushed", "pushed", "judged", "left", "watched", "tested",
         "questioned", "followed", "corrected", "interrupted", "dismissed", "teased", "compared", "avoided",
         "checked", "hurried"]
OBJECTS = ["my friends", "my work", "my family", "my plans", "my feelings", "my choices", "my texts",
           "my time", "my past", "my calls", "my silence", "my mistakes", "my habits", "my hobbies",
           "my words", "my moods", "my needs", "my fears", "my dreams", "my money", "my health",
           "my job", "my music", "my cooking", "my driving"]
ADVERBS = ["always", "never", "constantly", "sometimes"]


def document(size: int) -> str:
    rng = random.Random(size)
    parts, total = [], 0
    while total < size:
        d = draft(rng)
        parts.append(d)
        total += len(d.encode()) + 1
    return "\n".join(parts)


def user_pack(folder: str, patterns: int) -> None:
    """`patterns` distinct user patterns in rule files of 100 each."""
    combos = [(a, v, o) for a in ADVERBS for v in VERBS for o in OBJECTS]
    per_file = 100
    for f in range(patterns // per_file):
        lines = [
            f'id = "user-{f:02d}"', 'level = "warning"', 'kind = "pattern"',
            'message = "A pattern from a generated user pack."', 'explanation = "For benchmarks."',
            "patterns = [",
        ]
        for a, v, o in combos[f * per_file:(f + 1) * per_file]:
            lines.append(f"  '''{{you}}\\s+{a}\\s+{v}\\s+{o}''',")
        lines.append("]")
        with open(os.path.join(folder, f"user-{f:02d}.toml"), "w") as out:
            out.write("\n".join(lines) + "\n")


def median_ms(cmd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"amends failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return statistics.median(times) * 1000


def main():
    with tempfile.TemporaryDirectory() as tmp:
        pack = os.path.join(tmp, "pack")
        os.mkdir(pack)
        user_pack(pack, 2000)
        base = [BIN, "check", "--no-user-config", "--format", "short", "--fail-on", "never",
                "--max-file-size", str(100 * 1024 * 1024)]
        print("| document | built-in pack | with 2,000 user patterns |")
        print("|---|---|---|")
        for label, size in SIZES:
            path = os.path.join(tmp, f"doc-{size}.txt")
            with open(path, "w") as out:
                out.write(document(size))
            runs = 3 if size >= 10_000_000 else 7
            builtin = median_ms(base + [path], runs)
            with_user = ""
            if 100_000 <= size <= 1_000_000:
                with_user = f"{median_ms(base + ['--pack', pack, path], runs):.0f} ms"
            print(f"| {label} | {builtin:.0f} ms | {with_user} |")


if __name__ == "__main__":
    main()
