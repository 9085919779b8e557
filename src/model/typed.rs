//! Decoding and encoding the const-generic networks: `from_bytes` is a `const fn`, so
//! [`include_model!`](crate::include_model) decodes a model at compile time.

use super::writer::{InputQuantization, encode, encode_q};
use super::{DTYPE_F32, DTYPE_I8, header, open, tri};
use crate::error::{Error, Result};
use crate::net::{Mlp1, Mlp2, Mlp3, Mlp4, Mlp5, Network};
use crate::quant::{QMlp1, QMlp2, QMlp3, QMlp4, QMlp5};

macro_rules! typed {
    ($(
        $name:ident / $qname:ident <$($dim:ident),+>, depth $depth:literal, input $in:ident,
        layers { $($idx:tt: $li:ident -> $lo:ident),+ }
    );+ $(;)?) => {$(
        impl<$(const $dim: usize),+> $name<$($dim),+> {
            /// Decodes a model file (see [`model`](crate::model)); a `const fn`, so
            /// [`include_model!`](crate::include_model) can embed a model at compile time.
            ///
            /// # Errors
            ///
            /// A format error ([`Error::BadMagic`], [`Error::Truncated`],
            /// [`Error::ChecksumMismatch`], [`Error::ShapeMismatch`], …) if the file does not
            /// hold a network of exactly this type.
            pub const fn from_bytes(bytes: &[u8]) -> Result<Self> {
                let dims = [$in, $($lo),+];
                let (header, mut r) = tri!(open(bytes, DTYPE_F32, Some(&dims)));
                let acts = tri!(r.activations::<$depth>());
                let standardizer = tri!(r.standardizer::<$in>(header.standardized));
                let layers = ($(tri!(r.dense::<$li, $lo>(acts[$idx])),)+);
                if !r.is_empty() {
                    return Err(Error::TrailingBytes);
                }
                Ok($name { standardizer, layers })
            }

            /// Length in bytes of this network's model file.
            pub fn encoded_len(&self) -> usize {
                header::file_len(false, $in, [$($lo),+].into_iter(), self.standardizer.is_some())
            }

            /// Writes the model file into `out`; returns its length
            /// ([`encoded_len`](Self::encoded_len)).
            ///
            /// # Errors
            ///
            /// [`Error::BufferTooSmall`] if `out` is too short.
            pub fn to_bytes(&self, out: &mut [u8]) -> Result<usize> {
                let layers = [$(self.layers.$idx.view()),+];
                encode($in, &layers, self.standardization(), out)
            }
        }

        impl<$(const $dim: usize),+> $qname<$($dim),+> {
            /// Decodes an int8 model file (see [`model`](crate::model)); a `const fn`, so
            /// [`include_model!`](crate::include_model) embeds it at compile time.
            ///
            /// # Errors
            ///
            /// A format error if the file does not hold an int8 network of exactly this type.
            pub const fn from_bytes(bytes: &[u8]) -> Result<Self> {
                let dims = [$in, $($lo),+];
                let (header, mut r) = tri!(open(bytes, DTYPE_I8, Some(&dims)));
                let acts = tri!(r.activations::<$depth>());
                let standardizer = tri!(r.standardizer::<$in>(header.standardized));
                let input_scale = tri!(r.f32());
                let input_zero_point = tri!(r.i8());
                let layers = ($(tri!(r.qdense::<$li, $lo>(acts[$idx])),)+);
                if !r.is_empty() {
                    return Err(Error::TrailingBytes);
                }
                Ok($qname::from_parts(standardizer, input_scale, input_zero_point, layers))
            }

            /// Length in bytes of this network's model file.
            pub fn encoded_len(&self) -> usize {
                header::file_len(true, $in, [$($lo),+].into_iter(), self.standardizer.is_some())
            }

            /// Writes the int8 model file into `out`; returns its length.
            ///
            /// # Errors
            ///
            /// [`Error::BufferTooSmall`] if `out` is too short.
            pub fn to_bytes(&self, out: &mut [u8]) -> Result<usize> {
                let std = self.standardizer.as_ref().map(|s| (&s.mean[..], &s.scale[..]));
                let input = InputQuantization { scale: self.input_scale, zero_point: self.input_zero_point };
                let layers = [$((self.layers.$idx.view(), self.layers.$idx.output_scale)),+];
                encode_q($in, input, &layers, std, out)
            }
        }
    )+};
}

typed! {
    Mlp1 / QMlp1<I, O>, depth 1, input I, layers { 0: I -> O };
    Mlp2 / QMlp2<I, H, O>, depth 2, input I, layers { 0: I -> H, 1: H -> O };
    Mlp3 / QMlp3<I, H1, H2, O>, depth 3, input I, layers { 0: I -> H1, 1: H1 -> H2, 2: H2 -> O };
    Mlp4 / QMlp4<I, H1, H2, H3, O>, depth 4, input I,
        layers { 0: I -> H1, 1: H1 -> H2, 2: H2 -> H3, 3: H3 -> O };
    Mlp5 / QMlp5<I, H1, H2, H3, H4, O>, depth 5, input I,
        layers { 0: I -> H1, 1: H1 -> H2, 2: H2 -> H3, 3: H3 -> H4, 4: H4 -> O };
}
