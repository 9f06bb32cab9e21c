//! amends checks apology-letter drafts for what will sink them: blame, pressure,
//! non-apologies, self-pity, rushing back.
//!
//! The core is pure: [`Document`] turns text into prose spans, [`Linter`] applies a rule
//! [`Pack`] and returns [`Finding`]s with byte spans into the original text. Reading files,
//! configuration and output belong to the edges: [`cli`], the language server
//! ([`lsp`]) and the writing page ([`write`]).

// Whatever reaches the library came from a user, a file or an editor: outside tests, no
// `unwrap` or `expect` (clippy enforces it in CI).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
pub mod config;
pub mod document;
pub mod draft;
pub mod engine;
pub mod examples;
mod finding;
mod fsutil;
pub mod lsp;
mod par;
pub mod report;
pub mod rules;
pub mod series;
mod suggest;
pub mod write;

/// Email decoding lives with the document model it feeds; `amends::email` stays its name
/// for callers outside the crate.
pub use document::email;
pub use document::{Document, DraftKind, Format};
pub use engine::Linter;
pub use finding::{Finding, Fix, Level, UnknownLevel};
pub use rules::{FileError, Kind, Pack, Rule};

/// Building the pack makes hundreds of thousands of small allocations (phrase trees, word
/// sets) and frees most of them: with the system allocator a third of a short check was
/// spent in `malloc` and `free` (BENCHMARKS.md has the figures). Declared here, once, so
/// the binary, the examples and the tests all run with the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
