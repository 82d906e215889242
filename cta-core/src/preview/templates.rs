//! The preview of a template: the bubble with each placeholder marked, and the room each
//! part leaves for the values.

use std::fmt::Write as _;

use super::{html, phone};
use crate::payload::{CtaUrlContent, Document, Header, Media};
use crate::rules::Field;
use crate::rules::HeaderKind;
use crate::rules::layout::GivenHeader;
use crate::template::{Position, Template, TemplatePart, TemplatePiece};

/// Marks a placeholder's start in the text the bubble is drawn from; [`mark_placeholders`]
/// turns it into a `<mark>`. A private-use character, which no rule lets reach a bubble from
/// the template itself unmarked.
const PLACEHOLDER_START: char = '\u{F8F0}';
/// Marks a placeholder's end; see [`PLACEHOLDER_START`].
const PLACEHOLDER_END: char = '\u{F8F1}';

/// Renders a template (the `TEMPLATE` of a struct made by [`cta_template!`](crate::cta_template))
/// as one self-contained HTML page: the bubble with each placeholder marked where it stands,
/// beside a panel of the placeholders and the room each part leaves for them.
///
/// ```
/// cta_core::cta_template! {
///     struct OrderShipped {
///         header: text("Order {order} shipped"),
///         body: "Hi {name}, your order is on its way.",
///         button: "Track order",
///         url: "https://example.com/track/{order}",
///     }
/// }
///
/// let page = cta_core::preview::render_template(&OrderShipped::TEMPLATE);
/// assert!(page.contains(r#"<mark class="placeholder">{name}</mark>"#));
/// assert!(page.contains(r#"href="https://example.com/track/{order}""#));
/// assert!(page.contains("<td>body text</td><td>30</td><td>1024</td><td>994</td>"));
/// ```
#[must_use]
pub fn render_template(template: &Template) -> String {
    let content = template_content(template);
    let phone = mark_placeholders(&phone(&content, None));
    html::page(&phone, &template_panel(template))
}

/// A part of `template` as the bubble shows it: placeholders between the markers (plain
/// `{name}` in a URL, which is shown in attributes), an expression as a note.
fn shown(template: &Template, part: &TemplatePart) -> String {
    let Some(pieces) = part.pieces() else {
        return "(set at run time)".to_owned();
    };
    let marked = part.field() != Field::ButtonUrl;
    let mut text = String::new();
    for piece in pieces {
        match *piece {
            TemplatePiece::Text(fixed) => text.push_str(fixed),
            TemplatePiece::Placeholder { index, .. } => {
                let name = template.placeholders().get(index).copied().unwrap_or("?");
                if marked {
                    text.push(PLACEHOLDER_START);
                }
                text.push('{');
                text.push_str(name);
                text.push('}');
                if marked {
                    text.push(PLACEHOLDER_END);
                }
            }
        }
    }
    text
}

/// The content the bubble draws for `template`. Its parts are shown, not sent, so they are
/// not checked.
fn template_content(template: &Template) -> CtaUrlContent {
    use crate::checked::{
        BodyText, ButtonLabel, ButtonUrl, Checked, Filename, FooterText, HeaderText, MediaId,
        MediaLink,
    };
    fn make<T: Checked>(text: String) -> T {
        T::from_checked(text.into(), false)
    }
    let text_of = |field: Field| {
        template
            .parts()
            .iter()
            .find(|part| part.field() == field)
            .map(|part| shown(template, part))
    };
    let media = || match (text_of(Field::MediaLink), text_of(Field::MediaId)) {
        (Some(link), _) => Media::Link(make::<MediaLink>(link)),
        (None, id) => Media::Id(make::<MediaId>(id.unwrap_or_default())),
    };
    let header = match template.header() {
        GivenHeader::None => None,
        GivenHeader::Kind(HeaderKind::Image) => Some(Header::Image(media())),
        GivenHeader::Kind(HeaderKind::Video) => Some(Header::Video(media())),
        GivenHeader::Kind(HeaderKind::Document) => Some(Header::Document(Document {
            media: media(),
            filename: text_of(Field::Filename).map(make::<Filename>),
        })),
        // A text header, or a header given as an expression, shown as a note in its place.
        GivenHeader::Kind(HeaderKind::Text) | GivenHeader::Expression => Some(Header::Text(
            make::<HeaderText>(text_of(Field::HeaderText).unwrap_or_default()),
        )),
    };
    let mut content = CtaUrlContent::new(
        make::<BodyText>(text_of(Field::BodyText).unwrap_or_default()),
        make::<ButtonLabel>(text_of(Field::ButtonLabel).unwrap_or_default()),
        make::<ButtonUrl>(text_of(Field::ButtonUrl).unwrap_or_default()),
    );
    content.header = header;
    content.footer = text_of(Field::FooterText).map(make::<FooterText>);
    content
}

/// Turns the placeholder markers of the page into `<mark>`s in element content; inside a tag
/// (an attribute, such as a link's `href` in the body) they become plain braces' neighbours,
/// that is, nothing.
fn mark_placeholders(page: &str) -> String {
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
            PLACEHOLDER_START if !in_tag => out.push_str(r#"<mark class="placeholder">"#),
            PLACEHOLDER_END if !in_tag => out.push_str("</mark>"),
            PLACEHOLDER_START | PLACEHOLDER_END => {}
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
            for piece in part.pieces().unwrap_or_default() {
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
