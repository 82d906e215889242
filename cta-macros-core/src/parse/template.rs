//! A template literal: fixed text and `{name}` placeholders, `{{` and `}}` for braces.
//!
//! Every problem of a literal is reported, each on the placeholder at fault when rustc can
//! point inside the literal (`Literal::subspan`), else on the literal.

use std::ops::Range;

use proc_macro2::{Literal, Span};

use super::Errors;
use cta_rules::Field;
use cta_rules::template::{UrlPosition, url_position};

/// A piece of a template literal.
pub(crate) enum Piece {
    /// Fixed text, braces unescaped.
    Fixed(String),
    /// A placeholder: its name, where it is, and where it stands in a URL (`None` in a text).
    Placeholder {
        name: String,
        span: Span,
        position: Option<UrlPosition>,
    },
}

/// A literal of a part that takes placeholders, and holds at least one.
pub(crate) struct TemplateText {
    pub(crate) pieces: Vec<Piece>,
}

impl TemplateText {
    /// The fixed text alone.
    pub(crate) fn fixed(&self) -> String {
        self.pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Fixed(text) => Some(text.as_str()),
                Piece::Placeholder { .. } => None,
            })
            .collect()
    }

    /// The pieces as `cta_rules::template::check_fixed` takes them: fixed text, or `None` for
    /// a placeholder.
    pub(crate) fn fixed_and_placeholders(&self) -> Vec<Option<&str>> {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Fixed(text) => Some(text.as_str()),
                Piece::Placeholder { .. } => None,
            })
            .collect()
    }

    /// The placeholders' names, in order, repeats included.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Placeholder { name, .. } => Some(name.as_str()),
            Piece::Fixed(_) => None,
        })
    }
}

/// The span of `range` (bytes of the literal's value) inside `literal`, when the source text
/// maps one to one onto the value (no escapes) and rustc can point inside a literal; else the
/// literal's span.
fn subspan(literal: &Literal, range: Range<usize>) -> Span {
    let source = literal.to_string();
    let prefix = if source.starts_with('r') {
        source.find('"').map(|quote| quote + 1)
    } else if source.starts_with('"') && !source.contains('\\') {
        Some(1)
    } else {
        None
    };
    prefix
        .and_then(|prefix| literal.subspan(range.start + prefix..range.end + prefix))
        .unwrap_or_else(|| literal.span())
}

/// Whether `name` can be a field of a struct the macros write (a `cta_template!` placeholder,
/// an `approved_template!` variable): a Rust identifier that is neither a keyword nor `_`, by
/// syn's list of keywords, and not `gen`, which syn accepts but edition 2024 reserves. The
/// one place this rule is written.
pub(crate) fn is_field_name(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c == '_' || (c.is_alphabetic() && !c.is_numeric()));
    // The characters first: syn would read `r#type` as the raw identifier `type`.
    starts_well
        && name.chars().all(|c| c == '_' || c.is_alphanumeric())
        && name != "gen"
        && syn::parse_str::<syn::Ident>(name).is_ok()
}

