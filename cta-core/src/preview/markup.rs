//! WhatsApp's text formatting, parsed by hand and written out as HTML.
//!
//! WhatsApp formats a message's body and footer with markers around a run of text: `*bold*`,
//! `_italic_`, `~strikethrough~`, ```` ```monospace``` ```` and `` `inline code` ``, and turns
//! URLs into links. This module reads those markers the way the phone does, closely enough for
//! a preview:
//!
//! - `*`, `_` and `~` open a style only at the start of the text or after a character that is
//!   not a letter or digit, and only before a character that is not whitespace; they close it
//!   before the end of the text or a character that is not a letter or digit, and only after a
//!   character that is not whitespace. A style stays on one line and styles nest
//!   (`*_bold italic_*`). A marker that does not pair up is shown as it is.
//! - ```` ``` ```` opens a monospace run that may span lines; `` ` `` an inline code run on one
//!   line. Nothing inside either is formatted or linked.
//! - `http://` and `https://` URLs become links when they pass the crate's own URL rule
//!   ([`Field::ButtonUrl`]): a host, no user-info. Other schemes stay plain text. Trailing
//!   punctuation (`.`, `,`, `)` without its `(`, …) is left out of the link.
//!
//! Every piece of text goes through [`html::push_text`] on its way out, so the output holds no
//! markup but the tags this module writes.

use super::html;
use crate::rules::{self, Field};

/// A piece of formatted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// Plain text.
    Text(String),
    /// `*bold*`.
    Bold(Vec<Node>),
    /// `_italic_`.
    Italic(Vec<Node>),
    /// `~strikethrough~`.
    Strike(Vec<Node>),
    /// ```` ```monospace``` ````, possibly over several lines.
    Monospace(String),
    /// `` `inline code` ``.
    Code(String),
    /// An `http`/`https` URL found in the text.
    Link(String),
}

/// Reads WhatsApp's formatting in `text`.
pub(crate) fn parse(text: &str) -> Vec<Node> {
    let chars = normalize_line_breaks(text);
    let mut nodes = Vec::new();
    parse_range(&chars, 0, chars.len(), &mut nodes);
    nodes
}

/// Writes `text` with WhatsApp's formatting as HTML.
pub(crate) fn push_html(out: &mut String, text: &str) {
    for node in parse(text) {
        push_node(out, &node);
    }
}

