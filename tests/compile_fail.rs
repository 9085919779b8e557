//! Shape mismatches are compile errors: each file in `tests/ui/` must fail to compile with
//! the error recorded next to it.

#[test]
fn shape_mismatches_do_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
