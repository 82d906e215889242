//! Every limit and rule a CTA URL message must satisfy, in one place. An implementation detail
//! of `cta-core`, which re-exports this crate as `cta_core::rules`: depend on `cta-core`.
//!
//! This crate is the single source of truth for both sides of `cta-core`: its run-time types
//! check values with it, and its `cta_message!` macro checks string literals with the very same
//! code while your code builds. A verdict and its message are therefore identical at compile
//! time and at run time. It has no dependencies, so that the proc-macro and `cta-core` both
//! build on it at no cost.
//!
//! # How characters are counted
//!
//! Lengths are counted in Unicode scalar values, as [`str::chars`] counts them: `👍` is one
//! character, the flag `🇫🇷` is two, and `é` written as `e` plus a combining accent is two.
//! Meta does not say how it counts; this choice is the crate's own (**\[chosen\]**).
//!
//! # Where each rule comes from
//!
//! Every [`Field`] says through [`Field::source`] whether its limit is stated by Meta
//! ([`Source::Meta`]) or is a decision of this crate made to catch mistakes early
//! ([`Source::Chosen`]), and the docs of the rules mark each **\[Meta\]** or **\[chosen\]**.
//! `cta-core`'s crate docs hold the table of every rule, for users; this crate does not repeat
//! it.
//!
//! The values sent with a template Meta approved have rules of their own, in [`approved`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::fmt;

pub mod approved;
mod host;
#[doc(hidden)]
pub mod json;
#[doc(hidden)]
pub mod layout;
mod scan;
// The plumbing of `cta_template!` (the check of a template's fixed text, and of a part filled
// at run time) and of the JSON writers: public for the macros and `cta-core`, not part of the
// rules `cta_core::rules` documents.
#[doc(hidden)]
pub mod template;

pub use host::HostProblem;

/// Most characters in a header text. **\[Meta\]**
pub const HEADER_TEXT_MAX_CHARS: usize = 60;
/// Most characters in the body text. **\[Meta\]**
pub const BODY_TEXT_MAX_CHARS: usize = 1024;
/// Most characters in the button label (`display_text`). **\[Meta\]**
pub const BUTTON_LABEL_MAX_CHARS: usize = 20;
/// Most characters in the footer text. **\[Meta\]**
pub const FOOTER_TEXT_MAX_CHARS: usize = 60;
/// Most characters in a URL, for the button and for media links. **\[chosen\]**: Meta's limit
/// for URL buttons in templates.
pub const URL_MAX_CHARS: usize = 2000;
/// Most characters in the WAMID of the message being replied to. **\[Meta\]**
pub const MESSAGE_ID_MAX_CHARS: usize = 128;
/// Most characters in `biz_opaque_callback_data`. **\[Meta\]**
pub const CALLBACK_DATA_MAX_CHARS: usize = 512;
/// Most characters in a document's file name. **\[chosen\]**
pub const FILENAME_MAX_CHARS: usize = 240;
/// Most characters in a phone number recipient, separators included. **\[chosen\]**
pub const RECIPIENT_MAX_CHARS: usize = 32;
/// Most letters and digits in a BSUID after its country code (and `ENT.`). **\[Meta\]**
pub const BSUID_MAX_ID_CHARS: usize = 128;
/// Fewest digits in a recipient's number. **\[chosen\]**
pub const RECIPIENT_MIN_DIGITS: usize = 7;
/// Most digits in a recipient's number: E.164 allows 15. **\[chosen\]**
pub const RECIPIENT_MAX_DIGITS: usize = 15;

/// Who states a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// Stated in Meta's WhatsApp Cloud API documentation.
    Meta,
    /// Meta says nothing precise; the crate chose the rule to catch real mistakes early.
    Chosen,
}

/// A part of the message that carries a value checked by these rules: the one table of parts
/// that the macros' parser, their code generation and the checked types follow. The variants
/// are declared in the order of the JSON payload, the order of [`Field::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The recipient: a phone number or WhatsApp ID (`to`), or a business-scoped user ID
    /// (`recipient`); see [`RecipientKind`].
    Recipient,
    /// `context.message_id`: the WAMID of the message this one replies to.
    MessageId,
    /// `interactive.header.text`.
    HeaderText,
    /// The `link` of an image, video or document header.
    MediaLink,
    /// The `id` of an uploaded image, video or document.
    MediaId,
    /// The `filename` of a document header.
    Filename,
    /// `interactive.body.text`.
    BodyText,
    /// `interactive.action.parameters.display_text`: the button label.
    ButtonLabel,
    /// `interactive.action.parameters.url`: the URL the button opens.
    ButtonUrl,
    /// `interactive.footer.text`.
    FooterText,
    /// `biz_opaque_callback_data`, echoed back in status webhooks.
    CallbackData,
}

