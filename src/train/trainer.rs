//! The trainer: backpropagation, batching and the optimizer, with every check that keeps a
//! bad value out of the network.

use core::ops::ControlFlow;

use super::{Batch, Batched, Batching, Online, Progress, Schedule, Summary};
use crate::data::{Dataset, Permutation, Sample, Stored};
use crate::error::{Error, Result};
use crate::kernel::finite;
use crate::kernel::group::{GROUP, Partials};
use crate::kernel::lanes::{self, LANES, Lanes, ZERO, reduce};
use crate::kernel::rows::RowsExt;
use crate::loss::Loss;
use crate::net::{self, Network};
use crate::optim::Optimizer;
use crate::rng::Rng;

/// Trains networks of type `N` with optimizer `O` on a [`Loss`].
///
/// The trainer owns everything training needs besides the network: gradients, the
/// optimizer's state and working memory, all sized by `N`'s type. Its size,
/// `core::mem::size_of::<Trainer<N, O>>()`, is therefore the RAM cost of training, known at
/// compile time (an online step also puts a few values on the stack: two per unit, the input
/// and the output layer's pre-activations).
///
/// Nothing it does can leave a non-finite value in the network: inputs and targets are
/// checked, and an update whose loss or new parameters are not all finite is undone or never
/// made (plain SGD updates in place and puts back the old values; the other optimizers
/// compute the update aside and copy it in).
///
/// # Examples
///
/// The classic XOR problem:
///
/// ```
/// use core::ops::ControlFlow;
/// use tinymlp::{Activation::*, Adam, Dataset, Loss, Mlp2, Rng, Schedule, Trainer};
///
/// let xs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let ys = [[0.0], [1.0], [1.0], [0.0]];
/// let data = Dataset::new(&xs, &ys)?;
///
/// let mut net = Mlp2::<2, 4, 1>::new([Tanh, Sigmoid], &mut Rng::new(1));
/// let mut trainer = Trainer::new(Adam::new(0.05)?, Loss::BinaryCrossEntropy);
/// let summary = trainer.fit(&mut net, &data, &Schedule::epochs(2000).stop_at_loss(0.01), |_| {
///     ControlFlow::Continue(())
/// })?;
/// assert!(summary.reached_target);
/// for (x, y) in xs.iter().zip(&ys) {
///     assert_eq!(net.classify(x), y[0] as usize);
/// }
/// # Ok::<(), tinymlp::Error>(())
/// ```
pub struct Trainer<N: Network, O: Optimizer, B: Batching = Batched> {
    optimizer: O,
    loss: Loss,
    state: O::State<N>,
    grads: N,
    scratch: B::Scratch<N>,
}

impl<N: Network, O: Optimizer> Trainer<N, O> {
    /// A trainer minimizing `loss` with `optimizer`, on single samples or batches.
    pub fn new(optimizer: O, loss: Loss) -> Self {
        Self::with_batching(optimizer, loss)
    }
}

impl<N: Network, O: Optimizer> Trainer<N, O, Online> {
    /// A trainer minimizing `loss` with `optimizer` one sample at a time only, with no
    /// working memory for batches (see [`Online`]): it holds the gradients' storage, the
    /// optimizer and its state, nothing more.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::{Activation::*, Batch, Dataset, Loss, Mlp2, Online, Rng, Schedule};
    /// use tinymlp::{Error, Sgd, Trainer};
    ///
    /// type Net = Mlp2<2, 2, 1>;
    /// let mut trainer: Trainer<Net, Sgd, Online> =
    ///     Trainer::online(Sgd::new(0.5)?, Loss::BinaryCrossEntropy);
    /// assert!(size_of_val(&trainer) < size_of::<Trainer<Net, Sgd>>() / 10);
    ///
    /// let mut net = Net::new([Sigmoid, Sigmoid], &mut Rng::new(0));
    /// trainer.learn(&mut net, &[1.0, 1.0], &[1.0])?;
    ///
    /// let (xs, ys) = ([[0.0, 1.0]], [[1.0]]);
    /// let data = Dataset::new(&xs, &ys)?;
    /// let full = Schedule::epochs(1).batch(Batch::Full);
    /// let err = trainer.fit(&mut net, &data, &full, |_| core::ops::ControlFlow::Continue(()));
    /// assert_eq!(err, Err(Error::InvalidHyperparameter { name: "batch" }));
    /// # Ok::<(), tinymlp::Error>(())
    /// ```
    pub fn online(optimizer: O, loss: Loss) -> Self {
        Self::with_batching(optimizer, loss)
    }
}

