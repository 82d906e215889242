//! Builds Meta's example CTA URL message with `cta_message!` and prints its JSON request body.
//!
//! Run it from the repository root with `cargo run --example quickstart`.

use cta_core::cta_message;

fn main() -> Result<(), serde_json::Error> {
    let message = cta_message! {
        to: "+16505551234",
        header: image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png"),
        body: "Tap the button below to see available dates.",
        button: "See Dates",
        url: "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4",
        footer: "Dates subject to change.",
    };
    println!("{}", serde_json::to_string(&message)?);
    Ok(())
}
