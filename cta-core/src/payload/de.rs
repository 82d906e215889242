//! `Deserialize`: reads Meta's JSON back and checks every rule again.
//!
//! Every object of the payload is read by [`ObjectVisitor`] from a list of its keys: each key
//! once, no other key, and only a JSON object (serde's derive would also take an array of the
//! field values). Each text is read as its checked type, so the rules run as the JSON is read.
//! A wrong constant (`"type": "text"`), a media header with both or neither of `link` and
//! `id`, and a `filename` outside a document are errors too.
//!
//! It is written by hand, without serde's derive, so that `cta-core` needs only `serde_core`
//! and compiles alongside `serde_derive` instead of after it.

use std::fmt;
use std::marker::PhantomData;

use serde_core::Deserialize;
use serde_core::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::{CtaUrlContent, CtaUrlMessage, Document, Header, Media};
use crate::checked::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, Filename, FooterText, HeaderText, MediaId,
    MediaLink, MessageId, Prerendered, Recipient,
};
use crate::rules::RecipientKind;

/// A JSON object read key by key into `Self`, then checked as a whole into an `Output`.
trait FromObject: Sized + Default {
    /// What the object becomes.
    type Output;
    /// What the object is, for "invalid type" errors.
    const WHAT: &'static str;
    /// Its keys; the index of a key is what [`read`](Self::read) is given.
    const KEYS: &'static [&'static str];

    /// Reads the value of the key at `index`.
    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;

    /// Checks what the object must hold once every key is read.
    fn finish<E: de::Error>(self) -> Result<Self::Output, E>;
}

/// A JSON object, and only an object.
struct Object<T: FromObject>(T::Output);

impl<'de, T: FromObject> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(ObjectVisitor::<T>(PhantomData))
            .map(Object)
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: FromObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T::Output;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(T::WHAT)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T::Output, A::Error> {
        let mut object = T::default();
        let mut seen = 0_u64;
        while let Some(index) = map.next_key_seed(KeySeed(T::KEYS))? {
            if seen & (1 << index) != 0 {
                return Err(de::Error::duplicate_field(T::KEYS[index]));
            }
            seen |= 1 << index;
            object.read(index, &mut map)?;
        }
        object.finish()
    }
}

/// An optional object: absent or `null` is `None`.
fn optional_object<'de, T: FromObject, A: MapAccess<'de>>(
    map: &mut A,
) -> Result<Option<T::Output>, A::Error> {
    Ok(map
        .next_value::<Option<Object<T>>>()?
        .map(|object| object.0))
}

/// A required object.
fn object<'de, T: FromObject, A: MapAccess<'de>>(map: &mut A) -> Result<T::Output, A::Error> {
    Ok(map.next_value::<Object<T>>()?.0)
}

/// Reads a key as its index in a list of known keys, without copying it.
struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = usize;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|known| *known == key)
            .ok_or_else(|| E::unknown_field(key, self.0))
    }
}

/// A recipient under the key for its kind: never a BSUID in `to` (Meta accepts it there and
/// drops the message), nor a phone number in `recipient`.
fn recipient_of<'de, A: MapAccess<'de>>(
    map: &mut A,
    kind: RecipientKind,
) -> Result<Recipient, A::Error> {
    let recipient: Recipient = map.next_value()?;
    if recipient.kind() == kind {
        return Ok(recipient);
    }
    Err(de::Error::custom(match kind {
        RecipientKind::PhoneNumber => "`to` holds a BSUID; a BSUID goes in `recipient`",
        RecipientKind::Bsuid => "`recipient` holds a phone number; a phone number goes in `to`",
    }))
}

/// A required value, or the "missing field" error.
fn required<T, E: de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(key))
}

/// Declares a unit type that only deserializes from the given string.
macro_rules! constant {
    ($name:ident = $value:literal) => {
        struct $name;

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ConstantVisitor;

                impl Visitor<'_> for ConstantVisitor {
                    type Value = $name;

                    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                        formatter.write_str(concat!("`", $value, "`"))
                    }

                    fn visit_str<E: de::Error>(self, value: &str) -> Result<$name, E> {
                        if value == $value {
                            Ok($name)
                        } else {
                            Err(E::unknown_variant(value, &[$value]))
                        }
                    }
                }

                deserializer.deserialize_str(ConstantVisitor)
            }
        }
    };
}

