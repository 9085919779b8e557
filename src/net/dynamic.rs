//! A network whose shape is chosen at run time (feature `alloc`).

use alloc::vec;
use alloc::vec::Vec;

use super::{Buffers, IoBufs, LayerBufs, Network, Trainable};
use crate::activation::Activation;
use crate::data::{Rows, fit_columns};
use crate::error::{Error, Result};
use crate::heap;
use crate::kernel::group::GROUP;
use crate::kernel::lanes::{Lanes, ZERO};
use crate::layer::{LayerMut, LayerRef, Parameters, init_weights};
use crate::loss::Loss;
use crate::rng::Rng;

/// One dense layer of a [`DynMlp`].
#[derive(Clone, Debug, PartialEq)]
struct DynDense {
    inputs: usize,
    weights: Vec<f32>,
    biases: Vec<f32>,
    activation: Activation,
}

impl DynDense {
    /// A layer with every parameter zero, or [`Error::OutOfMemory`].
    fn zeroed(inputs: usize, outputs: usize, activation: Activation) -> Result<Self> {
        Ok(DynDense {
            inputs,
            weights: heap::filled(heap::product(inputs, outputs)?, 0.0)?,
            biases: heap::filled(outputs, 0.0)?,
            activation,
        })
    }

    fn view(&self) -> LayerRef<'_> {
        LayerRef {
            weights: &self.weights,
            biases: &self.biases,
            activation: self.activation,
        }
    }
}

/// A multi-layer perceptron whose sizes are chosen at run time, for tools that read them
/// from the command line or a file.
///
/// It runs the same slice kernels, in the same order, as the const-generic networks: a
/// `DynMlp` and an [`Mlp2`](crate::Mlp2) of the same shape, seed and data train to the same
/// bits, and a `DynMlp`'s model file loads into the matching const-generic type (for firmware)
/// with bit-identical predictions. Samples are slices `[f32]`, and a dataset's samples are
/// rows of flat buffers ([`Rows::flat`]); their lengths are checked.
///
/// # Examples
///
/// ```
/// use core::ops::ControlFlow;
/// use tinymlp::{Activation::*, Dataset, Loss, Mlp2, Network, Rng, Schedule, Sgd, Trainer};
/// use tinymlp::{data::Rows, net::DynMlp};
///
/// let mut net = DynMlp::new(2, &[(4, Tanh), (1, Sigmoid)], &mut Rng::new(3))?;
/// let xs = [0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0]; // four rows of two inputs
/// let ys = [0.0, 1.0, 1.0, 0.0];
/// let data = Dataset::new(Rows::flat(&xs, 2)?, Rows::flat(&ys, 1)?)?;
/// let mut trainer = Trainer::new(Sgd::new(0.5)?, Loss::BinaryCrossEntropy);
/// trainer.fit(&mut net, &data, &Schedule::epochs(10), |_| ControlFlow::Continue(()))?;
///
/// // The same model as a const-generic network, e.g. for firmware:
/// let fixed = Mlp2::<2, 4, 1>::from_bytes(&net.to_bytes())?;
/// assert_eq!(fixed.predict(&[1.0, 0.0])[0].to_bits(), net.predict(&[1.0, 0.0])?[0].to_bits());
/// # Ok::<(), tinymlp::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DynMlp {
    inputs: usize,
    standardization: Option<(Vec<f32>, Vec<f32>)>,
    layers: Vec<DynDense>,
}

impl DynMlp {
    /// A network with `inputs` inputs and the given layers (outputs and activation each,
    /// input side first), initialized from `rng` exactly as the const-generic networks are.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHyperparameter`] (`"layers"`) if there are no layers or a size is 0;
    /// [`Error::OutOfMemory`] if the parameter count overflows or the memory is not available
    /// (nothing is then kept allocated; the process does not abort).
    pub fn new(inputs: usize, layers: &[(usize, Activation)], rng: &mut Rng) -> Result<Self> {
        if inputs == 0 || layers.is_empty() || layers.iter().any(|(n, _)| *n == 0) {
            return Err(Error::InvalidHyperparameter { name: "layers" });
        }
        let mut prev = inputs;
        let mut built = Vec::with_capacity(layers.len());
        for &(outputs, activation) in layers {
            let mut layer = DynDense::zeroed(prev, outputs, activation)?;
            init_weights(&mut layer.weights, prev, outputs, activation, rng);
            built.push(layer);
            prev = outputs;
        }
        Ok(DynMlp {
            inputs,
            standardization: None,
            layers: built,
        })
    }

