//! OpenAPI 3.2's `in: querystring` parameter: one value that is the whole
//! query string. Normalizing turns it into an `in: query` parameter marked
//! `x-codegen-querystring`; here its schema is read from its one media type,
//! which must be a form (the query string is written as an
//! `application/x-www-form-urlencoded` body is), and its type must be an
//! object, whose fields the query string carries.

use openapiv3::{MediaType, ParameterData, ParameterSchemaOrContent, ReferenceOr, Schema};

use super::convert::{Converter, NamedKind};
use super::operations::Encoding;
use super::types::TypeRef;
use crate::error::{Error, Result};
use crate::media_type::essence;

/// The media type a whole query string is written as.
const FORM: &str = "application/x-www-form-urlencoded";

/// The schema of a parameter (at `at`) that is the whole query string;
/// `None` for any other parameter.
///
/// # Errors
/// A query string described by `schema`, or by a media type other than a
/// form: what costs the operation.
pub(super) fn schema<'p>(
    data: &'p ParameterData,
    at: &str,
) -> Result<Option<&'p ReferenceOr<Schema>>> {
    if data.extensions.get(crate::normalize::QUERYSTRING) != Some(&serde_json::Value::Bool(true)) {
        return Ok(None);
    }
    let name = &data.name;
    let ParameterSchemaOrContent::Content(content) = &data.format else {
        return Err(Error::invalid(
            format!("{at}/schema"),
            format!("parameter `{name}`: a whole query string (`in: querystring`) is described by `content`, not `schema`"),
        ));
    };
    match content.iter().next() {
        Some((media, MediaType { schema: Some(schema), .. }))
            if content.len() == 1 && essence(media) == FORM =>
        {
            Ok(Some(schema))
        }
        Some((media, _)) if content.len() == 1 && essence(media) != FORM => Err(Error::unsupported(
            format!("{at}/content"),
            format!(
                "parameter `{name}`: a whole query string (`in: querystring`) of type `{}`; only `{FORM}` is written",
                essence(media)
            ),
        )),
        _ => Err(Error::unsupported(
            format!("{at}/content"),
            "parameters described by `content` need exactly one media type with a schema",
        )),
    }
}

/// How a whole query string of type `ty` is written: its fields, when it
/// is an object (a struct, a map, any JSON value).
///
/// # Errors
/// A type that has no fields to write.
pub(super) fn encoding(
    converter: &Converter<'_>,
    ty: &TypeRef,
    name: &str,
    at: &str,
) -> Result<Encoding> {
    let object = match ty {
        TypeRef::Map(_) | TypeRef::Json => true,
        TypeRef::Named(id) => converter.kind_of(*id) == Some(NamedKind::Object),
        _ => false,
    };
    if !object {
        return Err(Error::unsupported(
            format!("{at}/content"),
            format!("parameter `{name}`: a whole query string (`in: querystring`) that is not an object of fields"),
        ));
    }
    Ok(Encoding::QueryString)
}
