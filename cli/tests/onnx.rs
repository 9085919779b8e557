//! ONNX import and export: the fixtures of `scripts/make-onnx-fixtures.py` (scikit-learn
//! models converted by skl2onnx, PyTorch and Keras models exported by their own tools,
//! hand-written graphs of every layout) against the outputs stored for them; export → import
//! bit for bit; bad files each with its message.
//!
//! `TINYMLP_ONNX_FIXTURES=DIR` runs it on fixtures regenerated into DIR. It also leaves
//! exported models of every activation, with tinymlp's outputs, in `target/tmp/onnx-export/`
//! for `scripts/check-onnx-export.py` (onnxruntime) to compare.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tinymlp::net::DynMlp;
use tinymlp::{Activation, Network as _, Rng};
use tinymlp_cli::onnx::{self, Mlp, Options};

/// The fixtures: the committed ones, or those `TINYMLP_ONNX_FIXTURES` names (CI regenerates
/// them with the newest scikit-learn and onnxruntime, `.ci/run`).
fn fixtures() -> PathBuf {
    match std::env::var_os("TINYMLP_ONNX_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/onnx"),
    }
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(fixtures().join(name)).unwrap()
}

/// A fixture, or the committed one where a regenerated set lacks it: the torch-* and keras-*
/// fixtures are made only where PyTorch or TensorFlow is installed, which CI has not.
fn fixture_or_committed(name: &str) -> Vec<u8> {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/onnx");
    fs::read(fixtures().join(name)).unwrap_or_else(|_| fs::read(committed.join(name)).unwrap())
}

fn import(bytes: &[u8]) -> Result<DynMlp, onnx::Error> {
    Mlp::from_bytes(bytes, &Options::default())?.to_network()
}

fn floats(v: &Value) -> Vec<f32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap() as f32)
        .collect()
}

/// The classes a network's outputs stand for, as scikit-learn decides them.
fn class(output: &[f32]) -> usize {
    DynMlp::class_of(output)
}

/// Every fixture with stored outputs is imported, and predicts what its source computed
/// (onnxruntime for the scikit-learn and hand-written graphs, PyTorch or Keras for theirs):
/// within 1e-5 on every output, the same class for every row of a classifier.
#[test]
fn imported_models_predict_what_their_source_computed() {
    let mut checked = 0;
    let mut names: Vec<String> = fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|n| n.strip_suffix(".json").map(String::from))
        .collect();
    names.sort();
    for name in names {
        let net =
            import(&fixture(&format!("{name}.onnx"))).unwrap_or_else(|e| panic!("{name}: {e}"));
        let data: Value = serde_json::from_slice(&fixture(&format!("{name}.json"))).unwrap();
        let rows = data["inputs"].as_array().unwrap();
        let outputs = data["outputs"].as_array().unwrap();
        let mut worst = 0.0f32;
        for (k, (x, want)) in rows.iter().zip(outputs).enumerate() {
            let got = net.predict(&floats(x)).unwrap();
            let want = floats(want);
            assert_eq!(got.len(), want.len(), "{name} row {k}");
            for (g, w) in got.iter().zip(&want) {
                worst = worst.max((g - w).abs());
            }
            if let Some(labels) = data.get("labels") {
                let label = labels[k].as_u64().unwrap() as usize;
                assert_eq!(class(&got), label, "{name} row {k}: {got:?}");
            }
        }
        eprintln!(
            "{name}: {} rows, max |tinymlp − stored output| = {worst:e}",
            rows.len()
        );
        assert!(worst <= 1e-5, "{name}: {worst}");
        checked += 1;
    }
    // Two of them standardize their inputs: scikit-learn's Scaler and a Sub/Mul pair.
    assert!(checked >= 10, "{checked} fixtures");
}

