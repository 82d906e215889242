//! The definitions file: its shape, its order, writing it whole, and comparing it with the live
//! definitions.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// A template is one language of one name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    name: String,
    language: String,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.language)
    }
}

/// The name and language of `template`, if both are strings.
fn key(template: &Value) -> Option<Key> {
    Some(Key {
        name: template["name"].as_str()?.to_owned(),
        language: template["language"].as_str()?.to_owned(),
    })
}

/// Sorts by name, then language, then ID, so that the file's order does not depend on the
/// order of Meta's pages.
pub fn sort(templates: &mut [Value]) {
    templates.sort_by(|a, b| {
        let text = |template: &Value, field: &str| template[field].as_str().map(str::to_owned);
        (text(a, "name"), text(a, "language"), text(a, "id")).cmp(&(
            text(b, "name"),
            text(b, "language"),
            text(b, "id"),
        ))
    });
}

/// Every template has a name and a language, and no two share both.
pub fn check_unique(templates: &[Value]) -> Result<(), String> {
    let mut keys = BTreeSet::new();
    for (index, template) in templates.iter().enumerate() {
        let key = key(template)
            .ok_or_else(|| format!("template {index} has no `name` or `language` string"))?;
        if !keys.insert(key.clone()) {
            return Err(format!("{key} is listed twice"));
        }
    }
    Ok(())
}

/// The file's text: the array pretty-printed, each object's keys sorted (`serde_json`'s map
/// is ordered by key), ending in a newline.
pub fn render(templates: &[Value]) -> String {
    let mut text = serde_json::to_string_pretty(templates)
        .unwrap_or_else(|_| unreachable!("a JSON value always serializes"));
    text.push('\n');
    text
}

/// Writes `contents` to a temporary file beside `path`, then renames it over `path`: a failure
/// leaves the old file, or none, never a partial one.
pub fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file")
    })?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(format!(".{}.tmp", std::process::id()));
    let temporary = path.with_file_name(temporary_name);
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Reads the definitions file: a JSON array of template objects, each with a `name` and a
/// `language`, no two alike.
pub fn read(path: &Path) -> Result<Vec<Value>, FileError> {
    let fail = |problem: String| FileError {
        file: path.to_owned(),
        problem,
    };
    let text = std::fs::read_to_string(path).map_err(|error| {
        fail(if error.kind() == std::io::ErrorKind::NotFound {
            "it does not exist; `cta templates pull` writes it".to_owned()
        } else {
            error.to_string()
        })
    })?;
    let json: Value = serde_json::from_str(&text)
        .map_err(|error| fail(format!("it is not valid JSON: {error}")))?;
    let Value::Array(templates) = json else {
        return Err(fail("it is not a JSON array of templates".to_owned()));
    };
    if let Some(index) = templates.iter().position(|template| !template.is_object()) {
        return Err(fail(format!("item {index} of the array is not an object")));
    }
    check_unique(&templates).map_err(fail)?;
    Ok(templates)
}

/// The definitions file cannot be used.
#[derive(Debug)]
pub struct FileError {
    file: PathBuf,
    problem: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot use {}: {}", self.file.display(), self.problem)
    }
}

/// How the file and the live definitions differ for one template.
#[derive(Debug, PartialEq, Eq)]
pub enum Difference {
    /// Live, not in the file.
    Added(Key),
    /// In both, not alike: what differs.
    Changed(Key, Vec<String>),
    /// In the file, no longer live.
    Removed(Key),
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Added(key) => write!(f, "added: {key}"),
            Difference::Changed(key, what) => write!(f, "changed: {key}: {}", what.join("; ")),
            Difference::Removed(key) => write!(f, "removed: {key}"),
        }
    }
}

/// Each template added, changed or removed between `file` and `live` (both already checked
/// by [`check_unique`]), in the order of their keys.
pub fn compare(file: &[Value], live: &[Value]) -> Vec<Difference> {
    let by_key = |templates: &[Value]| -> BTreeMap<Key, Value> {
        templates
            .iter()
            .filter_map(|template| Some((key(template)?, template.clone())))
            .collect()
    };
    let (file, live) = (by_key(file), by_key(live));
    let keys: BTreeSet<&Key> = file.keys().chain(live.keys()).collect();
    keys.into_iter()
        .filter_map(|key| match (file.get(key), live.get(key)) {
            (Some(_), None) => Some(Difference::Removed(key.clone())),
            (None, Some(_)) => Some(Difference::Added(key.clone())),
            (Some(old), Some(new)) if old != new => {
                Some(Difference::Changed(key.clone(), what_changed(old, new)))
            }
            _ => None,
        })
        .collect()
}

/// What differs between two versions of a template, in words: its status, its parameter
/// format, each component's text or examples, its buttons, any other field by name.
fn what_changed(old: &Value, new: &Value) -> Vec<String> {
    let fields: BTreeSet<&String> = old
        .as_object()
        .into_iter()
        .chain(new.as_object())
        .flat_map(|object| object.keys())
        .collect();
    let mut changes = Vec::new();
    for field in fields {
        let (before, after) = (&old[field.as_str()], &new[field.as_str()]);
        if before == after {
            continue;
        }
        match field.as_str() {
            "status" => changes.push(format!("status {} → {}", shown(before), shown(after))),
            "parameter_format" => changes.push(format!(
                "parameter format {} → {}",
                shown(before),
                shown(after)
            )),
            "components" => changes.extend(components_changed(before, after)),
            other => changes.push(other.to_owned()),
        }
    }
    changes
}

