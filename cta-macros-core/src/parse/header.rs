//! The header: `text("…")`, `image("URL")`, `video(id: "…")`, `document("URL", filename: "…")`,
//! or an expression of type `Header`.

use proc_macro2::{Delimiter, Ident, TokenStream, TokenTree};

use cta_rules::json::HeaderParts;
use cta_rules::{Field, HeaderKind};

use super::{Errors, Value, describe, named, split, unwrap_invisible, value};
use crate::suggest;

/// A parsed header.
pub(crate) enum HeaderSpec {
    /// A header written as its kind and its values.
    Parts(HeaderParts<Value>),
    /// An expression of type `Header` or `Option<Header>`, made at run time.
    Expr(TokenStream),
}

/// The header kinds' names.
fn kinds() -> Vec<&'static str> {
    HeaderKind::ALL.iter().map(|kind| kind.name()).collect()
}

/// The header kinds as the macro writes them: "`text(…)`, `image(…)` … or `document(…)`".
fn kinds_written() -> String {
    let written: Vec<String> = kinds().iter().map(|kind| format!("`{kind}(…)`")).collect();
    match written.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, others)) => format!("{} or {last}", others.join(", ")),
        None => String::new(),
    }
}

/// Reads the header's value. `None` when it is wrong; the errors are in `errors`.
pub(crate) fn parse(
    tokens: &[TokenTree],
    in_template: bool,
    errors: &mut Errors,
) -> Option<HeaderSpec> {
    let tokens = unwrap_invisible(tokens);
    let [TokenTree::Ident(kind), TokenTree::Group(arguments)] = tokens.as_slice() else {
        return Some(HeaderSpec::Expr(tokens.into_iter().collect()));
    };
    if arguments.delimiter() != Delimiter::Parenthesis {
        return Some(HeaderSpec::Expr(tokens.into_iter().collect()));
    }
    let name = kind.to_string();
    match HeaderKind::named(&name) {
        Some(HeaderKind::Text) => return text(kind, arguments.stream(), in_template, errors),
        Some(media_kind) => {
            return media(kind, media_kind, arguments.stream(), in_template, errors);
        }
        None => {}
    }
    // A call that is not a header kind is an expression (`Some(header)`, `make_header(…)`),
    // unless it is so close to a kind that it is surely a typo of one.
    let Some(best) = suggest::closest(&name, &kinds()) else {
        return Some(HeaderSpec::Expr(tokens.into_iter().collect()));
    };
    errors.push(
        kind.span(),
        format!(
            "unknown header kind `{name}`; did you mean `{best}`? expected {}, or an \
             expression of type `Header` or `Option<Header>`",
            kinds_written()
        ),
    );
    None
}

fn text(
    kind: &Ident,
    arguments: TokenStream,
    in_template: bool,
    errors: &mut Errors,
) -> Option<HeaderSpec> {
    let segments = split(arguments, ',');
    let mut text = None;
    let mut ok = true;
    let mut seen_text = false;
    for segment in &segments {
        if let Some((name, _, _)) = named(&segment.tokens) {
            errors.push(
                name.span(),
                format!("a text header takes only its text, not `{name}:`"),
            );
            ok = false;
        } else if segment.tokens.is_empty() {
            if let Some(separator) = &segment.separator {
                errors.push(separator.span(), "expected the header text before this `,`");
                ok = false;
            }
        } else if !seen_text {
            seen_text = true;
            text = value::parse(
                Field::HeaderText,
                Field::HeaderText.key(),
                &segment.tokens,
                in_template,
                errors,
            );
            ok &= text.is_some();
        } else {
            errors.push(
                segment.tokens[0].span(),
                format!(
                    "a text header takes one text; found another argument, {}",
                    describe(&segment.tokens[0])
                ),
            );
            ok = false;
        }
    }
    if segments.is_empty() {
        errors.push(
            kind.span(),
            "a text header needs its text, as in `text(\"New dates!\")`",
        );
        return None;
    }
    text.filter(|_| ok).map(|text| {
        HeaderSpec::Parts(HeaderParts {
            kind: HeaderKind::Text,
            by_id: false,
            value: text,
            filename: None,
        })
    })
}

