//! Activation functions `a = f(z)` and their derivatives.
//!
//! The derivatives are written in terms of the activation's *output* `a`, which the forward
//! pass keeps anyway (see the [guide](crate::guide#activations)):
//!
//! | activation | `f(z)` | `f′` in terms of `a` |
//! |---|---|---|
//! | [`Identity`](Activation::Identity) | `z` | `1` |
//! | [`Sigmoid`](Activation::Sigmoid) | `1 / (1 + e^(−z))` | `a·(1 − a)` |
//! | [`Tanh`](Activation::Tanh) | `tanh z` | `1 − a²` |
//! | [`Relu`](Activation::Relu) | `max(z, 0)` | `1` if `a > 0`, else `0` |
//! | [`Softmax`](Activation::Softmax) | `e^(z_k) / Σ_j e^(z_j)` | `∂a_k/∂z_j = a_k·(δ_kj − a_j)` |
//! | [`FastSigmoid`](Activation::FastSigmoid), [`FastTanh`](Activation::FastTanh), [`FastSoftmax`](Activation::FastSoftmax) | as above, with [`math`]'s `exp`/`tanh` | as above |
//!
//! Exponentials and `tanh` come from `libm` on every target, so results do not depend on the
//! platform's math library. The `Fast*` variants use the branch-free functions of
//! [`math`] instead: equally deterministic across targets, within a few ulp of
//! `libm`, and vectorized over lane blocks, which makes batched training and inference of
//! small networks several times faster. Which to use is a per-layer choice; a network's
//! results never change unless its activations do.

pub mod fixed;

pub use fixed::Act;

use crate::kernel::lanes::{LANES, Lanes};
use crate::kernel::rows::RowsExt;
use crate::math;

/// The non-linearity a layer applies to its pre-activation `z = W·x + b`.
///
/// # Examples
///
/// ```
/// use tinymlp::Activation;
///
/// let mut v = [-1.0, 0.0, 2.0];
/// Activation::Relu.apply(&mut v);
/// assert_eq!(v, [0.0, 0.0, 2.0]);
///
/// let mut p = [1.0, 1.0];
/// Activation::Softmax.apply(&mut p);
/// assert_eq!(p, [0.5, 0.5]);
/// ```
///
/// The enum is exhaustive on purpose: a match over it names every variant, so adding one
/// makes the compiler point at every place (in this crate and in its tools) that must decide
/// what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Activation {
    /// `f(z) = z`: a linear output, e.g. for regression.
    Identity,
    /// The logistic function `1 / (1 + e^(−z))`, with values in `(0, 1)`.
    Sigmoid,
    /// The hyperbolic tangent, with values in `(−1, 1)`.
    Tanh,
    /// The rectified linear unit `max(z, 0)`.
    Relu,
    /// Normalized exponentials across the layer's outputs; they sum to 1. Pair it with
    /// [`Loss::SoftmaxCrossEntropy`](crate::Loss::SoftmaxCrossEntropy) on the output layer.
    Softmax,
    /// [`Sigmoid`](Self::Sigmoid) computed with the branch-free [`math::sigmoid`]: a few ulp
    /// away from it, vectorized in batches. With
    /// [`Loss::BinaryCrossEntropy`](crate::Loss::BinaryCrossEntropy) the loss value also uses
    /// [`math`]'s functions.
    FastSigmoid,
    /// [`Tanh`](Self::Tanh) computed with the branch-free [`math::tanh`].
    FastTanh,
    /// [`Softmax`](Self::Softmax) computed with the branch-free [`math::exp`]. With
    /// [`Loss::SoftmaxCrossEntropy`](crate::Loss::SoftmaxCrossEntropy) the log-sum-exp of the
    /// loss value also uses [`math`]'s functions.
    FastSoftmax,
}

impl Activation {
    /// Every activation, in declaration order (handy for tests and tools).
    pub const ALL: [Activation; 8] = [
        Activation::Identity,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Softmax,
        Activation::FastSigmoid,
        Activation::FastTanh,
        Activation::FastSoftmax,
    ];

    /// Whether this is one of the `Fast*` variants, computed with [`math`]'s functions.
    pub const fn is_fast(self) -> bool {
        match self {
            Activation::FastSigmoid | Activation::FastTanh | Activation::FastSoftmax => true,
            Activation::Identity
            | Activation::Sigmoid
            | Activation::Tanh
            | Activation::Relu
            | Activation::Softmax => false,
        }
    }

