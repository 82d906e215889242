//! The request body of Meta's example message, produced four ways in one run:
//!
//! - (a) `cta_message!` with every part a literal, then `to_json_vec`: of a `const`, and of the
//!   message made anew in the loop (`let m = cta_message! {…}`), which should cost no more;
//! - (b) the same message built at run time from `String`s through the checked types, then
//!   `to_json_vec` (and, as extra rows, the build included: from clones of six `String`s, and
//!   from six `String`s moved in, as they come from a database; and serde's `to_vec` of it);
//! - (c) a hand-written `#[derive(Serialize)]` struct of `&str`s, then `serde_json::to_vec`;
//! - (d) `serde_json::json!` building a `Value`, then `serde_json::to_vec` (the same JSON, with
//!   its keys sorted);
//!
//! and, as the floor, a plain copy of the same number of bytes into a new `Vec`.
//!
//! A second group, `check_text`, times the check of one text of 1024 characters against what
//! reading it costs anyway: `BodyText::new` on ASCII against `str::from_utf8` of the same bytes,
//! and on CJK and on emoji against `chars().count()` of the same text.
//!
//! Three more rows measure a personal message with three values (a name and an event in the
//! body, a click ID in the URL), to its request body:
//!
//! - (t) a `cta_template!` rendered, addressed and written with `to_json_vec`;
//! - (f) the same with `format!`, the checked types' `new` and `to_json_vec`;
//! - (l) `cta_message!` of the same message with every part a literal, for comparison.
//!
//! Before criterion measures time, the bench prints the heap allocations per message of each
//! way, counted by a global allocator that forwards to the system's.
//!
//! Run with `cargo bench -p cta-bench`; `scripts/runtime-bench.sh` runs it several times and
//! prints medians and ratios. See `BENCHMARKS.md`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{BatchSize, Criterion};
use cta_core::{
    BodyText, ButtonLabel, ButtonUrl, CtaUrlContent, CtaUrlMessage, FooterText, Header, MediaLink,
    Recipient, cta_message, cta_template,
};
use serde::Serialize;

/// Counts every allocation and reallocation, and leaves the work to the system allocator.
struct CountingAllocator;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the only addition is a counter. This is the crate's only `unsafe`,
// and a `GlobalAlloc` impl cannot be written without it.
#[allow(unsafe_code, reason = "a `GlobalAlloc` impl needs `unsafe`")]
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's guarantees about `layout` are passed on as they are.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` through this allocator, with this `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `dealloc`; `new_size` is the caller's, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

const TO: &str = "+16505551234";
const IMAGE: &str = "https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png";
const BODY: &str = "Tap the button below to see available dates.";
const BUTTON: &str = "See Dates";
const URL: &str =
    "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4";
const FOOTER: &str = "Dates subject to change.";

/// (a): every part a literal, checked and escaped at compile time.
const META_EXAMPLE: CtaUrlMessage = cta_message! {
    to: "+16505551234",
    header: image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png"),
    body: "Tap the button below to see available dates.",
    button: "See Dates",
    url: "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4",
    footer: "Dates subject to change.",
};

cta_template! {
    /// (t): a personal message with three placeholders.
    struct Dates {
        header: image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png"),
        body: "Hi {name}, tap the button below to see available dates for {event}.",
        button: "See Dates",
        url: "https://www.luckyshrub.com?clickID={click}",
        footer: "Dates subject to change.",
    }
}

/// The three values of the personal message, as they would come from a database.
struct Values {
    name: String,
    event: String,
    click: String,
    to: Recipient,
}

impl Values {
    fn new() -> Self {
        Values {
            name: "Ada".to_owned(),
            event: "the spring workshop".to_owned(),
            click: "kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4".to_owned(),
            to: Recipient::new(TO).expect("a valid recipient"),
        }
    }

    /// (t): the template rendered, addressed and written.
    fn template_body(&self) -> Vec<u8> {
        let content = Dates {
            name: &self.name,
            event: &self.event,
            click: &self.click,
        }
        .render()
        .expect("the values pass every rule");
        content.into_message(self.to.clone()).to_json_vec()
    }

    /// (f): `format!`, the checked types' `new`, then `to_json_vec`.
    fn format_body(&self) -> Vec<u8> {
        let checked = || -> Result<CtaUrlMessage, cta_core::RuleError> {
            let body = BodyText::new(format!(
                "Hi {}, tap the button below to see available dates for {}.",
                self.name, self.event
            ))?;
            let url = ButtonUrl::new(format!("https://www.luckyshrub.com?clickID={}", self.click))?;
            let content = CtaUrlContent::new(body, ButtonLabel::new(BUTTON)?, url)
                .with_header(Header::Image(MediaLink::new(IMAGE)?.into()))
                .with_footer(FooterText::new(FOOTER)?);
            Ok(content.into_message(self.to.clone()))
        };
        checked().expect("the values pass every rule").to_json_vec()
    }
}

