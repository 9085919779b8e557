//! Lookup tables for the sigmoid and tanh of the integer-only networks.
//!
//! Each table samples the function at 257 evenly spaced points and stores the *quantized
//! output*; between two points the kernel interpolates linearly in integer arithmetic
//! ([`lookup`]). Domains and output quantization (fixed, so the tables are shared):
//!
//! | table | input `z` at entry `k` | output `q` | output scale, zero point |
//! |---|---|---|---|
//! | [`SIGMOID`] | `(k − 128) / 16`, so `[−8, 8]` | `round(256·σ(z)) − 128`, clamped to `[−128, 127]` | 1/256, −128 |
//! | [`TANH`] | `(k − 128) / 32`, so `[−4, 4]` | `round(128·tanh z)`, clamped | 1/128, 0 |
//!
//! Beyond the domain the functions are within one output step of their limits, so the ends
//! of the tables serve as saturation. The unit test below recomputes both tables from their
//! definitions with `f64` arithmetic.

/// Fractional bits of a table position: the kernel's requantized index is in units of
/// 1/16 of a table step.
pub const FRACTION_BITS: u32 = 4;
/// Table positions per unit of `z` for the sigmoid table.
pub(crate) const SIGMOID_STEPS_PER_UNIT: f64 = 16.0;
/// Table positions per unit of `z` for the tanh table.
pub(crate) const TANH_STEPS_PER_UNIT: f64 = 32.0;

/// Interpolates `table` at position `t` (in 1/16 steps from entry 128, i.e. `t = 0` is
/// `z = 0`), saturating at the ends. Integer arithmetic only; rounding half up.
#[inline]
pub fn lookup(table: &[i8; 257], t: i32) -> i8 {
    let max = 256 << FRACTION_BITS;
    let pos = t.saturating_add(128 << FRACTION_BITS).clamp(0, max);
    let k = (pos >> FRACTION_BITS) as usize;
    let frac = pos & ((1 << FRACTION_BITS) - 1);
    let (Some(&lo), hi) = (table.get(k), table.get(k + 1)) else {
        return 0;
    };
    let hi = hi.copied().unwrap_or(lo);
    let step = (i32::from(hi) - i32::from(lo)) * frac;
    (i32::from(lo) + ((step + (1 << (FRACTION_BITS - 1))) >> FRACTION_BITS)) as i8
}

/// The sigmoid table: entry `k` is the quantized `σ((k − 128) / 16)`.
pub const SIGMOID: [i8; 257] = [
    -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128,
    -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -127, -127, -127,
    -127, -127, -127, -127, -127, -127, -127, -127, -127, -127, -127, -127, -127, -127, -126, -126,
    -126, -126, -126, -126, -126, -126, -126, -125, -125, -125, -125, -125, -124, -124, -124, -124,
    -123, -123, -123, -122, -122, -122, -121, -121, -120, -120, -120, -119, -118, -118, -117, -117,
    -116, -115, -114, -113, -113, -112, -111, -110, -109, -107, -106, -105, -104, -102, -101, -99,
    -97, -96, -94, -92, -90, -88, -86, -84, -81, -79, -76, -74, -71, -68, -65, -62, -59, -56, -53,
    -49, -46, -42, -39, -35, -31, -28, -24, -20, -16, -12, -8, -4, 0, 4, 8, 12, 16, 20, 24, 28, 31,
    35, 39, 42, 46, 49, 53, 56, 59, 62, 65, 68, 71, 74, 76, 79, 81, 84, 86, 88, 90, 92, 94, 96, 97,
    99, 101, 102, 104, 105, 106, 107, 109, 110, 111, 112, 113, 113, 114, 115, 116, 117, 117, 118,
    118, 119, 120, 120, 120, 121, 121, 122, 122, 122, 123, 123, 123, 124, 124, 124, 124, 125, 125,
    125, 125, 125, 126, 126, 126, 126, 126, 126, 126, 126, 126, 127, 127, 127, 127, 127, 127, 127,
    127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
    127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
    127,
];

/// The tanh table: entry `k` is the quantized `tanh((k − 128) / 32)`. Since
/// `tanh x = 2σ(2x) − 1`, that is `round(256·σ((k − 128)/16)) − 128`: the very entries of
/// [`SIGMOID`], so the two tables are one (the unit test checks both definitions).
pub const TANH: [i8; 257] = SIGMOID;
#[cfg(test)]
mod tests {
    use super::*;

    /// `round(v·scale) + zero` (half up), clamped to `i8`.
    fn quantize(v: f64, scale: f64, zero: f64) -> i8 {
        ((v * scale + 0.5).floor() + zero).clamp(-128.0, 127.0) as i8
    }

    #[test]
    fn tables_match_their_definitions() {
        for k in 0..257usize {
            let z = (k as f64 - 128.0) / SIGMOID_STEPS_PER_UNIT;
            assert_eq!(
                SIGMOID[k],
                quantize(1.0 / (1.0 + (-z).exp()), 256.0, -128.0),
                "sigmoid entry {k}"
            );
            let z = (k as f64 - 128.0) / TANH_STEPS_PER_UNIT;
            assert_eq!(TANH[k], quantize(z.tanh(), 128.0, 0.0), "tanh entry {k}");
        }
    }

    /// The table's own error, over every position of its domain and beyond: the
    /// interpolated output against the exact function of the exact position.
    fn worst_error(
        table: &[i8; 257],
        steps_per_unit: f64,
        f: fn(f64) -> f64,
        scale: f64,
        zero: f64,
    ) -> f64 {
        let per_unit = steps_per_unit * f64::from(1u32 << FRACTION_BITS);
        (-(200 << FRACTION_BITS)..=(200 << FRACTION_BITS))
            .map(|t| {
                let got = (f64::from(lookup(table, t)) - zero) / scale;
                (got - f(f64::from(t) / per_unit)).abs()
            })
            .fold(0.0, f64::max)
    }

    #[test]
    fn interpolated_tables_are_accurate_to_one_output_step() {
        let sigmoid = worst_error(
            &SIGMOID,
            SIGMOID_STEPS_PER_UNIT,
            |z| 1.0 / (1.0 + (-z).exp()),
            256.0,
            -128.0,
        );
        let tanh = worst_error(&TANH, TANH_STEPS_PER_UNIT, f64::tanh, 128.0, 0.0);
        // At most one output step: the output code 127 stands for 255/256 (sigmoid) and
        // 127/128 (tanh), one step short of the limit 1 the functions approach.
        assert!(sigmoid <= 1.0 / 256.0 + 1e-12, "sigmoid {sigmoid}");
        assert!(tanh <= 1.0 / 128.0 + 1e-12, "tanh {tanh}");
        std::eprintln!("table error: sigmoid {sigmoid:.5}, tanh {tanh:.5}");
    }

    #[test]
    fn lookup_interpolates_and_saturates() {
        assert_eq!(lookup(&SIGMOID, 0), SIGMOID[128]);
        assert_eq!(lookup(&SIGMOID, i32::MIN), -128);
        assert_eq!(lookup(&SIGMOID, i32::MAX), 127);
        // Halfway between entries 128 and 129 of tanh (0 and 4): 2.
        assert_eq!((TANH[128], TANH[129]), (0, 4));
        assert_eq!(lookup(&TANH, 8), 2);
    }
}
