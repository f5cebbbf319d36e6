//! The typed model of the crate's data types: one [`TypeSpace`] holding every
//! named type, and [`TypeRef`]s that point into it or name a primitive.

use serde_json::Value;

/// Index of a type in the [`TypeSpace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Every named type of the generated crate, in a stable order.
#[derive(Debug, Default)]
pub struct TypeSpace {
    /// The types; a [`TypeId`] indexes this.
    pub defs: Vec<TypeDef>,
}

impl TypeSpace {
    /// The type behind an id.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }

    /// Whether values of `ty` have one plain text form (a string, number,
    /// boolean, enum, or a union of those, through aliases): what a path,
    /// header or simple query value needs.
    pub fn is_scalar(&self, ty: &TypeRef) -> bool {
        self.text_form(ty, false, 0)
    }

    /// Whether values of `ty` have a text form in the `simple` style of paths
    /// and headers: scalars, and unions whose alternatives are scalars or
    /// arrays of scalars (comma-joined), as "one name or a list of names" is.
    pub fn has_simple_form(&self, ty: &TypeRef) -> bool {
        self.text_form(ty, true, 0)
    }

    /// `arrays`: arrays of scalars count, directly or as a union's alternatives
    /// (a union inside a union must be scalar).
    fn text_form(&self, ty: &TypeRef, arrays: bool, depth: usize) -> bool {
        // Alias chains and unions of unions are finite, but a bad spec could loop them.
        if depth > 32 {
            return false;
        }
        match ty {
            TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boolean => true,
            TypeRef::Named(id) => match &self.get(*id).kind {
                TypeKind::Enum(_) => true,
                TypeKind::Alias(next) => self.text_form(next, arrays, depth + 1),
                TypeKind::Union(u) => {
                    u.tag.is_none()
                        && u.variants.iter().all(|v| {
                            let nested = matches!(self.identity(&v.ty), TypeRef::Named(n) if matches!(self.get(n).kind, TypeKind::Union(_)));
                            !v.boxed && self.text_form(&v.ty, arrays && !nested, depth + 1)
                        })
                }
                TypeKind::Struct(_) => false,
            },
            TypeRef::Vec(item) if arrays => self.text_form(item, false, depth + 1),
            _ => false,
        }
    }

    /// The named type `ty` is, through aliases; `None` for primitives,
    /// arrays and maps.
    pub fn def_of(&self, ty: &TypeRef) -> Option<&TypeDef> {
        match self.identity(ty) {
            TypeRef::Named(id) => Some(self.get(id)),
            _ => None,
        }
    }

    /// The Rust type `ty` stands for, with aliases replaced by what they name:
    /// two types with the same identity are one type to the compiler.
    pub fn identity(&self, ty: &TypeRef) -> TypeRef {
        let mut ty = ty.clone();
        for _ in 0..=self.defs.len() {
            ty = match ty {
                TypeRef::Named(id) => match &self.get(id).kind {
                    TypeKind::Alias(next) => next.clone(),
                    _ => return TypeRef::Named(id),
                },
                TypeRef::Vec(item) => return TypeRef::Vec(Box::new(self.identity(&item))),
                TypeRef::Map(value) => return TypeRef::Map(Box::new(self.identity(&value))),
                other => return other,
            };
        }
        ty
    }
}

/// A named Rust type.
#[derive(Debug)]
pub struct TypeDef {
    /// The Rust name, unique in the crate.
    pub name: String,
    /// Documentation from the schema's description or title.
    pub doc: Doc,
    /// What kind of type.
    pub kind: TypeKind,
    /// JSON pointer to the schema it comes from.
    pub pointer: String,
    /// Whether requests or responses carry it (decides serde derives and tri-state fields).
    pub usage: Usage,
}

/// Which direction a type travels in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Sent in a request (needs `Serialize`, validation, tri-state nullables).
    pub request: bool,
    /// Received in a response (needs `Deserialize`).
    pub response: bool,
}

