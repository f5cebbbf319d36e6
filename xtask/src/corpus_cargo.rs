//! Cargo on one crate of the corpus workspace for `cargo xtask corpus`:
//! `cargo check` (does it compile, and warn) or `cargo doc --no-deps` (does
//! rustdoc warn on what the spec's prose became), with the crate's own
//! diagnostics counted from cargo's JSON messages and a time limit.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// What one cargo run found in the crate itself.
#[derive(Default)]
pub(crate) struct Check {
    pub ok: bool,
    pub errors: usize,
    pub warnings: usize,
    pub first_error: Option<String>,
    /// The first warning, to say in the table what kind they are.
    pub first_warning: Option<String>,
    pub seconds: f64,
}

/// What is run on a crate.
#[derive(Clone, Copy)]
pub(crate) enum Pass {
    Check,
    Doc,
}

impl Pass {
    fn args(self) -> &'static [&'static str] {
        match self {
            Pass::Check => &["check"],
            Pass::Doc => &["doc", "--no-deps"],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Pass::Check => "check",
            Pass::Doc => "doc",
        }
    }
}

/// Runs `pass` on one crate of the corpus workspace, counting its own diagnostics.
pub(crate) fn run(
    ws: &Path,
    target_dir: &Path,
    krate: &str,
    pass: Pass,
    timeout: Duration,
) -> Check {
    let started = Instant::now();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let log = ws.join(format!("{krate}.{}.json", pass.name()));
    let err_log = ws.join(format!("{krate}.{}.stderr", pass.name()));
    // Both to files: a full pipe would stall cargo while this waits for it.
    let spawned = std::fs::File::create(&log).and_then(|out| {
        let err = std::fs::File::create(&err_log)?;
        Command::new(cargo)
            .args(pass.args())
            .args(["--offline", "--message-format=json", "-p", krate])
            .arg("--manifest-path")
            .arg(ws.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target_dir)
            .env_remove("CARGO_MANIFEST_DIR")
            // The lints counted are rustdoc's defaults, whatever the caller's shell sets.
            .env_remove("RUSTDOCFLAGS")
            .stdout(out)
            .stderr(err)
            .spawn()
    });
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            return Check {
                first_error: Some(format!("cannot run cargo: {e}")),
                ..Check::default()
            }
        }
    };
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                timed_out = true;
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(200)),
            Err(_) => break None,
        }
    };
    let stderr = std::fs::read_to_string(&err_log).unwrap_or_default();
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let mut check = count(&text, krate);
    check.ok = status.is_some_and(|s| s.success());
    if timed_out {
        check.first_error = Some(format!("timed out after {} s", timeout.as_secs()));
    } else if !check.ok && check.first_error.is_none() {
        check.first_error = stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .map(str::to_owned);
    }
    check.seconds = started.elapsed().as_secs_f64();
    check
}

/// The errors and warnings of `krate` in cargo's JSON messages, summaries
/// aside; `ok` and `seconds` are the caller's to set, from the run itself.
fn count(messages: &str, krate: &str) -> Check {
    let mut check = Check::default();
    for line in messages.lines() {
        if !line.contains("\"compiler-message\"") {
            continue;
        }
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg.pointer("/target/name").and_then(|n| n.as_str()) != Some(krate) {
            continue;
        }
        let text = msg
            .pointer("/message/message")
            .and_then(|m| m.as_str())
            .unwrap_or("");
        match msg.pointer("/message/level").and_then(|l| l.as_str()) {
            Some("error")
                if !text.starts_with("aborting") && !text.starts_with("could not compile") =>
            {
                check.errors += 1;
                check.first_error.get_or_insert_with(|| text.to_owned());
            }
            Some("warning")
                if !text.contains("warning emitted") && !text.contains("warnings emitted") =>
            {
                check.warnings += 1;
                check.first_warning.get_or_insert_with(|| text.to_owned());
            }
            _ => {}
        }
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crates_own_diagnostics_are_counted_without_summaries() {
        let msg = |target: &str, level: &str, text: &str| {
            serde_json::json!({
                "reason": "compiler-message",
                "target": {"name": target},
                "message": {"level": level, "message": text},
            })
            .to_string()
        };
        let log = [
            msg("api", "warning", "unclosed HTML tag `b`"),
            msg("api", "warning", "this URL is not a hyperlink"),
            msg("api", "warning", "2 warnings emitted"),
            msg("other", "warning", "unused import"),
            msg("api", "error", "aborting due to 1 previous error"),
        ]
        .join("\n");
        let check = count(&log, "api");
        assert_eq!((check.warnings, check.errors), (2, 0));
        assert_eq!(
            check.first_warning.as_deref(),
            Some("unclosed HTML tag `b`")
        );
    }
}
