//! Where requests go: the spec's servers with their variables, the caller's
//! overrides, and the one base URL per server they resolve to. Resolved
//! once, when the client is built, so that a call finds its operation's base
//! URL by index ([`Operation::server`](super::Operation::server)).
//!
//! A URL that cannot be formed (no server, a relative one, a variable
//! without default left unset) fails the build, with a message naming what
//! to set, rather than sending requests to a guess.

use std::fmt;

use super::error::{redact_urls, Error};
use super::transport::check_base_url;

/// A server of the API, as the spec declares it.
#[derive(Debug)]
pub struct Server {
    /// The URL template: `{name}` stands for the variable `name`. May be
    /// relative (`/api/v3`), in which case the caller must give a host.
    pub url: &'static str,
    /// Its variant in the generated crate's `Server` enum, for messages;
    /// empty when the crate has a single server (and no such enum).
    pub name: &'static str,
    /// The variables its URL names.
    pub variables: &'static [ServerVariable],
}

/// A variable of a server's URL.
#[derive(Debug)]
pub struct ServerVariable {
    /// Its name in the URL.
    pub name: &'static str,
    /// The builder method that sets it, for messages.
    pub setter: &'static str,
    /// The spec's default; `None` when it gives none, so the caller must set it.
    pub default: Option<&'static str>,
}

/// What the caller set on the builder about servers.
#[derive(Clone, Default)]
pub(crate) struct ServerSettings {
    /// Every operation to this base URL.
    pub(crate) base_url: Option<String>,
    /// Per server (an index into `ApiInfo::servers`), its own base URL.
    pub(crate) urls: Vec<(usize, String)>,
    /// Variable values by name, the last set of a name winning.
    pub(crate) variables: Vec<(String, String)>,
}

impl fmt::Debug for ServerSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let urls: Vec<(usize, String)> = self
            .urls
            .iter()
            .map(|(i, url)| (*i, redact_urls(url).into_owned()))
            .collect();
        f.debug_struct("Servers")
            .field("base_url", &self.base_url.as_deref().map(redact_urls))
            .field("urls", &urls)
            .field("variables", &self.variables)
            .finish()
    }
}

impl ServerSettings {
    pub(crate) fn set_url(&mut self, server: usize, url: String) {
        self.urls.retain(|(i, _)| *i != server);
        self.urls.push((server, url));
    }

    pub(crate) fn set_variable(&mut self, name: &str, value: String) {
        self.variables.retain(|(n, _)| n != name);
        self.variables.push((name.to_owned(), value));
    }

