#!/usr/bin/env python3
"""An experiment, not part of amends: a learned signal beside the phrases, one sparse logistic
regression per sentence rule, on the engine's own canonical tokens (with --write, saved as a
TOML weight file). Its result (docs/accuracy.md, fourth session) was not to ship it: on
held-out letter sets, the sentences it adds beyond the phrases are right about a third of
the time.

Features are binary: each canonical token of a sentence (unigram) and each adjacent token pair
(bigram "a b", one space), exactly as `target/release/examples/sentences` prints them
(punctuation already left out), so the engine can score a sentence with a table lookup:
score = bias + sum of the weights of the features present; flagged when score >= threshold.

Training data (nothing else is read):
  * the phrasing bank's dev lines (tests/bank; the test split is only scored, once, as totals),
  * tests/bank-extra (all of it, minus exact duplicates of bank test lines),
  * the sentences of the labelled letter sets (shared corpus format): a sentence is a positive
    for rule R when it overlaps a quote labelled R, otherwise a negative for R (weighted up:
    unlabelled letter sentences are where false alarms come from).

Modes
    python3 bench/train-model.py --experiment [--results FILE]
        leave-one-letter-set-out: for each of the six letter sets, train on the bank + the other
        five, pick thresholds on the training data only (inner CV), score the held-out set at
        sentence level: phrases alone vs phrases OR model. Prints tables (totals only).
    python3 bench/train-model.py --bank-test
        trains the chosen configuration on everything allowed and scores the bank test split
        once: recall per rule and near-miss rate (phrases, model, union). Numbers only.
    python3 bench/train-model.py --write --out FILE
        trains the chosen configuration on everything allowed and writes the model file, then
        re-reads it with tomllib and checks that scoring from the file equals scoring in memory.
Without --write nothing is written.

Needs: pip install scikit-learn numpy; the release binaries (cargo build --release --examples).
"""
import argparse, collections, importlib.util, glob, hashlib, json, os, subprocess, sys, tempfile, time, tomllib
import warnings
import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

warnings.filterwarnings("ignore", category=FutureWarning)
warnings.filterwarnings("ignore", category=UserWarning)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BANK = os.path.join(ROOT, "tests", "bank")
EXTRA = os.path.join(ROOT, "tests", "bank-extra")
AMENDS = os.environ.get("AMENDS_BIN", os.path.join(ROOT, "target", "release", "amends"))
SENTENCES = os.environ.get("SENTENCES_BIN", os.path.join(ROOT, "target", "release", "examples", "sentences"))
LETTER_SETS = [
    ("shared-dev", os.path.join(ROOT, "..", "shared", "corpus", "dev")),
    ("corpus", os.path.join(ROOT, "tests", "corpus")),
    ("corpus2", os.path.join(ROOT, "tests", "corpus2")),
    ("corpus3", os.path.join(ROOT, "tests", "corpus3")),
    ("corpus4", os.path.join(ROOT, "tests", "corpus4")),
    ("fresh2", os.path.join(ROOT, "tests", "letters", "fresh2")),
]
RULES = ["blame-shifting", "conditional-apology", "counter-accusation", "excuse", "guilt-trip",
         "minimizing", "negotiating-amends", "pathos", "pressure", "rushing-reconciliation",
         "ultimatum-threat"]

# The shipped configuration (chosen by --experiment; see /work/experiments/model-results.md).
CHOSEN = dict(C=0.5, letter_weight=5.0, ngrams="uni+bi", fa_rate=1 / 2000, near_rate=0.03, min_pos=1)


# ---------------------------------------------------------------- data
# The bank's dev/test split and its file layout, shared with the first experiment.
_spec = importlib.util.spec_from_file_location(
    "classifier_experiment", os.path.join(os.path.dirname(os.path.abspath(__file__)), "classifier-experiment.py"))
_clf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_clf)
split_of = _clf.split_of


def load_bank_dir(root, source):
    return [i for i in _clf.load_dir(root, "bank" if source == "bank" else "extra") if i["rule"] in RULES]


