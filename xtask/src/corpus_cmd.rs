//! `cargo xtask corpus`: the newcomer's pass over a corpus of real public
//! specs. Each spec (`*.gz`, decompressed with `gzip -dc`, or a plain
//! `.yaml`/`.json`) is generated with no config file, as someone trying the
//! generator on their API would; each generated crate is `cargo check`ed in
//! one workspace sharing one target directory, warnings counted, and with
//! `--doc` documented too, rustdoc's warnings counted. A spec that fails at
//! any stage is reported on its row, never ending the run. Prints a Markdown
//! table, then the left-out operations grouped by construct.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use crate::corpus_cargo::{self, Check, Pass};

struct Args {
    corpus: PathBuf,
    work: PathBuf,
    target_dir: PathBuf,
    /// `None`: check every spec that generates; `Some`: only these names.
    check: Option<Vec<String>>,
    generate_only: bool,
    /// Also `cargo doc --no-deps` each checked crate.
    doc: bool,
    /// Compare the inferred protocol with the corpus's answer key instead.
    protocol: bool,
    /// With `protocol`: record the figures as the new baseline.
    update: bool,
    timeout: Duration,
}

/// The corpus beside the checkout: `shared/corpus` in the nearest ancestor of the workspace root.
fn default_corpus(root: &Path) -> PathBuf {
    root.ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/corpus"))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| root.join("../shared/corpus"))
}

