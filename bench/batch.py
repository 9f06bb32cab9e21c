#!/usr/bin/env python3
"""Files per second for `amends check` over a folder of generated drafts.

Generates N letter-length drafts (default 10,000) deterministically from the sentences
below, then times `amends check --format short` over the folder with one job and with
one job per core, three runs each, and prints the medians.

    cargo build --release && python3 bench/batch.py [--drafts N] [--bin target/release/amends]
"""

import argparse
import os
import random
import statistics
import subprocess
import tempfile
import time

OPENINGS = [
    "Dear Sam,",
    "Hi Robin,",
    "Jo,",
    "Dear Alex,",
]
SENTENCES = [
    "I have been thinking about the night I left without a word.",
    "I was wrong to read your messages, and I know it broke something between us.",
    "I think I lied because I was afraid that the truth would make you leave.",
    "That fear was mine to deal with, and I put it on you instead.",
    "I have started seeing a counsellor, and I am learning to say what I feel.",
    "You deserved honesty from me, and I did not give it.",
    "I'm sorry if you were hurt by what I said at dinner.",
    "Honestly, you made me do it when you ignored me all week.",
    "If you don't answer by Friday, we're done.",
    "I can't eat, I can't sleep, I am nothing without you.",
    "I remember the look on your face when you found the receipts in my coat.",
    "There is no hurry, and you owe me nothing, not even a reply.",
    "If you are ever willing to talk, I would love to hear from you.",
    "I am going to pay back the money I borrowed, starting this month.",
    "I know sorry doesn't undo it, but I am sorry.",
    "Why haven't you answered me yet?",
]
CLOSINGS = ["Take care,\nAlex", "Love,\nJamie", "Yours,\nChris", "Alex"]


def draft(rng: random.Random, sentences=SENTENCES) -> str:
    paragraphs = [rng.choice(OPENINGS)]
    for _ in range(rng.randint(3, 6)):
        paragraphs.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5))))
    paragraphs.append(rng.choice(CLOSINGS))
    return "\n\n".join(paragraphs) + "\n"


def generate(folder: str, count: int) -> int:
    rng = random.Random(20261128)
    total = 0
    for i in range(count):
        sub = os.path.join(folder, f"batch{i // 500:03d}")
        os.makedirs(sub, exist_ok=True)
        text = draft(rng)
        total += len(text.encode())
        with open(os.path.join(sub, f"{i:05d}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
    return total


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--bin", default="target/release/amends")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        size = generate(folder, args.drafts)
        print(f"{args.drafts} drafts, {size / 1e6:.1f} MB, machine: {os.cpu_count()} cores")
        for jobs in sorted({1, os.cpu_count() or 1}):
            cmd = [args.bin, "check", "--no-user-config", "--format", "short", "-j", str(jobs), folder]
            times = [timed(cmd) for _ in range(args.runs)]
            median = statistics.median(times)
            print(f"-j {jobs}: median {median:.2f} s over {args.runs} runs, {args.drafts / median:,.0f} files/s")


if __name__ == "__main__":
    main()
