//! A `const`-friendly cursor over a model file's bytes.
//!
//! Everything here is `const fn` so that a model can be decoded at compile time. Reads never
//! index: they split chunks off the front of the slice, so running past the end is an
//! [`Error::Truncated`], not a panic.

use crate::activation::Activation;
use crate::data::Standardizer;
use crate::error::{Error, Result};
use crate::layer::Dense;
use crate::quant::QDense;

/// `?` for `const fn` (the `?` operator is not usable in constant evaluation).
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(e),
        }
    };
}
pub(crate) use tri;

/// The unread rest of a model file.
#[derive(Clone, Copy, Debug)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader over `bytes`.
    pub const fn new(bytes: &'a [u8]) -> Self {
        Reader { rest: bytes }
    }

    /// Whether every byte has been read.
    pub const fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Reads `N` bytes.
    pub const fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        match self.rest.split_first_chunk::<N>() {
            Some((chunk, rest)) => {
                self.rest = rest;
                Ok(*chunk)
            }
            None => Err(Error::Truncated),
        }
    }

    /// Reads a byte.
    pub const fn u8(&mut self) -> Result<u8> {
        match self.array::<1>() {
            Ok([b]) => Ok(b),
            Err(e) => Err(e),
        }
    }

    /// Reads a little-endian `u16`.
    pub const fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(tri!(self.array::<2>())))
    }

    /// Reads a little-endian `u32`.
    pub const fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(tri!(self.array::<4>())))
    }

    /// Reads an `i8`.
    pub const fn i8(&mut self) -> Result<i8> {
        Ok(tri!(self.u8()) as i8)
    }

    /// Reads a little-endian `i32`.
    pub const fn i32(&mut self) -> Result<i32> {
        Ok(i32::from_le_bytes(tri!(self.array::<4>())))
    }

    /// Reads `N` `i8`s.
    pub const fn i8s<const N: usize>(&mut self) -> Result<[i8; N]> {
        let mut out = [0i8; N];
        let mut k = 0;
        while k < N {
            // `k < N` is the loop condition: in bounds.
            #[allow(clippy::indexing_slicing)]
            {
                out[k] = tri!(self.i8());
            }
            k += 1;
        }
        Ok(out)
    }

    /// Reads `N` little-endian `i32`s.
    pub const fn i32s<const N: usize>(&mut self) -> Result<[i32; N]> {
        let mut out = [0i32; N];
        let mut k = 0;
        while k < N {
            // `k < N` is the loop condition: in bounds.
            #[allow(clippy::indexing_slicing)]
            {
                out[k] = tri!(self.i32());
            }
            k += 1;
        }
        Ok(out)
    }

    /// Reads an integer dense layer: output scale and zero point, weights (row-major),
    /// biases, multipliers, shifts.
    pub const fn qdense<const I: usize, const O: usize>(
        &mut self,
        activation: Activation,
    ) -> Result<QDense<I, O>> {
        let mut layer = QDense::<I, O>::zeroed(activation);
        layer.output_scale = tri!(self.f32());
        layer.output_zero_point = tri!(self.i8());
        let mut o = 0;
        while o < O {
            // `o < O` is the loop condition: in bounds.
            #[allow(clippy::indexing_slicing)]
            {
                layer.weights[o] = tri!(self.i8s::<I>());
            }
            o += 1;
        }
        layer.biases = tri!(self.i32s::<O>());
        layer.multipliers = tri!(self.i32s::<O>());
        layer.shifts = tri!(self.i8s::<O>());
        Ok(layer)
    }

    /// Reads a little-endian `f32`, which must be finite.
    pub const fn f32(&mut self) -> Result<f32> {
        let v = f32::from_le_bytes(tri!(self.array::<4>()));
        if v.is_finite() {
            Ok(v)
        } else {
            Err(Error::NonFiniteParameter)
        }
    }

    /// Reads `N` finite `f32`s.
    pub const fn f32s<const N: usize>(&mut self) -> Result<[f32; N]> {
        let mut out = [0.0f32; N];
        let mut k = 0;
        while k < N {
            // `k < N` is the loop condition: in bounds.
            #[allow(clippy::indexing_slicing)]
            {
                out[k] = tri!(self.f32());
            }
            k += 1;
        }
        Ok(out)
    }

    /// Reads an activation code.
    pub const fn activation(&mut self) -> Result<Activation> {
        let code = tri!(self.u8());
        match super::activation_from_code(code) {
            Some(a) => Ok(a),
            None => Err(Error::UnknownActivation { code }),
        }
    }

    /// Reads `D` activation codes.
    pub const fn activations<const D: usize>(&mut self) -> Result<[Activation; D]> {
        let mut acts = [Activation::Identity; D];
        let mut k = 0;
        while k < D {
            // `k < D` is the loop condition: in bounds.
            #[allow(clippy::indexing_slicing)]
            {
                acts[k] = tri!(self.activation());
            }
            k += 1;
        }
        Ok(acts)
    }

    /// Reads the input standardization (means, then scales), if `present`.
    pub const fn standardizer<const I: usize>(
        &mut self,
        present: bool,
    ) -> Result<Option<Standardizer<I>>> {
        if !present {
            return Ok(None);
        }
        let mean = tri!(self.f32s::<I>());
        Ok(Some(Standardizer {
            mean,
            scale: tri!(self.f32s::<I>()),
        }))
    }

    /// Reads a dense layer's weights (row-major) and biases.
    pub const fn dense<const I: usize, const O: usize>(
        &mut self,
        activation: Activation,
    ) -> Result<Dense<I, O>> {
        let mut layer = Dense::<I, O>::zeroed(activation);
        let mut o = 0;
        while o < O {
            // `o < O` is the loop condition: in bounds.
            #[allow(clippy::indexing_slicing)]
            {
                layer.weights[o] = tri!(self.f32s::<I>());
            }
            o += 1;
        }
        layer.biases = tri!(self.f32s::<O>());
        Ok(layer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoders' last check, that nothing follows the last layer, rests on `is_empty`
    /// (`open` has compared the length already, so a file cannot reach it with bytes left).
    #[test]
    fn a_reader_is_empty_once_every_byte_is_read() {
        let mut r = Reader::new(&[1, 2, 3]);
        assert!(!r.is_empty());
        assert_eq!(r.u16(), Ok(0x0201));
        assert!(!r.is_empty());
        assert_eq!(r.u16(), Err(Error::Truncated));
        assert_eq!(r.u8(), Ok(3));
        assert!(r.is_empty());
        assert!(Reader::new(&[]).is_empty());
    }
}