def tokenize_lines(texts):
    """Canonical tokens of each text, via the engine (`sentences --lines`)."""
    p = subprocess.run([SENTENCES, "--lines"], input="".join(t.replace("\n", " ") + "\n" for t in texts),
                       capture_output=True, text=True, check=True)
    out = [json.loads(l)["tokens"] for l in p.stdout.splitlines()]
    assert len(out) == len(texts)
    return out


def byte_span(text, quote):
    k = text.find(quote)
    if k < 0:
        return None
    a = len(text[:k].encode("utf-8"))
    return (a, a + len(quote.encode("utf-8")))


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def check_json(args):
    """`amends check --format json` on `args` (files, or options then files), read."""
    p = subprocess.run([AMENDS, "check", "--no-user-config", "--format", "json"] + args,
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"amends exited {p.returncode}: {p.stderr[:300]}")
    return json.loads(p.stdout)


def load_letter_set(name, folder):
    """Sentences (with tokens, labels and phrase decisions) and quotes of one letter set."""
    files = []
    for jf in sorted(glob.glob(os.path.join(folder, "*.json"))):
        tf = letter_file(jf)
        if tf:
            files.append((tf, json.load(open(jf, encoding="utf-8"))))
    paths = [tf for tf, _ in files]
    p = subprocess.run([SENTENCES] + paths, capture_output=True, text=True, check=True)
    by_file = collections.defaultdict(list)
    for l in p.stdout.splitlines():
        d = json.loads(l)
        by_file[d["file"]].append(d)
    phr = collections.defaultdict(list)
    for f in check_json(paths)["files"]:
        for fd in f["findings"]:
            if fd["rule"] in RULES and "span" in fd:
                phr[f["path"]].append((fd["rule"], (fd["span"]["start"], fd["span"]["end"])))
    sents, quotes = [], []
    for tf, lab in files:
        text = open(tf, encoding="utf-8").read()
        qs = []
        for e in lab.get("expect", []):
            if e["rule"] in RULES:
                sp_ = byte_span(text, e["quote"])
                if sp_:
                    qs.append((e["rule"], sp_))
        quotes += [(tf, r, s) for r, s in qs]
        for d in by_file[tf]:
            span = (d["start"], d["end"])
            sents.append(dict(file=tf, span=span, tokens=d["tokens"],
                              labels={r for r, s in qs if overlaps(s, span)},
                              phrases={r for r, s in phr[tf] if overlaps(s, span)}))
    return dict(name=name, sents=sents, quotes=quotes, words=sum(len(s["tokens"]) for s in sents))


# ---------------------------------------------------------------- features and model
def features(tokens, ngrams):
    f = set()
    if ngrams in ("uni+bi", "uni"):
        f.update(tokens)
    if ngrams in ("uni+bi", "bi"):
        f.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]))
    return f


class Featurizer:
    def __init__(self, token_lists, ngrams):
        self.ngrams, self.vocab = ngrams, {}
        for t in token_lists:
            for f in features(t, ngrams):
                self.vocab.setdefault(f, len(self.vocab))
        self.names = [None] * len(self.vocab)
        for f, i in self.vocab.items():
            self.names[i] = f

    def matrix(self, token_lists):
        rows, cols = [], []
        for r, t in enumerate(token_lists):
            for f in features(t, self.ngrams):
                j = self.vocab.get(f)
                if j is not None:
                    rows.append(r); cols.append(j)
        return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(token_lists), len(self.vocab)))


def fit(X, y, w, C):
    """Sparse (L1) logistic regression, classes balanced; returns (coef, bias)."""
    if y.sum() == 0:
        return np.zeros(X.shape[1]), -10.0
    w = w * np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    # liblinear converges in 15-25 iterations on this data; a fit that does not has, by the
    # 50th, stalled beside its optimum (one blame-shifting fold: scores at 50, 100 and 200
    # iterations agree to 1e-5) while each further iteration costs a second, which made a
    # retrain take 4 or 23 minutes depending on the data. 50 is the time budget.
    m = LogisticRegression(penalty="l1", C=C, solver="liblinear", max_iter=50, random_state=0)
    m.fit(X, y, sample_weight=w)
    return m.coef_[0].copy(), float(m.intercept_[0])


