//! The natural logarithm and `ln(1 + x)`, branch-free.
//!
//! `x = 2ᵉ·m` with `m ∈ [√½, √2)` read from the bits; `ln m = f − f²/2 + f³·P(f)` with
//! `f = m − 1` and the degree-8 `P` of Cephes' `logf` (S. L. Moshier); `e·ln 2` added in two
//! parts. Subnormal inputs are scaled by `2²³` first.

const SQRT_HALF: f32 = core::f32::consts::FRAC_1_SQRT_2;
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
/// 2²³, to bring a subnormal input into the normal range.
const TWO_23: f32 = 8_388_608.0;

const L: [f32; 9] = [
    7.037_683_6e-2,
    -1.151_461e-1,
    1.167_699_9e-1,
    -1.242_014_1e-1,
    1.424_932_3e-1,
    -1.666_805_8e-1,
    2.000_071_4e-1,
    -2.499_999_4e-1,
    0.333_333_3, // Cephes: 3.3333331174e-1
];

/// The natural logarithm, branch-free.
///
/// `ln(0) = −∞`, `ln(x < 0) = NaN`, `ln(+∞) = +∞`, NaN propagates; subnormal inputs are exact
/// to the same accuracy as normal ones.
///
/// # Examples
///
/// ```
/// use tinymlp::math::ln;
///
/// assert_eq!(ln(1.0), 0.0);
/// assert!((ln(10.0) - core::f32::consts::LN_10).abs() <= 2.0 * f32::EPSILON);
/// assert_eq!(ln(0.0), f32::NEG_INFINITY);
/// assert!(ln(-1.0).is_nan());
/// ```
#[inline]
pub fn ln(x: f32) -> f32 {
    let sub = x < f32::MIN_POSITIVE;
    let xs = if sub { x * TWO_23 } else { x };
    let bias: i32 = if sub { 126 + 23 } else { 126 };
    let bits = xs.to_bits();
    // x = 2ᵉ·m with m ∈ [½, 1).
    let e = ((bits >> 23) & 0xff) as i32 - bias;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f00_0000);
    // Move m to [√½, √2); both subtractions are exact.
    let small = m < SQRT_HALF;
    let e = if small { e - 1 } else { e };
    let f = if small { (m + m) - 1.0 } else { m - 1.0 };
    let z = f * f;
    let mut p = 0.0f32;
    for c in L {
        p = p * f + c;
    }
    let ef = e as f32;
    let y = p * f * z;
    let y = y + ef * LN2_LO;
    let y = y - 0.5 * z;
    let r = f + y;
    let r = r + ef * LN2_HI;
    let r = if x == f32::INFINITY { x } else { r };
    let r = if x == 0.0 { f32::NEG_INFINITY } else { r };
    // NaN and negative inputs (−0 compares equal to 0 and was handled above).
    if x >= 0.0 { r } else { f32::NAN }
}

/// `ln(1 + x)`, accurate also for tiny `x`, branch-free.
///
/// `1 + x` is rounded, then the rounding error `c` is recovered exactly (Knuth's two-sum)
/// and added back as `c / (1 + x)`. `ln_1p(−1) = −∞`, `ln_1p(x < −1) = NaN`,
/// `ln_1p(+∞) = +∞`, NaN propagates.
///
/// # Examples
///
/// ```
/// use tinymlp::math::ln_1p;
///
/// assert_eq!(ln_1p(0.0), 0.0);
/// assert_eq!(ln_1p(1e-10), 1e-10);
/// assert!((ln_1p(1.0) - core::f32::consts::LN_2).abs() <= f32::EPSILON);
/// ```
#[inline]
pub fn ln_1p(x: f32) -> f32 {
    let d = 1.0 + x;
    let back = d - 1.0;
    let c = (1.0 - (d - back)) + (x - back);
    let l = ln(d);
    // At d = 0 or d = ∞ the correction is 0/0 or ∞ − ∞: keep ln(d).
    let finite = d > 0.0 && d < f32::INFINITY;
    let r = if finite { l + c / d } else { l };
    // ln_1p(±0) = ±0.
    if x == 0.0 { x } else { r }
}

/// `ln(1 + u)` for `u ∈ [0, 1]` (NaN propagates), cheaper than [`ln_1p`]:
/// `2·atanh(s) = 2s·(1 + s²/3 + s⁴/5 + … + s¹²/13)` with `s = u / (2 + u) ∈ [0, ⅓]`, whose
/// truncation error is below 2⁻²⁶ relative. Used by the binary cross-entropy, where `u = e^−|z|`.
#[inline(always)]
pub(crate) fn ln_1p_unit(u: f32) -> f32 {
    let s = u / (2.0 + u);
    let s2 = s * s;
    let mut p = 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    (s + s) * p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::accuracy::{sweep, ulps};

    #[test]
    fn ln_is_within_one_ulp_of_libm() {
        for x in sweep().filter(|v| *v > 0.0) {
            let (a, b) = (ln(x), libm::logf(x));
            assert!(ulps(a, b) <= 1, "ln({x:e}) = {a:e}, libm {b:e}");
        }
    }

    #[test]
    fn ln_1p_unit_is_within_two_ulps_of_the_exact_value() {
        for u in sweep().filter(|v| (0.0..=1.0).contains(v)) {
            let (a, exact) = (ln_1p_unit(u), (u as f64).ln_1p() as f32);
            assert!(
                ulps(a, exact) <= 2,
                "ln_1p_unit({u:e}) = {a:e}, exact {exact:e}"
            );
        }
        assert_eq!(ln_1p_unit(0.0), 0.0);
        assert!(ln_1p_unit(f32::NAN).is_nan());
    }

    #[test]
    fn ln_special_values() {
        assert_eq!(ln(1.0).to_bits(), 0);
        assert_eq!(ln(0.0), f32::NEG_INFINITY);
        assert_eq!(ln(-0.0), f32::NEG_INFINITY);
        assert_eq!(ln(f32::INFINITY), f32::INFINITY);
        assert!(ln(-1.0).is_nan());
        assert!(ln(f32::NEG_INFINITY).is_nan());
        assert!(ln(f32::NAN).is_nan());
        assert_eq!(ln(f32::from_bits(1)), libm::logf(f32::from_bits(1)));
    }

    #[test]
    fn ln_1p_is_within_two_ulps_of_libm() {
        for x in sweep().filter(|v| *v > -1.0) {
            let (a, b) = (ln_1p(x), libm::log1pf(x));
            assert!(ulps(a, b) <= 2, "ln_1p({x:e}) = {a:e}, libm {b:e}");
        }
        assert_eq!(ln_1p(-1.0), f32::NEG_INFINITY);
        assert_eq!(ln_1p(f32::INFINITY), f32::INFINITY);
        assert!(ln_1p(-2.0).is_nan());
        assert!(ln_1p(f32::NAN).is_nan());
        assert_eq!(ln_1p(-0.0).to_bits(), (-0.0f32).to_bits());
    }
}
