//! The typed intermediate model: what the generated crate contains, with
//! every name resolved. Built once from the normalized spec and the config;
//! emit reads only this.

pub mod convert;
pub mod credentials;
pub mod cycles;
pub mod declared;
pub mod errors;
pub mod events;
pub mod examples;
pub mod features;
pub mod forms;
pub mod infer;
pub mod names;
pub mod operations;
pub mod paging;
pub mod path_operations;
mod query_string;
pub mod required;
pub mod servers;
pub mod streams;
pub mod types;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::ReferenceOr;

use crate::config::{Config, ErrorPointers, Settings};
use crate::error::{pointer_token, Error, Result};
pub use credentials::{Credential, Scheme, SchemeKind};
pub use forms::{Form, FormPart, FormPartKind, FormStruct, FormVariant};
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
    /// The servers, each operation's, the default, and the server variables.
    pub servers: servers::Servers,
    /// Security schemes (and the stand-in of a credential inferred from a header parameter).
    pub schemes: Vec<Scheme>,
    /// The top-level security requirement, as alternatives of scheme indices
    /// (what an operation without its own gets; an untyped call sends it).
    pub security: Vec<Vec<usize>>,
    /// The credentials the client holds, each serving one or more schemes.
    pub credentials: Vec<Credential>,
    /// The credential the README's quick start sets (index into `credentials`).
    pub quick_start: Option<usize>,
    /// Tags with their operations.
    pub tags: Vec<Tag>,
    /// Per type (by [`TypeId`]), the tag features it is compiled with.
    pub type_gates: Vec<features::Gate>,
    /// All operations.
    pub operations: Vec<Operation>,
    /// All types.
    pub types: TypeSpace,
    /// Operations left out because they use an unsupported construct (when the config says so).
    pub skipped: Vec<Skipped>,
    /// The webhooks and callbacks the API sends.
    pub events: events::Events,
    /// What else was left out or approximated, and why, for the user to read.
    pub notes: Vec<String>,
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
    /// Its cargo feature; `None` when the crate has a single tag module.
    pub feature: Option<String>,
}

/// Builds the model.
///
/// # Errors
/// Anything unsupported or inconsistent, by JSON pointer.
pub fn build(spec: &openapiv3::OpenAPI, config: Config) -> Result<Api> {
    build_from(spec, &[], config, "")
}

