//! A model file of either number type: `f32` (format version 1) or int8 (version 2, made by
//! `tinymlp quantize`). `eval`, `predict` and `info` take both.

use tinymlp::net::DynMlp;
use tinymlp::quant::DynQMlp;
use tinymlp::{Activation, Error, Loss};

use crate::error::{Error as CliError, Result};
use crate::read::{Kind, Limit};
use crate::task::Task;

/// A loaded model.
pub enum Model {
    /// Floating point.
    F32(DynMlp),
    /// 8-bit integers: inference in integer arithmetic, outputs turned back into numbers.
    Int8(DynQMlp),
}

impl Model {
    /// Reads a model file of any shape and either number type.
    pub fn load(path: &str, limit: Limit) -> Result<Model> {
        let bytes = limit.read(path, Kind::Model)?;
        let model = match DynMlp::from_bytes(&bytes) {
            Ok(net) => Ok(Model::F32(net)),
            Err(Error::UnsupportedDtype { .. }) => DynQMlp::from_bytes(&bytes).map(Model::Int8),
            Err(e) => Err(e),
        };
        model.map_err(|e| CliError::input(format!("{path}: {e}")))
    }

    /// Reads an `f32` model file, for the commands that need one; `int8_message` says why an
    /// int8 file does not do.
    pub fn load_f32(path: &str, limit: Limit, int8_message: &str) -> Result<DynMlp> {
        match Model::load(path, limit)? {
            Model::F32(net) => Ok(net),
            Model::Int8(_) => Err(CliError::input(format!("{path}: {int8_message}"))),
        }
    }

    pub fn sizes(&self) -> Vec<usize> {
        match self {
            Model::F32(n) => n.sizes(),
            Model::Int8(q) => q.sizes(),
        }
    }

    pub fn activations(&self) -> Vec<Activation> {
        match self {
            Model::F32(n) => n.activations(),
            Model::Int8(q) => q.activations(),
        }
    }

    /// The number of weights and biases.
    pub fn parameters(&self) -> usize {
        crate::sizes::parameters(&self.sizes())
    }

    pub fn inputs(&self) -> usize {
        self.sizes().first().copied().unwrap_or(0)
    }

    /// The task, from the output layer (see [`Task::of_output`]).
    pub fn task(&self) -> Task {
        Task::of_output(
            self.sizes().last().copied().unwrap_or(0),
            self.activations().last().copied(),
        )
    }

    /// The const-generic type that loads this file, with its path: e.g.
    /// `tinymlp::Mlp2<2, 8, 1>` or `tinymlp::quant::QMlp2<2, 8, 1>`.
    pub fn type_name(&self) -> Option<String> {
        match self {
            Model::F32(n) => n.type_name().map(|t| format!("tinymlp::{t}")),
            Model::Int8(q) => q.type_name().map(|t| format!("tinymlp::quant::{t}")),
        }
    }