    fn variable(&self, name: &str) -> Option<&str> {
        self.variables
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One base URL per server of `servers` (one for an API that declares none),
/// without trailing slashes: the server's own override, else the `base_url`,
/// else its URL with the variables substituted.
pub(crate) fn resolve(
    servers: &'static [Server],
    settings: &ServerSettings,
) -> Result<Box<[String]>, Error> {
    let declared = |name: &str| {
        servers
            .iter()
            .flat_map(|s| s.variables)
            .any(|v| v.name == name)
    };
    if let Some((name, _)) = settings.variables.iter().find(|(n, _)| !declared(n)) {
        let known: Vec<String> = servers
            .iter()
            .flat_map(|s| s.variables)
            .map(|v| format!("`{}`", v.name))
            .collect();
        let known = if known.is_empty() {
            "none".to_owned()
        } else {
            known.join(", ")
        };
        return Err(Error::Config(format!(
            "a value was set for the server variable `{name}`, which the API does not declare (it declares {known})"
        )));
    }
    if let Some((i, _)) = settings.urls.iter().find(|(i, _)| *i >= servers.len()) {
        return Err(Error::Config(format!(
            "a base URL was set for server {i}, but the API has {} server(s)",
            servers.len()
        )));
    }
    let many = servers.len() > 1;
    (0..servers.len().max(1))
        .map(|i| {
            let own = settings.urls.iter().find(|(s, _)| *s == i);
            if let Some(url) = own.map(|(_, url)| url).or(settings.base_url.as_ref()) {
                return check_base_url(url);
            }
            let Some(server) = servers.get(i) else {
                return Err(Error::Config(
                    "the API declares no server: set its base URL with `base_url(\"https://…\")`"
                        .into(),
                ));
            };
            let set_url = if many {
                format!(
                    "`server_url(Server::{}, \"{{url}}\")` or `base_url(\"{{url}}\")`",
                    server.name
                )
            } else {
                "`base_url(\"{url}\")`".to_owned()
            };
            let url = substitute(server, settings)?;
            if !url.contains("://") {
                let path = url.trim_end_matches('/');
                let hint = set_url.replace("{url}", &format!("https://…{path}"));
                return Err(Error::Config(format!(
                    "the API's server `{}` has no host: set one with {hint}",
                    server.url
                )));
            }
            check_base_url(&url).map_err(|e| {
                let hint = set_url.replace("{url}", "https://…");
                Error::Config(format!(
                    "the API's server cannot be used ({e}): set one with {hint}"
                ))
            })
        })
        .collect()
}

/// The server's URL with each variable's value, else its default.
fn substitute(server: &Server, settings: &ServerSettings) -> Result<String, Error> {
    let mut url = server.url.to_owned();
    for v in server.variables {
        let Some(value) = settings.variable(v.name).or(v.default) else {
            return Err(Error::Config(format!(
                "the API's server `{}` needs the server variable `{}`, which has no default: set it with `{}(…)`",
                server.url, v.name, v.setter
            )));
        };
        url = url.replace(&format!("{{{}}}", v.name), value);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGION: ServerVariable = ServerVariable {
        name: "region",
        setter: "region",
        default: Some("us"),
    };
    const TENANT: ServerVariable = ServerVariable {
        name: "tenant",
        setter: "tenant",
        default: None,
    };
    static SERVERS: &[Server] = &[
        Server {
            url: "https://{region}.api.example.com/v1/",
            name: "RegionApiExample",
            variables: &[REGION],
        },
        Server {
            url: "https://files.example.com",
            name: "FilesExample",
            variables: &[],
        },
    ];

    fn urls(servers: &'static [Server], settings: &ServerSettings) -> Vec<String> {
        resolve(servers, settings).unwrap().into_vec()
    }

    fn error(servers: &'static [Server], settings: &ServerSettings) -> String {
        match resolve(servers, settings) {
            Err(Error::Config(message)) => message,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn defaults_then_variables_then_overrides() {
        let mut settings = ServerSettings::default();
        assert_eq!(
            urls(SERVERS, &settings),
            ["https://us.api.example.com/v1", "https://files.example.com"]
        );
        settings.set_variable("region", "eu".into());
        assert_eq!(urls(SERVERS, &settings)[0], "https://eu.api.example.com/v1");
        settings.set_url(1, "http://127.0.0.1:9/".into());
        assert_eq!(
            urls(SERVERS, &settings),
            ["https://eu.api.example.com/v1", "http://127.0.0.1:9"]
        );
        // The base URL moves every server but one set on its own.
        settings.base_url = Some("http://proxy.local:8080/".into());
        assert_eq!(
            urls(SERVERS, &settings),
            ["http://proxy.local:8080", "http://127.0.0.1:9"]
        );
    }

    #[test]
    fn a_variable_without_default_must_be_set() {
        static NEEDS: &[Server] = &[Server {
            url: "https://{tenant}.example.com/{region}",
            name: "",
            variables: &[TENANT, REGION],
        }];
        let message = error(NEEDS, &ServerSettings::default());
        assert!(message.contains("`tenant(…)`"), "{message}");
        let mut settings = ServerSettings::default();
        settings.set_variable("tenant", "acme".into());
        assert_eq!(urls(NEEDS, &settings), ["https://acme.example.com/us"]);
        settings.set_variable("nope", "x".into());
        let message = error(NEEDS, &settings);
        assert!(
            message.contains("`nope`") && message.contains("`tenant`"),
            "{message}"
        );
    }

    #[test]
    fn no_server_or_a_relative_one_needs_a_base_url() {
        let message = error(&[], &ServerSettings::default());
        assert!(message.contains("base_url("), "{message}");
        static RELATIVE: &[Server] = &[Server {
            url: "/api/v3",
            name: "",
            variables: &[],
        }];
        let message = error(RELATIVE, &ServerSettings::default());
        assert!(
            message.contains("no host") && message.contains("base_url(\"https://…/api/v3\")"),
            "{message}"
        );
        let settings = ServerSettings {
            base_url: Some("https://pets.example.com/api/v3".into()),
            ..ServerSettings::default()
        };
        assert_eq!(
            urls(RELATIVE, &settings),
            ["https://pets.example.com/api/v3"]
        );
    }

    #[test]
    fn messages_name_the_server_among_several() {
        static MIXED: &[Server] = &[
            Server {
                url: "https://api.example.com",
                name: "ApiExample",
                variables: &[],
            },
            Server {
                url: "/uploads",
                name: "Uploads",
                variables: &[],
            },
        ];
        let message = error(MIXED, &ServerSettings::default());
        assert!(
            message.contains("server_url(Server::Uploads, \"https://…/uploads\")"),
            "{message}"
        );
        let mut settings = ServerSettings::default();
        settings.set_url(5, "https://x.example.com".into());
        assert!(error(MIXED, &settings).contains("server 5"));
    }

    #[test]
    fn debug_redacts_urls() {
        let mut settings = ServerSettings {
            base_url: Some("https://user:sk_live_1@h.example/v1".into()),
            ..ServerSettings::default()
        };
        settings.set_url(0, "https://h.example/v1?key=sk_live_2".into());
        let shown = format!("{settings:?}");
        assert!(!shown.contains("sk_live"), "{shown}");
    }
}
