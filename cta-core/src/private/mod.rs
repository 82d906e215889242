//! What the `cta_message!`, `cta_template!` and `approved_template!` expansions name, and
//! nothing else. Not public API: it may change in any release.
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
//! [`in_fragment`]; its `render` is one call to [`render`] (or, with parts given as
//! expressions, in a [`Given`], to [`render_given`]), which fill every template.
//!
//! An `approved_template!` expansion names only [`approved`]: its `render` hands the struct's
//! values to [`approved::render`], with a `static` description of the approved template made
//! by [`approved::spec`], a `const fn` that checks it (so a description the macro would never
//! write is a compile error), and whose fields no other crate can set.
//!
//! Every trait here is sealed (its supertrait lives in a module no other crate can name), and
//! the one method that makes a checked value from a text, [`FromLiteral::from_literal`], takes
//! a token no other crate can make.

pub use core::option::Option::{None, Some};
pub use core::result::Result::{self, Ok};
pub use cta_macros::{approved_template_impl, cta_message_impl, cta_template_impl};

pub mod approved;
mod message;
mod seal;
mod template;

pub use message::*;
pub use template::*;
