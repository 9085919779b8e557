//! The data of the proof firmwares (`proof-train`, `proof-online`, `proof-fixed`): eight
//! samples, class 1 iff `x0 + x1 > 0`, what sensors might have delivered.

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
