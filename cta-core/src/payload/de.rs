//! `Deserialize`: reads Meta's JSON back and checks every rule again.
//!
//! The JSON is read into private "wire" structs that mirror it, where each text is already a
//! checked type, then turned into the public types. Unknown keys, duplicate keys, a wrong
//! constant (`"type": "text"`), a media header with both or neither of `link` and `id`, and a
//! `filename` outside a document are all errors.

use serde::{Deserialize, Deserializer};

use super::{CtaUrlContent, CtaUrlMessage, Document, Header, Media};
use crate::checked::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, Filename, FooterText, HeaderText, MediaId,
    MediaLink, MessageId, Prerendered, Recipient,
};

/// Declares a one-value enum that only deserializes from the given string.
macro_rules! constant {
    ($name:ident = $value:literal) => {
        #[derive(Deserialize)]
        enum $name {
            #[serde(rename = $value)]
            Value,
        }
    };
}

constant!(WhatsApp = "whatsapp");
constant!(Individual = "individual");
constant!(InteractiveType = "interactive");
constant!(CtaUrl = "cta_url");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireMessage {
    #[allow(dead_code)]
    messaging_product: WhatsApp,
    #[allow(dead_code)]
    #[serde(default)]
    recipient_type: Option<Individual>,
    to: Recipient,
    context: Option<WireContext>,
    #[allow(dead_code)]
    #[serde(rename = "type")]
    kind: InteractiveType,
    interactive: WireInteractive,
    biz_opaque_callback_data: Option<CallbackData>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireContext {
    message_id: MessageId,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireInteractive {
    #[allow(dead_code)]
    #[serde(rename = "type")]
    kind: CtaUrl,
    header: Option<WireHeader>,
    body: WireText<BodyText>,
    action: WireAction,
    footer: Option<WireText<FooterText>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireText<T> {
    text: T,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireAction {
    #[allow(dead_code)]
    name: CtaUrl,
    parameters: WireParameters,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireParameters {
    display_text: ButtonLabel,
    url: ButtonUrl,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
enum WireHeader {
    Text { text: HeaderText },
    Image { image: WireMedia },
    Video { video: WireMedia },
    Document { document: WireMedia },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireMedia {
    link: Option<MediaLink>,
    id: Option<MediaId>,
    filename: Option<Filename>,
}

impl WireMedia {
    fn into_media<E: serde::de::Error>(self, kind: &str) -> Result<(Media, Option<Filename>), E> {
        if self.filename.is_some() && kind != "document" {
            return Err(E::custom(format_args!(
                "`filename` is allowed only in a document header, not in the {kind} header"
            )));
        }
        let media = match (self.link, self.id) {
            (Some(link), None) => Media::Link(link),
            (None, Some(id)) => Media::Id(id),
            (Some(_), Some(_)) => {
                return Err(E::custom(format_args!(
                    "{kind} header has both `link` and `id`; give exactly one"
                )));
            }
            (None, None) => {
                return Err(E::custom(format_args!(
                    "{kind} header needs a `link` or an `id`"
                )));
            }
        };
        Ok((media, self.filename))
    }
}

impl WireHeader {
    fn into_header<E: serde::de::Error>(self) -> Result<Header, E> {
        Ok(match self {
            WireHeader::Text { text } => Header::Text(text),
            WireHeader::Image { image } => Header::Image(image.into_media("image")?.0),
            WireHeader::Video { video } => Header::Video(video.into_media("video")?.0),
            WireHeader::Document { document } => {
                let (media, filename) = document.into_media("document")?;
                Header::Document(Document { media, filename })
            }
        })
    }
}

impl<'de> Deserialize<'de> for CtaUrlMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = WireMessage::deserialize(deserializer)?;
        let interactive = wire.interactive;
        let header = interactive
            .header
            .map(WireHeader::into_header::<D::Error>)
            .transpose()?;
        Ok(CtaUrlMessage {
            to: wire.to,
            content: CtaUrlContent {
                header,
                body: interactive.body.text,
                button: interactive.action.parameters.display_text,
                url: interactive.action.parameters.url,
                footer: interactive.footer.map(|footer| footer.text),
                reply_to: wire.context.map(|context| context.message_id),
                callback_data: wire.biz_opaque_callback_data,
                json_tail: Prerendered(None),
            },
            json: Prerendered(None),
        })
    }
}
