//! Encoding a network as a model file.

use super::header::file_len;
use super::{
    DTYPE_F32, DTYPE_I8, FLAG_STANDARDIZATION, MAGIC, VERSION, VERSION_INT8, activation_code, crc32,
};
use crate::error::{Error, Result};
use crate::layer::LayerRef;
use crate::quant::QLayerRef;

/// A cursor over an output buffer whose size has been checked beforehand.
struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let end = self.pos + bytes.len();
        if let Some(dst) = self.buf.get_mut(self.pos..end) {
            dst.copy_from_slice(bytes);
        }
        self.pos = end;
    }

    fn f32s(&mut self, values: &[f32]) {
        values.iter().for_each(|v| self.put(&v.to_le_bytes()));
    }

    /// Writes the fixed header and the sizes (`outputs`: each layer's, input side first).
    fn header<O: ExactSizeIterator<Item = usize>>(
        &mut self,
        version: u16,
        dtype: u8,
        inputs: usize,
        outputs: O,
        standardized: bool,
    ) {
        self.put(&MAGIC);
        self.put(&version.to_le_bytes());
        self.put(&[
            dtype,
            if standardized {
                FLAG_STANDARDIZATION
            } else {
                0
            },
        ]);
        self.put(&(outputs.len() as u16).to_le_bytes());
        self.put(&0u16.to_le_bytes());
        self.put(&(inputs as u32).to_le_bytes());
        outputs.for_each(|n| self.put(&(n as u32).to_le_bytes()));
    }

    /// Appends the CRC-32 of everything written so far.
    fn seal(&mut self) {
        let crc = crc32(self.buf.get(..self.pos).unwrap_or(&[]));
        self.put(&crc.to_le_bytes());
    }
}

/// The input quantization of an int8 model: `q = round(x′ / scale) + zero_point`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct InputQuantization {
    pub(crate) scale: f32,
    pub(crate) zero_point: i8,
}

/// Writes the int8 model file of a network into `out`; returns its length.
pub(crate) fn encode_q(
    inputs: usize,
    input: InputQuantization,
    layers: &[(QLayerRef<'_>, f32)],
    standardization: Option<(&[f32], &[f32])>,
    out: &mut [u8],
) -> Result<usize> {
    let outputs = || layers.iter().map(|(l, _)| l.biases.len());
    let needed = file_len(true, inputs, outputs(), standardization.is_some());
    let Some(out) = out.get_mut(..needed) else {
        return Err(Error::BufferTooSmall { needed });
    };
    let mut w = Writer { buf: out, pos: 0 };
    w.header(
        VERSION_INT8,
        DTYPE_I8,
        inputs,
        outputs(),
        standardization.is_some(),
    );
    layers
        .iter()
        .for_each(|(l, _)| w.put(&[activation_code(l.activation)]));
    if let Some((mean, scale)) = standardization {
        w.f32s(mean);
        w.f32s(scale);
    }
    w.put(&input.scale.to_le_bytes());
    w.put(&input.zero_point.to_le_bytes());
    for (l, output_scale) in layers {
        w.put(&output_scale.to_le_bytes());
        w.put(&l.output_zero_point.to_le_bytes());
        l.weights.iter().for_each(|v| w.put(&v.to_le_bytes()));
        l.biases.iter().for_each(|v| w.put(&v.to_le_bytes()));
        l.multipliers.iter().for_each(|v| w.put(&v.to_le_bytes()));
        l.shifts.iter().for_each(|v| w.put(&v.to_le_bytes()));
    }
    w.seal();
    Ok(needed)
}

/// Writes the model file of a network into `out`; returns its length.
pub(crate) fn encode(
    inputs: usize,
    layers: &[LayerRef<'_>],
    standardization: Option<(&[f32], &[f32])>,
    out: &mut [u8],
) -> Result<usize> {
    let needed = file_len(
        false,
        inputs,
        layers.iter().map(|l| l.outputs()),
        standardization.is_some(),
    );
    let Some(out) = out.get_mut(..needed) else {
        return Err(Error::BufferTooSmall { needed });
    };
    let mut w = Writer { buf: out, pos: 0 };
    w.header(
        VERSION,
        DTYPE_F32,
        inputs,
        layers.iter().map(|l| l.outputs()),
        standardization.is_some(),
    );
    layers
        .iter()
        .for_each(|l| w.put(&[activation_code(l.activation)]));
    if let Some((mean, scale)) = standardization {
        w.f32s(mean);
        w.f32s(scale);
    }
    for l in layers {
        w.f32s(l.weights);
        w.f32s(l.biases);
    }
    w.seal();
    Ok(needed)
}
