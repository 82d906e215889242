//! Hostile JSON through `Deserialize`, the Graph API answer parser and the webhook parser: every rule broken, wrong types, nulls, duplicate keys,
//! an unknown header type, strings of 10 MB and nesting 10,000 levels deep. Each gives a typed
//! error, never a panic, and reading stays within a bounded amount of memory, measured here by
//! a counting allocator. Times are printed (run with `--nocapture`), not asserted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use cta_core::CtaUrlMessage;

struct Measuring;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counters only
// observe sizes.
#[allow(unsafe_code, reason = "a `GlobalAlloc` impl needs `unsafe`")]
unsafe impl GlobalAlloc for Measuring {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which we pass on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: `ptr` was allocated by `System` through `alloc` above, with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Measuring = Measuring;

/// The tests share the allocator's counters, so they take turns.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Parses `json`, returning the error text and the peak extra heap used while parsing.
fn parse_measured(name: &str, json: &str) -> (Result<CtaUrlMessage, String>, usize) {
    let base = CURRENT.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let started = Instant::now();
    let result = serde_json::from_str::<CtaUrlMessage>(json).map_err(|error| error.to_string());
    let elapsed = started.elapsed();
    let peak = PEAK.load(Ordering::SeqCst) - base;
    println!(
        "{name:<36} {:>10} bytes in {peak:>10} bytes peak heap {elapsed:>12.3?}",
        json.len()
    );
    (result, peak)
}

const VALID: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"interactive","interactive":{"type":"cta_url","header":{"type":"text","text":"h"},"body":{"text":"b"},"action":{"name":"cta_url","parameters":{"display_text":"l","url":"https://example.com"}},"footer":{"text":"f"}}}"#;