fn push_node(out: &mut String, node: &Node) {
    let wrap = |out: &mut String, tag: &str, children: &[Node]| {
        out.push('<');
        out.push_str(tag);
        out.push('>');
        for child in children {
            push_node(out, child);
        }
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    };
    match node {
        Node::Text(text) => html::push_text(out, text),
        Node::Bold(children) => wrap(out, "strong", children),
        Node::Italic(children) => wrap(out, "em", children),
        Node::Strike(children) => wrap(out, "s", children),
        Node::Monospace(text) => {
            out.push_str(r#"<code class="monospace">"#);
            html::push_text(out, text);
            out.push_str("</code>");
        }
        Node::Code(text) => {
            out.push_str(r#"<code class="inline">"#);
            html::push_text(out, text);
            out.push_str("</code>");
        }
        Node::Link(url) => html::push_link(out, url, url, "link"),
    }
}

/// The text as characters, with `\r\n` and a lone `\r` read as `\n`.
fn normalize_line_breaks(text: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(text.len());
    let mut iter = text.chars().peekable();
    while let Some(c) = iter.next() {
        if c == '\r' {
            if iter.peek() == Some(&'\n') {
                iter.next();
            }
            chars.push('\n');
        } else {
            chars.push(c);
        }
    }
    chars
}

fn parse_range(chars: &[char], start: usize, end: usize, out: &mut Vec<Node>) {
    let mut text = String::new();
    let mut i = start;
    while i < end {
        if let Some((node, next)) = construct_at(chars, start, i, end) {
            if !text.is_empty() {
                out.push(Node::Text(std::mem::take(&mut text)));
            }
            out.push(node);
            i = next;
        } else {
            text.push(chars[i]);
            i += 1;
        }
    }
    if !text.is_empty() {
        out.push(Node::Text(text));
    }
}

/// The formatted piece that begins at `i`, if any, and the index just after it.
fn construct_at(chars: &[char], start: usize, i: usize, end: usize) -> Option<(Node, usize)> {
    let after_boundary = i == start || !chars[i - 1].is_alphanumeric();
    match chars[i] {
        '`' if starts_with(chars, i, end, "```") => monospace(chars, i, end),
        '`' => inline_code(chars, i, end),
        marker @ ('*' | '_' | '~') if after_boundary => styled(chars, marker, i, end),
        'h' | 'H' if after_boundary => link(chars, i, end),
        _ => None,
    }
}

fn starts_with(chars: &[char], i: usize, end: usize, prefix: &str) -> bool {
    (i..)
        .zip(prefix.chars())
        .all(|(at, expected)| at < end && chars[at].eq_ignore_ascii_case(&expected))
}

fn collect(chars: &[char]) -> String {
    chars.iter().collect()
}

fn is_blank(chars: &[char]) -> bool {
    chars.iter().all(|c| c.is_whitespace())
}

fn monospace(chars: &[char], i: usize, end: usize) -> Option<(Node, usize)> {
    let open_end = i + 3;
    let close = (open_end + 1..end).find(|&k| starts_with(chars, k, end, "```"))?;
    let inner = &chars[open_end..close];
    if is_blank(inner) {
        return None;
    }
    Some((Node::Monospace(collect(inner)), close + 3))
}

fn inline_code(chars: &[char], i: usize, end: usize) -> Option<(Node, usize)> {
    let mut k = i + 1;
    while k < end && chars[k] != '\n' {
        if chars[k] == '`' {
            let inner = &chars[i + 1..k];
            if is_blank(inner) {
                return None;
            }
            return Some((Node::Code(collect(inner)), k + 1));
        }
        k += 1;
    }
    None
}

fn styled(chars: &[char], marker: char, i: usize, end: usize) -> Option<(Node, usize)> {
    let first = *chars.get(i + 1).filter(|_| i + 1 < end)?;
    if first.is_whitespace() || first == marker {
        return None;
    }
    let mut k = i + 2;
    while k < end && chars[k] != '\n' {
        let closes = chars[k] == marker
            && !chars[k - 1].is_whitespace()
            && (k + 1 == end || !chars[k + 1].is_alphanumeric());
        if closes {
            let mut children = Vec::new();
            parse_range(chars, i + 1, k, &mut children);
            let node = match marker {
                '*' => Node::Bold(children),
                '_' => Node::Italic(children),
                _ => Node::Strike(children),
            };
            return Some((node, k + 1));
        }
        k += 1;
    }
    None
}

/// Characters that end a URL found in text.
fn ends_url(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || html::hidden_char_name(c).is_some()
        || matches!(c, '<' | '>' | '"' | '`')
}

fn link(chars: &[char], i: usize, end: usize) -> Option<(Node, usize)> {
    if !starts_with(chars, i, end, "http://") && !starts_with(chars, i, end, "https://") {
        return None;
    }
    let mut stop = (i..end).find(|&k| ends_url(chars[k])).unwrap_or(end);
    // Punctuation after a URL belongs to the sentence, as do the markers of a style around it.
    while stop > i {
        let last = chars[stop - 1];
        let unbalanced = |open: char, close: char| {
            last == close
                && chars[i..stop].iter().filter(|&&c| c == open).count()
                    < chars[i..stop].iter().filter(|&&c| c == close).count()
        };
        if matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_' | '~'
        ) || unbalanced('(', ')')
            || unbalanced('[', ']')
        {
            stop -= 1;
        } else {
            break;
        }
    }
    let url = collect(&chars[i..stop]);
    rules::check(Field::ButtonUrl, &url).ok()?;
    Some((Node::Link(url), stop))
}

#[cfg(test)]
mod tests {
    use super::Node::{self, *};
    use super::parse;

    fn text(s: &str) -> Node {
        Text(s.to_owned())
    }

    #[test]
    fn plain_text_stays_one_piece() {
        assert_eq!(parse("Hello there."), vec![text("Hello there.")]);
    }

    #[test]
    fn the_three_styles() {
        assert_eq!(
            parse("a *b* _c_ ~d~"),
            vec![
                text("a "),
                Bold(vec![text("b")]),
                text(" "),
                Italic(vec![text("c")]),
                text(" "),
                Strike(vec![text("d")]),
            ]
        );
    }

    #[test]
    fn styles_nest() {
        assert_eq!(
            parse("*_both_*"),
            vec![Bold(vec![Italic(vec![text("both")])])]
        );
    }

    #[test]
    fn markers_inside_words_or_next_to_spaces_stay_text() {
        for input in [
            "snake_case_name",
            "2*3*4",
            "* not bold*",
            "*not bold *",
            "a * b * c",
            "**",
            "*open",
        ] {
            assert_eq!(parse(input), vec![text(input)], "{input:?}");
        }
    }

    #[test]
    fn styles_do_not_cross_lines() {
        assert_eq!(parse("*a\nb*"), vec![text("*a\nb*")]);
    }

    #[test]
    fn monospace_spans_lines_and_holds_no_formatting() {
        assert_eq!(
            parse("```let *x* = 1;\nhttps://a.b```!"),
            vec![Monospace("let *x* = 1;\nhttps://a.b".into()), text("!")]
        );
    }

    #[test]
    fn inline_code() {
        assert_eq!(
            parse("run `cargo *test*` now"),
            vec![text("run "), Code("cargo *test*".into()), text(" now")]
        );
        assert_eq!(parse("a ` b"), vec![text("a ` b")]);
    }

    #[test]
    fn urls_become_links_without_trailing_punctuation() {
        assert_eq!(
            parse("See https://example.com/a_b?x=1. Or (http://example.com)"),
            vec![
                text("See "),
                Link("https://example.com/a_b?x=1".into()),
                text(". Or ("),
                Link("http://example.com".into()),
                text(")"),
            ]
        );
        assert_eq!(
            parse("https://en.wikipedia.org/wiki/Rust_(language)"),
            vec![Link("https://en.wikipedia.org/wiki/Rust_(language)".into())]
        );
    }

    #[test]
    fn a_link_inside_a_style() {
        assert_eq!(
            parse("*https://example.com*"),
            vec![Bold(vec![Link("https://example.com".into())])]
        );
    }

    #[test]
    fn only_http_and_https_urls_with_a_host_are_links() {
        for input in [
            "javascript:alert(1)",
            "ftp://example.com",
            "data:text/html,x",
            "https://",
            "https://user:pass@example.com",
            "xhttps://example.com",
        ] {
            assert!(
                parse(input).iter().all(|node| !matches!(node, Link(_))),
                "{input:?}"
            );
        }
    }

    #[test]
    fn line_breaks_are_normalized() {
        assert_eq!(parse("a\r\nb\rc"), vec![text("a\nb\nc")]);
    }
}
