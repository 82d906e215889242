//! The preview of a message from an approved template: the approved text with the checked
//! values filled in, and every button the template has.

use std::fmt::Write as _;

use crate::__private::approved::{ButtonKind, Piece, Spec, TextSpec};
use crate::approved::{ApprovedContent, ApprovedMessage, Component, ComponentKind, Parameter};
use crate::checked::Recipient;
use crate::rules::Field;

use super::{HeaderView, Part, html, icon, markup, push_media_header, push_row};

/// What [`render_approved`] can show: an [`ApprovedContent`], or an [`ApprovedMessage`]
/// (whose recipient the preview shows too).
///
/// The trait is sealed: no other type can implement it.
pub trait ApprovedRenderable: sealed::Sealed {}

impl ApprovedRenderable for ApprovedContent {}
impl ApprovedRenderable for ApprovedMessage {}

mod sealed {
    use crate::approved::{ApprovedContent, ApprovedMessage};
    use crate::checked::Recipient;

    pub trait Sealed {
        fn parts(&self) -> (&ApprovedContent, Option<&Recipient>);
    }

    impl Sealed for ApprovedContent {
        fn parts(&self) -> (&ApprovedContent, Option<&Recipient>) {
            (self, None)
        }
    }

    impl Sealed for ApprovedMessage {
        fn parts(&self) -> (&ApprovedContent, Option<&Recipient>) {
            (self.content(), Some(self.recipient()))
        }
    }
}

/// Renders a message of an [`approved_template!`](crate::approved_template) as one
/// self-contained HTML page: the approved header, body and footer with the values filled in,
/// and each of the template's buttons, beside a panel of the filled parts' lengths against
/// their limits. Everything is escaped, as in [`render`](super::render).
///
/// ```
/// cta_core::approved_template! {
///     struct DeliveryWindow = "delivery_window" in "en_US";
/// }
///
/// let content = DeliveryWindow { customer: "Sam", parcel_id: "P-77", day: "Friday", url_1: "P 77" }
///     .render()?;
/// let page = cta_core::preview::render_approved(&content);
///
/// assert!(page.contains("Hello Sam, parcel P-77 arrives Friday between 9 and 12."));
/// assert!(page.contains(r#"href="https://www.luckyshrub.com/parcel/P%2077""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn render_approved(message: &impl ApprovedRenderable) -> String {
    let (content, recipient) = sealed::Sealed::parts(message);
    let filled = Filled::of(content);
    html::page(
        &phone(&filled, recipient),
        &panel(&filled, content, recipient),
    )
}

/// The approved text filled with the content's values.
struct Filled<'a> {
    header_text: Option<String>,
    media: Option<HeaderView<'a>>,
    body: String,
    footer: Option<&'static str>,
    buttons: Vec<ButtonView>,
}

struct ButtonView {
    kind: ButtonKind,
    label: &'static str,
    /// A URL button's URL, filled.
    url: Option<String>,
}

impl<'a> Filled<'a> {
    fn of(content: &'a ApprovedContent) -> Self {
        let spec = content.spec();
        let component = |kind: ComponentKind| {
            content
                .components()
                .iter()
                .find(move |component| component.kind == kind)
        };
        let media = component(ComponentKind::Header).and_then(|header| {
            header
                .parameters
                .iter()
                .find_map(|parameter| match parameter {
                    Parameter::Media(media) => Some(HeaderView::of(media)),
                    Parameter::Text { .. } => None,
                })
        });
        let header_text = spec.text.header.map(|pieces| {
            fill(
                pieces,
                spec.header.as_ref(),
                component(ComponentKind::Header),
                spec,
            )
        });
        let body = fill(
            spec.text.body,
            spec.body.as_ref(),
            component(ComponentKind::Body),
            spec,
        );
        let buttons = spec
            .text
            .buttons
            .iter()
            .enumerate()
            .map(|(index, button)| {
                let index = index.to_string();
                let variable = spec.buttons.iter().find(|url| url.index == index);
                let suffix = content
                    .components()
                    .iter()
                    .find(|component| {
                        matches!(component.kind, ComponentKind::UrlButton(at) if at == index)
                    })
                    .and_then(first_text);
                let url = match (variable, suffix) {
                    (Some(variable), Some(suffix)) => Some(format!("{}{suffix}", variable.prefix)),
                    _ => button.url.map(str::to_owned),
                };
                ButtonView {
                    kind: button.kind,
                    label: button.label,
                    url,
                }
            })
            .collect();
        Filled {
            header_text,
            media,
            body,
            footer: spec.text.footer,
            buttons,
        }
    }
}

fn first_text(component: &Component) -> Option<&str> {
    component
        .parameters
        .iter()
        .find_map(|parameter| match parameter {
            Parameter::Text { text, .. } => Some(text.as_str()),
            Parameter::Media(_) => None,
        })
}

/// `pieces` with each field replaced by its value, which the component sends at the place the
/// field has among `text`'s parameters.
fn fill(
    pieces: &[Piece],
    text: Option<&TextSpec>,
    component: Option<&Component>,
    spec: &Spec,
) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Fixed(fixed) => out.push_str(fixed),
            Piece::Field(index) => {
                let value = text
                    .and_then(|text| text.parameters.iter().position(|field| field == index))
                    .and_then(|at| component?.parameters.get(at))
                    .and_then(|parameter| match parameter {
                        Parameter::Text { text, .. } => Some(text.as_str()),
                        Parameter::Media(_) => None,
                    });
                if let Some(value) = value {
                    out.push_str(value);
                } else {
                    // Never reached: `render` fills every variable. The field's name, not a
                    // silent gap, if it ever were.
                    let name = spec.fields[*index];
                    let _ = write!(out, "{{{{{name}}}}}");
                }
            }
        }
    }
    out
}

