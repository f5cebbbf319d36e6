//! Hooks: caller code run on every attempt's request before it is sent and
//! on every response, for what the client does not do itself (metrics,
//! request logging, signing, a header computed per attempt).

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Code run around every attempt of every call, added with
/// [`ClientBuilder::hook`](super::ClientBuilder::hook).
///
/// The request a hook sees is the one sent: credentials already applied, so
/// a hook that logs it should leave out the `Authorization` header (it is
/// marked sensitive, and `reqwest` prints it as `Sensitive`).
///
/// ```ignore
/// struct CountCalls(std::sync::atomic::AtomicUsize);
/// impl Hook for CountCalls {
///     fn on_response(&self, response: &HookResponse<'_>) {
///         self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
///     }
/// }
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Called with each attempt's request just before it is sent; it may
    /// change headers, the URL or the body.
    fn on_request(&self, operation: &'static str, request: &mut reqwest::Request) {
        let _ = (operation, request);
    }

    /// Called with each response received, successful or not, before the
    /// client decides whether to retry.
    fn on_response(&self, response: &HookResponse<'_>) {
        let _ = response;
    }
}

/// What a [`Hook`] learns about a response.
#[derive(Debug)]
#[non_exhaustive]
pub struct HookResponse<'a> {
    /// The operation id of the call.
    pub operation: &'static str,
    /// The attempt's number, 1 for the first.
    pub attempt: u32,
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: &'a HeaderMap,
    /// The whole body.
    pub body: &'a [u8],
    /// From sending the request to having read the body.
    pub latency: Duration,
}

/// A hook shared with the caller, who keeps a handle to read what it gathered.
impl<H: Hook> Hook for std::sync::Arc<H> {
    fn on_request(&self, operation: &'static str, request: &mut reqwest::Request) {
        (**self).on_request(operation, request);
    }

    fn on_response(&self, response: &HookResponse<'_>) {
        (**self).on_response(response);
    }
}