impl<N: Network, O: Optimizer, B: Batching> Trainer<N, O, B> {
    fn with_batching(optimizer: O, loss: Loss) -> Self {
        Trainer {
            state: optimizer.init(),
            optimizer,
            loss,
            grads: N::zeroed(),
            scratch: B::new_scratch::<N>(),
        }
    }

    /// The loss being minimized.
    pub fn loss(&self) -> Loss {
        self.loss
    }

    /// The optimizer.
    pub fn optimizer(&self) -> &O {
        &self.optimizer
    }

    /// The optimizer's state (moments), e.g. to inspect or save it.
    pub fn optimizer_state(&self) -> &O::State<N> {
        &self.state
    }

    /// Forgets the optimizer's state (momentum, Adam moments), as before the first step.
    pub fn reset(&mut self) {
        self.state = self.optimizer.init();
    }

    /// One online update from a single sample; returns that sample's loss (measured before
    /// the update).
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteInput`] / [`Error::NonFiniteTarget`] / [`Error::InvalidTarget`]
    /// (with `sample: 0`) for a bad sample, [`Error::LossActivationMismatch`], or
    /// [`Error::Diverged`] (with `epoch: 0`) if the update would make the network
    /// non-finite. In every case `net` is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::{Activation::*, Loss, Mlp2, Rng, Sgd, Trainer};
    ///
    /// let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(0));
    /// let mut trainer = Trainer::new(Sgd::new(0.5)?, Loss::BinaryCrossEntropy);
    /// let first = trainer.step(&mut net, &[1.0, 1.0], &[1.0])?;
    /// for _ in 0..50 {
    ///     trainer.step(&mut net, &[1.0, 1.0], &[1.0])?;
    /// }
    /// assert!(trainer.step(&mut net, &[1.0, 1.0], &[1.0])? < first);
    /// # Ok::<(), tinymlp::Error>(())
    /// ```
    pub fn step(&mut self, net: &mut N, x: &N::Input, y: &N::Output) -> Result<f32> {
        self.checked_step(net, x, y, true)
    }

    /// One online update from a single sample, as [`step`](Self::step) makes it, without
    /// measuring the sample's loss: for a device that learns from each sample as it comes and
    /// has no use for the loss, whose evaluation (a logarithm and an exponential for the
    /// cross-entropies) would cost as much as a layer.
    ///
    /// # Errors
    ///
    /// As [`step`](Self::step), except that with no loss to measure, [`Error::Diverged`]
    /// means that the update would have made a parameter non-finite. In every case `net` is
    /// unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::{Activation::*, Loss, Mlp2, Parameters, Rng, Sgd, Trainer};
    ///
    /// let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(0));
    /// let mut twin = net.clone();
    /// let mut trainer = Trainer::new(Sgd::new(0.5)?, Loss::BinaryCrossEntropy);
    /// trainer.learn(&mut net, &[1.0, 1.0], &[1.0])?;
    /// trainer.step(&mut twin, &[1.0, 1.0], &[1.0])?;
    /// assert_eq!(net.digest(), twin.digest()); // the same update
    /// assert!(trainer.learn(&mut net, &[f32::NAN, 1.0], &[1.0]).is_err());
    /// # Ok::<(), tinymlp::Error>(())
    /// ```
    pub fn learn(&mut self, net: &mut N, x: &N::Input, y: &N::Output) -> Result<()> {
        self.checked_step(net, x, y, false).map(|_| ())
    }

    /// [`step`](Self::step), measuring the loss or not.
    #[inline]
    fn checked_step(
        &mut self,
        net: &mut N,
        x: &N::Input,
        y: &N::Output,
        measure: bool,
    ) -> Result<f32> {
        self.check(net)?;
        check_sample(self.loss, x, y, 0)?;
        if !net.fits(x.as_ref(), y.as_ref()) {
            return Err(Error::SampleLength { sample: 0 });
        }
        self.update_one(net, x, y, measure, 0)
    }

    /// One online update from a checked sample; returns its loss if `measure` (else 0).
    #[inline]
    fn update_one(
        &mut self,
        net: &mut N,
        x: &N::Input,
        y: &N::Output,
        measure: bool,
        epoch: usize,
    ) -> Result<f32> {
        let Some(lr) = self.optimizer.plain_rate() else {
            let loss = self.backprop_one(net, x, y, measure);
            self.commit(net, loss, epoch)?;
            return Ok(loss);
        };
        let (x, y) = (x.as_ref(), y.as_ref());
        let (loss, taken) = net.sgd_one(
            self.loss,
            x,
            y,
            lr,
            B::one::<N>(&mut self.scratch),
            &mut self.grads,
            measure,
        );
        if taken {
            Ok(loss)
        } else {
            Err(Error::Diverged { epoch })
        }
    }

