//! The envelope of a model file: magic, version, dtype, flags, sizes, length and checksum,
//! checked before any parameter is read; and the one formula of a file's length.

use super::{
    DTYPE_F32, DTYPE_I8, FIXED_HEADER, FLAG_STANDARDIZATION, INT8_INPUT_BYTES, INT8_LAYER_BYTES,
    Reader, VERSION, VERSION_INT8, crc32, tri,
};
use crate::error::{Error, Result};

/// Bytes of a file's frame: the fixed header, the `depth + 1` sizes, the `depth` activation
/// codes, the standardization (8 bytes per input), an int8 file's input quantization, and the
/// checksum. Saturating: a corrupted size gives a length error, never an overflow.
pub(crate) const fn frame_len(int8: bool, depth: u64, inputs: u64, standardized: bool) -> u64 {
    let mut len =
        (FIXED_HEADER as u64 + 4).saturating_add(depth.saturating_mul(5).saturating_add(4));
    if int8 {
        len = len.saturating_add(INT8_INPUT_BYTES as u64);
    }
    if standardized {
        len = len.saturating_add(inputs.saturating_mul(8));
    }
    len
}

/// Bytes of the parameters of one layer of `inputs → outputs`: `f32` weights and biases, or
/// an int8 layer's output quantization, `i8` weights, `i32` biases and multipliers and `i8`
/// shifts.
pub(crate) const fn layer_len(int8: bool, inputs: u64, outputs: u64) -> u64 {
    let weights = outputs.saturating_mul(inputs);
    if int8 {
        weights
            .saturating_add(outputs.saturating_mul(9))
            .saturating_add(INT8_LAYER_BYTES as u64)
    } else {
        weights.saturating_add(outputs).saturating_mul(4)
    }
}

/// The length of the file of a network with `inputs` inputs and layers of `outputs` outputs.
pub(crate) fn file_len(
    int8: bool,
    inputs: usize,
    outputs: impl Iterator<Item = usize>,
    standardized: bool,
) -> usize {
    let (mut depth, mut params, mut prev) = (0u64, 0u64, inputs as u64);
    for n in outputs {
        params = params.saturating_add(layer_len(int8, prev, n as u64));
        prev = n as u64;
        depth += 1;
    }
    frame_len(int8, depth, inputs as u64, standardized).saturating_add(params) as usize
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
/// The format errors of [`Error`], in the order described in the [module docs](crate::model).
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
    let found_dtype = tri!(r.u8());
    // Each version has one dtype: version 1 is f32, version 2 int8.
    let int8 = match (version, found_dtype) {
        (VERSION, DTYPE_F32) => false,
        (VERSION_INT8, DTYPE_I8) => true,
        (VERSION | VERSION_INT8, dtype) => return Err(Error::DtypeMismatch { version, dtype }),
        _ => return Err(Error::UnsupportedVersion { found: version }),
    };
    let flags = tri!(r.u8());
    let depth = tri!(r.u16()) as usize;
    let reserved = tri!(r.u16());
    if flags & !FLAG_STANDARDIZATION != 0 {
        return Err(Error::BadFlags { flags });
    }
    if reserved != 0 {
        return Err(Error::ReservedNotZero);
    }
    if depth == 0 {
        return Err(Error::NoLayers);
    }
    let standardized = flags & FLAG_STANDARDIZATION != 0;

    // Sizes: compute the announced length and compare with the expected shape on the way.
    let mut shape_ok = match dims {
        Some(d) => d.len() == depth + 1,
        None => true,
    };
    let mut len: u64 = 0;
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
        len = if k == 0 {
            frame_len(int8, depth as u64, n, standardized)
        } else {
            len.saturating_add(layer_len(int8, prev, n))
        };
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
