//! Parameter updates on flat slices.
//!
//! Each kernel takes the current parameters `p` and, in `g`, their gradients; it leaves the
//! *proposed* new parameters in `g`, and returns whether every one of them is finite (checked
//! in the same pass). The trainer copies the proposal over `p` only if all of it is finite,
//! so a diverging step never reaches the network.

use super::finite::Finite;
use super::rows::RowsExt;

/// Gradient descent: `p′ = p − η·g`.
#[inline]
pub fn sgd(p: &[f32], g: &mut [f32], lr: f32) -> bool {
    let mut finite = Finite::new();
    for (g, p) in g.iter_mut().zip(p) {
        *g = p - lr * *g;
        finite.add(*g);
    }
    finite.all()
}

/// [`sgd`] in place: `p` gets `p − η·g` and `g` the old `p`; returns whether every new `p`
/// is finite.
#[inline]
pub fn sgd_in_place(p: &mut [f32], g: &mut [f32], lr: f32) -> bool {
    let mut finite = Finite::new();
    for (p, g) in p.iter_mut().zip(g.iter_mut()) {
        let new = *p - lr * *g;
        *g = *p;
        *p = new;
        finite.add(new);
    }
    finite.all()
}

/// One layer's gradient-descent step from its delta `dz` and input `x`, in place, with the
/// gradients of [`param_grads`](super::dense::param_grads) never stored: `w[o][i]` gets
/// `w − η·(dz[o]·x[i])` and `b[o]` gets `b − η·dz[o]` (the numbers of [`sgd`]), while
/// `old_w` and `old_b` get the old values. Returns the [test](Finite) of the new values.
///
/// [`sgd_layer`] is the same step when [`StepBound`] shows it safe.
// Always inlined: each layer's copy then has its sizes as constants.
#[inline(always)]
pub(crate) fn sgd_layer_keeping(
    dz: &[f32],
    x: &[f32],
    w: &mut [f32],
    b: &mut [f32],
    old_w: &mut [f32],
    old_b: &mut [f32],
    lr: f32,
) -> Finite {
    let mut finite = Finite::new();
    let n_in = x.len();
    let rows = w.rows_mut(n_in).zip(old_w.rows_mut(n_in));
    for ((row, old), dz) in rows.zip(dz) {
        for ((w, old), x) in row.iter_mut().zip(old.iter_mut()).zip(x) {
            let new = *w - lr * (dz * x);
            *old = *w;
            *w = new;
            finite.add(new);
        }
    }
    for ((b, old), dz) in b.iter_mut().zip(old_b.iter_mut()).zip(dz) {
        let new = *b - lr * dz;
        *old = *b;
        *b = new;
        finite.add(new);
    }
    finite
}

/// [`sgd_layer_keeping`] without keeping the old values or testing the new ones: for a step
/// that [`StepBound`] shows cannot make a finite parameter non-finite.
// Always inlined: each layer's copy then has its sizes as constants.
#[inline(always)]
pub(crate) fn sgd_layer(dz: &[f32], x: &[f32], w: &mut [f32], b: &mut [f32], lr: f32) {
    let n_in = x.len();
    for (row, dz) in w.rows_mut(n_in).zip(dz) {
        for (w, x) in row.iter_mut().zip(x) {
            *w -= lr * (dz * x);
        }
    }
    for (b, dz) in b.iter_mut().zip(dz) {
        *b -= lr * dz;
    }
}

/// A bound on the steps `η·(dz·x)` and `η·dz` of a gradient-descent update of some layers,
/// from the largest `|dz|` and `|x|` of each, in integer arithmetic on the exponents.
///
/// A finite `p` minus a step below 2¹⁰³ is finite: `|p| ≤ f32::MAX = 2¹²⁸ − 2¹⁰⁴`, and
/// anything below `2¹²⁸ − 2¹⁰³`, halfway to the next power of two, rounds to at most
/// `f32::MAX`. With `|η| < 2^(e_η+1)`, `|dz| < 2^(e_dz+1)`, `|x| < 2^(e_x+1)` (`e_x` at least 0,
/// for the biases' input 1) and two roundings up by at most 2⁻²⁴ each, every step is below
/// `2^(e_η + e_dz + e_x + 4)`, so [`small`](Self::small) asks for that sum to be at most 99.
/// Infinite and NaN values have exponent 128, so they never pass.
pub(crate) struct StepBound {
    rate: i32,
    worst: i32,
}

impl StepBound {
    /// No layer yet, for learning rate `lr`.
    #[inline(always)]
    pub(crate) fn new(lr: f32) -> Self {
        StepBound {
            rate: exponent(lr.to_bits() & 0x7fff_ffff),
            worst: -1000,
        }
    }

    /// Takes in a layer with deltas `dz` and inputs `x`.
    #[inline(always)]
    pub(crate) fn layer(&mut self, dz: &[f32], x: &[f32]) {
        let e = exponent(max_abs_bits(dz)) + exponent(max_abs_bits(x)).max(0);
        self.worst = self.worst.max(e);
    }

    /// Whether every step is small enough (see [`StepBound`]).
    #[inline(always)]
    pub(crate) fn small(&self) -> bool {
        self.rate + self.worst <= 99
    }
}

