//! The user-facing `cta_message!` macro.

/// Builds a CTA URL message, checking every literal while your code compiles.
///
/// # Syntax
///
/// Comma-separated `key: value` pairs, in any order, with an optional trailing comma:
///
/// | key | value | |
/// |---|---|---|
/// | `to` | the recipient: a phone number or a BSUID (sent as `"recipient"`) | optional: with it you get a [`CtaUrlMessage`](crate::CtaUrlMessage), without it a [`CtaUrlContent`](crate::CtaUrlContent) |
/// | `header` | `text("…")`, `image("URL")`, `video("URL")`, `document("URL")`, `image(id: "123")`, `document("URL", filename: "menu.pdf")` | optional |
/// | `body` | the body text | required |
/// | `button` | the button label (`display_text`) | required |
/// | `url` | the URL the button opens | required |
/// | `footer` | the footer text | optional |
/// | `reply_to` | the WAMID of the message replied to (`context.message_id`) | optional |
/// | `callback_data` | `biz_opaque_callback_data` | optional |
///
/// Each value is either a string literal (raw strings and escapes included; characters are
/// counted by value, not by source text), checked at compile time, or any Rust expression of
/// the matching checked type: [`Recipient`](crate::Recipient), [`HeaderText`](crate::HeaderText),
/// [`BodyText`](crate::BodyText), [`ButtonLabel`](crate::ButtonLabel),
/// [`ButtonUrl`](crate::ButtonUrl), [`FooterText`](crate::FooterText),
/// [`MediaLink`](crate::MediaLink), [`MediaId`](crate::MediaId), [`Filename`](crate::Filename),
/// [`MessageId`](crate::MessageId), [`CallbackData`](crate::CallbackData), or a whole
/// [`Header`](crate::Header) for `header`. An optional part (`header`, `footer`, `reply_to`,
/// `callback_data`, a document's `filename`) also takes an `Option` of its type, so a part
/// known only at run time may be left out at run time. A value of another type is a compile
/// error that names the checked type and how to make one. An expression that itself contains a comma outside
/// brackets (a turbofish such as `f::<A, B>()`) must be wrapped in parentheses. The header
/// also takes any expression of type [`Header`](crate::Header) or `Option<Header>`, such as
/// `Some(header)` or `banner_for(customer)`; only a call whose name is one letter or two from a
/// header kind (`imag(…)`) is reported as a misspelled kind.
///
/// The macro never returns a `Result`: the types carry the proof that the rules hold. An
/// invocation made only of literals can initialise a `const` and allocates nothing; its JSON
/// request body is rendered while your code compiles, so
/// [`to_json_vec`](crate::CtaUrlMessage::to_json_vec) only copies it.
///
/// # Errors at compile time
///
/// Every problem of one invocation is reported in one build, on the token at fault, with the
/// rule, the limit and what was found: a text over its limit, a blank text, a line break in the
/// button label or header text, a URL that is not an absolute `http`/`https` URL, a recipient
/// with the wrong digits, a missing, duplicate or unknown key (with a "did you mean" hint), an
/// unknown header kind, and a literal that is not a string.
///
/// ```compile_fail
/// cta_core::cta_message! {
///     body: "Hello",
///     button: "Open",
///     url: "ftp://example.com",   // error: button URL must start with `https://` or `http://`
///     fotter: "Thanks",            // error: unknown key `fotter`; did you mean `footer`?
/// };
/// ```
///
/// # Examples
///
/// ```
/// use cta_core::{cta_message, CtaUrlMessage};
///
/// const OFFER: CtaUrlMessage = cta_message! {
///     to: "+1 (650) 555-1234",
///     header: document("https://example.com/menu.pdf", filename: "menu.pdf"),
///     body: "Our new menu is out. 🍽️",
///     button: "Open menu",
///     url: "https://example.com/menu",
///     footer: "Prices include VAT.",
///     reply_to: "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA",
///     callback_data: "menu-2026",
/// };
/// assert_eq!(OFFER.button().as_str(), "Open menu");
/// ```
#[macro_export]
macro_rules! cta_message {
    ($($input:tt)*) => {
        $crate::__private::cta_message_impl! { $crate; $($input)* }
    };
}
