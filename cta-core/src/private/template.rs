//! What a `cta_template!` expansion names.

use cta_rules::Field;
use cta_rules::layout::GivenHeader;

use crate::template::Position;
pub use crate::template::{FromFilled, Template, TemplateError, TemplatePart, TemplatePiece};
/// A template's description, from what `cta_template!` wrote: the struct's name, the
/// placeholders in the order they first appear, how the header is given
/// ([`GivenHeader::byte`]) and the parts in the order of [`Field::ALL`].
///
/// # Panics
///
/// On a header byte that stands for nothing: the expansion is malformed.
#[must_use]
pub const fn template(
    name: &'static str,
    placeholders: &'static [&'static str],
    header: u8,
    parts: &'static [TemplatePart],
) -> Template {
    Template::new(name, placeholders, GivenHeader::from_byte(header), parts)
}

/// A part of fixed text and placeholders, for the field at `slot` in [`Field::ALL`];
/// `fixed_blank` when the fixed text is blank.
#[must_use]
pub const fn part(
    slot: usize,
    pieces: &'static [TemplatePiece],
    fixed_blank: bool,
) -> TemplatePart {
    TemplatePart::new(Field::ALL[slot], pieces, fixed_blank)
}

/// A part given as an expression, for the field at `slot` in [`Field::ALL`].
#[must_use]
pub const fn expression_part(slot: usize) -> TemplatePart {
    TemplatePart::expression(Field::ALL[slot])
}

/// Fixed text of a template part.
#[must_use]
pub const fn fixed(text: &'static str) -> TemplatePiece {
    TemplatePiece::Text(text)
}

/// The placeholder `index` in a text.
#[must_use]
pub const fn placeholder(index: usize) -> TemplatePiece {
    TemplatePiece::Placeholder {
        index,
        position: Position::Text,
    }
}

/// The placeholder `index` in a path segment of the URL.
#[must_use]
pub const fn in_path(index: usize) -> TemplatePiece {
    TemplatePiece::Placeholder {
        index,
        position: Position::UrlPath,
    }
}

/// The placeholder `index` in the query of the URL.
#[must_use]
pub const fn in_query(index: usize) -> TemplatePiece {
    TemplatePiece::Placeholder {
        index,
        position: Position::UrlQuery,
    }
}

/// The placeholder `index` in the fragment of the URL.
#[must_use]
pub const fn in_fragment(index: usize) -> TemplatePiece {
    TemplatePiece::Placeholder {
        index,
        position: Position::UrlFragment,
    }
}

/// Fills part `index` of `template` with `values`, checking the values.
///
/// # Errors
///
/// The rule a value breaks, naming its placeholder.
pub fn fill<T: FromFilled>(
    template: &Template,
    index: usize,
    values: &[&str],
) -> Result<T, TemplateError> {
    crate::template::fill(template, index, values)
}
