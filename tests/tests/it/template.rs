//! `cta_template!`: templates fill every part that takes placeholders, hostile values give
//! exactly the JSON of the same message written out by hand, and a value that breaks a rule is
//! refused with an error naming it.
//!
//! The generated items must raise no warning and no pedantic lint in the user's crate: this
//! file denies both, and CI runs clippy on it with `-D clippy::pedantic`.

#![deny(warnings, missing_docs, clippy::pedantic)]
//! (The crate docs `missing_docs` asks for.)

use cta_core::rules::{Field, RuleError};
use std::error::Error;

use cta_core::{
    ButtonLabel, ButtonUrl, CallbackData, CtaUrlContent, Filename, FooterText, Header, HeaderText,
    MediaId, MediaLink, MessageId, Recipient, TemplateError, cta_message, cta_template,
};

cta_template! {
    /// Sent when an order ships.
    #[derive(PartialEq, Eq)]
    pub struct OrderShipped {
        header: text("Order {order} shipped"),
        body: "Hi {name}, your order {order} is on its way. 📦",
        button: "Track order",
        url: "https://shop.example.com/track/{order}?src=wa&click={click}#{anchor}",
        footer: "Reply STOP, {name}",
    }
}

cta_template! {
    /// Every other key: a media header, `reply_to`, `callback_data`, braces, an expression.
    pub(crate) struct EveryKey {
        header: document("https://example.com/menu.pdf", filename: "menu {{2026}}.pdf"),
        body: "{{literal}} braces and {who}",
        button: "Open {{x}}",
        url: "https://example.com/{{a}}/{section}",
        footer: thanks(),
        reply_to: "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA",
        callback_data: "order-{{id}}",
    }
}

cta_template! {
    /// No placeholder at all: a struct without fields.
    struct Plain {
        body: "Hello {{world}}",
        button: "Open",
        url: "https://example.com",
    }
}

cta_template! {
    /// A header given as an expression.
    struct WithHeaderExpression {
        header: banner(),
        body: "Hi {name}",
        button: "Open",
        url: "https://example.com",
    }
}

cta_template! {
    /// Every part but the body given as an expression, each through its own setter.
    struct EveryPartAnExpression {
        header: document(menu_link(), filename: Some(Filename::new("menu.pdf").expect("a name"))),
        body: "Hi {name}",
        button: ButtonLabel::new("Open").expect("a label"),
        url: ButtonUrl::new("https://example.com/menu").expect("a URL"),
        footer: thanks(),
        reply_to: Some(MessageId::new(WAMID).expect("a WAMID")),
        callback_data: Some(CallbackData::new("menu").expect("callback data")),
    }
}

cta_template! {
    /// A text header and a media ID given as expressions.
    struct HeaderPartsAsExpressions {
        header: text(HeaderText::new("Today").expect("a header")),
        body: "Hi {name}",
        button: "Open",
        url: "https://example.com",
    }
}

cta_template! {
    /// A media header by ID, the ID an expression.
    struct MediaIdAsExpression {
        header: image(id: MediaId::new("1234567890").expect("an ID")),
        body: "Hi {name}",
        button: "Open",
        url: "https://example.com",
    }
}

const WAMID: &str = "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA";

fn menu_link() -> MediaLink {
    MediaLink::new("https://example.com/menu.pdf").expect("a valid link")
}

