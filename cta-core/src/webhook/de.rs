//! Deserializing helpers: strings borrowed from the body when they hold no escape, nulls read
//! as absent, timestamps as strings, and lists whose items are read one by one so that one
//! malformed item does not lose its neighbours.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::item::{ItemError, ItemKind};

/// The longest reason an [`ItemError`] or a parse error keeps, in bytes: `serde_json` quotes the
/// offending string, which can be megabytes long.
const REASON_LIMIT: usize = 300;

/// `reason`, cut at [`REASON_LIMIT`] bytes on a character boundary.
pub(super) fn bounded(reason: impl fmt::Display) -> String {
    let mut reason = reason.to_string();
    if reason.len() > REASON_LIMIT {
        let mut end = REASON_LIMIT;
        while !reason.is_char_boundary(end) {
            end -= 1;
        }
        reason.truncate(end);
        reason.push('…');
    }
    reason
}

/// `text`, owned: what `into_owned` does to every string of an item.
pub(super) fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

/// An optional string, owned.
pub(super) fn owned_opt(text: Option<Cow<'_, str>>) -> Option<Cow<'static, str>> {
    text.map(owned)
}

/// Raw JSON, owned (boxed).
pub(super) fn owned_raw(raw: Cow<'_, RawValue>) -> Cow<'static, RawValue> {
    Cow::Owned(raw.into_owned())
}

/// A string, borrowed from the input when it holds no escape.
pub(super) fn cow<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(CowVisitor)
}

/// An optional string: absent or `null` is `None`. Use with `#[serde(default)]`.
pub(super) fn opt_cow<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Cow<'de, str>>, D::Error> {
    deserializer.deserialize_option(OptionVisitor)
}

/// A flag: absent or `null` is `false`. Use with `#[serde(default)]`.
pub(super) fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(deserializer)?.unwrap_or_default())
}

/// A list: absent or `null` is empty. Use with `#[serde(default)]`.
pub(super) fn list<'de, D: Deserializer<'de>, T: serde::Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

use serde::Deserialize as _;

struct CowVisitor;

impl<'de> Visitor<'de> for CowVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}

struct OptionVisitor;

impl<'de> Visitor<'de> for OptionVisitor {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        cow(deserializer).map(Some)
    }
}

/// Something read from one item of a list, on its own, from the item's raw JSON.
pub(super) trait FromItem<'a>: Sized {
    /// What the item is, for [`ItemError`].
    const KIND: ItemKind;

    /// Reads the item, or says why it cannot be read.
    fn from_item(raw: &'a RawValue) -> Result<Self, String>;
}

/// Reads a JSON object, and only an object: serde's derive would also read an array of the
/// field values.
pub(super) fn object<'a, T: serde::Deserialize<'a>>(raw: &'a RawValue) -> Result<T, String> {
    if !raw.get().trim_start().starts_with('{') {
        return Err(bounded(format_args!(
            "expected an object, found `{}`",
            raw.get().chars().take(20).collect::<String>()
        )));
    }
    serde_json::from_str(raw.get()).map_err(bounded)
}

/// Implements [`FromItem`] by serde.
macro_rules! item_by_serde {
    ($($name:ident => $kind:ident),* $(,)?) => {$(
        impl<'a> super::de::FromItem<'a> for $name<'a> {
            const KIND: super::item::ItemKind = super::item::ItemKind::$kind;

            fn from_item(raw: &'a serde_json::value::RawValue) -> Result<Self, String> {
                super::de::object(raw)
            }
        }
    )*};
}
pub(super) use item_by_serde;

/// A list read item by item: each item is first taken as raw JSON, then read on its own, so
/// that a malformed item becomes an [`ItemError`] in its place and the others are still read.
/// Absent or `null` is an empty list. Use with `#[serde(default)]`.
pub(super) fn items<'de, D: Deserializer<'de>, T: FromItem<'de>>(
    deserializer: D,
) -> Result<Vec<Result<T, ItemError<'de>>>, D::Error> {
    deserializer.deserialize_option(ListVisitor::<OneByOne<T>>(PhantomData))
}