    /// The activation's name, as tools show and read it: `identity`, `sigmoid`, `tanh`,
    /// `relu`, `softmax`, `fast-sigmoid`, `fast-tanh`, `fast-softmax`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::Activation;
    ///
    /// assert_eq!(Activation::FastTanh.name(), "fast-tanh");
    /// assert_eq!(Activation::from_name("fast-tanh"), Some(Activation::FastTanh));
    /// assert_eq!(Activation::from_name("swish"), None);
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Activation::Identity => "identity",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::Softmax => "softmax",
            Activation::FastSigmoid => "fast-sigmoid",
            Activation::FastTanh => "fast-tanh",
            Activation::FastSoftmax => "fast-softmax",
        }
    }

    /// The activation of a [`name`](Self::name), if it is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// Whether the activation acts on each unit alone (every one but the softmaxes, which
    /// couple a layer's units through their sum): what a hidden layer usually wants.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::Activation;
    ///
    /// assert!(Activation::Tanh.acts_per_unit());
    /// assert!(!Activation::Softmax.acts_per_unit());
    /// ```
    pub const fn acts_per_unit(self) -> bool {
        match self.output_kind() {
            OutputKind::Probabilities | OutputKind::Values => true,
            OutputKind::Distribution => false,
        }
    }

    /// Whether a layer of this activation is initialized for ReLU (He) rather than with
    /// Glorot's limits (see [`Dense::new`](crate::Dense::new)).
    pub(crate) const fn he_init(self) -> bool {
        match self {
            Activation::Relu => true,
            Activation::Identity
            | Activation::Sigmoid
            | Activation::Tanh
            | Activation::Softmax
            | Activation::FastSigmoid
            | Activation::FastTanh
            | Activation::FastSoftmax => false,
        }
    }

    /// What an output layer of this activation produces, which decides the losses it pairs
    /// with and how tools read its outputs (a sigmoid unit is a probability, a softmax layer
    /// a distribution over classes).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::activation::{Activation, OutputKind};
    ///
    /// assert_eq!(Activation::FastSigmoid.output_kind(), OutputKind::Probabilities);
    /// assert_eq!(Activation::Relu.output_kind(), OutputKind::Values);
    /// ```
    pub const fn output_kind(self) -> OutputKind {
        match self {
            Activation::Sigmoid | Activation::FastSigmoid => OutputKind::Probabilities,
            Activation::Softmax | Activation::FastSoftmax => OutputKind::Distribution,
            Activation::Identity | Activation::Tanh | Activation::Relu | Activation::FastTanh => {
                OutputKind::Values
            }
        }
    }

    /// Applies the activation in place to the pre-activations of one sample.
    // Always inlined: on hosts a one-sample training pass then keeps its buffers in registers
    // (`seed/online_step` 76 → 57 ns, with `backward` and `Loss::output_delta`); bare-metal
    // targets inline the dispatch into each layer (a 2-2-1 forward pass on the Cortex-M4F:
    // 337 → 308 instructions) and keep every function it calls out of line.
    #[inline(always)]
    pub fn apply(self, z: &mut [f32]) {
        // One loop per variant: the choice is made once per layer, not once per element.
        match self {
            Activation::Identity => {}
            Activation::Relu => z.iter_mut().for_each(|v| *v = relu(*v)),
            // `libm` keeps these out of line on its own.
            Activation::Sigmoid => z.iter_mut().for_each(|v| *v = sigmoid(*v)),
            Activation::Tanh => z.iter_mut().for_each(|v| *v = libm::tanhf(*v)),
            // On hosts, the branch-free functions inline into their own loops (no call per
            // element).
            #[cfg(not(target_os = "none"))]
            Activation::Softmax => softmax(z),
            #[cfg(not(target_os = "none"))]
            Activation::FastSoftmax => softmax_with(z, math::exp),
            #[cfg(not(target_os = "none"))]
            Activation::FastSigmoid => z.iter_mut().for_each(|v| *v = math::sigmoid(*v)),
            #[cfg(not(target_os = "none"))]
            Activation::FastTanh => z.iter_mut().for_each(|v| *v = math::tanh(*v)),
            // On bare metal, one out-of-line copy of each: inlined, their constants would be
            // loaded on every forward pass, whichever activation the layer uses (measured: up
            // to 54 more instructions per 2-2-1 forward pass on the M4F). Same results.
            #[cfg(target_os = "none")]
            Activation::Softmax => outlined::softmax(z),
            #[cfg(target_os = "none")]
            Activation::FastSoftmax => outlined::fast_softmax(z),
            #[cfg(target_os = "none")]
            Activation::FastSigmoid => z.iter_mut().for_each(|v| *v = outlined::fast_sigmoid(*v)),
            #[cfg(target_os = "none")]
            Activation::FastTanh => z.iter_mut().for_each(|v| *v = outlined::fast_tanh(*v)),
        }
    }

    /// Turns `da = ∂L/∂a` into `dz = ∂L/∂z` in place, given the layer's outputs `a`.
    // Always inlined on hosts: see `apply`.
    #[cfg_attr(not(target_os = "none"), inline(always))]
    #[cfg_attr(target_os = "none", inline)]
    pub fn backward(self, a: &[f32], da: &mut [f32]) {
        match self {
            Activation::Softmax | Activation::FastSoftmax => {
                let dot = dot(a, da);
                for (d, a) in da.iter_mut().zip(a) {
                    *d = a * (*d - dot);
                }
            }
            // One loop per variant, as in `apply`: the derivative's match folds away.
            Activation::Identity => {}
            Activation::Sigmoid | Activation::FastSigmoid => {
                scale_by(da, a, |a| Activation::Sigmoid.derivative(a))
            }
            Activation::Tanh | Activation::FastTanh => {
                scale_by(da, a, |a| Activation::Tanh.derivative(a))
            }
            Activation::Relu => scale_by(da, a, |a| Activation::Relu.derivative(a)),
        }
    }

    /// [`apply`](Self::apply) on a lane block: `z[unit][lane]`.
    #[inline]
    pub(crate) fn apply_block(self, z: &mut [Lanes]) {
        // One loop per variant, so that each is vectorized on its own.
        let flat = z.as_flattened_mut();
        match self {
            Activation::Identity => {}
            Activation::Softmax => softmax_block(z, libm::expf),
            Activation::FastSoftmax => softmax_block(z, math::exp),
            Activation::Relu => flat.iter_mut().for_each(|v| *v = relu(*v)),
            Activation::FastSigmoid => map_lanes(flat, math::sigmoid),
            Activation::FastTanh => map_lanes(flat, math::tanh),
            Activation::Sigmoid | Activation::Tanh => {
                flat.iter_mut().for_each(|v| *v = self.scalar(*v))
            }
        }
    }

    /// [`apply_block`](Self::apply_block) on consecutive lane blocks of `n` units each.
    #[inline]
    pub(crate) fn apply_group(self, z: &mut [Lanes], n: usize) {
        match self.output_kind() {
            OutputKind::Distribution if n > 0 => z.rows_mut(n).for_each(|b| self.apply_block(b)),
            // Element-wise: the blocks are one long block.
            OutputKind::Distribution | OutputKind::Probabilities | OutputKind::Values => {
                self.apply_block(z)
            }
        }
    }

    /// [`backward_block`](Self::backward_block) on consecutive lane blocks of `n` units each.
    #[inline]
    pub(crate) fn backward_group(self, a: &[Lanes], da: &mut [Lanes], n: usize) {
        match self.output_kind() {
            OutputKind::Distribution if n > 0 => a
                .rows(n)
                .zip(da.rows_mut(n))
                .for_each(|(a, d)| self.backward_block(a, d)),
            OutputKind::Distribution | OutputKind::Probabilities | OutputKind::Values => {
                self.backward_block(a, da)
            }
        }
    }

    /// [`backward`](Self::backward) on a lane block.
    #[inline]
    pub(crate) fn backward_block(self, a: &[Lanes], da: &mut [Lanes]) {
        match self {
            Activation::Softmax | Activation::FastSoftmax => {
                let mut dot = [0.0f32; LANES];
                for (a, d) in a.iter().zip(da.iter()) {
                    for ((s, a), d) in dot.iter_mut().zip(a).zip(d) {
                        *s += a * d;
                    }
                }
                for (a, d) in a.iter().zip(da.iter_mut()) {
                    for ((d, a), s) in d.iter_mut().zip(a).zip(&dot) {
                        *d = a * (*d - s);
                    }
                }
            }
            Activation::Identity => {}
            Activation::Relu => {
                let da = da.as_flattened_mut();
                for (d, a) in da.iter_mut().zip(a.as_flattened()) {
                    *d *= if *a > 0.0 { 1.0 } else { 0.0 };
                }
            }
            Activation::Sigmoid | Activation::FastSigmoid => {
                let da = da.as_flattened_mut();
                for (d, a) in da.iter_mut().zip(a.as_flattened()) {
                    *d *= a * (1.0 - a);
                }
            }
            Activation::Tanh | Activation::FastTanh => {
                let da = da.as_flattened_mut();
                for (d, a) in da.iter_mut().zip(a.as_flattened()) {
                    *d *= 1.0 - a * a;
                }
            }
        }
    }

    /// `f(z)` of an element-wise activation (softmax is not element-wise and is handled by
    /// the callers).
    #[inline]
    fn scalar(self, z: f32) -> f32 {
        match self {
            Activation::Identity | Activation::Softmax | Activation::FastSoftmax => z,
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => libm::tanhf(z),
            Activation::Relu => relu(z),
            Activation::FastSigmoid => math::sigmoid(z),
            Activation::FastTanh => math::tanh(z),
        }
    }

    /// `f′` of an element-wise activation, from its output `a`.
    #[inline]
    fn derivative(self, a: f32) -> f32 {
        match self {
            Activation::Identity | Activation::Softmax | Activation::FastSoftmax => 1.0,
            Activation::Sigmoid | Activation::FastSigmoid => a * (1.0 - a),
            Activation::Tanh | Activation::FastTanh => 1.0 - a * a,
            Activation::Relu => {
                if a > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }
}

/// What an output layer produces (see [`Activation::output_kind`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputKind {
    /// Each unit a probability in `(0, 1)`: the sigmoids.
    Probabilities,
    /// The units a probability distribution, coupled through their sum: the softmaxes.
    Distribution,
    /// Anything else.
    Values,
}

