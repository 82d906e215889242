//! The preview in a real browser: headless Chromium loads each page, and the test reads the DOM
//! Chromium built from it (`--dump-dom`) and takes a screenshot (`--screenshot`).
//!
//! The tests are `#[ignore]`d, so that `cargo test` needs no browser, and say why; run them with
//! `cargo test -p cta-tests --test it preview_browser -- --ignored` (`.ci/run` does, after
//! installing Chromium), where a missing browser fails them. The browser is `chromium` on the
//! `PATH`, or the program named by `CTA_CHROMIUM`. Pages and screenshots are kept under
//! `target/tmp/preview-browser/` for a look after the run.

use crate::common;

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use cta_core::preview::render;

const WINDOW: (u32, u32) = (1000, 600);
const TIMEOUT: Duration = Duration::from_mins(2);

/// The folder for this run's pages, emptied.
fn browser_folder(test: &str) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("preview-browser")
        .join(test);
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("create the test folder");
    folder
}

/// Runs headless Chromium on `page` with `extra` arguments and gives back its standard output.
fn chromium(folder: &Path, page: &Path, extra: &[String]) -> String {
    let program = std::env::var("CTA_CHROMIUM").unwrap_or_else(|_| "chromium".to_owned());
    let profile = folder.join(format!("profile-{}", extra.len()));
    let _ = std::fs::remove_dir_all(&profile);
    let mut child = Command::new(&program)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "`{program}` does not start ({e}): install Chromium (Debian's `chromium`) or name \
                 the browser in CTA_CHROMIUM"
            )
        });
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium took more than {TIMEOUT:?} on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = out.join().expect("read stdout");
    let err = err.join().expect("read stderr");
    assert!(status.success(), "chromium failed ({status}):\n{err}");
    out
}

/// Writes `html` to `name` in `folder` and gives back the DOM Chromium built from it.
fn dump_dom(folder: &Path, name: &str, html: &str) -> String {
    let page = folder.join(name);
    std::fs::write(&page, html).expect("write the page");
    let dom = chromium(folder, &page, &["--dump-dom".to_owned()]);
    std::fs::write(folder.join(format!("{name}.dom.html")), &dom).expect("write the DOM");
    assert!(dom.contains("<html"), "no DOM from chromium:\n{dom}");
    dom
}

/// An element of the serialized DOM: its tag name, its start tag and its inner HTML.
struct Element {
    tag: String,
    start_tag: String,
    inner: String,
}

/// The element with `id`, found in Chromium's serialization of the DOM (which writes attribute
/// values in double quotes and escapes `&`, `<`, `>` in text and `&`, `"` in attributes).
fn element(dom: &str, id: &str) -> Element {
    let marker = format!(" id=\"{id}\"");
    let at = dom
        .find(&marker)
        .unwrap_or_else(|| panic!("no element #{id} in\n{dom}"));
    let open = dom[..at].rfind('<').expect("a start tag");
    let tag_end = open + dom[open..].find('>').expect("the start tag ends");
    let start_tag = dom[open..=tag_end].to_owned();
    let tag: String = start_tag[1..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    // Find the matching end tag, counting nested elements of the same name.
    let (open_tag, close_tag) = (format!("<{tag}"), format!("</{tag}>"));
    let mut depth = 1;
    let mut at = tag_end + 1;
    loop {
        let next_close = dom[at..].find(&close_tag).expect("the element ends") + at;
        match dom[at..].find(&open_tag).map(|i| i + at) {
            Some(next_open) if next_open < next_close => {
                depth += 1;
                at = next_open + open_tag.len();
            }
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Element {
                        tag,
                        start_tag,
                        inner: dom[tag_end + 1..next_close].to_owned(),
                    };
                }
                at = next_close + close_tag.len();
            }
        }
    }
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

impl Element {
    /// The element's text, as `textContent` gives it.
    fn text(&self) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in self.inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        decode(&text)
    }

    /// The value of `name` in the start tag.
    fn attribute(&self, name: &str) -> Option<String> {
        let marker = format!(" {name}=\"");
        let start = self.start_tag.find(&marker)? + marker.len();
        let end = start + self.start_tag[start..].find('"')?;
        Some(decode(&self.start_tag[start..end]))
    }
}

fn assert_shows(dom: &str, header: Option<&str>, body: &str, label: &str, url: &str, footer: &str) {
    if let Some(header) = header {
        assert_eq!(element(dom, "header").text(), header);
    }
    assert_eq!(element(dom, "body").text(), body);
    assert_eq!(element(dom, "footer").text(), footer);
    assert_eq!(element(dom, "button-label").text(), label);
    let button = element(dom, "button");
    assert_eq!(
        button.tag, "a",
        "the button is a link: {}",
        button.start_tag
    );
    assert_eq!(button.attribute("href").as_deref(), Some(url));
    assert_eq!(button.text(), label);
}

