//! Pagination of list operations: from the config where it speaks, else
//! from a vendor extension the spec carries (`x-ms-pageable` and the like,
//! [`extensions`]), else inferred from the structure of the operation's
//! parameters and page (`infer`, reading names as words with [`words`] and
//! pages with [`page`]). Every list that gets no stream gets a note saying
//! why: a wrong guess would loop or stop early, a silent miss leaves the user
//! paging by hand without knowing.

mod continuation;
pub mod extensions;
mod infer;
pub mod page;
pub mod words;

use super::operations::{BodyKind, Content, Encoding, Location, Operation};
use super::types::{TypeKind, TypeRef, TypeSpace};
use crate::config::{self, PaginationStyle};
use crate::error::{Error, Result};

/// How a list operation pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// JSON pointer to the item array within a (unwrapped) page.
    pub items: String,
    /// The item type.
    pub item_ty: TypeRef,
    /// The style.
    pub style: PaginationStyle,
    /// A flag in the page that says whether more pages follow.
    pub more: Option<MoreFlag>,
    /// Where this came from.
    pub source: Source,
    /// Why this style, when the operation offered others too.
    pub note: Option<String>,
}

/// A page's "more pages follow" (or, `inverted`, "this is the last page") flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoreFlag {
    /// JSON pointer to it.
    pub pointer: String,
    /// `true` means the last page.
    pub inverted: bool,
}

/// Where an operation's pagination came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The config file.
    Config,
    /// A vendor extension on the operation, by name.
    Extension(&'static str),
    /// The operation's parameters and page.
    Inferred,
}

impl Source {
    /// How the report and the docs name it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Config => "config",
            Self::Extension(name) => name,
            Self::Inferred => "inferred",
        }
    }
}

/// Finds the type at a JSON pointer within `ty` (through struct fields and array items).
pub(crate) fn type_at(space: &TypeSpace, ty: &TypeRef, pointer: &str) -> Option<TypeRef> {
    let mut cur = ty.clone();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        cur = match &cur {
            TypeRef::Named(id) => match &space.get(*id).kind {
                TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire == token)?.ty.clone(),
                TypeKind::Alias(t) => type_at(space, t, &format!("/{token}"))?,
                _ => return None,
            },
            TypeRef::Vec(inner) if token.parse::<usize>().is_ok() => (**inner).clone(),
            TypeRef::Map(inner) => (**inner).clone(),
            _ => return None,
        };
    }
    Some(cur)
}

/// The item type of the array at `items` in the operation's success body.
fn item_type(space: &TypeSpace, op: &Operation, items: &str) -> Option<TypeRef> {
    let Content::Json(ty) = &op.success.content else {
        return None;
    };
    page::array_item(space, &type_at(space, ty, items)?)
}

/// Attaches configured pagination, checking that the items pointer reaches an array.
///
/// # Errors
/// A config entry naming an unknown operation or a pointer that is not an array.
pub fn configure(
    ops: &mut [Operation],
    space: &TypeSpace,
    config: &[config::Pagination],
) -> Result<()> {
    let wrong = |message: String| Error::Config {
        path: "pagination".into(),
        message,
    };
    for entry in config {
        let Some(op) = ops.iter_mut().find(|o| o.id == entry.operation) else {
            return Err(wrong(format!(
                "pagination names operation {:?}, which the spec does not have",
                entry.operation
            )));
        };
        let item_ty = item_type(space, op, &entry.items).ok_or_else(|| {
            wrong(format!(
                "operation {:?}: items pointer {:?} does not lead to an array in the success response",
                entry.operation, entry.items
            ))
        })?;
        if let Some(param) = entry
            .style
            .query_param()
            .filter(|p| !query_keys(space, op).iter().any(|k| k == p))
        {
            return Err(wrong(format!(
                "operation {:?} has no query parameter {param:?}",
                entry.operation
            )));
        }
        if let Some(param) = entry
            .style
            .body_param()
            .filter(|p| !body_keys(space, op).iter().any(|k| k == p))
        {
            return Err(wrong(format!(
                "operation {:?} has no JSON body member {param:?}",
                entry.operation
            )));
        }
        let more = match (&entry.has_more, &entry.is_last) {
            (Some(p), _) => Some(MoreFlag {
                pointer: p.clone(),
                inverted: false,
            }),
            (None, Some(p)) => Some(MoreFlag {
                pointer: p.clone(),
                inverted: true,
            }),
            (None, None) => None,
        };
        op.pagination = Some(Pagination {
            items: entry.items.clone(),
            item_ty,
            style: entry.style.clone(),
            more,
            source: Source::Config,
            note: None,
        });
    }
    Ok(())
}

