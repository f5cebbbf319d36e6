//! The hosts the API is called at: the distinct servers the spec declares
//! (top-level, on path items, on operations), the server each operation
//! calls, the default server, the server variables with the builder setter
//! each gets, and, for a spec that declares no server at all, the host its
//! own descriptions give (module `text`).
//!
//! An operation calls the first entry of its own `servers`, else of its path
//! item's, else of the top-level ones: the other entries of a list are
//! alternatives the user may choose, which no operation calls by itself. The
//! default server (what the inference report calls the base URL, and what
//! untyped calls go to) is the one most operations call; a tie goes to the
//! one declared first, which puts the top-level ones ahead.

mod text;

use openapiv3::ReferenceOr;

use super::names::{self, Namespace};
use super::Operation;

/// The API's servers.
#[derive(Debug, Default)]
pub struct Servers {
    /// Every distinct server (by URL), in document order: the top-level ones,
    /// then per path item its own and its operations'. When the spec declares
    /// none, the one found in its descriptions, if any.
    pub list: Vec<Server>,
    /// Index into [`list`](Self::list) of the server most operations call.
    pub default: Option<usize>,
    /// The variables of the servers operations call, one per name (a value
    /// set for a name applies in every server that uses it), in order of
    /// first use.
    pub variables: Vec<Variable>,
}

/// One server.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL as declared: `{name}` stands for a variable; it may be relative.
    pub url: String,
    /// Its description (for a server found in the spec's text, where it was found).
    pub description: Option<String>,
    /// The variables its URL names, in the order it names them.
    pub variables: Vec<ServerVariable>,
    /// How many operations call it.
    pub operations: usize,
    /// Its variant in the generated `Server` enum; empty for a server no
    /// operation calls (an alternative).
    pub variant: String,
    /// For a server declared after the first of a `servers` list, that
    /// first one (an index into the list): the server it can stand in for.
    pub alternative_to: Option<usize>,
}

/// A variable of one server's URL.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Its name in the URL.
    pub name: String,
    /// The spec's default; `None` when it gives none or an empty one (the
    /// user must set it).
    pub default: Option<String>,
    /// The values the spec allows, when it lists them.
    pub enumeration: Vec<String>,
    /// Its description.
    pub description: Option<String>,
}

/// A server variable as the client's builder sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// Its name in the URLs.
    pub name: String,
    /// The builder method that sets it.
    pub setter: String,
}

/// What a URL is, as a base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// An `http(s)` URL with a host, once its variables are substituted.
    Absolute,
    /// No scheme and host (`/api/v3`): relative to where the spec is served.
    Relative,
    /// Neither: why it cannot be used.
    Unusable(String),
}

impl Server {
    /// The URL with each variable's default; `None` when one has none, or
    /// when the URL is not an absolute `http(s)` one.
    pub fn resolved(&self) -> Option<String> {
        if self.form() != Form::Absolute {
            return None;
        }
        let mut url = self.url.clone();
        for v in &self.variables {
            url = url.replace(&format!("{{{}}}", v.name), v.default.as_deref()?);
        }
        // A default may be what makes the URL (`{base}` with an `https://` default).
        (form(&url) == Form::Absolute).then_some(url)
    }

    /// Whether the URL can be a base URL once its variables are set.
    pub fn form(&self) -> Form {
        form(&self.url)
    }

    /// Whether an operation calls it.
    pub fn called(&self) -> bool {
        !self.variant.is_empty()
    }
}

impl Servers {
    /// The default server.
    pub fn default_server(&self) -> Option<&Server> {
        self.default.and_then(|i| self.list.get(i))
    }

    /// The default base URL: the default server's URL with the variables'
    /// defaults, when there is one.
    pub fn default_url(&self) -> Option<String> {
        self.default_server().and_then(Server::resolved)
    }

    /// Whether operations call more than one server: the generated crate
    /// then has the `Server` enum and `server_url`.
    pub fn several(&self) -> bool {
        self.slots().len() > 1
    }

    /// The builder setting of the server variable `name`, if operations call
    /// a server that names it.
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// The servers the client knows, as indices into [`list`](Self::list):
    /// the default first, then the other servers operations call. An
    /// operation's server is a position in this order ([`Self::slot`]).
    pub fn slots(&self) -> Vec<usize> {
        let others =
            (0..self.list.len()).filter(|&i| Some(i) != self.default && self.list[i].called());
        self.default.into_iter().chain(others).collect()
    }

    /// The position of `server` in [`slots`](Self::slots) (0, the default,
    /// for an operation with no server).
    pub fn slot(&self, server: Option<usize>) -> usize {
        let slots = self.slots();
        server
            .and_then(|s| slots.iter().position(|&i| i == s))
            .unwrap_or(0)
    }

