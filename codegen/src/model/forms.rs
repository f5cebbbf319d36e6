//! `multipart/form-data` request bodies: which schemas make a form, and the
//! parts of each. A form is an object schema, written with `type: object` or
//! with `properties` alone, or an `allOf` of objects merged as the converter
//! merges one into a struct (see [`Converter::object_view`]). A `oneOf` or
//! `anyOf` of such objects is one form per alternative, which the operation
//! takes as an enum of the forms. Properties of `format: binary` (or arrays of
//! them) are file parts; the others are values, converted like any schema.

use openapiv3::{MediaType, ReferenceOr, Schema, SchemaKind};

use super::convert::{Converter, ObjectView};
use super::names::{self, Namespace};
use super::types::{Constraints, TypeRef};
use crate::error::{Error, Result};

/// A `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    /// One object: its struct.
    Object(FormStruct),
    /// A `oneOf`/`anyOf` of objects: an enum with a variant per alternative,
    /// each holding that alternative's own form struct.
    OneOf {
        /// The enum's name, beside the operation's builder.
        name: String,
        /// The alternatives, in the spec's order.
        variants: Vec<FormVariant>,
    },
}

/// The struct of one object's parts.
#[derive(Debug, Clone, PartialEq)]
pub struct FormStruct {
    /// Its name, beside the operation's builder.
    pub name: String,
    /// The parts, in property order.
    pub parts: Vec<FormPart>,
    /// The struct `new` takes the required parts in, when two of them could
    /// be swapped (see [`super::required`]); `None`: `new` takes them in order.
    pub required_name: Option<String>,
}

/// One alternative of a [`Form::OneOf`].
#[derive(Debug, Clone, PartialEq)]
pub struct FormVariant {
    /// The enum variant's name: the alternative's `$ref` name, else its title,
    /// else its position (`Alternative2`).
    pub name: String,
    /// The alternative's description (or title).
    pub doc: Option<String>,
    /// Its form.
    pub form: FormStruct,
}

/// A property of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    /// The part name on the wire.
    pub wire: String,
    /// The Rust field name.
    pub name: String,
    /// Must be sent.
    pub required: bool,
    /// What the part holds.
    pub kind: FormPartKind,
    /// The part's content type from the media type's `encoding`, when it names one.
    pub content_type: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Constraints of a value part, checked before sending.
    pub constraints: Constraints,
}

/// What a form part holds.
#[derive(Debug, Clone, PartialEq)]
pub enum FormPartKind {
    /// A file (`format: binary`); `many` for an array of files, one part each.
    File {
        /// An array of files.
        many: bool,
    },
    /// A value of this type: text for scalars, JSON for objects.
    Value(TypeRef),
}

impl Form {
    /// The type the operation takes: the struct, or the enum of the alternatives.
    pub fn name(&self) -> &str {
        match self {
            Form::Object(form) => &form.name,
            Form::OneOf { name, .. } => name,
        }
    }

    /// Every form struct: the one, or one per alternative.
    pub fn structs(&self) -> impl Iterator<Item = &FormStruct> {
        let (one, many) = match self {
            Form::Object(form) => (Some(form), &[][..]),
            Form::OneOf { variants, .. } => (None, variants.as_slice()),
        };
        one.into_iter().chain(many.iter().map(|v| &v.form))
    }

    /// Every part of every form struct.
    pub fn parts(&self) -> impl Iterator<Item = &FormPart> {
        self.structs().flat_map(|s| s.parts.iter())
    }

    /// Whether encoding can fail: value parts are serialized, files are not.
    pub fn fallible(&self) -> bool {
        self.structs().any(FormStruct::fallible)
    }

    /// Claims the names wanted so far (the enum's first, then the structs'),
    /// in the namespace of the builders beside them.
    pub(super) fn claim_names(&mut self, taken: &mut Namespace) {
        match self {
            Form::Object(form) => form.name = taken.claim(std::mem::take(&mut form.name)),
            Form::OneOf { name, variants } => {
                *name = taken.claim(std::mem::take(name));
                for v in variants {
                    v.form.name = taken.claim(std::mem::take(&mut v.form.name));
                }
            }
        }
    }
}

impl FormStruct {
    /// Whether encoding can fail: value parts are serialized, files are not.
    pub fn fallible(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p.kind, FormPartKind::Value(_)))
    }
}

/// The construct an operation with a form that is no object costs it.
fn not_an_object(at: &str) -> Error {
    Error::unsupported(
        at,
        "multipart/form-data bodies whose schema is not an object with properties",
    )
}

