//! Templates: messages with `{name}` placeholders, checked while the code compiles and filled
//! at run time. See [`cta_template!`](crate::cta_template).
//!
//! The macro defines a struct with one `&str` field for each placeholder; its `render` method
//! fills the template and gives a [`CtaUrlContent`](crate::CtaUrlContent) or a
//! [`TemplateError`] naming the placeholder whose value breaks a rule. Its associated constant
//! `TEMPLATE` is a [`Template`]: the parts, their placeholders and the room each part leaves,
//! which `preview::render_template` draws.
//!
//! A template is data: `render` hands `TEMPLATE` and the values to one function of this crate,
//! which fills every template, so a template adds no code of its own to compile. The filled
//! values are the only texts checked at run time; the fixed text was checked while the code
//! compiled. Nothing here makes a checked value from a text without its rule.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use cta_rules::layout;

use crate::rules::layout::GivenHeader;
use crate::rules::template::{FillError, check_filled};
use crate::rules::{Field, RuleError};
use cta_rules::json::needs_no_escape;

/// What no part of a URL may hold as it is (RFC 3986), besides the controls and every
/// non-ASCII character: space, `"`, `#`, `%`, `<`, `>`, `[`, `\\`, `]`, `^`, `` ` ``, `{`, `|`,
/// `}`.
const NOT_IN_URLS_BYTES: &[u8] = b" \"#%<>[\\]^`{|}";

/// What a value in a path segment encodes besides: `/` and `?`, so that it stays one segment.
const PATH_SEGMENT_BYTES: &[u8] = b"/?";

/// What a value in the query encodes besides: `&`, `=`, `+` (a space in form encoding) and
/// `;`, so that it stays one component.
const QUERY_COMPONENT_BYTES: &[u8] = b"&=+;";

/// The controls and `bytes`.
const fn ascii_set(bytes: &[u8], more: &[u8]) -> AsciiSet {
    let mut set = CONTROLS.add(b' ');
    let mut index = 0;
    while index < bytes.len() {
        set = set.add(bytes[index]);
        index += 1;
    }
    let mut index = 0;
    while index < more.len() {
        set = set.add(more[index]);
        index += 1;
    }
    set
}

/// The same set as [`ascii_set`], as one flag for each byte, non-ASCII bytes included: what the
/// fast encoder reads.
const fn byte_table(bytes: &[u8], more: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = byte < 0x20 || byte >= 0x7F;
        byte += 1;
    }
    let mut index = 0;
    while index < bytes.len() {
        table[bytes[index] as usize] = true;
        index += 1;
    }
    let mut index = 0;
    while index < more.len() {
        table[more[index] as usize] = true;
        index += 1;
    }
    table
}

/// A value in a path segment: also `/` and `?`, so that it stays one segment.
const PATH_SEGMENT: &AsciiSet = &ascii_set(NOT_IN_URLS_BYTES, PATH_SEGMENT_BYTES);

/// A value in the query: also `&`, `=`, `+` (a space in form encoding) and `;`, so that it
/// stays one component.
const QUERY_COMPONENT: &AsciiSet = &ascii_set(NOT_IN_URLS_BYTES, QUERY_COMPONENT_BYTES);

/// A value in the fragment: `#` is already in [`NOT_IN_URLS_BYTES`].
const FRAGMENT: &AsciiSet = &ascii_set(NOT_IN_URLS_BYTES, &[]);

/// [`PATH_SEGMENT`], a flag for each byte.
static PATH_SEGMENT_TABLE: [bool; 256] = byte_table(NOT_IN_URLS_BYTES, PATH_SEGMENT_BYTES);

/// [`QUERY_COMPONENT`], a flag for each byte.
static QUERY_COMPONENT_TABLE: [bool; 256] = byte_table(NOT_IN_URLS_BYTES, QUERY_COMPONENT_BYTES);

