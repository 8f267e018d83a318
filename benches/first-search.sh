#!/usr/bin/env bash
#
# benches/first-search.sh: what a reader's first search costs, measured in
# headless Chromium on a built benchmark site.
#
# Usage (from anywhere):
#
#   benches/first-search.sh            # N = 10,000 playbooks
#   N=1000 benches/first-search.sh
#
# What it does:
#   1. Writes the gen-site benchmark site (examples/gen-site.rs) at N
#      playbooks and builds it with guidegen (release) for a local address.
#   2. Serves the output with `python3 -m http.server` (no compression: every
#      file is counted as it lies on disk; guidegen's search index files
#      under pagefind/ (*.gg_meta, *.gg_chunk, *.gg_page, *.gg_filter) are
#      written gzipped, its reader pagefind/pagefind.js is not). A second
#      column counts each text file (script, HTML, CSS, JSON) gzipped at
#      level 6, as static hosts such as GitHub Pages or Netlify send it.
#   3. In a fresh headless Chromium (chromedriver), for each of two ways in:
#      - /search/: opens the page and searches for the first word;
#      - a playbook page's search box: focuses it and types the first word;
#      counts the bytes of every file the server sent (status 200, from its
#      request log and the files' sizes as they lie on disk) from opening
#      the page until the first results show, by kind.
#   4. Then, with the index loaded, searches each of 20 words on /search/
#      and prints the median and slowest time from the input event to the
#      results shown (ten, their data fetched), and the same words timed in
#      the search() of guidegen's index reader (pagefind/pagefind.js) alone.
#
# Needs: chromium and chromedriver (Debian packages), python3, jq, curl.
# Nothing here asserts on timings or sizes.

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${N:-10000}"
WORK="${WORK:-$(mktemp -d)}"
PORT="${PORT:-8765}"
DRIVER_PORT="${DRIVER_PORT:-9516}"
WORDS=(pricing threshold reseller network cluster quota workload migration
  tenant warehouse treasury ledger audit invoice metric dataset charter
  catalogue milestone gateway licence)

for tool in chromium chromedriver python3 jq curl; do
  command -v "$tool" >/dev/null || {
    echo "error: $tool is needed" >&2
    exit 1
  }
done

cd "$REPO"
cargo build --release --quiet --bin guidegen --example gen-site
GG="$REPO/target/release/guidegen"
GEN="$REPO/target/release/examples/gen-site"

site="$WORK/site-$N"
if [[ ! -f "$site/guidegen.toml" ]]; then
  "$GEN" --playbooks "$N" --out "$site" >/dev/null
fi
"$GG" build --root "$site" --output "$WORK/public-$N" --base-url "http://127.0.0.1:$PORT/" >/dev/null

requests="$WORK/requests-$N.log"
: >"$requests"
python3 -u -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/public-$N" >/dev/null 2>"$requests" &
server=$!
chromedriver --port="$DRIVER_PORT" >/dev/null 2>&1 &
driver=$!
trap 'kill $server $driver 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "localhost:$DRIVER_PORT/status" >/dev/null && curl -sf "127.0.0.1:$PORT/" >/dev/null && break
  sleep 0.1
done

wd() { # METHOD PATH [JSON]
  curl -s -X "$1" "localhost:$DRIVER_PORT$2" -H 'content-type: application/json' ${3:+-d "$3"}
}
new_session() {
  wd POST /session '{"capabilities":{"alwaysMatch":{"goog:chromeOptions":{"args":["--headless","--no-sandbox","--disable-gpu","--window-size=1280,900"]}}}}' |
    jq -r .value.sessionId
}
run_js() { # SESSION SCRIPT (async: the script calls done(value))
  local body
  body=$(jq -n --arg s "const done = arguments[arguments.length - 1]; $2" '{script: $s, args: []}')
  wd POST "/session/$1/execute/async" "$body" | jq -r .value
}

