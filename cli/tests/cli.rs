//! The `tinymlp` command-line tool, end to end: train → eval → predict → info → export on
//! the CSV files of `tests/data/` (written by `scripts/make-cli-test-data.py`), the model it
//! writes loaded into the const-generic types, and every kind of bad input.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tinymlp::{Mlp2, Mlp3, include_model};
use tinymlp_cli::table::Table;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn tinymlp<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_tinymlp"))
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Runs and expects success.
fn ok<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let r = tinymlp(args);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    r
}

/// A fresh, empty directory for one test.
fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

fn data(name: &str) -> String {
    format!("{}/../tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json(r: &Run) -> Value {
    assert_eq!(
        r.stdout.lines().count(),
        1,
        "one line of JSON: {}",
        r.stdout
    );
    serde_json::from_str(&r.stdout).expect("valid JSON")
}

fn files(d: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

/// Trains the 2-4-1 moons model of several tests.
fn train_moons(d: &Path, extra: &[&str]) -> (PathBuf, Run) {
    let model = d.join("moons.tmlp");
    let mut args = vec![
        "train",
        &data("moons.csv"),
        "--hidden",
        "4",
        "-o",
        s(&model),
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    if !extra.contains(&"--epochs") {
        args.extend(["--epochs".to_string(), "300".to_string()]);
    }
    args.extend(extra.iter().map(|a| a.to_string()));
    let r = ok(&args);
    (model, r)
}

#[test]
fn train_eval_predict_info_export_on_two_classes() {
    let d = dir("two_classes");
    let plot = d.join("moons.svg");
    let (model, r) = train_moons(&d, &["--json", "--plot", s(&plot)]);
    let j = json(&r);
    assert_eq!(j["task"], "binary");
    assert_eq!(j["sizes"], serde_json::json!([2, 4, 1]));
    assert_eq!(j["activations"], serde_json::json!(["tanh", "sigmoid"]));
    assert_eq!(j["type"], "tinymlp::Mlp2<2, 4, 1>");
    assert_eq!(j["parameters"], 17);
    assert_eq!(
        (j["train"]["rows"].as_u64(), j["test"]["rows"].as_u64()),
        (Some(210), Some(90))
    );
    // Two noisy half moons (noise 0.2): a small MLP gets about 97 %; a linear model 86 %.
    let test_acc = j["test"]["accuracy"].as_f64().unwrap();
    assert!(test_acc >= 0.93, "test accuracy {test_acc}");
    let bytes = fs::read(&model).unwrap();
    assert_eq!(j["file_bytes"], bytes.len());
    assert_eq!(j["flash_bytes"], core::mem::size_of::<Mlp2<2, 4, 1>>());

    let e = json(&ok(&["eval", s(&model), &data("moons.csv"), "--json"]));
    assert_eq!(e["rows"], 300);
    let confusion: Vec<Vec<u64>> = serde_json::from_value(e["confusion"].clone()).unwrap();
    assert_eq!(confusion.iter().flatten().sum::<u64>(), 300);
    assert_eq!(confusion[0][0] + confusion[0][1], 150);
    let hits = (confusion[0][0] + confusion[1][1]) as f64 / 300.0;
    assert_eq!(e["accuracy"].as_f64().unwrap() as f32, hits as f32);
    let text = ok(&["eval", s(&model), &data("moons.csv")]).stdout;
    assert!(
        text.contains("accuracy") && text.contains("confusion matrix"),
        "{text}"
    );

    let p = ok(&["predict", s(&model), &data("moons.csv")]).stdout;
    let lines: Vec<&str> = p.lines().collect();
    assert_eq!(lines.len(), 301);
    assert_eq!(lines[0], "class,p1");

    let i = json(&ok(&["info", s(&model), "--json"]));
    assert_eq!(i["type"], "tinymlp::Mlp2<2, 4, 1>");
    assert_eq!(i["parameters"], 17);
    assert_eq!(i["standardized"], true);
    assert_eq!(i["flash_bytes"], j["flash_bytes"]);
    assert_eq!(i["ram_bytes"], 4 * (2 + 4 + 1));
    let info = ok(&["info", s(&model)]).stdout;
    assert!(info.contains("2 inputs → 4 tanh → 1 sigmoid"), "{info}");

    let rs = d.join("model.rs");
    let x = ok(&["export", s(&model), "--rust", s(&rs)]).stdout;
    assert!(
        x.contains("pub static MODEL: tinymlp::Mlp2<2, 4, 1>"),
        "{x}"
    );
    assert!(
        x.contains("include_model!(tinymlp::Mlp2<2, 4, 1>, \"moons.tmlp\")"),
        "{x}"
    );
    assert!(
        fs::read_to_string(&rs)
            .unwrap()
            .contains("pub static MODEL: tinymlp::Mlp2<2, 4, 1> =")
    );

    let svg = fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("<circle").count(), 300, "every row is drawn");
    assert!(svg.contains("decision regions") && svg.contains("<polyline"));
    assert_eq!(
        files(&d),
        ["model.rs", "moons.svg", "moons.tmlp"],
        "no temporary file left"
    );
}

#[test]
fn three_classes_get_a_softmax_output() {
    let d = dir("three_classes");
    let model = d.join("blobs.tmlp");
    let r = ok(&[
        "train",
        &data("blobs3.csv"),
        "-o",
        s(&model),
        "--json",
        "--hidden",
        "8",
    ]);
    let j = json(&r);
    assert_eq!(j["task"], "multiclass");
    assert_eq!(j["classes"], 3);
    assert_eq!(j["activations"], serde_json::json!(["tanh", "softmax"]));
    // Three blobs of std 1 that overlap a little: about 93 % is the best one can do.
    let test_acc = j["test"]["accuracy"].as_f64().unwrap();
    assert!(test_acc >= 0.88, "test accuracy {test_acc}");
    let e = json(&ok(&["eval", s(&model), &data("blobs3.csv"), "--json"]));
    let confusion: Vec<Vec<u64>> = serde_json::from_value(e["confusion"].clone()).unwrap();
    assert_eq!(confusion.len(), 3);
    assert!(confusion.iter().all(|row| row.iter().sum::<u64>() == 100));
    let p = ok(&["predict", s(&model), &data("blobs3.csv")]).stdout;
    let mut lines = p.lines();
    assert_eq!(lines.next(), Some("class,p0,p1,p2"));
    for line in lines {
        let v: Vec<f32> = line.split(',').map(|f| f.parse().unwrap()).collect();
        let sum: f32 = v[1..].iter().sum();
        assert!((sum - 1.0).abs() < 1e-5, "{line}");
        let best = (1..4).max_by(|&a, &b| v[a].total_cmp(&v[b])).unwrap() - 1;
        assert_eq!(v[0] as usize, best, "{line}");
    }
}

#[test]
fn a_real_valued_target_is_regression() {
    let d = dir("regression");
    let model = d.join("sine.tmlp");
    let r = ok(&[
        "train",
        &data("sine.csv"),
        "-o",
        s(&model),
        "--json",
        "--hidden",
        "16",
    ]);
    let j = json(&r);
    assert_eq!(j["task"], "regression");
    assert_eq!(j["activations"], serde_json::json!(["tanh", "identity"]));
    assert_eq!(j["test"]["accuracy"], Value::Null);
    // The noise has variance 0.0025: a good fit's MSE is close to it.
    let mse = j["test"]["loss"].as_f64().unwrap();
    assert!(mse < 0.01, "test MSE {mse}");
    let e = json(&ok(&["eval", s(&model), &data("sine.csv"), "--json"]));
    assert!(e["r2"].as_f64().unwrap() > 0.98, "{e}");
    assert_eq!(e["confusion"], Value::Null);
    let p = ok(&["predict", s(&model), &data("sine.csv")]).stdout;
    assert_eq!(p.lines().next(), Some("prediction"));
    assert_eq!(p.lines().count(), 201);
}

/// Parses the CSV the way the CLI does and returns its rows.
fn rows(path: &str) -> Vec<Vec<f32>> {
    let t = Table::parse_bytes(&fs::read(path).unwrap()).unwrap();
    t.rows().iter().map(|r| r.values.clone()).collect()
}

#[test]
fn the_cli_model_predicts_bit_identically_in_the_const_generic_type() {
    let d = dir("bit_identical");
    let (model, _) = train_moons(&d, &[]);
    let fixed = Mlp2::<2, 4, 1>::from_bytes(&fs::read(&model).unwrap()).unwrap();
    let out = ok(&["predict", s(&model), &data("moons.csv")]).stdout;
    let rows = rows(&data("moons.csv"));
    for (row, line) in rows.iter().zip(out.lines().skip(1)) {
        let (class, p) = line.split_once(',').unwrap();
        let p: f32 = p.parse().unwrap();
        let x = [row[0], row[1]];
        assert_eq!(fixed.predict(&x)[0].to_bits(), p.to_bits(), "{line}");
        assert_eq!(fixed.classify(&x).to_string(), class);
    }

    // A deeper, multi-class one.
    let m3 = d.join("blobs.tmlp");
    ok(&[
        "train",
        &data("blobs3.csv"),
        "--hidden",
        "5,5",
        "--activation",
        "relu",
        "--epochs",
        "50",
        "-o",
        s(&m3),
    ]);
    let fixed = Mlp3::<2, 5, 5, 3>::from_bytes(&fs::read(&m3).unwrap()).unwrap();
    let out = ok(&["predict", s(&m3), &data("blobs3.csv")]).stdout;
    for (row, line) in rows_of(&data("blobs3.csv")).iter().zip(out.lines().skip(1)) {
        let v: Vec<f32> = line
            .split(',')
            .skip(1)
            .map(|f| f.parse().unwrap())
            .collect();
        let want = fixed.predict(&[row[0], row[1]]);
        assert_eq!(
            v.iter().map(|f| f.to_bits()).collect::<Vec<_>>(),
            want.map(f32::to_bits),
            "{line}"
        );
    }
}

fn rows_of(path: &str) -> Vec<Vec<f32>> {
    rows(path)
}

#[test]
fn the_same_seed_gives_the_same_model_bytes() {
    let d = dir("determinism");
    let train = |seed: &str, name: &str| {
        let m = d.join(name);
        ok(&[
            "train",
            &data("blobs3.csv"),
            "--seed",
            seed,
            "--epochs",
            "40",
            "-o",
            s(&m),
        ]);
        fs::read(m).unwrap()
    };
    let a = train("7", "a.tmlp");
    assert_eq!(a, train("7", "b.tmlp"));
    assert_ne!(a, train("8", "c.tmlp"), "the seed must matter");
}

/// A model trained, embedded and exported by the CLI: `tests/fixtures/cli-moons-2-4-1.tmlp`
/// is `tinymlp train tests/data/moons.csv --hidden 4 --epochs 300 -o …`, and
/// `cli_moons_2_4_1.rs` its `tinymlp export … --rust …`.
static EMBEDDED: Mlp2<2, 4, 1> =
    include_model!(Mlp2<2, 4, 1>, "../../tests/fixtures/cli-moons-2-4-1.tmlp");

mod exported {
    include!("../../tests/fixtures/cli_moons_2_4_1.rs");
}

#[test]
fn the_exported_source_compiles_equals_the_model_and_is_up_to_date() {
    const REGENERATE: &str = "regenerate with: cargo run -p tinymlp-cli -- train \
        tests/data/moons.csv --hidden 4 --epochs 300 -o tests/fixtures/cli-moons-2-4-1.tmlp && \
        cargo run -p tinymlp-cli -- export tests/fixtures/cli-moons-2-4-1.tmlp \
        --rust tests/fixtures/cli_moons_2_4_1.rs";
    assert_eq!(exported::MODEL, EMBEDDED);
    let d = dir("export");
    let fixture = format!(
        "{}/../tests/fixtures/cli-moons-2-4-1.tmlp",
        env!("CARGO_MANIFEST_DIR")
    );
    let rs = d.join("m.rs");
    ok(&["export", &fixture, "--rust", s(&rs)]);
    assert_eq!(
        fs::read_to_string(&rs).unwrap(),
        include_str!("../../tests/fixtures/cli_moons_2_4_1.rs"),
        "the exported source is out of date; {REGENERATE}"
    );
    // Training today reproduces the fixture bit for bit (training is deterministic across
    // targets and versions; a deliberate change of the numerics regenerates it).
    let (model, _) = train_moons(&d, &[]);
    assert!(
        fs::read(&model).unwrap() == include_bytes!("../../tests/fixtures/cli-moons-2-4-1.tmlp"),
        "the CLI no longer trains the fixture model; {REGENERATE}"
    );
    let x = [0.5, 0.25];
    assert_eq!(
        exported::MODEL.predict(&x)[0].to_bits(),
        EMBEDDED.predict(&x)[0].to_bits()
    );
}

#[test]
fn the_target_can_be_any_column_and_is_optional_for_predict() {
    let d = dir("target");
    // The moons with the label first, a quoted header, CRLF line ends.
    let src = fs::read_to_string(data("moons.csv")).unwrap();
    let mut moved = String::from("\"label\",\"x 0\",x1\r\n");
    let mut inputs_only = String::from("x0,x1\n");
    for line in src.lines().skip(1) {
        let v: Vec<&str> = line.split(',').collect();
        moved.push_str(&format!("{},{},\"{}\"\r\n", v[2], v[0], v[1]));
        inputs_only.push_str(&format!("{},{}\n", v[0], v[1]));
    }
    let (moved_csv, inputs_csv) = (d.join("moved.csv"), d.join("inputs.csv"));
    fs::write(&moved_csv, moved).unwrap();
    fs::write(&inputs_csv, inputs_only).unwrap();
    let m = d.join("m.tmlp");
    ok(&[
        "train",
        s(&moved_csv),
        "--target",
        "label",
        "--hidden",
        "4",
        "--epochs",
        "300",
        "-o",
        s(&m),
    ]);
    // The same samples in the same order as moons.csv: the same model.
    let (reference, _) = train_moons(&dir("target_reference"), &[]);
    assert_eq!(fs::read(&m).unwrap(), fs::read(reference).unwrap());
    let e = json(&ok(&[
        "eval",
        s(&m),
        s(&moved_csv),
        "--target",
        "label",
        "--json",
    ]));
    assert_eq!(e["rows"], 300);
    let with = ok(&["predict", s(&m), s(&moved_csv), "--target", "label"]).stdout;
    let without = ok(&["predict", s(&m), s(&inputs_csv)]).stdout;
    let with_last = ok(&["predict", s(&m), &data("moons.csv")]).stdout;
    assert_eq!(with, without);
    assert_eq!(with, with_last);
    let out = d.join("p.csv");
    ok(&["predict", s(&m), s(&inputs_csv), "-o", s(&out)]);
    assert_eq!(fs::read_to_string(out).unwrap(), without);
}

#[test]
fn no_test_split_and_other_training_options() {
    let d = dir("options");
    let r = ok(&[
        "train",
        &data("moons.csv"),
        "--test-split",
        "0",
        "--hidden",
        "",
        "--optimizer",
        "sgd",
        "--lr",
        "0.5",
        "--batch",
        "full",
        "--epochs",
        "50",
        "--json",
        "--no-standardize",
    ]);
    let j = json(&r);
    assert_eq!(j["test"], Value::Null);
    assert_eq!(j["train"]["rows"], 300);
    assert_eq!(j["type"], "tinymlp::Mlp1<2, 1>");
    assert_eq!(j["standardized"], false);
    assert_eq!(j["model"], Value::Null);
    for opt in [["--optimizer", "momentum"], ["--batch", "online"]] {
        ok(&[
            "train",
            &data("moons.csv"),
            opt[0],
            opt[1],
            "--epochs",
            "5",
            "--json",
        ]);
    }
    // Integer targets as numbers.
    let j = json(&ok(&[
        "train",
        &data("blobs3.csv"),
        "--regression",
        "--epochs",
        "5",
        "--json",
    ]));
    assert_eq!(j["task"], "regression");
    let text = ok(&["train", &data("moons.csv"), "--epochs", "5"]).stdout;
    for key in ["train ", "test ", "parameters", "flash", "RAM", "not saved"] {
        assert!(text.contains(key), "{key} in {text}");
    }
    assert!(files(&d).is_empty());
}

/// Asserts a failed run with a one-line `FILE:LINE:COLUMN: message` error (or `error: …`
/// when `at` is `None`) and no panic.
fn fails_at(r: &Run, file: &Path, at: Option<(usize, usize)>, message: &str) {
    assert_eq!(r.code, 1, "stderr: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let line = r.stderr.trim_end();
    assert_eq!(line.lines().count(), 1, "one line: {line}");
    match at {
        Some((l, c)) => {
            let prefix = format!("{}:{l}:{c}: ", s(file));
            assert!(
                line.starts_with(&prefix),
                "{line:?} should start with {prefix:?}"
            );
        }
        None => assert!(line.starts_with("error: "), "{line}"),
    }
    assert!(
        line.contains(message),
        "{line:?} should contain {message:?}"
    );
}

#[test]
fn bad_csv_files_are_located_errors_and_write_nothing() {
    /// name, file contents, extra arguments, where, message
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [&'a str],
        Option<(usize, usize)>,
        &'a str,
    );
    let cases: &[Case<'_>] = &[
        ("empty", "", &[], Some((1, 1)), "the file is empty"),
        ("blank", "\n\n", &[], Some((1, 1)), "the file is empty"),
        ("header_only", "a,b,y\n", &[], Some((2, 1)), "no data rows"),
        (
            "missing",
            "a,b,y\n1,2,0\n3,,1\n",
            &[],
            Some((3, 2)),
            "column 2 (\"b\"): missing value",
        ),
        (
            "text",
            "a,b,y\n1,2,0\n3,four,1\n",
            &[],
            Some((3, 2)),
            "\"four\" is not a number",
        ),
        (
            "nan",
            "a,b,y\n1,2,0\n3,NaN,1\n",
            &[],
            Some((3, 2)),
            "not a finite number",
        ),
        (
            "inf",
            "a,b,y\n1,inf,0\n3,4,1\n",
            &[],
            Some((2, 2)),
            "not a finite number",
        ),
        (
            "neg_inf",
            "a,b,y\n1,2,0\n-Infinity,4,1\n",
            &[],
            Some((3, 1)),
            "not a finite number",
        ),
        (
            "huge",
            "a,b,y\n1,2,0\n3,1e40,1\n",
            &[],
            Some((3, 2)),
            "too large",
        ),
        (
            "short",
            "a,b,y\n1,2,0\n3,4\n",
            &[],
            Some((3, 3)),
            "column 3 (\"y\") is missing",
        ),
        (
            "long",
            "a,b,y\n1,2,0\n3,4,1,5\n",
            &[],
            Some((3, 4)),
            "the row has 4 fields but the header has 3",
        ),
        (
            "quote",
            "a,b,y\n1,2,0\n3,\"4,1\n",
            &[],
            Some((3, 2)),
            "never closed",
        ),
        ("no_header", "1,2,0\n3,4,1\n", &[], Some((1, 1)), "header"),
        (
            "dup",
            "a,a,y\n1,2,0\n3,4,1\n",
            &[],
            Some((1, 2)),
            "same name",
        ),
        (
            "target",
            "a,b,y\n1,2,0\n3,4,1\n",
            &["--target", "label"],
            Some((1, 1)),
            "no column named \"label\"",
        ),
        (
            "label_neg",
            "a,b,y\n1,2,0\n3,4,-1\n",
            &[],
            Some((3, 3)),
            "class label -1 is out of range",
        ),
        (
            "label_big",
            "a,b,y\n1,2,0\n3,4,256\n",
            &[],
            Some((3, 3)),
            "class label 256 is out of range",
        ),
        (
            "one_class",
            "a,b,y\n1,2,0\n3,4,0\n",
            &[],
            None,
            "only the class 0",
        ),
        (
            "one_column",
            "y\n1\n2\n",
            &[],
            Some((1, 1)),
            "single column",
        ),
        ("one_row", "a,y\n1,0.5\n", &[], None, "cannot be split"),
    ];
    for (name, text, extra, at, message) in cases {
        let d = dir(&format!("bad_csv_{name}"));
        let csv = d.join("data.csv");
        fs::write(&csv, text).unwrap();
        let mut args = vec![
            "train".to_string(),
            s(&csv).into(),
            "-o".into(),
            s(&d.join("m.tmlp")).into(),
        ];
        args.extend(["--plot".to_string(), s(&d.join("p.svg")).into()]);
        args.extend(extra.iter().map(|a| a.to_string()));
        let r = tinymlp(&args);
        fails_at(&r, &csv, *at, message);
        assert_eq!(files(&d), ["data.csv"], "{name}: nothing written");
    }
    let r = tinymlp(&["train", "no/such/file.csv"]);
    fails_at(&r, Path::new(""), None, "cannot read no/such/file.csv");
}

#[test]
fn eval_and_predict_check_labels_and_columns_against_the_model() {
    let d = dir("eval_checks");
    let (binary, _) = train_moons(&d, &["--epochs", "20"]);
    let blobs = d.join("blobs.tmlp");
    ok(&[
        "train",
        &data("blobs3.csv"),
        "--epochs",
        "20",
        "-o",
        s(&blobs),
    ]);
    /// model, command, name, file contents, where, message
    type Case<'a> = (&'a Path, &'a str, &'a str, &'a str, (usize, usize), &'a str);
    let cases: &[Case<'_>] = &[
        (
            &binary,
            "eval",
            "label2",
            "x0,x1,label\n1,2,0\n3,4,2\n",
            (3, 3),
            "class label 2 is out of range: the model has 2 classes",
        ),
        (
            &blobs,
            "eval",
            "label3",
            "a,b,c\n1,2,0\n3,4,3\n",
            (3, 3),
            "class label 3 is out of range: the model has 3 classes",
        ),
        (
            &blobs,
            "eval",
            "half",
            "a,b,c\n1,2,0.5\n",
            (2, 3),
            "0.5 is not a class label",
        ),
        (
            &binary,
            "eval",
            "no_target",
            "x0,x1\n1,2\n",
            (1, 3),
            "needs 3 columns (2 inputs and 1 target column), but it has 2",
        ),
        (
            &binary,
            "eval",
            "wide",
            "x0,x1,x2,y\n1,2,3,0\n",
            (1, 4),
            "but it has 4",
        ),
        (
            &binary,
            "predict",
            "wide",
            "x0,x1,x2,x3\n1,2,3,0\n",
            (1, 4),
            "needs 2 columns (the inputs) or 3",
        ),
        (
            &binary,
            "predict",
            "narrow",
            "x0\n1\n",
            (1, 2),
            "but it has 1",
        ),
        (
            &binary,
            "predict",
            "nan",
            "x0,x1\n1,nan\n",
            (2, 2),
            "not a finite number",
        ),
    ];
    for (model, cmd, name, text, at, message) in cases {
        let csv = d.join(format!("{cmd}_{name}.csv"));
        fs::write(&csv, text).unwrap();
        let out = d.join("out.csv");
        let r = if *cmd == "predict" {
            tinymlp(&[cmd, s(model), s(&csv), "-o", s(&out)])
        } else {
            tinymlp(&[cmd, s(model), s(&csv)])
        };
        fails_at(&r, &csv, Some(*at), message);
        assert!(
            r.stdout.is_empty(),
            "{cmd} {name}: no partial output: {}",
            r.stdout
        );
        assert!(!out.exists());
    }
}

#[test]
fn bad_model_files_are_clear_errors() {
    let d = dir("bad_models");
    let (model, _) = train_moons(&d, &["--epochs", "5"]);
    let good = fs::read(&model).unwrap();
    let mut corrupted = good.clone();
    corrupted[40] ^= 0x10;
    let mut version = good.clone();
    version[4] = 9;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", good[..good.len() - 7].to_vec(), "truncated"),
        ("corrupted", corrupted, "corrupted (CRC-32 mismatch)"),
        ("version", version, "unsupported model format version 9"),
        ("empty", Vec::new(), "truncated"),
        (
            "csv",
            fs::read(data("moons.csv")).unwrap(),
            "not a tinymlp model file",
        ),
        (
            "trailing",
            [good.clone(), vec![0]].concat(),
            "bytes after its checksum",
        ),
    ];
    for (name, bytes, message) in &cases {
        let m = d.join(format!("{name}.tmlp"));
        fs::write(&m, bytes).unwrap();
        let rs = d.join(format!("{name}.rs"));
        for args in [
            vec!["eval", s(&m), &data("moons.csv")],
            vec!["predict", s(&m), &data("moons.csv")],
            vec!["info", s(&m)],
            vec!["export", s(&m), "--rust", s(&rs)],
        ] {
            let r = tinymlp(&args);
            fails_at(&r, &m, None, message);
            assert!(
                r.stderr.starts_with(&format!("error: {}: ", s(&m))),
                "{}",
                r.stderr
            );
        }
        assert!(!rs.exists());
    }
    // A model of another shape: three inputs expected, the file has two.
    let wide = d.join("wide.csv");
    fs::write(&wide, "a,b,c,y\n1,2,3,0\n4,5,6,1\n").unwrap();
    let m3 = d.join("three.tmlp");
    ok(&[
        "train",
        s(&wide),
        "--test-split",
        "0",
        "--epochs",
        "2",
        "-o",
        s(&m3),
    ]);
    fails_at(
        &tinymlp(&["eval", s(&m3), &data("moons.csv")]),
        Path::new(&data("moons.csv")),
        Some((1, 4)),
        "the model takes 3 inputs",
    );
    let r = tinymlp(&["info", s(&d.join("missing.tmlp"))]);
    fails_at(&r, Path::new(""), None, "cannot read");
}

#[test]
fn bad_command_lines_print_the_usage() {
    let csv = data("moons.csv");
    let cases: &[&[&str]] = &[
        &[],
        &["fit"],
        &["train"],
        &["train", &csv, "extra.csv"],
        &["train", &csv, "--epochs", "0"],
        &["train", &csv, "--epochs", "many"],
        &["train", &csv, "--lr", "-1"],
        &["train", &csv, "--lr", "NaN"],
        &["train", &csv, "--test-split", "1"],
        &["train", &csv, "--hidden", "8,x"],
        &["train", &csv, "--hidden", "8,0"],
        &["train", &csv, "--hidden", "1,1,1,1,1"],
        &["train", &csv, "--activation", "softmax"],
        &["train", &csv, "--optimizer", "rmsprop"],
        &["train", &csv, "--batch", "0"],
        &["train", &csv, "--seed", "-3"],
        &["train", &csv, "--frobnicate"],
        &["train", &csv, "--epochs"],
        &["train", &csv, "--json=yes"],
        &["train", &csv, "--epochs", "3", "--epochs", "4"],
        &["eval", "m.tmlp"],
        &["predict"],
        &["info"],
        &["info", "a.tmlp", "b.tmlp"],
        &["export", "m.tmlp"],
        &["export", "m.tmlp", "--rust", "m.rs", "--name", "1st"],
        &["export", "m.tmlp", "--rust", "m.rs", "--name", "fn"],
        &["export", "m.tmlp", "--rust", "m.rs", "--name", "Self"],
    ];
    for args in cases {
        let r = tinymlp(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
        // clap shows the usage after a missing or unknown argument, and after a bad value
        // points to `--help` (docs/cli.md, "Changes from the hand-written parser").
        assert!(
            r.stderr.contains("Usage:") || r.stderr.contains("try '--help'"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn every_command_has_help() {
    for cmd in ["train", "eval", "predict", "info", "export", "quantize"] {
        for args in [vec![cmd, "--help"], vec![cmd, "-h"], vec!["help", cmd]] {
            let r = ok(&args);
            assert!(
                r.stdout.starts_with(&format!("Usage: tinymlp {cmd}")),
                "{args:?}: {}",
                r.stdout
            );
        }
    }
    // The overview lists every command, with the first line of its doc.
    let r = ok(&["--help"]);
    for cmd in [
        "train",
        "eval",
        "predict",
        "info",
        "export",
        "quantize",
        "completions",
    ] {
        assert!(
            r.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{cmd} "))),
            "{cmd}: {}",
            r.stdout
        );
    }
    assert!(ok(&["--version"]).stdout.starts_with("tinymlp "));
}

#[test]
fn unwritable_outputs_fail_before_training() {
    let d = dir("unwritable");
    for args in [
        vec!["train", &data("moons.csv"), "-o", "no/such/dir/m.tmlp"],
        vec!["train", &data("moons.csv"), "--plot", "no/such/dir/p.svg"],
        vec!["train", &data("moons.csv"), "-o", s(&d)],
    ] {
        let r = tinymlp(&args);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
        // Checked before training: no summary was printed.
        assert!(r.stdout.is_empty());
    }
    assert!(files(&d).is_empty());
    let r = tinymlp(&["train", &data("moons.csv"), "-o", &data("moons.csv")]);
    assert!(r.stderr.contains("that is the data file"), "{}", r.stderr);
}

#[test]
fn quantize_makes_an_int8_model_that_eval_predict_and_info_take() {
    let d = dir("quantize");
    let model = d.join("blobs.tmlp");
    let csv = data("blobs3.csv");
    ok(&[
        "train",
        &csv,
        "--hidden",
        "8",
        "--epochs",
        "100",
        "-o",
        s(&model),
    ]);
    for (name, extra) in [("q8", None), ("q8-layer", Some("--per-layer"))] {
        let q8 = d.join(format!("{name}.tmlp"));
        let mut args = vec!["quantize", s(&model), &csv, "-o", s(&q8), "--json"];
        args.extend(extra);
        let summary = json(&ok(&args));
        let (f, i) = (
            summary["f32_accuracy"].as_f64().unwrap(),
            summary["int8_accuracy"].as_f64().unwrap(),
        );
        assert!((f - i).abs() <= 0.01, "f32 {f} vs int8 {i}");
        assert!(summary["agreement"].as_f64().unwrap() >= 0.97, "{summary}");
        assert_eq!(summary["type"], "tinymlp::quant::QMlp2<2, 8, 3>");

        // eval and predict run the integer network.
        let eval = json(&ok(&["eval", s(&q8), &csv, "--json"]));
        assert_eq!(eval["dtype"], "int8");
        assert_eq!(eval["accuracy"].as_f64().unwrap(), i);
        let fixed = tinymlp::quant::QMlp2::<2, 8, 3>::from_bytes(&fs::read(&q8).unwrap()).unwrap();
        let predictions = ok(&["predict", s(&q8), &csv]).stdout;
        for (line, x) in predictions.lines().skip(1).zip(rows(&csv)) {
            let class: usize = line.split(',').next().unwrap().parse().unwrap();
            assert_eq!(class, fixed.classify(&[x[0], x[1]]));
        }
        let info = json(&ok(&["info", s(&q8), "--json"]));
        assert_eq!(info["dtype"], "int8");
        assert_eq!(info["format_version"], 2);
        assert_eq!(
            info["flash_bytes"].as_u64().unwrap() as usize,
            core::mem::size_of_val(&fixed)
        );
    }
    // What an int8 model is not for.
    let q8 = d.join("q8.tmlp");
    let r = tinymlp(&["export", s(&q8), "--rust", s(&d.join("q.rs"))]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("include_model!"), "{}", r.stderr);
    let r = tinymlp(&["quantize", s(&q8), &csv, "-o", s(&d.join("again.tmlp"))]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("already an int8 model"), "{}", r.stderr);
    assert_eq!(
        tinymlp(&["quantize", s(&model), &csv]).code,
        2,
        "-o is required"
    );
    assert!(!d.join("again.tmlp").exists() && !d.join("q.rs").exists());
}

#[test]
fn a_closed_stdout_ends_quietly_and_a_full_one_is_an_error() {
    use std::process::Stdio;
    let d = dir("stdout");
    let (model, _) = train_moons(&d, &["--epochs", "5"]);
    let csv = data("moons.csv");
    let commands: [&[&str]; 4] = [
        &["predict", s(&model), &csv],
        &["train", &csv, "--epochs", "5", "--json"],
        &["info", s(&model)],
        &["completions", "bash"],
    ];
    for args in commands {
        // The reader is gone before the first write: `… | head -0`.
        let mut child = Command::new(env!("CARGO_BIN_EXE_tinymlp"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: quiet, not {stderr:?}");

        // A full device is an error, not a panic.
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_tinymlp"))
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: cannot write to stdout: No space left on device"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    let bash = ok(&["completions", "bash"]).stdout;
    assert!(bash.contains("complete -F _tinymlp") && bash.contains("quantize"));
    let zsh = ok(&["completions", "zsh"]).stdout;
    assert!(zsh.starts_with("#compdef tinymlp") && zsh.contains("--test-split"));
    let fish = ok(&["completions", "fish"]).stdout;
    assert!(fish.contains("complete -c tinymlp") && fish.contains("no-standardize"));
    assert_eq!(tinymlp(&["completions", "powershell"]).code, 2);
}

#[test]
fn a_huge_network_is_refused_before_it_is_built() {
    let d = dir("huge");
    let m = d.join("m.tmlp");
    for hidden in ["100000,100000", "18446744073709551615,2"] {
        let r = tinymlp(&["train", &data("moons.csv"), "--hidden", hidden, "-o", s(&m)]);
        fails_at(&r, Path::new(""), None, "parameters; the limit is 10000000");
    }
    assert!(files(&d).is_empty());
}

#[test]
fn one_row_is_one_row() {
    let d = dir("one_row");
    let csv = d.join("two.csv");
    fs::write(&csv, "a,y\n1,0\n2,1\n").unwrap();
    let text = ok(&["train", s(&csv), "--test-split", "0.5", "--epochs", "2"]).stdout;
    assert!(text.contains(": 2 rows, 1 input, target"), "{text}");
    assert!(text.contains("train       1 row, loss"), "{text}");
    assert!(text.contains("test        1 row, loss"), "{text}");
}

#[test]
fn an_output_that_is_an_input_or_another_output_is_refused_by_identity() {
    let d = dir("same_file");
    let csv = d.join("data.csv");
    let original = fs::read(data("moons.csv")).unwrap();
    fs::write(&csv, &original).unwrap();
    let (model, _) = train_moons(&d, &["--epochs", "5"]);
    let model_bytes = fs::read(&model).unwrap();
    let link = d.join("link.csv");
    let hard = d.join("hard.csv");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&csv, &link).unwrap();
    fs::hard_link(&csv, &hard).unwrap();
    let relative = format!("{}/./data.csv", s(&d));
    let spellings = [relative.as_str(), s(&csv), s(&link), s(&hard)];
    for same in spellings {
        if !Path::new(same).exists() {
            continue;
        }
        for args in [
            vec!["train", s(&csv), "-o", same],
            vec!["train", s(&csv), "--plot", same],
            vec!["predict", s(&model), s(&csv), "-o", same],
            vec!["quantize", s(&model), s(&csv), "-o", same],
        ] {
            let r = tinymlp(&args);
            fails_at(&r, Path::new(""), None, "that is the data file");
        }
    }
    let r = tinymlp(&["export", s(&model), "--rust", s(&model)]);
    fails_at(&r, Path::new(""), None, "that is the model file");
    let r = tinymlp(&["quantize", s(&model), s(&csv), "-o", s(&model)]);
    fails_at(&r, Path::new(""), None, "that is the model file");
    let out = d.join("out.tmlp");
    let r = tinymlp(&["train", s(&csv), "-o", s(&out), "--plot", s(&out)]);
    fails_at(&r, Path::new(""), None, "that is -o");
    assert_eq!(fs::read(&csv).unwrap(), original, "the data is untouched");
    assert_eq!(
        fs::read(&model).unwrap(),
        model_bytes,
        "the model is untouched"
    );
    assert!(!out.exists());
}

#[cfg(unix)]
#[test]
fn a_device_is_written_to_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let d = dir("device");
    let (model, _) = train_moons(&d, &["--epochs", "5"]);
    ok(&["predict", s(&model), &data("moons.csv"), "-o", "/dev/null"]);
    ok(&[
        "train",
        &data("moons.csv"),
        "--epochs",
        "5",
        "-o",
        "/dev/null",
    ]);
    let kind = fs::metadata("/dev/null").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/null is still a device");
    assert!(!fs::read_dir("/dev").unwrap().any(|e| {
        let name = e.unwrap().file_name();
        name.to_string_lossy().starts_with(".tinymlp-")
    }));
}

#[cfg(unix)]
#[test]
fn input_files_have_a_size_limit_and_dev_zero_ends_quickly() {
    use std::time::{Duration, Instant};
    let d = dir("size_limit");
    let (model, _) = train_moons(&d, &["--epochs", "5"]);
    let csv = data("moons.csv");
    let out = d.join("out.tmlp");
    let started = Instant::now();
    // As a model: the default limit (64 MiB) ends the read.
    for args in [
        vec!["info", "/dev/zero"],
        vec!["eval", "/dev/zero", &csv],
        vec!["predict", "/dev/zero", &csv],
        vec!["export", "/dev/zero", "--rust", s(&d.join("m.rs"))],
        vec!["quantize", "/dev/zero", &csv, "-o", s(&out)],
    ] {
        let r = tinymlp(&args);
        fails_at(
            &r,
            Path::new(""),
            None,
            "/dev/zero is larger than 67108864 bytes",
        );
        assert!(r.stderr.contains("--max-input-bytes"), "{}", r.stderr);
    }
    // As data: not text (the first byte is NUL), or larger than an explicit limit.
    for cmd in ["train", "eval", "predict", "quantize"] {
        let mut args = if cmd == "train" {
            vec![cmd, "/dev/zero"]
        } else {
            vec![cmd, s(&model), "/dev/zero"]
        };
        args.extend(["-o", s(&out)].iter().filter(|_| cmd != "eval"));
        let r = tinymlp(&args);
        fails_at(&r, Path::new("/dev/zero"), Some((1, 1)), "NUL byte");
    }
    assert!(started.elapsed() < Duration::from_secs(20), "quick");
    // A real file over a small explicit limit.
    let len = fs::metadata(&csv).unwrap().len();
    let limit = (len - 1).to_string();
    let r = tinymlp(&["train", &csv, "--max-input-bytes", &limit, "-o", s(&out)]);
    let message = format!("is larger than {limit} bytes (--max-input-bytes {limit})");
    fails_at(&r, Path::new(""), None, &message);
    let r = tinymlp(&["eval", s(&model), &csv, "--max-input-bytes", "1K"]);
    fails_at(&r, Path::new(""), None, "is larger than 1024 bytes");
    let r = tinymlp(&["info", s(&model), "--max-input-bytes", "100"]);
    fails_at(&r, Path::new(""), None, "is larger than 100 bytes");
    // Exactly at the limit is fine.
    ok(&[
        "train",
        &csv,
        "--epochs",
        "1",
        "--max-input-bytes",
        &len.to_string(),
    ]);
    assert!(!out.exists());
}

#[test]
fn a_file_with_bare_carriage_returns_gets_its_own_message() {
    let d = dir("bare_cr");
    let (model, _) = train_moons(&d, &["--epochs", "5"]);
    let message = "lines end with a bare carriage return (CR); convert the file to LF or CRLF";
    for (name, text, at) in [
        ("mac", "a,b,y\r1,2,0\r3,4,1\r", (1, 3)),
        ("one_column", "y\r1\r0\r", (1, 1)),
        ("later", "a,b,y\n1,2,0\n3,4,1\r5,6,0\n", (3, 3)),
    ] {
        let csv = d.join(format!("{name}.csv"));
        fs::write(&csv, text).unwrap();
        let r = tinymlp(&["train", s(&csv), "-o", s(&d.join("m.tmlp"))]);
        fails_at(&r, &csv, Some(at), message);
    }
    let csv = d.join("mac.csv");
    fails_at(
        &tinymlp(&["predict", s(&model), s(&csv)]),
        &csv,
        Some((1, 3)),
        message,
    );
    assert!(!d.join("m.tmlp").exists());
    // CRLF, and a stray CR before a line end, are still fine.
    let crlf = d.join("crlf.csv");
    fs::write(&crlf, "a,b,y\r\n1,2,0\r\n3,4,1\r\r\n").unwrap();
    ok(&["train", s(&crlf), "--test-split", "0", "--epochs", "1"]);
}

#[test]
fn a_column_without_a_name_is_refused_where_it_is() {
    let d = dir("empty_name");
    let (model, _) = train_moons(&d, &["--epochs", "5"]);
    for (name, text, column) in [
        ("middle", "a,,y\n1,2,0\n3,4,1\n", 2),
        ("last", "x0,x1,\n1,2,0\n3,4,1\n", 3),
        ("spaces", "x0, \"\" ,y\n1,2,0\n3,4,1\n", 2),
    ] {
        let csv = d.join(format!("{name}.csv"));
        fs::write(&csv, text).unwrap();
        let message = format!("column {column} has no name");
        let r = tinymlp(&["train", s(&csv), "-o", s(&d.join("m.tmlp"))]);
        fails_at(&r, &csv, Some((1, column)), &message);
        let r = tinymlp(&["eval", s(&model), s(&csv)]);
        fails_at(&r, &csv, Some((1, column)), &message);
    }
    assert!(!d.join("m.tmlp").exists());
}

#[test]
fn a_single_class_is_refused_whichever_it_is() {
    let d = dir("single_class");
    for class in ["0", "1", "2", "7"] {
        let csv = d.join("data.csv");
        fs::write(
            &csv,
            format!("a,b,y\n1,2,{class}\n3,4,{class}\n5,6,{class}\n"),
        )
        .unwrap();
        let r = tinymlp(&["train", s(&csv), "-o", s(&d.join("m.tmlp"))]);
        let message = format!(
            "the target column \"y\" holds only the class {class}: a classifier needs two classes or more"
        );
        fails_at(&r, Path::new(""), None, &message);
        // As a number it can be fitted.
        ok(&["train", s(&csv), "--regression", "--epochs", "1"]);
    }
    assert_eq!(files(&d), ["data.csv"]);
}

#[test]
fn divergence_is_an_error_for_every_optimizer_and_writes_nothing() {
    let d = dir("diverged");
    let model = d.join("m.tmlp");
    let plot = d.join("p.svg");
    let before = b"an existing model file".to_vec();
    for csv in ["moons.csv", "blobs3.csv", "sine.csv"] {
        for optimizer in ["sgd", "momentum", "adam"] {
            fs::write(&model, &before).unwrap();
            let r = tinymlp(&[
                "train",
                &data(csv),
                "--lr",
                "1e30",
                "--optimizer",
                optimizer,
                "-o",
                s(&model),
                "--plot",
                s(&plot),
            ]);
            fails_at(&r, Path::new(""), None, "training diverged");
            assert!(
                r.stderr
                    .contains("try a smaller --lr. Nothing was written."),
                "{csv} {optimizer}: {}",
                r.stderr
            );
            assert!(r.stdout.is_empty());
            assert_eq!(fs::read(&model).unwrap(), before, "{csv} {optimizer}");
            assert!(!plot.exists());
        }
    }
    assert_eq!(files(&d), ["m.tmlp"]);
}
