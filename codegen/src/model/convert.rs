//! Schemas to types: every component schema becomes a named type, and every
//! inline object, enum and union gets a stable name from where it sits (see
//! [`names`] for the rule). Names of inline types are settled
//! after all schemas are seen, so they do not depend on visiting order.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, IntegerFormat, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

mod described;
mod enums;
mod merge;
mod view;

pub use merge::Gathered;
pub use view::ObjectView;

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

/// A component schema left out of the crate because it uses an unsupported construct.
#[derive(Debug, Clone)]
pub struct LeftOut {
    /// Where the construct is.
    pub pointer: String,
    /// What it is.
    pub message: String,
    /// The left-out component it uses, when the construct is in that one.
    pub through: Option<String>,
}

impl LeftOut {
    /// The error of a use of component `name`: the construct's own.
    pub fn error(&self, name: &str) -> Error {
        let message = match &self.through {
            Some(other) => format!(
                "{} (in schema {other:?}, which {name:?} uses)",
                self.message
            ),
            None => self.message.clone(),
        };
        Error::unsupported(self.pointer.clone(), message)
    }
}

/// Converts schemas into a [`TypeSpace`].
pub struct Converter<'a> {
    schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    space: TypeSpace,
    components: BTreeMap<String, TypeId>,
    /// Components without a type, by name.
    left_out: BTreeMap<String, LeftOut>,
    pending_names: BTreeMap<usize, NameRequest>,
    types: Namespace,
    /// Inline schemas being converted, innermost last.
    depth: usize,
    /// The `$ref`s merged on the way to the property being converted: one it
    /// merges again would be inlined into itself forever.
    merging: Vec<String>,
    /// Schemas made up for a merge (see [`Self::shared_into_alternatives`]):
    /// each made-up pointer, and where that part is written in the document.
    written_at: Vec<(String, String)>,
}

impl<'a> Converter<'a> {
    /// A converter over the document's component schemas; names them all first
    /// so references (including recursive ones) resolve.
    pub fn new(schemas: &'a IndexMap<String, ReferenceOr<Schema>>, reserved: &[&str]) -> Self {
        Self::leaving_out(schemas, reserved, BTreeMap::new())
    }

    /// A converter without the components in `left_out`: they get no type,
    /// and a reference to one is an unsupported construct (its own).
    pub fn leaving_out(
        schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
        reserved: &[&str],
        left_out: BTreeMap<String, LeftOut>,
    ) -> Self {
        let mut types = Namespace::with_taken(reserved.iter().copied());
        let mut space = TypeSpace::default();
        let mut components = BTreeMap::new();
        // Names are claimed in sorted order, so two schema names that read the
        // same in Rust (`foo-bar`, `fooBar`) get their suffixes independent of
        // the order the spec lists them in.
        let mut sorted: Vec<&String> = schemas
            .keys()
            .filter(|n| !left_out.contains_key(*n))
            .collect();
        sorted.sort();
        let claimed: BTreeMap<&String, String> = sorted
            .into_iter()
            .map(|name| (name, types.claim(names::type_name(name, "Schema"))))
            .collect();
        for name in schemas.keys().filter(|n| !left_out.contains_key(*n)) {
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
            left_out,
            pending_names: BTreeMap::new(),
            types,
            depth: 0,
            merging: Vec::new(),
            written_at: Vec::new(),
        }
    }

    /// Converts every component schema's body. One that is unsupported does
    /// not stop the others: it is returned with its error, and its type is left
    /// a placeholder (see [`Self::left_out`]).
    ///
    /// # Errors
    /// An invalid schema, by pointer.
    pub fn convert_components(&mut self) -> Result<Vec<(String, Error)>> {
        let mut failures = Vec::new();
        for (name, schema) in self.schemas {
            let Some(&id) = self.components.get(name) else {
                continue;
            };
            match self.convert_component(id, name, schema) {
                Ok(()) => {}
                Err(e @ Error::Unsupported { .. }) => failures.push((name.clone(), e)),
                Err(e) => return Err(e),
            }
        }
        Ok(failures)
    }

    fn convert_component(
        &mut self,
        id: TypeId,
        name: &str,
        schema: &ReferenceOr<Schema>,
    ) -> Result<()> {
        let at = self.space.defs[id.0].pointer.clone();
        let type_name = self.space.defs[id.0].name.clone();
        let schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                let target = self.reference(reference, &at)?;
                self.space.defs[id.0].kind = TypeKind::Alias(target);
                return Ok(());
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
        Ok(())
    }

