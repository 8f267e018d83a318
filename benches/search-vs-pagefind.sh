#!/usr/bin/env bash
#
# benches/search-vs-pagefind.sh: what a search costs in guidegen's own
# search index (its reader pagefind/pagefind.js over the gzipped .gg_* files
# guidegen writes) against the Pagefind CLI's index over the Hugo site of
# the same content, measured in headless Chromium.
#
# Usage (from anywhere):
#
#   benches/search-vs-pagefind.sh                  # N = 10,000, 3 runs
#   N=1000 RUNS=1 WORK=/tmp/pf benches/search-vs-pagefind.sh
#
# Environment: N (playbooks), RUNS, WORK (sites, tools, request logs and the
# raw words.tsv, prefix.tsv, setup.tsv; default a new temp dir, kept),
# GG_PORT, HUGO_PORT, DRIVER_PORT.
#
# What it does:
#   1. Writes the gen-site benchmark site (examples/gen-site.rs) at N
#      playbooks for guidegen and for Hugo (`--hugo`), reusing sites already
#      in WORK; builds guidegen's (release) for its local address, Hugo's
#      with `hugo`, then indexes Hugo's output with `npx pagefind`, as a Hugo
#      user would. Installs what is missing as compare.sh does: Debian's
#      hugo (apt-get) and the pagefind npm package (into WORK/npm).
#   2. Serves each output with `python3 -m http.server` (request logs kept).
#   3. RUNS rounds; the side that goes first rotates. Each side gets a fresh
#      Chromium opened on /robots.txt (no site script runs), imports
#      /pagefind/pagefind.js (guidegen's reader, or Pagefind's script) and
#      sets it up: guidegen's side with options({baseUrl: '/'}) and init()
#      (its index is one per edition, nothing to merge), Hugo's with init().
#      It waits 2 s (Pagefind's init() returns before its worker has
#      loaded), then for each of 20 words times preload(word), search(word)
#      and the first ten results' data() together, and counts the index
#      chunk and result (fragment) bytes the word fetched (from the request
#      log and the files' sizes: Pagefind fetches from a worker, which
#      Resource Timing does not see).
#   4. Prefixes: for each of 5 words, a fresh page per side, set up as
#      above, times the first search() of its first 1, 2 and 3 letters.
#   5. Prints medians per side over words x runs, and whether both sides
#      count the same results for each word.
#
# Needs: chromium and chromedriver (Debian packages), python3, jq, curl.
# Nothing here asserts on timings or sizes.

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${N:-10000}"
RUNS="${RUNS:-3}"
WORK="${WORK:-$(mktemp -d)}"
GG_PORT="${GG_PORT:-8765}"
HUGO_PORT="${HUGO_PORT:-8766}"
DRIVER_PORT="${DRIVER_PORT:-9516}"
WORDS=(threshold reseller network cluster quota workload migration tenant
  warehouse treasury ledger audit invoice metric dataset charter catalogue
  milestone gateway licence)
PREFIX_WORDS=(pipeline contract forecast partner backlog)

for tool in chromium chromedriver python3 jq curl; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed" >&2; exit 1; }
done
WORK="$(mkdir -p "$WORK" && cd "$WORK" && pwd)"
say() { printf '== %s\n' "$*" >&2; }

# --- 1. tools, sites, builds (the install steps are compare.sh's) ------------
SUDO="$([[ "$(id -u)" == 0 ]] || echo sudo)"
apt() { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null; }
if ! command -v hugo >/dev/null; then
  say "installing Debian's hugo (apt-get)"
  apt hugo
fi
TOOLS="$WORK/npm"
if [[ ! -x "$TOOLS/node_modules/.bin/pagefind" ]]; then
  say "installing the pagefind npm package into $TOOLS"
  mkdir -p "$TOOLS"
  command -v npm >/dev/null || apt nodejs npm
  (cd "$TOOLS" && npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error pagefind >/dev/null)
fi

cd "$REPO"
cargo build --release --quiet --bin guidegen --example gen-site
GG="$REPO/target/release/guidegen"
GEN="$REPO/target/release/examples/gen-site"
site="$WORK/site-$N" hugo_site="$WORK/hugo-$N"
[[ -f "$site/guidegen.toml" ]] || "$GEN" --playbooks "$N" --out "$site" >/dev/null
[[ -f "$hugo_site/hugo.toml" ]] || "$GEN" --playbooks "$N" --out "$hugo_site" --hugo >/dev/null
say "building with guidegen, hugo, then pagefind (N=$N)"
rm -rf "$WORK/public-$N" "$hugo_site/public"
"$GG" build --root "$site" --output "$WORK/public-$N" --base-url "http://127.0.0.1:$GG_PORT/" >/dev/null
hugo --quiet --source "$hugo_site"
(cd "$TOOLS" && npx --no-install pagefind --site "$hugo_site/public" >"$WORK/pagefind.log")

