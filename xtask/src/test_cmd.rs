//! `cargo xtask test`: every test of the project, with its set-up, so one
//! command works on a fresh machine. Set-up steps are skipped when already done.

use std::path::Path;
use std::process::{Command, ExitCode};

/// Runs a command in `root`, echoing it; `Err` names what failed.
fn step(root: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    println!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Installs Prism with the locked versions unless that exact install is there:
/// a copy of the lock inside `node_modules` records what was installed.
fn install_prism(root: &Path) -> Result<(), String> {
    let dir = root.join("tests/prism");
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.installed-lock.json");
    let Ok(wanted) = std::fs::read(&lock) else {
        return Ok(());
    };
    if std::fs::read(&stamp).ok().as_ref() == Some(&wanted) {
        return Ok(());
    }
    step(
        root,
        "npm",
        &["ci", "--prefix", "tests/prism", "--no-audit", "--no-fund"],
    )?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))
}

/// Runs the command; `Err` is a usage error.
pub fn run(mut args: impl Iterator<Item = String>, root: &Path) -> Result<ExitCode, String> {
    if let Some(extra) = args.next() {
        return Err(format!("unknown argument {extra:?}"));
    }
    let result = (|| {
        step(
            root,
            "python3",
            &[
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                "spec/requirements.txt",
            ],
        )?;
        install_prism(root)?;
        step(root, "cargo", &["test", "--workspace"])?;
        step(root, "python3", &["-m", "unittest", "spec/test_check.py"])?;
        step(root, "python3", &["spec/check.py"])
    })();
    Ok(match result {
        Ok(()) => {
            println!("all tests passed");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    })
}
