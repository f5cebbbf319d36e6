//! Operations: parameters resolved and typed, request bodies, the success
//! type (unwrapped from the configured envelope), error responses, security
//! and naming within their tag.

use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, RequestBody, Response,
    StatusCode,
};

use super::convert::{Converter, NamedKind};
use super::declared::DeclaredResponse;
use super::forms::Form;
use super::names;
use super::types::{Constraints, Doc, TypeKind, TypeRef, TypeSpace};
use crate::error::{pointer_token, Error, Result};
use crate::media_type::essence;

/// An HTTP operation.
#[derive(Debug)]
pub struct Operation {
    /// The `operationId` (or one made from method and path).
    pub id: String,
    /// The method name on its tag's API struct.
    pub method_name: String,
    /// The request builder's type name.
    pub builder_name: String,
    /// The name of the enum of its declared error responses.
    pub error_name: String,
    /// The struct the method takes the required parameters and body in, when
    /// two of them could be swapped (see [`super::required`]); `None`: the
    /// method takes them in order.
    pub required_name: Option<String>,
    /// The name of its `Operation` static.
    pub const_name: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// The path template.
    pub path: String,
    /// `summary`
    pub summary: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// `deprecated`
    pub deprecated: bool,
    /// Parameters: path ones first in path order, then the rest in spec order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// The success response.
    pub success: Success,
    /// Declared error responses.
    pub errors: Vec<ErrorResponse>,
    /// Alternatives of security scheme indices; empty means no credentials.
    pub security: Vec<Vec<usize>>,
    /// The idempotency-key header, when declared.
    pub idempotency_header: Option<String>,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// Every response the spec declares, with its media types: what a
    /// response is checked against when drift is recorded.
    pub declared: Vec<DeclaredResponse>,
    /// How the operation pages, for list operations.
    pub pagination: Option<super::paging::Pagination>,
    /// Why a list operation has no stream, when it has none.
    pub list_note: Option<String>,
    /// A vendor pagination extension on the operation (`x-ms-pageable` and
    /// the like), by name, with its value.
    pub paging_extension: Option<(String, serde_json::Value)>,
    /// The spec's examples of its request and response bodies.
    pub examples: Vec<super::examples::Example>,
    /// The server it calls, an index into [`Servers::list`](super::servers::Servers::list).
    pub server: Option<usize>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
}

/// How a parameter value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// One value.
    Single,
    /// An array in form style: repeated keys when `explode`, else comma-joined.
    Array {
        /// Repeat the key per item.
        explode: bool,
    },
    /// An object as `name[key]=value`.
    DeepObject,
    /// A union or free-form value, written by the JSON it becomes at run time:
    /// a scalar once, an array in form style, an object as a deep object.
    Serialized {
        /// Repeat the key per array item.
        explode: bool,
    },
    /// The whole query string (OpenAPI 3.2's `in: querystring`): an object
    /// whose members are form-encoded as an
    /// `application/x-www-form-urlencoded` body's are.
    QueryString,
}

/// A parameter.
#[derive(Debug)]
pub struct Param {
    /// The name on the wire.
    pub wire: String,
    /// The Rust argument or setter name.
    pub name: String,
    /// Where it goes.
    pub location: Location,
    /// Must be given.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// How it is written.
    pub encoding: Encoding,
    /// Documentation.
    pub doc: Doc,
    /// Constraints checked before sending.
    pub constraints: Constraints,
}

/// A request body.
#[derive(Debug)]
pub struct Body {
    /// Its type (for raw, text and multipart bodies, `Json`: they carry bytes,
    /// text or their own form struct).
    pub ty: TypeRef,
    /// Must be sent.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// How it is encoded.
    pub kind: BodyKind,
}

/// How a request body goes on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`: properties as fields, arrays as repeated
    /// keys, nested objects (and the listed properties' arrays) in bracket notation.
    Form {
        /// Properties whose `encoding` says `deepObject`.
        deep: Vec<String>,
    },
    /// Text of this content type (`text/*`).
    Text(String),
    /// Bytes of this content type (`application/octet-stream` and any other
    /// type that is not JSON, a form or text).
    Bytes(String),
    /// `multipart/form-data`: a struct of the schema's properties, file ones
    /// as file parts, or an enum of such structs for a union of objects.
    Multipart(Form),
    /// JSON Lines of this content type (`application/x-ndjson`, ...): items
    /// of the body's `ty`, one per line, sent as they are read.
    JsonLines(String),
}

