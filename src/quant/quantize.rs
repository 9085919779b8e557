//! Post-training quantization: calibration and conversion (feature `alloc`), and the
//! run-time-shaped integer network it produces.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::kernel::{self, QLayerRef};
use super::{IntForm, OutputCoding, class_of, class_threshold, dequantize, quantize_values};
use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::net::{self, Network};

/// How many weight scales a layer gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Granularity {
    /// One scale per output unit (row of weights): each row uses the full `i8` range.
    PerChannel,
    /// One scale for the whole layer.
    PerLayer,
}

/// One layer of a [`DynQMlp`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DynQDense {
    pub(crate) inputs: usize,
    pub(crate) weights: Vec<i8>,
    pub(crate) biases: Vec<i32>,
    pub(crate) multipliers: Vec<i32>,
    pub(crate) shifts: Vec<i8>,
    pub(crate) output_scale: f32,
    pub(crate) output_zero_point: i8,
    pub(crate) activation: Activation,
}

impl DynQDense {
    pub(crate) fn view(&self) -> QLayerRef<'_> {
        QLayerRef {
            weights: &self.weights,
            biases: &self.biases,
            multipliers: &self.multipliers,
            shifts: &self.shifts,
            output_zero_point: self.output_zero_point,
            activation: self.activation,
        }
    }
}

/// An integer network whose shape is chosen at run time: what [`quantize`] produces, and
/// what tools load. Its model file loads into the matching [`QMlp2`](super::QMlp2) (etc.)
/// for firmware, with bit-identical integer outputs.
#[derive(Clone, Debug, PartialEq)]
pub struct DynQMlp {
    pub(crate) inputs: usize,
    pub(crate) standardization: Option<(Vec<f32>, Vec<f32>)>,
    pub(crate) input_scale: f32,
    pub(crate) input_zero_point: i8,
    pub(crate) layers: Vec<DynQDense>,
}

/// The range `[min, max]` of the values seen, always including 0.
#[derive(Clone, Copy, Debug)]
struct Range {
    min: f64,
    max: f64,
}

impl Range {
    const ZERO: Range = Range { min: 0.0, max: 0.0 };

    fn add(&mut self, values: &[f32]) {
        for &v in values {
            self.min = self.min.min(f64::from(v));
            self.max = self.max.max(f64::from(v));
        }
    }

    /// Affine `i8` quantization covering the range: `(scale, zero point)`.
    fn affine(self) -> (f64, i8) {
        let span = self.max - self.min;
        let scale = if span > 0.0 { span / 255.0 } else { 1.0 };
        let zp = libm::round(-128.0 - self.min / scale).clamp(-128.0, 127.0);
        (scale, zp as i8)
    }
}

