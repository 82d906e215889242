//! A preview of a message as the phone shows it, as one self-contained HTML page.
//!
//! [`render`] draws a [`CtaUrlContent`] or a [`CtaUrlMessage`] as a WhatsApp chat bubble: the
//! header (its text, or for an image, a video or a document a framed placeholder naming the
//! kind and the link or media ID), the body with WhatsApp's formatting (`*bold*`, `_italic_`,
//! `~strikethrough~`, ```` ```monospace``` ````, `` `inline code` ``) and its `http(s)` URLs as
//! links, the footer in small grey text (formatted and linked the same way), and the button
//! with its link icon and label, a real link to the button's URL. Beside the bubble a panel
//! lists each part with its length against its limit from [`rules`].
//!
//! The page loads nothing: no script, font, image or style sheet from anywhere, and its
//! Content Security Policy forbids them. All text from the message is HTML-escaped, so text such
//! as `<script>` shows as it is written and runs nothing. Characters that are invisible but
//! change how text is shown, such as U+202E (right-to-left override), and control characters
//! are shown as red badges naming their code point, and the panel lists them: a reviewer sees
//! them rather than their effect.
//!
//! The preview shows the message the way WhatsApp's app does in its light theme, closely but
//! not exactly: fonts, line breaks and the media themselves (which the page does not fetch)
//! differ from phone to phone.
//!
//! Only with the `preview` feature, off by default; it adds no dependency.
//!
//! ```
//! use cta_core::cta_message;
//!
//! let message = cta_message! {
//!     to: "+16505551234",
//!     header: text("Spring workshop"),
//!     body: "Seats are *limited*: book at https://example.com/book",
//!     button: "See Dates",
//!     url: "https://example.com/dates?from=chat&lang=en",
//!     footer: "Dates subject to change.",
//! };
//! let page = cta_core::preview::render(&message);
//!
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! assert!(page.contains("<strong>limited</strong>"));
//! assert!(page.contains(r#"href="https://example.com/dates?from=chat&amp;lang=en""#));
//! ```

mod approved;
mod html;
mod markup;
mod templates;

pub use approved::{ApprovedRenderable, render_approved};
pub use templates::render_template;

use std::fmt::Write as _;

use crate::checked::{Filename, FooterText, Recipient};
use crate::payload::{CtaUrlContent, CtaUrlMessage, Document, Header, Media};
use crate::rules::HeaderKind;
use crate::rules::{self, Field, Source};

/// What [`render`] can show: a [`CtaUrlContent`], or a [`CtaUrlMessage`] (whose recipient the
/// preview shows too).
///
/// The trait is sealed: no other type can implement it.
pub trait Renderable: sealed::Sealed {}

impl Renderable for CtaUrlContent {}
impl Renderable for CtaUrlMessage {}

mod sealed {
    use crate::checked::Recipient;
    use crate::payload::{CtaUrlContent, CtaUrlMessage};

    pub trait Sealed {
        fn parts(&self) -> (&CtaUrlContent, Option<&Recipient>);
    }

    impl Sealed for CtaUrlContent {
        fn parts(&self) -> (&CtaUrlContent, Option<&Recipient>) {
            (self, None)
        }
    }

    impl Sealed for CtaUrlMessage {
        fn parts(&self) -> (&CtaUrlContent, Option<&Recipient>) {
            (self.content(), Some(self.recipient()))
        }
    }
}

/// Renders `message` as one self-contained HTML page that shows it in a WhatsApp chat bubble,
/// beside a panel of each part's length against its limit.
///
/// See the [module documentation](self) for what the page shows.
///
/// ```
/// use cta_core::{cta_message, CtaUrlContent};
///
/// const CONTENT: CtaUrlContent = cta_message! {
///     body: "Use code `SPRING` before <Friday> & save.",
///     button: "Shop now",
///     url: "https://example.com/shop",
/// };
/// let page = cta_core::preview::render(&CONTENT);
///
/// assert!(page.contains("<code class=\"inline\">SPRING</code> before &lt;Friday&gt; &amp; save."));
/// assert!(page.contains(r#"href="https://example.com/shop""#));
/// ```
#[must_use]
pub fn render(message: &impl Renderable) -> String {
    let (content, recipient) = sealed::Sealed::parts(message);
    let bubble = Bubble::of(content, recipient);
    html::page(&phone(&bubble), &panel(content, recipient))
}

