//! What the `model` fuzz target checks, shared with `tests/fuzz_seeds.rs`, which runs the same
//! checks over seeded random inputs in every `cargo test` (no nightly needed).
//!
//! Besides "no panic", each check asserts properties that must hold for any input.

#![allow(dead_code)]

use tinymlp::Mlp2;
use tinymlp::net::DynMlp;
use tinymlp::quant::{DynQMlp, QMlp2};

/// Runs the model-file checks on `data` as it is, and again with its last four bytes
/// replaced by the right CRC-32: random bytes almost never carry a valid checksum, and the
/// resealed copy lets the fuzzer reach everything the decoders check after it.
pub fn model_file(data: &[u8]) {
    model_bytes(data);
    if let Some(body_len) = data.len().checked_sub(4) {
        let mut sealed = data.to_vec();
        let crc = tinymlp::model::crc32(&data[..body_len]);
        sealed[body_len..].copy_from_slice(&crc.to_le_bytes());
        model_bytes(&sealed);
    }
}

fn model_bytes(bytes: &[u8]) {
    let fixed = Mlp2::<2, 4, 1>::from_bytes(bytes);
    let dynamic = DynMlp::from_bytes(bytes);
    if let Ok(f) = &fixed {
        // Whatever the typed decoder accepts, the run-time one accepts too, as the same
        // network, predicting the same bits; and both encode back to the same bytes.
        let d = dynamic.as_ref().expect("DynMlp reads what Mlp2 reads");
        assert_eq!(d.sizes(), [2, 4, 1]);
        let mut out = vec![0; f.encoded_len()];
        assert_eq!(f.to_bytes(&mut out), Ok(bytes.len()));
        assert_eq!(out, bytes);
        for x in [[0.0, 0.0], [1.5, -2.0], [1e30, -1e30]] {
            let a = f.predict(&x);
            let b = d.predict(&x).expect("two inputs");
            assert_eq!(a[0].to_bits(), b[0].to_bits());
        }
    }
    if let Ok(d) = &dynamic {
        assert_eq!(
            d.to_bytes(),
            bytes,
            "decoding then encoding is the identity"
        );
        let sizes = d.sizes();
        assert_eq!(sizes.len(), d.activations().len() + 1);
        let inputs = sizes.first().copied().unwrap_or(0);
        // Keep each run fast: predicting costs about as much as the file is long.
        if bytes.len() < 1 << 16 {
            let out = d.predict(&vec![0.25; inputs]).expect("right length");
            assert_eq!(out.len(), sizes.last().copied().unwrap_or(0));
            assert!(d.predict(&vec![0.25; inputs + 1]).is_err());
        }
        let mut src = String::new();
        let written = d.write_rust(&mut src, "M");
        assert_eq!(written.is_ok(), d.type_name().is_some());
    }
    int8_bytes(bytes, dynamic.is_ok());
}

/// The same for the int8 decoders; a file is either f32 or int8, never both.
fn int8_bytes(bytes: &[u8], is_f32: bool) {
    let fixed = QMlp2::<2, 4, 1>::from_bytes(bytes);
    let dynamic = DynQMlp::from_bytes(bytes);
    if let Ok(f) = &fixed {
        let d = dynamic.as_ref().expect("DynQMlp reads what QMlp2 reads");
        let mut out = vec![0; f.encoded_len()];
        assert_eq!(f.to_bytes(&mut out), Ok(bytes.len()));
        assert_eq!(out, bytes);
        for x in [[0.0, 0.0], [1.5, -2.0], [1e30, -1e30]] {
            assert_eq!(Ok(f.classify(&x)), d.classify(&x));
        }
    }
    if let Ok(d) = &dynamic {
        assert!(!is_f32, "a file decodes as f32 or as int8, not both");
        assert_eq!(
            d.to_bytes(),
            bytes,
            "decoding then encoding is the identity"
        );
        let inputs = d.sizes().first().copied().unwrap_or(0);
        if bytes.len() < 1 << 16 {
            let out = d.predict(&vec![0.25; inputs]).expect("right length");
            assert_eq!(out.len(), d.sizes().last().copied().unwrap_or(0));
            assert!(d.predict(&vec![0.25; inputs + 1]).is_err());
        }
    }
}
