//! The logic of `cta-core`'s `cta_message!` macro, as a plain library: a function from tokens
//! to tokens. An implementation detail of `cta-core`; depend on `cta-core` instead.
//!
//! The proc-macro crate `cta-macros` is a thin entry point over [`expand`]; keeping the logic
//! here lets tests and fuzz targets call it directly, since a proc-macro crate exports nothing
//! but its macros.
//!
//! The crate is laid out the way the macro works:
//!
//! - `parse` reads the `key: value` pairs and the header kinds, checking each string literal
//!   with `cta_rules` (the same rules `cta-core`'s run-time types use) on the way;
//! - `suggest` finds the "did you mean `footer`?" hints;
//! - `codegen` writes the expression, rendering the literal parts of a message to JSON with
//!   `cta_rules::json`, exactly as `cta-core` writes run-time values;
//! - `expand` ties them together and turns every problem into a `compile_error!`;
//! - `template` does the same for `cta_template!`, with the same parser in template mode.

#![forbid(unsafe_code)]
// CI runs clippy with `-D clippy::pedantic`. Exceptions are made at the item they concern,
// each with its reason; none is needed for the whole crate.

mod approved;
mod codegen;
mod expand;
mod parse;
mod suggest;
mod template;

pub use approved::expand_approved;
pub use expand::expand;
pub use template::expand_template;
