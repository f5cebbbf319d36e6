//! `cargo xtask drift LOG... --spec S [--config C] [--overlay O]... [--out FILE]`:
//! the overlay that makes a spec say what drift logs recorded the server
//! sending. The arguments and the work are `codegen::cli::drift`'s, which
//! `telephony-codegen drift` shares.

use std::process::ExitCode;

use codegen::cli::drift;

/// Runs the command; `Err` is a usage error (empty for `--help`).
pub fn run(args: impl Iterator<Item = String>) -> Result<ExitCode, String> {
    let flags = drift::parse(args)?;
    if flags.help {
        return Err(String::new());
    }
    match drift::run(&flags) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}
