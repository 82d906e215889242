//! The URL rule against the `url` crate (the WHATWG URL standard, as browsers read URLs).
//!
//! The rule is hand-written, so that the macro checks URLs while your code builds without any
//! dependency. This test proves it safe: every URL the rule accepts, `url::Url::parse`
//! accepts too, and reads the same scheme, host and port. What is compared:
//!
//! - the scheme, ASCII-lowercased (`url` lowercases it);
//! - the host, as the rule splits it (`cta_rules::url_parts`), with its `%XX` escapes
//!   decoded as `url` decodes them, then:
//!   - an IPv6 address in brackets: the same `Ipv6Addr` as `url::Host::Ipv6`;
//!   - a host that parses as an `Ipv4Addr`: the same address as `url::Host::Ipv4`;
//!   - an ASCII host name: `url::Host::Domain` equal to it ASCII-lowercased (trailing dot kept);
//!   - a host name with non-ASCII letters: `url::Host::Domain` equal to
//!     `url::quirks::domain_to_ascii` of it. That step is `url`'s own IDNA (lowercasing,
//!     Unicode normalization, Punycode), so for such hosts the test proves that `url` accepts
//!     them and reads the same host text, not that the rule re-derives IDNA;
//! - the port: the rule's port as a number, or the scheme's default when there is none (or an
//!   empty one), equal to `url`'s `port_or_known_default`.
//!
//! The converse does not hold and is not wanted: the rule is stricter than browsers (no
//! user-info, no port 0, no `https:example.com`, no empty labels, …).

use std::net::{Ipv4Addr, Ipv6Addr};

use cta_core::ButtonUrl;
use cta_rules::url_parts;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use url::{Host, Url};

