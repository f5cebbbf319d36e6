//! The shape of a list's page: which array holds its items (the body
//! itself, an array beside metadata, or one inside a wrapper object), and the
//! fields around it that may say where the next page is, each with its JSON
//! pointer, the names of the objects it sits in, and its kind.

use super::words::{stem, words, Kind};
use crate::error::pointer_token;
use crate::model::types::{Doc, TypeKind, TypeRef, TypeSpace};

/// A field of a page outside its items.
#[derive(Debug, Clone)]
pub struct PageField {
    /// JSON pointer from the page's root.
    pub pointer: String,
    /// Its JSON property name.
    pub name: String,
    /// The names of the objects it sits in, outermost first.
    pub container: Vec<String>,
    pub kind: Kind,
    /// Its schema says it is a URL (`format: uri`, or a description that says so).
    pub url: bool,
    /// Its type, for objects the walk looks into.
    pub ty: TypeRef,
    /// Its description.
    pub doc: Option<String>,
}

/// The page's item array.
#[derive(Debug, Clone)]
pub struct Items {
    /// JSON pointer to it (`""` when the page is the array).
    pub pointer: String,
    pub item_ty: TypeRef,
}

/// How deep the walk looks for fields that say where the next page is
/// (`links.pages.next` is three levels down; `navigation.nextPage.uri` too).
const MAX_DEPTH: usize = 4;

/// Names pages commonly give their item array, for a page with several arrays.
const ITEM_ARRAYS: &[&str] = &[
    "data",
    "items",
    "results",
    "records",
    "entries",
    "value",
    "values",
    "list",
    "elements",
    "content",
    "hits",
    "rows",
    "objects",
    "resources",
    "nodes",
];

/// The struct fields of `ty`, through aliases.
pub fn struct_fields<'s>(
    space: &'s TypeSpace,
    ty: &TypeRef,
) -> Option<&'s [crate::model::types::Field]> {
    match &space.def_of(ty)?.kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

/// The item type when `ty` is an array (through aliases).
pub fn array_item(space: &TypeSpace, ty: &TypeRef) -> Option<TypeRef> {
    match space.identity(ty) {
        TypeRef::Vec(item) => Some(*item),
        _ => None,
    }
}

/// A value's kind, through aliases and enums.
pub fn kind_of(space: &TypeSpace, ty: &TypeRef) -> Kind {
    match space.identity(ty) {
        TypeRef::String => Kind::Text,
        TypeRef::Integer(_) | TypeRef::Number => Kind::Integer,
        TypeRef::Boolean => Kind::Boolean,
        TypeRef::Named(id) => match &space.get(id).kind {
            TypeKind::Enum(e) => match e.repr {
                crate::model::types::EnumRepr::String => Kind::Text,
                crate::model::types::EnumRepr::Integer => Kind::Integer,
            },
            _ => Kind::Other,
        },
        _ => Kind::Other,
    }
}

fn is_url(doc: &Doc) -> bool {
    let format = doc.format.as_deref().unwrap_or("").to_ascii_lowercase();
    let text = doc.text.as_deref().unwrap_or("");
    matches!(
        format.as_str(),
        "uri" | "url" | "uri-reference" | "iri" | "iri-reference"
    ) || words(text).iter().any(|w| w == "url" || w == "uri")
}

/// What an item search found.
#[derive(Debug)]
pub enum Found {
    Items(Items),
    /// No array where items would be.
    Nothing,
    /// Several arrays, none of them clearly the items: their names.
    Several(Vec<String>),
    /// The page is one of several shapes (a `oneOf` of arrays, say).
    Shapes,
}

/// The arrays of an object page at depth one, or else inside one wrapper
/// object: (pointer, name, item type).
fn arrays(space: &TypeSpace, body: &TypeRef) -> Vec<(String, String, TypeRef)> {
    let Some(fields) = struct_fields(space, body) else {
        return Vec::new();
    };
    let top: Vec<_> = fields
        .iter()
        .filter_map(|f| {
            Some((
                format!("/{}", pointer_token(&f.wire)),
                f.wire.clone(),
                array_item(space, &f.ty)?,
            ))
        })
        .collect();
    if !top.is_empty() {
        return top;
    }
    fields
        .iter()
        .filter_map(|f| Some((f, struct_fields(space, &f.ty)?)))
        .flat_map(|(outer, inner)| {
            inner.iter().filter_map(move |g| {
                let pointer = format!("/{}/{}", pointer_token(&outer.wire), pointer_token(&g.wire));
                Some((pointer, g.wire.clone(), array_item(space, &g.ty)?))
            })
        })
        .collect()
}

