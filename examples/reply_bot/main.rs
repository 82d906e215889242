//! A webhook that answers every text message with a CTA URL message quoting it.
//!
//! ```sh
//! WHATSAPP_VERIFY_TOKEN=… WHATSAPP_APP_SECRET=… \
//! WHATSAPP_ACCESS_TOKEN=… WHATSAPP_PHONE_NUMBER_ID=… \
//! cargo run --example reply_bot
//! ```
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `WHATSAPP_VERIFY_TOKEN` | the verify token typed in the app dashboard, for the handshake | required |
//! | `WHATSAPP_APP_SECRET` | the app secret, to check each POST's `X-Hub-Signature-256` | required |
//! | `WHATSAPP_ACCESS_TOKEN` | the access token to send replies | required |
//! | `WHATSAPP_PHONE_NUMBER_ID` | the ID of the business number replying | required |
//! | `WHATSAPP_API_BASE` | the Graph API's base URL | `https://graph.facebook.com` |
//! | `PORT` | the port on 127.0.0.1 (`0`: any free port) | `3000` |
//!
//! The server listens on `127.0.0.1:PORT` and prints `listening on http://127.0.0.1:PORT`
//! once it accepts connections; put an HTTPS tunnel or proxy in front of it and give Meta the
//! URL of `/webhook`. It then:
//!
//! - answers the handshake (`GET /webhook`) with the challenge when the token matches, else
//!   403;
//! - refuses a `POST /webhook` with 401 when its signature is missing or wrong, and with 413
//!   when its body is over 1 MiB (`bot::BODY_LIMIT`), doing nothing else;
//! - answers every other POST 200 at once, and from a task of its own replies to each text
//!   message received in the last 24 hours, quoting it, by phone number (with `+`) or by
//!   BSUID;
//! - drops a message Meta delivers again: it remembers the last 4096 message IDs
//!   (`bot::REMEMBERED_MESSAGES`);
//! - prints each status with its callback data (the replies carry `reply_bot`).
//!
//! Secrets and tokens are never printed, nor phone numbers or message texts.

mod bot;

use std::env;
use std::process::ExitCode;
use std::sync::Arc;

use cta_core::send::{Client, DEFAULT_BASE_URL, SendConfig};
use cta_core::webhook::{AppSecret, VerifyToken};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let verify_token = VerifyToken::new(required_var("WHATSAPP_VERIFY_TOKEN")?)?;
    let app_secret = AppSecret::new(required_var("WHATSAPP_APP_SECRET")?)?;
    let token = required_var("WHATSAPP_ACCESS_TOKEN")?;
    let phone_number_id = required_var("WHATSAPP_PHONE_NUMBER_ID")?;
    let base = non_empty_var("WHATSAPP_API_BASE").unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    let port: u16 = match non_empty_var("PORT") {
        Some(port) => port
            .parse()
            .map_err(|_| format!("PORT is not a port number: {port:?}"))?,
        None => 3000,
    };

    let config = SendConfig::new(phone_number_id, token)?.with_base_url(base.parse()?);
    let bot = bot::Bot::new(app_secret, verify_token, Client::new(config)?);

    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    // Bound and listening: connections are accepted (queued) from here on.
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, bot::router(Arc::new(bot))).await?;
    Ok(())
}

/// The variable's value; an error naming it (never its value) when it is unset or empty.
fn required_var(name: &str) -> Result<String, String> {
    non_empty_var(name).ok_or_else(|| format!("{name} is not set"))
}

/// The variable's value, unless it is unset or empty.
fn non_empty_var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|value| !value.trim().is_empty())
}