constant!(WhatsApp = "whatsapp");
constant!(Individual = "individual");
constant!(InteractiveType = "interactive");
constant!(CtaUrl = "cta_url");

#[derive(Default)]
struct WireMessage {
    messaging_product: Option<WhatsApp>,
    to: Option<Recipient>,
    recipient: Option<Recipient>,
    context: Option<MessageId>,
    kind: Option<InteractiveType>,
    interactive: Option<CtaUrlContent>,
    callback_data: Option<CallbackData>,
}

/// The keys of a message; content has the same but `to` and `recipient`.
const MESSAGE_KEYS: &[&str] = &[
    "messaging_product",
    "recipient_type",
    "to",
    "recipient",
    "context",
    "type",
    "interactive",
    "biz_opaque_callback_data",
];
const TO: usize = 2;
/// How many recipient keys follow `TO`, `to` included.
const RECIPIENT_KEYS: usize = 2;

impl WireMessage {
    fn read_key<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match index {
            0 => self.messaging_product = Some(map.next_value()?),
            // Meta treats `recipient_type` as optional, and so does reading.
            1 => {
                map.next_value::<Option<Individual>>()?;
            }
            TO => self.to = Some(recipient_of(map, RecipientKind::PhoneNumber)?),
            3 => self.recipient = Some(recipient_of(map, RecipientKind::Bsuid)?),
            4 => self.context = optional_object::<WireContext, A>(map)?,
            5 => self.kind = Some(map.next_value()?),
            6 => self.interactive = Some(object::<WireInteractive, A>(map)?),
            _ => self.callback_data = map.next_value()?,
        }
        Ok(())
    }

    /// The recipient and the content.
    fn finish_content<E: de::Error>(mut self) -> Result<(Recipient, CtaUrlContent), E> {
        let to = match (self.to.take(), self.recipient.take()) {
            (Some(to), None) | (None, Some(to)) => to,
            (None, None) => return Err(E::missing_field("to")),
            (Some(_), Some(_)) => {
                return Err(E::custom(
                    "a message has `to` (a phone number) or `recipient` (a BSUID), not both",
                ));
            }
        };
        let content = self.content()?;
        Ok((to, content))
    }

    /// The content, with no recipient.
    fn content<E: de::Error>(self) -> Result<CtaUrlContent, E> {
        required(self.messaging_product, "messaging_product")?;
        required(self.kind, "type")?;
        let mut content = required(self.interactive, "interactive")?;
        content.reply_to = self.context;
        content.callback_data = self.callback_data;
        Ok(content)
    }
}

impl FromObject for WireMessage {
    type Output = CtaUrlMessage;
    const WHAT: &'static str = "a CTA URL message object";
    const KEYS: &'static [&'static str] = MESSAGE_KEYS;

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        self.read_key(index, map)
    }

    fn finish<E: de::Error>(self) -> Result<CtaUrlMessage, E> {
        let (to, content) = self.finish_content()?;
        Ok(CtaUrlMessage {
            to,
            content,
            json: Prerendered(None),
        })
    }
}

/// Content: the request body without `to`.
#[derive(Default)]
struct WireContent(WireMessage);

impl FromObject for WireContent {
    type Output = CtaUrlContent;
    const WHAT: &'static str = "a CTA URL content object (a message without `to`)";
    const KEYS: &'static [&'static str] = &[
        "messaging_product",
        "recipient_type",
        "context",
        "type",
        "interactive",
        "biz_opaque_callback_data",
    ];

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        // The same keys as a message's, `to` and `recipient` left out.
        let index = if index >= TO {
            index + RECIPIENT_KEYS
        } else {
            index
        };
        self.0.read_key(index, map)
    }

    fn finish<E: de::Error>(self) -> Result<CtaUrlContent, E> {
        self.0.content()
    }
}

#[derive(Default)]
struct WireContext {
    message_id: Option<MessageId>,
}

