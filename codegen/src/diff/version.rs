//! The next crate version for a set of changes, by Cargo's semver rules:
//! below 1.0 the minor number is the compatibility boundary, from 1.0 on the major.

use super::Kind;

/// The version after `current` for changes of `level`; `current` itself when
/// nothing changed. A version that is not `X.Y.Z` is returned with a note.
pub fn next(current: &str, level: Option<Kind>) -> String {
    let Some(level) = level else {
        return current.to_owned();
    };
    let Some((major, minor, patch)) = parse(current) else {
        return format!("after {current}, which is not a semver version");
    };
    let (major, minor, patch) = match (level, major) {
        (Kind::Breaking, 0) => (0, minor + 1, 0),
        (Kind::Breaking, _) => (major + 1, 0, 0),
        (Kind::Additive, 0) => (0, minor, patch + 1),
        (Kind::Additive, _) => (major, minor + 1, 0),
        (Kind::DocsOnly, _) => (major, minor, patch + 1),
    };
    format!("{major}.{minor}.{patch}")
}

/// `X.Y.Z`, ignoring pre-release and build suffixes.
pub fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let triple = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(triple)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_cargo_semver() {
        assert_eq!(next("0.3.2", Some(Kind::Breaking)), "0.4.0");
        assert_eq!(next("0.3.2", Some(Kind::Additive)), "0.3.3");
        assert_eq!(next("1.3.2", Some(Kind::Breaking)), "2.0.0");
        assert_eq!(next("1.3.2", Some(Kind::Additive)), "1.4.0");
        assert_eq!(next("1.3.2", Some(Kind::DocsOnly)), "1.3.3");
        assert_eq!(next("1.3.2", None), "1.3.2");
        assert_eq!(next("2.0.0-beta.1", Some(Kind::Additive)), "2.1.0");
    }

    #[test]
    fn only_triples_are_semver() {
        assert_eq!(parse("2022-11-28"), None);
        assert_eq!(parse("1.2"), None);
        assert_eq!(parse("1.2.3.4"), None);
        assert_eq!(parse("v1.2.3"), None);
        assert_eq!(parse("10.20.30"), Some((10, 20, 30)));
    }
}
