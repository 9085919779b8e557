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
// Always inlined: each layer's copy then has its sizes as constants.
#[inline(always)]
pub(crate) fn sgd_step(
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
    if n_in > 0 {
        let rows = w.rows_mut(n_in).zip(old_w.rows_mut(n_in));
        for ((row, old), dz) in rows.zip(dz) {
            for ((w, old), x) in row.iter_mut().zip(old.iter_mut()).zip(x) {
                let new = *w - lr * (dz * x);
                *old = *w;
                *w = new;
                finite.add(new);
            }
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

/// Puts back the values that [`sgd_in_place`] or [`sgd_step`] kept in `old`.
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
