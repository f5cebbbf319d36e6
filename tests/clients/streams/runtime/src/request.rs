//! The description of an operation and the request a generated method builds
//! for it: path, query, headers and body, encoded per the spec.

use std::borrow::Cow;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;

use super::error::Error;

/// What the runtime needs to know about an operation, fixed at generation time.
#[derive(Debug)]
pub struct Operation {
    /// The spec's `operationId`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/v2.2/numbers/{number}`: traced instead of
    /// the real path, and used to name an empty path parameter in errors.
    pub path: &'static str,
    /// The effective security requirement (the operation's own, else the
    /// spec's top-level one) as alternatives of scheme indices into
    /// [`ApiInfo::security_schemes`](super::ApiInfo): any one alternative
    /// suffices, and each needs all its schemes. `&[]` sends no credential;
    /// an empty alternative `&[]` inside makes authentication optional.
    pub security: &'static [&'static [usize]],
    /// The header carrying an idempotency key, when the spec declares one:
    /// filled with a fresh UUID v4 when the caller set none, and reused on
    /// every retry. Only with it are POST and PATCH retried.
    pub idempotency_header: Option<&'static str>,
    /// The server it is sent to, an index into
    /// [`ApiInfo::servers`](super::ApiInfo::servers) (0, the default, for
    /// an API that declares none).
    pub server: usize,
}

/// A value that can stand in a path, query string or header.
pub trait ParamValue {
    /// The value as text on the wire (an array's items comma-joined, as the
    /// `simple` style of paths and headers and the unexploded `form` style write them).
    fn to_param(&self) -> Cow<'_, str>;

    /// The value as a percent-encoded path segment. An array's items are
    /// encoded one by one and joined by literal commas, so a comma inside an
    /// item stays part of that item.
    fn to_path_segment(&self) -> String {
        let param = self.to_param();
        // Most values (ids, numbers) need no escaping: copied as they are,
        // without the encoder's formatting machinery.
        if param.bytes().all(is_unreserved) {
            return param.into_owned();
        }
        utf8_percent_encode(&param, PATH_SEGMENT).to_string()
    }
}

/// A byte [`PATH_SEGMENT`] leaves as it is: RFC 3986 unreserved.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for bool {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
display_param!(i32, i64, u32, u64, f32, f64);

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }

    fn to_path_segment(&self) -> String {
        (**self).to_path_segment()
    }
}

impl<T: ParamValue> ParamValue for [T] {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(join_params(self))
    }

    fn to_path_segment(&self) -> String {
        self.iter()
            .map(ParamValue::to_path_segment)
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn to_param(&self) -> Cow<'_, str> {
        self.as_slice().to_param()
    }

    fn to_path_segment(&self) -> String {
        self.as_slice().to_path_segment()
    }
}

/// An array parameter in `simple`/`form` style without explode: values joined by commas,
/// as headers, cookies and non-exploded query parameters carry them.
pub fn join_params<V: ParamValue>(values: &[V]) -> String {
    values
        .iter()
        .map(|v| v.to_param())
        .collect::<Vec<_>>()
        .join(",")
}

/// Characters escaped in a path segment: everything but RFC 3986 unreserved ones,
/// so `/`, `?`, `#` and `%` inside a value can never change the URL's shape.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a path parameter value (see [`ParamValue::to_path_segment`]).
///
/// A value of `.` or `..`, or an empty one, cannot be expressed safely in a
/// path (URL parsing resolves dot segments away even when percent-encoded);
/// [`Client::execute`](super::Client::execute) rejects such a path with an
/// [`Error::Validation`] instead of calling another resource.
pub fn encode_path_segment(value: &(impl ParamValue + ?Sized)) -> String {
    value.to_path_segment()
}

