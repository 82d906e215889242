//! `Deserialize`: reads Meta's JSON back and checks every rule again.
//!
//! The JSON is read into private "wire" structs that mirror it, where each text is already a
//! checked type, then turned into the public types. Unknown keys, duplicate keys, a wrong
//! constant (`"type": "text"`), a media header with both or neither of `link` and `id`, and a
//! `filename` outside a document are all errors.

use std::fmt;
use std::marker::PhantomData;

use serde::de::Visitor;
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

/// A JSON object, and only an object.
///
/// A struct derived with serde also reads a JSON array of its fields in order (`["b"]` for
/// `{"text":"b"}`), and an internally tagged enum reads one too. Meta takes objects only, so
/// every object of the payload is read through this wrapper, which asks for a map.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(MapOnly(deserializer)).map(Object)
    }
}

/// A deserializer that answers every request for a struct, a map or "anything" with a map.
struct MapOnly<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for MapOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// `Option<Object<T>>` read as an optional object: absent or `null` is `None`.
struct OptionalObject<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OptionalObject<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionVisitor<T> {
            type Value = OptionalObject<T>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an object or null")
            }

            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(OptionalObject(None))
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(OptionalObject(None))
            }

            fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
                Object::<T>::deserialize(inner).map(|object| OptionalObject(Some(object.0)))
            }
        }

        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

impl<T> Default for OptionalObject<T> {
    fn default() -> Self {
        OptionalObject(None)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireMessage {
    #[allow(dead_code)]
    messaging_product: WhatsApp,
    #[allow(dead_code)]
    #[serde(default)]
    recipient_type: Option<Individual>,
    to: Recipient,
    #[serde(default)]
    context: OptionalObject<WireContext>,
    #[allow(dead_code)]
    #[serde(rename = "type")]
    kind: InteractiveType,
    interactive: Object<WireInteractive>,
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
    #[serde(default)]
    header: OptionalObject<WireHeader>,
    body: Object<WireText<BodyText>>,
    action: Object<WireAction>,
    #[serde(default)]
    footer: OptionalObject<WireText<FooterText>>,
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
    parameters: Object<WireParameters>,
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
    Image { image: Object<WireMedia> },
    Video { video: Object<WireMedia> },
    Document { document: Object<WireMedia> },
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
            WireHeader::Image { image } => Header::Image(image.0.into_media("image")?.0),
            WireHeader::Video { video } => Header::Video(video.0.into_media("video")?.0),
            WireHeader::Document { document } => {
                let (media, filename) = document.0.into_media("document")?;
                Header::Document(Document { media, filename })
            }
        })
    }
}

impl<'de> Deserialize<'de> for CtaUrlMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Object::<WireMessage>::deserialize(deserializer)?.0;
        let interactive = wire.interactive.0;
        let header = interactive
            .header
            .0
            .map(WireHeader::into_header::<D::Error>)
            .transpose()?;
        let parameters = interactive.action.0.parameters.0;
        Ok(CtaUrlMessage {
            to: wire.to,
            content: CtaUrlContent {
                header,
                body: interactive.body.0.text,
                button: parameters.display_text,
                url: parameters.url,
                footer: interactive.footer.0.map(|footer| footer.text),
                reply_to: wire.context.0.map(|context| context.message_id),
                callback_data: wire.biz_opaque_callback_data,
                json_tail: Prerendered(None),
            },
            json: Prerendered(None),
        })
    }
}
