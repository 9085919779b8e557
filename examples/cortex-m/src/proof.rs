//! What the training proof firmwares (`proof-train`, `proof-online`, `proof-fixed`) share: their
//! eight samples, class 1 iff `x0 + x1 > 0` (what sensors might have delivered), and their
//! `main`.

/// The inputs.
pub static INPUTS: [[f32; 2]; 8] = [
    [0.9, 0.4],
    [-0.7, -0.2],
    [0.1, 0.6],
    [-1.2, 0.5],
    [1.5, -0.8],
    [-0.3, -0.9],
    [0.8, 0.7],
    [0.2, -1.1],
];

/// The targets.
pub static TARGETS: [[f32; 1]; 8] = [[1.0], [0.0], [1.0], [0.0], [1.0], [0.0], [1.0], [0.0]];

/// Runs a training proof: the [`canary`](crate::canary), then `train`. Exits 0 if the network
/// learned the samples, 2 if not, 3 on a library error.
// Always inlined: what the proofs measure is the library's flash, not this call's.
#[inline(always)]
pub fn run(train: impl FnOnce() -> tinymlp::Result<bool>) -> ! {
    crate::canary();
    match train() {
        Ok(true) => crate::exit(crate::code::SUCCESS),
        Ok(false) => crate::exit(crate::code::CHECK_FAILED),
        Err(_) => crate::exit(crate::code::LIBRARY_ERROR),
    }
}
