//! `examples/send.rs`, run as a subprocess against a loopback imitation of the Graph API,
//! `examples/quickstart.rs`, whose output is Meta's request body, and
//! `examples/approved_template.rs`, whose output is Meta's template send format.
//!
//! Cargo gives tests no path to an example's binary, so the binary is built with
//! `cargo build --example send --message-format=json`, which reports where it put it. When
//! `cargo test --workspace` has built it already, that costs a fraction of a second.

#![allow(
    clippy::unreadable_literal,
    reason = "error codes are written as Meta writes them"
)]

use crate::common;
use crate::graph_server;

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

use axum::http::StatusCode;

use common::META_EXAMPLE;
use graph_server::{GraphServer, PHONE_NUMBER_ID, Reply, SEED_WAMID, TOKEN};

const REQUEST: &str = include_str!("../../fixtures/meta-cta-url-request.json");

/// The examples these tests run.
const EXAMPLES: [&str; 3] = ["send", "quickstart", "approved_template"];

/// The binary of the example `name` (one of [`EXAMPLES`]), all built once for all the tests of
/// this file.
fn example_binary(name: &str) -> &'static PathBuf {
    static BINARIES: OnceLock<Vec<PathBuf>> = OnceLock::new();
    let binaries = BINARIES.get_or_init(|| common::examples::build(&EXAMPLES));
    let at = EXAMPLES
        .iter()
        .position(|example| *example == name)
        .unwrap_or_else(|| panic!("`{name}` is not among the examples built"));
    &binaries[at]
}

#[test]
fn the_quickstart_example_prints_metas_request_body_byte_for_byte() {
    let output = Command::new(example_binary("quickstart")).output().unwrap();
    assert!(output.status.success(), "{}", printed(&output));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), REQUEST);
}

/// The body the `approved_template` example prints, written by hand from Meta's template send
/// format and the example's `order_shipped` definition (`examples/whatsapp-templates.json`): a
/// named template whose `order_id` is in the header and the body, and whose URL button,
/// the first of the buttons, ends in the value percent-encoded.
const APPROVED_BODY: &str = concat!(
    r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","#,
    r#""type":"template","template":{"name":"order_shipped","language":{"code":"en_US"},"#,
    r#""components":["#,
    r#"{"type":"header","parameters":[{"type":"text","parameter_name":"order_id","text":"A-1001"}]},"#,
    r#"{"type":"body","parameters":["#,
    r#"{"type":"text","parameter_name":"first_name","text":"Ada"},"#,
    r#"{"type":"text","parameter_name":"order_id","text":"A-1001"}]},"#,
    r#"{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A%2F1001"}]}"#,
    r#"]}}"#,
);

#[test]
fn the_approved_template_example_prints_metas_template_body_then_a_refusal() {
    let output = Command::new(example_binary("approved_template"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", printed(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0], APPROVED_BODY);
    // The refused value is named by its field and the rule, never shown.
    assert!(lines[1].starts_with("refused: `first_name` "), "{stdout}");
    assert!(lines[1].contains("line break or tab"), "{stdout}");
    assert!(!stdout.contains("Lovelace"), "{stdout}");
}

/// Runs the example with only the `WHATSAPP_*` variables given.
fn run_example(vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(example_binary("send"));
    for name in [
        "WHATSAPP_ACCESS_TOKEN",
        "WHATSAPP_PHONE_NUMBER_ID",
        "WHATSAPP_TO",
        "WHATSAPP_API_BASE",
    ] {
        command.env_remove(name);
    }
    command.envs(vars.iter().copied()).output().unwrap()
}

fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn without_a_token_it_prints_the_request_and_sends_nothing() {
    let server = GraphServer::start(&META_EXAMPLE, vec![Reply::seed_success()]);
    let output = run_example(&[("WHATSAPP_API_BASE", server.base_url())]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", printed(&output));
    let url = format!(
        "{}/v25.0/${{WHATSAPP_PHONE_NUMBER_ID}}/messages",
        server.base_url()
    );
    assert!(stdout.contains(&format!("POST {url}")), "{stdout}");
    assert!(stdout.contains("authorization: Bearer ***"), "{stdout}");
    assert!(
        stdout.contains("content-type: application/json"),
        "{stdout}"
    );
    assert!(stdout.contains(REQUEST.trim_end()), "{stdout}");
    assert!(
        stdout.contains(&format!("curl -X POST \"{url}\"")),
        "{stdout}"
    );
    assert!(
        stdout.contains("Bearer ${WHATSAPP_ACCESS_TOKEN}"),
        "{stdout}"
    );
    assert_eq!(server.requests(), 0);
}

#[test]
fn with_a_token_but_no_phone_number_id_it_sends_nothing_and_hides_the_token() {
    let server = GraphServer::start(&META_EXAMPLE, vec![Reply::seed_success()]);
    let output = run_example(&[
        ("WHATSAPP_ACCESS_TOKEN", TOKEN),
        ("WHATSAPP_API_BASE", server.base_url()),
    ]);
    assert!(output.status.success(), "{}", printed(&output));
    assert!(!printed(&output).contains(TOKEN), "{}", printed(&output));
    assert_eq!(server.requests(), 0);
}

#[test]
fn with_a_token_it_sends_metas_example_and_prints_the_wamid() {
    let server = GraphServer::start(&META_EXAMPLE, vec![Reply::seed_success()]);
    let output = run_example(&[
        ("WHATSAPP_ACCESS_TOKEN", TOKEN),
        ("WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID),
        ("WHATSAPP_API_BASE", server.base_url()),
    ]);
    assert!(output.status.success(), "{}", printed(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains(SEED_WAMID),
        "{}",
        printed(&output)
    );
    assert!(!printed(&output).contains(TOKEN), "{}", printed(&output));
    assert_eq!(server.requests(), 1);
    server.assert_requests_were_valid();
}

#[test]
fn a_graph_error_is_printed_with_its_code_and_retry_verdict() {
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![Reply::graph_error(StatusCode::BAD_REQUEST, 131009)],
    );
    let output = run_example(&[
        ("WHATSAPP_ACCESS_TOKEN", TOKEN),
        ("WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID),
        ("WHATSAPP_API_BASE", server.base_url()),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{}", printed(&output));
    assert!(stderr.contains("code: 131009"), "{stderr}");
    assert!(stderr.contains("retryable: no"), "{stderr}");
    assert!(!printed(&output).contains(TOKEN), "{}", printed(&output));
    assert_eq!(server.requests(), 1);
    server.assert_requests_were_valid();
}

#[test]
fn another_recipient_is_taken_from_whatsapp_to() {
    let message = META_EXAMPLE
        .content()
        .to(cta_core::Recipient::new("+441632960961").unwrap());
    let server = GraphServer::start(&message, vec![Reply::seed_success()]);
    let output = run_example(&[
        ("WHATSAPP_ACCESS_TOKEN", TOKEN),
        ("WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID),
        ("WHATSAPP_API_BASE", server.base_url()),
        ("WHATSAPP_TO", "+441632960961"),
    ]);
    assert!(output.status.success(), "{}", printed(&output));
    server.assert_requests_were_valid();
}
