//! An independent f64 reference implementation of the forward pass and the losses, for
//! checking the crate's gradients by central differences.
#![allow(dead_code)]

use tinymlp::{Activation, Loss, Network};

/// One layer in f64: row-major weights, biases, activation.
#[derive(Clone, Debug)]
pub struct Layer64 {
    pub w: Vec<f64>,
    pub b: Vec<f64>,
    pub n_in: usize,
    pub act: Activation,
}

/// The network's parameters and standardization in f64.
#[derive(Clone, Debug)]
pub struct Net64 {
    pub layers: Vec<Layer64>,
    pub std: Option<(Vec<f64>, Vec<f64>)>,
}

impl Net64 {
    pub fn of<N: Network>(net: &N) -> Self {
        let layers = net
            .layers()
            .map(|l| Layer64 {
                w: l.weights.iter().map(|&v| v as f64).collect(),
                b: l.biases.iter().map(|&v| v as f64).collect(),
                n_in: l.inputs(),
                act: l.activation,
            })
            .collect();
        let std = net.standardization().map(|(m, s)| {
            (
                m.iter().map(|&v| v as f64).collect(),
                s.iter().map(|&v| v as f64).collect(),
            )
        });
        Net64 { layers, std }
    }

    /// All parameters, in the crate's tensor order (weights then biases, layer by layer).
    pub fn params_mut(&mut self) -> Vec<&mut f64> {
        self.layers
            .iter_mut()
            .flat_map(|l| l.w.iter_mut().chain(l.b.iter_mut()))
            .collect()
    }

    /// Output activations and output pre-activations.
    pub fn forward(&self, x: &[f32]) -> (Vec<f64>, Vec<f64>) {
        let mut a: Vec<f64> = x.iter().map(|&v| v as f64).collect();
        if let Some((m, s)) = &self.std {
            a = a
                .iter()
                .zip(m)
                .zip(s)
                .map(|((x, m), s)| (x - m) * s)
                .collect();
        }
        let mut z = Vec::new();
        for l in &self.layers {
            z =
                l.w.chunks(l.n_in)
                    .zip(&l.b)
                    .map(|(row, b)| row.iter().zip(&a).map(|(w, x)| w * x).sum::<f64>() + b)
                    .collect();
            a = activate(l.act, &z);
        }
        (a, z)
    }

    pub fn loss(&self, loss: Loss, x: &[f32], y: &[f32]) -> f64 {
        let (a, z) = self.forward(x);
        loss64(loss, &z, &a, y)
    }

    pub fn mean_loss(&self, loss: Loss, xs: &[&[f32]], ys: &[&[f32]]) -> f64 {
        xs.iter()
            .zip(ys)
            .map(|(x, y)| self.loss(loss, x, y))
            .sum::<f64>()
            / xs.len() as f64
    }
}

pub fn activate(act: Activation, z: &[f64]) -> Vec<f64> {
    match act {
        Activation::Identity => z.to_vec(),
        Activation::Sigmoid | Activation::FastSigmoid => {
            z.iter().map(|z| 1.0 / (1.0 + (-z).exp())).collect()
        }
        Activation::Tanh | Activation::FastTanh => z.iter().map(|z| z.tanh()).collect(),
        Activation::Relu => z.iter().map(|z| z.max(0.0)).collect(),
        Activation::Softmax | Activation::FastSoftmax => {
            let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let e: Vec<f64> = z.iter().map(|z| (z - m).exp()).collect();
            let s: f64 = e.iter().sum();
            e.iter().map(|e| e / s).collect()
        }
    }
}

pub fn loss64(loss: Loss, z: &[f64], a: &[f64], y: &[f32]) -> f64 {
    let n = a.len() as f64;
    let y: Vec<f64> = y.iter().map(|&v| v as f64).collect();
    match loss {
        Loss::MeanSquaredError => a.iter().zip(&y).map(|(a, y)| (a - y).powi(2)).sum::<f64>() / n,
        Loss::BinaryCrossEntropy => {
            z.iter()
                .zip(&y)
                .map(|(z, y)| z.max(0.0) - z * y + (-z.abs()).exp().ln_1p())
                .sum::<f64>()
                / n
        }
        Loss::SoftmaxCrossEntropy => {
            let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let lse = m + z.iter().map(|z| (z - m).exp()).sum::<f64>().ln();
            z.iter().zip(&y).map(|(z, y)| y * (lse - z)).sum()
        }
    }
}

/// Central-difference gradient of the mean loss over the samples, in f64.
pub fn numeric_gradient(net: &Net64, loss: Loss, xs: &[&[f32]], ys: &[&[f32]]) -> Vec<f64> {
    let n = net.clone().params_mut().len();
    (0..n)
        .map(|k| {
            let mut plus = net.clone();
            let mut minus = net.clone();
            let base = *plus.params_mut()[k];
            let h = 1e-6 * base.abs().max(1.0);
            *plus.params_mut()[k] = base + h;
            *minus.params_mut()[k] = base - h;
            (plus.mean_loss(loss, xs, ys) - minus.mean_loss(loss, xs, ys)) / (2.0 * h)
        })
        .collect()
}

/// Asserts that the analytic gradient (f32, from the crate) matches the numeric one.
pub fn assert_gradients_match(analytic: &[f32], numeric: &[f64], what: &str) {
    assert_eq!(analytic.len(), numeric.len(), "{what}: parameter count");
    for (k, (a, n)) in analytic.iter().zip(numeric).enumerate() {
        let a = *a as f64;
        let tol = 2e-4 + 2e-3 * n.abs();
        assert!(
            (a - n).abs() <= tol,
            "{what}: parameter {k}: analytic {a:e}, numeric {n:e} (all analytic: {analytic:?})"
        );
    }
}

/// FNV-style helper to flatten a network's parameters.
pub fn flat<N: Network>(net: &N) -> Vec<f32> {
    net.tensors().flatten().copied().collect()
}
