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

/// Defines a template: a personal message with `{name}` placeholders, checked while your code
/// compiles and filled at run time.
///
/// What it makes is an interactive CTA URL message, which Meta accepts only while the
/// customer's 24-hour service window is open: a reply, such as a workshop's dates sent to a
/// customer who asked about them. Outside the window, send an
/// [`approved_template!`](crate::approved_template) message (see "Which macro" there).
///
/// ```
/// use cta_core::{CtaUrlContent, Recipient, TemplateError};
///
/// cta_core::cta_template! {
///     /// The dates of a workshop, in reply to a customer who asked.
///     pub struct WorkshopDates {
///         header: text("{workshop} workshops"),
///         body: "Hi {name}, here are the next dates for {workshop}. 🌱",
///         button: "See dates",
///         url: "https://www.luckyshrub.com/workshops/{slug}?src=wa&click={click}",
///         footer: "Dates subject to change.",
///     }
/// }
///
/// let content: CtaUrlContent =
///     WorkshopDates { name: "Ada", workshop: "Potting", slug: "pots/1", click: "x&y" }.render()?;
/// assert_eq!(content.body().as_str(), "Hi Ada, here are the next dates for Potting. 🌱");
/// assert_eq!(
///     content.url().as_str(),
///     "https://www.luckyshrub.com/workshops/pots%2F1?src=wa&click=x%26y"
/// );
/// let message = content.to(Recipient::new("+16505551234")?);
/// assert_eq!(message.to_json_vec(), serde_json::to_vec(&message)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # What it defines
///
/// A struct with one public `&str` field for each distinct placeholder, in the order they
/// first appear, with a lifetime (none when the template has no placeholder), so that a
/// missing, extra or misspelled value is the compiler's own error at the struct literal. It
/// derives `Debug`, `Clone` and `Copy` (so do not derive them again); its docs list the
/// placeholders and the characters each part leaves for them. Doc comments, other attributes
/// and the visibility written on the struct are kept, and the fields, `render` and `TEMPLATE`
/// take the struct's visibility.
///
/// - `render(&self) -> Result<CtaUrlContent, TemplateError>` fills the template and checks
///   each value by the rules of the part it lands in, after substitution: the text's length,
///   blank text, line breaks in a single-line part, control characters, and the URL's length.
///   The fixed text was checked while the code compiled, so only the values are measured. A
///   [`TemplateError`](crate::TemplateError) names the placeholder, the part, the limit and
///   what was found. Address the content with [`to`](crate::CtaUrlContent::to) or
///   [`into_message`](crate::CtaUrlContent::into_message).
/// - `TEMPLATE` is its [`Template`](crate::template::Template): the parts, placeholders and
///   room left, which `preview::render_template` draws (feature `preview`).
///
/// # Syntax
///
/// `struct Name { key: value, … }` with every key of [`cta_message!`](crate::cta_message)
/// but `to`: the recipient is chosen at run time. A placeholder `{name}` may stand in the
/// header text, the body, the footer and the button URL; `{{` and `}}` write a literal brace,
/// as in `format!`. A placeholder's name is a Rust identifier, since it becomes a field; format
/// specs such as `{name:>10}` are not supported. Other parts (the button label, media headers,
/// `reply_to`, `callback_data`) take no placeholder.
///
/// In the URL a placeholder may stand in the path, the query or the fragment, never in the
/// scheme, the host or the port: a value can never send the button to another site. Its value
/// is percent-encoded for where it stands (RFC 3986): in a path segment `/` and `?` too, in
/// the query `&`, `=`, `+` and `;` too, so that `A/1&x=y#z` stays one value. A value of `.` or
/// `..` in the path, which no encoding keeps from moving the link to another folder, is
/// refused when rendered. A value in a text is kept as written.
///
/// `{{` and `}}` write a brace in the parts that take placeholders; in the others (the button
/// label, `reply_to`, `callback_data`, media links) a brace is only ever itself, so `{{` stays
/// `{{` there.
///
/// A part without placeholders is a checked literal, exactly as in `cta_message!`. A part may
/// also be an expression of its checked type (such as a [`FooterText`](crate::FooterText)),
/// evaluated each time `render` runs.
///
/// # Errors at compile time
///
/// Everything `cta_message!` checks, on the fixed text of each part: fixed text already over
/// its limit, blank fixed text with no placeholder, a line break in a single-line part, a URL
/// whose fixed part breaks a URL rule (read as if each placeholder were the character `x`).
/// And the placeholders themselves: an unclosed `{`, a stray `}`, an empty `{}`, a name that is
/// not a Rust identifier, a placeholder in the URL's scheme, host or port, a format spec, a
/// placeholder in a part that takes none, and `to`. Every problem is reported in one build.
///
/// ```compile_fail
/// cta_core::cta_template! {
///     struct Phishing {
///         body: "Hi {name}",
///         button: "Open",
///         url: "https://{host}/login",   // error: `{host}` stands in the URL's host or port
///     }
/// }
/// ```
#[macro_export]
macro_rules! cta_template {
    ($($input:tt)*) => {
        $crate::__private::cta_template_impl! { $crate; $($input)* }
    };
}

