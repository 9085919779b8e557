//! The desktop side of the example firmware (`examples/cortex-m/`).
//!
//! - `train_digest`: runs the `train` firmware's experiment, from the very same source file,
//!   on this machine and prints the digest of the trained weights. `scripts/firmware.sh` runs
//!   this test and fails unless every Cortex-M core printed the same digest.
//! - `exported_models_are_current`: the `classify` firmwares' model files and `model.rs` are
//!   exactly what `cargo run --example export_model` produces now.

#[allow(dead_code)] // the firmware uses all of it; the test only the experiment
#[path = "../examples/cortex-m/src/experiment.rs"]
mod experiment;

#[allow(dead_code)] // the firmware uses all of it
#[path = "../examples/cortex-m/src/finetune.rs"]
mod finetune;

#[allow(dead_code)] // the firmware uses all of it
#[path = "../examples/cortex-m/src/model.rs"]
#[rustfmt::skip] // generated, in the exporter's layout
mod model;

#[allow(dead_code)] // its `main` writes the file; the test only compares
#[path = "../examples/export_model.rs"]
mod export_model;

use tinymlp::Parameters;

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
fn finetune_digest() {
    let outcome = finetune::run(&model::MODEL).expect("fine-tuning runs");
    // The line scripts/firmware.sh reads.
    println!("host finetune digest {:#018x}", outcome.digest);
    println!(
        "accuracy on drifted data: {:.1} % before, {:.1} % after",
        100.0 * outcome.before,
        100.0 * outcome.after
    );
    assert!(outcome.passed(), "fine-tuning did not reach its threshold");
}

#[test]
fn exported_models_are_current() {
    for (path, fresh) in export_model::artifacts().expect("the exporter trains") {
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{path} is stale: run `cargo run --release --example export_model`"
        );
    }
}
