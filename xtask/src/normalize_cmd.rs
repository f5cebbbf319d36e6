//! `cargo xtask normalize`: write a spec in the OpenAPI 3.0 forms the generator
//! reads, for tools that take only 3.0 (the side-by-side benchmark feeds it to
//! another generator).

use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command; `Err` is a usage error.
pub fn run(mut args: impl Iterator<Item = String>) -> Result<ExitCode, String> {
    let (mut spec, mut out) = (None, None);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        return Err("normalize needs --spec and --out".into());
    };
    let result = std::fs::read_to_string(&spec)
        .map_err(|e| format!("{}: {e}", spec.display()))
        .and_then(|text| {
            codegen::normalized_as_30(&text, &spec.display().to_string()).map_err(|e| e.to_string())
        })
        .and_then(|doc| {
            let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
            std::fs::write(&out, text).map_err(|e| format!("{}: {e}", out.display()))
        });
    Ok(match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    })
}
