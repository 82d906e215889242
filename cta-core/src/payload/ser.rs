//! `Serialize`: the exact JSON of Meta's documentation, keys in Meta's order, absent parts left
//! out. Written by hand so that no key can drift and nothing is allocated on the way.

use serde_core::ser::{Serialize, SerializeStruct, Serializer};

use super::{CtaUrlContent, CtaUrlMessage, Document, Header, Media};
use crate::checked::{Filename, Recipient};

/// `{"text": "…"}`, the shape of `body` and `footer`.
struct TextObject<'a>(&'a str);

impl Serialize for TextObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Text", 1)?;
        object.serialize_field("text", self.0)?;
        object.end()
    }
}

/// `{"message_id": "…"}`, the `context` of a reply.
struct Context<'a>(&'a str);

impl Serialize for Context<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Context", 1)?;
        object.serialize_field("message_id", self.0)?;
        object.end()
    }
}

struct Interactive<'a>(&'a CtaUrlContent);

struct Action<'a>(&'a CtaUrlContent);

struct Parameters<'a>(&'a CtaUrlContent);

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
    let fields = 4
        + usize::from(to.is_some())
        + usize::from(content.reply_to.is_some())
        + usize::from(content.callback_data.is_some());
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
    match &content.reply_to {
        Some(id) => object.serialize_field("context", &Context(id.as_str()))?,
        None => object.skip_field("context")?,
    }
    object.serialize_field("type", "interactive")?;
    object.serialize_field("interactive", &Interactive(content))?;
    match &content.callback_data {
        Some(data) => object.serialize_field("biz_opaque_callback_data", data.as_str())?,
        None => object.skip_field("biz_opaque_callback_data")?,
    }
    object.end()
}

impl Serialize for Interactive<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let content = self.0;
        let fields =
            3 + usize::from(content.header.is_some()) + usize::from(content.footer.is_some());
        let mut object = serializer.serialize_struct("Interactive", fields)?;
        object.serialize_field("type", "cta_url")?;
        match &content.header {
            Some(header) => object.serialize_field("header", header)?,
            None => object.skip_field("header")?,
        }
        object.serialize_field("body", &TextObject(content.body.as_str()))?;
        object.serialize_field("action", &Action(content))?;
        match &content.footer {
            Some(footer) => object.serialize_field("footer", &TextObject(footer.as_str()))?,
            None => object.skip_field("footer")?,
        }
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
        let mut object = serializer.serialize_struct("Parameters", 2)?;
        object.serialize_field("display_text", self.0.button.as_str())?;
        object.serialize_field("url", self.0.url.as_str())?;
        object.end()
    }
}

impl Serialize for Header {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Header", 2)?;
        match self {
            Header::Text(text) => {
                object.serialize_field("type", "text")?;
                object.serialize_field("text", text.as_str())?;
            }
            Header::Image(media) => {
                object.serialize_field("type", "image")?;
                object.serialize_field("image", &MediaObject(media, None))?;
            }
            Header::Video(media) => {
                object.serialize_field("type", "video")?;
                object.serialize_field("video", &MediaObject(media, None))?;
            }
            Header::Document(document) => {
                object.serialize_field("type", "document")?;
                object.serialize_field("document", document)?;
            }
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