# The files sent since log line FROM, by kind: "kind bytes" lines.
sent_since() {
  tail -n +"$(($1 + 1))" "$requests" | sed -nE 's/.*"GET ([^ ?]*)[^"]*" 200 .*/\1/p' |
    while read -r path; do
      file="$WORK/public-$N$path"
      [[ -d "$file" ]] && file="$file/index.html"
      size=$(stat -c %s "$file" 2>/dev/null || echo 0)
      gzipped=$size
      case "$path" in
        *.js | *.css | *.json | */ | *.html) gzipped=$(gzip -6c "$file" 2>/dev/null | wc -c) ;;
      esac
      case "$path" in
        # guidegen's search index, per edition (pagefind/, zh/pagefind/ ...).
        */pagefind/pagefind.js) kind="search: script" ;;
        */pagefind/index.gg_meta) kind="search: meta" ;;
        */pagefind/chunk/*) kind="search: index chunks" ;;
        */pagefind/fragment/*) kind="search: fragments" ;;
        */pagefind/filter/*) kind="search: filters" ;;
        */pagefind/*) kind="search: other" ;;
        /search.js) kind="page: search.js" ;;
        *) kind="page: html, css, other" ;;
      esac
      echo "$kind $size $gzipped"
    done | awk '{k=$0; sub(/ [0-9]+ [0-9]+$/, "", k); b[k]+=$(NF-1); g[k]+=$NF; n[k]++; if (k ~ /^search/) {t+=$(NF-1); tg+=$NF}}
      END {for (k in b) printf "  %-24s %9d bytes, %9d gzipped, in %d files\n", k, b[k], g[k], n[k]; printf "  %-24s %9d bytes, %9d gzipped\n", "search total", t, tg}' | sort
}

first_search() { # LABEL URL SETUP-SCRIPT
  local session from
  session=$(new_session)
  wd POST "/session/$session/timeouts" '{"script": 120000}' >/dev/null
  from=$(wc -l <"$requests")
  wd POST "/session/$session/url" "{\"url\":\"http://127.0.0.1:$PORT$2\"}" >/dev/null
  local result
  result=$(run_js "$session" "$3
    const until = Date.now() + 60000;
    const wait = () => {
      if (ready()) done('results shown');
      else if (Date.now() > until) done('timed out');
      else setTimeout(wait, 20);
    };
    wait();")
  # The log line of the last request may trail the response by a moment.
  sleep 0.5
  echo "$1 ($result):"
  sent_since "$from"
  wd DELETE "/session/$session" >/dev/null
}

echo "N=$N: first search, bytes sent by the server (files as on disk; gzipped as a host sends them)"
first_search "from /search/" "/search/?q=${WORDS[0]}" \
  'const ready = () => document.querySelectorAll(".search-result").length > 0;'
playbook=$(find "$WORK/public-$N/playbooks" -mindepth 1 -maxdepth 1 -type d -printf '%P\n' | sort | sed -n 1p)
playbook="playbooks/$playbook/"
first_search "from a playbook page's search box" "/$playbook" \
  "const input = document.querySelector('input[type=search]');
   input.focus(); input.value = '${WORDS[0]}';
   input.dispatchEvent(new Event('input', {bubbles: true}));
   const ready = () => document.querySelectorAll('.search-popup-list li').length > 0;"

# Keypress to results, the index loaded.
session=$(new_session)
wd POST "/session/$session/timeouts" '{"script": 120000}' >/dev/null
wd POST "/session/$session/url" "{\"url\":\"http://127.0.0.1:$PORT/search/?q=${WORDS[0]}\"}" >/dev/null
times=()
# The first word is the query the page opened with: the next 20.
for word in "${WORDS[@]:1}"; do
  ms=$(run_js "$session" "
    const input = document.querySelector('[data-search-page] input, main input[type=search]');
    const results = document.querySelector('[data-search-results]') || document.querySelector('.search-results');
    const first = () => { const a = results && results.querySelector('a'); return a ? a.href : ''; };
    const settle = Date.now() + 60000;
    const loaded = () => results && results.dataset.state === 'done';
    const go = () => {
      if (!loaded()) { if (Date.now() < settle) return setTimeout(go, 20); return done(-1); }
      const before = first();
      const started = performance.now();
      input.value = '$word';
      input.dispatchEvent(new Event('input', {bubbles: true}));
      const check = () => {
        if (results.dataset.state === 'done' && first() !== before) done(Math.round(performance.now() - started));
        else if (performance.now() - started > 30000) done(-1);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    };
    go();")
  times+=("$ms")
done
# The same words again, typed a key at a time as a person types (120 ms a
# key): from the last key's input event to its results shown. (The first
# measure gets each word whole in one event, so none of its index chunks
# is loaded before that event; typed, the chunks load as the word grows.)
WORDS2=(pipeline contract forecast partner backlog runbook storage baseline
  agreement archive budget channel checklist customer delivery roadmap
  dashboard incident deployment inventory)
typed=()
for word in "${WORDS2[@]}"; do
  ms=$(run_js "$session" "
    const input = document.querySelector('[data-search-page] input, main input[type=search]');
    const results = document.querySelector('[data-search-results]');
    const word = '$word';
    const shows = () => results.dataset.state === 'done' && new URLSearchParams(location.search).get('q') === word;
    let started = 0;
    const type = (n) => {
      input.value = word.slice(0, n);
      if (n === word.length) started = performance.now();
      input.dispatchEvent(new Event('input', {bubbles: true}));
      if (n < word.length) setTimeout(() => type(n + 1), 120);
      else requestAnimationFrame(check);
    };
    const check = () => {
      if (shows()) done(Math.round(performance.now() - started));
      else if (performance.now() - started > 30000) done(-1);
      else requestAnimationFrame(check);
    };
    input.value = '';
    input.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => type(1), 300);")
  typed+=("$ms")
done

# The search() of guidegen's index reader for the same words, in the same
# page (pagefind/pagefind.js, the module the page loaded): the part of the
# keypress spent in the index, not in the page's search script.
engine=()
for word in "${WORDS[@]:1}"; do
  ms=$(run_js "$session" "
    import(new URL('pagefind/pagefind.js', new URL(document.documentElement.dataset.searchRoot || '/', location.href)).href)
      .then(async (pagefind) => {
        const started = performance.now();
        await pagefind.search('$word');
        done(Math.round(performance.now() - started));
      }, () => done(-1));")
  engine+=("$ms")
done
wd DELETE "/session/$session" >/dev/null
summary() { # LABEL TIMES...
  local label="$1" sorted median
  shift
  sorted=$(printf '%s\n' "$@" | sort -n)
  median=$(echo "$sorted" | awk '{a[NR]=$1} END {print (a[int((NR+1)/2)] + a[int(NR/2)+1]) / 2}')
  echo "$label (ms, 20 words): median $median, slowest $(echo "$sorted" | tail -1), all: $*"
}
summary "keypress to results on /search/" "${times[@]}"
summary "of which the reader's search() alone" "${engine[@]}"
summary "typed a key at a time, last key to results" "${typed[@]}"
