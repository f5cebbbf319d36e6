//! `cargo xtask corpus --protocol`: what the generator infers about each
//! corpus spec's protocol (`.codegen/inference.json`: pagination per list
//! operation, base URL, the quick start's credential, error pointers),
//! compared with the answer key in `<corpus>/protocol/`, which records how
//! each API really behaves from its vendor's documentation. Generation only,
//! nothing is compiled. Prints per-spec figures and what differs; exits 1
//! when a figure is worse than in the committed baseline
//! (`xtask/corpus-protocol.json`), which `--update` rewrites.

mod judge;
mod key;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{json, Value};

use judge::Figures;

/// The committed figures a run must not fall below.
pub const BASELINE: &str = "xtask/corpus-protocol.json";

fn figures_json(f: &Figures) -> Value {
    json!({
        "lists": f.lists,
        "correct": f.correct,
        "wrong": f.wrong,
        "missing_noted": f.missing_noted,
        "missing_silent": f.missing_silent,
        "false_streams": f.false_streams,
        "base_url": f.base_url,
        "credential": f.credential,
        "errors": f.errors,
        "errors_on_wire": f.errors_on_wire,
    })
}

fn figures_from(v: &Value) -> Figures {
    let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0) as usize;
    let b = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
    Figures {
        lists: n("lists"),
        correct: n("correct"),
        wrong: n("wrong"),
        missing_noted: n("missing_noted"),
        missing_silent: n("missing_silent"),
        false_streams: n("false_streams"),
        base_url: b("base_url"),
        credential: b("credential"),
        errors: b("errors"),
        errors_on_wire: b("errors_on_wire"),
    }
}

/// What got worse from `old` to `new`, one phrase each.
fn regressions(old: &Figures, new: &Figures) -> Vec<String> {
    let mut out = Vec::new();
    if new.correct < old.correct {
        out.push(format!("correct lists {} → {}", old.correct, new.correct));
    }
    for (what, o, n) in [
        ("wrong lists", old.wrong, new.wrong),
        ("silent misses", old.missing_silent, new.missing_silent),
        ("false streams", old.false_streams, new.false_streams),
    ] {
        if n > o {
            out.push(format!("{what} {o} → {n}"));
        }
    }
    for (what, o, n) in [
        ("base URL", old.base_url, new.base_url),
        ("credential", old.credential, new.credential),
        ("errors", old.errors, new.errors),
        ("errors on the wire", old.errors_on_wire, new.errors_on_wire),
    ] {
        if o && !n {
            out.push(format!("{what} no longer matches"));
        }
    }
    out
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "yes"
    } else {
        "**no**"
    }
}

/// Generates one spec with no config and judges it against its key.
fn judge_spec(name: &str, path: &Path, key_path: &Path) -> Result<(Figures, Vec<String>), String> {
    let key_json: Value = std::fs::read_to_string(key_path)
        .map_err(|e| format!("{}: {e}", key_path.display()))
        .and_then(|t| {
            serde_json::from_str(&t).map_err(|e| format!("{}: {e}", key_path.display()))
        })?;
    let key = key::Key::parse(&key_json).map_err(|e| format!("{}: {e}", key_path.display()))?;
    let text = crate::corpus_cmd::read_spec(path)?;
    let generated = std::panic::catch_unwind(|| {
        codegen::generate_from_str(
            &text,
            &format!("{name}.spec"),
            codegen::Config::without_file(),
        )
    });
    let (report, doc) = match generated {
        Ok(Ok(files)) => {
            let report = files
                .files
                .get(codegen::emit::inference::PATH)
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or(Value::Null);
            (report, files.normalized)
        }
        // A spec that does not generate scores what an empty report scores:
        // every list missing, nothing matching.
        Ok(Err(e)) => {
            let doc = codegen::load::parse_value(&text, name).unwrap_or_default();
            let (f, mut d) = judge::spec(&key, &Value::Null, &doc);
            d.insert(0, format!("not generated: {e}"));
            return Ok((f, d));
        }
        Err(_) => return Err(format!("{name}: the generator panicked")),
    };
    Ok(judge::spec(&key, &report, &doc))
}

