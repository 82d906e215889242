//! `cta_template!`: a struct with one `&str` field for each placeholder, its `TEMPLATE`
//! description and its `render` method.
//!
//! The `key: value` pairs are read by the same parser as `cta_message!`'s, in template mode: a
//! literal of a part that takes placeholders ([`Field::takes_placeholders`]) is read as a
//! template, its fixed text checked with `cta_rules`. The template is data: `TEMPLATE` is a
//! constant description (the pieces of each part, and what the macro worked out of the fixed
//! text), and `render` is one call to `__private::render`, the one function in `cta-core`
//! that fills every template, with the struct's fields and the parts given as expressions.
//! No template has a function body of its own to compile.

use proc_macro2::{Delimiter, Ident, Literal, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};

use crate::codegen;
use crate::parse::template::{Piece, TemplateText};
use crate::parse::{Errors, HeaderSpec, Invocation, Value, describe, split_krate};
use cta_rules::Field;
use cta_rules::HeaderKind;
use cta_rules::layout::{GivenHeader, slot};
use cta_rules::template::UrlPosition;

/// What comes before the `{ key: value, … }` of the struct.
struct StructHead {
    attributes: Vec<TokenTree>,
    visibility: Vec<TokenTree>,
    name: Ident,
}

/// Expands `$crate; #[attrs] vis struct Name { key: value, ... }`. Never panics: bad input
/// gives `compile_error!`s, one for each problem, and a struct that stands in for the one
/// meant, so that its uses raise no second error.
pub fn expand_template(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let (krate, tokens) = split_krate(input, "cta_template", &mut errors);
    let Some((head, body)) = struct_head(&tokens, &mut errors) else {
        let errors = errors.into_error().map(syn::Error::into_compile_error);
        return quote!(#errors);
    };
    let invocation = Invocation::parse_pairs(krate, body, true, &mut errors);
    let placeholders = placeholders(&invocation);
    let expansion = generate(&head, &invocation, &placeholders);
    if expansion.is_none() && errors.is_empty() && !errors.has_rustc_error() {
        errors.push(
            Span::call_site(),
            "cta_template!: a required part is missing (this is a bug in cta-macros; please report it)",
        );
    }
    let rustc_error = errors.has_rustc_error();
    let every_placeholder = errors.placeholders().to_vec();
    match (errors.into_error(), expansion) {
        (None, Some(expansion)) if !rustc_error => expansion,
        (error, _) => {
            let errors = error.map(syn::Error::into_compile_error);
            let fallback = fallback(&head, &invocation, &every_placeholder);
            quote!(#errors #fallback)
        }
    }
}

/// The outer attributes (`#[…]`, doc comments included) and the visibility (`pub`,
/// `pub(…)`) at the start of a struct item, and where the rest begins. Shared by
/// `cta_template!` and `approved_template!`, whose items start alike.
pub(crate) fn attributes_and_visibility(
    tokens: &[TokenTree],
) -> (Vec<TokenTree>, Vec<TokenTree>, usize) {
    let mut index = 0;
    let mut attributes = Vec::new();
    while let [TokenTree::Punct(pound), TokenTree::Group(group), ..] = &tokens[index..] {
        if pound.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
            break;
        }
        attributes.extend(tokens[index..index + 2].iter().cloned());
        index += 2;
    }
    let mut visibility = Vec::new();
    if let Some(TokenTree::Ident(public)) = tokens.get(index)
        && public == "pub"
    {
        visibility.push(tokens[index].clone());
        index += 1;
        if let Some(TokenTree::Group(group)) = tokens.get(index)
            && group.delimiter() == Delimiter::Parenthesis
        {
            visibility.push(tokens[index].clone());
            index += 1;
        }
    }
    (attributes, visibility, index)
}

/// Reads `#[attrs] vis struct Name { … }`: the head, and the tokens between the braces.
fn struct_head(tokens: &[TokenTree], errors: &mut Errors) -> Option<(StructHead, Vec<TokenTree>)> {
    let expected = "expected `struct Name { key: value, … }`, as in `pub struct OrderShipped { \
                    body: \"Hi {name}\", button: \"Open\", url: \"https://…\" }`";
    let (attributes, visibility, index) = attributes_and_visibility(tokens);
    let rest = &tokens[index..];
    match rest {
        [
            TokenTree::Ident(keyword),
            TokenTree::Ident(name),
            TokenTree::Group(group),
            trailing @ ..,
        ] if keyword == "struct" && group.delimiter() == Delimiter::Brace => {
            if let Some(extra) = trailing
                .iter()
                .find(|token| !matches!(token, TokenTree::Punct(punct) if punct.as_char() == ';'))
            {
                errors.push(
                    extra.span(),
                    format!(
                        "expected nothing after the template's `{{ … }}`, found {}; write one \
                         template in each `cta_template!`",
                        describe(extra)
                    ),
                );
            }
            let head = StructHead {
                attributes,
                visibility,
                name: name.clone(),
            };
            Some((head, group.stream().into_iter().collect()))
        }
        [
            TokenTree::Ident(keyword),
            TokenTree::Ident(_),
            TokenTree::Punct(open),
            ..,
        ] if keyword == "struct" && open.as_char() == '<' => {
            errors.push(
                open.span(),
                "a template takes no generics: its lifetime is added for you, and each \
                 placeholder is a `&str`",
            );
            None
        }
        [first, ..] => {
            errors.push(
                first.span(),
                format!("{expected}; found {}", describe(first)),
            );
            None
        }
        [] => {
            errors.push(Span::call_site(), expected);
            None
        }
    }
}

/// The template text of a part, if it has placeholders.
fn template_text(value: &Value) -> Option<&TemplateText> {
    match value {
        Value::Template(text) => Some(text),
        Value::Literal(..) | Value::Expr(_) => None,
    }
}

/// The template text written for `field`, if any.
fn text_of(invocation: &Invocation, field: Field) -> Option<&TemplateText> {
    if field == Field::HeaderText {
        return match &invocation.header {
            Some(HeaderSpec::Parts(parts)) if parts.kind == HeaderKind::Text => {
                template_text(&parts.value)
            }
            _ => None,
        };
    }
    invocation.part(field).and_then(template_text)
}

/// The placeholders, each once, in the order they first appear in the invocation.
fn placeholders(invocation: &Invocation) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for field in &invocation.order {
        for name in text_of(invocation, *field)
            .into_iter()
            .flat_map(TemplateText::names)
        {
            index_of(&mut names, name);
        }
    }
    names
}