/// What a successful call returns.
#[derive(Debug)]
pub struct Success {
    /// The declared status (the lowest 2xx).
    pub status: String,
    /// How the body decodes.
    pub content: Content,
    /// The envelope property unwrapped, when the configured envelope applies.
    pub envelope: Option<String>,
    /// The declared body's type when the envelope is unwrapped: the envelope
    /// struct, no longer what the operation returns but still its schema.
    pub unwrapped: Option<TypeRef>,
    /// Whether the unwrapped value may be absent (optional or nullable in the envelope).
    pub optional: bool,
    /// The response description.
    pub doc: Option<String>,
    /// The `Accept` header for a success that is not JSON: its declared media types.
    pub accept: Option<String>,
    /// The response headers it declares (a `Link` header or a continuation
    /// token may carry the next page), by name as the spec writes it.
    pub headers: Vec<String>,
    /// A stream of events or lines the response may be instead of `content`
    /// (a JSON body, or a stream when the request asks for one), returned by
    /// a method of its own beside `send`.
    pub stream: Option<super::streams::Stream>,
}

/// How a response body decodes.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// No body.
    Empty,
    /// JSON of this type.
    Json(TypeRef),
    /// Text (`text/*`, XML and other textual types), as a `String`.
    Text,
    /// Any other content type (audio, images, PDFs, archives), byte for byte.
    Bytes,
    /// A stream of events or lines, read as they arrive.
    Stream(super::streams::Stream),
}

/// A declared error response.
#[derive(Debug)]
pub struct ErrorResponse {
    /// `404`, `4XX` or `default`.
    pub status: String,
    /// The body type, when JSON.
    pub ty: Option<TypeRef>,
    /// The response description.
    pub doc: Option<String>,
}

/// Everything operations need from the rest of the model.
pub struct Context<'a, 'c> {
    /// The document.
    pub spec: &'a openapiv3::OpenAPI,
    /// The schema converter.
    pub converter: &'c mut Converter<'a>,
    /// The API's security schemes and credentials.
    pub security: &'a super::credentials::Security,
    /// The envelope property, from config.
    pub envelope: Option<&'a str>,
    /// What the operations built so far approximated, for the user to read.
    pub notes: Vec<String>,
}

pub(crate) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence == "application/*"
}

/// Media types whose bodies are text: decoded as `String`, sent from one.
fn is_textual(media: &str) -> bool {
    let e = essence(media);
    e.starts_with("text/")
        || e.ends_with("/xml")
        || e.ends_with("+xml")
        || [
            "application/sdp",
            "application/yaml",
            "application/x-yaml",
            "application/javascript",
            "application/x-ndjson",
            "application/graphql",
        ]
        .contains(&e.as_str())
}

/// The JSON media type of a body, unless the only candidate is a wildcard
/// (`*/*`) whose schema says raw bytes: that is a file, not JSON.
fn json_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .find(|(k, v)| is_json(k) && !(k.contains('*') && media_is_binary(v)))
        .map(|(k, v)| (k.as_str(), v))
}

fn media_is_binary(media: &MediaType) -> bool {
    matches!(&media.schema, Some(ReferenceOr::Item(schema)) if super::forms::is_binary(schema))
}

pub(super) fn component_ref<'a, T>(
    item: &'a ReferenceOr<T>,
    prefix: &str,
    map: Option<&'a indexmap::IndexMap<String, ReferenceOr<T>>>,
    at: &str,
) -> Result<&'a T> {
    let mut current = item;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(t) => return Ok(t),
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix(prefix)
                    .ok_or_else(|| {
                        Error::unsupported(
                            at,
                            format!("reference {reference:?}: expected one under {prefix}"),
                        )
                    })?
                    .replace("~1", "/")
                    .replace("~0", "~");
                current = map.and_then(|m| m.get(&name)).ok_or_else(|| {
                    Error::invalid(at, format!("reference {reference:?} points to nothing"))
                })?;
            }
        }
    }
    Err(Error::invalid(at, "a cycle of references"))
}