impl FromObject for WireContext {
    type Output = MessageId;
    const WHAT: &'static str = "a `context` object";
    const KEYS: &'static [&'static str] = &["message_id"];

    fn read<'de, A: MapAccess<'de>>(&mut self, _: usize, map: &mut A) -> Result<(), A::Error> {
        self.message_id = Some(map.next_value()?);
        Ok(())
    }

    fn finish<E: de::Error>(self) -> Result<MessageId, E> {
        required(self.message_id, "message_id")
    }
}

/// The `interactive` object: the content, but for the reply-to and callback data, which sit
/// at the top of the message.
#[derive(Default)]
struct WireInteractive {
    kind: Option<CtaUrl>,
    header: Option<Header>,
    body: Option<BodyText>,
    action: Option<(ButtonLabel, ButtonUrl)>,
    footer: Option<FooterText>,
}

impl FromObject for WireInteractive {
    type Output = CtaUrlContent;
    const WHAT: &'static str = "an `interactive` object";
    const KEYS: &'static [&'static str] = &["type", "header", "body", "action", "footer"];

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        match index {
            0 => self.kind = Some(map.next_value()?),
            1 => self.header = optional_object::<WireHeader, A>(map)?,
            2 => self.body = Some(object::<WireText<BodyText>, A>(map)?),
            3 => self.action = Some(object::<WireAction, A>(map)?),
            _ => self.footer = optional_object::<WireText<FooterText>, A>(map)?,
        }
        Ok(())
    }

    fn finish<E: de::Error>(self) -> Result<CtaUrlContent, E> {
        required(self.kind, "type")?;
        let body = required(self.body, "body")?;
        let (button, url) = required(self.action, "action")?;
        Ok(CtaUrlContent {
            header: self.header,
            body,
            button,
            url,
            footer: self.footer,
            reply_to: None,
            callback_data: None,
            json_tail: Prerendered(None),
        })
    }
}

/// `{"text": "…"}`, the shape of `body` and `footer`.
struct WireText<T> {
    text: Option<T>,
}

impl<T> Default for WireText<T> {
    fn default() -> Self {
        WireText { text: None }
    }
}

impl<T: for<'de> Deserialize<'de>> FromObject for WireText<T> {
    type Output = T;
    const WHAT: &'static str = "an object with a `text`";
    const KEYS: &'static [&'static str] = &["text"];

    fn read<'de, A: MapAccess<'de>>(&mut self, _: usize, map: &mut A) -> Result<(), A::Error> {
        self.text = Some(map.next_value()?);
        Ok(())
    }

    fn finish<E: de::Error>(self) -> Result<T, E> {
        required(self.text, "text")
    }
}

#[derive(Default)]
struct WireAction {
    name: Option<CtaUrl>,
    parameters: Option<(ButtonLabel, ButtonUrl)>,
}

impl FromObject for WireAction {
    type Output = (ButtonLabel, ButtonUrl);
    const WHAT: &'static str = "an `action` object";
    const KEYS: &'static [&'static str] = &["name", "parameters"];

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        if index == 0 {
            self.name = Some(map.next_value()?);
        } else {
            self.parameters = Some(object::<WireParameters, A>(map)?);
        }
        Ok(())
    }

    fn finish<E: de::Error>(self) -> Result<(ButtonLabel, ButtonUrl), E> {
        required(self.name, "name")?;
        required(self.parameters, "parameters")
    }
}

#[derive(Default)]
struct WireParameters {
    display_text: Option<ButtonLabel>,
    url: Option<ButtonUrl>,
}

impl FromObject for WireParameters {
    type Output = (ButtonLabel, ButtonUrl);
    const WHAT: &'static str = "a `parameters` object";
    const KEYS: &'static [&'static str] = &["display_text", "url"];

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        if index == 0 {
            self.display_text = Some(map.next_value()?);
        } else {
            self.url = Some(map.next_value()?);
        }
        Ok(())
    }

    fn finish<E: de::Error>(self) -> Result<(ButtonLabel, ButtonUrl), E> {
        Ok((
            required(self.display_text, "display_text")?,
            required(self.url, "url")?,
        ))
    }
}

/// The kinds of header, as `type` names them; each kind's content sits under a key of the
/// same name.
const HEADER_KINDS: &[&str] = &["text", "image", "video", "document"];