/// `d *= f′(a)` element by element.
#[inline(always)]
fn scale_by(da: &mut [f32], a: &[f32], derivative: impl Fn(f32) -> f32) {
    for (d, a) in da.iter_mut().zip(a) {
        *d *= derivative(*a);
    }
}

/// `v = f(v)` for every element, four lane blocks at a time: four independent vectors in
/// flight hide the latency of a long function such as [`math::exp`].
#[inline(always)]
pub(crate) fn map_lanes(v: &mut [f32], f: impl Fn(f32) -> f32) {
    let mut chunks = v.chunks_exact_mut(4 * LANES);
    for c in chunks.by_ref() {
        c.iter_mut().for_each(|v| *v = f(*v));
    }
    for v in chunks.into_remainder() {
        *v = f(*v);
    }
}

/// The logistic function `σ(z) = 1 / (1 + e^(−z))`.
///
/// Saturates cleanly: `σ(−∞) = 0`, `σ(+∞) = 1`, never NaN for a non-NaN input.
///
/// # Examples
///
/// ```
/// assert_eq!(tinymlp::activation::sigmoid(0.0), 0.5);
/// assert_eq!(tinymlp::activation::sigmoid(-200.0), 0.0);
/// ```
#[inline]
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + libm::expf(-z))
}