/// Runs the comparison over `corpus`; `update` rewrites the baseline.
pub fn run(corpus: &Path, root: &Path, update: bool) -> Result<ExitCode, String> {
    let keys = corpus.join("protocol");
    let specs = crate::corpus_cmd::specs(corpus)?;
    let mut rows: BTreeMap<String, Figures> = BTreeMap::new();
    let mut details: Vec<(String, Vec<String>)> = Vec::new();
    let mut failed = false;
    for (name, path) in &specs {
        let key_path: PathBuf = keys.join(format!("{name}.json"));
        if !key_path.exists() {
            continue;
        }
        match judge_spec(name, path, &key_path) {
            Ok((f, d)) => {
                rows.insert(name.clone(), f);
                if !d.is_empty() {
                    details.push((name.clone(), d));
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    println!(
        "## Protocol: {} specs of {} against {}\n",
        rows.len(),
        corpus.display(),
        keys.display()
    );
    println!("| spec | lists | correct | wrong | missing (noted) | missing (silent) | false streams | base URL | credential | errors | errors on the wire |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut total = Figures::default();
    let (mut urls, mut creds, mut errs, mut wire) = (0, 0, 0, 0);
    for (name, f) in &rows {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            f.lists,
            f.correct,
            f.wrong,
            f.missing_noted,
            f.missing_silent,
            f.false_streams,
            mark(f.base_url),
            mark(f.credential),
            mark(f.errors),
            mark(f.errors_on_wire)
        );
        total.lists += f.lists;
        total.correct += f.correct;
        total.wrong += f.wrong;
        total.missing_noted += f.missing_noted;
        total.missing_silent += f.missing_silent;
        total.false_streams += f.false_streams;
        urls += usize::from(f.base_url);
        creds += usize::from(f.credential);
        errs += usize::from(f.errors);
        wire += usize::from(f.errors_on_wire);
    }
    let n = rows.len();
    println!(
        "| **all** | {} | {} | {} | {} | {} | {} | {urls}/{n} | {creds}/{n} | {errs}/{n} | {wire}/{n} |\n",
        total.lists,
        total.correct,
        total.wrong,
        total.missing_noted,
        total.missing_silent,
        total.false_streams
    );
    for (name, lines) in &details {
        println!("{name}:");
        for line in lines {
            println!("  {line}");
        }
    }
    let baseline_path = root.join(BASELINE);
    if update {
        let json: serde_json::Map<String, Value> = rows
            .iter()
            .map(|(k, f)| (k.clone(), figures_json(f)))
            .collect();
        let text = serde_json::to_string_pretty(&Value::Object(json)).unwrap_or_default() + "\n";
        std::fs::write(&baseline_path, text)
            .map_err(|e| format!("{}: {e}", baseline_path.display()))?;
        println!("\nwrote {}", baseline_path.display());
    } else {
        let baseline: Value = std::fs::read_to_string(&baseline_path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        let mut worse = Vec::new();
        let mut better = false;
        let mut unknown = Vec::new();
        for (name, new) in &rows {
            let Some(old) = baseline.get(name) else {
                unknown.push(name.as_str());
                continue;
            };
            let old = figures_from(old);
            better |= !regressions(new, &old).is_empty();
            for r in regressions(&old, new) {
                worse.push(format!("{name}: {r}"));
            }
        }
        if !unknown.is_empty() {
            println!(
                "\nnot in {BASELINE} (add with --update): {}",
                unknown.join(", ")
            );
        }
        if worse.is_empty() {
            println!("\nno regression against {BASELINE}");
            if better {
                println!("some figures improved: record them with `cargo xtask corpus --protocol --update`");
            }
        } else {
            eprintln!("\nregressions against {BASELINE}:");
            for w in &worse {
                eprintln!("  {w}");
            }
            failed = true;
        }
    }
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
    fn a_worse_figure_is_a_regression_and_a_better_one_is_not() {
        let old = Figures {
            lists: 4,
            correct: 2,
            wrong: 1,
            missing_noted: 1,
            base_url: true,
            ..Figures::default()
        };
        let better = Figures {
            correct: 3,
            wrong: 0,
            ..old.clone()
        };
        assert!(regressions(&old, &better).is_empty());
        assert_eq!(regressions(&better, &old).len(), 2);
        let lost_url = Figures {
            base_url: false,
            ..old.clone()
        };
        assert_eq!(regressions(&old, &lost_url), ["base URL no longer matches"]);
        assert_eq!(figures_from(&figures_json(&old)), old);
    }
}
