//! When a failed attempt is tried again, and how long to wait first: the
//! retry policy, which methods and statuses qualify, backoff with jitter, and
//! the server's retry hint (`Retry-After`, or a field of the error body). The
//! loop that applies them is in `transport.rs`.

use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode};

/// How failed calls are retried.
///
/// Retried: connection failures and timeouts, and the statuses of
/// [`statuses`](Self::statuses) (by default 429, 500, 502, 503 and 504). Safe
/// or idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, QUERY) are
/// retried; POST, PATCH and other methods only when the request carries an
/// idempotency key, so a request the server does not deduplicate is never
/// sent twice. The one
/// exception is a connection that could not be established: nothing was sent
/// on it, so any method is tried again.
///
/// A `Retry-After` header (seconds or an HTTP date) replaces the computed
/// backoff, up to [`max_retry_after`](Self::max_retry_after); without the
/// header, a wait the error body carries where the spec's generator config
/// says (e.g. `/retryAfter`) is honoured the same way.
///
/// A call's deadline ([`ClientBuilder::deadline`](super::ClientBuilder::deadline))
/// bounds all attempts and waits together: no retry starts that could not
/// finish before it.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts at most, the first included. `1` disables retries.
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles on each further retry.
    pub initial_backoff: Duration,
    /// The longest wait between attempts computed from the backoff.
    pub max_backoff: Duration,
    /// The longest `Retry-After` the client will wait out. A server asking
    /// for more gets the rate-limit error back at once, carrying the wait.
    pub max_retry_after: Duration,
    /// The response statuses worth another attempt.
    pub statuses: Vec<u16>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
            statuses: vec![429, 500, 502, 503, 504],
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The backoff before retry number `retry` (1-based): the exponential
    /// delay capped at [`max_backoff`](Self::max_backoff), then scaled by a
    /// random factor between one half and one, so that many clients failing
    /// together do not retry in lockstep.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(
            1u32.checked_shl(retry.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let capped = exp.min(self.max_backoff);
        let jitter = 0.5 + 0.5 * fastrand::f64();
        // `mul_f64` panics when the product overflows, as it can near `Duration::MAX`.
        Duration::try_from_secs_f64(capped.as_secs_f64() * jitter).unwrap_or(capped)
    }
}

/// Whether a request of this method may be sent again: the idempotent
/// methods (RFC 9110), `QUERY` among them (safe and idempotent, like GET).
pub(crate) fn method_is_retryable(method: &Method, has_idempotency_key: bool) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
    ) || method.as_str() == "QUERY"
        || has_idempotency_key
}

impl RetryPolicy {
    /// Whether a response status is worth another attempt under this policy.
    pub fn retries_status(&self, status: StatusCode) -> bool {
        self.statuses.contains(&status.as_u16())
    }

    /// Retries these statuses instead of the default ones.
    pub fn with_statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }
}

/// Whether a status is one that the default policy retries, for
/// [`Error::is_retryable`](super::Error::is_retryable).
pub(crate) fn status_is_retryable(status: StatusCode) -> bool {
    RetryPolicy::default().retries_status(status)
}

