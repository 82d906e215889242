//! Sends Meta's example CTA URL message through the Graph API, or shows the request it would
//! send.
//!
//! ```sh
//! cargo run --example send        # no token: prints the request and a curl command
//! WHATSAPP_ACCESS_TOKEN=… WHATSAPP_PHONE_NUMBER_ID=… cargo run --example send
//! ```
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `WHATSAPP_ACCESS_TOKEN` | the access token | none: the request is only shown |
//! | `WHATSAPP_PHONE_NUMBER_ID` | the ID of the business number sending | none: the request is only shown |
//! | `WHATSAPP_TO` | the recipient | Meta's example number, `+16505551234` |
//! | `WHATSAPP_API_BASE` | the Graph API's base URL | `https://graph.facebook.com` |
//!
//! The token is never printed.

use std::env;
use std::fmt::Write as _;
use std::process::ExitCode;

use cta_core::send::http::header::AUTHORIZATION;
use cta_core::send::{Client, DEFAULT_BASE_URL, SendConfig};
use cta_core::{CtaUrlContent, Recipient, cta_message};

/// Meta's example message, without its recipient.
const META_EXAMPLE: CtaUrlContent = cta_message! {
    header: image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png"),
    body: "Tap the button below to see available dates.",
    button: "See Dates",
    url: "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4",
    footer: "Dates subject to change.",
};

/// Meta's example recipient.
const DEFAULT_TO: &str = "+16505551234";

/// Stands for the phone number ID in a request that is only shown.
const PLACEHOLDER_ID: &str = "000000000000000";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let token = non_empty_var("WHATSAPP_ACCESS_TOKEN");
    let phone_number_id = non_empty_var("WHATSAPP_PHONE_NUMBER_ID");
    let to = non_empty_var("WHATSAPP_TO").unwrap_or_else(|| DEFAULT_TO.to_owned());
    let base = non_empty_var("WHATSAPP_API_BASE").unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());

    let message = META_EXAMPLE.to(Recipient::new(to)?);

    let (Some(token), Some(phone_number_id)) = (token.clone(), phone_number_id.clone()) else {
        let config = SendConfig::new(
            phone_number_id.as_deref().unwrap_or(PLACEHOLDER_ID),
            token.as_deref().unwrap_or("placeholder"),
        )?
        .with_base_url(base.parse()?);
        println!(
            "WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID are not both set: nothing is \
             sent.\n"
        );
        show_request(&config, &message, phone_number_id.is_none())?;
        return Ok(ExitCode::SUCCESS);
    };

    let config = SendConfig::new(phone_number_id, token)?.with_base_url(base.parse()?);
    let client = Client::new(config)?;
    match client.send(&message).await {
        Ok(sent) => {
            println!("sent: {}", sent.message_id());
            if let Some(status) = &sent.messages()[0].message_status {
                println!("message_status: {status}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprintln!("not sent: {error}");
            if let Some(code) = error.code() {
                eprintln!("code: {}", code.get());
            }
            let verdict = if error.is_retryable() { "yes" } else { "no" };
            eprintln!("retryable: {verdict}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The variable's value, unless it is unset or empty.
fn non_empty_var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|value| !value.trim().is_empty())
}

/// Prints the request, with the token masked, and the same request as a curl command.
fn show_request(
    config: &SendConfig,
    message: &cta_core::CtaUrlMessage,
    id_is_placeholder: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let request = config.request(message)?;
    let mut url = request.uri().to_string();
    if id_is_placeholder {
        url = url.replace(
            &format!("/{PLACEHOLDER_ID}/"),
            "/${WHATSAPP_PHONE_NUMBER_ID}/",
        );
    }
    let body = String::from_utf8(request.body().clone())?;

    println!("{} {url}", request.method());
    let mut curl_headers = String::new();
    for (name, value) in request.headers() {
        let shown = if name == AUTHORIZATION {
            "Bearer ***".to_owned()
        } else {
            value.to_str()?.to_owned()
        };
        println!("{name}: {shown}");
        let curl_value = if name == AUTHORIZATION {
            "Bearer ${WHATSAPP_ACCESS_TOKEN}".to_owned()
        } else {
            shown
        };
        write!(curl_headers, " \\\n  -H \"{name}: {curl_value}\"")?;
    }
    println!("\n{body}\n");

    println!("The same request with curl, the token taken from the environment:\n");
    println!(
        "curl -X {} \"{url}\"{curl_headers} \\\n  -d '{}'",
        request.method(),
        body.replace('\'', r"'\''")
    );
    Ok(())
}
