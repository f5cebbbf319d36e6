//! Errors of the generator: each names the place in the spec (a JSON pointer)
//! and what is wrong there, so a user can fix the spec or report the gap.

use std::fmt;
use std::path::PathBuf;

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The document is not YAML/JSON, or not an OpenAPI document of a supported version.
    Parse {
        /// Where: a file, or a JSON pointer within it.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// The spec uses a construct the generator does not support.
    Unsupported {
        /// JSON pointer to the construct, e.g. `#/components/schemas/Foo/properties/bar`.
        pointer: String,
        /// What the construct is and why it cannot be generated.
        message: String,
    },
    /// The spec is inconsistent (a `$ref` to nothing, a path parameter the path lacks).
    Invalid {
        /// JSON pointer to the offending place.
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// The per-spec configuration file is wrong.
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// An overlay document is wrong: not YAML/JSON, not an Overlay 1.0 or 1.1
    /// document, or an action that cannot apply to the spec.
    Overlay {
        /// The overlay file, as given.
        path: PathBuf,
        /// JSON pointer inside the overlay (`/actions/2/target`); empty for the whole file.
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// The generated code failed to parse as Rust: a generator bug, reported with the file.
    Internal(String),
    /// Writing into the output folder would destroy something no run wrote
    /// (or a generated file edited since), or cannot be done there.
    Output {
        /// The output folder.
        dir: PathBuf,
        /// What is in the way, and what to do about it.
        message: String,
    },
}

impl Error {
    pub(crate) fn unsupported(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Unsupported {
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    pub(crate) fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl Error {
    /// The same error with its JSON pointer mapped by `f` (to the input
    /// document's pointer, when the pointer is into a rewritten copy).
    #[must_use]
    pub fn with_pointer(self, f: impl FnOnce(&str) -> String) -> Self {
        match self {
            Error::Unsupported { pointer, message } => Error::Unsupported {
                pointer: f(&pointer),
                message,
            },
            Error::Invalid { pointer, message } => Error::Invalid {
                pointer: f(&pointer),
                message,
            },
            other => other,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Parse { at, message } => write!(f, "cannot parse {at}: {message}"),
            Error::Unsupported { pointer, message } => {
                write!(f, "unsupported at {pointer}: {message}")
            }
            Error::Invalid { pointer, message } => {
                write!(f, "invalid spec at {pointer}: {message}")
            }
            Error::Config { path, message } => write!(f, "{}: {message}", path.display()),
            Error::Overlay {
                path,
                pointer,
                message,
            } if pointer.is_empty() => write!(f, "{}: {message}", path.display()),
            Error::Overlay {
                path,
                pointer,
                message,
            } => write!(f, "{}: {pointer}: {message}", path.display()),
            Error::Internal(message) => write!(f, "internal error (please report): {message}"),
            Error::Output { dir, message } => write!(f, "{}: {message}", dir.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Escapes one JSON pointer token (RFC 6901).
pub(crate) fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
