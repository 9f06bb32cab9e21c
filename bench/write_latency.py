#!/usr/bin/env python3
"""The writing page's server (`amends write`), asked as the page asks it.

For a 3 KB letter and a 1 MB document: the time for one `api/check` after a one-character
edit (median and p99 over the runs; the page adds its own 120 ms pause in typing before it
asks), and the first check of each, which has nothing to reuse. Also the time from
starting the process to its printing the address.

    cargo build --release && python3 bench/write_latency.py [--bin target/release/amends]
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from batch import draft  # noqa: E402


def ask(url, port, text):
    body = json.dumps({"text": text, "stamp": None}).encode()
    request = urllib.request.Request(
        url + "api/check",
        data=body,
        headers={"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request) as answer:
        findings = len(json.load(answer)["findings"])
    return time.perf_counter() - started, findings


def edits(text, rng, runs):
    """`text` with one character typed at a random place, `runs` times over."""
    for _ in range(runs):
        at = rng.randrange(len(text))
        text = text[:at] + "e" + text[at:]
        yield text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/release/amends")
    parser.add_argument("--runs", type=int, default=41)
    args = parser.parse_args()
    rng = random.Random(11)
    letter = ""
    while len(letter) < 3000:
        letter += draft(rng) + "\n\n"
    big = ""
    while len(big) < 1_000_000:
        big += draft(rng) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [os.path.abspath(args.bin), "write", "--no-open", "--no-user-config"],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        first = proc.stdout.readline()
        ready = time.perf_counter() - started
        url = next(w for w in first.split() if w.startswith("http://"))
        port = int(url.split(":")[2].split("/")[0])
        try:
            print(f"start to address printed: {ready * 1000:.0f} ms")
            for name, text, runs in (("3 KB letter", letter, args.runs), ("1 MB document", big, 9)):
                took, findings = ask(url, port, text)
                times = [ask(url, port, t)[0] for t in edits(text, rng, runs)]
                times.sort()
                p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
                print(
                    f"{name} ({findings} findings): first check {took * 1000:.1f} ms; "
                    f"after a one-character edit, median {statistics.median(times) * 1000:.1f} ms, "
                    f"p99 {p99 * 1000:.1f} ms"
                )
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
