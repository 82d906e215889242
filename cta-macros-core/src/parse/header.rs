//! The header: `text("…")`, `image("URL")`, `video(id: "…")`, `document("URL", filename: "…")`,
//! or an expression of type `Header`.

use proc_macro2::{Delimiter, Ident, TokenStream, TokenTree};

use super::{Errors, Value, describe, named, split, unwrap_invisible, value};
use crate::suggest;
use cta_rules::Field;

/// The kind of a media header.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaKind {
    Image,
    Video,
    Document,
}

/// Where a media header's asset comes from.
pub(crate) enum MediaSource {
    Link(Value),
    Id(Value),
}

/// A parsed header.
pub(crate) enum HeaderSpec {
    Text(Value),
    Media {
        kind: MediaKind,
        source: MediaSource,
        filename: Option<Value>,
    },
    /// An expression of type `Header`, made at run time.
    Expr(TokenStream),
}

const KINDS: [&str; 4] = ["text", "image", "video", "document"];

/// Reads the header's value. `None` when it is wrong; the errors are in `errors`.
pub(crate) fn parse(tokens: &[TokenTree], errors: &mut Errors) -> Option<HeaderSpec> {
    let tokens = unwrap_invisible(tokens);
    let [TokenTree::Ident(kind), TokenTree::Group(arguments)] = tokens.as_slice() else {
        return Some(HeaderSpec::Expr(tokens.into_iter().collect()));
    };
    if arguments.delimiter() != Delimiter::Parenthesis {
        return Some(HeaderSpec::Expr(tokens.into_iter().collect()));
    }
    let name = kind.to_string();
    let media_kind = match name.as_str() {
        "text" => return text(kind, arguments.stream(), errors),
        "image" => MediaKind::Image,
        "video" => MediaKind::Video,
        "document" => MediaKind::Document,
        _ => {
            let hint = suggest::closest(&name, &KINDS)
                .map(|best| format!("did you mean `{best}`? "))
                .unwrap_or_default();
            errors.push(
                kind.span(),
                format!(
                    "unknown header kind `{name}`; {hint}expected `text(…)`, `image(…)`, \
                     `video(…)` or `document(…)` (a `Header` made at run time goes in a \
                     variable or a path such as `Header::Image(media)`)"
                ),
            );
            return None;
        }
    };
    media(kind, media_kind, arguments.stream(), errors)
}

fn text(kind: &Ident, arguments: TokenStream, errors: &mut Errors) -> Option<HeaderSpec> {
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
            text = value::parse(Field::HeaderText, "text", &segment.tokens, errors);
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
    text.filter(|_| ok).map(HeaderSpec::Text)
}

fn media(
    kind: &Ident,
    media_kind: MediaKind,
    arguments: TokenStream,
    errors: &mut Errors,
) -> Option<HeaderSpec> {
    let mut source: Option<Option<MediaSource>> = None;
    let mut filename: Option<Option<Value>> = None;
    let mut ok = true;
    let mut allowed = vec!["link", "id"];
    if media_kind == MediaKind::Document {
        allowed.push("filename");
    }
    for segment in split(arguments, ',') {
        let (argument, name_token, tokens) = match named(&segment.tokens) {
            Some((name, _, tokens)) => (name.to_string(), Some(name), tokens),
            None => ("link".to_owned(), None, segment.tokens.as_slice()),
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
        match argument.as_str() {
            "link" | "id" => {
                if source.is_some() {
                    errors.push(
                        span,
                        format!("the {kind} header already has its link or `id`; give exactly one"),
                    );
                    ok = false;
                    continue;
                }
                source = Some(if argument == "link" {
                    value::parse(Field::MediaLink, "link", tokens, errors).map(MediaSource::Link)
                } else {
                    value::parse(Field::MediaId, "id", tokens, errors).map(MediaSource::Id)
                });
            }
            "filename" if media_kind == MediaKind::Document => {
                if filename.is_some() {
                    errors.push(span, "duplicate `filename:`");
                    ok = false;
                    continue;
                }
                filename = Some(value::parse(Field::Filename, "filename", tokens, errors));
            }
            "filename" => {
                errors.push(
                    span,
                    format!(
                        "`filename:` is allowed only in a `document(…)` header, not in `{kind}(…)`"
                    ),
                );
                ok = false;
            }
            other => {
                let hint = suggest::closest(other, &allowed)
                    .map(|best| format!("did you mean `{best}`? "))
                    .unwrap_or_default();
                let takes = if media_kind == MediaKind::Document {
                    "a link or `id:`, and `filename:`"
                } else {
                    "a link or `id:`"
                };
                errors.push(
                    span,
                    format!("unknown argument `{other}:` of `{kind}(…)`; {hint}it takes {takes}"),
                );
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
    // `Some(None)` stands for a value that was given but is wrong.
    let filename = match filename {
        None => None,
        Some(Some(filename)) => Some(filename),
        Some(None) => return None,
    };
    let source = source?;
    ok.then_some(HeaderSpec::Media {
        kind: media_kind,
        source,
        filename,
    })
}
