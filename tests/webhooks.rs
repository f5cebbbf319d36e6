//! Typed webhook events of a real vendor spec (Resend's, in
//! `spec/examples/resend.yaml`): deliveries signed here with HMAC-SHA256,
//! independently of the crate's own signer, then verified and decoded by
//! the generated `WebhookEvent`.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use reqwest::header::{HeaderMap, HeaderValue};
use resend::runtime::{WebhookError, WebhookVerifier};
use resend::webhooks::WebhookEvent;
use sha2::Sha256;

/// A signing secret as Resend's dashboard shows one: `whsec_` and base64 of the key.
const SECRET: &str = "whsec_cmVzZW5kLXdlYmhvb2stdGVzdC1zZWNyZXQtMzJieXRlcyE=";

const EMAIL_SENT: &str = r#"{
  "type": "email.sent",
  "created_at": "2024-02-22T23:41:12.126Z",
  "data": {
    "email_id": "56761188-7520-42d8-8898-ff6fc54ce618",
    "created_at": "2024-02-22T23:41:11.894719+00:00",
    "from": "Acme <onboarding@resend.dev>",
    "to": ["delivered@resend.dev"],
    "subject": "Sending this example",
    "tags": {"category": "confirm_email"}
  }
}"#;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Signs as the sender does: HMAC-SHA256 over `id.timestamp.body`, base64, `v1,` prefix.
fn signed(id: &str, timestamp: u64, body: &str) -> HeaderMap {
    let key = STANDARD
        .decode(SECRET.trim_start_matches("whsec_"))
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    let signature = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    let mut headers = HeaderMap::new();
    // Svix's header names, which Resend sends; `webhook-*` works alike.
    headers.insert("svix-id", HeaderValue::from_str(id).unwrap());
    headers.insert(
        "svix-timestamp",
        HeaderValue::from_str(&timestamp.to_string()).unwrap(),
    );
    headers.insert("svix-signature", HeaderValue::from_str(&signature).unwrap());
    headers
}

#[test]
fn a_signed_delivery_is_verified_then_decoded_by_its_type() {
    let verifier = WebhookVerifier::new(SECRET).unwrap();
    let headers = signed("msg_2cWHs8Yt8JU1P6AXSb3hKOWbBbK", now(), EMAIL_SENT);
    let event =
        WebhookEvent::verify_and_decode(&verifier, &headers, EMAIL_SENT.as_bytes()).unwrap();
    let WebhookEvent::EmailSent(sent) = &event else {
        panic!("decoded as {event:?}");
    };
    assert_eq!(sent.data.email_id, "56761188-7520-42d8-8898-ff6fc54ce618");
    assert_eq!(sent.data.to, ["delivered@resend.dev"]);
    assert_eq!(event.name(), Some("email.sent"));
}

#[test]
fn a_tampered_or_replayed_delivery_is_refused_before_decoding() {
    let verifier = WebhookVerifier::new(SECRET).unwrap();
    let headers = signed("msg_1", now(), EMAIL_SENT);
    let tampered = EMAIL_SENT.replace("delivered@resend.dev", "attacker@example.com");
    assert_eq!(
        WebhookEvent::verify_and_decode(&verifier, &headers, tampered.as_bytes()),
        Err(WebhookError::SignatureMismatch)
    );
    // A delivery captured an hour ago and sent again, with its valid signature.
    let old = now() - 3600;
    let headers = signed("msg_1", old, EMAIL_SENT);
    assert!(matches!(
        WebhookEvent::verify_and_decode(&verifier, &headers, EMAIL_SENT.as_bytes()),
        Err(WebhookError::TimestampOutOfTolerance { .. })
    ));
    // A body signed with another application's secret.
    let other = WebhookVerifier::new("whsec_YW5vdGhlci1hcHBsaWNhdGlvbnMtc2VjcmV0").unwrap();
    let headers = signed("msg_1", now(), EMAIL_SENT);
    assert_eq!(
        WebhookEvent::verify_and_decode(&other, &headers, EMAIL_SENT.as_bytes()),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn every_known_event_type_decodes_as_its_own_variant() {
    // A value the event's own `type` allows picks its variant; the rest of the body
    // is checked against that event's schema, so the wrong shape is an error.
    for name in WebhookEvent::NAMES {
        let body = format!(
            r#"{{"type": "{name}", "created_at": "2024-02-22T23:41:12.126Z", "data": {{}}}}"#
        );
        match WebhookEvent::decode(body.as_bytes()) {
            Ok(event) => assert_eq!(event.name(), Some(*name)),
            Err(e) => assert!(e.to_string().contains("missing field"), "{name}: {e}"),
        }
    }
    let event = WebhookEvent::decode(EMAIL_SENT.as_bytes()).unwrap();
    assert!(matches!(event, WebhookEvent::EmailSent(_)));
}

#[test]
fn an_event_this_version_does_not_know_is_kept_not_refused() {
    let body =
        r#"{"type": "email.teleported", "created_at": "2030-01-01T00:00:00Z", "data": {"x": 1}}"#;
    let WebhookEvent::Unknown(value) = WebhookEvent::decode(body.as_bytes()).unwrap() else {
        panic!("an unknown type must decode as Unknown");
    };
    assert_eq!(value["data"]["x"], 1);
    let untyped = WebhookEvent::decode(br#"{"hello": "world"}"#).unwrap();
    assert!(matches!(untyped, WebhookEvent::Unknown(_)));
    assert!(WebhookEvent::decode(b"not json").is_err());
    assert_eq!(untyped.name(), None);
}

#[test]
fn decoding_by_name_uses_the_named_schema() {
    let event = WebhookEvent::decode_as("email.sent", EMAIL_SENT.as_bytes()).unwrap();
    assert!(matches!(event, WebhookEvent::EmailSent(_)));
    let event = WebhookEvent::decode_as("no.such.event", EMAIL_SENT.as_bytes()).unwrap();
    assert!(matches!(event, WebhookEvent::Unknown(_)));
}
