//! HTML escaping, links, and the page around the preview.
//!
//! Every piece of user text reaches the page through [`push_text`] (element content) or
//! [`push_attr`] (a quoted attribute value). Both escape `&`, `<`, `>`, `"` and `'`, so that
//! no text can open a tag or leave an attribute. Characters that the eye cannot see but that
//! change what it sees, the bidirectional controls such as U+202E (right-to-left override), and
//! control characters, are not written as they are: [`push_text`] shows each one as a visible
//! red badge naming its code point, and [`push_attr`] writes it as a character reference.

use std::fmt::Write as _;

/// The name of a character that is invisible but changes how text around it is shown, or of a
/// control character, if `c` is one. Line feeds and tabs are ordinary layout.
pub(crate) fn hidden_char_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{061C}' => "arabic letter mark",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\n' | '\t' => return None,
        c if c.is_control() => "control character",
        // Joiners and variation selectors build emoji (👨‍👩‍👧, ❤️): they are not hidden text.
        '\u{200D}' | '\u{FE00}'..='\u{FE0F}' => return None,
        c if crate::rules::is_invisible(c) => "invisible character",
        _ => return None,
    })
}

/// The hidden characters of `text` (see [`hidden_char_name`]), in order.
pub(crate) fn hidden_chars(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| hidden_char_name(c).is_some())
        .collect()
}

/// `U+202E`: the code point of `c`, as Unicode writes it.
pub(crate) fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Appends `text` as element content: escaped, with each hidden character shown as a badge.
pub(crate) fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => match hidden_char_name(c) {
                Some(name) => {
                    let point = code_point(c);
                    out.push_str(r#"<span class="hidden-char" title=""#);
                    out.push_str(&point);
                    out.push(' ');
                    out.push_str(name);
                    out.push_str(r#"">"#);
                    out.push_str(&point);
                    out.push_str("</span>");
                }
                None => out.push(c),
            },
        }
    }
}

/// Appends `value` escaped for a double-quoted attribute value.
pub(crate) fn push_attr(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c == '\n' || c == '\t' || hidden_char_name(c).is_some() => {
                // Writing to a `String` cannot fail.
                let _ = write!(out, "&#x{:X};", u32::from(c));
            }
            c => out.push(c),
        }
    }
}

/// Whether `url` starts with `http://` or `https://`, in any case.
pub(crate) fn is_http_url(url: &str) -> bool {
    let lower = |n: usize| url.get(..n).map(str::to_ascii_lowercase);
    lower(7).as_deref() == Some("http://") || lower(8).as_deref() == Some("https://")
}

