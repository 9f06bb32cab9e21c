//! `amends lsp`: the language server, Language Server Protocol 3.17 over standard input
//! and output. A thin edge over the engine: [`text`] keeps each open document and maps
//! the client's positions, [`protocol`] is the only module that names LSP types,
//! [`server`] holds the state and the answers, and [`framing`] reads standard input so
//! that a broken message is answered with an error instead of ending the session;
//! [`order`] makes messages that follow `initialize` wait for its answer, not vanish.

mod framing;
mod order;
mod protocol;
mod server;
mod settings;
pub mod text;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub use settings::{DEFAULT_EXTENSIONS, DEFAULT_LANGUAGES};

/// Serves one client on stdin/stdout until it sends `exit` or closes the stream. Returns
/// the exit status the protocol asks for: 0 after an orderly `shutdown`, 1 otherwise.
pub fn run() -> std::io::Result<u8> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    runtime.block_on(async move {
        let (service, socket) =
            protocol::LspService::build(move |client| server::Backend::new(client, flag))
                .custom_method(framing::UNREADABLE, server::Backend::unreadable)
                .finish();
        // The library stops at the first message it cannot read; `framing` keeps it going.
        let input = framing::guard(tokio::io::stdin());
        protocol::Server::new(input, tokio::io::stdout(), socket)
            .serve(order::InOrder::new(service))
            .await;
    });
    // Lint tasks still running on the blocking pool are abandoned, not awaited.
    runtime.shutdown_background();
    Ok(if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    })
}
