//! The seeded mutations of `tests/fuzz_seeds.rs` and `cli/tests/fuzz_seeds.rs`.

use tinymlp::Rng;

/// One random edit: flip a bit, set a byte, cut the end, insert or delete a byte, or copy
/// a byte from elsewhere (which makes sizes and codes line up by accident now and then).
pub fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng, alphabet: &[u8]) {
    let n = bytes.len();
    match rng.below(6) {
        0 if n > 0 => bytes[rng.below(n)] ^= 1 << rng.below(8),
        1 if n > 0 => bytes[rng.below(n)] = alphabet[rng.below(alphabet.len())],
        2 => bytes.truncate(rng.below(n + 1)),
        3 => bytes.insert(rng.below(n + 1), alphabet[rng.below(alphabet.len())]),
        4 if n > 0 => {
            bytes.remove(rng.below(n));
        }
        5 if n > 1 => bytes[rng.below(n)] = bytes[rng.below(n)],
        _ => {}
    }
}
