//! `cargo xtask`: the project's commands.
//!
//! `cargo xtask codegen` regenerates `generated/` from `spec/voicetel.yaml`;
//! `--check` writes nothing and fails when `generated/` is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--spec PATH] [--config PATH] [--out DIR] [--check]

  --spec PATH    the OpenAPI document (default: spec/voicetel.yaml)
  --config PATH  the generator config (default: the spec's name with .codegen.yaml)
  --out DIR      where the crate goes (default: generated)
  --check        write nothing; exit 1 listing the files that would change";

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

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("codegen") => {}
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    let args = match parse(args, &root) {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}\n");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> codegen::Result<ExitCode> {
    let files = codegen::generate(&args.spec, args.config.as_deref())?;
    if args.check {
        let stale = files.diff(&args.out)?;
        if stale.is_empty() {
            println!("{} is up to date", args.out.display());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "{} is stale; run `cargo xtask codegen`:",
            args.out.display()
        );
        for line in stale {
            eprintln!("  {line}");
        }
        return Ok(ExitCode::FAILURE);
    }
    files.write_atomically(&args.out)?;
    println!(
        "wrote {} files to {}",
        files.files.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
