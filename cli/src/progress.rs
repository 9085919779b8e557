//! The training progress bar: on stderr, drawn only when stderr is a terminal (indicatif
//! hides it otherwise, so logs and pipes stay clean), erased when training ends.

use indicatif::{ProgressBar, ProgressStyle};

use crate::report::sig;

/// A bar over `epochs` epochs.
pub fn bar(epochs: usize) -> ProgressBar {
    let bar = ProgressBar::new(epochs as u64);
    let style =
        ProgressStyle::with_template("training [{bar:30}] epoch {pos}/{len} loss {msg} eta {eta}")
            .map(|s| s.progress_chars("#>-"));
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}

/// Shows that epoch `done` (1-based) ended with this loss.
pub fn update(bar: &ProgressBar, done: usize, loss: f32) {
    bar.set_position(done as u64);
    bar.set_message(sig(loss));
}
