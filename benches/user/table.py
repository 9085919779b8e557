"""The table of benches/user/run.sh: per profile and workload, the median over rounds of
tinymlp ns ÷ c-ref ns of the same round, its range, and the medians of the ns values.
Usage: python3 table.py [--all] [--wide] round-1.jsonl round-2.jsonl ...
--all adds the fixed::Sigmoid rows and `predict` called without the #[inline(never)] wrapper;
--wide prints one row per workload and one column per profile instead."""
import json
import statistics
import sys

# (label, tinymlp workload, activation, c-ref workload)
ROWS = [
    ("online step, `learn`, FastSigmoid", "W2-xor/learn", "FastSigmoid", "W2-xor"),
    ("online step, `step`, FastSigmoid", "W2-xor/step", "FastSigmoid", "W2-xor"),
    ("online step, `learn`, Sigmoid", "W2-xor/learn", "Sigmoid", "W2-xor"),
    ("online step, `step`, Sigmoid", "W2-xor/step", "Sigmoid", "W2-xor"),
    ("predict-one, FastSigmoid", "W3-single", "FastSigmoid", "W3-single"),
    ("predict-one, Sigmoid", "W3-single", "Sigmoid", "W3-single"),
    ("online step, `learn`, fixed::FastSigmoid", "W2-xor/learn", "fixed::FastSigmoid", "W2-xor"),
    ("online step, `step`, fixed::FastSigmoid", "W2-xor/step", "fixed::FastSigmoid", "W2-xor"),
    ("predict-one, fixed::FastSigmoid", "W3-single", "fixed::FastSigmoid", "W3-single"),
]
# Also measured (in the JSON lines, not in the table): `step`/`learn` with fixed::Sigmoid, and
# "W3-single/inlined", `predict` called directly in the loop (no #[inline(never)] wrapper).
if "--all" in sys.argv:
    sys.argv.remove("--all")
    ROWS += [
        ("online step, `learn`, fixed::Sigmoid", "W2-xor/learn", "fixed::Sigmoid", "W2-xor"),
        ("online step, `step`, fixed::Sigmoid", "W2-xor/step", "fixed::Sigmoid", "W2-xor"),
        ("predict-one, fixed::Sigmoid", "W3-single", "fixed::Sigmoid", "W3-single"),
    ] + [(l.replace("predict-one", "predict inlined"), "W3-single/inlined", a, c)
         for l, w, a, c in ROWS if w == "W3-single"]
TARGET = 1.0

wide = "--wide" in sys.argv
if wide:
    sys.argv.remove("--wide")
rounds = []
for path in sys.argv[1:]:
    with open(path) as f:
        rounds.append([json.loads(line) for line in f if line.strip()])

profiles = []
for rec in rounds[0]:
    if rec["peer"] == "tinymlp" and rec["profile"] not in profiles:
        profiles.append(rec["profile"])


def find(rnd, **keys):
    for rec in rnd:
        if all(rec.get(k) == v for k, v in keys.items()):
            return rec["per_unit_ns"]
    raise KeyError(keys)


def cell(p, w, act, cw):
    ours = [find(r, peer="tinymlp", profile=p, workload=w, activation=act) for r in rounds]
    c = [find(r, peer="c-ref", workload=cw) for r in rounds]
    ratios = [a / b for a, b in zip(ours, c)]
    return statistics.median(ratios), ratios, statistics.median(ours), statistics.median(c)


print(f"{len(rounds)} rounds; ratio = tinymlp ÷ c-ref of the same round, median (range); target ≤ {TARGET}×")
print()
if wide:
    print("| workload | " + " | ".join(profiles) + " |")
    print("|---|" + "---:|" * len(profiles))
    for label, w, act, cw in ROWS:
        cells = []
        for p in profiles:
            m, _, ours, c = cell(p, w, act, cw)
            cells.append(f"{m:.2f}× ({ours:.1f} / {c:.1f} ns)")
        print(f"| {label} | " + " | ".join(cells) + " |")
    sys.exit()
print("| profile | workload | tinymlp ns | c-ref ns | ratio | range | met |")
print("|---|---|---:|---:|---:|---|---|")
for p in profiles:
    for label, w, act, cw in ROWS:
        m, ratios, ours, c = cell(p, w, act, cw)
        print(f"| {p} | {label} | {ours:.1f} | {c:.1f} | "
              f"{m:.2f}× | {min(ratios):.2f}–{max(ratios):.2f} | {'yes' if m <= TARGET else 'no'} |")