/// A path template's braces must pair up around non-empty names: the
/// generated client formats the path with them.
fn check_template(path: &str) -> Result<()> {
    let mut open: Option<usize> = None;
    for (i, c) in path.char_indices() {
        let bad = match (c, open) {
            ('{', None) => {
                open = Some(i);
                false
            }
            ('}', Some(start)) => {
                open = None;
                i == start + 1
            }
            ('{', Some(_)) | ('}', None) => true,
            _ => false,
        };
        if bad {
            return Err(Error::invalid(
                format!("#/paths/{}", pointer_token(path)),
                format!("the path template {path:?} has a `{{` or `}}` that does not enclose a parameter name"),
            ));
        }
    }
    if open.is_some() {
        return Err(Error::invalid(
            format!("#/paths/{}", pointer_token(path)),
            format!("the path template {path:?} has a `{{` that is never closed"),
        ));
    }
    Ok(())
}

/// A required string parameter for each name in the path (`order`) that no
/// path parameter among `declared` has: the URL cannot be built without one,
/// and a string is what any path segment is. Their names are claimed before
/// the declared parameters', so a query parameter of the same name (a common
/// slip for the path one) is the one that gets a suffix.
fn undeclared_path_params(
    path: &str,
    order: &[&str],
    declared: &[(&Parameter, String)],
    arg_names: &mut names::Namespace,
) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::new();
    for &name in order {
        let is_declared = declared.iter().any(|(p, _)| {
            matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == name
        });
        if is_declared || out.iter().any(|p| p.wire == name) {
            continue;
        }
        out.push(Param {
            wire: name.to_owned(),
            name: arg_names.claim(names::field_name(name, "param")),
            location: Location::Path,
            required: true,
            ty: TypeRef::String,
            encoding: Encoding::Single,
            doc: super::types::Doc {
                text: Some(format!(
                    "The `{{{name}}}` segment of `{path}`, which the spec names without declaring it: taken as a string."
                )),
                ..Default::default()
            },
            constraints: Constraints::default(),
        });
    }
    out
}

/// The body of a request: JSON preferred, then a form, text or bytes.
fn request_body(
    cx: &mut Context<'_, '_>,
    rb: &RequestBody,
    at: &str,
    type_context: &str,
) -> Result<Option<Body>> {
    let body = |ty, kind| {
        Some(Body {
            ty,
            required: rb.required,
            doc: rb.description.clone(),
            kind,
        })
    };
    if let Some((_, media)) = json_media(&rb.content) {
        let media_at = format!("{at}/content/application~1json/schema");
        let ty = match &media.schema {
            Some(s) => cx
                .converter
                .convert(s, &format!("{type_context}Body"), &media_at)?
                .ty(),
            None => TypeRef::Json,
        };
        return Ok(body(ty, BodyKind::Json));
    }
    if let Some((_, media)) = rb
        .content
        .iter()
        .find(|(k, _)| essence(k) == "application/x-www-form-urlencoded")
    {
        let media_at = format!("{at}/content/application~1x-www-form-urlencoded/schema");
        let ty = match &media.schema {
            Some(s) => cx
                .converter
                .convert(s, &format!("{type_context}Body"), &media_at)?
                .ty(),
            None => TypeRef::Json,
        };
        let deep = media
            .encoding
            .iter()
            .filter(|(_, e)| matches!(e.style, Some(QueryStyle::DeepObject)))
            .map(|(k, _)| k.clone())
            .collect();
        return Ok(body(ty, BodyKind::Form { deep }));
    }
    if let Some((key, media)) = rb
        .content
        .iter()
        .find(|(k, _)| essence(k) == "multipart/form-data")
    {
        let media_at = format!("{at}/content/{}", pointer_token(key));
        let form = super::forms::form(cx.converter, media, &media_at, type_context)?;
        return Ok(body(TypeRef::Json, BodyKind::Multipart(form)));
    }
    // Lines of typed items, sent as they are read; untyped ones are text.
    let context = format!("{type_context}Body");
    if let Some((item, media)) = super::streams::lines_body(cx.converter, rb, at, &context)? {
        return Ok(body(item, BodyKind::JsonLines(media)));
    }
    if let Some(kind) = rb.content.keys().find(|k| is_textual(k)) {
        return Ok(body(TypeRef::Json, BodyKind::Text(essence(kind))));
    }
    // Any other type goes as bytes labelled with it; a wildcard as generic binary.
    if let Some(kind) = rb.content.keys().next() {
        let e = essence(kind);
        let content_type = if e.is_empty() || e.contains('*') {
            "application/octet-stream".to_owned()
        } else {
            e
        };
        return Ok(body(TypeRef::Json, BodyKind::Bytes(content_type)));
    }
    Ok(None)
}

