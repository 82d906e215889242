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
use crate::checked::{Filename, HeaderText, MediaId, MediaLink, Prerendered, Recipient};
use crate::rules::{HeaderKind, RecipientKind};
use cta_rules::content_parts;
use cta_rules::json::{ContentPart, Group, Key, Member, key_count, keys};

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

/// A part held in a one-key object, such as `"body": {"text": …}`: reads the object.
struct InnerSeed<T> {
    part: ContentPart,
    inner: &'static str,
    value: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for InnerSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for InnerSeed<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "a `{}` object with a `{}`",
            self.part.key(),
            self.inner
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = None;
        while map
            .next_key_seed(KeySeed(self.part.inner_keys()))?
            .is_some()
        {
            if value.is_some() {
                return Err(de::Error::duplicate_field(self.inner));
            }
            value = Some(map.next_value()?);
        }
        required(value, self.inner)
    }
}

/// An optional value read by a seed: absent or `null` is `None`.
struct OptionalSeed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for OptionalSeed<S> {
    type Value = Option<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for OptionalSeed<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(deserializer).map(Some)
    }
}

/// Reads the value of `part`, checked as its type `T`: in its one-key object or right under
/// its key; `null` is `None` for an optional part and an error for a required one.
fn read_part<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    part: ContentPart,
    map: &mut A,
) -> Result<Option<T>, A::Error> {
    match (part.inner_key(), part.required()) {
        (Some(inner), required) => {
            let seed = InnerSeed {
                part,
                inner,
                value: PhantomData,
            };
            if required {
                map.next_value_seed(seed).map(Some)
            } else {
                map.next_value_seed(OptionalSeed(seed))
            }
        }
        (None, true) => map.next_value().map(Some),
        (None, false) => map.next_value(),
    }
}

/// A required part's value, or the "missing field" error naming its key.
macro_rules! finish_part {
    (required $value:expr, $part:expr) => {
        required($value, $part.key())?
    };
    (optional $value:expr, $part:expr) => {
        $value
    };
}

