//! Validated strings: one type for each text, URL and identifier of a message.
//!
//! A value of one of these types has passed every rule of its [`Field`]; the public API has no
//! way to build one that has not. They are made at run time by `new`, [`FromStr`],
//! [`TryFrom<String>`] and `Deserialize`, by `cta_message!` for string literals, which it checks
//! while your code compiles, and by a `cta_template!`'s `render`, which checks the values it
//! fills in. This module names nothing of `__private`: the expansion's plumbing is built on the
//! checked types, never the other way round. All of them hold a [`Cow<'static, str>`], so a value made from a
//! literal borrows it and allocates nothing.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde_core::de::{self, Visitor};
use serde_core::{Deserialize, Deserializer, Serialize, Serializer};

use crate::rules::{self, Field, RuleError};

/// A cache of what a value holds, not part of the value: two values that differ only in it are
/// equal, order and hash alike.
macro_rules! cache_is_not_the_value {
    ($name:ident) => {
        impl PartialEq for $name {
            fn eq(&self, _: &Self) -> bool {
                true
            }
        }

        impl Eq for $name {}

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, _: &Self) -> std::cmp::Ordering {
                std::cmp::Ordering::Equal
            }
        }

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
        }
    };
}

/// JSON text rendered while the user's code compiled, if any: a cache (see
/// [`cache_is_not_the_value`]).
#[derive(Clone, Copy, Default)]
pub(crate) struct Prerendered(pub(crate) Option<&'static str>);

cache_is_not_the_value!(Prerendered);

/// How a checked string is written in JSON, when that is known: a cache (see
/// [`cache_is_not_the_value`]).
#[derive(Clone, Copy, Default)]
pub(crate) enum Escaped {
    /// Not known: the text is escaped when it is written.
    #[default]
    Unknown,
    /// The text is written as it is: its check found no character JSON escapes.
    AsIs,
    /// The escaped form, computed while the user's code compiled.
    Literal(&'static str),
}

cache_is_not_the_value!(Escaped);

/// A string value on its way into the request body: its text and, when known, its escaped form.
#[derive(Clone, Copy)]
pub(crate) struct JsonStr<'a> {
    pub(crate) text: &'a str,
    pub(crate) escaped: Option<&'a str>,
}

macro_rules! checked_string {
    ($(#[$doc:meta])* $name:ident => $field:ident, $example:literal) => {
        $(#[$doc])*
        ///
        /// # Example
        ///
        /// ```
        #[doc = concat!("use cta_core::", stringify!($name), ";")]
        ///
        #[doc = concat!("let value = ", stringify!($name), "::new(", stringify!($example), ")?;")]
        #[doc = concat!("assert_eq!(value.as_str(), ", stringify!($example), ");")]
        /// # Ok::<(), cta_core::RuleError>(())
        /// ```
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name {
            text: Cow<'static, str>,
            escaped: Escaped,
        }

        impl $name {
            /// The field whose rules this type enforces.
            pub const FIELD: Field = Field::$field;

            /// Checks `value` against the rules of [`Self::FIELD`].
            ///
            /// A `&'static str` is borrowed; a `String` is kept without copying. A string
            /// borrowed for less than `'static` goes through [`TryFrom<&str>`] or
            /// [`str::parse`], which copy it.
            ///
            /// # Errors
            ///
            /// A [`RuleError`] naming the rule broken, its limit and what was found.
            pub fn new(value: impl Into<Cow<'static, str>>) -> Result<Self, RuleError> {
                <Self as Checked>::check(value.into())
            }

            /// The checked text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.text
            }

            /// Gives back the checked text.
            #[must_use]
            pub fn into_inner(self) -> Cow<'static, str> {
                self.text
            }

            fn checked(text: Cow<'static, str>, as_is: bool) -> Self {
                let escaped = if as_is { Escaped::AsIs } else { Escaped::Unknown };
                Self { text, escaped }
            }

            /// Wraps a literal the `cta_message!` macro has already checked at compile time,
            /// with its JSON-escaped form (without quotes) that the macro computed too.
            pub(crate) const fn from_checked_literal(
                value: &'static str,
                escaped: &'static str,
            ) -> Self {
                Self { text: Cow::Borrowed(value), escaped: Escaped::Literal(escaped) }
            }

            /// The text and, when known at compile time, its escaped JSON form.
            pub(crate) fn json_str(&self) -> JsonStr<'_> {
                let escaped = match self.escaped {
                    Escaped::Unknown => None,
                    Escaped::AsIs => Some(&*self.text),
                    Escaped::Literal(escaped) => Some(escaped),
                };
                JsonStr { text: &self.text, escaped }
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut tuple = f.debug_tuple(stringify!($name));
                if matches!(Self::FIELD, Field::Recipient) {
                    // A phone number or BSUID is personal: a log of a message shows its kind
                    // and length only. `as_str` and `Display` give the value.
                    let kind = rules::RecipientKind::of(self.as_str());
                    let chars = self.as_str().chars().count();
                    tuple.field(&format_args!("{kind:?}, ***({chars} chars)"));
                } else {
                    tuple.field(&self.as_str());
                }
                tuple.finish()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                self.as_str()
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl FromStr for $name {
            type Err = RuleError;

            fn from_str(value: &str) -> Result<Self, RuleError> {
                let as_is = rules::check_json(Self::FIELD, value)?;
                Ok(Self::checked(Cow::Owned(value.to_owned()), as_is))
            }
        }

        impl TryFrom<String> for $name {
            type Error = RuleError;

            fn try_from(value: String) -> Result<Self, RuleError> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = RuleError;

            /// Checks and copies a borrowed string; [`new`](Self::new) borrows a
            /// `&'static str` instead of copying it.
            fn try_from(value: &str) -> Result<Self, RuleError> {
                value.parse()
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.text.into_owned()
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_string(CheckingVisitor::<$name>(PhantomData))
            }
        }

        impl Checked for $name {
            const FIELD: Field = Field::$field;

            fn from_checked(value: Cow<'static, str>, as_is: bool) -> Self {
                $name::checked(value, as_is)
            }
        }
    };
}

/// What the builder, the deserializer and the template filler need of each checked type.
/// Crate-private: outside the crate, a checked value comes only through its rules.
pub(crate) trait Checked: Sized {
    /// The field whose rules the type enforces.
    const FIELD: Field;

    /// Wraps a value that has passed the rules of [`Self::FIELD`]; `as_is` when JSON writes
    /// it as it is (when in doubt, `false`: it is then escaped when written).
    fn from_checked(value: Cow<'static, str>, as_is: bool) -> Self;

    /// Checks `value` and wraps it.
    fn check(value: Cow<'static, str>) -> Result<Self, RuleError> {
        let as_is = rules::check_json(Self::FIELD, &value)?;
        Ok(Self::from_checked(value, as_is))
    }
}

/// Reads a string and checks it before keeping it, so that a 10 MB string that breaks a rule
/// is refused without being copied when the input lends it.
struct CheckingVisitor<T>(PhantomData<T>);

impl<T: Checked> Visitor<'_> for CheckingVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "a string: the {}", T::FIELD)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        let as_is = rules::check_json(T::FIELD, value).map_err(E::custom)?;
        Ok(T::from_checked(Cow::Owned(value.to_owned()), as_is))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        let as_is = rules::check_json(T::FIELD, &value).map_err(E::custom)?;
        Ok(T::from_checked(Cow::Owned(value), as_is))
    }
}

impl Recipient {
    /// Whether this is a phone number (sent as `"to"`) or a BSUID (sent as `"recipient"`).
    ///
    /// ```
    /// use cta_core::{Recipient, rules::RecipientKind};
    ///
    /// assert_eq!(Recipient::new("+16505551234")?.kind(), RecipientKind::PhoneNumber);
    /// assert_eq!(Recipient::new("US.13491208655302741918")?.kind(), RecipientKind::Bsuid);
    /// # Ok::<(), cta_core::RuleError>(())
    /// ```
    #[must_use]
    pub fn kind(&self) -> rules::RecipientKind {
        rules::RecipientKind::of(self.as_str())
    }
}

checked_string! {
    /// The recipient: a phone number or WhatsApp ID, sent as `"to"`, or a business-scoped user
    /// ID (BSUID), sent as `"recipient"` ([`kind`](Recipient::kind) tells which).
    ///
    /// A BSUID is a country code in capitals, a period, then up to 128 letters and digits
    /// (`US.13491208655302741918`), with `ENT.` after the period for a parent BSUID
    /// (**\[Meta\]**). Meta gives one to every user since 2026; a user with a username may give
    /// the business no phone number, and can then be reached only by BSUID.
    ///
    /// A phone number has 7 to 15 digits (**\[chosen\]**; E.164 allows 15), optionally with a
    /// leading `+` and the separators space, `-`, `(` and `)`, which Meta accepts. Write the `+`
    /// and the country code: without them Meta prepends the *business* number's country code,
    /// which can reach the wrong person.
    Recipient => Recipient, "+16505551234"
}

checked_string! {
    /// The text of a text header: at most 60 characters (**\[Meta\]**), not blank and on one
    /// line (**\[chosen\]**). Emoji are allowed; markdown is not rendered, so `*` shows as is.
    HeaderText => HeaderText, "New workshop dates announced!"
}

checked_string! {
    /// The body text: at most 1024 characters (**\[Meta\]**), not blank (**\[chosen\]**).
    /// Emoji, markdown and line breaks are allowed; URLs in it become links.
    BodyText => BodyText, "Tap the button below to see available dates."
}

checked_string! {
    /// The button label (`display_text`): at most 20 characters (**\[Meta\]**), not blank and
    /// on one line (**\[chosen\]**). Emoji are allowed; markdown is not rendered.
    ButtonLabel => ButtonLabel, "See Dates"
}

checked_string! {
    /// The URL the button opens in the phone's browser.
    ///
    /// **\[chosen\]**: an absolute `http` or `https` URL with a host, without whitespace,
    /// control characters or user-info, of at most 2000 characters (Meta's limit for template
    /// URL buttons).
    ButtonUrl => ButtonUrl, "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4"
}

checked_string! {
    /// The footer text: at most 60 characters (**\[Meta\]**), not blank (**\[chosen\]**).
    /// Emoji, markdown and links are allowed.
    FooterText => FooterText, "Dates subject to change."
}

checked_string! {
    /// The public `http`/`https` link of a header's image, video or document (**\[Meta\]**),
    /// with the same form as [`ButtonUrl`] (**\[chosen\]**).
    ///
    /// Meta fetches the asset when it sends the message: images JPEG or PNG up to 5 MB, videos
    /// MP4 or 3GPP (H.264 and AAC) up to 16 MB, documents (PDF, plain text, Office formats) up
    /// to 100 MB. These are not checked here, since the bytes are not at hand.
    MediaLink => MediaLink, "https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png"
}

checked_string! {
    /// The ID of media uploaded to Meta, used instead of a link: digits only, not empty
    /// (**\[chosen\]**).
    MediaId => MediaId, "1234567890"
}

checked_string! {
    /// The file name shown for a document header: not blank, one line, no control characters,
    /// at most 240 characters (**\[chosen\]**).
    Filename => Filename, "menu.pdf"
}

checked_string! {
    /// The WAMID of the message this one replies to (`context.message_id`): at most 128
    /// characters (**\[Meta\]**), not blank and one line (**\[chosen\]**).
    MessageId => MessageId, "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA"
}

checked_string! {
    /// Opaque data echoed back in status webhooks (`biz_opaque_callback_data`): at most 512
    /// characters (**\[Meta\]**).
    CallbackData => CallbackData, "campaign=spring-2026"
}