/// Builds one operation.
///
/// # Errors
/// Unsupported parameters or bodies, dangling references, by pointer.
pub fn build(
    cx: &mut Context<'_, '_>,
    path: &str,
    operation: &super::path_operations::PathOperation<'_>,
    item: &openapiv3::PathItem,
    builder_names: &mut names::Namespace,
    const_names: &mut names::Namespace,
) -> Result<Operation> {
    let op: &openapiv3::Operation = &operation.op;
    let method = operation.method.to_ascii_lowercase();
    let pointer = format!("#/paths/{}/{}", pointer_token(path), operation.key);
    check_template(path)?;
    let id = op
        .operation_id
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| format!("{method} {path}"));
    let type_context = names::type_name(&id, "Operation");
    let components = cx.spec.components.as_ref();

    // Path-level parameters apply unless the operation redefines the same name and location.
    let mut raw: Vec<(&Parameter, String)> = Vec::new();
    for (list, base) in [
        (&op.parameters, pointer.clone()),
        (
            &item.parameters,
            format!("#/paths/{}/parameters", pointer_token(path)),
        ),
    ] {
        for (i, p) in list.iter().enumerate() {
            let at = if base.ends_with("/parameters") {
                format!("{base}/{i}")
            } else {
                format!("{base}/parameters/{i}")
            };
            let p = component_ref(
                p,
                "#/components/parameters/",
                components.map(|c| &c.parameters),
                &at,
            )?;
            let data = p.parameter_data_ref();
            let duplicate = raw.iter().any(|(q, _)| {
                q.parameter_data_ref().name == data.name
                    && std::mem::discriminant(*q) == std::mem::discriminant(p)
            });
            if !duplicate {
                raw.push((p, at));
            }
        }
    }

    let mut arg_names = names::Namespace::with_taken([
        // The builder's own fields and methods.
        "options",
        "body",
        "client",
        "with_options",
        "header",
        "query",
        "build",
        "validate",
        "send_with_response",
        "send",
        "send_streaming",
        "pages",
        "items",
        "into_future",
        "clone",
        "fmt",
    ]);
    // Path parameters in the order the path names them, so positional arguments read like the URL.
    let order: Vec<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .collect();
    let mut notes = Vec::new();
    let mut params = undeclared_path_params(path, &order, &raw, &mut arg_names);
    for p in &params {
        notes.push(format!(
            "{} {path} ({id}): the path names `{{{}}}` but no path parameter `{}` is declared; it is taken as a required string",
            operation.method,
            p.wire,
            p.wire
        ));
    }
    let mut idempotency_header = None;
    // Whether the operation takes the header the client sends as a credential, and requires it.
    let mut took_credential = None;
    for (p, at) in raw {
        let data = p.parameter_data_ref();
        if matches!(p, Parameter::Header { .. })
            && cx
                .security
                .implied_header()
                .is_some_and(|h| h.eq_ignore_ascii_case(&data.name))
        {
            took_credential = Some(data.required);
            continue;
        }
        let (location, encoding_for_array, deep) = match p {
            Parameter::Path { .. } => (Location::Path, Encoding::Array { explode: false }, false),
            Parameter::Query { style, .. } => {
                let explode = data
                    .explode
                    .unwrap_or(matches!(style, QueryStyle::Form | QueryStyle::DeepObject));
                (
                    Location::Query,
                    Encoding::Array { explode },
                    matches!(style, QueryStyle::DeepObject),
                )
            }
            Parameter::Header { .. } => {
                (Location::Header, Encoding::Array { explode: false }, false)
            }
            Parameter::Cookie { .. } => {
                (Location::Cookie, Encoding::Array { explode: false }, false)
            }
        };
        if location == Location::Header
            && ["accept", "content-type", "authorization"]
                .contains(&data.name.to_ascii_lowercase().as_str())
        {
            // OpenAPI says these header parameters are ignored: the client sets them itself.
            continue;
        }
        let whole_query = super::query_string::schema(data, &at)?;
        // `content` with one media type and a scalar schema is sent as that scalar's
        // text, the way `schema` would be; structured values would need the media
        // type's own encoding (JSON in a query string), which is not supported.
        let (schema, from_content) = match (whole_query, &data.format) {
            (Some(schema), _) => (schema, false),
            (None, ParameterSchemaOrContent::Schema(schema)) => (schema, false),
            (None, ParameterSchemaOrContent::Content(content)) => match content.values().next() {
                Some(MediaType {
                    schema: Some(schema),
                    ..
                }) if content.len() == 1 => (schema, true),
                _ => return Err(Error::unsupported(
                    format!("{at}/content"),
                    "parameters described by `content` need exactly one media type with a schema",
                )),
            },
        };
        let context = format!("{type_context}{}", names::type_name(&data.name, "Param"));
        let slot = cx
            .converter
            .convert(schema, &context, &format!("{at}/schema"))?;
        let ty = slot.ty();
        let dated = cx.converter.is_dated(schema);
        if from_content && !cx.converter.is_scalar(&ty) {
            return Err(Error::unsupported(
                format!("{at}/content"),
                "parameters described by `content` with a structured schema (only scalars are supported)",
            ));
        }
        let explode = matches!(encoding_for_array, Encoding::Array { explode: true });
        let encoding = match (&ty, deep) {
            _ if whole_query.is_some() => {
                super::query_string::encoding(cx.converter, &ty, &data.name, &at)?
            }
            (_, true) => Encoding::DeepObject,
            (TypeRef::Vec(_), _) => encoding_for_array,
            (TypeRef::Map(_), _) => Encoding::DeepObject,
            (TypeRef::Json, _) => Encoding::Serialized { explode },
            (TypeRef::Named(id), _) => match cx.converter.kind_of(*id) {
                Some(NamedKind::Scalar) => Encoding::Single,
                Some(NamedKind::Object) => Encoding::DeepObject,
                Some(NamedKind::Array) => encoding_for_array,
                // "One value or a list" is comma-joined in the `simple` style, as arrays are.
                _ if location != Location::Query && cx.converter.has_simple_form(&ty) => {
                    Encoding::Single
                }
                _ => Encoding::Serialized { explode },
            },
            _ => Encoding::Single,
        };
        if location != Location::Query
            && !matches!(encoding, Encoding::Single | Encoding::Array { .. })
        {
            return Err(Error::unsupported(
                format!("{at}/schema"),
                format!(
                    "parameter `{}`: objects, and unions with alternatives other than scalars and arrays of scalars, are supported in the query only",
                    data.name
                ),
            ));
        }
        if location == Location::Header && data.name.eq_ignore_ascii_case("idempotency-key") {
            idempotency_header = Some(data.name.clone());
        }
        let mut doc = slot.doc;
        if data.description.is_some() {
            doc.text.clone_from(&data.description);
        }
        doc.deprecated |= data.deprecated.unwrap_or(false);
        params.push(Param {
            wire: data.name.clone(),
            name: arg_names.claim(names::member_name(&data.name, dated, "param")),
            location,
            required: data.required || location == Location::Path,
            ty,
            encoding,
            doc,
            constraints: slot.constraints,
        });
    }
    params.sort_by_key(|p| match p.location {
        Location::Path => order.iter().position(|n| *n == p.wire).unwrap_or(0),
        _ => order.len(),
    });

    let body = match &op.request_body {
        None => None,
        Some(rb) => {
            let at = format!("{pointer}/requestBody");
            let rb: &RequestBody = component_ref(
                rb,
                "#/components/requestBodies/",
                components.map(|c| &c.request_bodies),
                &at,
            )?;
            request_body(cx, rb, &at, &type_context)?
        }
    };
    let mut body = body;
    if let Some(Body {
        kind: BodyKind::Multipart(form),
        ..
    }) = &mut body
    {
        form.claim_names(builder_names);
    }

    let (success, errors, declared) = responses(cx, op, &pointer, &type_context)?;
    let security = cx.security.operation(
        op.security.as_ref(),
        cx.spec.security.as_ref(),
        took_credential,
        &pointer,
    )?;

    cx.notes.append(&mut notes);
    Ok(Operation {
        builder_name: builder_names.claim(names::type_name(&id, "Operation")),
        error_name: builder_names.claim(format!("{}Error", names::type_name(&id, "Operation"))),
        const_name: const_names.claim(names::const_name(&id)),
        required_name: None,
        method_name: String::new(),
        id,
        http_method: operation.method.clone(),
        path: path.to_owned(),
        summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
        description: op.description.clone().filter(|s| !s.trim().is_empty()),
        deprecated: op.deprecated,
        params,
        body,
        success,
        errors,
        declared,
        security,
        idempotency_header,
        pointer,
        pagination: None,
        list_note: None,
        paging_extension: super::paging::extensions::find(&op.extensions),
        examples: super::examples::collect(cx.spec, op),
        server: None,
    })
}

