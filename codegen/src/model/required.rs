//! Which calls take their required values by name: a struct's `new`, a
//! multipart form's `new` or an operation's method, when two of its required
//! values could be given for each other and still compile (two strings, two
//! integers), takes them as one struct with a public field per value,
//! `{Name}Required`, so that a swap does not compile and a value left out is
//! an error naming its field. A call whose required values cannot stand for
//! each other stays positional: there a swap is already a compile error.
//!
//! The name is the struct's, form's or request builder's own with `Required`
//! after it, claimed once every other name is taken, so it depends on that
//! name alone, not on the order of the spec.

use super::forms::{Form, FormPartKind, FormStruct};
use super::names::Namespace;
use super::operations::{BodyKind, Operation};
use super::types::{TypeId, TypeKind, TypeRef, TypeSpace};

/// What an argument accepts, coarsely: two arguments sharing a class could
/// each be given the other's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    /// Text: `impl Into<String>` takes `&str`, `String`, `char`.
    Text,
    /// Integers of any width (a literal fits them all).
    Integer,
    /// Floating-point numbers.
    Number,
    /// `bool`.
    Boolean,
    /// Any JSON value.
    Json,
    /// A file part.
    File,
    /// A named type of the crate, taken as itself.
    Named(TypeId),
    /// A multipart form type, by name.
    Form(String),
    /// An array.
    Vec(Box<Class>),
    /// A map.
    Map(Box<Class>),
    /// A required nullable value.
    Option(Box<Class>),
    /// Anything: a union, taken through `Into`, converts from each of its
    /// alternatives, and a new alternative is no breaking change, so it is
    /// counted as taking whatever another argument takes.
    Any,
}

/// The classes one argument accepts.
pub type Accepts = Vec<Class>;

/// Whether two arguments could be given each other's value.
fn overlap(a: &Accepts, b: &Accepts) -> bool {
    a.iter()
        .any(|x| *x == Class::Any || b.iter().any(|y| *y == Class::Any || x == y))
}

/// Whether a call with these required values takes them by name: two or more
/// of them, two of which could be swapped.
pub fn by_name(values: &[Accepts]) -> bool {
    values
        .iter()
        .enumerate()
        .any(|(i, a)| values[i + 1..].iter().any(|b| overlap(a, b)))
}

/// The class of a value of `ty` taken as itself (inside an array, a map or
/// an `Option`, where nothing converts).
fn exact(space: &TypeSpace, ty: &TypeRef) -> Class {
    match space.identity(ty) {
        TypeRef::String => Class::Text,
        TypeRef::Integer(_) => Class::Integer,
        TypeRef::Number => Class::Number,
        TypeRef::Boolean => Class::Boolean,
        TypeRef::Json => Class::Json,
        TypeRef::Vec(item) => Class::Vec(Box::new(exact(space, &item))),
        TypeRef::Map(value) => Class::Map(Box::new(exact(space, &value))),
        TypeRef::Named(id) => Class::Named(id),
    }
}

/// What an argument of `ty` accepts, taken as the generated code takes it:
/// strings and unions through `Into`, a required nullable value as an `Option`.
pub fn argument(space: &TypeSpace, ty: &TypeRef, nullable: bool) -> Accepts {
    if nullable {
        return vec![Class::Option(Box::new(exact(space, ty)))];
    }
    match space.def_of(ty).map(|d| &d.kind) {
        Some(TypeKind::Union(_)) => vec![Class::Any],
        _ => vec![exact(space, ty)],
    }
}

/// What each required value of an operation accepts: its required
/// parameters, then its required body.
pub fn operation_values(space: &TypeSpace, op: &Operation) -> Vec<Accepts> {
    let mut values: Vec<Accepts> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| argument(space, &p.ty, false))
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        values.push(match &body.kind {
            // Typed bodies are taken as they are, unions too.
            BodyKind::Json | BodyKind::Form { .. } => vec![exact(space, &body.ty)],
            BodyKind::Text(_) => vec![Class::Text],
            // `impl Into<Vec<u8>>` takes strings and byte vectors.
            BodyKind::Bytes(_) => vec![Class::Text, Class::Vec(Box::new(Class::Integer))],
            BodyKind::Multipart(form) => vec![Class::Form(form.name().to_owned())],
            // `impl Into<JsonLines<T>>` takes a `Vec` of the items.
            BodyKind::JsonLines(_) => vec![Class::Vec(Box::new(exact(space, &body.ty)))],
        });
    }
    values
}

/// What each required part of a form accepts.
fn form_values(space: &TypeSpace, form: &FormStruct) -> Vec<Accepts> {
    form.parts
        .iter()
        .filter(|p| p.required)
        .map(|p| match &p.kind {
            FormPartKind::File { many: false } => vec![Class::File],
            FormPartKind::File { many: true } => vec![Class::Vec(Box::new(Class::File))],
            FormPartKind::Value(ty) => argument(space, ty, false),
        })
        .collect()
}

/// Names the required-values struct of every struct, form and operation
/// that takes its required values by name. `builder_names` holds the names
/// beside the request builders (builders, error enums, forms).
pub fn name_all(
    types: &mut TypeSpace,
    operations: &mut [Operation],
    builder_names: &mut Namespace,
) {
    let mut type_names = Namespace::with_taken(types.defs.iter().map(|d| d.name.as_str()));
    let wanted: Vec<Option<String>> = types
        .defs
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => {
                let values: Vec<Accepts> = s
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| argument(types, &f.ty, f.nullable))
                    .collect();
                by_name(&values).then(|| type_names.claim(format!("{}Required", def.name)))
            }
            _ => None,
        })
        .collect();
    for (def, name) in types.defs.iter_mut().zip(wanted) {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.required_name = name;
        }
    }
    for op in operations.iter_mut() {
        if by_name(&operation_values(types, op)) {
            op.required_name = Some(builder_names.claim(format!("{}Required", op.builder_name)));
        }
        if let Some(body) = &mut op.body {
            if let BodyKind::Multipart(form) = &mut body.kind {
                name_forms(types, form, builder_names);
            }
        }
    }
}

fn name_forms(types: &TypeSpace, form: &mut Form, builder_names: &mut Namespace) {
    let structs: Vec<&mut FormStruct> = match form {
        Form::Object(form) => vec![form],
        Form::OneOf { variants, .. } => variants.iter_mut().map(|v| &mut v.form).collect(),
    };
    for form in structs {
        if by_name(&form_values(types, form)) {
            form.required_name = Some(builder_names.claim(format!("{}Required", form.name)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swappable_values_are_named() {
        let text = vec![Class::Text];
        let int = vec![Class::Integer];
        let bytes = vec![Class::Text, Class::Vec(Box::new(Class::Integer))];
        assert!(!by_name(std::slice::from_ref(&text)));
        assert!(!by_name(&[text.clone(), int.clone()]));
        assert!(by_name(&[text.clone(), int.clone(), text.clone()]));
        assert!(by_name(&[int.clone(), int.clone()]));
        // A byte body takes a string too.
        assert!(by_name(&[text.clone(), bytes.clone()]));
        assert!(!by_name(&[int.clone(), bytes]));
        // A union takes whatever its alternatives are, now or later.
        assert!(by_name(&[vec![Class::Any], vec![Class::Boolean]]));
        let option = vec![Class::Option(Box::new(Class::Text))];
        assert!(!by_name(&[text, option]));
    }
}
