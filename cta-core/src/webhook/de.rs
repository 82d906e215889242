//! Deserializing helpers: strings borrowed from the body when they hold no escape, nulls read
//! as absent, timestamps as strings, and lists whose items are read one by one so that one
//! malformed item does not lose its neighbours.

use std::borrow::Cow;
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
/// array of field values) into a `T`, then made a `U` and wrapped in `Ok`: the fast way, which
/// fails the whole list on one malformed item. Absent or `null` is an empty list. Use with
/// `#[serde(default)]`.
pub(super) fn direct_items<'de, D, T, U>(deserializer: D) -> Result<Vec<Result<U, ItemError<'de>>>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
    U: From<T>,
{
    deserializer.deserialize_option(ListVisitor::<InOnePass<T, U>>(PhantomData))
}

/// A list read the fast way, as [`direct_items`] reads it, that must be there.
pub(super) fn required_direct_items<'de, D, T, U>(
    deserializer: D,
) -> Result<Vec<Result<U, ItemError<'de>>>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
    U: From<T>,
{
    deserializer.deserialize_seq(ListVisitor::<InOnePass<T, U>>(PhantomData))
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

/// How a list's items are read: [`OneByOne`] or [`InOnePass`].
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

/// Each item read in the same pass as the list, as a JSON object only, into a `T` made a `U`.
struct InOnePass<T, U>(PhantomData<(T, U)>);

impl<'de, T: serde::Deserialize<'de>, U: From<T>> ReadItem<'de> for InOnePass<T, U> {
    type Item = Result<U, ItemError<'de>>;
    const EXPECTING: &'static str = "an array of objects";

    fn next<A: SeqAccess<'de>>(seq: &mut A, _: usize) -> Result<Option<Self::Item>, A::Error> {
        Ok(seq
            .next_element_seed(ObjectSeed::<T>(PhantomData))?
            .map(|item| Ok(U::from(item))))
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
