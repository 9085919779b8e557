//! A network whose shape is chosen at run time (feature `alloc`).

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use super::{Buffers, IoBufs, LayerBufs, LayerMut, Network, Sealed};
use crate::activation::Activation;
use crate::data::standardize::fit_columns;
use crate::error::{Error, Result};
use crate::kernel::dense;
use crate::kernel::group::GROUP;
use crate::kernel::lanes::{Lanes, ZERO};
use crate::layer::{LayerRef, init_weights};
use crate::loss::Loss;
use crate::model::{self, DTYPE_F32};
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
    fn zeroed(inputs: usize, outputs: usize, activation: Activation) -> Self {
        DynDense {
            inputs,
            weights: vec![0.0; inputs * outputs],
            biases: vec![0.0; outputs],
            activation,
        }
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
/// with bit-identical predictions. Samples are `Vec<f32>`; their lengths are checked.
///
/// # Examples
///
/// ```
/// use core::ops::ControlFlow;
/// use tinymlp::{Activation::*, Dataset, Loss, Mlp2, Network, Rng, Schedule, Sgd, Trainer};
/// use tinymlp::net::DynMlp;
///
/// let mut net = DynMlp::new(2, &[(4, Tanh), (1, Sigmoid)], &mut Rng::new(3))?;
/// let xs = vec![vec![0.0, 0.0], vec![0.0, 1.0], vec![1.0, 0.0], vec![1.0, 1.0]];
/// let ys = vec![vec![0.0], vec![1.0], vec![1.0], vec![0.0]];
/// let mut trainer = Trainer::new(Sgd::new(0.5)?, Loss::BinaryCrossEntropy);
/// trainer.fit(&mut net, &Dataset::new(&xs, &ys)?, &Schedule::epochs(10), |_| ControlFlow::Continue(()))?;
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
    /// [`Error::InvalidHyperparameter`] (`"layers"`) if there are no layers or a size is 0.
    pub fn new(inputs: usize, layers: &[(usize, Activation)], rng: &mut Rng) -> Result<Self> {
        if inputs == 0 || layers.is_empty() || layers.iter().any(|(n, _)| *n == 0) {
            return Err(Error::InvalidHyperparameter { name: "layers" });
        }
        let mut prev = inputs;
        let mut built = Vec::with_capacity(layers.len());
        for &(outputs, activation) in layers {
            let mut layer = DynDense::zeroed(prev, outputs, activation);
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
    /// [`Error::EmptyDataset`], [`Error::SampleLength`] or [`Error::NonFiniteInput`].
    pub fn fit_standardization(&mut self, rows: &[Vec<f32>]) -> Result<()> {
        if rows.is_empty() {
            return Err(Error::EmptyDataset);
        }
        for (sample, r) in rows.iter().enumerate() {
            if r.len() != self.inputs {
                return Err(Error::SampleLength { sample });
            }
            if !r.iter().all(|v| v.is_finite()) {
                return Err(Error::NonFiniteInput { sample });
            }
        }
        let (mut mean, mut scale) = (vec![0.0; self.inputs], vec![1.0; self.inputs]);
        fit_columns(rows.iter().map(|r| &r[..]), &mut mean, &mut scale);
        self.standardization = Some((mean, scale));
        Ok(())
    }

    /// The sizes: inputs, then each layer's outputs.
    pub fn sizes(&self) -> Vec<usize> {
        core::iter::once(self.inputs)
            .chain(self.layers.iter().map(|l| l.biases.len()))
            .collect()
    }

    /// The activations, input side first.
    pub fn activations(&self) -> Vec<Activation> {
        self.layers.iter().map(|l| l.activation).collect()
    }

    /// Output for one raw input.
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`] if `x` does not have [`inputs`](Network::inputs) values.
    pub fn predict(&self, x: &[f32]) -> Result<Vec<f32>> {
        Ok(self.predict_with_logits(x)?.0)
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
        let mut a = vec![0.0; self.inputs];
        super::standardize(self.standardization(), x, &mut a);
        let mut z = Vec::new();
        for layer in &self.layers {
            z = vec![0.0; layer.biases.len()];
            dense::forward(&layer.weights, &layer.biases, &a, &mut z);
            a.clone_from(&z);
            layer.activation.apply(&mut a);
        }
        Ok((a, z))
    }

    /// Decodes a model file of any shape (see [`model`](crate::model)).
    ///
    /// # Errors
    ///
    /// The format errors of [`Error`]; [`Error::ShapeMismatch`] for a layer of size 0,
    /// which no `DynMlp` has (see [`new`](Self::new)).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut file = model::layout(bytes, DTYPE_F32)?;
        let mut layers = Vec::with_capacity(file.layers.len());
        for &(n_in, n_out, activation) in &file.layers {
            let weights = file.rest.f32_vec(n_in * n_out)?;
            let biases = file.rest.f32_vec(n_out)?;
            layers.push(DynDense {
                inputs: n_in,
                weights,
                biases,
                activation,
            });
        }
        if !file.rest.is_empty() {
            return Err(Error::TrailingBytes);
        }
        Ok(DynMlp {
            inputs: file.inputs,
            standardization: file.standardization,
            layers,
        })
    }

    /// The model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let views: Vec<LayerRef<'_>> = self.layers.iter().map(DynDense::view).collect();
        let has_std = self.standardization.is_some();
        let mut out =
            vec![0; model::encoded_len(self.inputs, views.iter().map(|l| l.outputs()), has_std)];
        // The buffer has exactly the encoded length, so encoding cannot fail.
        let n = model::encode(self.inputs, &views, self.standardization(), &mut out).unwrap_or(0);
        out.truncate(n);
        out
    }

    /// The const-generic type this network corresponds to, e.g. `Mlp2<2, 8, 1>`, if there is
    /// one (at most five layers).
    pub fn type_name(&self) -> Option<String> {
        type_name("Mlp", &self.sizes())
    }

    /// Writes the network as Rust source for the matching const-generic type (see
    /// [`Mlp2::write_rust`](crate::Mlp2::write_rust)).
    ///
    /// # Errors
    ///
    /// [`fmt::Error`] if there is no matching type (more than five layers) or `out` fails.
    pub fn write_rust(&self, out: &mut dyn fmt::Write, name: &str) -> fmt::Result {
        let type_name = self.type_name().ok_or(fmt::Error)?;
        model::write_rust(
            out,
            name,
            &type_name,
            self.layers.iter().map(DynDense::view),
            self.standardization(),
        )
    }
}

/// `{prefix}{depth}<{sizes}>`, e.g. `Mlp2<2, 8, 1>`: the const-generic type of a network of
/// these sizes (inputs, then each layer's outputs), if there is one (one to five layers).
pub(crate) fn type_name(prefix: &str, sizes: &[usize]) -> Option<String> {
    use fmt::Write;
    let depth = sizes.len().checked_sub(1).filter(|d| (1..=5).contains(d))?;
    let mut s = String::new();
    let _ = write!(s, "{prefix}{depth}<");
    for (k, n) in sizes.iter().enumerate() {
        let _ = write!(s, "{}{n}", if k > 0 { ", " } else { "" });
    }
    s.push('>');
    Some(s)
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
    fn new(inputs: usize, outputs: usize) -> Self {
        DynLayerScratch {
            out: vec![0.0; outputs],
            delta: vec![0.0; outputs],
            out_blk: vec![ZERO; GROUP * outputs],
            delta_blk: vec![ZERO; GROUP * outputs],
            gw: vec![ZERO; inputs * outputs],
            gb: vec![ZERO; outputs],
        }
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

impl Sealed for DynMlp {}

impl Network for DynMlp {
    type Input = Vec<f32>;
    type Output = Vec<f32>;
    type Scratch = DynScratch;

    fn zeroed() -> Self {
        DynMlp {
            inputs: 0,
            standardization: None,
            layers: Vec::new(),
        }
    }

    fn conform(&mut self, like: &Self) {
        let same = self.inputs == like.inputs
            && self.layers.len() == like.layers.len()
            && self
                .layers
                .iter()
                .zip(&like.layers)
                .all(|(a, b)| a.inputs == b.inputs && a.biases.len() == b.biases.len());
        if !same {
            self.inputs = like.inputs;
            self.standardization = None;
            self.layers = like
                .layers
                .iter()
                .map(|l| DynDense::zeroed(l.inputs, l.biases.len(), Activation::Identity))
                .collect();
        }
    }

    fn new_scratch() -> DynScratch {
        DynScratch::default()
    }

    fn conform_scratch(&self, scratch: &mut DynScratch) {
        let outputs = self.outputs();
        if scratch.io.x.len() != self.inputs || scratch.io.z.len() != outputs {
            scratch.io = DynIo {
                x: vec![0.0; self.inputs],
                x_blk: vec![ZERO; GROUP * self.inputs],
                y_blk: vec![ZERO; GROUP * outputs],
                z: vec![0.0; outputs],
                z_blk: vec![ZERO; GROUP * outputs],
                loss_blk: vec![ZERO; GROUP],
            };
        }
        let wanted: Vec<DynLayerScratch> = self
            .layers
            .iter()
            .map(|l| DynLayerScratch::new(l.inputs, l.biases.len()))
            .collect();
        let fits = scratch.layers.len() == wanted.len()
            && scratch
                .layers
                .iter()
                .zip(&wanted)
                .all(|(a, b)| a.gw.len() == b.gw.len() && a.out.len() == b.out.len());
        if !fits {
            scratch.layers = wanted;
        }
    }

    fn fits(&self, x: &Vec<f32>, y: &Vec<f32>) -> bool {
        x.len() == self.inputs && y.len() == self.outputs()
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

    fn backprop_one(
        &self,
        loss: Loss,
        x: &Vec<f32>,
        y: &Vec<f32>,
        scratch: &mut DynScratch,
        grads: &mut Self,
    ) -> f32 {
        super::backprop_one(self, loss, x, y, scratch, grads)
    }

    fn standardization(&self) -> Option<(&[f32], &[f32])> {
        self.standardization.as_ref().map(|(m, s)| (&m[..], &s[..]))
    }

    /// Output for one input; a wrong-length input gives a wrong-length output (use the
    /// inherent [`DynMlp::predict`] to get an error instead).
    fn predict(&self, x: &Vec<f32>) -> Vec<f32> {
        self.predict_with_logits(x)
            .map(|(a, _)| a)
            .unwrap_or_default()
    }

    fn predict_with_logits(&self, x: &Vec<f32>) -> (Vec<f32>, Vec<f32>) {
        DynMlp::predict_with_logits(self, x).unwrap_or_default()
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
}
