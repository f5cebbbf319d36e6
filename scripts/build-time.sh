#!/usr/bin/env bash
# Clean build time of the generated crate with its dependencies already built.
#
#   scripts/build-time.sh [-n RUNS] [--profiles "dev release check"] [--timings]
#                         [--target-dir DIR] [--manifest-path PATH] [-p PACKAGE]
#
# For each profile: one warm-up build (builds the dependencies), then RUNS times
# `cargo clean -p PACKAGE` + a timed `cargo build -p PACKAGE`; prints min and
# median wall time and CPU time (user + sys of cargo and rustc: less sensitive
# to other load on the machine than wall time; above wall time when rustc's
# back-end runs code generation units in parallel). `check` times
# `cargo check`, what an editor waits for.
# --timings adds one `cargo build --timings` per profile and prints the
# crate's total and front-end (until its .rmeta: parse, expansion, type and
# borrow checking) and back-end (code generation, LLVM) split.
#
# The builds go to their own target directory (default target/build-time), so
# they neither clean nor wait for the lock of the workspace's target; the
# first run builds the dependencies there once. --manifest-path measures a
# copy elsewhere (for experiments on edited generated code), with the same
# flags. The 1-minute load average is printed with the results: on a loaded
# machine trust the CPU time more than the wall time.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
runs=5
profiles="dev release check"
timings=0
manifest="$root/Cargo.toml"
package=voicetel
target_dir=""

while [ $# -gt 0 ]; do
    case "$1" in
        -n) runs="$2"; shift 2 ;;
        --profiles) profiles="$2"; shift 2 ;;
        --timings) timings=1; shift ;;
        --target-dir) target_dir="$2"; shift 2 ;;
        --manifest-path) manifest="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
        -p) package="$2"; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
if [ -z "$target_dir" ]; then
    target_dir="$(dirname "$manifest")/target/build-time"
fi
export CARGO_TARGET_DIR="$target_dir"
cargo=(cargo --quiet)
common=(--manifest-path "$manifest" -p "$package")

log="$(mktemp)"
tf="$(mktemp)"
trap 'rm -f "$log" "$tf"' EXIT
TIMEFORMAT='%3R %3U %3S'
# Runs cargo with the given arguments, timed; appends "wall cpu" to $tf.
timed() {
    if ! { time "${cargo[@]}" "$@" 2>"$log"; } 2>>"$tf"; then
        cat "$log" >&2
        exit 1
    fi
}
# min and median of the numbers on stdin
stats() { sort -g | awk '{ a[NR] = $1 } END {
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
    printf "min %6.2f s   median %6.2f s   (n=%d:", a[1], m, NR;
    for (i = 1; i <= NR; i++) printf " %.2f", a[i]; print ")" }'; }

flags_for() {
    case "$1" in
        dev) echo "build" ;;
        release) echo "build --release" ;;
        check) echo "check" ;;
        *) echo "unknown profile $1 (dev, release, check)" >&2; exit 2 ;;
    esac
}
clean_flags_for() {
    case "$1" in
        release) echo "--release" ;;
        *) echo "" ;;
    esac
}

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(rustc --version)"
echo "crate:   $package from $manifest"
echo "target:  $CARGO_TARGET_DIR"
echo

for profile in $profiles; do
    # shellcheck disable=SC2207
    cmd=($(flags_for "$profile"))
    # shellcheck disable=SC2207
    clean=($(clean_flags_for "$profile"))
    "${cargo[@]}" "${cmd[@]}" "${common[@]}" # dependencies, once
    : >"$tf"
    for _ in $(seq "$runs"); do
        "${cargo[@]}" clean "${common[@]}" "${clean[@]}" 2>/dev/null
        timed "${cmd[@]}" "${common[@]}"
    done
    printf '%-8s cargo %-15s wall %s\n' "$profile" "${cmd[*]}" "$(awk '{ print $1 }' "$tf" | stats)"
    printf '%-8s %-21s cpu  %s\n' "" "load $(cut -d' ' -f1 /proc/loadavg)" "$(awk '{ print $2 + $3 }' "$tf" | stats)"

    if [ "$timings" = 1 ]; then
        "${cargo[@]}" clean "${common[@]}" "${clean[@]}" 2>/dev/null
        if ! "${cargo[@]}" "${cmd[@]}" "${common[@]}" --timings >/dev/null 2>"$log"; then
            cat "$log" >&2
            exit 1
        fi
        html="$CARGO_TARGET_DIR/cargo-timings/cargo-timing.html"
        python3 - "$html" "$package" <<'EOF'
import json, re, sys
html = open(sys.argv[1]).read()
m = re.search(r"const UNIT_DATA = (\[.*?\n\]);", html, re.S)
for u in json.loads(m.group(1)) if m else []:
    if u["name"] == sys.argv[2] and u["duration"] > 0:
        parts = []
        for name, span in u.get("sections") or []:
            parts.append(f"{name} {span['end'] - span['start']:.2f} s")
        if u.get("rmeta_time"):
            parts = [f"front-end {u['rmeta_time']:.2f} s"]
        print(f"         --timings: {u['duration']:.2f} s ({', '.join(parts) or 'no split'})")
EOF
    fi
done

src="$(cargo metadata --manifest-path "$manifest" --no-deps --format-version 1 2>/dev/null |
    python3 -c 'import json, os, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == sys.argv[1]:
        print(os.path.join(os.path.dirname(p["manifest_path"]), "src"))' "$package")"
if [ -d "$src" ]; then
    echo
    echo "lines of $src:"
    ( cd "$src" && find . -name '*.rs' | sort | xargs wc -l | sed 's|\./||' | awk '
        /total$/ { total = $1; next }
        $2 ~ /^runtime\// { runtime += $1; next }
        $2 ~ /^apis\// { apis += $1; n++; next }
        { printf "  %7d  %s\n", $1, $2 }
        END { printf "  %7d  apis/*.rs (%d files)\n  %7d  runtime/*.rs (copied runtime)\n  %7d  total\n", apis, n, runtime, total }' )
fi