/// What import makes of each fixture: the layers and what the output is.
#[test]
fn fixtures_import_as_the_expected_networks() {
    let cases: &[(&str, &[usize], &[&str])] = &[
        ("sk-moons-tanh", &[2, 8, 1], &["tanh", "sigmoid"]),
        (
            "sk-moons-logistic",
            &[2, 6, 5, 1],
            &["sigmoid", "sigmoid", "sigmoid"],
        ),
        (
            "sk-blobs3-relu",
            &[2, 8, 8, 3],
            &["relu", "relu", "softmax"],
        ),
        ("sk-blobs3-identity", &[2, 4, 3], &["identity", "softmax"]),
        ("sk-sine-regressor", &[1, 16, 1], &["tanh", "identity"]),
        ("sk-moons-221", &[2, 2, 1], &["sigmoid", "sigmoid"]),
        ("hand-opset9-gemm", &[3, 5, 4], &["tanh", "softmax"]),
        ("hand-opset13-transb", &[4, 6, 1], &["relu", "sigmoid"]),
        ("hand-opset17-matmul", &[3, 4, 2], &["sigmoid", "identity"]),
        // PyTorch nn.Sequential (Gemm nodes) and Keras Dense (MatMul + Add) through the lines
        // of docs/cli.md, against the outputs of PyTorch and Keras themselves.
        ("torch-binary", &[3, 8, 6, 1], &["relu", "tanh", "sigmoid"]),
        ("torch-softmax", &[4, 8, 3], &["tanh", "softmax"]),
        (
            "torch-regressor",
            &[2, 6, 5, 2],
            &["sigmoid", "relu", "identity"],
        ),
        ("keras-binary", &[3, 8, 4, 1], &["relu", "tanh", "sigmoid"]),
        ("keras-softmax", &[4, 6, 3], &["sigmoid", "softmax"]),
        ("keras-regressor", &[2, 5, 2], &["tanh", "identity"]),
    ];
    for (name, sizes, acts) in cases {
        let net = import(&fixture_or_committed(&format!("{name}.onnx"))).unwrap();
        assert_eq!(net.sizes(), *sizes, "{name}");
        let names: Vec<&str> = net.activations().iter().map(|a| a.name()).collect();
        assert_eq!(names, *acts, "{name}");
    }
    let mlp = Mlp::from_bytes(&fixture("sk-moons-tanh.onnx"), &Options::default()).unwrap();
    assert_eq!(mlp.input, "X");
    assert_eq!(mlp.output, "out_activations_result");
    assert!(
        mlp.dropped.contains(&"ZipMap".to_string()),
        "{:?}",
        mlp.dropped
    );
    assert!(mlp.origin.producer.starts_with("skl2onnx"));
    for (name, producer, output) in [
        ("torch-binary", "pytorch", "y"),
        ("keras-binary", "tf2onnx", "dense_2"),
    ] {
        let bytes = fixture_or_committed(&format!("{name}.onnx"));
        let mlp = Mlp::from_bytes(&bytes, &Options::default()).unwrap();
        assert_eq!((mlp.input.as_str(), mlp.output.as_str()), ("x", output));
        assert!(mlp.origin.producer.starts_with(producer), "{name}");
        assert_eq!(mlp.origin.opset, 13, "{name}");
    }
}

/// Bad files: each gets its message, nothing panics.
#[test]
fn bad_graphs_are_refused_with_a_message_naming_the_node() {
    let cases = [
        (
            "bad-cnn",
            "node 'conv1' (Conv): only dense layers are supported",
        ),
        (
            "bad-branch",
            "node 'right' (Gemm): the graph branches at 'r', which node 'left' (Gemm) reads too",
        ),
        (
            "bad-weight-5d",
            "node 'matmul5d' (MatMul): the weights 'W' have 5 dimensions (2×1×2×3×2)",
        ),
        (
            "bad-external",
            "initializer 'W': the values are stored in an external file ('weights.bin')",
        ),
        (
            "bad-opset8",
            "the model uses opset 8; import reads opsets 9 to",
        ),
        (
            "bad-six-layers",
            "node 'fc5' (Gemm): a dense layer beyond the 5",
        ),
        (
            "bad-leaky-relu",
            "node 'leaky' (LeakyRelu): activation not supported",
        ),
    ];
    for (name, message) in cases {
        let e = import(&fixture(&format!("{name}.onnx")))
            .unwrap_err()
            .to_string();
        assert!(e.contains(message), "{name}: {e}");
        assert!(!e.contains('\n'), "{name}: one line: {e}");
    }
}