/// [`FRAGMENT`], a flag for each byte.
static FRAGMENT_TABLE: [bool; 256] = byte_table(NOT_IN_URLS_BYTES, &[]);

/// The length of `value` once percent-encoded with `table`: three bytes for each byte encoded.
fn encoded_len(value: &str, table: &[bool; 256]) -> usize {
    value.len()
        + 2 * value
            .bytes()
            .filter(|&byte| table[usize::from(byte)])
            .count()
}

/// Appends `value` percent-encoded with `table` (upper-case hex digits, as `percent-encoding`
/// writes them), the runs of bytes kept as they are copied whole.
fn encode_into(out: &mut String, value: &str, table: &[bool; 256]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut start = 0;
    for (at, byte) in value.bytes().enumerate() {
        if !table[usize::from(byte)] {
            continue;
        }
        // The bytes kept are ASCII and every non-ASCII byte is encoded, so a run kept starts
        // and ends on character boundaries.
        if let Some(run) = value.get(start..at) {
            out.push_str(run);
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xF)]));
        start = at + 1;
    }
    if let Some(run) = value.get(start..) {
        out.push_str(run);
    }
}

/// Where a value stands, which decides how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Position {
    /// In a text (header text, body, footer): written as it is.
    Text,
    /// In a path segment of the button URL: percent-encoded, `/` and `?` included.
    UrlPath,
    /// In the query of the button URL: percent-encoded, `&`, `=`, `+` and `;` included.
    UrlQuery,
    /// In the fragment of the button URL: percent-encoded.
    UrlFragment,
}

impl Position {
    /// The value as it is written at this position: percent-encoded in a URL (RFC 3986, as a
    /// path segment, a query component or a fragment), as it is in a text.
    ///
    /// ```
    /// use cta_core::template::Position;
    ///
    /// assert_eq!(Position::UrlQuery.encode("A/1&x=y#z"), "A/1%26x%3Dy%23z");
    /// assert_eq!(Position::UrlPath.encode("A/1&x=y#z"), "A%2F1&x=y%23z");
    /// assert_eq!(Position::UrlFragment.encode("é 1"), "%C3%A9%201");
    /// assert_eq!(Position::Text.encode("A/1 é"), "A/1 é");
    /// ```
    #[must_use]
    pub fn encode(self, value: &str) -> String {
        match self.set() {
            Some(set) => utf8_percent_encode(value, set).to_string(),
            None => value.to_owned(),
        }
    }

    fn set(self) -> Option<&'static AsciiSet> {
        match self {
            Position::Text => None,
            Position::UrlPath => Some(PATH_SEGMENT),
            Position::UrlQuery => Some(QUERY_COMPONENT),
            Position::UrlFragment => Some(FRAGMENT),
        }
    }

    /// [`set`](Self::set), a flag for each byte.
    fn table(self) -> Option<&'static [bool; 256]> {
        match self {
            Position::Text => None,
            Position::UrlPath => Some(&PATH_SEGMENT_TABLE),
            Position::UrlQuery => Some(&QUERY_COMPONENT_TABLE),
            Position::UrlFragment => Some(&FRAGMENT_TABLE),
        }
    }

    /// The position's name in prose: `text`, or the part of the URL.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Position::Text => "text",
            Position::UrlPath => "path",
            Position::UrlQuery => "query",
            Position::UrlFragment => "fragment",
        }
    }
}

/// A piece of a part of a template: fixed text, or a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TemplatePiece {
    /// Fixed text, checked while the code compiled (`{{` and `}}` already read as braces).
    Text(&'static str),
    /// A placeholder: its index in [`Template::placeholders`] and where it stands.
    Placeholder {
        /// The index of its name in [`Template::placeholders`].
        index: usize,
        /// Where it stands.
        position: Position,
    },
}

