//! `approved_template!`: a struct filled by the values an approved template needs, checked
//! against the definitions file while the code compiles.
//!
//! The definitions are Meta's template objects, as `cta templates pull` writes them: a JSON
//! array (or a page of the Graph API, `{"data": […]}`), read from `whatsapp-templates.json`
//! in the crate's manifest directory, from the path in `CTA_TEMPLATES`, or from the path the
//! invocation gives after `from`, each relative to the manifest directory. The expansion
//! includes the file's bytes in a constant and reads `CTA_TEMPLATES` with `option_env!`, so
//! that rustc rebuilds the crate when either changes.
//!
//! - `json` reads the file, with the line and column of a syntax error;
//! - `plan` turns one template into fields and components, refusing what it cannot fill;
//! - this module finds the template, and writes the struct, its docs and its `render`.

mod json;
mod plan;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use proc_macro2::{Ident, Literal, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::parse::Errors;
use crate::suggest::closest;
use cta_rules::HeaderKind;
use cta_rules::approved::{is_language_code, is_template_name};
use cta_rules::template::UrlPosition;
use json::Json;
use plan::{ButtonKind, FieldKind, FieldPlan, HeaderPlan, Plan, TextPiece, TextPlan};

/// The file read when neither `from` nor `CTA_TEMPLATES` names another.
const DEFAULT_FILE: &str = "whatsapp-templates.json";

/// The environment variable naming the definitions file.
const FILE_VARIABLE: &str = "CTA_TEMPLATES";

/// What the invocation says.
struct Invocation {
    attributes: Vec<TokenTree>,
    visibility: Vec<TokenTree>,
    name: Ident,
    template: (String, Literal),
    language: (String, Literal),
    file: Option<(String, Literal)>,
}

/// Expands `$crate; #[attrs] vis struct Name = "template" in "language" [from "file"];`.
/// Never panics: every problem is a `compile_error!` naming the template, the language and
/// the definitions file.
#[must_use]
pub fn expand_approved(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let Some((krate, tokens)) = split_krate(input) else {
        errors.push(
            Span::call_site(),
            "`approved_template_impl!` is an implementation detail; use \
             `cta_core::approved_template!`",
        );
        return into_errors(errors);
    };
    let Some(invocation) = parse_invocation(&tokens, &mut errors) else {
        return into_errors(errors);
    };
    check_shapes(&invocation, &mut errors);
    if !errors.is_empty() {
        return into_errors(errors);
    }
    let (shown, path) = definitions_path(&invocation);
    let context = format!(
        "template `{}` in `{}` ({shown})",
        invocation.template.0, invocation.language.0
    );
    let at_template = invocation.template.1.span();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            errors.push(
                at_template,
                format!(
                    "approved_template!: {context}: cannot read the definitions file `{shown}` in \
                     the crate's manifest directory ({}); write it with `cta templates pull`, or \
                     name another with `{FILE_VARIABLE}` (relative to the manifest directory)",
                    error.kind()
                ),
            );
            return into_errors(errors);
        }
    };
    let definitions = match json::parse(&text) {
        Ok(definitions) => definitions,
        Err(error) => {
            errors.push(
                at_template,
                format!(
                    "approved_template!: {context}: the definitions file is not valid JSON: {} \
                     at line {}, column {}",
                    error.message, error.line, error.column
                ),
            );
            return into_errors(errors);
        }
    };
    let Some(template) = find_template(&definitions, &invocation, &context, &mut errors) else {
        return into_errors(errors);
    };
    let plan = match plan::plan(template) {
        Ok(plan) => plan,
        Err(problems) => {
            for problem in problems {
                errors.push(
                    at_template,
                    format!("approved_template!: {context}: {problem}"),
                );
            }
            return into_errors(errors);
        }
    };
    if let Some(error) = errors.into_error() {
        return error.into_compile_error();
    }
    generate(&krate, &invocation, template, &plan, &shown, &path)
}