#[test]
#[ignore = "needs headless Chromium; run with --ignored (.ci/run does)"]
fn the_browser_shows_metas_example_and_links_the_button() {
    let folder = browser_folder("metas_example");
    let dom = dump_dom(&folder, "meta.html", &render(&META_EXAMPLE));
    assert_shows(
        &dom,
        None,
        META_EXAMPLE.body().as_str(),
        META_EXAMPLE.button().as_str(),
        META_EXAMPLE.url().as_str(),
        "Dates subject to change.",
    );
    assert_eq!(
        element(&dom, "header").attribute("data-kind").as_deref(),
        Some("image")
    );
    assert_eq!(element(&dom, "recipient").text(), "to +16505551234");
}

#[test]
#[ignore = "needs headless Chromium; run with --ignored (.ci/run does)"]
fn the_browser_shows_formatting_as_text_and_links() {
    let folder = browser_folder("formatted");
    let dom = dump_dom(&folder, "formatted.html", &render(&FORMATTED));
    assert_shows(
        &dom,
        Some("Spring workshops"),
        FORMATTED_BODY_TEXT,
        "Book a seat",
        "https://example.com/dates?from=chat&lang=en",
        "Dates subject to change.",
    );
    let body = element(&dom, "body");
    assert!(
        body.inner.contains("<strong>limited</strong>"),
        "{}",
        body.inner
    );
    assert!(
        body.inner.contains(r#"href="https://example.com/book""#),
        "{}",
        body.inner
    );
}

#[test]
#[ignore = "needs headless Chromium; run with --ignored (.ci/run does)"]
fn the_browser_runs_nothing_of_hostile_text() {
    let folder = browser_folder("hostile");
    for (name, message) in [
        ("hostile.html", hostile()),
        ("hostile-header.html", hostile_text_header()),
    ] {
        let dom = dump_dom(&folder, name, &render(&message));
        // Chromium escapes `<` in the text it serializes: every `<` left is an element.
        assert_only_the_pages_own_markup(&dom);
        let lower = dom.to_ascii_lowercase();
        for element in ["<script", "<img", "<iframe", "<svg onload", "<b>"] {
            assert!(
                !lower.contains(element),
                "{element} made it into the DOM of {name}:\n{dom}"
            );
        }
        assert!(
            dom.contains("<title>WhatsApp message preview</title>"),
            "the title is untouched"
        );
        // The text is there as text, hidden characters shown by their code point.
        let shown = |text: &str| text.replace('\u{202E}', "U+202E");
        // `*…*` is WhatsApp's bold: the stars go, the `<b>` inside stays text.
        let body = shown(HOSTILE_BODY).replace("*<b>bold</b>*", "<b>bold</b>");
        assert_eq!(element(&dom, "body").text(), body);
        assert_eq!(element(&dom, "footer").text(), shown(HOSTILE_FOOTER));
        assert_eq!(element(&dom, "button-label").text(), HOSTILE_LABEL);
        assert_eq!(
            element(&dom, "button").attribute("href").as_deref(),
            Some(HOSTILE_URL)
        );
    }
    let dom = dump_dom(
        &folder,
        "hostile-header-again.html",
        &render(&hostile_text_header()),
    );
    assert_eq!(
        element(&dom, "header").text(),
        HOSTILE_HEADER.replace('\u{202E}', "U+202E")
    );
}

#[test]
#[ignore = "needs headless Chromium; run with --ignored (.ci/run does)"]
fn the_browser_takes_a_screenshot() {
    let folder = browser_folder("screenshot");
    let page = folder.join("preview.html");
    std::fs::write(&page, render(&FORMATTED)).expect("write the page");
    let png = folder.join("preview.png");
    chromium(
        &folder,
        &page,
        &[
            format!("--screenshot={}", png.display()),
            format!("--window-size={},{}", WINDOW.0, WINDOW.1),
        ],
    );
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
    assert_eq!(&bytes[12..16], b"IHDR");
    let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    assert_eq!(
        (width, height),
        WINDOW,
        "the screenshot has the window's size"
    );
    // A blank page compresses to a few kilobytes; the preview, with its text, does not.
    assert!(
        bytes.len() > 15_000,
        "the screenshot looks blank: {} bytes",
        bytes.len()
    );
    let _ = writeln!(std::io::stderr(), "screenshot: {}", png.display());
}
