//! The desktop side of the example firmware (`examples/cortex-m/`).
//!
//! - `train_digest`: runs the `train` firmware's experiment, from the very same source file,
//!   on this machine and prints the digest of the trained weights. `scripts/firmware.sh` runs
//!   this test and fails unless every Cortex-M core printed the same digest.
//! - `sensor_digest`: the same for the `sensor` firmware's 16-32-16-4 classifier; and the
//!   hand-written version of that network (`hand.rs`, the firmware's yardstick), trained from
//!   the same weights on the same samples, must end where the library does.
//! - `hand_221_is_the_librarys_arithmetic`: the hand-written 2-2-1 computes the library's bits,
//!   so the firmware's library/hand ratios compare the same work.
//! - `exported_models_are_current`: the `classify` firmwares' model files and `model.rs` are
//!   exactly what `cargo run --example export_model` produces now.

#[allow(dead_code)] // the firmware uses all of it; the test only the experiment
#[path = "../examples/cortex-m/src/experiment.rs"]
mod experiment;

#[allow(dead_code)] // the firmware uses all of it
#[path = "../examples/cortex-m/src/finetune.rs"]
mod finetune;

#[allow(dead_code)] // the firmware uses all of it
#[path = "../examples/cortex-m/src/sensor.rs"]
mod sensor;

#[allow(dead_code)] // the firmware uses all of it
#[path = "../examples/cortex-m/src/hand.rs"]
mod hand;

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
fn sensor_digest() {
    let mut net = sensor::init();
    let mut hand_net = hand::Sensor::from_library(&net);
    let mut trainer = sensor::trainer().expect("a valid learning rate");
    let mut losses = Vec::new();
    let loss = sensor::train(&mut net, &mut trainer, |step, loss| {
        losses.push((step, loss))
    })
    .expect("training runs");
    // The line scripts/firmware.sh reads.
    println!("host sensor digest {:#018x}", net.digest());
    let accuracy = sensor::accuracy(|x| net.classify(x));
    println!(
        "sensor: loss {:.4} -> {:.4}, test accuracy {:.1} %",
        losses[0].1,
        loss,
        100.0 * accuracy
    );
    assert_eq!(losses.len(), sensor::STEPS / sensor::REPORT_EVERY);
    assert!(loss < losses[0].1, "the loss did not fall: {losses:?}");
    assert!(
        accuracy >= sensor::ACCURACY_THRESHOLD,
        "test accuracy {accuracy} is below the firmware's threshold"
    );

    // The hand-written network, trained from the same weights on the same samples.
    sensor::train_hand(&mut hand_net);
    let mut from_hand = net.clone();
    hand_net.to_library(&mut from_hand);
    let lib: Vec<f32> = net.tensors().flatten().copied().collect();
    let own: Vec<f32> = from_hand.tensors().flatten().copied().collect();
    let max_diff = lib
        .iter()
        .zip(&own)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    let identical = net.digest() == from_hand.digest();
    println!(
        "hand-written sensor net after training: {} (largest weight difference {max_diff:e})",
        if identical {
            "bit-identical to the library's"
        } else {
            "differs from the library's"
        }
    );
    assert!(
        max_diff < 1e-4,
        "the hand-written network ends far from the library's: {max_diff}"
    );
    assert_eq!(
        sensor::accuracy(|x| {
            let p = hand_net.forward(x);
            (0..4).fold(0, |best, k| if p[k] > p[best] { k } else { best })
        }),
        accuracy
    );
}

#[test]
fn hand_221_is_the_librarys_arithmetic() {
    let outcome = experiment::run(|_| {}).expect("training runs");
    let mut net = outcome.net;
    let mut tiny = hand::Tiny::from_library(&net);
    let (x, y) = ([0.5f32, -0.25], [1.0f32]);
    assert_eq!(tiny.forward(&x).to_bits(), net.predict(&x)[0].to_bits());
    let mut trainer = experiment::trainer().expect("a valid learning rate");
    trainer.step(&mut net, &x, &y).expect("a finite step");
    tiny.step(&x, y[0], experiment::LEARNING_RATE);
    assert_eq!(
        hand::Tiny::from_library(&net)
            .w1
            .map(|r| r.map(f32::to_bits)),
        tiny.w1.map(|r| r.map(f32::to_bits))
    );
    let back = hand::Tiny::from_library(&net);
    assert_eq!(
        [back.b1[0], back.b1[1], back.w2[0], back.w2[1], back.b2].map(f32::to_bits),
        [tiny.b1[0], tiny.b1[1], tiny.w2[0], tiny.w2[1], tiny.b2].map(f32::to_bits)
    );
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