/// A request under construction by a generated method.
///
/// Cloneable so a paginated list can send it again with another page.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) operation: &'static Operation,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    /// Shared, so that each attempt's copy costs no copy of the bytes.
    pub(crate) body: Option<bytes::Bytes>,
    /// A `multipart/form-data` body, turned into reqwest's form per attempt.
    pub(crate) multipart: Option<super::multipart::Multipart>,
    /// Hand the successful body over as a stream instead of reading it.
    pub(crate) stream_response: bool,
    /// A body read from a stream as it is sent, by the first attempt only.
    pub(crate) once_body: Option<super::json_lines::OnceBody>,
    /// The reconnection of an event stream: no deadline of the call that
    /// opened it applies.
    pub(crate) reconnection: bool,
}

impl Request {
    /// A request for `operation` to `path`, whose parameters are already encoded
    /// with [`encode_path_segment`].
    pub fn new(operation: &'static Operation, path: String) -> Self {
        Self {
            operation,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            multipart: None,
            stream_response: false,
            once_body: None,
            reconnection: false,
        }
    }

    /// Adds `name=value` to the query string.
    pub fn query(&mut self, name: &str, value: &(impl ParamValue + ?Sized)) {
        self.query
            .push((name.to_owned(), value.to_param().into_owned()));
    }

    /// Adds a query parameter only when it has a value.
    pub fn query_opt(&mut self, name: &str, value: Option<&(impl ParamValue + ?Sized)>) {
        if let Some(v) = value {
            self.query(name, v);
        }
    }

    /// Adds an array query parameter in `form` style: repeated keys
    /// (`a=1&a=2`) when `explode`, else one comma-joined value (`a=1,2`).
    pub fn query_array<V: ParamValue>(&mut self, name: &str, values: &[V], explode: bool) {
        if explode {
            for v in values {
                self.query(name, v);
            }
        } else if !values.is_empty() {
            self.query.push((name.to_owned(), join_params(values)));
        }
    }

    /// Adds an object query parameter in `deepObject` style: `name[key]=value`,
    /// nested objects as `name[a][b]=value` and arrays as `name[a][]=value`.
    ///
    /// # Errors
    /// When the value does not serialize.
    pub fn query_deep_object(&mut self, name: &str, value: &impl Serialize) -> Result<(), Error> {
        let json = serde_json::to_value(value).map_err(|e| {
            Error::Config(format!(
                "{}: cannot encode `{name}`: {e}",
                self.operation.id
            ))
        })?;
        flatten_deep(name, &json, &mut self.query);
        Ok(())
    }

    /// Adds a parameter of any serializable type, encoded by the JSON value it
    /// becomes: a scalar as one value, an array in `form` style (repeated keys
    /// when `explode`, else comma-joined), an object in `deepObject` style.
    /// Used for parameters whose schema is a union ("one value or an array").
    ///
    /// # Errors
    /// When the value does not serialize.
    pub fn query_serialized(
        &mut self,
        name: &str,
        value: &impl Serialize,
        explode: bool,
    ) -> Result<(), Error> {
        let json = serde_json::to_value(value).map_err(|e| {
            Error::Config(format!(
                "{}: cannot encode `{name}`: {e}",
                self.operation.id
            ))
        })?;
        match json {
            serde_json::Value::Array(items) => {
                let values: Vec<String> = items.iter().map(scalar_text).collect();
                self.query_array(name, &values, explode);
            }
            serde_json::Value::Object(_) => flatten_deep(name, &json, &mut self.query),
            serde_json::Value::Null => {}
            scalar => self.query.push((name.to_owned(), scalar_text(&scalar))),
        }
        Ok(())
    }

    /// Replaces every value of query key `name` with `value` (the page, cursor
    /// or offset of the next page).
    pub(crate) fn set_query(&mut self, name: &str, value: &str) {
        self.query.retain(|(k, _)| k != name);
        self.query.push((name.to_owned(), value.to_owned()));
    }

