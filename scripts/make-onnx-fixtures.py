#!/usr/bin/env python3
"""Makes the ONNX fixtures of `cli/tests/onnx.rs` in cli/tests/fixtures/onnx/.

- sk-*.onnx: scikit-learn MLPs trained on tests/data/*.csv and converted by skl2onnx, as
  users export them (label outputs, ZipMap, the binary [1 - p, p] pair, the input Cast).
- hand-*.onnx: graphs written with onnx.helper, one per layout that import must read
  (Gemm with or without transB, alpha and beta, MatMul + Add, raw data or float lists,
  Flatten / Reshape / Dropout / Cast / Identity, opsets 9 to the newest).
- bad-*.onnx: graphs that import must refuse, each with its message (see the Rust test).
- torch-*.onnx, keras-*.onnx: PyTorch nn.Sequential and Keras Sequential models, seeded,
  exported by running the very lines of docs/cli.md ("From PyTorch / Keras /
  scikit-learn"), only when torch, or tensorflow and tf2onnx, are installed (CI has neither:
  the committed files stay as they are; see torch_fixtures and keras_fixtures for the
  versions used).

Next to each good fixture, NAME.json holds inputs and the outputs onnxruntime computed for
them (for torch-* and keras-*, the outputs PyTorch or Keras itself computed), so the Rust
tests compare without Python: {"inputs": [...], "outputs": [...], "labels": [...]
(classifiers)}. Outputs are what the network computes: probabilities (for a binary
classifier P(class 1)) or values.

Needs: pip install onnx onnxruntime skl2onnx scikit-learn; for the torch-* fixtures torch,
for the keras-* ones tensorflow and tf2onnx (see keras_fixtures for a working pair).
Usage: python3 scripts/make-onnx-fixtures.py [OUT_DIR]
"""
import json
import os
import shutil
import sys
import tempfile
import warnings

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from skl2onnx import to_onnx
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore")

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "cli/tests/fixtures/onnx")
os.makedirs(OUT, exist_ok=True)


def load(name):
    d = np.loadtxt(os.path.join(ROOT, "tests/data", name), delimiter=",", skiprows=1)
    return d[:, :-1].astype(np.float32), d[:, -1]


def probe_rows(x, n=24):
    """The first rows of the data, plus a few far outside it."""
    extra = np.array([x.min(0) * 3, x.max(0) * 3, np.zeros(x.shape[1])], dtype=np.float32)
    return np.concatenate([x[:n], extra]).astype(np.float32)


def run(path, rows):
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    name = sess.get_inputs()[0].name
    return sess.run(None, {name: rows}), [o.name for o in sess.get_outputs()]


def save_json(name, rows, outputs, labels=None):
    data = {"inputs": rows.tolist(), "outputs": np.asarray(outputs, dtype=np.float32).tolist()}
    if labels is not None:
        data["labels"] = [int(v) for v in labels]
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(data, f)
        f.write("\n")


def sklearn_fixture(name, model, x, y, classifier):
    model.fit(x, y)
    onx = to_onnx(model, x[:1])
    path = os.path.join(OUT, name + ".onnx")
    onnx.save_model(onx, path)
    rows = probe_rows(x)
    results, names = run(path, rows)
    if classifier:
        labels = results[names.index("output_label")].ravel()
        probs = results[names.index("output_probability")]
        classes = sorted(probs[0].keys())
        p = np.array([[row[c] for c in classes] for row in probs], dtype=np.float32)
        outputs = p[:, 1:] if len(classes) == 2 else p
        save_json(name, rows, outputs, labels)
    else:
        save_json(name, rows, results[0].reshape(len(rows), -1))


