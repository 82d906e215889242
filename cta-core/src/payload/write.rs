//! The fast path to the request body: JSON written straight into bytes, without serde.
//!
//! Literal parts arrive already escaped by the macro (and an all-literal message, or its
//! content, as one pre-rendered run), so they are only copied; values made at run time are escaped with the
//! same escaper the macro used. The length is computed first, so the output is allocated once.

use super::{CtaUrlContent, CtaUrlMessage, Document, Header, Media};
use crate::checked::{Filename, JsonStr};
use crate::rules::HeaderKind;
use cta_rules::json::{self, Group, HeaderParts, Piece};

impl Header {
    /// The header's values, as the writer takes them.
    fn json_parts(&self) -> HeaderParts<JsonStr<'_>> {
        let (media, filename) = match self {
            Header::Text(text) => {
                return HeaderParts {
                    kind: HeaderKind::Text,
                    by_id: false,
                    value: text.json_str(),
                    filename: None,
                };
            }
            Header::Image(media) | Header::Video(media) => (media, None),
            Header::Document(Document { media, filename }) => (media, filename.as_ref()),
        };
        let (by_id, value) = match media {
            Media::Link(link) => (false, link.json_str()),
            Media::Id(id) => (true, id.json_str()),
        };
        HeaderParts {
            kind: self.kind(),
            by_id,
            value,
            filename: filename.map(Filename::json_str),
        }
    }
}

impl CtaUrlContent {
    /// Emits the pieces after the recipient: the parts written before `"type"` (a reply's
    /// context), then one pre-rendered run when the macro made it (the cached tail never
    /// holds those parts, so that setting them keeps it).
    fn tail_pieces<'a>(&'a self, mut emit: impl FnMut(Piece<JsonStr<'a>>)) {
        let mut parts = self.json_parts();
        json::group_pieces(&parts, Group::BeforeType, &mut emit);
        if let Some(tail) = self.json_tail.0 {
            emit(Piece::Raw(tail));
        } else {
            parts.header = self.header.as_ref().map(Header::json_parts);
            json::tail_pieces(&parts, &mut emit);
        }
    }
}

fn piece_len(piece: Piece<JsonStr<'_>>) -> usize {
    match piece {
        Piece::Raw(raw) => raw.len(),
        Piece::Value(JsonStr {
            escaped: Some(escaped),
            ..
        }) => escaped.len() + 2,
        Piece::Value(JsonStr { text, .. }) => json::escaped_len(text) + 2,
    }
}

fn write_piece(piece: Piece<JsonStr<'_>>, out: &mut Vec<u8>) {
    match piece {
        Piece::Raw(raw) => out.extend_from_slice(raw.as_bytes()),
        Piece::Value(value) => {
            out.push(b'"');
            match value.escaped {
                Some(escaped) => out.extend_from_slice(escaped.as_bytes()),
                None => json::write_escaped(value.text, out),
            }
            out.push(b'"');
        }
    }
}

/// The most pieces a body has: the head and the recipient, then the content's.
const MAX_PIECES: usize = 2 + json::MAX_CONTENT_PIECES;

/// A body's pieces, gathered once so that they are measured and written without walking the
/// message twice.
struct Gathered<'a> {
    pieces: [Piece<JsonStr<'a>>; MAX_PIECES],
    count: usize,
}

impl<'a> Gathered<'a> {
    fn of(message: &'a CtaUrlMessage) -> Self {
        let mut gathered = Gathered {
            pieces: [Piece::Raw(""); MAX_PIECES],
            count: 0,
        };
        message.pieces(|piece| {
            let slot = gathered.pieces.get_mut(gathered.count).expect(
                "a body has at most `MAX_PIECES` pieces: a test writes the largest, with every \
                 optional part",
            );
            *slot = piece;
            gathered.count += 1;
        });
        gathered
    }

    fn pieces(&self) -> &[Piece<JsonStr<'a>>] {
        &self.pieces[..self.count]
    }

    fn len(&self) -> usize {
        self.pieces().iter().map(|&piece| piece_len(piece)).sum()
    }