/// One part of a template (the body, the button URL, …): its pieces, or an expression
/// evaluated by `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TemplatePart {
    field: Field,
    /// `None` for an expression.
    pieces: Option<&'static [TemplatePiece]>,
    fixed_len: usize,
    fixed_chars: usize,
    fixed_blank: bool,
    /// Whether JSON writes the fixed text as it is.
    fixed_as_is: bool,
    /// Whether the fixed text proves, in a URL part, that the URL filled keeps the rules of a
    /// URL but its length ([`layout::url_form_proven`]); else `render` checks it. Always
    /// `true` in a text part.
    url_proven: bool,
}

impl TemplatePart {
    /// A part of fixed text and placeholders. What the fixed text is (its length in bytes and
    /// in characters, whether it is blank, whether JSON writes it as it is) is worked out here
    /// from the pieces, and the fixed text is checked by the rules a `const fn` checks
    /// ([`layout::check_fixed_chars`], the length, and for a part without placeholders
    /// [`layout::check_literal`]): the description reaches this crate through functions any
    /// crate can call, so nothing in it is taken on trust. A URL's form is proven here where
    /// a `const fn` can read its host ([`layout::url_form_proven`]), else checked by `render`
    /// on the filled text.
    ///
    /// # Panics
    ///
    /// When the fixed text breaks one of those rules, or a placeholder stands where the
    /// field takes none or at a position of the other kind (a URL's in a text, a text's in a
    /// URL): the description is not one the macro writes. A compile error where it is a
    /// constant.
    pub(crate) const fn new(field: Field, pieces: &'static [TemplatePiece]) -> Self {
        let mut fixed_len = 0;
        let mut fixed_chars = 0;
        let mut fixed_blank = true;
        let mut fixed_as_is = true;
        let mut placeholders = false;
        let mut index = 0;
        while index < pieces.len() {
            match pieces[index] {
                TemplatePiece::Text(text) => {
                    fixed_len += text.len();
                    // The usual text, printable ASCII without `"` or `\\`, is read 8 bytes a
                    // step (this runs while the code compiles, where every step costs): one
                    // character a byte, no line break or control character, written as it is.
                    if cta_rules::json::is_plain_ascii_at_compile_time(text.as_bytes(), b'"') {
                        fixed_chars += text.len();
                    } else {
                        fixed_chars += layout::check_fixed_chars(field, text);
                        fixed_as_is = fixed_as_is && needs_no_escape(text);
                    }
                    // A visible ASCII character first, the usual start, is not blank.
                    fixed_blank = fixed_blank
                        && !matches!(text.as_bytes().first(), Some(0x21..=0x7E))
                        && layout::is_blank(text);
                    if matches!(field, Field::MediaId) {
                        // Digits only, in each piece as in the whole.
                        layout::check_literal(field, text);
                    }
                }
                TemplatePiece::Placeholder { position, .. } => {
                    placeholders = true;
                    assert!(
                        field.takes_placeholders(),
                        "forged cta_template! description: a placeholder in a part that takes none"
                    );
                    let in_url = matches!(field, Field::ButtonUrl | Field::MediaLink);
                    assert!(
                        in_url != matches!(position, Position::Text),
                        "forged cta_template! description: a placeholder's position is not of \
                         its part (a text's in a URL, or a URL's in a text)"
                    );
                }
            }
            index += 1;
        }
        if let Some(max) = field.max_chars() {
            assert!(
                fixed_chars <= max,
                "forged cta_template! description: fixed text longer than its part's limit"
            );
        }
        if !placeholders {
            assert!(
                !(fixed_blank && field.rejects_blank()),
                "forged cta_template! description: a blank part without placeholders"
            );
            if let [TemplatePiece::Text(text)] = pieces {
                layout::check_literal(field, text);
            }
        }
        TemplatePart {
            field,
            pieces: Some(pieces),
            fixed_len,
            fixed_chars,
            fixed_blank,
            fixed_as_is,
            url_proven: !matches!(field, Field::ButtonUrl | Field::MediaLink) || url_proven(pieces),
        }
    }