/// The template's name and language code have the forms Meta gives them (which
/// `__private::approved::spec` checks again): else no definition can match, and the error says
/// why.
fn check_shapes(invocation: &Invocation, errors: &mut Errors) {
    let (name, language) = (&invocation.template, &invocation.language);
    if !is_template_name(&name.0) {
        errors.push(
            name.1.span(),
            format!(
                "approved_template!: `{}` is not a template name: Meta's are lowercase letters, \
                 digits and `_`, such as \"order_shipped\"",
                name.0
            ),
        );
    }
    if !is_language_code(&language.0) {
        errors.push(
            language.1.span(),
            format!(
                "approved_template!: `{}` is not a language code: two or three lowercase \
                 letters, then optionally `_` and a region, such as \"en\" or \"en_US\"",
                language.0
            ),
        );
    }
}

/// `$crate; rest`: the path to `cta-core`, then the user's tokens.
fn split_krate(input: TokenStream) -> Option<(TokenStream, Vec<TokenTree>)> {
    let mut tokens = input.into_iter();
    let mut krate = TokenStream::new();
    for token in tokens.by_ref() {
        if let TokenTree::Punct(punct) = &token
            && punct.as_char() == ';'
        {
            return Some((krate, tokens.collect()));
        }
        krate.extend([token]);
    }
    None
}

fn into_errors(errors: Errors) -> TokenStream {
    errors
        .into_error()
        .map(syn::Error::into_compile_error)
        .unwrap_or_default()
}

/// The file to read, as shown in messages (as written) and as opened (in the manifest
/// directory).
fn definitions_path(invocation: &Invocation) -> (String, PathBuf) {
    let written = match &invocation.file {
        Some((file, _)) => file.clone(),
        None => std::env::var(FILE_VARIABLE)
            .ok()
            .filter(|file| !file.is_empty())
            .unwrap_or_else(|| DEFAULT_FILE.to_owned()),
    };
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from);
    let path = manifest.join(Path::new(&written));
    (written, path)
}

/// The template of the invocation's name and language, or the errors saying why not.
fn find_template<'a>(
    definitions: &'a Json,
    invocation: &Invocation,
    context: &str,
    errors: &mut Errors,
) -> Option<&'a Json> {
    let list = match definitions {
        Json::Array(items) => Some(items.as_slice()),
        Json::Object(_) => definitions.get("data").and_then(Json::as_array),
        _ => None,
    };
    let at_template = invocation.template.1.span();
    let Some(list) = list else {
        errors.push(
            at_template,
            format!(
                "approved_template!: {context}: the definitions file holds {}; expected a JSON \
                 array of Meta's template objects, as `cta templates pull` writes it",
                definitions.kind()
            ),
        );
        return None;
    };
    let member = |template: &'a Json, key: &str| template.get(key).and_then(Json::as_str);
    for (index, template) in list.iter().enumerate() {
        if member(template, "name").is_none() || member(template, "language").is_none() {
            errors.push(
                at_template,
                format!(
                    "approved_template!: {context}: item {index} of the definitions file has \
                     no `name` or `language` string; expected Meta's template objects"
                ),
            );
            return None;
        }
    }
    let (wanted, language) = (&invocation.template.0, &invocation.language.0);
    let same_name: Vec<&Json> = list
        .iter()
        .filter(|template| member(template, "name") == Some(wanted.as_str()))
        .collect();
    if same_name.is_empty() {
        let mut names: Vec<&str> = list.iter().filter_map(|t| member(t, "name")).collect();
        names.sort_unstable();
        names.dedup();
        let hint = closest(wanted, &names)
            .map(|name| format!("; did you mean `{name}`?"))
            .unwrap_or_default();
        errors.push(
            at_template,
            format!("approved_template!: {context}: no template is named `{wanted}`{hint}"),
        );
        return None;
    }
    let Some(template) = same_name
        .iter()
        .copied()
        .find(|template| member(template, "language") == Some(language.as_str()))
    else {
        let mut languages: Vec<String> = same_name
            .iter()
            .filter_map(|template| member(template, "language"))
            .map(|code| format!("`{code}`"))
            .collect();
        languages.sort_unstable();
        errors.push(
            invocation.language.1.span(),
            format!(
                "approved_template!: {context}: `{wanted}` has no `{language}` translation; it \
                 exists in {}",
                languages.join(", ")
            ),
        );
        return None;
    };
    match member(template, "status") {
        Some("APPROVED") => Some(template),
        status => {
            let status = status.unwrap_or("not given");
            let code = match status {
                "PAUSED" => " (error 132015)",
                "DISABLED" => " (error 132016)",
                _ => " (error 132001)",
            };
            errors.push(
                at_template,
                format!(
                    "approved_template!: {context}: its status is {status}; only an APPROVED \
                     template can be sent, Meta would refuse it{code}"
                ),
            );
            None
        }
    }
}

