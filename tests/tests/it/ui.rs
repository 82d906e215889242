//! Compile-fail tests: one file in `ui/` for each rule, each with the compiler's expected output
//! in a `.stderr` file beside it.
//!
//! The `.stderr` files are pinned to the stable toolchain the project builds with. After a
//! deliberate change to a message, regenerate them with
//! `TRYBUILD=overwrite cargo test -p cta-tests --test it ui::` and review the `git diff`.

#[test]
fn every_broken_rule_stops_the_build() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