impl Field {
    /// Every field, in the order of the JSON payload.
    pub const ALL: &'static [Field] = &[
        Field::Recipient,
        Field::MessageId,
        Field::HeaderText,
        Field::MediaLink,
        Field::MediaId,
        Field::Filename,
        Field::BodyText,
        Field::ButtonLabel,
        Field::ButtonUrl,
        Field::FooterText,
        Field::CallbackData,
    ];

    /// The field's name in prose, as error messages use it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Field::Recipient => "recipient",
            Field::HeaderText => "header text",
            Field::BodyText => "body text",
            Field::ButtonLabel => "button label",
            Field::ButtonUrl => "button URL",
            Field::FooterText => "footer text",
            Field::MediaLink => "media link",
            Field::MediaId => "media ID",
            Field::Filename => "document file name",
            Field::MessageId => "reply-to message ID",
            Field::CallbackData => "callback data",
        }
    }

    /// Where the value sits in the JSON payload.
    #[must_use]
    pub const fn json_path(self) -> &'static str {
        match self {
            Field::Recipient => "to (or recipient, for a BSUID)",
            Field::HeaderText => "interactive.header.text",
            Field::BodyText => "interactive.body.text",
            Field::ButtonLabel => "interactive.action.parameters.display_text",
            Field::ButtonUrl => "interactive.action.parameters.url",
            Field::FooterText => "interactive.footer.text",
            Field::MediaLink => "interactive.header.<image|video|document>.link",
            Field::MediaId => "interactive.header.<image|video|document>.id",
            Field::Filename => "interactive.header.document.filename",
            Field::MessageId => "context.message_id",
            Field::CallbackData => "biz_opaque_callback_data",
        }
    }

    /// The most characters the field may hold, if its length is limited.
    ///
    /// The recipient's limits depend on its kind, and are checked with its form: a phone
    /// number has at most [`RECIPIENT_MAX_CHARS`] characters and [`RECIPIENT_MAX_DIGITS`]
    /// digits, a BSUID at most [`BSUID_MAX_ID_CHARS`] after its prefix.
    #[must_use]
    pub const fn max_chars(self) -> Option<usize> {
        match self {
            Field::HeaderText => Some(HEADER_TEXT_MAX_CHARS),
            Field::BodyText => Some(BODY_TEXT_MAX_CHARS),
            Field::ButtonLabel => Some(BUTTON_LABEL_MAX_CHARS),
            Field::FooterText => Some(FOOTER_TEXT_MAX_CHARS),
            Field::ButtonUrl | Field::MediaLink => Some(URL_MAX_CHARS),
            Field::MessageId => Some(MESSAGE_ID_MAX_CHARS),
            Field::CallbackData => Some(CALLBACK_DATA_MAX_CHARS),
            Field::Filename => Some(FILENAME_MAX_CHARS),
            Field::Recipient | Field::MediaId => None,
        }
    }

    /// Who states the field's length limit (or, for the recipient and media ID, its form).
    #[must_use]
    pub const fn source(self) -> Source {
        match self {
            Field::HeaderText
            | Field::BodyText
            | Field::ButtonLabel
            | Field::FooterText
            | Field::MessageId
            | Field::CallbackData => Source::Meta,
            Field::ButtonUrl
            | Field::MediaLink
            | Field::Filename
            | Field::Recipient
            | Field::MediaId => Source::Chosen,
        }
    }

    /// The key that gives the field in `cta_message!`: a key of its own (`body`, `button`,
    /// …), or for the parts of a header, the header kind or argument that holds it (`text`,
    /// `link`, `id`, `filename`; see [`in_header`](Self::in_header)).
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Field::Recipient => "to",
            Field::HeaderText => "text",
            Field::BodyText => "body",
            Field::ButtonLabel => "button",
            Field::ButtonUrl => "url",
            Field::FooterText => "footer",
            Field::MediaLink => "link",
            Field::MediaId => "id",
            Field::Filename => "filename",
            Field::MessageId => "reply_to",
            Field::CallbackData => "callback_data",
        }
    }

    /// Whether the field is a part of the header, given inside `header: …` rather than under
    /// a key of its own.
    #[must_use]
    pub const fn in_header(self) -> bool {
        matches!(
            self,
            Field::HeaderText | Field::MediaLink | Field::MediaId | Field::Filename
        )
    }

    /// Whether every message must have the field. The recipient is required of a message but
    /// not of content, which is addressed later, so it is not counted here.
    #[must_use]
    pub const fn required(self) -> bool {
        matches!(
            self,
            Field::BodyText | Field::ButtonLabel | Field::ButtonUrl
        )
    }

    /// Whether a blank (empty or whitespace-only) value is rejected. **\[chosen\]**
    #[must_use]
    pub const fn rejects_blank(self) -> bool {
        !matches!(self, Field::CallbackData)
    }

    /// Whether the value must fit on one line. **\[chosen\]**
    #[must_use]
    pub const fn single_line(self) -> bool {
        matches!(
            self,
            Field::HeaderText | Field::ButtonLabel | Field::Filename | Field::MessageId
        )
    }

    /// Whether a template (`cta_template!`) may hold `{name}` placeholders in the field: the
    /// header text, the body, the footer and the button URL. **\[chosen\]**
    #[must_use]
    pub const fn takes_placeholders(self) -> bool {
        matches!(
            self,
            Field::HeaderText | Field::BodyText | Field::FooterText | Field::ButtonUrl
        )
    }

    const fn is_url(self) -> bool {
        matches!(self, Field::ButtonUrl | Field::MediaLink)
    }

    /// Whether the field is text a person reads, where control characters other than tabs and
    /// line breaks are refused. **\[chosen\]**
    const fn is_text(self) -> bool {
        matches!(
            self,
            Field::HeaderText | Field::BodyText | Field::ButtonLabel | Field::FooterText
        )
    }
}