/// (l): the personal message written out as literals.
const LITERAL_PERSONAL: CtaUrlMessage = cta_message! {
    to: "+16505551234",
    header: image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png"),
    body: "Hi Ada, tap the button below to see available dates for the spring workshop.",
    button: "See Dates",
    url: "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4",
    footer: "Dates subject to change.",
};

/// The texts of the message as `String`s, as they would come from a database or a request.
struct OwnedTexts {
    to: String,
    image: String,
    body: String,
    button: String,
    url: String,
    footer: String,
}

impl OwnedTexts {
    fn new() -> Self {
        OwnedTexts {
            to: TO.to_owned(),
            image: IMAGE.to_owned(),
            body: BODY.to_owned(),
            button: BUTTON.to_owned(),
            url: URL.to_owned(),
            footer: FOOTER.to_owned(),
        }
    }

    /// (b): every part checked at run time, held as an owned `String`: a copy of each.
    fn build(&self) -> CtaUrlMessage {
        OwnedTexts {
            to: self.to.clone(),
            image: self.image.clone(),
            body: self.body.clone(),
            button: self.button.clone(),
            url: self.url.clone(),
            footer: self.footer.clone(),
        }
        .into_message()
    }

    /// (b): every part checked at run time, each `String` moved into its checked type.
    fn into_message(self) -> CtaUrlMessage {
        let checked = || -> Result<CtaUrlMessage, cta_core::RuleError> {
            let content = CtaUrlContent::new(
                BodyText::new(self.body)?,
                ButtonLabel::new(self.button)?,
                ButtonUrl::new(self.url)?,
            )
            .with_header(Header::Image(MediaLink::new(self.image)?.into()))
            .with_footer(FooterText::new(self.footer)?);
            Ok(content.into_message(Recipient::new(self.to)?))
        };
        checked().expect("Meta's example passes every rule")
    }
}

/// (a) made anew: the literal message written where it is used, in a `let`.
fn literal_made_here() -> Vec<u8> {
    let message = cta_message! {
        to: "+16505551234",
        header: image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png"),
        body: "Tap the button below to see available dates.",
        button: "See Dates",
        url: "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4",
        footer: "Dates subject to change.",
    };
    black_box(&message).to_json_vec()
}

/// (c): the payload as plain serde structs of `&str`, with no checks.
#[derive(Serialize)]
struct PlainMessage<'a> {
    messaging_product: &'a str,
    recipient_type: &'a str,
    to: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    interactive: PlainInteractive<'a>,
}

#[derive(Serialize)]
struct PlainInteractive<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<PlainHeader<'a>>,
    body: PlainText<'a>,
    action: PlainAction<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    footer: Option<PlainText<'a>>,
}

#[derive(Serialize)]
struct PlainHeader<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    image: PlainLink<'a>,
}

#[derive(Serialize)]
struct PlainLink<'a> {
    link: &'a str,
}

#[derive(Serialize)]
struct PlainText<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct PlainAction<'a> {
    name: &'a str,
    parameters: PlainParameters<'a>,
}

#[derive(Serialize)]
struct PlainParameters<'a> {
    display_text: &'a str,
    url: &'a str,
}

fn plain_message() -> PlainMessage<'static> {
    PlainMessage {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: TO,
        kind: "interactive",
        interactive: PlainInteractive {
            kind: "cta_url",
            header: Some(PlainHeader {
                kind: "image",
                image: PlainLink { link: IMAGE },
            }),
            body: PlainText { text: BODY },
            action: PlainAction {
                name: "cta_url",
                parameters: PlainParameters {
                    display_text: BUTTON,
                    url: URL,
                },
            },
            footer: Some(PlainText { text: FOOTER }),
        },
    }
}

/// (d): a `Value` built by `json!`, the way it is usually written: inline, for each message.
/// Its keys come out sorted, not in Meta's order: the bench checks it is the same JSON.
fn json_macro_body(to: &str) -> Vec<u8> {
    let value = serde_json::json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "interactive",
        "interactive": {
            "type": "cta_url",
            "header": {"type": "image", "image": {"link": IMAGE}},
            "body": {"text": BODY},
            "action": {
                "name": "cta_url",
                "parameters": {"display_text": BUTTON, "url": URL}
            },
            "footer": {"text": FOOTER}
        }
    });
    serde_json::to_vec(&value).expect("a Value always serializes")
}

