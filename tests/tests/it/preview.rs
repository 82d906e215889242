//! The HTML preview, read as text: what it shows, and that no text of the message can inject
//! markup into it. `preview_browser.rs` checks the same pages in a real browser.

use crate::common;

use common::*;
use cta_core::preview::render;

#[test]
fn the_tag_reader_sees_an_injected_tag() {
    // The checks below can fail: a page with a raw script tag or handler is caught.
    let injected = "<div class=\"body\"><script>alert(1)</script></div>";
    assert!(std::panic::catch_unwind(|| assert_only_the_pages_own_markup(injected)).is_err());
    let handler = "<div class=\"body\"><a href=\"https://x.test\" onmouseover=\"x\">a</a></div>";
    assert!(std::panic::catch_unwind(|| assert_only_the_pages_own_markup(handler)).is_err());
    let scheme = "<a href=\"javascript:alert(1)\">a</a>";
    assert!(std::panic::catch_unwind(|| assert_only_the_pages_own_markup(scheme)).is_err());
}

#[test]
fn metas_example_shows_every_part() {
    let page = render(&META_EXAMPLE);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert_only_the_pages_own_markup(&page);
    assert!(page.contains("to +16505551234"));
    assert!(page.contains(r#"<div class="media image" id="header" data-kind="image">"#));
    assert!(
        page.contains(r#"href="https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png""#)
    );
    assert!(page.contains(r#"<div class="body" id="body" dir="auto">Tap the button below to see available dates.</div>"#));
    assert!(
        page.contains(
            r#"<div class="footer" id="footer" dir="auto">Dates subject to change.</div>"#
        )
    );
    assert!(page.contains(r#"<a class="button" id="button" href="https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4""#));
    assert!(page.contains(r#"<span class="label" id="button-label" dir="auto">See Dates</span>"#));
    assert_eq!(page, META_EXAMPLE.preview_html());
}

#[test]
fn the_page_loads_nothing_from_anywhere() {
    let page = render(&META_EXAMPLE);
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none';"));
    for (name, attributes) in tags(&page) {
        for (attribute, _) in attributes {
            assert!(
                !matches!(attribute.as_str(), "src" | "srcset" | "action" | "poster"),
                "<{name}> loads something with {attribute}"
            );
        }
        assert!(!matches!(
            name.as_str(),
            "link" | "script" | "img" | "iframe" | "object"
        ));
    }
    assert!(!page.contains("url("), "the style sheet loads nothing");
    assert!(!page.contains("@import"));
}

#[test]
fn whatsapp_formatting_and_links() {
    let page = render(&FORMATTED);
    assert_only_the_pages_own_markup(&page);
    assert!(
        page.contains(r#"<div class="header-text" id="header" dir="auto">Spring workshops</div>"#)
    );
    assert!(page.contains(concat!(
        r#"Seats are <strong>limited</strong> &amp; <em>going fast</em>: "#,
        r#"<s>Saturday</s> <strong>Sunday</strong>, code <code class="inline">SPRING</code>."#,
        "\n",
        r#"<code class="monospace">Room 4</code>"#,
        "\n",
        r#"Book: <a class="link" href="https://example.com/book" target="_blank" rel="noopener noreferrer nofollow">https://example.com/book</a>.</div>"#,
    )), "{page}");
    assert!(page.contains(r#"href="https://example.com/dates?from=chat&amp;lang=en""#));
}

#[test]
fn the_footer_is_formatted_but_the_header_text_and_label_are_not() {
    let content = cta_core::cta_message! {
        header: text("*not bold*"),
        body: "b",
        button: "_not italic_",
        url: "https://example.com",
        footer: "*Terms*: https://example.com/terms",
    };
    let page = render(&content);
    assert!(
        page.contains(concat!(
            r#"<div class="footer" id="footer" dir="auto"><strong>Terms</strong>: "#,
            r#"<a class="link" href="https://example.com/terms""#,
        )),
        "{page}"
    );
    assert!(page.contains(r#"<div class="header-text" id="header" dir="auto">*not bold*</div>"#));
    assert!(page.contains(r#"id="button-label" dir="auto">_not italic_</span>"#));
}

#[test]
fn every_header_kind_has_its_placeholder() {
    let image = cta_core::cta_message! {
        header: image(id: "1234567890"), body: "b", button: "l", url: "https://example.com",
    };
    let video = cta_core::cta_message! {
        header: video("https://example.com/v.mp4"), body: "b", button: "l", url: "https://example.com",
    };
    let document = cta_core::cta_message! {
        header: document("https://example.com/d.pdf", filename: "menu.pdf"),
        body: "b", button: "l", url: "https://example.com",
    };
    let image = render(&image);
    assert!(image.contains(r#"data-kind="image""#) && image.contains("media ID 1234567890"));
    assert!(image.contains("10 digits, no length limit"));
    let video = render(&video);
    assert!(
        video.contains(r#"data-kind="video""#)
            && video.contains(r#"href="https://example.com/v.mp4""#)
    );
    let document = render(&document);
    assert!(document.contains(r#"data-kind="document""#));
    assert!(document.contains(r#"<div class="name" id="filename">menu.pdf</div>"#));
    assert!(
        document.contains("8 / 240"),
        "the file name against its limit"
    );
    for page in [image, video, document] {
        assert_only_the_pages_own_markup(&page);
    }
}

#[test]
fn the_panel_uses_the_rules_limits() {
    let page = render(&FORMATTED);
    let body_chars = FORMATTED.body().as_str().chars().count();
    for (field, count) in [
        (cta_core::Field::HeaderText, 16),
        (cta_core::Field::BodyText, body_chars),
        (cta_core::Field::ButtonLabel, 11),
        (cta_core::Field::FooterText, 24),
    ] {
        let max = field.max_chars().expect("a limited field");
        assert!(
            page.contains(&format!("{count} / {max}")),
            "{field}: {count} / {max}"
        );
    }
}

#[test]
fn hostile_text_is_shown_not_run() {
    for message in [hostile(), hostile_text_header()] {
        let page = render(&message);
        assert_only_the_pages_own_markup(&page);

        let lower = page.to_ascii_lowercase();
        for raw in [
            "<script",
            "<img",
            "<iframe",
            "<svg onload",
            "<b>",
            "</div><script",
        ] {
            assert!(!lower.contains(raw), "{raw} is in the page:\n{page}");
        }
        assert!(
            !page.contains('\u{202E}'),
            "a raw right-to-left override is in the page"
        );

        // What the user wrote is there, escaped.
        assert!(page.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
        assert!(page.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"));
        assert!(page.contains("<strong>&lt;b&gt;bold&lt;/b&gt;</strong>"));
        assert!(page.contains("Tom &amp; Jerry &amp;amp; &quot;double&quot; &#39;single&#39;"));
        assert!(
            page.contains("&quot;&gt;&lt;svg onload=x&gt;&amp;&#39;"),
            "the label"
        );
        assert!(
            page.contains("&lt;/div&gt;&lt;script&gt;alert(2)&lt;/script&gt;"),
            "the footer"
        );
        // The link in the body stops at the quote, and the quote stays text.
        assert!(page.contains(r#"href="https://example.com/" target="_blank""#));
        assert!(page.contains("https://example.com/</a>&quot;onmouseover=&quot;alert(1)"));
        // The button links to the whole URL, escaped in its attribute.
        assert!(page.contains(concat!(
            r#"id="button" href="https://example.com/?q=&quot;&gt;&lt;script&gt;alert(1)"#,
            r#"&lt;/script&gt;&amp;x=&#39;y&#39;""#,
        )));
        // Right-to-left overrides are shown as badges and listed in the panel.
        assert!(page.contains(
            r#"invoice<span class="hidden-char" title="U+202E right-to-left override">U+202E</span>fdp.exe"#
        ));
        assert!(page.contains("1 hidden character: U+202E right-to-left override"));
    }
    let page = render(&hostile());
    assert!(
        page.contains("&quot;&gt;&lt;iframe src=javascript:alert(4)&gt;.pdf"),
        "the file name"
    );
    assert!(
        page.contains("a.pdf?&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"),
        "the media link"
    );
    let page = render(&hostile_text_header());
    assert!(page.contains(concat!(
        r#"<div class="header-text" id="header" dir="auto"><span class="hidden-char" "#,
        r#"title="U+202E right-to-left override">U+202E</span>&lt;script&gt;"#,
        "alert(&#39;header&#39;)&lt;/script&gt;</div>",
    )));
}
