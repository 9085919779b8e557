//! The model file: a versioned little-endian binary format, decodable at compile time.
//!
//! A trained network is saved with `to_bytes` and loaded with `from_bytes`, which every
//! network type ([`Mlp1`](crate::Mlp1) … [`Mlp5`](crate::Mlp5)) provides. `from_bytes` is a
//! `const fn`, so a model can be compiled into firmware and checked by the compiler:
//!
//! ```
//! use tinymlp::{Mlp2, include_model};
//!
//! // Decoded at compile time; the weights stay in flash. A file whose shapes, activations,
//! // version or checksum do not fit `Mlp2<2, 2, 1>` is a compile error.
//! static MODEL: Mlp2<2, 2, 1> = include_model!(Mlp2<2, 2, 1>, "../../tests/fixtures/xor-2-2-1.tmlp");
//!
//! assert_eq!(MODEL.classify(&[0.0, 1.0]), 1);
//! assert_eq!(MODEL.classify(&[1.0, 1.0]), 0);
//! ```
//!
//! # Format, version 1
//!
//! All integers and floats are little-endian; floats are IEEE 754 `binary32`.
//!
//! | offset | size | field |
//! |---:|---:|---|
//! | 0 | 4 | magic: the ASCII bytes `TMLP` |
//! | 4 | 2 | format version, `u16`: 1 (2 for integer networks, below) |
//! | 6 | 1 | dtype, `u8`: 0 = `f32` parameters (1 = `i8`, version 2 only) |
//! | 7 | 1 | flags, `u8`: bit 0 set = input standardization present; other bits 0 |
//! | 8 | 2 | `D`, the number of dense layers, `u16` (≥ 1) |
//! | 10 | 2 | reserved, 0 |
//! | 12 | 4·(`D`+1) | sizes, `u32` each: the number of inputs `n₀`, then the number of outputs `n₁ … n_D` of each layer |
//! | | `D` | activation of each layer, `u8`: 0 identity, 1 sigmoid, 2 tanh, 3 ReLU, 4 softmax, 5 fast sigmoid, 6 fast tanh, 7 fast softmax (the branch-free variants of [`math`](crate::math)) |
//! | | 8·`n₀` | only if flag bit 0: `n₀` means, then `n₀` scales (`x′ = (x − mean)·scale`), `f32` |
//! | | 4·(`n_l`·`n_(l−1)` + `n_l`) per layer | for `l = 1 … D`: the weights row by row (`w[o][i]`, `o` major), then the `n_l` biases, `f32` |
//! | end − 4 | 4 | CRC-32 (IEEE 802.3, as zlib's `crc32`) of every preceding byte, `u32` |
//!
//! # Integer networks: version 2, dtype 1
//!
//! The int8 networks of [`quant`](crate::quant) are stored as version 2 with dtype 1
//! (`f32` files stay version 1, so that older readers still read them). The header, sizes,
//! activation codes and optional standardization are as above; then:
//!
//! | size | field |
//! |---:|---|
//! | 4 | input scale, `f32` (a standardized input `x` is quantized as `round(x / scale) + zp`) |
//! | 1 | input zero point, `i8` |
//! | per layer `l = 1 … D`: | |
//! | 4 | output scale, `f32` |
//! | 1 | output zero point, `i8` |
//! | `n_l`·`n_(l−1)` | weights, `i8`, row by row |
//! | 4·`n_l` | biases, `i32` (input zero point folded in) |
//! | 4·`n_l` | requantization multipliers, `i32` (Q31) |
//! | `n_l` | requantization shifts, `i8` |
//!
//! followed by the CRC-32. Length: `12 + 4(D+1) + D + [8n₀] + 5 + Σ_l (5 + n_l·n_(l−1) + 9n_l) + 4`.
//!
//! The length of a file follows from its header:
//! `12 + 4(D+1) + D + [8n₀] + Σ_l 4(n_l·n_(l−1) + n_l) + 4` bytes. A 2-2-1 network without
//! standardization takes 66 bytes.
//!
//! Decoding checks, in this order: the magic, the version, that the length is the one the
//! header announces ([`Truncated`](crate::Error::Truncated) /
//! [`TrailingBytes`](crate::Error::TrailingBytes)), the checksum, the dtype, the depth and sizes
//! against the network type, the activation codes, and that every value is finite. Every
//! failure is an [`Error`], never a panic.