/// The query keys an operation can send: each parameter's wire name, for
/// deepObject parameters `name[member]` per member (the bare name is never
/// sent), and for the whole query string each member; each with the
/// parameter's type (the member's, for a deep object or the query string).
pub(crate) fn query_params(
    space: &TypeSpace,
    op: &Operation,
) -> Vec<(String, TypeRef, Option<String>)> {
    let mut out = Vec::new();
    for p in op.params.iter().filter(|p| p.location == Location::Query) {
        let prefix = match p.encoding {
            Encoding::DeepObject => Some(&p.wire),
            Encoding::QueryString => None,
            _ => {
                out.push((p.wire.clone(), p.ty.clone(), p.doc.text.clone()));
                continue;
            }
        };
        if let Some(fields) = page::struct_fields(space, &p.ty) {
            for f in fields {
                let key = match prefix {
                    Some(name) => format!("{name}[{}]", f.wire),
                    None => f.wire.clone(),
                };
                out.push((key, f.ty.clone(), f.doc.text.clone()));
            }
        }
    }
    out
}

fn query_keys(space: &TypeSpace, op: &Operation) -> Vec<String> {
    query_params(space, op)
        .into_iter()
        .map(|(k, _, _)| k)
        .collect()
}

/// The top-level members of the operation's JSON body.
fn body_keys(space: &TypeSpace, op: &Operation) -> Vec<String> {
    op.body
        .as_ref()
        .filter(|b| b.kind == BodyKind::Json)
        .and_then(|b| page::struct_fields(space, &b.ty))
        .unwrap_or(&[])
        .iter()
        .map(|f| f.wire.clone())
        .collect()
}

/// What became of the list operations.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Operations that look like lists.
    pub lists: usize,
    /// Of them, those that page.
    pub paged: usize,
    /// Lists that return every item in one response.
    pub whole: usize,
    /// Other lists with no stream, with why.
    pub unpaged: Vec<(String, String)>,
    /// Vendor extensions that could not be read, with why (the operation
    /// was then inferred).
    pub notes: Vec<String>,
}

/// Pages every operation the config did not: by its vendor extension where
/// it has one, else by inference. `fern_defaults` is the document's own
/// `x-fern-pagination`, which operations may refer to with `true`.
pub fn attach(
    ops: &mut [Operation],
    space: &TypeSpace,
    fern_defaults: Option<&serde_json::Value>,
) -> Outcome {
    let mut outcome = Outcome::default();
    for op in ops.iter_mut() {
        if op.pagination.is_some() {
            outcome.lists += 1;
            outcome.paged += 1;
            continue;
        }
        let from_extension = match extensions::read(space, op, fern_defaults) {
            extensions::Read::Paged(p) => Some(Ok(p)),
            extensions::Read::Unpaged(why) => Some(Err(why)),
            extensions::Read::Unreadable(why) => {
                outcome
                    .notes
                    .push(format!("{}: {why}; inferring instead", op.id));
                None
            }
            extensions::Read::Absent => None,
        };
        let result = match from_extension {
            Some(r) => Some(r),
            None => match infer::infer(space, op) {
                infer::Inference::NotAList => None,
                infer::Inference::Paged(p) => Some(Ok(p)),
                infer::Inference::NoStream(why) => Some(Err(why)),
                infer::Inference::Whole => {
                    outcome.lists += 1;
                    outcome.whole += 1;
                    op.list_note = Some(infer::WHOLE.to_owned());
                    None
                }
            },
        };
        match result {
            None => {}
            Some(Ok(p)) => {
                outcome.lists += 1;
                outcome.paged += 1;
                op.pagination = Some(*p);
            }
            Some(Err(why)) => {
                outcome.lists += 1;
                outcome.unpaged.push((op.id.clone(), why.clone()));
                op.list_note = Some(why);
            }
        }
    }
    outcome
}
