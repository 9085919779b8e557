//! The integer networks `QMlp1` … `QMlp5`, mirroring `Mlp1` … `Mlp5`.

use super::{QDense, class_of, class_threshold, dequantize, quantize_values};
use crate::data::Standardizer;

macro_rules! qmlp {
    (
        $(#[$doc:meta])*
        $name:ident<$($dim:ident),+>, depth $depth:literal, input $in:ident, output $out:ident,
        last $last:tt,
        layers { $($idx:tt: $li:ident -> $lo:ident),+ }
    ) => {
        $(#[$doc])*
        ///
        /// Made by the quantizer and loaded with `from_bytes` (at compile time with
        /// [`include_model!`](crate::include_model)); read-only after that, so that what is
        /// derived at load time stays consistent.
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name<$(const $dim: usize),+> {
            pub(crate) standardizer: Option<Standardizer<$in>>,
            pub(crate) input_scale: f32,
            pub(crate) input_zero_point: i8,
            pub(crate) layers: ($(QDense<$li, $lo>,)+),
            /// The class boundary of a single output, in output codes.
            threshold: i32,
        }

        impl<$(const $dim: usize),+> $name<$($dim),+> {
            /// Number of dense layers.
            pub const DEPTH: usize = $depth;

            /// The layers, input side first.
            pub fn layers(&self) -> &($(QDense<$li, $lo>,)+) {
                &self.layers
            }

            /// The standardization of real inputs, applied by
            /// [`quantize_input`](Self::quantize_input).
            pub fn standardizer(&self) -> Option<&Standardizer<$in>> {
                self.standardizer.as_ref()
            }

            /// The input quantization `(scale, zero point)`: a standardized input `x` becomes
            /// `round(x / scale) + zero point`.
            pub fn input_quantization(&self) -> (f32, i8) {
                (self.input_scale, self.input_zero_point)
            }

            /// Output for one quantized input: integer arithmetic only, bit-identical on every
            /// target.
            #[inline]
            pub fn predict_q(&self, x: &[i8; $in]) -> [i8; $out] {
                let a = *x;
                $(let a = self.layers.$idx.forward(&a);)+
                a
            }

            /// The class of one quantized input: with one output, whether its real value is
            /// at least 0.5; with several, the largest. Integer arithmetic only.
            #[inline]
            pub fn classify_q(&self, x: &[i8; $in]) -> usize {
                class_of(self.threshold, &self.predict_q(x))
            }

            /// Standardizes and quantizes a real input (floating point).
            pub fn quantize_input(&self, x: &[f32; $in]) -> [i8; $in] {
                let x = match &self.standardizer {
                    Some(s) => s.apply(x),
                    None => *x,
                };
                let mut q = [0; $in];
                quantize_values(self.input_scale, self.input_zero_point, &x, &mut q);
                q
            }

            /// Real outputs (probabilities for sigmoid and softmax outputs) of quantized
            /// outputs (floating point).
            pub fn dequantize_output(&self, y: &[i8; $out]) -> [f32; $out] {
                let last = &self.layers.$last;
                let mut out = [0.0; $out];
                dequantize(last.activation, last.output_scale, last.output_zero_point, y, &mut out);
                out
            }

            /// Real output for a real input: quantize, run the integer network, dequantize.
            pub fn predict(&self, x: &[f32; $in]) -> [f32; $out] {
                self.dequantize_output(&self.predict_q(&self.quantize_input(x)))
            }

            /// The class of a real input.
            pub fn classify(&self, x: &[f32; $in]) -> usize {
                self.classify_q(&self.quantize_input(x))
            }

            /// A network of these parts, with what is derived from them (the class boundary);
            /// what the model file decoder builds.
            pub(crate) const fn from_parts(
                standardizer: Option<Standardizer<$in>>,
                input_scale: f32,
                input_zero_point: i8,
                layers: ($(QDense<$li, $lo>,)+),
            ) -> Self {
                let last = &layers.$last;
                let threshold = class_threshold(last.activation, last.output_scale, last.output_zero_point);
                $name { standardizer, input_scale, input_zero_point, layers, threshold }
            }
        }
    };
}

qmlp! {
    /// The integer counterpart of [`Mlp1`](crate::Mlp1): one dense layer.
    QMlp1<I, O>, depth 1, input I, output O, last 0,
    layers { 0: I -> O }
}

qmlp! {
    /// The integer counterpart of [`Mlp2`](crate::Mlp2): `I → H → O`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::{include_model, quant::QMlp2};
    ///
    /// // An int8 XOR network, decoded at compile time; inference is integer-only.
    /// static MODEL: QMlp2<2, 2, 1> = include_model!(QMlp2<2, 2, 1>, "../../tests/fixtures/xor-2-2-1.q8.tmlp");
    /// for (x, class) in [([0.0, 0.0], 0), ([0.0, 1.0], 1), ([1.0, 0.0], 1), ([1.0, 1.0], 0)] {
    ///     let q = MODEL.quantize_input(&x);
    ///     assert_eq!(MODEL.classify_q(&q), class);
    /// }
    /// ```
    QMlp2<I, H, O>, depth 2, input I, output O, last 1,
    layers { 0: I -> H, 1: H -> O }
}

qmlp! {
    /// The integer counterpart of [`Mlp3`](crate::Mlp3): `I → H1 → H2 → O`.
    QMlp3<I, H1, H2, O>, depth 3, input I, output O, last 2,
    layers { 0: I -> H1, 1: H1 -> H2, 2: H2 -> O }
}

qmlp! {
    /// The integer counterpart of [`Mlp4`](crate::Mlp4).
    QMlp4<I, H1, H2, H3, O>, depth 4, input I, output O, last 3,
    layers { 0: I -> H1, 1: H1 -> H2, 2: H2 -> H3, 3: H3 -> O }
}

qmlp! {
    /// The integer counterpart of [`Mlp5`](crate::Mlp5).
    QMlp5<I, H1, H2, H3, H4, O>, depth 5, input I, output O, last 4,
    layers { 0: I -> H1, 1: H1 -> H2, 2: H2 -> H3, 3: H3 -> H4, 4: H4 -> O }
}