/// Builds the model of the spec read from `origin` (a path: its file name
/// names the crate when the title cannot), with the webhooks and callbacks
/// taken out of the document by [`crate::load::take_events`].
///
/// # Errors
/// Anything unsupported or inconsistent, by JSON pointer.
pub fn build_from(
    spec: &openapiv3::OpenAPI,
    event_items: &[events::EventItem],
    config: Config,
    origin: &str,
) -> Result<Api> {
    let empty = indexmap::IndexMap::new();
    let schemas = spec.components.as_ref().map_or(&empty, |c| &c.schemas);
    let skip_unsupported = config.unsupported == crate::config::OnUnsupported::Skip;
    let mut notes = Vec::new();
    let mut security = credentials::Security::read(spec, skip_unsupported, &mut notes)?;
    let mut converter = convert::Converter::new(schemas, &[]);
    let mut failures = converter.convert_components()?;
    if !failures.is_empty() {
        if !skip_unsupported {
            return Err(failures.swap_remove(0).1);
        }
        // Unsupported components cost the operations that use them, not the spec:
        // convert again without them (and what uses them), so their names stay free.
        let left_out = converter.left_out(&failures);
        for (name, l) in &left_out {
            notes.push(format!("left out schema {name:?}: {}", l.error(name)));
        }
        converter = convert::Converter::leaving_out(schemas, &[], left_out);
        if let Some((_, e)) = converter.convert_components()?.into_iter().next() {
            return Err(e);
        }
    }

    let mut builder_names = names::Namespace::with_taken(["Client", "ClientBuilder"]);
    let mut const_names = names::Namespace::default();
    let mut operations = Vec::new();
    let mut skipped = Vec::new();
    {
        let mut cx = operations::Context {
            spec,
            converter: &mut converter,
            security: &security,
            envelope: config
                .envelope
                .as_ref()
                .and_then(|e| e.as_ref())
                .map(|e| e.data.as_str()),
            notes: Vec::new(),
        };
        for (path, item) in &spec.paths.paths {
            let ReferenceOr::Item(item) = item else {
                return Err(Error::unsupported(
                    format!("#/paths/{}", pointer_token(path)),
                    "path items given by `$ref`",
                ));
            };
            for operation in path_operations::of(item) {
                let built = operations::build(
                    &mut cx,
                    path,
                    &operation,
                    item,
                    &mut builder_names,
                    &mut const_names,
                );
                let op = &operation.op;
                match built {
                    Ok(op) => operations.push(op),
                    // An operation the spec gets wrong (a reference to nothing, say)
                    // costs that operation too, not the spec.
                    Err(e @ (Error::Unsupported { .. } | Error::Invalid { .. }))
                        if skip_unsupported =>
                    {
                        let id = op.operation_id.clone().unwrap_or_default();
                        let construct = match &e {
                            Error::Unsupported { message, .. } | Error::Invalid { message, .. } => {
                                infer::construct_of(message)
                            }
                            _ => String::new(),
                        };
                        skipped.push(Skipped {
                            id,
                            method: operation.method.clone(),
                            path: path.clone(),
                            reason: e.to_string(),
                            construct,
                        });
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        notes.append(&mut cx.notes);
    }
    let request_bodies = spec.components.as_ref().map(|c| &c.request_bodies);
    let signature = config.webhooks.as_ref().map(|w| w.signature);
    let events = events::build(
        event_items,
        &mut converter,
        request_bodies,
        signature,
        &mut notes,
    );
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
    let inferred = errors::infer(&types, &operations);
    let errors = ErrorPointers {
        code: config.errors.code.clone().unwrap_or_else(|| {
            summary.error_code = inferred.code.first().cloned();
            inferred.code.clone()
        }),
        message: config.errors.message.clone().unwrap_or_else(|| {
            summary.error_message = inferred.message.first().cloned();
            inferred.message.clone()
        }),
        retry_after: config
            .errors
            .retry_after
            .clone()
            .unwrap_or_else(|| inferred.retry_after.clone()),
    };
    if let Some(envelope) = &envelope {
        for op in &mut operations {
            operations::unwrap_envelope(op, &types, &envelope.data);
        }
    }
    cycles::box_cycles(&mut types);
    mark_usage(&mut types, &operations, &events);
    drop_bad_patterns(&mut types, &mut operations, &mut notes);
    // An operation with a parameter that has no text form costs that operation.
    let unwritable = check_array_params(&types, &operations);
    for (index, e) in unwritable.into_iter().rev() {
        if !skip_unsupported {
            return Err(e);
        }
        let op = operations.remove(index);
        skipped.push(Skipped {
            id: op.id,
            method: op.http_method,
            path: op.path,
            construct: match &e {
                Error::Unsupported { message, .. } => infer::construct_of(message),
                _ => String::new(),
            },
            reason: e.to_string(),
        });
    }
    required::name_all(&mut types, &mut operations, &mut builder_names);
    streams::attach(&mut operations, &types, &config.streams)?;
    let found: Vec<&streams::Stream> = operations.iter().filter_map(streams::of).collect();
    summary.streams = (
        found.len(),
        found.iter().filter(|s| s.item.is_some()).count(),
    );
    paging::configure(&mut operations, &types, &config.pagination)?;
    let outcome = paging::attach(
        &mut operations,
        &types,
        spec.extensions.get("x-fern-pagination"),
    );
    summary.lists = outcome.lists;
    summary.paginated = outcome.paged;
    summary.whole_lists = outcome.whole;
    summary.unpaged = outcome.unpaged;
    notes.extend(outcome.notes);
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
        streams: config.streams,
    };

    let top_level = security.top_level(spec);
    let quick_start = security.count(&top_level, &operations);
    let setters: Vec<String> = security
        .credentials
        .iter()
        .map(|c| format!("set_{}", c.setter))
        .collect();
    // Server variables' setters live beside the builder's own methods and the credentials'.
    let mut builder_methods: Vec<&str> = BUILDER_METHODS.to_vec();
    builder_methods.extend(security.credentials.iter().map(|c| c.setter.as_str()));
    let servers = servers::build(spec, &mut operations, &builder_methods, &mut notes);
    let mut tags = group_by_tag(spec, &mut operations, &setters);
    features::name_features(&mut tags);
    let type_gates = features::type_gates(&types, &operations, &tags, &events);
    let info = &spec.info;
    Ok(Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        config,
        summary,
        servers,
        security: top_level,
        schemes: security.schemes,
        credentials: security.credentials,
        quick_start,
        tags,
        type_gates,
        operations,
        types,
        skipped,
        events,
        notes,
    })
}

/// The client builder's own methods, which no generated setter may shadow.
const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "server_url",
    "server_variable",
    "timeout",
    "deadline",
    "total_timeout",
    "hook",
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
];

fn mark_usage(types: &mut TypeSpace, operations: &[Operation], events: &events::Events) {
    for payload in events.events.iter().filter_map(|e| e.payload.as_ref()) {
        cycles::mark_usage(types, payload, false);
    }
    for op in operations {
        for p in &op.params {
            cycles::mark_usage(types, &p.ty, true);
        }
        if let Some(b) = &op.body {
            cycles::mark_usage(types, &b.ty, true);
            if let BodyKind::Multipart(form) = &b.kind {
                for part in form.parts() {
                    if let FormPartKind::Value(ty) = &part.kind {
                        cycles::mark_usage(types, ty, true);
                    }
                }
            }
        }
        if let Content::Json(t) = &op.success.content {
            cycles::mark_usage(types, t, false);
        }
        if let Some(item) = streams::of(op).and_then(|s| s.item.as_ref()) {
            cycles::mark_usage(types, item, false);
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
/// arrays, maps or unions of anything but scalars have no such form.
/// The operations with such a parameter (by index), each with its error.
fn check_array_params(types: &TypeSpace, operations: &[Operation]) -> Vec<(usize, Error)> {
    let mut failures = Vec::new();
    for (index, op) in operations.iter().enumerate() {
        let unwritable = op.params.iter().find(|p| {
            matches!(p.encoding, Encoding::Array { .. })
                && matches!(types.identity(&p.ty), TypeRef::Vec(item) if !types.is_scalar(&item))
        });
        if let Some(p) = unwritable {
            failures.push((index, Error::unsupported(
                format!("{}/parameters", op.pointer),
                format!(
                    "parameter `{}`: arrays of objects, arrays or structured unions have no parameter form; only arrays of strings, numbers, booleans, enums and unions of those",
                    p.wire
                ),
            )));
        }
    }
    failures
}

/// Whether the generated client's pattern engine compiles `pattern`: ECMA-262
/// in Unicode mode, or in legacy mode when that alone accepts it and it has no
/// `\p{..}` class. The same rule as `compile_pattern` in the runtime's `validate.rs`.
fn pattern_compiles(pattern: &str) -> std::result::Result<(), String> {
    let unicode = regress::Flags {
        unicode: true,
        ..regress::Flags::default()
    };
    let Err(e) = regress::Regex::with_flags(pattern, unicode) else {
        return Ok(());
    };
    if pattern.contains("\\p{") || pattern.contains("\\P{") {
        return Err(e.to_string());
    }
    regress::Regex::new(pattern)
        .map(|_| ())
        .map_err(|_| e.to_string())
}

/// Patterns are compiled by the generated client at run time; a check whose
/// pattern is no ECMA-262 regular expression (a Java class such as
/// `\p{Alnum}`, say) is left out with a note rather than costing the spec:
/// the server still checks it.
fn drop_bad_patterns(types: &mut TypeSpace, operations: &mut [Operation], notes: &mut Vec<String>) {
    let mut check = |c: &mut Constraints, at: &str| {
        let mut cur = Some(c);
        while let Some(c) = cur {
            if let Some(p) = &c.pattern {
                if let Err(e) = pattern_compiles(p) {
                    notes.push(format!(
                        "not checking the pattern at {at}: {p:?} is not an ECMA-262 regular expression ({e})"
                    ));
                    c.pattern = None;
                }
            }
            cur = c.items.as_deref_mut();
        }
    };
    for def in &mut types.defs {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    let at = format!("{}/properties/{}", def.pointer, pointer_token(&f.wire));
                    check(&mut f.constraints, &at);
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    check(&mut v.constraints, &def.pointer);
                }
            }
            _ => {}
        }
    }
    for op in operations {
        for p in &mut op.params {
            check(
                &mut p.constraints,
                &format!("{} (parameter `{}`)", op.pointer, p.wire),
            );
        }
    }
}

/// Groups operations by their first tag (untagged ones under `default`) and
/// names methods: the tag's own word at the start of an operationId is
/// dropped (`numbersList` under `Numbers` is `numbers().list()`) unless that
/// leaves a keyword or a clash.
fn group_by_tag(
    spec: &openapiv3::OpenAPI,
    operations: &mut [Operation],
    client_methods: &[String],
) -> Vec<Tag> {
    let mut order: Vec<String> = spec.tags.iter().map(|t| t.name.clone()).collect();
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        let tag = spec
            .paths
            .paths
            .get(&op.path)
            .and_then(|p| p.as_item())
            .and_then(|item| path_operations::find(item, &op.http_method))
            .and_then(|o| o.op.tags.first().cloned())
            .unwrap_or_else(|| "default".to_owned());
        if !order.contains(&tag) {
            order.push(tag.clone());
        }
        members.entry(tag).or_default().push(i);
    }
    // Accessors on `Client`: not one of its own methods, nor one of the traits' it implements.
    let mut modules = names::Namespace::with_taken(
        [
            "builder",
            "with_options",
            "validates",
            "execute",
            "from_builder",
            "request",
            "execute_as",
            "execute_in_span",
            "replace_credential",
            "set_credential",
            "set_token",
            "clear_credential",
            "clone",
            "fmt",
            "runtime",
            "types",
            "apis",
        ]
        .into_iter()
        .chain(client_methods.iter().map(String::as_str)),
    );
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
            feature: None,
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
