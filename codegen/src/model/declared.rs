//! The responses an operation declares, each with its media types: what a
//! client recording drift compares a response with (a status no entry
//! covers, a media type its entry does not list, a JSON body against its
//! schema). The operation's success and error types say how a body decodes;
//! this says everything the spec allows, which is more.

use openapiv3::Response;

use super::operations::Content;
use super::types::TypeRef;
use crate::media_type::essence;

/// One declared response.
#[derive(Debug, Clone)]
pub struct DeclaredResponse {
    /// As the spec keys it: `200`, `4XX` or `default`.
    pub status: String,
    /// Its media types (essences, in spec order, each once), with the type
    /// of the JSON one the client decodes.
    pub media: Vec<(String, Option<TypeRef>)>,
}

/// The declared response `r` at `status`, whose body the model reads as
/// `content`, from the media type `json` when it decodes JSON.
pub fn response(
    status: &str,
    r: &Response,
    json: Option<&str>,
    content: &Content,
) -> DeclaredResponse {
    // The one JSON media type the model decodes; the others' bodies are not checked.
    let decoded = match (content, json) {
        (Content::Json(ty), Some(key)) => Some((essence(key), ty)),
        _ => None,
    };
    let mut media: Vec<(String, Option<TypeRef>)> = Vec::new();
    for key in r.content.keys() {
        let essence = essence(key);
        if media.iter().any(|(m, _)| *m == essence) {
            continue;
        }
        let ty = decoded
            .as_ref()
            .filter(|(json, _)| *json == essence)
            .map(|(_, ty)| (*ty).clone());
        media.push((essence, ty));
    }
    DeclaredResponse {
        status: status.to_owned(),
        media,
    }
}
