//! Security schemes as the spec declares them, the credentials a client holds
//! for them, and how an operation's security requirement picks which to send.
//! Schemes that send the same thing the same way (two bearer schemes, say)
//! share one credential slot, fixed at generation time, so one credential
//! set serves every operation naming any of them. Credentials are checked
//! when the client is built and never printed.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};
use secrecy::zeroize::Zeroizing;

use super::secret::Secret;

/// One security scheme of the API, as declared under `components/securitySchemes`
/// (or a credential header the generator inferred, named by the header).
#[derive(Debug, Clone, Copy)]
pub struct SecurityScheme {
    /// The scheme's key in the spec, e.g. `bearerAuth`.
    pub name: &'static str,
    /// How the credential travels.
    pub kind: SchemeKind,
    /// The credential slot it is sent from. Schemes sharing a slot have the
    /// same kind (and, for API keys, the same place and name).
    pub slot: usize,
    /// The generated builder method that sets the slot's credential, named
    /// in messages; may be empty.
    pub setter: &'static str,
}

/// How many credential slots `schemes` use.
pub(crate) fn slot_count(schemes: &[SecurityScheme]) -> usize {
    schemes.iter().map(|s| s.slot + 1).max().unwrap_or(0)
}

/// The first scheme sent from `slot`, which stands for all of them (they
/// send the same way). A search, done when credentials change, not per call.
pub(crate) fn slot_scheme(schemes: &[SecurityScheme], slot: usize) -> Option<&SecurityScheme> {
    schemes.iter().find(|s| s.slot == slot)
}

/// The names of the schemes whose slot holds a credential (`credentials`
/// holds one entry per slot): what `Debug` shows, never the credentials.
pub(crate) fn schemes_with_credentials(
    schemes: &[SecurityScheme],
    credentials: &[Option<Credential>],
) -> Vec<&'static str> {
    schemes
        .iter()
        .filter(|s| matches!(credentials.get(s.slot), Some(Some(_))))
        .map(|s| s.name)
        .collect()
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
///
/// `Debug` shows only which kind it is: the user name is hidden too, because
/// some APIs put the key there and leave the password empty.
#[derive(Clone)]
pub enum Credential {
    /// A bearer token or API key. For a basic scheme, the already-encoded
    /// `base64(user:password)`.
    Token(Secret),
    /// A user name and password for HTTP basic authentication.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Token(_) => f.write_str("Token(***)"),
            Credential::Basic { .. } => f.write_str("Basic { username: ***, password: *** }"),
        }
    }
}

/// Why an operation's security requirement could not be applied.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum AuthError {
    /// No alternative has all its credentials: the schemes each alternative
    /// lacks, and the setters of their credentials.
    Missing(Vec<Vec<&'static str>>, Vec<&'static str>),
    /// The spec names a scheme index that does not exist (a generator bug).
    UnknownScheme(usize),
}

impl AuthError {
    /// The message of the [`Error::Config`](super::Error::Config) for `operation`.
    pub(crate) fn describe(&self, operation: &str) -> String {
        match self {
            AuthError::Missing(alternatives, setters) => {
                let alternatives: Vec<String> = alternatives
                    .iter()
                    .map(|alt| {
                        alt.iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    })
                    .collect();
                let with = if setters.is_empty() {
                    String::new()
                } else {
                    let setters: Vec<String> = setters.iter().map(|s| format!("`{s}`")).collect();
                    format!(" ({})", setters.join(", "))
                };
                format!(
                    "{operation}: no credential set for security scheme {}; set one on the client builder{with}",
                    alternatives.join(" or ")
                )
            }
            AuthError::UnknownScheme(i) => format!(
                "{operation}: refers to security scheme #{i}, which the API does not declare"
            ),
        }
    }
}

