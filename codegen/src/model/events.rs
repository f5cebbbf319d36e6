//! Webhooks (3.1's top-level `webhooks`) and operations' `callbacks`: the
//! requests the API sends to the application, as one set of typed events.
//!
//! Each event's payload is its request body's JSON schema. When every payload
//! is an object carrying one property (the *tag*, such as `type`) whose schema
//! allows exactly one value, different for each event, a received body is
//! told apart by that value; otherwise only by the event's name, which the
//! application knows from the URL it registered.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{PathItem, ReferenceOr, RequestBody};

use super::convert::Converter;
use super::names::{self, Namespace};
use super::types::{TypeKind, TypeRef, TypeSpace};
use crate::config::SignatureScheme;
use crate::error::{pointer_token, Error, Result};

/// Header parameters that show a delivery is signed with Standard Webhooks.
const STANDARD_WEBHOOKS_HEADERS: &[&str] = &["webhook-signature", "svix-signature"];

/// Where the API describes an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventSource {
    /// A top-level webhook.
    Webhook,
    /// A callback of an operation.
    Callback {
        /// The operationId (or the operation's pointer when it has none).
        operation: String,
        /// The callback URL expression.
        expression: String,
    },
}

/// One kind of request the API sends.
#[derive(Debug)]
pub struct Event {
    /// The webhook's name, or `operation.callback` for callbacks.
    pub key: String,
    /// The Rust variant name of the event enum.
    pub variant: String,
    /// Upper-case HTTP method of the delivery.
    pub method: String,
    /// Where it is declared.
    pub source: EventSource,
    /// `summary`, else `description`.
    pub doc: Option<String>,
    /// The payload type; `None` when the delivery has no JSON body.
    pub payload: Option<TypeRef>,
    /// The tag value that identifies this event in a received body.
    pub tag_value: Option<String>,
    /// JSON pointer of the delivery's operation.
    pub pointer: String,
}

/// Every event of the API.
#[derive(Debug, Default)]
pub struct Events {
    /// In the spec's order: webhooks, then callbacks by operation.
    pub events: Vec<Event>,
    /// The payload property that tells events apart, when there is one.
    pub tag: Option<String>,
    /// How deliveries are signed: from the config, else from the signature
    /// headers the events declare.
    pub signature: Option<SignatureScheme>,
}

/// A webhook or callback path item, as the document gives it.
#[derive(Debug)]
pub struct EventItem {
    /// See [`Event::key`].
    pub key: String,
    /// See [`Event::source`].
    pub source: EventSource,
    /// The path item.
    pub item: PathItem,
    /// Its JSON pointer.
    pub pointer: String,
}

/// Converts the events' payloads; one that cannot be converted is left out
/// with a note, as an unsupported operation is.
pub fn build(
    items: &[EventItem],
    converter: &mut Converter<'_>,
    request_bodies: Option<&IndexMap<String, ReferenceOr<RequestBody>>>,
    configured: Option<SignatureScheme>,
    notes: &mut Vec<String>,
) -> Events {
    let mut variants = Namespace::with_taken(["Unknown"]);
    let mut events = Vec::new();
    let mut signature = configured;
    for entry in items {
        for (method, op) in entry.item.iter() {
            if declares_signature(op) {
                signature.get_or_insert(SignatureScheme::StandardWebhooks);
            }
            let at = format!("{}/{method}", entry.pointer);
            let payload = match payload(op, converter, request_bodies, &entry.key, &at) {
                Ok(payload) => payload,
                Err(e) => {
                    notes.push(format!("left out event {:?}: {e}", entry.key));
                    continue;
                }
            };
            let doc = op.summary.clone().or_else(|| op.description.clone());
            events.push(Event {
                key: entry.key.clone(),
                variant: variants.claim(names::type_name(&entry.key, "Event")),
                method: method.to_ascii_uppercase(),
                source: entry.source.clone(),
                doc,
                payload,
                tag_value: None,
                pointer: at,
            });
        }
    }
    let mut events = Events {
        events,
        tag: None,
        signature,
    };
    events.tag = find_tag(&events.events, converter.space());
    if let Some(tag) = &events.tag {
        for e in &mut events.events {
            e.tag_value = e
                .payload
                .as_ref()
                .and_then(|p| single_value(converter.space(), p, tag));
        }
    }
    events
}

fn declares_signature(op: &openapiv3::Operation) -> bool {
    op.parameters.iter().any(|p| match p {
        ReferenceOr::Item(openapiv3::Parameter::Header { parameter_data, .. }) => {
            STANDARD_WEBHOOKS_HEADERS.contains(&parameter_data.name.to_ascii_lowercase().as_str())
        }
        _ => false,
    })
}

fn payload(
    op: &openapiv3::Operation,
    converter: &mut Converter<'_>,
    request_bodies: Option<&IndexMap<String, ReferenceOr<RequestBody>>>,
    key: &str,
    at: &str,
) -> Result<Option<TypeRef>> {
    let Some(body) = &op.request_body else {
        return Ok(None);
    };
    let body = match body {
        ReferenceOr::Item(b) => b,
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/requestBodies/")
            .and_then(|name| request_bodies?.get(name))
            .and_then(|b| match b {
                ReferenceOr::Item(b) => Some(b),
                ReferenceOr::Reference { .. } => None,
            })
            .ok_or_else(|| {
                Error::invalid(
                    format!("{at}/requestBody"),
                    format!("reference {reference:?} points to no request body"),
                )
            })?,
    };
    let Some((media, content)) = body
        .content
        .iter()
        .find(|(k, _)| super::operations::is_json(k))
    else {
        return Ok(None);
    };
    let Some(schema) = &content.schema else {
        return Ok(Some(TypeRef::Json));
    };
    let schema_at = format!("{at}/requestBody/content/{}/schema", pointer_token(media));
    let context = format!("{}Event", names::type_name(key, "Event"));
    Ok(Some(converter.convert(schema, &context, &schema_at)?.ty()))
}

/// The struct behind a payload type, through aliases.
fn payload_struct<'t>(space: &'t TypeSpace, ty: &TypeRef) -> Option<&'t super::types::StructDef> {
    match &space.def_of(ty)?.kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// The one value the payload's `property` may take, when it allows only one.
fn single_value(space: &TypeSpace, payload: &TypeRef, property: &str) -> Option<String> {
    let field = payload_struct(space, payload)?
        .fields
        .iter()
        .find(|f| f.wire == property)?;
    match &space.def_of(&field.ty)?.kind {
        TypeKind::Enum(e) if e.variants.len() == 1 => Some(e.variants[0].wire.clone()),
        _ => None,
    }
}

/// The property that tells every event apart: present in every JSON payload,
/// one value each, no two alike. Of several, the alphabetically first, so the
/// choice does not depend on the order of the spec.
fn find_tag(events: &[Event], space: &TypeSpace) -> Option<String> {
    let payloads: Vec<&TypeRef> = events.iter().filter_map(|e| e.payload.as_ref()).collect();
    if payloads.len() < 2 || payloads.len() != events.len() {
        return None;
    }
    let first = payload_struct(space, payloads[0])?;
    let candidates: BTreeSet<&str> = first.fields.iter().map(|f| f.wire.as_str()).collect();
    candidates
        .into_iter()
        .find(|property| {
            let mut seen = BTreeSet::new();
            payloads
                .iter()
                .all(|p| single_value(space, p, property).is_some_and(|value| seen.insert(value)))
        })
        .map(str::to_owned)
}