/// Reads `#[attrs] vis struct Name = "template" in "language" [from "file"] [;]`.
fn parse_invocation(tokens: &[TokenTree], errors: &mut Errors) -> Option<Invocation> {
    let expected = "expected `struct Name = \"template_name\" in \"language\";`, as in `pub \
                    struct OrderShipped = \"order_shipped\" in \"en_US\";`";
    let (attributes, visibility, index) = crate::template::attributes_and_visibility(tokens);
    let fail = |errors: &mut Errors, at: Option<&TokenTree>| {
        let span = at.map_or_else(Span::call_site, TokenTree::span);
        errors.push(span, format!("approved_template!: {expected}"));
        None
    };
    let rest = &tokens[index..];
    let (name, template_literal, language_literal, rest) = match rest {
        [
            TokenTree::Ident(keyword),
            TokenTree::Ident(name),
            TokenTree::Punct(equals),
            TokenTree::Literal(template),
            TokenTree::Ident(in_word),
            TokenTree::Literal(language),
            rest @ ..,
        ] if keyword == "struct" && equals.as_char() == '=' && in_word == "in" => {
            (name, template, language, rest)
        }
        _ => {
            let at = rest
                .iter()
                .find(|token| !matches!(token, TokenTree::Ident(_)))
                .or(rest.first());
            return fail(errors, at);
        }
    };
    let (file, rest) = match rest {
        [TokenTree::Ident(from), TokenTree::Literal(file), rest @ ..] if from == "from" => {
            (Some(file), rest)
        }
        _ => (None, rest),
    };
    match rest {
        [] => {}
        [TokenTree::Punct(semicolon)] if semicolon.as_char() == ';' => {}
        [first, ..] => return fail(errors, Some(first)),
    }
    let template = string_value(template_literal, errors)?;
    let language = string_value(language_literal, errors)?;
    let file = match file {
        Some(file) => Some((string_value(file, errors)?, file.clone())),
        None => None,
    };
    Some(Invocation {
        attributes,
        visibility,
        name: name.clone(),
        template: (template, template_literal.clone()),
        language: (language, language_literal.clone()),
        file,
    })
}

fn string_value(literal: &Literal, errors: &mut Errors) -> Option<String> {
    match syn::Lit::new(literal.clone()) {
        syn::Lit::Str(text) if text.suffix().is_empty() => Some(text.value()),
        _ => {
            errors.push(
                literal.span(),
                "approved_template!: expected a string literal, such as \"order_shipped\"",
            );
            None
        }
    }
}

