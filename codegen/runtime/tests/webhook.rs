//! Webhook signature checks, on the Standard Webhooks scheme's published test
//! vector and on deliveries signed here with a fresh secret.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use codegen_runtime::{WebhookError, WebhookVerifier};
use reqwest::header::{HeaderMap, HeaderValue};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP: u64 = 1_614_265_330;
const BODY: &[u8] = br#"{"test": 2432232314}"#;
/// The scheme's own example: HMAC-SHA256 of `id.timestamp.body` under the secret.
const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn headers(prefix: &str, id: &str, timestamp: u64, signature: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    let mut put = |name: &str, value: &str| {
        h.insert(
            reqwest::header::HeaderName::from_bytes(format!("{prefix}-{name}").as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    };
    put("id", id);
    put("timestamp", &timestamp.to_string());
    put("signature", signature);
    h
}

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

#[test]
fn the_published_vector_verifies() {
    let v = WebhookVerifier::new(SECRET).unwrap();
    assert_eq!(v.sign(ID, TIMESTAMP, BODY), SIGNATURE);
    let h = headers("webhook", ID, TIMESTAMP, SIGNATURE);
    assert_eq!(v.verify_at(&h, BODY, at(TIMESTAMP + 10)), Ok(()));
    // Svix sends the same scheme under its own header names.
    let h = headers("svix", ID, TIMESTAMP, SIGNATURE);
    assert_eq!(v.verify_at(&h, BODY, at(TIMESTAMP)), Ok(()));
}

#[test]
fn any_change_to_body_id_or_timestamp_is_refused() {
    let v = WebhookVerifier::new(SECRET).unwrap();
    let now = at(TIMESTAMP);
    let h = headers("webhook", ID, TIMESTAMP, SIGNATURE);
    assert_eq!(
        v.verify_at(&h, br#"{"test": 2432232315}"#, now),
        Err(WebhookError::SignatureMismatch)
    );
    let h = headers("webhook", "msg_other", TIMESTAMP, SIGNATURE);
    assert_eq!(
        v.verify_at(&h, BODY, now),
        Err(WebhookError::SignatureMismatch)
    );
    let h = headers("webhook", ID, TIMESTAMP + 1, SIGNATURE);
    assert_eq!(
        v.verify_at(&h, BODY, now),
        Err(WebhookError::SignatureMismatch)
    );
    let other = WebhookVerifier::new("whsec_c2VjcmV0LW9mLWFub3RoZXItYXBw").unwrap();
    let h = headers("webhook", ID, TIMESTAMP, SIGNATURE);
    assert_eq!(
        other.verify_at(&h, BODY, now),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn one_matching_signature_among_several_is_enough() {
    let v = WebhookVerifier::new(SECRET).unwrap();
    let list = format!("v1,bm90LXRoaXMtb25l v2,ignored {SIGNATURE}");
    let h = headers("webhook", ID, TIMESTAMP, &list);
    assert_eq!(v.verify_at(&h, BODY, at(TIMESTAMP)), Ok(()));
}

#[test]
fn old_and_future_timestamps_are_refused_beyond_the_tolerance() {
    let v = WebhookVerifier::new(SECRET).unwrap();
    let h = headers("webhook", ID, TIMESTAMP, SIGNATURE);
    assert_eq!(
        v.verify_at(&h, BODY, at(TIMESTAMP + 301)),
        Err(WebhookError::TimestampOutOfTolerance { skew_seconds: 301 })
    );
    assert_eq!(
        v.verify_at(&h, BODY, at(TIMESTAMP - 400)),
        Err(WebhookError::TimestampOutOfTolerance { skew_seconds: 400 })
    );
    let lenient = v.tolerance(Duration::from_secs(3600));
    assert_eq!(lenient.verify_at(&h, BODY, at(TIMESTAMP + 3000)), Ok(()));
}

#[test]
fn a_delivery_signed_now_verifies_now() {
    let v = WebhookVerifier::new("whsec_dGhpcy1pcy1hLWZyZXNoLXRlc3Qtc2VjcmV0").unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let body = br#"{"type":"email.sent","data":{"id":"e1"}}"#;
    let h = headers("webhook", "msg_1", now, &v.sign("msg_1", now, body));
    assert_eq!(v.verify(&h, body), Ok(()));
}

#[test]
fn missing_or_malformed_parts_say_which() {
    let v = WebhookVerifier::new(SECRET).unwrap();
    let mut h = headers("webhook", ID, TIMESTAMP, SIGNATURE);
    h.remove("webhook-signature");
    assert_eq!(
        v.verify_at(&h, BODY, at(TIMESTAMP)),
        Err(WebhookError::MissingHeader("webhook-signature"))
    );
    let mut h = headers("webhook", ID, TIMESTAMP, SIGNATURE);
    h.insert("webhook-timestamp", HeaderValue::from_static("yesterday"));
    assert_eq!(
        v.verify_at(&h, BODY, at(TIMESTAMP)),
        Err(WebhookError::InvalidTimestamp)
    );
    assert_eq!(
        WebhookVerifier::new("whsec_not base64!").unwrap_err(),
        WebhookError::InvalidSecret
    );
    assert!(
        !format!("{v:?}").contains("MfKQ"),
        "the key never shows in Debug"
    );
}
