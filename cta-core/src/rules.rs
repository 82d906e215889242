//! Every limit and rule a CTA URL message must satisfy, in one place.
//!
//! This file is the single source of truth for both sides of the crate: `cta-core` compiles it
//! as `cta_core::rules` and checks values built at run time with it, and `cta-macros` compiles
//! the very same file (through a symbolic link) and checks string literals with it while your
//! code builds. A verdict and its message are therefore identical at compile time and at run
//! time.
//!
//! The file uses nothing but `core` and `std`, so that both crates can include it as it is.
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
//! ([`Source::Chosen`]). The rules that are always the crate's own choice:
//!
//! - blank (empty or whitespace-only) texts are rejected;
//! - the button label and the header text must be a single line;
//! - URLs must be absolute `http`/`https` URLs with a host, without whitespace, control
//!   characters or user-info (`https://user:pass@host`, a phishing trick), and at most
//!   2000 characters long;
//! - a recipient has 7 to 15 digits, optionally with a leading `+` and the separators
//!   space, `-`, `(` and `)`;
//! - a media ID is made of digits only;
//! - a document file name is a single line of at most 240 characters;
//! - characters are counted as Unicode scalar values.

use std::fmt;

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

/// A part of the message that carries a value checked by these rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// `to`: the recipient's phone number or WhatsApp ID.
    Recipient,
    /// `interactive.header.text`.
    HeaderText,
    /// `interactive.body.text`.
    BodyText,
    /// `interactive.action.parameters.display_text`: the button label.
    ButtonLabel,
    /// `interactive.action.parameters.url`: the URL the button opens.
    ButtonUrl,
    /// `interactive.footer.text`.
    FooterText,
    /// The `link` of an image, video or document header.
    MediaLink,
    /// The `id` of an uploaded image, video or document.
    MediaId,
    /// The `filename` of a document header.
    Filename,
    /// `context.message_id`: the WAMID of the message this one replies to.
    MessageId,
    /// `biz_opaque_callback_data`, echoed back in status webhooks.
    CallbackData,
}