def score(X, coef, bias, min_pos):
    s = X @ coef + bias
    if min_pos > 1:
        npos = X @ (coef > 0).astype(float)
        s = np.where(npos >= min_pos, s, -np.inf)
    return s


def threshold(scores, neg_letter, near, fa_rate, near_rate):
    """Lowest threshold that flags at most fa_rate of the letter negatives and near_rate of the
    bank near misses (out-of-fold scores)."""
    t = -np.inf
    for mask, rate in ((neg_letter, fa_rate), (near, near_rate)):
        s = np.sort(scores[mask])[::-1]
        s = s[np.isfinite(s)]
        k = int(np.floor(rate * mask.sum()))
        if k < len(s):
            t = max(t, s[k] + 1e-9)
    return t


def inner_folds(groups, k=5, seed=0):
    """Folds by group (a letter file, or a single bank line)."""
    uniq = np.unique(groups)
    rng = np.random.RandomState(seed)
    fold_of = dict(zip(uniq, rng.permutation(len(uniq)) % k))
    f = np.array([fold_of[g] for g in groups])
    return [(np.where(f != i)[0], np.where(f == i)[0]) for i in range(k)]


def out_of_fold(X, y, w, groups, cfg, seed=0):
    """Each row's score from a model fitted on the folds without it (folds drawn with `seed`)."""
    oof = np.zeros(X.shape[0])
    for tr, va in inner_folds(groups, seed=seed):
        c, b = fit(X[tr], y[tr], w[tr], cfg["C"])
        oof[va] = score(X[va], c, b, cfg["min_pos"])
    return oof


def letter_file(label):
    """The letter beside the label file `label` (`NAME.json`): NAME.txt or NAME.md, or None."""
    stem = label[:-5]
    return next((stem + e for e in (".txt", ".md") if os.path.exists(stem + e)), None)


def train_rule(X, y, w, groups, is_letter, near, cfg, fa_rates):
    """Fit on all rows; thresholds (one per fa_rate) from inner CV on the same rows."""
    oof = out_of_fold(X, y, w, groups, cfg)
    neg_letter = is_letter & (y == 0)
    ts = {fr: threshold(oof, neg_letter, near, fr, cfg["near_rate"]) for fr in fa_rates}
    coef, bias = fit(X, y, w, cfg["C"])
    return coef, bias, ts


class Data:
    """Everything tokenized once; rows of one matrix per n-gram setting."""

    def __init__(self):
        bank = load_bank_dir(BANK, "bank")
        self.test = [i for i in bank if i["split"] == "test"]
        test_texts = {i["text"] for i in self.test}
        extra = []
        for d in sorted(glob.glob(os.path.join(EXTRA, "*"))):
            if os.path.isdir(d):
                extra += load_bank_dir(d, "extra")
        extra = [i for i in extra if i["text"] not in test_texts]
        self.lines = [i for i in bank if i["split"] == "dev"] + extra
        toks = tokenize_lines([i["text"] for i in self.lines] + [i["text"] for i in self.test])
        for i, t in zip(self.lines + self.test, toks):
            i["tokens"] = t
        self.sets = [load_letter_set(n, f) for n, f in LETTER_SETS]
        self.feat = {}

    def rows(self, sets):
        """Training rows: bank dev + extra lines, then the sentences of the given letter sets."""
        items, groups = [], []
        for k, i in enumerate(self.lines):
            items.append(("line", i)); groups.append(f"line{k}")
        for s in sets:
            for i in s["sents"]:
                items.append(("letter", i)); groups.append(i["file"])
        return items, np.array(groups)

    def featurizer(self, ngrams):
        if ngrams not in self.feat:
            allt = [i["tokens"] for i in self.lines] + [i["tokens"] for s in self.sets for i in s["sents"]]
            self.feat[ngrams] = Featurizer(allt, ngrams)  # vocabulary only; unseen features get weight 0
        return self.feat[ngrams]


def labels(items, rule):
    y = np.array([(i["rule"] == rule and i["pos"]) if kind == "line" else (rule in i["labels"])
                  for kind, i in items], dtype=int)
    is_letter = np.array([kind == "letter" for kind, _ in items])
    near = np.array([kind == "line" and i["rule"] == rule and not i["pos"] for kind, i in items])
    return y, is_letter, near


