#!/usr/bin/env bash
#
# benches/cache.sh: what `guidegen build --cache DIR` saves a CI run.
#
# Usage (from anywhere):
#
#   benches/cache.sh                 # N = 10,000 playbooks, 3 rounds
#   N=1000 ROUNDS=1 benches/cache.sh
#
# Each round, on the gen-site benchmark site (examples/gen-site.rs):
#   1. `build` without a cache (a cold build, as CI runs today);
#   2. `build --cache` into an empty cache (it fills it);
#   3. `build --cache` again, nothing changed;
#   4. `build --cache` after one playbook's prose changed (a sentence added).
# Every build writes a new output folder, as a CI checkout does, and the
# output of 3 and 4 is compared with a cold build of the same sources.
# Prints wall-clock seconds and peak RSS of each. Nothing here asserts on
# timings.

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${N:-10000}"
ROUNDS="${ROUNDS:-3}"
WORK="${WORK:-$(mktemp -d)}"

cd "$REPO"
cargo build --release --quiet
cargo run --release --quiet --example gen-site -- --playbooks "$N" --out "$WORK/site" >/dev/null
BIN="$REPO/target/release/guidegen"
OUTS=0

# build NAME ARGS…: one timed build into a new folder; prints a line.
build() {
  local name="$1"
  shift
  OUTS=$((OUTS + 1))
  local out="$WORK/out-$OUTS"
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" build --root "$WORK/site" --output "$out" "$@" \
    2>"$WORK/stderr" || { cat "$WORK/stderr"; exit 1; }
  read -r wall rss <"$WORK/time"
  printf '%-28s %7.2f s %8d MiB\n' "$name" "$wall" $((rss / 1024))
  LAST_OUT="$out"
}

# same_as_cold: the last output equals a cold build of the same sources.
same_as_cold() {
  local cached="$LAST_OUT"
  build "  (cold build to compare)"
  diff -r -q "$cached" "$LAST_OUT" >/dev/null || { echo "OUTPUT DIFFERS"; exit 1; }
}

PLAYBOOK="$(find "$WORK/site/content/playbooks" -name '*.md' | sort | sed -n 1p)"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round, N=$N"
  rm -rf "$WORK/cache"
  build "cold, no cache"
  build "--cache, empty" --cache "$WORK/cache"
  build "--cache, nothing changed" --cache "$WORK/cache"
  same_as_cold
  # One sentence more in the first paragraph after the front matter.
  python3 - "$PLAYBOOK" "$round" <<'EOF'
import sys
path, round_ = sys.argv[1], sys.argv[2]
text = open(path).read()
head, sep, body = text.partition("+++\n\n")
head2, sep2, rest = body.partition("\n\n")
open(path, "w").write(head + sep + head2 + f" One more sentence, round {round_}." + sep2 + rest)
EOF
  build "--cache, one playbook edited" --cache "$WORK/cache"
  same_as_cold
done
# Deleted at the end only: ext4 slows file creation after large deletes,
# which would slow every later round.
rm -rf "$WORK"/out-*
echo "cache: $(du -sh "$WORK/cache" | cut -f1) in $WORK/cache"
