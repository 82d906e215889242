//! Writes HTML previews of CTA URL messages: Meta's example, and one message for each kind of
//! header. Open them in a browser to see each message as the phone shows it.
//!
//! Run it from the repository root with `cargo run --example preview`. The pages go to
//! `target/preview/` under the workspace root (even when `CARGO_TARGET_DIR` points elsewhere),
//! or to the folder given as the first argument; the example prints the folder it wrote to.

use std::path::PathBuf;

use cta_core::{CtaUrlMessage, cta_message};

fn main() -> std::io::Result<()> {
    let folder = match std::env::args_os().nth(1) {
        Some(folder) => PathBuf::from(folder),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/preview"),
    };
    std::fs::create_dir_all(&folder)?;
    let folder = folder.canonicalize()?;

    for (name, message) in pages() {
        let path = folder.join(name);
        std::fs::write(&path, cta_core::preview::render(&message))?;
        println!("wrote {}", path.display());
    }
    println!("previews are in {}", folder.display());
    Ok(())
}

/// The pages to write: a file name and its message.
fn pages() -> [(&'static str, CtaUrlMessage); 6] {
    [
        (
            "preview.html",
            cta_message! {
                to: "+16505551234",
                header: image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png"),
                body: "Tap the button below to see available dates.",
                button: "See Dates",
                url: "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4",
                footer: "Dates subject to change.",
            },
        ),
        (
            "header-text.html",
            cta_message! {
                to: "+16505551234",
                header: text("New workshop dates announced!"),
                body: "Hi! Our *spring workshops* are open for booking.\n\n\
                       _Potting basics_ and ~Saturday~ *Sunday* mornings, \
                       bring code `SPRING26` for 10% off.\n\
                       Questions? See https://www.luckyshrub.com/faq.",
                button: "Book a seat",
                url: "https://www.luckyshrub.com/workshops?utm_source=whatsapp&utm_medium=cta",
                footer: "Reply STOP to opt out.",
            },
        ),
        (
            "header-image.html",
            cta_message! {
                to: "+16505551234",
                header: image("https://www.luckyshrub.com/assets/spring-catalog.jpg"),
                body: "Our spring catalog is here: 40 new plants, all grown locally.",
                button: "Browse catalog",
                url: "https://www.luckyshrub.com/catalog",
            },
        ),
        (
            "header-video.html",
            cta_message! {
                to: "+16505551234",
                header: video("https://www.luckyshrub.com/assets/repotting-101.mp4"),
                body: "Two minutes to repot a monstera without hurting its roots.",
                button: "Watch the series",
                url: "https://www.luckyshrub.com/videos",
                footer: "New episode every Friday.",
            },
        ),
        (
            "header-document.html",
            cta_message! {
                to: "+16505551234",
                header: document("https://www.luckyshrub.com/assets/care-guide.pdf", filename: "Plant care guide.pdf"),
                body: "Here is the care guide for the plants you ordered.",
                button: "Order supplies",
                url: "https://www.luckyshrub.com/supplies",
            },
        ),
        (
            "header-media-id.html",
            cta_message! {
                to: "+16505551234",
                header: image(id: "1234567890"),
                body: "Your order *#4521* has shipped.\n```Tracking: LS-4521-X```",
                button: "Track order",
                url: "https://www.luckyshrub.com/track/4521",
                footer: "Lucky Shrub",
            },
        ),
    ]
}
