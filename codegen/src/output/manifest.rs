//! `.codegen/manifest.json`: the files a run wrote into the output folder,
//! each with the SHA-256 of what it wrote, so the next run replaces and
//! removes only those, and can tell one edited since from one it may replace.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Where the manifest sits inside the output folder.
pub const PATH: &str = ".codegen/manifest.json";

/// The generated files of one run: relative path (with `/`) to `sha256:<hex>`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Each generated file's hash, by path.
    pub files: BTreeMap<String, String>,
}

impl Manifest {
    /// The manifest of `files` (path to contents).
    pub fn of<'a>(files: impl IntoIterator<Item = (&'a String, &'a String)>) -> Self {
        let files = files
            .into_iter()
            .map(|(path, contents)| (path.clone(), hash(contents.as_bytes())))
            .collect();
        Manifest { files }
    }

    /// Pretty JSON, one file a line, sorted: the same files give the same text.
    pub fn render(&self) -> String {
        let files: serde_json::Map<String, serde_json::Value> = self
            .files
            .iter()
            .map(|(path, hash)| (path.clone(), hash.clone().into()))
            .collect();
        let doc = serde_json::json!({
            "about": "Files codegen wrote here and the SHA-256 of each. The next run replaces or removes only these, and none edited since unless forced.",
            "files": files,
        });
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The manifest in `dir`, `None` when there is none.
    ///
    /// # Errors
    /// When it cannot be read, is not a manifest, or names a path outside
    /// `dir` (which no run writes, so following it could remove anything).
    pub fn read(dir: &Path) -> Result<Option<Self>> {
        let path = dir.join(PATH);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Io { path, source }),
        };
        let wrong = |message: String| Error::Parse {
            at: path.display().to_string(),
            message,
        };
        let doc: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| wrong(e.to_string()))?;
        let entries = doc
            .get("files")
            .and_then(|f| f.as_object())
            .ok_or_else(|| wrong("no `files` object".into()))?;
        let mut files = BTreeMap::new();
        for (file, hash) in entries {
            let hash = hash
                .as_str()
                .filter(|h| h.starts_with("sha256:"))
                .ok_or_else(|| wrong(format!("{file}: the hash is not a `sha256:` string")))?;
            if !is_inside(file) {
                return Err(wrong(format!(
                    "{file:?} is not a relative path inside the folder"
                )));
            }
            files.insert(file.clone(), hash.to_owned());
        }
        Ok(Some(Manifest { files }))
    }
}

/// `sha256:` and the hex digest of `bytes`.
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// A relative `/`-separated path with no `.`, `..` or empty parts: one that
/// stays inside the folder it is joined to, on every platform.
pub fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\\', ':', '\0'])
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_sha256_in_hex() {
        assert_eq!(
            hash(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "C:/x",
            "a\\b",
        ] {
            assert!(!is_inside(bad), "{bad:?}");
        }
        for good in ["Cargo.toml", "src/apis/mod.rs", ".codegen/spec.json"] {
            assert!(is_inside(good), "{good:?}");
        }
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let dir = std::env::temp_dir().join(format!("codegen-manifest-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".codegen")).unwrap();
        assert_eq!(Manifest::read(&dir).unwrap(), None);
        let files: BTreeMap<String, String> = [("src/lib.rs".to_owned(), "x".to_owned())].into();
        let manifest = Manifest::of(&files);
        std::fs::write(dir.join(PATH), manifest.render()).unwrap();
        assert_eq!(Manifest::read(&dir).unwrap(), Some(manifest));
        std::fs::write(
            dir.join(PATH),
            r#"{"files": {"../../etc/passwd": "sha256:00"}}"#,
        )
        .unwrap();
        let err = Manifest::read(&dir).unwrap_err().to_string();
        assert!(err.contains("not a relative path inside"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
