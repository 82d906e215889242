//! Compact JSON written key by key, so that a body has Meta's key order (`serde_json`'s map
//! would sort the keys), with every non-ASCII character escaped `\uXXXX` as in Meta's
//! deliveries.

use std::fmt::Write as _;

/// Writes the members of one JSON object.
pub(super) struct ObjectWriter<'w> {
    out: &'w mut String,
    empty: bool,
}

/// Writes `{…}` to `out`, its members written by `members`.
pub(super) fn object(out: &mut String, members: impl FnOnce(&mut ObjectWriter<'_>)) {
    out.push('{');
    let mut writer = ObjectWriter { out, empty: true };
    members(&mut writer);
    writer.out.push('}');
}

impl ObjectWriter<'_> {
    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        string(self.out, key);
        self.out.push(':');
    }

    /// `"key":"value"`.
    pub(super) fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        string(self.out, value);
        self
    }

    /// `"key":true` or `"key":false`.
    pub(super) fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key);
        self.out.push_str(if value { "true" } else { "false" });
        self
    }

    /// `"key":"value"`, or nothing for `None`.
    pub(super) fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.str(key, value);
        }
        self
    }

    /// `"key":number`.
    pub(super) fn int(&mut self, key: &str, value: i64) -> &mut Self {
        self.key(key);
        // Writing to a String cannot fail.
        let _ = write!(self.out, "{value}");
        self
    }

    /// `"key":{…}`.
    pub(super) fn object(
        &mut self,
        key: &str,
        members: impl FnOnce(&mut ObjectWriter<'_>),
    ) -> &mut Self {
        self.key(key);
        object(self.out, members);
        self
    }

    /// `"key":[{…},…]`, one object per item.
    pub(super) fn objects<T>(
        &mut self,
        key: &str,
        items: impl IntoIterator<Item = T>,
        mut members: impl FnMut(&mut ObjectWriter<'_>, T),
    ) -> &mut Self {
        self.key(key);
        self.out.push('[');
        for (index, item) in items.into_iter().enumerate() {
            if index > 0 {
                self.out.push(',');
            }
            object(self.out, |writer| members(writer, item));
        }
        self.out.push(']');
        self
    }
}

/// `text` as a JSON string: quotes, backslashes and control characters escaped, and every
/// character outside ASCII written as `\uXXXX` (two for one outside the Basic Multilingual
/// Plane), as Meta writes them.
pub(super) fn string(out: &mut String, text: &str) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(character),
            _ => {
                for unit in character.encode_utf16(&mut [0; 2]) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::{object, string};

    #[test]
    fn strings_escape_as_meta_writes_them() {
        let mut out = String::new();
        string(&mut out, "a\"b\\c\nd\u{1}é😀/");
        assert_eq!(out, r#""a\"b\\c\nd\u0001\u00e9\ud83d\ude00/""#);
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "a\"b\\c\nd\u{1}é😀/");
    }

    #[test]
    fn members_keep_their_order() {
        let mut out = String::new();
        object(&mut out, |o| {
            o.str("z", "1")
                .opt_str("skipped", None)
                .int("a", -2)
                .object("m", |inner| {
                    inner.str("k", "v");
                })
                .objects("list", [1, 2], |item, n| {
                    item.int("n", n);
                });
        });
        assert_eq!(
            out,
            r#"{"z":"1","a":-2,"m":{"k":"v"},"list":[{"n":1},{"n":2}]}"#
        );
    }
}
