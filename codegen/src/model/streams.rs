//! Sequential bodies: responses that are a stream of items (Server-Sent
//! Events, JSON Lines, NDJSON, JSON text sequences) and request bodies of
//! JSON Lines. A media type's `schema` is the type of one item's payload
//! (what 3.0/3.1 specs write, and what normalizing 3.2's `itemSchema`
//! gives); without one, or with a plain string, the items are raw events or
//! lines. What the operation needs beyond its types is worked out once the
//! types are known ([`attach`]): the request member that asks for the
//! stream (`stream: true`), the sentinel that ends it (`data: [DONE]`, read
//! from the descriptions or the config), and the method returning it.

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, RequestBody, SchemaKind, Type};

use super::convert::Converter;
use super::operations::{Content, Operation};
use super::types::{TypeKind, TypeRef, TypeSpace};
use crate::config::{ParamPlace, StreamConfig};
use crate::error::{pointer_token, Error, Result};
use crate::media_type::{self, essence};

/// How a sequential body is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `text/event-stream`: an item per event, decoded from its `data`.
    ServerSentEvents,
    /// An item per line (JSON Lines, NDJSON, JSON text sequences).
    Lines,
}

impl Framing {
    /// The name the inference report gives it.
    pub fn name(self) -> &'static str {
        match self {
            Framing::ServerSentEvents => "sse",
            Framing::Lines => "lines",
        }
    }
}

/// How a body of this media type is framed, when it is a sequence.
pub fn framing(media: &str) -> Option<Framing> {
    if media_type::is_event_stream(media) {
        Some(Framing::ServerSentEvents)
    } else if media_type::is_json_lines(media) {
        Some(Framing::Lines)
    } else {
        None
    }
}

/// A stream an operation's success answers with.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    /// How it is framed.
    pub framing: Framing,
    /// Its media type (the essence), asked for with `Accept`.
    pub media_type: String,
    /// The type of one item; `None`: raw events (`runtime::SseEvent`) or lines (`String`).
    pub item: Option<TypeRef>,
    /// The data of the event or line that ends it.
    pub sentinel: Option<String>,
    /// Where the sentinel was read: a description, or the config.
    pub sentinel_source: Option<String>,
    /// The request member that asks for the stream.
    pub flag: Option<StreamFlag>,
    /// The builder method returning it: `send` when the stream is the only
    /// success body, else the one beside the usual `send` (`events`).
    pub method: String,
    /// A dropped connection is resumed (an event stream of a GET).
    pub reconnects: bool,
}

/// A request member that turns an operation answering with one body to the
/// stream: `stream: true`, or a format member set to `sse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamFlag {
    /// Its name on the wire.
    pub name: String,
    /// Where it goes.
    pub place: ParamPlace,
    /// The string it is set to; `None`: `true`.
    pub value: Option<String>,
}

/// The stream a media type of a success response declares, its item type
/// converted.
///
/// # Errors
/// As converting the item schema.
pub fn stream(
    converter: &mut Converter<'_>,
    key: &str,
    media: &MediaType,
    framing: Framing,
    at: &str,
    type_context: &str,
) -> Result<Stream> {
    let item = match &media.schema {
        None => None,
        Some(ReferenceOr::Item(s))
            if matches!(s.schema_kind, SchemaKind::Type(Type::String(_))) =>
        {
            None
        }
        Some(schema) => {
            let suffix = match framing {
                Framing::ServerSentEvents => "Event",
                Framing::Lines => "Item",
            };
            let at = format!("{at}/content/{}/schema", pointer_token(key));
            let ty = converter
                .convert(schema, &format!("{type_context}{suffix}"), &at)?
                .ty();
            Some(ty).filter(|ty| *ty != TypeRef::String)
        }
    };
    Ok(Stream {
        framing,
        media_type: essence(key),
        item,
        sentinel: None,
        sentinel_source: None,
        flag: None,
        method: String::new(),
        reconnects: false,
    })
}

/// A response's media types, by media type.
pub type ContentMap = IndexMap<String, MediaType>;

