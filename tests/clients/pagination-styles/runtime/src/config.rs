//! What a client is configured with: the API's fixed facts (from the spec),
//! the caller's settings and credentials, and per-call overrides.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::auth::{Credential, SecurityScheme};
use super::error::Error;
use super::hook::Hook;
use super::retry::RetryPolicy;
use super::secret::Secret;
use super::servers::{Server, ServerSettings};
use super::transport::Client;

/// Facts about the API fixed at generation time.
#[derive(Debug)]
pub struct ApiInfo {
    /// Sent as `User-Agent`: the generated crate's name and version.
    pub user_agent: &'static str,
    /// The servers operations are sent to, the default first (the one most
    /// operations call, and untyped calls); each operation names its own by
    /// index ([`Operation::server`](super::Operation::server)). Empty when
    /// the spec declares none: the caller sets a base URL.
    pub servers: &'static [Server],
    /// The spec's security schemes; operations refer to them by index.
    /// Schemes sending the same credential share its slot.
    pub security_schemes: &'static [SecurityScheme],
    /// JSON pointers (RFC 6901, e.g. `/error/code`) to the API error code in
    /// an error body, tried before the common places.
    pub error_code_pointers: &'static [&'static str],
    /// JSON pointers to the API error message in an error body, tried before
    /// the common places.
    pub error_message_pointers: &'static [&'static str],
    /// JSON pointers to a retry hint in an error body (seconds, or text as
    /// `Retry-After` takes it), honoured when the `Retry-After` header is absent.
    pub retry_after_pointers: &'static [&'static str],
    /// The spec's top-level security requirement, in the form of
    /// [`Operation::security`](super::Operation::security): what an untyped
    /// call ([`Client::request`]) sends.
    pub default_security: &'static [&'static [usize]],
}

/// Settings for one call, overriding the client's where set.
///
// The example is not run: this file is compiled into every generated crate,
// where the path to `CallOptions` differs.
/// ```ignore
/// use std::time::Duration;
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(5))
///     .deadline(Duration::from_secs(20))
///     .header("X-Tenant", "acme");
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) idle_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) validate: Option<bool>,
    /// Sent after the operation's own headers, replacing any of the same name.
    pub(crate) headers: Vec<(String, String)>,
    /// Appended to the operation's own query parameters.
    pub(crate) query: Vec<(String, String)>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// The timeout of each attempt (sending the request and reading the whole
    /// response; for a streamed body, until it starts).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How long a streamed body (an event stream, JSON Lines, a download)
    /// may go without a byte (see [`ClientBuilder::idle_timeout`]).
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.idle_timeout = Some(idle);
        self
    }

    /// The longest the whole call may take: every attempt and every wait
    /// between attempts. No retry starts that would end after it.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sends this header too, replacing one of the same name the operation
    /// sets (credentials excepted). An invalid name or value fails the call
    /// with an [`Error::Validation`] before anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds this query parameter, after the operation's own.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// These options with `over`'s applied on top: its settings win where it
    /// has them, its headers and query parameters come after these.
    pub fn merged(&self, over: &CallOptions) -> CallOptions {
        CallOptions {
            timeout: over.timeout.or(self.timeout),
            deadline: over.deadline.or(self.deadline),
            idle_timeout: over.idle_timeout.or(self.idle_timeout),
            retry: over.retry.clone().or_else(|| self.retry.clone()),
            max_attempts: over.max_attempts.or(self.max_attempts),
            validate: over.validate.or(self.validate),
            headers: self.headers.iter().chain(&over.headers).cloned().collect(),
            query: self.query.iter().chain(&over.query).cloned().collect(),
        }
    }

    /// How many attempts at most, the first included; `1` turns retries off for this call.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// Whether to check parameters and bodies against the spec before sending.
    pub fn validate(mut self, enabled: bool) -> Self {
        self.validate = Some(enabled);
        self
    }
}

