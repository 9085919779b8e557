//! `--plot`: an SVG with the loss curve and, for two inputs, the decision boundary.
//!
//! Hand-written SVG (no dependency): one panel with the mean training loss of every epoch,
//! and for networks with two inputs a second panel with the model's prediction on a grid
//! over the data (class regions, or a colour scale for regression) and the data points
//! (filled: training part, hollow: test part).

use std::fmt::Write;

use tinymlp::net::DynMlp;

use crate::data::Samples;
use crate::model::class_of;
use crate::task::Task;

pub struct Plot<'a> {
    pub net: &'a DynMlp,
    pub task: Task,
    pub curve: &'a [f32],
    pub loss_name: &'a str,
    pub input_names: &'a [String],
    pub train: &'a Samples,
    pub test: &'a Samples,
}

/// Matplotlib's "tab10" colours, one per class (repeating after ten).
const PALETTE: [&str; 10] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
];

const PANEL: f64 = 440.0;
const HEIGHT: f64 = 420.0;
const MARGIN: (f64, f64, f64, f64) = (60.0, 20.0, 40.0, 50.0); // left, right, top, bottom
const GRID: usize = 120;

/// The SVG document.
///
/// # Errors
///
/// The network's error, if it cannot predict a point of the grid.
pub fn svg(p: &Plot<'_>) -> tinymlp::Result<String> {
    let two_d = p.net.sizes().first() == Some(&2);
    let width = if two_d { 2.0 * PANEL } else { PANEL };
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        s,
        r#"<rect width="{width}" height="{HEIGHT}" fill="white"/>"#
    );
    loss_panel(&mut s, p);
    if two_d {
        boundary_panel(&mut s, p, PANEL)?;
    }
    s.push_str("</svg>\n");
    Ok(s)
}

/// Maps data coordinates to a panel's pixels.
struct Frame {
    x0: f64,
    y0: f64,
    w: f64,
    h: f64,
    x: (f64, f64),
    y: (f64, f64),
}

impl Frame {
    fn new(left: f64, x: (f64, f64), y: (f64, f64)) -> Self {
        Frame {
            x0: left + MARGIN.0,
            y0: MARGIN.2,
            w: PANEL - MARGIN.0 - MARGIN.1,
            h: HEIGHT - MARGIN.2 - MARGIN.3,
            x,
            y,
        }
    }
    fn px(&self, v: f64) -> f64 {
        self.x0 + (v - self.x.0) / (self.x.1 - self.x.0) * self.w
    }
    fn py(&self, v: f64) -> f64 {
        self.y0 + self.h - (v - self.y.0) / (self.y.1 - self.y.0) * self.h
    }

    /// Frame, ticks, labels and title. `fmt_y` prints a y tick (for the log scale).
    fn axes(
        &self,
        s: &mut String,
        title: &str,
        x_label: &str,
        y_label: &str,
        y_ticks: &[(f64, String)],
    ) {
        let (x0, y0, w, h) = (self.x0, self.y0, self.w, self.h);
        let _ = writeln!(
            s,
            r##"<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#333"/>"##
        );
        for t in ticks(self.x.0, self.x.1) {
            let x = self.px(t);
            let _ = writeln!(
                s,
                r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#333"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
                y0 + h,
                y0 + h + 5.0,
                y0 + h + 18.0,
                tick_text(t)
            );
        }
        for (t, label) in y_ticks {
            let y = self.py(*t);
            let _ = writeln!(
                s,
                r##"<line x1="{:.1}" y1="{y:.1}" x2="{x0}" y2="{y:.1}" stroke="#333"/><text x="{:.1}" y="{:.1}" text-anchor="end">{label}</text>"##,
                x0 - 5.0,
                x0 - 8.0,
                y + 4.0
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x0 + w / 2.0,
            y0 + h + 36.0,
            esc(x_label)
        );
        let _ = writeln!(
            s,
            r#"<text transform="translate({:.1},{:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
            x0 - 45.0,
            y0 + h / 2.0,
            esc(y_label)
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="14">{}</text>"#,
            x0 + w / 2.0,
            y0 - 14.0,
            esc(title)
        );
    }
}

fn loss_panel(s: &mut String, p: &Plot<'_>) {
    let finite: Vec<(usize, f64)> = p
        .curve
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_finite())
        .map(|(k, &l)| (k + 1, f64::from(l)))
        .collect();
    let lo = finite.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = finite.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    // A log scale when the loss spans decades (and is positive, which a loss is).
    let log = lo > 0.0 && hi / lo > 30.0;
    let tr = |v: f64| if log { v.log10() } else { v };
    let (y_lo, y_hi) = if finite.is_empty() {
        (0.0, 1.0)
    } else {
        pad(tr(lo), tr(hi))
    };
    let epochs = p.curve.len().max(2) as f64;
    let f = Frame::new(0.0, (1.0, epochs), (y_lo, y_hi));
    let y_ticks: Vec<(f64, String)> = if log {
        (y_lo.ceil() as i32..=y_hi.floor() as i32)
            .map(|e| (f64::from(e), format!("1e{e}")))
            .collect()
    } else {
        ticks(y_lo, y_hi)
            .into_iter()
            .map(|t| (t, tick_text(t)))
            .collect()
    };
    let title = format!("training loss ({})", p.loss_name);
    let y_label = if log { "loss (log scale)" } else { "loss" };
    f.axes(s, &title, "epoch", y_label, &y_ticks);
    // At most ~1000 vertices: a long run's curve needs no more on 360 pixels.
    let step = (finite.len() / 1000).max(1);
    let mut points = String::new();
    for (k, (e, l)) in finite.iter().enumerate() {
        if k % step == 0 || k + 1 == finite.len() {
            let _ = write!(points, "{:.1},{:.1} ", f.px(*e as f64), f.py(tr(*l)));
        }
    }
    let _ = writeln!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>"##,
        points.trim_end()
    );
}

