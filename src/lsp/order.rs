//! Every message handled in the order it arrives, `initialize` included.
//!
//! The protocol library starts each message's handler as it reads the message, and drops
//! any notification read before its answer to `initialize` is ready (it marks the session
//! initialized only then). A client that writes `initialize`, `initialized` and
//! `textDocument/didOpen` back to back, without waiting for the answer, would lose the two
//! notifications and never see diagnostics for that document. [`InOrder`] wraps the
//! library's service and is not ready for the next message until `initialize` has been
//! answered, so the reader waits and the session is initialized when the next one starts.
//! Other messages are passed on at once, in the order they come.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::sync::oneshot;
use tower_service::Service;

use super::protocol::jsonrpc::Request;

type Boxed<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

/// The protocol library's service, taking the next message only once `initialize` is done.
pub struct InOrder<S> {
    inner: S,
    /// Resolves when the `initialize` being handled has been answered (or abandoned).
    initializing: Option<oneshot::Receiver<()>>,
}

impl<S> InOrder<S> {
    pub fn new(inner: S) -> Self {
        InOrder {
            inner,
            initializing: None,
        }
    }
}

impl<S> Service<Request> for InOrder<S>
where
    S: Service<Request>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Boxed<S::Response, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        if let Some(answered) = &mut self.initializing {
            // An error only means the handler was dropped: nothing more to wait for.
            let _ = ready!(Pin::new(answered).poll(cx));
            self.initializing = None;
        }
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let initialize = request.method() == "initialize";
        let handled = self.inner.call(request);
        if !initialize {
            return Box::pin(handled);
        }
        let (done, answered) = oneshot::channel();
        self.initializing = Some(answered);
        Box::pin(async move {
            let response = handled.await;
            let _ = done.send(());
            response
        })
    }
}