    /// Whether `render` can skip checking the URL it fills (see
    /// [`url_proven`](Self::url_proven)'s field).
    pub(crate) const fn url_proven(&self) -> bool {
        self.url_proven
    }

    /// What [`new`](Self::new) worked out of the fixed text: its length in bytes and in
    /// characters, whether it is blank and whether JSON writes it as it is.
    pub(crate) const fn fixed_facts(&self) -> (usize, usize, bool, bool) {
        (
            self.fixed_len,
            self.fixed_chars,
            self.fixed_blank,
            self.fixed_as_is,
        )
    }

    /// A part given as an expression, evaluated by `render`.
    pub(crate) const fn expression(field: Field) -> Self {
        TemplatePart {
            field,
            pieces: None,
            fixed_len: 0,
            fixed_chars: 0,
            fixed_blank: false,
            fixed_as_is: false,
            url_proven: false,
        }
    }

    /// The field the part fills. A header given as an expression is shown as
    /// [`Field::HeaderText`].
    #[must_use]
    pub const fn field(&self) -> Field {
        self.field
    }

    /// The fixed text and placeholders, in order; `None` when the part is an expression.
    #[must_use]
    pub const fn pieces(&self) -> Option<&'static [TemplatePiece]> {
        self.pieces
    }

    /// Whether JSON writes the fixed text as it is.
    pub(crate) const fn fixed_as_is(&self) -> bool {
        self.fixed_as_is
    }

    /// The characters of fixed text, counted as the rules count them.
    #[must_use]
    pub const fn fixed_chars(&self) -> usize {
        self.fixed_chars
    }

    /// Whether the part holds a placeholder (an expression holds none).
    #[must_use]
    pub fn has_placeholders(&self) -> bool {
        self.pieces.is_some_and(|pieces| {
            pieces
                .iter()
                .any(|piece| matches!(piece, TemplatePiece::Placeholder { .. }))
        })
    }

    /// The characters the values may add before the part reaches its limit: the limit less
    /// the fixed text. `None` for an expression or a field without a limit.
    #[must_use]
    pub const fn room(&self) -> Option<usize> {
        match (self.pieces, self.field.max_chars()) {
            (Some(_), Some(max)) => Some(max.saturating_sub(self.fixed_chars)),
            _ => None,
        }
    }
}

/// Whether the pieces of a URL prove its form ([`layout::url_form_proven`]): the first is fixed
/// text holding the scheme and the whole authority, the other fixed texts are printable ASCII
/// without spaces, quotes or backslashes, and the values are percent-encoded (the placeholders'
/// positions are a URL's, which `TemplatePart::new` asserts).
const fn url_proven(pieces: &[TemplatePiece]) -> bool {
    let Some((TemplatePiece::Text(first), rest)) = pieces.split_first() else {
        return false;
    };
    if !layout::url_form_proven(first.as_bytes(), rest.is_empty()) {
        return false;
    }
    let mut index = 0;
    while index < rest.len() {
        if let TemplatePiece::Text(text) = rest[index]
            && !needs_no_escape_or_space(text)
        {
            return false;
        }
        index += 1;
    }
    true
}

/// Printable ASCII without spaces, quotes or backslashes.
const fn needs_no_escape_or_space(text: &str) -> bool {
    cta_rules::json::is_plain_ascii_at_compile_time(text.as_bytes(), b' ')
}

/// A template as `cta_template!` wrote it: its name, its placeholders and its parts. Each
/// struct the macro defines has one as its `TEMPLATE` constant.
///
/// ```
/// cta_core::cta_template! {
///     struct Shipped {
///         body: "Hi {name}, order {order} has shipped.",
///         button: "Track",
///         url: "https://example.com/track/{order}",
///     }
/// }
///
/// let template = &Shipped::TEMPLATE;
/// assert_eq!(template.name(), "Shipped");
/// assert_eq!(template.placeholders(), ["name", "order"]);
/// let body = &template.parts()[0];
/// assert_eq!(body.field(), cta_core::Field::BodyText);
/// assert_eq!(body.fixed_chars(), "Hi , order  has shipped.".chars().count());
/// assert_eq!(body.room(), Some(1024 - 24));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Template {
    name: &'static str,
    placeholders: &'static [&'static str],
    /// How the header is given: not at all, as a kind, or as an expression.
    header: GivenHeader,
    parts: &'static [TemplatePart],
}

