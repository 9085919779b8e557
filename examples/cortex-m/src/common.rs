//! Architecture-neutral support shared by the example firmware crates `examples/cortex-m/` and
//! `examples/riscv/` (the RISC-V crate includes this very file with `#[path]`, as it includes
//! the experiments): exit codes, a console over semihosting, number printing without
//! `core::fmt`'s padding machinery, the panic-freedom link trap and its canary, and the stack
//! measurements.
//!
//! The including crate's root provides `semihosting` (its architecture's semihosting crate,
//! whose `hio` module has the same interface on Arm and RISC-V), `stack_region` and
//! `stack_pointer`.

use core::fmt::{self, Write as _};
#[cfg(feature = "canary")]
use core::hint::black_box;
use core::panic::PanicInfo;

use crate::semihosting::hio::{self, HostStream};

/// Exit codes. qemu itself exits with 1 when it fails (bad options, no semihosting), so the
/// firmware's own failures use other codes.
pub mod code {
    /// Everything checked out.
    pub const SUCCESS: u8 = 0;
    /// A result check failed: accuracy below threshold, or a prediction differs.
    pub const CHECK_FAILED: u8 = 2;
    /// The library returned an error.
    pub const LIBRARY_ERROR: u8 = 3;
    /// The firmware panicked.
    pub const PANIC: u8 = 101;
    /// An exception trapped (illegal instruction, misaligned or faulting access, …): only the
    /// RISC-V firmware reports it; on Cortex-M a fault stops in cortex-m-rt's default handler.
    pub const TRAP: u8 = 102;
}

/// The panic handler of the proof firmwares: a call to a function that exists nowhere. If any
/// panic path survives optimization, the handler is reachable and the link fails with
/// "undefined symbol: tinymlp_firmware_can_panic"; if none does, the handler is discarded
/// and so is the reference.
pub fn link_error_if_reachable() -> ! {
    unsafe extern "Rust" {
        fn tinymlp_firmware_can_panic() -> !;
    }
    // SAFETY: never executed: a firmware in which this is reachable does not link.
    unsafe { tinymlp_firmware_can_panic() }
}

/// Standard output through semihosting, one write per line.
///
/// Write to it with [`println!`]. Output is silently dropped if the host has no console.
pub struct Console {
    stream: Option<HostStream>,
    line: [u8; 96],
    len: usize,
}

impl Console {
    /// Opens the host's standard output.
    pub fn open() -> Self {
        Console {
            stream: hio::hstdout().ok(),
            line: [0; 96],
            len: 0,
        }
    }

    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.line.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
        if byte == b'\n' || self.len >= self.line.len() {
            self.flush();
        }
    }

    /// Sends what has been written so far (done at every newline anyway).
    pub fn flush(&mut self) {
        if let (Some(stream), Some(bytes)) = (&mut self.stream, self.line.get(..self.len)) {
            let _ = stream.write_all(bytes);
        }
        self.len = 0;
    }
}

impl fmt::Write for Console {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        s.bytes().for_each(|b| self.push(b));
        Ok(())
    }

    fn write_char(&mut self, c: char) -> fmt::Result {
        // Only ASCII is ever printed here; anything else would be a bug in a format string.
        self.push(if c.is_ascii() { c as u8 } else { b'?' });
        Ok(())
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        self.flush();
    }
}

/// `println!(console, "format", args…)`: a line on a [`Console`]; output errors are ignored
/// (there is nowhere to report them).
#[macro_export]
macro_rules! println {
    ($out:expr, $($arg:tt)*) => {{
        let _ = core::fmt::Write::write_fmt(&mut $out, format_args!($($arg)*));
        let _ = core::fmt::Write::write_str(&mut $out, "\n");
    }};
}

/// An unsigned integer in decimal.
#[derive(Clone, Copy)]
pub struct Int(pub u32);

impl From<usize> for Int {
    fn from(n: usize) -> Self {
        // usize is 32 bits on every Cortex-M.
        Int(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

impl fmt::Display for Int {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        decimal(f, self.0, 1)
    }
}

/// A signed integer, printed in decimal.
pub struct SignedInt(pub i32);

impl fmt::Display for SignedInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < 0 {
            f.write_char('-')?;
        }
        decimal(f, self.0.unsigned_abs(), 1)
    }
}

/// Writes `n` in decimal with at least `min_digits` digits (zero-padded).
fn decimal(f: &mut fmt::Formatter<'_>, n: u32, min_digits: u32) -> fmt::Result {
    let mut digits = 1;
    let mut top = 1u32;
    while digits < min_digits || n / top >= 10 {
        top = top.saturating_mul(10);
        digits += 1;
        if top == 1_000_000_000 {
            break;
        }
    }
    while top > 0 {
        f.write_char(char::from(b'0' + (n / top % 10) as u8))?;
        top /= 10;
    }
    Ok(())
}

