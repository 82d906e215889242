//! A run-time builder for code that has no literals: plain strings in, every problem out.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use cta_rules::json::MediaKind;

use super::{CtaUrlContent, CtaUrlMessage, Document, Header, Media};
use crate::checked::Checked;
use crate::checked::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, Filename, FooterText, MessageId, Prerendered,
    Recipient,
};
use crate::rules::{Field, RuleError};

type Text = Cow<'static, str>;

#[derive(Debug, Clone)]
enum RawHeader {
    Text(Text),
    Media {
        kind: MediaKind,
        source: Text,
        by_id: bool,
    },
}

/// Builds a [`CtaUrlMessage`] (or, as a [`ContentBuilder`], a [`CtaUrlContent`]) from plain
/// strings at run time.
///
/// Nothing is checked until [`build`](Self::build), which checks every part with the same
/// rules as the `cta_message!` macro and reports every problem at once, as the macro does.
///
/// ```
/// use cta_core::{CtaUrlMessage, rules::Field};
///
/// let message = CtaUrlMessage::builder()
///     .to("+16505551234")
///     .image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png")
///     .body("Tap the button below to see available dates.")
///     .button("See Dates")
///     .url("https://www.luckyshrub.com")
///     .build()?;
/// assert_eq!(message.button().as_str(), "See Dates");
///
/// let error = CtaUrlMessage::builder()
///     .to("+16505551234")
///     .body("Hello")
///     .button("A label far too long for WhatsApp")
///     .build()
///     .unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "button label is 33 characters; WhatsApp allows at most 20; \
///      missing button URL (interactive.action.parameters.url)"
/// );
/// # Ok::<(), cta_core::BuildError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct MessageBuilder<T = CtaUrlMessage> {
    to: Option<Text>,
    header: Option<RawHeader>,
    filename: Option<Text>,
    body: Option<Text>,
    button: Option<Text>,
    url: Option<Text>,
    footer: Option<Text>,
    reply_to: Option<Text>,
    callback_data: Option<Text>,
    builds: PhantomData<fn() -> T>,
}

/// Builds a [`CtaUrlContent`]: everything of a message but its recipient. Made by
/// [`CtaUrlContent::builder`]; it has every setter of [`MessageBuilder`] but `to`.
///
/// ```
/// use cta_core::{CtaUrlContent, Recipient};
///
/// let content = CtaUrlContent::builder()
///     .body("Your table is ready.")
///     .button("Open menu")
///     .url("https://example.com/menu")
///     .build()?;
/// let message = content.to(Recipient::new("+16505551234")?);
/// assert_eq!(message.body().as_str(), "Your table is ready.");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type ContentBuilder = MessageBuilder<CtaUrlContent>;

impl<T> Default for MessageBuilder<T> {
    fn default() -> Self {
        MessageBuilder {
            to: None,
            header: None,
            filename: None,
            body: None,
            button: None,
            url: None,
            footer: None,
            reply_to: None,
            callback_data: None,
            builds: PhantomData,
        }
    }
}

impl MessageBuilder<CtaUrlMessage> {
    /// A builder with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the recipient (`to`), which [`build`](Self::build) needs.
    pub fn to(mut self, recipient: impl Into<Text>) -> Self {
        self.to = Some(recipient.into());
        self
    }

    /// Checks every part and builds the full message.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] listing every missing part and every broken rule.
    pub fn build(mut self) -> Result<CtaUrlMessage, BuildError> {
        let mut problems = Problems::default();
        let to = problems.required::<Recipient>(self.to.take());
        let content = self.content(&mut problems);
        match (to, content) {
            (Some(to), Some(content)) if problems.0.is_empty() => Ok(content.into_message(to)),
            _ => Err(BuildError {
                problems: problems.0,
            }),
        }
    }

    /// Checks every part but the recipient and builds the reusable content.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] listing every missing part and every broken rule.
    pub fn build_content(self) -> Result<CtaUrlContent, BuildError> {
        self.content_only()
    }
}

impl MessageBuilder<CtaUrlContent> {
    /// Checks every part and builds the content.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] listing every missing part and every broken rule.
    pub fn build(self) -> Result<CtaUrlContent, BuildError> {
        self.content_only()
    }
}

impl<T> MessageBuilder<T> {
    /// Sets a text header.
    pub fn header_text(mut self, text: impl Into<Text>) -> Self {
        self.header = Some(RawHeader::Text(text.into()));
        self
    }

    fn media(mut self, kind: MediaKind, source: Text, by_id: bool) -> Self {
        self.header = Some(RawHeader::Media {
            kind,
            source,
            by_id,
        });
        self
    }

    /// Sets an image header from a public link.
    pub fn image(self, link: impl Into<Text>) -> Self {
        self.media(MediaKind::Image, link.into(), false)
    }

    /// Sets an image header from an uploaded media ID.
    pub fn image_id(self, id: impl Into<Text>) -> Self {
        self.media(MediaKind::Image, id.into(), true)
    }

    /// Sets a video header from a public link.
    pub fn video(self, link: impl Into<Text>) -> Self {
        self.media(MediaKind::Video, link.into(), false)
    }

    /// Sets a video header from an uploaded media ID.
    pub fn video_id(self, id: impl Into<Text>) -> Self {
        self.media(MediaKind::Video, id.into(), true)
    }