impl Template {
    /// The template from what the macro wrote.
    ///
    /// # Panics
    ///
    /// When a placeholder's index is not one of `placeholders`: the description is malformed
    /// (the macro never writes one). The description is a constant, so this is a compile
    /// error, never a wrong value at run time. (The header byte was decoded already, by
    /// `GivenHeader::from_byte`.)
    pub(crate) const fn new(
        name: &'static str,
        placeholders: &'static [&'static str],
        header: GivenHeader,
        parts: &'static [TemplatePart],
    ) -> Self {
        let mut part = 0;
        while part < parts.len() {
            if let Some(pieces) = parts[part].pieces {
                let mut piece = 0;
                while piece < pieces.len() {
                    if let TemplatePiece::Placeholder { index, .. } = pieces[piece] {
                        assert!(
                            index < placeholders.len(),
                            "malformed cta_template! description: a placeholder without a name"
                        );
                    }
                    piece += 1;
                }
            }
            part += 1;
        }
        Template {
            name,
            placeholders,
            header,
            parts,
        }
    }

    /// How the header is given: not at all, as a kind, or as an expression.
    pub(crate) const fn header(&self) -> GivenHeader {
        self.header
    }

    /// The name of placeholder `index`, which [`Template::new`] made sure exists.
    pub(crate) fn placeholder(&self, index: usize) -> &'static str {
        self.placeholders
            .get(index)
            .copied()
            .expect("a template's placeholder indices are checked when it is made")
    }

    /// The struct's name.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The placeholders' names, in the order they first appear: the struct's fields.
    #[must_use]
    pub const fn placeholders(&self) -> &'static [&'static str] {
        self.placeholders
    }

    /// Every part written, in the order of the JSON payload ([`Field::ALL`]).
    #[must_use]
    pub const fn parts(&self) -> &'static [TemplatePart] {
        self.parts
    }
}

/// A value given to a template breaks a rule of the part it lands in: which placeholder, which
/// part, the limit and what was found.
///
/// Its [`rule`](Self::rule) is the very error the checked types and `cta_message!` report for
/// the filled-in text; its message names the placeholder as well:
///
/// ```
/// cta_core::cta_template! {
///     struct Greeting {
///         header: text("Hello {name}!"),
///         body: "Your table is ready.",
///         button: "Open menu",
///         url: "https://example.com/menu",
///     }
/// }
///
/// let error = Greeting { name: &"n".repeat(60) }.render().unwrap_err();
/// assert_eq!(error.placeholder(), "name");
/// assert_eq!(error.field(), cta_core::Field::HeaderText);
/// assert_eq!(
///     error.to_string(),
///     "`name` makes the header text 67 characters; WhatsApp allows at most 60"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    template: &'static str,
    placeholder: &'static str,
    rule: RuleError,
}

