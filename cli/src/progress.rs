//! A progress bar on stderr, drawn only when stderr is a terminal (never into logs or pipes).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Bar {
    total: usize,
    enabled: bool,
    start: Instant,
    last: Option<Instant>,
}

impl Bar {
    pub fn new(total: usize) -> Self {
        Bar {
            total,
            enabled: std::io::stderr().is_terminal(),
            start: Instant::now(),
            last: None,
        }
    }

    /// Redraws after epoch `done` (1-based) with its loss, at most ten times a second.
    pub fn update(&mut self, done: usize, loss: f32) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let due = self
            .last
            .is_none_or(|t| now.duration_since(t) >= Duration::from_millis(100));
        if !due && done < self.total {
            return;
        }
        self.last = Some(now);
        const WIDTH: usize = 30;
        let filled = WIDTH * done / self.total.max(1);
        let elapsed = self.start.elapsed().as_secs_f64();
        let eta = elapsed / done.max(1) as f64 * (self.total - done.min(self.total)) as f64;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2Ktraining [{}{}] epoch {done}/{} loss {} eta {eta:.0} s",
            "#".repeat(filled),
            "-".repeat(WIDTH - filled),
            self.total,
            crate::output::sig(loss),
        );
        let _ = err.flush();
    }

    /// Erases the bar.
    pub fn finish(&self) {
        if self.enabled && self.last.is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
