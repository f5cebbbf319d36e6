//! `cargo xtask codegen`: generate `generated/` and the example clients
//! from their specs, or check they are current; with `--spec`, any one spec
//! (the same generation as the installable `telephony-codegen` command:
//! `codegen::cli`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::cli::{self, Options};

struct Args {
    /// Specs, where their crates go, and each one's config when it is not
    /// the one beside the spec.
    jobs: Vec<Job>,
    options: Options,
}

type Job = (PathBuf, PathBuf, Option<PathBuf>);

/// With no `--spec`: the VoiceTel crate, one crate per spec in
/// `spec/examples/` under `tests/clients/`, the pagination, OpenAPI 3.2 and
/// stream fixtures (generated with no config), which the tests exercise, and
/// the VoiceTel crate again with the overlay its recorded drift gave (see
/// `tests/drift_overlay.rs`).
fn default_jobs(root: &Path) -> Vec<Job> {
    let voicetel = root.join("spec/voicetel.yaml");
    let mut jobs = vec![(voicetel.clone(), root.join("generated"), None)];
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
            jobs.push((spec.clone(), root.join("tests/clients").join(stem), None));
        }
    }
    // Clients generated with no config file: whose lists the pagination tests
    // walk, whose QUERY, PURGE and query-string calls go on the wire, and
    // whose streams the stream tests read.
    for name in [
        "pagination_styles",
        "pagination_vendors",
        "openapi_32",
        "streams",
    ] {
        jobs.push((
            root.join(format!("tests/fixtures/{name}.yaml")),
            root.join("tests/clients").join(name.replace('_', "-")),
            None,
        ));
    }
    jobs.push((
        voicetel,
        root.join("tests/clients/voicetel-drifted"),
        Some(root.join("tests/fixtures/drift/voicetel-drifted.codegen.yaml")),
    ));
    jobs
}

fn parse(args: impl Iterator<Item = String>, root: &Path) -> Result<Args, String> {
    let flags = cli::parse(args)?;
    if flags.help {
        return Err(String::new());
    }
    let jobs = match (flags.spec, flags.out) {
        // Overlays are opt-in: the default crates are generated from their specs as they are.
        (None, None) if flags.options.config.is_none() && flags.options.overlays.is_empty() => {
            default_jobs(root)
        }
        (None, _) => return Err("--out, --config and --overlay go with --spec".into()),
        (Some(spec), out) => vec![(spec, out.unwrap_or_else(|| root.join("generated")), None)],
    };
    Ok(Args {
        jobs,
        options: flags.options,
    })
}

/// Runs the command; `Err` is a usage error.
pub fn run(args: impl Iterator<Item = String>, root: &Path) -> Result<ExitCode, String> {
    let args = parse(args, root)?;
    let mut code = ExitCode::SUCCESS;
    for (spec, out, config) in &args.jobs {
        let options = match config {
            Some(config) => Options {
                config: Some(config.clone()),
                ..args.options.clone()
            },
            None => args.options.clone(),
        };
        match cli::generate_crate(spec, out, &options) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn codegen(line: &str) -> ExitCode {
        let args = line.split_whitespace().map(str::to_owned);
        run(args, Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn codegen_keeps_what_it_did_not_write_and_refuses_a_foreign_folder() {
        let root = std::env::temp_dir().join(format!("xtask-codegen-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let out = root.join("client");
        std::fs::create_dir_all(out.join("target/debug")).unwrap();
        std::fs::write(out.join("Cargo.lock"), "lock").unwrap();
        std::fs::write(out.join("target/debug/app"), "built").unwrap();
        let spec = root.join("api.yaml");
        std::fs::write(
            &spec,
            "openapi: 3.0.3\ninfo: {title: Things, version: 1.0.0}\nservers: [{url: 'https://api.example.com'}]\npaths:\n  /things/{id}:\n    delete:\n      operationId: deleteThing\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: gone}}\n",
        )
        .unwrap();
        let job = format!("--spec {} --out {}", spec.display(), out.display());

        // A folder with files no run wrote, and no manifest: refused.
        assert_eq!(codegen(&job), ExitCode::FAILURE);
        assert!(!out.join("src").exists());
        // Forced, then as any later run: the user's files stay.
        assert_eq!(codegen(&format!("{job} --force")), ExitCode::SUCCESS);
        assert_eq!(codegen(&job), ExitCode::SUCCESS);
        assert!(out.join("src/lib.rs").is_file());
        assert!(out.join(".codegen/manifest.json").is_file());
        assert_eq!(
            std::fs::read_to_string(out.join("Cargo.lock")).unwrap(),
            "lock"
        );
        assert!(out.join("target/debug/app").is_file());
        // `target/` and `Cargo.lock` are no staleness.
        assert_eq!(codegen(&format!("{job} --check")), ExitCode::SUCCESS);
        std::fs::write(out.join("src/lib.rs"), "// edited").unwrap();
        assert_eq!(codegen(&format!("{job} --check")), ExitCode::FAILURE);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn out_and_config_need_a_spec() {
        let err = parse(["--out", "x"].map(String::from).into_iter(), Path::new("."));
        assert_eq!(
            err.err().as_deref(),
            Some("--out, --config and --overlay go with --spec")
        );
    }
}