    /// Sets a header parameter.
    ///
    /// # Errors
    /// When the name or value cannot be a header (control characters).
    pub fn header(&mut self, name: &str, value: &(impl ParamValue + ?Sized)) -> Result<(), Error> {
        let invalid = |what: &str| {
            Error::Validation(super::error::ValidationError {
                operation: self.operation.id,
                field: name.to_owned(),
                reason: format!("not a valid header {what}"),
            })
        };
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid("name"))?;
        let value = HeaderValue::from_str(&value.to_param()).map_err(|_| invalid("value"))?;
        self.headers.insert(header, value);
        Ok(())
    }

    /// Sets a header parameter only when it has a value.
    ///
    /// # Errors
    /// As [`header`](Self::header).
    pub fn header_opt(
        &mut self,
        name: &str,
        value: Option<&(impl ParamValue + ?Sized)>,
    ) -> Result<(), Error> {
        match value {
            Some(v) => self.header(name, v),
            None => Ok(()),
        }
    }

    /// Adds a cookie parameter (`name=value` in the `Cookie` header) when it has a value.
    /// Values are percent-encoded where cookie syntax forbids the character.
    ///
    /// # Errors
    /// When the resulting header is not a valid header value.
    pub fn cookie_opt(
        &mut self,
        name: &str,
        value: Option<&(impl ParamValue + ?Sized)>,
    ) -> Result<(), Error> {
        let Some(value) = value else { return Ok(()) };
        const COOKIE_VALUE: &AsciiSet = &percent_encoding::CONTROLS
            .add(b' ')
            .add(b'"')
            .add(b',')
            .add(b';')
            .add(b'\\')
            .add(b'%');
        let pair = format!(
            "{name}={}",
            utf8_percent_encode(&value.to_param(), COOKIE_VALUE)
        );
        let cookie = match self
            .headers
            .get(reqwest::header::COOKIE)
            .and_then(|v| v.to_str().ok())
        {
            Some(existing) => format!("{existing}; {pair}"),
            None => pair,
        };
        let value = HeaderValue::from_str(&cookie).map_err(|_| {
            Error::Validation(super::error::ValidationError {
                operation: self.operation.id,
                field: name.to_owned(),
                reason: "not a valid cookie value".into(),
            })
        })?;
        self.headers.insert(reqwest::header::COOKIE, value);
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body: each property a field,
    /// arrays as repeated keys (`deep` properties as `name[]`), nested objects in
    /// bracket notation (`metadata[key]=value`), as form-encoding servers read them.
    ///
    /// # Errors
    /// When the value does not serialize, or is not an object.
    pub fn form(&mut self, body: &impl Serialize, deep: &[&str]) -> Result<(), Error> {
        let pairs = self.form_pairs(body, deep, "the form body")?;
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.set_body(
            encoded.into_bytes(),
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        Ok(())
    }

    /// Adds the members of `value` to the query string as a form body
    /// writes them ([`form`](Self::form)): the whole query string as one
    /// parameter (OpenAPI 3.2's `in: querystring`).
    ///
    /// # Errors
    /// When the value does not serialize, or is not an object.
    pub fn query_string(&mut self, value: &impl Serialize) -> Result<(), Error> {
        let pairs = self.form_pairs(value, &[], "the query string")?;
        self.query.extend(pairs);
        Ok(())
    }

    /// An object's members as form fields: arrays as repeated keys (`deep`
    /// members' as `name[]`), nested objects in bracket notation.
    fn form_pairs(
        &self,
        value: &impl Serialize,
        deep: &[&str],
        what: &str,
    ) -> Result<Vec<(String, String)>, Error> {
        let encode_error = |why: String| {
            Error::Config(format!(
                "{}: cannot encode {what}: {why}",
                self.operation.id
            ))
        };
        let json = serde_json::to_value(value).map_err(|e| encode_error(e.to_string()))?;
        let serde_json::Value::Object(fields) = json else {
            return Err(encode_error(format!("{what} must be an object")));
        };
        let mut pairs = Vec::new();
        for (name, value) in &fields {
            match value {
                serde_json::Value::Array(items) if !deep.contains(&name.as_str()) => {
                    for item in items {
                        flatten_deep(name, item, &mut pairs);
                    }
                }
                other => flatten_deep(name, other, &mut pairs),
            }
        }
        Ok(pairs)
    }

    /// Sets a text body of the given content type.
    pub fn text(&mut self, body: &str, media_type: &str) {
        self.set_body(body.as_bytes().to_vec(), content_type(media_type));
    }

    /// Sets a raw body of the given content type.
    pub fn bytes(&mut self, body: &[u8], media_type: &str) {
        self.set_body(body.to_vec(), content_type(media_type));
    }

    /// Sets a body of JSON Lines of the given content type
    /// (`application/x-ndjson`, `application/jsonl`): encoded already, or
    /// encoded as it is sent, and then never retried.
    ///
    /// # Errors
    /// When an item of a body encoded at once did not serialize.
    pub fn json_lines<T>(
        &mut self,
        body: &super::json_lines::JsonLines<T>,
        media_type: &str,
    ) -> Result<(), Error> {
        use super::json_lines::LinesBody;
        match &body.body {
            LinesBody::Encoded(Ok(bytes)) => {
                self.set_body(bytes.clone(), content_type(media_type));
            }
            LinesBody::Encoded(Err(e)) => {
                return Err(Error::Config(format!(
                    "{}: cannot encode the request body: {e}",
                    self.operation.id
                )))
            }
            LinesBody::Streamed(once) => {
                self.headers
                    .insert(reqwest::header::CONTENT_TYPE, content_type(media_type));
                self.multipart = None;
                self.body = None;
                self.once_body = Some(once.clone());
            }
        }
        Ok(())
    }

    /// Sets a `multipart/form-data` body (reqwest writes its content type, boundary
    /// included). A form with a streamed part makes the call unretryable.
    pub fn multipart(&mut self, form: super::multipart::Multipart) {
        self.headers.remove(reqwest::header::CONTENT_TYPE);
        self.body = None;
        self.multipart = Some(form);
    }

    /// Asks for the spec's content types for the response, in place of the
    /// client's default of JSON (`audio/mpeg, audio/wav` for a recording).
    pub fn accept(&mut self, media_types: &str) {
        self.headers
            .insert(reqwest::header::ACCEPT, content_type(media_types));
    }

    /// Leaves a successful response's body unread, for
    /// [`RawResponse::byte_stream`](super::RawResponse::byte_stream).
    pub fn stream_response(&mut self) {
        self.stream_response = true;
    }

    fn set_body(&mut self, body: impl Into<bytes::Bytes>, content_type: HeaderValue) {
        self.headers
            .insert(reqwest::header::CONTENT_TYPE, content_type);
        self.multipart = None;
        self.once_body = None;
        self.body = Some(body.into());
    }

    /// Sets one top-level member of the JSON body, keeping the rest: a
    /// walk's cursor in a search sent as POST. With no body yet, the body is
    /// an object of that member alone.
    pub(crate) fn set_body_member(&mut self, name: &str, value: &str) -> Result<(), String> {
        self.set_body_value(name, serde_json::Value::String(value.to_owned()))
    }

    /// [`set_body_member`](Self::set_body_member) for any JSON value.
    pub(crate) fn set_body_value(
        &mut self,
        name: &str,
        value: serde_json::Value,
    ) -> Result<(), String> {
        let mut body = match &self.body {
            Some(bytes) => match serde_json::from_slice(bytes) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => return Err("goes in a JSON object body, and the body is not one".into()),
            },
            None => serde_json::Map::new(),
        };
        body.insert(name.to_owned(), value);
        let bytes = serde_json::to_vec(&body).map_err(|e| e.to_string())?;
        self.set_body(bytes, HeaderValue::from_static("application/json"));
        Ok(())
    }

    /// Sets the JSON body.
    ///
    /// # Errors
    /// When the value does not serialize (a map with non-string keys, a non-finite float).
    pub fn json(&mut self, body: &impl Serialize) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::Config(format!(
                "{}: cannot encode the request body: {e}",
                self.operation.id
            ))
        })?;
        self.set_body(bytes, HeaderValue::from_static("application/json"));
        Ok(())
    }
}