/// The keys a header of each kind may hold, for "unknown field" errors.
const HEADER_KEYS_BY_KIND: [&[&str]; 4] = [
    &["type", "text"],
    &["type", "image"],
    &["type", "video"],
    &["type", "document"],
];

/// Reads `type` as an index in [`HEADER_KINDS`].
struct HeaderKind(usize);

impl<'de> Deserialize<'de> for HeaderKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KindVisitor;

        impl Visitor<'_> for KindVisitor {
            type Value = HeaderKind;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a header type")
            }

            fn visit_str<E: de::Error>(self, kind: &str) -> Result<HeaderKind, E> {
                HEADER_KINDS
                    .iter()
                    .position(|known| *known == kind)
                    .map(HeaderKind)
                    .ok_or_else(|| E::unknown_variant(kind, HEADER_KINDS))
            }
        }

        deserializer.deserialize_str(KindVisitor)
    }
}

/// A header: `type`, and the key it names. The content is read as it comes, whatever the order
/// of the keys, and matched with `type` at the end.
#[derive(Default)]
struct WireHeader {
    kind: Option<usize>,
    text: Option<HeaderText>,
    media: [Option<WireMedia>; 3],
}

impl FromObject for WireHeader {
    type Output = Header;
    const WHAT: &'static str = "a `header` object";
    const KEYS: &'static [&'static str] = &["type", "text", "image", "video", "document"];

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        match index {
            0 => self.kind = Some(map.next_value::<HeaderKind>()?.0),
            1 => self.text = Some(map.next_value()?),
            media => self.media[media - 2] = Some(object::<WireMedia, A>(map)?),
        }
        Ok(())
    }

    fn finish<E: de::Error>(self) -> Result<Header, E> {
        let kind = required(self.kind, "type")?;
        let [image, video, document] = self.media;
        let present = [
            self.text.is_some(),
            image.is_some(),
            video.is_some(),
            document.is_some(),
        ];
        // Only the key that `type` names may be there.
        if let Some(other) = (0..4).find(|&other| other != kind && present[other]) {
            return Err(E::unknown_field(
                HEADER_KINDS[other],
                HEADER_KEYS_BY_KIND[kind],
            ));
        }
        let name = HEADER_KINDS[kind];
        Ok(match kind {
            0 => Header::Text(required(self.text, "text")?),
            1 => Header::Image(required(image, name)?.into_media(name)?.0),
            2 => Header::Video(required(video, name)?.into_media(name)?.0),
            _ => {
                let (media, filename) = required(document, name)?.into_media(name)?;
                Header::Document(Document { media, filename })
            }
        })
    }
}

#[derive(Default)]
struct WireMedia {
    link: Option<MediaLink>,
    id: Option<MediaId>,
    filename: Option<Filename>,
}

impl FromObject for WireMedia {
    type Output = WireMedia;
    const WHAT: &'static str = "a media object";
    const KEYS: &'static [&'static str] = &["link", "id", "filename"];

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        match index {
            0 => self.link = map.next_value()?,
            1 => self.id = map.next_value()?,
            _ => self.filename = map.next_value()?,
        }
        Ok(())
    }

    fn finish<E: de::Error>(self) -> Result<WireMedia, E> {
        Ok(self)
    }
}

impl WireMedia {
    fn into_media<E: de::Error>(self, kind: &str) -> Result<(Media, Option<Filename>), E> {
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

impl<'de> Deserialize<'de> for CtaUrlMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Object::<WireMessage>::deserialize(deserializer)?.0)
    }
}

impl<'de> Deserialize<'de> for CtaUrlContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Object::<WireContent>::deserialize(deserializer)?.0)
    }
}

impl<'de> Deserialize<'de> for Header {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Object::<WireHeader>::deserialize(deserializer)?.0)
    }
}

impl<'de> Deserialize<'de> for Media {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let media = Object::<WireMedia>::deserialize(deserializer)?.0;
        Ok(media.into_media("media")?.0)
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let media = Object::<WireMedia>::deserialize(deserializer)?.0;
        let (media, filename) = media.into_media("document")?;
        Ok(Document { media, filename })
    }
}
