//! Benchmarks of `cta-core`, in `benches/`. See `BENCHMARKS.md` at the repository root for the
//! figures and how to reproduce them.
