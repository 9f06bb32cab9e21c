#!/usr/bin/env python3
"""amends' sentence findings scored against two readers' labels of the same letters: the
writer's alone, and either reader's (a finding is right when either marked its words with
its rule). How far the two readers agree with each other is `bench/label-agreement`'s.
Numbers only; nothing is tuned on it.

    python3 bench/two-readers.py target/release/amends tests/validation/fresh12 \
        tests/validation/second-reader/fresh12
"""
import json, os, subprocess, sys

# The sentence rules: document rules and `self-harm` are not judged sentence by sentence.
SENT = {"blame-shifting", "conditional-apology", "counter-accusation", "excuse", "guilt-trip", "minimizing",
        "negotiating-amends", "pathos", "pressure", "rushing-reconciliation", "ultimatum-threat"}


def spans(label_path, raw):
    out = []
    for e in json.load(open(label_path))["expect"]:
        start = raw.find(e["quote"].encode())
        if e["rule"] in SENT and start >= 0:
            out.append((e["rule"], start, start + len(e["quote"].encode())))
    return out


def hit(x, ys):
    r, s, e = x
    return any(yr == r and s < ye and ys_ < e for yr, ys_, ye in ys)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: bench/two-readers.py BIN LETTERS SECOND_READER")
    bin_, letters, second = sys.argv[1:]
    names = sorted(f[:-4] for f in os.listdir(letters)
                   if f.endswith(".txt") and os.path.exists(os.path.join(second, f[:-4] + ".json")))
    paths = [os.path.join(letters, n + ".txt") for n in names]
    report = subprocess.run([bin_, "check", "--no-user-config", "--format", "json", *paths],
                            capture_output=True, text=True).stdout
    found_in = {os.path.normpath(f["path"]): f["findings"] for f in json.loads(report)["files"]}
    found = right_writer = right_either = labels = labels_found = 0
    for n, p in zip(names, paths):
        raw = open(p, "rb").read()
        writer = spans(os.path.join(letters, n + ".json"), raw)
        either = writer + spans(os.path.join(second, n + ".json"), raw)
        findings = [(f["rule"], f["span"]["start"], f["span"]["end"])
                    for f in found_in[os.path.normpath(p)] if f["rule"] in SENT]
        found += len(findings)
        right_writer += sum(hit(f, writer) for f in findings)
        right_either += sum(hit(f, either) for f in findings)
        labels += len(writer)
        labels_found += sum(hit(x, findings) for x in writer)
    print(f"{letters}: {len(names)} letters, {found} sentence findings: precision against the writer's labels "
          f"{right_writer / max(1, found):.3f}, against either reader's {right_either / max(1, found):.3f}; "
          f"recall of the writer's labels {labels_found / max(1, labels):.3f}")


if __name__ == "__main__":
    main()
