//! Parameter updates on flat slices.
//!
//! Each kernel takes the current parameters `p` and, in `g`, their gradients; it leaves the
//! *proposed* new parameters in `g`, and returns whether every one of them is finite (checked
//! in the same pass). The trainer copies the proposal over `p` only if all of it is finite,
//! so a diverging step never reaches the network.

/// Gradient descent: `p′ = p − η·g`.
#[inline]
pub fn sgd(p: &[f32], g: &mut [f32], lr: f32) -> bool {
    let mut finite = true;
    for (g, p) in g.iter_mut().zip(p) {
        *g = p - lr * *g;
        finite &= g.is_finite();
    }
    finite
}

/// [`sgd`] in place: `p` gets `p − η·g` and `g` the old `p`; returns whether every new `p`
/// is finite.
#[inline]
pub fn sgd_in_place(p: &mut [f32], g: &mut [f32], lr: f32) -> bool {
    let mut finite = true;
    for (p, g) in p.iter_mut().zip(g.iter_mut()) {
        let new = *p - lr * *g;
        *g = *p;
        *p = new;
        finite &= new.is_finite();
    }
    finite
}

/// Gradient descent with momentum: `v ← μ·v + g`, `p′ = p − η·v`.
#[inline]
pub fn momentum(p: &[f32], g: &mut [f32], v: &mut [f32], lr: f32, mu: f32) -> bool {
    let mut finite = true;
    for ((g, p), v) in g.iter_mut().zip(p).zip(v.iter_mut()) {
        *v = mu * *v + *g;
        *g = p - lr * *v;
        finite &= g.is_finite();
    }
    finite
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
    let mut finite = true;
    for (((g, p), m), v) in g.iter_mut().zip(p).zip(m.iter_mut()).zip(v.iter_mut()) {
        let grad = *g;
        *m = s.beta1 * *m + (1.0 - s.beta1) * grad;
        *v = s.beta2 * *v + (1.0 - s.beta2) * (grad * grad);
        let m_hat = *m / s.correction1;
        let v_hat = *v / s.correction2;
        *g = p - s.lr * m_hat / (libm::sqrtf(v_hat) + s.epsilon);
        finite &= g.is_finite();
    }
    finite
}
