//! Messages shared by the tests.

// Each test file uses some of these.
#![allow(
    dead_code,
    reason = "each test crate uses a part of the shared helpers"
)]

pub mod examples;
pub mod expansion;

use cta_core::{
    BodyText, ButtonLabel, ButtonUrl, CtaUrlContent, CtaUrlMessage, Document, Filename, FooterText,
    Header, MediaLink, Recipient, cta_message,
};

/// Meta's example message.
pub const META_EXAMPLE: CtaUrlMessage = cta_message! {
    to: "+16505551234",
    header: image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png"),
    body: "Tap the button below to see available dates.",
    button: "See Dates",
    url: "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4",
    footer: "Dates subject to change.",
};

/// A message with every kind of formatting, and a URL with `&` in it.
pub const FORMATTED: CtaUrlContent = cta_message! {
    header: text("Spring workshops"),
    body: "Seats are *limited* & _going fast_: ~Saturday~ *Sunday*, code `SPRING`.\n```Room 4```\nBook: https://example.com/book.",
    button: "Book a seat",
    url: "https://example.com/dates?from=chat&lang=en",
    footer: "Dates subject to change.",
};

/// The text WhatsApp shows for `FORMATTED`'s body: the markers gone.
pub const FORMATTED_BODY_TEXT: &str = "Seats are limited & going fast: Saturday Sunday, code SPRING.\nRoom 4\nBook: https://example.com/book.";

pub const HOSTILE_HEADER: &str = "\u{202E}<script>alert('header')</script>";
pub const HOSTILE_BODY: &str = concat!(
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"alert(1)\"> *<b>bold</b>* ",
    "Tom & Jerry &amp; \"double\" 'single' ",
    "invoice\u{202E}fdp.exe ",
    "https://example.com/\"onmouseover=\"alert(1)",
);
pub const HOSTILE_LABEL: &str = "\"><svg onload=x>&'";
pub const HOSTILE_URL: &str = "https://example.com/?q=\"><script>alert(1)</script>&x='y'";
pub const HOSTILE_FOOTER: &str = "</div><script>alert(2)</script>\u{202E}";
pub const HOSTILE_MEDIA: &str = "https://example.com/a.pdf?\"><script>alert(3)</script>";
pub const HOSTILE_FILENAME: &str = "\"><iframe src=javascript:alert(4)>.pdf";

/// A message whose every text tries to inject markup or to hide what it says.
pub fn hostile() -> CtaUrlMessage {
    let document = Document::new(MediaLink::new(HOSTILE_MEDIA).expect("a valid media link"))
        .with_filename(Filename::new(HOSTILE_FILENAME).expect("a valid file name"));
    CtaUrlContent::new(
        BodyText::new(HOSTILE_BODY).expect("a valid body"),
        ButtonLabel::new(HOSTILE_LABEL).expect("a valid label"),
        ButtonUrl::new(HOSTILE_URL).expect("a valid URL"),
    )
    .with_header(Header::Document(document))
    .with_footer(FooterText::new(HOSTILE_FOOTER).expect("a valid footer"))
    .into_message(Recipient::new("+16505551234").expect("a valid recipient"))
}

/// A message with a text header; `hostile()` has a document header.
pub fn hostile_text_header() -> CtaUrlMessage {
    let (to, content) = hostile().into_parts();
    content
        .with_header(Header::Text(
            cta_core::HeaderText::new(HOSTILE_HEADER).expect("a valid header"),
        ))
        .into_message(to)
}

/// Every tag of `page` with its attribute names, read the way a browser tokenizes them: a tag
/// starts at `<` and ends at the first `>` outside a quoted attribute value.
pub fn tags(page: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/' && !rest.starts_with('/'))
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                rest = rest.get(1..).unwrap_or("");
                break;
            }
            let attr_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len());
            let attr = rest[..attr_end].to_ascii_lowercase();
            rest = &rest[attr_end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix('=') {
                let (quoted, end) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => (Some(q), after[1..].find(q).map(|i| i + 2)),
                    _ => (None, after.find(|c: char| c.is_whitespace() || c == '>')),
                };
                let end = end.unwrap_or(after.len());
                value = match quoted {
                    Some(_) => after[1..end - 1].to_owned(),
                    None => after[..end].to_owned(),
                };
                rest = &after[end..];
            }
            attributes.push((attr, value));
        }
        // Nothing inside <style> is a tag.
        if name == "style" {
            let close = rest.find("</style>").expect("the style sheet is closed");
            rest = &rest[close..];
        }
        tags.push((name, attributes));
    }
    tags
}

pub const ALLOWED_TAGS: &[&str] = &[
    "!doctype", "html", "/html", "head", "/head", "meta", "title", "/title", "style", "/style",
    "body", "/body", "main", "/main", "section", "/section", "div", "/div", "span", "/span", "a",
    "/a", "svg", "/svg", "path", "rect", "circle", "strong", "/strong", "em", "/em", "s", "/s",
    "code", "/path", "/rect", "/circle", "/code", "i", "/i", "h1", "/h1", "p", "/p", "table",
    "/table", "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th", "/th", "td", "/td",
];

pub const ALLOWED_ATTRIBUTES: &[&str] = &[
    "html",
    "lang",
    "charset",
    "http-equiv",
    "content",
    "name",
    "class",
    "id",
    "href",
    "target",
    "rel",
    "title",
    "dir",
    "style",
    "data-kind",
    "data-field",
    "aria-label",
    "aria-hidden",
    "width",
    "height",
    "viewbox",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "d",
    "x",
    "y",
    "rx",
    "cx",
    "cy",
    "r",
];

pub fn assert_only_the_pages_own_markup(page: &str) {
    for (name, attributes) in tags(page) {
        assert!(
            ALLOWED_TAGS.contains(&name.as_str()),
            "unexpected tag <{name}> in\n{page}"
        );
        for (attribute, value) in attributes {
            assert!(
                ALLOWED_ATTRIBUTES.contains(&attribute.as_str()),
                "unexpected attribute {attribute}={value:?} on <{name}>"
            );
            if attribute == "style" {
                let width = value
                    .strip_prefix("width:")
                    .and_then(|v| v.strip_suffix('%'));
                assert!(
                    width.is_some_and(|w| w.parse::<u8>().is_ok_and(|w| w <= 100)),
                    "unexpected style {value:?}"
                );
            }
            if attribute == "href" {
                assert!(value.starts_with("https://"), "unexpected link {value:?}");
            }
        }
    }
}