mod crc32;
#[cfg(feature = "alloc")]
mod dynamic;
mod reader;
mod writer;

pub use crc32::crc32;
#[cfg(feature = "alloc")]
pub(crate) use dynamic::layout;
pub use reader::Reader;
pub(crate) use reader::tri;
pub(crate) use writer::{
    InputQuantization, encode, encode_q, encoded_len, encoded_len_q, write_rust,
};

use crate::activation::Activation;
use crate::error::{Error, Result};

/// The first four bytes of every model file.
pub const MAGIC: [u8; 4] = *b"TMLP";
/// The format version this build writes and reads.
pub const VERSION: u16 = 1;
/// The format version of integer (int8) model files, which adds [`DTYPE_I8`]. Files of `f32`
/// networks are still written as version 1, which every build reads.
pub const VERSION_INT8: u16 = 2;
/// The dtype code of `f32` parameters.
pub const DTYPE_F32: u8 = 0;
/// The dtype code of integer networks: `i8` weights and activations, `i32` biases.
pub const DTYPE_I8: u8 = 1;
/// Bytes of an int8 file's input quantization: `f32` scale, `i8` zero point.
pub(crate) const INT8_INPUT_BYTES: usize = 5;
/// Fixed bytes of an int8 layer: `f32` output scale, `i8` output zero point.
pub(crate) const INT8_LAYER_BYTES: usize = 5;
/// Flag bit: input standardization present.
pub const FLAG_STANDARDIZATION: u8 = 1;
/// Bytes before the sizes.
const FIXED_HEADER: usize = 12;

/// The byte code of an activation in the format.
pub const fn activation_code(a: Activation) -> u8 {
    match a {
        Activation::Identity => 0,
        Activation::Sigmoid => 1,
        Activation::Tanh => 2,
        Activation::Relu => 3,
        Activation::Softmax => 4,
        Activation::FastSigmoid => 5,
        Activation::FastTanh => 6,
        Activation::FastSoftmax => 7,
    }
}

/// The activation of a byte code, if it is one.
pub const fn activation_from_code(code: u8) -> Option<Activation> {
    match code {
        0 => Some(Activation::Identity),
        1 => Some(Activation::Sigmoid),
        2 => Some(Activation::Tanh),
        3 => Some(Activation::Relu),
        4 => Some(Activation::Softmax),
        5 => Some(Activation::FastSigmoid),
        6 => Some(Activation::FastTanh),
        7 => Some(Activation::FastSoftmax),
        _ => None,
    }
}

/// The header of a model file, as read by [`open`].
#[derive(Clone, Copy, Debug)]
pub struct Header {
    /// The dtype code.
    pub dtype: u8,
    /// Whether input standardization is present.
    pub standardized: bool,
    /// The number of dense layers.
    pub depth: usize,
}