/// The floor: copying as many bytes as the body has into a new, exactly sized `Vec`.
fn copy_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes);
    out
}

/// Heap allocations made by one call of `produce`, averaged over many calls.
fn allocations_per_call<T>(mut produce: impl FnMut() -> T) -> f64 {
    const CALLS: usize = 1000;
    drop(black_box(produce()));
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..CALLS {
        drop(black_box(produce()));
    }
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    #[expect(
        clippy::cast_precision_loss,
        reason = "counts stay far below 2^52, where `f64` is exact"
    )]
    let per_call = (after - before) as f64 / CALLS as f64;
    per_call
}

#[expect(
    clippy::too_many_lines,
    reason = "one check, one allocation count and one benchmark for each row, in one place"
)]
fn main() {
    let expected = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/meta-cta-url-request.json"
    ))
    .expect("the fixture is in the repository");
    let expected = expected.trim_ascii_end().to_vec();

    let texts = OwnedTexts::new();
    let run_time = texts.build();
    let plain = plain_message();

    // Every way gives Meta's bytes, or its figures mean nothing.
    assert_eq!(META_EXAMPLE.to_json_vec(), expected, "(a)");
    assert_eq!(literal_made_here(), expected, "(a) made anew");
    assert_eq!(run_time.to_json_vec(), expected, "(b)");
    assert_eq!(
        serde_json::to_vec(&run_time).unwrap(),
        expected,
        "(b) serde"
    );
    assert_eq!(serde_json::to_vec(&plain).unwrap(), expected, "(c)");
    // A `Value` keeps its keys sorted (serde_json's `preserve_order` is off, as by default), so
    // (d) writes the same JSON, of the same length, in another key order.
    let json_macro = json_macro_body(TO);
    assert_eq!(json_macro.len(), expected.len(), "(d)");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&json_macro).unwrap(),
        serde_json::from_slice::<serde_json::Value>(&expected).unwrap(),
        "(d)"
    );

    // The three ways of the personal message give the same bytes.
    let values = Values::new();
    let personal = LITERAL_PERSONAL.to_json_vec();
    assert_eq!(values.template_body(), personal, "(t)");
    assert_eq!(values.format_body(), personal, "(f)");

    let mut reused = Vec::with_capacity(expected.len());
    let rows: [(&str, f64); 13] = [
        (
            "a_macro_to_json_vec",
            allocations_per_call(|| black_box(&META_EXAMPLE).to_json_vec()),
        ),
        (
            "a_macro_built_each_time_to_json_vec",
            allocations_per_call(literal_made_here),
        ),
        (
            "a_macro_write_json_reused_buffer",
            allocations_per_call(|| {
                reused.clear();
                black_box(&META_EXAMPLE).write_json(&mut reused);
            }),
        ),
        (
            "b_run_time_to_json_vec",
            allocations_per_call(|| black_box(&run_time).to_json_vec()),
        ),
        (
            "b_run_time_build_and_to_json_vec",
            allocations_per_call(|| black_box(&texts).build().to_json_vec()),
        ),
        (
            "b_run_time_build_owned_and_to_json_vec",
            // The six `String`s are made outside the count, as `iter_batched` makes them
            // outside the timing; the message is dropped outside both.
            {
                let mut inputs: Vec<OwnedTexts> = (0..1001).map(|_| OwnedTexts::new()).collect();
                let mut kept = Vec::with_capacity(inputs.len());
                let per_call = allocations_per_call(|| {
                    let message = inputs.pop().expect("one input a call").into_message();
                    let body = message.to_json_vec();
                    kept.push(message);
                    body
                });
                drop(kept);
                per_call
            },
        ),
        (
            "b_run_time_serde_to_vec",
            allocations_per_call(|| serde_json::to_vec(black_box(&run_time))),
        ),
        (
            "c_derive_serde_to_vec",
            allocations_per_call(|| serde_json::to_vec(black_box(&plain))),
        ),
        (
            "d_json_macro_to_vec",
            allocations_per_call(|| json_macro_body(black_box(TO))),
        ),
        (
            "memcpy_baseline",
            allocations_per_call(|| copy_bytes(black_box(&expected))),
        ),
        (
            "t_template_render_to_json_vec",
            allocations_per_call(|| black_box(&values).template_body()),
        ),
        (
            "f_format_new_to_json_vec",
            allocations_per_call(|| black_box(&values).format_body()),
        ),
        (
            "l_literal_personal_to_json_vec",
            allocations_per_call(|| black_box(&LITERAL_PERSONAL).to_json_vec()),
        ),
    ];
    println!("heap allocations per message ({} bytes):", expected.len());
    for (name, allocations) in rows {
        println!("  {name:<34} {allocations}");
    }

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("request_body");
    group.bench_function("a_macro_to_json_vec", |b| {
        b.iter(|| black_box(&META_EXAMPLE).to_json_vec());
    });
    group.bench_function("a_macro_built_each_time_to_json_vec", |b| {
        b.iter(literal_made_here);
    });
    group.bench_function("a_macro_write_json_reused_buffer", |b| {
        b.iter(|| {
            reused.clear();
            black_box(&META_EXAMPLE).write_json(&mut reused);
        });
    });
    group.bench_function("b_run_time_to_json_vec", |b| {
        b.iter(|| black_box(&run_time).to_json_vec());
    });
    group.bench_function("b_run_time_build_and_to_json_vec", |b| {
        b.iter(|| black_box(&texts).build().to_json_vec());
    });
    group.bench_function("b_run_time_build_owned_and_to_json_vec", |b| {
        // The `String`s come from the setup, as from a database, and the message is handed
        // back, so that making and freeing them is not timed: the serde rows borrow theirs.
        b.iter_batched(
            OwnedTexts::new,
            |texts| {
                let message = texts.into_message();
                let body = message.to_json_vec();
                (message, body)
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("b_run_time_serde_to_vec", |b| {
        b.iter(|| serde_json::to_vec(black_box(&run_time)));
    });
    group.bench_function("c_derive_serde_to_vec", |b| {
        b.iter(|| serde_json::to_vec(black_box(&plain)));
    });
    group.bench_function("d_json_macro_to_vec", |b| {
        b.iter(|| json_macro_body(black_box(TO)));
    });
    group.bench_function("memcpy_baseline", |b| {
        b.iter(|| copy_bytes(black_box(&expected)));
    });
    group.bench_function("t_template_render_to_json_vec", |b| {
        b.iter(|| black_box(&values).template_body());
    });
    group.bench_function("f_format_new_to_json_vec", |b| {
        b.iter(|| black_box(&values).format_body());
    });
    group.bench_function("l_literal_personal_to_json_vec", |b| {
        b.iter(|| black_box(&LITERAL_PERSONAL).to_json_vec());
    });
    group.finish();

    bench_check_text(&mut criterion);
    criterion.final_summary();
}

/// The check of 1024 characters against reading them: `BodyText::new` on ASCII, CJK and emoji
/// beside `str::from_utf8` and `chars().count()` of the same text.
fn bench_check_text(criterion: &mut Criterion) {
    // The texts are borrowed (`&'static str`), so `BodyText::new` allocates nothing: the rows
    // time the check alone.
    let ascii: &'static str = "Tap the button below to see available dates. ".repeat(23)[..1024]
        .to_owned()
        .leak();
    let cjk: &'static str = "日本語のテキスト、漢字と仮名。"
        .repeat(70)
        .chars()
        .take(1024)
        .collect::<String>()
        .leak();
    let emoji: &'static str = "👍🎉🚀😀🇫🇷"
        .repeat(205)
        .chars()
        .take(1024)
        .collect::<String>()
        .leak();
    for text in [ascii, cjk, emoji] {
        assert_eq!(text.chars().count(), 1024);
        assert!(BodyText::new(text).is_ok());
    }
    let mut group = criterion.benchmark_group("check_text");
    group.bench_function("body_text_new_ascii_1024", |b| {
        b.iter(|| BodyText::new(black_box(ascii)));
    });
    group.bench_function("from_utf8_ascii_1024", |b| {
        b.iter(|| std::str::from_utf8(black_box(ascii.as_bytes())).is_ok());
    });
    group.bench_function("body_text_new_cjk_1024", |b| {
        b.iter(|| BodyText::new(black_box(cjk)));
    });
    group.bench_function("chars_count_cjk_1024", |b| {
        b.iter(|| black_box(cjk).chars().count());
    });
    group.bench_function("body_text_new_emoji_1024", |b| {
        b.iter(|| BodyText::new(black_box(emoji)));
    });
    group.bench_function("chars_count_emoji_1024", |b| {
        b.iter(|| black_box(emoji).chars().count());
    });
    group.finish();
}