#[expect(
    clippy::too_many_lines,
    reason = "one line per hostile payload reads best as one list"
)]
fn corpus() -> Vec<(&'static str, String)> {
    let swap = |from: &str, to: &str| VALID.replacen(from, to, 1);
    vec![
        (
            "button label too long",
            swap(
                r#""display_text":"l""#,
                r#""display_text":"123456789012345678901""#,
            ),
        ),
        (
            "body too long",
            swap(
                r#"{"text":"b"}"#,
                &format!(r#"{{"text":"{}"}}"#, "b".repeat(1025)),
            ),
        ),
        (
            "header text too long",
            swap(r#""text":"h""#, &format!(r#""text":"{}""#, "h".repeat(61))),
        ),
        (
            "footer too long",
            swap(
                r#"{"text":"f"}"#,
                &format!(r#"{{"text":"{}"}}"#, "f".repeat(61)),
            ),
        ),
        ("blank body", swap(r#"{"text":"b"}"#, r#"{"text":"\t\n"}"#)),
        (
            "blank label",
            swap(r#""display_text":"l""#, r#""display_text":"""#),
        ),
        (
            "header line break",
            swap(r#""text":"h""#, r#""text":"a\nb""#),
        ),
        (
            "label line break",
            swap(r#""display_text":"l""#, r#""display_text":"a\rb""#),
        ),
        (
            "javascript URL",
            swap("https://example.com", "javascript:alert(1)"),
        ),
        (
            "data URL",
            swap("https://example.com", "data:text/html,<script>"),
        ),
        (
            "file URL",
            swap("https://example.com", "file:///etc/passwd"),
        ),
        ("relative URL", swap("https://example.com", "/x")),
        (
            "user-info URL",
            swap("https://example.com", "https://a:b@example.com"),
        ),
        (
            "URL with space",
            swap("https://example.com", "https://exa mple.com"),
        ),
        (
            "URL with control",
            swap("https://example.com", "https://example.com/\\u0000"),
        ),
        (
            "URL too long",
            swap(
                "https://example.com",
                &format!("https://example.com/{}", "a".repeat(2000)),
            ),
        ),
        ("short recipient", swap("+16505551234", "+1650")),
        ("letters in recipient", swap("+16505551234", "+1650555CALL")),
        ("wrong product", swap(r#""whatsapp""#, r#""sms""#)),
        (
            "wrong type",
            swap(r#""type":"interactive""#, r#""type":"text""#),
        ),
        (
            "wrong interactive type",
            swap(r#""type":"cta_url""#, r#""type":"list""#),
        ),
        (
            "wrong action name",
            swap(r#""name":"cta_url""#, r#""name":"flow""#),
        ),
        (
            "unknown header type",
            swap(
                r#"{"type":"text","text":"h"}"#,
                r#"{"type":"sticker","sticker":{"id":"1"}}"#,
            ),
        ),
        (
            "header without type",
            swap(r#"{"type":"text","text":"h"}"#, r#"{"text":"h"}"#),
        ),
        ("body is a number", swap(r#"{"text":"b"}"#, r#"{"text":1}"#)),
        ("body is an array", swap(r#"{"text":"b"}"#, r#"["b"]"#)),
        (
            "action is an array",
            swap(
                r#"{"name":"cta_url","parameters":{"display_text":"l","url":"https://example.com"}}"#,
                r#"["cta_url",["l","https://example.com"]]"#,
            ),
        ),
        (
            "whole message is an array",
            r#"["whatsapp","individual","+16505551234","interactive",{}]"#.to_owned(),
        ),
        (
            "header is an array",
            swap(r#"{"type":"text","text":"h"}"#, r#"["text","h"]"#),
        ),
        (
            "media is an array",
            swap(
                r#"{"type":"text","text":"h"}"#,
                r#"{"type":"image","image":["https://e.com/a.png"]}"#,
            ),
        ),
        (
            "to is an object",
            swap(r#""+16505551234""#, r#"{"phone":"+16505551234"}"#),
        ),
        ("to is null", swap(r#""+16505551234""#, "null")),
        ("body is null", swap(r#"{"text":"b"}"#, "null")),
        (
            "label is null",
            swap(r#""display_text":"l""#, r#""display_text":null"#),
        ),
        (
            "duplicate to",
            swap(
                r#""to":"+16505551234","#,
                r#""to":"+16505551234","to":"+16505551235","#,
            ),
        ),
        (
            "duplicate body",
            swap(
                r#""body":{"text":"b"},"#,
                r#""body":{"text":"b"},"body":{"text":"c"},"#,
            ),
        ),
        (
            "unknown top-level key",
            swap(
                r#""type":"interactive","#,
                r#""type":"interactive","status":"read","#,
            ),
        ),
        ("top level is an array", format!("[{VALID}]")),
        ("empty object", "{}".to_owned()),
        ("empty input", String::new()),
        ("truncated", VALID[..VALID.len() / 2].to_owned()),
        ("trailing garbage", format!("{VALID}x")),
        (
            "invalid escape",
            swap(r#""text":"h""#, r#""text":"\uD800""#),
        ),
        (
            "10 MB body",
            swap(
                r#"{"text":"b"}"#,
                &format!(r#"{{"text":"{}"}}"#, "b".repeat(10 << 20)),
            ),
        ),
        (
            "10 MB escaped body",
            swap(
                r#"{"text":"b"}"#,
                &format!(r#"{{"text":"{}"}}"#, "\\n".repeat(5 << 20)),
            ),
        ),
        (
            "10 MB unknown key",
            swap(
                r#""type":"interactive","#,
                &format!(r#""type":"interactive","x":"{}","#, "x".repeat(10 << 20)),
            ),
        ),
        (
            "10 MB URL",
            swap(
                "https://example.com",
                &format!("https://example.com/{}", "a".repeat(10 << 20)),
            ),
        ),
        (
            "10,000 nested arrays as body",
            swap(
                r#"{"text":"b"}"#,
                &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
            ),
        ),
        (
            "10,000 nested objects as header",
            swap(
                r#"{"type":"text","text":"h"}"#,
                &format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000)),
            ),
        ),
        (
            "10,000 nested arrays at top level",
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        ),
    ]
}

#[test]
fn every_hostile_payload_gives_an_error_in_bounded_memory() {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for (name, json) in corpus() {
        let (result, peak) = parse_measured(name, &json);
        assert!(result.is_err(), "{name}: accepted");
        // Reading may copy a string once (and grow the copy); never more than a few times the
        // input, plus a fixed allowance for small inputs.
        assert!(
            peak <= 3 * json.len() + (64 << 10),
            "{name}: {peak} bytes peak for {} bytes in",
            json.len()
        );
    }
}

const SEED_RESPONSE: &str = include_str!("../../fixtures/meta-cta-url-response.json");

/// Answers the Graph API could give, broken in every way, for `parse_response`.
fn response_corpus() -> Vec<(&'static str, http::StatusCode, String)> {
    use http::StatusCode;
    let ok = StatusCode::OK;
    let bad = StatusCode::BAD_REQUEST;
    let big = "x".repeat(10 << 20);
    vec![
        ("empty", ok, String::new()),
        ("not JSON", ok, "<html>ok</html>".to_owned()),
        (
            "truncated",
            ok,
            SEED_RESPONSE[..SEED_RESPONSE.len() / 2].to_owned(),
        ),
        ("null", ok, "null".to_owned()),
        ("array", ok, "[]".to_owned()),
        (
            "messages is null",
            ok,
            r#"{"contacts":[],"messages":null}"#.to_owned(),
        ),
        (
            "message id is a number",
            ok,
            r#"{"contacts":[],"messages":[{"id":1}]}"#.to_owned(),
        ),
        ("no messages", ok, r#"{"contacts":[]}"#.to_owned()),
        ("error is null", bad, r#"{"error":null}"#.to_owned()),
        (
            "error code is a string",
            bad,
            r#"{"error":{"message":"m","code":"131009"}}"#.to_owned(),
        ),
        (
            "duplicate error",
            bad,
            r#"{"error":{"code":1},"error":{"code":2}}"#.to_owned(),
        ),
        (
            "500 with HTML",
            StatusCode::INTERNAL_SERVER_ERROR,
            "<html><body>oops</body></html>".to_owned(),
        ),
        (
            "10 MB message id",
            ok,
            format!(r#"{{"contacts":[],"messages":[{{"id":"{big}"}}]}}"#),
        ),
        (
            "10 MB error message",
            bad,
            format!(r#"{{"error":{{"message":"{big}","code":100}}}}"#),
        ),
        ("10 MB of garbage", StatusCode::BAD_GATEWAY, big.clone()),
        (
            "10,000 nested arrays",
            ok,
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        (
            "10,000 nested objects in error_data",
            bad,
            format!(
                r#"{{"error":{{"code":100,"error_data":{}1{}}}}}"#,
                r#"{"a":"#.repeat(10_000),
                "}".repeat(10_000)
            ),
        ),
    ]
}

#[test]
fn every_hostile_answer_gives_a_typed_result_in_bounded_memory() {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for (name, status, body) in response_corpus() {
        let base = CURRENT.load(Ordering::SeqCst);
        PEAK.store(base, Ordering::SeqCst);
        let started = Instant::now();
        let result = cta_core::send::parse_response(status, body.as_bytes());
        let elapsed = started.elapsed();
        let peak = PEAK.load(Ordering::SeqCst) - base;
        println!(
            "{name:<36} {:>10} bytes in {peak:>10} bytes peak heap {elapsed:>12.3?}",
            body.len()
        );
        // A message ID of 10 MB is a success Meta would never send, but not a broken one.
        if name != "10 MB message id" {
            assert!(result.is_err(), "{name}: accepted");
        }
        if let Err(error) = &result {
            // The excerpt of an unexpected body is bounded, whatever the body's size.
            assert!(
                error.to_string().len() < 2048 || name == "10 MB error message",
                "{name}: {} bytes of error",
                error.to_string().len()
            );
        }
        // Reading builds a JSON value first: a few times the input at most.
        assert!(
            peak <= 4 * body.len() + (64 << 10),
            "{name}: {peak} bytes peak for {} bytes in",
            body.len()
        );
    }
}

#[test]
fn the_valid_payload_still_parses() {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (result, _) = parse_measured("valid", VALID);
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn line_and_paragraph_separators_round_trip() {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let message = cta_core::cta_message! {
        to: "+16505551234",
        body: "before\u{2028}between\u{2029}after\t\"quoted\" \\ </script>",
        button: "l",
        url: "https://example.com",
        // Opaque callback data may hold control characters; texts may not.
        callback_data: "\u{0}\u{1f}\u{7f}",
    };
    let json = serde_json::to_string(&message).unwrap();
    // Control characters are escaped; U+2028 and U+2029 are valid JSON as they are.
    assert!(json.contains(r"\u0000\u001f"), "{json}");
    assert!(
        !json.chars().any(|c| c.is_control() && c != '\u{7f}'),
        "{json}"
    );
    let back: CtaUrlMessage = serde_json::from_str(&json).unwrap();
    assert_eq!(back, message);
    assert_eq!(back.body().as_str(), message.body().as_str());
}

/// A webhook notification with one message, for [`webhook_corpus`] to break.
const WEBHOOK: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"9"},"contacts":[{"wa_id":"1"}],"messages":[{"from":"1","id":"m","timestamp":"1","type":"text","text":{"body":"b"}}],"statuses":[{"id":"s","status":"read","timestamp":"1"}]}}]}]}"#;

/// Webhook bodies broken in every way. Each gives a typed result: a `ParseError` for the
/// envelope, or an `ItemError` in place of the broken item.
#[expect(
    clippy::too_many_lines,
    reason = "one line per hostile webhook reads best as one list"
)]
fn webhook_corpus() -> Vec<(&'static str, String)> {
    let swap = |from: &str, to: &str| WEBHOOK.replacen(from, to, 1);
    let big = "x".repeat(10 << 20);
    let deep_arrays = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    vec![
        ("empty", String::new()),
        ("null", "null".to_owned()),
        ("array", "[]".to_owned()),
        ("entry is null", r#"{"entry":null}"#.to_owned()),
        ("entry is a string", r#"{"entry":"x"}"#.to_owned()),
        ("truncated", WEBHOOK[..WEBHOOK.len() / 2].to_owned()),
        ("trailing garbage", format!("{WEBHOOK}x")),
        (
            "lone surrogate",
            swap(r#""body":"b""#, r#""body":"\uD800""#),
        ),
        (
            "entry item is a number",
            swap(r#"[{"id":"1""#, r#"[1,{"id":"1""#),
        ),
        (
            "changes is an object",
            swap(r#""changes":["#, r#""changes":{},"x":["#),
        ),
        (
            "value is a string",
            swap(r#""value":{"#, r#""value":"v","x":{"#),
        ),
        (
            "metadata is an array",
            swap(r#""metadata":{"#, r#""metadata":[{"#).replacen("\"9\"}", "\"9\"}]", 1),
        ),
        (
            "messages is a number",
            swap(r#""messages":["#, r#""messages":1,"x":["#),
        ),
        (
            "message is null",
            swap(r#""messages":["#, r#""messages":[null,"#),
        ),
        ("message id is a number", swap(r#""id":"m""#, r#""id":7"#)),
        ("text is an array", swap(r#"{"body":"b"}"#, r#"["b"]"#)),
        (
            "timestamp is an object",
            swap(r#""timestamp":"1","type""#, r#""timestamp":{},"type""#),
        ),
        (
            "status is null",
            swap(r#""status":"read""#, r#""status":null"#),
        ),
        (
            "contacts item is a string",
            swap(r#"[{"wa_id":"1"}]"#, r#"["1"]"#),
        ),
        (
            "10 MB text body",
            swap(r#""body":"b""#, &format!(r#""body":"{big}""#)),
        ),
        (
            "10 MB escaped body",
            swap(
                r#""body":"b""#,
                &format!(r#""body":"{}""#, "\\n".repeat(5 << 20)),
            ),
        ),
        (
            "10 MB unknown field",
            swap(r#""id":"m""#, &format!(r#""id":"m","x":"{big}""#)),
        ),
        (
            "10 MB number as message id",
            swap(r#""id":"m""#, &format!(r#""id":{}"#, "9".repeat(10 << 20))),
        ),
        (
            "10 MB string as timestamp",
            swap(
                r#""timestamp":"1","type""#,
                &format!(r#""timestamp":"{big}","type""#),
            ),
        ),
        ("10 MB of garbage", big.clone()),
        ("10,000 nested arrays at top level", deep_arrays.clone()),
        (
            "10,000 nested arrays as entry",
            swap(r#"[{"id":"1""#, &format!("[{deep_arrays},{{\"id\":\"1\"")),
        ),
        (
            "10,000 nested objects as message",
            swap(
                r#""messages":["#,
                &format!(r#""messages":[{deep_objects},"#),
            ),
        ),
        (
            "10,000 nested objects in text",
            swap(r#"{"body":"b"}"#, &deep_objects),
        ),
        (
            "10,000 nested arrays in an unknown field",
            swap(r#""id":"m""#, &format!(r#""id":"m","x":{deep_arrays}"#)),
        ),
    ]
}

/// Webhooks of [`webhook_corpus`] that are well-formed, only big or deep.
const TOLERATED: [&str; 4] = [
    "10 MB text body",
    "10 MB escaped body",
    "10 MB unknown field",
    "10,000 nested arrays in an unknown field",
];

#[test]
fn every_hostile_webhook_gives_a_typed_result_in_bounded_memory() {
    use cta_core::webhook::{AppSecret, Notification};

    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let secret = AppSecret::new("test-app-secret").unwrap();
    for (name, body) in webhook_corpus() {
        let base = CURRENT.load(Ordering::SeqCst);
        PEAK.store(base, Ordering::SeqCst);
        let started = Instant::now();
        let signature = secret.sign(body.as_bytes());
        assert!(secret.verify(&signature, body.as_bytes()).is_ok(), "{name}");
        let (envelope_error, items, problems, error_text) =
            match Notification::parse(body.as_bytes()) {
                Err(error) => (true, 0, 0, error.to_string()),
                Ok(notification) => {
                    let items = notification.messages().count() + notification.statuses().count();
                    let problems: Vec<String> =
                        notification.problems().map(ToString::to_string).collect();
                    (false, items, problems.len(), problems.concat())
                }
            };
        let elapsed = started.elapsed();
        let peak = PEAK.load(Ordering::SeqCst) - base;
        println!(
            "{name:<44} {:>10} bytes in {peak:>10} bytes peak heap {elapsed:>12.3?} envelope error: {envelope_error}, {items} items, {problems} problems",
            body.len()
        );
        // Something is wrong with each, the envelope or an item, but for what is only big
        // or deep where nothing is checked, which is read as it is.
        assert!(
            envelope_error || problems > 0 || TOLERATED.contains(&name),
            "{name}: accepted"
        );
        // Errors quote little of the input, whatever its size.
        assert!(
            error_text.len() < 4096,
            "{name}: {} bytes of errors",
            error_text.len()
        );
        // Reading copies a string at most once (an escaped one), plus a fixed allowance.
        assert!(
            peak <= 3 * body.len() + (64 << 10),
            "{name}: {peak} bytes peak for {} bytes in",
            body.len()
        );
    }
}