/// Checks a model file's envelope — magic, version, length, checksum — and, if `dims` is
/// given, that its dtype is `dtype` and its sizes are `dims` (inputs, then each layer's
/// outputs). Returns the header and a reader positioned at the activation codes, ending
/// before the checksum.
///
/// # Errors
///
/// The format errors of [`Error`], in the order described in the [module docs](self).
pub const fn open<'a>(
    bytes: &'a [u8],
    dtype: u8,
    dims: Option<&[usize]>,
) -> Result<(Header, Reader<'a>)> {
    let mut r = Reader::new(bytes);
    let magic = tri!(r.array::<4>());
    if !matches!(magic, [b'T', b'M', b'L', b'P']) {
        return Err(Error::BadMagic);
    }
    let version = tri!(r.u16());
    if version != VERSION && version != VERSION_INT8 {
        return Err(Error::UnsupportedVersion { found: version });
    }
    let found_dtype = tri!(r.u8());
    // Version 1 knows only f32; version 2 adds int8.
    if !(found_dtype == DTYPE_F32 || (found_dtype == DTYPE_I8 && version == VERSION_INT8)) {
        return Err(Error::UnsupportedDtype { found: found_dtype });
    }
    let int8 = found_dtype == DTYPE_I8;
    let flags = tri!(r.u8());
    let depth = tri!(r.u16()) as usize;
    let reserved = tri!(r.u16());
    if flags & !FLAG_STANDARDIZATION != 0 || reserved != 0 || depth == 0 {
        return Err(Error::UnsupportedVersion { found: version });
    }
    let standardized = flags & FLAG_STANDARDIZATION != 0;

    // Sizes: compute the announced length and compare with the expected shape on the way.
    let mut shape_ok = match dims {
        Some(d) => d.len() == depth + 1,
        None => true,
    };
    let mut len: u64 = (FIXED_HEADER + 4 * (depth + 1) + depth + 4) as u64;
    if int8 {
        len += INT8_INPUT_BYTES as u64;
    }
    let mut prev = 0u64;
    let mut expected: &[usize] = match dims {
        Some(d) => d,
        None => &[],
    };
    let mut k = 0;
    while k <= depth {
        let n = tri!(r.u32()) as u64;
        if let [want, tail @ ..] = expected {
            if *want as u64 != n {
                shape_ok = false;
            }
            expected = tail;
        }
        // Saturating: a corrupted size must give a length error, not an overflow.
        let bytes = if k == 0 {
            if standardized { n.saturating_mul(8) } else { 0 }
        } else if int8 {
            // Weights, then biases and multipliers (4 bytes each) and shifts (1 byte).
            n.saturating_mul(prev)
                .saturating_add(n.saturating_mul(9))
                .saturating_add(INT8_LAYER_BYTES as u64)
        } else {
            n.saturating_mul(prev).saturating_add(n).saturating_mul(4)
        };
        len = len.saturating_add(bytes);
        prev = n;
        k += 1;
    }
    if (bytes.len() as u64) < len {
        return Err(Error::Truncated);
    }
    if (bytes.len() as u64) > len {
        return Err(Error::TrailingBytes);
    }
    let Some((body, stored)) = bytes.split_last_chunk::<4>() else {
        return Err(Error::Truncated);
    };
    if crc32(body) != u32::from_le_bytes(*stored) {
        return Err(Error::ChecksumMismatch);
    }
    if dims.is_some() && found_dtype != dtype {
        return Err(Error::UnsupportedDtype { found: found_dtype });
    }
    if !shape_ok {
        return Err(Error::ShapeMismatch);
    }
    // Re-read the body without the checksum, positioned after the sizes.
    let Some((_, rest)) = body.split_at_checked(FIXED_HEADER + 4 * (depth + 1)) else {
        return Err(Error::Truncated);
    };
    Ok((
        Header {
            dtype: found_dtype,
            standardized,
            depth,
        },
        Reader::new(rest),
    ))
}

/// Embeds a model file in the program, decoded and checked at compile time.
///
/// `include_model!(Type, "path")` is `Type::from_bytes(include_bytes!("path"))` evaluated in a
/// `const` context: use it to initialize a `static` or `const`. A file that does not fit
/// `Type` — other layer sizes or activations, another format version, a bad checksum — stops
/// the build with the reason. The path is relative to the file that uses the macro, as with
/// `include_bytes!`.
///
/// # Examples
///
/// ```
/// use tinymlp::{Mlp2, include_model};
///
/// static MODEL: Mlp2<2, 2, 1> = include_model!(Mlp2<2, 2, 1>, "../../tests/fixtures/xor-2-2-1.tmlp");
/// assert_eq!(MODEL.classify(&[1.0, 0.0]), 1);
/// ```
#[macro_export]
macro_rules! include_model {
    ($ty:ty, $path:expr) => {
        const {
            match <$ty>::from_bytes(include_bytes!($path)) {
                Ok(model) => model,
                Err(e) => panic!("{}", e.as_str()),
            }
        }
    };
}