/// The form of a `multipart/form-data` media type (at `at`), its names still
/// the wanted ones (see [`Form::claim_names`]), built from `type_context`.
///
/// # Errors
/// A schema that is neither an object nor a union of objects, by pointer; a
/// property that cannot be converted.
pub(super) fn form<'a: 's, 's>(
    converter: &mut Converter<'a>,
    media: &'s MediaType,
    at: &str,
    type_context: &str,
) -> Result<Form> {
    let schema_at = format!("{at}/schema");
    let schema = media
        .schema
        .as_ref()
        .ok_or_else(|| not_an_object(&schema_at))?;
    let (schema, written_at, _) = converter.resolve(schema, &schema_at)?;
    let Some((alternatives, keyword)) = alternatives(schema) else {
        let view = converter
            .object_view(schema, &written_at)?
            .ok_or_else(|| not_an_object(&schema_at))?;
        let parts = parts(converter, media, view, type_context)?;
        return Ok(Form::Object(FormStruct {
            name: format!("{type_context}Form"),
            parts,
            required_name: None,
        }));
    };
    let mut variant_names = Namespace::default();
    let mut variants = Vec::with_capacity(alternatives.len());
    for (i, alternative) in alternatives.iter().enumerate() {
        let alternative_at = format!("{written_at}/{keyword}/{i}");
        let (schema, schema_at, reference) = converter.resolve(alternative, &alternative_at)?;
        let view = converter
            .object_view(schema, &schema_at)?
            .ok_or_else(|| not_an_object(&alternative_at))?;
        let data = &schema.schema_data;
        let wanted = match (reference, &data.title) {
            (Some(name), _) => names::type_name(&name, "Alternative"),
            (None, Some(title)) if !title.trim().is_empty() => {
                names::type_name(title, "Alternative")
            }
            _ => format!("Alternative{}", i + 1),
        };
        let variant = variant_names.claim(wanted);
        let context = format!("{type_context}{variant}");
        let parts = parts(converter, media, view, &context)?;
        variants.push(FormVariant {
            doc: data
                .description
                .clone()
                .or_else(|| data.title.clone())
                .filter(|t| !t.trim().is_empty()),
            form: FormStruct {
                name: format!("{context}Form"),
                parts,
                required_name: None,
            },
            name: variant,
        });
    }
    Ok(Form::OneOf {
        name: format!("{type_context}Form"),
        variants,
    })
}

/// A union's alternatives and its keyword: `oneOf` or `anyOf` alone, not
/// beside properties (which would merge into each alternative).
fn alternatives(schema: &Schema) -> Option<(&[ReferenceOr<Schema>], &'static str)> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => Some((one_of, "oneOf")),
        SchemaKind::AnyOf { any_of } => Some((any_of, "anyOf")),
        SchemaKind::Any(a) if a.properties.is_empty() && a.all_of.is_empty() => {
            if !a.one_of.is_empty() {
                Some((&a.one_of, "oneOf"))
            } else if !a.any_of.is_empty() {
                Some((&a.any_of, "anyOf"))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The parts of one object's form, named from `context`.
fn parts(
    converter: &mut Converter<'_>,
    media: &MediaType,
    view: ObjectView<'_>,
    context: &str,
) -> Result<Vec<FormPart>> {
    let mut field_names = Namespace::with_taken(["new", "to_multipart"]);
    let mut parts = Vec::with_capacity(view.properties.len());
    for (wire, property) in &view.properties {
        let (resolved, _, _) = converter.resolve(property.schema, &property.at)?;
        let (kind, constraints) = match file_part(converter, resolved, &property.at)? {
            Some(many) => (FormPartKind::File { many }, Constraints::default()),
            None => {
                let field_context = format!("{context}Form{}", names::type_name(wire, "Field"));
                let slot = converter.convert_gathered(property, &field_context)?;
                (FormPartKind::Value(slot.ty()), slot.constraints)
            }
        };
        parts.push(FormPart {
            wire: wire.clone(),
            name: field_names.claim(names::member_name(
                wire,
                converter.is_dated(property.schema),
                "field",
            )),
            required: view.required.contains(wire),
            kind,
            content_type: content_type(media, wire),
            doc: resolved
                .schema_data
                .description
                .clone()
                .filter(|t| !t.trim().is_empty()),
            constraints,
        });
    }
    Ok(parts)
}

/// `Some(many)` when a property is a file (`many` for an array of files).
fn file_part(converter: &Converter<'_>, schema: &Schema, at: &str) -> Result<Option<bool>> {
    if is_binary(schema) {
        return Ok(Some(false));
    }
    let SchemaKind::Type(openapiv3::Type::Array(array)) = &schema.schema_kind else {
        return Ok(None);
    };
    let Some(items) = &array.items else {
        return Ok(None);
    };
    let (items, _, _) = converter.resolve(items, &format!("{at}/items"))?;
    Ok(is_binary(items).then_some(true))
}

/// The part's content type from the media type's `encoding`: of a list, the
/// first named type, the default a caller can override.
fn content_type(media: &MediaType, wire: &str) -> Option<String> {
    media
        .encoding
        .get(wire)
        .and_then(|e| e.content_type.as_deref())
        .and_then(|types| {
            types
                .split(',')
                .map(str::trim)
                .find(|t| !t.is_empty() && !t.contains('*'))
        })
        .map(str::to_owned)
}

/// A string of raw bytes: `format: binary` (and, from 3.1, `contentMediaType`,
/// which normalization turns into it).
pub(super) fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(openapiv3::Type::String(s))
            if matches!(s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))
    )
}
