//! The preview of approved template messages: the approved text filled with the checked
//! values, every button, and no value able to inject markup.

use crate::common::assert_only_the_pages_own_markup;
use cta_core::preview::render_approved;
use cta_core::{Media, MediaLink, Recipient};

cta_core::approved_template! {
    struct DeliveryWindow = "delivery_window" in "en_US";
}

cta_core::approved_template! {
    struct OrderShipped = "order_shipped" in "en_US";
}

cta_core::approved_template! {
    struct WorkshopSeats = "workshop_seats" in "en_US";
}

cta_core::approved_template! {
    struct StoreHours = "store_hours" in "en_US";
}

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn the_approved_text_is_filled_in() -> TestResult {
    let message = DeliveryWindow {
        customer: "Sam",
        parcel_id: "P-77",
        day: "Friday",
        url_1: "P 77",
    }
    .render()?
    .to(Recipient::new("+16505551234")?);
    let page = render_approved(&message);
    assert_only_the_pages_own_markup(&page);
    assert!(
        page.contains(r#"<div class="header-text" id="header" dir="auto">Delivery for Sam</div>"#)
    );
    assert!(page.contains(
        r#"<div class="body" id="body" dir="auto">Hello Sam, parcel P-77 arrives Friday between 9 and 12.</div>"#
    ));
    assert!(page.contains(">Lucky Shrub deliveries</div>"));
    assert!(page.contains("to +16505551234"));
    assert!(!page.contains("{{"), "no variable is left unfilled");
    assert_eq!(page, message.preview_html());
    assert!(!message.content().preview_html().contains("+16505551234"));
    Ok(())
}

#[test]
fn every_button_is_listed_in_order_with_its_filled_url() -> TestResult {
    let content = OrderShipped {
        header_1: "A-1001",
        body_1: "Ada",
        body_2: "A-1001",
        url_1: "A 1001",
        url_3: "A&1001",
    }
    .render()?;
    let page = render_approved(&content);
    assert_only_the_pages_own_markup(&page);
    let labels = ["Thanks", "Track order", "Call us", "Rate us"];
    let mut from = 0;
    for (index, label) in labels.iter().enumerate() {
        let button = format!("id=\"button-{index}\"");
        let at = page[from..].find(&button).ok_or(button)? + from;
        assert!(page[at..].contains(&format!("dir=\"auto\">{label}</span>")));
        from = at;
    }
    assert!(page.contains(r#"href="https://shop.example.com/track/A%201001""#));
    assert!(page.contains(r#"href="https://shop.example.com/rate?order=A%261001""#));
    assert!(page.contains(r#"data-kind="quick-reply""#));
    // The business's number stays out of the page.
    assert!(!page.contains("16505550100"));
    assert!(page.contains("Hi Ada, your order A-1001 is on its way. Track it below, Ada."));
    Ok(())
}

#[test]
fn a_value_with_markup_is_escaped() -> TestResult {
    let page = DeliveryWindow {
        customer: "<script>alert(1)</script>",
        parcel_id: "\"><img src=x onerror=alert(1)>",
        day: "Friday",
        url_1: "P-77",
    }
    .render()?
    .preview_html();
    assert_only_the_pages_own_markup(&page);
    assert!(!page.contains("<script>"));
    assert!(page.contains("Hello &lt;script&gt;alert(1)&lt;/script&gt;, parcel &quot;&gt;&lt;img"));
    Ok(())
}

#[test]
fn a_media_header_and_static_buttons_are_shown() -> TestResult {
    let page = WorkshopSeats {
        header: Media::Link(MediaLink::new("https://www.luckyshrub.com/seats.png")?),
        body_1: "4",
        body_2: "Potting basics",
        body_3: "Friday",
        url_0: "potting-basics",
    }
    .render()?
    .preview_html();
    assert_only_the_pages_own_markup(&page);
    assert!(page.contains(r#"data-kind="image""#));
    assert!(page.contains(r#"href="https://www.luckyshrub.com/seats.png""#));
    assert!(page.contains("Only 4 seats left for Potting basics. Book before Friday!"));
    assert!(page.contains(r#"href="https://www.luckyshrub.com/workshops/potting-basics""#));
    assert!(page.contains(r#"href="https://www.luckyshrub.com/workshops""#));
    assert!(page.contains(">All workshops</span>"));
    Ok(())
}

#[test]
fn a_template_without_variables_shows_its_text() -> TestResult {
    let page = StoreHours {}.render()?.preview_html();
    assert_only_the_pages_own_markup(&page);
    assert!(page.contains(
        r#"<div class="body" id="body" dir="auto">We are open every day from 9 to 18.</div>"#
    ));
    assert!(page.contains(r#"href="https://shop.example.com/map""#));
    assert!(page.contains(">See the map</span>"));
    assert!(page.contains(
        r#"id="button-1" data-kind="quick-reply"><span class="label" dir="auto">OK</span>"#
    ));
    assert!(page.contains("<code>store_hours</code>"));
    Ok(())
}
