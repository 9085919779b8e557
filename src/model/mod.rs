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
//! | | `D` | activation of each layer, `u8`: its [code](activation_code) (0 identity, 1 sigmoid, 2 tanh, 3 ReLU, …) |
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
//! Every header has one meaning. Decoding checks, in this order: the magic
//! ([`BadMagic`](crate::Error::BadMagic)); the version
//! ([`UnsupportedVersion`](crate::Error::UnsupportedVersion)) and that the dtype is the one
//! of that version, f32 for 1 and int8 for 2
//! ([`DtypeMismatch`](crate::Error::DtypeMismatch)); that no undefined flag bit is set
//! ([`BadFlags`](crate::Error::BadFlags)), that the reserved bytes are zero
//! ([`ReservedNotZero`](crate::Error::ReservedNotZero)) and that there is a layer
//! ([`NoLayers`](crate::Error::NoLayers)); that the length is the one the header announces
//! ([`Truncated`](crate::Error::Truncated) / [`TrailingBytes`](crate::Error::TrailingBytes));
//! the checksum; that the dtype is the one asked for
//! ([`UnsupportedDtype`](crate::Error::UnsupportedDtype)); the depth and sizes against the
//! network type; the activation codes; and that every value is finite. Every failure is an
//! [`Error`](crate::Error), never a panic, and every file that decodes encodes back to the
//! same bytes.

mod codes;
mod crc32;
#[cfg(feature = "alloc")]
mod dynamic;
mod header;
mod reader;
mod rust;
mod typed;
mod writer;

pub use codes::{activation_code, activation_from_code};
pub use crc32::crc32;
pub use header::{Header, open};
pub use reader::Reader;
pub(crate) use reader::tri;

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
pub(crate) const FIXED_HEADER: usize = 12;

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