/// What the bubble shows, as plain text: a message's parts, or a template's with its
/// placeholders marked. The preview draws views, never checked values it made itself.
pub(crate) struct Bubble<'a> {
    pub(crate) recipient: Option<&'a str>,
    pub(crate) header: Option<HeaderView<'a>>,
    pub(crate) body: &'a str,
    pub(crate) button: &'a str,
    pub(crate) url: &'a str,
    pub(crate) footer: Option<&'a str>,
}

/// A header, as the bubble shows it.
pub(crate) enum HeaderView<'a> {
    /// A text header.
    Text(&'a str),
    /// An image, video or document header, by link or media ID.
    Media {
        kind: HeaderKind,
        source: MediaSource<'a>,
        filename: Option<&'a str>,
    },
}

/// Where a media header's asset comes from, as the bubble shows it.
pub(crate) enum MediaSource<'a> {
    Link(&'a str),
    Id(&'a str),
}

impl<'a> MediaSource<'a> {
    fn of(media: &'a Media) -> Self {
        match media {
            Media::Link(link) => MediaSource::Link(link.as_str()),
            Media::Id(id) => MediaSource::Id(id.as_str()),
        }
    }
}

impl<'a> HeaderView<'a> {
    /// The view of a checked header.
    fn of(header: &'a Header) -> Self {
        let media = |kind, media: &'a Media, filename: Option<&'a str>| HeaderView::Media {
            kind,
            source: MediaSource::of(media),
            filename,
        };
        match header {
            Header::Text(text) => HeaderView::Text(text.as_str()),
            Header::Image(source) => media(HeaderKind::Image, source, None),
            Header::Video(source) => media(HeaderKind::Video, source, None),
            Header::Document(Document {
                media: source,
                filename,
            }) => media(
                HeaderKind::Document,
                source,
                filename.as_ref().map(Filename::as_str),
            ),
        }
    }
}

impl<'a> Bubble<'a> {
    /// The bubble of a message's content, with its recipient if any.
    fn of(content: &'a CtaUrlContent, recipient: Option<&'a Recipient>) -> Self {
        let header = content.header().map(HeaderView::of);
        Bubble {
            recipient: recipient.map(Recipient::as_str),
            header,
            body: content.body().as_str(),
            button: content.button().as_str(),
            url: content.url().as_str(),
            footer: content.footer().map(FooterText::as_str),
        }
    }
}

impl CtaUrlContent {
    /// This content as a self-contained HTML page: see [`preview::render`](render).
    #[cfg_attr(docsrs, doc(cfg(feature = "preview")))]
    #[must_use]
    pub fn preview_html(&self) -> String {
        render(self)
    }
}

impl CtaUrlMessage {
    /// This message, recipient included, as a self-contained HTML page: see
    /// [`preview::render`](render).
    #[cfg_attr(docsrs, doc(cfg(feature = "preview")))]
    #[must_use]
    pub fn preview_html(&self) -> String {
        render(self)
    }
}

/// Hand-drawn icons, coloured by the text around them.
mod icon {
    pub(super) const OPEN_LINK: &str = concat!(
        r#"<svg class="icon" aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" "#,
        r#"fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" "#,
        r#"stroke-linejoin="round"><path d="M14 4h6v6"/><path d="M20 4l-9 9"/>"#,
        r#"<path d="M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/></svg>"#,
    );
    pub(super) const IMAGE: &str = concat!(
        r#"<svg class="icon" aria-hidden="true" width="44" height="44" viewBox="0 0 24 24" "#,
        r#"fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round">"#,
        r#"<rect x="3" y="4.5" width="18" height="15" rx="2"/><circle cx="9" cy="10" r="1.8"/>"#,
        r#"<path d="M3.5 17.5l5.5-5 4 3.5 3-2.5 4.5 4"/></svg>"#,
    );
    pub(super) const VIDEO: &str = concat!(
        r#"<svg class="icon" aria-hidden="true" width="48" height="48" viewBox="0 0 24 24">"#,
        r#"<circle cx="12" cy="12" r="10" fill="rgba(0,0,0,.35)"/>"#,
        r#"<path d="M10 7.8v8.4l6.6-4.2z" fill="currentColor"/></svg>"#,
    );
    pub(super) const DOCUMENT: &str = concat!(
        r#"<svg class="icon" aria-hidden="true" width="30" height="36" viewBox="0 0 20 24" "#,
        r#"fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round">"#,
        r#"<path d="M3 1.5h9l5.5 5.5v15.5H3z" fill="white"/><path d="M12 1.5V7h5.5"/>"#,
        r#"<path d="M6.5 12h7M6.5 15h7M6.5 18h4.5"/></svg>"#,
    );
    pub(super) const PERSON: &str = concat!(
        r#"<svg aria-hidden="true" width="26" height="26" viewBox="0 0 24 24" "#,
        r#"fill="white"><circle cx="12" cy="8.5" r="4.5"/>"#,
        r#"<path d="M3.5 21c.8-4.6 4.2-7 8.5-7s7.7 2.4 8.5 7z"/></svg>"#,
    );
}

/// The phone: a chat bar, and the bubble in the chat.
fn phone(bubble: &Bubble<'_>) -> String {
    let mut out = String::new();
    out.push_str(concat!(
        "<section class=\"phone\" aria-label=\"The message as the phone shows it\">\n",
        "<div class=\"screen\">\n<div class=\"topbar\"><div class=\"avatar\">",
    ));
    out.push_str(icon::PERSON);
    out.push_str(r#"</div><div class="who"><div class="name">Your business</div><div class="status" id="recipient">"#);
    match bubble.recipient {
        Some(recipient) => {
            out.push_str("to ");
            html::push_text(&mut out, recipient);
        }
        None => out.push_str("interactive CTA URL message"),
    }
    out.push_str("</div></div></div>\n<div class=\"chat\">\n<div class=\"day\">Today</div>\n");
    out.push_str("<div class=\"bubble\" id=\"message\">\n<div class=\"content\">\n");

    if let Some(header) = &bubble.header {
        push_media_header(&mut out, header);
    }
    out.push_str("<div class=\"text\">\n");
    if let Some(HeaderView::Text(text)) = bubble.header {
        out.push_str(r#"<div class="header-text" id="header" dir="auto">"#);
        html::push_text(&mut out, text);
        out.push_str("</div>\n");
    }
    out.push_str(r#"<div class="body" id="body" dir="auto">"#);
    markup::push_html(&mut out, bubble.body);
    out.push_str("</div>\n");
    if let Some(footer) = bubble.footer {
        // Meta allows markdown and links in the footer, as in the body.
        out.push_str(r#"<div class="footer" id="footer" dir="auto">"#);
        markup::push_html(&mut out, footer);
        out.push_str("</div>\n");
    }
    out.push_str("<div class=\"time\" aria-hidden=\"true\">12:00</div>\n</div>\n</div>\n");

    let url = bubble.url;
    if html::is_http_url(url) {
        out.push_str(r#"<a class="button" id="button" href=""#);
        html::push_attr(&mut out, url);
        out.push_str(r#"" target="_blank" rel="noopener noreferrer nofollow" title=""#);
        html::push_attr(&mut out, url);
        out.push_str(r#"">"#);
    } else {
        // A `ButtonUrl` is always `http(s)`; this branch only keeps the page safe if that rule
        // ever changes.
        out.push_str(r#"<span class="button" id="button">"#);
    }
    out.push_str(icon::OPEN_LINK);
    out.push_str(r#"<span class="label" id="button-label" dir="auto">"#);
    html::push_text(&mut out, bubble.button);
    out.push_str("</span>");
    out.push_str(if html::is_http_url(url) {
        "</a>\n"
    } else {
        "</span>\n"
    });
    out.push_str("</div>\n</div>\n</div>\n</section>\n");
    out
}

/// The framed placeholder of an image, video or document header; nothing for a text header.
fn push_media_header(out: &mut String, header: &HeaderView<'_>) {
    let (kind, media, filename) = match header {
        HeaderView::Text(_) => return,
        HeaderView::Media {
            kind,
            source,
            filename,
        } => (kind.name(), source, *filename),
    };
    if kind == "document" {
        out.push_str(r#"<div class="document" id="header" data-kind="document">"#);
        out.push_str(r#"<span class="icon">"#);
        out.push_str(icon::DOCUMENT);
        out.push_str(r#"</span><div class="info"><div class="name" id="filename">"#);
        match filename {
            Some(filename) => html::push_text(out, filename),
            None => out.push_str("<i>no file name</i>"),
        }
        out.push_str(r#"</div><span class="kind">Document</span> "#);
        push_media_source(out, media);
        out.push_str("</div></div>\n");
        return;
    }
    out.push_str(r#"<div class="media "#);
    out.push_str(kind);
    out.push_str(r#"" id="header" data-kind=""#);
    out.push_str(kind);
    out.push_str(r#"">"#);
    out.push_str(if kind == "video" {
        icon::VIDEO
    } else {
        icon::IMAGE
    });
    out.push_str(r#"<span class="kind">"#);
    out.push_str(kind);
    out.push_str("</span>");
    push_media_source(out, media);
    out.push_str("</div>\n");
}

fn push_media_source(out: &mut String, media: &MediaSource<'_>) {
    match *media {
        MediaSource::Link(link) => {
            out.push_str(r#"<span class="source" id="media-source">"#);
            html::push_link(out, link, link, "media-link");
            out.push_str("</span>");
        }
        MediaSource::Id(id) => {
            out.push_str(r#"<span class="source" id="media-source">media ID "#);
            html::push_text(out, id);
            out.push_str("</span>");
        }
    }
}

/// One row of the panel: a part of the message and its value.
struct Part<'a> {
    field: Field,
    value: &'a str,
}

/// The message's parts, in the order of the JSON payload.
fn parts<'a>(content: &'a CtaUrlContent, recipient: Option<&'a Recipient>) -> Vec<Part<'a>> {
    let mut parts = Vec::new();
    let mut add = |field: Field, value: &'a str| parts.push(Part { field, value });
    if let Some(recipient) = recipient {
        add(Field::Recipient, recipient.as_str());
    }
    if let Some(reply_to) = content.reply_to() {
        add(Field::MessageId, reply_to.as_str());
    }
    match content.header() {
        None => {}
        Some(Header::Text(text)) => add(Field::HeaderText, text.as_str()),
        Some(Header::Image(media) | Header::Video(media)) => add_media(&mut add, media),
        Some(Header::Document(document)) => {
            add_media(&mut add, &document.media);
            if let Some(filename) = &document.filename {
                add(Field::Filename, filename.as_str());
            }
        }
    }
    add(Field::BodyText, content.body().as_str());
    add(Field::ButtonLabel, content.button().as_str());
    add(Field::ButtonUrl, content.url().as_str());
    if let Some(footer) = content.footer() {
        add(Field::FooterText, footer.as_str());
    }
    if let Some(data) = content.callback_data() {
        add(Field::CallbackData, data.as_str());
    }
    parts
}

fn add_media<'a>(add: &mut impl FnMut(Field, &'a str), media: &'a Media) {
    match media {
        Media::Link(link) => add(Field::MediaLink, link.as_str()),
        Media::Id(id) => add(Field::MediaId, id.as_str()),
    }
}

/// The panel: each part's length against its limit.
fn panel(content: &CtaUrlContent, recipient: Option<&Recipient>) -> String {
    let mut out = String::new();
    out.push_str(concat!(
        "<section class=\"panel\" aria-label=\"Parts and limits\">\n",
        "<h1>Parts and limits</h1>\n<table id=\"limits\">\n",
        "<thead><tr><th>part</th><th>length</th><th>source</th></tr></thead>\n<tbody>\n",
    ));
    for part in parts(content, recipient) {
        push_row(&mut out, &part);
    }
    out.push_str("</tbody>\n</table>\n<p>");
    out.push_str(concat!(
        "Characters are counted as <code>cta_core</code> counts them: Unicode scalar values, ",
        "so an emoji counts 1 and a flag 2. The limits are those of <code>cta_core::rules</code>: ",
        "<em>Meta</em> limits are stated by Meta; <em>chosen</em> limits are the crate's own, ",
        "where Meta says nothing precise.",
    ));
    out.push_str("</p>\n</section>\n");
    out
}

fn push_row(out: &mut String, part: &Part<'_>) {
    let field = part.field;
    // The counts the rules check: digits for the recipient, characters for everything else.
    let is_bsuid = rules::RecipientKind::of(part.value) == rules::RecipientKind::Bsuid;
    let (count, unit, max) = match field {
        Field::Recipient if is_bsuid => (
            part.value.chars().count(),
            "characters",
            // `CC.`, `ENT.` for a parent BSUID, then the ID.
            Some(
                if part.value.get(3..).is_some_and(|id| id.starts_with("ENT.")) {
                    7
                } else {
                    3
                } + rules::BSUID_MAX_ID_CHARS,
            ),
        ),
        Field::Recipient => (
            part.value.chars().filter(char::is_ascii_digit).count(),
            "digits",
            Some(rules::RECIPIENT_MAX_DIGITS),
        ),
        Field::MediaId => (part.value.chars().count(), "digits", field.max_chars()),
        _ => (part.value.chars().count(), "characters", field.max_chars()),
    };
    let class = match max {
        Some(max) if count >= max => "full",
        Some(max) if count * 10 >= max * 9 => "near",
        _ => "ok",
    };
    // The names and paths are the crate's own, but `<image|video|document>` needs escaping too.
    let _ = write!(out, "<tr class=\"{class}\" data-field=\"");
    html::push_attr(out, field.name());
    out.push_str("\"><td>");
    html::push_text(out, field.name());
    out.push_str("<span class=\"path\">");
    html::push_text(out, field.json_path());
    out.push_str("</span>");
    push_hidden_warning(out, part.value);
    out.push_str("</td><td class=\"count\">");
    match (field, max) {
        (Field::Recipient, Some(max)) if !is_bsuid => {
            let _ = write!(
                out,
                "{count} {unit}, {} to {max}",
                rules::RECIPIENT_MIN_DIGITS
            );
            push_bar(out, count, max);
        }
        (_, Some(max)) => {
            let _ = write!(out, "{count} / {max}");
            push_bar(out, count, max);
        }
        (_, None) => {
            let _ = write!(out, "{count} {unit}, no length limit");
        }
    }
    let (source, tag) = match field.source() {
        Source::Meta => ("meta", "Meta"),
        Source::Chosen => ("chosen", "chosen"),
    };
    let _ = writeln!(
        out,
        "</td><td><span class=\"source-tag {source}\">{tag}</span></td></tr>"
    );
}

fn push_bar(out: &mut String, count: usize, max: usize) {
    let percent = count
        .saturating_mul(100)
        .checked_div(max)
        .map_or(100, |percent| percent.min(100));
    let _ = write!(
        out,
        "<div class=\"bar\"><span style=\"width:{percent}%\"></span></div>"
    );
}

/// A warning naming the hidden characters in `value`, if it has any.
fn push_hidden_warning(out: &mut String, value: &str) {
    let hidden = html::hidden_chars(value);
    if hidden.is_empty() {
        return;
    }
    let mut seen: Vec<char> = Vec::new();
    for &c in &hidden {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    let names: Vec<String> = seen
        .iter()
        .map(|&c| {
            format!(
                "{} {}",
                html::code_point(c),
                html::hidden_char_name(c).unwrap_or("hidden character")
            )
        })
        .collect();
    let _ = write!(
        out,
        "<span class=\"warning\">{} hidden character{}: {}</span>",
        hidden.len(),
        if hidden.len() == 1 { "" } else { "s" },
        names.join(", "),
    );
}

#[cfg(test)]
mod tests {
    use super::render;
    use crate::cta_message;

    #[test]
    fn the_panel_counts_against_the_rules_limits() {
        let content = cta_message! {
            header: text("Hi"),
            body: "Body",
            button: "Twenty characters!!!",
            url: "https://example.com",
            footer: "Foot",
        };
        let page = render(&content);
        assert!(page.contains("2 / 60"), "header text");
        assert!(page.contains("4 / 1024"), "body");
        assert!(
            page.contains("<tr class=\"full\""),
            "a label at its limit is full"
        );
        assert!(page.contains("20 / 20"), "button label");
        assert!(page.contains("19 / 2000"), "button URL");
    }

    #[test]
    fn a_message_shows_its_recipient() {
        let message = cta_message! {
            to: "+1 650 555 1234",
            body: "b", button: "l", url: "https://example.com",
        };
        let page = message.preview_html();
        assert!(page.contains("to +1 650 555 1234"));
        assert!(page.contains("11 digits, 7 to 15"));
        assert!(!message.content().preview_html().contains("to +1 650"));
    }
}