/// What a message's header is: `text`, `image`, `video` or `document`. The one list of header
/// kinds, which the macros' parser, the JSON, the layout of pre-rendered messages,
/// `cta_core::Header`, its builder, its `Deserialize` and templates all follow. A message
/// without a header has none: `Option<HeaderKind>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderKind {
    /// A text of at most [`HEADER_TEXT_MAX_CHARS`] characters ([`Field::HeaderText`]).
    Text,
    /// An image, by link or uploaded media ID.
    Image,
    /// A video, by link or uploaded media ID.
    Video,
    /// A document, by link or uploaded media ID, with an optional file name.
    Document,
}

impl HeaderKind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [HeaderKind; 4] = [
        HeaderKind::Text,
        HeaderKind::Image,
        HeaderKind::Video,
        HeaderKind::Document,
    ];

    /// The name JSON gives the kind, as the header's `type` and as the key of its object;
    /// `cta_message!` writes the kind with the same name: `text(…)`, `image(…)`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            HeaderKind::Text => "text",
            HeaderKind::Image => "image",
            HeaderKind::Video => "video",
            HeaderKind::Document => "document",
        }
    }

    /// The kind named `name` ([`name`](Self::name)), if there is one.
    #[must_use]
    pub fn named(name: &str) -> Option<HeaderKind> {
        HeaderKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// Whether the header shows media, given by a link ([`Field::MediaLink`]) or an uploaded
    /// media ID ([`Field::MediaId`]), rather than a text.
    #[must_use]
    pub const fn is_media(self) -> bool {
        !matches!(self, HeaderKind::Text)
    }

    /// The keys a header object of this kind holds: `type`, and the key its kind names.
    #[must_use]
    pub const fn header_keys(self) -> &'static [&'static str] {
        match self {
            HeaderKind::Text => &["type", "text"],
            HeaderKind::Image => &["type", "image"],
            HeaderKind::Video => &["type", "video"],
            HeaderKind::Document => &["type", "document"],
        }
    }

    /// Whether the header may carry a file name ([`Field::Filename`]): only a document's.
    #[must_use]
    pub const fn takes_filename(self) -> bool {
        matches!(self, HeaderKind::Document)
    }
}