    /// Fits input standardization on `rows` and keeps it with the network (see
    /// [`Standardizer`](crate::Standardizer)).
    ///
    /// # Errors
    ///
    /// [`Error::EmptyDataset`], [`Error::SampleLength`] (sample 0) if the rows are not as
    /// wide as the network's input, or [`Error::NonFiniteInput`].
    pub fn fit_standardization(&mut self, rows: Rows<'_, [f32]>) -> Result<()> {
        if rows.is_empty() {
            return Err(Error::EmptyDataset);
        }
        if rows.width() != self.inputs {
            return Err(Error::SampleLength { sample: 0 });
        }
        if let Some(sample) = rows.iter().position(|r| !r.iter().all(|v| v.is_finite())) {
            return Err(Error::NonFiniteInput { sample });
        }
        let (mut mean, mut scale) = (vec![0.0; self.inputs], vec![1.0; self.inputs]);
        fit_columns(rows.iter(), &mut mean, &mut scale);
        self.standardization = Some((mean, scale));
        Ok(())
    }

    /// Sets the input standardization `x′ = (x − mean)·scale` (see
    /// [`Standardizer`](crate::Standardizer)), e.g. one that a tool read from another format;
    /// `None` removes it.
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`] if `mean` or `scale` does not have one value per input,
    /// [`Error::NonFiniteParameter`] if a value is NaN or infinite; the network is then
    /// unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::{Activation::Identity, Network, Rng, net::DynMlp};
    ///
    /// let mut net = DynMlp::new(2, &[(1, Identity)], &mut Rng::new(0))?;
    /// net.set_standardization(Some((vec![1.0, 2.0], vec![0.5, 0.25])))?;
    /// assert_eq!(net.standardization(), Some((&[1.0, 2.0][..], &[0.5, 0.25][..])));
    /// # Ok::<(), tinymlp::Error>(())
    /// ```
    pub fn set_standardization(
        &mut self,
        standardization: Option<(Vec<f32>, Vec<f32>)>,
    ) -> Result<()> {
        if let Some((mean, scale)) = &standardization {
            if mean.len() != self.inputs || scale.len() != self.inputs {
                return Err(Error::SampleLength { sample: 0 });
            }
            if !mean.iter().chain(scale).all(|v| v.is_finite()) {
                return Err(Error::NonFiniteParameter);
            }
        }
        self.standardization = standardization;
        Ok(())
    }

    /// The sizes: inputs, then each layer's outputs.
    pub fn sizes(&self) -> Vec<usize> {
        super::sizes(self.inputs, self.layers.iter().map(|l| l.biases.len()))
    }

    /// The activations, input side first.
    pub fn activations(&self) -> Vec<Activation> {
        self.layers().map(|l| l.activation).collect()
    }

    /// The const-generic type this network corresponds to, e.g. `Mlp2<2, 8, 1>`, if there is
    /// one (at most five layers).
    pub fn type_name(&self) -> Option<alloc::string::String> {
        super::type_name("Mlp", &self.sizes())
    }

