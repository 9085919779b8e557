//! Rows of a run-time length, without a division.
//!
//! `chunks_exact(n)` computes its length as `len / n`, and on cores without a divide
//! instruction (Cortex-M0) that division keeps a "divide by zero" panic path whenever the
//! compiler leaves the iterator's code out of line and cannot see that `n ≠ 0`. These
//! iterators split rows off the front instead (`split_at_checked`), so there is no division
//! and no panic path at any optimization level; a length of 0 yields no rows.

/// Row access for slices: [`rows`](Self::rows) and [`rows_mut`](Self::rows_mut).
pub trait RowsExt<T> {
    /// Consecutive rows of `n` elements (a shorter tail is not yielded).
    fn rows(&self, n: usize) -> Rows<'_, T>;
    /// Consecutive mutable rows of `n` elements (a shorter tail is not yielded).
    fn rows_mut(&mut self, n: usize) -> RowsMut<'_, T>;
}

impl<T> RowsExt<T> for [T] {
    #[inline]
    fn rows(&self, n: usize) -> Rows<'_, T> {
        Rows { rest: self, n }
    }

    #[inline]
    fn rows_mut(&mut self, n: usize) -> RowsMut<'_, T> {
        RowsMut { rest: self, n }
    }
}

/// See [`RowsExt::rows`].
#[derive(Clone, Debug)]
pub struct Rows<'a, T> {
    rest: &'a [T],
    n: usize,
}

impl<'a, T> Iterator for Rows<'a, T> {
    type Item = &'a [T];

    #[inline]
    fn next(&mut self) -> Option<&'a [T]> {
        if self.n == 0 {
            return None;
        }
        let (row, rest) = self.rest.split_at_checked(self.n)?;
        self.rest = rest;
        Some(row)
    }
}

/// See [`RowsExt::rows_mut`].
#[derive(Debug)]
pub struct RowsMut<'a, T> {
    rest: &'a mut [T],
    n: usize,
}

impl<'a, T> Iterator for RowsMut<'a, T> {
    type Item = &'a mut [T];

    #[inline]
    fn next(&mut self) -> Option<&'a mut [T]> {
        if self.n == 0 {
            return None;
        }
        let rest = core::mem::take(&mut self.rest);
        let (row, rest) = rest.split_at_mut_checked(self.n)?;
        self.rest = rest;
        Some(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_chunks_exact_without_the_panic() {
        let v = [1, 2, 3, 4, 5, 6, 7];
        let rows: std::vec::Vec<&[i32]> = v.rows(3).collect();
        assert_eq!(rows, [&[1, 2, 3][..], &[4, 5, 6]]);
        assert_eq!(v.rows(0).count(), 0);
        let mut w = [0; 5];
        for (k, r) in w.rows_mut(2).enumerate() {
            r.fill(k + 1);
        }
        assert_eq!(w, [1, 1, 2, 2, 0]);
    }
}
