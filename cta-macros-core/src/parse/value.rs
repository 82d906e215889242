//! One value: a string literal, checked now, or an expression, checked by its type.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::Lit;

use super::template::{self, TemplateText};
use super::{Errors, unwrap_invisible};
use cta_rules::Field;

/// A value of the macro's input.
pub(crate) enum Value {
    /// A string literal that passed every rule of its field: its value and where it was.
    Literal(String, Span),
    /// A template literal with placeholders (only in `cta_template!`), whose fixed text passed
    /// the rules of its field.
    Template(TemplateText),
    /// Any other expression; the compiler checks that it has the field's checked type.
    Expr(TokenStream),
}

/// Reads the value of `key`, checking a literal against the rules of `field`. In a template
/// (`in_template`), a literal of a part that takes placeholders is read as a template. `None`
/// when the value is wrong; the error is in `errors`.
pub(crate) fn parse(
    field: Field,
    key: &str,
    tokens: &[TokenTree],
    in_template: bool,
    errors: &mut Errors,
) -> Option<Value> {
    let tokens = unwrap_invisible(tokens);
    match tokens.as_slice() {
        [TokenTree::Literal(literal)] => {
            let span = literal.span();
            match string_literal(&Lit::new(literal.clone())) {
                Ok(text) if in_template && field.takes_placeholders() => {
                    template_value(field, &text, literal, errors)
                }
                Ok(text) if in_template && template::has_placeholder(&text) => {
                    errors.push(
                        span,
                        format!(
                            "the {field} cannot hold a placeholder; placeholders may stand in \
                             the header text, the body, the footer and the button URL"
                        ),
                    );
                    None
                }
                Ok(text) => match cta_rules::check(field, &text) {
                    Ok(()) => Some(Value::Literal(text, span)),
                    Err(error) => {
                        errors.push(span, error);
                        None
                    }
                },
                Err(None) => {
                    errors.reported_by_rustc();
                    None
                }
                Err(Some(found)) => {
                    errors.push(
                        span,
                        format!("expected a string literal for `{key}`, found {found}"),
                    );
                    None
                }
            }
        }
        [TokenTree::Punct(minus), TokenTree::Literal(literal)] if minus.as_char() == '-' => {
            errors.push(
                literal.span(),
                format!("expected a string literal for `{key}`, found a negative number"),
            );
            None
        }
        [TokenTree::Ident(ident)] if ident == "true" || ident == "false" => {
            errors.push(
                ident.span(),
                format!("expected a string literal for `{key}`, found the boolean `{ident}`"),
            );
            None
        }
        _ => Some(Value::Expr(tokens.into_iter().collect())),
    }
}

/// The value of a plain string literal, or what kind of literal was found instead: `None`
/// for a string literal rustc has refused (an unknown escape), since rustc reports it.
fn string_literal(literal: &Lit) -> Result<String, Option<String>> {
    let found = |kind: &str| Err(Some(kind.to_owned()));
    match literal {
        Lit::Str(text) if text.suffix().is_empty() => Ok(text.value()),
        Lit::Str(text) => Err(Some(format!(
            "a string literal with the suffix `{}`; remove the suffix",
            text.suffix()
        ))),
        Lit::ByteStr(_) => found("a byte string literal; remove the `b` prefix"),
        Lit::CStr(_) => found("a C string literal; remove the `c` prefix"),
        Lit::Byte(_) => found("a byte literal"),
        Lit::Char(_) => found("a character literal; use double quotes"),
        Lit::Int(_) => found("an integer literal; write it in double quotes"),
        Lit::Float(_) => found("a floating-point literal"),
        Lit::Bool(_) => found("a boolean literal"),
        // A string literal syn cannot read has an escape rustc has refused, with its own error.
        Lit::Verbatim(literal) if literal.to_string().starts_with(['"', 'r']) => Err(None),
        _ => found("a literal of another kind"),
    }
}

/// A literal of a template part: a checked literal when it has no placeholder (braces
/// unescaped), else its fixed text checked.
fn template_value(
    field: Field,
    text: &str,
    literal: &proc_macro2::Literal,
    errors: &mut Errors,
) -> Option<Value> {
    let span = literal.span();
    let parsed = template::parse(field, text, literal, errors)?;
    let placeholders = parsed.names().count();
    let fixed = parsed.fixed();
    let verdict = if placeholders == 0 {
        cta_rules::check(field, &fixed)
    } else {
        cta_rules::template::check_fixed(field, parsed.fixed_and_placeholders())
    };
    match verdict {
        Ok(()) if placeholders == 0 => Some(Value::Literal(fixed, span)),
        Ok(()) => Some(Value::Template(parsed)),
        Err(error) if placeholders == 0 => {
            errors.push(span, error);
            None
        }
        Err(error) => {
            let read_as = if field == Field::ButtonUrl {
                "each placeholder read as `x`"
            } else {
                "without its placeholders' values"
            };
            errors.push(
                span,
                format!("{error} (the template's fixed text, {read_as})"),
            );
            None
        }
    }
}
