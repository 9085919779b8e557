//! The baseline for code size: boots and exits, nothing else. The flash of the other
//! firmwares minus this one's is what they add over the runtime (vector table, reset handler,
//! semihosting exit).

#![no_std]
#![no_main]

use core::panic::PanicInfo;

use firmware::{code, entry, exit};

#[entry]
fn main() -> ! {
    exit(code::SUCCESS)
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    firmware::link_error_if_reachable()
}
