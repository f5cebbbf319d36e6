//! Merged schemas: `allOf`, and `properties` beside `oneOf`/`anyOf`.
//!
//! An `allOf` with one part that has a shape (a `$ref`, say) and others that
//! only annotate it (a description, a default, `nullable`, constraints) is that
//! part's type. Several object parts merge into one struct. Each merged
//! property remembers where it is written and which `$ref`s were merged on the
//! way to it, so errors point into the document and only a property that merges
//! a schema it itself came from is a recursive merge.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::{Converter, OwnProperties, Slot, COMPONENT_PREFIX};
use crate::error::{pointer_token, Error, Result};
use crate::model::names::{self, Namespace};
use crate::model::types::*;

/// How many `$ref`s a merge follows from one part to the schema behind it.
const MAX_REF_CHAIN: usize = 32;

/// One property of a struct being built.
pub struct Gathered<'s> {
    /// Its schema.
    pub schema: &'s ReferenceOr<Box<Schema>>,
    /// Where it is written in the document.
    pub at: String,
    /// The `$ref`s merged on the way to it, outermost first.
    pub chain: Vec<String>,
}

/// What the object parts of a merge add up to.
#[derive(Default)]
pub(super) struct Collected<'s> {
    pub(super) properties: IndexMap<String, Gathered<'s>>,
    pub(super) required: Vec<String>,
    /// The last part's `additionalProperties`, with its pointer and `$ref` chain.
    additional: Option<(&'s AdditionalProperties, String, Vec<String>)>,
    /// Every `$ref` merged.
    merged: Vec<String>,
}

/// A part that gives no shape, only documentation, `nullable` or constraints
/// of the value (`allOf: [{$ref: Id}, {description: ..., maxLength: 36}]`).
fn annotates_only(part: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(s) = part else {
        return false;
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(t)) => t.enumeration.is_empty(),
        SchemaKind::Type(Type::Number(t)) => t.enumeration.is_empty(),
        SchemaKind::Type(Type::Boolean(t)) => t.enumeration.is_empty(),
        SchemaKind::Type(Type::Array(t)) => t.items.is_none(),
        SchemaKind::Type(Type::Object(t)) => {
            t.properties.is_empty() && t.additional_properties.is_none()
        }
        SchemaKind::Any(a) => {
            a.properties.is_empty()
                && a.additional_properties.is_none()
                && a.items.is_none()
                && a.enumeration.is_empty()
                && a.all_of.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.not.is_none()
        }
        SchemaKind::OneOf { .. }
        | SchemaKind::AnyOf { .. }
        | SchemaKind::AllOf { .. }
        | SchemaKind::Not { .. } => false,
    }
}

/// An object alternative that only constrains (`{required: [zip_code]}`).
fn constrains_only(branch: &ReferenceOr<Schema>) -> bool {
    let object = match branch {
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::Any(a) => matches!(a.typ.as_deref(), None | Some("object")),
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    };
    object && annotates_only(branch)
}

/// `extra`'s constraints in place of `base`'s, where it has them.
fn overlay(base: &mut Constraints, extra: Constraints) {
    let Constraints {
        pattern,
        min_length,
        max_length,
        minimum,
        maximum,
        min_items,
        max_items,
        items,
    } = extra;
    base.pattern = pattern.or(base.pattern.take());
    base.min_length = min_length.or(base.min_length);
    base.max_length = max_length.or(base.max_length);
    base.minimum = minimum.or(base.minimum);
    base.maximum = maximum.or(base.maximum);
    base.min_items = min_items.or(base.min_items);
    base.max_items = max_items.or(base.max_items);
    base.items = items.or(base.items.take());
}

