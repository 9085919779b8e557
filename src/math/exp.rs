//! `eˣ` by Cody–Waite range reduction and a polynomial, and the sigmoid and `tanh` built on it.
//!
//! `x = k·ln 2 + r` with `k` an integer and `|r| ≤ ln 2 / 2`; `eʳ ≈ 1 + r + r²·Q(r)` with a
//! degree-4 `Q` (a Chebyshev fit, evaluated in Estrin's scheme); `2ᵏ` is built from the
//! exponent bits. The
//! rounding to `k` uses the `1.5·2²³` trick, so `k` is read from the bits of a float instead
//! of converting a float to an integer. `2ᵏ` is applied in two halves so that results down to
//! the smallest subnormal are rounded once, like `libm`'s.

use super::{abs, at_least, at_most};

const LOG2_E: f32 = core::f32::consts::LOG2_E;
/// `ln 2` in two parts: `LN2_HI` has 9 significant bits, so `k·LN2_HI` is exact for every `k`
/// that occurs here and `r` loses nothing to cancellation.
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
/// `1.5·2²³`: `(y + SHIFT) − SHIFT` is `y` rounded to the nearest integer (ties to even) for
/// `|y| < 2²²`, and that integer is in the low bits of `y + SHIFT`.
const SHIFT: f32 = 12_582_912.0;
/// `e^−104 < 2^−150`: rounds to 0. Clamping here keeps `k` within the two-step scale's range.
const LO: f32 = -104.0;
/// `e^89 > f32::MAX`: overflows to `+∞` (through the scale).
const HI: f32 = 89.0;

// eʳ − 1 − r ≈ r²·Q(r) on [−ln 2/2, ln 2/2], Q of degree 4: a Chebyshev fit (mpmath) of
// (eʳ − 1 − r)/r², rounded to f32; the error of 1 + r + r²·Q(r) is below 1.1·10⁻⁸ relative,
// a fifth of an ulp, before rounding.
const Q0: f32 = 0.5;
const Q1: f32 = 0.166_665_76;
const Q2: f32 = 0.041_666_556;
const Q3: f32 = 0.008_363_179;
const Q4: f32 = 0.001_392_618_4;

/// `(k, r)` with `x = k·ln 2 + r`, `|r| ≲ ln 2 / 2`, for `|x| < 2²¹`.
#[inline(always)]
fn reduce(x: f32) -> (i32, f32) {
    let t = x * LOG2_E + SHIFT;
    let k = t - SHIFT;
    let r = x - k * LN2_HI;
    let r = r - k * LN2_LO;
    let ki = (t.to_bits() as i32).wrapping_sub(SHIFT.to_bits() as i32);
    (ki, r)
}

/// `eʳ − 1 − r` for the reduced argument: `r²·Q(r)`, with `Q` evaluated in Estrin's scheme
/// (`(Q0 + Q1·r) + r²·(Q2 + Q3·r) + r⁴·Q4`): three levels of dependent operations instead of
/// Horner's eight, which matters when one sigmoid waits for the previous layer's.
#[inline(always)]
fn tail(r: f32) -> f32 {
    let r2 = r * r;
    let a = Q0 + Q1 * r;
    let b = Q2 + Q3 * r;
    let r4 = r2 * r2;
    let q = (a + r2 * b) + r4 * Q4;
    q * r2
}

/// `2ᵏ` for `−126 ≤ k ≤ 127`, from the exponent bits.
#[inline(always)]
fn pow2(k: i32) -> f32 {
    f32::from_bits((k.wrapping_add(127) as u32).wrapping_shl(23))
}

/// `eˣ`, branch-free.
///
/// Within 1 ulp of `libm::expf` (see the [module docs](super) for the measured table);
/// `exp(−∞) = 0`, `exp(+∞) = +∞`, overflow to `+∞`, gradual underflow, NaN propagates.
///
/// # Examples
///
/// ```
/// use tinymlp::math::exp;
///
/// assert_eq!(exp(0.0), 1.0);
/// assert!((exp(1.0) - core::f32::consts::E).abs() <= f32::EPSILON * 3.0);
/// assert_eq!(exp(f32::NEG_INFINITY), 0.0);
/// assert_eq!(exp(100.0), f32::INFINITY);
/// assert!(exp(f32::NAN).is_nan());
/// ```
#[inline]
pub fn exp(x: f32) -> f32 {
    exp_clamped(at_most(at_least(x, LO), HI))
}

/// [`exp`] of an argument already in `[LO, HI]` (or NaN). One shared copy on bare-metal
/// targets (code size), inlined into its vector loops elsewhere.
#[cfg_attr(not(target_os = "none"), inline(always))]
#[cfg_attr(target_os = "none", inline(never))]
fn exp_clamped(x: f32) -> f32 {
    let (k, r) = reduce(x);
    let p = tail(r) + r + 1.0;
    // 2ᵏ = 2^k1 · 2^k2 with both halves normal for every k in [−150, 129].
    let k1 = k >> 1;
    let k2 = k.wrapping_sub(k1);
    p * pow2(k1) * pow2(k2)
}

