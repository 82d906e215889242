// The macro's source (`cta-macros/src`), compiled into a test or fuzz target at its crate root
// with `include!`, so that `expand` can be called on token streams directly: a proc-macro
// crate exports nothing but its macros. `#[path]` here is relative to this file's folder.

#[path = "../cta-macros/src/codegen.rs"]
mod codegen;
#[path = "../cta-macros/src/expand.rs"]
mod expand;
#[allow(dead_code)]
#[path = "../cta-macros/src/json.rs"]
mod json;
#[path = "../cta-macros/src/parse/mod.rs"]
mod parse;
#[allow(dead_code)]
#[path = "../cta-macros/src/rules.rs"]
mod rules;
#[path = "../cta-macros/src/suggest.rs"]
mod suggest;
