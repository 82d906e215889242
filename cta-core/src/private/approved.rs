//! What an `approved_template!` expansion names: a constant description of the approved
//! template ([`Spec`], made by [`spec`]) and the one function that fills every approved
//! template ([`render`]). The description only says where the struct's values go; every value
//! is checked here, and an [`ApprovedContent`] is made nowhere else.
//!
//! A [`Spec`]'s fields are private: the only way to one is [`spec`], a `const fn` that checks
//! what it is given, so that a description no `approved_template!` would write is a compile
//! error in the `static` the expansion writes, not a message Meta refuses.

use crate::approved::{
    ApprovedContent, ApprovedError, Component, ComponentKind, Parameter, check_value,
};
use crate::payload::Header;
use crate::rules::Field;
use crate::template::Position;
use cta_rules::approved::{is_language_code, is_template_name};
use cta_rules::template::{UrlPosition, url_position};

/// An approved template, as the macro read it from the definitions file. Made only by
/// [`spec`], which checks it.
#[derive(PartialEq, Eq)]
pub struct Spec {
    /// The template's name.
    pub(crate) name: &'static str,
    /// Its language code.
    pub(crate) language: &'static str,
    /// Whether its parameters are named (sent with `parameter_name`).
    pub(crate) named: bool,
    /// The struct's fields, in order: what [`render`]'s values are indexed by.
    pub(crate) fields: &'static [&'static str],
    /// A text header with a variable.
    pub(crate) header: Option<TextSpec>,
    /// A body with variables.
    pub(crate) body: Option<TextSpec>,
    /// The URL buttons whose URL ends in a variable.
    pub(crate) buttons: &'static [UrlButton],
    /// The approved text of every component, which the preview fills.
    pub(crate) text: ApprovedText,
}

/// The description of an approved template, checked: the template's name is lowercase letters,
/// digits and `_`; the language code has a language code's form; every field index names one
/// of `fields`; each variable URL button's index is one of `text.buttons`, a URL button whose
/// approved URL is its prefix then `{{1}}`; and its prefix puts the variable where the
/// position says, in the path, the query or the fragment (never the scheme or the host).
///
/// The rest of the URL rule (the host's form, the length) is not `const`: [`render`] checks
/// every filled URL by it before it makes an [`ApprovedContent`].
///
/// # Panics
///
/// When any of the above does not hold: the description is not one `approved_template!`
/// writes. The expansion makes it a `static`, so this is a compile error, never a run-time
/// panic.
#[must_use]
#[allow(clippy::too_many_arguments)] // One for each part of the description, named.
pub const fn spec(
    name: &'static str,
    language: &'static str,
    named: bool,
    fields: &'static [&'static str],
    header: Option<TextSpec>,
    body: Option<TextSpec>,
    buttons: &'static [UrlButton],
    text: ApprovedText,
) -> Spec {
    assert!(
        is_template_name(name),
        "malformed approved_template! description: a template name is lowercase letters, \
         digits and `_`"
    );
    assert!(
        is_language_code(language),
        "malformed approved_template! description: a language code is like `en` or `en_US`"
    );
    let count = fields.len();
    if let Some(header) = &header {
        check_text_spec(header.pieces, header.parameters, count);
    }
    if let Some(body) = &body {
        check_text_spec(body.pieces, body.parameters, count);
    }
    if let Some(pieces) = text.header {
        check_pieces(pieces, count);
    }
    check_pieces(text.body, count);
    let mut at = 0;
    while at < buttons.len() {
        let button = &buttons[at];
        assert!(
            button.field < count,
            "malformed approved_template! description: a field index out of bounds"
        );
        let Some(index) = decimal(button.index) else {
            panic!("malformed approved_template! description: a button index is a number");
        };
        assert!(
            index < text.buttons.len(),
            "malformed approved_template! description: a button index out of bounds"
        );
        let approved = &text.buttons[index];
        let Some(url) = approved.url else {
            panic!("malformed approved_template! description: a variable button is a URL button");
        };
        assert!(
            matches!(approved.kind, ButtonKind::Url) && is_prefix_then_variable(button.prefix, url),
            "malformed approved_template! description: a URL button's prefix is its approved \
             URL before `{{{{1}}}}`"
        );
        assert!(
            matches!(
                (url_position(button.prefix), button.position),
                (UrlPosition::Path, Position::UrlPath)
                    | (UrlPosition::Query, Position::UrlQuery)
                    | (UrlPosition::Fragment, Position::UrlFragment)
            ),
            "malformed approved_template! description: a URL button's variable stands where its \
             prefix puts it, in the path, the query or the fragment"
        );
        at += 1;
    }
    Spec {
        name,
        language,
        named,
        fields,
        header,
        body,
        buttons,
        text,
    }
}

