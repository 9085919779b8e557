#!/usr/bin/env python3
"""Prints the BENCHMARKS.md table from criterion's estimates and the C yardstick's JSON lines.

Usage: table.py CRITERION_DIR CREF_BEFORE.jsonl CREF_AFTER.jsonl FLAGS [LATENCY.jsonl]
"""
import json, os, sys

crit, before, after, flags = sys.argv[1:5]
latency = sys.argv[5] if len(sys.argv) > 5 else None

def median_ns(group, ident):
    p = os.path.join(crit, group, ident, "new", "estimates.json")
    if not os.path.exists(p):
        return None
    return json.load(open(p))["median"]["point_estimate"]

def cref(path):
    r = {}
    for line in open(path):
        d = json.loads(line)
        r[(d["peer"], d["workload"])] = d["per_unit_ns"]
    return r

b, a = cref(before), cref(after)
def c(peer, w, scale=1.0):
    vals = [x[(peer, w)] * scale for x in (b, a) if (peer, w) in x]
    return sum(vals) / len(vals) if vals else None, vals

N1, N4 = 1000, 4096
FLOP4 = 2 * (16*64 + 64*64 + 64*4 + 16*64 + 64*64 + 64*4 + 64*4 + 64*64) * N4  # per epoch
# (id, unit, per-iteration divisor, C workload, C scale to the unit, target ratio)
rows = [
    ("seed/full_batch_epoch", "epoch", 1, "W1-xor", 1, 0.15),
    ("seed/online_step", "step", N1, "W2-xor", 1, 0.7),
    ("seed/predict_one", "sample", N1, "W3-single", 1, 0.7),
    ("seed/predict_batch", "sample", N1, "W3-batch", 1, 0.15),
    ("wide/train_epoch", "epoch", 1, "W4", N4, 0.75),
    ("wide/predict_batch", "sample", N4, None, 1, None),
]

def fmt(ns):
    if ns is None:
        return "–"
    if ns >= 1e6:
        return f"{ns/1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns/1e3:.2f} µs"
    return f"{ns:.2f} ns"

print(f"Built with {flags}; C: gcc -O3 -march=native (c-ref), -Ofast -march=native + libmvec (c-ref-fast).\n")
print("| id | per | median | `libm` variant | naive (bench) | c-ref | c-ref-fast | ratio to c-ref | target | met |")
print("|---|---|---|---|---|---|---|---|---|---|")
for ident, unit, div, w, scale, target in rows:
    g, name = ident.split("/")
    m = median_ns(g, name)
    m = m / div if m is not None else None
    ml = median_ns(g, name + "_libm")
    ml = ml / div if ml is not None else None
    mn = median_ns(g, "naive_" + name)
    mn = mn / div if mn is not None else None
    cr, crs = c("c-ref", w, scale) if w else (None, [])
    cf, _ = c("c-ref-fast", w, scale) if w else (None, [])
    ratio = m / cr if (m and cr) else None
    met = "–" if target is None or ratio is None else ("yes" if ratio <= target else "no")
    spread = ""
    if len(crs) == 2:
        spread = f" ({fmt(min(crs))}–{fmt(max(crs))})"
    print(f"| `{ident}` | {unit} | {fmt(m)} | {fmt(ml)} | {fmt(mn)} | {fmt(cr)}{spread} | {fmt(cf)} | "
          f"{'–' if ratio is None else f'{ratio:.2f}×'} | {'–' if target is None else f'≤ {target}×'} | {met} |")
m = median_ns("wide", "train_epoch")
if m:
    print(f"\n`wide/train_epoch`: {FLOP4/1e6:.1f} MFLOP per epoch (multiply-adds of the forward pass, the "
          f"weight gradients and the input gradients, counted as 2 flops) → {FLOP4/m:.1f} GFLOP/s; "
          f"c-ref {FLOP4/c('c-ref','W4',N4)[0]:.1f} GFLOP/s.")

if latency:
    lc = cref(latency)
    print("\nLatency of one call in a chain of dependent calls (`latency/*`; C: `benches/c-ref/latency.c`, "
          "gcc -O3 -march=native -ffp-contract=off, glibc `expf`):\n")
    print("| chain, per call | `tinymlp::math` | `libm` crate | glibc (C) |")
    print("|---|---|---|---|")
    for label, ours, theirs, c_name in [
        ("σ(x)·4 − 2.5", "sigmoid", "sigmoid_libm", "latency-sigmoid"),
        ("exp(x)·0.125·4 − 2.5", "exp", "exp_libm", "latency-exp"),
        ("x·0.25·4 − 2.5 (the chain alone)", "mul_add", None, "latency-mul_add"),
    ]:
        m = median_ns("latency", ours)
        ml = median_ns("latency", theirs) if theirs else None
        print(f"| {label} | {fmt(m / 1000 if m else None)} | {fmt(ml / 1000 if ml else None)} | "
              f"{fmt(lc.get(('c-ref', c_name)))} |")
