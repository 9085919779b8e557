//! The model file: round trips, compile-time embedding, the golden XOR model, and every way
//! a file can be bad — each an error, never a panic.

use core::ops::ControlFlow;
use tinymlp::Activation::*;
use tinymlp::data::synthetic::{XOR_INPUTS, XOR_TARGETS};
use tinymlp::net::DynMlp;
use tinymlp::quant::{DynQMlp, QMlp2};
use tinymlp::{
    Dataset, Error, Loss, Mlp1, Mlp2, Mlp3, Mlp5, Parameters, Rng, Schedule, Sgd, Standardizer,
    Trainer,
};

const XOR_FILE: &[u8] = include_bytes!("fixtures/xor-2-2-1.tmlp");
static XOR: Mlp2<2, 2, 1> = tinymlp::include_model!(Mlp2<2, 2, 1>, "fixtures/xor-2-2-1.tmlp");

mod from_source {
    include!("fixtures/xor_2_2_1.rs");
}

fn bytes_of(net: &impl Fn(&mut [u8]) -> tinymlp::Result<usize>, len: usize) -> Vec<u8> {
    let mut v = vec![0; len];
    assert_eq!(net(&mut v).unwrap(), len);
    v
}

/// Re-seals a modified file with a correct checksum.
fn reseal(mut bytes: Vec<u8>) -> Vec<u8> {
    let n = bytes.len() - 4;
    let crc = tinymlp::model::crc32(&bytes[..n]);
    bytes[n..].copy_from_slice(&crc.to_le_bytes());
    bytes
}