fn responses(
    cx: &mut Context<'_, '_>,
    op: &openapiv3::Operation,
    pointer: &str,
    type_context: &str,
) -> Result<(Success, Vec<ErrorResponse>, Vec<DeclaredResponse>)> {
    let components = cx.spec.components.as_ref();
    let mut success: Option<Success> = None;
    let mut errors = Vec::new();
    let mut declared = Vec::new();
    let entries: Vec<(String, &ReferenceOr<Response>)> = op
        .responses
        .responses
        .iter()
        .map(|(code, r)| {
            let s = match code {
                StatusCode::Code(c) => c.to_string(),
                StatusCode::Range(r) => format!("{r}XX"),
            };
            (s, r)
        })
        .chain(
            op.responses
                .default
                .iter()
                .map(|r| ("default".to_owned(), r)),
        )
        .collect();
    for (status, r) in entries {
        let at = format!("{pointer}/responses/{status}");
        let r = component_ref(
            r,
            "#/components/responses/",
            components.map(|c| &c.responses),
            &at,
        )?;
        let is_success = status.starts_with('2');
        // A success may be a stream (alone, or beside one body it answers
        // with otherwise); the rest of its media types decode as before.
        let (bodies, stream) = match is_success {
            true => {
                let context = format!("{type_context}Response");
                super::streams::split_success(cx.converter, &r.content, &at, &context)?
            }
            false => (std::borrow::Cow::Borrowed(&r.content), None),
        };
        let bodies = bodies.as_ref();
        let json = json_media(bodies);
        let content = match json {
            Some((key, media)) => match &media.schema {
                Some(s) => {
                    let context = if is_success {
                        format!("{type_context}Response")
                    } else {
                        format!("{type_context}Error{status}")
                    };
                    Content::Json(
                        cx.converter
                            .convert(
                                s,
                                &context,
                                &format!("{at}/content/{}/schema", pointer_token(key)),
                            )?
                            .ty(),
                    )
                }
                None => Content::Json(TypeRef::Json),
            },
            None if bodies.is_empty() => Content::Empty,
            // Text only when every declared type is: a body that may be binary stays bytes.
            None if bodies.keys().all(|k| is_textual(k)) => Content::Text,
            None => Content::Bytes,
        };
        let accept = matches!(content, Content::Text | Content::Bytes).then(|| {
            let mut types: Vec<String> = bodies.keys().map(|k| essence(k)).collect();
            types.dedup();
            types.join(", ")
        });
        // A stream alone is the content; beside a body, an alternative to it.
        let (content, stream) = match (content, stream) {
            (Content::Empty, Some(stream)) => (Content::Stream(stream), None),
            (content, stream) => (content, stream),
        };
        declared.push(super::declared::response(
            &status,
            r,
            json.map(|(key, _)| key),
            &content,
        ));
        let doc = Some(r.description.clone()).filter(|d| !d.trim().is_empty());
        if is_success {
            // The lowest declared 2xx defines the success type; any 2xx decodes with it.
            if success.as_ref().is_none_or(|s| status < s.status) {
                let headers = r.headers.keys().cloned().collect();
                success = Some(Success {
                    status,
                    content,
                    envelope: None,
                    unwrapped: None,
                    optional: false,
                    doc,
                    accept,
                    headers,
                    stream,
                });
            }
        } else {
            let ty = match content {
                Content::Json(t) => Some(t),
                _ => None,
            };
            errors.push(ErrorResponse { status, ty, doc });
        }
    }
    let success = success.unwrap_or(Success {
        status: "200".into(),
        content: Content::Empty,
        envelope: None,
        unwrapped: None,
        optional: false,
        doc: None,
        accept: None,
        headers: Vec::new(),
        stream: None,
    });
    Ok((success, errors, declared))
}

/// Unwraps the configured envelope: a success type that is a struct with the
/// envelope property returns that property's type.
pub fn unwrap_envelope(op: &mut Operation, space: &TypeSpace, envelope: &str) {
    let Content::Json(TypeRef::Named(id)) = &op.success.content else {
        return;
    };
    let TypeKind::Struct(s) = &space.get(*id).kind else {
        return;
    };
    if let Some(field) = s.fields.iter().find(|f| f.wire == envelope) {
        op.success.optional = !field.required || field.nullable;
        let declared = std::mem::replace(&mut op.success.content, Content::Json(field.ty.clone()));
        if let Content::Json(ty) = declared {
            op.success.unwrapped = Some(ty);
        }
        op.success.envelope = Some(envelope.to_owned());
    }
}