/// A content type from the spec as a header value; one that cannot be a
/// header falls back to the generic binary type rather than failing the call.
fn content_type(value: &str) -> HeaderValue {
    HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

fn flatten_deep(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                flatten_deep(&format!("{prefix}[{k}]"), v, out);
            }
        }
        Value::Array(items) => {
            for v in items {
                flatten_deep(&format!("{prefix}[]"), v, out);
            }
        }
        scalar => out.push((prefix.to_owned(), scalar_text(scalar))),
    }
}

/// A JSON scalar as query text: strings without quotes, the rest as JSON writes them.
fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: Operation = Operation {
        id: "op",
        method: Method::GET,
        path: "/x",
        security: &[],
        idempotency_header: None,
        server: 0,
    };

    #[test]
    fn a_body_member_is_set_beside_the_rest_of_the_body() {
        let mut r = Request::new(&OP, "/x".into());
        r.json(&serde_json::json!({"query": "cats", "cursor": "old"}))
            .unwrap();
        r.set_body_member("cursor", "next").unwrap();
        let sent: serde_json::Value = serde_json::from_slice(r.body.as_ref().unwrap()).unwrap();
        assert_eq!(sent, serde_json::json!({"query": "cats", "cursor": "next"}));
        // No body given: the member alone, sent as JSON.
        let mut bare = Request::new(&OP, "/x".into());
        bare.set_body_member("cursor", "c").unwrap();
        assert_eq!(bare.body.as_deref(), Some(&b"{\"cursor\":\"c\"}"[..]));
        assert_eq!(
            bare.headers[reqwest::header::CONTENT_TYPE],
            "application/json"
        );
        // A body that is no JSON object has no member to set.
        let mut list = Request::new(&OP, "/x".into());
        list.json(&serde_json::json!([1, 2])).unwrap();
        assert!(list.set_body_member("cursor", "c").is_err());
    }

    #[test]
    fn unreserved_bytes_are_the_ones_the_encoder_leaves() {
        for b in 0u8..=127 {
            let c = char::from(b).to_string();
            let kept = utf8_percent_encode(&c, PATH_SEGMENT).to_string() == c;
            assert_eq!(is_unreserved(b), kept, "{b:#04x}");
        }
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(encode_path_segment("2015551234"), "2015551234");
        assert_eq!(encode_path_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(encode_path_segment(".."), "..");
        assert_eq!(encode_path_segment("+1 (201)"), "%2B1%20%28201%29");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
        assert_eq!(encode_path_segment(&42i64), "42");
    }

    #[test]
    fn array_path_segments_join_encoded_items_with_commas() {
        let names = vec!["logs".to_owned(), "a,b/c".to_owned()];
        assert_eq!(encode_path_segment(&names), "logs,a%2Cb%2Fc");
        assert_eq!(encode_path_segment(&[1i64, 2, 3][..]), "1,2,3");
        assert_eq!(encode_path_segment(&Vec::<String>::new()), "");
        // Headers and unexploded query values carry the same list as plain text.
        assert_eq!(names.to_param(), "logs,a,b/c");
    }

    #[test]
    fn a_whole_query_string_is_written_as_a_form() {
        let mut r = Request::new(&OP, "/x".into());
        r.query("page", "2");
        // Members in sorted order: the order a struct would write them, with
        // or without serde_json's `preserve_order`.
        let criteria = serde_json::json!({"caller": {"country": "US"}, "from": "2025-01-01",
            "note": null, "status": ["ended", "failed"]});
        r.query_string(&criteria).unwrap();
        assert_eq!(
            r.query,
            vec![
                ("page".into(), "2".into()),
                ("caller[country]".into(), "US".into()),
                ("from".into(), "2025-01-01".into()),
                ("status".into(), "ended".into()),
                ("status".into(), "failed".into()),
            ]
        );
        let e = r.query_string(&"text").unwrap_err().to_string();
        assert!(e.contains("the query string must be an object"), "{e}");
    }

    #[test]
    fn form_arrays_explode_or_join() {
        let mut r = Request::new(&OP, "/x".into());
        r.query_array("c", &["US", "CA"], true);
        r.query_array("ids", &[1i64, 2], false);
        r.query_array("none", &[] as &[&str], false);
        assert_eq!(
            r.query,
            vec![
                ("c".into(), "US".into()),
                ("c".into(), "CA".into()),
                ("ids".into(), "1,2".into()),
            ]
        );
    }

    #[test]
    fn deep_objects_nest_with_brackets() {
        let mut r = Request::new(&OP, "/x".into());
        let filter = serde_json::json!({"status": {"in": ["pending", "failed"]}, "phone_number": {"eq": "+1"}, "skip": null});
        r.query_deep_object("filter", &filter).unwrap();
        // Key order follows serde_json's map order; the pairs are what matter.
        r.query.sort();
        assert_eq!(
            r.query,
            vec![
                ("filter[phone_number][eq]".into(), "+1".into()),
                ("filter[status][in][]".into(), "failed".into()),
                ("filter[status][in][]".into(), "pending".into()),
            ]
        );
    }

    #[test]
    fn form_bodies_flatten_like_form_servers_expect() {
        let mut r = Request::new(&OP, "/x".into());
        let body = serde_json::json!({
            "To": "+15551234567",
            "MediaUrl": ["https://a/1.png", "https://a/2.png"],
            "expand": ["customer"],
            "metadata": {"order": "a b&c"},
            "skip": null
        });
        r.form(&body, &["expand"]).unwrap();
        let text = String::from_utf8(r.body.clone().unwrap().to_vec()).unwrap();
        let mut pairs: Vec<&str> = text.split('&').collect();
        pairs.sort_unstable();
        assert_eq!(
            pairs,
            [
                "MediaUrl=https%3A%2F%2Fa%2F1.png",
                "MediaUrl=https%3A%2F%2Fa%2F2.png",
                "To=%2B15551234567",
                "expand%5B%5D=customer",
                "metadata%5Border%5D=a+b%26c",
            ]
        );
        assert_eq!(
            r.headers[reqwest::header::CONTENT_TYPE],
            "application/x-www-form-urlencoded"
        );
        assert!(r.form(&"text", &[]).is_err());
        r.bytes(b"\x00\x01", "application/octet-stream");
        assert_eq!(r.body.as_deref(), Some(&b"\x00\x01"[..]));
    }

    #[test]
    fn cookies_join_and_escape() {
        let mut r = Request::new(&OP, "/x".into());
        r.cookie_opt("session", Some("a b;c")).unwrap();
        r.cookie_opt("lang", Some("en")).unwrap();
        r.cookie_opt("none", None::<&str>).unwrap();
        assert_eq!(
            r.headers[reqwest::header::COOKIE],
            "session=a%20b%3Bc; lang=en"
        );
    }

    #[test]
    fn serialized_values_take_the_form_their_json_has() {
        let mut r = Request::new(&OP, "/x".into());
        r.query_serialized("type", &"call", true).unwrap();
        r.query_serialized("type", &["sms", "call"], true).unwrap();
        r.query_serialized("ids", &[1, 2], false).unwrap();
        r.query_serialized("duration", &serde_json::json!({"gte": 10}), true)
            .unwrap();
        r.query_serialized("none", &Option::<String>::None, true)
            .unwrap();
        assert_eq!(
            r.query,
            vec![
                ("type".into(), "call".into()),
                ("type".into(), "sms".into()),
                ("type".into(), "call".into()),
                ("ids".into(), "1,2".into()),
                ("duration[gte]".into(), "10".into()),
            ]
        );
        r.set_query("type", "x");
        assert_eq!(r.query.iter().filter(|(k, _)| k == "type").count(), 1);
    }

    #[test]
    fn bad_header_value_is_a_validation_error() {
        let mut r = Request::new(&OP, "/x".into());
        assert!(matches!(
            r.header("X-Key", "a\nb"),
            Err(Error::Validation(_))
        ));
        r.header("X-Key", "ok").unwrap();
        assert_eq!(r.headers["x-key"], "ok");
    }
}