/// A list read item by item, as [`items`] reads it, that must be there.
pub(super) fn required_items<'de, D: Deserializer<'de>, T: FromItem<'de>>(
    deserializer: D,
) -> Result<Vec<Result<T, ItemError<'de>>>, D::Error> {
    deserializer.deserialize_seq(ListVisitor::<OneByOne<T>>(PhantomData))
}

/// A list whose items are read in the same pass as the list, each as a JSON object (never an
/// array of field values): the fast way, which fails the whole list on one malformed item.
/// Absent or `null` is an empty list. Use with `#[serde(default)]`.
pub(super) fn direct_list<'de, D: Deserializer<'de>, T: serde::Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    deserializer.deserialize_option(ListVisitor::<InOnePass<T>>(PhantomData))
}

/// A list read the fast way, as [`direct_list`] reads it, that must be there.
pub(super) fn required_direct_list<'de, D: Deserializer<'de>, T: serde::Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    deserializer.deserialize_seq(ListVisitor::<InOnePass<T>>(PhantomData))
}

/// A list read the fast way, as [`direct_list`] reads it, each item wrapped in `Ok`: the type
/// of a list read item by item, which it stands in for.
pub(super) fn direct_items<'de, D: Deserializer<'de>, T: serde::Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<Result<T, ItemError<'de>>>, D::Error> {
    deserializer.deserialize_option(ListVisitor::<InOnePassOk<T>>(PhantomData))
}

/// An optional JSON object, read into a `T` as an object only (never an array of field
/// values): absent or `null` is `None`. Use with `#[serde(default)]`.
pub(super) fn opt_object<'de, D: Deserializer<'de>, T: serde::Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    struct Optional<T>(PhantomData<T>);

    impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for Optional<T> {
        type Value = Option<T>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("an object or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            T::deserialize(ObjectOnly(deserializer)).map(Some)
        }
    }

    deserializer.deserialize_option(Optional(PhantomData))
}

/// How a list's items are read: [`OneByOne`], [`InOnePass`] or [`InOnePassOk`].
trait ReadItem<'de> {
    /// What an item becomes.
    type Item;
    /// What the list is, for "invalid type" errors.
    const EXPECTING: &'static str;

    /// The next item, `index` in the list; `None` at the end.
    fn next<A: SeqAccess<'de>>(seq: &mut A, index: usize) -> Result<Option<Self::Item>, A::Error>;
}

/// Each item taken as raw JSON, then read on its own.
struct OneByOne<T>(PhantomData<T>);

impl<'de, T: FromItem<'de>> ReadItem<'de> for OneByOne<T> {
    type Item = Result<T, ItemError<'de>>;
    const EXPECTING: &'static str = "an array";

    fn next<A: SeqAccess<'de>>(seq: &mut A, index: usize) -> Result<Option<Self::Item>, A::Error> {
        Ok(seq.next_element::<&'de RawValue>()?.map(|raw| {
            T::from_item(raw).map_err(|reason| ItemError::new(T::KIND, index, reason, raw))
        }))
    }
}

/// Each item read in the same pass as the list, as a JSON object only.
struct InOnePass<T>(PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> ReadItem<'de> for InOnePass<T> {
    type Item = T;
    const EXPECTING: &'static str = "an array of objects";

    fn next<A: SeqAccess<'de>>(seq: &mut A, _: usize) -> Result<Option<T>, A::Error> {
        seq.next_element_seed(ObjectSeed(PhantomData))
    }
}

/// Each item read as [`InOnePass`] reads it, wrapped in `Ok`.
struct InOnePassOk<T>(PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> ReadItem<'de> for InOnePassOk<T> {
    type Item = Result<T, ItemError<'de>>;
    const EXPECTING: &'static str = "an array of objects";

    fn next<A: SeqAccess<'de>>(seq: &mut A, index: usize) -> Result<Option<Self::Item>, A::Error> {
        Ok(InOnePass::<T>::next(seq, index)?.map(Ok))
    }
}

/// A list, or absent or `null` for an empty one, its items read as `R` says.
struct ListVisitor<R>(PhantomData<R>);

impl<'de, R: ReadItem<'de>> Visitor<'de> for ListVisitor<R> {
    type Value = Vec<R::Item>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(R::EXPECTING)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Never trust a size hint from the input for an allocation; JSON gives none anyway.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(16));
        while let Some(item) = R::next(&mut seq, out.len())? {
            out.push(item);
        }
        Ok(out)
    }
}

