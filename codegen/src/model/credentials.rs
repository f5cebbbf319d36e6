//! Credentials: the spec's `securitySchemes` and security requirements, read
//! into the credentials a client holds. Schemes that send the same thing the
//! same way are one credential, set once with one builder method named after
//! its kind; this module owns that grouping, the setter names, each
//! operation's requirement, the credential the README's quick start sets,
//! and the two readings of specs that say less than they mean: schemes
//! declared but never required, and no scheme but a credential header on
//! most operations.
//!
//! Setter names depend only on the kinds of credential the API has, never on
//! scheme keys or the order of the spec: `bearer_token` (HTTP bearer, OAuth 2
//! and OpenID Connect all send `Authorization: Bearer`), `basic_auth`, and
//! `api_key`, which becomes `api_key_<name>` (`api_key_x_app_id`) only when
//! the API takes several API keys. Renaming a scheme, adding a second bearer
//! scheme or reordering the spec renames nothing.

mod implied;
mod setters;
#[cfg(test)]
mod tests;

use openapiv3::{ReferenceOr, SecurityRequirement, SecurityScheme};

use super::operations::{Location, Operation};
use crate::error::{pointer_token, Error, Result};
use implied::{implied_header, operations, Implied};

/// A security scheme, declared under `components/securitySchemes`, or the
/// stand-in for a credential inferred from a header parameter.
#[derive(Debug)]
pub struct Scheme {
    /// Its key in `components/securitySchemes`; for an inferred credential,
    /// the header's name.
    pub key: String,
    /// How it is sent.
    pub kind: SchemeKind,
    /// Its description.
    pub doc: Option<String>,
    /// The credential it sends (index into [`Security::credentials`]).
    pub credential: usize,
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

/// One credential the client holds: what the schemes sending the same thing
/// the same way share.
#[derive(Debug)]
pub struct Credential {
    /// The builder method that sets it (`bearer_token`, `basic_auth`, `api_key`, ...).
    pub setter: String,
    /// How it is sent.
    pub kind: SchemeKind,
    /// The schemes it serves (indices into [`Security::schemes`]), in declaration order.
    pub schemes: Vec<usize>,
    /// For a credential the spec does not declare, the header parameter it was inferred from.
    pub implied_from: Option<String>,
    /// How many operations accept it (set by [`Security::count`]).
    pub operations: usize,
}

/// The API's security: schemes, credentials and how requirements read.
#[derive(Debug, Default)]
pub struct Security {
    /// Supported schemes, in declaration order, then the inferred one.
    pub schemes: Vec<Scheme>,
    /// Credentials, in the order of their first scheme.
    pub credentials: Vec<Credential>,
    /// Schemes left out (unsupported): key and why.
    unsupported: Vec<(String, String)>,
    /// Schemes are declared and nothing requires one: every operation takes any.
    never_required: bool,
    /// The credential inferred from a header parameter, if any.
    implied: Option<Implied>,
}

/// The scheme's kind, or why it is not supported.
fn kind_of(scheme: &SecurityScheme, at: &str) -> Result<(SchemeKind, Option<String>)> {
    Ok(match scheme {
        SecurityScheme::HTTP {
            scheme,
            description,
            ..
        } => match scheme.to_ascii_lowercase().as_str() {
            "bearer" => (SchemeKind::Bearer, description.clone()),
            "basic" => (SchemeKind::Basic, description.clone()),
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
            let name = name.clone();
            (SchemeKind::ApiKey { location, name }, description.clone())
        }
        SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => {
            (SchemeKind::Bearer, description.clone())
        }
    })
}

/// What makes two schemes one credential: the same kind, and for API keys
/// the same place and name (compared case-insensitively).
fn same_credential(a: &SchemeKind, b: &SchemeKind) -> bool {
    match (a, b) {
        (
            SchemeKind::ApiKey {
                location: l1,
                name: n1,
            },
            SchemeKind::ApiKey {
                location: l2,
                name: n2,
            },
        ) => l1 == l2 && n1.eq_ignore_ascii_case(n2),
        _ => a == b,
    }
}

impl Security {
    /// Reads the spec's schemes. An unsupported one (HTTP digest, a `$ref`)
    /// fails the spec unless `skip_unsupported`, where it is left out with a
    /// note and costs only the operations that accept nothing else.
    ///
    /// # Errors
    /// An unsupported scheme, unless `skip_unsupported`.
    pub fn read(
        spec: &openapiv3::OpenAPI,
        skip_unsupported: bool,
        notes: &mut Vec<String>,
    ) -> Result<Self> {
        let mut security = Security::default();
        let declared = spec.components.as_ref().map(|c| &c.security_schemes);
        for (key, scheme) in declared.into_iter().flatten() {
            let at = format!("#/components/securitySchemes/{}", pointer_token(key));
            let read = match scheme {
                ReferenceOr::Item(scheme) => kind_of(scheme, &at),
                ReferenceOr::Reference { .. } => {
                    Err(Error::unsupported(&at, "security schemes given by `$ref`"))
                }
            };
            let (kind, doc) = match read {
                Ok(read) => read,
                Err(Error::Unsupported { message, .. }) if skip_unsupported => {
                    notes.push(format!(
                        "left out security scheme `{key}`: {message}; operations that accept another scheme use that, the others are left out"
                    ));
                    security.unsupported.push((key.clone(), message));
                    continue;
                }
                Err(e) => return Err(e),
            };
            security.add(key.clone(), kind, doc, None);
        }
        if let Some(mut implied) = implied_header(spec) {
            let kind = SchemeKind::ApiKey {
                location: Location::Header,
                name: implied.header.clone(),
            };
            let from = format!("header parameter {}", implied.header);
            implied.scheme = security.add(implied.header.clone(), kind, None, Some(from));
            notes.push(format!(
                "no security scheme declared; the header parameter `{}` of {} of {} operations is taken as an API key, set once on the client (`api_key`) and sent by those operations",
                implied.header, implied.taking, implied.of
            ));
            security.implied = Some(implied);
        }
        let required = spec.security.is_some()
            || operations(spec)
                .iter()
                .any(|(_, o)| o.op.security.is_some());
        if !required && security.implied.is_none() && !security.schemes.is_empty() {
            security.never_required = true;
            let keys: Vec<String> = security
                .schemes
                .iter()
                .map(|s| format!("`{}`", s.key))
                .collect();
            notes.push(format!(
                "the spec declares security schemes ({}) but no operation requires one: every operation sends a credential when the client has one set",
                keys.join(", ")
            ));
        }
        setters::name_setters(&mut security.credentials);
        Ok(security)
    }

