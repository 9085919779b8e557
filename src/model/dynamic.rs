//! Decoding the header of a model file of any shape, for the run-time-shaped networks
//! (feature `alloc`).

use alloc::vec::Vec;

use super::{FIXED_HEADER, Reader, open};
use crate::activation::Activation;
use crate::error::{Error, Result};

/// What precedes the parameters of a model file, read without knowing its shape.
pub(crate) struct Layout<'a> {
    /// The number of inputs (at least 1).
    pub(crate) inputs: usize,
    /// Each layer's inputs, outputs (at least 1 each) and activation.
    pub(crate) layers: Vec<(usize, usize, Activation)>,
    /// The input standardization `(mean, scale)`, if present.
    pub(crate) standardization: Option<(Vec<f32>, Vec<f32>)>,
    /// The rest of the file, from the first byte after the standardization to the checksum.
    pub(crate) rest: Reader<'a>,
}

/// Checks a model file of dtype `dtype` (see [`open`]) and reads its sizes, activations and
/// standardization.
///
/// # Errors
///
/// The format errors of [`open`], [`Error::UnsupportedDtype`] for another dtype, and
/// [`Error::ShapeMismatch`] for a size of 0: no run-time network has one, and it would let a
/// tiny file announce billions of inputs (the file's length would no longer bound the other
/// sizes; found by fuzzing).
pub(crate) fn layout(bytes: &[u8], dtype: u8) -> Result<Layout<'_>> {
    let (header, mut rest) = open(bytes, dtype, None)?;
    if header.dtype != dtype {
        return Err(Error::UnsupportedDtype {
            found: header.dtype,
        });
    }
    let mut sizes_reader = Reader::new(bytes.get(FIXED_HEADER..).ok_or(Error::Truncated)?);
    let sizes = (0..=header.depth)
        .map(|_| Ok(sizes_reader.u32()? as usize))
        .collect::<Result<Vec<_>>>()?;
    if sizes.contains(&0) {
        return Err(Error::ShapeMismatch);
    }
    let activations = (0..header.depth)
        .map(|_| rest.activation())
        .collect::<Result<Vec<_>>>()?;
    let inputs = sizes.first().copied().unwrap_or(0);
    let standardization = if header.standardized {
        let mean = rest.f32_vec(inputs)?;
        Some((mean, rest.f32_vec(inputs)?))
    } else {
        None
    };
    let layers = sizes
        .windows(2)
        .zip(activations)
        .filter_map(|(w, a)| match w {
            [i, o] => Some((*i, *o, a)),
            _ => None,
        })
        .collect();
    Ok(Layout {
        inputs,
        layers,
        standardization,
        rest,
    })
}

impl Reader<'_> {
    /// Reads `n` finite `f32`s.
    pub(crate) fn f32_vec(&mut self, n: usize) -> Result<Vec<f32>> {
        (0..n).map(|_| self.f32()).collect()
    }

    /// Reads `n` `i8`s.
    pub(crate) fn i8_vec(&mut self, n: usize) -> Result<Vec<i8>> {
        (0..n).map(|_| self.i8()).collect()
    }

    /// Reads `n` `i32`s.
    pub(crate) fn i32_vec(&mut self, n: usize) -> Result<Vec<i32>> {
        (0..n).map(|_| self.i32()).collect()
    }
}
