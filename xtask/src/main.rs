//! `cargo xtask`: the project's commands.
//!
//! - `cargo xtask codegen` regenerates `generated/` from `spec/voicetel.yaml`
//!   (and the example clients); `--check` writes nothing and fails when one
//!   is stale.
//! - `cargo xtask diff OLD NEW` lists the API changes between two specs.
//! - `cargo xtask drift LOG... --spec S` writes the overlay that makes a spec
//!   say what drift logs recorded the server sending.
//! - `cargo xtask normalize` writes a spec in the 3.0 forms the generator reads.
//! - `cargo xtask test` installs what the tests need and runs all of them.
//! - `cargo xtask corpus` generates every spec of a corpus of public specs
//!   with no config and checks the crates, printing a Markdown table.

mod codegen_cmd;
mod corpus_cargo;
mod corpus_cmd;
mod diff_cmd;
mod drift_cmd;
mod normalize_cmd;
mod protocol;
mod test_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The usage text, with the options `codegen` shares with the installable command.
fn usage() -> String {
    format!(
        "usage:
  cargo xtask codegen [--spec PATH] [--config PATH] [--overlay FILE]... [--out DIR] [--check] [--explain] [--force]
      --spec PATH    the OpenAPI document (default: spec/voicetel.yaml, the example clients'
                     specs, the pagination fixtures and the OpenAPI 3.2 one)
      --out DIR      where the crate goes (default: generated)
{}{USAGE_DIFF}
  cargo xtask drift LOG... --spec PATH [--config PATH] [--overlay FILE]... [--out FILE]
      an OpenAPI Overlay that makes the spec say what drift logs recorded the server sending
{}{USAGE_OTHERS}",
        codegen::cli::OPTIONS_HELP,
        codegen::cli::drift::HELP,
    )
}

const USAGE_DIFF: &str = "  cargo xtask diff OLD NEW [--config PATH] [--overlay FILE]...
      every change in the generated crate's public API from spec OLD to spec NEW,
      breaking ones first, and the next crate version
      --config PATH  the generator config (default: NEW's name with .codegen.yaml,
                     else the crate version is OLD's info.version); its `overlays:`
                     apply to both specs
      --overlay FILE an overlay applied to both specs, after the config's; repeatable";

const USAGE_OTHERS: &str = "  cargo xtask normalize --spec PATH --out FILE
      writes the spec in the OpenAPI 3.0 forms the generator reads, as JSON
  cargo xtask corpus [--corpus DIR] [--generate-only] [--check NAME,NAME] [--doc]
                     [--target-dir DIR] [--work DIR] [--timeout SECS]
  cargo xtask corpus --protocol [--corpus DIR] [--update]
      generates every spec in DIR (default: shared/corpus beside the checkout; *.gz or plain
      .yaml/.json) with no config, then cargo-checks each crate in one workspace (--work,
      default /tmp/codegen-corpus) sharing one target dir (default /tmp/codegen-corpus-target);
      prints a Markdown table and the left-out operations by construct. --generate-only skips
      the checks; --check checks only the named specs; --doc also runs cargo doc --no-deps on
      each crate checked, rustdoc's warnings counted. Exits 1 when a checked crate fails or
      warns (with --doc, in its docs too), or the generator panics.
      --protocol compares what the generator infers for each spec (.codegen/inference.json:
      pagination per list operation, base URL, quick-start credential, error pointers) with
      the answer key in DIR/protocol/, compiling nothing; prints per-spec figures and exits 1
      when one is worse than in xtask/corpus-protocol.json (--update rewrites that file).
  cargo xtask test
      installs the spec checker (pip) and Prism (npm), then runs every test:
      cargo test --workspace, and the spec check";

/// The workspace root, whatever the current directory.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let result = match args.next().as_deref() {
        Some("codegen") => codegen_cmd::run(args, &root()),
        Some("test") => test_cmd::run(args, &root()),
        Some("diff") => diff_cmd::run(args),
        Some("drift") => drift_cmd::run(args),
        Some("normalize") => normalize_cmd::run(args),
        Some("corpus") => corpus_cmd::run(args, &root()),
        _ => Err(String::new()),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}\n");
            }
            eprintln!("{}", usage());
            ExitCode::from(2)
        }
    }
}
