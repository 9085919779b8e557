//! The memory a model needs in firmware, computed from its shape.
//!
//! Firmware holds a model as a `static` of the const-generic type (`include_model!` or the
//! exported Rust source): it is decoded at compile time and lives in flash, so the flash
//! cost is the size of that type. Its layout follows from the types: `Mlp_D` is
//! `Option<Standardizer<n₀>>` (2·n₀ floats plus a 4-byte tag: an `f32` array has no niche)
//! and one `Dense<I, O>` per layer (I·O + O floats plus the 1-byte activation, padded to 4).
//! The tests check the formula against `size_of` of real types.
//!
//! RAM: a prediction reads the weights from flash and keeps only activation vectors: the
//! standardized input and each layer's output, 4·(n₀ + n₁ + … + n_D) bytes if none of them
//! shared a stack slot. The real stack use also depends on the compiler; measure it on the
//! target if it is tight.

/// Bytes of the const-generic network of these sizes (inputs, then each layer's outputs).
pub fn flash_bytes(sizes: &[usize]) -> usize {
    let inputs = sizes.first().copied().unwrap_or(0);
    let standardizer = 4 * 2 * inputs + 4;
    let layers: usize = sizes
        .windows(2)
        .map(|w| match w {
            [i, o] => 4 * (i * o + o) + 4,
            _ => 0,
        })
        .sum();
    standardizer + layers
}

/// The number of weights and biases of a network of these sizes.
pub fn parameters(sizes: &[usize]) -> usize {
    checked_parameters(sizes).unwrap_or(usize::MAX)
}

/// [`parameters`], or `None` if the count does not fit in a `usize`.
pub fn checked_parameters(sizes: &[usize]) -> Option<usize> {
    sizes.windows(2).try_fold(0usize, |sum, w| match w {
        [i, o] => i.checked_mul(*o)?.checked_add(*o)?.checked_add(sum),
        _ => Some(sum),
    })
}

/// The most parameters `train` builds: 10 million `f32`s are 40 MB of weights, and Adam keeps
/// two more copies; a microcontroller model has thousands.
pub const MAX_PARAMETERS: usize = 10_000_000;

/// Bytes of the activation vectors of one prediction.
pub fn ram_bytes(sizes: &[usize]) -> usize {
    4 * sizes.iter().sum::<usize>()
}

/// Bytes of the const-generic integer network (`QMlp_D`) of these sizes: the standardization
/// (as for `f32`), the input scale and zero point, the class boundary, and per layer `i8`
/// weights, `i32` biases and multipliers, `i8` shifts, the output scale, zero point and
/// activation, padded to 4.
pub fn flash_bytes_q8(sizes: &[usize]) -> usize {
    let inputs = sizes.first().copied().unwrap_or(0);
    let head = 4 * 2 * inputs + 4 + 4 + 4 + 4; // standardizer, scale, boundary, zero point (padded)
    let layers: usize = sizes
        .windows(2)
        .map(|w| match w {
            [i, o] => (i * o + 9 * o + 6).next_multiple_of(4),
            _ => 0,
        })
        .sum();
    head + layers
}

/// Bytes of the `i8` activation vectors of one integer prediction.
pub fn ram_bytes_q8(sizes: &[usize]) -> usize {
    sizes.iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::size_of;
    use tinymlp::quant::{QMlp1, QMlp2, QMlp3, QMlp4, QMlp5};
    use tinymlp::{Mlp1, Mlp2, Mlp3, Mlp4, Mlp5};

    #[test]
    fn int8_flash_bytes_are_the_size_of_the_const_generic_type() {
        assert_eq!(flash_bytes_q8(&[2, 2, 1]), size_of::<QMlp2<2, 2, 1>>());
        assert_eq!(flash_bytes_q8(&[3, 1]), size_of::<QMlp1<3, 1>>());
        assert_eq!(
            flash_bytes_q8(&[2, 8, 8, 1]),
            size_of::<QMlp3<2, 8, 8, 1>>()
        );
        assert_eq!(
            flash_bytes_q8(&[5, 7, 3, 2, 4]),
            size_of::<QMlp4<5, 7, 3, 2, 4>>()
        );
        assert_eq!(
            flash_bytes_q8(&[16, 64, 64, 8, 8, 10]),
            size_of::<QMlp5<16, 64, 64, 8, 8, 10>>()
        );
    }

    #[test]
    fn flash_bytes_are_the_size_of_the_const_generic_type() {
        assert_eq!(flash_bytes(&[2, 2, 1]), size_of::<Mlp2<2, 2, 1>>());
        assert_eq!(flash_bytes(&[2, 2, 1]), 64);
        assert_eq!(flash_bytes(&[3, 1]), size_of::<Mlp1<3, 1>>());
        assert_eq!(flash_bytes(&[2, 8, 8, 1]), size_of::<Mlp3<2, 8, 8, 1>>());
        assert_eq!(
            flash_bytes(&[5, 7, 3, 2, 4]),
            size_of::<Mlp4<5, 7, 3, 2, 4>>()
        );
        assert_eq!(
            flash_bytes(&[16, 64, 64, 8, 8, 10]),
            size_of::<Mlp5<16, 64, 64, 8, 8, 10>>()
        );
    }

    #[test]
    fn parameters_are_counted_without_overflow() {
        assert_eq!(parameters(&[2, 8, 8, 1]), 105);
        assert_eq!(checked_parameters(&[2, usize::MAX, 1]), None);
        assert_eq!(parameters(&[1, usize::MAX]), usize::MAX);
    }

    #[test]
    fn ram_bytes_count_every_activation() {
        assert_eq!(ram_bytes(&[2, 8, 8, 1]), 4 * 19);
    }
}