def sklearn_fixtures():
    xm, ym = load("moons.csv")
    xb, yb = load("blobs3.csv")
    xs, ys = load("sine.csv")
    mlp = dict(max_iter=400, random_state=1)
    sklearn_fixture("sk-moons-tanh", MLPClassifier((8,), activation="tanh", **mlp), xm, ym.astype(int), True)
    sklearn_fixture("sk-moons-logistic", MLPClassifier((6, 5), activation="logistic", **mlp), xm, ym.astype(int), True)
    sklearn_fixture("sk-blobs3-relu", MLPClassifier((8, 8), activation="relu", **mlp), xb, yb.astype(int), True)
    sklearn_fixture("sk-blobs3-identity", MLPClassifier((4,), activation="identity", **mlp), xb, yb.astype(int), True)
    sklearn_fixture("sk-sine-regressor", MLPRegressor(hidden_layer_sizes=(16,), activation="tanh", **mlp), xs, ys, False)
    sklearn_fixture("sk-moons-scaler", make_pipeline(StandardScaler(), MLPClassifier((8,), activation="relu", **mlp)), xm, ym.astype(int), True)
    # The 2-2-1 that scripts/firmware.sh compiles into the Cortex-M0 classify firmware.
    sklearn_fixture("sk-moons-221", make_pipeline(StandardScaler(), MLPClassifier((2,), activation="logistic", **mlp)), xm, ym.astype(int), True)


rng = np.random.default_rng(12)


def tensor(name, array, raw=True):
    array = np.asarray(array)
    if raw:
        return numpy_helper.from_array(array, name)
    dtype = TensorProto.FLOAT if array.dtype == np.float32 else TensorProto.INT64
    return helper.make_tensor(name, dtype, array.shape, array.ravel().tolist())


def weights(n_in, n_out):
    return (rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)).astype(np.float32)


def model(nodes, inits, n_in, n_out, opset, input_shape=None, ir=None, name="x"):
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info(name, TensorProto.FLOAT, input_shape or ["N", n_in])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", n_out])], inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = ir or {9: 4, 11: 6, 13: 7, 17: 8, 21: 10}.get(opset, 8)
    return m


def hand_fixture(name, m, n_in, rows=None, check=True):
    if check:
        onnx.checker.check_model(m)
    path = os.path.join(OUT, name + ".onnx")
    onnx.save_model(m, path)
    if rows is None:
        rows = rng.standard_normal((12, n_in)).astype(np.float32) * 2
    results, _ = run(path, rows)
    save_json(name, rows, results[0].reshape(len(rows), -1))