/// The standardization of a graph is read exactly and becomes the model's stored one.
#[test]
fn standardization_is_recognized_and_stored() {
    let bytes = fixture("hand-opset21-standardize.onnx");
    let mlp = Mlp::from_bytes(&bytes, &Options::default()).unwrap();
    let s = mlp.standardization.clone().unwrap();
    assert_eq!(s.mean, [0.5, -1.0]);
    assert_eq!(s.scale, [0.5, 4.0]);
    let net = mlp.to_network().unwrap();
    assert_eq!(
        tinymlp::Network::standardization(&net),
        Some((&[0.5, -1.0][..], &[0.5, 4.0][..]))
    );
    let mlp = Mlp::from_bytes(&fixture("sk-moons-scaler.onnx"), &Options::default()).unwrap();
    assert_eq!(mlp.standardization.unwrap().mean.len(), 2);
    // tinymlp → ONNX → tinymlp is the identity for a standardized network too.
    let back = import(&onnx::to_bytes(&net)).unwrap();
    assert_eq!(back.to_bytes(), net.to_bytes());
}

/// Every prefix of a real model file, and random bytes: an error, never a panic.
#[test]
fn truncated_and_random_files_are_errors() {
    let whole = fixture("sk-blobs3-relu.onnx");
    // Protobuf has no end marker: a cut between the last fields (here the ai.onnx.ml
    // operator set, after the graph) leaves a valid, smaller message.
    let graph_end = whole.len() - 40;
    for n in 0..whole.len() {
        let result = import(&whole[..n]);
        assert!(n >= graph_end || result.is_err(), "prefix of {n} bytes");
    }
    let mut rng = Rng::new(3);
    for len in [0, 1, 7, 100, 1000, 5000] {
        for _ in 0..200 {
            let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            assert!(import(&bytes).is_err());
        }
    }
    let e = import(&whole[..whole.len() / 2]).unwrap_err().to_string();
    assert!(e.starts_with("not an ONNX model: "), "{e}");
}

/// A network of these layers with random weights (and standardization if asked).
fn network(inputs: usize, layers: &[(usize, Activation)], seed: u64) -> DynMlp {
    DynMlp::new(inputs, layers, &mut Rng::new(seed)).unwrap()
}

/// Every activation in every position it may take, through ONNX and back: the same model
/// file, byte for byte. Each export is left, with tinymlp's outputs on some inputs, for the
/// onnxruntime check (`scripts/check-onnx-export.py`).
#[test]
fn export_then_import_is_bit_identical_for_every_activation() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("onnx-export");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng::new(9);
    let rows: Vec<Vec<f32>> = (0..16)
        .map(|_| {
            (0..3)
                .map(|_| (rng.below(2001) as f32 - 1000.0) / 250.0)
                .collect()
        })
        .collect();
    for (k, &a) in Activation::ALL.iter().enumerate() {
        let mut shapes = vec![vec![(4, a)]];
        if a.acts_per_unit() {
            shapes.push(vec![(5, a), (2, Activation::Identity)]);
            shapes.push(vec![(5, a), (4, a), (3, Activation::Softmax)]);
            shapes.push(vec![(3, Activation::Tanh), (1, a)]);
        } else {
            shapes.push(vec![(6, Activation::Relu), (3, a)]);
        }
        for (s, layers) in shapes.iter().enumerate() {
            let net = network(3, layers, (10 * k + s) as u64);
            let bytes = onnx::to_bytes(&net);
            let back = import(&bytes).unwrap_or_else(|e| panic!("{}: {e}", a.name()));
            assert_eq!(back.to_bytes(), net.to_bytes(), "{} {layers:?}", a.name());
            let name = format!("{}-{s}", a.name());
            fs::write(dir.join(format!("{name}.onnx")), &bytes).unwrap();
            let outputs: Vec<Vec<f32>> = rows.iter().map(|x| net.predict(x).unwrap()).collect();
            let json = serde_json::json!({"inputs": rows, "outputs": outputs});
            fs::write(dir.join(format!("{name}.json")), json.to_string()).unwrap();
        }
    }
}