    /// Whether the client needs a `base_url` before it can reach every
    /// operation: no server, or one without a usable host. Its path, when
    /// one has a relative URL, for the hint.
    pub fn needs_base_url(&self) -> Option<String> {
        let slots = self.slots();
        if slots.is_empty() {
            return Some(String::new());
        }
        // A server whose defaults are all given but make no URL cannot be
        // mended by its variables' setters either.
        let complete = |s: &Server| s.variables.iter().all(|v| v.default.is_some());
        slots
            .iter()
            .map(|&i| &self.list[i])
            .find(|s| s.form() != Form::Absolute || (complete(s) && s.resolved().is_none()))
            .map(|s| match s.form() {
                Form::Relative => s.url.trim_end_matches('/').to_owned(),
                _ => String::new(),
            })
    }

    /// The variables the user must set (no default in some server that
    /// operations call), when no `base_url` is needed.
    pub fn required_variables(&self) -> Vec<&Variable> {
        if self.needs_base_url().is_some() {
            return Vec::new();
        }
        let slots = self.slots();
        self.variables
            .iter()
            .filter(|v| {
                slots.iter().any(|&i| {
                    self.list[i]
                        .variables
                        .iter()
                        .any(|sv| sv.name == v.name && sv.default.is_none())
                })
            })
            .collect()
    }
}

/// The servers of `spec`, each operation's (set in its `server`), and the
/// variables' setters, which must not take a name in `taken` (the builder's
/// own methods). What could not be used is said in `notes`.
pub fn build(
    spec: &openapiv3::OpenAPI,
    operations: &mut [Operation],
    taken: &[&str],
    notes: &mut Vec<String>,
) -> Servers {
    let mut list = Vec::new();
    declare(&mut list, &spec.servers);
    for item in spec.paths.paths.values() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        declare(&mut list, &item.servers);
        for operation in super::path_operations::of(item) {
            declare(&mut list, &operation.op.servers);
        }
    }
    for op in operations.iter_mut() {
        op.server = called_by(spec, op).and_then(|url| position(&list, &url));
    }
    if list.is_empty() {
        if let Some(found) = text::host_in_descriptions(spec) {
            notes.push(format!(
                "the spec declares no server: calling {}, the host of {} URL(s) in its descriptions that name its paths (such as {})",
                found.origin, found.count, found.example
            ));
            list.push(Server {
                url: found.origin,
                description: Some(format!(
                    "Found in the spec's descriptions ({} URL(s) such as {}); the spec declares no server.",
                    found.count, found.example
                )),
                variables: Vec::new(),
                operations: 0,
                variant: String::new(),
                alternative_to: None,
            });
            for op in operations.iter_mut() {
                op.server = Some(0);
            }
        }
    }
    for op in operations.iter() {
        if let Some(s) = op.server.and_then(|i| list.get_mut(i)) {
            s.operations += 1;
        }
    }
    let default = default_of(&list);
    for s in &list {
        if let Form::Unusable(why) = s.form() {
            notes.push(format!(
                "server URL {:?} cannot be a base URL ({why}); a client calling it needs `base_url`",
                s.url
            ));
        }
    }
    name_variants(&mut list, default);
    let variables = variables(&list, taken);
    Servers {
        list,
        default,
        variables,
    }
}

/// Adds the servers of one `servers` list, each unless a server of the
/// same URL is listed (the first declaration's description and variables
/// stand); those after the first are its alternatives.
fn declare(list: &mut Vec<Server>, servers: &[openapiv3::Server]) {
    let Some(first) = servers.first() else {
        return;
    };
    declare_one(list, first, None);
    let first = position(list, &first.url);
    for s in &servers[1..] {
        declare_one(list, s, first);
    }
}

fn declare_one(list: &mut Vec<Server>, s: &openapiv3::Server, alternative_to: Option<usize>) {
    if position(list, &s.url).is_some() {
        return;
    }
    let declared = s.variables.as_ref();
    let variables = template_names(&s.url)
        .into_iter()
        .map(|name| {
            let v = declared.and_then(|d| d.get(&name));
            ServerVariable {
                default: v
                    .map(|v| v.default.clone())
                    .filter(|d| !d.trim().is_empty()),
                enumeration: v.map(|v| v.enumeration.clone()).unwrap_or_default(),
                description: v.and_then(|v| v.description.clone()),
                name,
            }
        })
        .collect();
    list.push(Server {
        url: s.url.clone(),
        description: s.description.clone().filter(|d| !d.trim().is_empty()),
        variables,
        operations: 0,
        variant: String::new(),
        alternative_to,
    });
}

/// The server a URL names in `list`; a trailing `/` makes no difference.
fn position(list: &[Server], url: &str) -> Option<usize> {
    let key = url.trim_end_matches('/');
    list.iter().position(|s| s.url.trim_end_matches('/') == key)
}