impl fmt::Display for HeaderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A value that breaks one of the rules: which field, which rule, the limit and what was found.
///
/// Its [`Display`](fmt::Display) text is the message the `cta_message!` macro reports at
/// compile time, word for word.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleError {
    /// The value has more characters than the field allows.
    TooLong {
        /// The field at fault.
        field: Field,
        /// The most characters allowed.
        max: usize,
        /// How many characters were found.
        found: usize,
    },
    /// The value is empty or only whitespace.
    Blank {
        /// The field at fault.
        field: Field,
    },
    /// A single-line field holds a line break.
    LineBreak {
        /// The field at fault.
        field: Field,
        /// The 1-based character position of the first line break.
        at: usize,
    },
    /// A URL or an identifier holds whitespace or a control character.
    Whitespace {
        /// The field at fault.
        field: Field,
        /// The character found.
        found: char,
        /// Its 1-based character position.
        at: usize,
    },
    /// A URL or an identifier holds an invisible or direction-changing character
    /// ([`is_invisible`]).
    Invisible {
        /// The field at fault.
        field: Field,
        /// The character found.
        found: char,
        /// Its 1-based character position.
        at: usize,
    },
    /// A URL that is not well formed: a backslash, no `//` after the scheme, an unclosed
    /// `[`, or something other than a port after an IPv6 address.
    MalformedUrl {
        /// The field at fault.
        field: Field,
        /// What is wrong, in prose.
        problem: &'static str,
    },
    /// A URL does not start with `http://` or `https://`.
    Scheme {
        /// The field at fault.
        field: Field,
        /// The scheme found, or an empty string for a relative URL.
        found: String,
    },
    /// A URL has no host after `://`.
    MissingHost {
        /// The field at fault.
        field: Field,
    },
    /// A URL has user-info (`user:pass@`) before its host.
    UserInfo {
        /// The field at fault.
        field: Field,
    },
    /// A URL's port is not a number from 1 to 65535.
    Port {
        /// The field at fault.
        field: Field,
        /// The port text found: empty for a `:` with nothing after it.
        found: String,
    },
    /// A URL's host is not a well-formed host name, IPv4 address or IPv6 address.
    Host {
        /// The field at fault.
        field: Field,
        /// The host as written, brackets included.
        host: String,
        /// What is wrong with it.
        problem: HostProblem,
    },
    /// A recipient has too few or too many digits.
    DigitCount {
        /// The field at fault.
        field: Field,
        /// The fewest digits allowed.
        min: usize,
        /// The most digits allowed.
        max: usize,
        /// How many digits were found.
        found: usize,
    },
    /// A recipient that looks like a BSUID but is not of a BSUID's form: two capitals, a
    /// period, `ENT.` for a parent BSUID, then 1 to 128 letters and digits. Text looks like a
    /// BSUID when it starts with an ASCII letter and either its first two characters are
    /// ASCII capitals (a country code) or its third is a period: `us.1349`, `U1.1349` and
    /// `US-1349` do, `hello` does not. A recipient given as a BSUID (a webhook's `user_id`,
    /// the JSON's `recipient`) is always read as one.
    InvalidBsuid {
        /// The character found where the form is broken, or `None` when the BSUID ends too
        /// soon.
        found: Option<char>,
        /// Its 1-based character position.
        at: usize,
        /// What the form wants there, in prose.
        expected: &'static str,
    },
    /// A recipient that starts like neither a phone number nor a BSUID, such as `hello`: its
    /// first character is not one a phone number starts with (a digit, `+`, a space, `-`,
    /// `(` or `)`), and it does not look like a BSUID ([`RuleError::InvalidBsuid`] says when
    /// text does). Only that first character is reported: a recipient is personal data.
    NeitherPhoneNorBsuid {
        /// The first character.
        found: char,
    },
    /// A character that the field does not allow.
    InvalidCharacter {
        /// The field at fault.
        field: Field,
        /// The character found.
        found: char,
        /// Its 1-based character position.
        at: usize,
        /// What the field allows, in prose.
        allowed: &'static str,
    },
}

impl RuleError {
    /// The field whose value broke the rule.
    #[must_use]
    pub fn field(&self) -> Field {
        match self {
            RuleError::TooLong { field, .. }
            | RuleError::Blank { field }
            | RuleError::LineBreak { field, .. }
            | RuleError::Whitespace { field, .. }
            | RuleError::Invisible { field, .. }
            | RuleError::MalformedUrl { field, .. }
            | RuleError::Scheme { field, .. }
            | RuleError::MissingHost { field }
            | RuleError::UserInfo { field }
            | RuleError::Port { field, .. }
            | RuleError::Host { field, .. }
            | RuleError::DigitCount { field, .. }
            | RuleError::InvalidCharacter { field, .. } => *field,
            RuleError::InvalidBsuid { .. } | RuleError::NeitherPhoneNorBsuid { .. } => {
                Field::Recipient
            }
        }
    }
}

impl Source {
    /// Who allows a limit, as error messages say it: "WhatsApp allows" or "this crate allows".
    #[must_use]
    pub const fn who_allows(self) -> &'static str {
        match self {
            Source::Meta => "WhatsApp allows",
            Source::Chosen => "this crate allows",
        }
    }
}

fn who_allows(field: Field) -> &'static str {
    field.source().who_allows()
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleError::TooLong { field, max, found } => write!(
                f,
                "{field} is {found} characters; {} at most {max}",
                who_allows(*field)
            ),
            RuleError::Blank { field } => write!(
                f,
                "{field} is blank; it needs at least one visible character that is not whitespace"
            ),
            RuleError::LineBreak { field, at } => write!(
                f,
                "{field} must be a single line; found a line break at character {at}"
            ),
            RuleError::Whitespace { field, found, at } => write!(
                f,
                "{field} must not contain whitespace or control characters; found {found:?} at \
                 character {at}"
            ),
            RuleError::Invisible { field, found, at } => write!(
                f,
                "{field} must not contain invisible or direction-changing characters; found \
                 U+{:04X} at character {at}",
                u32::from(*found)
            ),
            RuleError::MalformedUrl { field, problem } => {
                write!(f, "{field} is not a well-formed URL: {problem}")
            }
            RuleError::Scheme { field, found } if found.is_empty() => write!(
                f,
                "{field} must be an absolute URL starting with `https://` or `http://`; found a \
                 relative URL"
            ),
            RuleError::Scheme { field, found } => write!(
                f,
                "{field} must start with `https://` or `http://`; found the scheme `{found}:`"
            ),
            RuleError::MissingHost { field } => {
                write!(f, "{field} must name a host after `://`; found none")
            }
            RuleError::UserInfo { field } => write!(
                f,
                "{field} must not carry user-info (`user:password@`) before the host; it is a \
                 phishing trick"
            ),
            RuleError::Port { field, found } if found.is_empty() => write!(
                f,
                "{field} has an empty port after `:`; a port is a number from 1 to 65535, or \
                 leave out the `:`"
            ),
            RuleError::Port { field, found } => write!(
                f,
                "{field} has the port `{found}`; a port is a number from 1 to 65535"
            ),
            RuleError::Host {
                field,
                host,
                problem,
            } => write!(
                f,
                "{field} has the host `{host}`, which is not valid: {problem}"
            ),
            RuleError::DigitCount {
                field,
                min,
                max,
                found,
            } => write!(
                f,
                "{field} has {found} digits; this crate allows {min} to {max} (E.164 numbers \
                 have at most 15)"
            ),
            RuleError::InvalidBsuid {
                found,
                at,
                expected,
            } => write_invalid_bsuid(f, *found, *at, expected),
            RuleError::NeitherPhoneNorBsuid { found } => write!(
                f,
                "recipient is neither a phone number ({RECIPIENT_MIN_DIGITS} to \
                 {RECIPIENT_MAX_DIGITS} digits, such as `+16505551234`) nor a BSUID (such as \
                 `US.13491208655302741918`): it starts with {found:?}"
            ),
            RuleError::InvalidCharacter {
                field,
                found,
                at,
                allowed,
            } => write!(
                f,
                "{field} contains {found:?} at character {at}; only {allowed} are allowed"
            ),
        }
    }
}

