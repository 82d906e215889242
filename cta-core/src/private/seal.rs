//! The seal of `__private`'s traits: public items in a module no other crate can name, so that
//! only `cta-core` can implement the traits that require them, or call the methods that take a
//! [`Token`].

/// The supertrait of the traits only `cta-core` implements.
pub trait Sealed {}

/// The supertrait of `Checked<T>`: only `T` itself is sealed as a `T`.
pub trait SealedAs<T> {}

/// The supertrait of `CheckedOption<T>`: `T` and `Option<T>`.
pub trait SealedOption<T> {}

/// Proof that the caller is `cta-core`: its field is private, so no other crate can make one.
#[derive(Clone, Copy)]
pub struct Token(pub(super) ());