impl TemplateError {
    /// The template's name (the struct's).
    #[must_use]
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// The placeholder whose value broke the rule.
    #[must_use]
    pub fn placeholder(&self) -> &'static str {
        self.placeholder
    }

    /// The part the value landed in.
    #[must_use]
    pub fn field(&self) -> Field {
        self.rule.field()
    }

    /// The rule broken, as [`rules::check`](crate::rules::check) reports it for the filled-in
    /// text.
    #[must_use]
    pub fn rule(&self) -> &RuleError {
        &self.rule
    }

    /// Gives back the rule broken.
    #[must_use]
    pub fn into_rule(self) -> RuleError {
        self.rule
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.placeholder;
        match &self.rule {
            RuleError::TooLong { field, max, found } => write!(
                f,
                "`{name}` makes the {field} {found} characters; {} at most {max}",
                field.source().who_allows()
            ),
            RuleError::Blank { field } => write!(
                f,
                "`{name}` leaves the {field} blank; it needs at least one visible character that \
                 is not whitespace"
            ),
            RuleError::LineBreak { field, at } => write!(
                f,
                "`{name}` puts a line break in the {field} at character {at}; the {field} must be \
                 a single line"
            ),
            RuleError::InvalidCharacter {
                field,
                found,
                at,
                allowed,
            } => write!(
                f,
                "`{name}` puts {found:?} in the {field} at character {at}; only {allowed} are \
                 allowed"
            ),
            rule => write!(f, "`{name}` breaks a rule of the {}: {rule}", rule.field()),
        }
    }
}

impl std::error::Error for TemplateError {}

/// A template part filled with its values: the text, and whether JSON writes it as it is.
pub(crate) struct Filled {
    pub(crate) text: Cow<'static, str>,
    pub(crate) as_is: bool,
}

/// Fills `part` of `template` (whose `pieces` are given: it is no expression) with `values`,
/// one for each of [`Template::placeholders`], and checks it: the values only, since the fixed
/// text was checked while the code compiled. A part without placeholders is its fixed text,
/// borrowed.
///
/// # Errors
///
/// The rule a value breaks, naming its placeholder.
///
/// # Panics
///
/// When `values` has not one value for each placeholder: `render` checks that first.
pub(crate) fn fill(
    template: &Template,
    part: &TemplatePart,
    pieces: &'static [TemplatePiece],
    values: &[&str],
) -> Result<Filled, TemplateError> {
    if let [TemplatePiece::Text(text)] = pieces {
        return Ok(Filled {
            text: Cow::Borrowed(text),
            as_is: part.fixed_as_is,
        });
    }
    let value = |index: usize| -> &str {
        values
            .get(index)
            .copied()
            .expect("render is given one value for each placeholder")
    };
    let occurrences = || {
        pieces.iter().filter_map(move |piece| match *piece {
            TemplatePiece::Placeholder { index, position } => Some((index, position)),
            TemplatePiece::Text(_) => None,
        })
    };
    let blame = |FillError { occurrence, rule }: FillError| TemplateError {
        template: template.name,
        placeholder: template.placeholder(
            occurrences()
                .nth(occurrence)
                .map(|(index, _)| index)
                .expect("a fill error blames one of the part's placeholders"),
        ),
        rule,
    };
    if part.field == Field::ButtonUrl {
        return fill_url(part, pieces, value, blame);
    }
    let plain = check_filled(
        part.field,
        part.fixed_chars,
        part.fixed_blank,
        occurrences().map(|(index, _)| value(index)),
        |occurrence| fixed_before(pieces, occurrence),
    )
    .map_err(blame)?;
    let len = part.fixed_len
        + occurrences()
            .map(|(index, _)| value(index).len())
            .sum::<usize>();
    // The check has read the values: plain ASCII without `"` or `\\` is written as it is;
    // other values are read again only when the fixed text itself is written as it is.
    let as_is = part.fixed_as_is
        && (plain || occurrences().all(|(index, _)| needs_no_escape(value(index))));
    let mut out = String::with_capacity(len);
    for piece in pieces {
        match *piece {
            TemplatePiece::Text(text) => out.push_str(text),
            TemplatePiece::Placeholder { index, .. } => out.push_str(value(index)),
        }
    }
    Ok(Filled {
        text: Cow::Owned(out),
        as_is,
    })
}