/// Builds a [`Client`].
///
/// Defaults: the spec's servers, a 30 s timeout per attempt (and between
/// the chunks of a streamed body), no overall deadline, a 10 s connect timeout, [`RetryPolicy::default`], validation off.
///
/// Validation is opt-in because a spec's patterns, lengths and ranges are
/// often stricter than what its server accepts: checking them by default
/// would refuse requests that work.
///
/// `Debug` shows which schemes have a credential, never the credentials.
pub struct ClientBuilder {
    pub(crate) info: &'static ApiInfo,
    pub(crate) servers: ServerSettings,
    pub(crate) timeout: Duration,
    pub(crate) deadline: Option<Duration>,
    pub(crate) idle_timeout: Option<Duration>,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    pub(crate) validate: bool,
    pub(crate) http: Option<reqwest::Client>,
    /// One per credential slot of `info.security_schemes`.
    pub(crate) credentials: Vec<Option<Credential>>,
    /// Names given to [`credential`](Self::credential) that the spec does not
    /// declare, reported by [`build`](Self::build).
    pub(crate) unknown_schemes: Vec<String>,
    pub(crate) user_agent: Option<String>,
    #[cfg(feature = "drift")]
    pub(crate) drift: Option<super::drift::Active>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let with_credentials =
            super::auth::schemes_with_credentials(self.info.security_schemes, &self.credentials);
        f.debug_struct("ClientBuilder")
            .field("servers", &self.servers)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("idle_timeout", &self.idle_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks.len())
            .field("validate", &self.validate)
            // A caller's reqwest client may hold proxy passwords or default
            // auth headers in its own `Debug`; say only that there is one.
            .field("custom_http_client", &self.http.is_some())
            .field("credentials_for", &with_credentials)
            .field("unknown_schemes", &self.unknown_schemes)
            .field("user_agent", &self.user_agent)
            .field("records_drift", &self.records_drift())
            .finish()
    }
}

impl ClientBuilder {
    fn records_drift(&self) -> bool {
        #[cfg(feature = "drift")]
        return self.drift.is_some();
        #[cfg(not(feature = "drift"))]
        false
    }

    /// A builder for the API described by `info`.
    pub fn new(info: &'static ApiInfo) -> Self {
        Self {
            info,
            servers: ServerSettings::default(),
            timeout: Duration::from_secs(30),
            deadline: None,
            idle_timeout: None,
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            hooks: Vec::new(),
            validate: false,
            http: None,
            credentials: vec![None; super::auth::slot_count(info.security_schemes)],
            unknown_schemes: Vec::new(),
            user_agent: None,
            #[cfg(feature = "drift")]
            drift: None,
        }
    }

    /// Checks every response against the spec `spec` (the generated crate's
    /// `drift::SPEC`) and records where it departs, in `recorder`. A generated
    /// builder's `record_drift` passes its spec.
    #[cfg(feature = "drift")]
    pub fn record_drift(
        mut self,
        recorder: super::drift::DriftRecorder,
        spec: &'static super::drift::shape::Spec,
    ) -> Self {
        self.drift = Some(super::drift::Active { recorder, spec });
        self
    }