/// Checks a text component's pieces and parameters against `count` fields.
const fn check_text_spec(pieces: &[Piece], parameters: &[usize], count: usize) {
    check_pieces(pieces, count);
    let mut at = 0;
    while at < parameters.len() {
        assert!(
            parameters[at] < count,
            "malformed approved_template! description: a field index out of bounds"
        );
        at += 1;
    }
}

const fn check_pieces(pieces: &[Piece], count: usize) {
    let mut at = 0;
    while at < pieces.len() {
        if let Piece::Field(index) = pieces[at] {
            assert!(
                index < count,
                "malformed approved_template! description: a field index out of bounds"
            );
        }
        at += 1;
    }
}

/// `text` read as a decimal number without sign or leading zero; `None` when it is not one.
const fn decimal(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || (bytes[0] == b'0' && bytes.len() > 1) {
        return None;
    }
    let mut value: usize = 0;
    let mut at = 0;
    while at < bytes.len() {
        let digit = bytes[at];
        if !digit.is_ascii_digit() {
            return None;
        }
        let Some(times_ten) = value.checked_mul(10) else {
            return None;
        };
        let Some(next) = times_ten.checked_add((digit - b'0') as usize) else {
            return None;
        };
        value = next;
        at += 1;
    }
    Some(value)
}

/// Whether `url` is `prefix` then `{{1}}`.
const fn is_prefix_then_variable(prefix: &str, url: &str) -> bool {
    let (prefix, url, variable) = (prefix.as_bytes(), url.as_bytes(), b"{{1}}");
    if url.len() != prefix.len() + variable.len() {
        return false;
    }
    let mut at = 0;
    while at < url.len() {
        let expected = if at < prefix.len() {
            prefix[at]
        } else {
            variable[at - prefix.len()]
        };
        if url[at] != expected {
            return false;
        }
        at += 1;
    }
    true
}

/// The approved text, variables included, as the phone shows it once filled.
#[derive(PartialEq, Eq)]
pub struct ApprovedText {
    /// A text header, with or without variables.
    pub header: Option<&'static [Piece]>,
    /// The body.
    pub body: &'static [Piece],
    /// The footer.
    pub footer: Option<&'static str>,
    /// Every button, in order.
    pub buttons: &'static [ButtonText],
}

/// A button as approved.
#[derive(PartialEq, Eq)]
pub struct ButtonText {
    /// What it does.
    pub kind: ButtonKind,
    /// Its label.
    pub label: &'static str,
    /// A URL button's approved URL, ending in `{{1}}` when a field fills it.
    pub url: Option<&'static str>,
}

/// What a button does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ButtonKind {
    /// Sends its label back.
    QuickReply,
    /// Calls the business; the number is not kept.
    PhoneNumber,
    /// Opens a URL.
    Url,
}

/// A text component with variables.
#[derive(PartialEq, Eq)]
pub struct TextSpec {
    /// Its text: fixed runs and fields.
    pub pieces: &'static [Piece],
    /// The fields sent as its parameters, in Meta's order.
    pub parameters: &'static [usize],
}

