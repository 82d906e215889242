//! One mistake, one error: a key written alone, without its `:` and value, is reported once,
//! wherever it stands and in both macros.

use crate::common::expansion::compile_errors;

use cta_core::rules::Field;
use cta_macros_core::{expand, expand_template};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Every key of the macros: the parts under a key of their own, and `header`.
fn keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> = Field::ALL
        .iter()
        .filter(|field| !field.in_header())
        .map(|field| field.key())
        .collect();
    keys.push("header");
    keys
}

/// A valid `key: value` pair for `to` and each key the macros require, but those `left_out`.
fn valid_pairs(left_out: &[&str]) -> Vec<TokenStream> {
    [
        ("to", quote!(to: "+16505551234")),
        ("body", quote!(body: "b")),
        ("button", quote!(button: "l")),
        ("url", quote!(url: "https://example.com")),
    ]
    .into_iter()
    .filter(|(key, _)| !left_out.contains(key))
    .map(|(_, pair)| pair)
    .collect()
}

fn lone_key_error(key: &str) -> String {
    format!("missing `:` and value after the key `{key}`; write `{key}: \"…\"` or remove the key")
}

#[test]
fn a_key_alone_at_the_end_is_one_error() {
    for key in keys() {
        let pairs = valid_pairs(&[key]);
        let ident = Ident::new(key, Span::call_site());
        let errors = compile_errors(&expand(quote!(::cta_core; #(#pairs,)* #ident)));
        assert_eq!(errors, [lone_key_error(key)], "`{key}` at the end");
    }
}

#[test]
fn a_key_alone_before_a_comma_is_one_error() {
    for key in keys() {
        let pairs = valid_pairs(&[key]);
        let ident = Ident::new(key, Span::call_site());
        let errors = compile_errors(&expand(quote!(::cta_core; #ident, #(#pairs),*)));
        assert_eq!(errors, [lone_key_error(key)], "`{key}` first");
    }
}

#[test]
fn a_key_alone_in_a_template_is_one_error() {
    for key in keys() {
        // A template has no `to`.
        let pairs = valid_pairs(&[key, "to"]);
        let ident = Ident::new(key, Span::call_site());
        let errors = compile_errors(&expand_template(
            quote!(::cta_core; struct Greeting { #(#pairs,)* #ident }),
        ));
        let expected = if key == "to" {
            "a template has no `to`: the recipient is chosen when the message is sent, as in \
             `Template { … }.render()?.to(recipient)`"
                .to_owned()
        } else {
            lone_key_error(key)
        };
        assert_eq!(errors, [expected], "`{key}` at the end of a template");
    }
}

#[test]
fn a_word_alone_that_is_no_key_is_one_error() {
    let pairs = valid_pairs(&[]);
    let errors = compile_errors(&expand(quote!(::cta_core; #(#pairs,)* fotter)));
    assert_eq!(
        errors,
        ["expected `:` after the key `fotter`, found nothing; write `fotter: …`"]
    );
}
