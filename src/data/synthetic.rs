//! Small synthetic datasets for examples, tests and benchmarks, generated from the crate's
//! seeded [`Rng`], so they are the same on every target (and need no heap: they fill the
//! caller's slices).

use crate::rng::Rng;

/// The tutorial's inputs with a learnable label: standard-normal points `(x0, x1)`, class 1
/// iff `x0 + x1 > 0`. Fills as many samples as the shorter slice holds.
///
/// # Examples
///
/// ```
/// use tinymlp::{Rng, data::synthetic};
///
/// let mut xs = [[0.0; 2]; 100];
/// let mut ys = [[0.0; 1]; 100];
/// synthetic::half_plane(&mut xs, &mut ys, &mut Rng::new(1));
/// assert!(xs.iter().zip(&ys).all(|(x, y)| (x[0] + x[1] > 0.0) == (y[0] == 1.0)));
/// ```
pub fn half_plane(xs: &mut [[f32; 2]], ys: &mut [[f32; 1]], rng: &mut Rng) {
    for (x, y) in xs.iter_mut().zip(ys.iter_mut()) {
        *x = [rng.normal(), rng.normal()];
        *y = [label(x[0] + x[1] > 0.0)];
    }
}

/// The tutorial's own labels: the first half of the samples are class 1, the rest class 0,
/// whatever the inputs. They carry no information about the inputs, which is why the
/// tutorial's network cannot learn them.
pub fn tutorial_labels(ys: &mut [[f32; 1]]) {
    let half = ys.len() / 2;
    for (i, y) in ys.iter_mut().enumerate() {
        *y = [label(i < half)];
    }
}

/// `K` Gaussian blobs (standard deviation `spread`) with centres evenly spaced on a circle of
/// radius 2; targets one-hot. Fills as many samples as the shorter slice holds, cycling
/// through the classes.
///
/// # Examples
///
/// ```
/// use tinymlp::{Rng, data::synthetic};
///
/// let mut xs = [[0.0; 2]; 30];
/// let mut ys = [[0.0; 3]; 30];
/// synthetic::blobs(&mut xs, &mut ys, 0.5, &mut Rng::new(1));
/// assert!(ys.iter().all(|y| y.iter().sum::<f32>() == 1.0));
/// ```
pub fn blobs<const K: usize>(xs: &mut [[f32; 2]], ys: &mut [[f32; K]], spread: f32, rng: &mut Rng) {
    for (i, (x, y)) in xs.iter_mut().zip(ys.iter_mut()).enumerate() {
        let class = i % K.max(1);
        let angle = core::f32::consts::TAU * class as f32 / K as f32;
        *x = [
            2.0 * libm::cosf(angle) + spread * rng.normal(),
            2.0 * libm::sinf(angle) + spread * rng.normal(),
        ];
        *y = [0.0; K];
        if let Some(v) = y.get_mut(class) {
            *v = 1.0;
        }
    }
}

/// The four points of the XOR problem.
pub const XOR_INPUTS: [[f32; 2]; 4] = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// Their XOR labels.
pub const XOR_TARGETS: [[f32; 1]; 4] = [[0.0], [1.0], [1.0], [0.0]];

fn label(positive: bool) -> f32 {
    if positive { 1.0 } else { 0.0 }
}