/// The index of `name` among `names`, added at the end when it is not there yet: so every
/// placeholder has an index, by construction.
fn index_of(names: &mut Vec<String>, name: &str) -> usize {
    if let Some(index) = names.iter().position(|known| known == name) {
        return index;
    }
    names.push(name.to_owned());
    names.len() - 1
}

/// One part of the template, as `TEMPLATE` lists it.
enum Part<'a> {
    Value(Field, &'a Value),
    /// A header given as an expression.
    HeaderExpr(&'a TokenStream),
}

impl Part<'_> {
    fn field(&self) -> Field {
        match self {
            Part::Value(field, _) => *field,
            Part::HeaderExpr(_) => Field::HeaderText,
        }
    }
}

/// The parts written, in the order of [`Field::ALL`], the header's where its parts are.
fn parts(invocation: &Invocation) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    for field in Field::ALL.iter().copied() {
        if field == Field::Recipient {
            continue;
        }
        if field.in_header() {
            if field != Field::HeaderText {
                continue;
            }
            match &invocation.header {
                None => {}
                Some(HeaderSpec::Expr(expr)) => parts.push(Part::HeaderExpr(expr)),
                Some(HeaderSpec::Parts(header)) => {
                    parts.push(Part::Value(header.value_field(), &header.value));
                    if let Some(filename) = &header.filename {
                        parts.push(Part::Value(Field::Filename, filename));
                    }
                }
            }
            continue;
        }
        if let Some(value) = invocation.part(field) {
            parts.push(Part::Value(field, value));
        }
    }
    parts
}