/// The alternative of `requirements` to send: the first whose schemes all
/// have a credential. An empty list (`security: []`) sends nothing. An
/// alternative with no schemes (`{}`, optional auth) is used only when no
/// other alternative can be met, so a configured credential is still sent to
/// endpoints where it is optional. `credentials` holds one entry per slot.
pub(crate) fn select<'r>(
    schemes: &[SecurityScheme],
    credentials: &[Option<Credential>],
    requirements: &'r [&'r [usize]],
) -> Result<&'r [usize], AuthError> {
    if requirements.is_empty() {
        return Ok(&[]);
    }
    if let Some(&i) = requirements
        .iter()
        .flat_map(|alt| alt.iter())
        .find(|&&i| i >= schemes.len())
    {
        return Err(AuthError::UnknownScheme(i));
    }
    let has = |i: usize| matches!(credentials.get(schemes[i].slot), Some(Some(_)));
    let usable = requirements
        .iter()
        .find(|alt| !alt.is_empty() && alt.iter().all(|&i| has(i)))
        .or_else(|| requirements.iter().find(|alt| alt.is_empty()));
    let Some(alternative) = usable else {
        let missing = requirements
            .iter()
            .map(|alt| {
                alt.iter()
                    .filter(|&&i| !has(i))
                    .map(|&i| schemes[i].name)
                    .collect()
            })
            .collect();
        let mut setters: Vec<&'static str> = Vec::new();
        for &i in requirements.iter().flat_map(|alt| alt.iter()) {
            let setter = schemes[i].setter;
            if !has(i) && !setter.is_empty() && !setters.contains(&setter) {
                setters.push(setter);
            }
        }
        return Err(AuthError::Missing(missing, setters));
    };
    Ok(alternative)
}

/// The credentials of `alternative` (from [`select`]) that go in the query string.
pub(crate) fn apply_query(
    schemes: &[SecurityScheme],
    credentials: &[Option<Credential>],
    alternative: &[usize],
    query: &mut Vec<(String, String)>,
) {
    for &i in alternative {
        let scheme = &schemes[i];
        let Some(Some(credential)) = credentials.get(scheme.slot) else {
            continue;
        };
        if let SchemeKind::ApiKey {
            location: ApiKeyLocation::Query,
            name,
        } = scheme.kind
        {
            query.push((name.to_owned(), credential_value(scheme.kind, credential)));
        }
    }
}

/// The credentials of `alternative` (from [`select`]) that go in headers and
/// cookies. Run per attempt, on the headers of each.
///
/// The credentials were checked by [`check`] when the client was built, so
/// every value here makes a valid header. `credentials` holds one entry per
/// slot; `prepared` holds, per slot, the header value from [`header_value`]
/// where the client keeps one; a slot without one is formatted here.
pub(crate) fn apply_headers(
    schemes: &[SecurityScheme],
    credentials: &[Option<Credential>],
    prepared: &[Option<HeaderValue>],
    alternative: &[usize],
    headers: &mut reqwest::header::HeaderMap,
) {
    let mut cookies = Vec::new();
    for &i in alternative {
        let scheme = &schemes[i];
        let Some(Some(credential)) = credentials.get(scheme.slot) else {
            continue;
        };
        let slot = scheme.slot;
        let mut header = |name: HeaderName| match prepared.get(slot).and_then(Option::as_ref) {
            Some(value) => {
                headers.insert(name, value.clone());
            }
            None => insert_sensitive(headers, name, &credential_value(scheme.kind, credential)),
        };
        match scheme.kind {
            SchemeKind::Bearer | SchemeKind::Basic => header(AUTHORIZATION),
            SchemeKind::ApiKey {
                location: ApiKeyLocation::Header,
                name,
            } => {
                if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                    header(name);
                }
            }
            SchemeKind::ApiKey {
                location: ApiKeyLocation::Query,
                ..
            } => {}
            SchemeKind::ApiKey {
                location: ApiKeyLocation::Cookie,
                name,
            } => {
                let value = credential_value(scheme.kind, credential);
                cookies.push(format!("{name}={value}"));
            }
        }
    }
    if !cookies.is_empty() {
        // Keep cookies the request already carries (cookie parameters).
        if let Some(existing) = headers.get(COOKIE).and_then(|v| v.to_str().ok()) {
            cookies.insert(0, existing.to_owned());
        }
        insert_sensitive(headers, COOKIE, &cookies.join("; "));
    }
}