# --- 2. servers and driver ----------------------------------------------------
SIDES=(gg hugo)
declare -A ROOT=([gg]="$WORK/public-$N" [hugo]="$hugo_site/public")
declare -A PORT=([gg]="$GG_PORT" [hugo]="$HUGO_PORT")
declare -A LOG=([gg]="$WORK/requests-gg.log" [hugo]="$WORK/requests-hugo.log")
declare -A MODULE=([gg]=/pagefind/pagefind.js [hugo]=/pagefind/pagefind.js)
declare -A SETUP=(
  [gg]="await pf.options({baseUrl: '/'});
    await pf.init();"
  [hugo]="await pf.init();")
pids=() session=""
for side in "${SIDES[@]}"; do
  : >"${LOG[$side]}"
  python3 -u -m http.server "${PORT[$side]}" --bind 127.0.0.1 --directory "${ROOT[$side]}" >/dev/null 2>"${LOG[$side]}" &
  pids+=($!)
done
chromedriver --port="$DRIVER_PORT" >/dev/null 2>&1 &
pids+=($!)
# A session left open (the script stopped mid-way) would leave its Chromium.
trap '[[ -n $session ]] && wd DELETE "/session/$session" >/dev/null; kill "${pids[@]}" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "localhost:$DRIVER_PORT/status" >/dev/null && curl -sf "127.0.0.1:$GG_PORT/robots.txt" >/dev/null &&
    curl -sf "127.0.0.1:$HUGO_PORT/robots.txt" >/dev/null && break
  sleep 0.1
done

wd() { # METHOD PATH [JSON]
  curl -s -X "$1" "localhost:$DRIVER_PORT$2" -H 'content-type: application/json' ${3:+-d "$3"}
}
run_js() { # SCRIPT (async, in $session: the script calls done(value))
  local body value
  body=$(jq -n --arg s "const done = arguments[arguments.length - 1]; $1" '{script: $s, args: []}')
  value=$(wd POST "/session/$session/execute/async" "$body" | jq -r .value)
  # A failed script (done('ERR ...')) or a driver error (an object) stops here.
  [[ "$value" != ERR* && "$value" != "{"* ]] || { echo "error: $value" >&2; return 1; }
  echo "$value"
}
lines() { wc -l <"${LOG[$1]}"; }
# sent SIDE FROM [REGEX]: bytes of the files sent (200) after log line FROM,
# those whose path matches REGEX (default: all), as they lie on disk.
sent() {
  tail -n +"$(($2 + 1))" "${LOG[$1]}" | sed -nE 's/.*"GET ([^ ?"]*)[^"]*" 200 .*/\1/p' |
    while read -r path; do
      if [[ "$path" =~ ${3:-.} ]]; then stat -c %s "${ROOT[$1]}$path" 2>/dev/null || echo 0; fi
    done | awk '{b += $1} END {print b + 0}'
}
# guidegen's files, then Pagefind's (of every bundle).
INDEX='^/pagefind/chunk/|^/pagefind[^/]*/index/' # the index chunks
FRAGMENTS='^/pagefind[^/]*/fragment/' # results' data

# open_side SIDE RUN WHAT: a fresh Chromium in $session, the side's search
# module set up as window.pf; its setup time and all bytes it loaded to
# setup.tsv.
open_side() {
  local from ms
  session=$(wd POST /session '{"capabilities":{"alwaysMatch":{"goog:chromeOptions":{"args":["--headless","--no-sandbox","--disable-gpu"]}}}}' |
    jq -r .value.sessionId)
  wd POST "/session/$session/timeouts" '{"script": 120000}' >/dev/null
  wd POST "/session/$session/url" "{\"url\":\"http://127.0.0.1:${PORT[$1]}/robots.txt\"}" >/dev/null
  from=$(lines "$1")
  ms=$(run_js "import('${MODULE[$1]}').then(async (pf) => {
      const t0 = performance.now();
      ${SETUP[$1]}
      window.pf = pf;
      done(Math.round(performance.now() - t0));
    }).catch((e) => done('ERR ' + e));")
  sleep 2
  printf '%s\t%s\t%s\t%s\t%s\n' "$2" "$1" "$3" "$ms" "$(sent "$1" "$from")" >>"$WORK/setup.tsv"
}
close_side() { wd DELETE "/session/$session" >/dev/null; session=""; }

