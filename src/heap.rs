//! Fallible allocation (feature `alloc`): a buffer that cannot be allocated is an error, not
//! an abort, so that a run-time size read from a command line or a file can be refused.

use alloc::vec::Vec;

use crate::error::{Error, Result};

/// `n` copies of `value`, or [`Error::OutOfMemory`] if the memory is not available.
pub(crate) fn filled<T: Clone>(n: usize, value: T) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| Error::OutOfMemory {
        bytes: n.saturating_mul(core::mem::size_of::<T>()),
    })?;
    v.resize(n, value);
    Ok(v)
}

/// `a · b`, or [`Error::OutOfMemory`] if the product overflows (`bytes: usize::MAX`).
pub(crate) fn product(a: usize, b: usize) -> Result<usize> {
    a.checked_mul(b)
        .ok_or(Error::OutOfMemory { bytes: usize::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_that_cannot_be_allocated_are_errors() {
        assert_eq!(filled(3, 1.5f32), Ok(alloc::vec![1.5; 3]));
        assert_eq!(
            product(usize::MAX, 2),
            Err(Error::OutOfMemory { bytes: usize::MAX })
        );
        // More than any address space: refused by the allocator, not an abort.
        assert!(matches!(
            filled(usize::MAX / 4, 0.0f32),
            Err(Error::OutOfMemory { .. })
        ));
    }
}
