//! The `cta` binary against a loopback stand-in of the Graph API that serves an account's
//! templates over several pages, built from a page of Meta's definitions.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A token the stand-in accepts; no output of the tool may hold it.
const TOKEN: &str = "EAAGtest-secret-token-3f9c1";
const ACCOUNT: &str = "102290129340398";
const VERSION: &str = "v25.0";
const PAGE_SIZE: usize = 2;

/// A copy of the project's shared fixture `templates/message-templates-page.json`.
const META_PAGE: &str = include_str!("fixtures/message-templates-page.json");

/// Meta's three definitions and two more: five templates, three pages.
fn account_templates() -> Vec<Value> {
    let page: Value = serde_json::from_str(META_PAGE).unwrap();
    let mut templates = page["data"].as_array().unwrap().clone();
    templates.push(json!({
        "name": "payment_due",
        "language": "pt_BR",
        "status": "APPROVED",
        "category": "UTILITY",
        "id": "2000000000000001",
        "components": [
            { "type": "BODY", "text": "Sua fatura {{1}} vence amanhã.", "example": { "body_text": [["F-1"]] } },
            { "type": "BUTTONS", "buttons": [ { "type": "URL", "text": "Pagar", "url": "https://pay.example.com/{{1}}" } ] }
        ]
    }));
    templates.push(json!({
        "name": "appointment_reminder",
        "language": "en_US",
        "status": "APPROVED",
        "category": "UTILITY",
        "id": "2000000000000002",
        "components": [ { "type": "BODY", "text": "See you tomorrow." } ]
    }));
    templates
}

/// What the stand-in does besides serving pages.
#[derive(Clone, Default)]
struct Twist {
    /// `paging.next` points at another host: the tool must use the `after` cursor.
    foreign_next: bool,
    /// This page (0-based) is answered with this status and body.
    fail_page: Option<(usize, StatusCode, Value)>,
}

struct StandIn {
    templates: Vec<Value>,
    twist: Twist,
    base: String,
    pages_served: AtomicUsize,
}

/// `body` as the Graph API sends JSON (axum's `json` feature is off in this workspace).
fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn graph_error(status: StatusCode, code: u32, subcode: Option<u32>, message: &str) -> Response {
    let mut error = json!({ "message": message, "type": "OAuthException", "code": code, "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam" });
    if let Some(subcode) = subcode {
        error["error_subcode"] = json!(subcode);
    }
    json_response(status, &json!({ "error": error }))
}

async fn serve_page(
    State(stand_in): State<Arc<StandIn>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let query = uri.query().unwrap_or_default();
    if headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        != Some(&format!("Bearer {TOKEN}"))
        || query.contains("access_token")
    {
        return graph_error(
            StatusCode::UNAUTHORIZED,
            190,
            None,
            "Invalid OAuth access token - the token must come in the header only",
        );
    }
    if uri.path() != format!("/{VERSION}/{ACCOUNT}/message_templates") {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            Some(33),
            "Unsupported get request. Object with ID '999' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
        );
    }
    let page: usize = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("after=c"))
        .map_or(0, |cursor| cursor.parse().unwrap());
    stand_in.pages_served.fetch_add(1, Ordering::SeqCst);
    if let Some((failing, status, body)) = &stand_in.twist.fail_page
        && *failing == page
    {
        return json_response(*status, body);
    }
    let start = page * PAGE_SIZE;
    let end = (start + PAGE_SIZE).min(stand_in.templates.len());
    let mut paging =
        json!({ "cursors": { "before": format!("c{page}"), "after": format!("c{}", page + 1) } });
    if end < stand_in.templates.len() {
        let host = if stand_in.twist.foreign_next {
            "https://graph.facebook.com".to_owned()
        } else {
            stand_in.base.clone()
        };
        // Meta's `next` may carry the token in its query: the tool must not send it back there.
        paging["next"] = json!(format!(
            "{host}/{VERSION}/{ACCOUNT}/message_templates?limit={PAGE_SIZE}&access_token={TOKEN}&after=c{}",
            page + 1
        ));
    }
    json_response(
        StatusCode::OK,
        &json!({ "data": &stand_in.templates[start..end], "paging": paging }),
    )
}

/// A running stand-in and the runtime that serves it.
struct Server {
    runtime: tokio::runtime::Runtime,
    state: Arc<StandIn>,
}