/// `%XX` escapes decoded, as `url` does before it reads a host. `None` when the bytes are not
/// UTF-8 (the rule refuses such hosts).
fn percent_decoded(host: &str) -> Option<String> {
    let bytes = host.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(hex) = host.get(index + 1..index + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Why `url` disagrees with the rule on `text`, if it does.
fn disagreement(text: &str) -> Option<String> {
    let ours = url_parts(text);
    if ours.is_some() != ButtonUrl::new(text.to_owned()).is_ok() {
        return Some("url_parts and ButtonUrl::new disagree".to_owned());
    }
    let (scheme, host, port) = ours?;
    let parsed = match Url::parse(text) {
        Ok(parsed) => parsed,
        Err(error) => return Some(format!("the rule accepts it, url refuses it: {error}")),
    };
    if parsed.scheme() != scheme.to_ascii_lowercase() {
        return Some(format!("scheme: ours {scheme}, url's {}", parsed.scheme()));
    }
    let theirs = parsed.host();
    let same_host = if let Some(inside) = host.strip_prefix('[') {
        let Ok(address) = inside.trim_end_matches(']').parse::<Ipv6Addr>() else {
            return Some(format!(
                "the rule accepts the IPv6 address {host}, Ipv6Addr does not"
            ));
        };
        theirs == Some(Host::Ipv6(address))
    } else {
        let Some(decoded) = percent_decoded(host) else {
            return Some(format!(
                "the rule accepts {host:?}, whose escapes are not UTF-8"
            ));
        };
        if let Ok(address) = decoded.parse::<Ipv4Addr>() {
            theirs == Some(Host::Ipv4(address))
        } else if decoded.is_ascii() {
            theirs == Some(Host::Domain(decoded.to_ascii_lowercase().as_str()))
        } else {
            let ascii = url::quirks::domain_to_ascii(&decoded);
            !ascii.is_empty() && theirs == Some(Host::Domain(ascii.as_str()))
        }
    };
    if !same_host {
        return Some(format!("host: ours {host:?}, url's {theirs:?}"));
    }
    let default = if scheme.eq_ignore_ascii_case("https") {
        443
    } else {
        80
    };
    let our_port = match port {
        None | Some("") => default,
        Some(port) => match port.parse::<u16>() {
            Ok(port) => port,
            Err(_) => return Some(format!("the rule accepts the port {port:?}")),
        },
    };
    if parsed.port_or_known_default() != Some(our_port) {
        return Some(format!(
            "port: ours {our_port}, url's {:?}",
            parsed.port_or_known_default()
        ));
    }
    None
}

/// Pieces of host-name labels that often make a valid label: letters of many scripts and
/// cases (right-to-left ones too), ASCII digits that make IPv4 addresses, `0x`, inner `-` and
/// `_`, percent escapes and Punycode.
const GOOD_PIECES: &[&str] = &[
    "a",
    "b",
    "Z",
    "ex",
    "com",
    "0",
    "1",
    "9",
    "127",
    "255",
    "-",
    "_",
    "~",
    "%41",
    "%61",
    "%C3%A9",
    "xn--mnchen-3ya",
    "XN--BCHER-KVA",
    "xn--fiqs8s",
    "é",
    "É",
    "ß",
    "ü",
    "日",
    "本",
    "ж",
    "Ж",
    "α",
    "ς",
    "ש",
    "ל",
    "ب",
    "ع",
    "Ａ",
    "ｘ",
    "ｎ",
    "Ⓐ",
    "𝐚",
    "ı",
    "İ",
    "ǅ",
    "ﬁ",
    "Ⅸ",
    "0x",
    "0x7f",
    "1f",
];

/// Right-to-left letters, for labels of their own.
const RTL_PIECES: &[&str] = &["ש", "ל", "ب", "ع", "%D7%A9", "1", "-"];

/// Pieces that are hard or wrong in a host: dots and dashes in odd places, large numbers,
/// escapes of forbidden characters, of dots and of non-UTF-8 bytes, broken escapes, broken
/// Punycode, digits of other scripts, characters a host cannot hold.
const TRICKY_PIECES: &[&str] = &[
    "-",
    "--",
    ".",
    "..",
    "256",
    "00",
    "4294967295",
    "0X1f",
    "%2e",
    "%2E",
    "%2F",
    "%25",
    "%3A",
    "%ff",
    "%",
    "%4",
    "%zz",
    "%00",
    "xn--",
    "xn--x",
    "xn--a-",
    "xn--ls8h",
    "１",
    "²",
    "٣",
    "@",
    " ",
    "\u{200B}",
    "<",
    "*",
    "!",
    "'",
    "+",
    ",",
    ";",
    "=",
    "^",
    "|",
    "`",
    "{",
    "[",
    "]",
    ":",
];

const NUMBERS: &[&str] = &[
    "0", "1", "9", "10", "127", "255", "0", "1", "9", "10", "127", "255", "256", "00", "01", "999",
    "0x7f", "0x", "",
];

const IPV6_GROUPS: &[&str] = &[
    "0", "1", "a", "ffff", "FFFF", "0db8", "12345", "g", "1.2.3.4", "1.2.3.04", "",
];

const IPV6_PIECES: &[&str] = &[
    "::",
    ":",
    "1",
    "0",
    "ffff",
    "z",
    "1.2.3.4",
    "256.1.1.1",
    ".",
    "%25eth0",
    "::1",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:9",
];

const PORTS: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    "",
    ":",
    ":80",
    ":443",
    ":0",
    ":1",
    ":65535",
    ":65536",
    ":080",
    ":00000443",
    ":8a",
    "::",
    ": 80",
    ":-1",
    ":+80",
];

const TAILS: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    "/",
    "/",
    "/path?q=1#f",
    "?q",
    "#f",
    "/%2e%2e/",
    "/é",
    "\\",
    "@x",
];

const SCHEMES: &[&str] = &[
    "https://",
    "https://",
    "https://",
    "https://",
    "https://",
    "http://",
    "http://",
    "HTTPS://",
    "HtTp://",
    "https:",
    "https:///",
    "ftp://",
];

fn label() -> impl Strategy<Value = String> {
    let pieces = |good: &'static [&'static str]| {
        prop::collection::vec(
            prop_oneof![12 => prop::sample::select(good), 1 => prop::sample::select(TRICKY_PIECES)],
            1..4,
        )
        .prop_map(|pieces| pieces.concat())
    };
    prop_oneof![8 => pieces(GOOD_PIECES), 1 => pieces(RTL_PIECES)]
}

fn host_name() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(label(), 1..4),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(labels, trailing_dot)| {
            let name = labels.join(".");
            if trailing_dot { name + "." } else { name }
        })
}

fn ipv4() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(NUMBERS), 1..6),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(parts, trailing_dot)| {
            let address = parts.join(".");
            if trailing_dot { address + "." } else { address }
        })
}

fn ipv6() -> impl Strategy<Value = String> {
    let groups = || prop::collection::vec(prop::sample::select(IPV6_GROUPS), 0..9);
    prop_oneof![
        groups().prop_map(|groups| groups.join(":")),
        (groups(), groups()).prop_map(|(head, tail)| format!(
            "{}::{}",
            head.join(":"),
            tail.join(":")
        )),
        prop::collection::vec(prop::sample::select(IPV6_PIECES), 1..5)
            .prop_map(|pieces| pieces.concat()),
    ]
    .prop_map(|address| format!("[{address}]"))
}

