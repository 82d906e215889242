//! What the item modules share: which kind of item a malformed one was, and the error that
//! takes its place. A leaf: it depends on no other module of `webhook`.

use std::fmt;

use serde_json::value::RawValue;

/// What kind of item an [`ItemError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ItemKind {
    /// An `entry[]` item.
    Entry,
    /// A `changes[]` item.
    Change,
    /// A value's `contacts[]` item.
    Contact,
    /// A value's `messages[]` item.
    Message,
    /// A value's `statuses[]` item.
    Status,
    /// A value's `errors[]` item.
    Error,
}

impl ItemKind {
    /// The item's name in prose: `entry`, `change`, `contact`, `message`, `status`, `error`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Entry => "entry",
            ItemKind::Change => "change",
            ItemKind::Contact => "contact",
            ItemKind::Message => "message",
            ItemKind::Status => "status",
            ItemKind::Error => "error",
        }
    }
}

/// One item of a notification that could not be read, in its place: which item, why, and its
/// raw JSON. Its neighbours are read all the same.
///
/// It displays as `entry 0, change 1, message 2: <why>`; the raw JSON is not displayed. The
/// why may quote the item (a malformed phone number, say): its `Debug` shows only its length,
/// and [`location`](Self::location) is what to log where personal data must not go.
#[derive(Clone)]
pub struct ItemError<'a> {
    kind: ItemKind,
    pub(super) entry: usize,
    pub(super) change: Option<usize>,
    index: usize,
    reason: String,
    raw: &'a RawValue,
}

impl<'a> ItemError<'a> {
    pub(super) fn new(kind: ItemKind, index: usize, reason: String, raw: &'a RawValue) -> Self {
        ItemError {
            kind,
            entry: index,
            change: None,
            index,
            reason,
            raw,
        }
    }

    /// What kind of item it is.
    #[must_use]
    pub fn kind(&self) -> ItemKind {
        self.kind
    }

    /// The index of the entry it is (or is in).
    #[must_use]
    pub fn entry(&self) -> usize {
        self.entry
    }

    /// The index of the change it is (or is in) within its entry; `None` for an entry.
    #[must_use]
    pub fn change(&self) -> Option<usize> {
        self.change
    }

    /// Its index in its own list (`entry[]`, `changes[]`, `messages[]`, …).
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// Why it could not be read (`serde_json`'s words, cut at a few hundred bytes). It may
    /// quote the item's content (a message's text, a phone number): log
    /// [`location`](Self::location) where those must not go.
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// Where the item is, without why: `entry 0, change 1, message 2`. It quotes nothing of
    /// the item, unlike the error's `Display`.
    #[must_use]
    pub fn location(&self) -> impl fmt::Display + '_ {
        ItemLocation(self)
    }

    /// The item as it came, raw JSON borrowed from the body.
    #[must_use]
    pub fn raw(&self) -> &'a RawValue {
        self.raw
    }
}

/// [`ItemError::location`].
struct ItemLocation<'e, 'a>(&'e ItemError<'a>);

impl fmt::Display for ItemLocation<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = self.0;
        write!(f, "entry {}", error.entry)?;
        if let Some(change) = error.change {
            write!(f, ", change {change}")?;
            if !matches!(error.kind, ItemKind::Change) {
                write!(f, ", {} {}", error.kind.name(), error.index)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for ItemError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.reason)
    }
}

impl fmt::Debug for ItemError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemError")
            .field("kind", &self.kind)
            .field("entry", &self.entry)
            .field("change", &self.change)
            .field("index", &self.index)
            .field("reason", &crate::graph::Hidden(&self.reason))
            .field("raw_len", &self.raw.get().len())
            .finish()
    }
}

impl std::error::Error for ItemError<'_> {}
