//! Messages from templates Meta approved beforehand: what can be sent outside the 24-hour
//! customer service window. See [`approved_template!`](crate::approved_template).
//!
//! The macro reads the approved definitions while your code compiles and defines a struct
//! with one field per value the template needs. Its `render` checks each value by Meta's rules
//! and gives an [`ApprovedContent`]; [`ApprovedContent::to`] addresses it to a
//! [`Recipient`], as an [`ApprovedMessage`] whose
//! [`to_json_vec`](ApprovedMessage::to_json_vec) is Meta's template send format.
//!
//! # The value rules
//!
//! | rule | source |
//! |---|---|
//! | a value is not empty | \[Meta\], error 132018 when sent |
//! | a value has no line break (`\n`, `\r`) or tab, and no more than [`MAX_CONSECUTIVE_SPACES`] spaces in a row | \[Meta\], error 132018 when sent |
//! | the filled body is at most 1024 characters, a filled text header at most 60 | \[Meta\] |
//! | a URL suffix is percent-encoded for where it stands (a path segment, the query, the fragment); `.` and `..` are refused in the path | \[chosen\] (Meta does not encode it) |
//! | the filled URL is an absolute `http(s)` URL by the button URL rule of [`rules`](crate::rules) | \[chosen\] |
//!
//! Characters are counted as Unicode scalar values, as everywhere in this crate (\[chosen\]).
//!
//! Meta checks the first two rows when the message is sent, and refuses a value that breaks
//! one with error 132018, "There was an issue with the parameters in your template"
//! (`graph::ErrorCode::TEMPLATE_PARAMETER_VALUE_INVALID` with the `send` or `webhook` feature,
//! not retryable); `render` refuses it before, naming the field.

use std::fmt;

use serde_core::Serialize;
use serde_core::ser::{SerializeSeq, SerializeStruct, Serializer};

use crate::__private::approved::Spec;
use crate::checked::Recipient;
use crate::payload::{Document, Header, Media};
use crate::rules::json;
use crate::rules::{RecipientKind, RuleError};

pub use crate::rules::approved::MAX_CONSECUTIVE_SPACES;
use crate::rules::approved::{ParameterProblem, check_parameter};

/// A template parameter's value.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Parameter {
    /// A text value; `name` is the variable's name in a named template.
    Text {
        name: Option<&'static str>,
        text: String,
    },
    /// A media header's asset.
    Media(Header),
}

/// Which component a group of parameters fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ComponentKind {
    Header,
    Body,
    /// A URL button, by its index among all the template's buttons, as Meta wants it: a string.
    UrlButton(&'static str),
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Component {
    pub(crate) kind: ComponentKind,
    pub(crate) parameters: Vec<Parameter>,
}

/// An approved template filled with checked values, not yet addressed. Made by the `render`
/// method of a struct that [`approved_template!`](crate::approved_template) defines.
#[derive(Clone, PartialEq, Eq)]
pub struct ApprovedContent {
    /// The approved template: its name, language and text, which the preview fills.
    spec: &'static Spec,
    components: Vec<Component>,
}

impl ApprovedContent {
    /// Only `__private::approved::render` makes one, after checking every value.
    pub(crate) fn new(spec: &'static Spec, components: Vec<Component>) -> Self {
        ApprovedContent { spec, components }
    }

    /// The template's name, as approved.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.spec.name
    }

    /// The template's language code (`en_US`).
    #[must_use]
    pub fn language(&self) -> &'static str {
        self.spec.language
    }

    /// The approved template this content fills.
    #[cfg_attr(not(feature = "preview"), allow(dead_code))]
    pub(crate) fn spec(&self) -> &'static Spec {
        self.spec
    }

    /// The filled components, in the order they are sent.
    #[cfg_attr(not(feature = "preview"), allow(dead_code))]
    pub(crate) fn components(&self) -> &[Component] {
        &self.components
    }

    /// The message to `recipient`: a phone number (sent as `"to"`) or a BSUID (sent as
    /// `"recipient"`).
    #[must_use]
    pub fn to(&self, recipient: Recipient) -> ApprovedMessage {
        self.clone().into_message(recipient)
    }

    /// [`to`](Self::to), without copying the content.
    #[must_use]
    pub fn into_message(self, recipient: Recipient) -> ApprovedMessage {
        ApprovedMessage {
            recipient,
            content: self,
        }
    }
}

/// Values are message text: Debug shows the template and the shape, never a value.
impl fmt::Debug for ApprovedContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApprovedContent")
            .field("name", &self.spec.name)
            .field("language", &self.spec.language)
            .field(
                "components",
                &self
                    .components
                    .iter()
                    .map(|component| (component.kind, component.parameters.len()))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// An approved template addressed to a recipient: the request body of a template send.
///
/// ```
/// cta_core::approved_template! {
///     pub struct DeliveryWindow = "delivery_window" in "en_US";
/// }
///
/// let message = DeliveryWindow { customer: "Sam", parcel_id: "P-77", day: "Friday", url_1: "P 77" }
///     .render()?
///     .to(cta_core::Recipient::new("+16505551234")?);
/// let body = String::from_utf8(message.to_json_vec())?;
/// assert!(body.starts_with(r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template""#));
/// assert!(body.ends_with(r#"{"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"P%2077"}]}]}}"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApprovedMessage {
    recipient: Recipient,
    content: ApprovedContent,
}