    /// Sets a document header from a public link.
    pub fn document(self, link: impl Into<Text>) -> Self {
        self.media(MediaKind::Document, link.into(), false)
    }

    /// Sets a document header from an uploaded media ID.
    pub fn document_id(self, id: impl Into<Text>) -> Self {
        self.media(MediaKind::Document, id.into(), true)
    }

    /// Sets the file name of a document header; any other header makes it an error.
    pub fn filename(mut self, filename: impl Into<Text>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// Sets the body text (required).
    pub fn body(mut self, text: impl Into<Text>) -> Self {
        self.body = Some(text.into());
        self
    }

    /// Sets the button label (required).
    pub fn button(mut self, label: impl Into<Text>) -> Self {
        self.button = Some(label.into());
        self
    }

    /// Sets the URL the button opens (required).
    pub fn url(mut self, url: impl Into<Text>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Sets the footer text.
    pub fn footer(mut self, text: impl Into<Text>) -> Self {
        self.footer = Some(text.into());
        self
    }

    /// Sends the message as a reply to the message with this WAMID.
    pub fn reply_to(mut self, message_id: impl Into<Text>) -> Self {
        self.reply_to = Some(message_id.into());
        self
    }

    /// Sets `biz_opaque_callback_data`.
    pub fn callback_data(mut self, data: impl Into<Text>) -> Self {
        self.callback_data = Some(data.into());
        self
    }

    fn content_only(self) -> Result<CtaUrlContent, BuildError> {
        let mut problems = Problems::default();
        match self.content(&mut problems) {
            Some(content) if problems.0.is_empty() => Ok(content),
            _ => Err(BuildError {
                problems: problems.0,
            }),
        }
    }

    fn content(self, problems: &mut Problems) -> Option<CtaUrlContent> {
        let is_document = matches!(
            self.header,
            Some(RawHeader::Media {
                kind: MediaKind::Document,
                ..
            })
        );
        if self.filename.is_some() && !is_document {
            problems.0.push(BuildProblem::FilenameWithoutDocument);
        }
        let filename = problems.optional::<Filename>(self.filename);
        let header = match self.header {
            None => Some(None),
            Some(RawHeader::Text(text)) => {
                problems.check(text).map(|text| Some(Header::Text(text)))
            }
            Some(RawHeader::Media {
                kind,
                source,
                by_id,
            }) => {
                let media = if by_id {
                    problems.check(source).map(Media::Id)
                } else {
                    problems.check(source).map(Media::Link)
                };
                media.map(|media| {
                    Some(match kind {
                        MediaKind::Image => Header::Image(media),
                        MediaKind::Video => Header::Video(media),
                        MediaKind::Document => Header::Document(Document {
                            media,
                            filename: filename.clone().flatten(),
                        }),
                    })
                })
            }
        };
        let body = problems.required::<BodyText>(self.body);
        let button = problems.required::<ButtonLabel>(self.button);
        let url = problems.required::<ButtonUrl>(self.url);
        let footer = problems.optional::<FooterText>(self.footer);
        let reply_to = problems.optional::<MessageId>(self.reply_to);
        let callback_data = problems.optional::<CallbackData>(self.callback_data);
        filename?;
        Some(CtaUrlContent {
            header: header?,
            body: body?,
            button: button?,
            url: url?,
            footer: footer?,
            reply_to: reply_to?,
            callback_data: callback_data?,
            json_tail: Prerendered(None),
        })
    }
}

#[derive(Default)]
struct Problems(Vec<BuildProblem>);

impl Problems {
    /// `Some(value)` when valid; `None` (and a problem noted) otherwise.
    fn check<T: Checked>(&mut self, value: Text) -> Option<T> {
        self.optional(Some(value)).flatten()
    }

    /// `Some(value)` when present and valid; `None` (and a problem noted) otherwise.
    fn required<T: Checked>(&mut self, value: Option<Text>) -> Option<T> {
        match value {
            None => {
                self.0.push(BuildProblem::Missing(T::FIELD));
                None
            }
            Some(value) => self.check(value),
        }
    }

    /// `Some(None)` when absent, `Some(Some(value))` when valid, `None` when invalid.
    #[expect(
        clippy::option_option,
        reason = "absent, valid and invalid are the three answers"
    )]
    fn optional<T: Checked>(&mut self, value: Option<Text>) -> Option<Option<T>> {
        match value.map(T::check).transpose() {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(BuildProblem::Invalid(error));
                None
            }
        }
    }
}

/// One problem found by [`MessageBuilder`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildProblem {
    /// A required part was never set.
    Missing(Field),
    /// A part breaks a rule.
    Invalid(RuleError),
    /// A file name was set, but the header is not a document.
    FilenameWithoutDocument,
}

impl fmt::Display for BuildProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildProblem::Missing(field) => {
                write!(f, "missing {field} ({})", field.json_path())
            }
            BuildProblem::Invalid(error) => error.fmt(f),
            BuildProblem::FilenameWithoutDocument => {
                f.write_str("a file name is allowed only with a document header")
            }
        }
    }
}

/// Every problem [`MessageBuilder`] found, in the order of the message's parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    problems: Vec<BuildProblem>,
}

impl BuildError {
    /// The problems, never empty.
    #[must_use]
    pub fn problems(&self) -> &[BuildProblem] {
        &self.problems
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            problem.fmt(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}
