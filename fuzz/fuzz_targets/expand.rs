//! Fuzzes the macro's `expand` with arbitrary tokens: it must never panic.
//!
//! The input is read as Rust source after `$crate;`. Inputs that do not lex as tokens are
//! skipped (rustc would never hand them to the macro). A second mode puts the input, as a
//! string literal, in every field, to reach the rules with arbitrary Unicode.

#![no_main]

use cta_macros_core::expand;

use libfuzzer_sys::fuzz_target;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(tokens) = format!("$crate; {text}").parse::<TokenStream>() {
        let _ = expand(tokens);
    }
    let literal = Literal::string(text);
    let _ = expand(quote! {
        $crate;
        to: #literal,
        header: document(#literal, filename: #literal),
        body: #literal,
        button: #literal,
        url: #literal,
        footer: #literal,
        reply_to: #literal,
        callback_data: #literal,
    });
    let _ = expand(quote!($crate; header: text(#literal), body: "b", button: "l", url: #literal));
    let _ = expand(
        quote!($crate; header: video(id: #literal), body: "b", button: "l", url: "https://e.com"),
    );
});