/// The text parts read so far, from the rows of `content_parts!`: each object of the payload
/// reads the parts of its groups into one, and the objects' are merged at the end.
macro_rules! define_wire_parts {
    ($(
        $(#[$doc:meta])*
        $member:ident: $name:ident, $presence:ident $($with:ident)?, $group:ident $key:literal
            $({ $inner:literal })?, $what:literal;
    )*) => {
        #[derive(Default)]
        struct WireParts {
            $($member: Option<crate::checked::$name>,)*
        }

        impl WireParts {
            /// Reads the value of `part`.
            fn read<'de, A: MapAccess<'de>>(
                &mut self,
                part: ContentPart,
                map: &mut A,
            ) -> Result<(), A::Error> {
                match part {
                    $(ContentPart::$name => self.$member = read_part(part, map)?,)*
                }
                Ok(())
            }

            /// Takes the parts `other` read: each part is read in one object only.
            fn merge(&mut self, other: WireParts) {
                $(
                    if other.$member.is_some() {
                        self.$member = other.$member;
                    }
                )*
            }

            /// The content, once every object is read: a required part missing is an error.
            fn into_content<E: de::Error>(self, header: Option<Header>) -> Result<CtaUrlContent, E> {
                Ok(CtaUrlContent::assemble(
                    header,
                    $(finish_part!($presence self.$member, ContentPart::$name),)*
                ))
            }
        }
    };
}

content_parts!(define_wire_parts);

/// What the keys of a message stand for, but its text parts.
#[derive(Clone, Copy)]
enum MessageKey {
    MessagingProduct,
    RecipientType,
    To,
    Recipient,
    Type,
    Interactive,
}

/// The members of a message, in the order of the JSON payload.
const MESSAGE_MEMBERS: &[Member<MessageKey>] = &[
    Member::Fixed("messaging_product", MessageKey::MessagingProduct),
    Member::Fixed("recipient_type", MessageKey::RecipientType),
    Member::Fixed("to", MessageKey::To),
    Member::Fixed("recipient", MessageKey::Recipient),
    Member::Parts(Group::BeforeType),
    Member::Fixed("type", MessageKey::Type),
    Member::Fixed("interactive", MessageKey::Interactive),
    Member::Parts(Group::AfterInteractive),
];

/// The keys of a message: their names, and what each stands for.
const MESSAGE_KEYS: (
    [&str; key_count(MESSAGE_MEMBERS)],
    [Key<MessageKey>; key_count(MESSAGE_MEMBERS)],
) = keys(MESSAGE_MEMBERS);

/// The members of content: a message's but `to` and `recipient`.
const CONTENT_MEMBERS: &[Member<MessageKey>] = &[
    Member::Fixed("messaging_product", MessageKey::MessagingProduct),
    Member::Fixed("recipient_type", MessageKey::RecipientType),
    Member::Parts(Group::BeforeType),
    Member::Fixed("type", MessageKey::Type),
    Member::Fixed("interactive", MessageKey::Interactive),
    Member::Parts(Group::AfterInteractive),
];

const CONTENT_KEYS: (
    [&str; key_count(CONTENT_MEMBERS)],
    [Key<MessageKey>; key_count(CONTENT_MEMBERS)],
) = keys(CONTENT_MEMBERS);

#[derive(Default)]
struct WireMessage {
    messaging_product: Option<WhatsApp>,
    to: Option<Recipient>,
    recipient: Option<Recipient>,
    kind: Option<InteractiveType>,
    interactive: Option<(Option<Header>, WireParts)>,
    parts: WireParts,
}

impl WireMessage {
    fn read_key<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key<MessageKey>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            Key::Fixed(MessageKey::MessagingProduct) => {
                self.messaging_product = Some(map.next_value()?);
            }
            // Meta treats `recipient_type` as optional, and so does reading.
            Key::Fixed(MessageKey::RecipientType) => {
                map.next_value::<Option<Individual>>()?;
            }
            Key::Fixed(MessageKey::To) => {
                self.to = Some(recipient_of(map, RecipientKind::PhoneNumber)?);
            }
            Key::Fixed(MessageKey::Recipient) => {
                self.recipient = Some(recipient_of(map, RecipientKind::Bsuid)?);
            }
            Key::Fixed(MessageKey::Type) => self.kind = Some(map.next_value()?),
            Key::Fixed(MessageKey::Interactive) => {
                self.interactive = Some(object::<WireInteractive, A>(map)?);
            }
            Key::Part(part) => self.parts.read(part, map)?,
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
    fn content<E: de::Error>(mut self) -> Result<CtaUrlContent, E> {
        required(self.messaging_product, "messaging_product")?;
        required(self.kind, "type")?;
        let (header, parts) = required(self.interactive, "interactive")?;
        self.parts.merge(parts);
        self.parts.into_content(header)
    }
}

impl FromObject for WireMessage {
    type Output = CtaUrlMessage;
    const WHAT: &'static str = "a CTA URL message object";
    const KEYS: &'static [&'static str] = &MESSAGE_KEYS.0;

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        self.read_key(MESSAGE_KEYS.1[index], map)
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
    const KEYS: &'static [&'static str] = &CONTENT_KEYS.0;

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        self.0.read_key(CONTENT_KEYS.1[index], map)
    }

    fn finish<E: de::Error>(self) -> Result<CtaUrlContent, E> {
        self.0.content()
    }
}

/// What the keys of `interactive` stand for, but its text parts.
#[derive(Clone, Copy)]
enum InteractiveKey {
    Type,
    Header,
    Action,
}

const INTERACTIVE_MEMBERS: &[Member<InteractiveKey>] = &[
    Member::Fixed("type", InteractiveKey::Type),
    Member::Fixed("header", InteractiveKey::Header),
    Member::Parts(Group::BeforeAction),
    Member::Fixed("action", InteractiveKey::Action),
    Member::Parts(Group::AfterAction),
];

const INTERACTIVE_KEYS: (
    [&str; key_count(INTERACTIVE_MEMBERS)],
    [Key<InteractiveKey>; key_count(INTERACTIVE_MEMBERS)],
) = keys(INTERACTIVE_MEMBERS);

/// The `interactive` object: the header and the text parts it holds.
#[derive(Default)]
struct WireInteractive {
    kind: Option<CtaUrl>,
    header: Option<Header>,
    action: Option<WireParts>,
    parts: WireParts,
}

impl FromObject for WireInteractive {
    type Output = (Option<Header>, WireParts);
    const WHAT: &'static str = "an `interactive` object";
    const KEYS: &'static [&'static str] = &INTERACTIVE_KEYS.0;

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        match INTERACTIVE_KEYS.1[index] {
            Key::Fixed(InteractiveKey::Type) => self.kind = Some(map.next_value()?),
            Key::Fixed(InteractiveKey::Header) => {
                self.header = optional_object::<WireHeader, A>(map)?;
            }
            Key::Fixed(InteractiveKey::Action) => {
                self.action = Some(object::<WireAction, A>(map)?);
            }
            Key::Part(part) => self.parts.read(part, map)?,
        }
        Ok(())
    }

    fn finish<E: de::Error>(mut self) -> Result<(Option<Header>, WireParts), E> {
        required(self.kind, "type")?;
        self.parts.merge(required(self.action, "action")?);
        Ok((self.header, self.parts))
    }
}