    /// `"f32"` or `"int8"`.
    pub fn dtype(&self) -> &'static str {
        match self {
            Model::F32(_) => "f32",
            Model::Int8(_) => "int8",
        }
    }

    /// The model file's format version.
    pub fn format_version(&self) -> u16 {
        match self {
            Model::F32(_) => tinymlp::model::VERSION,
            Model::Int8(_) => tinymlp::model::VERSION_INT8,
        }
    }

    /// Whether the file stores input standardization.
    pub fn standardized(&self) -> bool {
        match self {
            // `DynMlp` has no inherent method for this (yet).
            Model::F32(n) => tinymlp::Network::standardization(n).is_some(),
            Model::Int8(q) => q.standardization().is_some(),
        }
    }

    /// The model's outputs for one row of inputs (of the right length): probabilities for
    /// classifiers. An int8 model runs in integers and its outputs are dequantized.
    pub fn predict(&self, x: &[f32]) -> Result<Vec<f32>> {
        match self {
            Model::F32(n) => n.predict(x),
            Model::Int8(q) => q.predict(x),
        }
        .map_err(network_error)
    }

    /// The class of one row (classifiers). An int8 model classifies in integers.
    pub fn classify(&self, x: &[f32]) -> Result<usize> {
        match self {
            Model::F32(n) => n.classify(x),
            Model::Int8(q) => q.classify(x),
        }
        .map_err(network_error)
    }

    /// The loss of one row. For an `f32` model it is computed from the logits, as in
    /// training; an int8 model has only its dequantized outputs, whose probabilities are
    /// clamped to `[1e-7, 1 − 1e-7]` before taking logarithms.
    pub fn loss(&self, task: Task, x: &[f32], y: &[f32]) -> Result<f32> {
        match self {
            Model::F32(n) => {
                let (a, z) = n.predict_with_logits(x).map_err(network_error)?;
                let act = tinymlp::Network::output_activation(n);
                Ok(task.loss().value(act, &z, &a, y))
            }
            Model::Int8(_) => {
                let p = self.predict(x)?;
                let clamp = |v: f32| v.clamp(1e-7, 1.0 - 1e-7);
                let n = p.len().max(1) as f32;
                Ok(match task.loss() {
                    Loss::BinaryCrossEntropy => {
                        p.iter()
                            .zip(y)
                            .map(|(&p, &y)| {
                                -(y * clamp(p).ln() + (1.0 - y) * (1.0 - clamp(p)).ln())
                            })
                            .sum::<f32>()
                            / n
                    }
                    Loss::SoftmaxCrossEntropy => {
                        p.iter().zip(y).map(|(&p, &y)| -y * clamp(p).ln()).sum()
                    }
                    Loss::MeanSquaredError => {
                        p.iter()
                            .zip(y)
                            .map(|(&p, &y)| (p - y) * (p - y))
                            .sum::<f32>()
                            / n
                    }
                })
            }
        }
    }
}

/// A network's error on one row (an input of the wrong length), as the tool reports it.
fn network_error(e: Error) -> CliError {
    CliError::input(format!("the model cannot evaluate a row: {e}"))
}

/// The class an `f32` network's output stands for: with one output, 1 if it is ≥ 0.5, else
/// 0; with several, the index of the largest (the first on ties). The library's rule, which
/// `DynMlp` offers only through the `Network` trait.
pub fn class_of(output: &[f32]) -> usize {
    <DynMlp as tinymlp::Network>::class_of(output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tinymlp::Rng;

    /// A row of the wrong length is an error from every method, never an empty prediction,
    /// class 0 or a NaN loss.
    #[test]
    fn a_wrong_length_row_is_an_error_not_a_default() {
        let mut rng = Rng::new(1);
        let layers = [(3, Activation::Tanh), (1, Activation::Sigmoid)];
        let net = DynMlp::new(2, &layers, &mut rng).unwrap();
        let rows = tinymlp::data::Rows::flat(&[0.5, -1.0, 1.0, 2.0], 2).unwrap();
        let q =
            tinymlp::quant::quantize(&net, rows, tinymlp::quant::Granularity::PerChannel).unwrap();
        for model in [Model::F32(net), Model::Int8(q)] {
            let task = model.task();
            assert_eq!(task, Task::Binary);
            assert!(model.predict(&[1.0, 2.0]).is_ok());
            assert!(model.loss(task, &[1.0, 2.0], &[1.0]).unwrap().is_finite());
            for x in [&[][..], &[1.0][..], &[1.0, 2.0, 3.0][..]] {
                assert!(model.predict(x).is_err(), "{} {x:?}", model.dtype());
                assert!(model.classify(x).is_err(), "{} {x:?}", model.dtype());
                assert!(
                    model.loss(task, x, &[1.0]).is_err(),
                    "{} {x:?}",
                    model.dtype()
                );
            }
        }
    }
}
