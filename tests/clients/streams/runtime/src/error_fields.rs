//! Where error bodies commonly put their code and message: the places a
//! client tries after those its API's spec declares, so that an API whose
//! spec declares no error body still shows what went wrong. A module of its
//! own so that the generator reads the same lists when it reports what a
//! client reads on the wire (`.codegen/inference.json`).

/// Generic places of an error code, tried after the API's own. An error
/// object's `type` is its code where it has no `code` (Elasticsearch's
/// exceptions, and the APIs that name error kinds so).
pub(crate) const CODE_POINTERS: &[&str] = &[
    "/error/code",
    "/error/type",
    "/code",
    "/errors/0/code",
    "/error_code",
    "/errorCode",
    "/status_code",
];
/// Generic places of an error message, tried after the API's own. Order
/// matters: the specific before the vague (`/error` is often just a code).
pub(crate) const MESSAGE_POINTERS: &[&str] = &[
    "/error/message",
    "/error/reason",
    "/message",
    "/errors/0/detail",
    "/errors/0/message",
    "/errors/0/title",
    "/errors/0",
    "/detail",
    "/detail/0/msg",
    "/title",
    "/error_description",
    "/error_message",
    "/errorMessage",
    "/error",
];