/// The message of [`RuleError::InvalidBsuid`]: where the BSUID's form breaks, and what the
/// form wants there.
fn write_invalid_bsuid(
    f: &mut fmt::Formatter<'_>,
    found: Option<char>,
    at: usize,
    expected: &str,
) -> fmt::Result {
    write!(
        f,
        "recipient is not a valid BSUID (such as `US.13491208655302741918`): expected {expected} \
         at character {at}, found "
    )?;
    match found {
        Some(found) => write!(f, "{found:?}"),
        None => f.write_str("the end"),
    }
}

impl std::error::Error for RuleError {}

/// Checks `value` against every rule of `field`.
///
/// This one function decides for the macro and for the run-time types alike. A valid text is
/// read once: its length, line breaks and control characters are found in one scan, 64
/// bytes at a time ([`Field::BodyText`] of 1024 ASCII characters costs about 2.5× checking it
/// is UTF-8). Only a value that breaks a rule is read again, to name the rule.
///
/// # Errors
///
/// The first rule the value breaks, in this order: blank, length, line breaks, control
/// characters, then the field's form (URL, digits).
pub fn check(field: Field, value: &str) -> Result<(), RuleError> {
    check_json(field, value).map(|_| ())
}

/// [`check`], which also tells whether JSON writes the value as it is: `true` when it is known
/// to hold no control character, `"` or `\\` ([`json::needs_no_escape`]). The texts find it out
/// in the same read as their check, so a value made at run time is not read again to write it.
/// `false` means it needs escaping or was not looked at: a text's blocks of non-ASCII
/// characters are only counted, which keeps their check within a few times
/// `chars().count()`; the writer looks at them when it writes them.
///
/// # Errors
///
/// Those of [`check`], the same in every case.
#[doc(hidden)]
pub fn check_json(field: Field, value: &str) -> Result<bool, RuleError> {
    // Stops at the first visible character, which is normally the first character.
    if field.rejects_blank() && is_blank(value) {
        return Err(RuleError::Blank { field });
    }
    match field {
        Field::Recipient => check_recipient(value).map(|()| json::needs_no_escape(value)),
        Field::MediaId => check_digits_only(field, value).map(|()| json::needs_no_escape(value)),
        Field::ButtonUrl | Field::MediaLink => check_url(field, value),
        Field::CallbackData => {
            check_length(field, value.chars().count()).map(|()| json::needs_no_escape(value))
        }
        Field::HeaderText
        | Field::BodyText
        | Field::ButtonLabel
        | Field::FooterText
        | Field::Filename
        | Field::MessageId => check_text(field, value),
    }
}

fn check_length(field: Field, found: usize) -> Result<(), RuleError> {
    match field.max_chars() {
        Some(max) if found > max => Err(RuleError::TooLong { field, max, found }),
        _ => Ok(()),
    }
}

/// Texts a person reads, and the file name and message ID: one scan for a valid value, which
/// also tells whether JSON writes it as it is.
fn check_text(field: Field, value: &str) -> Result<bool, RuleError> {
    // Texts may lay themselves out with tabs and line breaks; identifiers may not.
    let layout = scan::Layout {
        tabs: field.is_text(),
        line_breaks: field.is_text() && !field.single_line(),
    };
    match scan::count_chars(value, layout) {
        Some(scan) => check_length(field, scan.chars).map(|()| scan.as_is),
        None => check_text_exactly(field, value).map(|()| json::needs_no_escape(value)),
    }
}

