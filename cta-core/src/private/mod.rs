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
//!
//! The functions are public all the same (an expansion can call only what any crate can), so
//! none takes what it is given on trust; a call the macros would not write panics, naming what
//! does not hold, and in a `const` or `static` fails to compile:
//!
//! - [`literal`] and [`literal_escaped`] check the text by every rule of its field and the
//!   escaped form against the JSON escape of the text;
//! - the layout reader behind [`literal_content`] and [`literal_message`] verifies that the
//!   JSON is byte for byte what the macro writes for the parts it names (Meta's shape, each
//!   value the escape of its text), and checks each text by every rule of its field in a
//!   `const fn` (`cta_rules::layout::check_literal`), but for the host of a URL that is an IP
//!   address or an internationalized name, whose name it does not read;
//! - [`part`] works out its fixed text's figures itself (the ones given must match), checks
//!   the fixed text the same way and each placeholder's position, and [`render`] checks a URL
//!   it fills by every rule of its field unless the fixed text proved it
//!   (`cta_rules::layout::url_form_proven`).
//!
//! So whatever is called, a checked value holds text that keeps its field's rules (but the
//! host named above, for an all-literal invocation) and `to_json_vec` writes valid JSON of
//! Meta's shape.

pub use core::option::Option::{None, Some};
pub use core::result::Result::{self, Ok};
pub use cta_macros::{approved_template_impl, cta_message_impl, cta_template_impl};

pub mod approved;
mod message;
mod seal;
mod template;

pub use message::*;
pub use template::*;