    fn write(&self, out: &mut Vec<u8>) {
        for &piece in self.pieces() {
            write_piece(piece, out);
        }
    }
}

impl CtaUrlMessage {
    fn pieces<'a>(&'a self, mut emit: impl FnMut(Piece<JsonStr<'a>>)) {
        if let Some(json) = self.json.0 {
            emit(Piece::Raw(json));
            return;
        }
        emit(Piece::Raw(json::message_head(self.to.kind())));
        emit(Piece::Value(self.to.json_str()));
        self.content.tail_pieces(emit);
    }

    /// The exact length in bytes of the request body that [`to_json_vec`](Self::to_json_vec)
    /// gives, e.g. for a `Content-Length` header.
    #[must_use]
    pub fn json_len(&self) -> usize {
        let mut len = 0;
        self.pieces(|piece| len += piece_len(piece));
        len
    }

    /// Appends the request body to `out`: the same bytes as [`to_json_vec`](Self::to_json_vec),
    /// into a buffer you reuse. It reserves the exact room first, so it allocates at most once.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        if let Some(json) = self.json.0 {
            out.extend_from_slice(json.as_bytes());
            return;
        }
        let gathered = Gathered::of(self);
        out.reserve(gathered.len());
        gathered.write(out);
    }

    /// The request body: exactly the bytes `serde_json::to_vec` gives for this message, written
    /// without serde and in a single allocation.
    ///
    /// The parts written as literals in `cta_message!` were escaped while your code compiled
    /// and are only copied; values made at run time are escaped now. Use it for the body of the
    /// HTTP request; the [`Serialize`](serde_core::Serialize) impl stays for embedding a message in
    /// other serde structures.
    ///
    /// ```
    /// use cta_core::cta_message;
    ///
    /// let message = cta_message! {
    ///     to: "+16505551234",
    ///     body: "Tap the button below to see available dates.",
    ///     button: "See Dates",
    ///     url: "https://www.luckyshrub.com",
    /// };
    /// let body = message.to_json_vec();
    /// assert_eq!(body, serde_json::to_vec(&message)?);
    /// assert_eq!(body.len(), message.json_len());
    /// assert!(body.starts_with(br#"{"messaging_product":"whatsapp","recipient_type":"individual""#));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn to_json_vec(&self) -> Vec<u8> {
        if let Some(json) = self.json.0 {
            return json.as_bytes().to_vec();
        }
        let gathered = Gathered::of(self);
        let mut out = Vec::with_capacity(gathered.len());
        gathered.write(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Gathered, MAX_PIECES};
    use crate::payload::Document;
    use crate::{
        BodyText, ButtonLabel, ButtonUrl, CallbackData, CtaUrlContent, Filename, FooterText,
        Header, MediaLink, MessageId, Recipient,
    };

    /// The largest body, every optional part made at run time, fits the gathered pieces, and
    /// each value's text is escaped (quotes) or copied as it is, as serde writes it.
    #[test]
    fn the_largest_body_fits_and_is_serdes() -> Result<(), Box<dyn std::error::Error>> {
        let owned = |text: &str| text.to_owned();
        let content = CtaUrlContent::new(
            BodyText::new(owned("say \"hi\"\nnow"))?,
            ButtonLabel::new(owned("Open"))?,
            ButtonUrl::new(owned("https://example.com/a\"b"))?,
        )
        .with_header(Header::Document(
            Document::new(MediaLink::new(owned("https://example.com/menu.pdf"))?)
                .with_filename(Filename::new(owned("me\"nu.pdf"))?),
        ))
        .with_footer(FooterText::new(owned("Footer"))?)
        .with_reply_to(MessageId::new(owned("wamid.1"))?)
        .with_callback_data(CallbackData::new(owned("{\"a\":1}"))?);
        let message = content.into_message(Recipient::new(owned("+16505551234"))?);
        let gathered = Gathered::of(&message);
        assert!(gathered.count <= MAX_PIECES, "{} pieces", gathered.count);
        let body = message.to_json_vec();
        assert_eq!(body, serde_json::to_vec(&message)?);
        assert_eq!(body.len(), message.json_len());
        Ok(())
    }
}