fn tinymlp(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tinymlp"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The command line: import a scikit-learn model, read it with info, export it to ONNX and
/// import that again to the same bytes; a standardized model exports too.
#[test]
fn import_and_export_on_the_command_line() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("onnx-cli");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let path = |n: &str| dir.join(n).to_str().unwrap().to_string();
    let onnx_in = fixtures().join("sk-moons-tanh.onnx");
    let (ok, out, err) = tinymlp(&["import", onnx_in.to_str().unwrap(), "-o", &path("m.tmlp")]);
    assert!(ok, "{err}");
    assert!(
        out.contains("layers      2 inputs → 8 tanh → 1 sigmoid"),
        "{out}"
    );
    assert!(
        out.contains("task        binary classification: one sigmoid output"),
        "{out}"
    );
    assert!(
        out.contains("dropped the label outputs (ArgMax, ZipMap"),
        "{out}"
    );
    let (ok, out, _) = tinymlp(&["info", &path("m.tmlp")]);
    assert!(ok);
    assert!(
        out.contains("binary classification: one sigmoid output"),
        "{out}"
    );

    let (ok, out, err) = tinymlp(&["export", &path("m.tmlp"), "--onnx", &path("m.onnx")]);
    assert!(ok, "{err}");
    assert!(out.starts_with("wrote "), "{out}");
    let (ok, _, err) = tinymlp(&["import", &path("m.onnx"), "-o", &path("back.tmlp")]);
    assert!(ok, "{err}");
    assert_eq!(
        fs::read(path("m.tmlp")).unwrap(),
        fs::read(path("back.tmlp")).unwrap()
    );

    // A model trained by the CLI standardizes its inputs: export writes the standardization,
    // and import stores it again, so the round trip gives the same model file.
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/moons.csv");
    let (ok, _, err) = tinymlp(&[
        "train",
        data.to_str().unwrap(),
        "-o",
        &path("std.tmlp"),
        "--epochs",
        "5",
    ]);
    assert!(ok, "{err}");
    let (ok, _, err) = tinymlp(&[
        "export",
        &path("std.tmlp"),
        "--onnx",
        &path("std.onnx"),
        "--rust",
        &path("std.rs"),
    ]);
    assert!(ok, "{err}");
    assert!(fs::metadata(path("std.rs")).is_ok());
    let (ok, _, err) = tinymlp(&["import", &path("std.onnx"), "-o", &path("std2.tmlp")]);
    assert!(ok, "{err}");
    assert_eq!(
        fs::read(path("std.tmlp")).unwrap(),
        fs::read(path("std2.tmlp")).unwrap()
    );

    // Bad files through the command line: one line, status 1.
    let (ok, _, err) = tinymlp(&[
        "import",
        fixtures().join("bad-cnn.onnx").to_str().unwrap(),
        "-o",
        &path("x.tmlp"),
    ]);
    assert!(!ok);
    assert!(
        err.starts_with("error: ") && err.contains("node 'conv1' (Conv)"),
        "{err}"
    );
    let (ok, _, err) = tinymlp(&["export", &path("m.tmlp")]);
    assert!(!ok, "export needs --rust or --onnx");
    assert!(err.contains("--rust") && err.contains("--onnx"), "{err}");
}
