//! Security schemes as the spec declares them, the credentials a client holds
//! for them, and how an operation's security requirement picks which to send.

use reqwest::header::{HeaderValue, AUTHORIZATION, COOKIE};

use super::secret::Secret;

/// One security scheme of the API, as declared under `components/securitySchemes`.
#[derive(Debug, Clone, Copy)]
pub struct SecurityScheme {
    /// The scheme's key in the spec, e.g. `bearerAuth`.
    pub name: &'static str,
    /// How the credential travels.
    pub kind: SchemeKind,
}

/// How a credential is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
    /// An API key in a header, query parameter or cookie of the given name.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// A credential for one security scheme.
#[derive(Debug, Clone)]
pub enum Credential {
    /// A bearer token or API key.
    Token(Secret),
    /// A user name and password for HTTP basic authentication.
    Basic {
        /// The user name (not secret, shown in `Debug`).
        username: String,
        /// The password.
        password: Secret,
    },
}

/// Where credentials land on a request being built.
pub(crate) struct AuthTarget<'a> {
    pub headers: &'a mut reqwest::header::HeaderMap,
    pub query: &'a mut Vec<(String, String)>,
}

/// Picks the first alternative of `requirements` whose schemes all have a
/// credential and applies it. An empty list (`security: []`) sends nothing;
/// an alternative with no schemes (`{}`) is satisfied by sending nothing.
///
/// Returns the names of the schemes still needed when no alternative can be met.
pub(crate) fn apply(
    schemes: &[SecurityScheme],
    credentials: &[Option<Credential>],
    requirements: &[&[usize]],
    target: AuthTarget<'_>,
) -> Result<(), Vec<&'static str>> {
    if requirements.is_empty() {
        return Ok(());
    }
    let usable = requirements
        .iter()
        .find(|alt| alt.iter().all(|&i| matches!(credentials.get(i), Some(Some(_)))));
    let Some(alternative) = usable else {
        let first = requirements[0];
        return Err(first.iter().filter_map(|&i| schemes.get(i).map(|s| s.name)).collect());
    };
    let mut cookies = Vec::new();
    for &i in alternative.iter() {
        let (Some(scheme), Some(Some(credential))) = (schemes.get(i), credentials.get(i)) else {
            continue;
        };
        let value = credential_value(scheme.kind, credential);
        match scheme.kind {
            SchemeKind::Bearer | SchemeKind::Basic => {
                insert_sensitive(target.headers, AUTHORIZATION, &value);
            }
            SchemeKind::ApiKey { location: ApiKeyLocation::Header, name } => {
                if let Ok(name) = reqwest::header::HeaderName::from_bytes(name.as_bytes()) {
                    insert_sensitive(target.headers, name, &value);
                }
            }
            SchemeKind::ApiKey { location: ApiKeyLocation::Query, name } => {
                target.query.push((name.to_owned(), value));
            }
            SchemeKind::ApiKey { location: ApiKeyLocation::Cookie, name } => {
                cookies.push(format!("{name}={value}"));
            }
        }
    }
    if !cookies.is_empty() {
        insert_sensitive(target.headers, COOKIE, &cookies.join("; "));
    }
    Ok(())
}

fn credential_value(kind: SchemeKind, credential: &Credential) -> String {
    match (kind, credential) {
        (SchemeKind::Bearer, Credential::Token(t)) => format!("Bearer {}", t.expose()),
        (SchemeKind::Basic, Credential::Basic { username, password }) => {
            format!("Basic {}", base64(format!("{username}:{}", password.expose()).as_bytes()))
        }
        (SchemeKind::Basic, Credential::Token(t)) => format!("Basic {}", t.expose()),
        (_, Credential::Token(t)) => t.expose().to_owned(),
        (_, Credential::Basic { username, password }) => format!("{username}:{}", password.expose()),
    }
}

/// Marks the header sensitive so HTTP-level logging and `Debug` of the request redact it.
fn insert_sensitive(
    headers: &mut reqwest::header::HeaderMap,
    name: reqwest::header::HeaderName,
    value: &str,
) {
    if let Ok(mut v) = HeaderValue::from_str(value) {
        v.set_sensitive(true);
        headers.insert(name, v);
    }
}

/// Standard base64 with padding; small enough not to warrant a dependency.
fn base64(input: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(TABLE[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &[SecurityScheme] = &[
        SecurityScheme { name: "bearerAuth", kind: SchemeKind::Bearer },
        SecurityScheme {
            name: "apiKey",
            kind: SchemeKind::ApiKey { location: ApiKeyLocation::Query, name: "api_key" },
        },
        SecurityScheme { name: "basic", kind: SchemeKind::Basic },
    ];

    fn run(creds: &[Option<Credential>], req: &[&[usize]]) -> (reqwest::header::HeaderMap, Vec<(String, String)>, bool) {
        let mut headers = reqwest::header::HeaderMap::new();
        let mut query = Vec::new();
        let ok = apply(SCHEMES, creds, req, AuthTarget { headers: &mut headers, query: &mut query }).is_ok();
        (headers, query, ok)
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, encoded) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn empty_security_sends_nothing() {
        let creds = [Some(Credential::Token("t".into())), None, None];
        let (h, q, ok) = run(&creds, &[]);
        assert!(ok && h.is_empty() && q.is_empty());
    }

    #[test]
    fn first_satisfiable_alternative_wins() {
        let creds = [None, Some(Credential::Token("k".into())), None];
        let (h, q, ok) = run(&creds, &[&[0], &[1]]);
        assert!(ok);
        assert!(h.is_empty());
        assert_eq!(q, vec![("api_key".to_owned(), "k".to_owned())]);
    }

    #[test]
    fn bearer_and_basic_headers_are_sensitive() {
        let creds = [
            Some(Credential::Token("tok".into())),
            None,
            Some(Credential::Basic { username: "u".into(), password: "p".into() }),
        ];
        let (h, _, _) = run(&creds, &[&[0]]);
        assert_eq!(h[AUTHORIZATION], "Bearer tok");
        assert!(h[AUTHORIZATION].is_sensitive());
        let (h, _, _) = run(&creds, &[&[2]]);
        assert_eq!(h[AUTHORIZATION], "Basic dTpw");
    }

    #[test]
    fn missing_credential_names_the_scheme() {
        let creds = [None, None, None];
        let mut headers = reqwest::header::HeaderMap::new();
        let mut query = Vec::new();
        let err = apply(SCHEMES, &creds, &[&[0]], AuthTarget { headers: &mut headers, query: &mut query });
        assert_eq!(err, Err(vec!["bearerAuth"]));
    }
}