impl Field {
    /// Every field, in the order of the JSON payload.
    pub const ALL: [Field; 11] = [
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
    pub const fn json_path(self) -> &'static str {
        match self {
            Field::Recipient => "to",
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
    /// The recipient is limited in digits instead; see [`RECIPIENT_MAX_DIGITS`].
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

    /// Whether a blank (empty or whitespace-only) value is rejected. **\[chosen\]**
    pub const fn rejects_blank(self) -> bool {
        !matches!(self, Field::CallbackData)
    }

    /// Whether the value must fit on one line. **\[chosen\]**
    pub const fn single_line(self) -> bool {
        matches!(
            self,
            Field::HeaderText | Field::ButtonLabel | Field::Filename | Field::MessageId
        )
    }

    const fn is_url(self) -> bool {
        matches!(self, Field::ButtonUrl | Field::MediaLink)
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
    /// A URL's port is not a number from 0 to 65535.
    Port {
        /// The field at fault.
        field: Field,
        /// The port text found.
        found: String,
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
    pub fn field(&self) -> Field {
        match self {
            RuleError::TooLong { field, .. }
            | RuleError::Blank { field }
            | RuleError::LineBreak { field, .. }
            | RuleError::Whitespace { field, .. }
            | RuleError::Scheme { field, .. }
            | RuleError::MissingHost { field }
            | RuleError::UserInfo { field }
            | RuleError::Port { field, .. }
            | RuleError::DigitCount { field, .. }
            | RuleError::InvalidCharacter { field, .. } => *field,
        }
    }
}

fn who_allows(field: Field) -> &'static str {
    match field.source() {
        Source::Meta => "WhatsApp allows",
        Source::Chosen => "this crate allows",
    }
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
                "{field} is blank; it needs at least one character that is not whitespace"
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
            RuleError::Port { field, found } => write!(
                f,
                "{field} has the port `{found}`; a port is a number from 0 to 65535"
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

impl std::error::Error for RuleError {}

/// Checks `value` against every rule of `field`.
///
/// This one function decides for the macro and for the run-time types alike.
///
/// # Errors
///
/// The first rule the value breaks, in this order: blank, length, line breaks, then the
/// field's form (URL, digits).
pub fn check(field: Field, value: &str) -> Result<(), RuleError> {
    if field.rejects_blank() && value.trim().is_empty() {
        return Err(RuleError::Blank { field });
    }
    if let Some(max) = field.max_chars() {
        let found = value.chars().count();
        if found > max {
            return Err(RuleError::TooLong { field, max, found });
        }
    }
    if field.single_line()
        && let Some(at) = position(value, |c| c == '\n' || c == '\r')
    {
        return Err(RuleError::LineBreak { field, at });
    }
    match field {
        Field::Recipient => check_recipient(value),
        Field::MediaId => check_digits_only(field, value),
        Field::ButtonUrl | Field::MediaLink => check_url(field, value),
        Field::Filename | Field::MessageId => check_no_control(field, value),
        Field::HeaderText
        | Field::BodyText
        | Field::ButtonLabel
        | Field::FooterText
        | Field::CallbackData => Ok(()),
    }
}

/// The 1-based character position of the first character that matches.
fn position(value: &str, matches: impl Fn(char) -> bool) -> Option<usize> {
    value.chars().position(matches).map(|index| index + 1)
}

fn check_no_control(field: Field, value: &str) -> Result<(), RuleError> {
    match value.chars().enumerate().find(|(_, c)| c.is_control()) {
        Some((index, found)) => Err(RuleError::InvalidCharacter {
            field,
            found,
            at: index + 1,
            allowed: "printable characters",
        }),
        None => Ok(()),
    }
}

const RECIPIENT_ALLOWED: &str = "digits, a leading `+`, spaces, `-`, `(` and `)`";

fn check_recipient(value: &str) -> Result<(), RuleError> {
    let field = Field::Recipient;
    let mut digits = 0;
    for (index, c) in value.chars().enumerate() {
        match c {
            '0'..='9' => digits += 1,
            '+' if index == 0 => {}
            ' ' | '-' | '(' | ')' => {}
            found => {
                return Err(RuleError::InvalidCharacter {
                    field,
                    found,
                    at: index + 1,
                    allowed: RECIPIENT_ALLOWED,
                });
            }
        }
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

fn check_url(field: Field, value: &str) -> Result<(), RuleError> {
    debug_assert!(field.is_url());
    if let Some((index, found)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        return Err(RuleError::Whitespace {
            field,
            found,
            at: index + 1,
        });
    }
    let Some((scheme, rest)) = value.split_once("://") else {
        // `javascript:alert(1)`, `data:…` and `mailto:…` have a scheme but no `//`.
        let scheme = match value.split_once(':') {
            Some((scheme, _)) if is_scheme(scheme) => scheme,
            _ => "",
        };
        return Err(RuleError::Scheme {
            field,
            found: scheme.to_owned(),
        });
    };
    if !is_scheme(scheme) {
        return Err(RuleError::Scheme {
            field,
            found: String::new(),
        });
    }
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(RuleError::Scheme {
            field,
            found: scheme.to_owned(),
        });
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(RuleError::UserInfo { field });
    }
    // An IPv6 literal keeps its colons inside brackets: `http://[::1]:8080`.
    let (host, port) = match authority.rfind(':') {
        Some(colon) if !authority[colon..].contains(']') => {
            (&authority[..colon], Some(&authority[colon + 1..]))
        }
        _ => (authority, None),
    };
    if host.is_empty() || host == "[]" {
        return Err(RuleError::MissingHost { field });
    }
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|n| n <= 65_535);
        if !valid {
            return Err(RuleError::Port {
                field,
                found: port.to_owned(),
            });
        }
    }
    Ok(())
}

/// RFC 3986: a letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}
