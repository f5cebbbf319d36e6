//! The typed intermediate model: what the generated crate contains, with
//! every name resolved. Built once from the normalized spec and the config;
//! emit reads only this.

pub mod convert;
pub mod cycles;
pub mod infer;
pub mod names;
pub mod operations;
pub mod pagination;
pub mod types;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, SecurityScheme};

use crate::config::{Config, ErrorPointers, Settings};
use crate::error::{pointer_token, Error, Result};
pub use operations::{
    Body, BodyKind, Content, Encoding, ErrorResponse, Location, Operation, Param, Success,
};
pub use types::*;

/// The whole generated crate, as data.
#[derive(Debug)]
pub struct Api {
    /// `info.title`
    pub title: String,
    /// `info.version`
    pub version: String,
    /// `info.description`
    pub description: Option<String>,
    /// The configuration, with what it leaves open inferred.
    pub config: Settings,
    /// What was inferred and what was left out.
    pub summary: infer::Summary,
    /// Server URLs, first is the default.
    pub servers: Vec<String>,
    /// Security schemes.
    pub schemes: Vec<Scheme>,
    /// Tags with their operations.
    pub tags: Vec<Tag>,
    /// All operations.
    pub operations: Vec<Operation>,
    /// All types.
    pub types: TypeSpace,
    /// Operations left out because they use an unsupported construct (when the config says so).
    pub skipped: Vec<Skipped>,
}

/// An operation left out of the crate.
#[derive(Debug)]
pub struct Skipped {
    /// Its operationId, if it has one.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// The error that made it unsupported.
    pub reason: String,
    /// The unsupported construct, without the specifics of this operation.
    pub construct: String,
}

