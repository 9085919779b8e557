//! What the `csv` fuzz target checks, shared with `cli/tests/fuzz_seeds.rs`, which runs the
//! same checks over seeded random inputs in every `cargo test --workspace` (no nightly needed).
//!
//! Besides "no panic", each check asserts properties that must hold for any input.

use tinymlp_cli::table::Table;

/// Runs the CSV reader on `data` and checks what it returns.
pub fn csv_file(data: &[u8]) {
    match Table::parse_bytes(data) {
        Ok(t) => {
            assert!(t.width() >= 1);
            assert!(!t.rows().is_empty());
            let mut line = t.header_line();
            for row in t.rows() {
                assert!(row.line > line, "rows come in line order");
                line = row.line;
                assert_eq!(row.values.len(), t.width());
                assert!(row.values.iter().all(|v| v.is_finite()));
            }
            for (k, name) in t.header().iter().enumerate() {
                assert_eq!(t.column(name), Some(k), "names are unique");
            }
        }
        Err(e) => {
            assert!(e.line >= 1 && e.column >= 1);
            let msg = e.to_string();
            assert!(!msg.contains('\n'), "one-line message: {msg:?}");
            assert!(msg.starts_with(&format!("{}:{}: ", e.line, e.column)));
        }
    }
    // Text and bytes agree.
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(Table::parse(text), Table::parse_bytes(data));
    }
}
