//! The model fuzz target's checks (`fuzz/checks/model.rs`) run over seeded random inputs:
//! mutations of real model files. Not a substitute for `cargo +nightly fuzz run model` (see
//! `fuzz/README.md`), but it runs in every `cargo test`.

use std::fs;

use tinymlp::Activation::*;
use tinymlp::net::DynMlp;
use tinymlp::{Mlp2, Rng, Standardizer};

#[path = "../fuzz/checks/model.rs"]
mod checks;
#[path = "../fuzz/mutate.rs"]
mod mutate;
use mutate::mutate;

/// The seed files: the model files of `fuzz/seeds/model` and the test fixtures
/// (`tests/fixtures/*.tmlp`), which are not copied there.
fn seeds() -> Vec<Vec<u8>> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut v: Vec<Vec<u8>> = ["fuzz/seeds/model", "tests/fixtures"]
        .iter()
        .flat_map(|dir| fs::read_dir(format!("{root}/{dir}")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tmlp"))
        .map(|p| fs::read(p).unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn model_decoders_survive_mutated_files() {
    let mut rng = Rng::new(2024);
    let mut files = seeds();
    // More shapes: with and without standardization, deeper, wider, one layer.
    let net = Mlp2::<2, 4, 1>::new([Tanh, Sigmoid], &mut rng)
        .with_standardizer(Standardizer::fit(&[[0.0, 1.0], [2.0, 5.0]]).unwrap());
    let mut b = vec![0; net.encoded_len()];
    net.to_bytes(&mut b).unwrap();
    files.push(b);
    for layers in [
        &[(1, Softmax)][..],
        &[(3, Relu), (2, Identity), (4, Softmax)],
    ] {
        files.push(DynMlp::new(3, layers, &mut rng).unwrap().to_bytes());
    }
    for file in &files {
        checks::model_file(file);
    }
    let alphabet: Vec<u8> = (0..=255).collect();
    for _ in 0..50_000 {
        let mut bytes = files[rng.below(files.len())].clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut bytes, &mut rng, &alphabet);
        }
        checks::model_file(&bytes);
    }
}

#[test]
fn a_layer_of_size_0_is_rejected_before_anything_is_allocated() {
    // Found by `cargo fuzz run model`: depth 1, 1 714 489 664 inputs, 0 outputs. Without
    // weights the file is 25 bytes long whatever the input count, and predicting with it
    // allocated 6.8 GB.
    let mut file =
        b"TMLP\x01\x00\x00\x00\x01\x00\x00\x00\x40\x09\x31\x66\x00\x00\x00\x00\x04".to_vec();
    let crc = tinymlp::model::crc32(&file);
    file.extend(crc.to_le_bytes());
    assert_eq!(
        DynMlp::from_bytes(&file),
        Err(tinymlp::Error::ShapeMismatch)
    );
    checks::model_file(&file);
    let (inputs, outputs) = (12, 16);
    file[inputs..inputs + 4].copy_from_slice(&0u32.to_le_bytes());
    file[outputs..outputs + 4].copy_from_slice(&1u32.to_le_bytes());
    checks::model_file(&file);
}
