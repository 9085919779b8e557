#!/usr/bin/env python3
"""Writes the small CSV files of tests/data/ used by the CLI tests (deterministic).

moons.csv   2 classes, two interleaving half circles with Gaussian noise 0.2
            (scikit-learn's make_moons), 300 rows
blobs3.csv  3 classes, Gaussian blobs (std 1.0) around three centres, 300 rows
sine.csv    regression, y = sin(x) + noise 0.05, x in [-3, 3], 200 rows

Run from the repository root: python3 scripts/make-cli-test-data.py
"""
import math
import random


def write(path, header, rows):
    with open(path, "w", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(v if isinstance(v, str) else repr(round(v, 4)) for v in r) + "\n")


rng = random.Random(7)

rows = []
for k in range(300):
    c = k % 2
    t = rng.uniform(0, math.pi)
    x, y = (math.cos(t), math.sin(t)) if c == 0 else (1 - math.cos(t), 0.5 - math.sin(t))
    rows.append([x + rng.gauss(0, 0.2), y + rng.gauss(0, 0.2), str(c)])
write("tests/data/moons.csv", ["x0", "x1", "label"], rows)

centres = [(-2.0, 0.0), (2.0, 1.0), (0.0, 3.5)]
rows = []
for k in range(300):
    c = k % 3
    cx, cy = centres[c]
    rows.append([cx + rng.gauss(0, 1.0), cy + rng.gauss(0, 1.0), str(c)])
write("tests/data/blobs3.csv", ["a", "b", "class"], rows)

rows = []
for k in range(200):
    x = rng.uniform(-3, 3)
    rows.append([x, math.sin(x) + rng.gauss(0, 0.05)])
write("tests/data/sine.csv", ["x", "y"], rows)