    /// Output for one raw input.
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`] if `x` does not have [`inputs`](Network::inputs) values.
    pub fn predict(&self, x: &[f32]) -> Result<Vec<f32>> {
        Ok(self.predict_with_logits(x)?.0)
    }

    /// The class of one raw input: see [`Network::class_of`].
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`] if `x` does not have [`inputs`](Network::inputs) values.
    pub fn classify(&self, x: &[f32]) -> Result<usize> {
        Ok(super::class_of(&self.predict(x)?))
    }

    /// Output and output-layer pre-activations for one raw input.
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`] if `x` does not have [`inputs`](Network::inputs) values.
    pub fn predict_with_logits(&self, x: &[f32]) -> Result<(Vec<f32>, Vec<f32>)> {
        if x.len() != self.inputs {
            return Err(Error::SampleLength { sample: 0 });
        }
        let mut input = vec![0.0; self.inputs];
        super::standardize(self.standardization(), x, &mut input);
        let mut outs: Vec<Vec<f32>> = self
            .layers
            .iter()
            .map(|l| vec![0.0; l.biases.len()])
            .collect();
        let mut z = Vec::new();
        let depth = self.layers.len();
        let bufs = outs.iter_mut().map(Vec::as_mut_slice);
        super::forward_one(Parameters::layers(self), &input, bufs, |k, pre| {
            if k + 1 == depth {
                z = pre.to_vec();
            }
        });
        Ok((outs.pop().unwrap_or_default(), z))
    }

    /// A network of these layers (inputs, outputs, activation and parameters each, input side
    /// first) and standardization, as the model file decoder reads them.
    pub(crate) fn from_parts(
        inputs: usize,
        standardization: Option<(Vec<f32>, Vec<f32>)>,
        layers: Vec<(usize, Vec<f32>, Vec<f32>, Activation)>,
    ) -> Self {
        let layers = layers
            .into_iter()
            .map(|(inputs, weights, biases, activation)| DynDense {
                inputs,
                weights,
                biases,
                activation,
            })
            .collect();
        DynMlp {
            inputs,
            standardization,
            layers,
        }
    }
}
/// Working memory of a [`DynMlp`]'s training, sized at run time.
#[derive(Clone, Debug, Default)]
pub struct DynScratch {
    io: DynIo,
    layers: Vec<DynLayerScratch>,
}

#[derive(Clone, Debug, Default)]
struct DynIo {
    x: Vec<f32>,
    x_blk: Vec<Lanes>,
    y_blk: Vec<Lanes>,
    z: Vec<f32>,
    z_blk: Vec<Lanes>,
    loss_blk: Vec<Lanes>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct DynLayerScratch {
    out: Vec<f32>,
    delta: Vec<f32>,
    out_blk: Vec<Lanes>,
    delta_blk: Vec<Lanes>,
    gw: Vec<Lanes>,
    gb: Vec<Lanes>,
}

impl DynLayerScratch {
    fn new(inputs: usize, outputs: usize) -> Result<Self> {
        let blocks = heap::product(GROUP, outputs)?;
        Ok(DynLayerScratch {
            out: heap::filled(outputs, 0.0)?,
            delta: heap::filled(outputs, 0.0)?,
            out_blk: heap::filled(blocks, ZERO)?,
            delta_blk: heap::filled(blocks, ZERO)?,
            gw: heap::filled(heap::product(inputs, outputs)?, ZERO)?,
            gb: heap::filled(outputs, ZERO)?,
        })
    }

    /// Whether these buffers are those of a layer of `inputs → outputs`.
    fn fits(&self, inputs: usize, outputs: usize) -> bool {
        self.out.len() == outputs && self.gw.len() == inputs.saturating_mul(outputs)
    }

    fn bufs(&mut self) -> LayerBufs<'_> {
        LayerBufs {
            out: &mut self.out,
            delta: &mut self.delta,
            out_blk: &mut self.out_blk,
            delta_blk: &mut self.delta_blk,
            gw: &mut self.gw,
            gb: &mut self.gb,
        }
    }
}

// A run-time-shaped network's one-sample pass runs in its scratch.
impl Buffers for DynScratch {
    #[inline]
    fn split(
        &mut self,
    ) -> (
        IoBufs<'_>,
        impl DoubleEndedIterator<Item = LayerBufs<'_>> + ExactSizeIterator,
    ) {
        DynMlp::split_scratch(self)
    }
}

impl Parameters for DynMlp {
    fn zeroed() -> Self {
        DynMlp {
            inputs: 0,
            standardization: None,
            layers: Vec::new(),
        }
    }

    fn conform(&mut self, like: &Self) -> Result<()> {
        let same = self.inputs == like.inputs
            && self.layers.len() == like.layers.len()
            && self
                .layers
                .iter()
                .zip(&like.layers)
                .all(|(a, b)| a.inputs == b.inputs && a.biases.len() == b.biases.len());
        if !same {
            let layers = like
                .layers
                .iter()
                .map(|l| DynDense::zeroed(l.inputs, l.biases.len(), Activation::Identity))
                .collect::<Result<Vec<_>>>()?;
            self.inputs = like.inputs;
            self.standardization = None;
            self.layers = layers;
        }
        Ok(())
    }

    fn layers(&self) -> impl DoubleEndedIterator<Item = LayerRef<'_>> + ExactSizeIterator {
        self.layers.iter().map(DynDense::view)
    }

    fn layers_mut(&mut self) -> impl DoubleEndedIterator<Item = LayerMut<'_>> + ExactSizeIterator {
        self.layers.iter_mut().map(|l| LayerMut {
            weights: &mut l.weights,
            biases: &mut l.biases,
        })
    }
}

impl Trainable for DynMlp {
    type Scratch = DynScratch;

    fn new_scratch() -> DynScratch {
        DynScratch::default()
    }

    fn conform_scratch(&self, scratch: &mut DynScratch) -> Result<()> {
        let outputs = self.outputs();
        if scratch.io.x.len() != self.inputs || scratch.io.z.len() != outputs {
            scratch.io = DynIo {
                x: heap::filled(self.inputs, 0.0)?,
                x_blk: heap::filled(heap::product(GROUP, self.inputs)?, ZERO)?,
                y_blk: heap::filled(heap::product(GROUP, outputs)?, ZERO)?,
                z: heap::filled(outputs, 0.0)?,
                z_blk: heap::filled(heap::product(GROUP, outputs)?, ZERO)?,
                loss_blk: heap::filled(GROUP, ZERO)?,
            };
        }
        let fits = scratch.layers.len() == self.layers.len()
            && scratch
                .layers
                .iter()
                .zip(&self.layers)
                .all(|(s, l)| s.fits(l.inputs, l.biases.len()));
        if !fits {
            scratch.layers = self
                .layers
                .iter()
                .map(|l| DynLayerScratch::new(l.inputs, l.biases.len()))
                .collect::<Result<_>>()?;
        }
        Ok(())
    }

    // The one-sample pass runs in the same buffers.
    type OneScratch = DynScratch;

    fn new_one_scratch() -> DynScratch {
        DynScratch::default()
    }

    fn conform_one_scratch(&self, scratch: &mut DynScratch) -> Result<()> {
        self.conform_scratch(scratch)
    }

    fn one_scratch(scratch: &mut DynScratch) -> &mut DynScratch {
        scratch
    }

    fn split_scratch(
        scratch: &mut DynScratch,
    ) -> (
        IoBufs<'_>,
        impl DoubleEndedIterator<Item = LayerBufs<'_>> + ExactSizeIterator,
    ) {
        let io = &mut scratch.io;
        let bufs = IoBufs {
            x: &mut io.x,
            x_blk: &mut io.x_blk,
            y_blk: &mut io.y_blk,
            z: &mut io.z,
            z_blk: &mut io.z_blk,
            loss_blk: &mut io.loss_blk,
        };
        (bufs, scratch.layers.iter_mut().map(DynLayerScratch::bufs))
    }

    fn fits(&self, x: &[f32], y: &[f32]) -> bool {
        x.len() == self.inputs && y.len() == self.outputs()
    }

    fn backprop_one(
        &self,
        loss: Loss,
        x: &[f32],
        y: &[f32],
        scratch: &mut DynScratch,
        grads: &mut Self,
        measure: bool,
    ) -> f32 {
        super::backprop_one(self, loss, x, y, scratch, grads, measure)
    }
}

impl Network for DynMlp {
    type Input = [f32];
    type Output = [f32];

    fn standardization(&self) -> Option<(&[f32], &[f32])> {
        self.standardization.as_ref().map(|(m, s)| (&m[..], &s[..]))
    }

    fn predict(&self, x: &[f32]) -> Result<Vec<f32>> {
        DynMlp::predict(self, x)
    }

    fn predict_with_logits(&self, x: &[f32]) -> Result<(Vec<f32>, Vec<f32>)> {
        DynMlp::predict_with_logits(self, x)
    }
}