#[test]
fn every_part_given_as_an_expression_lands_in_its_place() -> Result<(), Box<dyn Error>> {
    let content = EveryPartAnExpression { name: "Ada" }.render()?;
    assert_eq!(content.body().as_str(), "Hi Ada");
    assert_eq!(content.button().as_str(), "Open");
    assert_eq!(content.url().as_str(), "https://example.com/menu");
    assert_eq!(content.footer().map(FooterText::as_str), Some("Thanks"));
    assert_eq!(content.reply_to().map(MessageId::as_str), Some(WAMID));
    assert_eq!(
        content.callback_data().map(CallbackData::as_str),
        Some("menu")
    );
    let Some(Header::Document(document)) = content.header() else {
        panic!("a document header");
    };
    assert_eq!(
        document.filename.as_ref().map(Filename::as_str),
        Some("menu.pdf")
    );
    let text = HeaderPartsAsExpressions { name: "Ada" }.render()?;
    assert!(matches!(text.header(), Some(Header::Text(t)) if t.as_str() == "Today"));
    let by_id = MediaIdAsExpression { name: "Ada" }.render()?;
    let json = String::from_utf8(by_id.to(recipient()).to_json_vec())?;
    assert!(json.contains(r#""image":{"id":"1234567890"}"#), "{json}");
    Ok(())
}

/// A footer made at run time.
fn thanks() -> FooterText {
    FooterText::new("Thanks").expect("a valid footer")
}

/// A header made at run time.
fn banner() -> Header {
    Header::Image(
        MediaLink::new("https://example.com/a.png")
            .expect("a valid link")
            .into(),
    )
}

fn recipient() -> Recipient {
    Recipient::new("+16505551234").expect("a valid number")
}

/// The request body of `content`, checked against serde's.
fn json(content: &CtaUrlContent) -> Vec<u8> {
    let message = content.to(recipient());
    let body = message.to_json_vec();
    assert_eq!(body, serde_json::to_vec(&message).expect("serializes"));
    body
}

#[test]
fn a_template_fills_every_part_that_takes_placeholders() -> Result<(), TemplateError> {
    let shipped = OrderShipped {
        name: "Ada",
        order: "A-1",
        click: "c1",
        anchor: "top",
    };
    let content = shipped.render()?;
    let by_hand = cta_message! {
        header: text("Order A-1 shipped"),
        body: "Hi Ada, your order A-1 is on its way. 📦",
        button: "Track order",
        url: "https://shop.example.com/track/A-1?src=wa&click=c1#top",
        footer: "Reply STOP, Ada",
    };
    assert_eq!(content, by_hand);
    assert_eq!(json(&content), json(&by_hand));
    // The struct is `Copy` and keeps the user's derives.
    let copy = shipped;
    assert_eq!(copy, shipped);
    Ok(())
}

#[test]
fn hostile_values_give_the_json_of_the_message_written_by_hand() -> Result<(), TemplateError> {
    // Quotes, backslashes, a line break and a tab (the body and the footer take them), HTML,
    // an emoji sequence, right-to-left marks and Hebrew.
    let name = "\"Ada\" \\ O'Brien\n\t& <b> 👩‍💻 \u{200F}שלום\u{200F}";
    let order = "A/1&x=y#z?% é";
    let click = "a b+c;d=e&f/g?h";
    let anchor = "#frag ment/?&";
    // The fields in the order they first appear, as clippy's pedantic
    // `inconsistent_struct_constructor` asks of a shorthand literal.
    let content = OrderShipped {
        order,
        name,
        click,
        anchor,
    }
    .render()?;
    let by_hand = cta_message! {
        header: text("Order A/1&x=y#z?% é shipped"),
        body: "Hi \"Ada\" \\ O'Brien\n\t& <b> 👩‍💻 \u{200F}שלום\u{200F}, your order A/1&x=y#z?% é is on its way. 📦",
        button: "Track order",
        url: "https://shop.example.com/track/A%2F1&x=y%23z%3F%25%20%C3%A9?src=wa&click=a%20b%2Bc%3Bd%3De%26f/g?h#%23frag%20ment/?&",
        footer: "Reply STOP, \"Ada\" \\ O'Brien\n\t& <b> 👩‍💻 \u{200F}שלום\u{200F}",
    };
    assert_eq!(content, by_hand);
    assert_eq!(json(&content), json(&by_hand));

    // Line breaks where they are allowed: the body.
    cta_template! {
        struct Lines {
            body: "Dear {name},\n{text}",
            button: "Open",
            url: "https://example.com/{name}",
        }
    }
    let content = Lines {
        name: "Zoë \"Z\"",
        text: "line one\r\nline two\u{2028}three",
    }
    .render()?;
    let by_hand = cta_message! {
        body: "Dear Zoë \"Z\",\nline one\r\nline two\u{2028}three",
        button: "Open",
        url: "https://example.com/Zo%C3%AB%20%22Z%22",
    };
    assert_eq!(json(&content), json(&by_hand));
    Ok(())
}

#[test]
fn every_other_key_and_braces() -> Result<(), Box<dyn std::error::Error>> {
    let content = EveryKey {
        who: "you",
        section: "a/b",
    }
    .render()?;
    let by_hand = cta_message! {
        header: document("https://example.com/menu.pdf", filename: "menu {{2026}}.pdf"),
        body: "{literal} braces and you",
        button: "Open {{x}}",
        url: "https://example.com/{a}/a%2Fb",
        footer: "Thanks",
        reply_to: "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA",
        callback_data: "order-{{id}}",
    };
    assert_eq!(content, by_hand);
    assert_eq!(json(&content), json(&by_hand));

    let plain = Plain {}.render()?;
    assert_eq!(plain.body().as_str(), "Hello {world}");

    let content = WithHeaderExpression { name: "Ada" }.render()?;
    assert!(matches!(content.header(), Some(Header::Image(_))));
    assert_eq!(content.body().as_str(), "Hi Ada");
    Ok(())
}

#[test]
fn a_value_that_breaks_a_rule_is_refused_naming_it() {
    let long = "n".repeat(1024);
    let error = OrderShipped {
        name: &long,
        order: "1",
        click: "c",
        anchor: "a",
    }
    .render()
    .expect_err("the body is too long");
    assert_eq!(error.placeholder(), "name");
    assert_eq!(error.field(), Field::BodyText);
    assert_eq!(
        error.rule(),
        &RuleError::TooLong {
            field: Field::BodyText,
            max: 1024,
            found: 1024 + "Hi , your order 1 is on its way. 📦".chars().count(),
        }
    );
    assert_eq!(
        error.to_string(),
        "`name` makes the body text 1058 characters; WhatsApp allows at most 1024"
    );
    assert!(std::error::Error::source(&error).is_none());

    let error = OrderShipped {
        name: "Ada",
        order: "1\n2",
        click: "c",
        anchor: "a",
    }
    .render()
    .expect_err("a line break in the header");
    assert_eq!(
        error.to_string(),
        "`order` puts a line break in the header text at character 8; the header text must be \
         a single line"
    );

    let error = OrderShipped {
        name: "Ada\u{7}",
        order: "1",
        click: "c",
        anchor: "a",
    }
    .render()
    .expect_err("a control character");
    assert_eq!(error.placeholder(), "name");
    assert_eq!(
        error.to_string(),
        "`name` puts '\\u{7}' in the body text at character 7; only printable characters, tabs \
         and line breaks are allowed"
    );

    let huge = "é".repeat(700);
    let error = OrderShipped {
        name: "Ada",
        order: "1",
        click: &huge,
        anchor: "a",
    }
    .render()
    .expect_err("the URL is too long once encoded");
    assert_eq!(error.placeholder(), "click");
    assert_eq!(error.field(), Field::ButtonUrl);
    assert!(
        error
            .to_string()
            .starts_with("`click` makes the button URL 4"),
        "{error}"
    );

    cta_template! {
        struct Blank {
            body: " {a} {b} ",
            button: "Open",
            url: "https://example.com",
        }
    }
    let error = Blank {
        a: "\u{200B}",
        b: "",
    }
    .render()
    .expect_err("blank");
    assert_eq!(
        error.rule(),
        &RuleError::Blank {
            field: Field::BodyText
        }
    );
    assert_eq!(error.placeholder(), "a");
    assert!(Blank { a: "", b: "x" }.render().is_ok());
}

#[test]
fn the_template_describes_itself() {
    let template = &OrderShipped::TEMPLATE;
    assert_eq!(template.name(), "OrderShipped");
    assert_eq!(
        template.placeholders(),
        ["order", "name", "click", "anchor"]
    );
    let fields: Vec<Field> = template
        .parts()
        .iter()
        .map(cta_core::template::TemplatePart::field)
        .collect();
    assert_eq!(
        fields,
        [
            Field::HeaderText,
            Field::BodyText,
            Field::ButtonLabel,
            Field::ButtonUrl,
            Field::FooterText
        ]
    );
    let header = &template.parts()[0];
    assert_eq!(header.fixed_chars(), "Order  shipped".chars().count());
    assert_eq!(header.room(), Some(60 - 14));
    assert!(header.has_placeholders());
    assert!(!template.parts()[2].has_placeholders());
    let footer = EveryKey::TEMPLATE
        .parts()
        .iter()
        .find(|part| part.field() == Field::FooterText)
        .expect("a footer");
    assert_eq!(footer.pieces(), None, "an expression");
}

#[test]
fn the_preview_marks_placeholders_and_the_room_left() {
    let page = cta_core::preview::render_template(&OrderShipped::TEMPLATE);
    assert!(page.starts_with("<!DOCTYPE html>"));
    // In the header, the body and the footer, each placeholder is marked.
    assert_eq!(
        page.matches(r#"<mark class="placeholder">{order}</mark>"#)
            .count(),
        // The header, the body, and the panel's list.
        3,
        "{page}"
    );
    assert!(page.contains(r#"<mark class="placeholder">{name}</mark>"#));
    // In the URL, the placeholder is shown as written, inside the attribute.
    assert!(page.contains(
        r#"href="https://shop.example.com/track/{order}?src=wa&amp;click={click}#{anchor}""#
    ));
    assert!(page.contains("<td>header text</td><td>14</td><td>60</td><td>46</td>"));
    assert!(
        page.contains("<td>button URL (path), button URL (query)</td>")
            || page.contains("button URL (path)")
    );
    // No marker is left, in text or in attributes.
    assert!(!page.contains('\u{F8F0}') && !page.contains('\u{F8F1}'));

    let page = cta_core::preview::render_template(&EveryKey::TEMPLATE);
    assert!(page.contains("set at run time"), "{page}");
    assert!(page.contains(r#"data-kind="document""#));
}

#[test]
fn a_dot_segment_in_the_path_is_refused_and_dots_elsewhere_are_kept() {
    for dots in [".", ".."] {
        let error = OrderShipped {
            name: "Ada",
            order: dots,
            click: "c",
            anchor: "a",
        }
        .render()
        .expect_err("a dot segment moves the link");
        assert_eq!(error.placeholder(), "order");
        assert_eq!(error.field(), Field::ButtonUrl);
        assert!(error.to_string().contains("another folder"), "{error}");
    }
    // In the query, the fragment or with other characters, dots are only dots.
    let content = OrderShipped {
        name: "Ada",
        order: "A..1",
        click: "..",
        anchor: "..",
    }
    .render()
    .unwrap();
    assert_eq!(
        content.url().as_str(),
        "https://shop.example.com/track/A..1?src=wa&click=..#.."
    );
}