/// The URL of the server `op` calls: the first of its own `servers`, else
/// its path item's, else the top-level ones.
fn called_by(spec: &openapiv3::OpenAPI, op: &Operation) -> Option<String> {
    let item = spec
        .paths
        .paths
        .get(&op.path)
        .and_then(ReferenceOr::as_item);
    let own = item.and_then(|item| {
        super::path_operations::find(item, &op.http_method)
            .and_then(|o| o.op.servers.first().map(|s| s.url.clone()))
    });
    own.or_else(|| item.and_then(|item| item.servers.first().map(|s| s.url.clone())))
        .or_else(|| spec.servers.first().map(|s| s.url.clone()))
}

/// The server most operations call; the first declared on a tie (and when
/// no operation calls any, the first).
fn default_of(list: &[Server]) -> Option<usize> {
    let most = list.iter().map(|s| s.operations).max()?;
    list.iter().position(|s| s.operations == most)
}

/// The variable names of a URL template, in order, each once; an unclosed
/// `{` names nothing (the URL is then unusable, see [`form`]).
fn template_names(url: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        if !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
        rest = &rest[open + close + 1..];
    }
    out
}

/// Whether `url` (a template) can be a base URL once its variables are set.
pub fn form(url: &str) -> Form {
    // `{base}/v1`: a variable's value brings the scheme and host.
    if url.starts_with('{') && !url.contains("://") {
        return if url.contains('}') {
            Form::Absolute
        } else {
            Form::Unusable("its `{` and `}` do not pair up".into())
        };
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        // A scheme-relative URL (`//host/path`) has a host but no scheme:
        // the spec's location would give it, as for a relative one.
        return Form::Relative;
    };
    let http = ["http", "https"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s));
    if !http && !scheme.contains('{') {
        return Form::Unusable(format!("the scheme {scheme:?} is not http or https"));
    }
    if url.matches('{').count() != url.matches('}').count() {
        return Form::Unusable("its `{` and `}` do not pair up".into());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() {
        return Form::Unusable("it has no host".into());
    }
    let host_chars = |c: char| c.is_ascii_alphanumeric() || "-._~:[]{}@%".contains(c);
    if let Some(c) = authority.chars().find(|&c| !host_chars(c)) {
        return Form::Unusable(format!("its host has the character {c:?}"));
    }
    if rest.contains(char::is_whitespace) || rest.contains(['?', '#']) {
        return Form::Unusable("it has spaces, a query or a fragment".into());
    }
    Form::Absolute
}

/// Names each server operations call by its host, from its own URL alone,
/// so that names do not shift when the spec's other servers or operations
/// change: the host's labels without the top-level domain
/// (`maps.googleapis.com` is `MapsGoogleapis`); servers that would share a
/// name use the whole URL, and numbers settle what is left.
fn name_variants(list: &mut [Server], default: Option<usize>) {
    let called: Vec<usize> = (0..list.len())
        .filter(|&i| list[i].operations > 0 || Some(i) == default)
        .collect();
    let short: Vec<String> = called
        .iter()
        .map(|&i| variant_of(&list[i].url, false))
        .collect();
    let mut taken = Namespace::default();
    for (k, &i) in called.iter().enumerate() {
        let shared = short.iter().filter(|s| **s == short[k]).count() > 1;
        let name = if shared {
            variant_of(&list[i].url, true)
        } else {
            short[k].clone()
        };
        list[i].variant = taken.claim(name);
    }
}

/// A variant name from a URL's host (with its path when `full`, or when it
/// has no host).
fn variant_of(url: &str, full: bool) -> String {
    let (authority, path) = match url.split_once("://") {
        Some((_, rest)) => rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len())),
        None => ("", url),
    };
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let mut labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let tld = labels
        .last()
        .is_some_and(|l| l.chars().all(|c| c.is_ascii_alphabetic()));
    if !full && labels.len() > 1 && tld {
        labels.pop();
    }
    let mut words = labels.join(" ");
    if full || labels.is_empty() {
        words = format!("{words} {path}");
    }
    names::type_name(&words, "Server")
}

/// One builder setter per variable name of the servers operations call,
/// not shadowing a name in `taken` (`server_` goes before one that would).
fn variables(list: &[Server], taken: &[&str]) -> Vec<Variable> {
    let mut setters = Namespace::with_taken(taken.iter().copied());
    let mut out: Vec<Variable> = Vec::new();
    for s in list.iter().filter(|s| s.called()) {
        for v in &s.variables {
            if out.iter().any(|o| o.name == v.name) {
                continue;
            }
            let wanted = names::field_name(&v.name, "variable");
            let bare = wanted.trim_start_matches("r#");
            let wanted = if taken.contains(&bare) {
                format!("server_{bare}")
            } else {
                wanted
            };
            out.push(Variable {
                name: v.name.clone(),
                setter: setters.claim(wanted),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
