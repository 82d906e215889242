//! The rules of the values sent with a message template Meta approved
//! (`cta_core::approved_template!`): each text parameter is checked on its own, before it is
//! placed in the approved text. The filled body and text header then keep the limits of
//! [`Field::BodyText`](crate::Field::BodyText) and [`Field::HeaderText`](crate::Field::HeaderText),
//! and a filled URL button the rule of [`Field::ButtonUrl`](crate::Field::ButtonUrl).

use std::fmt;

/// The most spaces in a row a template parameter may hold. **\[Meta\]**
pub const MAX_CONSECUTIVE_SPACES: usize = 4;

/// Why a template parameter is refused. Never holds the value: it is message text.
// Not `#[non_exhaustive]`: `cta_core::ApprovedError` has a variant for each, matched exhaustively
// so that a new problem cannot go unnamed there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterProblem {
    /// The value is empty. **\[Meta\]**
    Empty,
    /// The value holds a line break or a tab, at this character (counted from 1). **\[Meta\]**
    LineBreakOrTab {
        /// Where, in characters from 1.
        at: usize,
    },
    /// The value holds more than [`MAX_CONSECUTIVE_SPACES`] spaces in a row. **\[Meta\]**
    TooManySpaces {
        /// The longest run of spaces found.
        found: usize,
    },
}

impl fmt::Display for ParameterProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParameterProblem::Empty => {
                f.write_str("is empty; Meta refuses an empty template value")
            }
            ParameterProblem::LineBreakOrTab { at } => write!(
                f,
                "has a line break or tab at character {at}; Meta allows none in a template value"
            ),
            ParameterProblem::TooManySpaces { found } => write!(
                f,
                "has {found} spaces in a row; Meta allows at most {MAX_CONSECUTIVE_SPACES} in a \
                 template value"
            ),
        }
    }
}

/// Checks a text parameter of an approved template: not empty, no line break or tab, at most
/// [`MAX_CONSECUTIVE_SPACES`] spaces in a row.
///
/// ```
/// use cta_rules::approved::{ParameterProblem, check_parameter};
///
/// assert_eq!(check_parameter("Ada  Lovelace"), Ok(()));
/// assert_eq!(check_parameter(""), Err(ParameterProblem::Empty));
/// assert_eq!(check_parameter("A\tB"), Err(ParameterProblem::LineBreakOrTab { at: 2 }));
/// assert_eq!(check_parameter("A     B"), Err(ParameterProblem::TooManySpaces { found: 5 }));
/// ```
///
/// # Errors
///
/// The first problem found, in the order of [`ParameterProblem`]'s variants.
pub fn check_parameter(value: &str) -> Result<(), ParameterProblem> {
    if value.is_empty() {
        return Err(ParameterProblem::Empty);
    }
    let mut run = 0;
    let mut longest = 0;
    for (at, character) in value.chars().enumerate() {
        if matches!(character, '\n' | '\r' | '\t') {
            return Err(ParameterProblem::LineBreakOrTab { at: at + 1 });
        }
        run = if character == ' ' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest > MAX_CONSECUTIVE_SPACES {
        return Err(ParameterProblem::TooManySpaces { found: longest });
    }
    Ok(())
}

/// Whether `name` has the form of a template's name: lowercase ASCII letters, digits and `_`,
/// not empty. **\[Meta\]**
///
/// ```
/// use cta_rules::approved::is_template_name;
///
/// assert!(is_template_name("order_shipped_2"));
/// assert!(!is_template_name("Order shipped"));
/// assert!(!is_template_name(""));
/// ```
#[must_use]
pub const fn is_template_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !matches!(bytes[at], b'a'..=b'z' | b'0'..=b'9' | b'_') {
            return false;
        }
        at += 1;
    }
    !bytes.is_empty()
}

/// Whether `code` has the form of a template's language code: two or three lowercase letters
/// (`en`, `fil`), then optionally `_` and a region of two capital letters or three digits
/// (`en_US`, `pt_BR`, `es_419`). **\[Meta\]** for the codes Meta lists; the digits are
/// **\[chosen\]**, to take a region code of that form should Meta use one.
///
/// ```
/// use cta_rules::approved::is_language_code;
///
/// assert!(is_language_code("en_US"));
/// assert!(is_language_code("fil"));
/// assert!(!is_language_code("en-US"));
/// assert!(!is_language_code("EN"));
/// ```
#[must_use]
pub const fn is_language_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    let mut letters = 0;
    while letters < bytes.len() && bytes[letters].is_ascii_lowercase() {
        letters += 1;
    }
    if letters < 2 || letters > 3 {
        return false;
    }
    match bytes.len() - letters {
        0 => true,
        3 => bytes[letters] == b'_' && all_in(bytes, letters + 1, b'A', b'Z'),
        4 => bytes[letters] == b'_' && all_in(bytes, letters + 1, b'0', b'9'),
        _ => false,
    }
}

/// Whether every byte of `bytes` from `from` on is in `low..=high`.
const fn all_in(bytes: &[u8], from: usize, low: u8, high: u8) -> bool {
    let mut at = from;
    while at < bytes.len() {
        if bytes[at] < low || bytes[at] > high {
            return false;
        }
        at += 1;
    }
    true
}