#[derive(Default)]
struct WireAction {
    name: Option<CtaUrl>,
    parameters: Option<WireParts>,
}

impl FromObject for WireAction {
    type Output = WireParts;
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

    fn finish<E: de::Error>(self) -> Result<WireParts, E> {
        required(self.name, "name")?;
        required(self.parameters, "parameters")
    }
}

const PARAMETERS_MEMBERS: &[Member<()>] = &[Member::Parts(Group::Parameters)];

const PARAMETERS_KEYS: (
    [&str; key_count(PARAMETERS_MEMBERS)],
    [Key<()>; key_count(PARAMETERS_MEMBERS)],
) = keys(PARAMETERS_MEMBERS);

/// `interactive.action.parameters`: text parts only, each required.
#[derive(Default)]
struct WireParameters(WireParts);

impl FromObject for WireParameters {
    type Output = WireParts;
    const WHAT: &'static str = "a `parameters` object";
    const KEYS: &'static [&'static str] = &PARAMETERS_KEYS.0;

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        match PARAMETERS_KEYS.1[index] {
            Key::Part(part) => self.0.read(part, map),
            // The parameters have no key of their own.
            Key::Fixed(()) => Ok(()),
        }
    }

    fn finish<E: de::Error>(self) -> Result<WireParts, E> {
        Ok(self.0)
    }
}

/// Reads `type` as a header kind.
struct HeaderType(HeaderKind);

/// Every kind's name, for "unknown variant" errors.
const HEADER_KIND_NAMES: [&str; HeaderKind::ALL.len()] = {
    let mut names = [""; HeaderKind::ALL.len()];
    let mut index = 0;
    while index < names.len() {
        names[index] = HeaderKind::ALL[index].name();
        index += 1;
    }
    names
};

impl<'de> Deserialize<'de> for HeaderType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KindVisitor;

        impl Visitor<'_> for KindVisitor {
            type Value = HeaderType;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a header type")
            }

            fn visit_str<E: de::Error>(self, kind: &str) -> Result<HeaderType, E> {
                HeaderKind::named(kind)
                    .map(HeaderType)
                    .ok_or_else(|| E::unknown_variant(kind, &HEADER_KIND_NAMES))
            }
        }

        deserializer.deserialize_str(KindVisitor)
    }
}

/// What a key of a header stands for: `type`, or the object of a kind.
#[derive(Clone, Copy)]
enum HeaderKey {
    Type,
    Kind(HeaderKind),
}

const HEADER_KEY_COUNT: usize = 1 + HeaderKind::ALL.len();

/// The keys of a header: `type`, then each kind's, with what each stands for.
const HEADER_KEYS: ([&str; HEADER_KEY_COUNT], [HeaderKey; HEADER_KEY_COUNT]) = {
    let mut names = ["type"; HEADER_KEY_COUNT];
    let mut keys = [HeaderKey::Type; HEADER_KEY_COUNT];
    let mut index = 0;
    while index < HeaderKind::ALL.len() {
        names[index + 1] = HeaderKind::ALL[index].name();
        keys[index + 1] = HeaderKey::Kind(HeaderKind::ALL[index]);
        index += 1;
    }
    (names, keys)
};

/// The value under a kind's key: a text, or a media object of that kind.
enum WireHeaderValue {
    Text(HeaderText),
    Media(HeaderKind, WireMedia),
}

impl WireHeaderValue {
    fn kind(&self) -> HeaderKind {
        match self {
            WireHeaderValue::Text(_) => HeaderKind::Text,
            WireHeaderValue::Media(kind, _) => *kind,
        }
    }
}

/// A header: `type`, and the key it names. The content is read as it comes, whatever the order
/// of the keys, and matched with `type` at the end.
#[derive(Default)]
struct WireHeader {
    kind: Option<HeaderKind>,
    value: Option<WireHeaderValue>,
    /// A second kind's key, which is refused once `type` is known.
    other: Option<HeaderKind>,
}

