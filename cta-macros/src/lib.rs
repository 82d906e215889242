//! The procedural macro behind [`cta_core::cta_message!`]. An implementation detail of
//! `cta-core`: depend on `cta-core` and use its `cta_message!`, which passes `$crate` to this
//! macro so that the expansion works however the user names the dependency.
//!
//! This crate is only the `#[proc_macro]` entry point: the macro's logic lives in the plain
//! library `cta-macros-core`, where tests and fuzz targets can call it on token streams.
//!
//! [`cta_core::cta_message!`]: https://docs.rs/cta-core/latest/cta_core/macro.cta_message.html

#![forbid(unsafe_code)]

/// Expands `cta_message!`. Called by `cta_core::cta_message!` as
/// `cta_message_impl!($crate; key: value, ...)`; not meant to be called directly.
#[proc_macro]
pub fn cta_message_impl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    cta_macros_core::expand(input.into()).into()
}

/// Expands `cta_template!`. Called by `cta_core::cta_template!` as
/// `cta_template_impl!($crate; struct Name { key: value, ... })`; not meant to be called
/// directly.
#[proc_macro]
pub fn cta_template_impl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    cta_macros_core::expand_template(input.into()).into()
}

/// Expands `approved_template!`. Called by `cta_core::approved_template!` as
/// `approved_template_impl!($crate; struct Name = "template" in "language";)`; not meant to be
/// called directly.
#[proc_macro]
pub fn approved_template_impl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    cta_macros_core::expand_approved(input.into()).into()
}
