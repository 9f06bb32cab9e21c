#!/usr/bin/env python3
"""Two readers of the same letters: the first writer's labels against a second reader's
(how far two careful people agree), and amends scored against each and against either.
Numbers only; nothing is tuned on it.

    python3 bench/two-readers.py target/release/amends tests/validation/fresh12 \
        tests/validation/second-reader/fresh12
"""
import json, os, subprocess, sys, collections
SENT = {"blame-shifting", "conditional-apology", "counter-accusation", "excuse", "guilt-trip", "minimizing",
        "negotiating-amends", "pathos", "pressure", "rushing-reconciliation", "ultimatum-threat"}
bin_, d, d2 = sys.argv[1:4]
names = sorted(f[:-4] for f in os.listdir(d) if f.endswith(".txt") and os.path.exists(os.path.join(d2, f[:-4] + ".json")))
paths = [os.path.join(d, n + ".txt") for n in names]
rep = json.loads(subprocess.run([bin_, "check", "--no-user-config", "--format", "json", *paths], capture_output=True, text=True).stdout)
by = {os.path.normpath(f["path"]): f["findings"] for f in rep["files"]}

def spans(path, raw):
    out = []
    for e in json.load(open(path))["expect"]:
        if e["rule"] not in SENT: continue
        q = e["quote"].encode(); i = raw.find(q)
        if i >= 0: out.append((e["rule"], i, i + len(q)))
    return out

def hit(x, ys, same_rule=True):
    r, s, e = x
    return any((not same_rule or yr == r) and s < ye and ys_ < e for yr, ys_, ye in ys)

c = collections.Counter()
per = collections.defaultdict(collections.Counter)
for n, p in zip(names, paths):
    raw = open(p, "rb").read()
    a = spans(os.path.join(d, n + ".json"), raw)
    b = spans(os.path.join(d2, n + ".json"), raw)
    f = [(x["rule"], x["span"]["start"], x["span"]["end"]) for x in by[os.path.normpath(p)] if x["rule"] in SENT]
    c["first"] += len(a); c["second"] += len(b); c["found"] += len(f)
    c["first_in_second"] += sum(hit(x, b) for x in a)
    c["second_in_first"] += sum(hit(x, a) for x in b)
    c["f_first"] += sum(hit(x, a) for x in f)
    c["f_either"] += sum(hit(x, a + b) for x in f)
    c["first_found"] += sum(hit(x, f) for x in a)
    c["second_found"] += sum(hit(x, f) for x in b)
    for x in a: per[x[0]]["first"] += 1; per[x[0]]["agree"] += hit(x, b)
    for x in b: per[x[0]]["second"] += 1
print(f"{d}: {len(names)} letters; sentence labels: first writer {c['first']}, second reader {c['second']}")
print(f"  agreement: {c['first_in_second']}/{c['first']} of the writer's labels also marked by the second reader ({c['first_in_second']/max(1,c['first']):.2f}); "
      f"{c['second_in_first']}/{c['second']} of the second reader's marked by the writer ({c['second_in_first']/max(1,c['second']):.2f})")
print(f"  the second reader scored against the writer's labels as if a checker: precision {c['second_in_first']/max(1,c['second']):.3f}, recall {c['first_in_second']/max(1,c['first']):.3f}")
print(f"  amends ({c['found']} sentence findings): precision vs the writer {c['f_first']/max(1,c['found']):.3f}, vs either reader {c['f_either']/max(1,c['found']):.3f}; "
      f"recall of the writer's labels {c['first_found']/max(1,c['first']):.3f}, of the second reader's {c['second_found']/max(1,c['second']):.3f}")
print("  per rule, writer's labels also marked by the second reader: " + ", ".join(f"{r} {v['agree']}/{v['first']} (second marked {v['second']})" for r, v in sorted(per.items())))
