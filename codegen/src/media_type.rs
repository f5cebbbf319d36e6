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

/// Whether a body of this type is a sequence of items read one at a time
/// (OpenAPI 3.2's sequential media types): Server-Sent Events, JSON Lines
/// and newline-delimited JSON, JSON text sequences (RFC 7464), and the
/// multipart types other than forms.
pub(crate) fn is_sequential(media: &str) -> bool {
    let e = essence(media);
    matches!(
        e.as_str(),
        "text/event-stream"
            | "application/jsonl"
            | "application/x-jsonlines"
            | "application/x-ndjson"
            | "application/json-seq"
    ) || e.ends_with("+json-seq")
        || e.ends_with("+jsonl")
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
