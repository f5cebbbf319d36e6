#!/usr/bin/env bash
# The change report between two published versions of one real spec: GitHub's
# REST API as shipped in `@octokit/openapi` 22.0.0 and 23.0.0 (13 MB each, too
# large to keep in the repository).
#
#   scripts/diff-public-spec.sh [WORK_DIR]      (default /tmp/diff-public)
#
# Fetches both packages with `npm pack`, extracts `generated/api.github.com.json`
# as WORK_DIR/22.0.0.json and WORK_DIR/23.0.0.json, and writes the report of
# `cargo xtask diff` to WORK_DIR/report.txt. Then the ignored test checks it:
#
#   DIFF_PUBLIC_DIR=WORK_DIR cargo test -p codegen --test diff -- --ignored
#
# Needs: npm, tar, cargo.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/diff-public}"
mkdir -p "$work"
for version in 22.0.0 23.0.0; do
  if [ ! -s "$work/$version.json" ]; then
    rm -rf "$work/pack-$version" && mkdir -p "$work/pack-$version"
    (cd "$work/pack-$version" && npm pack --silent "@octokit/openapi@$version" >/dev/null)
    tar -xzf "$work/pack-$version"/*.tgz -C "$work/pack-$version" package/generated/api.github.com.json
    mv "$work/pack-$version/package/generated/api.github.com.json" "$work/$version.json"
    rm -rf "$work/pack-$version"
  fi
done
(cd "$root" && cargo run --quiet --release -p xtask -- diff "$work/22.0.0.json" "$work/23.0.0.json") >"$work/report.txt"
grep -c . "$work/report.txt" | sed 's/$/ lines/'
cut -d' ' -f1 "$work/report.txt" | sort | uniq -c
tail -n 1 "$work/report.txt"
