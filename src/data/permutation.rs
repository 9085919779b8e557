//! A random permutation of `0..n` that needs no buffer.

use crate::rng::{Rng, mix64};

/// A pseudo-random bijection of `0..n`, computed on the fly in O(1) memory.
///
/// Shuffling a dataset each epoch usually means an index array of `n` entries, which a
/// microcontroller may not have room for. Instead, this is a four-round Feistel network over
/// the smallest even number of bits covering `n`, with "cycle walking" for indices that land
/// beyond `n` (the domain is less than 4·`n`, so that takes under four steps on average).
/// Statistically it is not a uniformly random permutation, but it is a thorough, seeded
/// reordering, which is what stochastic gradient descent needs.
///
/// # Examples
///
/// ```
/// use tinymlp::{Rng, data::Permutation};
///
/// let p = Permutation::new(10, &mut Rng::new(3));
/// let mut seen = [false; 10];
/// for i in 0..10 {
///     seen[p.get(i)] = true;
/// }
/// assert!(seen.iter().all(|s| *s));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permutation {
    n: u64,
    half_bits: u32,
    keys: [u64; 4],
}

impl Permutation {
    /// A random permutation of `0..n` drawn from `rng`.
    pub fn new(n: usize, rng: &mut Rng) -> Self {
        let n = n as u64;
        let bits = u64::BITS - n.saturating_sub(1).leading_zeros();
        let half_bits = bits.div_ceil(2).max(1);
        Permutation {
            n,
            half_bits,
            keys: core::array::from_fn(|_| rng.next_u64()),
        }
    }

    /// The identity permutation of `0..n`.
    pub fn identity(n: usize) -> Self {
        Permutation {
            n: n as u64,
            half_bits: 0,
            keys: [0; 4],
        }
    }

    /// Whether this is the identity (`get(i) == i` for every `i`).
    #[inline]
    pub(crate) fn is_identity(&self) -> bool {
        self.half_bits == 0
    }

    /// The image of `i`: a bijection on `0..n`. Indices `≥ n` are returned unchanged.
    #[inline]
    pub fn get(&self, i: usize) -> usize {
        let x = i as u64;
        if self.half_bits == 0 || x >= self.n {
            return i;
        }
        let mut y = self.round_trip(x);
        // The Feistel network permutes 0..2^(2h) ⊇ 0..n; following the cycle from x must
        // come back below n (at x itself at the latest).
        while y >= self.n {
            y = self.round_trip(y);
        }
        y as usize
    }

    fn round_trip(&self, x: u64) -> u64 {
        let h = self.half_bits;
        let mask = (1u64 << h) - 1;
        let (mut l, mut r) = (x >> h, x & mask);
        for k in self.keys {
            (l, r) = (r, l ^ (mix64(r ^ k) & mask));
        }
        (l << h) | r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_bijection_for_many_sizes() {
        let mut rng = Rng::new(11);
        for n in [1usize, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 100, 1000, 4097] {
            let p = Permutation::new(n, &mut rng);
            let mut seen = std::vec![false; n];
            for i in 0..n {
                let j = p.get(i);
                assert!(j < n && !seen[j], "n = {n}");
                seen[j] = true;
            }
        }
    }

    #[test]
    fn actually_shuffles() {
        let p = Permutation::new(1000, &mut Rng::new(1));
        let fixed = (0..1000).filter(|&i| p.get(i) == i).count();
        assert!(fixed < 20, "{fixed} fixed points");
        let q = Permutation::new(1000, &mut Rng::new(2));
        assert!((0..1000).filter(|&i| p.get(i) == q.get(i)).count() < 20);
    }
}