impl Server {
    fn start(templates: Vec<Value>, twist: Twist) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(StandIn {
            templates,
            twist,
            base,
            pages_served: AtomicUsize::new(0),
        });
        let app = Router::new()
            .fallback(serve_page)
            .with_state(Arc::clone(&state));
        runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { runtime, state }
    }

    fn base(&self) -> &str {
        &self.state.base
    }

    fn pages_served(&self) -> usize {
        self.state.pages_served.load(Ordering::SeqCst)
    }
}

/// A fresh folder of its own for each test.
fn folder(name: &str) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cta-cli-{name}"));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// Runs `cta` in `folder` against `base` with the stand-in's account and token.
fn cta(folder: &Path, base: &str, account: &str, arguments: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_cta"))
        .current_dir(folder)
        .args(arguments)
        .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", account)
        .env("WHATSAPP_API_BASE", base)
        .env_remove("WHATSAPP_API_VERSION")
        .output()
        .unwrap();
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(TOKEN), "the token is in {stream}:\n{text}");
        assert!(
            !text.contains("3f9c1"),
            "part of the token is in {stream}:\n{text}"
        );
    }
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The names of the files in `folder`: no temporary file may stay behind.
fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `(name, language)` of each template of the file, in its order.
fn keys_of(file: &Path) -> Vec<(String, String)> {
    let templates: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    templates
        .iter()
        .map(|template| {
            (
                template["name"].as_str().unwrap().to_owned(),
                template["language"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(keys: &[(&str, &str)]) -> Vec<(String, String)> {
    keys.iter()
        .map(|(name, language)| ((*name).to_owned(), (*language).to_owned()))
        .collect()
}

const SORTED: [(&str, &str); 5] = [
    ("appointment_reminder", "en_US"),
    ("delivery_window", "en_US"),
    ("payment_due", "pt_BR"),
    ("workshop_seats", "de"),
    ("workshop_seats", "en_US"),
];

#[test]
fn pull_reads_every_page_and_writes_the_templates_sorted_and_pretty() {
    let server = Server::start(account_templates(), Twist::default());
    let folder = folder("pull");
    let output = cta(&folder, server.base(), ACCOUNT, &["templates", "pull"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(server.pages_served(), 3);
    for line in [
        "page 1: 2 templates (2 in all)",
        "page 2: 2 templates (4 in all)",
        "page 3: 1 template (5 in all)",
        "wrote 5 templates to whatsapp-templates.json",
    ] {
        assert!(stderr.contains(line), "no {line:?} in:\n{stderr}");
    }
    let file = folder.join("whatsapp-templates.json");
    assert_eq!(keys_of(&file), pairs(&SORTED));
    let written = std::fs::read_to_string(&file).unwrap();
    // Meta's objects as given, nothing added or lost.
    let written_values: Vec<Value> = serde_json::from_str(&written).unwrap();
    for template in account_templates() {
        assert!(written_values.contains(&template), "{template} is missing");
    }
    // Pretty-printed with sorted keys: the `category` of the first template comes before its `name`.
    assert!(
        written.starts_with("[\n  {\n    \"category\": \"UTILITY\",\n    \"components\": ["),
        "{written}"
    );
    assert!(written.ends_with("}\n]\n"));
    assert_eq!(files_in(&folder), ["whatsapp-templates.json"]);

    // A second pull, in another page order, writes the same bytes.
    let mut reversed = account_templates();
    reversed.reverse();
    let reversed_server = Server::start(reversed, Twist::default());
    let output = cta(
        &folder,
        reversed_server.base(),
        ACCOUNT,
        &["templates", "pull"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), written);
    drop(server.runtime);
}

#[test]
fn a_next_link_to_another_host_is_replaced_by_the_after_cursor() {
    let server = Server::start(
        account_templates(),
        Twist {
            foreign_next: true,
            ..Twist::default()
        },
    );
    let folder = folder("cursor");
    let output = cta(
        &folder,
        server.base(),
        ACCOUNT,
        &["templates", "pull", "--file", "defs.json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(server.pages_served(), 3);
    assert_eq!(keys_of(&folder.join("defs.json")), pairs(&SORTED));
}

#[test]
fn check_names_each_template_added_changed_paused_or_removed() {
    let before = Server::start(account_templates(), Twist::default());
    let folder = folder("check");
    let pulled = cta(
        &folder,
        before.base(),
        ACCOUNT,
        &["templates", "pull", "--file=defs.json"],
    );
    assert_eq!(pulled.status.code(), Some(0), "{}", text(&pulled.stderr));

    let agree = cta(
        &folder,
        before.base(),
        ACCOUNT,
        &["templates", "check", "--file", "defs.json"],
    );
    assert_eq!(agree.status.code(), Some(0), "{}", text(&agree.stderr));
    assert_eq!(text(&agree.stdout), "");
    assert!(
        text(&agree.stderr).contains("defs.json agrees with the live definitions (5 templates)")
    );

    let mut live = account_templates();
    live.retain(|template| !(template["name"] == "workshop_seats" && template["language"] == "de"));
    for template in &mut live {
        if template["name"] == "delivery_window" {
            template["components"][1]["text"] =
                json!("Hi {{customer}}, parcel {{parcel_id}} arrives {{day}}.");
        }
        if template["name"] == "workshop_seats" {
            template["status"] = json!("PAUSED");
        }
        if template["name"] == "payment_due" {
            template["components"][1]["buttons"][0]["url"] =
                json!("https://pay.example.com/invoice/{{1}}");
        }
    }
    live.push(json!({ "name": "order_shipped", "language": "en_US", "status": "APPROVED", "category": "UTILITY", "id": "3", "components": [ { "type": "BODY", "text": "Shipped." } ] }));
    let after = Server::start(live, Twist::default());
    let file_before = std::fs::read_to_string(folder.join("defs.json")).unwrap();
    let differ = cta(
        &folder,
        after.base(),
        ACCOUNT,
        &["templates", "check", "--file", "defs.json"],
    );
    assert_eq!(differ.status.code(), Some(1), "{}", text(&differ.stderr));
    assert_eq!(
        text(&differ.stdout),
        "changed: delivery_window (en_US): body text\n\
         added: order_shipped (en_US)\n\
         changed: payment_due (pt_BR): buttons\n\
         removed: workshop_seats (de)\n\
         changed: workshop_seats (en_US): status APPROVED → PAUSED\n"
    );
    assert!(
        text(&differ.stderr).contains("defs.json differs from the live definitions in 5 templates")
    );
    // `check` never writes.
    assert_eq!(
        std::fs::read_to_string(folder.join("defs.json")).unwrap(),
        file_before
    );
}

#[test]
fn check_without_a_file_says_so_before_any_request() {
    let server = Server::start(account_templates(), Twist::default());
    let folder = folder("check-missing");
    let output = cta(&folder, server.base(), ACCOUNT, &["templates", "check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains(
        "cannot use whatsapp-templates.json: it does not exist; `cta templates pull` writes it"
    ));
    assert_eq!(server.pages_served(), 0);
}

/// Pulls into a folder holding an old file and one with none: the error must be `expected`,
/// with exit code 2, the old file untouched and no new or temporary file.
fn assert_pull_fails(name: &str, base: &str, account: &str, expected: &[&str]) {
    let folder = folder(name);
    let old = folder.join("old.json");
    std::fs::write(&old, "[]\n").unwrap();
    for file in ["old.json", "new.json"] {
        let output = cta(
            &folder,
            base,
            account,
            &["templates", "pull", "--file", file],
        );
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(text(&output.stdout), "");
        for part in expected {
            assert!(stderr.contains(part), "no {part:?} in:\n{stderr}");
        }
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "[]\n");
        assert_eq!(files_in(&folder), ["old.json"]);
    }
}

#[test]
fn a_refused_token_is_told_without_showing_it() {
    // Meta's message quotes the token here; the tool must mask it.
    let body = json!({ "error": { "message": format!("Malformed access token {TOKEN}"), "type": "OAuthException", "code": 190, "fbtrace_id": "A1" } });
    let server = Server::start(
        account_templates(),
        Twist {
            fail_page: Some((0, StatusCode::UNAUTHORIZED, body)),
            ..Twist::default()
        },
    );
    assert_pull_fails(
        "token",
        server.base(),
        ACCOUNT,
        &[
            "error: the access token was refused (Graph API error 190, HTTP 401)",
            "WHATSAPP_ACCESS_TOKEN",
            "Malformed access token ***",
        ],
    );
}

#[test]
fn an_unknown_account_is_told() {
    let server = Server::start(account_templates(), Twist::default());
    assert_pull_fails(
        "account",
        server.base(),
        "999",
        &[
            "the WhatsApp Business Account 999 does not exist or this token cannot see it (HTTP 400)",
            "WHATSAPP_BUSINESS_ACCOUNT_ID",
        ],
    );
}

#[test]
fn a_server_error_on_a_later_page_leaves_no_partial_file() {
    let body = json!({ "error": { "message": "An unexpected error has occurred. Please retry your request later.", "type": "OAuthException", "code": 2, "is_transient": true } });
    let server = Server::start(
        account_templates(),
        Twist {
            fail_page: Some((1, StatusCode::INTERNAL_SERVER_ERROR, body)),
            ..Twist::default()
        },
    );
    assert_pull_fails(
        "server-error",
        server.base(),
        ACCOUNT,
        &[
            "page 1: 2 templates",
            "the Graph API refused page 2 of the templates (HTTP 500, error 2)",
            "An unexpected error has occurred",
        ],
    );
}

#[test]
fn a_refused_connection_is_a_network_failure() {
    // A port that was just free: nothing listens on it any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    assert_pull_fails(
        "refused",
        &format!("http://127.0.0.1:{port}"),
        ACCOUNT,
        &["cannot read page 1 of the templates from 127.0.0.1 (network failure)"],
    );
}

#[test]
fn missing_settings_are_named() {
    let folder = folder("settings");
    let output = Command::new(env!("CARGO_BIN_EXE_cta"))
        .current_dir(&folder)
        .args(["templates", "pull"])
        .env_remove("WHATSAPP_ACCESS_TOKEN")
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", ACCOUNT)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "error: WHATSAPP_ACCESS_TOKEN is not set\n"
    );

    // A token pasted into the account's variable is not echoed.
    let output = cta(&folder, "http://127.0.0.1:9", TOKEN, &["templates", "pull"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr)
            .contains("WHATSAPP_BUSINESS_ACCOUNT_ID must be the account's ID, digits only")
    );
    assert_eq!(files_in(&folder), Vec::<String>::new());
}

#[test]
fn a_malformed_base_or_version_is_named_but_never_shown() {
    let folder = folder("malformed");
    // Values a user might paste by mistake: the token itself, a URL holding it, a typo.
    let bases = [
        TOKEN.to_owned(),
        format!("https://graph.facebook.com/?access_token={TOKEN}"),
        format!("https://me:{TOKEN}@graph.facebook.com"),
        "ftp://graph.example.com/private-path-4d2e".to_owned(),
    ];
    for base in &bases {
        let output = cta(&folder, base, ACCOUNT, &["templates", "pull"]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.starts_with(
                "error: WHATSAPP_API_BASE must be an absolute `https://` or `http://` URL"
            ),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("its value, {} characters", base.chars().count())),
            "{stderr}"
        );
        assert!(!stderr.contains("private-path-4d2e"), "{stderr}");
        assert!(!stderr.contains("graph.example.com"), "{stderr}");
    }
    for version in [TOKEN, "latest", "v25.0/private-path-4d2e"] {
        let output = Command::new(env!("CARGO_BIN_EXE_cta"))
            .current_dir(&folder)
            .args(["templates", "pull"])
            .env("WHATSAPP_ACCESS_TOKEN", "EAAG-another-token")
            .env("WHATSAPP_BUSINESS_ACCOUNT_ID", ACCOUNT)
            .env("WHATSAPP_API_BASE", "http://127.0.0.1:9")
            .env("WHATSAPP_API_VERSION", version)
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.starts_with(
                "error: WHATSAPP_API_VERSION must be a Graph API version of the form \
                 `v<major>.<minor>`, such as \"v25.0\""
            ),
            "{stderr}"
        );
        assert!(!stderr.contains(version), "{stderr}");
        assert!(!stderr.contains("private-path"), "{stderr}");
    }
    assert_eq!(files_in(&folder), Vec::<String>::new());
}

#[test]
fn usage_mistakes_exit_2_with_the_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_cta"))
        .args(["templates", "push"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("error: unknown templates command \"push\""),
        "{stderr}"
    );
    assert!(stderr.contains("Usage:"));
    let help = Command::new(env!("CARGO_BIN_EXE_cta"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("cta templates check [--file PATH]"));
}

#[test]
#[ignore = "needs the project's shared/fixtures beside the repository (or CTA_SHARED_FIXTURES), \
            which a clone lacks; .ci/run runs it with --ignored"]
fn the_copied_fixture_matches_the_shared_one() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("CTA_SHARED_FIXTURES")
        .map_or_else(|| manifest.join("../../shared/fixtures"), PathBuf::from)
        .join("templates/message-templates-page.json");
    let shared = std::fs::read_to_string(&shared)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", shared.display()));
    assert_eq!(
        META_PAGE, shared,
        "cta-cli/tests/fixtures/message-templates-page.json differs from the shared one"
    );
}