# words.tsv: run side word preload_ms search_ms data_ms results index_bytes data_bytes
words_side() { # SIDE RUN
  local w from r
  open_side "$1" "$2" words
  for w in "${WORDS[@]}"; do
    from=$(lines "$1")
    r=$(run_js "(async () => {
        const t0 = performance.now();
        await pf.preload('$w');
        const t1 = performance.now();
        const r = await pf.search('$w');
        const t2 = performance.now();
        await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
        const t3 = performance.now();
        done([t1 - t0, t2 - t1, t3 - t2].map(Math.round).join('\t') + '\t' + r.results.length);
      })().catch((e) => done('ERR ' + e));")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$1" "$w" "$r" "$(sent "$1" "$from" "$INDEX")" \
      "$(sent "$1" "$from" "$FRAGMENTS")" >>"$WORK/words.tsv"
  done
  close_side
}
# prefix.tsv: run side word prefix search_ms results index_bytes
prefix_side() { # SIDE RUN
  local w k from r
  for w in "${PREFIX_WORDS[@]}"; do
    open_side "$1" "$2" "prefix $w"
    for k in 1 2 3; do
      from=$(lines "$1")
      r=$(run_js "const t = performance.now(); pf.search('${w:0:k}').then(
          (r) => done(Math.round(performance.now() - t) + '\t' + r.results.length), (e) => done('ERR ' + e));")
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$1" "$w" "${w:0:k}" "$r" "$(sent "$1" "$from" "$INDEX")" >>"$WORK/prefix.tsv"
    done
    close_side
  done
}

# --- 3 and 4. the runs ----------------------------------------------------------
: >"$WORK/words.tsv"; : >"$WORK/prefix.tsv"; : >"$WORK/setup.tsv"
for run in $(seq 1 "$RUNS"); do
  shift_by=$(((run - 1) % ${#SIDES[@]}))
  order=("${SIDES[@]:shift_by}" "${SIDES[@]:0:shift_by}")
  for side in "${order[@]}"; do
    say "run $run: $side, words (load $(cut -d' ' -f1-3 /proc/loadavg))"
    words_side "$side" "$run"
  done
  for side in "${order[@]}"; do
    say "run $run: $side, prefixes"
    prefix_side "$side" "$run"
  done
done

# --- 5. summary ----------------------------------------------------------------
med() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# col FILE SIDE COLUMN...: SIDE's rows of FILE, the sum of the columns.
col() { awk -F'\t' -v s="$2" -v cs="${*:3}" '$2 == s {n = split(cs, c, " "); t = 0; for (i = 1; i <= n; i++) t += $c[i]; print t}' "$WORK/$1"; }
name() {
  case $1 in
    gg) echo "guidegen (own index)" ;;
    hugo) echo "hugo + pagefind CLI" ;;
  esac
}
echo
echo "N=$N, $RUNS run(s), ${#WORDS[@]} words; $(cd "$TOOLS" && npx --no-install pagefind --version); $(hugo version | cut -d' ' -f1-2)"
echo "Medians over words x runs (ms; index bytes: chunk files as on disk, per word):"
printf '  %-22s %8s %12s %8s %8s %8s %8s %12s %12s\n' side setup "setup bytes" preload search data total "index bytes" "data bytes"
for side in "${SIDES[@]}"; do
  printf '  %-22s %8s %12s %8s %8s %8s %8s %12s %12s\n' "$(name $side)" "$(col setup.tsv $side 4 | med)" "$(col setup.tsv $side 5 | med)" \
    "$(col words.tsv $side 4 | med)" "$(col words.tsv $side 5 | med)" "$(col words.tsv $side 6 | med)" \
    "$(col words.tsv $side 4 5 6 | med)" "$(col words.tsv $side 8 | med)" "$(col words.tsv $side 9 | med)"
done
echo "  (setup: import to init() done, and all it loaded in that and the 2 s after;"
echo "   data: the first ten results' data() together; bytes as the files lie on"
echo "   disk, the scripts not gzipped; a first query costs setup + index + data bytes)"
echo "Result counts per word, both sides (all runs):"
awk -F'\t' '{n[$3, $2] = n[$3, $2] " " $7; if (!($3 in seen)) {seen[$3] = 1; order[++k] = $3}}
  END {same = 0; for (i = 1; i <= k; i++) {w = order[i]; if (n[w, "gg"] == n[w, "hugo"]) same++;
    else printf "  differ: %s: guidegen%s, hugo%s\n", w, n[w, "gg"], n[w, "hugo"]}
    printf "  equal on both sides for %d of %d words\n", same, k}' "$WORK/words.tsv"
echo "First search() of a prefix, fresh page (ms, median over ${#PREFIX_WORDS[@]} words x runs):"
for side in "${SIDES[@]}"; do
  printf '  %-22s' "$(name $side)"
  for k in 1 2 3; do
    printf '  length %d: %6s' "$k" "$(awk -F'\t' -v s=$side -v k=$k '$2 == s && length($4) == k {print $5}' "$WORK/prefix.tsv" | med)"
  done
  echo
done
echo "Raw data in $WORK (words.tsv, prefix.tsv, setup.tsv, requests-*.log)"
