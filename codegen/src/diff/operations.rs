//! Changes to the client's methods: operations added, removed or renamed
//! (matched by tag accessor and method name, a rename by HTTP method and
//! path), their parameters, request bodies, return types and docs, and the
//! client builder's credential methods (its server settings are `servers`').

use std::collections::BTreeMap;

use super::{docs, push, render, Change, Kind};
use crate::model::{Api, Operation, Param};

/// `numbers().get` for each operation.
fn by_call(api: &Api) -> BTreeMap<String, &Operation> {
    let mut calls = BTreeMap::new();
    for tag in &api.tags {
        for &i in &tag.operations {
            let op = &api.operations[i];
            calls.insert(format!("{}().{}", tag.module, op.method_name), op);
        }
    }
    calls
}

fn route(op: &Operation) -> String {
    format!("{} {}", op.http_method, op.path)
}

/// Reports every operation added, removed, renamed or changed.
pub fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let (before, after) = (by_call(old), by_call(new));
    let added: Vec<(&String, &&Operation)> = after
        .iter()
        .filter(|(call, _)| !before.contains_key(*call))
        .collect();
    let mut renamed_to = Vec::new();
    for (call, a) in &before {
        if let Some(b) = after.get(call) {
            Pair {
                old,
                new,
                subject: call,
            }
            .operation(a, b, out);
            continue;
        }
        // Same route under another name: a rename, then compared as one operation.
        match added.iter().find(|(_, b)| route(b) == route(a)) {
            Some((new_call, b)) => {
                push(
                    out,
                    Kind::Breaking,
                    call,
                    format!("renamed to {new_call} ({})", route(a)),
                );
                renamed_to.push(*new_call);
                Pair {
                    old,
                    new,
                    subject: new_call,
                }
                .operation(a, b, out);
            }
            None => push(
                out,
                Kind::Breaking,
                call,
                format!("operation removed ({})", route(a)),
            ),
        }
    }
    for (call, b) in added.iter().filter(|(c, _)| !renamed_to.contains(c)) {
        push(
            out,
            Kind::Additive,
            call,
            format!("operation added ({})", route(b)),
        );
    }
}

/// Reports the client builder's credential methods added or removed.
pub fn compare_client(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let subject = "Client::builder()";
    let methods =
        |api: &Api| -> Vec<String> { api.credentials.iter().map(|c| c.setter.clone()).collect() };
    let (before, after) = (methods(old), methods(new));
    for m in before.iter().filter(|m| !after.contains(m)) {
        push(
            out,
            Kind::Breaking,
            subject,
            format!("credential method `{m}` removed"),
        );
    }
    for m in after.iter().filter(|m| !before.contains(m)) {
        push(
            out,
            Kind::Additive,
            subject,
            format!("credential method `{m}` added"),
        );
    }
    super::servers::compare(old, new, out);
}

/// One operation as it is in both models.
struct Pair<'a> {
    old: &'a Api,
    new: &'a Api,
    subject: &'a str,
}