/// The wait an error body asks for, at the first of `pointers` that holds
/// one: a number of seconds, or text as `Retry-After` takes it.
pub(crate) fn body_retry_after(
    body: &[u8],
    pointers: &[&str],
    now: SystemTime,
) -> Option<Duration> {
    if pointers.is_empty() {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(super::error::strip_bom(body)).ok()?;
    pointers
        .iter()
        .filter_map(|p| json.pointer(p))
        .find_map(|v| match v {
            serde_json::Value::Number(n) => n
                .as_f64()
                .and_then(|secs| parse_retry_after(&secs.to_string(), now)),
            serde_json::Value::String(s) => parse_retry_after(s, now),
            _ => None,
        })
}

/// Parses `Retry-After` as delay-seconds or an HTTP date; a date in the
/// past means no wait. Fractional seconds, which some servers send, are
/// accepted; values too large for a `Duration` saturate rather than panic.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter_and_caps() {
        let p = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let b1 = p.backoff(1);
            assert!(
                b1 >= Duration::from_millis(50) && b1 <= Duration::from_millis(100),
                "{b1:?}"
            );
            let b2 = p.backoff(2);
            assert!(
                b2 >= Duration::from_millis(100) && b2 <= Duration::from_millis(200),
                "{b2:?}"
            );
            let b9 = p.backoff(40);
            assert!(b9 <= Duration::from_millis(350), "{b9:?}");
        }
    }

    #[test]
    fn retry_after_seconds_and_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(120));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(120))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(120));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after(" 2.5 ", now),
            Some(Duration::from_millis(2500))
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
        assert_eq!(parse_retry_after("NaN", now), None);
        assert_eq!(parse_retry_after("inf", now), None);
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("1e30", now), Some(Duration::MAX));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::MAX)
        );
    }

    #[test]
    fn backoff_never_panics_at_the_extremes() {
        let p = RetryPolicy {
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            ..RetryPolicy::default()
        };
        for retry in [0, 1, 2, 31, 32, 33, u32::MAX] {
            let _ = p.backoff(retry);
        }
        let zero = RetryPolicy {
            initial_backoff: Duration::ZERO,
            ..RetryPolicy::default()
        };
        assert_eq!(zero.backoff(3), Duration::ZERO);
    }

    #[test]
    fn retryable_statuses() {
        for code in [429, 500, 502, 503, 504] {
            assert!(
                status_is_retryable(StatusCode::from_u16(code).unwrap()),
                "{code}"
            );
        }
        for code in [400, 401, 403, 404, 409, 422, 501] {
            assert!(
                !status_is_retryable(StatusCode::from_u16(code).unwrap()),
                "{code}"
            );
        }
    }

    #[test]
    fn statuses_are_configurable() {
        let p = RetryPolicy::default().with_statuses([503]);
        assert!(p.retries_status(StatusCode::SERVICE_UNAVAILABLE));
        assert!(!p.retries_status(StatusCode::INTERNAL_SERVER_ERROR));
        assert!(RetryPolicy::default().retries_status(StatusCode::INTERNAL_SERVER_ERROR));
    }

    #[test]
    fn retry_hint_from_the_body() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let ptrs = &["/error/retryAfter", "/retryAfter"];
        let at = |body: &str| body_retry_after(body.as_bytes(), ptrs, now);
        assert_eq!(at(r#"{"retryAfter":2}"#), Some(Duration::from_secs(2)));
        assert_eq!(
            at(r#"{"retryAfter":0.5}"#),
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            at(r#"{"error":{"retryAfter":"3"},"retryAfter":9}"#),
            Some(Duration::from_secs(3))
        );
        assert_eq!(at(r#"{"retryAfter":-1}"#), None);
        assert_eq!(at(r#"{"retryAfter":true}"#), None);
        assert_eq!(at("not json"), None);
        assert_eq!(at(""), None);
        assert_eq!(body_retry_after(br#"{"retryAfter":2}"#, &[], now), None);
    }

    #[test]
    fn post_needs_a_key() {
        assert!(method_is_retryable(&Method::GET, false));
        assert!(method_is_retryable(&Method::HEAD, false));
        assert!(method_is_retryable(&Method::PUT, false));
        assert!(method_is_retryable(&Method::DELETE, false));
        assert!(!method_is_retryable(&Method::POST, false));
        assert!(!method_is_retryable(&Method::PATCH, false));
        assert!(method_is_retryable(&Method::POST, true));
        assert!(method_is_retryable(&Method::PATCH, true));
        let query = Method::from_bytes(b"QUERY").unwrap();
        assert!(method_is_retryable(&query, false));
        let purge = Method::from_bytes(b"PURGE").unwrap();
        assert!(!method_is_retryable(&purge, false));
    }
}
