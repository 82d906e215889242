//! A run-time builder for code that has no literals: plain strings in, every problem out.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use cta_rules::content_parts;
use cta_rules::json::HeaderParts;

use super::{CtaUrlContent, CtaUrlMessage, Header, Media};
use crate::checked::Checked;
use crate::checked::{Filename, Recipient};
use crate::rules::{Field, HeaderKind, RuleError};

type Text = Cow<'static, str>;

/// " (required)" for a required part.
macro_rules! required_note {
    (required) => {
        " (required)"
    };
    (optional) => {
        ""
    };
}

/// Checks a part's text: `Some` of the value (of an `Option` for an optional part) when it
/// is valid, or absent and optional; `None` with the problem noted otherwise.
macro_rules! check_part {
    (required $problems:ident $name:ident $value:expr) => {
        $problems.required::<crate::checked::$name>($value)
    };
    (optional $problems:ident $name:ident $value:expr) => {
        $problems.optional::<crate::checked::$name>($value)
    };
}

/// The builder's struct, its text parts' setters and their check, from the rows of
/// `content_parts!`, after the struct's docs.
macro_rules! define_builder {
    ([$(#[$struct_doc:meta])*] $(
        $(#[$doc:meta])*
        $member:ident: $name:ident, $presence:ident $($with:ident)?, $group:ident $key:literal
            $({ $inner:literal })?, $what:literal;
    )*) => {
        $(#[$struct_doc])*
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct MessageBuilder<T = CtaUrlMessage> {
            to: Option<Text>,
            header: Option<HeaderParts<Text>>,
            filename: Option<Text>,
            $($member: Option<Text>,)*
            builds: PhantomData<fn() -> T>,
        }

        impl<T> Default for MessageBuilder<T> {
            fn default() -> Self {
                MessageBuilder {
                    to: None,
                    header: None,
                    filename: None,
                    $($member: None,)*
                    builds: PhantomData,
                }
            }
        }

        impl<T> MessageBuilder<T> {
            $(
                #[doc = concat!("Sets ", $what, required_note!($presence), ".")]
                pub fn $member(mut self, text: impl Into<Text>) -> Self {
                    self.$member = Some(text.into());
                    self
                }
            )*

            /// Checks every part; the problems are noted in the order of the JSON payload.
            fn content(self, problems: &mut Problems) -> Option<CtaUrlContent> {
                let header = problems.header(self.header, self.filename);
                $(let $member = check_part!($presence problems $name self.$member);)*
                Some(CtaUrlContent::assemble(header?, $($member?),*))
            }
        }
    };
}

content_parts!(define_builder [
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
]);

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
        self.header = Some(HeaderParts {
            kind: HeaderKind::Text,
            by_id: false,
            value: text.into(),
            filename: None,
        });
        self
    }

    fn media(mut self, kind: HeaderKind, source: Text, by_id: bool) -> Self {
        self.header = Some(HeaderParts {
            kind,
            by_id,
            value: source,
            filename: None,
        });
        self
    }

    /// Sets an image header from a public link.
    pub fn image(self, link: impl Into<Text>) -> Self {
        self.media(HeaderKind::Image, link.into(), false)
    }

    /// Sets an image header from an uploaded media ID.
    pub fn image_id(self, id: impl Into<Text>) -> Self {
        self.media(HeaderKind::Image, id.into(), true)
    }

    /// Sets a video header from a public link.
    pub fn video(self, link: impl Into<Text>) -> Self {
        self.media(HeaderKind::Video, link.into(), false)
    }

    /// Sets a video header from an uploaded media ID.
    pub fn video_id(self, id: impl Into<Text>) -> Self {
        self.media(HeaderKind::Video, id.into(), true)
    }

    /// Sets a document header from a public link.
    pub fn document(self, link: impl Into<Text>) -> Self {
        self.media(HeaderKind::Document, link.into(), false)
    }

    /// Sets a document header from an uploaded media ID.
    pub fn document_id(self, id: impl Into<Text>) -> Self {
        self.media(HeaderKind::Document, id.into(), true)
    }

    /// Sets the file name of a document header; any other header makes it an error.
    pub fn filename(mut self, filename: impl Into<Text>) -> Self {
        self.filename = Some(filename.into());
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
}

#[derive(Default)]
struct Problems(Vec<BuildProblem>);

impl Problems {
    /// The header, with a document's file name: `Some(None)` when there is none, `None` (and
    /// the problems noted) when it is wrong.
    #[expect(
        clippy::option_option,
        reason = "absent, valid and invalid are the three answers"
    )]
    fn header(
        &mut self,
        header: Option<HeaderParts<Text>>,
        filename: Option<Text>,
    ) -> Option<Option<Header>> {
        let takes_filename = header
            .as_ref()
            .is_some_and(|header| header.kind.takes_filename());
        if filename.is_some() && !takes_filename {
            self.0.push(BuildProblem::FilenameWithoutDocument);
        }
        let filename = self.optional::<Filename>(filename);
        let header = match header {
            None => Some(None),
            Some(HeaderParts {
                kind: HeaderKind::Text,
                value,
                ..
            }) => self.check(value).map(|text| Some(Header::Text(text))),
            Some(HeaderParts {
                kind, by_id, value, ..
            }) => {
                let media = if by_id {
                    self.check(value).map(Media::Id)
                } else {
                    self.check(value).map(Media::Link)
                };
                // A file name with another kind is the problem noted above.
                let filename = filename.clone().flatten().filter(|_| takes_filename);
                media.map(|media| Some(Header::of_media(kind, media, filename)))
            }
        };
        filename?;
        header
    }

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