/// The rules of [`check_text`] one after the other, to name the first one broken.
fn check_text_exactly(field: Field, value: &str) -> Result<(), RuleError> {
    check_length(field, value.chars().count())?;
    match line_break_in(field, value, 0).or_else(|| control_in(field, value, 0)) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// Whether `value` is blank: only whitespace and invisible characters, or nothing.
#[must_use]
pub fn is_blank(value: &str) -> bool {
    value.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// The line-break rule of a single-line field, on `value` standing `before` characters into
/// the field's text: the error for its first line break, if any.
pub(crate) fn line_break_in(field: Field, value: &str, before: usize) -> Option<RuleError> {
    if !field.single_line() || value.bytes().all(|b| (0x20..0x80).contains(&b)) {
        return None;
    }
    position(value, is_line_break).map(|at| RuleError::LineBreak {
        field,
        at: before + at,
    })
}

/// The control-character rule of texts and identifiers, on `value` standing `before`
/// characters into the field's text: the error for its first control character, if any.
pub(crate) fn control_in(field: Field, value: &str, before: usize) -> Option<RuleError> {
    if !(matches!(field, Field::Filename | Field::MessageId) || field.is_text())
        || value.bytes().all(|b| (0x20..0x7f).contains(&b))
    {
        return None;
    }
    // Texts may lay themselves out with tabs, and with line breaks where they may have more
    // than one line; identifiers may not.
    let tabs = field.is_text();
    let line_breaks = field.is_text() && !field.single_line();
    let allowed = match (tabs, line_breaks) {
        (true, true) => "printable characters, tabs and line breaks",
        (true, false) => "printable characters and tabs",
        (false, _) => "printable characters",
    };
    let is_layout = |c: char| (tabs && c == '\t') || (line_breaks && is_line_break(c));
    value
        .chars()
        .enumerate()
        .find(|&(_, c)| c.is_control() && !is_layout(c))
        .map(|(index, found)| RuleError::InvalidCharacter {
            field,
            found,
            at: before + index + 1,
            allowed,
        })
}

/// Whether `c` ends a line: line feed, carriage return, vertical tab, form feed, next line,
/// and the line and paragraph separators U+2028 and U+2029.
#[must_use]
pub const fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{B}' | '\u{C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether `c` shows nothing by itself, or changes how the text around it is shown: soft
/// hyphens, zero-width spaces and joiners, direction marks and overrides (such as U+202E),
/// word joiners and invisible operators, variation selectors, the byte order mark, tag
/// characters, and blank-looking fillers (Hangul fillers, the blank braille pattern).
///
/// A text made only of these and whitespace is blank; a URL may hold none of them.
#[must_use]
pub const fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{61C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// The 1-based character position of the first character that matches.
fn position(value: &str, matches: impl Fn(char) -> bool) -> Option<usize> {
    value.chars().position(matches).map(|index| index + 1)
}

const RECIPIENT_ALLOWED: &str = "digits, a leading `+`, spaces, `-`, `(` and `)`";

/// What a recipient is: the JSON puts a phone number in `to` and a BSUID in `recipient`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecipientKind {
    /// A phone number or WhatsApp ID, sent as `"to"`.
    PhoneNumber,
    /// A business-scoped user ID such as `US.13491208655302741918` (or a parent BSUID such as
    /// `US.ENT.11815799212886844830`), sent as `"recipient"`. Meta gives one to every user
    /// since 2026; a user with a username may have no phone number the business can see.
    Bsuid,
}

impl RecipientKind {
    /// The kind of a recipient, by its first character: a BSUID starts with a letter (its
    /// country code), a phone number never does. Says nothing of whether the rest is valid;
    /// [`check`] does.
    #[must_use]
    pub fn of(value: &str) -> RecipientKind {
        if value.starts_with(|c: char| c.is_ascii_alphabetic()) {
            RecipientKind::Bsuid
        } else {
            RecipientKind::PhoneNumber
        }
    }

    /// Checks `value` as a recipient of this kind: [`check`] of [`Field::Recipient`], and
    /// the kind must be this one. A BSUID expected where a phone number is found (or the
    /// other way round) is an error, since the two go under different keys.
    ///
    /// # Errors
    ///
    /// The [`RuleError`] of [`check`]; for a phone number where a BSUID is expected,
    /// [`RuleError::InvalidBsuid`] at its first character; for a BSUID where a phone number
    /// is expected, [`RuleError::InvalidCharacter`] at its first character.
    pub fn check(self, value: &str) -> Result<(), RuleError> {
        let blank = RuleError::Blank {
            field: Field::Recipient,
        };
        let Some(first) = value.chars().next() else {
            return Err(blank);
        };
        if is_blank(value) {
            return Err(blank);
        }
        match (self, RecipientKind::of(value)) {
            (RecipientKind::Bsuid, _) => check_bsuid(value),
            (RecipientKind::PhoneNumber, RecipientKind::PhoneNumber) => check_phone_number(value),
            (RecipientKind::PhoneNumber, RecipientKind::Bsuid) => {
                Err(RuleError::InvalidCharacter {
                    field: Field::Recipient,
                    found: first,
                    at: 1,
                    allowed: RECIPIENT_ALLOWED,
                })
            }
        }
    }

    /// The top-level key of the request body that holds it: `"to"` or `"recipient"`.
    #[must_use]
    pub const fn json_key(self) -> &'static str {
        match self {
            RecipientKind::PhoneNumber => "to",
            RecipientKind::Bsuid => "recipient",
        }
    }
}

/// A BSUID: `CC.` (two capitals and a period), `ENT.` for a parent BSUID, then 1 to 128 ASCII
/// letters and digits. **\[Meta\]**
fn check_bsuid(value: &str) -> Result<(), RuleError> {
    let invalid = |found: Option<char>, at: usize, expected: &'static str| {
        Err(RuleError::InvalidBsuid {
            found,
            at,
            expected,
        })
    };
    let mut chars = value.chars();
    for (at, expected) in [
        (1, "a capital letter of the country code"),
        (2, "a capital letter of the country code"),
        (3, "`.` after the country code"),
    ] {
        match chars.next() {
            Some(c) if (at < 3 && c.is_ascii_uppercase()) || (at == 3 && c == '.') => {}
            found => return invalid(found, at, expected),
        }
    }
    let prefix = if value.get(3..).is_some_and(|rest| rest.starts_with("ENT.")) {
        7
    } else {
        3
    };
    let id = value
        .get(prefix..)
        .expect("the three or seven characters checked above are ASCII");
    let mut found = 0;
    for c in id.chars() {
        found += 1;
        if !c.is_ascii_alphanumeric() {
            return invalid(Some(c), prefix + found, "a letter or a digit");
        }
    }
    if found == 0 {
        return invalid(None, prefix + 1, "a letter or a digit");
    }
    if found > BSUID_MAX_ID_CHARS {
        return Err(RuleError::TooLong {
            field: Field::Recipient,
            max: prefix + BSUID_MAX_ID_CHARS,
            found: prefix + found,
        });
    }
    Ok(())
}

/// Whether a recipient of unknown kind is read by a BSUID's rules: it starts with an ASCII
/// letter, and its first two characters are capitals (a country code) or its third is a
/// period. Every valid BSUID does; so do near misses such as `us.1349` or `US-1349`, whose
/// errors then say where the BSUID's form breaks. Plain words such as `hello` do not.
fn looks_like_bsuid(value: &str) -> bool {
    let mut chars = value.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(first), second, third) if first.is_ascii_alphabetic() => {
            (first.is_ascii_uppercase() && second.is_some_and(|c| c.is_ascii_uppercase()))
                || third == Some('.')
        }
        _ => false,
    }
}

