//! What a network does: it decides the output layer, the loss and the metrics.

use tinymlp::Loss;
use tinymlp::activation::{Activation, OutputKind};

/// What a network does, which decides its output layer, its loss and its metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// Two classes: one sigmoid output, P(class 1); binary cross-entropy.
    Binary,
    /// `K ≥ 2` classes: softmax over `K` outputs; softmax cross-entropy with one-hot targets.
    Classes(usize),
    /// Numbers: identity (or any non-classifying) outputs; mean squared error.
    Regression(usize),
}

impl Task {
    /// The task of a trained network, read from its output layer: one sigmoid output is a
    /// binary classifier, a softmax over several outputs a multi-class one, anything else
    /// regression. What an activation's outputs are is the library's to say
    /// ([`Activation::output_kind`]), so a new activation needs nothing here.
    pub fn of_output(outputs: usize, activation: Option<Activation>) -> Task {
        match activation.map(Activation::output_kind) {
            Some(OutputKind::Probabilities) if outputs == 1 => Task::Binary,
            Some(OutputKind::Distribution) if outputs >= 2 => Task::Classes(outputs),
            Some(OutputKind::Probabilities | OutputKind::Distribution | OutputKind::Values)
            | None => Task::Regression(outputs),
        }
    }

    pub fn loss(self) -> Loss {
        match self {
            Task::Binary => Loss::BinaryCrossEntropy,
            Task::Classes(_) => Loss::SoftmaxCrossEntropy,
            Task::Regression(_) => Loss::MeanSquaredError,
        }
    }

    /// `binary cross-entropy`, …
    pub fn loss_name(self) -> &'static str {
        self.loss().name()
    }

    /// The number of classes, for classification.
    pub fn classes(self) -> Option<usize> {
        match self {
            Task::Binary => Some(2),
            Task::Classes(k) => Some(k),
            Task::Regression(_) => None,
        }
    }

    pub fn outputs(self) -> usize {
        match self {
            Task::Binary => 1,
            Task::Classes(k) => k,
            Task::Regression(n) => n,
        }
    }

    pub fn output_activation(self) -> Activation {
        match self {
            Task::Binary => Activation::Sigmoid,
            Task::Classes(_) => Activation::Softmax,
            Task::Regression(_) => Activation::Identity,
        }
    }

    /// Columns of targets in a CSV file: one class label, or one column per regression output.
    pub fn target_columns(self) -> usize {
        match self {
            Task::Binary | Task::Classes(_) => 1,
            Task::Regression(n) => n,
        }
    }

    /// The values of the network's target vector for a (checked) class label: `[label]` for
    /// a sigmoid output, one-hot for softmax.
    pub fn one_hot(self, label: usize) -> impl Iterator<Item = f32> {
        let (width, hot) = match self {
            Task::Classes(k) => (k, 1.0),
            Task::Binary | Task::Regression(_) => (1, label as f32),
        };
        let index = if width == 1 { 0 } else { label };
        (0..width).map(move |c| if c == index { hot } else { 0.0 })
    }

    /// `binary classification`, `3-class classification`, `regression`.
    pub fn name(self) -> String {
        match self {
            Task::Binary => "binary classification".into(),
            Task::Classes(k) => format!("{k}-class classification"),
            Task::Regression(1) => "regression".into(),
            Task::Regression(n) => format!("regression ({n} outputs)"),
        }
    }

    /// The name and how it is read from the output layer, for `info` and `import`:
    /// `binary classification: one sigmoid output`.
    pub fn describe(self) -> String {
        let why = match self {
            Task::Binary => "one sigmoid output",
            Task::Classes(_) => "softmax outputs",
            Task::Regression(_) => "neither one sigmoid output nor a softmax",
        };
        format!("{}: {why}", self.name())
    }

    /// The name used in JSON: `binary`, `multiclass`, `regression`.
    pub fn key(self) -> &'static str {
        match self {
            Task::Binary => "binary",
            Task::Classes(_) => "multiclass",
            Task::Regression(_) => "regression",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_task_of_every_output_activation() {
        use Activation::*;
        for (activation, outputs, task) in [
            (Sigmoid, 1, Task::Binary),
            (FastSigmoid, 1, Task::Binary),
            (Sigmoid, 2, Task::Regression(2)),
            (Softmax, 3, Task::Classes(3)),
            (FastSoftmax, 2, Task::Classes(2)),
            (Softmax, 1, Task::Regression(1)),
            (Identity, 1, Task::Regression(1)),
            (Tanh, 2, Task::Regression(2)),
            (Relu, 1, Task::Regression(1)),
            (FastTanh, 1, Task::Regression(1)),
        ] {
            assert_eq!(Task::of_output(outputs, Some(activation)), task);
        }
        assert_eq!(Task::of_output(0, None), Task::Regression(0));
    }
}
