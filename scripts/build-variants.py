#!/usr/bin/env python3
"""What in the generated crate costs compile time: builds edited copies of it.

    scripts/build-variants.py [--profile dev|release|check] [--rounds N]
                              [--consumer none|few|all] [VARIANT ...]

Copies generated/ into a scratch workspace per variant (under
$TMPDIR/voicetel-variants, with the repo's Cargo.lock and profiles), applies
one text edit per variant (see VARIANTS), then times clean builds of each,
interleaved round by round so that changing load on the machine hits all
variants alike. Prints min and median wall and CPU (user + sys) time per
variant and the CPU difference to `base`. The builds share the target
directory of scripts/build-time.sh (target/build-time), so the dependencies
are built once.

--consumer few|all adds a binary crate that awaits 3 or all operations and
times the clean build of both crates: edits that only move code generation out
of the library into the crates that use it (such as decoding) show there.

The edits are regular expressions over the generated text: when the generator
changes its output they may stop matching (a variant identical to base is
reported) or stop compiling (reported as failed).

A variant written NAME=DIR is the crate in DIR as it is, with no edit: the
output of another generator (another commit, a prototype) beside base, e.g.

    cargo xtask codegen --spec spec/voicetel.yaml --out /tmp/named
    scripts/build-variants.py --rounds 5 base named=/tmp/named
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESPONSE = "runtime/src/response.rs"


def edit(src, pattern, fn):
    for path in src.glob(pattern):
        text = path.read_text()
        new = fn(text)
        if new != text:
            path.write_text(new)


def drop_derive(trait, files=("types.rs",), keep_dependents=False):
    def fix(m):
        items = [x.strip() for x in m.group(1).split(",")]
        # `Eq` needs `PartialEq`, `Copy` needs `Clone`: such lists stay whole.
        if keep_dependents and {"Eq", "Copy"} & set(items):
            return m.group(0)
        items = [x for x in items if x != trait]
        return f"#[derive({', '.join(items)})]" if items else ""

    def apply(src):
        for pattern in files:
            edit(src, pattern, lambda s: re.sub(r"#\[derive\(([^)]*)\)\]", fix, s))

    return apply


def replace_decode(body):
    """Replaces how `RawResponse::json` decodes the body into T (the body of
    the runtime's `decode_tracked`, after its deserializer is made)."""
    def apply(src):
        path = src.parent / RESPONSE
        text = path.read_text()
        start = text.index("    T::deserialize(&mut de)")
        end = text.index("#[cfg(test)]")
        path.write_text(text[:start] + body + "}\n\n" + text[end:])
    return apply


# How responses decoded before the path came from serde_json's error position:
# through serde_path_to_error's wrapper, one more instantiation per response type.
PATH_TRACKED = """\
    serde_path_to_error::deserialize(&mut de)
        .map_err(|e| (e.path().to_string(), e.inner().to_string()))
        .and_then(|value| de.end().map(|()| value).map_err(|e| (String::new(), e.to_string())))
        .map_err(|(path, message)| (path, if empty { String::new() } else { message }))
"""
JSON_VIA_VALUE = """\
    let _ = (&mut de, empty);
    serde_json::from_slice::<serde_json::Value>(json)
        .and_then(T::deserialize)
        .map_err(|e| (String::new(), e.to_string()))
"""


def no_docs(src):
    for pattern in ("types.rs", "apis/*.rs"):
        edit(src, pattern, lambda s: re.sub(r"(?m)^\s*///.*\n", "", s))


def typestate(src):
    """A typestate builder beside each struct whose `new` takes its required
    fields named (`X::builder().a(..).b(..).build()`, a type parameter per
    required field, `build` only once all are set): the other way to name
    required values, timed against the struct of them. The struct and `new`
    stay, which `build` calls."""
    item = re.compile(r"(?P<attrs>(?:#\[cfg[^\n]*\]\n|///[^\n]*\n)*)pub struct (?P<name>\w+)Required \{\n(?P<body>.*?)\n\}\n", re.S)

    def builder(m):
        attrs = "".join(line + "\n" for line in m.group("attrs").splitlines() if line.startswith("#[cfg"))
        name = m.group("name")
        fields = re.findall(r"pub (\S+): (.+),", m.group("body"))
        params = [f"T{i}" for i in range(len(fields))]
        b = f"{name}Builder"
        out = [m.group(0)]
        out.append(f"{attrs}/// Builds a [`{name}`].\npub struct {b}<{', '.join(p + ' = ()' for p in params)}> {{\n"
                   + "".join(f"    {f}: {p},\n" for (f, _), p in zip(fields, params)) + "}\n")
        unit = ", ".join(f"{f}: ()" for f, _ in fields)
        out.append(f"{attrs}impl {name} {{\n    /// A builder: every required field must be set before `build`.\n"
                   f"    pub fn builder() -> {b} {{\n        {b} {{ {unit} }}\n    }}\n}}\n")
        for i, (f, ty) in enumerate(fields):
            others = [p for j, p in enumerate(params) if j != i]
            before = ", ".join("()" if j == i else p for j, p in enumerate(params))
            taken = "String" if ty == "String" else ty
            after = ", ".join(taken if j == i else p for j, p in enumerate(params))
            arg, value = ("impl Into<String>", "value.into()") if ty == "String" else (ty, "value")
            inits = ", ".join(f"{g}: {value}" if j == i else f"{g}: self.{g}" for j, (g, _) in enumerate(fields))
            generics = f"<{', '.join(others)}>" if others else ""
            out.append(f"{attrs}impl{generics} {b}<{before}> {{\n    /// Sets `{f}`.\n"
                       f"    pub fn {f}(self, value: {arg}) -> {b}<{after}> {{\n        {b} {{ {inits} }}\n    }}\n}}\n")
        done = ", ".join(ty for _, ty in fields)
        moved = ", ".join(f"{f}: self.{f}" for f, _ in fields)
        out.append(f"{attrs}impl {b}<{done}> {{\n    /// The value.\n    pub fn build(self) -> {name} {{\n"
                   f"        {name}::new({name}Required {{ {moved} }})\n    }}\n}}\n")
        return "".join(out)

    edit(src, "types.rs", lambda s: item.sub(builder, s))


VARIANTS = {
    "base": lambda src: None,
    # Response decoding: one instantiation of plain serde_json per response type
    # (base), the former path tracking, or through a `serde_json::Value`.
    "path_tracked": replace_decode(PATH_TRACKED),
    "json_via_value": replace_decode(JSON_VIA_VALUE),
    "no_partialeq": drop_derive("PartialEq", files=("types.rs", "apis/*.rs"), keep_dependents=True),
    "no_debug": drop_derive("Debug", files=("types.rs", "apis/*.rs")),
    "no_clone": drop_derive("Clone", files=("types.rs", "apis/*.rs"), keep_dependents=True),
    "no_docs": no_docs,
    "typestate": typestate,
}
DEFAULT = ["base", "path_tracked", "json_via_value", "no_partialeq", "no_debug", "no_clone"]


def operations(src):
    """One `let _ = c.tag().op(args).await;` line per operation."""
    calls = []
    for path in sorted((src / "apis").glob("*.rs")):
        if path.name == "mod.rs":
            continue
        text = path.read_text()
        m = re.search(r"impl<'a> \w+Api<'a> \{(.*?)\n\}\n", text, re.S)
        if not m:
            continue
        for op in re.finditer(r"pub fn (\w+)\(\s*&self,?(.*?)\)\s*->", m.group(1), re.S):
            args = []
            for param in filter(None, (p.strip() for p in op.group(2).split(","))):
                ty = param.split(":", 1)[1].strip()
                into = re.match(r"impl Into<(.*)>$", ty)
                args.append(f"any::<{into.group(1)}>()" if into else "any()")
            calls.append(f"    let _ = c.{path.stem}().{op.group(1)}({', '.join(args)}).await;")
    return calls


def add_consumer(ws, calls):
    app = ws / "app"
    (app / "src").mkdir(parents=True, exist_ok=True)
    (app / "Cargo.toml").write_text(
        '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n'
        '[dependencies]\nvoicetel = { path = "../voicetel" }\n')
    body = "\n".join(calls)
    (app / "src/main.rs").write_text(f"""\
#![allow(unused_imports, unreachable_code)]
use std::future::Future;
fn any<T>() -> T {{
    unimplemented!()
}}
async fn run(c: &voicetel::Client) {{
{body}
}}
fn main() {{
    let c: voicetel::Client = any();
    let mut f = Box::pin(run(&c));
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let _ = f.as_mut().poll(&mut cx);
}}
""")


def make(base_dir, name, consumer, source=None):
    ws = base_dir / name
    shutil.rmtree(ws, ignore_errors=True)
    shutil.copytree(source or ROOT / "generated", ws / "voicetel",
                    ignore=shutil.ignore_patterns("target"))
    shutil.copy(ROOT / "Cargo.lock", ws / "Cargo.lock")
    members = '"voicetel"' + (', "app"' if consumer != "none" else "")
    (ws / "Cargo.toml").write_text(
        f'[workspace]\nresolver = "2"\nmembers = [{members}]\n\n'
        '[profile.dev.package."*"]\ndebug = false\n\n'
        '[profile.release]\ndebug = "line-tables-only"\n')
    src = ws / "voicetel" / "src"
    if source is None:
        VARIANTS[name](src)
    if consumer != "none":
        calls = operations(src)
        add_consumer(ws, calls[:3] if consumer == "few" else calls)
    return ws


def cargo(args, ws, env):
    return subprocess.run(["cargo", "--quiet", *args, "--manifest-path", str(ws / "Cargo.toml")],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def timed(args, ws, env):
    before = os.times()
    start = time.monotonic()
    result = cargo(args, ws, env)
    wall = time.monotonic() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return result, wall, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("variants", nargs="*", help=f"default: {' '.join(DEFAULT)}; all: {' '.join(VARIANTS)}")
    ap.add_argument("--profile", default="dev", choices=["dev", "release", "check"])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--consumer", default="none", choices=["none", "few", "all"])
    ap.add_argument("--target-dir", default=str(ROOT / "target" / "build-time"))
    args = ap.parse_args()
    names = args.variants or DEFAULT
    if "base" not in names:
        names.insert(0, "base")
    sources = {}
    for i, n in enumerate(names):
        if "=" in n:
            n, path = n.split("=", 1)
            names[i] = n
            sources[n] = Path(path).resolve()
    unknown = [n for n in names if n not in VARIANTS and n not in sources]
    if unknown:
        sys.exit(f"unknown variants: {unknown}; known: {list(VARIANTS)}")

    env = dict(os.environ, CARGO_TARGET_DIR=args.target_dir)
    cmd = {"dev": ["build"], "release": ["build", "--release"], "check": ["check"]}[args.profile]
    clean = ["--release"] if args.profile == "release" else []
    pkg = ["-p", "app"] if args.consumer != "none" else ["-p", "voicetel"]
    cleaned = ["-p", "voicetel"] + (["-p", "app"] if args.consumer != "none" else [])
    base_dir = Path(tempfile.gettempdir()) / "voicetel-variants"

    spaces, failed = {}, []
    base_text = None
    for name in names:
        ws = make(base_dir, name, args.consumer, sources.get(name))
        text = "".join(p.read_text() for p in sorted((ws / "voicetel").rglob("*.rs")))
        if name == "base":
            base_text = text
        elif text == base_text:
            print(f"{name}: the edit did not match: identical to base, skipped")
            continue
        result = cargo(cmd + pkg, ws, env)  # dependencies, and whether it compiles
        if result.returncode != 0:
            print(f"{name}: does not compile, skipped\n{result.stderr[-1500:]}")
            failed.append(name)
            continue
        spaces[name] = ws

    samples = {name: [] for name in spaces}
    for r in range(args.rounds):
        for name, ws in spaces.items():
            cargo(["clean", *cleaned, *clean], ws, env)
            result, wall, cpu = timed(cmd + pkg, ws, env)
            if result.returncode == 0:
                samples[name].append((wall, cpu))
        print(f"round {r + 1}/{args.rounds} done, load {os.getloadavg()[0]:.2f}", file=sys.stderr)

    what = "voicetel" if args.consumer == "none" else f"voicetel + app awaiting {args.consumer} operations"
    print(f"\ncargo {' '.join(cmd)}, clean build of {what}, {args.rounds} rounds")
    print(f"{'variant':<36} {'wall min':>9} {'wall med':>9} {'cpu min':>8} {'cpu med':>8} {'cpu vs base':>12}")
    base_cpu = min(c for _, c in samples["base"]) if samples.get("base") else None
    for name, xs in samples.items():
        if not xs:
            continue
        walls, cpus = [w for w, _ in xs], [c for _, c in xs]
        rel = f"{(min(cpus) / base_cpu - 1) * 100:+.0f}%" if base_cpu else ""
        print(f"{name:<36} {min(walls):>9.2f} {statistics.median(walls):>9.2f} "
              f"{min(cpus):>8.2f} {statistics.median(cpus):>8.2f} {rel:>12}")
    if failed:
        print(f"did not compile: {' '.join(failed)}")


if __name__ == "__main__":
    main()