#[test]
fn the_xor_fixture_is_what_the_xor_example_trains() {
    // The example's run, repeated: same seed, same plan ⇒ the same file, byte for byte.
    let data = Dataset::new(&XOR_INPUTS, &XOR_TARGETS).unwrap();
    let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(1));
    Trainer::new(Sgd::new(2.0).unwrap(), Loss::BinaryCrossEntropy)
        .fit(&mut net, &data, &Schedule::epochs(5000), |_| {
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(bytes_of(&|b| net.to_bytes(b), net.encoded_len()), XOR_FILE);
    assert_eq!(XOR_FILE.len(), 66);
    // The embedded static and the exported Rust source are the same network.
    assert_eq!(XOR, net);
    assert_eq!(from_source::MODEL, net);
    let mut src = String::new();
    net.write_rust(&mut src, "MODEL").unwrap();
    assert_eq!(src, include_str!("fixtures/xor_2_2_1.rs"));
    for (x, y) in XOR_INPUTS.iter().zip(&XOR_TARGETS) {
        assert_eq!(XOR.classify(x), y[0] as usize);
    }
}

#[test]
fn round_trips_are_bit_exact() {
    let mut rng = Rng::new(5);
    let xs: Vec<[f32; 3]> = (0..20)
        .map(|_| [rng.normal(), 10.0 * rng.normal(), 3.0])
        .collect();
    let std3 = Standardizer::fit(&xs).unwrap();

    let a = Mlp3::<3, 7, 5, 4>::new([Relu, Tanh, Softmax], &mut rng).with_standardizer(std3);
    let b = bytes_of(&|o| a.to_bytes(o), a.encoded_len());
    let back = Mlp3::<3, 7, 5, 4>::from_bytes(&b).unwrap();
    assert_eq!(back, a);
    assert_eq!(back.digest(), a.digest());
    for x in &xs {
        assert_eq!(
            a.predict(x).map(f32::to_bits),
            back.predict(x).map(f32::to_bits)
        );
    }

    let c = Mlp5::<2, 3, 4, 5, 6, 1>::new([Identity, Sigmoid, Tanh, Relu, Sigmoid], &mut rng);
    assert_eq!(
        Mlp5::from_bytes(&bytes_of(&|o| c.to_bytes(o), c.encoded_len())),
        Ok(c.clone())
    );
    let e = Mlp3::<2, 5, 4, 3>::new([FastTanh, FastSigmoid, FastSoftmax], &mut rng);
    assert_eq!(
        Mlp3::from_bytes(&bytes_of(&|o| e.to_bytes(o), e.encoded_len())),
        Ok(e.clone())
    );
    let d = Mlp1::<4, 2>::new([Softmax], &mut rng);
    assert_eq!(
        Mlp1::from_bytes(&bytes_of(&|o| d.to_bytes(o), d.encoded_len())),
        Ok(d)
    );
}

#[test]
fn every_truncation_is_an_error() {
    for n in 0..XOR_FILE.len() {
        let r = Mlp2::<2, 2, 1>::from_bytes(&XOR_FILE[..n]);
        assert!(
            matches!(r, Err(Error::Truncated | Error::BadMagic)),
            "{n} bytes: {r:?}"
        );
    }
    let mut long = XOR_FILE.to_vec();
    long.push(0);
    assert_eq!(
        Mlp2::<2, 2, 1>::from_bytes(&long),
        Err(Error::TrailingBytes)
    );
}

#[test]
fn every_single_bit_flip_is_an_error() {
    for byte in 0..XOR_FILE.len() {
        for bit in 0..8 {
            let mut b = XOR_FILE.to_vec();
            b[byte] ^= 1 << bit;
            let r = Mlp2::<2, 2, 1>::from_bytes(&b);
            assert!(
                r.is_err(),
                "flipping bit {bit} of byte {byte} went unnoticed"
            );
        }
    }
}

#[test]
fn each_kind_of_bad_file_names_its_problem() {
    let load = |b: &[u8]| Mlp2::<2, 2, 1>::from_bytes(b);
    let mut b = XOR_FILE.to_vec();
    b[0] = b'X';
    assert_eq!(load(&b), Err(Error::BadMagic));
    let mut b = XOR_FILE.to_vec();
    b[4] = 3;
    assert_eq!(load(&b), Err(Error::UnsupportedVersion { found: 3 }));
    let mut b = XOR_FILE.to_vec();
    b[40] ^= 0x10;
    assert_eq!(load(&b), Err(Error::ChecksumMismatch));
    let mut b = XOR_FILE.to_vec();
    b[6] = 1;
    assert_eq!(
        load(&reseal(b)),
        Err(Error::DtypeMismatch {
            version: 1,
            dtype: 1
        })
    );
    // Activation codes follow the 12-byte header and three sizes.
    let mut b = XOR_FILE.to_vec();
    b[24] = 9;
    assert_eq!(load(&reseal(b)), Err(Error::UnknownActivation { code: 9 }));
    // A NaN weight with a valid checksum.
    let mut b = XOR_FILE.to_vec();
    b[26..30].copy_from_slice(&f32::NAN.to_le_bytes());
    assert_eq!(load(&reseal(b)), Err(Error::NonFiniteParameter));
    // Another shape: the same file read as other types.
    assert_eq!(
        Mlp2::<2, 3, 1>::from_bytes(XOR_FILE),
        Err(Error::ShapeMismatch)
    );
    assert_eq!(
        Mlp2::<3, 2, 1>::from_bytes(XOR_FILE),
        Err(Error::ShapeMismatch)
    );
    assert_eq!(
        Mlp1::<2, 1>::from_bytes(XOR_FILE),
        Err(Error::ShapeMismatch)
    );
    assert_eq!(
        Mlp3::<2, 2, 2, 1>::from_bytes(XOR_FILE),
        Err(Error::ShapeMismatch)
    );
    // Too small a buffer.
    let mut small = [0u8; 65];
    assert_eq!(
        XOR.to_bytes(&mut small),
        Err(Error::BufferTooSmall { needed: 66 })
    );
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng::new(1);
    for len in [0usize, 3, 12, 30, 66, 200] {
        for _ in 0..2000 {
            let mut b: Vec<u8> = (0..len).map(|_| rng.next_u32() as u8).collect();
            if len >= 4 && rng.below(2) == 0 {
                b[..4].copy_from_slice(b"TMLP");
                if len >= 6 {
                    b[4..6].copy_from_slice(&1u16.to_le_bytes());
                }
            }
            let _ = Mlp2::<2, 2, 1>::from_bytes(&b);
            let _ = Mlp3::<2, 3, 3, 2>::from_bytes(&b);
        }
    }
}

/// Every combination of version, dtype, flags and reserved bytes is either the one valid
/// header of its kind or an error named after what is wrong; none is read with another
/// meaning (a version-2 header with the f32 dtype used to load as an f32 model, and bad flags
/// used to be reported as an unsupported version).
#[test]
fn every_header_has_one_meaning() {
    let f32_file = XOR_FILE;
    let int8_file = include_bytes!("fixtures/xor-2-2-1.q8.tmlp");
    for (file, name) in [(f32_file, "f32"), (&int8_file[..], "int8")] {
        for version in 0..=4u16 {
            for dtype in 0..=3u8 {
                let mut b = file.to_vec();
                b[4..6].copy_from_slice(&version.to_le_bytes());
                b[6] = dtype;
                let b = reseal(b);
                let (f, d) = (Mlp2::<2, 2, 1>::from_bytes(&b), DynMlp::from_bytes(&b));
                let (qf, qd) = (QMlp2::<2, 2, 1>::from_bytes(&b), DynQMlp::from_bytes(&b));
                let header = match (version, dtype) {
                    (1, 0) | (2, 1) => None,
                    (1 | 2, dtype) => Some(Error::DtypeMismatch { version, dtype }),
                    (found, _) => Some(Error::UnsupportedVersion { found }),
                };
                let case = format!("{name} file as version {version}, dtype {dtype}");
                match header {
                    Some(e) => {
                        for r in [f.err(), d.err(), qf.err(), qd.err()] {
                            assert_eq!(r, Some(e), "{case}");
                        }
                    }
                    // A valid header on the wrong body is a length error at worst; on its own
                    // body it decodes as exactly one of the two number types.
                    None => {
                        let is_own = (name == "f32") == (version == 1);
                        assert_eq!(f.is_ok() && d.is_ok(), is_own && version == 1, "{case}");
                        assert_eq!(qf.is_ok() && qd.is_ok(), is_own && version == 2, "{case}");
                    }
                }
            }
        }
        for flags in 2..=255u8 {
            let mut b = file.to_vec();
            b[7] = flags;
            let b = reseal(b);
            assert_eq!(
                DynMlp::from_bytes(&b).err(),
                Some(Error::BadFlags { flags })
            );
            assert_eq!(
                DynQMlp::from_bytes(&b).err(),
                Some(Error::BadFlags { flags })
            );
        }
        for reserved in [1u16, 0x100, 0xffff] {
            let mut b = file.to_vec();
            b[10..12].copy_from_slice(&reserved.to_le_bytes());
            let b = reseal(b);
            assert_eq!(
                Mlp2::<2, 2, 1>::from_bytes(&b).err(),
                Some(Error::ReservedNotZero)
            );
            assert_eq!(
                QMlp2::<2, 2, 1>::from_bytes(&b).err(),
                Some(Error::ReservedNotZero)
            );
        }
        let mut b = file.to_vec();
        b[8..10].copy_from_slice(&0u16.to_le_bytes());
        assert_eq!(DynMlp::from_bytes(&reseal(b)).err(), Some(Error::NoLayers));
    }
}