impl fmt::Debug for ApprovedMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApprovedMessage")
            .field("recipient", &self.recipient)
            .field("content", &self.content)
            .finish()
    }
}

impl ApprovedMessage {
    /// Who it goes to.
    #[must_use]
    pub fn recipient(&self) -> &Recipient {
        &self.recipient
    }

    /// The filled template.
    #[must_use]
    pub fn content(&self) -> &ApprovedContent {
        &self.content
    }

    /// Appends the request body to `out`: exactly the bytes of `serde_json::to_vec`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(json::message_head(self.recipient.kind()).as_bytes());
        write_string(self.recipient.as_str(), out);
        out.extend_from_slice(br#","type":"template","template":{"name":"#);
        write_string(self.content.spec.name, out);
        out.extend_from_slice(br#","language":{"code":"#);
        write_string(self.content.spec.language, out);
        out.push(b'}');
        if !self.content.components.is_empty() {
            out.extend_from_slice(br#","components":["#);
            for (at, component) in self.content.components.iter().enumerate() {
                if at > 0 {
                    out.push(b',');
                }
                write_component(component, out);
            }
            out.push(b']');
        }
        out.extend_from_slice(b"}}");
    }

    /// The request body: Meta's template send format, byte for byte what `serde_json::to_vec`
    /// gives for this message.
    #[must_use]
    pub fn to_json_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        self.write_json(&mut out);
        out
    }
}

fn write_string(value: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    json::write_escaped(value, out);
    out.push(b'"');
}

fn write_component(component: &Component, out: &mut Vec<u8>) {
    match component.kind {
        ComponentKind::Header => out.extend_from_slice(br#"{"type":"header""#),
        ComponentKind::Body => out.extend_from_slice(br#"{"type":"body""#),
        ComponentKind::UrlButton(index) => {
            out.extend_from_slice(br#"{"type":"button","sub_type":"url","index":"#);
            write_string(index, out);
        }
    }
    out.extend_from_slice(br#","parameters":["#);
    for (at, parameter) in component.parameters.iter().enumerate() {
        if at > 0 {
            out.push(b',');
        }
        match parameter {
            Parameter::Text { name, text } => {
                out.extend_from_slice(br#"{"type":"text""#);
                if let Some(name) = name {
                    out.extend_from_slice(br#","parameter_name":"#);
                    write_string(name, out);
                }
                out.extend_from_slice(br#","text":"#);
                write_string(text, out);
                out.push(b'}');
            }
            Parameter::Media(header) => write_media(header, out),
        }
    }
    out.extend_from_slice(b"]}");
}

/// `{"type":"image","image":{"link":"…"}}`: the header's JSON in an interactive message, which
/// is also a template's media parameter.
fn write_media(header: &Header, out: &mut Vec<u8>) {
    let (media, filename) = match header {
        Header::Text(text) => {
            out.extend_from_slice(br#"{"type":"text","text":"#);
            write_string(text.as_str(), out);
            out.push(b'}');
            return;
        }
        Header::Image(media) | Header::Video(media) => (media, None),
        Header::Document(Document { media, filename }) => (media, filename.as_ref()),
    };
    let (by_id, value) = match media {
        Media::Link(link) => (false, link.as_str()),
        Media::Id(id) => (true, id.as_str()),
    };
    let open = json::header_open(header.kind(), by_id);
    out.extend_from_slice(
        open.strip_prefix(r#","header":"#)
            .expect("a header's JSON opens with its key, after a comma")
            .as_bytes(),
    );
    write_string(value, out);
    if let Some(filename) = filename {
        out.extend_from_slice(br#","filename":"#);
        write_string(filename.as_str(), out);
    }
    out.extend_from_slice(b"}}");
}

impl Serialize for ApprovedMessage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("ApprovedMessage", 5)?;
        object.serialize_field("messaging_product", "whatsapp")?;
        object.serialize_field("recipient_type", "individual")?;
        // A BSUID goes in `recipient`, never in `to`, where Meta would drop the message.
        match self.recipient.kind() {
            RecipientKind::PhoneNumber => object.serialize_field("to", self.recipient.as_str())?,
            RecipientKind::Bsuid => {
                object.serialize_field("recipient", self.recipient.as_str())?;
            }
        }
        object.serialize_field("type", "template")?;
        object.serialize_field("template", &self.content)?;
        object.end()
    }
}

/// The `template` object of the request body.
impl Serialize for ApprovedContent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Language(&'static str);
        impl Serialize for Language {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = serializer.serialize_struct("Language", 1)?;
                object.serialize_field("code", self.0)?;
                object.end()
            }
        }
        let components = !self.components.is_empty();
        let mut object = serializer.serialize_struct("Template", 2 + usize::from(components))?;
        object.serialize_field("name", self.spec.name)?;
        object.serialize_field("language", &Language(self.spec.language))?;
        if components {
            object.serialize_field("components", &self.components)?;
        }
        object.end()
    }
}

impl Serialize for Component {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let button = match self.kind {
            ComponentKind::UrlButton(index) => Some(index),
            ComponentKind::Header | ComponentKind::Body => None,
        };
        let mut object =
            serializer.serialize_struct("Component", 2 + 2 * usize::from(button.is_some()))?;
        match self.kind {
            ComponentKind::Header => object.serialize_field("type", "header")?,
            ComponentKind::Body => object.serialize_field("type", "body")?,
            ComponentKind::UrlButton(index) => {
                object.serialize_field("type", "button")?;
                object.serialize_field("sub_type", "url")?;
                object.serialize_field("index", index)?;
            }
        }
        object.serialize_field("parameters", &Parameters(&self.parameters))?;
        object.end()
    }
}

struct Parameters<'a>(&'a [Parameter]);

impl Serialize for Parameters<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut list = serializer.serialize_seq(Some(self.0.len()))?;
        for parameter in self.0 {
            list.serialize_element(parameter)?;
        }
        list.end()
    }
}

impl Serialize for Parameter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Parameter::Text { name, text } => {
                let mut object =
                    serializer.serialize_struct("Parameter", 2 + usize::from(name.is_some()))?;
                object.serialize_field("type", "text")?;
                if let Some(name) = name {
                    object.serialize_field("parameter_name", name)?;
                }
                object.serialize_field("text", text)?;
                object.end()
            }
            Parameter::Media(header) => header.serialize(serializer),
        }
    }
}

