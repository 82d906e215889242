//! Compile-fail tests: one file in `ui/` for each rule, each with the compiler's expected output
//! in a `.stderr` file beside it.
//!
//! The `.stderr` files are pinned to the stable toolchain the project builds with. After a
//! deliberate change to a message, regenerate them with
//! `TRYBUILD=overwrite cargo test -p cta-tests --test it ui::` and review the `git diff`.

use std::path::Path;

#[test]
fn every_broken_rule_stops_the_build() {
    approved_definitions_beside_the_cases();
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}

/// trybuild compiles the cases as a crate of its own, in `<target>/tests/trybuild/cta-tests`:
/// that is the manifest directory `approved_template!` reads its definitions from, so this
/// crate's definitions files are copied there first.
fn approved_definitions_beside_the_cases() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target's `tmp` directory is inside the target directory");
    let project = target.join("tests").join("trybuild").join("cta-tests");
    let copy = |file: &str| {
        let to = project.join(file);
        std::fs::create_dir_all(to.parent().expect("a file is in a directory"))
            .expect("trybuild's project directory can be made");
        std::fs::copy(manifest.join(file), &to).expect("the definitions file is copied");
    };
    copy("whatsapp-templates.json");
    copy("approved-definitions/broken.json");
    copy("approved-definitions/not-a-list.json");
}
