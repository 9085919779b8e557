//! Loss functions, each fused with the output layer's activation for a stable gradient.
//!
//! | loss | value for one sample (`O` outputs) | `∂L/∂z` at the output | output activation |
//! |---|---|---|---|
//! | [`MeanSquaredError`](Loss::MeanSquaredError) | `Σ_k (a_k − y_k)² / O` | `2(a − y)/O · f′` | any |
//! | [`BinaryCrossEntropy`](Loss::BinaryCrossEntropy) | `Σ_k [max(z_k,0) − z_k·y_k + ln(1 + e^(−|z_k|))] / O` | `(a − y)/O` | sigmoid |
//! | [`SoftmaxCrossEntropy`](Loss::SoftmaxCrossEntropy) | `Σ_k y_k·(lse(z) − z_k)` | `a − y` | softmax |
//!
//! Both cross-entropies are computed from the logits `z`, never from `ln a`: `a` may round to
//! exactly 0 or 1, and `ln 0` is `−∞`. `lse(z) = m + ln Σ_j e^(z_j − m)` with `m = max z` is
//! the log-sum-exp that cannot overflow. With the matching activation the activation's
//! derivative cancels and the output delta is simply `a − y` (the tutorial multiplied by
//! `σ′` here, which is the squared-error gradient; see the [guide](crate::guide)).

use crate::activation::{self, Activation, OutputKind};
use crate::error::{Error, Result};
use crate::kernel::lanes::{LANES, Lanes};
use crate::kernel::rows::RowsExt;
use crate::math;

/// What training minimizes.
///
/// # Examples
///
/// ```
/// use tinymlp::{Activation, Loss};
///
/// // A confident, correct prediction costs little; the loss is computed from the logit.
/// let z = [8.0];
/// let a = [tinymlp::activation::sigmoid(8.0)];
/// let l = Loss::BinaryCrossEntropy.value(Activation::Sigmoid, &z, &a, &[1.0]);
/// assert!(l > 0.0 && l < 1e-3);
///
/// // Cross-entropy needs the matching output activation.
/// assert!(Loss::BinaryCrossEntropy.check_output(Activation::Relu).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Loss {
    /// Mean squared error over the outputs: regression, or the tutorial's "squared error".
    MeanSquaredError,
    /// Binary cross-entropy of each output, for a sigmoid output layer with targets in
    /// `[0, 1]` (one output for two classes; several for independent yes/no labels).
    BinaryCrossEntropy,
    /// Cross-entropy of a softmax output layer with one-hot (or probability) targets: multi-class
    /// classification.
    SoftmaxCrossEntropy,
}