def train_all(data, sets, cfg, fa_rates):
    items, groups = data.rows(sets)
    fz = data.featurizer(cfg["ngrams"])
    X = fz.matrix([i["tokens"] for _, i in items])
    models = {}
    for r in RULES:
        y, is_letter, near = labels(items, r)
        w = np.where(is_letter & (y == 0), cfg["letter_weight"], 1.0)
        models[r] = train_rule(X, y, w, groups, is_letter, near, cfg, fa_rates)
    return fz, models


# ---------------------------------------------------------------- letter evaluation
def evaluate(sets_scored, flags_key):
    """Per rule counts over held-out letter sets. sets_scored: list of (set, {rule: bool array})
    of model flags per sentence; flags_key: 'phr' (phrases alone), 'mod' (model), 'uni' (union)."""
    c = collections.defaultdict(collections.Counter)
    for s, mflags in sets_scored:
        for r in RULES:
            flagged = [(i["span"], i["file"]) for k, i in enumerate(s["sents"])
                       if (flags_key != "mod" and r in i["phrases"]) or (flags_key != "phr" and mflags[r][k])]
            for k, i in enumerate(s["sents"]):
                f = (flags_key != "mod" and r in i["phrases"]) or (flags_key != "phr" and mflags[r][k])
                if f:
                    c[r]["flag"] += 1
                    c[r]["right"] += r in i["labels"]
                    c[r]["fa_unlab"] += not i["labels"]
            for tf, qr, qs in s["quotes"]:
                if qr == r:
                    c[r]["quotes"] += 1
                    c[r]["found"] += any(f == tf and overlaps(span, qs) for span, f in flagged)
    return c


def pr(c):
    return (c["right"] / c["flag"] if c["flag"] else 1.0), (c["found"] / c["quotes"] if c["quotes"] else 1.0)


def micro(c):
    t = collections.Counter()
    for r in RULES:
        t.update(c[r])
    return t


def loso(data, cfg, fa_rates, log):
    """Leave-one-letter-set-out; returns {fa_rate: [(set, flags)]}."""
    out = collections.defaultdict(list)
    for k, held in enumerate(data.sets):
        t0 = time.time()
        train_sets = [s for j, s in enumerate(data.sets) if j != k]
        fz, models = train_all(data, train_sets, cfg, fa_rates)
        X = fz.matrix([i["tokens"] for i in held["sents"]])
        for fr in fa_rates:
            flags = {}
            for r in RULES:
                coef, bias, ts = models[r]
                flags[r] = score(X, coef, bias, cfg["min_pos"]) >= ts[fr]
            out[fr].append((held, flags))
        log(f"    held out {held['name']}: {time.time() - t0:.0f}s")
    return out


def summary_line(res, words):
    ph, mo, un = (micro(evaluate(res, k)) for k in ("phr", "mod", "uni"))
    added = un["flag"] - ph["flag"]
    added_right = un["right"] - ph["right"]
    return (ph, un, mo, added, added_right,
            f"phr P {pr(ph)[0]:.3f} R {pr(ph)[1]:.3f} | union P {pr(un)[0]:.3f} R {pr(un)[1]:.3f}"
            f" | model P {pr(mo)[0]:.3f} R {pr(mo)[1]:.3f} | union adds {added} flags ({added_right} right)"
            f" | union false alarms {un['flag'] - un['right']} ({1000 * (un['flag'] - un['right']) / words:.2f}/1000 words)")


# ---------------------------------------------------------------- bank test (once)
def run_amends_lines(texts):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bank.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n\n".join(t.replace("\n", " ") for t in texts) + "\n")
        out = check_json([path])
    at = collections.defaultdict(set)
    for fd in out["files"][0]["findings"]:
        at[fd["start"]["line"]].add(fd["rule"])
    return [at.get(2 * n + 1, set()) for n in range(len(texts))]