fn url_ish() -> impl Strategy<Value = String> {
    let host = prop_oneof![6 => host_name(), 2 => ipv4(), 2 => ipv6()];
    // Mostly the usual scheme, no port and a plain path, so that the host decides.
    let usual_or = |usual: &'static str, others: &'static [&'static str]| prop_oneof![3 => Just(usual), 1 => prop::sample::select(others)];
    (
        usual_or("https://", SCHEMES),
        host,
        usual_or("", PORTS),
        usual_or("/", TAILS),
    )
        .prop_map(|(scheme, host, port, tail)| format!("{scheme}{host}{port}{tail}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn url_accepts_every_url_the_rule_accepts(text in url_ish()) {
        if let Some(why) = disagreement(&text) {
            panic!("{text:?}: {why}");
        }
    }
}

/// The generator reaches both verdicts often, so the property above is not vacuous.
#[test]
fn the_generator_makes_urls_the_rule_accepts_and_refuses() {
    let mut runner = TestRunner::deterministic();
    let strategy = url_ish();
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..2000 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        if ButtonUrl::new(text).is_ok() {
            accepted += 1;
        } else {
            refused += 1;
        }
    }
    assert!(
        accepted > 200 && refused > 200,
        "{accepted} accepted, {refused} refused"
    );
}

/// Hard cases written by hand, with the rule's verdict on each; `url` must accept, with the
/// same host, every one the rule accepts.
#[test]
fn hard_cases() {
    let accepted = [
        "https://example.com",
        "https://example.com.",
        "https://example.com./a",
        "HTTPS://EXAMPLE.COM:443/",
        "http://example.com:80",
        "https://example.com:08080/",
        "https://a-b.c_d.e~f/",
        "https://127.0.0.1/",
        "https://255.255.255.255:1/",
        "https://%31%32%37.0.0.1/",
        "https://%41.example.com/",
        "https://%C3%A9.fr/",
        "https://münchen.de/",
        "https://MÜNCHEN.de/",
        "https://xn--mnchen-3ya.de/",
        "https://XN--MNCHEN-3YA.DE/",
        "https://日本.jp/",
        "https://xn--fiqs8s/",
        "https://straße.de/",
        "https://ｅｘａｍｐｌｅ.com/",
        "https://שלום.com/",
        "https://a.שלום/",
        "https://[::1]/",
        "https://[::1]:8443/",
        "https://[0:0:0:0:0:0:0:1]/",
        "https://[::ffff:1.2.3.4]/",
        "https://[FE80::1]/",
        "https://1.example/",
        "https://0x1g.example/",
    ];
    let refused = [
        "https://./",
        "https://-/",
        "https://a..b/",
        "https://..example.com/",
        "https://example.com../",
        "https://.example.com/",
        "https://-a.com/",
        "https://a-.com/",
        "https://_/",
        "https://~.com/",
        "https://127.1/",
        "https://0x7f.0.0.1/",
        "https://1.2.3.4.5/",
        "https://999.1.1.1/",
        "https://1.2.3.04/",
        "https://1.2.3.4./",
        "https://example.123/",
        "https://example.0x/",
        "https://１２７.０.０.１/",
        "https://%2F.com/",
        "https://%2e/",
        "https://a%2e%2eb/",
        "https://%ff.com/",
        "https://exa%mple.com/",
        "https://%zz.com/",
        "https://xn--a.com/",
        "https://xn--x.com/",
        "https://xn--ls8h.la/",
        "https://aש.com/",
        "https://1.שלום/",
        "https://[zz::1]/",
        "https://[1:2]/",
        "https://[]/",
        "https://[::1%25eth0]/",
        "https://[1:2:3:4:5:6:7:8:9]/",
        "https://[::1.2.3.04]/",
        "https://e.com:/",
        "https://e.com:0/",
        "https://e.com:65536/",
        "https://e.com:8a/",
        "https:///example.com",
        "https:example.com",
        "https://user@example.com/",
    ];
    let mut problems = Vec::new();
    for text in accepted {
        if ButtonUrl::new(text).is_err() {
            problems.push(format!(
                "{text:?} should be accepted: {:?}",
                ButtonUrl::new(text)
            ));
        }
    }
    for text in refused {
        if ButtonUrl::new(text).is_ok() {
            problems.push(format!("{text:?} should be refused"));
        }
    }
    for text in accepted.iter().chain(&refused) {
        if let Some(why) = disagreement(text) {
            problems.push(format!("{text:?}: {why}"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
