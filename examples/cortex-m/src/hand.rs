//! The yardstick: the firmware's two networks written by hand, the way an embedded engineer
//! would write them without a library: plain arrays, loops over them, `libm::expf`, no
//! checks, no loss value, the learning rate a constant at the call.
//!
//! The firmwares run these beside the library's networks, on the same weights and samples,
//! with the same instruction counter, so every library/hand ratio comes from one run on one
//! core with one set of build flags.
//!
//! To be a fair yardstick the arithmetic follows the library's order where that is the
//! natural one anyway (`tinymlp::kernel::dense`): `z_o = (Σ_i w[o][i]·x_i, increasing i,
//! from 0) + b_o` with the weights row-major (`w[o][i]`), the hidden delta
//! `(Σ_k w[k][j]·d_k, increasing k) · σ′`, the update `w ← w − η·(d·x)`, all gradients from the
//! old weights before any update; no `mul_add`. Trained from the same weights on the same
//! samples, they therefore end on the library's bits (`tests/firmware.rs` checks that).
//!
//! Compiled into the firmwares (examples/cortex-m and examples/riscv) and into the host test
//! `tests/firmware.rs`. Keep it `no_std`-clean.

// Index loops over fixed-size arrays, as such code is usually written (the compiler sees the
// bounds: no checks remain).
#![allow(clippy::needless_range_loop)]

use libm::expf;
use tinymlp::{Mlp2, Mlp3};

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + expf(-z))
}

fn relu(z: f32) -> f32 {
    if z > 0.0 { z } else { 0.0 }
}

/// `z = W·x + b` for a layer of `O` units with `I` inputs.
fn dense<const I: usize, const O: usize>(
    w: &[[f32; I]; O],
    b: &[f32; O],
    x: &[f32; I],
) -> [f32; O] {
    let mut z = [0.0f32; O];
    for o in 0..O {
        let mut acc = 0.0f32;
        for i in 0..I {
            acc += w[o][i] * x[i];
        }
        z[o] = acc + b[o];
    }
    z
}

/// `w ← w − η·(d·x)`, `b ← b − η·d`.
fn sgd<const I: usize, const O: usize>(
    w: &mut [[f32; I]; O],
    b: &mut [f32; O],
    d: &[f32; O],
    x: &[f32; I],
    lr: f32,
) {
    for o in 0..O {
        for i in 0..I {
            w[o][i] -= lr * (d[o] * x[i]);
        }
        b[o] -= lr * d[o];
    }
}

/// The 2-2-1 sigmoid network of the `train` and `classify` firmwares.
#[derive(Clone, Copy)]
pub struct Tiny {
    pub w1: [[f32; 2]; 2],
    pub b1: [f32; 2],
    pub w2: [f32; 2],
    pub b2: f32,
}

impl Tiny {
    /// The library network's weights (a `const fn`: a model in flash gives a hand network
    /// in flash).
    pub const fn from_library(net: &Mlp2<2, 2, 1>) -> Self {
        Tiny {
            w1: net.layers.0.weights,
            b1: net.layers.0.biases,
            w2: net.layers.1.weights[0],
            b2: net.layers.1.biases[0],
        }
    }

    fn hidden(&self, x: &[f32; 2]) -> [f32; 2] {
        dense(&self.w1, &self.b1, x).map(sigmoid)
    }

    fn output(&self, h: &[f32; 2]) -> f32 {
        sigmoid(self.w2[0] * h[0] + self.w2[1] * h[1] + self.b2)
    }

    /// The output probability for `x`.
    pub fn forward(&self, x: &[f32; 2]) -> f32 {
        self.output(&self.hidden(x))
    }

    /// The class of `x`: 1 if the probability is at least 0.5.
    pub fn classify(&self, x: &[f32; 2]) -> usize {
        usize::from(self.forward(x) >= 0.5)
    }

