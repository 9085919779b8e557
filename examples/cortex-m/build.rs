//! Puts the right `memory.x` on the linker's search path and links the binaries with
//! cortex-m-rt's `link.x`.
//!
//! One ELF per Rust target; the memory map follows from the target because each target is run
//! on one qemu board family (see `memory/`). The link arguments are given to the binaries
//! only (`rustc-link-arg-bins`), so nothing leaks into other crates' links and no nested
//! `.cargo/config.toml` can double `-Tlink.x`.
//!
//! One exception: the `sensor` firmware needs more RAM (about 25 KB) than the micro:bit's
//! 16 KiB, so its Cortex-M0 build gets the mps2 map and is run on the mps2-an385
//! board, whose Cortex-M3 executes the same ARMv6-M code.

use std::{env, fs, path::PathBuf};

fn main() {
    let target = env::var("TARGET").unwrap_or_default();
    let memory = match target.as_str() {
        // micro:bit (nRF51822): 256 KiB flash, 16 KiB RAM.
        "thumbv6m-none-eabi" => "memory/microbit.x",
        // mps2-an505 boots in the Secure world, with its memories at other addresses.
        t if t.starts_with("thumbv8m") => "memory/mps2-an505.x",
        // mps2-an385 (M3), -an386 (M4F), -an500 (M7): the same map.
        _ => "memory/mps2.x",
    };
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // Each map in a directory of its own, as `memory.x` (the name `link.x` includes). The
    // linker takes the first `memory.x` on its search path, and cargo passes a build script's
    // link arguments in the order given: the `sensor` firmware's own directory goes first.
    let install = |name: &str, from: &str| {
        let dir = out.join(name);
        fs::create_dir_all(&dir).expect("create a memory map directory");
        fs::copy(from, dir.join("memory.x")).expect("copy memory.x");
        println!("cargo:rerun-if-changed={from}");
        dir
    };
    if memory == "memory/microbit.x" {
        let large = install("large", "memory/mps2.x");
        println!("cargo:rustc-link-arg-bin=sensor=-L{}", large.display());
    }
    let default = install("default", memory);
    println!("cargo:rustc-link-arg-bins=-L{}", default.display());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    // Sections start at their region's origin without 64 KiB page alignment padding.
    println!("cargo:rustc-link-arg-bins=--nmagic");
    // The target, for the firmwares to print.
    println!("cargo:rustc-env=FIRMWARE_TARGET={target}");
}
