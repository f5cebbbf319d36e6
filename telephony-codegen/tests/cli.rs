//! The installed command, run as a user runs it: `--help`, a crate generated
//! from a small spec into a fresh folder and checked, and clear errors with
//! a non-zero exit for a bad spec, a foreign folder and a bad command line.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = "openapi: 3.0.3
info: {title: Call Control, version: 1.2.0}
servers: [{url: 'https://api.example.com/v1'}]
paths:
  /calls/{call_id}/hangup:
    post:
      operationId: hangupCall
      tags: [Calls]
      parameters: [{name: call_id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: the call
          content: {application/json: {schema: {$ref: '#/components/schemas/Call'}}}
components:
  schemas:
    Call:
      type: object
      required: [id]
      properties:
        id: {type: string}
        state: {type: string, enum: [ringing, answered, ended]}
";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_telephony-codegen"))
        .args(args)
        .output()
        .expect("run telephony-codegen")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_says_how_to_use_it() {
    let output = run(&["--help"]);
    assert!(output.status.success());
    let help = text(&output.stdout);
    assert!(
        help.contains("usage: telephony-codegen --spec PATH --out DIR"),
        "{help}"
    );
    for flag in ["--config", "--check", "--explain", "--force"] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
    let version = run(&["--version"]);
    assert!(text(&version.stdout).starts_with("telephony-codegen "));
}

#[test]
fn generates_a_crate_from_a_spec_and_checks_it() {
    let dir = scratch("generate");
    let spec = dir.join("call-control.yaml");
    fs::write(&spec, SPEC).unwrap();
    let out = dir.join("call-control");
    let (spec, out_arg) = (spec.to_str().unwrap(), out.to_str().unwrap());

    let output = run(&["--spec", spec, "--out", out_arg, "--explain"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("wrote "), "{stdout}");
    assert!(stdout.contains("base URL"), "--explain: {stdout}");
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"call_control\""), "{manifest}");
    assert!(manifest.contains("version = \"1.2.0\""), "{manifest}");
    let calls = fs::read_to_string(out.join("src/apis/calls.rs")).unwrap();
    assert!(calls.contains("pub fn hangup_call"), "{calls}");
    for file in [
        "src/lib.rs",
        "runtime/Cargo.toml",
        "runtime/src/mod.rs",
        "README.md",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let recorded = fs::read_to_string(out.join(".codegen/manifest.json")).unwrap();
    assert!(recorded.contains("\"src/lib.rs\": \"sha256:"), "{recorded}");

    // What cargo and the user add beside the crate is neither stale nor touched.
    fs::write(out.join("Cargo.lock"), "lock").unwrap();
    let check = run(&["--spec", spec, "--out", out_arg, "--check"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("is up to date"));
    let again = run(&["--spec", spec, "--out", out_arg]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(fs::read_to_string(out.join("Cargo.lock")).unwrap(), "lock");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_spec_is_a_clear_error_and_writes_nothing() {
    let dir = scratch("bad-spec");
    let spec = dir.join("not-openapi.yaml");
    fs::write(&spec, "hello: world\n").unwrap();
    let out = dir.join("out");
    let output = run(&[
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains("not-openapi.yaml"),
        "names the file: {stderr}"
    );
    assert!(!out.exists());

    let missing = run(&[
        "--spec",
        "/nonexistent/api.yaml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("/nonexistent/api.yaml"));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folder_holding_other_files_is_refused_unless_forced() {
    let dir = scratch("foreign");
    let spec = dir.join("api.yaml");
    fs::write(&spec, SPEC).unwrap();
    fs::write(dir.join("notes.md"), "mine").unwrap();
    let (spec, out) = (spec.to_str().unwrap(), dir.to_str().unwrap());
    let refused = run(&["--spec", spec, "--out", out]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = text(&refused.stderr);
    assert!(stderr.contains("no codegen run wrote"), "{stderr}");
    assert!(stderr.contains("\n  api.yaml\n  notes.md"), "{stderr}");
    assert!(!dir.join("src").exists());
    let forced = run(&["--spec", spec, "--out", out, "--force"]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert_eq!(fs::read_to_string(dir.join("notes.md")).unwrap(), "mine");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_command_line_exits_2() {
    let unknown = run(&["--spec", "a.yaml", "--out", "o", "--frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("unknown argument \"--frobnicate\""));
    let no_out = run(&["--spec", "a.yaml"]);
    assert_eq!(no_out.status.code(), Some(2));
    assert!(text(&no_out.stderr).contains("--spec and --out are needed"));
}
