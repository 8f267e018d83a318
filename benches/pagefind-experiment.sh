#!/usr/bin/env bash
#
# benches/pagefind-experiment.sh: what two changes inside Pagefind would buy
# guidegen's search stage (issue 19), measured, not assumed.
#
# Usage (from anywhere; WORK on tmpfs keeps the disk's noise out):
#
#   WORK=/dev/shm/pfe benches/pagefind-experiment.sh       # N=10,000, 3 rounds
#   N=1000 ROUNDS=1 benches/pagefind-experiment.sh
#
# It checks out guidegen at $BASE into WORK, copies Pagefind 1.6.0 from
# cargo's registry beside it and applies benches/pagefind-experiment/:
#   pagefind.patch: `add_html_files` (a batch of pages parsed in parallel,
#     kept in order, without the per-page URL search and copy of
#     `add_html_file`), and, behind environment variables, files held in
#     memory gzipped in parallel (`PF_PAR`) and the gzip level
#     (`PF_GZ_LEVEL`, upstream 9);
#   guidegen.patch: `PF_BATCH=K` hands pages over K at a time.
# Then, on the gen-site benchmark site: the patched build's output is
# compared with the unpatched path's (`diff -r`, must be identical at level
# 9), cold builds (search on) with each variant, and `build --cache` after
# one playbook is edited. Prints the search stage (`--timings`), wall
# clock, CPU and peak RSS of each. Nothing here asserts on timings.

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${BASE:-fbf7428}"
N="${N:-10000}"
ROUNDS="${ROUNDS:-3}"
WORK="${WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
GG="$WORK/guidegen"

if [ ! -d "$GG" ]; then
  git -C "$REPO" worktree add --detach "$GG" "$BASE" >/dev/null
  (cd "$GG" && cargo fetch --quiet)
  registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
  cp -r "$(find "$registry" -maxdepth 2 -name pagefind-1.6.0 | head -1)" "$WORK/pagefind"
  patch -d "$WORK/pagefind" -p1 <"$REPO/benches/pagefind-experiment/pagefind.patch" >/dev/null
  patch -d "$GG" -p1 <"$REPO/benches/pagefind-experiment/guidegen.patch" >/dev/null
  printf '\n[patch.crates-io]\npagefind = { path = "%s" }\n' "$WORK/pagefind" >>"$GG/Cargo.toml"
fi
(cd "$GG" && cargo build --release --quiet)
BIN="$GG/target/release/guidegen"
[ -d "$WORK/site" ] || (cd "$GG" && cargo run --release --quiet --example gen-site -- \
  --playbooks "$N" --out "$WORK/site" >/dev/null)

# build LABEL [--cache DIR] -- ENV…: one timed build into $WORK/out; a line.
build() {
  local label="$1"
  shift
  local args=()
  while [ "$1" != "--" ]; do args+=("$1"); shift; done
  shift
  rm -rf "$WORK/out"
  env "$@" /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$BIN" build --root "$WORK/site" \
    --output "$WORK/out" --timings "${args[@]}" >"$WORK/log" 2>&1 || { cat "$WORK/log"; exit 1; }
  read -r wall user sys rss <"$WORK/time"
  local search
  search="$(awk '/search index/ {print $3}' "$WORK/log")"
  printf '%-34s search %7s ms  wall %6.2f s  CPU %6.2f s  %5d MiB\n' "$label" "$search" \
    "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024))
}

BATCH="PF_BATCH=256 PF_PAR=1"
echo "same output: upstream path against the patched one (level 9)"
build "upstream path" -- PF_BATCH=0
mv "$WORK/out" "$WORK/out-upstream"
# shellcheck disable=SC2086
build "patched: batch + parallel gzip" -- $BATCH
if diff -r -q "$WORK/out-upstream" "$WORK/out" >/dev/null; then
  echo "identical"
else
  echo "OUTPUT DIFFERS"
  exit 1
fi
rm -rf "$WORK/out-upstream"

echo "cold builds, search on, N=$N"
for round in $(seq 1 "$ROUNDS"); do
  build "upstream path" -- PF_BATCH=0
  # shellcheck disable=SC2086
  build "batch + parallel gzip" -- $BATCH
  # shellcheck disable=SC2086
  build "batch + parallel gzip + level 6" -- $BATCH PF_GZ_LEVEL=6
done

echo "build --cache after one playbook's prose is edited"
PLAYBOOK="$(find "$WORK/site/content/playbooks" -name '*.md' | sort | sed -n 1p)"
rm -rf "$WORK/cache-a" "$WORK/cache-b"
build "(filling the cache, upstream path)" --cache "$WORK/cache-a" -- PF_BATCH=0
# shellcheck disable=SC2086
build "(filling the cache, patched)" --cache "$WORK/cache-b" -- $BATCH
for round in $(seq 1 "$ROUNDS"); do
  printf '\nA sentence added for the experiment, round %s.\n' "$round" >>"$PLAYBOOK"
  build "one edited: upstream path" --cache "$WORK/cache-a" -- PF_BATCH=0
  # shellcheck disable=SC2086
  build "one edited: batch + parallel gzip" --cache "$WORK/cache-b" -- $BATCH
done
