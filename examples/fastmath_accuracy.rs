//! Measures the branch-free functions of `tinymlp::math` over every `f32` input (all 2³² bit
//! patterns) against `libm` and against the exact value (`f64`), and prints the table that is
//! in the docs of `tinymlp::math`.
//!
//! Run: `cargo run --release --example fastmath_accuracy` (a few minutes on two cores).

use std::thread;

use tinymlp::math;

/// Position of a float in the ordered sequence of all floats (−0 and +0 adjacent).
fn key(v: f32) -> i64 {
    let b = v.to_bits() as i32;
    i64::from(if b < 0 { i32::MIN.wrapping_sub(b) } else { b })
}

fn ulps(a: f32, b: f32) -> u64 {
    if a.is_nan() || b.is_nan() {
        return if a.is_nan() && b.is_nan() {
            0
        } else {
            u64::MAX
        };
    }
    key(a).abs_diff(key(b))
}

#[derive(Clone, Copy, Default)]
struct Stats {
    inputs: u64,
    vs_libm: u64,
    vs_exact: u64,
    rel: f64,
    differ_from_libm: u64,
    worst_libm: f32,
    worst_exact: f32,
}

impl Stats {
    fn add(&mut self, x: f32, fast: f32, libm: f32, exact: f64) {
        self.inputs += 1;
        let dl = ulps(fast, libm);
        if dl > 0 {
            self.differ_from_libm += 1;
        }
        if dl > self.vs_libm {
            self.vs_libm = dl;
            self.worst_libm = x;
        }
        let de = ulps(fast, exact as f32);
        if de > self.vs_exact {
            self.vs_exact = de;
            self.worst_exact = x;
        }
        let e = exact.abs();
        if e >= f32::MIN_POSITIVE as f64 && e <= f32::MAX as f64 {
            self.rel = self.rel.max(((fast as f64 - exact) / exact).abs());
        }
    }

    fn merge(&mut self, o: &Stats) {
        self.inputs += o.inputs;
        self.differ_from_libm += o.differ_from_libm;
        if o.vs_libm > self.vs_libm {
            self.vs_libm = o.vs_libm;
            self.worst_libm = o.worst_libm;
        }
        if o.vs_exact > self.vs_exact {
            self.vs_exact = o.vs_exact;
            self.worst_exact = o.worst_exact;
        }
        self.rel = self.rel.max(o.rel);
    }
}

type Case = (
    &'static str,
    &'static str,
    fn(f32) -> bool,
    fn(f32) -> (f32, f32, f64),
);

fn cases() -> Vec<Case> {
    vec![
        (
            "exp",
            "all",
            |_| true,
            |x| (math::exp(x), libm::expf(x), (x as f64).exp()),
        ),
        (
            "sigmoid",
            "all",
            |_| true,
            |x| {
                (
                    math::sigmoid(x),
                    tinymlp::activation::sigmoid(x),
                    1.0 / (1.0 + (-(x as f64)).exp()),
                )
            },
        ),
        (
            "tanh",
            "all",
            |_| true,
            |x| (math::tanh(x), libm::tanhf(x), (x as f64).tanh()),
        ),
        (
            "ln",
            "x ≥ 0",
            |x| x >= 0.0,
            |x| (math::ln(x), libm::logf(x), (x as f64).ln()),
        ),
        (
            "ln_1p",
            "x ≥ −1",
            |x| x >= -1.0,
            |x| (math::ln_1p(x), libm::log1pf(x), (x as f64).ln_1p()),
        ),
    ]
}

fn main() {
    const THREADS: u64 = 2;
    let cases = cases();
    println!(
        "| function | inputs | max ulp vs `libm` | inputs differing from `libm` | max ulp vs exact | max rel. error vs exact |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, domain, accept, eval) in cases {
        let parts: Vec<Stats> = thread::scope(|s| {
            let handles: Vec<_> = (0..THREADS)
                .map(|t| {
                    s.spawn(move || {
                        let mut st = Stats::default();
                        let span = (1u64 << 32) / THREADS;
                        for bits in t * span..(t + 1) * span {
                            let x = f32::from_bits(bits as u32);
                            if x.is_nan() || !accept(x) {
                                continue;
                            }
                            let (fast, libm, exact) = eval(x);
                            st.add(x, fast, libm, exact);
                        }
                        st
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut st = Stats::default();
        parts.iter().for_each(|p| st.merge(p));
        println!(
            "| `{name}` | {domain} | {} (at {:e}) | {:.2} % | {} (at {:e}) | {:.2e} |",
            st.vs_libm,
            st.worst_libm,
            100.0 * st.differ_from_libm as f64 / st.inputs as f64,
            st.vs_exact,
            st.worst_exact,
            st.rel
        );
    }
}