    /// Adds a scheme, to the credential sending the same thing the same way
    /// or to a new one; returns its index.
    fn add(
        &mut self,
        key: String,
        kind: SchemeKind,
        doc: Option<String>,
        implied: Option<String>,
    ) -> usize {
        let scheme = self.schemes.len();
        let credential = match self
            .credentials
            .iter()
            .position(|c| c.implied_from.is_none() && same_credential(&c.kind, &kind))
        {
            Some(c) if implied.is_none() => c,
            _ => {
                self.credentials.push(Credential {
                    setter: String::new(),
                    kind: kind.clone(),
                    schemes: Vec::new(),
                    implied_from: implied,
                    operations: 0,
                });
                self.credentials.len() - 1
            }
        };
        self.credentials[credential].schemes.push(scheme);
        self.schemes.push(Scheme {
            key,
            kind,
            doc,
            credential,
        });
        scheme
    }

    /// The header parameter operations no longer take: the client sends it.
    pub fn implied_header(&self) -> Option<&str> {
        self.implied.as_ref().map(|i| i.header.as_str())
    }

    /// The first scheme of each credential, as optional alternatives: what
    /// every operation accepts when the spec requires nothing.
    fn any_credential(&self) -> Vec<Vec<usize>> {
        let mut alternatives: Vec<Vec<usize>> = self
            .credentials
            .iter()
            .filter_map(|c| c.schemes.first().map(|&s| vec![s]))
            .collect();
        alternatives.push(Vec::new());
        alternatives
    }