impl Loss {
    /// The loss's name, as tools show it: `mean squared error`, `binary cross-entropy`,
    /// `softmax cross-entropy`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tinymlp::Loss::BinaryCrossEntropy.name(), "binary cross-entropy");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Loss::MeanSquaredError => "mean squared error",
            Loss::BinaryCrossEntropy => "binary cross-entropy",
            Loss::SoftmaxCrossEntropy => "softmax cross-entropy",
        }
    }

    /// Checks that this loss can be used with an output layer of activation `output`.
    ///
    /// # Errors
    ///
    /// [`Error::LossActivationMismatch`] for a cross-entropy without its activation.
    pub fn check_output(self, output: Activation) -> Result<()> {
        let fits = match self {
            Loss::MeanSquaredError => true,
            Loss::BinaryCrossEntropy => output.output_kind() == OutputKind::Probabilities,
            Loss::SoftmaxCrossEntropy => output.output_kind() == OutputKind::Distribution,
        };
        if fits {
            Ok(())
        } else {
            Err(Error::LossActivationMismatch)
        }
    }

    /// Whether `y` is a target this loss accepts (values already known to be finite):
    /// anything for MSE, probabilities for the cross-entropies, summing to 1 (±10⁻³) for
    /// softmax.
    #[inline]
    pub fn accepts_target(self, y: &[f32]) -> bool {
        let probabilities = || y.iter().all(|v| (0.0..=1.0).contains(v));
        match self {
            Loss::MeanSquaredError => true,
            Loss::BinaryCrossEntropy => probabilities(),
            Loss::SoftmaxCrossEntropy => {
                let sum: f32 = y.iter().sum();
                probabilities() && (sum - 1.0).abs() <= 1e-3
            }
        }
    }

    /// Whether every target of `ys` is [accepted](Self::accepts_target): the same test,
    /// written without early exits so that a long dataset is checked with vector
    /// instructions.
    pub(crate) fn accepts_targets<'a, Y: AsRef<[f32]> + ?Sized + 'a>(
        self,
        ys: impl IntoIterator<Item = &'a Y>,
    ) -> bool {
        let probabilities = |y: &[f32]| y.iter().fold(true, |ok, v| ok & (*v >= 0.0) & (*v <= 1.0));
        match self {
            Loss::MeanSquaredError => true,
            Loss::BinaryCrossEntropy => ys
                .into_iter()
                .fold(true, |ok, y| ok & probabilities(y.as_ref())),
            Loss::SoftmaxCrossEntropy => ys.into_iter().fold(true, |ok, y| {
                let y = y.as_ref();
                let sum: f32 = y.iter().sum();
                ok & probabilities(y) & ((sum - 1.0).abs() <= 1e-3)
            }),
        }
    }

    /// The loss of one sample, from the output layer's pre-activations `z`, activations `a`
    /// and the target `y` (all of the same length).
    pub fn value(self, act: Activation, z: &[f32], a: &[f32], y: &[f32]) -> f32 {
        let n = a.len() as f32;
        match self {
            Loss::MeanSquaredError => {
                let mut s = 0.0f32;
                for (a, y) in a.iter().zip(y) {
                    let e = a - y;
                    s += e * e;
                }
                s / n
            }
            Loss::BinaryCrossEntropy => {
                let fast = act.is_fast();
                let mut s = 0.0f32;
                for (z, y) in z.iter().zip(y) {
                    s += if fast {
                        bce_from_logit_fast(*z, *y)
                    } else {
                        bce_from_logit(*z, *y)
                    };
                }
                s / n
            }
            Loss::SoftmaxCrossEntropy => {
                let lse = if act.is_fast() {
                    log_sum_exp_with(z, math::exp, math::ln)
                } else {
                    log_sum_exp(z)
                };
                let mut s = 0.0f32;
                for (z, y) in z.iter().zip(y) {
                    s += y * (lse - z);
                }
                s
            }
        }
    }

    /// The loss of one sample and, in `dz`, its gradient with respect to the output layer's
    /// pre-activations.
    #[cfg(test)]
    pub(crate) fn output_delta(
        self,
        act: Activation,
        z: &[f32],
        a: &[f32],
        y: &[f32],
        dz: &mut [f32],
    ) -> f32 {
        self.delta(act, a, y, dz);
        self.value(act, z, a, y)
    }

    /// In `dz`, the gradient of one sample's loss with respect to the output layer's
    /// pre-activations, from its activations `a` and the target `y`.
    // Always inlined on hosts: see `Activation::apply`.
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub(crate) fn delta(self, act: Activation, a: &[f32], y: &[f32], dz: &mut [f32]) {
        let n = a.len() as f32;
        match self {
            Loss::MeanSquaredError => {
                for ((d, a), y) in dz.iter_mut().zip(a).zip(y) {
                    *d = mean_of(2.0 * (a - y), n);
                }
                act.backward(a, dz);
            }
            Loss::BinaryCrossEntropy => {
                for ((d, a), y) in dz.iter_mut().zip(a).zip(y) {
                    *d = mean_of(a - y, n);
                }
            }
            Loss::SoftmaxCrossEntropy => {
                for ((d, a), y) in dz.iter_mut().zip(a).zip(y) {
                    *d = a - y;
                }
            }
        }
    }

    /// [`delta`](Self::delta) and [`value`](Self::value) for a lane block; the per-lane
    /// losses go to `loss`. Lane for lane the same operations in the same order.
    pub(crate) fn output_delta_block(
        self,
        act: Activation,
        z: &[Lanes],
        a: &[Lanes],
        y: &[Lanes],
        dz: &mut [Lanes],
        loss: &mut Lanes,
    ) {
        let n = a.len() as f32;
        *loss = [0.0; LANES];
        match self {
            Loss::MeanSquaredError => {
                for ((d, a), y) in dz.iter_mut().zip(a).zip(y) {
                    for (((d, a), y), s) in d.iter_mut().zip(a).zip(y).zip(loss.iter_mut()) {
                        let e = a - y;
                        *d = mean_of(2.0 * e, n);
                        *s += e * e;
                    }
                }
                act.backward_block(a, dz);
                loss.iter_mut().for_each(|s| *s /= n);
            }
            Loss::BinaryCrossEntropy => {
                if act.is_fast() {
                    bce_block(z, a, y, dz, loss, n, bce_from_logit_fast);
                } else {
                    bce_block(z, a, y, dz, loss, n, bce_from_logit);
                }
            }
            Loss::SoftmaxCrossEntropy if act.is_fast() => {
                softmax_ce_block(z, a, y, dz, loss, math::exp, math::ln);
            }
            Loss::SoftmaxCrossEntropy => {
                softmax_ce_block(z, a, y, dz, loss, libm::expf, libm::logf);
            }
        }
    }
}

