//! When a failed attempt is tried again, and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode};

/// How failed calls are retried.
///
/// Retried: connection failures and timeouts, and the statuses 429, 502, 503
/// and 504. Safe or idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE) are
/// retried; POST and PATCH only when the request carries an idempotency key,
/// so a request the server does not deduplicate is never sent twice.
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
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// The backoff before retry number `retry` (1-based), with full jitter
    /// between half and all of the exponential delay so that many clients
    /// failing together do not retry in lockstep.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX));
        let capped = exp.min(self.max_backoff);
        let jitter = 0.5 + 0.5 * random_unit();
        capped.mul_f64(jitter)
    }
}

/// Whether a request of this method may be sent again.
pub(crate) fn method_is_retryable(method: &Method, has_idempotency_key: bool) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE)
        || has_idempotency_key
}

/// Whether a response status is worth another attempt.
pub(crate) fn status_is_retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// Parses `Retry-After` as delay-seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A uniformly distributed number in [0, 1) from the standard library's
/// randomly seeded hasher: enough for jitter without a random-number crate.
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64));
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
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
            assert!(b1 >= Duration::from_millis(50) && b1 <= Duration::from_millis(100), "{b1:?}");
            let b2 = p.backoff(2);
            assert!(b2 >= Duration::from_millis(100) && b2 <= Duration::from_millis(200), "{b2:?}");
            let b9 = p.backoff(40);
            assert!(b9 <= Duration::from_millis(350), "{b9:?}");
        }
    }

    #[test]
    fn retry_after_seconds_and_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(120));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(120)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(120));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn post_needs_a_key() {
        assert!(method_is_retryable(&Method::GET, false));
        assert!(method_is_retryable(&Method::DELETE, false));
        assert!(!method_is_retryable(&Method::POST, false));
        assert!(!method_is_retryable(&Method::PATCH, false));
        assert!(method_is_retryable(&Method::POST, true));
    }
}