    /// Requirements as alternatives of scheme indices: one scheme per
    /// credential in each (schemes of one credential send the same thing),
    /// and no two alternatives needing the same credentials. An alternative
    /// naming a left-out scheme cannot be met and is dropped; `Err` when that
    /// leaves none, or a scheme is not declared at all.
    fn alternatives(
        &self,
        requirements: &[SecurityRequirement],
        at: &str,
    ) -> Result<Vec<Vec<usize>>> {
        let mut out: Vec<Vec<usize>> = Vec::new();
        let mut left_out = None;
        'alternatives: for requirement in requirements {
            let mut alternative: Vec<usize> = Vec::new();
            for key in requirement.keys() {
                let declared = self.schemes.iter().position(|s| {
                    &s.key == key && self.credentials[s.credential].implied_from.is_none()
                });
                let Some(i) = declared else {
                    if let Some((_, why)) = self.unsupported.iter().find(|(k, _)| k == key) {
                        // The construct first, so the operation is listed under it.
                        let (construct, detail) = why.split_once("; ").unwrap_or((why, ""));
                        let detail = if detail.is_empty() {
                            String::new()
                        } else {
                            format!("; {detail}")
                        };
                        left_out.get_or_insert_with(|| {
                            Error::unsupported(
                                at,
                                format!("{construct}; the only security scheme the operation accepts, `{key}`, is left out{detail}"),
                            )
                        });
                        continue 'alternatives;
                    }
                    return Err(Error::invalid(
                        at,
                        format!("unknown security scheme `{key}`"),
                    ));
                };
                let credential = self.schemes[i].credential;
                if !alternative
                    .iter()
                    .any(|&j| self.schemes[j].credential == credential)
                {
                    alternative.push(i);
                }
            }
            let credentials = |alt: &[usize]| {
                let mut c: Vec<usize> = alt.iter().map(|&i| self.schemes[i].credential).collect();
                c.sort_unstable();
                c
            };
            let needs = credentials(&alternative);
            if !out.iter().any(|o| credentials(o) == needs) {
                out.push(alternative);
            }
        }
        match left_out {
            Some(e) if out.is_empty() => Err(e),
            _ => Ok(out),
        }
    }

    /// An operation's requirement, from its own `security` or the spec's:
    /// with a credential inferred from a header, `took` says whether the
    /// operation took that header (and whether it was required).
    ///
    /// # Errors
    /// A scheme the spec does not declare, or only left-out schemes accepted.
    pub fn operation(
        &self,
        own: Option<&Vec<SecurityRequirement>>,
        top: Option<&Vec<SecurityRequirement>>,
        took: Option<bool>,
        at: &str,
    ) -> Result<Vec<Vec<usize>>> {
        if self.never_required {
            return Ok(self.any_credential());
        }
        if let (Some(required), Some(implied)) = (took, &self.implied) {
            let scheme = implied.scheme;
            return Ok(if required {
                vec![vec![scheme]]
            } else {
                vec![vec![scheme], Vec::new()]
            });
        }
        match own.or(top) {
            None => Ok(Vec::new()),
            Some(requirements) => self.alternatives(requirements, &format!("{at}/security")),
        }
    }

    /// The spec's top-level requirement (what an untyped call sends); an
    /// alternative naming an undeclared scheme is left out (each operation
    /// inheriting it reports the name). With an inferred header credential
    /// or nothing required, any credential the client has.
    pub fn top_level(&self, spec: &openapiv3::OpenAPI) -> Vec<Vec<usize>> {
        if self.never_required || self.implied.is_some() {
            return self.any_credential();
        }
        let known = |key: &String| {
            self.schemes.iter().any(|s| &s.key == key)
                || self.unsupported.iter().any(|(k, _)| k == key)
        };
        let requirements: Vec<SecurityRequirement> = spec
            .security
            .iter()
            .flatten()
            .filter(|r| r.keys().all(known))
            .cloned()
            .collect();
        self.alternatives(&requirements, "#/security")
            .unwrap_or_default()
    }

    /// Counts the operations accepting each credential, and returns the one
    /// the quick start sets: the one most operations accept; a tie goes to
    /// the one named first, reading the top-level requirement and then each
    /// operation's, in order. None when no operation takes a credential.
    pub fn count(&mut self, top_level: &[Vec<usize>], operations: &[Operation]) -> Option<usize> {
        let mut first_named: Vec<Option<usize>> = vec![None; self.credentials.len()];
        let mut seen = 0;
        let mentioned = top_level
            .iter()
            .chain(operations.iter().flat_map(|op| op.security.iter()))
            .flatten();
        for &scheme in mentioned {
            let c = self.schemes[scheme].credential;
            if first_named[c].is_none() {
                first_named[c] = Some(seen);
                seen += 1;
            }
        }
        let mut counts = vec![0; self.credentials.len()];
        for op in operations {
            let mut accepted: Vec<usize> = op
                .security
                .iter()
                .flatten()
                .map(|&s| self.schemes[s].credential)
                .collect();
            accepted.sort_unstable();
            accepted.dedup();
            for c in accepted {
                counts[c] += 1;
            }
        }
        for (credential, count) in self.credentials.iter_mut().zip(counts) {
            credential.operations = count;
        }
        (0..self.credentials.len())
            .filter(|&c| self.credentials[c].operations > 0)
            .min_by_key(|&c| {
                (
                    std::cmp::Reverse(self.credentials[c].operations),
                    first_named[c].unwrap_or(usize::MAX),
                )
            })
    }
}
