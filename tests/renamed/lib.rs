//! A crate that depends on `cta-core` under the name `whatsapp`, and wraps `cta_message!` in a
//! macro of its own, as a user's crate might.

/// A crate's own macro that forwards its arguments to `cta_message!` as expressions.
#[macro_export]
macro_rules! promo {
    ($to:expr, $body:expr, $label:expr, $url:expr) => {
        $crate::whatsapp::cta_message! {
            to: $to,
            body: $body,
            button: $label,
            url: $url,
        }
    };
}

pub use whatsapp;

/// Built with the renamed crate, in a `const`.
pub const WELCOME: whatsapp::CtaUrlContent = whatsapp::cta_message! {
    header: text("Welcome!"),
    body: "Thanks for writing to us.",
    button: "Visit us",
    url: "https://example.com",
};
