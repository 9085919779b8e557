//! Puts the right `memory.x` on the linker's search path and links the binaries with
//! riscv-rt's `link.x`.
//!
//! One ELF per Rust target; every target runs on qemu's `virt` board, whose RAM starts at
//! 0x8000_0000 and is split here into a "flash" and a "RAM" region like a microcontroller's
//! (see `memory/`). The link arguments are given to the binaries only
//! (`rustc-link-arg-bins`), so nothing leaks into other crates' links.

use std::{env, fs, path::PathBuf};

fn main() {
    let target = env::var("TARGET").unwrap_or_default();
    let memory = match target.as_str() {
        // The smallest cores get the micro:bit's budget, as the Cortex-M0 does:
        // 256 KiB flash, 16 KiB RAM.
        "riscv32imc-unknown-none-elf" | "riscv32i-unknown-none-elf" => "memory/virt-small.x",
        // 4 MiB / 4 MiB, like the mps2 boards.
        _ => "memory/virt.x",
    };
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::copy(memory, out.join("memory.x")).expect("copy memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed={memory}");
    println!("cargo:rerun-if-changed=build.rs");
    // riscv-rt's link.x does not include memory.x itself (without its `memory` feature).
    println!("cargo:rustc-link-arg-bins=-Tmemory.x");
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
}