/// Reads a `T` from a JSON object only.
struct ObjectSeed<T>(PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> de::DeserializeSeed<'de> for ObjectSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize(ObjectOnly(deserializer))
    }
}

/// A deserializer that reads a struct from a JSON object only: serde's derive asks for a
/// struct, which `serde_json` also reads from an array of the field values; this asks for a map.
struct ObjectOnly<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// A Unix time in seconds, which Meta writes as a string of digits (a number is taken too).
/// Times after the year 9999 are refused, so that every [`Timestamp`] converts to a
/// `SystemTime` on every platform.
pub(super) fn timestamp<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    deserializer.deserialize_any(TimestampVisitor)
}

/// An optional timestamp: absent or `null` is `None`. Use with `#[serde(default)]`.
pub(super) fn opt_timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    struct Optional;

    impl<'de> Visitor<'de> for Optional {
        type Value = Option<u64>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a Unix time in seconds or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            timestamp(deserializer).map(Some)
        }
    }

    deserializer.deserialize_option(Optional)
}

/// 9999-12-31T23:59:59Z.
pub(super) const MAX_TIMESTAMP: u64 = 253_402_300_799;

struct TimestampVisitor;

impl TimestampVisitor {
    fn check<E: de::Error>(seconds: u64) -> Result<u64, E> {
        if seconds > MAX_TIMESTAMP {
            return Err(E::custom("a Unix time after the year 9999"));
        }
        Ok(seconds)
    }
}

impl Visitor<'_> for TimestampVisitor {
    type Value = u64;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a Unix time in seconds, as a string of digits")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<u64, E> {
        if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(E::invalid_value(
                de::Unexpected::Other("a string that is not digits"),
                &self,
            ));
        }
        let seconds = value
            .parse()
            .map_err(|_| E::custom("a Unix time after the year 9999"))?;
        Self::check(seconds)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<u64, E> {
        Self::check(value)
    }
}

/// A `T` read from a JSON object (never an array of field values), with where its first and
/// last keys are in memory when they are borrowed from the input (hold no escape): what
/// [`object_at`] needs to find the object in the input without reading it again.
pub(super) struct Located<T> {
    pub(super) value: T,
    keys: Keys,
}

/// Where an object's first and last keys are: the address and length of each, when borrowed.
#[derive(Clone, Copy, Default)]
struct Keys {
    first: Option<(usize, usize)>,
    last: Option<(usize, usize)>,
    /// Whether a key has been read.
    seen: bool,
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let keys = Cell::new(Keys::default());
        let value = T::deserialize(Spy {
            inner: deserializer,
            keys: &keys,
        })?;
        Ok(Located {
            value,
            keys: keys.get(),
        })
    }
}

/// The object `located` was read from: the slice of `input` from its `{` to its `}`. `None`
/// when its first or last key was not borrowed from `input`, or the text around them is not
/// what an object's is.
///
/// `input` must be the text `serde_json` read the object from, in the same pass: the object is
/// then well-formed JSON, which is all the scan over its last value relies on. Only the
/// blanks before the first key and the last member are looked at again.
pub(super) fn object_at<'a, T>(input: &'a str, located: &Located<T>) -> Option<&'a str> {
    let base = input.as_ptr().addr();
    let bytes = input.as_bytes();
    let (first, _) = located.keys.first?;
    let (last, last_len) = located.keys.last?;
    // Back over the first key's quote and the blanks before it, to the object's `{`.
    let mut start = first.checked_sub(base)?.checked_sub(1)?;
    if bytes.get(start) != Some(&b'"') {
        return None;
    }
    loop {
        start = start.checked_sub(1)?;
        match bytes[start] {
            b'{' => break,
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => return None,
        }
    }
    // Forward from the last key's closing quote over `:` and its value, to the `}`.
    let mut at = last.checked_sub(base)? + last_len;
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    at = skip_blanks(bytes, at + 1);
    if bytes.get(at) != Some(&b':') {
        return None;
    }
    at = skip_blanks(bytes, value_end(bytes, skip_blanks(bytes, at + 1))?);
    if bytes.get(at) != Some(&b'}') {
        return None;
    }
    input.get(start..=at)
}