impl FromObject for WireHeader {
    type Output = Header;
    const WHAT: &'static str = "a `header` object";
    const KEYS: &'static [&'static str] = &HEADER_KEYS.0;

    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        match HEADER_KEYS.1[index] {
            HeaderKey::Type => self.kind = Some(map.next_value::<HeaderType>()?.0),
            HeaderKey::Kind(kind) if self.value.is_some() => {
                self.other = Some(kind);
                map.next_value::<de::IgnoredAny>()?;
            }
            HeaderKey::Kind(HeaderKind::Text) => {
                self.value = Some(WireHeaderValue::Text(map.next_value()?));
            }
            HeaderKey::Kind(kind) => {
                self.value = Some(WireHeaderValue::Media(kind, object::<WireMedia, A>(map)?));
            }
        }
        Ok(())
    }

    fn finish<E: de::Error>(self) -> Result<Header, E> {
        let kind = required(self.kind, "type")?;
        // Only the key that `type` names may be there.
        let stray = match &self.value {
            Some(value) if value.kind() != kind => Some(value.kind()),
            _ => self.other,
        };
        if let Some(stray) = stray {
            return Err(E::unknown_field(stray.name(), kind.header_keys()));
        }
        Ok(match required(self.value, kind.name())? {
            WireHeaderValue::Text(text) => Header::Text(text),
            WireHeaderValue::Media(kind, media) => {
                let (media, filename) = media.into_media(Some(kind))?;
                Header::of_media(kind, media, filename)
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
    /// The media, with a document's file name; `kind` is the header's, `None` for media read
    /// on its own.
    fn into_media<E: de::Error>(
        self,
        kind: Option<HeaderKind>,
    ) -> Result<(Media, Option<Filename>), E> {
        let name = kind.map_or("media", HeaderKind::name);
        if self.filename.is_some() && !kind.is_some_and(HeaderKind::takes_filename) {
            return Err(E::custom(format_args!(
                "`filename` is allowed only in a document header, not in the {name} header"
            )));
        }
        let media = match (self.link, self.id) {
            (Some(link), None) => Media::Link(link),
            (None, Some(id)) => Media::Id(id),
            (Some(_), Some(_)) => {
                return Err(E::custom(format_args!(
                    "{name} header has both `link` and `id`; give exactly one"
                )));
            }
            (None, None) => {
                return Err(E::custom(format_args!(
                    "{name} header needs a `link` or an `id`"
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
        Ok(media.into_media(None)?.0)
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let media = Object::<WireMedia>::deserialize(deserializer)?.0;
        let (media, filename) = media.into_media(Some(HeaderKind::Document))?;
        Ok(Document { media, filename })
    }
}

#[cfg(test)]
mod tests {
    use super::{CONTENT_KEYS, HEADER_KEYS, INTERACTIVE_KEYS, MESSAGE_KEYS, PARAMETERS_KEYS};
    use crate::Header;

    /// The keys that follow the table of parts are Meta's, in Meta's order.
    #[test]
    fn the_keys_are_metas() {
        assert_eq!(
            MESSAGE_KEYS.0,
            [
                "messaging_product",
                "recipient_type",
                "to",
                "recipient",
                "context",
                "type",
                "interactive",
                "biz_opaque_callback_data",
            ]
        );
        assert_eq!(
            CONTENT_KEYS.0,
            [
                "messaging_product",
                "recipient_type",
                "context",
                "type",
                "interactive",
                "biz_opaque_callback_data",
            ]
        );
        assert_eq!(
            INTERACTIVE_KEYS.0,
            ["type", "header", "body", "action", "footer"]
        );
        assert_eq!(PARAMETERS_KEYS.0, ["display_text", "url"]);
        assert_eq!(
            HEADER_KEYS.0,
            ["type", "text", "image", "video", "document"]
        );
    }

    #[test]
    fn a_header_holds_only_the_key_its_type_names() {
        for (json, expected) in [
            (
                r#"{"type":"image","text":"x","image":{"id":"1"}}"#,
                "unknown field `text`, expected `type` or `image`",
            ),
            (
                r#"{"type":"image","image":{"id":"1"},"video":{"id":"2"}}"#,
                "unknown field `video`, expected `type` or `image`",
            ),
            (r#"{"type":"video"}"#, "missing field `video`"),
            (r#"{"text":"x"}"#, "missing field `type`"),
        ] {
            let error = serde_json::from_str::<Header>(json).expect_err(json);
            assert!(error.to_string().contains(expected), "{json}: {error}");
        }
        let header: Header =
            serde_json::from_str(r#"{"document":{"id":"1","filename":"a.pdf"},"type":"document"}"#)
                .expect("a document header, its type last");
        assert_eq!(header.kind(), crate::rules::HeaderKind::Document);
    }
}
