//! Integer-only inference: the quantizer, the int8 model file, and the agreement of the
//! integer networks with their f32 originals.

use core::ops::ControlFlow;
use std::borrow::Borrow;
use tinymlp::Activation::*;
use tinymlp::data::synthetic::{self, XOR_INPUTS};
use tinymlp::quant::{self, DynQMlp, Granularity, QMlp2, QMlp3, requantize};
use tinymlp::{
    Adam, Batch, Dataset, Error, Loss, Mlp2, Mlp3, Network, Rng, Schedule, Standardizer, Trainer,
    include_model,
};

static XOR: Mlp2<2, 2, 1> = include_model!(Mlp2<2, 2, 1>, "fixtures/xor-2-2-1.tmlp");
static XOR_Q: QMlp2<2, 2, 1> = include_model!(QMlp2<2, 2, 1>, "fixtures/xor-2-2-1.q8.tmlp");
const XOR_Q_FILE: &[u8] = include_bytes!("fixtures/xor-2-2-1.q8.tmlp");

/// FNV-1a over the integer outputs of every input in a sweep of the `i8` plane (step 5):
/// the digest the integer firmware must reproduce.
pub fn sweep_digest(net: &QMlp2<2, 2, 1>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for a in (-128i32..=127).step_by(5) {
        for b in (-128i32..=127).step_by(5) {
            let y = net.predict_q(&[a as i8, b as i8]);
            h = (h ^ u64::from(y[0] as u8)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

#[test]
fn the_xor_fixture_is_what_the_quantizer_makes() {
    let q = quant::quantize(&XOR, &XOR_INPUTS, Granularity::PerChannel).unwrap();
    assert_eq!(q.to_bytes(), XOR_Q_FILE);
    assert_eq!(DynQMlp::from_bytes(XOR_Q_FILE).unwrap(), q);
    for x in &XOR_INPUTS {
        assert_eq!(XOR_Q.classify(x), XOR.classify(x));
        assert!((XOR_Q.predict(x)[0] - XOR.predict(x)[0]).abs() < 0.02);
    }
    // The integer outputs over a sweep of inputs, pinned: firmware must print this digest.
    assert_eq!(
        sweep_digest(&XOR_Q),
        0xf117_44ef_09a7_cb92,
        "got {:#018x}",
        sweep_digest(&XOR_Q)
    );
}

#[test]
fn typed_and_run_time_integer_networks_agree_bit_for_bit() {
    let mut rng = Rng::new(4);
    let mut xs = vec![[0.0; 3]; 200];
    xs.iter_mut()
        .for_each(|x| *x = [rng.normal(), 3.0 * rng.normal(), rng.uniform()]);
    let net = Mlp3::<3, 6, 5, 4>::new([Relu, Tanh, Softmax], &mut rng)
        .with_standardizer(Standardizer::fit(&xs).unwrap());
    for granularity in [Granularity::PerChannel, Granularity::PerLayer] {
        let q = quant::quantize(&net, &xs, granularity).unwrap();
        let bytes = q.to_bytes();
        let fixed = QMlp3::<3, 6, 5, 4>::from_bytes(&bytes).unwrap();
        let mut again = vec![0; fixed.encoded_len()];
        fixed.to_bytes(&mut again).unwrap();
        assert_eq!(again, bytes);
        assert_eq!(q.type_name().as_deref(), Some("QMlp3<3, 6, 5, 4>"));
        for x in &xs {
            let qx = fixed.quantize_input(x);
            assert_eq!(q.quantize_input(x).unwrap(), qx);
            assert_eq!(q.predict_q(&qx).unwrap(), fixed.predict_q(&qx));
            assert_eq!(q.classify(x).unwrap(), fixed.classify(x));
        }
        // Every i8 input, not only calibration-like ones, gives the same integers.
        for _ in 0..500 {
            let qx = [
                rng.next_u32() as i8,
                rng.next_u32() as i8,
                rng.next_u32() as i8,
            ];
            assert_eq!(q.predict_q(&qx).unwrap(), fixed.predict_q(&qx));
        }
    }
}

#[test]
fn accuracy_stays_within_one_point_of_f32() {
    // Two classes: the seed experiment.
    let mut rng = Rng::new(2024);
    let (mut xs, mut ys) = (vec![[0.0; 2]; 1000], vec![[0.0; 1]; 1000]);
    synthetic::half_plane(&mut xs, &mut ys, &mut rng);
    let (mut tx, mut ty) = (vec![[0.0; 2]; 1000], vec![[0.0; 1]; 1000]);
    synthetic::half_plane(&mut tx, &mut ty, &mut rng);
    let mut seed = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut rng);
    Trainer::new(Adam::new(0.05).unwrap(), Loss::BinaryCrossEntropy)
        .fit(
            &mut seed,
            &Dataset::new(&xs, &ys).unwrap(),
            &Schedule::epochs(300),
            |_| ControlFlow::Continue(()),
        )
        .unwrap();
    check(&seed, &xs, &tx, &ty);

    // Three classes.
    let (mut bx, mut by) = (vec![[0.0; 2]; 900], vec![[0.0; 3]; 900]);
    synthetic::blobs(&mut bx, &mut by, 0.7, &mut rng);
    let std = Standardizer::fit(&bx).unwrap();
    let mut blobs =
        Mlp3::<2, 12, 12, 3>::new([Relu, Tanh, Softmax], &mut rng).with_standardizer(std);
    let plan = Schedule::epochs(40).batch(Batch::Mini(32)).shuffle(2);
    Trainer::new(Adam::new(0.01).unwrap(), Loss::SoftmaxCrossEntropy)
        .fit(&mut blobs, &Dataset::new(&bx, &by).unwrap(), &plan, |_| {
            ControlFlow::Continue(())
        })
        .unwrap();
    let (mut cx, mut cy) = (vec![[0.0; 2]; 900], vec![[0.0; 3]; 900]);
    synthetic::blobs(&mut cx, &mut cy, 0.7, &mut rng);
    check(&blobs, &bx, &cx, &cy);
}

fn check<N>(net: &N, calibration: &[N::Input], tx: &[N::Input], ty: &[N::Output])
where
    N: Network<Input: Sized, Output: Sized>,
{
    let q = quant::quantize(net, calibration, Granularity::PerChannel).unwrap();
    let n = tx.len() as f64;
    let truth: Vec<usize> = ty.iter().map(|y| N::class_of(y)).collect();
    let f: Vec<usize> = tx
        .iter()
        .map(|x| N::class_of(net.predict(x).unwrap().borrow()))
        .collect();
    let i: Vec<usize> = tx.iter().map(|x| q.classify(x.as_ref()).unwrap()).collect();
    let acc = |c: &[usize]| c.iter().zip(&truth).filter(|(a, b)| a == b).count() as f64 / n;
    let agree = f.iter().zip(&i).filter(|(a, b)| a == b).count() as f64 / n;
    assert!(acc(&f) > 0.95, "f32 accuracy {}", acc(&f));
    assert!(
        (acc(&f) - acc(&i)).abs() <= 0.01,
        "f32 {} vs int8 {}",
        acc(&f),
        acc(&i)
    );
    assert!(agree >= 0.98, "agreement {agree}");
}

#[test]
fn lookup_activations_are_accurate_to_about_one_output_step() {
    // A single sigmoid (or tanh) unit with weight 1: its integer output against the exact
    // function over the whole table domain, measured through the real kernel.
    for (act, range, step) in [(Sigmoid, 8.0f64, 1.0 / 256.0), (Tanh, 4.0, 1.0 / 128.0)] {
        let mut net = Mlp2::<1, 1, 1>::zeroed([Identity, act]);
        net.layers.0.weights = [[1.0]];
        net.layers.1.weights = [[1.0]];
        let calibration: Vec<[f32; 1]> = (-1000..=1000)
            .map(|k| [k as f32 * range as f32 / 1000.0])
            .collect();
        let q = quant::quantize(&net, &calibration, Granularity::PerChannel).unwrap();
        let mut worst = 0.0f64;
        for x in &calibration {
            let exact = match act {
                Sigmoid => 1.0 / (1.0 + (-f64::from(x[0])).exp()),
                _ => f64::from(x[0]).tanh(),
            };
            // Compare against the function of the quantized input, isolating the table's error.
            let qx = q.quantize_input(x).unwrap();
            let z = f64::from(q.predict(x).unwrap()[0]);
            let _ = qx;
            worst = worst.max((z - exact).abs());
        }
        // Input quantization (range/255 per step, slope ≤ 1) plus one output step.
        let bound = step + range * 2.0 / 255.0 * if act == Sigmoid { 0.25 } else { 1.0 } + step;
        assert!(
            worst <= bound,
            "{act:?}: worst error {worst}, bound {bound}"
        );
        eprintln!("{act:?}: worst absolute error {worst:.5} (output step {step:.5})");
    }
}

#[test]
fn requantization_matches_exact_rational_rounding() {
    let mut rng = Rng::new(8);
    for _ in 0..20_000 {
        let acc = rng.next_u32() as i32 >> (rng.below(20) as u32);
        let m = (1 << 30) + (rng.next_u32() >> 2) as i32;
        let shift = rng.below(40) as i8 - 8;
        let exact = (acc as f64 * m as f64) / 2f64.powi(31 + i32::from(shift));
        let want = (exact + 0.5)
            .floor()
            .clamp(i32::MIN as f64, i32::MAX as f64) as i32;
        assert_eq!(
            requantize(acc, m, shift),
            want,
            "acc {acc} m {m} shift {shift}"
        );
    }
}

#[test]
fn bad_integer_files() {
    let mut f32_file = vec![0; XOR.encoded_len()];
    XOR.to_bytes(&mut f32_file).unwrap();
    assert_eq!(
        QMlp2::<2, 2, 1>::from_bytes(&f32_file),
        Err(Error::UnsupportedDtype { found: 0 })
    );
    assert_eq!(
        Mlp2::<2, 2, 1>::from_bytes(XOR_Q_FILE),
        Err(Error::UnsupportedDtype { found: 1 })
    );
    assert_eq!(
        QMlp2::<2, 3, 1>::from_bytes(XOR_Q_FILE),
        Err(Error::ShapeMismatch)
    );
    let mut v1 = XOR_Q_FILE.to_vec();
    v1[4] = 1; // an int8 payload in a version-1 file
    assert_eq!(
        QMlp2::<2, 2, 1>::from_bytes(&v1),
        Err(Error::DtypeMismatch {
            version: 1,
            dtype: 1
        })
    );
    for n in 0..XOR_Q_FILE.len() {
        assert!(QMlp2::<2, 2, 1>::from_bytes(&XOR_Q_FILE[..n]).is_err());
        assert!(DynQMlp::from_bytes(&XOR_Q_FILE[..n]).is_err());
    }
    for byte in 0..XOR_Q_FILE.len() {
        for bit in 0..8 {
            let mut b = XOR_Q_FILE.to_vec();
            b[byte] ^= 1 << bit;
            assert!(
                QMlp2::<2, 2, 1>::from_bytes(&b).is_err(),
                "bit {bit} of byte {byte}"
            );
            assert!(DynQMlp::from_bytes(&b).is_err());
        }
    }
    assert_eq!(
        quant::quantize(&XOR, &[] as &[[f32; 2]], Granularity::PerChannel),
        Err(Error::EmptyDataset)
    );
    assert_eq!(
        quant::quantize(&XOR, &[[f32::NAN, 0.0]], Granularity::PerChannel),
        Err(Error::NonFiniteInput { sample: 0 })
    );
}

#[test]
fn single_output_classes_use_an_integer_boundary_at_one_half() {
    for act in [Identity, Tanh, Relu, Sigmoid, FastSigmoid, FastTanh] {
        let mut net = tinymlp::Mlp1::<1, 1>::zeroed([act]);
        net.layers.0.weights = [[0.37]];
        net.layers.0.biases = [0.1];
        let xs: Vec<[f32; 1]> = (-300..=300).map(|k| [k as f32 / 50.0]).collect();
        let q = quant::quantize(&net, &xs, Granularity::PerChannel).unwrap();
        let fixed = tinymlp::quant::QMlp1::<1, 1>::from_bytes(&q.to_bytes()).unwrap();
        for x in &xs {
            let real = q.predict(x).unwrap()[0];
            assert_eq!(
                q.classify(x).unwrap(),
                usize::from(real >= 0.5),
                "{act:?} at {x:?}: {real}"
            );
            assert_eq!(fixed.classify(x), usize::from(real >= 0.5));
        }
    }
}

#[test]
fn a_layer_of_size_zero_is_rejected_not_allocated() {
    // Version 2, int8, one layer of 0 outputs fed by 1.7e9 inputs: a well-formed 35-byte file
    // whose length does not depend on the input count.
    let mut b = Vec::new();
    b.extend_from_slice(b"TMLP");
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&[1, 0]);
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&0u16.to_le_bytes());
    b.extend_from_slice(&1_714_489_664u32.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.push(0); // identity
    b.extend_from_slice(&1.0f32.to_le_bytes());
    b.push(0); // input zero point
    b.extend_from_slice(&1.0f32.to_le_bytes());
    b.push(0); // output zero point
    let crc = tinymlp::model::crc32(&b);
    b.extend_from_slice(&crc.to_le_bytes());
    assert_eq!(b.len(), 35);
    assert_eq!(DynQMlp::from_bytes(&b), Err(Error::ShapeMismatch));
}
