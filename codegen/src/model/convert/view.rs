//! An object's properties as a list rather than a type: for bodies whose
//! properties the operation lays out itself (the parts of a multipart form),
//! from a schema written with or without `type: object`, or an `allOf` of
//! objects merged exactly as [`Converter`] merges one into a struct; and
//! what a property's schema is, through `$ref`s.

use std::borrow::Borrow;

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::merge::{Collected, Gathered};
use super::{Converter, OwnProperties, Slot, COMPONENT_PREFIX};
use crate::error::{pointer_token, Result};

/// The properties of an object schema, each with where it is written.
pub struct ObjectView<'s> {
    /// The properties, in the order a merged struct has its fields.
    pub properties: IndexMap<String, Gathered<'s>>,
    /// The required ones.
    pub required: Vec<String>,
}

impl<'a> Converter<'a> {
    /// The properties of `schema` (written at `at`) when it is an object
    /// with some: `type: object`, `properties` without a `type`, or an
    /// `allOf` of objects (beside its own `properties`, if any). `None` for
    /// anything else, unions included; an `allOf` part that is not an object
    /// is the merge's own error.
    ///
    /// # Errors
    /// An `allOf` that cannot be merged, by pointer.
    pub fn object_view<'s>(&self, schema: &'s Schema, at: &str) -> Result<Option<ObjectView<'s>>>
    where
        'a: 's,
    {
        let (own, all_of): (Option<OwnProperties<'s>>, &'s [ReferenceOr<Schema>]) =
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => (Some((&o.properties, &o.required)), &[]),
                SchemaKind::AllOf { all_of } => (None, all_of),
                // `properties` say object as well as `type: object` does; a
                // union beside them is not one object.
                SchemaKind::Any(a)
                    if matches!(a.typ.as_deref(), None | Some("object"))
                        && a.one_of.is_empty()
                        && a.any_of.is_empty()
                        && a.not.is_none() =>
                {
                    (Some((&a.properties, &a.required)), &a.all_of)
                }
                _ => return Ok(None),
            };
        let mut collected = Collected::default();
        for (i, part) in all_of.iter().enumerate() {
            self.collect(part, &format!("{at}/allOf/{i}"), &[], &mut collected, 0)?;
        }
        // The schema's own properties last, over the parts', as a merged struct has them.
        for (wire, schema) in own.map(|(p, _)| p).into_iter().flatten() {
            let field = Gathered {
                schema,
                at: format!("{at}/properties/{}", pointer_token(wire)),
                chain: Vec::new(),
            };
            collected.properties.insert(wire.clone(), field);
        }
        collected
            .required
            .extend(own.into_iter().flat_map(|(_, r)| r.iter().cloned()));
        if collected.properties.is_empty() {
            return Ok(None);
        }
        Ok(Some(ObjectView {
            properties: collected.properties,
            required: collected.required,
        }))
    }

    /// The schema a use site (at `at`) names: itself, or the component its
    /// `$ref` leads to (through `$ref`s to `$ref`s), with where that is
    /// written and the name the `$ref` gives it.
    ///
    /// # Errors
    /// A reference to no schema, or a cycle of references, by pointer.
    pub fn resolve<'s, S: Borrow<Schema>>(
        &self,
        schema: &'s ReferenceOr<S>,
        at: &str,
    ) -> Result<(&'s Schema, String, Option<String>)>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(schema) => Ok((schema.borrow(), at.to_owned(), None)),
            ReferenceOr::Reference { reference } => {
                let (target, target_at) = self.target(reference, at)?;
                let name = reference
                    .strip_prefix(COMPONENT_PREFIX)
                    .map(|n| n.replace("~1", "/").replace("~0", "~"));
                Ok((target, target_at, name))
            }
        }
    }

    /// Whether `schema` is a `date` or `date-time` string, itself or through
    /// `$ref`s: read from the spec, not from converted types, so the answer
    /// does not depend on which component was converted first.
    pub fn is_dated<S: Borrow<Schema>>(&self, schema: &ReferenceOr<S>) -> bool {
        let Ok((schema, _, _)) = self.resolve(schema, "") else {
            return false;
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => matches!(
                s.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date | StringFormat::DateTime)
            ),
            SchemaKind::Any(a) => matches!(a.format.as_deref(), Some("date" | "date-time")),
            _ => false,
        }
    }

    /// The type of a property [`Self::object_view`] (or a merge) gathered,
    /// with the `$ref`s it came through counted as merges in progress, so a
    /// property that merges one of them again is the recursive merge it is.
    ///
    /// # Errors
    /// As [`Self::convert`].
    pub fn convert_gathered(&mut self, field: &Gathered<'_>, context: &str) -> Result<Slot> {
        let before = self.merging.len();
        self.merging.extend(field.chain.iter().cloned());
        let converted = self.convert(field.schema, context, &field.at);
        self.merging.truncate(before);
        converted
    }
}
