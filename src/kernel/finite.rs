//! A running test that values are finite, at the cost of a few instructions per value on
//! every core.

/// Whether every value [added](Finite::add) so far was finite (neither ∞ nor NaN), tested once
/// at the end with [`all`](Finite::all): no branch per value.
///
/// Bare-metal cores with an FPU accumulate `v·0`, which is ±0 for every finite `v` and NaN
/// for ∞ and NaN: one multiply-accumulate per value. Elsewhere the values' bits are OR-ed:
/// `|v|` plus 2²³ carries into the top bit exactly when the exponent is all ones, three
/// integer instructions that a host vectorizes and that need no floating-point library call
/// on cores without an FPU.
pub(crate) type Finite = Test<{ cfg!(all(target_os = "none", target_abi = "eabihf")) }>;

/// [`Finite`] with the floating-point probe (`PROBE`) or with the integer marks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Test<const PROBE: bool> {
    probe: f32,
    marks: u32,
}

impl<const PROBE: bool> Test<PROBE> {
    /// No value seen yet.
    #[inline(always)]
    pub(crate) const fn new() -> Self {
        Test {
            probe: 0.0,
            marks: 0,
        }
    }

    /// Takes `v` into the test.
    #[inline(always)]
    pub(crate) fn add(&mut self, v: f32) {
        if PROBE {
            self.probe += v * 0.0;
        } else {
            self.marks |= (v.to_bits() & 0x7fff_ffff) + 0x0080_0000;
        }
    }

    /// The test of both sets of values.
    #[inline(always)]
    pub(crate) fn and(self, other: Self) -> Self {
        Test {
            probe: self.probe + other.probe,
            marks: self.marks | other.marks,
        }
    }

    /// Whether every value added was finite.
    #[inline(always)]
    pub(crate) fn all(self) -> bool {
        if PROBE {
            self.probe == 0.0
        } else {
            self.marks & 0x8000_0000 == 0
        }
    }
}

/// Whether every value of `v` is finite.
#[inline]
pub(crate) fn all_finite(v: &[f32]) -> bool {
    let mut finite = Finite::new();
    v.iter().for_each(|v| finite.add(*v));
    finite.all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all<const PROBE: bool>(v: &[f32]) -> bool {
        let mut test = Test::<PROBE>::new();
        v.iter().for_each(|v| test.add(*v));
        test.all()
    }

    fn tells_finite_from_infinite_and_nan<const PROBE: bool>() {
        let finite = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f32::MAX,
            f32::MIN,
            f32::MIN_POSITIVE,
            1e-45,
        ];
        assert!(all::<PROBE>(&finite));
        assert!(all::<PROBE>(&[]));
        for bad in [f32::INFINITY, f32::NEG_INFINITY, f32::NAN, -f32::NAN] {
            let mut with_bad = finite.to_vec();
            with_bad.push(bad);
            assert!(!all::<PROBE>(&with_bad), "{bad}");
            assert!(!all::<PROBE>(&[bad]), "{bad}");
            let (mut a, mut b) = (Test::<PROBE>::new(), Test::<PROBE>::new());
            a.add(1.0);
            b.add(bad);
            assert!(
                !a.and(b).all() && !b.and(a).all() && !b.and(b).all() && a.and(a).all(),
                "{bad}"
            );
        }
        // Every exponent below all ones, with the largest mantissa and either sign.
        for e in 0..255u32 {
            let v = f32::from_bits((e << 23) | 0x007f_ffff);
            assert!(all::<PROBE>(&[v, -v]), "{v}");
        }
    }

    #[test]
    fn the_probe_tells_finite_from_infinite_and_nan() {
        tells_finite_from_infinite_and_nan::<true>();
    }

    #[test]
    fn the_marks_tell_finite_from_infinite_and_nan() {
        tells_finite_from_infinite_and_nan::<false>();
    }

    #[test]
    fn all_finite_is_the_test_of_this_target() {
        assert!(all_finite(&[1.0, -2.0]));
        assert!(!all_finite(&[1.0, f32::NAN]));
    }
}