impl Pair<'_> {
    fn push(&self, out: &mut Vec<Change>, kind: Kind, what: impl Into<String>) {
        push(out, kind, self.subject, what);
    }

    fn operation(&self, a: &Operation, b: &Operation, out: &mut Vec<Change>) {
        if route(a) != route(b) {
            // The method's signature stays; only where it sends the request moved.
            self.push(
                out,
                Kind::Additive,
                format!("now {} (was {})", route(b), route(a)),
            );
        }
        let described = |op: &Operation| -> Option<String> {
            match (&op.summary, &op.description) {
                (None, None) => None,
                (s, d) => Some(format!(
                    "{}\n{}",
                    s.as_deref().unwrap_or(""),
                    d.as_deref().unwrap_or("")
                )),
            }
        };
        if let Some(what) = docs::text(described(a).as_deref(), described(b).as_deref()) {
            self.push(out, Kind::DocsOnly, what);
        }
        if a.deprecated != b.deprecated {
            let what = if b.deprecated {
                "deprecated"
            } else {
                "no longer deprecated"
            };
            self.push(out, Kind::DocsOnly, what);
        }
        if docs::text(a.success.doc.as_deref(), b.success.doc.as_deref()).is_some() {
            self.push(out, Kind::DocsOnly, "response description reworded");
        }
        self.params(a, b, out);
        self.body(a, b, out);
        let (x, y) = (
            render::output(&self.old.types, a),
            render::output(&self.new.types, b),
        );
        if x != y {
            self.push(out, Kind::Breaking, format!("returns {y} (was {x})"));
        }
        self.pagination(a, b, out);
        self.stream(a, b, out);
        self.security(a, b, out);
        self.errors(a, b, out);
    }

    fn params(&self, a: &Operation, b: &Operation, out: &mut Vec<Change>) {
        let find = |op: &'_ Operation, p: &Param| -> Option<usize> {
            op.params
                .iter()
                .position(|q| q.wire == p.wire && q.location == p.location)
        };
        for p in &a.params {
            let Some(j) = find(b, p) else {
                self.push(
                    out,
                    Kind::Breaking,
                    format!("parameter `{}` removed", p.name),
                );
                continue;
            };
            let q = &b.params[j];
            let item = format!("parameter `{}`", q.name);
            if p.name != q.name {
                self.push(
                    out,
                    Kind::Breaking,
                    format!("parameter `{}` renamed to `{}`", p.name, q.name),
                );
            }
            if p.required != q.required {
                // Required parameters are given to the method (in order or named), optional ones to setters.
                let now = if q.required { "required" } else { "optional" };
                self.push(out, Kind::Breaking, format!("{item} became {now}"));
            }
            let (x, y) = (
                render::type_ref(&self.old.types, &p.ty),
                render::type_ref(&self.new.types, &q.ty),
            );
            if x != y {
                self.push(
                    out,
                    Kind::Breaking,
                    format!("{item} retyped from {x} to {y}"),
                );
            }
            docs::compare(&p.doc, &q.doc, self.subject, &item, out);
        }
        for q in b.params.iter().filter(|q| find(a, q).is_none()) {
            if q.required {
                self.push(
                    out,
                    Kind::Breaking,
                    format!("parameter `{}` added (required)", q.name),
                );
            } else {
                self.push(
                    out,
                    Kind::Additive,
                    format!("parameter `{}` added (optional)", q.name),
                );
            }
        }
        self.form(a, b, out);
    }

    /// How the method takes its required values: in order, where reordering
    /// them breaks callers, or named in a struct, where order is no matter.
    fn form(&self, a: &Operation, b: &Operation, out: &mut Vec<Change>) {
        match (&a.required_name, &b.required_name) {
            (None, Some(name)) => {
                let what = format!("required values now named, in `{name}` (were in order)");
                return self.push(out, Kind::Breaking, what);
            }
            (Some(_), None) => {
                return self.push(
                    out,
                    Kind::Breaking,
                    "required values now in order (were named)",
                )
            }
            (Some(x), Some(y)) if x != y => {
                let what = format!("required values now named in `{y}` (was `{x}`)");
                return self.push(out, Kind::Breaking, what);
            }
            (Some(_), Some(_)) => return,
            (None, None) => {}
        }
        // Positional arguments: the required values both keep, in order.
        let find = |op: &'_ Operation, p: &Param| -> Option<usize> {
            op.params
                .iter()
                .position(|q| q.wire == p.wire && q.location == p.location)
        };
        let kept = |op: &Operation, other: &Operation| -> Vec<String> {
            op.params
                .iter()
                .filter(|p| p.required && find(other, p).is_some_and(|j| other.params[j].required))
                .map(|p| p.wire.clone())
                .collect()
        };
        let (x, y) = (kept(a, b), kept(b, a));
        if x != y {
            self.push(
                out,
                Kind::Breaking,
                format!(
                    "arguments reordered: ({}) (was ({}))",
                    y.join(", "),
                    x.join(", ")
                ),
            );
        }
    }

    fn body(&self, a: &Operation, b: &Operation, out: &mut Vec<Change>) {
        match (&a.body, &b.body) {
            (None, None) => {}
            (Some(_), None) => self.push(out, Kind::Breaking, "request body removed"),
            (None, Some(y)) if y.required => {
                self.push(out, Kind::Breaking, "request body added (required)")
            }
            (None, Some(_)) => self.push(out, Kind::Additive, "request body added (optional)"),
            (Some(x), Some(y)) => {
                if x.required != y.required {
                    let now = if y.required { "required" } else { "optional" };
                    self.push(out, Kind::Breaking, format!("request body became {now}"));
                }
                let (s, t) = (
                    render::body(&self.old.types, x),
                    render::body(&self.new.types, y),
                );
                if s != t {
                    self.push(
                        out,
                        Kind::Breaking,
                        format!("request body retyped from {s} to {t}"),
                    );
                }
                if docs::text(x.doc.as_deref(), y.doc.as_deref()).is_some() {
                    self.push(out, Kind::DocsOnly, "request body description reworded");
                }
            }
        }
    }

    fn pagination(&self, a: &Operation, b: &Operation, out: &mut Vec<Change>) {
        match (&a.pagination, &b.pagination) {
            (None, Some(_)) => self.push(
                out,
                Kind::Additive,
                "now paginated (`.pages()`, `.items()`)",
            ),
            (Some(_), None) => self.push(
                out,
                Kind::Breaking,
                "no longer paginated (`.pages()`, `.items()` removed)",
            ),
            (Some(x), Some(y)) => {
                let (s, t) = (
                    render::type_ref(&self.old.types, &x.item_ty),
                    render::type_ref(&self.new.types, &y.item_ty),
                );
                if s != t {
                    self.push(out, Kind::Breaking, format!("pages of {t} (was {s})"));
                } else if x.style != y.style || x.items != y.items {
                    self.push(out, Kind::Additive, "pages differently");
                }
            }
            (None, None) => {}
        }
    }

    /// The stream a method beside `send` returns (`events()`), where the
    /// response is one body unless the request asks for a stream.
    fn stream(&self, a: &Operation, b: &Operation, out: &mut Vec<Change>) {
        let shown = |api: &Api, op: &Operation| {
            op.success
                .stream
                .as_ref()
                .map(|s| (s.method.clone(), render::stream(&api.types, s)))
        };
        match (shown(self.old, a), shown(self.new, b)) {
            (None, Some((method, items))) => self.push(
                out,
                Kind::Additive,
                format!("now streams too (`.{method}()` returns {items})"),
            ),
            (Some((method, _)), None) => self.push(
                out,
                Kind::Breaking,
                format!("no longer streams (`.{method}()` removed)"),
            ),
            (Some(x), Some(y)) if x != y => self.push(
                out,
                Kind::Breaking,
                format!(
                    "`.{}()` returns {} (was `.{}()` returning {})",
                    y.0, y.1, x.0, x.1
                ),
            ),
            _ => {}
        }
    }

    fn security(&self, a: &Operation, b: &Operation, out: &mut Vec<Change>) {
        let keys = |api: &Api, op: &Operation| -> Vec<Vec<String>> {
            op.security
                .iter()
                .map(|alt| alt.iter().map(|&i| api.schemes[i].key.clone()).collect())
                .collect()
        };
        let (x, y) = (keys(self.old, a), keys(self.new, b));
        if x != y {
            let show = |v: &Vec<Vec<String>>| -> String {
                if v.is_empty() {
                    return "none".into();
                }
                v.iter()
                    .map(|alt| alt.join(" + "))
                    .collect::<Vec<_>>()
                    .join(" or ")
            };
            self.push(
                out,
                Kind::Additive,
                format!("sends credentials {} (was {})", show(&y), show(&x)),
            );
        }
    }

    fn errors(&self, a: &Operation, b: &Operation, out: &mut Vec<Change>) {
        let declared = |api: &Api, op: &Operation| -> BTreeMap<String, String> {
            op.errors
                .iter()
                .map(|e| {
                    let ty =
                        e.ty.as_ref()
                            .map_or("no body".into(), |t| render::type_ref(&api.types, t));
                    (e.status.clone(), ty)
                })
                .collect()
        };
        let (x, y) = (declared(self.old, a), declared(self.new, b));
        for (status, ty) in &x {
            match y.get(status) {
                None => self.push(
                    out,
                    Kind::DocsOnly,
                    format!("error {status} no longer declared"),
                ),
                Some(t) if t != ty => self.push(
                    out,
                    Kind::DocsOnly,
                    format!("error {status} body {t} (was {ty})"),
                ),
                Some(_) => {}
            }
        }
        for (status, ty) in y.iter().filter(|(s, _)| !x.contains_key(*s)) {
            self.push(
                out,
                Kind::DocsOnly,
                format!("error {status} declared ({ty})"),
            );
        }
    }
}
