//! What the `cta_message!` expansion names, and nothing else. Not public API: it may change in
//! any release.
//!
//! The functions are `const`, so that an all-literal invocation can initialise a `const`. Every
//! literal has been checked against [`crate::rules`] while the user's code compiled, and comes
//! with the JSON the macro rendered for it. Content made only of literals comes as two
//! literals (the rendered JSON of the content, or of the whole message, and where each part is
//! in it) to [`literal_content`] or [`literal_message`]. Otherwise each part is [`literal`]
//! or [`literal_escaped`] (the type is inferred from where the value goes, so the expansion
//! names no checked type), or the user's expression through [`Checked`] or [`CheckedOption`].
//!
//! A `cta_template!` expansion describes its template with [`template`](fn@template), [`part`],
//! [`expression_part`] and the pieces [`fixed`], [`placeholder`], [`in_path`], [`in_query`] and
//! [`in_fragment`], and its `render` fills each part with placeholders through [`fill`].

pub use core::option::Option::{None, Some};
pub use core::result::Result::{self, Ok};
pub use cta_macros::{cta_message_impl, cta_template_impl};

mod message;
mod template;

pub use message::*;
pub use template::*;