/// The exponent `e` of the bits of a non-negative `f32`, with the value below `2^(e+1)`: −127
/// for 0 and subnormals, 128 for ∞ and NaN.
#[inline(always)]
fn exponent(abs_bits: u32) -> i32 {
    (abs_bits >> 23) as i32 - 127
}

/// The bits of the largest `|v|` (NaN counts as larger than ∞), 0 for an empty slice.
#[inline(always)]
fn max_abs_bits(v: &[f32]) -> u32 {
    v.iter().fold(0, |m, v| m.max(v.to_bits() & 0x7fff_ffff))
}

/// Puts back the values that [`sgd_in_place`] or [`sgd_layer_keeping`] kept in `old`.
#[inline]
pub(crate) fn restore(p: &mut [f32], old: &mut [f32]) -> bool {
    p.iter_mut().zip(old.iter()).for_each(|(p, old)| *p = *old);
    true
}

/// Gradient descent with momentum: `v ← μ·v + g`, `p′ = p − η·v`.
#[inline]
pub fn momentum(p: &[f32], g: &mut [f32], v: &mut [f32], lr: f32, mu: f32) -> bool {
    let mut finite = Finite::new();
    for ((g, p), v) in g.iter_mut().zip(p).zip(v.iter_mut()) {
        *v = mu * *v + *g;
        *g = p - lr * *v;
        finite.add(*g);
    }
    finite.all()
}

/// The constants of one Adam step.
#[derive(Clone, Copy, Debug)]
pub struct AdamStep {
    /// Learning rate η.
    pub lr: f32,
    /// Decay of the first moment, β₁.
    pub beta1: f32,
    /// Decay of the second moment, β₂.
    pub beta2: f32,
    /// Added to `√v̂` to avoid dividing by zero.
    pub epsilon: f32,
    /// Bias correction of the first moment, `1 − β₁ᵗ`.
    pub correction1: f32,
    /// Bias correction of the second moment, `1 − β₂ᵗ`.
    pub correction2: f32,
}

/// Adam: `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
/// `p′ = p − η·(m / c₁) / (√(v / c₂) + ε)`.
#[inline]
pub fn adam(p: &[f32], g: &mut [f32], m: &mut [f32], v: &mut [f32], s: &AdamStep) -> bool {
    let mut finite = Finite::new();
    for (((g, p), m), v) in g.iter_mut().zip(p).zip(m.iter_mut()).zip(v.iter_mut()) {
        let grad = *g;
        *m = s.beta1 * *m + (1.0 - s.beta1) * grad;
        *v = s.beta2 * *v + (1.0 - s.beta2) * (grad * grad);
        let m_hat = *m / s.correction1;
        let v_hat = *v / s.correction2;
        *g = p - s.lr * m_hat / (libm::sqrtf(v_hat) + s.epsilon);
        finite.add(*g);
    }
    finite.all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small(lr: f32, dz: &[f32], x: &[f32]) -> bool {
        let mut bound = StepBound::new(lr);
        bound.layer(dz, x);
        bound.small()
    }

    #[test]
    fn the_bound_passes_ordinary_steps_and_stops_large_or_non_finite_ones() {
        assert!(small(0.5, &[0.3, -2.0], &[1.5, -4.0]));
        assert!(small(0.5, &[], &[]));
        assert!(small(1.0, &[1e15], &[1e14])); // 1e29 < 2^99
        assert!(!small(1.0, &[1e16], &[1e15]));
        assert!(small(1e30, &[1.0], &[1.0])); // 2^99.7: the step is still below 2^103
        assert!(!small(1e31, &[1.0], &[1.0]));
        for bad in [f32::INFINITY, f32::NAN, -f32::NAN] {
            assert!(!small(0.5, &[0.1, bad], &[1.0]), "{bad}");
            assert!(!small(0.5, &[0.1], &[bad]), "{bad}");
        }
        // The biases' input is 1: a delta alone can fail the bound.
        assert!(!small(1.0, &[1e31], &[1e-30]));
    }

    #[test]
    fn a_step_the_bound_passes_keeps_the_largest_parameters_finite() {
        // The largest steps the bound lets through, on the largest parameters.
        for (lr, dz, x) in [(1.0f32, 2f32.powi(49) * 1.99, 2f32.powi(50) * 1.99)] {
            assert!(small(lr, &[dz], &[x]));
            for p in [f32::MAX, f32::MIN] {
                let step = lr * (dz * x);
                assert!((p - step).is_finite() && (p + step).is_finite());
            }
        }
    }

    #[test]
    fn both_layer_steps_compute_the_same_numbers() {
        let (dz, x) = ([0.25f32, -1.5], [3.0f32, 0.1, -2.0]);
        let mut w = [0.5f32, -0.25, 1.0, 2.0, -3.0, 0.125];
        let mut b = [0.75f32, -0.5];
        let (mut w2, mut b2) = (w, b);
        let (mut old_w, mut old_b) = ([0.0f32; 6], [0.0f32; 2]);
        let finite = sgd_layer_keeping(&dz, &x, &mut w, &mut b, &mut old_w, &mut old_b, 0.1);
        sgd_layer(&dz, &x, &mut w2, &mut b2, 0.1);
        assert!(finite.all());
        assert_eq!((w, b), (w2, b2));
        assert_eq!(old_w, [0.5, -0.25, 1.0, 2.0, -3.0, 0.125]);
    }
}