/// The struct, its `Debug`, its `render` and the constants that make rustc watch the file.
fn generate(
    krate: &TokenStream,
    invocation: &Invocation,
    template: &Json,
    plan: &Plan,
    shown: &str,
    path: &Path,
) -> TokenStream {
    let Invocation {
        attributes,
        visibility,
        name,
        ..
    } = invocation;
    let visibility: TokenStream = visibility.iter().cloned().collect();
    let attributes: TokenStream = attributes.iter().cloned().collect();
    let (template_name, language) = (&invocation.template.0, &invocation.language.0);
    let has_text = plan.fields.iter().any(|field| field.kind.is_text());
    let lifetime = if has_text { quote!(<'a>) } else { quote!() };
    let anonymous = if has_text { quote!(<'_>) } else { quote!() };
    let docs = struct_docs(invocation, template, plan, shown);
    let docs = docs.iter().map(|line| quote!(#[doc = #line]));
    let copy = if plan.fields.iter().all(|field| field.kind.is_text()) {
        quote!(#[derive(Clone, Copy)])
    } else {
        quote!(#[derive(Clone)])
    };
    let fields = plan.fields.iter().map(|field| {
        let ident = format_ident!("{}", field.name);
        let (doc, ty) = match field.kind {
            FieldKind::Text | FieldKind::UrlSuffix(_) => (field_doc(plan, field), quote!(&'a str)),
            FieldKind::Media(HeaderKind::Document) => (
                "The document of the header.".to_owned(),
                quote!(#krate::Document),
            ),
            FieldKind::Media(kind) => (
                format!(
                    "The {} of the header: a link or an uploaded media ID.",
                    kind.name()
                ),
                quote!(#krate::Media),
            ),
        };
        quote!(#[doc = #doc] #visibility #ident: #ty)
    });
    let debug_fields = plan.fields.iter().map(|field| {
        let ident = format_ident!("{}", field.name);
        let label = &field.name;
        match field.kind {
            // A value is message text: Debug shows its length only.
            FieldKind::Text | FieldKind::UrlSuffix(_) => quote! {
                .field(#label, &::core::format_args!("***({} chars)", self.#ident.chars().count()))
            },
            FieldKind::Media(_) => quote!(.field(#label, &self.#ident)),
        }
    });
    let values = plan.fields.iter().map(|field| {
        let ident = format_ident!("{}", field.name);
        match field.kind {
            FieldKind::Text | FieldKind::UrlSuffix(_) => quote!(self.#ident),
            FieldKind::Media(_) => quote!(""),
        }
    });
    let media = media_argument(krate, plan);
    let spec = spec(krate, invocation, plan);
    let path = path.to_string_lossy().into_owned();
    let file_variable = FILE_VARIABLE;
    quote! {
        #attributes
        #(#docs)*
        #copy
        #visibility struct #name #lifetime {
            #(#fields,)*
        }

        // Rebuild when the definitions file, or the variable naming it, changes.
        const _: &[u8] = ::core::include_bytes!(#path);
        const _: ::core::option::Option<&str> = ::core::option_env!(#file_variable);

        impl #lifetime #name #lifetime {
            /// The approved template's name.
            #visibility const NAME: &'static str = #template_name;
            /// The approved template's language code.
            #visibility const LANGUAGE: &'static str = #language;

            /// Fills the approved template, checking each value by Meta's rules.
            ///
            /// # Errors
            ///
            /// An [`ApprovedError`](#krate::ApprovedError) naming the field and the rule.
            #visibility fn render(&self) -> #krate::__private::Result<#krate::ApprovedContent, #krate::ApprovedError> {
                static SPEC: #krate::__private::approved::Spec = #spec;
                #krate::__private::approved::render(&SPEC, &[#(#values),*], #media)
            }
        }

        impl ::core::fmt::Debug for #name #anonymous {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(::core::stringify!(#name))
                    #(#debug_fields)*
                    .finish()
            }
        }
    }
}

/// The media header given to `render`: the struct's `header`, in the `Header` of its kind.
fn media_argument(krate: &TokenStream, plan: &Plan) -> TokenStream {
    let HeaderPlan::Media(kind, field) = &plan.header else {
        return quote!(#krate::__private::None);
    };
    let ident = format_ident!("{}", plan.fields[*field].name);
    let variant = format_ident!(
        "{}",
        match kind {
            HeaderKind::Video => "Video",
            HeaderKind::Document => "Document",
            _ => "Image",
        }
    );
    quote!(#krate::__private::Some(#krate::Header::#variant(::core::clone::Clone::clone(&self.#ident))))
}

/// The template's `Spec`, through the `const fn` that checks it: where each value goes.
fn spec(krate: &TokenStream, invocation: &Invocation, plan: &Plan) -> TokenStream {
    let (template_name, language) = (&invocation.template.0, &invocation.language.0);
    let field_names = plan.fields.iter().map(|field| &field.name);
    let pieces_of = |pieces: &[TextPiece]| {
        let pieces = pieces.iter().map(|piece| match piece {
            TextPiece::Fixed(fixed) => {
                quote!(#krate::__private::approved::Piece::Fixed(#fixed))
            }
            TextPiece::Field(index) => {
                quote!(#krate::__private::approved::Piece::Field(#index))
            }
        });
        quote!(&[#(#pieces),*])
    };
    let text_spec = |text: Option<&TextPlan>| match text {
        None => quote!(#krate::__private::None),
        Some(text) => {
            let pieces = pieces_of(&text.pieces);
            let parameters = &text.parameters;
            quote!(#krate::__private::Some(#krate::__private::approved::TextSpec {
                pieces: #pieces,
                parameters: &[#(#parameters),*],
            }))
        }
    };
    let header = text_spec(match &plan.header {
        HeaderPlan::Text(text) => Some(text),
        _ => None,
    });
    let body = text_spec(plan.body.as_ref());
    let buttons = plan.buttons.iter().map(|button| {
        let index = button.index.to_string();
        let prefix = &button.prefix;
        let position = format_ident!(
            "{}",
            match button.position {
                UrlPosition::Query => "UrlQuery",
                UrlPosition::Fragment => "UrlFragment",
                _ => "UrlPath",
            }
        );
        let field = button.field;
        quote!(#krate::__private::approved::UrlButton {
            index: #index,
            prefix: #prefix,
            position: #krate::template::Position::#position,
            field: #field,
        })
    });
    let some = |value: Option<TokenStream>| match value {
        None => quote!(#krate::__private::None),
        Some(value) => quote!(#krate::__private::Some(#value)),
    };
    let text_header = some(plan.text.header.as_deref().map(pieces_of));
    let text_body = pieces_of(&plan.text.body);
    let text_footer = some(plan.text.footer.as_ref().map(|footer| quote!(#footer)));
    let text_buttons = plan.text.buttons.iter().map(|button| {
        let kind = format_ident!(
            "{}",
            match button.kind {
                ButtonKind::QuickReply => "QuickReply",
                ButtonKind::PhoneNumber => "PhoneNumber",
                ButtonKind::Url => "Url",
            }
        );
        let label = &button.label;
        let url = some(button.url.as_ref().map(|url| quote!(#url)));
        quote!(#krate::__private::approved::ButtonText {
            kind: #krate::__private::approved::ButtonKind::#kind,
            label: #label,
            url: #url,
        })
    });
    let named = plan.named;
    quote!(#krate::__private::approved::spec(
        #template_name,
        #language,
        #named,
        &[#(#field_names),*],
        #header,
        #body,
        &[#(#buttons),*],
        #krate::__private::approved::ApprovedText {
            header: #text_header,
            body: #text_body,
            footer: #text_footer,
            buttons: &[#(#text_buttons),*],
        },
    ))
}

/// The struct's docs after the user's: the approved text.
fn struct_docs(invocation: &Invocation, template: &Json, plan: &Plan, shown: &str) -> Vec<String> {
    let (template_name, language) = (&invocation.template.0, &invocation.language.0);
    let category = template
        .get("category")
        .and_then(Json::as_str)
        .map(|category| format!(", {category}"))
        .unwrap_or_default();
    let mut docs = vec![
        String::new(),
        format!(
            " The approved template `{template_name}` in `{language}`{category}, as read from \
             `{shown}` while the code compiled:"
        ),
        String::new(),
        " ```text".to_owned(),
    ];
    docs.extend(plan.docs.iter().map(|line| format!(" {line}")));
    docs.push(" ```".to_owned());
    docs.push(String::new());
    docs.push(
        " `render` checks each value by Meta's rules and gives the content to address with \
         `to`."
            .to_owned(),
    );
    docs
}

/// The doc of a text field: where its value goes.
fn field_doc(plan: &Plan, field: &FieldPlan) -> String {
    let name = field.name.as_str();
    if let FieldKind::UrlSuffix(index) = field.kind {
        return format!("The end of button {index}'s URL, percent-encoded when sent.");
    }
    if plan.named {
        return format!("The value of `{{{{{name}}}}}`.");
    }
    match name.split_once('_') {
        Some((part, number)) => format!("The value of `{{{{{number}}}}}` in the {part}."),
        None => String::new(),
    }
}
