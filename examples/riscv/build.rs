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
    // Each map in a directory of its own, as `memory.x`. The linker takes the first
    // `memory.x` on its search path, and cargo passes a build script's link arguments in the
    // order given: the `sensor` firmware's own directory goes first. It needs more RAM (about
    // 25 KB) than the small map's 16 KiB, so on the small targets it gets the large map.
    let install = |name: &str, from: &str| {
        let dir = out.join(name);
        fs::create_dir_all(&dir).expect("create a memory map directory");
        fs::copy(from, dir.join("memory.x")).expect("copy memory.x");
        println!("cargo:rerun-if-changed={from}");
        dir
    };
    if memory == "memory/virt-small.x" {
        let large = install("large", "memory/virt.x");
        println!("cargo:rustc-link-arg-bin=sensor=-L{}", large.display());
    }
    let default = install("default", memory);
    println!("cargo:rustc-link-arg-bins=-L{}", default.display());
    println!("cargo:rerun-if-changed=build.rs");
    // riscv-rt's link.x does not include memory.x itself (without its `memory` feature).
    println!("cargo:rustc-link-arg-bins=-Tmemory.x");
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    // The target, for the firmwares to print.
    println!("cargo:rustc-env=FIRMWARE_TARGET={target}");
}
