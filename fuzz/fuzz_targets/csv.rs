//! Fuzzes the CSV reader, `tinymlp_cli::table::Table::parse_bytes`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/csv.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::csv_file(data));
