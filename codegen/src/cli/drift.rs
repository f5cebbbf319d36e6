//! `drift LOG... --spec S [--config C] [--overlay O]... [--out FILE]`: the
//! command line `cargo xtask drift` and `telephony-codegen drift` share,
//! which writes the overlay [`crate::drift`] derives from drift logs.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// The command's arguments and options, a line each, indented for a usage text.
pub const HELP: &str =
    "      LOG...         drift logs (JSON Lines) written by generated clients; their records add up
      --spec PATH    the spec the clients were generated from
      --config PATH  its generator config (default: the spec's name with .codegen.yaml beside
                     it, if there is one), whose `overlays:` apply to the spec first
      --overlay FILE an overlay applied to the spec after the config's, as when generating;
                     repeatable
      --out FILE     where the derived overlay goes (default: standard output)
";

/// The command line, read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Flags {
    /// The drift logs.
    pub logs: Vec<PathBuf>,
    /// `--spec`.
    pub spec: PathBuf,
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--overlay`, in order.
    pub overlays: Vec<PathBuf>,
    /// `--out`.
    pub out: Option<PathBuf>,
    /// `-h` or `--help` (then nothing else is checked).
    pub help: bool,
}

/// Reads the arguments after `drift`.
///
/// # Errors
/// An unknown flag, a flag without its value, no `--spec`, or no log.
pub fn parse(mut args: impl Iterator<Item = String>) -> std::result::Result<Flags, String> {
    let mut flags = Flags::default();
    let mut spec = None;
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--spec" => spec = Some(value("--spec")?),
            "--config" => flags.config = Some(value("--config")?),
            "--overlay" => flags.overlays.push(value("--overlay")?),
            "--out" => flags.out = Some(value("--out")?),
            "-h" | "--help" => {
                flags.help = true;
                return Ok(flags);
            }
            flag if flag.starts_with("--") => return Err(format!("unknown argument {flag:?}")),
            log => flags.logs.push(PathBuf::from(log)),
        }
    }
    flags.spec = spec.ok_or("drift needs --spec: the spec the clients were generated from")?;
    if flags.logs.is_empty() {
        return Err("drift needs at least one drift log".into());
    }
    Ok(flags)
}

/// Derives the overlay and writes it to `--out` (or standard output),
/// with its notes and what it changes on standard error.
///
/// # Errors
/// As [`crate::drift::from_files`], and an unwritable `--out`.
pub fn run(flags: &Flags) -> Result<()> {
    let drift = crate::drift::from_files(
        &flags.spec,
        flags.config.as_deref(),
        &flags.overlays,
        &flags.logs,
    )?;
    for note in &drift.notes {
        eprintln!("note: {note}");
    }
    let what = match drift.changes {
        0 => "an overlay that changes nothing (nothing recorded applies to the spec)".to_owned(),
        1 => "an overlay of 1 action".to_owned(),
        n => format!("an overlay of {n} actions"),
    };
    match &flags.out {
        Some(out) => {
            std::fs::write(out, &drift.overlay).map_err(|source| Error::Io {
                path: out.clone(),
                source,
            })?;
            eprintln!("wrote {what} to {}", out.display());
        }
        None => {
            print!("{}", drift.overlay);
            eprintln!("wrote {what}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> impl Iterator<Item = String> + '_ {
        line.split_whitespace().map(str::to_owned)
    }

    #[test]
    fn logs_and_flags_are_read_in_any_order() {
        let flags = parse(args(
            "a.jsonl --overlay x.yaml --spec s.yaml b.jsonl --out o.yaml --config c.yaml --overlay y.yaml",
        ))
        .unwrap();
        assert_eq!(
            flags,
            Flags {
                logs: vec!["a.jsonl".into(), "b.jsonl".into()],
                spec: "s.yaml".into(),
                config: Some("c.yaml".into()),
                overlays: vec!["x.yaml".into(), "y.yaml".into()],
                out: Some("o.yaml".into()),
                help: false,
            }
        );
        assert!(parse(args("--help")).unwrap().help);
    }

    #[test]
    fn a_spec_and_a_log_are_needed() {
        assert_eq!(
            parse(args("a.jsonl")).unwrap_err(),
            "drift needs --spec: the spec the clients were generated from"
        );
        assert_eq!(
            parse(args("--spec s.yaml")).unwrap_err(),
            "drift needs at least one drift log"
        );
        assert_eq!(parse(args("--out")).unwrap_err(), "--out needs a value");
        assert_eq!(
            parse(args("--spec s.yaml --force a.jsonl")).unwrap_err(),
            "unknown argument \"--force\""
        );
    }
}
