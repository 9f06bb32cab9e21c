#!/usr/bin/env python3
"""The experiment of bench/classifier-experiment.py, on letters: sentence-rule precision and
recall on labelled letter folders (the shared corpus format) for the phrases (amends), the
classifier (one decision per sentence) and their union. Prints totals only, so it may be
run on a blind set. A finding counts as right when it overlaps a labelled quote of its rule.

    python3 bench/classifier-letters.py ../shared/corpus/dev tests/corpus ...
"""
import importlib.util, json, os, re, subprocess, sys, glob, collections
import numpy as np
spec = importlib.util.spec_from_file_location(
    "clf", os.path.join(os.path.dirname(os.path.abspath(__file__)), "classifier-experiment.py"))
clf = importlib.util.module_from_spec(spec); spec.loader.exec_module(clf)
from sklearn.model_selection import StratifiedKFold

bank = clf.load_dir(clf.BANK, "bank")
dev = [i for i in bank if i["split"] == "dev"]
extra = []
for d in sorted(glob.glob(os.path.join(clf.BRAIN, "*"))):
    if os.path.isdir(d):
        extra += clf.load_dir(d, os.path.basename(d))
rules = sorted({i["rule"] for i in bank})
for i in dev + extra:
    i["norm"] = clf.normalise(i["text"])
C = 10.0
skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
strata = np.array([rules.index(i["rule"]) * 2 + i["pos"] for i in dev])
folds = list(skf.split(np.zeros(len(dev)), strata))
dn = [i["norm"] for i in dev]; en = [i["norm"] for i in extra]
models = {}
for r in rules:
    yd = np.array([i["rule"] == r and i["pos"] for i in dev], dtype=int)
    ye = np.array([i["rule"] == r and i["pos"] for i in extra], dtype=int)
    oof = np.zeros(len(dev))
    for tr, va in folds:
        oof[va], _, _ = clf.fit_predict([dn[k] for k in tr] + en, np.concatenate([yd[tr], ye]), [dn[k] for k in va], C)
    near = np.array([i["rule"] == r and not i["pos"] for i in dev])
    t = clf.threshold_for(oof[near])
    _, vec, m = clf.fit_predict(dn + en, np.concatenate([yd, ye]), ["x"], C)
    models[r] = (vec, m, t)

def sentences(text):
    out = []
    for m in re.finditer(r"[^.!?\n]+[.!?]*", text):
        s = m.group(0)
        if len(s.split()) >= 3:
            out.append((m.start(), m.end(), s))
    return out

def score(folder):
    tot = collections.Counter()
    for jf in sorted(glob.glob(os.path.join(folder, "*.json"))):
        stem = jf[:-5]
        tf = next((stem + e for e in (".txt", ".md") if os.path.exists(stem + e)), None)
        if not tf: continue
        text = open(tf, encoding="utf-8").read()
        lab = json.load(open(jf))
        spans = collections.defaultdict(list)
        for e in lab.get("expect", []):
            if e["rule"] in rules:
                k = text.find(e["quote"])
                if k >= 0: spans[e["rule"]].append((k, k + len(e["quote"])))
        sents = sentences(text)
        # classifier findings: (rule, start, end)
        cf = []
        for r in rules:
            vec, m, t = models[r]
            if not sents: continue
            sc = m.decision_function(vec.transform([clf.normalise(s) for _, _, s in sents]))
            cf += [(r, a, b) for (a, b, _), x in zip(sents, sc) if x >= t]
        # phrase findings from amends (byte offsets -> use line/col to find? use 'span' if present)
        p = subprocess.run([clf.BIN, "check", "--no-user-config", "--format", "json", tf], capture_output=True, text=True)
        pf = []
        b = text.encode("utf-8")
        for f in json.loads(p.stdout)["files"][0]["findings"]:
            if f["rule"] not in rules: continue
            s, e = f.get("span", {}).get("start"), f.get("span", {}).get("end")
            if s is None:
                continue
            pf.append((f["rule"], len(b[:s].decode("utf-8", "ignore")), len(b[:e].decode("utf-8", "ignore"))))
        for name, fs in (("phr", pf), ("clf", cf), ("uni", pf + cf)):
            hit = set()
            for r, a, e in fs:
                ov = [k for k, (qa, qe) in enumerate(spans[r]) if a < qe and qa < e]
                if ov: hit.update((r, k) for k in ov); tot[name + "_tpf"] += 1
                else: tot[name + "_fp"] += 1
            tot[name + "_tp"] += len(hit)
        tot["expect"] += sum(len(v) for v in spans.values())
    out = []
    for name in ("phr", "clf", "uni"):
        found = tot[name + "_tpf"] + tot[name + "_fp"]
        out.append(f"{name}: P {tot[name+'_tpf']/max(found,1):.2f} R {tot[name+'_tp']/max(tot['expect'],1):.2f} (findings {found}, false {tot[name+'_fp']})")
    print(f"{os.path.basename(folder.rstrip('/')):10} expect {tot['expect']:4}  " + "  |  ".join(out))

for f in sys.argv[1:]:
    score(f)
