//! How results are shown: numbers for people in the text summaries, one line of JSON for
//! programs (`--json`, with every digit).

use std::io::Write;

use serde::Serialize;

use crate::error::Result;

/// Writes `value` as one line of compact JSON. Floats get the fewest digits that read back
/// to the same `f32`; NaN and infinities, which JSON lacks, become `null`.
pub fn json<T: Serialize>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// A number with 4 significant digits: `0.1235`, `12.35`, `1.235e-5`.
pub fn sig(v: f32) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v == 0.0 {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    if (-3..5).contains(&mag) {
        format!("{v:.*}", (3 - mag).max(0) as usize)
    } else {
        format!("{v:.3e}")
    }
}

/// `97.78 % (44/45)`.
pub fn percent(hits: usize, total: usize) -> String {
    format!(
        "{:.2} % ({hits}/{total})",
        100.0 * hits as f64 / total.max(1) as f64
    )
}

/// `hits / total` as a fraction for JSON.
pub fn fraction(hits: usize, total: usize) -> f32 {
    hits as f32 / total as f32
}

/// `""` for one, `"s"` for any other count.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_people() {
        assert_eq!(sig(0.123456), "0.1235");
        assert_eq!(sig(12.3456), "12.35");
        assert_eq!(sig(0.0), "0");
        assert_eq!(sig(1.5e-5), "1.500e-5");
        assert_eq!(percent(44, 45), "97.78 % (44/45)");
        assert_eq!((plural(1), plural(2)), ("", "s"));
    }

    #[test]
    fn json_floats_are_the_shortest_that_read_back() {
        // serde_json prints an f32 with the fewest digits that parse back to it (ryū), as
        // `{:?}` does; NaN and infinities, which JSON lacks, become null.
        // The same text in the usual range; large exponents are written `1.5e+20`.
        for v in [0.1f32, 0.034824222, 0.9904762, 0.045066778, 1e-7, 3.0, 0.01] {
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("{v:?}"));
        }
        for v in [1.5e20f32, f32::MAX, f32::MIN_POSITIVE, -2.5e-30] {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json.parse::<f32>().unwrap(), v, "{json}");
            assert_eq!(json.replace("e+", "e"), format!("{v:?}"));
        }
        assert_eq!(serde_json::to_string(&f32::NAN).unwrap(), "null");
        assert_eq!(serde_json::to_string(&f32::INFINITY).unwrap(), "null");
    }
}
