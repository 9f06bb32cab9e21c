//! The language server's state and its answers to the client.
//!
//! Threads: the protocol runs on one async task; every edit is applied to its document
//! at once (handlers do not await before editing, so edits keep their order); linting
//! runs on the blocking pool. One background task lints documents marked dirty, always
//! the latest version, and publishes only results that are still current: edits that
//! arrive faster than linting coalesce instead of queueing. Another looks at the writer's
//! own configuration file every second, which no editor watches for us.
//!
//! [`state`] holds what the server knows (open documents, settings, client flags),
//! [`lint`] checks documents and turns findings into diagnostics, [`actions`] builds
//! code actions and runs the commands they send back, and [`handlers`] answers each
//! request and notification by calling on the others.

mod actions;
mod handlers;
mod lint;
mod state;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use super::protocol::*;
use state::{Shared, State};

type Result<T> = jsonrpc::Result<T>;

pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    /// A server talking to `client`; `shutdown` is set once the client asks for an orderly
    /// shutdown, which decides the exit status.
    pub fn new(client: Client, shutdown: Arc<AtomicBool>) -> Self {
        let shared = Arc::new(Shared {
            client,
            state: Mutex::new(State::default()),
            wake: Notify::new(),
            settings_ready: Notify::new(),
            shutdown,
        });
        tokio::spawn(lint::lint_worker(shared.clone()));
        tokio::spawn(state::watch_user_config(shared.clone()));
        Backend { shared }
    }
}