/// `v / n`, without the division when `n` is 1 (`v / 1 = v` exactly): the one-output
/// networks' case, where a division would be a library call on cores without an FPU.
#[inline(always)]
fn mean_of(v: f32, n: f32) -> f32 {
    if n == 1.0 { v } else { v / n }
}

/// Binary cross-entropy deltas and losses of a lane block (`n` outputs).
#[inline(always)]
fn bce_block(
    z: &[Lanes],
    a: &[Lanes],
    y: &[Lanes],
    dz: &mut [Lanes],
    loss: &mut Lanes,
    n: f32,
    bce: impl Fn(f32, f32) -> f32,
) {
    for (((d, a), y), z) in dz.iter_mut().zip(a).zip(y).zip(z) {
        for ((((d, a), y), z), s) in d.iter_mut().zip(a).zip(y).zip(z).zip(loss.iter_mut()) {
            // x / 1 = x exactly: the common one-output case skips the division.
            *d = mean_of(a - y, n);
            *s += bce(*z, *y);
        }
    }
    if n != 1.0 {
        loss.iter_mut().for_each(|s| *s /= n);
    }
}

/// Softmax cross-entropy deltas and losses of a lane block.
#[inline(always)]
fn softmax_ce_block(
    z: &[Lanes],
    a: &[Lanes],
    y: &[Lanes],
    dz: &mut [Lanes],
    loss: &mut Lanes,
    exp: impl Fn(f32) -> f32,
    ln: impl Fn(f32) -> f32,
) {
    let mut m = [f32::NEG_INFINITY; LANES];
    for z in z {
        for (m, z) in m.iter_mut().zip(z) {
            *m = activation::max(&[*m, *z]);
        }
    }
    let mut sum = [0.0f32; LANES];
    for z in z {
        for ((s, z), m) in sum.iter_mut().zip(z).zip(&m) {
            *s += exp(z - m);
        }
    }
    let mut lse = [0.0f32; LANES];
    for ((l, m), s) in lse.iter_mut().zip(&m).zip(&sum) {
        *l = m + ln(*s);
    }
    for (((d, a), y), z) in dz.iter_mut().zip(a).zip(y).zip(z) {
        for (((((d, a), y), z), l), s) in d
            .iter_mut()
            .zip(a)
            .zip(y)
            .zip(z)
            .zip(&lse)
            .zip(loss.iter_mut())
        {
            *d = a - y;
            *s += y * (l - z);
        }
    }
}

