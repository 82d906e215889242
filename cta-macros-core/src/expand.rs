//! The macro as a function of tokens: parse, check, generate, and turn every problem into a
//! `compile_error!` followed by a stand-in value.

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen;
use crate::parse::{Errors, Invocation};

/// Expands `$crate; key: value, ...` into an expression. Never panics: bad input gives
/// `compile_error!`s, one for each problem, on the tokens at fault.
pub fn expand(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let invocation = Invocation::parse(input, &mut errors);
    let message = codegen::message(&invocation);
    if message.is_none() && errors.is_empty() && !errors.has_rustc_error() {
        // Parsing leaves a part out only after reporting why; this keeps that promise honest.
        errors.push(
            proc_macro2::Span::call_site(),
            "cta_message!: a required part is missing (this is a bug in cta-macros; please report it)",
        );
    }
    let rustc_error = errors.has_rustc_error();
    match (errors.into_error(), message) {
        (None, Some(message)) if !rustc_error => message,
        (error, _) => {
            let errors = error.map(syn::Error::into_compile_error);
            let fallback = codegen::fallback(&invocation);
            quote!({
                #errors
                #fallback
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::expand;
    use proc_macro2::TokenStream;

    fn errors_in(input: &str) -> usize {
        let input: TokenStream = input.parse().expect("test input is valid tokens");
        let output = expand(input).to_string();
        output.matches("compile_error").count()
    }

    #[test]
    fn a_valid_invocation_has_no_error() {
        assert_eq!(
            errors_in(r#"$crate; body: "b", button: "l", url: "https://e.com""#),
            0
        );
        assert_eq!(
            errors_in(r#"$crate; body: "b", button: "l", url: "https://e.com","#),
            0
        );
    }

    #[test]
    fn an_all_literal_invocation_is_one_call_with_two_literals() {
        for (input, call) in [
            (
                r#"$crate; body: "b", button: "l", url: "https://e.com""#,
                "literal_content",
            ),
            (
                r#"$crate; to: "+16505551234", body: "b", button: "l", url: "https://e.com""#,
                "literal_message",
            ),
        ] {
            let input: TokenStream = input.parse().expect("test input is valid tokens");
            let output = expand(input).to_string();
            assert_eq!(output.matches("__private ::").count(), 1, "{output}");
            assert!(output.contains(call), "{output}");
        }
    }

    #[test]
    fn a_part_given_twice_over_a_missing_comma_is_one_error() {
        assert_eq!(
            errors_in(r#"$crate; body: "b" button: "l", url: "https://e.com""#),
            1
        );
        assert_eq!(
            errors_in(r#"$crate; body:, button: "l", url: "https://e.com""#),
            1
        );
        assert_eq!(
            errors_in(r#"$crate; "body": "b", button: "l", url: "https://e.com""#),
            1
        );
        assert_eq!(
            errors_in(r#"$crate; body = "b", button: "l", url: "https://e.com""#),
            1
        );
    }

    #[test]
    fn every_problem_is_reported() {
        // Unknown key, duplicate key, bad URL, missing button.
        let input = r#"$crate; body: "b", bdy: "x", body: "c", url: "ftp://e.com""#;
        assert_eq!(errors_in(input), 4);
    }

    #[test]
    fn a_misspelled_required_key_is_not_also_reported_missing() {
        assert_eq!(
            errors_in(r#"$crate; body: "b", buton: "l", url: "https://e.com""#),
            1
        );
        // Writing the right key as well is not a duplicate.
        let input = r#"$crate; body: "b", buton: "l", button: "l", url: "https://e.com""#;
        assert_eq!(errors_in(input), 1);
    }

    #[test]
    fn a_stray_comma_in_a_text_header_is_one_error() {
        let input = r#"$crate; header: text(, "x"), body: "b", button: "l", url: "https://e.com""#;
        assert_eq!(errors_in(input), 1);
    }

    #[test]
    fn anything_but_a_literal_is_left_to_the_type_checker() {
        let input: TokenStream = r#"$crate; body: { "block" }, button: ("paren"), url: x.y()"#
            .parse()
            .expect("test input is valid tokens");
        let output = expand(input).to_string();
        assert!(!output.contains("compile_error"), "{output}");
        assert!(
            output.contains(r#"{ "block" }"#) && output.contains("x . y ()"),
            "{output}"
        );
    }

    #[test]
    fn odd_input_gives_errors_not_panics() {
        for input in [
            "",
            ";",
            "$crate",
            "$crate;",
            "$crate; ,",
            "$crate; ,,,",
            "$crate; body",
            "$crate; body:",
            "$crate; body: ;",
            "$crate; : \"x\"",
            "$crate; 1: 2",
            "$crate; body:: x",
            "$crate; header: text()",
            "$crate; header: text(,)",
            "$crate; header: image(,)",
            "$crate; header: image(id:)",
            "$crate; header: document(\"https://e.com\", filename: , filename: \"a\")",
            "$crate; header: unknown[]",
            "$crate; header: image[\"https://e.com\"]",
            "$crate; to: -1, body: 'c', button: b'x', url: 1.5e3",
            "$crate; body: \"\\u{1F44D}\"suffix",
            "$crate; body: br#\"x\"#, button: c\"x\", url: r\"x\"",
        ] {
            let input: TokenStream = input.parse().expect("test input is valid tokens");
            let output = expand(input);
            assert!(
                output.to_string().contains("compile_error"),
                "no error for {output}"
            );
        }
    }
}
