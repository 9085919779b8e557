//! The CSV fuzz target's checks (`fuzz/checks/csv.rs`) run over seeded random inputs:
//! mutations of real CSV files and random CSV-like text. Not a substitute for
//! `cargo +nightly fuzz run csv` (see `fuzz/README.md`), but it runs in every
//! `cargo test --workspace`.

use std::fs;

use tinymlp::Rng;

#[path = "../../fuzz/checks/csv.rs"]
mod checks;
#[path = "../../fuzz/mutate.rs"]
mod mutate;
#[path = "../../fuzz/checks/onnx.rs"]
mod onnx_checks;
use mutate::mutate;

fn seeds(dir: &str) -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = fs::read_dir(format!(
        "{}/../fuzz/seeds/{dir}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .map(|e| fs::read(e.unwrap().path()).unwrap())
    .collect();
    v.sort();
    v
}

#[test]
fn the_csv_reader_survives_mutated_and_random_text() {
    let mut rng = Rng::new(7);
    let files = seeds("csv");
    let alphabet = b"0123456789.,-+eE\"\n\r \tnaifNAIF;x\xc3\xa9\xff";
    for file in &files {
        checks::csv_file(file);
    }
    for k in 0..50_000 {
        let mut bytes = if k % 4 == 0 {
            // Random CSV-like text from scratch.
            (0..rng.below(60))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect()
        } else {
            files[rng.below(files.len())].clone()
        };
        for _ in 0..1 + rng.below(4) {
            mutate(&mut bytes, &mut rng, alphabet);
        }
        checks::csv_file(&bytes);
    }
}

/// The ONNX import checks (`fuzz/checks/onnx.rs`) over mutations of the ONNX fixtures: bit
/// flips, bytes replaced by protobuf-significant ones (tags, lengths, varint continuation),
/// truncations, splices.
#[test]
fn onnx_import_survives_mutated_files() {
    let dir = format!("{}/tests/fixtures/onnx", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<Vec<u8>> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "onnx"))
        .map(|p| fs::read(p).unwrap())
        .collect();
    files.sort();
    let alphabet = b"\x00\x01\x02\x04\x08\x0a\x10\x12\x1a\x22\x2a\x3a\x42\x7f\x80\xff";
    let mut rng = Rng::new(11);
    for file in &files {
        onnx_checks::onnx_file(file);
    }
    for _ in 0..20_000 {
        let mut bytes = files[rng.below(files.len())].clone();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut bytes, &mut rng, alphabet);
        }
        onnx_checks::onnx_file(&bytes);
    }
}
