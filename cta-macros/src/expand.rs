//! The macro as a function of tokens: parse, check, generate, and turn every problem into a
//! `compile_error!` followed by a stand-in value.

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen;
use crate::parse::{Errors, Invocation};

/// Expands `$crate; key: value, ...` into an expression. Never panics: bad input gives
/// `compile_error!`s, one for each problem, on the tokens at fault.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let invocation = Invocation::parse(input, &mut errors);
    let message = codegen::message(&invocation);
    if message.is_none() && errors.is_empty() {
        // Parsing leaves a part out only after reporting why; this keeps that promise honest.
        errors.push(
            proc_macro2::Span::call_site(),
            "cta_message!: a required part is missing (this is a bug in cta-macros; please report it)",
        );
    }
    match (errors.into_error(), message) {
        (None, Some(message)) => message,
        (error, _) => {
            let errors = error.map(|error| error.into_compile_error());
            let fallback = codegen::fallback(&invocation);
            quote!({
                #errors
                #fallback
            })
        }
    }
}
