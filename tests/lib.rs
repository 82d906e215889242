//! Tests of `cta-core`, in `tests/` (integration) and `ui/` (compile-fail cases).