/// A security scheme.
#[derive(Debug)]
pub struct Scheme {
    /// Its key in `components/securitySchemes`.
    pub key: String,
    /// The builder method that sets its credential.
    pub method_name: String,
    /// How it is sent.
    pub kind: SchemeKind,
    /// Its description.
    pub doc: Option<String>,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer` (also OAuth 2 and OpenID Connect access tokens).
    Bearer,
    /// `Authorization: Basic`.
    Basic,
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// `header`, `query` or `cookie`.
        location: Location,
        /// Its name there.
        name: String,
    },
}

/// A group of operations, one accessor on the client.
#[derive(Debug)]
pub struct Tag {
    /// The tag name.
    pub name: String,
    /// The module and accessor name.
    pub module: String,
    /// The API struct name.
    pub struct_name: String,
    /// The tag description.
    pub doc: Option<String>,
    /// Indices into [`Api::operations`].
    pub operations: Vec<usize>,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Builds the model.
///
/// # Errors
/// Anything unsupported or inconsistent, by JSON pointer.
pub fn build(spec: &openapiv3::OpenAPI, config: Config) -> Result<Api> {
    build_from(spec, config, "")
}

/// Builds the model of the spec read from `origin` (a path: its file name
/// names the crate when the title cannot).
///
/// # Errors
/// Anything unsupported or inconsistent, by JSON pointer.
pub fn build_from(spec: &openapiv3::OpenAPI, config: Config, origin: &str) -> Result<Api> {
    let empty = indexmap::IndexMap::new();
    let schemas = spec.components.as_ref().map_or(&empty, |c| &c.schemas);
    let schemes = security_schemes(spec)?;
    let scheme_keys: Vec<String> = schemes.iter().map(|s| s.key.clone()).collect();
    let mut converter = convert::Converter::new(schemas, &[]);
    converter.convert_components()?;

    let mut builder_names = names::Namespace::with_taken(["Client", "ClientBuilder"]);
    let mut const_names = names::Namespace::default();
    let mut operations = Vec::new();
    let mut skipped = Vec::new();
    let skip_unsupported = config.unsupported == crate::config::OnUnsupported::Skip;
    {
        let mut cx = operations::Context {
            spec,
            converter: &mut converter,
            scheme_keys: &scheme_keys,
            envelope: config
                .envelope
                .as_ref()
                .and_then(|e| e.as_ref())
                .map(|e| e.data.as_str()),
        };
        for (path, item) in &spec.paths.paths {
            let ReferenceOr::Item(item) = item else {
                return Err(Error::unsupported(
                    format!("#/paths/{}", pointer_token(path)),
                    "path items given by `$ref`",
                ));
            };
            for (method, op) in item.iter() {
                if !METHODS.contains(&method) {
                    continue;
                }
                let built = operations::build(
                    &mut cx,
                    path,
                    method,
                    item,
                    op,
                    &mut builder_names,
                    &mut const_names,
                );
                match built {
                    Ok(op) => operations.push(op),
                    Err(e @ Error::Unsupported { .. }) if skip_unsupported => {
                        let id = op.operation_id.clone().unwrap_or_default();
                        let construct = match &e {
                            Error::Unsupported { message, .. } => infer::construct_of(message),
                            _ => String::new(),
                        };
                        skipped.push(Skipped {
                            id,
                            method: method.to_ascii_uppercase(),
                            path: path.clone(),
                            reason: e.to_string(),
                            construct,
                        });
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        let _ = cx.envelope;
    }
    let mut types = converter.finish();
    cycles::check_alias_cycles(&types)?;
    cycles::break_alias_cycles(&mut types);
    cycles::check_union_cycles(&mut types)?;
    let mut summary = infer::Summary::default();
    let envelope = match &config.envelope {
        Some(configured) => configured.clone(),
        None => infer::envelope(&types, &operations).map(|data| {
            summary.envelope = Some(data.clone());
            crate::config::Envelope { data }
        }),
    };
    let (code, message) = infer::error_pointers(&types, &operations);
    let errors = ErrorPointers {
        code: config.errors.code.clone().unwrap_or_else(|| {
            summary.error_code.clone_from(&code);
            code.into_iter().collect()
        }),
        message: config.errors.message.clone().unwrap_or_else(|| {
            summary.error_message.clone_from(&message);
            message.into_iter().collect()
        }),
    };
    if let Some(envelope) = &envelope {
        for op in &mut operations {
            operations::unwrap_envelope(op, &types, &envelope.data);
        }
    }
    cycles::box_cycles(&mut types);
    mark_usage(&mut types, &operations);
    check_patterns(&types, &operations)?;
    check_array_params(&types, &operations)?;
    pagination::configure(&mut operations, &types, &config.pagination)?;
    for op in &mut operations {
        // Configured pagination is the config's word, not an inference.
        if op.pagination.is_some() {
            continue;
        }
        match pagination::infer(&types, op) {
            pagination::Inference::NotAList => {}
            pagination::Inference::Paged(p) => {
                summary.lists += 1;
                summary.paginated += 1;
                op.pagination = Some(p);
            }
            pagination::Inference::Ambiguous(why) => {
                summary.lists += 1;
                summary.ambiguous.push((op.id.clone(), why));
            }
        }
    }
    summary.count_left_out(&skipped);
    let (krate, crate_inferred) = infer::crate_settings(&config.krate, &spec.info, origin);
    if crate_inferred {
        summary.krate = Some(format!("{} {}", krate.name, krate.version));
    }
    let config = Settings {
        krate,
        envelope,
        errors,
        pagination: config.pagination,
        unsupported: config.unsupported,
    };

    let tags = group_by_tag(spec, &mut operations);
    let info = &spec.info;
    Ok(Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        config,
        summary,
        servers: spec.servers.iter().map(|s| s.url.clone()).collect(),
        schemes,
        tags,
        operations,
        types,
        skipped,
    })
}

fn security_schemes(spec: &openapiv3::OpenAPI) -> Result<Vec<Scheme>> {
    let Some(components) = &spec.components else {
        return Ok(Vec::new());
    };
    let mut methods = names::Namespace::with_taken([
        "base_url",
        "timeout",
        "connect_timeout",
        "retry",
        "validate",
        "http_client",
        "user_agent",
        "credential",
        "token",
        "basic",
        "build",
        "new",
        "clone",
        "fmt",
    ]);
    let mut out = Vec::new();
    for (key, scheme) in &components.security_schemes {
        let at = format!("#/components/securitySchemes/{}", pointer_token(key));
        let ReferenceOr::Item(scheme) = scheme else {
            return Err(Error::unsupported(at, "security schemes given by `$ref`"));
        };
        let (kind, doc) = match scheme {
            SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (SchemeKind::Bearer, description),
                "basic" => (SchemeKind::Basic, description),
                other => {
                    return Err(Error::unsupported(
                        format!("{at}/scheme"),
                        format!("HTTP authentication scheme {other:?}; supported: bearer, basic"),
                    ))
                }
            },
            SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let location = match location {
                    openapiv3::APIKeyLocation::Header => Location::Header,
                    openapiv3::APIKeyLocation::Query => Location::Query,
                    openapiv3::APIKeyLocation::Cookie => Location::Cookie,
                };
                (
                    SchemeKind::ApiKey {
                        location,
                        name: name.clone(),
                    },
                    description,
                )
            }
            SecurityScheme::OAuth2 { description, .. }
            | SecurityScheme::OpenIDConnect { description, .. } => {
                (SchemeKind::Bearer, description)
            }
        };
        out.push(Scheme {
            key: key.clone(),
            method_name: methods.claim_readable(names::field_name(key, "auth"), "_auth"),
            kind,
            doc: doc.clone(),
        });
    }
    Ok(out)
}

fn mark_usage(types: &mut TypeSpace, operations: &[Operation]) {
    for op in operations {
        for p in &op.params {
            cycles::mark_usage(types, &p.ty, true);
        }
        if let Some(b) = &op.body {
            cycles::mark_usage(types, &b.ty, true);
        }
        if let Content::Json(t) = &op.success.content {
            cycles::mark_usage(types, t, false);
        }
        for e in &op.errors {
            if let Some(t) = &e.ty {
                cycles::mark_usage(types, t, false);
            }
        }
    }
    // Types no operation uses (envelopes once unwrapped, spare components) still decode;
    // every type serializes, so they encode too.
    let unused: Vec<usize> = (0..types.defs.len())
        .filter(|&i| types.defs[i].usage == Usage::default())
        .collect();
    for i in unused {
        cycles::mark_usage(types, &TypeRef::Named(TypeId(i)), false);
    }
}

/// Array parameters are written item by item as text: items that are objects,
/// arrays, maps or unions have no such form.
fn check_array_params(types: &TypeSpace, operations: &[Operation]) -> Result<()> {
    // Through aliases to what a type is.
    fn resolve<'t>(types: &'t TypeSpace, mut ty: &'t TypeRef) -> &'t TypeRef {
        for _ in 0..=types.defs.len() {
            match ty {
                TypeRef::Named(id) => match &types.get(*id).kind {
                    TypeKind::Alias(next) => ty = next,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }
    for op in operations {
        for p in &op.params {
            if !matches!(p.encoding, Encoding::Array { .. }) {
                continue;
            }
            let TypeRef::Vec(item) = resolve(types, &p.ty) else {
                continue;
            };
            let scalar = match resolve(types, item) {
                TypeRef::Named(id) => matches!(types.get(*id).kind, TypeKind::Enum(_)),
                TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boolean => true,
                TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json => false,
            };
            if !scalar {
                return Err(Error::unsupported(
                    format!("{}/parameters", op.pointer),
                    format!(
                        "parameter `{}`: arrays of objects, arrays or unions have no parameter form; only arrays of strings, numbers, booleans and enums",
                        p.wire
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Patterns are compiled by the generated client at run time; one its regex
/// engine rejects is caught here, where the spec can still be fixed.
fn check_patterns(types: &TypeSpace, operations: &[Operation]) -> Result<()> {
    let check = |c: &Constraints, at: &str| -> Result<()> {
        let mut cur = Some(c);
        while let Some(c) = cur {
            if let Some(p) = &c.pattern {
                regex::Regex::new(p).map_err(|e| {
                    Error::unsupported(
                        at,
                        format!("pattern {p:?} is not a supported regular expression: {e}"),
                    )
                })?;
            }
            cur = c.items.as_deref();
        }
        Ok(())
    };
    for def in &types.defs {
        match &def.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    check(
                        &f.constraints,
                        &format!("{}/properties/{}", def.pointer, pointer_token(&f.wire)),
                    )?;
                }
            }
            TypeKind::Union(u) => {
                for v in &u.variants {
                    check(&v.constraints, &def.pointer)?;
                }
            }
            _ => {}
        }
    }
    for op in operations {
        for p in &op.params {
            check(
                &p.constraints,
                &format!("{}/parameters/{}", op.pointer, p.wire),
            )?;
        }
    }
    Ok(())
}

/// Groups operations by their first tag (untagged ones under `default`) and
/// names methods: the tag's own word at the start of an operationId is
/// dropped (`numbersList` under `Numbers` is `numbers().list()`) unless that
/// leaves a keyword or a clash.
fn group_by_tag(spec: &openapiv3::OpenAPI, operations: &mut [Operation]) -> Vec<Tag> {
    let mut order: Vec<String> = spec.tags.iter().map(|t| t.name.clone()).collect();
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        let tag = spec
            .paths
            .paths
            .get(&op.path)
            .and_then(|p| p.as_item())
            .and_then(|item| {
                item.iter()
                    .find(|(m, _)| m.eq_ignore_ascii_case(&op.http_method))
            })
            .and_then(|(_, o)| o.tags.first().cloned())
            .unwrap_or_else(|| "default".to_owned());
        if !order.contains(&tag) {
            order.push(tag.clone());
        }
        members.entry(tag).or_default().push(i);
    }
    // Accessors on `Client`: not one of its own methods, nor one of the traits' it implements.
    let mut modules = names::Namespace::with_taken([
        "builder",
        "with_options",
        "validates",
        "execute",
        "from_builder",
        "clone",
        "fmt",
        "runtime",
        "types",
        "apis",
    ]);
    let mut structs = names::Namespace::default();
    let mut tags = Vec::new();
    for name in order {
        let Some(ops) = members.remove(&name) else {
            continue;
        };
        // A module is also a file name, so never a raw identifier: `type` becomes `type_`.
        let module = names::field_name(&name, "default");
        let module = modules.claim(match module.strip_prefix("r#") {
            Some(keyword) => format!("{keyword}_"),
            None => module,
        });
        let tag_word = module.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_');
        let mut method_names = names::Namespace::with_taken(["client", "clone", "fmt"]);
        let full: Vec<String> = ops
            .iter()
            .map(|&i| names::field_name(&operations[i].id, "call"))
            .collect();
        // A short name is used only when no full name and no other short name is the same.
        let shorts: Vec<Option<String>> = full.iter().map(|f| shorten(f, tag_word)).collect();
        let full_set: BTreeSet<&String> = full.iter().collect();
        let mut short_count: BTreeMap<&String, usize> = BTreeMap::new();
        for s in shorts.iter().flatten() {
            *short_count.entry(s).or_default() += 1;
        }
        for ((&i, full_name), short) in ops.iter().zip(&full).zip(&shorts) {
            let wanted = match short {
                Some(s) if !full_set.contains(s) && short_count.get(s) == Some(&1) => s.clone(),
                _ => full_name.clone(),
            };
            operations[i].method_name = method_names.claim(wanted);
        }
        let doc = spec
            .tags
            .iter()
            .find(|t| t.name == name)
            .and_then(|t| t.description.clone());
        tags.push(Tag {
            struct_name: structs.claim(format!("{}Api", names::type_name(&name, "Default"))),
            module,
            name,
            doc,
            operations: ops,
        });
    }
    tags
}

/// `numbers_list` under `numbers` → `list`; `auth_get` under `authentication` → `get`.
fn shorten(method: &str, tag: &str) -> Option<String> {
    let (first, rest) = method.split_once('_')?;
    let related =
        first == tag || (first.len() >= 4 && (tag.starts_with(first) || first.starts_with(tag)));
    (related
        && !rest.is_empty()
        && !names::is_keyword(rest)
        && !rest.starts_with(|c: char| c.is_ascii_digit()))
    .then(|| rest.to_owned())
}