    /// One gradient-descent update from the mean gradient over all of `data`; returns the
    /// mean loss (measured before the update).
    ///
    /// # Errors
    ///
    /// As [`step`](Self::step), with the index of the first bad sample.
    pub fn step_batch(
        &mut self,
        net: &mut N,
        data: &Dataset<'_, N::Input, N::Output>,
    ) -> Result<f32> {
        self.check(net)?;
        self.check_targets(net, data)?;
        let order = Permutation::identity(data.len());
        let sum = self.backprop_batch(net, data, &order, 0, data.len())?;
        let mean = sum / data.len() as f32;
        self.commit(net, mean, 0)?;
        Ok(mean)
    }

    /// The mean gradient of the loss over `data` with respect to every parameter of `net`,
    /// computed exactly as [`step_batch`](Self::step_batch) computes it, without updating
    /// anything; returns the mean loss and the gradient (a network-shaped value).
    ///
    /// # Errors
    ///
    /// [`Error::LossActivationMismatch`] or [`Error::InvalidTarget`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::{Activation::*, Dataset, Loss, Mlp1, Network, Sgd, Trainer};
    ///
    /// // One linear unit, squared error: dL/dw = 2·(w·x − y)·x.
    /// let mut net = Mlp1::<1, 1>::zeroed([Identity]);
    /// net.layers.0.weights = [[3.0]];
    /// let (xs, ys) = ([[2.0]], [[1.0]]);
    /// let mut trainer = Trainer::new(Sgd::new(0.1)?, Loss::MeanSquaredError);
    /// let (loss, grad) = trainer.gradient(&net, &Dataset::new(&xs, &ys)?)?;
    /// assert_eq!(loss, 25.0);
    /// assert_eq!(grad.layers.0.weights, [[20.0]]);
    /// # Ok::<(), tinymlp::Error>(())
    /// ```
    pub fn gradient(
        &mut self,
        net: &N,
        data: &Dataset<'_, N::Input, N::Output>,
    ) -> Result<(f32, &N)> {
        self.check(net)?;
        self.check_targets(net, data)?;
        let order = Permutation::identity(data.len());
        let sum = self.backprop_batch(net, data, &order, 0, data.len())?;
        Ok((sum / data.len() as f32, &self.grads))
    }

    /// The gradient of one sample's loss, computed exactly as [`step`](Self::step) computes
    /// it (the one-sample code path), without updating anything.
    ///
    /// # Errors
    ///
    /// As [`step`](Self::step).
    pub fn gradient_one(&mut self, net: &N, x: &N::Input, y: &N::Output) -> Result<(f32, &N)> {
        self.check(net)?;
        check_sample(self.loss, x, y, 0)?;
        if !net.fits(x.as_ref(), y.as_ref()) {
            return Err(Error::SampleLength { sample: 0 });
        }
        let loss = self.backprop_one(net, x, y, true);
        Ok((loss, &self.grads))
    }