/// Quantizes `net` to 8-bit integers, calibrating activation ranges on `calibration`
/// (representative raw inputs, e.g. the training inputs).
///
/// # Errors
///
/// [`Error::EmptyDataset`] without calibration data, [`Error::NonFiniteInput`] /
/// [`Error::SampleLength`] for a bad calibration sample, [`Error::QuantizationRange`] if a
/// layer's values cannot be represented (an `i32` accumulator could overflow).
///
/// # Examples
///
/// ```
/// use tinymlp::{Mlp2, include_model, quant::{self, Granularity, QMlp2}};
///
/// static XOR: Mlp2<2, 2, 1> = include_model!(Mlp2<2, 2, 1>, "../../tests/fixtures/xor-2-2-1.tmlp");
/// let calibration = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let q = quant::quantize(&XOR, &calibration, Granularity::PerChannel)?;
/// let fixed = QMlp2::<2, 2, 1>::from_bytes(&q.to_bytes())?;
/// for x in &calibration {
///     assert_eq!(fixed.classify(x), XOR.classify(x));
/// }
/// # Ok::<(), tinymlp::Error>(())
/// ```
pub fn quantize<'c, N: Network>(
    net: &N,
    calibration: impl IntoIterator<Item = &'c N::Input>,
    granularity: Granularity,
) -> Result<DynQMlp>
where
    N::Input: 'c,
{
    let mut calibration = calibration.into_iter().peekable();
    if calibration.peek().is_none() {
        return Err(Error::EmptyDataset);
    }
    let inputs = net.inputs();
    let std = net.standardization();

    // Calibration: the range of the standardized inputs and of each layer's pre-activations
    // and outputs, from the f32 network (the same kernels as inference).
    let mut input_range = Range::ZERO;
    let mut z_ranges = vec![Range::ZERO; net.layers().len()];
    let mut a_ranges = z_ranges.clone();
    let mut input = vec![0.0; inputs];
    let mut outs: Vec<Vec<f32>> = net.layers().map(|l| vec![0.0; l.outputs()]).collect();
    for (sample, x) in calibration.enumerate() {
        let x = x.as_ref();
        if x.len() != inputs {
            return Err(Error::SampleLength { sample });
        }
        if !x.iter().all(|v| v.is_finite()) {
            return Err(Error::NonFiniteInput { sample });
        }
        net::standardize(std, x, &mut input);
        input_range.add(&input);
        let bufs = outs.iter_mut().map(Vec::as_mut_slice);
        net::forward_one(net.layers(), &input, bufs, |k, z| {
            if let Some(r) = z_ranges.get_mut(k) {
                r.add(z);
            }
        });
        for (r, a) in a_ranges.iter_mut().zip(&outs) {
            r.add(a);
        }
    }

    let (mut s_in, zp_in) = input_range.affine();
    let (input_scale, input_zero_point) = (s_in as f32, zp_in);
    let mut zp_in = i64::from(zp_in);
    let mut layers = Vec::new();
    for ((layer, z), a) in net.layers().zip(&z_ranges).zip(&a_ranges) {
        let n_in = layer.inputs();
        // The output quantization, and the factor from real pre-activations to the units the
        // activation's requantization produces.
        let (s_out, zp_out, to_units) = match IntForm::of(layer.activation).output_coding() {
            OutputCoding::Fixed {
                scale,
                zero_point,
                units_per_z,
            } => (scale, zero_point, units_per_z),
            OutputCoding::OutputsFromZero => {
                let (s, zp) = Range {
                    min: 0.0,
                    max: a.max,
                }
                .affine();
                (s, zp, 1.0 / s)
            }
            OutputCoding::PreActivations => {
                let (s, zp) = z.affine();
                (s, zp, 1.0 / s)
            }
        };
        let rows: Vec<&[f32]> = layer.weights.chunks(n_in.max(1)).collect();
        let layer_max = layer
            .weights
            .iter()
            .fold(0.0f64, |m, w| m.max(f64::from(w.abs())));
        let mut q = DynQDense {
            inputs: n_in,
            weights: Vec::with_capacity(layer.weights.len()),
            biases: Vec::new(),
            multipliers: Vec::new(),
            shifts: Vec::new(),
            output_scale: s_out as f32,
            output_zero_point: zp_out,
            activation: layer.activation,
        };
        for (row, &b) in rows.iter().zip(layer.biases) {
            let max = match granularity {
                Granularity::PerChannel => {
                    row.iter().fold(0.0f64, |m, w| m.max(f64::from(w.abs())))
                }
                Granularity::PerLayer => layer_max,
            };
            let s_w = if max > 0.0 { max / 127.0 } else { 1.0 };
            let wq: Vec<i8> = row
                .iter()
                .map(|&w| libm::round(f64::from(w) / s_w).clamp(-127.0, 127.0) as i8)
                .collect();
            let sum: i64 = wq.iter().map(|&w| i64::from(w)).sum();
            let abs: i64 = wq.iter().map(|&w| i64::from(w).abs()).sum();
            let bias = libm::round(f64::from(b) / (s_in * s_w)) as i64 - zp_in * sum;
            if bias.abs() + 128 * abs >= i64::from(i32::MAX) {
                return Err(Error::QuantizationRange);
            }
            let (m, shift) = fixed_point(s_in * s_w * to_units)?;
            q.weights.extend(wq);
            q.biases.push(bias as i32);
            q.multipliers.push(m);
            q.shifts.push(shift);
        }
        s_in = s_out;
        zp_in = i64::from(zp_out);
        layers.push(q);
    }
    let standardization = std.map(|(m, s)| (m.to_vec(), s.to_vec()));
    Ok(DynQMlp {
        inputs,
        standardization,
        input_scale,
        input_zero_point,
        layers,
    })
}

