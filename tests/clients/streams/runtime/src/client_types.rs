//! [`client_types!`]: the `Client` and `ClientBuilder` of a generated crate,
//! its own types wrapping this crate's [`Client`](crate::Client) and
//! [`ClientBuilder`](crate::ClientBuilder).
//!
//! A generated crate adds methods of its own to both (one accessor per tag,
//! one credential setter per security scheme), which Rust allows only on a
//! crate's own types. The wrappers keep every method of the runtime's: the
//! builder's are forwarded here, once for all generated crates, and the
//! client's through `Deref`.

/// Defines a generated crate's `Client` and `ClientBuilder` wrappers.
///
/// ```ignore
/// runtime::client_types!(Client, ClientBuilder, "A client of the Example API.");
/// ```
///
/// Generated code's, not the API a client's users call.
#[doc(hidden)]
#[macro_export]
macro_rules! client_types {
    ($client:ident, $builder:ident, $doc:literal) => {
        #[doc = $doc]
        ///
        /// Cheap to clone: clones share one connection pool and one set of
        /// credentials, so a credential replaced on one is used by all.
        /// `Debug` never shows credentials. Everything the runtime's client
        /// offers ([`set_credential`]($crate::Client::set_credential),
        /// [`request`]($crate::Client::request) for untyped calls) is
        /// reachable through `Deref`.
        #[derive(Clone, Debug)]
        pub struct $client {
            inner: $crate::Client,
        }

        impl ::std::ops::Deref for $client {
            type Target = $crate::Client;
            fn deref(&self) -> &$crate::Client {
                &self.inner
            }
        }

        impl ::std::convert::From<$crate::Client> for $client {
            fn from(inner: $crate::Client) -> Self {
                Self { inner }
            }
        }

        impl $client {
            /// A handle to the same client whose calls use `options` where they set something.
            pub fn with_options(&self, options: $crate::CallOptions) -> Self {
                Self {
                    inner: self.inner.with_options(options),
                }
            }
        }

        #[doc = concat!("Builds a [`", stringify!($client), "`].")]
        ///
        /// Defaults: the spec's servers, a 30 s timeout per attempt, no
        /// overall deadline, a 10 s connect timeout, the default retry policy,
        /// validation off (a spec's patterns, lengths and ranges are often
        /// stricter than what its server accepts). `Debug` shows which schemes
        /// have a credential, never the credentials.
        #[derive(Debug)]
        pub struct $builder {
            inner: $crate::ClientBuilder,
        }

        impl ::std::convert::From<$crate::ClientBuilder> for $builder {
            fn from(inner: $crate::ClientBuilder) -> Self {
                Self { inner }
            }
        }

        impl $builder {
            /// Sends every operation to this base URL instead of the spec's
            /// servers (a sandbox, a mock, a proxy), whichever server it
            /// calls: the URL replaces each server's whole URL, path
            /// included. A server given its own URL keeps that one.
            pub fn base_url(self, url: impl Into<String>) -> Self {
                self.inner.base_url(url).into()
            }

            /// Sets the server variable `name` (the `{name}` of a server URL)
            /// in every server that uses it, replacing its default; the typed
            /// method per variable calls this. A name the spec does not
            /// declare makes [`build`](Self::build) fail naming it.
            pub fn server_variable(self, name: &str, value: impl Into<String>) -> Self {
                self.inner.server_variable(name, value).into()
            }

            /// The timeout of each attempt: sending the request and reading the
            /// whole response. Applied per request, so it holds with a
            /// caller-supplied [`http_client`](Self::http_client) too.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                self.inner.timeout(timeout).into()
            }

            /// The longest a whole call may take, across all its attempts and the
            /// waits between them (the [`timeout`](Self::timeout) bounds each
            /// attempt). A call that runs out of time fails with
            /// [`Error::Timeout`]($crate::Error::Timeout); no retry starts that
            /// would end after the deadline.
            pub fn deadline(self, deadline: ::std::time::Duration) -> Self {
                self.inner.deadline(deadline).into()
            }

            /// The same as [`deadline`](Self::deadline).
            pub fn total_timeout(self, total: ::std::time::Duration) -> Self {
                self.inner.total_timeout(total).into()
            }

            /// Runs `hook` on every attempt's request just before it is sent and
            /// on every response (for logging, metrics, extra signing). Hooks run
            /// in the order they were added.
            pub fn hook(self, hook: impl $crate::Hook) -> Self {
                self.inner.hook(hook).into()
            }

            /// How long establishing a connection may take. Applies to the HTTP
            /// client this builder creates; a caller-supplied client keeps its
            /// own, but the per-attempt [`timeout`](Self::timeout) still bounds
            /// the whole attempt.
            pub fn connect_timeout(self, timeout: ::std::time::Duration) -> Self {
                self.inner.connect_timeout(timeout).into()
            }

            /// How failed calls are retried.
            pub fn retry(self, policy: $crate::RetryPolicy) -> Self {
                self.inner.retry(policy).into()
            }

            /// Whether to check parameters and bodies against the spec's
            /// patterns, lengths, ranges and item counts before sending (off by
            /// default: a server may accept what its spec forbids). A failed
            /// check returns [`Error::Validation`]($crate::Error::Validation)
            /// without sending anything.
            pub fn validate(self, enabled: bool) -> Self {
                self.inner.validate(enabled).into()
            }

            /// Uses this HTTP client (for proxies, custom TLS, connection pools).
            /// Timeouts, retries and auth of this builder still apply.
            pub fn http_client(self, client: $crate::__private::reqwest::Client) -> Self {
                self.inner.http_client(client).into()
            }

            /// Replaces the default `User-Agent`.
            pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
                self.inner.user_agent(user_agent).into()
            }

            /// Sets the credential for the security scheme named `scheme` in the
            /// spec, replacing any set before; the typed method per scheme calls
            /// this. A name the spec does not declare makes
            /// [`build`](Self::build) fail naming it.
            pub fn credential(self, scheme: &str, credential: $crate::Credential) -> Self {
                self.inner.credential(scheme, credential).into()
            }

            /// Sets a bearer token or API key for the scheme named `scheme`.
            pub fn token(self, scheme: &str, token: impl Into<$crate::Secret>) -> Self {
                self.inner.token(scheme, token).into()
            }

            /// Sets a user name and password for the HTTP basic scheme named `scheme`.
            pub fn basic(
                self,
                scheme: &str,
                username: impl Into<String>,
                password: impl Into<$crate::Secret>,
            ) -> Self {
                self.inner.basic(scheme, username, password).into()
            }

            /// Builds the client.
            ///
            /// # Errors
            /// [`Error::Config`]($crate::Error::Config) when a server's base URL
            /// cannot be formed (the spec declares none, or a relative one, or a
            /// variable without default is not set: the message names what to
            /// set) or is not an `http(s)` URL without a query, a credential names an unknown
            /// scheme or cannot be sent, the `User-Agent` is not a valid header,
            /// or the HTTP client cannot be created. The message never contains
            /// a credential.
            pub fn build(self) -> ::std::result::Result<$client, $crate::Error> {
                self.inner.build().map($client::from)
            }
        }
    };
}