    /// Trains `net` on `data` as planned by `schedule`, calling `on_epoch` after every epoch
    /// (return [`ControlFlow::Break`] to stop). The library never prints: report progress
    /// from the callback.
    ///
    /// # Errors
    ///
    /// [`Error::LossActivationMismatch`], [`Error::InvalidTarget`] for a target the loss
    /// does not accept, [`Error::InvalidHyperparameter`] for a mini-batch size of 0 or a
    /// non-finite `stop_at_loss`, or [`Error::Diverged`] if an update would have made the
    /// network non-finite; the network then holds the weights of the last good update (the
    /// optimizer's state is reset).
    pub fn fit(
        &mut self,
        net: &mut N,
        data: &Dataset<'_, N::Input, N::Output>,
        schedule: &Schedule,
        mut on_epoch: impl FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Summary> {
        self.check(net)?;
        self.check_targets(net, data)?;
        if schedule.batch == Batch::Mini(0) {
            return Err(Error::InvalidHyperparameter { name: "batch_size" });
        }
        if schedule.batch != Batch::Online && B::batches::<N>(&mut self.scratch).is_none() {
            return Err(Error::InvalidHyperparameter { name: "batch" });
        }
        if schedule.stop_at_loss.is_some_and(|l| l.is_nan()) {
            return Err(Error::InvalidHyperparameter {
                name: "stop_at_loss",
            });
        }
        let n = data.len();
        let mut shuffler = schedule.shuffle.map(Rng::new);
        let mut summary = Summary {
            epochs: 0,
            loss: f32::NAN,
            reached_target: false,
        };
        for epoch in 0..schedule.epochs {
            let order = match (&mut shuffler, schedule.batch) {
                (Some(rng), Batch::Mini(_) | Batch::Online) => Permutation::new(n, rng),
                _ => Permutation::identity(n),
            };
            let mut sum = 0.0f32;
            match schedule.batch {
                Batch::Online => {
                    for k in 0..n {
                        let Some((x, y)) = data.get(order.get(k)) else {
                            continue;
                        };
                        sum += self.update_one(net, x, y, true, epoch)?;
                    }
                }
                Batch::Full => {
                    let s = self.backprop_batch(net, data, &order, 0, n)?;
                    self.commit(net, s / n as f32, epoch)?;
                    sum = s;
                }
                Batch::Mini(size) => {
                    let mut start = 0;
                    while start < n {
                        let end = n.min(start.saturating_add(size));
                        let s = self.backprop_batch(net, data, &order, start, end)?;
                        self.commit(net, s / (end - start) as f32, epoch)?;
                        sum += s;
                        start = end;
                    }
                }
            }
            let loss = sum / n as f32;
            summary = Summary {
                epochs: epoch + 1,
                loss,
                reached_target: false,
            };
            let stop = on_epoch(Progress { epoch, loss }).is_break();
            if schedule.stop_at_loss.is_some_and(|target| loss <= target) {
                summary.reached_target = true;
                break;
            }
            if stop {
                break;
            }
        }
        Ok(summary)
    }

    /// Checks the loss against `net` and shapes the trainer's buffers like `net` (a no-op for
    /// the const-generic networks).
    fn check(&mut self, net: &N) -> Result<()> {
        self.loss.check_output(net.output_activation())?;
        self.grads.conform(net)?;
        self.optimizer.conform(&mut self.state, net)?;
        B::conform(net, &mut self.scratch)
    }

    fn check_targets(&self, net: &N, data: &Dataset<'_, N::Input, N::Output>) -> Result<()> {
        // Always true for the const-generic networks, so this loop compiles away for them.
        let unfit = data
            .inputs()
            .iter()
            .zip(data.targets())
            .position(|(x, y)| !net.fits(x.as_ref(), y.as_ref()));
        if let Some(sample) = unfit {
            return Err(Error::SampleLength { sample });
        }
        if self.loss.accepts_targets(data.targets()) {
            return Ok(());
        }
        match data
            .targets()
            .iter()
            .position(|y| !self.loss.accepts_target(y.as_ref()))
        {
            Some(sample) => Err(Error::InvalidTarget { sample }),
            None => Ok(()),
        }
    }

    /// Forward and backward pass of one sample; gradients into `self.grads`, returns the
    /// sample's loss if `measure` (else 0).
    #[inline]
    fn backprop_one(&mut self, net: &N, x: &N::Input, y: &N::Output, measure: bool) -> f32 {
        net.backprop_one(
            self.loss,
            x.as_ref(),
            y.as_ref(),
            B::one::<N>(&mut self.scratch),
            &mut self.grads,
            measure,
        )
    }

    /// Forward and backward passes of the samples `order[start..end]` in lane blocks; mean
    /// gradients into `self.grads`, returns the sum of the samples' losses.
    fn backprop_batch(
        &mut self,
        net: &N,
        data: &Dataset<'_, N::Input, N::Output>,
        order: &Permutation,
        start: usize,
        end: usize,
    ) -> Result<f32> {
        let Some(scratch) = B::batches::<N>(&mut self.scratch) else {
            return Err(Error::InvalidHyperparameter { name: "batch" });
        };
        const SPAN: usize = GROUP * LANES;
        let fused = net::fuses_output(self.loss, net.output_activation());
        let n = end - start;
        let groups = n.div_ceil(SPAN);
        let mut loss_lanes: Lanes = ZERO;
        for g in 0..groups {
            let first = start + g * SPAN;
            let count = SPAN.min(end - first);
            let blocks = count.div_ceil(LANES);
            let valid = count - (blocks - 1) * LANES;
            let (io, _) = N::split_scratch(scratch);
            gather(net, data, order, first, count, io.x_blk, io.y_blk);

            let (io, bufs) = N::split_scratch(scratch);
            net::forward_group(net.layers(), io, bufs, blocks, fused);

            let (io, bufs) = N::split_scratch(scratch);
            if let (Some(output), Some(last)) = (net.layers().last(), bufs.last()) {
                net::output_delta_group(self.loss, output, io, last, blocks, valid);
            }
            let (io, bufs) = N::split_scratch(scratch);
            // Whole blocks: the padding lanes of the last one hold +0, and adding +0 changes
            // no sum (a sum that starts at +0 is never −0 when rounding to nearest).
            for block in io.loss_blk.iter().take(blocks) {
                for (acc, l) in loss_lanes.iter_mut().zip(block) {
                    *acc += l;
                }
            }
            let mode = match (g == 0, g + 1 == groups) {
                (true, true) => Partials::Only,
                (true, false) => Partials::Start,
                (false, false) => Partials::Continue,
                (false, true) => Partials::Finish,
            };
            net::backward_group(
                net.layers(),
                io.x_blk,
                bufs,
                self.grads.layers_mut(),
                blocks,
                mode,
            );
        }
        net::divide_gradients(self.grads.layers_mut(), n as f32);
        Ok(reduce(&loss_lanes))
    }

    /// Applies the gradients in `self.grads` to `net` through the optimizer, unless the loss,
    /// a gradient or a new parameter is not finite.
    #[inline]
    fn commit(&mut self, net: &mut N, loss: f32, epoch: usize) -> Result<()> {
        if !loss.is_finite() {
            self.reset();
            return Err(Error::Diverged { epoch });
        }
        // A non-finite gradient makes its new parameter non-finite (p − η·∞, p − η·NaN, and
        // Adam's ∞/∞), so the optimizer's check of the new parameters covers the gradients.
        if !self.optimizer.update(&mut self.state, net, &mut self.grads) {
            self.reset();
            return Err(Error::Diverged { epoch });
        }
        Ok(())
    }
}

/// Checks one sample for [`Trainer::step`].
fn check_sample<X: Sample + ?Sized, Y: Sample + ?Sized>(
    loss: Loss,
    x: &X,
    y: &Y,
    sample: usize,
) -> Result<()> {
    if !finite::all_finite(x.as_ref()) {
        return Err(Error::NonFiniteInput { sample });
    }
    if !finite::all_finite(y.as_ref()) {
        return Err(Error::NonFiniteTarget { sample });
    }
    if !loss.accepts_target(y.as_ref()) {
        return Err(Error::InvalidTarget { sample });
    }
    Ok(())
}

/// Loads samples `order[first..first + count]` into consecutive lane blocks (inputs
/// standardized); lanes beyond `count` in the last block are zero.
fn gather<N: Network>(
    net: &N,
    data: &Dataset<'_, N::Input, N::Output>,
    order: &Permutation,
    first: usize,
    count: usize,
    x_blk: &mut [Lanes],
    y_blk: &mut [Lanes],
) {
    let (ni, no) = (net.inputs(), net.outputs());
    let blocks = count.div_ceil(LANES);
    x_blk.iter_mut().take(blocks * ni).for_each(|b| *b = ZERO);
    y_blk.iter_mut().take(blocks * no).for_each(|b| *b = ZERO);
    if ni == 0 || no == 0 {
        return;
    }
    let std = net.standardization();
    if order.is_identity() && std.is_none() {
        // Data order, raw inputs: transpose straight from the caller's slices.
        let end = first.saturating_add(count);
        let (Some(xs), Some(ys)) = (
            data.inputs().range(first, end),
            data.targets().range(first, end),
        ) else {
            return;
        };
        let pairs = x_blk.rows_mut(ni).zip(y_blk.rows_mut(no));
        for (b, (xb, yb)) in pairs.take(blocks).enumerate() {
            let start = b * LANES;
            let stop = count.min(start + LANES);
            let (Some(x), Some(y)) = (xs.range(start, stop), ys.range(start, stop)) else {
                break;
            };
            N::Input::to_lanes(x.store(), xb);
            N::Output::to_lanes(y.store(), yb);
        }
        return;
    }
    let blocks = x_blk.rows_mut(ni).zip(y_blk.rows_mut(no));
    for (b, (xb, yb)) in blocks.take(blocks_of(count)).enumerate() {
        for lane in 0..LANES.min(count - b * LANES) {
            let Some((raw, y)) = data.get(order.get(first + b * LANES + lane)) else {
                continue;
            };
            net::standardize_lane(std, raw.as_ref(), xb, lane);
            lanes::scatter(y.as_ref(), yb, lane);
        }
    }
}

fn blocks_of(count: usize) -> usize {
    count.div_ceil(LANES)
}
