//! Messages shared by the preview tests.

// Each test file uses some of these.
#![allow(dead_code)]

use cta_core::{
    BodyText, ButtonLabel, ButtonUrl, CtaUrlContent, CtaUrlMessage, Document, Filename,
    FooterText, Header, MediaLink, Recipient, cta_message,
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
