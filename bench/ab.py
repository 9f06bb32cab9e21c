#!/usr/bin/env python3
"""Two builds of amends side by side on `bench/targets.py`'s 3 KB letter and 200 drafts:
whole-process wall time, the two run alternately so the machine's drift touches both alike.

    cp target/release/amends /tmp/amends-old   # before the change
    cargo build --release && python3 bench/ab.py /tmp/amends-old target/release/amends
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from targets import write_texts  # noqa: E402  (the same texts as the targets)

RUNS = int(os.environ.get("RUNS", "15"))


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: bench/ab.py OLD_BINARY NEW_BINARY")
    binaries = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        folder, _, _, letter, _ = write_texts(tmp)
        for name, target in (("3 KB letter", letter), ("200 drafts", folder)):
            times = {b: [] for b in binaries}
            for _ in range(RUNS):
                for b in binaries:
                    start = time.perf_counter()
                    subprocess.run([b, "check", "--no-user-config", "--format", "short", target],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    times[b].append(time.perf_counter() - start)
            medians = "  vs  ".join(f"{statistics.median(times[b]) * 1e3:.1f} ms" for b in binaries)
            print(f"{name}: {medians}  (median of {RUNS}, {binaries[0]} vs {binaries[1]})")


if __name__ == "__main__":
    main()
