//! Types as the user's code sees them, written out as Rust (`Option<Vec<Number>>`),
//! so the same type in two models compares equal by its text.

use crate::model::streams::{Framing, Stream};
use crate::model::{
    Body, BodyKind, Content, Field, IntWidth, Operation, TypeDef, TypeRef, TypeSpace,
};

/// The Rust type of a reference, named types by their Rust names.
pub fn type_ref(space: &TypeSpace, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => space.get(*id).name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Integer(IntWidth::I32) => "i32".into(),
        TypeRef::Integer(IntWidth::I64) => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Vec(inner) => format!("Vec<{}>", type_ref(space, inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_ref(space, inner)),
    }
}

/// A struct field's declared type, as emit writes it: boxed when recursive,
/// `Option` when optional or nullable, `Nullable` when optional and nullable in a request.
pub fn field(space: &TypeSpace, def: &TypeDef, f: &Field) -> String {
    let mut ty = type_ref(space, &f.ty);
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    match (f.required, f.nullable) {
        (true, false) => ty,
        (false, true) if def.usage.request => format!("Nullable<{ty}>"),
        _ => format!("Option<{ty}>"),
    }
}

/// The type a request body is given as.
pub fn body(space: &TypeSpace, body: &Body) -> String {
    match &body.kind {
        BodyKind::Json | BodyKind::Form { .. } => type_ref(space, &body.ty),
        BodyKind::Text(_) => "String".into(),
        BodyKind::Bytes(_) => "Vec<u8>".into(),
        BodyKind::Multipart(form) => form.name().to_owned(),
        BodyKind::JsonLines(_) => format!("JsonLines<{}>", type_ref(space, &body.ty)),
    }
}

/// The items of a stream, as the user's code receives them.
pub fn stream(space: &TypeSpace, stream: &Stream) -> String {
    let item = match (&stream.item, stream.framing) {
        (Some(ty), _) => type_ref(space, ty),
        (None, Framing::ServerSentEvents) => "SseEvent".into(),
        (None, Framing::Lines) => "String".into(),
    };
    format!("EventStream<{item}>")
}

/// What a successful call returns.
pub fn output(space: &TypeSpace, op: &Operation) -> String {
    match &op.success.content {
        Content::Empty => "()".into(),
        Content::Text => "String".into(),
        Content::Bytes => "Vec<u8>".into(),
        Content::Stream(s) => stream(space, s),
        Content::Json(ty) if op.success.optional => format!("Option<{}>", type_ref(space, ty)),
        Content::Json(ty) => type_ref(space, ty),
    }
}
