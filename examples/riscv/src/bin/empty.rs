//! The baseline for code size: boots and exits, nothing else. The flash of the other
//! firmwares minus this one's is what they add over the runtime (vector table, reset handler,
//! semihosting exit).

#![no_std]
#![no_main]

use core::panic::PanicInfo;

use riscv_rt::entry;
use tinymlp_riscv::{code, exit};

#[entry]
fn main() -> ! {
    exit(code::SUCCESS)
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    tinymlp_riscv::link_error_if_reachable()
}