/// Whether a phone number may start with `c`: a digit, the leading `+` or a separator.
fn starts_phone_number(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')')
}

fn check_recipient(value: &str) -> Result<(), RuleError> {
    if looks_like_bsuid(value) {
        return check_bsuid(value);
    }
    // Text that starts like neither form gets one error naming both, rather than the
    // rules of a form its writer did not mean.
    if let Some(found) = value.chars().next().filter(|&c| !starts_phone_number(c)) {
        return Err(RuleError::NeitherPhoneNorBsuid { found });
    }
    check_phone_number(value)
}

fn check_phone_number(value: &str) -> Result<(), RuleError> {
    let field = Field::Recipient;
    let mut digits = 0;
    let mut chars = 0;
    let mut invalid = None;
    for c in value.chars() {
        chars += 1;
        match c {
            '0'..='9' => digits += 1,
            '+' if chars == 1 => {}
            ' ' | '-' | '(' | ')' => {}
            found => {
                invalid = invalid.or(Some((found, chars)));
            }
        }
    }
    // A phone number's length; a BSUID's is checked with its form.
    if chars > RECIPIENT_MAX_CHARS {
        return Err(RuleError::TooLong {
            field,
            max: RECIPIENT_MAX_CHARS,
            found: chars,
        });
    }
    if let Some((found, at)) = invalid {
        return Err(RuleError::InvalidCharacter {
            field,
            found,
            at,
            allowed: RECIPIENT_ALLOWED,
        });
    }
    if (RECIPIENT_MIN_DIGITS..=RECIPIENT_MAX_DIGITS).contains(&digits) {
        Ok(())
    } else {
        Err(RuleError::DigitCount {
            field,
            min: RECIPIENT_MIN_DIGITS,
            max: RECIPIENT_MAX_DIGITS,
            found: digits,
        })
    }
}

fn check_digits_only(field: Field, value: &str) -> Result<(), RuleError> {
    match value.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        Some((index, found)) => Err(RuleError::InvalidCharacter {
            field,
            found,
            at: index + 1,
            allowed: "digits",
        }),
        None => Ok(()),
    }
}