def hand_fixtures():
    # Opset 9: Gemm with transB = 0, alpha and beta; Flatten, Dropout (is_test), Cast to float;
    # Softmax with its old default axis 1. Weights as raw data.
    w1, b1, w2, b2 = weights(3, 5), weights(1, 5)[0], weights(5, 4), weights(1, 4)[0]
    nodes = [
        helper.make_node("Cast", ["x"], ["c"], to=TensorProto.FLOAT, name="cast"),
        helper.make_node("Flatten", ["c"], ["f"], axis=1, name="flatten"),
        helper.make_node("Gemm", ["f", "W1", "B1"], ["g1"], alpha=0.5, beta=2.0, name="fc1"),
        helper.make_node("Tanh", ["g1"], ["t1"], name="tanh1"),
        helper.make_node("Dropout", ["t1"], ["d1"], ratio=0.3, name="drop"),
        helper.make_node("Gemm", ["d1", "W2", "B2"], ["g2"], name="fc2"),
        helper.make_node("Softmax", ["g2"], ["y"], name="softmax"),
    ]
    hand_fixture("hand-opset9-gemm", model(nodes, [tensor("W1", w1), tensor("B1", b1), tensor("W2", w2), tensor("B2", b2)], 3, 4, 9), 3)

    # Opset 13: Gemm with transB = 1 (PyTorch's nn.Linear), no bias on the second layer,
    # weights as float lists, a 2-D bias, Identity, Sigmoid output on one unit.
    w1, b1, w2 = weights(4, 6).T.copy(), weights(1, 6), weights(6, 1).T.copy()
    nodes = [
        helper.make_node("Gemm", ["x", "W1", "B1"], ["g1"], transB=1, name="linear1"),
        helper.make_node("Relu", ["g1"], ["r1"], name="relu1"),
        helper.make_node("Identity", ["r1"], ["i1"], name="id"),
        helper.make_node("Gemm", ["i1", "W2"], ["g2"], transB=1, name="linear2"),
        helper.make_node("Sigmoid", ["g2"], ["y"], name="sigmoid"),
    ]
    hand_fixture("hand-opset13-transb", model(nodes, [tensor("W1", w1, False), tensor("B1", b1, False), tensor("W2", w2, False)], 4, 1, 13), 4)

    # Opset 17: MatMul + Add (bias first in the Add), a Constant node, Reshape to [-1, 3]
    # from a 3-D input [N, 1, 3], Dropout with its ratio input, Softmax on axis -1; an
    # identity output layer of 2 (regression).
    w1, b1, w2, b2 = weights(3, 4), weights(1, 4)[0], weights(4, 2), weights(1, 2)[0]
    nodes = [
        helper.make_node("Constant", [], ["shape"], value=tensor("shape", np.array([-1, 3], dtype=np.int64)), name="const_shape"),
        helper.make_node("Reshape", ["x", "shape"], ["r"], name="reshape"),
        helper.make_node("MatMul", ["r", "W1"], ["m1"], name="matmul1"),
        helper.make_node("Add", ["B1", "m1"], ["a1"], name="add1"),
        helper.make_node("Sigmoid", ["a1"], ["s1"], name="sigmoid1"),
        helper.make_node("Dropout", ["s1", "ratio"], ["d1"], name="dropout"),
        helper.make_node("MatMul", ["d1", "W2"], ["m2"], name="matmul2"),
        helper.make_node("Add", ["m2", "B2"], ["y"], name="add2"),
    ]
    inits = [tensor("W1", w1), tensor("B1", b1), tensor("W2", w2), tensor("B2", b2), tensor("ratio", np.array(0.5, dtype=np.float32))]
    rows = (rng.standard_normal((10, 1, 3)) * 2).astype(np.float32)
    m = model(nodes, inits, 3, 2, 17, input_shape=["N", 1, 3])
    onnx.checker.check_model(m)
    path = os.path.join(OUT, "hand-opset17-matmul.onnx")
    onnx.save_model(m, path)
    results, _ = run(path, rows)
    save_json("hand-opset17-matmul", rows.reshape(10, 3), results[0])

    # Opset 21: standardization by Sub and Div before the layers (refused until tinymlp can
    # store a given standardization), then one Gemm layer with Softmax.
    mean, std = np.array([0.5, -1.0], np.float32), np.array([2.0, 0.25], np.float32)
    nodes = [
        helper.make_node("Sub", ["x", "mean"], ["c"], name="center"),
        helper.make_node("Div", ["c", "std"], ["s"], name="scale"),
        helper.make_node("Gemm", ["s", "W1", "B1"], ["g1"], name="dense"),
        helper.make_node("Softmax", ["g1"], ["y"], name="softmax"),
    ]
    inits = [tensor("mean", mean), tensor("std", std), tensor("W1", weights(2, 3)), tensor("B1", weights(1, 3)[0])]
    hand_fixture("hand-opset21-standardize", model(nodes, inits, 2, 3, 21), 2)


