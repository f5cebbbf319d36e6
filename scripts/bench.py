#!/usr/bin/env python3
"""Side-by-side benchmark against progenitor, the reference Rust generator.

    scripts/bench.py [--rounds N] [--only codegen,build,incremental,cold,call]
                     [--spec PATH] [--work DIR] [--before REV]

Set-up, not timed: builds our generator (release), installs cargo-progenitor
0.15.1 into WORK/tools (default WORK: target/bench), writes the 3.0 copy of the
spec that progenitor needs (`cargo xtask normalize`), generates both crates once
into a workspace of their own (WORK/ws, with its own target dir, so nothing
waits for the project's build lock), and builds their dependencies.

Then, each step with the two sides interleaved round by round, so that load on
the machine falls on both alike:

- codegen: the whole generator process on the spec, ours against progenitor's;
- build: `cargo clean -p CRATE` + `cargo build -p CRATE`, dev profile,
  dependencies built;
- incremental: touch the crate's `src/lib.rs`, `cargo build -p CRATE`;
- cold: a build of the crate and every dependency into an empty target dir
  (one round: it takes a minute), with the number of crates compiled; progenitor's
  crate gets reqwest's rustls TLS, as ours has;
- call: `scripts/bench/per-call`, the generated client against hand-written
  reqwest + serde_json on loopback, per call.

--before REV adds a third side to the clean build: the crate committed in
`generated/` at git revision REV (what the generator wrote then), built in a
workspace and target dir of its own with the same Cargo.lock (a shared target
dir would not do: `cargo clean -p` of one side's crates removes the other's
same-named ones too), so that a change to the generated code is timed against
the code it replaces in the same run, under the same load.

Prints min / median / max per side and the ratio of medians, with the load
average before and after. This is a benchmark, not a test: CI does not run it.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGENITOR = "0.15.1"


def run(cmd, cwd=ROOT, env=None, quiet=True):
    """Runs a command, failing loudly with its output."""
    result = subprocess.run(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{result.stdout}")
    if not quiet:
        print(result.stdout, end="")
    return result.stdout


def timed(cmd, cwd=ROOT, env=None):
    start = time.perf_counter()
    out = run(cmd, cwd=cwd, env=env)
    return time.perf_counter() - start, out


def load():
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def report(name, ours, theirs, unit="s", scale=1.0, note=""):
    def fmt(xs):
        xs = [x * scale for x in xs]
        return "min %.3f  median %.3f  max %.3f %s" % (min(xs), statistics.median(xs), max(xs), unit)

    ratio = statistics.median(theirs) / statistics.median(ours)
    print(f"{name}{note}")
    print(f"  ours        {fmt(ours)}  (n={len(ours)})")
    print(f"  progenitor  {fmt(theirs)}  (n={len(theirs)})")
    print(f"  ratio       progenitor / ours = {ratio:.2f}x")
    return ratio


def one_response_type_each(path):
    """progenitor asserts that an operation has one success and one error body
    type; keeps the lowest 2xx and the error responses shaped like the first."""
    doc = json.loads(Path(path).read_text())
    dropped = 0
    for item in doc.get("paths", {}).values():
        for op in item.values():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            responses = op["responses"]
            success = sorted(k for k in responses if k.startswith("2"))
            errors = [k for k in responses if not k.startswith("2")]
            shape = lambda k: json.dumps(responses[k].get("content"), sort_keys=True)
            drop = success[1:] + [k for k in errors if errors and shape(k) != shape(errors[0])]
            for k in drop:
                del responses[k]
            dropped += len(drop)
    Path(path).write_text(json.dumps(doc, indent=1))
    return dropped


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = Path(args.work).resolve()
        self.spec = Path(args.spec).resolve()
        self.tools = self.work / "tools"
        self.ws = self.work / "ws"
        self.target = self.ws / "target"
        self.xtask = ROOT / "target/release/xtask"
        self.progenitor = self.tools / "bin/cargo-progenitor"
        self.spec30 = self.work / "spec-3.0.json"
        self.env = dict(os.environ, CARGO_TARGET_DIR=str(self.target))

    # --- set-up -----------------------------------------------------------

    def prepare(self):
        self.work.mkdir(parents=True, exist_ok=True)
        print("set-up: release build of the generator")
        run(["cargo", "build", "--quiet", "--release", "-p", "xtask"])
        installed = self.tools / ".crates.toml"
        if not self.progenitor.exists() or f"cargo-progenitor {PROGENITOR} " not in (
            installed.read_text() if installed.exists() else ""
        ):
            print(f"set-up: cargo install cargo-progenitor {PROGENITOR} into {self.tools}")
            run(["cargo", "install", "--quiet", "--locked", "--version", PROGENITOR,
                 "--root", self.tools, "cargo-progenitor"])
        run([self.xtask, "normalize", "--spec", self.spec, "--out", self.spec30])
        dropped = one_response_type_each(self.spec30)
        print(f"set-up: 3.0 copy for progenitor, {dropped} response(s) dropped where an operation "
              "declares several success or several error types (progenitor takes one of each)")
        self.ws.mkdir(parents=True, exist_ok=True)
        self.generate_ours(self.ws / "ours")
        self.generate_theirs(self.ws / "progenitor")
        self.ours_name = re.search(r'^name = "([^"]+)"', (self.ws / "ours/Cargo.toml").read_text(), re.M).group(1)
        self.theirs_name = "bench-progenitor"
        self.tls_for_progenitor(self.ws / "progenitor/Cargo.toml")
        # One workspace, one profile for both: the project's own settings.
        (self.ws / "Cargo.toml").write_text(
            '[workspace]\nresolver = "2"\nmembers = ["ours", "progenitor"]\n\n'
            '[profile.dev.package."*"]\ndebug = false\n'
        )
        print("set-up: building both crates' dependencies")
        run(["cargo", "build", "--quiet", "--manifest-path", self.ws / "Cargo.toml"], env=self.env)
        if self.args.before:
            self.prepare_before(self.args.before)

    def prepare_before(self, rev):
        """The crate committed at REV, in a workspace and target dir beside
        ours, its dependencies built there from the same lock file."""
        self.before_ws = self.work / "ws-before"
        shutil.rmtree(self.before_ws, ignore_errors=True)
        self.before_ws.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", rev, "generated"], cwd=ROOT,
                                 stdout=subprocess.PIPE, check=True).stdout
        subprocess.run(["tar", "-x", "-C", self.before_ws], input=archive, check=True)
        (self.before_ws / "generated").rename(self.before_ws / "ours")
        name = re.search(r'^name = "([^"]+)"', (self.before_ws / "ours/Cargo.toml").read_text(), re.M).group(1)
        if name != self.ours_name:
            sys.exit(f"--before {rev}: its crate is {name}, not {self.ours_name}")
        (self.before_ws / "Cargo.toml").write_text((self.ws / "Cargo.toml").read_text()
                                                   .replace('members = ["ours", "progenitor"]', 'members = ["ours"]'))
        shutil.copy(self.ws / "Cargo.lock", self.before_ws / "Cargo.lock")
        self.before_target = self.before_ws / "target"
        print(f"set-up: the crate committed at {rev}, and its dependencies")
        run(["cargo", "build", "--quiet", "--manifest-path", self.before_ws / "Cargo.toml"],
            env=self.env_for(self.before_target))

    def generate_ours(self, out):
        return timed([self.xtask, "codegen", "--spec", self.spec, "--out", out])[0]

    def generate_theirs(self, out):
        return timed([self.progenitor, "progenitor", "-i", self.spec30, "-o", out,
                      "-n", "bench-progenitor", "-v", "0.1.0"])[0]

    @staticmethod
    def tls_for_progenitor(manifest):
        """progenitor's crate takes reqwest without TLS; give it rustls, as ours has."""
        text = manifest.read_text()
        if "rustls" not in text:
            text = text.replace(
                "[dependencies]\n",
                '[dependencies]\nreqwest-tls = { package = "reqwest", version = "0.12", '
                'default-features = false, features = ["rustls-tls"] }\n', 1)
            manifest.write_text(text)

    # --- steps --------------------------------------------------------------

    def codegen(self):
        scratch = self.work / "codegen-out"
        ours, theirs = [], []
        for _ in range(self.args.rounds * 2):
            shutil.rmtree(scratch, ignore_errors=True)
            ours.append(self.generate_ours(scratch / "ours"))
            theirs.append(self.generate_theirs(scratch / "theirs"))
        return report("codegen, whole process, release", ours, theirs, "ms", 1e3)

    def env_for(self, target=None):
        """The environment for cargo, with TARGET as its target dir instead of ours."""
        return self.env if target is None else dict(self.env, CARGO_TARGET_DIR=str(target))

    def cargo(self, *args, target=None, ws=None):
        return timed(["cargo", *args, "--manifest-path", (ws or self.ws) / "Cargo.toml"],
                     env=self.env_for(target))

    def build(self):
        # Our runtime is a crate of its own beside the generated one (as
        # progenitor's is progenitor-client, a dependency): the comparison
        # rebuilds the generated crates; the line after it counts the runtime too.
        runtime = self.ours_name + "_runtime"
        ours, theirs, with_runtime, before = [], [], [], []
        runs = [(self.ws, None, [self.ours_name], self.ours_name, ours),
                (self.ws, None, [self.theirs_name], self.theirs_name, theirs),
                (self.ws, None, [self.ours_name, runtime], self.ours_name, with_runtime)]
        if self.args.before:
            runs.append((self.before_ws, self.before_target, [self.ours_name], self.ours_name, before))
        for _ in range(self.args.rounds):
            for ws, target, cleaned, built, into in runs:
                clean = [arg for name in cleaned for arg in ("-p", name)]
                run(["cargo", "clean", "--quiet", *clean, "--manifest-path", ws / "Cargo.toml"],
                    env=self.env_for(target))
                into.append(self.cargo("build", "--quiet", "-p", built, target=target, ws=ws)[0])
        ratio = report("clean build of the generated crate, dev, dependencies built", ours, theirs)
        print("  ours with its runtime crate rebuilt too: min %.3f  median %.3f  max %.3f s"
              % (min(with_runtime), statistics.median(with_runtime), max(with_runtime)))
        if before:
            print("  ours at %s: min %.3f  median %.3f  max %.3f s; now / then = %.3f"
                  % (self.args.before, min(before), statistics.median(before), max(before),
                     statistics.median(ours) / statistics.median(before)))
        return ratio

    def incremental(self):
        ours, theirs = [], []
        for name in (self.ours_name, self.theirs_name):
            self.cargo("build", "--quiet", "-p", name)
        for _ in range(self.args.rounds):
            for name, crate, into in ((self.ours_name, "ours", ours), (self.theirs_name, "progenitor", theirs)):
                (self.ws / crate / "src/lib.rs").touch()
                into.append(self.cargo("build", "--quiet", "-p", name)[0])
        return report("incremental rebuild after touching src/lib.rs, dev", ours, theirs)

    def cold(self):
        results = {}
        for name in (self.ours_name, self.theirs_name):
            target = self.work / f"cold-{name}"
            shutil.rmtree(target, ignore_errors=True)
            seconds, out = self.cargo("build", "-p", name, target=target)
            results[name] = (seconds, out.count("Compiling "))
            shutil.rmtree(target, ignore_errors=True)
        (o, oc), (t, tc) = results[self.ours_name], results[self.theirs_name]
        print("cold build, every dependency, dev (one round)")
        print(f"  ours        {o:.1f} s, {oc} crates")
        print(f"  progenitor  {t:.1f} s, {tc} crates (with rustls)")
        print(f"  ratio       progenitor / ours = {t / o:.2f}x")

    def call(self):
        manifest = ROOT / "scripts/bench/per-call/Cargo.toml"
        env = dict(os.environ, CARGO_TARGET_DIR=str(self.work / "per-call-target"))
        run(["cargo", "build", "--quiet", "--release", "--manifest-path", manifest], env=env)
        binary = self.work / "per-call-target/release/per-call"
        print("per call, loopback, release (generated client vs reqwest + serde_json by hand)")
        out = run([binary, str(self.args.calls), str(self.args.rounds * 3)])
        print("".join("  " + line + "\n" for line in out.splitlines()), end="")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per step and side")
    parser.add_argument("--only", default="codegen,build,incremental,cold,call")
    parser.add_argument("--spec", default=str(ROOT / "spec/voicetel.yaml"))
    parser.add_argument("--work", default=str(ROOT / "target/bench"))
    parser.add_argument("--before", metavar="REV",
                        help="also time the clean build of generated/ as committed at this git revision")
    parser.add_argument("--calls", type=int, default=2000, help="calls per batch in the per-call step")
    args = parser.parse_args()
    steps = args.only.split(",")
    bench = Bench(args)
    print(time.strftime("%Y-%m-%d %H:%M %Z"), f"on {os.cpu_count()} CPUs;", load())
    bench.prepare()
    print(f"spec {bench.spec.relative_to(ROOT) if bench.spec.is_relative_to(ROOT) else bench.spec}; "
          f"{args.rounds} rounds; {load()}\n")
    for step in steps:
        getattr(bench, step)()
        print(f"  ({load()})\n")


if __name__ == "__main__":
    main()