/// A value that breaks one of Meta's rules for template parameters, naming the struct's field
/// (or, for a length, the part) and what was found. Never the value itself: it is message
/// text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApprovedError {
    /// The value is empty. \[Meta\]
    Empty {
        /// The struct's field.
        field: &'static str,
    },
    /// The value holds a line break or a tab, at this character (counted from 1). \[Meta\]
    LineBreakOrTab {
        /// The struct's field.
        field: &'static str,
        /// Where, in characters from 1.
        at: usize,
    },
    /// The value holds more than [`MAX_CONSECUTIVE_SPACES`] spaces in a row. \[Meta\]
    TooManySpaces {
        /// The struct's field.
        field: &'static str,
        /// The longest run of spaces found.
        found: usize,
    },
    /// The filled body or text header is over Meta's limit. \[Meta\]
    TooLong {
        /// `"body"` or `"header"`.
        part: &'static str,
        /// The limit, in characters.
        max: usize,
        /// The filled part's length, in characters.
        found: usize,
    },
    /// A URL suffix in the path is `.` or `..`, which would move the link to another folder
    /// however it is encoded. \[chosen\]
    DotSegment {
        /// The struct's field.
        field: &'static str,
    },
    /// The filled button URL breaks the button URL rule.
    Url {
        /// The struct's field.
        field: &'static str,
        /// The rule broken.
        error: RuleError,
    },
}

impl ApprovedError {
    /// The struct's field at fault; `None` for a length, which all the part's values share.
    #[must_use]
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ApprovedError::Empty { field }
            | ApprovedError::LineBreakOrTab { field, .. }
            | ApprovedError::TooManySpaces { field, .. }
            | ApprovedError::DotSegment { field }
            | ApprovedError::Url { field, .. } => Some(field),
            ApprovedError::TooLong { .. } => None,
        }
    }
}

impl fmt::Display for ApprovedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApprovedError::Empty { field } => {
                write!(f, "`{field}` {}", ParameterProblem::Empty)
            }
            ApprovedError::LineBreakOrTab { field, at } => {
                write!(
                    f,
                    "`{field}` {}",
                    ParameterProblem::LineBreakOrTab { at: *at }
                )
            }
            ApprovedError::TooManySpaces { field, found } => write!(
                f,
                "`{field}` {}",
                ParameterProblem::TooManySpaces { found: *found }
            ),
            ApprovedError::TooLong { part, max, found } => write!(
                f,
                "the filled {part} is {found} characters; Meta allows at most {max}"
            ),
            ApprovedError::DotSegment { field } => write!(
                f,
                "`{field}` is `.` or `..` in the URL's path, which would move the link to \
                 another folder"
            ),
            ApprovedError::Url { field, error } => {
                write!(f, "the button URL filled with `{field}`: {error}")
            }
        }
    }
}

impl std::error::Error for ApprovedError {}

/// Checks a value by Meta's rules for template parameters, naming `field` when it breaks one.
pub(crate) fn check_value(field: &'static str, value: &str) -> Result<(), ApprovedError> {
    check_parameter(value).map_err(|problem| match problem {
        ParameterProblem::Empty => ApprovedError::Empty { field },
        ParameterProblem::LineBreakOrTab { at } => ApprovedError::LineBreakOrTab { field, at },
        ParameterProblem::TooManySpaces { found } => ApprovedError::TooManySpaces { field, found },
    })
}