/// The logistic function `σ(z) = 1 / (1 + e^−z)`, branch-free, from [`exp`].
///
/// Computed as `1 / (1 + e)` for `z ≥ 0` and `e / (1 + e)` for `z < 0`, with `e = e^−|z|`, so
/// that no intermediate overflows and tiny results keep their relative accuracy. `σ(−∞) = 0`,
/// `σ(+∞) = 1`, NaN propagates.
///
/// # Examples
///
/// ```
/// use tinymlp::math::sigmoid;
///
/// assert_eq!(sigmoid(0.0), 0.5);
/// assert_eq!(sigmoid(f32::INFINITY), 1.0);
/// assert_eq!(sigmoid(f32::NEG_INFINITY), 0.0);
/// assert!((sigmoid(2.0) - 0.880_797_1).abs() < 1e-7);
/// ```
#[inline]
pub fn sigmoid(z: f32) -> f32 {
    sigmoid_parts(z).1
}

/// `(e^−|z|, σ(z))`: [`sigmoid`] and the exponential it is made from, which the binary
/// cross-entropy of a sigmoid output reuses.
#[inline(always)]
pub(crate) fn sigmoid_parts(z: f32) -> (f32, f32) {
    // −|z| ≤ 0 (or NaN): only the lower clamp of `exp` can apply, the same value one
    // comparison sooner.
    let e = exp_clamped(at_least(-abs(z), LO));
    let num = if z < 0.0 { e } else { 1.0 };
    (e, num / (1.0 + e))
}

/// The hyperbolic tangent, branch-free: `tanh |z| = −m / (2 + m)` with `m = e^(−2|z|) − 1`,
/// `m` computed without cancellation from the reduced argument, and the sign of `z` restored.
///
/// `tanh(±∞) = ±1`, `tanh(±0) = ±0`, NaN propagates.
///
/// # Examples
///
/// ```
/// use tinymlp::math::tanh;
///
/// assert_eq!(tanh(0.0), 0.0);
/// assert_eq!(tanh(f32::NEG_INFINITY), -1.0);
/// assert!((tanh(0.5) - 0.462_117_16).abs() < 1e-7);
/// assert!((tanh(1e-5) - 1e-5).abs() < 1e-12);
/// ```
#[inline]
pub fn tanh(z: f32) -> f32 {
    // Below −30, eˣ − 1 rounds to −1 and tanh to ±1.
    let x = at_least(-2.0 * abs(z), -30.0);
    let (k, r) = reduce(x);
    let q = tail(r) + r; // eʳ − 1
    let s = pow2(k); // k ∈ [−44, 0]
    let m = s * q + (s - 1.0); // eˣ − 1: s·q and s − 1 are exact
    let t = -m / (2.0 + m);
    f32::from_bits((t.to_bits() & 0x7fff_ffff) | (z.to_bits() & 0x8000_0000))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::accuracy::{sweep, ulps};

    #[test]
    fn exp_is_within_one_ulp_of_libm() {
        for x in sweep() {
            let (a, b) = (exp(x), libm::expf(x));
            assert!(ulps(a, b) <= 1, "exp({x:e}) = {a:e}, libm {b:e}");
        }
    }

    #[test]
    fn exp_special_values() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-0.0), 1.0);
        assert_eq!(exp(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp(f32::NEG_INFINITY).to_bits(), 0);
        assert_eq!(exp(88.8), f32::INFINITY);
        assert_eq!(exp(-103.0), libm::expf(-103.0)); // subnormal
        assert_eq!(exp(-110.0).to_bits(), 0);
        assert!(exp(f32::NAN).is_nan());
        assert!(exp(-f32::NAN).is_nan());
        assert_eq!(exp(f32::MIN_POSITIVE), 1.0);
        assert_eq!(exp(f32::from_bits(1)), 1.0);
    }

    #[test]
    fn sigmoid_is_within_two_ulps_of_the_exact_value() {
        for z in sweep() {
            let a = sigmoid(z);
            let exact = (1.0 / (1.0 + (-(z as f64)).exp())) as f32;
            assert!(ulps(a, exact) <= 2, "σ({z:e}) = {a:e}, exact {exact:e}");
        }
        assert_eq!(sigmoid(-0.0), 0.5);
        assert!(sigmoid(f32::NAN).is_nan());
    }

    #[test]
    fn tanh_is_within_two_ulps_of_the_exact_value() {
        for z in sweep() {
            let (a, exact) = (tanh(z), (z as f64).tanh() as f32);
            assert!(ulps(a, exact) <= 2, "tanh({z:e}) = {a:e}, exact {exact:e}");
        }
        assert_eq!(tanh(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(tanh(f32::INFINITY), 1.0);
        assert!(tanh(f32::NAN).is_nan());
    }
}