def bad_fixtures():
    def save(name, m):
        onnx.save_model(m, os.path.join(OUT, name + ".onnx"))

    # A CNN: Conv then a dense layer.
    nodes = [
        helper.make_node("Conv", ["x", "K"], ["c"], name="conv1"),
        helper.make_node("Flatten", ["c"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "W"], ["y"], name="fc"),
    ]
    inits = [tensor("K", weights(9, 2).reshape(2, 1, 3, 3)), tensor("W", weights(2 * 4 * 4, 3))]
    save("bad-cnn", model(nodes, inits, 36, 3, 13, input_shape=["N", 1, 6, 6]))

    # A branch: two layers read the same hidden value and are added.
    nodes = [
        helper.make_node("Gemm", ["x", "W1"], ["h"], name="fc1"),
        helper.make_node("Relu", ["h"], ["r"], name="relu"),
        helper.make_node("Gemm", ["r", "W2"], ["a"], name="left"),
        helper.make_node("Gemm", ["r", "W3"], ["b"], name="right"),
        helper.make_node("Add", ["a", "b"], ["y"], name="join"),
    ]
    inits = [tensor("W1", weights(2, 4)), tensor("W2", weights(4, 1)), tensor("W3", weights(4, 1))]
    save("bad-branch", model(nodes, inits, 2, 1, 13))

    # A 5-D weight tensor.
    nodes = [helper.make_node("MatMul", ["x", "W"], ["y"], name="matmul5d")]
    save("bad-weight-5d", model(nodes, [tensor("W", weights(2, 12).reshape(2, 1, 2, 3, 2))], 2, 2, 13))

    # Weights in an external file.
    m = model([helper.make_node("Gemm", ["x", "W"], ["y"], name="fc")], [tensor("W", weights(2, 2))], 2, 2, 13)
    w = m.graph.initializer[0]
    w.ClearField("raw_data")
    w.data_location = TensorProto.EXTERNAL
    w.external_data.add(key="location", value="weights.bin")
    save("bad-external", m)

    # Opset 8, older than import reads.
    save("bad-opset8", model([helper.make_node("Gemm", ["x", "W"], ["y"], name="fc")], [tensor("W", weights(2, 2))], 2, 2, 8, ir=3))

    # Six layers: one more than Mlp5.
    nodes, inits, cur = [], [], "x"
    for k in range(6):
        out = "y" if k == 5 else f"h{k}"
        nodes.append(helper.make_node("Gemm", [cur, f"W{k}"], [out], name=f"fc{k}"))
        inits.append(tensor(f"W{k}", weights(2, 2)))
        cur = out
    save("bad-six-layers", model(nodes, inits, 2, 2, 13))

    # An activation tinymlp does not have.
    nodes = [
        helper.make_node("Gemm", ["x", "W"], ["g"], name="fc"),
        helper.make_node("LeakyRelu", ["g"], ["y"], name="leaky"),
    ]
    save("bad-leaky-relu", model(nodes, [tensor("W", weights(2, 2))], 2, 2, 13))


# The export lines of docs/cli.md ("From PyTorch / Keras / scikit-learn"), character for
# character: the torch-* and keras-* fixtures are made by running them, so the lines the
# docs give are the tested ones (run_documented refuses to go on if the docs changed).
TORCH_EXPORT = """\
import torch
model.eval()
torch.onnx.export(model, torch.zeros(1, n_inputs), "model.onnx", input_names=["x"],
                  output_names=["y"], dynamic_axes={"x": {0: "N"}, "y": {0: "N"}},
                  opset_version=13, do_constant_folding=True, dynamo=False)
"""

KERAS_EXPORT = """\
import tensorflow as tf, tf2onnx
spec = (tf.TensorSpec((None, n_inputs), tf.float32, name="x"),)
tf2onnx.convert.from_keras(model, input_signature=spec, opset=13, output_path="model.onnx")
"""


def run_documented(lines, name, model, n_inputs):
    """Runs the docs' export lines on `model` in a temporary directory, and moves the
    model.onnx they write to OUT/NAME.onnx."""
    with open(os.path.join(ROOT, "docs/cli.md")) as f:
        if lines not in f.read():
            sys.exit(f"{name}: docs/cli.md no longer has these export lines:\n{lines}")
    path = os.path.abspath(os.path.join(OUT, name + ".onnx"))
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            exec(lines, {"model": model, "n_inputs": n_inputs})
        finally:
            os.chdir(cwd)
        shutil.move(os.path.join(tmp, "model.onnx"), path)
    return path


def framework_rows(n_inputs, seed, n=200):
    """n rows in [-4, 4] in steps of 1/128 (exact in f32, short in JSON), then all +16,
    all -16 and zeros."""
    rows = np.random.default_rng(seed).integers(-512, 513, (n, n_inputs)) / 128
    extra = np.array([[16.0] * n_inputs, [-16.0] * n_inputs, [0.0] * n_inputs])
    return np.concatenate([rows, extra]).astype(np.float32)