fn check_url(field: Field, value: &str) -> Result<bool, RuleError> {
    debug_assert!(field.is_url());
    // One read for the length, whitespace, control and invisible characters, backslashes and
    // quotes; the form below reads only the scheme and the host. The usual URL is printable
    // ASCII without spaces, which holds none of those but the last two: read it a block at a
    // time.
    let (chars, first_wrong, backslash, quote) = match scan::graphic_ascii(value.as_bytes()) {
        (true, backslash, quote) => (value.len(), None, backslash, quote),
        (false, ..) => url_characters(field, value),
    };
    check_length(field, chars)?;
    if let Some(error) = first_wrong {
        return Err(error);
    }
    if backslash {
        return Err(malformed(
            field,
            "it holds a backslash, which browsers read as `/`",
        ));
    }
    // The scheme runs to the first `:`; `javascript:alert(1)`, `data:…` and `mailto:…` have one.
    let Some((scheme, rest)) = value
        .split_once(':')
        .filter(|(scheme, _)| is_scheme(scheme))
    else {
        return Err(RuleError::Scheme {
            field,
            found: String::new(),
        });
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(RuleError::Scheme {
            field,
            found: scheme.to_owned(),
        });
    }
    let Some(rest) = rest.strip_prefix("//") else {
        return Err(malformed(
            field,
            "the scheme must be followed by `//` and a host",
        ));
    };
    let authority = authority_of(rest);
    if authority.contains('@') {
        return Err(RuleError::UserInfo { field });
    }
    let (host, port) = split_host_port(field, authority)?;
    check_host(field, host)?;
    match port {
        Some(port) if !is_port(port) => Err(RuleError::Port {
            field,
            found: port.to_owned(),
        }),
        // A valid URL holds no control character or backslash: only a quote is escaped.
        _ => Ok(!quote),
    }
}

/// The characters of a URL read one at a time: its length, the first whitespace, control or
/// invisible character, and whether it holds a backslash and a quote.
fn url_characters(field: Field, value: &str) -> (usize, Option<RuleError>, bool, bool) {
    let mut chars = 0;
    let mut first_wrong = None;
    let mut backslash = false;
    let mut quote = false;
    for found in value.chars() {
        chars += 1;
        backslash |= found == '\\';
        quote |= found == '"';
        if first_wrong.is_none() {
            let at = chars;
            if found.is_whitespace() || found.is_control() {
                first_wrong = Some(RuleError::Whitespace { field, found, at });
            } else if is_invisible(found) {
                first_wrong = Some(RuleError::Invisible { field, found, at });
            }
        }
    }
    (chars, first_wrong, backslash, quote)
}

/// The parts of a URL that [`check`] accepts for a URL field, as it reads them: the scheme, the
/// host as written (brackets included) and the port as written. `None` if the URL breaks a
/// rule. For tests that compare this reading with other parsers'; not public API.
#[doc(hidden)]
#[must_use]
pub fn url_parts(value: &str) -> Option<(&str, &str, Option<&str>)> {
    check(Field::ButtonUrl, value).ok()?;
    let (scheme, rest) = value.split_once(':')?;
    let authority = authority_of(rest.strip_prefix("//")?);
    let (host, port) = split_host_port(Field::ButtonUrl, authority).ok()?;
    Some((scheme, host, port))
}

/// The authority of a URL after its `//`: everything up to the path, the query or the
/// fragment.
fn authority_of(after_slashes: &str) -> &str {
    after_slashes
        .split_once(['/', '?', '#'])
        .map_or(after_slashes, |(authority, _)| authority)
}

fn malformed(field: Field, problem: &'static str) -> RuleError {
    RuleError::MalformedUrl { field, problem }
}

fn host_error(field: Field, host: &str, problem: HostProblem) -> RuleError {
    RuleError::Host {
        field,
        host: host.to_owned(),
        problem,
    }
}

/// Splits `host[:port]`, where the host may be an IPv6 literal in brackets, which is checked
/// here.
fn split_host_port(field: Field, authority: &str) -> Result<(&str, Option<&str>), RuleError> {
    if let Some(inside) = authority.strip_prefix('[') {
        let Some((address, after)) = inside.split_once(']') else {
            return Err(malformed(
                field,
                "an IPv6 address opened with `[` is never closed",
            ));
        };
        let host = &authority[..address.len() + 2];
        host::check_ipv6(address).map_err(|problem| host_error(field, host, problem))?;
        return match after {
            "" => Ok((host, None)),
            _ => match after.strip_prefix(':') {
                Some(port) => Ok((host, Some(port))),
                None => Err(malformed(
                    field,
                    "only a `:port` may follow an IPv6 address",
                )),
            },
        };
    }
    Ok(match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

/// A host name or IPv4 address (see [`HostProblem`]); IPv6 addresses are checked when split.
fn check_host(field: Field, host: &str) -> Result<(), RuleError> {
    if host.is_empty() {
        return Err(RuleError::MissingHost { field });
    }
    if host.starts_with('[') {
        return Ok(());
    }
    host::check_name(host).map_err(|problem| host_error(field, host, problem))
}

fn is_port(port: &str) -> bool {
    !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|n| (1..=65_535).contains(&n))
}

/// RFC 3986: a letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}
