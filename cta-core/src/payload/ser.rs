//! `Serialize`: the exact JSON of Meta's documentation, keys in Meta's order, absent parts left
//! out. Written by hand so that no key can drift and nothing is allocated on the way.

use serde_core::ser::{Serialize, SerializeStruct, Serializer};

use super::{CtaUrlContent, CtaUrlMessage, Document, Header, Media};
use crate::checked::{Filename, Recipient};
use cta_rules::json::{ContentParts, Group};

/// `{"<key>": "…"}`: the one-key object that holds a part such as `body` or `context`.
struct InnerObject<'a>(&'static str, &'a str);

impl Serialize for InnerObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Object", 1)?;
        object.serialize_field(self.0, self.1)?;
        object.end()
    }
}

/// How many parts of `group` are present.
fn present(parts: &ContentParts<&str>, group: Group) -> usize {
    let mut count = 0;
    parts.each_in(group, |_, text| count += usize::from(text.is_some()));
    count
}

/// Writes the parts of `group`, in the order of the table; an absent part is skipped.
fn serialize_parts<S: SerializeStruct>(
    object: &mut S,
    parts: &ContentParts<&str>,
    group: Group,
) -> Result<(), S::Error> {
    let mut result = Ok(());
    parts.each_in(group, |part, text| {
        if result.is_err() {
            return;
        }
        result = match (text, part.inner_key()) {
            (Some(text), Some(inner)) => {
                object.serialize_field(part.key(), &InnerObject(inner, text))
            }
            (Some(text), None) => object.serialize_field(part.key(), text),
            (None, _) => object.skip_field(part.key()),
        };
    });
    result
}

struct Interactive<'a>(&'a CtaUrlContent, &'a ContentParts<&'a str>);

struct Action<'a>(&'a ContentParts<&'a str>);

struct Parameters<'a>(&'a ContentParts<&'a str>);

impl Serialize for CtaUrlMessage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_body(serializer, Some(&self.to), &self.content)
    }
}

/// The content is written as the request body without its recipient: the same keys in the
/// same order, but `to`.
impl Serialize for CtaUrlContent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_body(serializer, None, self)
    }
}

/// The request body, with `to` when a recipient is given.
fn serialize_body<S: Serializer>(
    serializer: S,
    to: Option<&Recipient>,
    content: &CtaUrlContent,
) -> Result<S::Ok, S::Error> {
    let parts = content.text_parts();
    let fields = 4
        + usize::from(to.is_some())
        + present(&parts, Group::BeforeType)
        + present(&parts, Group::AfterInteractive);
    let name = if to.is_some() {
        "CtaUrlMessage"
    } else {
        "CtaUrlContent"
    };
    let mut object = serializer.serialize_struct(name, fields)?;
    object.serialize_field("messaging_product", "whatsapp")?;
    object.serialize_field("recipient_type", "individual")?;
    // A phone number goes in `to`, a BSUID in `recipient`, in the same place.
    match to {
        Some(to) => object.serialize_field(to.kind().json_key(), to.as_str())?,
        None => object.skip_field("to")?,
    }
    serialize_parts(&mut object, &parts, Group::BeforeType)?;
    object.serialize_field("type", "interactive")?;
    object.serialize_field("interactive", &Interactive(content, &parts))?;
    serialize_parts(&mut object, &parts, Group::AfterInteractive)?;
    object.end()
}

impl Serialize for Interactive<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Interactive(content, parts) = *self;
        let fields = 2
            + usize::from(content.header.is_some())
            + present(parts, Group::BeforeAction)
            + present(parts, Group::AfterAction);
        let mut object = serializer.serialize_struct("Interactive", fields)?;
        object.serialize_field("type", "cta_url")?;
        match &content.header {
            Some(header) => object.serialize_field("header", header)?,
            None => object.skip_field("header")?,
        }
        serialize_parts(&mut object, parts, Group::BeforeAction)?;
        object.serialize_field("action", &Action(parts))?;
        serialize_parts(&mut object, parts, Group::AfterAction)?;
        object.end()
    }
}

impl Serialize for Action<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Action", 2)?;
        object.serialize_field("name", "cta_url")?;
        object.serialize_field("parameters", &Parameters(self.0))?;
        object.end()
    }
}

impl Serialize for Parameters<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = present(self.0, Group::Parameters);
        let mut object = serializer.serialize_struct("Parameters", fields)?;
        serialize_parts(&mut object, self.0, Group::Parameters)?;
        object.end()
    }
}

impl Serialize for Header {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Header", 2)?;
        let kind = self.kind().name();
        object.serialize_field("type", kind)?;
        // The value sits under the key its kind names.
        match self {
            Header::Text(text) => object.serialize_field(kind, text.as_str())?,
            Header::Image(media) | Header::Video(media) => {
                object.serialize_field(kind, &MediaObject(media, None))?;
            }
            Header::Document(document) => object.serialize_field(kind, document)?,
        }
        object.end()
    }
}

/// `{"link": "…"}` or `{"id": "…"}`, with a document's `filename` after it.
struct MediaObject<'a>(&'a Media, Option<&'a str>);

impl Serialize for MediaObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let MediaObject(media, filename) = *self;
        let mut object =
            serializer.serialize_struct("Media", 1 + usize::from(filename.is_some()))?;
        match media {
            Media::Link(link) => object.serialize_field("link", link.as_str())?,
            Media::Id(id) => object.serialize_field("id", id.as_str())?,
        }
        if let Some(filename) = filename {
            object.serialize_field("filename", filename)?;
        }
        object.end()
    }
}

/// `{"link": "…"}` or `{"id": "…"}`, as it stands in a header.
impl Serialize for Media {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        MediaObject(self, None).serialize(serializer)
    }
}

/// `{"link": "…", "filename": "…"}`, as it stands in a document header.
impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        MediaObject(&self.media, self.filename.as_ref().map(Filename::as_str)).serialize(serializer)
    }
}