def framework_fixture(name, path, rows, outputs, framework):
    """NAME.json with the framework's own outputs, and classes (P >= 0.5 for one sigmoid
    output, else the first largest) when the last layer is a sigmoid or a softmax."""
    outputs = np.asarray(outputs, dtype=np.float32).reshape(len(rows), -1)
    # As save_json writes, but each output as the shortest decimal of its f32 (str of a
    # numpy float32), which halves the file.
    lists = ", ".join("[" + ", ".join(str(v) for v in row) + "]" for row in outputs)
    text = '{"inputs": ' + json.dumps(rows.tolist()) + ', "outputs": [' + lists + "]"
    labels = None
    if name.endswith("-binary"):
        labels = (outputs[:, 0] >= 0.5).astype(int)
    elif name.endswith("-softmax"):
        labels = outputs.argmax(1)
    if labels is not None:
        text += ', "labels": ' + json.dumps(labels.tolist())
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        f.write(text + "}\n")
    assert np.array_equal(np.array(json.loads(text + "}")["outputs"], dtype=np.float32), outputs)
    ort_out = run(path, rows)[0][0].reshape(outputs.shape)
    classes = "" if labels is None else f", rows per class {np.bincount(labels).tolist()}"
    print(f"{name}: {len(rows)} rows, max |onnxruntime - {framework}| = {np.abs(ort_out - outputs).max():.1e}{classes}")


def torch_fixtures():
    """PyTorch nn.Sequential models with seeded initial weights, exported by torch.onnx.export
    (the TorchScript exporter, dynamo=False). Made with torch 2.15.0 (run on the CPU)."""
    try:
        import torch
        from torch import nn
    except ImportError:
        print("no torch: the torch-* fixtures are not made")
        return
    # Both frameworks start with small weights (and Keras with zero biases): every weight
    # and bias from N(0, 1), seeded, so that the outputs spread and each class is predicted.
    models = [
        ("torch-binary", 1, 3, lambda: nn.Sequential(
            nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 6), nn.Tanh(), nn.Linear(6, 1), nn.Sigmoid())),
        ("torch-softmax", 1, 4, lambda: nn.Sequential(
            nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3), nn.Softmax(dim=-1))),
        ("torch-regressor", 2, 2, lambda: nn.Sequential(
            nn.Linear(2, 6), nn.Sigmoid(), nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 2))),
    ]
    for k, (name, seed, n_inputs, make) in enumerate(models):
        torch.manual_seed(seed)
        model = make()
        with torch.no_grad():
            for p in model.parameters():
                p.normal_()
        path = run_documented(TORCH_EXPORT, name, model, n_inputs)
        rows = framework_rows(n_inputs, 100 + k)
        with torch.no_grad():
            outputs = model(torch.tensor(rows)).numpy()
        framework_fixture(name, path, rows, outputs, "PyTorch")


def keras_fixtures():
    """Keras Sequential models of Dense layers, seeded, converted by tf2onnx.convert.from_keras.
    tf2onnx reads tf.keras models of Keras 2, not Keras 3 (TensorFlow 2.16 and later):
    made with tensorflow-cpu 2.15.1, tf2onnx 1.17.0, onnx 1.17.0 (onnx 1.19 needs a newer
    ml-dtypes than TensorFlow 2.15 allows), numpy 1.26."""
    try:
        import tensorflow as tf
        import tf2onnx  # noqa: F401  (the export lines import it)
    except ImportError:
        print("no tensorflow or tf2onnx: the keras-* fixtures are not made")
        return
    dense = tf.keras.layers.Dense
    models = [
        ("keras-binary", 1, 3, lambda: [dense(8, activation="relu"), dense(4, activation="tanh"), dense(1, activation="sigmoid")]),
        ("keras-softmax", 8, 4, lambda: [dense(6, activation="sigmoid"), dense(3, activation="softmax")]),
        ("keras-regressor", 1, 2, lambda: [dense(5, activation="tanh"), dense(2)]),
    ]
    for k, (name, seed, n_inputs, layers) in enumerate(models):
        tf.keras.utils.set_random_seed(seed)
        model = tf.keras.Sequential([tf.keras.Input((n_inputs,))] + layers())
        # As for torch, N(0, 1); with zero biases tf2onnx would also leave out the Add nodes.
        normal = np.random.default_rng(seed)
        model.set_weights([normal.standard_normal(w.shape).astype(np.float32) for w in model.get_weights()])
        path = run_documented(KERAS_EXPORT, name, model, n_inputs)
        rows = framework_rows(n_inputs, 200 + k)
        outputs = model(rows, training=False).numpy()
        framework_fixture(name, path, rows, outputs, "Keras")


sklearn_fixtures()
hand_fixtures()
bad_fixtures()
torch_fixtures()
keras_fixtures()
print("wrote the fixtures to", os.path.relpath(OUT))
