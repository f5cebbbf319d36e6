//! Required values that could be swapped are given by name: swapping
//! them the positional way, or leaving one out, must not compile, and the
//! error must name what is wrong. Each case in `ui/` is compiled against the
//! generated VoiceTel crate and its errors compared with the `.stderr`
//! beside it (`TRYBUILD=overwrite` rewrites those after reading them).

#[test]
fn swapped_or_missing_required_values_do_not_compile() {
    trybuild::TestCases::new().compile_fail("ui/*.rs");
}