/// Reads `text`, the value of `literal`, as a template for `field`. `None` when it has a
/// problem (reported). A text without placeholders comes back as a single fixed piece.
pub(crate) fn parse(
    field: Field,
    text: &str,
    literal: &Literal,
    errors: &mut Errors,
) -> Option<TemplateText> {
    let mut pieces = Vec::new();
    let mut fixed = String::new();
    let mut ok = true;
    let mut index = 0;
    let bytes = text.as_bytes();
    while index < text.len() {
        let Some(c) = text[index..].chars().next() else {
            break;
        };
        match c {
            '{' if bytes.get(index + 1) == Some(&b'{') => {
                fixed.push('{');
                index += 2;
            }
            '}' if bytes.get(index + 1) == Some(&b'}') => {
                fixed.push('}');
                index += 2;
            }
            '}' => {
                errors.push(
                    subspan(literal, index..index + 1),
                    "stray `}` in a template: write `}}` for a literal brace",
                );
                ok = false;
                index += 1;
            }
            '{' => {
                let Some(length) = text[index + 1..].find('}') else {
                    errors.push(
                        subspan(literal, index..text.len()),
                        "unclosed `{` in a template: close the placeholder, as in `{name}`, or \
                         write `{{` for a literal brace",
                    );
                    ok = false;
                    break;
                };
                let end = index + 1 + length + 1;
                let inner = &text[index + 1..end - 1];
                let span = subspan(literal, index..end);
                if inner.is_empty() {
                    errors.push(
                        span,
                        "empty placeholder `{}`: name its value, as in `{name}`, or write `{{}}` \
                         for literal braces",
                    );
                    ok = false;
                } else if let Some((name, spec)) = inner.split_once(':') {
                    if is_field_name(name) {
                        errors.placeholder(name);
                    }
                    errors.push(
                        span,
                        format!(
                            "format specs are not supported in a template: write `{{{name}}}`, \
                             not `{{{name}:{spec}}}`; the value is written as it is"
                        ),
                    );
                    ok = false;
                } else if !is_field_name(inner) {
                    errors.push(
                        span,
                        format!(
                            "`{{{inner}}}` is not a placeholder: its name must be a Rust \
                             identifier, since it becomes a field of the struct (letters, digits \
                             and `_`, not a keyword); write `{{{{` for a literal brace"
                        ),
                    );
                    ok = false;
                } else {
                    errors.placeholder(inner);
                    if !fixed.is_empty() {
                        pieces.push(Piece::Fixed(std::mem::take(&mut fixed)));
                    }
                    pieces.push(Piece::Placeholder {
                        name: inner.to_owned(),
                        span,
                        position: None,
                    });
                }
                index = end;
            }
            c => {
                fixed.push(c);
                index += c.len_utf8();
            }
        }
    }
    if !fixed.is_empty() {
        pieces.push(Piece::Fixed(fixed));
    }
    if field == Field::ButtonUrl {
        ok &= url_positions(&mut pieces, errors);
    }
    ok.then_some(TemplateText { pieces })
}

/// Whether `text` holds what reads as a placeholder: `{` then a name then `}`, outside `{{`.
pub(crate) fn has_placeholder(text: &str) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(after_escape) = after.strip_prefix('{') {
            rest = after_escape;
            continue;
        }
        if after
            .split_once('}')
            .is_some_and(|(inner, _)| !inner.is_empty() && is_field_name(inner))
        {
            return true;
        }
        rest = after;
    }
    false
}

/// Sets where each placeholder of a URL stands; reports those in the scheme, host or port.
/// `false` when there is one.
fn url_positions(pieces: &mut [Piece], errors: &mut Errors) -> bool {
    let mut ok = true;
    let mut before = String::new();
    for piece in pieces {
        match piece {
            Piece::Fixed(text) => before.push_str(text),
            Piece::Placeholder {
                name,
                span,
                position,
            } => {
                let at = url_position(&before);
                if !at.allowed() {
                    let part = match at {
                        UrlPosition::Scheme => "scheme",
                        _ => "host or port",
                    };
                    errors.push(
                        *span,
                        format!(
                            "`{{{name}}}` stands in the URL's {part}: a value there could send \
                             the button to another site; a placeholder may stand in the path, \
                             the query or the fragment"
                        ),
                    );
                    ok = false;
                }
                *position = Some(at);
            }
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::is_field_name;

    #[test]
    fn a_field_name_is_an_identifier_and_no_keyword() {
        for name in ["first_name", "_x", "url_1", "été", "r", "union", "raw"] {
            assert!(is_field_name(name), "{name}");
        }
        for name in [
            "", "_", "1st", "type", "self", "Self", "async", "yield", "gen", "r#type", "a-b", "a b",
        ] {
            assert!(!is_field_name(name), "{name}");
        }
    }
}