/// A number in units of 1/256, printed with one decimal.
pub struct Ratio(pub u32);

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10 + 128) >> 8;
        write!(f, "{}.{}", Int(tenths / 10), Int(tenths % 10))
    }
}

/// An unsigned integer in hexadecimal, `0x` and 16 digits (a digest, an address).
#[derive(Clone, Copy)]
pub struct Hex(pub u64);

impl fmt::Display for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("0x")?;
        for shift in (0..16).rev() {
            let nibble = ((self.0 >> (4 * shift)) & 0xf) as u8;
            let c = if nibble < 10 {
                b'0' + nibble
            } else {
                b'a' + nibble - 10
            };
            f.write_char(char::from(c))?;
        }
        Ok(())
    }
}

/// A string printed as is. `{}` on a `&str` goes through `Formatter::pad` (width, alignment),
/// about 650 bytes of flash that these firmwares never need.
#[derive(Clone, Copy)]
pub struct Text<'a>(pub &'a str);

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// An `f32` with a fixed number of decimals (at most 6), rounded to nearest.
#[derive(Clone, Copy)]
pub struct Fixed(pub f32, pub u32);

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Fixed(v, decimals) = *self;
        if v.is_nan() {
            return f.write_str("NaN");
        }
        if v.is_sign_negative() {
            f.write_char('-')?;
        }
        let a = if v < 0.0 { -v } else { v };
        if a.is_infinite() {
            return f.write_str("inf");
        }
        let decimals = decimals.min(6);
        let scale = 10u32.pow(decimals);
        // `as` saturates: magnitudes beyond 4e9 / scale print wrong, which a demo can afford.
        let n = (a * scale as f32 + 0.5) as u32;
        decimal(f, n / scale, 1)?;
        if decimals > 0 {
            f.write_char('.')?;
            decimal(f, n % scale, decimals)?;
        }
        Ok(())
    }
}

/// A fraction printed as a percentage with one decimal: `0.985` → `98.5`.
pub fn percent(fraction: f32) -> Fixed {
    Fixed(100.0 * fraction, 1)
}

/// With the `canary` feature, a deliberate panic path (an out-of-bounds index the compiler
/// cannot rule out) for the proof firmwares: `scripts/firmware.sh` checks that they then fail
/// to link, i.e. that the panic-freedom check is able to fail. Without it, nothing.
#[inline(always)]
pub fn canary() {
    #[cfg(feature = "canary")]
    {
        let table = [1u8, 2, 3];
        black_box(table[black_box(3usize)]);
    }
}

/// Prints a panic's message and place, on a console of its own: the panic may have happened
/// while another one was printing. Each architecture's `report_panic` calls it with
/// interrupts off, then exits. Inlined there, as it was written before it was shared: the same
/// flash as one copy per architecture.
#[inline(always)]
pub fn print_panic(info: &PanicInfo) {
    let mut out = Console::open();
    let _ = write!(out, "panic");
    if let Some(at) = info.location() {
        let _ = write!(out, " at {}:{}", Text(at.file()), Int(at.line()));
    }
    let _ = writeln!(out, ": {}", info.message());
}

/// What a painted stack word holds until the stack reaches it.
pub const PAINT: u32 = 0xcccc_cccc;

/// The deepest the stack has been since reset, in bytes.
///
/// The runtime fills the whole stack region with [`PAINT`] before `main`. The stack grows
/// down, so the lowest word no longer holding the paint marks the high water.
pub fn stack_high_water() -> usize {
    let (lowest, top) = crate::stack_region();
    top - lowest_touched(lowest, top)
}

/// Runs `f` and returns its result with the stack it used, in bytes (its call included):
/// the region below the current stack pointer is painted again first, so only `f` can touch
/// it.
pub fn stack_used_by<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let (lowest, _) = crate::stack_region();
    let sp = crate::stack_pointer();
    // A margin below the stack pointer for what this function itself may still push.
    let limit = sp.saturating_sub(64) & !3;
    let mut word = lowest;
    while word < limit {
        // SAFETY: `word` is 4-byte aligned, in the stack region and below the stack
        // pointer (minus a margin): RAM that nothing uses until a call goes deeper.
        unsafe { core::ptr::write_volatile(word as *mut u32, PAINT) };
        word += 4;
    }
    let result = out_of_line(f);
    (result, sp - lowest_touched(lowest, sp))
}

/// `f()`, in a frame of its own below the caller's.
#[inline(never)]
fn out_of_line<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// The lowest word of `lowest..end` that no longer holds [`PAINT`] (`end` if none).
fn lowest_touched(lowest: usize, end: usize) -> usize {
    let mut word = lowest;
    // SAFETY: every word of the stack region is RAM, 4-byte aligned (the runtimes' linker
    // scripts assert it) and readable at any time; the volatile read keeps the compiler from
    // assuming anything about its contents.
    while word < end && unsafe { core::ptr::read_volatile(word as *const u32) } == PAINT {
        word += 4;
    }
    word
}