/// Checks, when the client is built, that `credential` suits `scheme` and can
/// be sent, so a bad one fails there with a clear message instead of turning
/// into a silent 401 later. The message never contains the credential.
pub(crate) fn check(scheme: &SecurityScheme, credential: &Credential) -> Result<(), String> {
    let name = scheme.name;
    match (scheme.kind, credential) {
        (_, Credential::Token(t)) if t.expose().trim().is_empty() => {
            return Err(format!(
                "the credential for security scheme `{name}` is empty"
            ));
        }
        // Typically a newline read along with the key from a file or variable.
        (_, Credential::Token(t)) if t.expose().trim() != t.expose() => {
            return Err(format!(
                "the credential for security scheme `{name}` starts or ends with white space"
            ));
        }
        (SchemeKind::Bearer | SchemeKind::ApiKey { .. }, Credential::Basic { .. }) => {
            return Err(format!(
                "security scheme `{name}` takes a token, not a user name and password"
            ));
        }
        (SchemeKind::Basic, Credential::Basic { username, password })
            if username.is_empty() && password.expose().is_empty() =>
        {
            return Err(format!(
                "the credential for security scheme `{name}` is empty"
            ));
        }
        (SchemeKind::Basic, Credential::Basic { username, .. }) if username.contains(':') => {
            return Err(format!(
                "the user name for security scheme `{name}` contains `:`, which basic authentication cannot carry"
            ));
        }
        _ => {}
    }
    if let SchemeKind::ApiKey {
        location: ApiKeyLocation::Header,
        name: header,
    } = scheme.kind
    {
        if HeaderName::from_bytes(header.as_bytes()).is_err() {
            return Err(format!(
                "security scheme `{name}` names an invalid header {header:?}"
            ));
        }
    }
    let value = credential_value(scheme.kind, credential);
    let header_bound = !matches!(
        scheme.kind,
        SchemeKind::ApiKey {
            location: ApiKeyLocation::Query,
            ..
        }
    );
    if header_bound && HeaderValue::from_str(&value).is_err() {
        return Err(format!(
            "the credential for security scheme `{name}` contains characters a header cannot carry (line breaks or other control characters)"
        ));
    }
    if matches!(
        scheme.kind,
        SchemeKind::ApiKey {
            location: ApiKeyLocation::Cookie,
            ..
        }
    ) && value.contains([';', ',', ' ', '"'])
    {
        return Err(format!(
            "the credential for security scheme `{name}` contains characters a cookie cannot carry"
        ));
    }
    Ok(())
}

