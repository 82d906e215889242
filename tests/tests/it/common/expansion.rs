//! Reading a macro's expansion, for the tests that call `cta_macros_core` directly.

use proc_macro2::{TokenStream, TokenTree};

/// The messages of the `compile_error!`s in an expansion, in order.
pub fn compile_errors(expansion: &TokenStream) -> Vec<String> {
    let mut messages = Vec::new();
    let tokens: Vec<TokenTree> = expansion.clone().into_iter().collect();
    for (index, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) if ident == "compile_error" => {
                if let Some(TokenTree::Group(group)) = tokens.get(index + 2)
                    && let Ok(message) = syn::parse2::<syn::LitStr>(group.stream())
                {
                    messages.push(message.value());
                }
            }
            TokenTree::Group(group) => messages.extend(compile_errors(&group.stream())),
            _ => {}
        }
    }
    messages
}
