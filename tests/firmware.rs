//! The desktop side of the example firmware (`examples/cortex-m/`).
//!
//! - `train_digest`: runs the `train` firmware's experiment, from the very same source file,
//!   on this machine and prints the digest of the trained weights. `scripts/firmware.sh` runs
//!   this test and fails unless every Cortex-M core printed the same digest.
//! - `exported_model_is_current`: the `classify` firmware's model file is exactly what
//!   `cargo run --example export_model` produces now.

#[allow(dead_code)] // the firmware uses all of it; the test only the experiment
#[path = "../examples/cortex-m/src/experiment.rs"]
mod experiment;

#[allow(dead_code)] // its `main` writes the file; the test only compares
#[path = "../examples/export_model.rs"]
mod export_model;

use tinymlp::Network;

#[test]
fn train_digest() {
    let mut reported = Vec::new();
    let outcome = experiment::run(|p| reported.push(p.epoch)).expect("training runs");
    // The line scripts/firmware.sh reads.
    println!("host digest {:#018x}", outcome.net.digest());
    println!(
        "loss {:.4}, train accuracy {:.1} %, test accuracy {:.1} %",
        outcome.loss,
        100.0 * outcome.train_accuracy,
        100.0 * outcome.test_accuracy
    );
    assert!(
        outcome.passed(),
        "test accuracy {} is below the firmware's threshold {}",
        outcome.test_accuracy,
        experiment::ACCURACY_THRESHOLD
    );
    let last = experiment::EPOCHS - 1;
    assert_eq!(reported.first(), Some(&0));
    assert_eq!(reported.last(), Some(&last));

    // The experiment is a pure function of its constants: a second run gives the same bits.
    let again = experiment::run(|_| {}).expect("training runs");
    assert_eq!(again.net.digest(), outcome.net.digest());
}

#[test]
fn exported_model_is_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cortex-m/src/model.rs"
    );
    let committed = std::fs::read_to_string(path).expect("the model file exists");
    let fresh = export_model::model_source().expect("the exporter trains");
    assert!(
        committed == fresh,
        "{path} is stale: run `cargo run --release --example export_model`"
    );
}