    /// One SGD step on binary cross-entropy (output delta `a − y`).
    pub fn step(&mut self, x: &[f32; 2], y: f32, lr: f32) {
        let h = self.hidden(x);
        let a = self.output(&h);
        let d2 = a - y;
        let mut d1 = [0.0f32; 2];
        for j in 0..2 {
            d1[j] = (self.w2[j] * d2) * (h[j] * (1.0 - h[j]));
        }
        for j in 0..2 {
            self.w2[j] -= lr * (d2 * h[j]);
        }
        self.b2 -= lr * d2;
        sgd(&mut self.w1, &mut self.b1, &d1, x, lr);
    }
}

/// The 16-32-16-4 classifier of the `sensor` firmware: ReLU, ReLU, softmax.
#[derive(Clone)]
pub struct Sensor {
    pub w1: [[f32; 16]; 32],
    pub b1: [f32; 32],
    pub w2: [[f32; 32]; 16],
    pub b2: [f32; 16],
    pub w3: [[f32; 16]; 4],
    pub b3: [f32; 4],
}

impl Sensor {
    /// The library network's weights.
    pub fn from_library(net: &Mlp3<16, 32, 16, 4>) -> Self {
        Sensor {
            w1: net.layers.0.weights,
            b1: net.layers.0.biases,
            w2: net.layers.1.weights,
            b2: net.layers.1.biases,
            w3: net.layers.2.weights,
            b3: net.layers.2.biases,
        }
    }

    /// Writes these weights into a library network (to compare digests).
    pub fn to_library(&self, net: &mut Mlp3<16, 32, 16, 4>) {
        net.layers.0.weights = self.w1;
        net.layers.0.biases = self.b1;
        net.layers.1.weights = self.w2;
        net.layers.1.biases = self.b2;
        net.layers.2.weights = self.w3;
        net.layers.2.biases = self.b3;
    }

    fn hidden(&self, x: &[f32; 16]) -> ([f32; 32], [f32; 16]) {
        let h1 = dense(&self.w1, &self.b1, x).map(relu);
        let h2 = dense(&self.w2, &self.b2, &h1).map(relu);
        (h1, h2)
    }

    fn output(&self, h2: &[f32; 16]) -> [f32; 4] {
        let mut p = dense(&self.w3, &self.b3, h2);
        let mut max = p[0];
        for &z in &p[1..] {
            if z > max {
                max = z;
            }
        }
        let mut sum = 0.0f32;
        for v in p.iter_mut() {
            *v = expf(*v - max);
            sum += *v;
        }
        for v in p.iter_mut() {
            *v /= sum;
        }
        p
    }

    /// The class probabilities for `x`.
    pub fn forward(&self, x: &[f32; 16]) -> [f32; 4] {
        self.output(&self.hidden(x).1)
    }

    /// One SGD step on softmax cross-entropy (output delta `p − y`).
    pub fn step(&mut self, x: &[f32; 16], y: &[f32; 4], lr: f32) {
        let (h1, h2) = self.hidden(x);
        let p = self.output(&h2);
        let mut d3 = [0.0f32; 4];
        for k in 0..4 {
            d3[k] = p[k] - y[k];
        }
        let mut d2 = [0.0f32; 16];
        for j in 0..16 {
            let mut s = 0.0f32;
            for k in 0..4 {
                s += self.w3[k][j] * d3[k];
            }
            d2[j] = if h2[j] > 0.0 { s } else { 0.0 };
        }
        let mut d1 = [0.0f32; 32];
        for j in 0..32 {
            let mut s = 0.0f32;
            for k in 0..16 {
                s += self.w2[k][j] * d2[k];
            }
            d1[j] = if h1[j] > 0.0 { s } else { 0.0 };
        }
        sgd(&mut self.w3, &mut self.b3, &d3, &h2, lr);
        sgd(&mut self.w2, &mut self.b2, &d2, &h1, lr);
        sgd(&mut self.w1, &mut self.b1, &d1, x, lr);
    }
}