/// Binary cross-entropy of one logit `z` against a target `y ∈ [0, 1]`:
/// `max(z, 0) − z·y + ln(1 + e^(−|z|))`, which equals `−y·ln σ(z) − (1 − y)·ln(1 − σ(z))`
/// without ever taking the logarithm of a rounded-to-zero probability.
///
/// # Examples
///
/// ```
/// // A hopeless prediction has a large but finite loss.
/// let l = tinymlp::loss::bce_from_logit(-100.0, 1.0);
/// assert!((l - 100.0).abs() < 1e-3);
/// ```
#[inline]
pub fn bce_from_logit(z: f32, y: f32) -> f32 {
    let relu = if z > 0.0 { z } else { 0.0 };
    relu - z * y + libm::log1pf(libm::expf(-libm::fabsf(z)))
}

/// `ln Σ_j e^(z_j)`, computed as `m + ln Σ_j e^(z_j − m)` with `m = max z` so that it never
/// overflows.
///
/// # Examples
///
/// ```
/// let v = tinymlp::loss::log_sum_exp(&[1000.0, 1000.0]);
/// assert!((v - (1000.0 + core::f32::consts::LN_2)).abs() < 1e-3);
/// ```
#[inline]
pub fn log_sum_exp(z: &[f32]) -> f32 {
    log_sum_exp_with(z, libm::expf, libm::logf)
}

#[inline(always)]
fn log_sum_exp_with(z: &[f32], exp: impl Fn(f32) -> f32, ln: impl Fn(f32) -> f32) -> f32 {
    let m = activation::max(z);
    let mut s = 0.0f32;
    for z in z {
        s += exp(z - m);
    }
    m + ln(s)
}

/// [`bce_from_logit`] computed with the branch-free functions of [`math`]: the loss of a
/// [`FastSigmoid`](Activation::FastSigmoid) output.
///
/// # Examples
///
/// ```
/// let l = tinymlp::loss::bce_from_logit_fast(-100.0, 1.0);
/// assert!((l - 100.0).abs() < 1e-3);
/// let exact = tinymlp::loss::bce_from_logit(0.3, 0.25);
/// assert!((tinymlp::loss::bce_from_logit_fast(0.3, 0.25) - exact).abs() < 1e-6);
/// ```
#[inline]
pub fn bce_from_logit_fast(z: f32, y: f32) -> f32 {
    bce_fast_with(z, y, math::sigmoid_parts(z).0)
}

/// [`bce_from_logit_fast`] given `e = e^−|z|`.
#[inline(always)]
fn bce_fast_with(z: f32, y: f32, e: f32) -> f32 {
    let relu = if z > 0.0 { z } else { 0.0 };
    relu - z * y + math::ln_1p_unit(e)
}

