//! The preview of a template: the bubble with each placeholder marked, and the room each
//! part leaves for the values.

use std::fmt::Write as _;

use super::{Bubble, HeaderView, MediaSource, html, phone};
use crate::rules::Field;
use crate::rules::HeaderKind;
use crate::rules::layout::GivenHeader;
use crate::template::{Position, Template, TemplatePart, TemplatePiece};

/// The two characters that mark a placeholder's start and end in the text the bubble is drawn
/// from, which [`mark_placeholders`] turns into a `<mark>`: two private-use characters that
/// no text of `template` holds, so the marks cannot be confused with the text and always come
/// in pairs. A template's texts are far shorter than the 6400 characters of the range, so a
/// free pair is always found.
fn markers(template: &Template) -> (char, char) {
    let used = |c: char| {
        template.parts().iter().any(|part| {
            part.pieces().is_some_and(|pieces| {
                pieces
                    .iter()
                    .any(|piece| matches!(piece, TemplatePiece::Text(text) if text.contains(c)))
            })
        })
    };
    let mut free = ('\u{E000}'..='\u{F8FF}').filter(|&c| !used(c));
    let start = free.next();
    let end = free.next();
    start
        .zip(end)
        .expect("a template's texts leave two of the 6400 private-use characters free")
}

/// Renders a template (the `TEMPLATE` of a struct made by [`cta_template!`](crate::cta_template))
/// as one self-contained HTML page: the bubble with each placeholder marked where it stands,
/// beside a panel of the placeholders and the room each part leaves for them.
///
/// ```
/// cta_core::cta_template! {
///     /// A reply to a customer who asked about a workshop.
///     struct WorkshopDates {
///         header: text("Dates for {workshop}"),
///         body: "Hi {name}, here are the next dates for you.",
///         button: "See dates",
///         url: "https://example.com/workshops/{workshop}",
///     }
/// }
///
/// let page = cta_core::preview::render_template(&WorkshopDates::TEMPLATE);
/// assert!(page.contains(r#"<mark class="placeholder">{name}</mark>"#));
/// assert!(page.contains(r#"href="https://example.com/workshops/{workshop}""#));
/// assert!(page.contains("<td>body text</td><td>37</td><td>1024</td><td>987</td>"));
/// ```
#[must_use]
pub fn render_template(template: &Template) -> String {
    let markers = markers(template);
    let text_of = |field: Field| {
        template
            .parts()
            .iter()
            .find(|part| part.field() == field)
            .map(|part| shown(template, part, markers))
    };
    // Owned texts first, then the bubble's view of them.
    let header_text = text_of(Field::HeaderText);
    let link = text_of(Field::MediaLink);
    let id = text_of(Field::MediaId);
    let filename = text_of(Field::Filename);
    let body = text_of(Field::BodyText);
    let button = text_of(Field::ButtonLabel);
    let url = text_of(Field::ButtonUrl);
    let footer = text_of(Field::FooterText);
    let header = match template.header() {
        GivenHeader::None => None,
        GivenHeader::Kind(HeaderKind::Text) => {
            Some(HeaderView::Text(required(header_text.as_deref())))
        }
        GivenHeader::Kind(kind) => Some(HeaderView::Media {
            kind,
            source: match (&link, &id) {
                (Some(link), _) => MediaSource::Link(link),
                (None, id) => MediaSource::Id(required(id.as_deref())),
            },
            filename: filename.as_deref(),
        }),
        // The header is a value made at run time: a note in its place.
        GivenHeader::Expression => Some(HeaderView::Text(AT_RUN_TIME)),
    };
    let bubble = Bubble {
        recipient: None,
        header,
        body: required(body.as_deref()),
        button: required(button.as_deref()),
        url: required(url.as_deref()),
        footer: footer.as_deref(),
    };
    let phone = mark_placeholders(&phone(&bubble), markers);
    html::page(&phone, &template_panel(template))
}

/// The text of a part the template must have: its body, button and URL, its header's text or
/// media source (shown as a note when it is an expression).
fn required(text: Option<&str>) -> &str {
    text.expect("a template describes its body, button, URL and its header's text or source")
}

/// What the bubble shows of a part set at run time (an expression).
const AT_RUN_TIME: &str = "(set at run time)";

/// A part of `template` as the bubble shows it: each placeholder as `{name}` between the
/// markers (plain `{name}` in a URL, which is shown in attributes), an expression as a note.
fn shown(template: &Template, part: &TemplatePart, (start, end): (char, char)) -> String {
    let Some(pieces) = part.pieces() else {
        return AT_RUN_TIME.to_owned();
    };
    let marked = part.field() != Field::ButtonUrl;
    let mut text = String::new();
    for piece in pieces {
        match *piece {
            TemplatePiece::Text(fixed) => text.push_str(fixed),
            TemplatePiece::Placeholder { index, .. } => {
                if marked {
                    text.push(start);
                }
                text.push('{');
                text.push_str(template.placeholder(index));
                text.push('}');
                if marked {
                    text.push(end);
                }
            }
        }
    }
    text
}