fn media(
    kind: &Ident,
    media_kind: HeaderKind,
    arguments: TokenStream,
    in_template: bool,
    errors: &mut Errors,
) -> Option<HeaderSpec> {
    // `Some(None)` stands for a value that was given but is wrong.
    let mut source: Option<Option<(Field, Value)>> = None;
    let mut filename: Option<Option<Value>> = None;
    let mut ok = true;
    let is_document = media_kind.takes_filename();
    let (link, id) = (Field::MediaLink.key(), Field::MediaId.key());
    let mut allowed = vec![link, id];
    if is_document {
        allowed.push(Field::Filename.key());
    }
    for segment in split(arguments, ',') {
        let (argument, name_token, tokens) = match named(&segment.tokens) {
            Some((name, _, tokens)) => (name.to_string(), Some(name), tokens),
            None => (link.to_owned(), None, segment.tokens.as_slice()),
        };
        let span = segment
            .tokens
            .first()
            .or(segment.separator.as_ref())
            .map_or_else(|| kind.span(), TokenTree::span);
        if tokens.is_empty() {
            let what = if name_token.is_some() {
                format!("missing value after `{argument}:`")
            } else {
                format!("expected an argument of `{kind}(…)` before this `,`")
            };
            errors.push(span, what);
            ok = false;
            continue;
        }
        let field = [Field::MediaLink, Field::MediaId, Field::Filename]
            .into_iter()
            .find(|field| field.key() == argument);
        match field {
            Some(field @ (Field::MediaLink | Field::MediaId)) => {
                if source.is_some() {
                    errors.push(
                        span,
                        format!("the {kind} header already has its link or `id`; give exactly one"),
                    );
                    ok = false;
                    continue;
                }
                source = Some(
                    value::parse(field, &argument, tokens, in_template, errors).map(|v| (field, v)),
                );
            }
            Some(Field::Filename) if is_document => {
                if filename.is_some() {
                    errors.push(span, "duplicate `filename:`");
                    ok = false;
                    continue;
                }
                filename = Some(value::parse(
                    Field::Filename,
                    &argument,
                    tokens,
                    in_template,
                    errors,
                ));
            }
            Some(Field::Filename) => {
                errors.push(
                    span,
                    format!(
                        "`filename:` is allowed only in a `document(…)` header, not in `{kind}(…)`"
                    ),
                );
                ok = false;
            }
            _ => {
                unknown_argument(kind, &argument, &allowed, span, errors);
                ok = false;
            }
        }
    }
    let Some(source) = source else {
        errors.push(
            kind.span(),
            format!(
                "the {kind} header needs a link, as in `{kind}(\"https://…\")`, or an uploaded \
                 media ID, as in `{kind}(id: \"1234567890\")`"
            ),
        );
        return None;
    };
    let filename = match filename {
        None => None,
        Some(Some(filename)) => Some(filename),
        Some(None) => return None,
    };
    let (source_field, value) = source?;
    ok.then_some(HeaderSpec::Parts(HeaderParts {
        kind: media_kind,
        by_id: source_field == Field::MediaId,
        value,
        filename,
    }))
}

fn unknown_argument(
    kind: &Ident,
    argument: &str,
    allowed: &[&str],
    span: proc_macro2::Span,
    errors: &mut Errors,
) {
    let hint = suggest::closest(argument, allowed)
        .map(|best| format!("did you mean `{best}`? "))
        .unwrap_or_default();
    let takes = if allowed.contains(&Field::Filename.key()) {
        "a link or `id:`, and `filename:`"
    } else {
        "a link or `id:`"
    };
    errors.push(
        span,
        format!("unknown argument `{argument}:` of `{kind}(…)`; {hint}it takes {takes}"),
    );
}
