//! `cargo xtask codegen`: generate `generated/` from the spec, or check it is current.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

struct Args {
    /// Specs and where their crates go.
    jobs: Vec<(PathBuf, PathBuf)>,
    config: Option<PathBuf>,
    check: bool,
    /// Print what was inferred about the API's protocol.
    explain: bool,
}

/// With no `--spec`: the VoiceTel crate, one crate per spec in
/// `spec/examples/` under `tests/clients/`, and the pagination fixtures
/// (generated with no config), which the tests exercise.
fn default_jobs(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut jobs = vec![(root.join("spec/voicetel.yaml"), root.join("generated"))];
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root.join("spec/examples"))
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    examples.sort();
    for spec in examples {
        let name = spec
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if let Some(stem) = name
            .strip_suffix(".yaml")
            .filter(|s| !s.ends_with(".codegen"))
        {
            jobs.push((spec.clone(), root.join("tests/clients").join(stem)));
        }
    }
    // Clients generated with no config file, whose lists the pagination tests walk.
    for name in ["pagination_styles", "pagination_vendors"] {
        jobs.push((
            root.join(format!("tests/fixtures/{name}.yaml")),
            root.join("tests/clients").join(name.replace('_', "-")),
        ));
    }
    jobs
}

fn parse(mut args: impl Iterator<Item = String>, root: &Path) -> Result<Args, String> {
    let (mut spec, mut out, mut config, mut check, mut explain) = (None, None, None, false, false);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(value("--spec")?)),
            "--config" => config = Some(PathBuf::from(value("--config")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--check" => check = true,
            "--explain" => explain = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let jobs = match (spec, out) {
        (None, None) if config.is_none() => default_jobs(root),
        (None, _) => return Err("--out and --config go with --spec".into()),
        (Some(spec), out) => vec![(spec, out.unwrap_or_else(|| root.join("generated")))],
    };
    Ok(Args {
        jobs,
        config,
        check,
        explain,
    })
}

/// Runs the command; `Err` is a usage error.
pub fn run(args: impl Iterator<Item = String>, root: &Path) -> Result<ExitCode, String> {
    let args = parse(args, root)?;
    let mut code = ExitCode::SUCCESS;
    for (spec, out) in &args.jobs {
        match generate(spec, args.config.as_deref(), out, &args) {
            Ok(true) => {}
            Ok(false) => code = ExitCode::FAILURE,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(code)
}

/// Generates one crate; `Ok(false)` when checking found it stale.
fn generate(spec: &Path, config: Option<&Path>, out: &Path, args: &Args) -> codegen::Result<bool> {
    let check = args.check;
    let mut files = codegen::generate(spec, config)?;
    // The spec beside the crate, so the next run can say what changed.
    let record = codegen::diff::record(&files.normalized);
    for note in &files.notes {
        eprintln!("note: {note}");
    }
    crate::diff_cmd::print_changes(spec, config, out, &record, &files.normalized);
    files.add(codegen::diff::SPEC_RECORD, record);
    println!("{}", files.summary);
    if args.explain {
        println!("\n{}", files.explain);
    }
    if check {
        let stale = files.diff(out)?;
        if stale.is_empty() {
            println!("{} is up to date", out.display());
            return Ok(true);
        }
        eprintln!("{} is stale; run `cargo xtask codegen`:", out.display());
        for line in stale {
            eprintln!("  {line}");
        }
        return Ok(false);
    }
    let written = files.write_atomically(out, false)?;
    println!("{written} in {}", out.display());
    Ok(true)
}