/// Forward activation, deltas and losses of a [`FastSigmoid`](Activation::FastSigmoid)
/// output layer with binary cross-entropy, fused: `e^−|z|` is computed once for the
/// activation and the loss. `z`, `a`, `y`, `dz` hold `n` units per block, `loss` one entry
/// per block. The results are those of [`Activation::apply_block`] followed by
/// [`Loss::output_delta_block`], bit for bit.
pub(crate) fn bce_fast_sigmoid_group(
    z: &[Lanes],
    a: &mut [Lanes],
    y: &[Lanes],
    dz: &mut [Lanes],
    loss: &mut [Lanes],
    n: usize,
) {
    if n == 1 {
        // One output: every quantity is element-wise over the whole group.
        let flat = z
            .as_flattened()
            .iter()
            .zip(a.as_flattened_mut())
            .zip(y.as_flattened())
            .zip(dz.as_flattened_mut())
            .zip(loss.as_flattened_mut());
        for ((((z, a), y), d), l) in flat {
            let (e, s) = math::sigmoid_parts(*z);
            *a = s;
            *d = s - y;
            *l = 0.0 + bce_fast_with(*z, *y, e);
        }
        return;
    }
    let nf = n as f32;
    let blocks = z
        .rows(n)
        .zip(a.rows_mut(n))
        .zip(y.rows(n))
        .zip(dz.rows_mut(n))
        .zip(loss.iter_mut());
    for ((((z, a), y), dz), loss) in blocks {
        *loss = [0.0; LANES];
        for (((z, a), y), dz) in z.iter().zip(a.iter_mut()).zip(y).zip(dz.iter_mut()) {
            for ((((z, a), y), d), l) in z
                .iter()
                .zip(a.iter_mut())
                .zip(y)
                .zip(dz.iter_mut())
                .zip(loss.iter_mut())
            {
                let (e, s) = math::sigmoid_parts(*z);
                *a = s;
                *d = (s - y) / nf;
                *l += bce_fast_with(*z, *y, e);
            }
        }
        loss.iter_mut().for_each(|l| *l /= nf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::sigmoid;

    #[test]
    fn bce_matches_the_textbook_formula_where_that_is_accurate() {
        for (z, y) in [(0.3f32, 1.0f32), (-1.7, 0.0), (2.5, 0.25), (-0.1, 0.9)] {
            let p = sigmoid(z) as f64;
            let y64 = y as f64;
            let textbook = -(y64 * p.ln() + (1.0 - y64) * (1.0 - p).ln());
            assert!(
                (bce_from_logit(z, y) as f64 - textbook).abs() < 1e-6,
                "z={z} y={y}"
            );
        }
    }

    #[test]
    fn bce_never_takes_log_of_zero() {
        // σ(±200) rounds to exactly 0 or 1; the textbook formula would give ∞ or NaN.
        assert!((bce_from_logit(-200.0, 1.0) - 200.0).abs() < 1e-3);
        assert!((bce_from_logit(200.0, 0.0) - 200.0).abs() < 1e-3);
        assert_eq!(bce_from_logit(200.0, 1.0), 0.0);
    }

    #[test]
    fn block_deltas_match_per_sample_deltas_bit_for_bit() {
        let cases = [
            (Loss::MeanSquaredError, Activation::Tanh),
            (Loss::BinaryCrossEntropy, Activation::Sigmoid),
            (Loss::SoftmaxCrossEntropy, Activation::Softmax),
            (Loss::BinaryCrossEntropy, Activation::FastSigmoid),
            (Loss::SoftmaxCrossEntropy, Activation::FastSoftmax),
            (Loss::MeanSquaredError, Activation::FastTanh),
        ];
        // Many shifted grids: the `Fast*` functions differ from `libm`'s on a few inputs only,
        // and a block that used the wrong ones must meet some of them.
        for ((loss, act), shift) in cases.into_iter().flat_map(|c| (0..64).map(move |s| (c, s))) {
            let mut z = [[0.0f32; LANES]; 3];
            let mut y = [[0.0f32; LANES]; 3];
            for l in 0..LANES {
                for (k, z) in z.iter_mut().enumerate() {
                    z[l] = (l as f32 - 8.0) * 0.7 + k as f32 * 1.3 - 2.0 + shift as f32 * 0.0137;
                }
                y[l % 3][l] = 1.0;
            }
            let mut a = z;
            act.apply_block(&mut a);
            let mut dz = [[0.0f32; LANES]; 3];
            let mut lb = [0.0f32; LANES];
            loss.output_delta_block(act, &z, &a, &y, &mut dz, &mut lb);
            for l in 0..LANES {
                let zs = [z[0][l], z[1][l], z[2][l]];
                let as_ = [a[0][l], a[1][l], a[2][l]];
                let ys = [y[0][l], y[1][l], y[2][l]];
                let mut ds = [0.0; 3];
                let ls = loss.output_delta(act, &zs, &as_, &ys, &mut ds);
                assert_eq!(ls.to_bits(), lb[l].to_bits(), "{loss:?} lane {l}");
                assert_eq!(ds.map(f32::to_bits), [0, 1, 2].map(|k| dz[k][l].to_bits()));
            }
        }
    }

    #[test]
    fn fused_fast_sigmoid_bce_matches_the_separate_stages_bit_for_bit() {
        for n in [1usize, 3] {
            let blocks = 3;
            let mut z = std::vec![[0.0f32; LANES]; n * blocks];
            let mut y = z.clone();
            for (k, (z, y)) in z.iter_mut().zip(y.iter_mut()).enumerate() {
                for l in 0..LANES {
                    z[l] = (l as f32 - 7.3) * (k as f32 + 1.0) * 1.9 + 0.1;
                    y[l] = ((k + l) % 3) as f32 * 0.5;
                }
            }
            z[0][0] = -120.0;
            z[0][1] = 95.0;
            let (mut a, mut dz, mut lb) = (z.clone(), z.clone(), std::vec![[0.0; LANES]; blocks]);
            bce_fast_sigmoid_group(&z, &mut a, &y, &mut dz, &mut lb, n);
            for b in 0..blocks {
                let r = b * n..(b + 1) * n;
                let mut a2 = z[r.clone()].to_vec();
                Activation::FastSigmoid.apply_block(&mut a2);
                let mut dz2 = a2.clone();
                let mut l2 = [0.0; LANES];
                Loss::BinaryCrossEntropy.output_delta_block(
                    Activation::FastSigmoid,
                    &z[r.clone()],
                    &a2,
                    &y[r.clone()],
                    &mut dz2,
                    &mut l2,
                );
                let bits = |v: &[Lanes]| {
                    v.as_flattened()
                        .iter()
                        .map(|x| x.to_bits())
                        .collect::<std::vec::Vec<_>>()
                };
                assert_eq!(bits(&a[r.clone()]), bits(&a2));
                assert_eq!(bits(&dz[r.clone()]), bits(&dz2));
                assert_eq!(bits(&lb[b..b + 1]), bits(&[l2]));
            }
        }
    }

    #[test]
    fn names_are_the_documented_ones() {
        assert_eq!(Loss::MeanSquaredError.name(), "mean squared error");
        assert_eq!(Loss::BinaryCrossEntropy.name(), "binary cross-entropy");
        assert_eq!(Loss::SoftmaxCrossEntropy.name(), "softmax cross-entropy");
    }

    #[test]
    fn each_cross_entropy_needs_its_own_output_activation() {
        use Activation::*;
        for act in Activation::ALL {
            assert!(Loss::MeanSquaredError.check_output(act).is_ok(), "{act:?}");
            let bce = matches!(act, Sigmoid | FastSigmoid);
            assert_eq!(
                Loss::BinaryCrossEntropy.check_output(act).is_ok(),
                bce,
                "{act:?}"
            );
            let softmax = matches!(act, Softmax | FastSoftmax);
            assert_eq!(
                Loss::SoftmaxCrossEntropy.check_output(act).is_ok(),
                softmax,
                "{act:?}"
            );
        }
    }

    /// The vectorizable dataset check is the per-target check, target for target.
    #[test]
    fn the_dataset_check_agrees_with_the_per_target_check() {
        let targets: [&[f32]; 10] = [
            &[0.0, 1.0, 0.0],
            &[0.25, 0.75, 0.0],
            &[0.4995, 0.5, 0.0],
            &[0.5, 0.2, 0.0],
            &[0.0, 1.0, 1.0],
            &[2.0, -1.0, 0.0],
            &[-0.5, 0.5, 1.0],
            &[1.5, -0.5, 0.0],
            &[0.5, 0.5, 1.5],
            &[-4.0, 7.0, 0.0],
        ];
        for loss in [
            Loss::MeanSquaredError,
            Loss::BinaryCrossEntropy,
            Loss::SoftmaxCrossEntropy,
        ] {
            // Every dataset of one or two of the targets, in both orders.
            for a in targets {
                let one = loss.accepts_target(a);
                assert_eq!(loss.accepts_targets(&[a]), one, "{loss:?} {a:?}");
                for b in targets {
                    let both = one && loss.accepts_target(b);
                    assert_eq!(loss.accepts_targets(&[a, b]), both, "{loss:?} {a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn softmax_targets_are_probabilities_summing_to_one() {
        let s = Loss::SoftmaxCrossEntropy;
        assert!(s.accepts_target(&[0.25, 0.75]));
        assert!(s.accepts_target(&[0.4995, 0.5])); // within 10⁻³
        assert!(!s.accepts_target(&[0.498, 0.5]));
        assert!(!s.accepts_target(&[2.0, -1.0])); // sums to 1, not probabilities
        assert!(!s.accepts_target(&[0.5, 0.2])); // probabilities, not summing to 1
        assert!(Loss::BinaryCrossEntropy.accepts_target(&[0.0, 1.0, 1.0]));
        assert!(!Loss::BinaryCrossEntropy.accepts_target(&[-0.1]));
    }

    #[test]
    fn values_and_deltas_follow_the_formulas() {
        // Mean squared error: Σ (a − y)² / n and 2(a − y)/n · f′ (f′ = 1 for the identity).
        let (a, y) = ([1.0f32, 2.0], [0.5f32, -1.0]);
        let mse = Loss::MeanSquaredError;
        assert_eq!(mse.value(Activation::Identity, &a, &a, &y), 4.625);
        let mut dz = [0.0; 2];
        let l = mse.output_delta(Activation::Identity, &a, &a, &y, &mut dz);
        assert_eq!((l, dz), (4.625, [0.5, 3.0]));

        // Binary cross-entropy: the mean of the per-output losses, and (a − y)/n.
        let (z, y) = ([0.3f32, -1.2], [1.0f32, 0.25]);
        let bce = Loss::BinaryCrossEntropy;
        for (act, f) in [
            (Activation::Sigmoid, bce_from_logit as fn(f32, f32) -> f32),
            (Activation::FastSigmoid, bce_from_logit_fast),
        ] {
            let a = z.map(sigmoid);
            let want = (f(z[0], y[0]) + f(z[1], y[1])) / 2.0;
            assert_eq!(
                bce.value(act, &z, &a, &y).to_bits(),
                want.to_bits(),
                "{act:?}"
            );
            let mut dz = [0.0; 2];
            let l = bce.output_delta(act, &z, &a, &y, &mut dz);
            assert_eq!(l.to_bits(), want.to_bits(), "{act:?}");
            assert_eq!(dz, [(a[0] - 1.0) / 2.0, (a[1] - 0.25) / 2.0], "{act:?}");
        }

        // Softmax cross-entropy: Σ y·(lse(z) − z), and a − y.
        let (z, y) = ([1.0f32, -0.5, 0.25], [0.25f32, 0.75, 0.0]);
        let sce = Loss::SoftmaxCrossEntropy;
        let lse = (z.iter().map(|z| (*z as f64).exp()).sum::<f64>()).ln();
        let want: f64 = z
            .iter()
            .zip(y)
            .map(|(z, y)| y as f64 * (lse - *z as f64))
            .sum();
        for act in [Activation::Softmax, Activation::FastSoftmax] {
            let mut a = z;
            act.apply(&mut a);
            let v = sce.value(act, &z, &a, &y);
            assert!((v as f64 - want).abs() < 1e-5, "{act:?}: {v} vs {want}");
            let mut dz = [0.0; 3];
            let l = sce.output_delta(act, &z, &a, &y, &mut dz);
            assert_eq!(l.to_bits(), v.to_bits(), "{act:?}");
            assert_eq!(dz, [a[0] - 0.25, a[1] - 0.75, a[2]], "{act:?}");
        }
    }

    #[test]
    fn targets_are_checked_per_loss() {
        assert!(Loss::MeanSquaredError.accepts_target(&[-4.0, 7.0]));
        assert!(!Loss::BinaryCrossEntropy.accepts_target(&[1.5]));
        assert!(Loss::SoftmaxCrossEntropy.accepts_target(&[0.0, 1.0, 0.0]));
        assert!(!Loss::SoftmaxCrossEntropy.accepts_target(&[0.0, 1.0, 1.0]));
    }
}
