//! The examples' binaries, for the tests that run them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Cargo sets these for a test; a build script that watches one of them (ring's does) would be
/// rerun, and everything above it rebuilt, if they leaked into the build of an example.
const CARGO_SETS_FOR_THE_TEST: [&str; 8] = [
    "CARGO_MANIFEST_DIR",
    "CARGO_MANIFEST_PATH",
    "CARGO_CRATE_NAME",
    "CARGO_BIN_NAME",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_TARGET_TMPDIR",
    "CARGO_RUSTC_CURRENT_DIR",
    "OUT_DIR",
];

/// The cargo that runs the tests, in `dir`, without the variables cargo set for the test.
pub fn cargo_in(dir: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_") || CARGO_SETS_FOR_THE_TEST.contains(&name.as_ref()) {
            command.env_remove(name.as_ref());
        }
    }
    command.current_dir(dir);
    command
}

/// Builds the examples `names` with `cargo build --workspace --message-format=json` and gives
/// the executable cargo reports for each, in the order asked. `--workspace` resolves features
/// as `cargo test --workspace` does, so the binaries that command built are reused rather than
/// rebuilt with other features.
pub fn build(names: &[&str]) -> Vec<PathBuf> {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut build = cargo_in(&workspace);
    build.args(["build", "--workspace", "--quiet", "--message-format=json"]);
    for name in names {
        build.args(["--example", name]);
    }
    let output = build.output().unwrap();
    assert!(
        output.status.success(),
        "building the examples failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let executables: Vec<(String, PathBuf)> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|message| {
            let name = message["target"]["name"].as_str()?.to_owned();
            Some((name, PathBuf::from(message["executable"].as_str()?)))
        })
        .collect();
    names
        .iter()
        .map(|name| {
            executables
                .iter()
                .find_map(|(built, path)| (built == name).then(|| path.clone()))
                .unwrap_or_else(|| panic!("cargo reported no executable for the `{name}` example"))
        })
        .collect()
}
