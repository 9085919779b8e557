#!/usr/bin/env python3
"""Test accuracy of scikit-learn's MLPClassifier on the CLI's test CSVs, for comparison with
`tinymlp train` (docs/cli.md). Same recipe as the CLI's defaults: 70/30 split, standardized
inputs, two hidden tanh layers of 8, Adam with learning rate 0.01, batches of 32, 500 epochs.
Needs scikit-learn (pip install scikit-learn). Prints mean and range over 10 seeds.

Usage: python3 scripts/compare-sklearn.py tests/data/moons.csv tests/data/blobs3.csv
"""
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore", category=ConvergenceWarning)

for path in sys.argv[1:]:
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    x, y = data[:, :-1], data[:, -1].astype(int)
    scores = []
    for seed in range(1, 11):
        xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.3, random_state=seed)
        clf = make_pipeline(
            StandardScaler(),
            MLPClassifier(hidden_layer_sizes=(8, 8), activation="tanh", solver="adam",
                          learning_rate_init=0.01, batch_size=32, max_iter=500,
                          random_state=seed),
        )
        scores.append(clf.fit(xtr, ytr).score(xte, yte))
    print(f"{path}: MLPClassifier test accuracy mean {np.mean(scores):.4f} "
          f"(min {min(scores):.4f}, max {max(scores):.4f}) over seeds 1-10")