fn boundary_panel(s: &mut String, p: &Plot<'_>, left: f64) -> tinymlp::Result<()> {
    let all = || p.train.inputs().chain(p.test.inputs());
    let range = |k: usize| {
        let lo = all()
            .filter_map(|x| x.get(k))
            .fold(f64::INFINITY, |m, &v| m.min(f64::from(v)));
        let hi = all()
            .filter_map(|x| x.get(k))
            .fold(f64::NEG_INFINITY, |m, &v| m.max(f64::from(v)));
        pad(lo, hi)
    };
    let f = Frame::new(left, range(0), range(1));
    let targets = || {
        p.train
            .targets()
            .chain(p.test.targets())
            .filter_map(|y| y.first())
    };
    let t_lo = targets().fold(f32::INFINITY, |m, &v| m.min(v));
    let t_hi = targets().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let colour = |out: &[f32]| -> String {
        match p.task {
            Task::Binary | Task::Classes(_) => PALETTE[class_of(out) % PALETTE.len()].to_string(),
            Task::Regression(_) => {
                // Quantized to 24 levels so that runs of equal colour merge.
                let v = out.first().copied().unwrap_or(0.0);
                let t = ((v - t_lo) / (t_hi - t_lo)).clamp(0.0, 1.0);
                cool_warm((t * 23.0).round() / 23.0)
            }
        }
    };
    // The grid, one rectangle per run of equal colour in a row.
    let (cw, ch) = (f.w / GRID as f64, f.h / GRID as f64);
    let _ = writeln!(s, r#"<g opacity="0.35" shape-rendering="crispEdges">"#);
    for j in 0..GRID {
        let y = f.y.1 - (j as f64 + 0.5) / GRID as f64 * (f.y.1 - f.y.0);
        let mut run: Option<(usize, String)> = None;
        for i in 0..=GRID {
            let c = if i < GRID {
                let x = f.x.0 + (i as f64 + 0.5) / GRID as f64 * (f.x.1 - f.x.0);
                Some(colour(&p.net.predict(&[x as f32, y as f32])?))
            } else {
                None
            };
            let same = matches!((&run, &c), (Some((_, a)), Some(b)) if a == b);
            if !same {
                if let Some((start, col)) = run.take() {
                    let _ = writeln!(
                        s,
                        r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{col}"/>"#,
                        f.x0 + start as f64 * cw,
                        f.y0 + j as f64 * ch,
                        (i - start) as f64 * cw + 0.05,
                        ch + 0.05
                    );
                }
                run = c.map(|c| (i, c));
            }
        }
    }
    s.push_str("</g>\n");
    // The data: training rows filled, test rows hollow.
    for (samples, hollow) in [(p.train, false), (p.test, true)] {
        for (x, y) in samples.inputs().zip(samples.targets()) {
            let c = colour(y);
            let (cx, cy) = (
                f.px(f64::from(x.first().copied().unwrap_or(0.0))),
                f.py(f64::from(x.get(1).copied().unwrap_or(0.0))),
            );
            let (fill, stroke) = if hollow {
                ("white".to_string(), c)
            } else {
                (c, "white".to_string())
            };
            let _ = writeln!(
                s,
                r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="3.2" fill="{fill}" stroke="{stroke}" stroke-width="1.2"/>"#
            );
        }
    }
    let name = |k: usize| p.input_names.get(k).map_or("", String::as_str);
    let title = match p.task {
        Task::Regression(_) => "prediction (filled: train, hollow: test)",
        Task::Binary | Task::Classes(_) => "decision regions (filled: train, hollow: test)",
    };
    let no_ticks: Vec<(f64, String)> = ticks(f.y.0, f.y.1)
        .into_iter()
        .map(|t| (t, tick_text(t)))
        .collect();
    f.axes(s, title, name(0), name(1), &no_ticks);
    Ok(())
}

/// Blue → white → red, for `t` in [0, 1].
fn cool_warm(t: f32) -> String {
    let (a, b, u) = if t < 0.5 {
        ([59.0, 76.0, 192.0], [240.0, 240.0, 240.0], t * 2.0)
    } else {
        ([240.0, 240.0, 240.0], [180.0, 4.0, 38.0], t * 2.0 - 1.0)
    };
    let c: Vec<u8> = (0..3)
        .map(|k| (a[k] + (b[k] - a[k]) * u).round() as u8)
        .collect();
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// A range with 5 % of room on both sides (or ±1 around a single value).
fn pad(lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-12 {
        return (lo - 1.0, hi + 1.0);
    }
    let m = 0.05 * (hi - lo);
    (lo - m, hi + m)
}

/// About five round tick values (1, 2 or 5 times a power of ten apart) within `lo..=hi`.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let raw = (hi - lo) / 5.0;
    if !(raw.is_finite() && raw > 0.0) {
        return Vec::new();
    }
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

fn tick_text(t: f64) -> String {
    let r = (t * 1e6).round() / 1e6;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

/// Escapes text for SVG.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_inside() {
        assert_eq!(
            ticks(0.0, 1.0),
            [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(ticks(1.0, 500.0), [100.0, 200.0, 300.0, 400.0, 500.0]);
        assert!(ticks(1.0, 1.0).is_empty());
        assert_eq!(tick_text(0.6000000000000001), "0.6");
    }

    #[test]
    fn colours() {
        assert_eq!(cool_warm(0.0), "#3b4cc0");
        assert_eq!(cool_warm(0.5), "#f0f0f0");
        assert_eq!(cool_warm(1.0), "#b40426");
    }
}