fn parse(mut args: impl Iterator<Item = String>, root: &Path) -> Result<Args, String> {
    let tmp = std::env::temp_dir();
    let mut parsed = Args {
        corpus: default_corpus(root),
        work: tmp.join("codegen-corpus"),
        target_dir: tmp.join("codegen-corpus-target"),
        check: None,
        generate_only: false,
        doc: false,
        protocol: false,
        update: false,
        timeout: Duration::from_secs(900),
    };
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--corpus" => parsed.corpus = PathBuf::from(value("--corpus")?),
            "--work" => parsed.work = PathBuf::from(value("--work")?),
            "--target-dir" => parsed.target_dir = PathBuf::from(value("--target-dir")?),
            "--check" => {
                let names = value("--check")?;
                parsed.check = Some(names.split(',').map(|n| n.trim().to_owned()).collect());
            }
            "--generate-only" => parsed.generate_only = true,
            "--doc" => parsed.doc = true,
            "--protocol" => parsed.protocol = true,
            "--update" => parsed.update = true,
            "--timeout" => {
                let secs = value("--timeout")?;
                let secs: u64 = secs
                    .parse()
                    .map_err(|_| format!("--timeout {secs:?} is not a number of seconds"))?;
                parsed.timeout = Duration::from_secs(secs);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if parsed.doc && (parsed.generate_only || parsed.protocol) {
        return Err(
            "--doc documents the crates it checks: not with --generate-only or --protocol".into(),
        );
    }
    if parsed.update && !parsed.protocol {
        return Err("--update goes with --protocol".into());
    }
    Ok(parsed)
}

/// One spec's row.
#[derive(Default)]
struct Row {
    name: String,
    /// Operations and component schemas as published; `None` when it does not parse.
    counts: Option<(usize, usize)>,
    seconds: f64,
    /// `Ok(crate name)` or the generation error.
    generated: Option<Result<String, String>>,
    left_out: BTreeMap<String, usize>,
    /// `None`: not checked.
    check: Option<Check>,
    /// `None`: not documented.
    doc: Option<Check>,
}

/// The specs in `dir`: each `NAME.yaml.gz`, `NAME.json.gz`, `NAME.yaml` or `NAME.json`, by name.
pub(crate) fn specs(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "corpus {}: {e} (give another with --corpus DIR)",
            dir.display()
        )
    })?;
    let mut out: Vec<(String, PathBuf)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|path| {
            let file = path.file_name()?.to_str()?.to_owned();
            let bare = file.strip_suffix(".gz").unwrap_or(&file);
            let name = bare
                .strip_suffix(".yaml")
                .or_else(|| bare.strip_suffix(".yml"))
                .or_else(|| bare.strip_suffix(".json"))?;
            Some((name.to_owned(), path))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The spec's text, decompressed when it is gzipped.
pub(crate) fn read_spec(path: &Path) -> Result<String, String> {
    if path.extension().is_some_and(|e| e == "gz") {
        let out = Command::new("gzip")
            .arg("-dc")
            .arg(path)
            .output()
            .map_err(|e| format!("cannot run gzip: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "gzip -dc {}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        String::from_utf8(out.stdout).map_err(|e| format!("{}: not UTF-8: {e}", path.display()))
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Operation and component-schema counts of the document as published
/// (a Swagger 2.0 document's schemas are its `definitions`).
fn counts(text: &str, origin: &str) -> Option<(usize, usize)> {
    let (doc, _) = codegen::load::parse_text(text, origin).ok()?;
    let ops = doc
        .get("paths")
        .and_then(|p| p.as_object())
        .map_or(0, |paths| {
            paths
                .values()
                .filter_map(|item| item.as_object())
                .map(|item| {
                    item.keys()
                        .filter(|k| METHODS.contains(&k.as_str()))
                        .count()
                })
                .sum()
        });
    let schemas = doc
        .pointer("/components/schemas")
        .or_else(|| doc.get("definitions"))
        .and_then(|s| s.as_object())
        .map_or(0, |s| s.len());
    Some((ops, schemas))
}

/// The first line of an error, short enough for a table cell.
fn cell(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("").replace('|', "\\|");
    if line.chars().count() > max {
        let cut: String = line.chars().take(max).collect();
        format!("{cut}…")
    } else {
        line
    }
}

/// Generates one spec with no config into `out`; a panic is reported as an error.
fn generate(name: &str, text: &str, origin: &str, out: &Path, row: &mut Row) {
    let started = Instant::now();
    let result = std::panic::catch_unwind(|| {
        codegen::generate_from_str(text, origin, codegen::Config::without_file())
    });
    row.seconds = started.elapsed().as_secs_f64();
    row.generated = Some(match result {
        Err(_) => Err(format!("{name}: the generator panicked")),
        Ok(Err(e)) => Err(e.to_string()),
        Ok(Ok(files)) => {
            row.left_out = files.left_out.clone();
            let krate = files
                .files
                .get("Cargo.toml")
                .and_then(|toml| {
                    toml.lines()
                        .find_map(|l| l.strip_prefix("name = "))
                        .map(|n| n.trim_matches('"').to_owned())
                })
                .unwrap_or_default();
            // Forced: the work folder is the command's own, and may hold
            // crates from before manifests; files it does not generate stay.
            files
                .write_atomically(out, true)
                .map(|_| krate)
                .map_err(|e| e.to_string())
        }
    });
}

/// The workspace the generated crates are checked in: the repository's lock
/// file, so `--offline` finds every dependency already fetched.
fn write_workspace(ws: &Path, root: &Path, members: &[String]) -> Result<(), String> {
    let quoted: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
        quoted.join(", ")
    );
    std::fs::write(ws.join("Cargo.toml"), manifest)
        .map_err(|e| format!("{}: {e}", ws.display()))?;
    let lock = std::fs::read(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    std::fs::write(ws.join("Cargo.lock"), lock).map_err(|e| format!("{}: {e}", ws.display()))
}

fn table(rows: &[Row], generate_only: bool, doc: bool) -> String {
    let mut out = String::from(
        "| spec | operations / schemas | generation | generated | left out | compiles | warnings |",
    );
    out.push_str(if doc {
        " doc warnings |\n|---|---|---|---|---|---|---|---|\n"
    } else {
        "\n|---|---|---|---|---|---|---|\n"
    });
    for r in rows {
        let generated = match &r.generated {
            Some(Ok(_)) => "yes".to_owned(),
            Some(Err(e)) => format!("no: {}", cell(e, 160)),
            None => "-".to_owned(),
        };
        let left: usize = r.left_out.values().sum();
        let left = match left {
            0 => "-".to_owned(),
            1 => "1 operation".to_owned(),
            n => format!("{n} operations"),
        };
        let (compiles, warnings) = match &r.check {
            Some(c) if c.ok => (format!("yes ({:.0} s)", c.seconds), c.warnings.to_string()),
            Some(c) => (
                format!(
                    "no: {} errors{}",
                    c.errors,
                    c.first_error
                        .as_deref()
                        .map(|e| format!(", e.g. {}", cell(e, 100)))
                        .unwrap_or_default()
                ),
                c.warnings.to_string(),
            ),
            None if generate_only || !matches!(r.generated, Some(Ok(_))) => {
                ("-".into(), "-".into())
            }
            None => ("not checked".into(), "-".into()),
        };
        let counts = r.counts.map_or_else(
            || "?".to_owned(),
            |(ops, schemas)| format!("{ops} / {schemas}"),
        );
        out.push_str(&format!(
            "| {} | {counts} | {:.2} s | {generated} | {left} | {compiles} | {warnings} |",
            r.name, r.seconds
        ));
        if doc {
            out.push_str(&format!(" {} |", doc_cell(r.doc.as_ref())));
        }
        out.push('\n');
    }
    out
}

/// What `cargo doc` said of a crate: its warnings, the first one named.
fn doc_cell(doc: Option<&Check>) -> String {
    match doc {
        None => "-".to_owned(),
        Some(d) if !d.ok => format!(
            "failed: {}",
            cell(d.first_error.as_deref().unwrap_or("cargo doc failed"), 100)
        ),
        Some(d) => match &d.first_warning {
            Some(w) if d.warnings > 0 => format!("{} (e.g. {})", d.warnings, cell(w, 80)),
            _ => d.warnings.to_string(),
        },
    }
}

/// Left-out operations of every spec, by construct.
fn left_out_by_construct(rows: &[Row]) -> String {
    let mut by: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for r in rows {
        for (construct, n) in &r.left_out {
            by.entry(construct).or_default().push((&r.name, *n));
        }
    }
    if by.is_empty() {
        return "Nothing was left out.\n".to_owned();
    }
    let mut out = String::from("| construct | operations left out | specs |\n|---|---|---|\n");
    let mut sorted: Vec<_> = by.into_iter().collect();
    sorted.sort_by_key(|(c, specs)| {
        (
            std::cmp::Reverse(specs.iter().map(|s| s.1).sum::<usize>()),
            *c,
        )
    });
    for (construct, specs) in sorted {
        let total: usize = specs.iter().map(|s| s.1).sum();
        let names: Vec<String> = specs.iter().map(|(s, n)| format!("{s} ({n})")).collect();
        out.push_str(&format!(
            "| {} | {total} | {} |\n",
            cell(construct, 120),
            names.join(", ")
        ));
    }
    out
}

/// Runs the command; `Err` is a usage error. Exits 1 when a checked crate
/// does not compile or warns (in `cargo doc` too, with `--doc`), or the generator panicked: generation errors
/// (unsupported or invalid specs) are findings, reported, not failures.
pub fn run(args: impl Iterator<Item = String>, root: &Path) -> Result<ExitCode, String> {
    let args = parse(args, root)?;
    if args.protocol {
        return crate::protocol::run(&args.corpus, root, args.update);
    }
    let specs = match specs(&args.corpus) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    if let Some(names) = &args.check {
        let unknown: Vec<&String> = names
            .iter()
            .filter(|n| !specs.iter().any(|(s, _)| s == *n))
            .collect();
        if !unknown.is_empty() {
            return Err(format!(
                "--check names specs not in the corpus: {unknown:?}"
            ));
        }
    }
    let crates_dir = args.work.join("ws");
    let specs_dir = args.work.join("specs");
    for dir in [&crates_dir, &specs_dir] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut rows = Vec::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for (name, path) in &specs {
        let mut row = Row {
            name: name.clone(),
            ..Row::default()
        };
        match read_spec(path) {
            Err(e) => row.generated = Some(Err(e)),
            Ok(text) => {
                // Saved decompressed, so a failure can be reproduced with `cargo xtask codegen --spec`.
                let ext = if text.trim_start().starts_with('{') {
                    "json"
                } else {
                    "yaml"
                };
                let saved = specs_dir.join(format!("{name}.{ext}"));
                let origin = match std::fs::write(&saved, &text) {
                    Ok(()) => saved.display().to_string(),
                    Err(_) => path.display().to_string(),
                };
                row.counts = counts(&text, &origin);
                generate(name, &text, &origin, &crates_dir.join(name), &mut row);
            }
        }
        if let Some(Ok(krate)) = &row.generated {
            if let Some(other) = taken.insert(krate.clone(), name.clone()) {
                row.generated = Some(Err(format!(
                    "crate name {krate} is taken by {other} in this workspace"
                )));
            }
        }
        eprintln!(
            "generated {name}: {}",
            match &row.generated {
                Some(Ok(_)) => "ok".to_owned(),
                Some(Err(e)) => cell(e, 200),
                None => "-".to_owned(),
            }
        );
        rows.push(row);
    }

    let mut failed = rows.iter().any(|r| {
        matches!(&r.generated, Some(Err(e)) if e.contains("panicked") || e.contains("internal error"))
    });
    if !args.generate_only {
        let to_check: Vec<usize> = (0..rows.len())
            .filter(|&i| matches!(rows[i].generated, Some(Ok(_))))
            .filter(|&i| {
                args.check
                    .as_ref()
                    .is_none_or(|n| n.contains(&rows[i].name))
            })
            .collect();
        let members: Vec<String> = to_check.iter().map(|&i| rows[i].name.clone()).collect();
        write_workspace(&crates_dir, root, &members)?;
        for i in to_check {
            let Some(Ok(krate)) = rows[i].generated.clone() else {
                continue;
            };
            eprintln!("checking {} ...", rows[i].name);
            let result = corpus_cargo::run(
                &crates_dir,
                &args.target_dir,
                &krate,
                Pass::Check,
                args.timeout,
            );
            failed |= !result.ok || result.warnings > 0;
            let compiles = result.ok;
            rows[i].check = Some(result);
            if args.doc && compiles {
                eprintln!("documenting {} ...", rows[i].name);
                let result = corpus_cargo::run(
                    &crates_dir,
                    &args.target_dir,
                    &krate,
                    Pass::Doc,
                    args.timeout,
                );
                failed |= !result.ok || result.warnings > 0;
                rows[i].doc = Some(result);
            }
        }
    }
    println!(
        "## Corpus: {} specs from {} ({} build of the generator)\n",
        rows.len(),
        args.corpus.display(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    println!("{}", table(&rows, args.generate_only, args.doc));
    println!(
        "### Left out, by construct\n\n{}",
        left_out_by_construct(&rows)
    );
    println!(
        "Generated crates: {}; decompressed specs: {}.",
        crates_dir.display(),
        specs_dir.display()
    );
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_are_found_by_name_compressed_or_not() {
        let dir = std::env::temp_dir().join(format!("corpus-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for f in [
            "b-api.json.gz",
            "a.yaml.gz",
            "c.yml",
            "d.json",
            "MANIFEST.md",
            "x.py",
        ] {
            std::fs::write(dir.join(f), "").unwrap();
        }
        let names: Vec<String> = specs(&dir).unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["a", "b-api", "c", "d"]);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(specs(&dir).unwrap_err().contains("--corpus"));
    }

    #[test]
    fn schemas_are_counted_in_3_and_in_2_0_documents() {
        let v3 = "openapi: 3.0.3\npaths: {/a: {get: {}, post: {}}}\ncomponents: {schemas: {A: {}}}";
        assert_eq!(counts(v3, "t"), Some((2, 1)));
        let v2 = "swagger: '2.0'\npaths: {/a: {get: {}}}\ndefinitions: {A: {}, B: {}}";
        assert_eq!(counts(v2, "t"), Some((1, 2)));
    }

    #[test]
    fn cells_are_one_short_line_without_pipes() {
        assert_eq!(cell("a | b\nmore", 80), "a \\| b");
        assert_eq!(cell("abcdef", 3), "abc…");
    }
}