    /// The components to leave out after `failures` (from
    /// [`Self::convert_components`]): those that failed, and every one that
    /// uses one of them, through any depth of fields, variants, items and aliases.
    pub fn left_out(&self, failures: &[(String, Error)]) -> BTreeMap<String, LeftOut> {
        let mut roots = Vec::new();
        let mut causes = BTreeMap::new();
        for (name, error) in failures {
            let (pointer, message) = match error {
                Error::Unsupported { pointer, message } => (pointer.clone(), message.clone()),
                other => (
                    self.space.defs[self.components[name].0].pointer.clone(),
                    other.to_string(),
                ),
            };
            let id = self.components[name];
            roots.push(id);
            causes.insert(id, (name.clone(), pointer, message));
        }
        let root_of = super::cycles::reaching(&self.space, &roots);
        let mut out = BTreeMap::new();
        for (name, &id) in &self.components {
            let Some(root) = root_of[id.0] else {
                continue;
            };
            let (root_name, pointer, message) = &causes[&root];
            out.insert(
                name.clone(),
                LeftOut {
                    pointer: pointer.clone(),
                    message: message.clone(),
                    through: (root != id).then(|| root_name.clone()),
                },
            );
        }
        out
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
        if let Some(left_out) = self.left_out.get(&name) {
            return Err(left_out.error(&name));
        }
        self.components
            .get(&name)
            .map(|&id| TypeRef::Named(id))
            .ok_or_else(|| {
                Error::invalid(at, format!("reference {reference:?} points to no schema"))
            })
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
                if s.enumeration.iter().any(Option::is_none) {
                    slot.nullable = true;
                }
                if s.enumeration.iter().all(Option::is_none) {
                    slot.ty = Some(TypeRef::String);
                    None
                } else {
                    Some(enums::string_enum(&s.enumeration, data, context))
                }
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                slot.nullable |= i.enumeration.iter().any(Option::is_none);
                Some(enums::integer_enum(&i.enumeration, data))
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
            SchemaKind::OneOf { one_of } => {
                Some(self.union(one_of, "oneOf", data.discriminator.as_ref(), context, at)?)
            }
            SchemaKind::AnyOf { any_of } => {
                Some(self.union(any_of, "anyOf", data.discriminator.as_ref(), context, at)?)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, None, context, at, &mut slot)?,
            SchemaKind::Not { .. } => {
                return Err(Error::unsupported(
                    format!("{at}/not"),
                    "`not` schemas cannot be expressed in Rust types",
                ));
            }
            SchemaKind::Any(any) => self.any(any, data, context, at, &mut slot)?,
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
        let fields = properties
            .iter()
            .map(|(wire, schema)| {
                let field = merge::Gathered {
                    schema,
                    at: format!("{at}/properties/{}", pointer_token(wire)),
                    chain: Vec::new(),
                };
                (wire.clone(), field)
            })
            .collect();
        self.structure(fields, required, additional_ty, context)
    }

