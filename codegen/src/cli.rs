//! The generator's command line, shared by the installable
//! `telephony-codegen` command and `cargo xtask codegen`: the flags, and one
//! generation into a folder (or a check of it) with what it prints; and
//! ([`drift`]) the `drift` command both have.

pub mod drift;

use std::path::{Path, PathBuf};

use crate::diff::{self, SPEC_RECORD};
use crate::error::{Error, Result};
use crate::Config;

/// Help for the options both commands take, a line each, indented for a usage text.
pub const OPTIONS_HELP: &str =
    "      --config PATH  the generator config (default: the spec's name with .codegen.yaml
                     beside it if there is one; else none: everything inferred from
                     the spec, unsupported operations left out with a note)
      --overlay FILE an OpenAPI Overlay (1.0 or 1.1, YAML or JSON) to apply to the spec
                     before generating; repeatable, applied in the order given, after
                     the config's `overlays:`
      --check        write nothing; exit 1 listing the generated files that would change
      --explain      print what was inferred about the API's protocol: each list operation's
                     pagination (or why it has none), credentials, base URL, error pointers
                     (the crate's .codegen/inference.json says the same as data)
      --force        write into a folder holding files no run wrote (it has no
                     .codegen/manifest.json), and over generated files edited since;
                     files at other paths are kept either way
";

/// How to generate one crate.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Options {
    /// The config file (else the one beside the spec, else none).
    pub config: Option<PathBuf>,
    /// Overlay files applied after the config's, in this order.
    pub overlays: Vec<PathBuf>,
    /// Write nothing; say which generated files would change.
    pub check: bool,
    /// Print what was inferred about the API's protocol.
    pub explain: bool,
    /// Write where files no run wrote, or generated files edited since, are in the way.
    pub force: bool,
}

/// The command line, read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Flags {
    /// `--spec`.
    pub spec: Option<PathBuf>,
    /// `--out`.
    pub out: Option<PathBuf>,
    /// The other flags.
    pub options: Options,
    /// `-h` or `--help`.
    pub help: bool,
}

/// Reads the flags (program name excluded).
///
/// # Errors
/// An unknown argument, or a flag without its value.
pub fn parse(mut args: impl Iterator<Item = String>) -> std::result::Result<Flags, String> {
    let mut flags = Flags::default();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--spec" => flags.spec = Some(value("--spec")?),
            "--config" => flags.options.config = Some(value("--config")?),
            "--out" => flags.out = Some(value("--out")?),
            "--overlay" => flags.options.overlays.push(value("--overlay")?),
            "--check" => flags.options.check = true,
            "--explain" => flags.options.explain = true,
            "--force" => flags.options.force = true,
            "-h" | "--help" => flags.help = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(flags)
}

/// Generates the crate for `spec` into `out`, or with `check` compares it
/// with what is there, printing the inference summary (and `--explain`'s
/// report), notes, the API changes since the spec recorded in `out`, and
/// what was written or would change. `Ok(false)` when `check` found the
/// crate stale.
///
/// # Errors
/// Generation errors, a refused or failed write ([`Error::Output`],
/// [`Error::Io`]; `out` is then as it was).
pub fn generate_crate(spec: &Path, out: &Path, options: &Options) -> Result<bool> {
    let mut settings = crate::config_for(spec, options.config.as_deref())?;
    settings.overlays.extend(options.overlays.iter().cloned());
    // Kept for comparing with the recorded spec: the config as this run
    // read it, not the file read a second time.
    let compare_with = settings.clone();
    let text = crate::read_file(spec)?;
    let mut files = crate::generate_from_str(&text, &spec.display().to_string(), settings)?;
    // The spec beside the crate, so the next run can say what changed.
    let record = diff::record(&files.normalized);
    for note in &files.notes {
        eprintln!("note: {note}");
    }
    print_changes(compare_with, out, &record, &files.normalized);
    files.add(SPEC_RECORD, record);
    println!("{}", files.summary);
    if options.explain {
        println!("\n{}", files.explain);
    }
    if options.check {
        let stale = files.diff(out)?;
        if stale.is_empty() {
            println!("{} is up to date", out.display());
            return Ok(true);
        }
        eprintln!("{} is stale; generate it again:", out.display());
        for line in stale {
            eprintln!("  {line}");
        }
        return Ok(false);
    }
    let written = files.write_atomically(out, options.force)?;
    for note in &written.notes {
        eprintln!("note: {note}");
    }
    println!("{written} in {}", out.display());
    Ok(true)
}

/// Before a run rewrites (or checks) `out`: the changes since the spec
/// recorded there, when that spec differs from `record` (the text of `new`,
/// the normalized document generated now, with `config`). Nothing for a
/// crate generated before specs were recorded.
fn print_changes(config: Config, out: &Path, record: &str, new: &serde_json::Value) {
    let Ok(previous) = std::fs::read_to_string(out.join(SPEC_RECORD)) else {
        return;
    };
    if previous == record {
        return;
    }
    let result = (|| {
        let old = serde_json::from_str(&previous).map_err(|e| Error::Parse {
            at: out.join(SPEC_RECORD).display().to_string(),
            message: e.to_string(),
        })?;
        diff::between(old, new.clone(), config)
    })();
    match result {
        Ok(report) => print!("{} since the last generation:\n{report}", out.display()),
        Err(e) => eprintln!(
            "note: cannot compare with the spec recorded in {}: {e}",
            out.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> impl Iterator<Item = String> + '_ {
        line.split_whitespace().map(str::to_owned)
    }

    #[test]
    fn flags_are_read_in_any_order() {
        let flags = parse(args(
            "--force --out o --overlay b.yaml --spec s.yaml --check --config c.yaml --overlay a.yaml",
        ))
        .unwrap();
        assert_eq!(flags.spec.as_deref(), Some(Path::new("s.yaml")));
        assert_eq!(flags.out.as_deref(), Some(Path::new("o")));
        assert_eq!(
            flags.options,
            Options {
                config: Some("c.yaml".into()),
                overlays: vec!["b.yaml".into(), "a.yaml".into()],
                check: true,
                explain: false,
                force: true,
            }
        );
        assert!(parse(args("-h")).unwrap().help);
    }

    #[test]
    fn unknown_flags_and_missing_values_are_errors() {
        assert_eq!(parse(args("--spec")).unwrap_err(), "--spec needs a value");
        assert_eq!(
            parse(args("--frobnicate")).unwrap_err(),
            "unknown argument \"--frobnicate\""
        );
    }
}