/// The constraints of a schema written without `type`.
fn untyped_constraints(a: &AnySchema) -> Constraints {
    let exclusive = |flag: Option<bool>| flag.unwrap_or(false);
    Constraints {
        pattern: a.pattern.clone(),
        min_length: a.min_length.map(|v| v as u64),
        max_length: a.max_length.map(|v| v as u64),
        minimum: a.minimum.map(|m| (m, exclusive(a.exclusive_minimum))),
        maximum: a.maximum.map(|m| (m, exclusive(a.exclusive_maximum))),
        min_items: a.min_items.map(|v| v as u64),
        max_items: a.max_items.map(|v| v as u64),
        items: None,
    }
}

impl<'a> Converter<'a> {
    /// `allOf` (with the schema's own `properties` beside it, if any).
    pub(super) fn all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        own: Option<OwnProperties<'_>>,
        context: &str,
        at: &str,
        slot: &mut Slot,
    ) -> Result<Option<TypeKind>> {
        let (mut annotations, mut shaped): (Vec<usize>, Vec<usize>) =
            (0..parts.len()).partition(|&i| annotates_only(&parts[i]));
        // When every part only constrains, the first with a `type` still says
        // what the value is: `allOf: [{type: string}]` (what a 3.1 `anyOf` of a
        // type and `null` normalizes to) is a string.
        if shaped.is_empty() {
            let typed = annotations.iter().position(|&i| {
                matches!(&parts[i], ReferenceOr::Item(s) if matches!(s.schema_kind, SchemaKind::Type(_)))
            });
            if let Some(p) = typed {
                shaped.push(annotations.remove(p));
            }
        }
        let own = own.filter(|(properties, _)| !properties.is_empty());
        // Beside a more specific part (`allOf: [{$ref: Text}, {enum: [a, b]}]`), a
        // `$ref` to a named primitive narrows nothing: it only adds its constraints.
        let (mut primitives, mut specific): (Vec<usize>, Vec<usize>) = if shaped.len() > 1 {
            shaped.iter().partition(|&&i| {
                self.primitive_behind(&parts[i], &format!("{at}/allOf/{i}"))
                    .is_some()
            })
        } else {
            (Vec::new(), shaped.clone())
        };
        if specific.is_empty() && !primitives.is_empty() {
            specific.push(primitives.remove(0));
        }
        if let ([only], None) = (specific.as_slice(), own) {
            let part_at = format!("{at}/allOf/{only}");
            // A named primitive is a plain alias: its own constraints apply here,
            // where the field has a place for them (and for the wrapper's).
            let inner = match self.primitive_behind(&parts[*only], &part_at) {
                Some((schema, schema_at)) => self.shape(schema, context, &schema_at)?.1,
                None => self.convert(&parts[*only], context, &part_at)?,
            };
            slot.ty = inner.ty;
            slot.nullable |= inner.nullable;
            slot.constraints = inner.constraints;
            let mut inner_doc = inner.doc;
            for &i in &primitives {
                let part_at = format!("{at}/allOf/{i}");
                if let Some((schema, schema_at)) = self.primitive_behind(&parts[i], &part_at) {
                    let (_, extra) = self.shape(schema, "", &schema_at)?;
                    overlay(&mut slot.constraints, extra.constraints);
                    inner_doc.text = inner_doc.text.or(extra.doc.text);
                }
            }
            self.annotate(parts, &annotations, at, slot)?;
            // The wrapper's and its annotations' documentation first: it says what this use is.
            let doc = &mut slot.doc;
            doc.text = doc.text.take().or(inner_doc.text);
            doc.format = doc.format.take().or(inner_doc.format);
            doc.default = doc.default.take().or(inner_doc.default);
            doc.deprecated |= inner_doc.deprecated;
            return Ok(None);
        }
        if let Some(union_part) = self.single_union_part(parts, &specific) {
            return self.merge_with_union(parts, union_part, own, context, at);
        }
        let mut collected = Collected::default();
        for &i in &shaped {
            self.collect(
                &parts[i],
                &format!("{at}/allOf/{i}"),
                &[],
                &mut collected,
                0,
            )?;
        }
        if let Some((properties, required)) = own {
            for (wire, schema) in properties {
                let field = Gathered {
                    schema,
                    at: format!("{at}/properties/{}", pointer_token(wire)),
                    chain: Vec::new(),
                };
                collected.properties.insert(wire.clone(), field);
            }
            collected.required.extend(required.iter().cloned());
        }
        if let Some(reference) = collected.merged.iter().find(|r| self.merging.contains(r)) {
            return Err(Error::unsupported(
                self.written(at),
                format!("`allOf` merges {reference:?} into one of its own properties: a recursive merge cannot be inlined; give the property's schema a name in `components/schemas`"),
            ));
        }
        self.annotate(parts, &annotations, at, slot)?;
        let additional = match collected.additional {
            Some((AdditionalProperties::Schema(s), part_at, chain)) => {
                let before = self.merging.len();
                self.merging.extend(chain);
                let value = self.convert(
                    s,
                    &format!("{context}Value"),
                    &format!("{part_at}/additionalProperties"),
                );
                self.merging.truncate(before);
                Some(value?.ty())
            }
            Some((AdditionalProperties::Any(true), ..)) if !collected.properties.is_empty() => {
                Some(TypeRef::Json)
            }
            _ => None,
        };
        if collected.properties.is_empty() {
            slot.ty = Some(additional.map_or(TypeRef::Json, |v| TypeRef::Map(Box::new(v))));
            return Ok(None);
        }
        self.structure(
            collected.properties,
            &collected.required,
            additional,
            context,
        )
    }

    /// Applies the documentation, `nullable`, default and constraints of parts
    /// that only annotate.
    fn annotate(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        annotations: &[usize],
        at: &str,
        slot: &mut Slot,
    ) -> Result<()> {
        for &i in annotations {
            let ReferenceOr::Item(part) = &parts[i] else {
                continue;
            };
            // An annotation has no shape, so converting it names no type.
            let (_, mut extra) = self.shape(part, "", &format!("{at}/allOf/{i}"))?;
            if let SchemaKind::Any(a) = &part.schema_kind {
                // Keywords without a `type`, which a typed schema keeps by itself.
                overlay(&mut extra.constraints, untyped_constraints(a));
            }
            slot.nullable |= extra.nullable;
            overlay(&mut slot.constraints, extra.constraints);
            let doc = &mut slot.doc;
            doc.text = doc.text.take().or(extra.doc.text);
            doc.format = doc.format.take().or(extra.doc.format);
            doc.default = doc.default.take().or(extra.doc.default);
            doc.deprecated |= extra.doc.deprecated;
        }
        Ok(())
    }

    /// The schema behind a `$ref` to a string, number, integer or boolean
    /// without `enum`, with its pointer.
    fn primitive_behind(
        &self,
        part: &ReferenceOr<Schema>,
        at: &str,
    ) -> Option<(&'a Schema, String)> {
        let ReferenceOr::Reference { reference } = part else {
            return None;
        };
        let (schema, schema_at) = self.target(reference, at).ok()?;
        let primitive = match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => t.enumeration.is_empty(),
            SchemaKind::Type(Type::Integer(t)) => t.enumeration.is_empty(),
            SchemaKind::Type(Type::Number(t)) => t.enumeration.is_empty(),
            SchemaKind::Type(Type::Boolean(t)) => t.enumeration.is_empty(),
            _ => false,
        };
        primitive.then_some((schema, schema_at))
    }

    /// Where a pointer of a made-up schema is written in the document.
    fn written(&self, at: &str) -> String {
        self.written_at
            .iter()
            .find(|(made_up, _)| at == made_up)
            .map_or_else(|| at.to_owned(), |(_, real)| real.clone())
    }

    /// The component a `$ref` names, through `$ref`s to `$ref`s, with its pointer.
    pub(super) fn target(&self, reference: &str, at: &str) -> Result<(&'a Schema, String)> {
        let schemas = self.schemas;
        let mut reference = reference.to_owned();
        for _ in 0..MAX_REF_CHAIN {
            let Some(token) = reference.strip_prefix(COMPONENT_PREFIX) else {
                return Err(Error::unsupported(at, format!("reference {reference:?}: only `#/components/schemas/...` references are supported in schemas")));
            };
            let name = token.replace("~1", "/").replace("~0", "~");
            if let Some(left_out) = self.left_out.get(&name) {
                return Err(left_out.error(&name));
            }
            match schemas.get(&name) {
                Some(ReferenceOr::Item(schema)) => {
                    return Ok((
                        schema,
                        format!("{COMPONENT_PREFIX}{}", pointer_token(&name)),
                    ))
                }
                Some(ReferenceOr::Reference { reference: next }) => reference.clone_from(next),
                None => {
                    return Err(Error::invalid(
                        at,
                        format!("reference {reference:?} points to no schema"),
                    ))
                }
            }
        }
        Err(Error::invalid(
            at,
            format!("reference {reference:?} is part of a `$ref` cycle with no schema"),
        ))
    }

    /// Adds the properties of one merged part (at `at`, reached through the
    /// `$ref`s in `chain`) to `out`.
    pub(super) fn collect<'s>(
        &self,
        part: &'s ReferenceOr<Schema>,
        at: &str,
        chain: &[String],
        out: &mut Collected<'s>,
        depth: usize,
    ) -> Result<()>
    where
        'a: 's,
    {
        let at = self.written(at);
        let (schema, base, chain) = match part {
            ReferenceOr::Reference { reference } => {
                if chain.contains(reference) {
                    return Err(Error::unsupported(
                        at,
                        format!("`allOf` includes {reference:?} within itself"),
                    ));
                }
                let (schema, base) = self.target(reference, &at)?;
                out.merged.push(reference.clone());
                let mut chain = chain.to_vec();
                chain.push(reference.clone());
                (schema, base, chain)
            }
            ReferenceOr::Item(schema) => (schema, at.clone(), chain.to_vec()),
        };
        if depth > MAX_REF_CHAIN {
            return Err(Error::unsupported(
                at,
                format!("`allOf`s nested more than {MAX_REF_CHAIN} levels deep"),
            ));
        }
        let (properties, required, additional, all_of) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                &[][..],
            ),
            SchemaKind::AllOf { all_of } => {
                for (i, p) in all_of.iter().enumerate() {
                    self.collect(p, &format!("{base}/allOf/{i}"), &chain, out, depth + 1)?;
                }
                return Ok(());
            }
            // Alternatives that only say which properties are required constrain
            // the merged object without changing its shape; the server enforces them.
            SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches }
                if branches.iter().all(constrains_only) =>
            {
                return Ok(());
            }
            SchemaKind::Any(AnySchema {
                properties,
                required,
                additional_properties,
                all_of,
                one_of,
                any_of,
                ..
            }) if one_of.iter().chain(any_of).all(constrains_only) => (
                properties,
                required,
                additional_properties.as_ref(),
                all_of.as_slice(),
            ),
            _ if annotates_only(part) => return Ok(()),
            _ => {
                let what = match part {
                    ReferenceOr::Reference { reference } => format!("{reference:?}"),
                    ReferenceOr::Item(_) => "this part".to_owned(),
                };
                return Err(Error::unsupported(
                    at,
                    format!("{what} is not an object, so it cannot be merged with the other parts of an `allOf` (or with `properties` beside `oneOf`/`anyOf`) into one struct"),
                ));
            }
        };
        for (i, p) in all_of.iter().enumerate() {
            self.collect(p, &format!("{base}/allOf/{i}"), &chain, out, depth + 1)?;
        }
        for (wire, schema) in properties {
            let field = Gathered {
                schema,
                at: format!("{base}/properties/{}", pointer_token(wire)),
                chain: chain.clone(),
            };
            out.properties.insert(wire.clone(), field);
        }
        out.required.extend(required.iter().cloned());
        if let Some(additional) = additional {
            out.additional = Some((additional, base, chain));
        }
        Ok(())
    }

    /// A struct of `fields`; each is converted with the `$ref`s it came
    /// through counted as merges in progress.
    pub(super) fn structure(
        &mut self,
        fields: IndexMap<String, Gathered<'_>>,
        required: &[String],
        additional: Option<TypeRef>,
        context: &str,
    ) -> Result<Option<TypeKind>> {
        let mut ns = Namespace::with_taken(["additional_properties"]);
        let mut out = Vec::with_capacity(fields.len());
        for (wire, field) in fields {
            let sub_context = format!("{context}{}", names::type_name(&wire, "Field"));
            let s = self.convert_gathered(&field, &sub_context)?;
            let dated = self.is_dated(field.schema);
            out.push(Field {
                name: ns.claim(names::member_name(&wire, dated, "field")),
                required: required.contains(&wire),
                wire,
                ty: s.ty(),
                nullable: s.nullable,
                boxed: false,
                doc: s.doc,
                constraints: s.constraints,
            });
        }
        Ok(Some(TypeKind::Struct(StructDef {
            fields: out,
            additional,
            required_name: None,
        })))
    }

    /// The one part among `specific` that is a union (not one that only lists
    /// required properties), when there is exactly one.
    fn single_union_part(
        &self,
        parts: &[ReferenceOr<Schema>],
        specific: &[usize],
    ) -> Option<usize> {
        let is_union = |i: usize| {
            let schema = match &parts[i] {
                ReferenceOr::Reference { reference } => self.target(reference, "").ok()?.0,
                ReferenceOr::Item(schema) => schema,
            };
            let branches = match &schema.schema_kind {
                SchemaKind::OneOf { one_of } => one_of,
                SchemaKind::AnyOf { any_of } => any_of,
                SchemaKind::Any(a) if a.properties.is_empty() && a.all_of.is_empty() => {
                    if a.one_of.is_empty() {
                        &a.any_of
                    } else {
                        &a.one_of
                    }
                }
                _ => return None,
            };
            (!branches.is_empty() && !branches.iter().all(constrains_only)).then_some(i)
        };
        let mut unions = specific.iter().filter_map(|&i| is_union(i));
        match (unions.next(), unions.next()) {
            (Some(i), None) => Some(i),
            _ => None,
        }
    }

    /// `allOf: [A, {oneOf: [X, Y]}]` is `oneOf: [allOf: [A, X], allOf: [A, Y]]`:
    /// the other parts (and the schema's own properties) merge into each alternative.
    fn merge_with_union(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        union_part: usize,
        own: Option<OwnProperties<'_>>,
        context: &str,
        at: &str,
    ) -> Result<Option<TypeKind>> {
        // The union's place is kept by an empty part, so the others keep their pointers.
        let others: Vec<ReferenceOr<Schema>> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i == union_part {
                    ReferenceOr::Item(Schema {
                        schema_data: Default::default(),
                        schema_kind: SchemaKind::Any(AnySchema::default()),
                    })
                } else {
                    p.clone()
                }
            })
            .collect();
        let (properties, required) =
            own.map_or_else(Default::default, |(p, r)| (p.clone(), r.to_vec()));
        let shared = ReferenceOr::Item(Schema {
            schema_data: Default::default(),
            schema_kind: SchemaKind::Any(AnySchema {
                all_of: others,
                properties,
                required,
                ..AnySchema::default()
            }),
        });
        let part_at = format!("{at}/allOf/{union_part}");
        let keyword = match &parts[union_part] {
            ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::AnyOf { .. },
                ..
            }) => "anyOf",
            _ => "oneOf",
        };
        let mut alternatives = Vec::new();
        self.alternatives(&parts[union_part], part_at, &mut alternatives, 0)?;
        self.distribute(&shared, at, alternatives, keyword, context, at)
    }

    /// The alternatives of one branch, with where each is written: the branch
    /// itself, or, when it is a union of its own (`oneOf: [{$ref: A}]` where
    /// `A: {oneOf: [A1, A2]}`), each of its alternatives, since the shared
    /// properties distribute over them.
    fn alternatives<'s>(
        &self,
        branch: &'s ReferenceOr<Schema>,
        at: String,
        out: &mut Vec<(&'s ReferenceOr<Schema>, String)>,
        depth: usize,
    ) -> Result<()>
    where
        'a: 's,
    {
        let (schema, schema_at) = match branch {
            ReferenceOr::Reference { reference } => self.target(reference, &at)?,
            ReferenceOr::Item(schema) => (schema, at.clone()),
        };
        let (nested, keyword) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            SchemaKind::Any(a) if a.properties.is_empty() && a.all_of.is_empty() => {
                if !a.one_of.is_empty() {
                    (&a.one_of, "oneOf")
                } else if !a.any_of.is_empty() {
                    (&a.any_of, "anyOf")
                } else {
                    out.push((branch, at));
                    return Ok(());
                }
            }
            _ => {
                out.push((branch, at));
                return Ok(());
            }
        };
        if depth >= MAX_REF_CHAIN {
            return Err(Error::unsupported(
                at,
                format!("`oneOf`/`anyOf` nested more than {MAX_REF_CHAIN} levels deep"),
            ));
        }
        for (i, b) in nested.iter().enumerate() {
            self.alternatives(b, format!("{schema_at}/{keyword}/{i}"), out, depth + 1)?;
        }
        Ok(())
    }

    /// `properties` beside `oneOf`/`anyOf`: the shared properties merge into
    /// each alternative (`allOf: [shared, alternative]`), so every alternative
    /// decodes and encodes whole.
    pub(super) fn shared_into_alternatives(
        &mut self,
        a: &AnySchema,
        context: &str,
        at: &str,
    ) -> Result<Option<TypeKind>> {
        let (branches, keyword) = if a.one_of.is_empty() {
            (&a.any_of, "anyOf")
        } else {
            (&a.one_of, "oneOf")
        };
        let shared = ReferenceOr::Item(Schema {
            schema_data: Default::default(),
            schema_kind: SchemaKind::Type(Type::Object(openapiv3::ObjectType {
                properties: a.properties.clone(),
                required: a.required.clone(),
                additional_properties: a.additional_properties.clone(),
                ..Default::default()
            })),
        });
        let mut alternatives = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            self.alternatives(branch, format!("{at}/{keyword}/{i}"), &mut alternatives, 0)?;
        }
        self.distribute(&shared, at, alternatives, keyword, context, at)
    }

    /// A union of `allOf: [shared, alternative]` for each alternative (with
    /// where it is written); `shared` is written at `shared_at`.
    fn distribute(
        &mut self,
        shared: &ReferenceOr<Schema>,
        shared_at: &str,
        alternatives: Vec<(&ReferenceOr<Schema>, String)>,
        keyword: &str,
        context: &str,
        at: &str,
    ) -> Result<Option<TypeKind>> {
        let before = self.written_at.len();
        let mut merged = Vec::with_capacity(alternatives.len());
        for (i, (branch, written)) in alternatives.into_iter().enumerate() {
            let made_up = format!("{at}/{keyword}/{i}");
            self.written_at
                .push((format!("{made_up}/allOf/0"), shared_at.to_owned()));
            self.written_at
                .push((format!("{made_up}/allOf/1"), written));
            merged.push(ReferenceOr::Item(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::AllOf {
                    all_of: vec![shared.clone(), branch.clone()],
                },
            }));
        }
        let union = self.union(&merged, keyword, None, context, at);
        self.written_at.truncate(before);
        Ok(Some(union?))
    }
}
