//! `CTA_TEMPLATES`: the environment variable that points `approved_template!` at another
//! definitions file, relative to the manifest directory. A scratch crate of its own is built
//! with cargo (as the examples are, by `common::examples`): a template that only the other
//! file defines compiles when the variable names that file, and is the macro's error naming
//! the file read when it does not.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::examples::cargo_in;

/// The scratch crate's only source: a template that `definitions/other.json` defines, filled
/// with the fields its definition asks for, so that it compiles only against that file.
const SOURCE: &str = r#"
cta_core::approved_template! {
    /// Defined in `definitions/other.json` only.
    pub struct ParcelNote = "parcel_note" in "en_US";
}

/// The request body, so that the struct is used as its definition asks.
pub fn body() -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let message = ParcelNote { parcel: "P-77", url_0: "P-77" }
        .render()?
        .to(cta_core::Recipient::new("+16505551234")?);
    Ok(message.to_json_vec())
}
"#;

/// The other file: a named template with a body variable and a variable URL button.
const OTHER: &str = r#"[
  {
    "name": "parcel_note",
    "parameter_format": "NAMED",
    "language": "en_US",
    "status": "APPROVED",
    "category": "UTILITY",
    "id": "3000000000000001",
    "components": [
      { "type": "BODY", "text": "Parcel {{parcel}} is on its way." },
      {
        "type": "BUTTONS",
        "buttons": [
          { "type": "URL", "text": "Track", "url": "https://example.com/parcel/{{1}}" }
        ]
      }
    ]
  }
]
"#;

/// A third file, valid but without `parcel_note`.
const WITHOUT: &str = r#"[
  {
    "name": "store_hours",
    "language": "en_US",
    "status": "APPROVED",
    "category": "UTILITY",
    "id": "3000000000000002",
    "components": [ { "type": "BODY", "text": "We open at 9." } ]
  }
]
"#;

/// Writes the scratch crate, a workspace of its own depending on this workspace's cta-core,
/// with this workspace's lock file so that it resolves offline to the same versions. Its
/// default `whatsapp-templates.json` defines no template.
fn scratch_crate() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is in the workspace");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cta-templates-variable");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("definitions")).unwrap();
    let manifest = format!(
        "[package]\n\
         name = \"cta-templates-variable\"\n\
         version = \"0.0.0\"\n\
         edition = \"2024\"\n\
         publish = false\n\n\
         [lib]\n\
         path = \"lib.rs\"\n\n\
         [dependencies]\n\
         cta-core = {{ path = {:?} }}\n\n\
         # Not a member of any workspace above it.\n\
         [workspace]\n",
        workspace.join("cta-core").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("lib.rs"), SOURCE).unwrap();
    std::fs::write(dir.join("whatsapp-templates.json"), "[]\n").unwrap();
    std::fs::write(dir.join("definitions/other.json"), OTHER).unwrap();
    std::fs::write(dir.join("definitions/without.json"), WITHOUT).unwrap();
    dir
}

/// `cargo check` of the scratch crate with `CTA_TEMPLATES` set to `file`, or unset. The
/// workspace's target directory is shared, so that the dependencies it built are reused.
fn check(dir: &Path, file: Option<&str>) -> Output {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target's `tmp` directory is inside the target directory");
    let mut check = cargo_in(dir);
    check
        .args(["check", "--quiet", "--offline", "--target-dir"])
        .arg(target)
        .env_remove("CTA_TEMPLATES");
    if let Some(file) = file {
        check.env("CTA_TEMPLATES", file);
    }
    check.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn cta_templates_points_the_macro_at_another_file() {
    let dir = scratch_crate();

    let with_other = check(&dir, Some("definitions/other.json"));
    assert!(with_other.status.success(), "{}", stderr(&with_other));

    // The same crate, the variable unset: rebuilt against the default file, which lacks it.
    let default = check(&dir, None);
    assert!(!default.status.success(), "{}", stderr(&default));
    let shown = stderr(&default);
    assert!(shown.contains("approved_template!"), "{shown}");
    assert!(shown.contains("`parcel_note`"), "{shown}");
    assert!(shown.contains("whatsapp-templates.json"), "{shown}");
    assert!(!shown.contains("definitions/"), "{shown}");

    // Another file without the template: the error names that file.
    let without = check(&dir, Some("definitions/without.json"));
    assert!(!without.status.success(), "{}", stderr(&without));
    let shown = stderr(&without);
    assert!(shown.contains("approved_template!"), "{shown}");
    assert!(shown.contains("`parcel_note`"), "{shown}");
    assert!(shown.contains("definitions/without.json"), "{shown}");

    // And back: the variable alone decides again.
    let again = check(&dir, Some("definitions/other.json"));
    assert!(again.status.success(), "{}", stderr(&again));
}