def bank_test(data, cfg, log):
    fz, models = train_all(data, data.sets, cfg, [cfg["fa_rate"]])
    X = fz.matrix([i["tokens"] for i in data.test])
    phr = run_amends_lines([i["text"] for i in data.test])
    log("| rule | positives | phrases R | model R | union R | near misses | phrases near | model near | union near |")
    log("|---|---|---|---|---|---|---|---|---|")
    tot = collections.Counter()
    for r in RULES:
        coef, bias, ts = models[r]
        m = score(X, coef, bias, cfg["min_pos"]) >= ts[cfg["fa_rate"]]
        c = collections.Counter()
        for i, f, ph in zip(data.test, m, phr):
            if i["rule"] != r:
                continue
            kind = "pos" if i["pos"] else "near"
            c[kind] += 1
            c[kind + "_phr"] += r in ph
            c[kind + "_mod"] += bool(f)
            c[kind + "_uni"] += bool(f) or r in ph
        tot.update(c)
        log(f"| {r} | {c['pos']} | " + " | ".join(f"{c['pos_' + k] / c['pos']:.2f}" for k in ("phr", "mod", "uni"))
            + f" | {c['near']} | " + " | ".join(f"{100 * c['near_' + k] / max(c['near'], 1):.1f}%" for k in ("phr", "mod", "uni")) + " |")
    c = tot
    log(f"| **all** | {c['pos']} | " + " | ".join(f"**{c['pos_' + k] / c['pos']:.3f}**" for k in ("phr", "mod", "uni"))
        + f" | {c['near']} | " + " | ".join(f"{100 * c['near_' + k] / c['near']:.1f}%" for k in ("phr", "mod", "uni")) + " |")