/// The shapes a named type can take.
#[derive(Debug)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A string or integer enum, with a fallback variant for values the spec does not list.
    Enum(EnumDef),
    /// `oneOf`/`anyOf`: one of several shapes, told apart by a discriminator
    /// property or else by trying each.
    Union(UnionDef),
    /// A named schema that is a primitive, array or map: a type alias.
    Alias(TypeRef),
}

/// A struct's fields.
#[derive(Debug, Default)]
pub struct StructDef {
    /// The declared properties, in spec order.
    pub fields: Vec<Field>,
    /// The type of undeclared properties, when `additionalProperties` allows them.
    pub additional: Option<TypeRef>,
    /// The struct `new` takes the required fields in, when two of them could
    /// be swapped (see [`super::required`]); `None`: `new` takes them in order.
    pub required_name: Option<String>,
}

/// One struct field.
#[derive(Debug)]
pub struct Field {
    /// The JSON property name.
    pub wire: String,
    /// The Rust field name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Boxed because the type contains itself through this field.
    pub boxed: bool,
    /// Documentation.
    pub doc: Doc,
    /// Constraints checked before sending.
    pub constraints: Constraints,
}

/// A string or integer enum.
#[derive(Debug)]
pub struct EnumDef {
    /// The listed values.
    pub variants: Vec<EnumVariant>,
    /// What the values are on the wire.
    pub repr: EnumRepr,
}

/// The JSON type of an enum's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// Strings.
    String,
    /// Integers (each [`EnumVariant::wire`] is the number's decimal text).
    Integer,
}

/// One enum value.
#[derive(Debug)]
pub struct EnumVariant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire (for integer enums, its decimal text).
    pub wire: String,
    /// What the spec says the value means, in its words.
    pub doc: Option<String>,
}

/// A `oneOf`/`anyOf`.
#[derive(Debug)]
pub struct UnionDef {
    /// The alternatives, tried in this order when decoding without a tag.
    pub variants: Vec<UnionVariant>,
    /// The discriminator's property: the alternative is the one whose
    /// [`UnionVariant::tags`] hold its value, and a value none holds decodes
    /// into a fallback variant instead of failing.
    pub tag: Option<String>,
}

/// One alternative of a union.
#[derive(Debug)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Boxed because the union contains itself through it.
    pub boxed: bool,
    /// Constraints checked before sending.
    pub constraints: Constraints,
    /// The discriminator values that select it (explicit `mapping` entries,
    /// else the values its schema allows for the property, else its component
    /// name); the first is written when the value itself has none. Empty for
    /// untagged unions, and for alternatives tried only when no tag matches.
    pub tags: Vec<String>,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A named type of the [`TypeSpace`].
    Named(TypeId),
    /// Text (including date-time, date, uuid: kept verbatim, see the README).
    String,
    /// An integer.
    Integer(IntWidth),
    /// A floating-point number.
    Number,
    /// `true`/`false`.
    Boolean,
    /// Any JSON value (free-form objects, empty schemas).
    Json,
    /// An array.
    Vec(Box<TypeRef>),
    /// An object used as a map from string keys.
    Map(Box<TypeRef>),
}

/// Integer widths from `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntWidth {
    /// `int32`
    I32,
    /// `int64` or no format: the safe default for JSON integers.
    I64,
}

/// Documentation of an item.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The description (or title when there is no description).
    pub text: Option<String>,
    /// The string format, shown to the reader since the type is a plain `String`.
    pub format: Option<String>,
    /// The default the server applies when the value is absent.
    pub default: Option<Value>,
    /// Deprecated in the spec.
    pub deprecated: bool,
}

/// The constraints of one value, checked before a request is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `pattern`
    pub pattern: Option<String>,
    /// `minLength`
    pub min_length: Option<u64>,
    /// `maxLength`
    pub max_length: Option<u64>,
    /// `minimum`, with `exclusiveMinimum`
    pub minimum: Option<(f64, bool)>,
    /// `maximum`, with `exclusiveMaximum`
    pub maximum: Option<(f64, bool)>,
    /// `minItems`
    pub min_items: Option<u64>,
    /// `maxItems`
    pub max_items: Option<u64>,
    /// Constraints on each item of an array.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self == &Constraints::default()
    }
}
