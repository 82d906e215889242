//! The server and the test that cta-axum's README and the workspace's README show under
//! "Answering customers", compiled and run here; `the_readmes_show_this_code` checks that both
//! READMEs show them as they are in this file.

// README: server
use cta_axum::{Outcome, Webhook};
use cta_core::send::{Client, PhoneNumberId};
use cta_core::webhook::{AppSecret, MessageKind, ReceivedMessage, VerifyToken};
use cta_core::{CtaUrlContent, cta_message};

const REPLY: CtaUrlContent = cta_message! {
    body: "Thanks for writing! Every colour is in the catalogue.",
    button: "See catalogue",
    url: "https://example.com/catalogue",
};

async fn answer(client: Client, message: ReceivedMessage) -> Outcome {
    let MessageKind::Text(_) = message.kind else {
        return Outcome::Done;
    };
    let (Ok(reply), Some(number)) = (REPLY.in_reply_to(&message), message.phone_number_id()) else {
        return Outcome::Failed;
    };
    let Ok(number) = PhoneNumberId::new(number) else {
        return Outcome::Failed;
    };
    // Done, failed for good if Meta refused it for good, else 503: Meta delivers it again.
    Outcome::of_send(client.send_from(&number, &reply).await)
}

pub fn app(client: Client, secret: AppSecret, token: VerifyToken) -> axum::Router {
    Webhook::new(secret, token)
        .on_message(move |message| answer(client.clone(), message))
        .into_router("/webhook")
}
// README: end

// README: test
use cta_axum::testing::{GraphApi, NotificationBuilder, PHONE_NUMBER_ID, app_secret};

#[tokio::test]
async fn a_message_delivered_twice_is_answered_once() -> Result<(), Box<dyn std::error::Error>> {
    let graph = GraphApi::start().await?;
    let client = Client::new(graph.send_config(PHONE_NUMBER_ID)?)?;
    let app = app(client, app_secret(), VerifyToken::new("verify-me")?);

    let notification = NotificationBuilder::default().text("16505551234", "Any blue ones?");
    let signed = notification.signed(&app_secret());
    assert_eq!(signed.post(&app, "/webhook").await?.status(), 200);
    assert_eq!(signed.post(&app, "/webhook").await?.status(), 200); // Meta, again
    assert_eq!(graph.sent().len(), 1);
    assert_eq!(graph.sent()[0].reply_to(), notification.last_message_id());
    Ok(())
}
// README: end

#[test]
fn the_readmes_show_this_code() {
    let this = include_str!("axum_readme.rs");
    for (readme, text) in [
        (
            "cta-axum/README.md",
            include_str!("../../../cta-axum/README.md"),
        ),
        ("README.md", include_str!("../../../README.md")),
    ] {
        let shown = rust_blocks(text);
        for region in ["server", "test"] {
            let start = format!("// README: {region}\n");
            let code = this
                .split_once(start.as_str())
                .and_then(|(_, rest)| rest.split_once("// README: end"))
                .map(|(code, _)| code)
                .expect("the region is marked in this file");
            assert!(
                shown.contains(&code),
                "{readme} does not show the {region} of tests/tests/it/axum_readme.rs as it is"
            );
        }
    }
}

/// The Rust code blocks of a Markdown text.
fn rust_blocks(text: &str) -> Vec<&str> {
    text.split("```rust")
        .skip(1)
        .filter_map(|rest| rest.split_once('\n'))
        .filter_map(|(_, rest)| rest.split_once("```").map(|(code, _)| code))
        .collect()
}
