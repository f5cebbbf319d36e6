//! Schemas to types: every component schema becomes a named type, and every
//! inline object, enum and union gets a stable name from where it sits (see
//! [`names`] for the rule). Names of inline types are settled
//! after all schemas are seen, so they do not depend on visiting order.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};

use super::names::{self, Namespace};
use super::types::*;
use crate::error::{pointer_token, Error, Result};

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// How deeply inline schemas may nest. A parsed document is at most 128
/// levels deep, so only an expansion through `$ref`s gets past this; the
/// limit turns that into an error instead of a stack overflow.
const MAX_DEPTH: usize = 128;

/// What a schema converts to at a use site.
#[derive(Debug, Clone, Default)]
pub struct Slot {
    /// The type, `None` until set.
    pub ty: Option<TypeRef>,
    /// May be `null`.
    pub nullable: bool,
    /// Constraints on the value.
    pub constraints: Constraints,
    /// The schema's own documentation.
    pub doc: Doc,
}

impl Slot {
    fn of(ty: TypeRef) -> Self {
        Slot {
            ty: Some(ty),
            ..Slot::default()
        }
    }

    /// The type (Json when unset).
    pub fn ty(&self) -> TypeRef {
        self.ty.clone().unwrap_or(TypeRef::Json)
    }
}

/// An object's own `properties` and `required`, beside its `allOf`.
type OwnProperties<'s> = (&'s IndexMap<String, ReferenceOr<Box<Schema>>>, &'s [String]);

/// What a named type is, as far as encoding it as a parameter goes.
#[derive(Debug, Clone, PartialEq)]
pub enum NamedKind {
    /// A string enum, or an alias of a primitive: one value.
    Scalar,
    /// A struct.
    Object,
    /// An alias of an array (of this item type).
    Array,
    /// A union, or an alias of a map or free-form value.
    Other,
}

/// How an inline type wants to be named.
#[derive(Debug)]
struct NameRequest {
    /// Parent name plus position, e.g. `AccountDataRates`.
    context: String,
    /// Where the schema sits: orders two requests for the same name.
    pointer: String,
}

/// Converts schemas into a [`TypeSpace`].
pub struct Converter<'a> {
    schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    space: TypeSpace,
    components: BTreeMap<String, TypeId>,
    pending_names: BTreeMap<usize, NameRequest>,
    types: Namespace,
    /// Inline schemas being converted, innermost last.
    depth: usize,
    /// The `$ref`s whose properties `allOf`s being converted are merging.
    merging: Vec<String>,
}

impl<'a> Converter<'a> {
    /// A converter over the document's component schemas; names them all first
    /// so references (including recursive ones) resolve.
    pub fn new(schemas: &'a IndexMap<String, ReferenceOr<Schema>>, reserved: &[&str]) -> Self {
        let mut types = Namespace::with_taken(reserved.iter().copied());
        let mut space = TypeSpace::default();
        let mut components = BTreeMap::new();
        // Names are claimed in sorted order, so two schema names that read the
        // same in Rust (`foo-bar`, `fooBar`) get their suffixes independent of
        // the order the spec lists them in.
        let mut sorted: Vec<&String> = schemas.keys().collect();
        sorted.sort();
        let claimed: BTreeMap<&String, String> = sorted
            .into_iter()
            .map(|name| (name, types.claim(names::type_name(name, "Schema"))))
            .collect();
        for name in schemas.keys() {
            let id = TypeId(space.defs.len());
            space.defs.push(TypeDef {
                name: claimed[name].clone(),
                doc: Doc::default(),
                kind: TypeKind::Alias(TypeRef::Json),
                pointer: format!("{COMPONENT_PREFIX}{}", pointer_token(name)),
                usage: Usage::default(),
            });
            components.insert(name.clone(), id);
        }
        Self {
            schemas,
            space,
            components,
            pending_names: BTreeMap::new(),
            types,
            depth: 0,
            merging: Vec::new(),
        }
    }