/// The page's items: the body when it is an array; else its only array
/// (at the top, or inside one wrapper); else, of several, the one whose name
/// the operation's id or path names, or else the one with an item-like name.
/// `op_words` are the words of the operation's id and of its path's fixed segments.
pub fn items(space: &TypeSpace, body: &TypeRef, op_words: &[String]) -> Found {
    if let Some(item_ty) = array_item(space, body) {
        return Found::Items(Items {
            pointer: String::new(),
            item_ty,
        });
    }
    if let Some(crate::model::types::TypeDef {
        kind: TypeKind::Union(u),
        ..
    }) = space.def_of(body)
    {
        if u.variants
            .iter()
            .any(|v| array_item(space, &v.ty).is_some())
        {
            return Found::Shapes;
        }
    }
    let found = arrays(space, body);
    let pick = |chosen: Vec<&(String, String, TypeRef)>| match chosen.as_slice() {
        [(pointer, _, item_ty)] => Some(Items {
            pointer: pointer.clone(),
            item_ty: item_ty.clone(),
        }),
        _ => None,
    };
    if found.len() == 1 {
        return pick(found.iter().collect()).map_or(Found::Nothing, Found::Items);
    }
    if found.is_empty() {
        return Found::Nothing;
    }
    let stems: Vec<String> = op_words.iter().map(|w| stem(w)).collect();
    let named_by_op = found
        .iter()
        .filter(|(_, name, _)| {
            let w = words(name);
            !w.is_empty() && w.iter().all(|x| stems.contains(&stem(x)))
        })
        .collect();
    if let Some(items) = pick(named_by_op) {
        return Found::Items(items);
    }
    let item_like = found
        .iter()
        .filter(|(_, name, _)| ITEM_ARRAYS.contains(&name.as_str()))
        .collect();
    match pick(item_like) {
        Some(items) => Found::Items(items),
        None => Found::Several(found.into_iter().map(|(_, n, _)| n).collect()),
    }
}

/// Every field of the page outside its arrays (the items among them),
/// down to `MAX_DEPTH` objects deep. The items need no pointer to be left
/// out: whatever [`items`] finds is an array, and arrays are skipped.
pub fn fields(space: &TypeSpace, body: &TypeRef) -> Vec<PageField> {
    let mut out = Vec::new();
    walk(space, body, "", &[], &mut out);
    out
}

fn walk(space: &TypeSpace, ty: &TypeRef, at: &str, container: &[String], out: &mut Vec<PageField>) {
    if container.len() >= MAX_DEPTH {
        return;
    }
    let Some(fields) = struct_fields(space, ty) else {
        return;
    };
    for f in fields {
        let pointer = format!("{at}/{}", pointer_token(&f.wire));
        if array_item(space, &f.ty).is_some() {
            continue;
        }
        out.push(PageField {
            pointer: pointer.clone(),
            name: f.wire.clone(),
            container: container.to_vec(),
            kind: kind_of(space, &f.ty),
            url: is_url(&f.doc),
            ty: f.ty.clone(),
            doc: f.doc.text.clone(),
        });
        if struct_fields(space, &f.ty).is_some() {
            let mut inner = container.to_vec();
            inner.push(f.wire.clone());
            walk(space, &f.ty, &pointer, &inner, out);
        }
    }
}

/// The words an operation names itself by: its id's, and its path's fixed segments'.
pub fn op_words(id: &str, path: &str) -> Vec<String> {
    let mut out = words(id);
    for segment in path.split('/').filter(|s| !s.starts_with('{')) {
        out.extend(words(segment));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_words_come_from_the_id_and_the_fixed_path() {
        assert_eq!(
            op_words(
                "list_guild_audit_log_entries",
                "/guilds/{guild_id}/audit-logs"
            ),
            ["list", "guild", "audit", "log", "entries", "guilds", "audit", "logs"]
        );
    }
}
