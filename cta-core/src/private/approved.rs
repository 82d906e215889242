//! What an `approved_template!` expansion names: a constant description of the approved
//! template ([`Spec`]) and the one function that fills every approved template ([`render`]).
//! The description only says where the struct's values go; every value is checked here, and
//! an [`ApprovedContent`] is made nowhere else.

use crate::approved::{
    ApprovedContent, ApprovedError, Component, ComponentKind, Parameter, check_value,
};
use crate::payload::Header;
use crate::rules::Field;
use crate::template::Position;

/// An approved template, as the macro read it from the definitions file.
#[derive(PartialEq, Eq)]
pub struct Spec {
    /// The template's name.
    pub name: &'static str,
    /// Its language code.
    pub language: &'static str,
    /// Whether its parameters are named (sent with `parameter_name`).
    pub named: bool,
    /// The struct's fields, in order: what [`render`]'s values are indexed by.
    pub fields: &'static [&'static str],
    /// A text header with a variable.
    pub header: Option<TextSpec>,
    /// A body with variables.
    pub body: Option<TextSpec>,
    /// The URL buttons whose URL ends in a variable.
    pub buttons: &'static [UrlButton],
    /// The approved text of every component, which the preview fills.
    pub text: ApprovedText,
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