/// [`fill`] for the button URL: each value percent-encoded for where it stands, which keeps the
/// URL's form, so only the URL's length and dot segments are left to check.
fn fill_url<'a>(
    part: &TemplatePart,
    pieces: &'static [TemplatePiece],
    value: impl Fn(usize) -> &'a str,
    blame: impl Fn(FillError) -> TemplateError,
) -> Result<Filled, TemplateError> {
    let occurrences = || {
        pieces.iter().filter_map(move |piece| match *piece {
            TemplatePiece::Placeholder { index, position } => Some((index, position)),
            TemplatePiece::Text(_) => None,
        })
    };
    if let Some(occurrence) = occurrences().position(|(index, position)| {
        position == Position::UrlPath && cta_rules::template::is_dot_segment(value(index))
    }) {
        return Err(blame(FillError {
            occurrence,
            rule: RuleError::MalformedUrl {
                field: part.field,
                problem: "a path segment of `.` or `..` moves the link to another folder",
            },
        }));
    }
    let encoded_len = |(index, position): (usize, Position)| match position.table() {
        Some(table) => encoded_len(value(index), table),
        None => value(index).len(),
    };
    let len: usize = part.fixed_len + occurrences().map(encoded_len).sum::<usize>();
    // Encoded values are ASCII: one character a byte.
    let found = part.fixed_chars + (len - part.fixed_len);
    if let Some(max) = part.field.max_chars()
        && found > max
    {
        let mut running = part.fixed_chars;
        let occurrence = occurrences()
            .position(|occurrence| {
                running += encoded_len(occurrence);
                running > max
            })
            .expect("the values take the URL over its limit: one of them crosses it first");
        let field = part.field;
        return Err(blame(FillError {
            occurrence,
            rule: RuleError::TooLong { field, max, found },
        }));
    }
    let mut out = String::with_capacity(len);
    for piece in pieces {
        match *piece {
            TemplatePiece::Text(text) => out.push_str(text),
            TemplatePiece::Placeholder { index, position } => match position.table() {
                Some(table) => encode_into(&mut out, value(index), table),
                None => out.push_str(value(index)),
            },
        }
    }
    // An encoded value is printable ASCII, `"` and `\\` encoded: it is written as it is.
    Ok(Filled {
        text: Cow::Owned(out),
        as_is: part.fixed_as_is,
    })
}

/// The characters of fixed text before the `occurrence`th placeholder.
fn fixed_before(pieces: &[TemplatePiece], occurrence: usize) -> usize {
    let mut seen = 0;
    let mut chars = 0;
    for piece in pieces {
        match piece {
            TemplatePiece::Text(text) => chars += text.chars().count(),
            TemplatePiece::Placeholder { .. } if seen == occurrence => return chars,
            TemplatePiece::Placeholder { .. } => seen += 1,
        }
    }
    chars
}

#[cfg(test)]
mod tests {
    use super::{Position, encode_into, encoded_len};
    use percent_encoding::utf8_percent_encode;

    /// The fast encoder gives `percent-encoding`'s bytes for every byte at every position, in
    /// runs and alone, and its length is the length it writes.
    #[test]
    fn the_fast_encoder_is_percent_encodings() {
        let mut every_char: Vec<String> = (0u8..0x80)
            .map(|byte| char::from(byte).to_string())
            .collect();
        every_char.extend(["é", "日本", "👍", "\u{85}", "a b&c=d+e;f/g?h#i%j"].map(str::to_owned));
        every_char.push(every_char.concat());
        for position in [Position::UrlPath, Position::UrlQuery, Position::UrlFragment] {
            let (set, table) = (position.set().unwrap(), position.table().unwrap());
            for value in &every_char {
                let expected = utf8_percent_encode(value, set).to_string();
                let mut out = String::from("x");
                encode_into(&mut out, value, table);
                assert_eq!(out[1..], expected, "{position:?} {value:?}");
                assert_eq!(
                    encoded_len(value, table),
                    expected.len(),
                    "{position:?} {value:?}"
                );
                assert_eq!(position.encode(value), expected);
            }
        }
    }
}
