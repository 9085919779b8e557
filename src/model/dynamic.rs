//! Decoding and encoding the run-time-shaped networks, whose files may have any shape
//! (feature `alloc`).

use alloc::vec;
use alloc::vec::Vec;

use super::writer::{InputQuantization, encode, encode_q};
use super::{DTYPE_F32, DTYPE_I8, FIXED_HEADER, Reader, header, open};
use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::layer::{LayerRef, Parameters};
use crate::net::{DynMlp, Network};
use crate::quant::{DynQDense, DynQMlp};

/// What precedes the parameters of a model file, read without knowing its shape.
struct Layout<'a> {
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
fn layout(bytes: &[u8], dtype: u8) -> Result<Layout<'_>> {
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

impl DynMlp {
    /// Decodes a model file of any shape (see [`model`](crate::model)).
    ///
    /// # Errors
    ///
    /// The format errors of [`Error`]; [`Error::ShapeMismatch`] for a layer of size 0,
    /// which no `DynMlp` has (see [`new`](Self::new)).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut file = layout(bytes, DTYPE_F32)?;
        let mut layers = Vec::with_capacity(file.layers.len());
        for &(n_in, n_out, activation) in &file.layers {
            let weights = file.rest.f32_vec(n_in * n_out)?;
            let biases = file.rest.f32_vec(n_out)?;
            layers.push((n_in, weights, biases, activation));
        }
        if !file.rest.is_empty() {
            return Err(Error::TrailingBytes);
        }
        Ok(DynMlp::from_parts(
            file.inputs,
            file.standardization,
            layers,
        ))
    }

    /// The model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let views: Vec<LayerRef<'_>> = self.layers().collect();
        let std = self.standardization();
        let outputs = views.iter().map(|l| l.outputs());
        let mut out = vec![0; header::file_len(false, self.inputs(), outputs, std.is_some())];
        // The buffer has exactly the encoded length, so encoding cannot fail.
        let n = encode(self.inputs(), &views, std, &mut out).unwrap_or(0);
        out.truncate(n);
        out
    }
}

impl DynQMlp {
    /// Decodes an int8 model file of any shape.
    ///
    /// # Errors
    ///
    /// The format errors of [`Error`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut file = layout(bytes, DTYPE_I8)?;
        let input_scale = file.rest.f32()?;
        let input_zero_point = file.rest.i8()?;
        let mut layers = Vec::with_capacity(file.layers.len());
        for &(n_in, n_out, activation) in &file.layers {
            let r = &mut file.rest;
            layers.push(DynQDense {
                inputs: n_in,
                output_scale: r.f32()?,
                output_zero_point: r.i8()?,
                weights: r.i8_vec(n_in * n_out)?,
                biases: r.i32_vec(n_out)?,
                multipliers: r.i32_vec(n_out)?,
                shifts: r.i8_vec(n_out)?,
                activation,
            });
        }
        if !file.rest.is_empty() {
            return Err(Error::TrailingBytes);
        }
        Ok(DynQMlp {
            inputs: file.inputs,
            standardization: file.standardization,
            input_scale,
            input_zero_point,
            layers,
        })
    }

    /// The int8 model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let layers: Vec<_> = self
            .layers
            .iter()
            .map(|l| (l.view(), l.output_scale))
            .collect();
        let std = self.standardization();
        let outputs = layers.iter().map(|(l, _)| l.biases.len());
        let mut out = vec![0; header::file_len(true, self.inputs, outputs, std.is_some())];
        let input = InputQuantization {
            scale: self.input_scale,
            zero_point: self.input_zero_point,
        };
        // The buffer has exactly the encoded length, so encoding cannot fail.
        let n = encode_q(self.inputs, input, &layers, std, &mut out).unwrap_or(0);
        out.truncate(n);
        out
    }
}