#[cfg(test)]
// The wrappers of an example crate, of which the tests call a few methods.
#[allow(dead_code)]
mod tests {
    use super::super as runtime;

    static API: runtime::ApiInfo = runtime::ApiInfo {
        user_agent: "example/1.0",
        servers: &[runtime::Server {
            url: "https://api.example.com",
            name: "",
            variables: &[],
        }],
        security_schemes: &[runtime::SecurityScheme {
            name: "key",
            kind: runtime::SchemeKind::Bearer,
            slot: 0,
            setter: "bearer_token",
        }],
        error_code_pointers: &[],
        error_message_pointers: &[],
        retry_after_pointers: &[],
        default_security: &[&[0usize]],
    };

    runtime::client_types!(Client, ClientBuilder, "A client of the example API.");

    impl Client {
        fn builder() -> ClientBuilder {
            runtime::ClientBuilder::new(&API).into()
        }
    }

    #[test]
    fn the_wrappers_forward_every_setting_and_keep_the_runtime_client() {
        let client = Client::builder()
            .base_url("http://localhost:1")
            .timeout(std::time::Duration::from_secs(1))
            .retry(runtime::RetryPolicy::default())
            .token("key", "secret")
            .build()
            .unwrap();
        let with = client.with_options(runtime::CallOptions::new().validate(true));
        assert!(with.validates(&runtime::CallOptions::new()));
        assert!(!client.validates(&runtime::CallOptions::new()));
        assert!(!format!("{client:?}").contains("secret"));
    }

    #[test]
    fn an_unknown_scheme_still_fails_the_build() {
        let err = Client::builder().token("nope", "x").build().unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }
}
