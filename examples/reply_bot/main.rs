//! A webhook server that answers each customer's text message once, with a CTA URL message
//! quoting it, from the business number the customer wrote to. Built on `cta-axum`.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `WHATSAPP_VERIFY_TOKEN` | the verify token typed in the app dashboard | required |
//! | `WHATSAPP_APP_SECRET` | the app secret, to check each POST's signature | required |
//! | `WHATSAPP_ACCESS_TOKEN` | the access token to send replies | required |
//! | `WHATSAPP_PHONE_NUMBER_ID` | the number to reply from when a notification names none | required |
//! | `WHATSAPP_API_BASE` | the Graph API's base URL | `https://graph.facebook.com` |
//! | `WHATSAPP_STORE` | `memory`, or a `redis://host:port` URL shared by several servers | `memory` |
//! | `WHATSAPP_CLAIM_LEASE_MS` | how long a claim lasts: when another server may take over; a reply still running 5 s before it ends is stopped (at least the deadline and 5 s) | `30000` |
//! | `WHATSAPP_DEADLINE_MS` | how long a POST waits for its replies before it is answered 503 (a reply still running goes on, and its message is held meanwhile) | `10000` |
//! | `PORT` | the port on 127.0.0.1 (`0`: any free port) | `3000` |
//! | `RUST_LOG` | what to log (`info`, `cta_axum=debug`, …) | `info` |
//!
//! It logs `listening on http://127.0.0.1:PORT` once it accepts connections, serves `/webhook`,
//! and on SIGTERM or Ctrl-C finishes the replies in flight, then exits 0.

use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use cta_axum::store::RedisStore;
use cta_axum::{
    DEFAULT_DEADLINE, DEFAULT_GRACE, DEFAULT_LEASE, LEASE_MARGIN, Outcome, Webhook, serve,
};
use cta_core::send::{Client, DEFAULT_BASE_URL, PhoneNumberId, SendConfig};
use cta_core::webhook::{AppSecret, MessageKind, ReceivedMessage, VerifyToken};
use cta_core::{CtaUrlContent, cta_message};
use tracing_subscriber::EnvFilter;

/// The reply, checked while the example compiles; `reply_bot` comes back in status webhooks.
const REPLY: CtaUrlContent = cta_message! {
    body: "Thanks for your message! Our catalogue has every colour and size, with prices.",
    button: "See catalogue",
    url: "https://example.com/catalogue",
    footer: "Reply here any time.",
    callback_data: "reply_bot",
};

async fn answer(
    client: Client,
    default_number: PhoneNumberId,
    message: ReceivedMessage,
) -> Outcome {
    if !matches!(message.kind, MessageKind::Text(_)) {
        return Outcome::Done; // only text is answered
    }
    if !message.is_reply_window_open(SystemTime::now()) {
        return Outcome::Failed; // over 24 hours: only a template could answer
    }
    let Ok(reply) = REPLY.in_reply_to(&message) else {
        return Outcome::Failed; // no address a reply can reach
    };
    let number = message
        .phone_number_id()
        .and_then(|id| PhoneNumberId::new(id).ok())
        .unwrap_or(default_number);
    // "typing…" until the reply lands; a receipt that fails does not stop the reply.
    if let Some(id) = reply.reply_to() {
        let _ = client.mark_read_typing(&number, id).await;
    }
    // Done, failed for good if Meta refused it for good, else 503: Meta delivers it again.
    Outcome::of_send(client.send_from(&number, &reply).await)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let number = PhoneNumberId::new(var("WHATSAPP_PHONE_NUMBER_ID")?)?;
    let base = var("WHATSAPP_API_BASE").unwrap_or_else(|_| DEFAULT_BASE_URL.to_owned());
    let config = SendConfig::new(number.as_str(), var("WHATSAPP_ACCESS_TOKEN")?)?
        .with_base_url(base.parse()?);
    let client = Client::new(config)?;
    let lease = var("WHATSAPP_CLAIM_LEASE_MS").map_or(Ok(DEFAULT_LEASE), |ms| {
        ms.parse().map(Duration::from_millis)
    })?;
    let deadline = var("WHATSAPP_DEADLINE_MS").map_or(Ok(DEFAULT_DEADLINE), |ms| {
        ms.parse().map(Duration::from_millis)
    })?;
    let webhook = Webhook::new(
        AppSecret::new(var("WHATSAPP_APP_SECRET")?)?,
        VerifyToken::new(var("WHATSAPP_VERIFY_TOKEN")?)?,
    )
    // The deadline first: the lease is kept longer than it.
    .deadline(deadline)
    .lease(lease)
    .on_message(move |message| answer(client.clone(), number.clone(), message));
    let app = match var("WHATSAPP_STORE").ok().filter(|store| store != "memory") {
        Some(url) => webhook
            .store(RedisStore::connect(&url).await?)
            .into_router("/webhook"),
        None => webhook.into_router("/webhook"),
    };
    let port: u16 = var("PORT").map_or(Ok(3000), |port| port.parse())?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    // Long enough for a reply in flight at SIGTERM to finish: a handler runs until at most
    // LEASE_MARGIN before its lease ends (the lease is kept at least the deadline and the margin).
    let grace = DEFAULT_GRACE.max(lease.saturating_sub(LEASE_MARGIN).max(deadline));
    serve(listener, app, grace).await?;
    Ok(())
}

/// The variable's value; an error naming it (never its value) when it is unset or empty.
fn var(name: &str) -> Result<String, String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| format!("{name} is not set"))
}