/// A run of a text component.
#[derive(PartialEq, Eq)]
pub enum Piece {
    /// Fixed, approved text.
    Fixed(&'static str),
    /// The value of the field with this index.
    Field(usize),
}

/// A URL button whose URL ends in a variable.
#[derive(PartialEq, Eq)]
pub struct UrlButton {
    /// Its index among all the template's buttons, as Meta wants it: a string.
    pub index: &'static str,
    /// The approved URL before the variable.
    pub prefix: &'static str,
    /// Where the suffix stands, which decides its encoding.
    pub position: Position,
    /// The field giving the suffix.
    pub field: usize,
}

/// Fills `spec` with `values` (one for each field; the media field's slot is unused) and the
/// media header, checking every value.
///
/// # Errors
///
/// The first value, in the order of the fields, that breaks a rule; then a filled part over
/// its limit, then a filled URL that breaks the URL rule.
///
/// # Panics
///
/// When `values` does not hold one value for each of the spec's fields: the expansion always
/// gives one for each. (Every index of a spec names one of its fields: [`spec`] checked it.)
pub fn render(
    spec: &'static Spec,
    values: &[&str],
    media: Option<Header>,
) -> Result<ApprovedContent, ApprovedError> {
    assert_eq!(
        values.len(),
        spec.fields.len(),
        "approved_template!'s render gives one value for each field"
    );
    // Every index of a spec is one of its fields: the macro writes both.
    let value = |index: usize| values[index];
    let field = |index: usize| spec.fields[index];
    let text_fields = spec
        .header
        .iter()
        .chain(&spec.body)
        .flat_map(|text| text.parameters.iter().copied())
        .chain(spec.buttons.iter().map(|button| button.field));
    for index in text_fields {
        check_value(field(index), value(index))?;
    }
    let mut components = Vec::with_capacity(2 + spec.buttons.len());
    let text_component = |part: &'static str, limit: Field, text: &TextSpec, kind| {
        let filled: usize = text
            .pieces
            .iter()
            .map(|piece| match piece {
                Piece::Fixed(fixed) => fixed.chars().count(),
                Piece::Field(index) => value(*index).chars().count(),
            })
            .sum();
        let max = limit
            .max_chars()
            .expect("the body and a text header have a length limit");
        if filled > max {
            return Err(ApprovedError::TooLong {
                part,
                max,
                found: filled,
            });
        }
        let parameters = text
            .parameters
            .iter()
            .map(|&index| Parameter::Text {
                name: spec.named.then(|| field(index)),
                text: value(index).to_owned(),
            })
            .collect();
        Ok(Component { kind, parameters })
    };
    if let Some(header) = media {
        components.push(Component {
            kind: ComponentKind::Header,
            parameters: vec![Parameter::Media(header)],
        });
    } else if let Some(header) = &spec.header {
        components.push(text_component(
            "header",
            Field::HeaderText,
            header,
            ComponentKind::Header,
        )?);
    }
    if let Some(body) = &spec.body {
        components.push(text_component(
            "body",
            Field::BodyText,
            body,
            ComponentKind::Body,
        )?);
    }
    for button in spec.buttons {
        let name = field(button.field);
        let suffix = value(button.field);
        if button.position == Position::UrlPath && cta_rules::template::is_dot_segment(suffix) {
            return Err(ApprovedError::DotSegment { field: name });
        }
        let encoded = button.position.encode(suffix);
        let url = format!("{}{encoded}", button.prefix);
        crate::rules::check(Field::ButtonUrl, &url)
            .map_err(|error| ApprovedError::Url { field: name, error })?;
        components.push(Component {
            kind: ComponentKind::UrlButton(button.index),
            parameters: vec![Parameter::Text {
                name: None,
                text: encoded,
            }],
        });
    }
    Ok(ApprovedContent::new(spec, components))
}