/// `__private::part` of fixed text `fixed` and `pieces`: the macro works out the fixed text's
/// length in bytes and in characters, whether it is blank and whether JSON writes it as it is,
/// so that neither the compiler (evaluating the constant) nor `render` counts them again.
fn fixed_part(
    private: &TokenStream,
    slot: usize,
    fixed: &str,
    pieces: &[TokenStream],
) -> TokenStream {
    let len = fixed.len();
    let chars = fixed.chars().count();
    let blank = cta_rules::is_blank(fixed);
    let as_is = cta_rules::json::needs_no_escape(fixed);
    quote!(#private::part(#slot, &[#(#pieces),*], #len, #chars, #blank, #as_is))
}

/// `TEMPLATE`'s value.
fn description(
    private: &TokenStream,
    name: &Ident,
    invocation: &Invocation,
    parts: &[Part<'_>],
    placeholders: &[String],
) -> TokenStream {
    let header = match &invocation.header {
        None => GivenHeader::None,
        Some(HeaderSpec::Parts(parts)) => GivenHeader::Kind(parts.kind),
        Some(HeaderSpec::Expr(_)) => GivenHeader::Expression,
    }
    .byte();
    let mut names = placeholders.to_vec();
    let parts: Vec<TokenStream> = parts
        .iter()
        .map(|part| {
            let slot = slot(part.field());
            match part {
                Part::HeaderExpr(_) | Part::Value(_, Value::Expr(_)) => {
                    quote!(#private::expression_part(#slot))
                }
                Part::Value(_, Value::Literal(text, _)) => {
                    let literal = Literal::string(text);
                    fixed_part(private, slot, text, &[quote!(#private::fixed(#literal))])
                }
                Part::Value(_, Value::Template(template)) => {
                    let pieces: Vec<TokenStream> = template
                        .pieces
                        .iter()
                        .map(|piece| match piece {
                            Piece::Fixed(text) => {
                                let text = Literal::string(text);
                                quote!(#private::fixed(#text))
                            }
                            Piece::Placeholder { name, position, .. } => {
                                let index = index_of(&mut names, name);
                                let function = match position {
                                    None => "placeholder",
                                    Some(UrlPosition::Query) => "in_query",
                                    Some(UrlPosition::Fragment) => "in_fragment",
                                    Some(_) => "in_path",
                                };
                                let function = Ident::new(function, Span::call_site());
                                quote!(#private::#function(#index))
                            }
                        })
                        .collect();
                    fixed_part(private, slot, &template.fixed(), &pieces)
                }
            }
        })
        .collect();
    let name = Literal::string(&name.to_string());
    quote!(#private::template(#name, &[#(#names),*], #header, &[#(#parts),*]))
}

/// `render`'s body: `__private::render` of the description and the values, or when parts are
/// written as expressions, `__private::render_given` with them in a `__private::Given`, each
/// through the trait whose error names the checked type it must have.
fn render_call(private: &TokenStream, parts: &[Part<'_>], idents: &[Ident]) -> TokenStream {
    let values = quote!(&[#(self.#idents),*]);
    let mut given = quote!(#private::Given::NONE);
    let mut any = false;
    for part in parts {
        let setter = match part {
            Part::HeaderExpr(expr) => {
                let span = codegen::first_span(expr);
                let header = quote_spanned!(span=> #private::HeaderValue::into_header(#expr));
                quote!(header(#header))
            }
            Part::Value(field, Value::Expr(expr)) => {
                let Some((method, optional)) = setter(*field) else {
                    // `parts` gives no other field: the parser refuses `to` in a template.
                    let message = format!(
                        "cta_template!: the {field} cannot be an expression \
                        here (this is a bug in cta-macros; please report it)"
                    );
                    return quote!(::core::compile_error!(#message));
                };
                let value = codegen::checked_expr(private, slot(*field), expr, optional);
                let method = Ident::new(method, Span::call_site());
                quote!(#method(#value))
            }
            Part::Value(..) => continue,
        };
        any = true;
        given = quote!(#given.#setter);
    }
    if any {
        quote!(#private::render_given(&Self::TEMPLATE, #values, #given))
    } else {
        quote!(#private::render(&Self::TEMPLATE, #values))
    }
}

/// The `Given` setter of a part given as an expression, and whether it takes an `Option` (an
/// optional part); `None` for the recipient, which a template does not have. A text part's
/// setter is its key, as `Given` is generated from the same table; a header's text has a name
/// of its own, since `text` alone would not say whose.
fn setter(field: Field) -> Option<(&'static str, bool)> {
    match field {
        Field::Recipient => None,
        Field::HeaderText => Some(("header_text", false)),
        // Required of the header that has them; the header itself may be absent.
        Field::MediaLink | Field::MediaId => Some((field.key(), false)),
        _ => Some((field.key(), !field.required())),
    }
}

/// Where a placeholder stands, for the docs: `body text`, `button URL (query)`.
fn places(invocation: &Invocation, name: &str) -> Vec<String> {
    let mut places = Vec::new();
    for field in Field::ALL {
        let Some(text) = text_of(invocation, *field) else {
            continue;
        };
        for piece in &text.pieces {
            if let Piece::Placeholder {
                name: found,
                position,
                ..
            } = piece
                && found == name
            {
                let place = match position {
                    Some(position) => format!("{field} ({})", position.name()),
                    None => field.to_string(),
                };
                if !places.contains(&place) {
                    places.push(place);
                }
            }
        }
    }
    places
}

/// The docs the macro adds to the struct: its placeholders and the room each part leaves.
fn struct_docs(invocation: &Invocation, placeholders: &[String]) -> Vec<String> {
    let mut lines = vec![
        String::new(),
        "# Template".to_owned(),
        String::new(),
        "Made by `cta_core::cta_template!`: `render` fills it and checks each value by the \
         rules of the part it lands in."
            .to_owned(),
    ];
    if !placeholders.is_empty() {
        lines.push(String::new());
        lines.push("| placeholder | stands in |".to_owned());
        lines.push("|---|---|".to_owned());
        for name in placeholders {
            lines.push(format!(
                "| `{{{name}}}` | {} |",
                places(invocation, name).join(", ")
            ));
        }
    }
    let mut rows = Vec::new();
    for field in Field::ALL {
        let (Some(text), Some(max)) = (text_of(invocation, *field), field.max_chars()) else {
            continue;
        };
        let fixed = text.fixed().chars().count();
        rows.push(format!(
            "| {field} | {fixed} | {max} | {} |",
            max.saturating_sub(fixed)
        ));
    }
    if !rows.is_empty() {
        lines.push(String::new());
        lines.push(
            "| part | fixed characters | limit | characters left for the values |".to_owned(),
        );
        lines.push("|---|---:|---:|---:|".to_owned());
        lines.extend(rows);
    }
    lines
}

/// The struct, with one `&str` field for each placeholder.
fn struct_item(
    head: &StructHead,
    fields: &[Ident],
    field_docs: &[String],
    docs: &[String],
) -> TokenStream {
    let StructHead {
        attributes,
        visibility,
        name,
    } = head;
    let visibility: TokenStream = visibility.iter().cloned().collect();
    let attributes: TokenStream = attributes.iter().cloned().collect();
    if fields.is_empty() {
        return quote! {
            #attributes
            #(#[doc = #docs])*
            #[derive(Debug, Clone, Copy)]
            #visibility struct #name {}
        };
    }
    quote! {
        #attributes
        #(#[doc = #docs])*
        #[derive(Debug, Clone, Copy)]
        #visibility struct #name<'a> {
            #(
                #[doc = #field_docs]
                #visibility #fields: &'a str,
            )*
        }
    }
}

/// The fields' identifiers.
fn field_idents(placeholders: &[String]) -> Vec<Ident> {
    placeholders
        .iter()
        .map(|name| format_ident!("{}", name))
        .collect()
}

/// The whole expansion; `None` when a required part is missing (reported by the parser).
fn generate(
    head: &StructHead,
    invocation: &Invocation,
    placeholders: &[String],
) -> Option<TokenStream> {
    let krate = &invocation.krate;
    let private = quote!(#krate::__private);
    // The required parts are there, or the parser has reported them missing.
    for field in [Field::BodyText, Field::ButtonLabel, Field::ButtonUrl] {
        invocation.part(field)?;
    }
    let parts = parts(invocation);
    let description = description(&private, &head.name, invocation, &parts, placeholders);
    let idents = field_idents(placeholders);
    let render = render_call(&private, &parts, &idents);
    let field_docs: Vec<String> = placeholders
        .iter()
        .map(|name| {
            format!(
                "The value of `{{{name}}}`, in the {}.",
                places(invocation, name).join(", ")
            )
        })
        .collect();
    let item = struct_item(
        head,
        &idents,
        &field_docs,
        &struct_docs(invocation, placeholders),
    );
    let StructHead {
        visibility, name, ..
    } = head;
    let visibility: TokenStream = visibility.iter().cloned().collect();
    let lifetime = if idents.is_empty() {
        quote!()
    } else {
        quote!(<'_>)
    };
    Some(quote! {
        #item

        impl #name #lifetime {
            /// The template as the macro read it: its placeholders, its parts and the room
            /// each part leaves; `cta_core::preview::render_template` draws it.
            #visibility const TEMPLATE: #private::Template = #description;

            /// Fills the template with the values and checks them: each value by the rules of
            /// the part it lands in (its length, blank text, line breaks and control
            /// characters), percent-encoded for where it stands in the button URL.
            ///
            /// # Errors
            ///
            /// A `cta_core::TemplateError` naming the placeholder whose value breaks a rule,
            /// the part, the limit and what was found.
            #visibility fn render(
                &self,
            ) -> #private::Result<#private::CtaUrlContent, #private::TemplateError> {
                #render
            }
        }
    })
}

/// What stands in for the struct after an error: the same name and fields, a `render` that
/// is never run (the build has failed), so that no second error follows from its uses.
fn fallback(head: &StructHead, invocation: &Invocation, placeholders: &[String]) -> TokenStream {
    let krate = &invocation.krate;
    let private = quote!(#krate::__private);
    let idents = field_idents(placeholders);
    let docs = vec!["A template with errors.".to_owned()];
    let field_docs = vec![String::new(); idents.len()];
    let item = struct_item(head, &idents, &field_docs, &docs);
    let StructHead {
        visibility, name, ..
    } = head;
    let visibility: TokenStream = visibility.iter().cloned().collect();
    let name_text = Literal::string(&name.to_string());
    let no_header = GivenHeader::None.byte();
    let lifetime = if idents.is_empty() {
        quote!()
    } else {
        quote!(<'_>)
    };
    quote! {
        #item

        impl #name #lifetime {
            /// A template with errors.
            #visibility const TEMPLATE: #private::Template =
                #private::template(#name_text, &[], #no_header, &[]);

            /// A template with errors.
            ///
            /// # Errors
            ///
            /// Never: it does not build.
            #visibility fn render(
                &self,
            ) -> #private::Result<#private::CtaUrlContent, #private::TemplateError> {
                #private::Ok(#private::fallback_content())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::expand_template;
    use proc_macro2::TokenStream;

    fn errors_in(input: &str) -> usize {
        let input: TokenStream = input.parse().expect("test input is valid tokens");
        expand_template(input)
            .to_string()
            .matches("compile_error")
            .count()
    }

    #[test]
    fn a_valid_template_has_no_error() {
        let input = r#"$crate; pub struct T { header: text("H {a}"), body: "B {b} {{x}}",
            button: "l", url: "https://e.com/{a}?q={b}#{c}", footer: "{d}" }"#;
        assert_eq!(errors_in(input), 0);
    }

    #[test]
    fn every_problem_is_reported_once() {
        // `to`, an empty placeholder, a format spec, an unclosed brace, a placeholder in the
        // label and one in the host.
        let input = r#"$crate; struct T { to: "+16505551234", header: text("{}"),
            body: "{a:?} {b", button: "x {c}", url: "https://{d}/" }"#;
        assert_eq!(errors_in(input), 6);
    }

    #[test]
    fn odd_input_gives_errors_not_panics() {
        for input in [
            "",
            "$crate;",
            "$crate; struct",
            "$crate; struct T",
            "$crate; struct T {}",
            "$crate; struct T<'a> {}",
            "$crate; enum T {}",
            "$crate; #[doc] pub(crate) struct T { body: \"{\" }",
            "$crate; struct T { body: \"}{\", button: \"{{\", url: \"{x}\" }",
            "$crate; struct T { body: \"{é}{self}{_}{r#type}{a b}{1}{a::b}\" }",
            "$crate; struct T { body: \"x\" } extra",
            "$crate; struct T { header: image(\"https://e.com/{x}\") }",
        ] {
            let input: TokenStream = input.parse().expect("test input is valid tokens");
            let output = expand_template(input);
            assert!(
                output.to_string().contains("compile_error"),
                "no error for {output}"
            );
        }
    }
}