    /// Converts every component schema's body.
    ///
    /// # Errors
    /// An unsupported or invalid schema, by pointer.
    pub fn convert_components(&mut self) -> Result<()> {
        for (name, schema) in self.schemas {
            let id = self.components[name];
            let at = self.space.defs[id.0].pointer.clone();
            let type_name = self.space.defs[id.0].name.clone();
            let schema = match schema {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => {
                    let target = self.reference(reference, &at)?;
                    self.space.defs[id.0].kind = TypeKind::Alias(target);
                    continue;
                }
            };
            // Its own properties merged into one of them by an inline `allOf` is a recursive merge.
            self.merging
                .push(format!("{COMPONENT_PREFIX}{}", pointer_token(name)));
            let shaped = self.shape(schema, &type_name, &at);
            self.merging.pop();
            let (kind, slot) = shaped?;
            let def = &mut self.space.defs[id.0];
            def.doc = slot.doc.clone();
            def.kind = match kind {
                Some(kind) => kind,
                None => TypeKind::Alias(slot.ty()),
            };
        }
        Ok(())
    }

    /// The type of a schema at a use site; inline objects, enums and unions
    /// become new named types based on `context`.
    ///
    /// # Errors
    /// An unsupported or invalid schema, by pointer.
    pub fn convert<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        context: &str,
        at: &str,
    ) -> Result<Slot> {
        match schema {
            ReferenceOr::Reference { reference } => Ok(Slot::of(self.reference(reference, at)?)),
            ReferenceOr::Item(schema) => self.convert_item(schema.borrow(), context, at),
        }
    }

    fn convert_item(&mut self, schema: &Schema, context: &str, at: &str) -> Result<Slot> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::unsupported(
                at,
                format!("schemas nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        self.depth += 1;
        let shaped = self.shape(schema, context, at);
        self.depth -= 1;
        let (kind, mut slot) = shaped?;
        if let Some(kind) = kind {
            let id = self.add_inline(kind, &slot.doc, context, at);
            slot.ty = Some(TypeRef::Named(id));
        }
        Ok(slot)
    }

    fn add_inline(&mut self, kind: TypeKind, doc: &Doc, context: &str, at: &str) -> TypeId {
        let id = TypeId(self.space.defs.len());
        // An enum's site doc describes the field (and stays on it); an
        // object's or union's describes the type.
        let doc = if matches!(kind, TypeKind::Enum(_)) {
            Doc::default()
        } else {
            Doc {
                text: doc.text.clone(),
                ..Doc::default()
            }
        };
        self.space.defs.push(TypeDef {
            name: String::new(),
            doc,
            kind,
            pointer: at.to_owned(),
            usage: Usage::default(),
        });
        self.pending_names.insert(
            id.0,
            NameRequest {
                context: context.to_owned(),
                pointer: at.to_owned(),
            },
        );
        id
    }

    /// Resolves a `$ref` to a component schema.
    fn reference(&self, reference: &str, at: &str) -> Result<TypeRef> {
        let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) else {
            return Err(Error::unsupported(at, format!("reference {reference:?}: only `#/components/schemas/...` references are supported in schemas")));
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        self.components
            .get(&name)
            .map(|&id| TypeRef::Named(id))
            .ok_or_else(|| {
                Error::invalid(at, format!("reference {reference:?} points to no schema"))
            })
    }

    /// Looks through `$ref`s to a component's schema, for `allOf` merging.
    fn resolve<'s>(
        &'s self,
        schema: &'s ReferenceOr<Schema>,
        at: &str,
        depth: usize,
    ) -> Result<&'s Schema> {
        match schema {
            ReferenceOr::Item(s) => Ok(s),
            ReferenceOr::Reference { reference } => {
                if depth > 32 {
                    return Err(Error::invalid(
                        at,
                        format!("reference {reference:?} is part of a `$ref` cycle with no schema"),
                    ));
                }
                let TypeRef::Named(id) = self.reference(reference, at)? else {
                    unreachable_ref(at)?
                };
                let name = self
                    .components
                    .iter()
                    .find(|(_, &v)| v == id)
                    .map(|(k, _)| k.as_str())
                    .unwrap_or_default();
                self.resolve(&self.schemas[name], at, depth + 1)
            }
        }
    }

    /// What a schema is: a new named type (`Some(kind)`) or a plain reference (`slot.ty`).
    fn shape(
        &mut self,
        schema: &Schema,
        context: &str,
        at: &str,
    ) -> Result<(Option<TypeKind>, Slot)> {
        let data = &schema.schema_data;
        let mut slot = Slot {
            nullable: data.nullable,
            doc: Doc {
                text: data
                    .description
                    .clone()
                    .or_else(|| data.title.clone())
                    .filter(|t| !t.trim().is_empty()),
                format: None,
                default: data.default.clone(),
                deprecated: data.deprecated,
            },
            ..Slot::default()
        };
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                slot.constraints.pattern = s.pattern.clone();
                slot.constraints.min_length = s.min_length.map(|v| v as u64);
                slot.constraints.max_length = s.max_length.map(|v| v as u64);
                slot.doc.format = match &s.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => {
                        Some("date-time".into())
                    }
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date".into()),
                    VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => {
                        Some("byte (base64)".into())
                    }
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary".into()),
                    VariantOrUnknownOrEmpty::Item(StringFormat::Password) => {
                        Some("password".into())
                    }
                    VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
                    VariantOrUnknownOrEmpty::Empty => None,
                };
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if s.enumeration.iter().any(Option::is_none) {
                    slot.nullable = true;
                }
                if values.is_empty() {
                    slot.ty = Some(TypeRef::String);
                    None
                } else {
                    Some(self.string_enum(&values))
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let width = match i.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntWidth::I32,
                    _ => IntWidth::I64,
                };
                slot.ty = Some(TypeRef::Integer(width));
                slot.constraints.minimum = i.minimum.map(|m| (m as f64, i.exclusive_minimum));
                slot.constraints.maximum = i.maximum.map(|m| (m as f64, i.exclusive_maximum));
                None
            }
            SchemaKind::Type(Type::Number(n)) => {
                slot.ty = Some(TypeRef::Number);
                slot.constraints.minimum = n.minimum.map(|m| (m, n.exclusive_minimum));
                slot.constraints.maximum = n.maximum.map(|m| (m, n.exclusive_maximum));
                None
            }
            SchemaKind::Type(Type::Boolean(_)) => {
                slot.ty = Some(TypeRef::Boolean);
                None
            }
            SchemaKind::Type(Type::Array(a)) => {
                let item = self.array_items(a.items.as_ref(), context, at)?;
                slot.constraints.min_items = a.min_items.map(|v| v as u64);
                slot.constraints.max_items = a.max_items.map(|v| v as u64);
                if !item.constraints.is_empty() {
                    slot.constraints.items = Some(Box::new(item.constraints.clone()));
                }
                slot.ty = Some(TypeRef::Vec(Box::new(item.ty())));
                None
            }
            SchemaKind::Type(Type::Object(o)) => self.object(
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                context,
                at,
                &mut slot,
            )?,
            SchemaKind::OneOf { one_of } => Some(self.union(one_of, "oneOf", context, at)?),
            SchemaKind::AnyOf { any_of } => Some(self.union(any_of, "anyOf", context, at)?),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, None, context, at, &mut slot)?,
            SchemaKind::Not { .. } => {
                return Err(Error::unsupported(
                    format!("{at}/not"),
                    "`not` schemas cannot be expressed in Rust types",
                ));
            }
            SchemaKind::Any(any) => self.any(any, context, at, &mut slot)?,
        };
        Ok((kind, slot))
    }

    fn array_items(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        context: &str,
        at: &str,
    ) -> Result<Slot> {
        match items {
            Some(items) => {
                let mut item =
                    self.convert(items, &format!("{context}Item"), &format!("{at}/items"))?;
                // `Option` inside a Vec is rarely what callers want, but dropping nulls would lose data.
                if item.nullable {
                    item.ty = Some(TypeRef::Json);
                }
                Ok(item)
            }
            None => Ok(Slot::of(TypeRef::Json)),
        }
    }

    fn string_enum(&mut self, values: &[String]) -> TypeKind {
        let mut ns = Namespace::with_taken(["Unknown"]);
        // A value listed twice is one variant (two would be an unreachable match arm).
        let mut listed = std::collections::BTreeSet::new();
        let variants = values
            .iter()
            .filter(|v| listed.insert(v.as_str()))
            .map(|v| EnumVariant {
                name: ns.claim(names::type_name(v, "Empty")),
                wire: v.clone(),
            })
            .collect();
        TypeKind::Enum(EnumDef { variants })
    }

    fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        context: &str,
        at: &str,
        slot: &mut Slot,
    ) -> Result<Option<TypeKind>> {
        let additional_ty = match additional {
            Some(AdditionalProperties::Schema(s)) => Some(
                self.convert(
                    s,
                    &format!("{context}Value"),
                    &format!("{at}/additionalProperties"),
                )?
                .ty(),
            ),
            Some(AdditionalProperties::Any(true)) if !properties.is_empty() => Some(TypeRef::Json),
            _ => None,
        };
        if properties.is_empty() {
            // A map, or a free-form object.
            slot.ty = Some(match additional_ty {
                Some(value) => TypeRef::Map(Box::new(value)),
                None => TypeRef::Json,
            });
            return Ok(None);
        }
        let mut ns = Namespace::with_taken(["additional_properties"]);
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, schema) in properties {
            let field_at = format!("{at}/properties/{}", pointer_token(wire));
            let sub_context = format!("{context}{}", names::type_name(wire, "Field"));
            let s = self.convert(schema, &sub_context, &field_at)?;
            fields.push(Field {
                wire: wire.clone(),
                name: ns.claim(names::field_name(wire, "field")),
                ty: s.ty(),
                required: required.contains(wire),
                nullable: s.nullable,
                boxed: false,
                doc: s.doc,
                constraints: s.constraints,
            });
        }
        Ok(Some(TypeKind::Struct(StructDef {
            fields,
            additional: additional_ty,
        })))
    }

    fn union(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        keyword: &str,
        context: &str,
        at: &str,
    ) -> Result<TypeKind> {
        if branches.is_empty() {
            return Err(Error::invalid(
                format!("{at}/{keyword}"),
                format!("`{keyword}` needs at least one schema"),
            ));
        }
        let mut ns = Namespace::default();
        let mut variants = Vec::with_capacity(branches.len());
        for (i, branch) in branches.iter().enumerate() {
            let branch_at = format!("{at}/{keyword}/{i}");
            let fallback = match branch {
                ReferenceOr::Item(s) => match &s.schema_kind {
                    SchemaKind::Type(Type::Object(_)) => "Object",
                    SchemaKind::Type(Type::Array(_)) => "List",
                    _ => "Variant",
                },
                ReferenceOr::Reference { .. } => "Variant",
            };
            let s = self.convert(branch, &format!("{context}{fallback}"), &branch_at)?;
            let ty = s.ty();
            let name = match &ty {
                TypeRef::Named(id) if matches!(branch, ReferenceOr::Reference { .. }) => {
                    self.space.get(*id).name.clone()
                }
                TypeRef::Named(_) => fallback.to_owned(),
                TypeRef::String => "String".into(),
                TypeRef::Integer(_) => "Integer".into(),
                TypeRef::Number => "Number".into(),
                TypeRef::Boolean => "Boolean".into(),
                TypeRef::Json => "Value".into(),
                TypeRef::Vec(_) => "List".into(),
                TypeRef::Map(_) => "Map".into(),
            };
            variants.push(UnionVariant {
                name: ns.claim(name),
                ty,
                boxed: false,
                constraints: s.constraints,
            });
        }
        Ok(TypeKind::Union(UnionDef { variants }))
    }

    /// `allOf`: one part (often a `$ref` with a description or `nullable`
    /// beside it) stands for itself; several object parts merge into one struct.
    fn all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        own: Option<OwnProperties<'_>>,
        context: &str,
        at: &str,
        slot: &mut Slot,
    ) -> Result<Option<TypeKind>> {
        if parts.len() == 1 && own.is_none_or(|(p, _)| p.is_empty()) {
            let inner = self.convert(&parts[0], context, &format!("{at}/allOf/0"))?;
            slot.ty = inner.ty;
            slot.nullable |= inner.nullable;
            slot.constraints = inner.constraints;
            if slot.doc.text.is_none() {
                slot.doc.text = inner.doc.text;
            }
            return Ok(None);
        }
        let mut properties: IndexMap<String, ReferenceOr<Box<Schema>>> = IndexMap::new();
        let mut required: Vec<String> = Vec::new();
        let mut additional = None;
        let mut seen = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            self.collect_object(
                part,
                &format!("{at}/allOf/{i}"),
                &mut properties,
                &mut required,
                &mut additional,
                &mut seen,
                0,
            )?;
        }
        if let Some((p, r)) = own {
            properties.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
            required.extend(r.iter().cloned());
        }
        // A property that merges a schema whose merge is in progress would be inlined forever.
        if let Some(reference) = seen.iter().find(|r| self.merging.contains(r)) {
            return Err(Error::unsupported(
                at,
                format!("`allOf` merges {reference:?} into one of its own properties: a recursive merge cannot be inlined; give the property's schema a name in `components/schemas`"),
            ));
        }
        let before = self.merging.len();
        self.merging.extend(seen);
        let result = self.object(
            &properties,
            &required,
            additional.as_ref(),
            context,
            at,
            slot,
        );
        self.merging.truncate(before);
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn collect_object(
        &self,
        part: &ReferenceOr<Schema>,
        at: &str,
        properties: &mut IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &mut Vec<String>,
        additional: &mut Option<AdditionalProperties>,
        seen: &mut Vec<String>,
        depth: usize,
    ) -> Result<()> {
        if let ReferenceOr::Reference { reference } = part {
            if seen.contains(reference) {
                return Err(Error::unsupported(
                    at,
                    format!("`allOf` includes {reference:?} within itself"),
                ));
            }
            seen.push(reference.clone());
        }
        let schema = self.resolve(part, at, depth)?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                properties.extend(o.properties.iter().map(|(k, v)| (k.clone(), v.clone())));
                required.extend(o.required.iter().cloned());
                if o.additional_properties.is_some() {
                    additional.clone_from(&o.additional_properties);
                }
            }
            SchemaKind::AllOf { all_of } => {
                for (i, p) in all_of.iter().enumerate() {
                    self.collect_object(
                        p,
                        &format!("{at}/allOf/{i}"),
                        properties,
                        required,
                        additional,
                        seen,
                        depth + 1,
                    )?;
                }
            }
            SchemaKind::Any(a) if a.one_of.is_empty() && a.any_of.is_empty() => {
                properties.extend(a.properties.iter().map(|(k, v)| (k.clone(), v.clone())));
                required.extend(a.required.iter().cloned());
                for (i, p) in a.all_of.iter().enumerate() {
                    self.collect_object(
                        p,
                        &format!("{at}/allOf/{i}"),
                        properties,
                        required,
                        additional,
                        seen,
                        depth + 1,
                    )?;
                }
            }
            _ => {
                return Err(Error::unsupported(
                    at,
                    "`allOf` parts must be objects to merge into one struct",
                ));
            }
        }
        Ok(())
    }

    /// Schemas whose keywords do not fit one `type` (no type, or mixed with combinators).
    fn any(
        &mut self,
        a: &AnySchema,
        context: &str,
        at: &str,
        slot: &mut Slot,
    ) -> Result<Option<TypeKind>> {
        if !a.all_of.is_empty() {
            return self.all_of(
                &a.all_of,
                Some((&a.properties, &a.required)),
                context,
                at,
                slot,
            );
        }
        // Alternatives that only say which properties are required, or narrow ones
        // already declared (`anyOf: [{required: [a]}, {properties: {status: {enum:
        // [done]}}}]`), constrain an object without changing its shape: the struct
        // comes from `properties`, and the server enforces the rule.
        let refines = |props: &IndexMap<String, ReferenceOr<Box<Schema>>>| {
            props.keys().all(|k| a.properties.contains_key(k))
        };
        let constraint_only = |branches: &[ReferenceOr<Schema>]| {
            branches.iter().all(|b| match b {
                ReferenceOr::Item(s) => match &s.schema_kind {
                    SchemaKind::Any(x) => {
                        refines(&x.properties)
                            && x.typ.is_none()
                            && x.items.is_none()
                            && x.all_of.is_empty()
                            && x.one_of.is_empty()
                            && x.any_of.is_empty()
                            && x.enumeration.is_empty()
                    }
                    SchemaKind::Type(Type::Object(o)) => refines(&o.properties),
                    _ => false,
                },
                ReferenceOr::Reference { .. } => false,
            })
        };
        if !a.properties.is_empty() && constraint_only(&a.one_of) && constraint_only(&a.any_of) {
            return self.object(
                &a.properties,
                &a.required,
                a.additional_properties.as_ref(),
                context,
                at,
                slot,
            );
        }
        if !a.one_of.is_empty() || !a.any_of.is_empty() {
            if !a.properties.is_empty() {
                return Err(Error::unsupported(at, "`oneOf`/`anyOf` beside `properties`; move the shared properties into each alternative or an `allOf`"));
            }
            let (branches, keyword) = if a.one_of.is_empty() {
                (&a.any_of, "anyOf")
            } else {
                (&a.one_of, "oneOf")
            };
            return Ok(Some(self.union(branches, keyword, context, at)?));
        }
        if a.not.is_some() {
            return Err(Error::unsupported(
                format!("{at}/not"),
                "`not` schemas cannot be expressed in Rust types",
            ));
        }
        match a.typ.as_deref() {
            Some("object") | None
                if !a.properties.is_empty() || a.additional_properties.is_some() =>
            {
                self.object(
                    &a.properties,
                    &a.required,
                    a.additional_properties.as_ref(),
                    context,
                    at,
                    slot,
                )
            }
            Some("array") | None if a.items.is_some() => {
                let item = self.array_items(a.items.as_ref(), context, at)?;
                slot.ty = Some(TypeRef::Vec(Box::new(item.ty())));
                Ok(None)
            }
            Some("string") | None
                if !a.enumeration.is_empty()
                    && a.enumeration.iter().all(|v| v.is_string() || v.is_null()) =>
            {
                let values: Vec<String> = a
                    .enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                slot.nullable |= a.enumeration.iter().any(|v| v.is_null());
                Ok(Some(self.string_enum(&values)))
            }
            Some("string") => {
                slot.ty = Some(TypeRef::String);
                slot.constraints.pattern = a.pattern.clone();
                Ok(None)
            }
            Some("integer") => {
                slot.ty = Some(TypeRef::Integer(if a.format.as_deref() == Some("int32") {
                    IntWidth::I32
                } else {
                    IntWidth::I64
                }));
                Ok(None)
            }
            Some("number") => {
                slot.ty = Some(TypeRef::Number);
                Ok(None)
            }
            Some("boolean") => {
                slot.ty = Some(TypeRef::Boolean);
                Ok(None)
            }
            Some("array") => {
                slot.ty = Some(TypeRef::Vec(Box::new(TypeRef::Json)));
                Ok(None)
            }
            Some("object") | None => {
                slot.ty = Some(TypeRef::Json);
                Ok(None)
            }
            Some(other) => Err(Error::invalid(
                format!("{at}/type"),
                format!("unknown type {other:?}"),
            )),
        }
    }

    /// Whether values of `ty` have one plain text form (see [`TypeSpace::is_scalar`]).
    pub fn is_scalar(&self, ty: &TypeRef) -> bool {
        self.space.is_scalar(ty)
    }

    /// What the named type `id` is, looking through aliases.
    pub fn kind_of(&self, id: TypeId) -> Option<NamedKind> {
        let mut current = id;
        for _ in 0..32 {
            return Some(match &self.space.get(current).kind {
                TypeKind::Enum(_) => NamedKind::Scalar,
                TypeKind::Struct(_) => NamedKind::Object,
                TypeKind::Union(u) if u.variants.iter().all(|v| self.is_scalar(&v.ty)) => {
                    NamedKind::Scalar
                }
                TypeKind::Union(_) => NamedKind::Other,
                TypeKind::Alias(TypeRef::Named(next)) => {
                    current = *next;
                    continue;
                }
                TypeKind::Alias(TypeRef::Vec(_)) => NamedKind::Array,
                TypeKind::Alias(TypeRef::Map(_) | TypeRef::Json) => NamedKind::Other,
                TypeKind::Alias(_) => NamedKind::Scalar,
            });
        }
        None
    }

    /// Settles inline type names and returns the finished type space.
    pub fn finish(mut self) -> TypeSpace {
        // Claimed by (name, pointer), never by visiting order: when two inline
        // schemas want one name, which gets the suffix depends only on where
        // each sits.
        let mut requests: Vec<(String, String, usize)> = std::mem::take(&mut self.pending_names)
            .into_iter()
            .map(|(index, r)| (names::type_name(&r.context, "Inline"), r.pointer, index))
            .collect();
        requests.sort();
        for (wanted, _, index) in requests {
            self.space.defs[index].name = self.types.claim(wanted);
        }
        self.space
    }
}

/// `reference` only ever yields `Named`; kept as an error rather than a panic.
fn unreachable_ref<T>(at: &str) -> Result<T> {
    Err(Error::Internal(format!(
        "a reference at {at} did not resolve to a named type"
    )))
}