/// The texts that would give a credential away if a server echoed them:
/// each secret and the encoded header value. Short ones are left out, being
/// too likely to occur in ordinary text (and too weak to be real keys).
/// `credentials` holds one entry per slot.
pub(crate) fn secrets(
    schemes: &[SecurityScheme],
    credentials: &[Option<Credential>],
) -> Vec<String> {
    const SHORTEST: usize = 8;
    let mut out = Vec::new();
    for (slot, credential) in credentials.iter().enumerate() {
        let (Some(credential), Some(scheme)) = (credential, slot_scheme(schemes, slot)) else {
            continue;
        };
        match credential {
            Credential::Token(t) => out.push(t.expose().to_owned()),
            Credential::Basic { username, password } => {
                out.push(password.expose().to_owned());
                out.push(username.clone());
                if scheme.kind == SchemeKind::Basic {
                    out.push(base64(
                        format!("{username}:{}", password.expose()).as_bytes(),
                    ));
                }
            }
        }
    }
    out.retain(|s| s.chars().count() >= SHORTEST);
    // Longest first, so a secret containing another is replaced whole.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

fn credential_value(kind: SchemeKind, credential: &Credential) -> String {
    match (kind, credential) {
        (SchemeKind::Bearer, Credential::Token(t)) => format!("Bearer {}", t.expose()),
        (SchemeKind::Basic, Credential::Basic { username, password }) => {
            format!(
                "Basic {}",
                base64(format!("{username}:{}", password.expose()).as_bytes())
            )
        }
        (SchemeKind::Basic, Credential::Token(t)) => format!("Basic {}", t.expose()),
        (_, Credential::Token(t)) => t.expose().to_owned(),
        // Rejected by `check`; kept total so a bad pairing can never panic.
        (_, Credential::Basic { username, password }) => {
            format!("{username}:{}", password.expose())
        }
    }
}

/// The header a credential for a header-bound scheme (bearer, basic, API key
/// in a header) is sent as, made once when the credential is set instead of
/// being formatted and checked on every call. Marked sensitive; its bytes
/// are zeroed when the last request holding it is dropped, as a [`Secret`]'s are.
/// `None` for schemes sent in the query or a cookie, and for a value that
/// cannot be a header (which [`check`] rejects first).
pub(crate) fn header_value(
    scheme: &SecurityScheme,
    credential: &Credential,
) -> Option<HeaderValue> {
    if let SchemeKind::ApiKey {
        location: ApiKeyLocation::Query | ApiKeyLocation::Cookie,
        ..
    } = scheme.kind
    {
        return None;
    }
    let value = Zeroizing::new(credential_value(scheme.kind, credential).into_bytes());
    let mut value = HeaderValue::from_maybe_shared(bytes::Bytes::from_owner(value)).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Marks the header sensitive so HTTP-level logging and `Debug` of the request redact it.
fn insert_sensitive(headers: &mut reqwest::header::HeaderMap, name: HeaderName, value: &str) {
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
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
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
    use reqwest::header::HeaderMap;

    use super::*;

    /// Where credentials land on a request being built.
    struct AuthTarget<'a> {
        headers: &'a mut HeaderMap,
        query: &'a mut Vec<(String, String)>,
    }

    /// Picks an alternative of `requirements` whose schemes all have a credential
    /// and applies it: [`select`], then [`apply_query`] and [`apply_headers`].
    fn apply(
        schemes: &[SecurityScheme],
        credentials: &[Option<Credential>],
        prepared: &[Option<HeaderValue>],
        requirements: &[&[usize]],
        target: AuthTarget<'_>,
    ) -> Result<(), AuthError> {
        let alternative = select(schemes, credentials, requirements)?;
        apply_query(schemes, credentials, alternative, target.query);
        apply_headers(schemes, credentials, prepared, alternative, target.headers);
        Ok(())
    }

    const SCHEMES: &[SecurityScheme] = &[
        SecurityScheme {
            name: "bearerAuth",
            kind: SchemeKind::Bearer,
            slot: 0,
            setter: "",
        },
        SecurityScheme {
            name: "apiKey",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Query,
                name: "api_key",
            },
            slot: 1,
            setter: "",
        },
        SecurityScheme {
            name: "basic",
            kind: SchemeKind::Basic,
            slot: 2,
            setter: "",
        },
        SecurityScheme {
            name: "headerKey",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Header,
                name: "X-Api-Key",
            },
            slot: 3,
            setter: "",
        },
        SecurityScheme {
            name: "cookieKey",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Cookie,
                name: "sid",
            },
            slot: 4,
            setter: "",
        },
    ];

    fn token(t: &str) -> Option<Credential> {
        Some(Credential::Token(t.into()))
    }

    fn run(
        creds: &[Option<Credential>],
        req: &[&[usize]],
    ) -> (
        reqwest::header::HeaderMap,
        Vec<(String, String)>,
        Result<(), AuthError>,
    ) {
        let mut headers = reqwest::header::HeaderMap::new();
        let mut query = Vec::new();
        let result = apply(
            SCHEMES,
            creds,
            &[],
            req,
            AuthTarget {
                headers: &mut headers,
                query: &mut query,
            },
        );
        (headers, query, result)
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn empty_security_sends_nothing() {
        let creds = [token("t"), token("k"), None, token("h"), token("c")];
        let (h, q, r) = run(&creds, &[]);
        assert!(r.is_ok() && h.is_empty() && q.is_empty());
    }

    #[test]
    fn first_satisfiable_alternative_wins() {
        let creds = [None, token("k"), None, None, None];
        let (h, q, r) = run(&creds, &[&[0], &[1]]);
        assert!(r.is_ok());
        assert!(h.is_empty());
        assert_eq!(q, vec![("api_key".to_owned(), "k".to_owned())]);
    }

    #[test]
    fn optional_auth_still_sends_a_configured_credential() {
        let (h, _, r) = run(&[token("tok"), None, None, None, None], &[&[], &[0]]);
        assert!(r.is_ok());
        assert_eq!(h[AUTHORIZATION], "Bearer tok");
        let (h, q, r) = run(&[None, None, None, None, None], &[&[], &[0]]);
        assert!(r.is_ok() && h.is_empty() && q.is_empty());
    }

    #[test]
    fn all_schemes_of_an_alternative_are_sent() {
        let creds = [token("tok"), token("k"), None, token("h"), token("c")];
        let (h, q, r) = run(&creds, &[&[0, 1, 3, 4]]);
        assert!(r.is_ok());
        assert_eq!(h[AUTHORIZATION], "Bearer tok");
        assert_eq!(h["x-api-key"], "h");
        assert_eq!(h[COOKIE], "sid=c");
        assert!(h["x-api-key"].is_sensitive() && h[COOKIE].is_sensitive());
        assert_eq!(q, vec![("api_key".to_owned(), "k".to_owned())]);
    }

    #[test]
    fn cookie_key_joins_existing_cookies() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("lang=en"));
        let mut query = Vec::new();
        let creds = [None, None, None, None, token("c")];
        apply(
            SCHEMES,
            &creds,
            &[],
            &[&[4]],
            AuthTarget {
                headers: &mut headers,
                query: &mut query,
            },
        )
        .unwrap();
        assert_eq!(headers[COOKIE], "lang=en; sid=c");
    }

    #[test]
    fn prepared_headers_are_the_ones_formatted_per_call() {
        let creds = [
            token("tok"),
            token("qk"),
            Some(Credential::Basic {
                username: "u".into(),
                password: "p".into(),
            }),
            token("hk"),
            token("c"),
        ];
        let prepared: Vec<Option<HeaderValue>> = SCHEMES
            .iter()
            .zip(&creds)
            .map(|(s, c)| c.as_ref().and_then(|c| header_value(s, c)))
            .collect();
        assert!(prepared[1].is_none() && prepared[4].is_none());
        for requirement in [&[0usize, 1, 3, 4][..], &[2]] {
            let (mut formatted, mut prepared_headers) = (HeaderMap::new(), HeaderMap::new());
            let (mut q1, mut q2) = (Vec::new(), Vec::new());
            for (headers, query, prepared) in [
                (&mut formatted, &mut q1, &[][..]),
                (&mut prepared_headers, &mut q2, &prepared[..]),
            ] {
                let target = AuthTarget { headers, query };
                apply(SCHEMES, &creds, prepared, &[requirement], target).unwrap();
            }
            assert_eq!(formatted, prepared_headers);
            assert_eq!(q1, q2);
            assert!(prepared_headers.values().all(HeaderValue::is_sensitive));
        }
    }

    #[test]
    fn bearer_and_basic_headers_are_sensitive() {
        let creds = [
            token("tok"),
            None,
            Some(Credential::Basic {
                username: "u".into(),
                password: "p".into(),
            }),
            None,
            None,
        ];
        let (h, _, _) = run(&creds, &[&[0]]);
        assert_eq!(h[AUTHORIZATION], "Bearer tok");
        assert!(h[AUTHORIZATION].is_sensitive());
        let (h, _, _) = run(&creds, &[&[2]]);
        assert_eq!(h[AUTHORIZATION], "Basic dTpw");
        assert!(h[AUTHORIZATION].is_sensitive());
        let (h, _, _) = run(&[None, None, token("dTpw"), None, None], &[&[2]]);
        assert_eq!(h[AUTHORIZATION], "Basic dTpw");
    }

    #[test]
    fn missing_credential_names_every_alternative() {
        let creds = [None, token("k"), None, None, None];
        let (_, _, r) = run(&creds, &[&[0], &[1, 3]]);
        let err = r.unwrap_err();
        assert_eq!(
            err,
            AuthError::Missing(vec![vec!["bearerAuth"], vec!["headerKey"]], vec![])
        );
        assert_eq!(
            err.describe("getThing"),
            "getThing: no credential set for security scheme `bearerAuth` or `headerKey`; set one on the client builder"
        );
        let (_, _, r) = run(&creds, &[&[9]]);
        assert_eq!(r, Err(AuthError::UnknownScheme(9)));
    }

    /// Two bearer schemes and a basic one, as a generated crate declares
    /// them: the bearer schemes share slot 0.
    const SHARED: &[SecurityScheme] = &[
        SecurityScheme {
            name: "BearerAuth",
            kind: SchemeKind::Bearer,
            slot: 0,
            setter: "bearer_token",
        },
        SecurityScheme {
            name: "basic",
            kind: SchemeKind::Basic,
            slot: 1,
            setter: "basic_auth",
        },
        SecurityScheme {
            name: "bearerAuth",
            kind: SchemeKind::Bearer,
            slot: 0,
            setter: "bearer_token",
        },
    ];

    #[test]
    fn schemes_sharing_a_slot_are_served_by_one_credential() {
        assert_eq!(slot_count(SHARED), 2);
        assert_eq!(slot_scheme(SHARED, 1).map(|s| s.name), Some("basic"));
        let credentials = [token("tok"), None];
        for requirement in [&[0usize][..], &[2]] {
            let mut headers = HeaderMap::new();
            let mut query = Vec::new();
            let target = AuthTarget {
                headers: &mut headers,
                query: &mut query,
            };
            apply(SHARED, &credentials, &[], &[requirement], target).unwrap();
            assert_eq!(headers[AUTHORIZATION], "Bearer tok");
        }
        let err = select(SHARED, &[None, None], &[&[2], &[1]]).unwrap_err();
        assert_eq!(
            err,
            AuthError::Missing(
                vec![vec!["bearerAuth"], vec!["basic"]],
                vec!["bearer_token", "basic_auth"]
            )
        );
        assert_eq!(
            err.describe("op"),
            "op: no credential set for security scheme `bearerAuth` or `basic`; set one on the client builder (`bearer_token`, `basic_auth`)"
        );
        // The secrets of a slot are found through the scheme that stands for it.
        let basic = Some(Credential::Basic {
            username: "username-1".into(),
            password: "password-1".into(),
        });
        let s = secrets(SHARED, &[None, basic]);
        assert!(s.contains(&base64(b"username-1:password-1")), "{s:?}");
    }

    #[test]
    fn check_rejects_what_cannot_be_sent() {
        let basic = Credential::Basic {
            username: "u".into(),
            password: "p".into(),
        };
        assert!(check(&SCHEMES[0], &Credential::Token("ok".into())).is_ok());
        assert!(check(&SCHEMES[2], &basic).is_ok());
        assert!(check(
            &SCHEMES[2],
            &Credential::Basic {
                username: "sk_key".into(),
                password: "".into()
            }
        )
        .is_ok());
        let bad = [
            (0, Credential::Token("".into()), "is empty"),
            (0, Credential::Token("tok\n".into()), "white space"),
            (1, Credential::Token(" k".into()), "white space"),
            (0, basic.clone(), "takes a token"),
            (3, basic, "takes a token"),
            (
                3,
                Credential::Token("a\u{7f}b".into()),
                "header cannot carry",
            ),
            (4, Credential::Token("a;b".into()), "cookie cannot carry"),
            (
                2,
                Credential::Basic {
                    username: "".into(),
                    password: "".into(),
                },
                "is empty",
            ),
            (
                2,
                Credential::Basic {
                    username: "a:b".into(),
                    password: "p".into(),
                },
                "contains `:`",
            ),
        ];
        for (scheme, credential, why) in bad {
            let err = check(&SCHEMES[scheme], &credential).unwrap_err();
            assert!(err.contains(why), "{err}");
        }
        // A query key may hold anything: it is percent-encoded.
        assert!(check(&SCHEMES[1], &Credential::Token("a;b\u{e9}".into())).is_ok());
    }

    #[test]
    fn debug_never_shows_a_credential() {
        let basic = Credential::Basic {
            username: "user-key-123".into(),
            password: "pass-456".into(),
        };
        let shown = format!("{basic:?} {:?}", Credential::Token("tok-789".into()));
        for secret in ["user-key-123", "pass-456", "tok-789"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn secrets_cover_values_and_encodings() {
        let creds = [
            token("bearer-token-1"),
            token("short"),
            Some(Credential::Basic {
                username: "username-1".into(),
                password: "password-1".into(),
            }),
            None,
            None,
        ];
        let s = secrets(SCHEMES, &creds);
        assert!(s.contains(&"bearer-token-1".to_owned()));
        assert!(s.contains(&base64(b"username-1:password-1")));
        assert!(s.contains(&"password-1".to_owned()));
        assert!(!s.contains(&"short".to_owned()));
        assert!(!s.iter().any(|x| x.starts_with("Bearer")));
    }
}