/// The index of the first byte from `at` on that is not a JSON blank.
fn skip_blanks(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(at) {
        at += 1;
    }
    at
}

/// The index just past the well-formed JSON value that starts at `at`.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match *bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0_usize;
            let mut at = at;
            loop {
                match *bytes.get(at)? {
                    b'"' => {
                        at = string_end(bytes, at)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        // A number, `true`, `false` or `null`: up to what ends it.
        _ => {
            let rest = bytes.get(at..)?;
            let length = rest
                .iter()
                .position(|byte| matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(rest.len());
            Some(at + length)
        }
    }
}

/// The index just past the well-formed JSON string whose opening quote is at `at`.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at + 1;
    loop {
        at = quote_or_backslash(bytes, at)?;
        if bytes[at] == b'"' {
            return Some(at + 1);
        }
        at += 2; // the backslash and the character it escapes
    }
}

/// The index of the first `"` or `\` of `bytes` from `from` on, eight bytes at a time.
fn quote_or_backslash(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH_BITS: u64 = ONES << 7;
    let mut at = from;
    while let Some(Ok(chunk)) = bytes.get(at..at + 8).map(<[u8; 8]>::try_from) {
        let word = u64::from_le_bytes(chunk);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // A byte of `quote` or `backslash` is zero where the byte was a quote or a backslash;
        // the lowest flagged byte is always a true one.
        let found = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash))
            & HIGH_BITS;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter()
        .position(|&byte| byte == b'"' || byte == b'\\')
        .map(|offset| at + offset)
}

/// A deserializer that reads a struct from a JSON object only (as [`ObjectOnly`]) and notes
/// where its first and last keys are.
struct Spy<'c, D> {
    inner: D,
    keys: &'c Cell<Keys>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Spy<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(SpyVisitor {
            inner: visitor,
            keys: self.keys,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The visitor of a struct, its map's keys noted.
struct SpyVisitor<'c, V> {
    inner: V,
    keys: &'c Cell<Keys>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for SpyVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(formatter)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(SpyMap {
            inner: map,
            keys: self.keys,
        })
    }
}

/// A map whose keys are noted.
struct SpyMap<'c, A> {
    inner: A,
    keys: &'c Cell<Keys>,
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for SpyMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(KeySpy {
            inner: seed,
            keys: self.keys,
        })
    }

    fn next_value_seed<S: de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A key of a map: seed, deserializer and visitor at once, noting where the key is when it
/// is borrowed from the input.
struct KeySpy<'c, T> {
    inner: T,
    keys: &'c Cell<Keys>,
}

impl<T> KeySpy<'_, T> {
    /// Notes a key: where it is when borrowed (`None` when not).
    fn note(&self, key: Option<&str>) {
        let place = key.map(|key| (key.as_ptr().addr(), key.len()));
        let mut keys = self.keys.get();
        if !keys.seen {
            keys.first = place;
            keys.seen = true;
        }
        keys.last = place;
        self.keys.set(keys);
    }
}

impl<'de, K: de::DeserializeSeed<'de>> de::DeserializeSeed<'de> for KeySpy<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        self.inner.deserialize(KeySpy {
            inner: deserializer,
            keys: self.keys,
        })
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeySpy<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_identifier(KeySpy {
            inner: visitor,
            keys: self.keys,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        ignored_any
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeySpy<'_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(formatter)
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<V::Value, E> {
        self.note(Some(key));
        self.inner.visit_borrowed_str(key)
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<V::Value, E> {
        self.note(None);
        self.inner.visit_str(key)
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<V::Value, E> {
        self.note(None);
        self.inner.visit_string(key)
    }

    fn visit_u64<E: de::Error>(self, key: u64) -> Result<V::Value, E> {
        self.note(None);
        self.inner.visit_u64(key)
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<V::Value, E> {
        self.note(None);
        self.inner.visit_bytes(key)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, key: &'de [u8]) -> Result<V::Value, E> {
        self.note(None);
        self.inner.visit_borrowed_bytes(key)
    }
}
