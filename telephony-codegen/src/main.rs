//! `telephony-codegen`: the generator as a command to install
//! (`cargo install --path telephony-codegen`), generating one crate from a
//! spec exactly as `cargo xtask codegen --spec S --out D` does: both run
//! `codegen::cli`. `telephony-codegen drift LOG... --spec S` is
//! `cargo xtask drift`, from `codegen::cli::drift`.

use std::process::ExitCode;

use codegen::cli;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The usage text, with the options shared with `cargo xtask codegen`.
fn usage() -> String {
    format!(
        "telephony-codegen {}: a typed async Rust client crate from a Swagger 2.0 or OpenAPI 3.0/3.1/3.2 document

usage: telephony-codegen --spec PATH --out DIR [--config PATH] [--overlay FILE]... [--check] [--explain] [--force]
      --spec PATH    the OpenAPI document, YAML or JSON
      --out DIR      the folder the crate goes in, created if missing; a later run replaces
                     and removes only the files an earlier one wrote (.codegen/manifest.json)
{}      -V, --version  print the version

   or: telephony-codegen drift LOG... --spec PATH [--config PATH] [--overlay FILE]... [--out FILE]
      writes an OpenAPI Overlay that makes the spec say what drift logs recorded the server sending
{}
exit status: 0 written (or, with --check, up to date); 1 an error, a refusal or, with --check,
a stale crate; 2 a usage error",
        env!("CARGO_PKG_VERSION"),
        cli::OPTIONS_HELP,
        cli::drift::HELP,
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("drift") {
        return drift(args.into_iter().skip(1));
    }
    if args.iter().any(|a| a == "-V" || a == "--version") {
        println!("telephony-codegen {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    let flags = match cli::parse(args.into_iter()) {
        Ok(flags) if flags.help => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Ok(flags) => flags,
        Err(message) => return usage_error(&message),
    };
    let (Some(spec), Some(out)) = (flags.spec, flags.out) else {
        return usage_error("--spec and --out are needed");
    };
    match cli::generate_crate(&spec, &out, &flags.options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `telephony-codegen drift ...`: the overlay derived from drift logs.
fn drift(args: impl Iterator<Item = String>) -> ExitCode {
    let flags = match cli::drift::parse(args) {
        Ok(flags) if flags.help => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Ok(flags) => flags,
        Err(message) => return usage_error(&message),
    };
    match cli::drift::run(&flags) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{}", usage());
    ExitCode::from(2)
}