# ---------------------------------------------------------------- model file
def write_model(data, cfg, path, log):
    fz, models = train_all(data, data.sets, cfg, [cfg["fa_rate"]])
    lines = ["# generated by bench/train-model.py; do not edit by hand",
             f"# config: {json.dumps(cfg)}", ""]
    rounded = {}
    for r in RULES:
        coef, bias, ts = models[r]
        nz = [(fz.names[j], round(float(coef[j]), 3)) for j in np.nonzero(coef)[0]]
        nz = [(f, v) for f, v in nz if v != 0.0]
        nz.sort(key=lambda fv: -abs(fv[1]))
        b, t = round(bias, 3), round(float(ts[cfg["fa_rate"]]), 3)
        rounded[r] = (b, t, dict(nz))
        lines.append(f"[{r}]")
        lines.append(f"bias = {b}")
        lines.append(f"threshold = {t}")
        if cfg["min_pos"] > 1:
            lines.append(f"min_features = {cfg['min_pos']}")
        lines.append("weights = { " + ", ".join(f"{json.dumps(f)} = {v}" for f, v in nz) + " }")
        lines.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    # Read back and compare scoring from the file with scoring in memory on 200 sentences.
    with open(path, "rb") as f:
        back = tomllib.load(f)
    sample = ([i["tokens"] for i in data.lines[::max(1, len(data.lines) // 100)]][:100]
              + [i["tokens"] for s in data.sets for i in s["sents"]][::11][:100])
    bad = 0
    for r in RULES:
        b, t, w = rounded[r]
        for toks in sample:
            feats = features(toks, cfg["ngrams"])
            mem = b + sum(w.get(f, 0.0) for f in feats)
            fil = back[r]["bias"] + sum(back[r]["weights"].get(f, 0.0) for f in feats)
            bad += abs(mem - fil) > 1e-9 or (mem >= t) != (fil >= back[r]["threshold"])
    log(f"wrote {path}: {os.path.getsize(path)} bytes, "
        f"{sum(len(back[r]['weights']) for r in RULES)} weights; read-back check on {len(sample)} sentences x "
        f"{len(RULES)} rules: {'OK' if bad == 0 else f'{bad} MISMATCHES'}")
    if bad:
        sys.exit(1)


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--experiment", action="store_true")
    ap.add_argument("--bank-test", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--out", help="where --write puts the model (required with --write)")
    ap.add_argument("--all-configs", action="store_true", help="with --experiment: all five configurations")
    ap.add_argument("--results")
    a = ap.parse_args()
    if a.write and not a.out:
        ap.error("--write needs --out FILE: where to put the model")
    logged = []

    def log(*x):
        s = " ".join(str(v) for v in x)
        print(s, flush=True)
        logged.append(s)

    data = Data()
    log(f"training lines (bank dev + extra): {len(data.lines)}; letter sets: "
        + ", ".join(f"{s['name']} {len(s['sents'])} sentences/{len(s['quotes'])} quotes" for s in data.sets))
    words = sum(s["words"] for s in data.sets)
    fa_rates = [1 / 100, 1 / 300, 1 / 1000, 1 / 2000, 1 / 5000, 0.0]

    if a.experiment:
        configs = [
            ("L1 C=0.5, letters x5", dict(CHOSEN)),
            ("L1 C=0.5, letters x5, bigrams only", dict(CHOSEN, ngrams="bi")),
        ] if not a.all_configs else [
            ("L1 C=0.5, letters x1", dict(CHOSEN, letter_weight=1.0)),
            ("L1 C=0.5, letters x5", dict(CHOSEN)),
            ("L1 C=0.5, letters x5, >=2 positive features", dict(CHOSEN, min_pos=2)),
            ("L1 C=2, letters x5", dict(CHOSEN, C=2.0)),
            ("L1 C=0.5, letters x5, bigrams only", dict(CHOSEN, ngrams="bi")),
        ]
        for name, cfg in configs:
            log(f"\n## {name}  {json.dumps(cfg)}")
            res = loso(data, cfg, fa_rates, log)
            log("| letter FP budget (CV) | phrases P | phrases R | union P | union R | model P | model R | added flags (right) | union false alarms /1000 words |")
            log("|---|---|---|---|---|---|---|---|---|")
            for fr in fa_rates:
                ph, un, mo, added, ar, _ = summary_line(res[fr], words)
                log(f"| {'1/' + str(round(1 / fr)) if fr else '0'} | {pr(ph)[0]:.3f} | {pr(ph)[1]:.3f} | {pr(un)[0]:.3f} | {pr(un)[1]:.3f}"
                    f" | {pr(mo)[0]:.3f} | {pr(mo)[1]:.3f} | {added} ({ar}) | {1000 * (un['flag'] - un['right']) / words:.2f} |")
            if cfg == CHOSEN:
                chosen_res = res[CHOSEN["fa_rate"]]
        log("\n## chosen configuration, per rule (pooled over the six held-out sets)")
        cp, cu = evaluate(chosen_res, "phr"), evaluate(chosen_res, "uni")
        log("| rule | quotes | phrases P | phrases R | union P | union R | added flags (right) |")
        log("|---|---|---|---|---|---|---|")
        for r in RULES + ["micro"]:
            p_, u_ = (micro(cp), micro(cu)) if r == "micro" else (cp[r], cu[r])
            log(f"| {r} | {p_['quotes']} | {pr(p_)[0]:.3f} | {pr(p_)[1]:.3f} | {pr(u_)[0]:.3f} | {pr(u_)[1]:.3f}"
                f" | {u_['flag'] - p_['flag']} ({u_['right'] - p_['right']}) |")
        log("\n| held-out set | phrases P / R | union P / R | added (right) |")
        log("|---|---|---|---|")
        for held, flags in chosen_res:
            p_, u_ = micro(evaluate([(held, flags)], "phr")), micro(evaluate([(held, flags)], "uni"))
            log(f"| {held['name']} | {pr(p_)[0]:.3f} / {pr(p_)[1]:.3f} | {pr(u_)[0]:.3f} / {pr(u_)[1]:.3f}"
                f" | {u_['flag'] - p_['flag']} ({u_['right'] - p_['right']}) |")
    if a.bank_test:
        log(f"\n## bank test split (once), chosen configuration trained on everything allowed {json.dumps(CHOSEN)}")
        bank_test(data, CHOSEN, log)
    if a.write:
        write_model(data, CHOSEN, a.out, log)
    if a.results:
        with open(a.results, "a", encoding="utf-8") as f:
            f.write("\n".join(logged) + "\n")


if __name__ == "__main__":
    main()