/// The rectified linear unit `max(z, 0)`.
#[inline]
pub fn relu(z: f32) -> f32 {
    if z > 0.0 { z } else { 0.0 }
}

/// Softmax of one sample in place: `a_k = e^(z_k − m) / Σ_j e^(z_j − m)` with `m = max z`,
/// so no exponential overflows; the sum is taken in increasing `j`.
#[inline]
pub fn softmax(z: &mut [f32]) {
    softmax_with(z, libm::expf);
}

/// [`softmax`] with another exponential.
#[inline(always)]
fn softmax_with(z: &mut [f32], exp: impl Fn(f32) -> f32) {
    let m = max(z);
    let mut sum = 0.0f32;
    for v in z.iter_mut() {
        *v = exp(*v - m);
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

#[inline(always)]
fn softmax_block(z: &mut [Lanes], exp: impl Fn(f32) -> f32) {
    let mut m = [f32::NEG_INFINITY; LANES];
    for z in z.iter() {
        for (m, z) in m.iter_mut().zip(z) {
            *m = max2(*m, *z);
        }
    }
    let mut sum = [0.0f32; LANES];
    for z in z.iter_mut() {
        for ((v, m), s) in z.iter_mut().zip(&m).zip(sum.iter_mut()) {
            *v = exp(*v - m);
            *s += *v;
        }
    }
    for z in z.iter_mut() {
        for (v, s) in z.iter_mut().zip(&sum) {
            *v /= s;
        }
    }
}

/// Largest element (`−∞` for an empty slice); a NaN propagates.
#[inline]
pub(crate) fn max(v: &[f32]) -> f32 {
    v.iter().fold(f32::NEG_INFINITY, |m, &x| max2(m, x))
}

#[inline]
fn max2(m: f32, x: f32) -> f32 {
    // `x > m` is false for a NaN `x`; the `x != x` arm makes the NaN win so that it is
    // reported instead of silently dropped.
    #[allow(clippy::eq_op)]
    if x > m || x != x { x } else { m }
}

/// `Σ a_k·b_k` in increasing `k`, starting from 0.
#[inline]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut s = 0.0f32;
    for (a, b) in a.iter().zip(b) {
        s += a * b;
    }
    s
}

/// The element-wise activations as out-of-line functions, one shared copy each on bare-metal
/// targets (see [`Activation::apply`]).
#[cfg(target_os = "none")]
mod outlined {
    #[inline(never)]
    pub(super) fn fast_sigmoid(z: f32) -> f32 {
        crate::math::sigmoid(z)
    }

    #[inline(never)]
    pub(super) fn fast_tanh(z: f32) -> f32 {
        crate::math::tanh(z)
    }

    #[inline(never)]
    pub(super) fn softmax(z: &mut [f32]) {
        super::softmax(z)
    }

    #[inline(never)]
    pub(super) fn fast_softmax(z: &mut [f32]) {
        super::softmax_with(z, crate::math::exp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_is_stable_and_symmetric() {
        assert_eq!(sigmoid(f32::INFINITY), 1.0);
        assert_eq!(sigmoid(f32::NEG_INFINITY), 0.0);
        assert!(sigmoid(f32::NAN).is_nan());
        for z in [-20.0f32, -3.0, -0.5, 0.25, 4.0, 17.0] {
            assert!((sigmoid(z) + sigmoid(-z) - 1.0).abs() <= 1.2e-7, "z = {z}");
        }
    }

    #[test]
    fn softmax_sums_to_one_and_survives_large_logits() {
        let mut z = [1000.0, 1000.0, -1000.0];
        softmax(&mut z);
        assert_eq!(z, [0.5, 0.5, 0.0]);
        let mut z = [0.1, -2.0, 3.0, 0.0];
        softmax(&mut z);
        assert!((z.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_nan_logit_is_not_hidden_by_softmax() {
        let mut z = [0.0, f32::NAN, 1.0];
        softmax(&mut z);
        assert!(z.iter().all(|v| v.is_nan()));
    }

    #[test]
    fn block_forms_match_per_sample_forms_bit_for_bit() {
        for act in Activation::ALL {
            let mut zb = [[0.0f32; LANES]; 3];
            for l in 0..LANES {
                for (k, z) in zb.iter_mut().enumerate() {
                    z[l] = (l as f32 - 7.5) * 0.9 + k as f32 * 0.61 - 1.0;
                }
            }
            let z0 = zb;
            act.apply_block(&mut zb);
            let mut db = [[0.0f32; LANES]; 3];
            for l in 0..LANES {
                for (k, d) in db.iter_mut().enumerate() {
                    d[l] = 0.25 * k as f32 - 0.01 * l as f32;
                }
            }
            let d0 = db;
            act.backward_block(&zb, &mut db);
            for l in 0..LANES {
                let mut z = [z0[0][l], z0[1][l], z0[2][l]];
                act.apply(&mut z);
                assert_eq!(
                    z.map(f32::to_bits),
                    [0, 1, 2].map(|k| zb[k][l].to_bits()),
                    "{act:?}"
                );
                let mut d = [d0[0][l], d0[1][l], d0[2][l]];
                act.backward(&z, &mut d);
                assert_eq!(
                    d.map(f32::to_bits),
                    [0, 1, 2].map(|k| db[k][l].to_bits()),
                    "{act:?}"
                );
            }
        }
    }
}
