//! Verifying signed webhook deliveries before their bodies are trusted, in
//! the Standard Webhooks scheme (<https://www.standardwebhooks.com>): the
//! sender signs `{id}.{timestamp}.{body}` with HMAC-SHA256 and sends the
//! signature in `webhook-signature` (Svix, which the scheme grew from, names
//! the same headers `svix-*`; both are read).
//!
//! Behind the crate's `webhooks` feature, so the hashing crates are compiled
//! only by applications that receive webhooks.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use reqwest::header::HeaderMap;
use sha2::Sha256;

/// How far a delivery's timestamp may be from now, either way, by default:
/// the scheme's recommendation, which bounds how long a captured delivery
/// can be replayed.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a delivery was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signing secret is not `whsec_` followed by base64, nor base64.
    InvalidSecret,
    /// A header the scheme needs is absent or not text.
    MissingHeader(&'static str),
    /// The timestamp header is not a number of seconds.
    InvalidTimestamp,
    /// The timestamp is further from now than the tolerance: a replay, or a
    /// clock that is off.
    TimestampOutOfTolerance {
        /// Seconds between the delivery's timestamp and now.
        skew_seconds: u64,
    },
    /// No signature in the header matches the body.
    SignatureMismatch,
    /// The body is verified but is not the event it should be.
    Decode(String),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::InvalidSecret => {
                f.write_str("the webhook secret is not `whsec_` followed by base64")
            }
            WebhookError::MissingHeader(name) => write!(f, "the delivery has no `{name}` header"),
            WebhookError::InvalidTimestamp => {
                f.write_str("the delivery's timestamp is not a number of seconds")
            }
            WebhookError::TimestampOutOfTolerance { skew_seconds } => write!(
                f,
                "the delivery's timestamp is {skew_seconds} s from now, beyond the tolerance"
            ),
            WebhookError::SignatureMismatch => {
                f.write_str("no signature of the delivery matches its body")
            }
            WebhookError::Decode(message) => {
                write!(f, "the verified body does not decode: {message}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

/// A verifier of Standard Webhooks signatures for one signing secret.
#[derive(Clone)]
pub struct WebhookVerifier {
    key: Vec<u8>,
    tolerance: Duration,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("key", &"<redacted>")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl WebhookVerifier {
    /// A verifier for the signing secret the API gave (`whsec_…`).
    ///
    /// # Errors
    /// [`WebhookError::InvalidSecret`] when it is not base64 after the prefix.
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
        let key = STANDARD
            .decode(encoded)
            .map_err(|_| WebhookError::InvalidSecret)?;
        if key.is_empty() {
            return Err(WebhookError::InvalidSecret);
        }
        Ok(Self {
            key,
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// Accept timestamps this far from now (default [`DEFAULT_TOLERANCE`]).
    #[must_use]
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks a delivery's headers and raw body against the secret, now.
    ///
    /// # Errors
    /// Any [`WebhookError`] but `Decode`.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// As [`verify`](Self::verify), with the current time given.
    ///
    /// # Errors
    /// Any [`WebhookError`] but `Decode`.
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let id = header(headers, "id")?;
        let timestamp = header(headers, "timestamp")?;
        let signatures = header(headers, "signature")?;
        let sent: u64 = timestamp
            .trim()
            .parse()
            .map_err(|_| WebhookError::InvalidTimestamp)?;
        let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let skew_seconds = now.abs_diff(sent);
        if skew_seconds > self.tolerance.as_secs() {
            return Err(WebhookError::TimestampOutOfTolerance { skew_seconds });
        }
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).map_err(|_| WebhookError::InvalidSecret)?;
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        // Several signatures may be sent while the sender rotates its secret;
        // each is `version,base64`, and only `v1` (HMAC-SHA256) is defined.
        let matched = signatures
            .split_whitespace()
            .filter_map(|s| s.strip_prefix("v1,"))
            .filter_map(|s| STANDARD.decode(s).ok())
            // `verify_slice` compares in constant time.
            .any(|signature| mac.clone().verify_slice(&signature).is_ok());
        if matched {
            Ok(())
        } else {
            Err(WebhookError::SignatureMismatch)
        }
    }

    /// The signature header value for a delivery: for testing receivers.
    pub fn sign(&self, id: &str, timestamp: u64, body: &[u8]) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(format!("{id}.{timestamp}.").as_bytes());
        mac.update(body);
        format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
    }
}

/// `webhook-{name}`, or Svix's `svix-{name}`.
fn header<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h str, WebhookError> {
    let (standard, svix) = match name {
        "id" => ("webhook-id", "svix-id"),
        "timestamp" => ("webhook-timestamp", "svix-timestamp"),
        _ => ("webhook-signature", "svix-signature"),
    };
    headers
        .get(standard)
        .or_else(|| headers.get(svix))
        .and_then(|v| v.to_str().ok())
        .ok_or(WebhookError::MissingHeader(standard))
}
