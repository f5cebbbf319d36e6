//! `cargo xtask codegen`: generate `generated/` from the spec, or check it is current.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

struct Args {
    spec: PathBuf,
    config: Option<PathBuf>,
    out: PathBuf,
    check: bool,
}

fn parse(mut args: impl Iterator<Item = String>, root: &Path) -> Result<Args, String> {
    let mut parsed = Args {
        spec: root.join("spec/voicetel.yaml"),
        config: None,
        out: root.join("generated"),
        check: false,
    };
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--spec" => parsed.spec = PathBuf::from(value("--spec")?),
            "--config" => parsed.config = Some(PathBuf::from(value("--config")?)),
            "--out" => parsed.out = PathBuf::from(value("--out")?),
            "--check" => parsed.check = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(parsed)
}

/// Runs the command; `Err` is a usage error.
pub fn run(args: impl Iterator<Item = String>, root: &Path) -> Result<ExitCode, String> {
    let args = parse(args, root)?;
    Ok(match generate(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    })
}

fn generate(args: &Args) -> codegen::Result<ExitCode> {
    let files = codegen::generate(&args.spec, args.config.as_deref())?;
    if args.check {
        let stale = files.diff(&args.out)?;
        if stale.is_empty() {
            println!("{} is up to date", args.out.display());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} is stale; run `cargo xtask codegen`:", args.out.display());
        for line in stale {
            eprintln!("  {line}");
        }
        return Ok(ExitCode::FAILURE);
    }
    files.write_atomically(&args.out)?;
    println!("wrote {} files to {}", files.files.len(), args.out.display());
    Ok(ExitCode::SUCCESS)
}