/// Defines a message from a template Meta approved beforehand, checked against its approved
/// definition while your code compiles: the message to send outside the 24-hour customer
/// service window.
///
/// ```
/// use cta_core::Recipient;
///
/// cta_core::approved_template! {
///     /// Sent when a delivery is planned.
///     pub struct DeliveryWindow = "delivery_window" in "en_US";
/// }
///
/// let message = DeliveryWindow { customer: "Sam", parcel_id: "P-77", day: "Friday", url_1: "P-77" }
///     .render()?
///     .to(Recipient::new("+16505551234")?);
/// assert_eq!(message.to_json_vec(), serde_json::to_vec(&message)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Which macro
///
/// - [`cta_template!`](crate::cta_template) (and [`cta_message!`](crate::cta_message)): your
///   own text, an interactive CTA URL message, sent inside the 24-hour window: Meta accepts
///   it only within 24 hours of the customer's last message, and refuses it after that with
///   error 131047.
/// - `approved_template!`: Meta's approved text, sent at any time; the personal part goes in
///   the variables and at the end of a URL button.
///
/// [`ServiceWindow`](crate::ServiceWindow) says which applies, from when the customer last
/// wrote: reply with the CTA URL message while the window is open, else send the approved
/// template. The [crate docs](crate#outside-the-24-hour-window) show the choice in full.
///
/// # The definitions
///
/// The macro reads Meta's template objects (a JSON array, as `cta templates pull` writes it, or
/// a page of `GET /<WABA_ID>/message_templates`) from `whatsapp-templates.json` in the crate's
/// manifest directory, or from the path in the `CTA_TEMPLATES` environment variable, or from
/// the path after `from` (`struct Name = "name" in "en_US" from "templates.json";`), each
/// relative to the manifest directory. The crate is rebuilt when the file or `CTA_TEMPLATES`
/// changes.
///
/// # What it defines
///
/// A struct with one public field per value the approved template needs, so that a missing,
/// misspelled or extra value is the compiler's own error at the struct literal:
///
/// - a named template (`parameter_format: NAMED`): one `&str` field per distinct variable name
///   (`{{first_name}}` → `first_name`); a name in the header and the body is one field, sent
///   in both;
/// - a positional template: `header_1`, `body_1`, `body_2`, …;
/// - a media header: `header`, a [`Media`](crate::Media) (link or uploaded ID) for an image or
///   a video, a [`Document`](crate::Document) for a document;
/// - each URL button whose URL ends in `{{1}}`: `url_<i>`, `i` being the button's index among
///   all the template's buttons. Static URL buttons, quick replies and phone buttons need
///   nothing.
///
/// Its docs show the approved text. `render(&self)` checks the values (see
/// [`approved`](crate::approved)) and gives an [`ApprovedContent`](crate::ApprovedContent);
/// `NAME` and `LANGUAGE` are the template's. Its `Debug` shows each text value's length only.
///
/// # Errors at compile time
///
/// Each names the template, the language and the definitions file: a file missing or not
/// valid JSON (with the line and column) or not of Meta's shape; no template of that name
/// (with a "did you mean"); no translation in that language (listing those that exist); a
/// status other than `APPROVED`; a component this crate cannot fill yet (a carousel, a
/// limited-time offer, a location header, copy-code, flow, OTP and other buttons, a URL with a
/// variable elsewhere than at its end or in its host).
///
/// ```compile_fail
/// cta_core::approved_template! {
///     struct Delivery = "delivery_windows" in "en_US";   // did you mean `delivery_window`?
/// }
/// ```
#[macro_export]
macro_rules! approved_template {
    ($($input:tt)*) => {
        $crate::__private::approved_template_impl! { $crate; $($input)* }
    };
}
