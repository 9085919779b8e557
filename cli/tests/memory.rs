//! `train` holds the data as `f32`, at about the size of the CSV file or less, not as one
//! heap allocation per row (which took 6–7 times the file).
//!
//! The peak resident memory of a child process is only known once it has been waited for,
//! and `getrusage` reports the largest over every child of this process, so this file holds
//! a single test.

#![cfg(target_os = "linux")]

use std::fmt::Write as _;
use std::process::Command;

use nix::sys::resource::{UsageWho, getrusage};

#[test]
fn training_holds_the_data_in_about_the_size_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    // 400 000 rows of two inputs and a label, about 8 MB: large enough that the process's
    // own few megabytes do not decide the outcome.
    let mut text = String::from("x0,x1,label\n");
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..400_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let (a, b) = (
            (state >> 40) as f32 / 16_777_216.0,
            (state & 0xff_ffff) as f32 / 16_777_216.0,
        );
        writeln!(text, "{:.6},{:.6},{}", a - 0.5, b - 0.5, u8::from(a > b)).unwrap();
    }
    std::fs::write(&path, &text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tinymlp"))
        .args(["train", "--epochs", "1", "--hidden", "2"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Linux reports kibibytes.
    let peak = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap().max_rss() as usize * 1024;
    let file = text.len();
    eprintln!("peak resident memory {peak} bytes, file {file} bytes");
    assert!(
        peak < 2 * file,
        "peak resident memory {peak} bytes for a file of {file} bytes"
    );
}