/// Turns the placeholder markers of the page into `<mark>`s in element content; inside a tag
/// (an attribute, such as a link's `href` in the body) they become nothing.
fn mark_placeholders(page: &str, (start, end): (char, char)) -> String {
    let mut out = String::with_capacity(page.len() + 256);
    let mut in_tag = false;
    for c in page.chars() {
        match c {
            // Text is escaped, so a raw `<` or `>` is always markup.
            '<' => {
                in_tag = true;
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            c if c == start && !in_tag => out.push_str(r#"<mark class="placeholder">"#),
            c if c == end && !in_tag => out.push_str("</mark>"),
            c if c == start || c == end => {}
            c => out.push(c),
        }
    }
    out
}

/// The panel of a template: its placeholders, and each part's fixed characters, limit and
/// room left for the values.
fn template_panel(template: &Template) -> String {
    let mut out = String::new();
    out.push_str("<section class=\"panel\" aria-label=\"Template\">\n<h1>Template <code>");
    html::push_text(&mut out, template.name());
    out.push_str("</code></h1>\n<table id=\"placeholders\">\n");
    out.push_str("<thead><tr><th>placeholder</th><th>stands in</th></tr></thead>\n<tbody>\n");
    for (index, name) in template.placeholders().iter().enumerate() {
        let mut places: Vec<String> = Vec::new();
        for part in template.parts() {
            for piece in part.pieces().into_iter().flatten() {
                if let TemplatePiece::Placeholder {
                    index: found,
                    position,
                } = *piece
                    && found == index
                {
                    let place = match position {
                        Position::Text => part.field().name().to_owned(),
                        other => format!("{} ({})", part.field().name(), other.name()),
                    };
                    if !places.contains(&place) {
                        places.push(place);
                    }
                }
            }
        }
        out.push_str("<tr><td><mark class=\"placeholder\">{");
        html::push_text(&mut out, name);
        out.push_str("}</mark></td><td>");
        html::push_text(&mut out, &places.join(", "));
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n<table id=\"room\">\n<thead><tr><th>part</th>");
    out.push_str(
        "<th>fixed characters</th><th>limit</th><th>room for values</th></tr></thead>\n<tbody>\n",
    );
    for part in template.parts() {
        out.push_str("<tr><td>");
        html::push_text(&mut out, part.field().name());
        match (part.pieces(), part.field().max_chars(), part.room()) {
            (None, _, _) => out.push_str("</td><td colspan=\"3\">set at run time</td></tr>\n"),
            (Some(_), Some(max), Some(room)) => {
                let _ = writeln!(
                    out,
                    "</td><td>{}</td><td>{max}</td><td>{room}</td></tr>",
                    part.fixed_chars()
                );
            }
            (Some(_), _, _) => {
                let _ = writeln!(
                    out,
                    "</td><td>{}</td><td>none</td><td>any</td></tr>",
                    part.fixed_chars()
                );
            }
        }
    }
    out.push_str("</tbody>\n</table>\n<p>");
    out.push_str(concat!(
        "Each value is checked when the template is rendered, by the rules of the part it ",
        "lands in; in the button URL it is percent-encoded first. Characters are counted as ",
        "Unicode scalar values.",
    ));
    out.push_str("</p>\n</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::{markers, render_template};
    use crate::__private::{TemplatePiece, fixed, part, template};

    const GO: &[TemplatePiece] = &[fixed("Go")];
    const URL: &[TemplatePiece] = &[fixed("https://example.com")];

    /// A template whose body holds `text` as its fixed text.
    fn with_body(text: String) -> crate::template::Template {
        let text: &'static str = Box::leak(text.into_boxed_str());
        let pieces = Box::leak(Box::new([fixed(text)]));
        let parts = Box::leak(Box::new([
            part(
                6,
                pieces,
                text.len(),
                text.chars().count(),
                false,
                cta_rules::json::needs_no_escape(text),
            ),
            part(7, GO, 2, 2, false, true),
            part(8, URL, 19, 19, false, true),
        ]));
        template("T", &[], 0, parts)
    }

    #[test]
    fn the_markers_are_two_characters_the_text_does_not_hold() {
        let taken: String = ('\u{E000}'..='\u{E0FF}').chain(['\u{E101}']).collect();
        assert_eq!(markers(&with_body(taken)), ('\u{E100}', '\u{E102}'));
    }

    /// A template cannot hold every private-use character: its fixed text is checked by its
    /// parts' limits when it is made, which leave fewer than 6400 characters.
    #[test]
    #[should_panic(expected = "fixed text longer than its part's limit")]
    fn a_text_that_holds_every_private_use_character_leaves_no_marker() {
        let every: String = ('\u{E001}'..='\u{F8FF}').collect();
        let _ = render_template(&with_body(every));
    }

    #[test]
    #[should_panic(expected = "a template describes its body")]
    fn a_template_without_a_body_is_malformed() {
        let _ = render_template(&template("T", &[], 0, &[]));
    }
}
