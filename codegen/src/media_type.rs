//! Media types as specs write them: what normalisation (Swagger 2.0's
//! `consumes`) and the model (a body's encoding) both compare.

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