/// A field's value as words: a string as is, anything else as JSON, a missing one as `none`.
fn shown(value: &Value) -> String {
    match value {
        Value::Null => "none".to_owned(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Which components differ, by their `type`: `body text`, `header examples`, `buttons`, …
fn components_changed(old: &Value, new: &Value) -> Vec<String> {
    let by_type = |components: &Value| -> BTreeMap<String, Value> {
        components
            .as_array()
            .into_iter()
            .flatten()
            .map(|component| {
                let kind = component["type"]
                    .as_str()
                    .unwrap_or("untyped")
                    .to_lowercase();
                (kind, component.clone())
            })
            .collect()
    };
    let (old, new) = (by_type(old), by_type(new));
    let kinds: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut changes = Vec::new();
    for kind in kinds {
        match (old.get(kind), new.get(kind)) {
            (Some(_), None) => changes.push(format!("{kind} removed")),
            (None, Some(_)) => changes.push(format!("{kind} added")),
            (Some(before), Some(after)) if before != after => {
                if kind == "buttons" {
                    changes.push("buttons".to_owned());
                    continue;
                }
                // The text (and a header's format) is what a customer sees; the examples are
                // what Meta reviewed the parameters with.
                let seen =
                    |component: &Value| (component["text"].clone(), component["format"].clone());
                if seen(before) == seen(after) {
                    changes.push(format!("{kind} parameters"));
                } else {
                    changes.push(format!("{kind} text"));
                }
            }
            _ => {}
        }
    }
    if changes.is_empty() {
        // Same components, another order.
        changes.push("component order".to_owned());
    }
    changes
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn template(name: &str, language: &str, status: &str, body: &str) -> Value {
        json!({
            "name": name,
            "language": language,
            "status": status,
            "category": "UTILITY",
            "id": format!("{name}-{language}"),
            "components": [
                { "type": "BODY", "text": body },
                { "type": "BUTTONS", "buttons": [ { "type": "URL", "text": "Open", "url": "https://example.com/{{1}}" } ] }
            ]
        })
    }

    #[test]
    fn sorted_by_name_then_language() {
        let mut templates = vec![
            template("b", "en_US", "APPROVED", "x"),
            template("a", "pt_BR", "APPROVED", "x"),
            template("a", "de", "APPROVED", "x"),
        ];
        sort(&mut templates);
        let keys: Vec<String> = templates
            .iter()
            .map(|t| key(t).unwrap().to_string())
            .collect();
        assert_eq!(keys, ["a (de)", "a (pt_BR)", "b (en_US)"]);
    }

    #[test]
    fn rendered_keys_are_sorted_and_the_text_ends_in_a_newline() {
        let text = render(&[json!({ "status": "APPROVED", "name": "a", "language": "de" })]);
        assert_eq!(
            text,
            "[\n  {\n    \"language\": \"de\",\n    \"name\": \"a\",\n    \"status\": \"APPROVED\"\n  }\n]\n"
        );
    }

    #[test]
    fn each_kind_of_difference_is_named() {
        let file = vec![
            template("kept", "en_US", "APPROVED", "Hi {{1}}"),
            template("paused", "en_US", "APPROVED", "Hi {{1}}"),
            template("reworded", "en_US", "APPROVED", "Hi {{1}}"),
            template("gone", "en_US", "APPROVED", "Hi {{1}}"),
        ];
        let mut reworded = template("reworded", "en_US", "APPROVED", "Hello {{1}}");
        reworded["components"][1]["buttons"][0]["text"] = json!("View");
        let live = vec![
            template("kept", "en_US", "APPROVED", "Hi {{1}}"),
            template("paused", "en_US", "PAUSED", "Hi {{1}}"),
            reworded,
            template("new", "en_US", "APPROVED", "Hi {{1}}"),
        ];
        let lines: Vec<String> = compare(&file, &live)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "removed: gone (en_US)",
                "added: new (en_US)",
                "changed: paused (en_US): status APPROVED → PAUSED",
                "changed: reworded (en_US): body text; buttons",
            ]
        );
        assert!(compare(&file, &file).is_empty());
    }

    #[test]
    fn examples_are_parameters_and_other_fields_are_named() {
        let old = template("a", "en_US", "APPROVED", "Hi {{1}}");
        let mut new = old.clone();
        new["components"][0]["example"] = json!({ "body_text": [["Sam"]] });
        new["category"] = json!("MARKETING");
        new["parameter_format"] = json!("POSITIONAL");
        assert_eq!(
            what_changed(&old, &new),
            [
                "category",
                "body parameters",
                "parameter format none → POSITIONAL"
            ]
        );
    }

    #[test]
    fn the_file_must_be_an_array_of_distinct_templates() {
        let directory = std::env::temp_dir().join(format!("cta-cli-read-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        for (contents, expected) in [
            ("{}", "not a JSON array"),
            ("[1]", "item 0 of the array is not an object"),
            (
                "[{\"name\":\"a\"}]",
                "template 0 has no `name` or `language`",
            ),
            (
                "[{\"name\":\"a\",\"language\":\"de\"},{\"name\":\"a\",\"language\":\"de\"}]",
                "a (de) is listed twice",
            ),
            ("[", "not valid JSON"),
        ] {
            let path = directory.join("t.json");
            std::fs::write(&path, contents).unwrap();
            let problem = read(&path).unwrap_err().to_string();
            assert!(problem.contains(expected), "{contents}: {problem}");
        }
        let missing = read(&directory.join("missing.json"))
            .unwrap_err()
            .to_string();
        assert!(missing.contains("does not exist"), "{missing}");
        std::fs::remove_dir_all(&directory).unwrap();
    }

    #[test]
    fn the_atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let directory = std::env::temp_dir().join(format!("cta-cli-write-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let path = directory.join("t.json");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(&directory)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["t.json"]);
        std::fs::remove_dir_all(&directory).unwrap();
    }
}