/// Appends a link to `url` showing `text`, or only the text if `url` is not `http(s)`.
///
/// The link opens in a new tab, without a referrer and without access to this page.
pub(crate) fn push_link(out: &mut String, url: &str, text: &str, class: &str) {
    if !is_http_url(url) {
        html_span(out, class, text);
        return;
    }
    out.push_str(r#"<a class=""#);
    push_attr(out, class);
    out.push_str(r#"" href=""#);
    push_attr(out, url);
    out.push_str(r#"" target="_blank" rel="noopener noreferrer nofollow">"#);
    push_text(out, text);
    out.push_str("</a>");
}

fn html_span(out: &mut String, class: &str, text: &str) {
    out.push_str(r#"<span class=""#);
    push_attr(out, class);
    out.push_str(r#"">"#);
    push_text(out, text);
    out.push_str("</span>");
}

/// The page's style sheet. The colours and sizes are those of WhatsApp's light theme.
const STYLE: &str = r#"
*{box-sizing:border-box}
html{background:#f0f2f5}
body{margin:0;padding:24px;color:#111b21;font-family:"Segoe UI","Helvetica Neue",Helvetica,Arial,"Liberation Sans","DejaVu Sans",sans-serif}
.layout{display:flex;flex-wrap:wrap;gap:28px;align-items:flex-start}
.phone{width:380px;flex:none;background:#1f2c34;border-radius:34px;padding:12px;box-shadow:0 10px 30px rgba(11,20,26,.25)}
.screen{border-radius:24px;overflow:hidden;background:#efeae2}
.topbar{display:flex;align-items:center;gap:10px;padding:12px 14px;background:#008069;color:#fff}
.avatar{width:38px;height:38px;flex:none;border-radius:50%;background:#dfe5e7;color:#8696a0;display:flex;align-items:center;justify-content:center}
.who{min-width:0}
.who .name{font-size:16px;font-weight:600}
.who .status{font-size:12.5px;opacity:.85;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.chat{min-height:380px;padding:18px 14px 28px 20px;background-color:#efeae2;background-image:radial-gradient(rgba(84,101,111,.09) 1.2px,transparent 1.3px);background-size:16px 16px}
.day{display:table;margin:0 auto 14px;padding:5px 12px;border-radius:8px;background:#fff;color:#54656f;font-size:12.5px;box-shadow:0 1px .5px rgba(11,20,26,.13)}
.bubble{position:relative;max-width:300px;background:#fff;border-radius:0 8px 8px 8px;box-shadow:0 1px .5px rgba(11,20,26,.13)}
.bubble::before{content:"";position:absolute;top:0;left:-8px;width:8px;height:13px;background:#fff;clip-path:polygon(0 0,100% 0,100% 100%)}
.content{padding:4px 4px 0}
.text{padding:3px 5px 6px 5px}
.header-text{font-size:15px;font-weight:700;line-height:20px;margin:2px 0 4px;overflow-wrap:anywhere;unicode-bidi:isolate}
.body{font-size:14.2px;line-height:19px;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}
.body a.link{color:#027eb5;text-decoration:none}
.body code{font-family:"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:13px}
.body code.inline{background:#f0f2f5;border-radius:4px;padding:1px 4px}
.footer{margin-top:4px;font-size:13px;line-height:17px;color:#667781;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}
.footer a.link{color:#027eb5;text-decoration:none}
.footer code{font-family:"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:12px}
.time{margin:-3px -1px -2px 0;text-align:right;font-size:11px;line-height:15px;color:#667781}
.media{display:flex;flex-direction:column;align-items:center;justify-content:center;gap:6px;height:168px;padding:12px;border-radius:6px;border:1px dashed #aebac1;background:#e9edef;color:#54656f;text-align:center}
.media.video{background:#3b4a54;border-color:#3b4a54;color:#e9edef}
.media .kind,.document .kind{font-size:11px;font-weight:700;letter-spacing:.08em;text-transform:uppercase}
.media .source,.document .source{max-width:100%;font-size:11.5px;line-height:15px;word-break:break-all}
.source a{color:inherit;text-decoration:underline dotted}
.document{display:flex;align-items:center;gap:10px;padding:10px;border-radius:6px;border:1px dashed #aebac1;background:#f5f6f6;color:#54656f}
.document .icon{flex:none;color:#e5484d}
.document .name{color:#111b21;font-size:14px;font-weight:600;overflow-wrap:anywhere}
.document .info{min-width:0}
.button{display:flex;align-items:center;justify-content:center;gap:6px;margin-top:2px;padding:10px 8px 11px;border-top:1px solid #e9edef;color:#027eb5;font-size:14.2px;font-weight:500;text-decoration:none;overflow-wrap:anywhere}
.button .label{unicode-bidi:isolate}
.hidden-char{display:inline-block;margin:0 1px;padding:0 3px;border-radius:3px;background:#d93025;color:#fff;font:600 10px/15px "DejaVu Sans Mono",monospace;vertical-align:1px;unicode-bidi:isolate;direction:ltr}
.panel{flex:1 1 360px;max-width:560px;padding:18px 20px;border-radius:12px;background:#fff;box-shadow:0 1px 3px rgba(11,20,26,.12)}
.panel h1{margin:0 0 4px;font-size:17px}
.panel p{margin:8px 0 0;color:#54656f;font-size:12.5px;line-height:17px}
table{width:100%;margin-top:10px;border-collapse:collapse;font-size:13px}
th,td{padding:7px 6px;border-bottom:1px solid #eef0f2;text-align:left;vertical-align:top}
th{white-space:nowrap;color:#667781;font-size:11.5px;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
td.count{white-space:nowrap;font-variant-numeric:tabular-nums}
.path{display:block;color:#8696a0;font:11px/15px "DejaVu Sans Mono","Liberation Mono",monospace;word-break:break-all}
.bar{height:5px;margin-top:5px;border-radius:3px;background:#e9edef;overflow:hidden}
.bar span{display:block;height:100%;background:#25d366}
tr.near .bar span{background:#f0a500}
tr.full .bar span{background:#d93025}
.source-tag{display:inline-block;padding:0 6px;border-radius:9px;background:#e7fce3;color:#1f7a4d;font-size:11px}
.source-tag.chosen{background:#eaf2ff;color:#2f5fb3}
.warning{display:block;margin-top:4px;color:#d93025;font-size:12px}
mark.placeholder{padding:0 2px;border-radius:3px;background:#fff3c4;color:#7a5300;font-weight:600;unicode-bidi:isolate;direction:ltr}
"#;

/// The whole page: `phone` (the chat with the bubble) beside `panel` (the parts and limits).
pub(crate) fn page(phone: &str, panel: &str) -> String {
    let mut out = String::with_capacity(STYLE.len() + phone.len() + panel.len() + 1024);
    out.push_str(concat!(
        "<!DOCTYPE html>\n",
        "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        // Nothing but this page's own style may load or run, whatever the text holds.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ",
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n",
        "<meta name=\"referrer\" content=\"no-referrer\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<meta name=\"generator\" content=\"cta-core preview\">\n",
        "<title>WhatsApp message preview</title>\n<style>",
    ));
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<main class=\"layout\">\n");
    out.push_str(phone);
    out.push_str(panel);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, value);
        out
    }

    fn attr(value: &str) -> String {
        let mut out = String::new();
        push_attr(&mut out, value);
        out
    }

    #[test]
    fn text_escapes_the_five_characters() {
        assert_eq!(
            text(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn text_shows_hidden_characters_as_badges() {
        let out = text("abc\u{202E}def\u{0007}");
        assert!(
            !out.contains('\u{202E}') && !out.contains('\u{0007}'),
            "{out}"
        );
        assert!(out.contains(r#"title="U+202E right-to-left override">U+202E</span>"#));
        assert!(out.contains(">U+0007</span>"), "{out}");
        assert_eq!(text("a\nb\tc 👍"), "a\nb\tc 👍");
    }

    #[test]
    fn attributes_cannot_be_left() {
        let out = attr("https://x.test/\"onmouseover='alert(1)'\u{202E}");
        assert_eq!(
            out,
            "https://x.test/&quot;onmouseover=&#39;alert(1)&#39;&#x202E;"
        );
    }

    #[test]
    fn only_http_urls_become_links() {
        let mut out = String::new();
        push_link(&mut out, "javascript:alert(1)", "x", "link");
        assert!(!out.contains("href"), "{out}");
        out.clear();
        push_link(&mut out, "HTTPS://example.com", "x", "link");
        assert!(out.contains(r#"href="HTTPS://example.com""#), "{out}");
    }
}
