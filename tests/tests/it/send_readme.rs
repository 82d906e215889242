//! The README's example, which sends, needs no dependency but the one line it shows: its Rust
//! blocks name only `cta_core` and `std`. (The blocks themselves are compiled as doctests of
//! `cta_core::ReadmeDoctests`, where every dependency of cta-core is at hand, so this is checked
//! here.)

const README: &str = include_str!("../../../README.md");

/// The text of the `## Example` section, up to the next `## ` heading.
fn example_section() -> &'static str {
    let start = README
        .find("\n## Example\n")
        .expect("an `## Example` section");
    let rest = &README[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |end| end + 3);
    &rest[..end]
}

/// The fenced blocks of `text`: (info string, body).
fn blocks(text: &str) -> Vec<(&str, String)> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|line| !line.trim_start().starts_with("```"))
                .collect();
            found.push((info, body.join("\n")));
        }
    }
    found
}

#[test]
fn the_sending_examples_need_only_the_dependency_shown() {
    let blocks = blocks(example_section());
    let rust: Vec<_> = blocks
        .iter()
        .filter(|(info, _)| info.starts_with("rust"))
        .collect();
    assert!(!rust.is_empty(), "{blocks:#?}");
    for (info, body) in rust {
        assert!(
            !info.contains("ignore"),
            "a sending example is not compiled: {info}"
        );
        for line in body.lines().map(str::trim) {
            if let Some(path) = line.strip_prefix("use ") {
                let root = path.split("::").next().unwrap_or_default();
                assert!(
                    ["cta_core", "std"].contains(&root),
                    "`{line}` needs a dependency the README does not show"
                );
            }
            // The masking reader, not the free function, is what the README teaches.
            assert!(
                !line.contains(" parse_response(") || line.contains(".parse_response("),
                "{line}"
            );
        }
    }
    let toml: Vec<_> = blocks
        .iter()
        .filter(|(info, _)| *info == "toml")
        .map(|(_, body)| body.as_str())
        .collect();
    assert!(
        toml.contains(&"[dependencies]\ncta-core = { version = \"0.1\", features = [\"send\"] }"),
        "{toml:#?}"
    );
}