/// The phone: a chat bar, the bubble, and the template's buttons under it.
fn phone(filled: &Filled<'_>, recipient: Option<&Recipient>) -> String {
    let mut out = String::new();
    out.push_str(concat!(
        "<section class=\"phone\" aria-label=\"The message as the phone shows it\">\n",
        "<div class=\"screen\">\n<div class=\"topbar\"><div class=\"avatar\">",
    ));
    out.push_str(icon::PERSON);
    out.push_str(r#"</div><div class="who"><div class="name">Your business</div><div class="status" id="recipient">"#);
    match recipient {
        Some(recipient) => {
            out.push_str("to ");
            html::push_text(&mut out, recipient.as_str());
        }
        None => out.push_str("approved template message"),
    }
    out.push_str("</div></div></div>\n<div class=\"chat\">\n<div class=\"day\">Today</div>\n");
    out.push_str("<div class=\"bubble\" id=\"message\">\n<div class=\"content\">\n");
    if let Some(media) = &filled.media {
        push_media_header(&mut out, media);
    }
    out.push_str("<div class=\"text\">\n");
    if let Some(header) = &filled.header_text {
        out.push_str(r#"<div class="header-text" id="header" dir="auto">"#);
        html::push_text(&mut out, header);
        out.push_str("</div>\n");
    }
    out.push_str(r#"<div class="body" id="body" dir="auto">"#);
    markup::push_html(&mut out, &filled.body);
    out.push_str("</div>\n");
    if let Some(footer) = filled.footer {
        out.push_str(r#"<div class="footer" id="footer" dir="auto">"#);
        markup::push_html(&mut out, footer);
        out.push_str("</div>\n");
    }
    out.push_str("<div class=\"time\" aria-hidden=\"true\">12:00</div>\n</div>\n</div>\n");
    for (index, button) in filled.buttons.iter().enumerate() {
        push_button(&mut out, index, button);
    }
    out.push_str("</div>\n</div>\n</div>\n</section>\n");
    out
}

fn push_button(out: &mut String, index: usize, button: &ButtonView) {
    let kind = match button.kind {
        ButtonKind::QuickReply => "quick-reply",
        ButtonKind::PhoneNumber => "phone-number",
        ButtonKind::Url => "url",
    };
    let url = button.url.as_deref().filter(|url| html::is_http_url(url));
    let _ = write!(
        out,
        "<{tag} class=\"button\" id=\"button-{index}\" data-kind=\"{kind}\"",
        tag = if url.is_some() { "a" } else { "span" },
    );
    if let Some(url) = url {
        out.push_str(r#" href=""#);
        html::push_attr(out, url);
        out.push_str(r#"" target="_blank" rel="noopener noreferrer nofollow" title=""#);
        html::push_attr(out, url);
        out.push('"');
    }
    out.push('>');
    if button.kind == ButtonKind::Url {
        out.push_str(icon::OPEN_LINK);
    }
    out.push_str(r#"<span class="label" dir="auto">"#);
    html::push_text(out, button.label);
    out.push_str("</span>");
    out.push_str(if url.is_some() { "</a>\n" } else { "</span>\n" });
}

/// The panel: each filled part's length against its limit.
fn panel(filled: &Filled<'_>, content: &ApprovedContent, recipient: Option<&Recipient>) -> String {
    let mut parts = Vec::new();
    if let Some(recipient) = recipient {
        parts.push(Part {
            field: Field::Recipient,
            value: recipient.as_str(),
        });
    }
    if let Some(header) = &filled.header_text {
        parts.push(Part {
            field: Field::HeaderText,
            value: header,
        });
    }
    parts.push(Part {
        field: Field::BodyText,
        value: &filled.body,
    });
    if let Some(footer) = filled.footer {
        parts.push(Part {
            field: Field::FooterText,
            value: footer,
        });
    }
    for button in &filled.buttons {
        if let Some(url) = &button.url {
            parts.push(Part {
                field: Field::ButtonUrl,
                value: url,
            });
        }
    }
    let mut out = String::new();
    out.push_str(
        "<section class=\"panel\" aria-label=\"Parts and limits\">\n<h1>Parts and limits</h1>\n",
    );
    out.push_str("<p id=\"template\">Approved template <code>");
    html::push_text(&mut out, content.name());
    out.push_str("</code> in <code>");
    html::push_text(&mut out, content.language());
    out.push_str("</code>.</p>\n");
    out.push_str(concat!(
        "<table id=\"limits\">\n",
        "<thead><tr><th>part</th><th>length</th><th>source</th></tr></thead>\n<tbody>\n",
    ));
    for part in &parts {
        push_row(&mut out, part);
    }
    out.push_str("</tbody>\n</table>\n<p>");
    out.push_str(concat!(
        "The parts as filled. Characters are counted as <code>cta_core</code> counts them: ",
        "Unicode scalar values. The limits are those of <code>cta_core::rules</code>.",
    ));
    out.push_str("</p>\n</section>\n");
    out
}

impl ApprovedContent {
    /// This content as a self-contained HTML page: see
    /// [`preview::render_approved`](render_approved).
    #[cfg_attr(docsrs, doc(cfg(feature = "preview")))]
    #[must_use]
    pub fn preview_html(&self) -> String {
        render_approved(self)
    }
}

impl ApprovedMessage {
    /// This message, recipient included, as a self-contained HTML page: see
    /// [`preview::render_approved`](render_approved).
    #[cfg_attr(docsrs, doc(cfg(feature = "preview")))]
    #[must_use]
    pub fn preview_html(&self) -> String {
        render_approved(self)
    }
}
