//! What a `cta_template!` expansion names: the pieces of its description, and [`render`], the
//! one function that fills every template.

use std::borrow::Cow;

use cta_rules::json::Group;
use cta_rules::layout::GivenHeader;
use cta_rules::{Field, HeaderKind, content_parts};

use crate::checked::{Checked, Filename, HeaderText, MediaId, MediaLink, Prerendered};
use crate::payload::{CtaUrlContent, Header, Media};
use crate::template::{Position, fill};
pub use crate::template::{Template, TemplateError, TemplatePart, TemplatePiece};

/// A template's description, from what `cta_template!` wrote: the struct's name, the
/// placeholders in the order they first appear, how the header is given
/// ([`GivenHeader::byte`]) and the parts in the order of [`Field::ALL`].
///
/// # Panics
///
/// When the description is malformed: a header byte that stands for nothing
/// ([`GivenHeader::from_byte`]), or a placeholder without a name (see `Template::new`). A
/// compile error, since the expansion makes it a constant.
#[must_use]
pub const fn template(
    name: &'static str,
    placeholders: &'static [&'static str],
    header: u8,
    parts: &'static [TemplatePart],
) -> Template {
    Template::new(name, placeholders, GivenHeader::from_byte(header), parts)
}

/// A part of fixed text and placeholders, for the field at `slot` in [`Field::ALL`], with what
/// the macro worked out of its fixed text: its length in bytes and in characters, whether it
/// is blank and whether JSON writes it as it is.
///
/// Nothing given is trusted: the part works those out again from `pieces`, checks the fixed
/// text by its field's rules (`TemplatePart::new`), and the figures given must be the ones it
/// finds.
///
/// # Panics
///
/// When the description is not one the macro writes: fixed text that breaks a rule, a
/// placeholder where none may stand, or a figure given that is not the fixed text's. A compile
/// error in the constant the expansion makes of it; a panic where it runs.
#[must_use]
pub const fn part(
    slot: usize,
    pieces: &'static [TemplatePiece],
    fixed_len: usize,
    fixed_chars: usize,
    fixed_blank: bool,
    fixed_as_is: bool,
) -> TemplatePart {
    let part = TemplatePart::new(Field::ALL[slot], pieces);
    let (len, chars, blank, as_is) = part.fixed_facts();
    assert!(
        len == fixed_len && chars == fixed_chars && blank == fixed_blank && as_is == fixed_as_is,
        "forged cta_template! description: the fixed text's length, characters, blankness or \
         JSON form given are not the text's"
    );
    part
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

/// `T` for a required part, `Option<T>` for an optional one.
macro_rules! presence_type {
    (required $t:ty) => { $t };
    (optional $t:ty) => { Option<$t> };
}

/// A text part's value: a required part is always in the description, an optional one only
/// when the template has it.
macro_rules! text_part {
    (required $part:expr, $template:expr, $values:expr, $given:expr) => {
        part_value(
            $template,
            $part.expect("a template describes its body, button and URL"),
            $values,
            $given,
        )
    };
    (optional $part:expr, $template:expr, $values:expr, $given:expr) => {
        match $part {
            Some(part) => optional_value($template, part, $values, $given),
            None => Ok(None),
        }
    };
}

/// [`Given`] and the one function that fills every template, from the rows of
/// `content_parts!`: a text part added to the table is given and filled with no code here.
macro_rules! define_given_and_render {
    ($(
        $(#[$doc:meta])*
        $member:ident: $name:ident, $presence:ident $($with:ident)?, $group:ident $key:literal
            $({ $inner:literal })?, $what:literal;
    )*) => {
        /// The parts of a template given as expressions, already of their checked types (the
        /// expansion passes each through `Checked` or `CheckedOption`). Each setter is named
        /// after the part's key (`header_text` for the text of a text header).
        pub struct Given {
            header: Expression<Option<Header>>,
            header_text: Expression<HeaderText>,
            link: Expression<MediaLink>,
            id: Expression<MediaId>,
            filename: Expression<Option<Filename>>,
            $($member: Expression<presence_type!($presence crate::checked::$name)>,)*
        }

        impl Given {
            /// No part given as an expression.
            pub const NONE: Given = Given {
                header: Expression::NotGiven,
                header_text: Expression::NotGiven,
                link: Expression::NotGiven,
                id: Expression::NotGiven,
                filename: Expression::NotGiven,
                $($member: Expression::NotGiven,)*
            };

            /// The whole header.
            #[must_use]
            pub fn header(mut self, header: Option<Header>) -> Self {
                self.header = Expression::Given(header);
                self
            }

            /// The text of a text header.
            #[must_use]
            pub fn header_text(mut self, text: HeaderText) -> Self {
                self.header_text = Expression::Given(text);
                self
            }

            /// The link of a media header.
            #[must_use]
            pub fn link(mut self, link: MediaLink) -> Self {
                self.link = Expression::Given(link);
                self
            }

            /// The media ID of a media header.
            #[must_use]
            pub fn id(mut self, id: MediaId) -> Self {
                self.id = Expression::Given(id);
                self
            }

            /// A document's file name.
            #[must_use]
            pub fn filename(mut self, filename: Option<Filename>) -> Self {
                self.filename = Expression::Given(filename);
                self
            }

            $(
                #[doc = concat!("Gives ", $what, ".")]
                #[must_use]
                pub fn $member(
                    mut self,
                    value: presence_type!($presence crate::checked::$name),
                ) -> Self {
                    self.$member = Expression::Given(value);
                    self
                }
            )*
        }

        /// [`render`] and [`render_given`]: the one function that fills every template. The
        /// parts come in the order of [`Field::ALL`], so they are read in one pass, each where
        /// it belongs; the header's come after the parts written before `"type"`.
        fn render_parts(
            template: &Template,
            values: &[&str],
            mut given: Option<&mut Given>,
        ) -> Result<CtaUrlContent, TemplateError> {
            assert_eq!(
                values.len(),
                template.placeholders().len(),
                "cta_template!'s render gives one value for each placeholder"
            );
            let mut parts = template.parts();
            let mut header = None;
            $(
                // A constant condition for each row: the optimiser keeps one header read.
                if header.is_none() && !matches!(Group::$group, Group::BeforeType) {
                    header = Some(self::header(template, values, &mut parts, &mut given)?);
                }
                let $member = text_part!(
                    $presence next(&mut parts, Field::$name),
                    template,
                    values,
                    || take(&mut given, |given| &mut given.$member)
                )?;
            )*
            assert!(
                parts.is_empty(),
                "malformed cta_template! description: a part out of the order of Field::ALL"
            );
            Ok(CtaUrlContent {
                header: header.expect("the table has parts after the header: the body at least"),
                $($member,)*
                json_tail: Prerendered(None),
            })
        }
    };
}

content_parts!(define_given_and_render);

/// The value of a part given as an expression, if the part is one.
enum Expression<T> {
    NotGiven,
    Given(T),
}

impl<T> Expression<T> {
    /// The value given; the part is then not given any more.
    fn take(&mut self) -> Expression<T> {
        std::mem::replace(self, Expression::NotGiven)
    }

    /// The value given, which the expansion always gives for a part it wrote as an expression.
    fn expect_given(self) -> T {
        match self {
            Expression::Given(value) => value,
            Expression::NotGiven => {
                panic!("cta_template!'s render gives every part it wrote as an expression")
            }
        }
    }
}

/// The value of a part: filled from the template, or given as an expression (asked only for
/// a part that is one).
fn part_value<T: Checked>(
    template: &Template,
    part: &TemplatePart,
    values: &[&str],
    given: impl FnOnce() -> Expression<T>,
) -> Result<T, TemplateError> {
    let (text, as_is) = match part.pieces() {
        // A literal: its text, checked while the code compiled.
        Some(&[TemplatePiece::Text(text)]) => (Cow::Borrowed(text), part.fixed_as_is()),
        Some(pieces) => {
            let filled = fill(template, part, pieces, values)?;
            (filled.text, filled.as_is)
        }
        None => return Ok(given().expect_given()),
    };
    if !part.url_proven() {
        // The description's constant checked every rule of the fixed text but the form of a
        // URL whose host it cannot read in a `const fn` (an IP address, an internationalized
        // name): that form is checked here, on the filled URL, since a description can be
        // written by hand.
        assert!(
            cta_rules::check(T::FIELD, &text).is_ok(),
            "forged cta_template! description: the {} it fills is not a valid URL",
            T::FIELD
        );
    }
    Ok(T::from_checked(text, as_is))
}

/// An optional part: absent unless the template has it.
fn optional_value<T: Checked>(
    template: &Template,
    part: &TemplatePart,
    values: &[&str],
    given: impl FnOnce() -> Expression<Option<T>>,
) -> Result<Option<T>, TemplateError> {
    match part.pieces() {
        Some(_) => part_value(template, part, values, || Expression::NotGiven).map(Some),
        None => Ok(given().expect_given()),
    }
}

/// The expression given for a part, out of `given`: nothing when the template has none.
fn take<T>(
    given: &mut Option<&mut Given>,
    part: impl FnOnce(&mut Given) -> &mut Expression<T>,
) -> Expression<T> {
    match given {
        Some(given) => part(given).take(),
        None => Expression::NotGiven,
    }
}

/// Renders a template that has no part given as an expression: [`render_given`] without the
/// expressions, so that a template made only of text and placeholders passes nothing more.
///
/// # Errors
///
/// The rule a value breaks, naming its placeholder.
///
/// # Panics
///
/// As [`render_given`].
pub fn render(template: &Template, values: &[&str]) -> Result<CtaUrlContent, TemplateError> {
    render_parts(template, values, None)
}

/// Renders `template` with `values` (one for each of [`Template::placeholders`], in that order)
/// and the parts `given` as expressions: each value checked by the rules of the part it lands
/// in, percent-encoded for where it stands in the button URL. The first part (in the order of
/// [`Field::ALL`]) whose value breaks a rule gives the error.
///
/// # Errors
///
/// The rule a value breaks, naming its placeholder.
///
/// # Panics
///
/// When `values` or `given` does not match `template` (the expansion always passes what its
/// description says), or a required part is missing from the description.
pub fn render_given(
    template: &Template,
    values: &[&str],
    mut given: Given,
) -> Result<CtaUrlContent, TemplateError> {
    render_parts(template, values, Some(&mut given))
}

/// The next part of `parts`, if it is `field`'s: the parts come in the order of [`Field::ALL`].
fn next<'t>(parts: &mut &'t [TemplatePart], field: Field) -> Option<&'t TemplatePart> {
    match *parts {
        [part, rest @ ..] if part.field() == field => {
            *parts = rest;
            Some(part)
        }
        _ => None,
    }
}