/// A success response's stream, converted, and its other media types: what
/// it decodes when it is no stream.
///
/// # Errors
/// As converting the item schema.
pub fn split_success<'c>(
    converter: &mut Converter<'_>,
    content: &'c ContentMap,
    at: &str,
    type_context: &str,
) -> Result<(Cow<'c, ContentMap>, Option<Stream>)> {
    let Some((key, media, framed)) = content.iter().find_map(|(k, m)| Some((k, m, framing(k)?)))
    else {
        return Ok((Cow::Borrowed(content), None));
    };
    let stream = stream(converter, key, media, framed, at, type_context)?;
    let others = content
        .iter()
        .filter(|(k, _)| framing(k).is_none())
        .map(|(k, m)| (k.clone(), m.clone()))
        .collect();
    Ok((Cow::Owned(others), Some(stream)))
}

/// A request body of JSON Lines with a typed item: the item type and the
/// media type. Lines without an item type are left to be text.
///
/// # Errors
/// As converting the item schema.
pub fn lines_body(
    converter: &mut Converter<'_>,
    body: &RequestBody,
    at: &str,
    type_context: &str,
) -> Result<Option<(TypeRef, String)>> {
    let lines = body
        .content
        .iter()
        .find(|(k, m)| framing(k) == Some(Framing::Lines) && m.schema.is_some());
    let Some((key, media)) = lines else {
        return Ok(None);
    };
    let stream = stream(converter, key, media, Framing::Lines, at, type_context)?;
    Ok(stream.item.map(|item| (item, stream.media_type)))
}

/// The stream of an operation: its success content, or the one beside it.
pub fn of(op: &Operation) -> Option<&Stream> {
    match &op.success.content {
        Content::Stream(s) => Some(s),
        _ => op.success.stream.as_ref(),
    }
}

fn of_mut(op: &mut Operation) -> Option<&mut Stream> {
    match &mut op.success.content {
        Content::Stream(s) => Some(s),
        _ => op.success.stream.as_mut(),
    }
}

/// Works out, for every operation with a stream, what its types and texts
/// say: the flag asking for it, its sentinel (the config's over the
/// descriptions'), its method's name and whether it reconnects.
///
/// # Errors
/// A config entry naming an operation the spec does not have, or one
/// without a stream.
pub fn attach(ops: &mut [Operation], space: &TypeSpace, config: &[StreamConfig]) -> Result<()> {
    for entry in config {
        let known = ops.iter().find(|o| o.id == entry.operation);
        let why = match known {
            None => "which the spec does not have",
            Some(op) if of(op).is_none() => "whose response is no stream of events or lines",
            Some(_) => continue,
        };
        return Err(Error::Config {
            path: "streams".into(),
            message: format!("streams names operation {:?}, {why}", entry.operation),
        });
    }
    for op in ops.iter_mut() {
        let Some(found) = of(op) else { continue };
        let primary = matches!(op.success.content, Content::Stream(_));
        let framing = found.framing;
        let flag = flag(op, space);
        let configured = config.iter().find(|c| c.operation == op.id);
        let sentinel = match configured.and_then(|c| c.sentinel.clone()) {
            Some(configured) => configured.map(|s| (s, "the config".to_owned())),
            None => documented_sentinel(op, space),
        };
        // Beside the usual `send`, a name no parameter setter has taken.
        let method = if primary {
            "send".to_owned()
        } else if op.params.iter().any(|p| p.name == "events") {
            "event_stream".to_owned()
        } else {
            "events".to_owned()
        };
        let reconnects = framing == Framing::ServerSentEvents && op.http_method == "GET";
        if let Some(stream) = of_mut(op) {
            stream.flag = flag;
            (stream.sentinel, stream.sentinel_source) = sentinel.unzip();
            stream.method = method;
            stream.reconnects = reconnects;
        }
    }
    Ok(())
}