/// `m · 2^−(31 + shift)` = `factor`, with the Q31 multiplier `m` in `[2^30, 2^31)`.
fn fixed_point(factor: f64) -> Result<(i32, i8)> {
    if !(factor.is_finite() && factor >= 0.0) {
        return Err(Error::QuantizationRange);
    }
    if factor == 0.0 {
        return Ok((0, 0));
    }
    let (mut frac, mut exp) = libm::frexp(factor);
    let mut m = libm::round(frac * f64::from(1u32 << 31)) as i64;
    if m == 1i64 << 31 {
        m /= 2;
        exp += 1;
        frac = 0.5;
    }
    let _ = frac;
    let shift = -exp;
    match shift {
        s if s < -30 => Err(Error::QuantizationRange),
        // Smaller than 2^−62: indistinguishable from zero for any accumulator.
        s if s > 31 => Ok((0, 0)),
        s => Ok((m as i32, s as i8)),
    }
}

impl DynQMlp {
    /// Output for one quantized input: integer arithmetic only.
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`] if `x` is not as long as the network's input.
    pub fn predict_q(&self, x: &[i8]) -> Result<Vec<i8>> {
        if x.len() != self.inputs {
            return Err(Error::SampleLength { sample: 0 });
        }
        let mut a = x.to_vec();
        for layer in &self.layers {
            let mut y = vec![0; layer.biases.len()];
            kernel::dense_forward(&layer.view(), &a, &mut y);
            a = y;
        }
        Ok(a)
    }

    /// Standardizes and quantizes a real input.
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`] if `x` is not as long as the network's input.
    pub fn quantize_input(&self, x: &[f32]) -> Result<Vec<i8>> {
        if x.len() != self.inputs {
            return Err(Error::SampleLength { sample: 0 });
        }
        let mut s = vec![0.0; self.inputs];
        net::standardize(
            self.standardization.as_ref().map(|(m, s)| (&m[..], &s[..])),
            x,
            &mut s,
        );
        let mut q = vec![0; self.inputs];
        quantize_values(self.input_scale, self.input_zero_point, &s, &mut q);
        Ok(q)
    }

    /// Real output for a real input.
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`] for an input of the wrong length.
    pub fn predict(&self, x: &[f32]) -> Result<Vec<f32>> {
        let y = self.predict_q(&self.quantize_input(x)?)?;
        let mut out = vec![0.0; y.len()];
        if let Some(last) = self.layers.last() {
            dequantize(
                last.activation,
                last.output_scale,
                last.output_zero_point,
                &y,
                &mut out,
            );
        }
        Ok(out)
    }

    /// The class of a real input (see [`QMlp2::classify_q`](super::QMlp2::classify_q)).
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`] for an input of the wrong length.
    pub fn classify(&self, x: &[f32]) -> Result<usize> {
        self.classify_q(&self.quantize_input(x)?)
    }

    /// The class of a quantized input (see [`QMlp2::classify_q`](super::QMlp2::classify_q)).
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`] for an input of the wrong length.
    pub fn classify_q(&self, x: &[i8]) -> Result<usize> {
        let y = self.predict_q(x)?;
        let threshold = self.layers.last().map_or(0, |l| {
            class_threshold(l.activation, l.output_scale, l.output_zero_point)
        });
        Ok(class_of(threshold, &y))
    }

    /// The sizes: inputs, then each layer's outputs.
    pub fn sizes(&self) -> Vec<usize> {
        net::sizes(self.inputs, self.layers.iter().map(|l| l.biases.len()))
    }

    /// The activations, input side first.
    pub fn activations(&self) -> Vec<Activation> {
        self.layers.iter().map(|l| l.activation).collect()
    }

    /// The input standardization `(mean, scale)`, if any.
    pub fn standardization(&self) -> Option<(&[f32], &[f32])> {
        self.standardization.as_ref().map(|(m, s)| (&m[..], &s[..]))
    }

    /// The matching const-generic type, e.g. `QMlp2<2, 8, 1>`, if there is one.
    pub fn type_name(&self) -> Option<String> {
        net::type_name("QMlp", &self.sizes())
    }
}