/// The header of a template, from its next parts.
#[expect(
    clippy::inline_always,
    reason = "called from the one place that reads it, it moved the header through memory: \
              61 instructions more a message (callgrind), none inlined"
)]
#[inline(always)]
fn header(
    template: &Template,
    values: &[&str],
    parts: &mut &[TemplatePart],
    given: &mut Option<&mut Given>,
) -> Result<Option<Header>, TemplateError> {
    Ok(match template.header() {
        GivenHeader::None => None,
        GivenHeader::Expression => {
            // The header's expression stands in the place of its text.
            next(parts, Field::HeaderText);
            take(given, |given| &mut given.header).expect_given()
        }
        GivenHeader::Kind(HeaderKind::Text) => {
            let part = next(parts, Field::HeaderText).expect("a text header describes its text");
            Some(Header::Text(part_value(template, part, values, || {
                take(given, |given| &mut given.header_text)
            })?))
        }
        GivenHeader::Kind(kind) => {
            let media = match next(parts, Field::MediaLink) {
                Some(part) => Media::Link(part_value(template, part, values, || {
                    take(given, |given| &mut given.link)
                })?),
                None => Media::Id(part_value(
                    template,
                    next(parts, Field::MediaId).expect("a media header describes its link or ID"),
                    values,
                    || take(given, |given| &mut given.id),
                )?),
            };
            let filename = match next(parts, Field::Filename) {
                Some(part) => optional_value(template, part, values, || {
                    take(given, |given| &mut given.filename)
                })?,
                None => None,
            };
            Some(Header::of_media(kind, media, filename))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{Given, expression_part, fixed, part, placeholder, render, render_given, template};
    use crate::template::Template;

    const BODY: usize = 6;
    const BUTTON: usize = 7;
    const URL: usize = 8;

    /// A template with the placeholder `a` in its body, and its button given as an expression.
    const TEMPLATE: Template = template(
        "T",
        &["a"],
        0,
        &[
            part(BODY, &[fixed("Hi "), placeholder(0)], 3, 3, false, true),
            expression_part(BUTTON),
            part(URL, &[fixed("https://example.com")], 19, 19, false, true),
        ],
    );

    #[test]
    fn the_slots_are_the_fields() {
        assert_eq!(cta_rules::Field::ALL[BODY], cta_rules::Field::BodyText);
        assert_eq!(cta_rules::Field::ALL[BUTTON], cta_rules::Field::ButtonLabel);
        assert_eq!(cta_rules::Field::ALL[URL], cta_rules::Field::ButtonUrl);
    }

    #[test]
    fn a_template_renders_with_its_values_and_expressions() {
        let button = crate::ButtonLabel::new("Go").expect("a valid label");
        let content =
            render_given(&TEMPLATE, &["Ada"], Given::NONE.button(button)).expect("valid values");
        assert_eq!(content.body().as_str(), "Hi Ada");
        assert_eq!(content.button().as_str(), "Go");
    }

    #[test]
    #[should_panic(expected = "one value for each placeholder")]
    fn a_value_missing_is_a_malformed_call() {
        let _ = render(&TEMPLATE, &[]);
    }

    #[test]
    #[should_panic(expected = "gives every part it wrote as an expression")]
    fn an_expression_missing_is_a_malformed_call() {
        let _ = render(&TEMPLATE, &["Ada"]);
    }

    #[test]
    #[should_panic(expected = "a placeholder without a name")]
    fn a_placeholder_without_a_name_is_a_malformed_description() {
        let pieces = Box::leak(Box::new([placeholder(1)]));
        let parts = Box::leak(Box::new([part(BODY, pieces, 0, 0, true, true)]));
        let _ = template("T", &["a"], 0, parts);
    }

    #[test]
    #[should_panic(expected = "unknown header kind")]
    fn an_unknown_header_kind_is_a_malformed_description() {
        let _ = template("T", &[], 9, &[]);
    }

    #[test]
    #[should_panic(expected = "a template describes its body, button and URL")]
    fn a_template_without_a_body_is_a_malformed_description() {
        let _ = render(&template("T", &[], 0, &[]), &[]);
    }
}