    fn union(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        keyword: &str,
        discriminator: Option<&Discriminator>,
        context: &str,
        at: &str,
    ) -> Result<TypeKind> {
        if branches.is_empty() {
            return Err(Error::invalid(
                format!("{at}/{keyword}"),
                format!("`{keyword}` needs at least one schema"),
            ));
        }
        // A tagged union's fallback variant is `Unknown`.
        let mut ns = match discriminator {
            Some(_) => Namespace::with_taken(["Unknown"]),
            None => Namespace::default(),
        };
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
            // An inline alternative's title names it (`{title: id, allOf: [{$ref: Uuid}]}`).
            let title = match branch {
                ReferenceOr::Item(s) => s.schema_data.title.as_deref(),
                ReferenceOr::Reference { .. } => None,
            }
            .map(|t| names::type_name(t, fallback));
            let name = title.unwrap_or_else(|| match &ty {
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
            });
            variants.push(UnionVariant {
                name: ns.claim(name),
                ty,
                boxed: false,
                constraints: s.constraints,
                tags: Vec::new(),
            });
        }
        let Some(discriminator) = discriminator else {
            return Ok(TypeKind::Union(UnionDef {
                variants,
                tag: None,
            }));
        };
        // Explicit values now; the implicit ones need the alternatives' fields,
        // which a component converted later does not have yet (see `finish`).
        for (value, target) in &discriminator.mapping {
            let mapping_at = format!("{at}/discriminator/mapping/{}", pointer_token(value));
            let reference = if target.starts_with('#') {
                target.clone()
            } else {
                format!("{COMPONENT_PREFIX}{}", pointer_token(target))
            };
            let target = self.reference(&reference, &mapping_at)?;
            // A mapping may name schemas that are not alternatives (allOf-style
            // hierarchies); those values decode into the fallback.
            if let Some(v) = variants.iter_mut().find(|v| v.ty == target) {
                v.tags.push(value.clone());
            }
        }
        Ok(TypeKind::Union(UnionDef {
            variants,
            tag: Some(discriminator.property_name.clone()),
        }))
    }

    /// The discriminator values of alternatives without `mapping` entries:
    /// the values their schema allows for the tag property, else (as the
    /// OpenAPI rule for implicit values says) their component's name. A
    /// value an earlier alternative has already claimed is not repeated.
    fn settle_union_tags(&mut self) {
        let component_names: BTreeMap<TypeId, &String> =
            self.components.iter().map(|(k, &v)| (v, k)).collect();
        for index in 0..self.space.defs.len() {
            let TypeKind::Union(u) = &self.space.defs[index].kind else {
                continue;
            };
            let Some(property) = &u.tag else {
                continue;
            };
            let mut claimed: std::collections::BTreeSet<String> = u
                .variants
                .iter()
                .flat_map(|v| v.tags.iter().cloned())
                .collect();
            let implicit: Vec<Vec<String>> = u
                .variants
                .iter()
                .map(|v| {
                    if !v.tags.is_empty() {
                        return Vec::new();
                    }
                    let mut values = self.allowed_tag_values(&v.ty, property);
                    if values.is_empty() {
                        if let TypeRef::Named(id) = &v.ty {
                            values.extend(component_names.get(id).map(|n| (*n).clone()));
                        }
                    }
                    values.retain(|value| claimed.insert(value.clone()));
                    values
                })
                .collect();
            if let TypeKind::Union(u) = &mut self.space.defs[index].kind {
                for (v, values) in u.variants.iter_mut().zip(implicit) {
                    v.tags.extend(values);
                }
                // A discriminator that names no alternative cannot tell them apart.
                if u.variants.iter().all(|v| v.tags.is_empty()) {
                    u.tag = None;
                }
            }
        }
    }

    /// The string values an object type's `property` is limited to by an enum.
    fn allowed_tag_values(&self, ty: &TypeRef, property: &str) -> Vec<String> {
        let TypeRef::Named(id) = self.space.identity(ty) else {
            return Vec::new();
        };
        let TypeKind::Struct(s) = &self.space.get(id).kind else {
            return Vec::new();
        };
        let Some(field) = s.fields.iter().find(|f| f.wire == property) else {
            return Vec::new();
        };
        match self.space.identity(&field.ty) {
            TypeRef::Named(e) => match &self.space.get(e).kind {
                TypeKind::Enum(en) if en.repr == EnumRepr::String => {
                    en.variants.iter().map(|v| v.wire.clone()).collect()
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// Schemas whose keywords do not fit one `type` (no type, or mixed with combinators).
    fn any(
        &mut self,
        a: &AnySchema,
        data: &SchemaData,
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
                return self.shared_into_alternatives(a, context, at);
            }
            let (branches, keyword) = if a.one_of.is_empty() {
                (&a.any_of, "anyOf")
            } else {
                (&a.one_of, "oneOf")
            };
            return Ok(Some(self.union(
                branches,
                keyword,
                data.discriminator.as_ref(),
                context,
                at,
            )?));
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
                let raw: Vec<Option<String>> = a
                    .enumeration
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect();
                slot.nullable |= a.enumeration.iter().any(|v| v.is_null());
                Ok(Some(enums::string_enum(&raw, data, context)))
            }
            Some("string") => {
                slot.ty = Some(TypeRef::String);
                slot.constraints.pattern = a.pattern.clone();
                Ok(None)
            }
            Some("integer") | None
                if !a.enumeration.is_empty()
                    && a.enumeration.iter().all(|v| v.is_i64() || v.is_null()) =>
            {
                slot.nullable |= a.enumeration.iter().any(|v| v.is_null());
                let raw: Vec<Option<i64>> = a.enumeration.iter().map(|v| v.as_i64()).collect();
                Ok(Some(enums::integer_enum(&raw, data)))
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

    /// Whether values of `ty` have a `simple`-style text form (see [`TypeSpace::has_simple_form`]).
    pub fn has_simple_form(&self, ty: &TypeRef) -> bool {
        self.space.has_simple_form(ty)
    }

    /// What the named type `id` is, looking through aliases.
    pub fn kind_of(&self, id: TypeId) -> Option<NamedKind> {
        let mut current = id;
        for _ in 0..32 {
            return Some(match &self.space.get(current).kind {
                TypeKind::Enum(_) => NamedKind::Scalar,
                TypeKind::Struct(_) => NamedKind::Object,
                TypeKind::Union(_) if self.is_scalar(&TypeRef::Named(current)) => NamedKind::Scalar,
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

    /// The types so far (inline names not yet settled).
    pub fn space(&self) -> &TypeSpace {
        &self.space
    }

    /// Settles inline type names and returns the finished type space.
    pub fn finish(mut self) -> TypeSpace {
        self.settle_union_tags();
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
