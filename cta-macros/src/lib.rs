//! The procedural macro behind [`cta_core::cta_message!`]. An implementation detail of
//! `cta-core`: depend on `cta-core` and use its `cta_message!`, which passes `$crate` to this
//! macro so that the expansion works however the user names the dependency.
//!
//! The crate is laid out the way the macro works:
//!
//! - `parse` reads the `key: value` pairs and the header kinds, checking each string literal
//!   with `rules` on the way;
//! - `rules` is `cta-core`'s own `rules.rs`, the same file through a symbolic link, so the
//!   macro and the run-time types can never disagree;
//! - `json` is `cta-core`'s own `json.rs`, also through a symbolic link: the request body's
//!   layout and its string escaper, with which `codegen` renders the literal parts of a
//!   message at compile time exactly as `cta-core` writes run-time values;
//! - `suggest` finds the "did you mean `footer`?" hints;
//! - `codegen` writes the expression;
//! - `expand` ties them together and turns every problem into a `compile_error!`.
//!
//! [`cta_core::cta_message!`]: https://docs.rs/cta-core/latest/cta_core/macro.cta_message.html

#![forbid(unsafe_code)]
// CI runs clippy with `-D clippy::pedantic`. Exceptions are made at the item they concern,
// each with its reason; none is needed for the whole crate.

mod codegen;
mod expand;
#[allow(dead_code)] // `cta-core` writes run-time values with the rest of it.
mod json;
mod parse;
#[allow(dead_code)] // `cta-core` uses every rule; the macro needs only the checks.
mod rules;
mod suggest;

/// Expands `cta_message!`. Called by `cta_core::cta_message!` as
/// `cta_message_impl!($crate; key: value, ...)`; not meant to be called directly.
#[proc_macro]
pub fn cta_message_impl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand::expand(input.into()).into()
}
