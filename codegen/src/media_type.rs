//! Media types as specs write them: what normalisation (Swagger 2.0's
//! `consumes`, sequential media types) and the model (a body's encoding)
//! both compare.

/// A media type's essence: lower case, without parameters
/// (`Application/JSON; charset=utf-8` is `application/json`).
pub(crate) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The media types whose bodies are one JSON item per line (or per record,
/// for RFC 7464's JSON text sequences).
const JSON_LINES: &[&str] = &[
    "application/jsonl",
    "application/x-jsonl",
    "application/jsonlines",
    "application/x-jsonlines",
    "application/x-ndjson",
    "application/ndjson",
    "application/x-ldjson",
    "application/json-seq",
];

/// Whether a body of this type is JSON Lines, newline-delimited JSON or a
/// JSON text sequence, a vendor's `+jsonl`/`+json-seq` types included.
pub(crate) fn is_json_lines(media: &str) -> bool {
    let e = essence(media);
    JSON_LINES.contains(&e.as_str()) || e.ends_with("+json-seq") || e.ends_with("+jsonl")
}

/// Whether a body of this type is a sequence of items read one at a time
/// (OpenAPI 3.2's sequential media types): Server-Sent Events, JSON Lines
/// and its kin ([`is_json_lines`]), and the multipart types other than forms.
pub(crate) fn is_sequential(media: &str) -> bool {
    let e = essence(media);
    is_event_stream(&e)
        || is_json_lines(&e)
        || (e.starts_with("multipart/") && e != "multipart/form-data")
}

/// Whether a body of this type is Server-Sent Events, whose items are
/// events with a `data` field rather than bare values.
pub(crate) fn is_event_stream(media: &str) -> bool {
    essence(media) == "text/event-stream"
}

/// Whether text of this type is one JSON document (`application/json`,
/// `application/problem+json`): what a string holds when its schema says
/// `contentMediaType` is such a type.
pub(crate) fn is_json_document(media: &str) -> bool {
    let e = essence(media);
    e == "application/json" || e.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_types_are_told_from_whole_bodies() {
        for media in [
            "text/event-stream",
            "Text/Event-Stream; charset=utf-8",
            "application/jsonl",
            "application/x-ndjson",
            "application/json-seq",
            "application/geo+json-seq",
            "multipart/mixed",
        ] {
            assert!(is_sequential(media), "{media}");
        }
        for media in ["application/json", "multipart/form-data", "text/plain"] {
            assert!(!is_sequential(media), "{media}");
        }
        assert!(is_event_stream("text/event-stream;charset=utf-8"));
        assert!(!is_event_stream("application/jsonl"));
        assert!(is_json_document("application/problem+json"));
        assert!(!is_json_document("application/jsonl"));
    }
}
