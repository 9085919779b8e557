#!/usr/bin/env python3
"""Checks `tinymlp export --onnx` against onnxruntime: every output within 1e-6.

1. The models of every activation that `cargo test -p tinymlp-cli --test onnx` leaves in
   target/tmp/onnx-export/ (NAME.onnx, and NAME.json with inputs and tinymlp's outputs).
2. Models trained by the command line on tests/data/*.csv (inputs standardized, as by
   default), exported with --onnx, run on the whole CSV, against `tinymlp predict`.

Needs: pip install onnx onnxruntime; a built `tinymlp` (pass its path, or the debug build is
used). Usage: python3 scripts/check-onnx-export.py [TINYMLP]
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime as ort

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TINYMLP = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/debug/tinymlp")
TOLERANCE = 1e-6
failures = []


def run(path, rows):
    onnx.checker.check_model(onnx.load(path))
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return sess.run(None, {sess.get_inputs()[0].name: rows})[0]


def report(name, got, want):
    diff = float(np.max(np.abs(got - want))) if got.size else 0.0
    print(f"{name}: {len(want)} rows, max |onnxruntime - tinymlp| = {diff:.3g}")
    if not diff <= TOLERANCE or got.shape != want.shape:
        failures.append(name)


def exported_by_the_tests():
    files = sorted(glob.glob(os.path.join(ROOT, "target/tmp/onnx-export/*.onnx")))
    if not files:
        failures.append("no models in target/tmp/onnx-export: run cargo test -p tinymlp-cli --test onnx first")
    for path in files:
        with open(path[: -len(".onnx")] + ".json") as f:
            data = json.load(f)
        rows = np.array(data["inputs"], dtype=np.float32)
        report(os.path.basename(path), run(path, rows), np.array(data["outputs"], dtype=np.float32))


def trained_by_the_cli():
    with tempfile.TemporaryDirectory() as tmp:
        for data, act in [("moons.csv", "tanh"), ("blobs3.csv", "relu"), ("sine.csv", "fast-tanh")]:
            csv = os.path.join(ROOT, "tests/data", data)
            model, out = os.path.join(tmp, "m.tmlp"), os.path.join(tmp, "m.onnx")
            subprocess.run([TINYMLP, "train", csv, "-o", model, "--epochs", "50", "--activation", act],
                           check=True, capture_output=True)
            subprocess.run([TINYMLP, "export", model, "--onnx", out], check=True, capture_output=True)
            pred = subprocess.run([TINYMLP, "predict", model, csv], check=True, capture_output=True, text=True).stdout
            lines = pred.strip().split("\n")
            header, values = lines[0].split(","), np.array([[float(v) for v in l.split(",")] for l in lines[1:]])
            # predict prints class,p1 / class,p0,p1,… / prediction: the network's outputs
            want = values[:, 1:] if header[0] == "class" else values
            rows = np.loadtxt(csv, delimiter=",", skiprows=1, dtype=np.float32)[:, :-1]
            got = run(out, rows)
            report(f"{data} ({act}, standardized)", got.astype(np.float64), want)


exported_by_the_tests()
trained_by_the_cli()
if failures:
    print("FAILED:", ", ".join(failures))
    sys.exit(1)
print(f"all exports agree with onnxruntime within {TOLERANCE}")