/// What turns an operation that can answer with one body or a stream to
/// the stream: a boolean query parameter or JSON body member named
/// `stream`, else a body member named for streaming whose allowed values
/// include `sse` (OpenAI's `stream_format`), set to that.
fn flag(op: &Operation, space: &TypeSpace) -> Option<StreamFlag> {
    let is_bool = |ty: &TypeRef| space.identity(ty) == TypeRef::Boolean;
    let flag = |name: &str, place, value: Option<&str>| StreamFlag {
        name: name.to_owned(),
        place,
        value: value.map(str::to_owned),
    };
    if let Some(p) = op.params.iter().find(|p| {
        p.wire == "stream" && p.location == super::operations::Location::Query && is_bool(&p.ty)
    }) {
        return Some(flag(&p.wire, ParamPlace::Query, None));
    }
    let body = op.body.as_ref()?;
    if body.kind != super::operations::BodyKind::Json {
        return None;
    }
    let TypeKind::Struct(s) = &space.def_of(&body.ty)?.kind else {
        return None;
    };
    if let Some(f) = s
        .fields
        .iter()
        .find(|f| f.wire == "stream" && is_bool(&f.ty))
    {
        return Some(flag(&f.wire, ParamPlace::Body, None));
    }
    s.fields
        .iter()
        .filter(|f| f.wire.contains("stream"))
        .find_map(|f| {
            let TypeKind::Enum(e) = &space.def_of(&f.ty)?.kind else {
                return None;
            };
            let sse = e
                .variants
                .iter()
                .find(|v| v.wire.eq_ignore_ascii_case("sse"))?;
            Some(flag(&f.wire, ParamPlace::Body, Some(&sse.wire)))
        })
}

/// The sentinel the operation's texts document, and which text: its
/// description and summary, the response's description, then what the
/// request says about streaming (the body members named for it, and the
/// members of their types), where OpenAI's chat completions say it.
fn documented_sentinel(op: &Operation, space: &TypeSpace) -> Option<(String, String)> {
    let own = [
        (op.description.as_deref(), "the operation's description"),
        (op.summary.as_deref(), "the operation's summary"),
        (op.success.doc.as_deref(), "the response's description"),
    ];
    for (text, source) in own {
        if let Some(found) = text.and_then(sentinel_in) {
            return Some((found, source.to_owned()));
        }
    }
    let body = op.body.as_ref()?;
    let TypeKind::Struct(s) = &space.def_of(&body.ty)?.kind else {
        return None;
    };
    for field in s.fields.iter().filter(|f| f.wire.contains("stream")) {
        let source = format!("the description of `{}`", field.wire);
        if let Some(found) = field.doc.text.as_deref().and_then(sentinel_in) {
            return Some((found, source));
        }
        let Some(def) = space.def_of(&field.ty) else {
            continue;
        };
        let mut texts: Vec<&str> = def.doc.text.as_deref().into_iter().collect();
        if let TypeKind::Struct(inner) = &def.kind {
            texts.extend(inner.fields.iter().filter_map(|f| f.doc.text.as_deref()));
        }
        if let Some(found) = texts.into_iter().find_map(sentinel_in) {
            return Some((found, source));
        }
    }
    None
}

/// The `[WORD]` of a `data: [WORD]` in a text (`data: [DONE]`), the way
/// APIs document the event that ends their streams.
pub fn sentinel_in(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(at) = rest.find("data:") {
        let after = rest[at + 5..].trim_start_matches([' ', '\t', '\n']);
        if let Some(inner) = after.strip_prefix('[') {
            let word: String = inner
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !word.is_empty() && word.len() <= 32 && inner[word.len()..].starts_with(']') {
                return Some(format!("[{word}]"));
            }
        }
        rest = &rest[at + 5..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_media_types_are_recognised() {
        assert_eq!(
            framing("text/event-stream; charset=utf-8"),
            Some(Framing::ServerSentEvents)
        );
        for lines in [
            "application/x-ndjson",
            "application/jsonl",
            "Application/JSON-Seq",
        ] {
            assert_eq!(framing(lines), Some(Framing::Lines), "{lines}");
        }
        for other in ["application/json", "text/plain", "application/stream+json"] {
            assert_eq!(framing(other), None, "{other}");
        }
    }

    #[test]
    fn sentinels_are_read_from_prose() {
        let openai = "Options for streaming response.\nIf set, an additional chunk will be streamed before the `data:\n[DONE]`\nmessage.";
        assert_eq!(sentinel_in(openai).as_deref(), Some("[DONE]"));
        assert_eq!(
            sentinel_in("terminating with a `data: [END_OF_STREAM]` event").as_deref(),
            Some("[END_OF_STREAM]")
        );
        assert_eq!(sentinel_in("data:[DONE]").as_deref(), Some("[DONE]"));
        for none in [
            "the data: {\"a\": 1} events",
            "data: [1, 2, 3]",
            "send data: []",
            "no sentinel here",
            "data: [never closed",
        ] {
            assert_eq!(sentinel_in(none), None, "{none}");
        }
    }
}