    /// Sends every operation to this base URL instead of the spec's servers
    /// (a sandbox, a mock, a proxy), whichever server it calls: the URL
    /// replaces each server's whole URL, path included. A server given its
    /// own URL with [`server_url`](Self::server_url) keeps that one.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.servers.base_url = Some(url.into());
        self
    }

    /// Sends the operations that call the server at `server` (an index into
    /// [`ApiInfo::servers`]) to `url` instead; the generated crate's
    /// `server_url` names the server by its `Server` variant. An index the
    /// API does not have makes [`build`](Self::build) fail.
    pub fn server_url(mut self, server: usize, url: impl Into<String>) -> Self {
        self.servers.set_url(server, url.into());
        self
    }

    /// Sets the server variable `name` (the `{name}` of a server URL) in
    /// every server that uses it, replacing its default; the generated
    /// crate has a typed method per variable that calls this. A name the
    /// spec does not declare makes [`build`](Self::build) fail naming it.
    pub fn server_variable(mut self, name: &str, value: impl Into<String>) -> Self {
        self.servers.set_variable(name, value.into());
        self
    }

    /// The timeout of each attempt: sending the request and reading the whole
    /// response. For a body read as a stream (an event stream, JSON Lines, a
    /// download) it holds until the body starts; then the
    /// [`idle_timeout`](Self::idle_timeout) bounds each wait for more.
    ///
    /// Applied per request, so it holds with a caller-supplied [`http_client`](Self::http_client) too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a body read as a stream may go without a byte: an event
    /// stream, JSON Lines, a download. A stream may last any time while
    /// bytes keep coming (keep-alive comments count); when none comes for
    /// this long, a GET event stream reconnects (see `EventStream`) and
    /// other streams end with [`Error::Timeout`]. By default the
    /// [`timeout`](Self::timeout).
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.idle_timeout = Some(idle);
        self
    }

    /// The longest a whole call may take, across all its attempts and the
    /// waits between them (the [`timeout`](Self::timeout) bounds each
    /// attempt). A call that runs out of time fails with [`Error::Timeout`];
    /// no retry starts that would end after the deadline.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The same as [`deadline`](Self::deadline).
    pub fn total_timeout(self, total: Duration) -> Self {
        self.deadline(total)
    }

    /// Runs `hook` on every attempt's request just before it is sent and on
    /// every response (for logging, metrics, extra signing). Hooks run in the
    /// order they were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// How long establishing a connection may take.
    ///
    /// Applies to the HTTP client this builder creates; a caller-supplied
    /// client keeps its own connect timeout, but the per-attempt
    /// [`timeout`](Self::timeout) still bounds the whole attempt.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How failed calls are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether to check parameters and bodies against the spec's patterns,
    /// lengths, ranges and item counts before sending (off by default: a
    /// server may accept what its spec forbids). A failed check returns
    /// [`Error::Validation`] without sending anything.
    pub fn validate(mut self, enabled: bool) -> Self {
        self.validate = enabled;
        self
    }

    /// Uses this HTTP client (for proxies, custom TLS, connection pools).
    /// Timeouts, retries and auth of this builder still apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Replaces the default `User-Agent`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sets the credential for the security scheme named `scheme` in the spec,
    /// replacing any set before; it serves every scheme sharing its slot.
    ///
    /// Generated crates offer a typed method per credential that calls this. A
    /// name the spec does not declare makes [`build`](Self::build) fail with
    /// an [`Error::Config`] naming it, rather than the calls failing later
    /// for want of a credential.
    pub fn credential(mut self, scheme: &str, credential: Credential) -> Self {
        let slot = self
            .info
            .security_schemes
            .iter()
            .find(|s| s.name == scheme)
            .map(|s| s.slot);
        match slot.and_then(|slot| self.credentials.get_mut(slot)) {
            Some(held) => *held = Some(credential),
            None => {
                if !self.unknown_schemes.iter().any(|s| s == scheme) {
                    self.unknown_schemes.push(scheme.to_owned());
                }
            }
        }
        self
    }

    /// Sets a bearer token or API key for the scheme named `scheme`.
    pub fn token(self, scheme: &str, token: impl Into<Secret>) -> Self {
        self.credential(scheme, Credential::Token(token.into()))
    }

    /// Sets a user name and password for the HTTP basic scheme named `scheme`.
    pub fn basic(
        self,
        scheme: &str,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        self.credential(
            scheme,
            Credential::Basic {
                username: username.into(),
                password: password.into(),
            },
        )
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] when a server's base URL cannot be formed (the spec
    /// declares none, or a relative one, or a variable without default is not
    /// set: the message names what to set) or is not an `http(s)` URL without
    /// a query, a credential names an unknown scheme or cannot be sent (empty,
    /// wrong kind for its scheme, characters a header cannot carry), the
    /// `User-Agent` is not a valid header, or the HTTP client cannot be
    /// created. The message never contains a credential.
    pub fn build(self) -> Result<Client, Error> {
        Client::from_builder(self)
    }
}
