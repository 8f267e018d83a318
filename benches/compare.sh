#!/usr/bin/env bash
#
# benches/compare.sh: times guidegen against Hugo, Hugo + the Pagefind CLI,
# and Zola, each building the same generated site (examples/gen-site.rs).
#
# Usage (from anywhere; the script finds the repo from its own path):
#
#   benches/compare.sh                          # N = 1,000 and 10,000, 5 runs
#   N_LIST="1000" RUNS=3 benches/compare.sh     # a quick run
#   N_LIST="10000 100000" TOOLS="gg-on" RUNS=1 benches/compare.sh
#                                               # guidegen's scaling alone
#
# Environment:
#   N_LIST   playbook counts to generate           (default "1000 10000")
#   RUNS     timed runs per tool and N, after one warm-up run    (default 5)
#   TOOLS    which builds to run, of: gg-off hugo gg-on hugo-pf zola
#            (default: all; zola only when on PATH)
#   WORK     where sites and tools go (default: a new temp dir, removed at
#            the end unless KEEP=1)
#   KEEP=1   keep WORK (the sites, logs and raw timings)
#
# What it does:
#   1. Installs what is missing: GNU time and Debian's `hugo` (apt-get, as
#      root or with sudo) and the `pagefind` npm package (npm install into a
#      prefix under WORK). Zola is used only if `zola` is on PATH; otherwise
#      its rows are skipped with a note.
#   2. Builds guidegen and the gen-site example in release.
#   3. For each N, generates the sites: guidegen with `[search] enabled =
#      false`, guidegen with search on, the Hugo site and the Zola site.
#   4. For each N, runs the builds in alternation (one round runs each tool
#      once; the order rotates each round): 1 warm-up round, then RUNS timed
#      rounds. Every build starts from an empty output directory (removed
#      before the run, untimed). `/usr/bin/time` measures wall time, CPU time
#      (user + sys, children included) and peak RSS (of the largest process).
#   5. Prints the medians and the ratios that issue 6 sets targets for
#      (targets are for N = 10,000):
#        guidegen, search off  /  hugo                        wall <= 0.5, RSS <= 1
#        guidegen, search on   /  hugo + npx pagefind         wall <= 0.5, RSS <= hugo's
#        guidegen, search on   /  zola (build_search_index)   wall <= 0.35
#      and, when N_LIST has more than one N, how guidegen scales from the
#      smallest to the largest (target from 10,000 to 100,000: wall < 11x,
#      peak RSS < 2 GiB).
#
# Every build must succeed; a failure stops the script and shows its log.
# The machine is whatever this runs on: quote the header it prints with the
# table. Nothing here asserts on timings.

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N_LIST="${N_LIST:-1000 10000}"
TOOLS_WANTED="${TOOLS:-gg-off hugo gg-on hugo-pf zola}"
wants() { [[ " $TOOLS_WANTED " == *" $1 "* ]]; }
for t in $TOOLS_WANTED; do
  case "$t" in
    gg-off | hugo | gg-on | hugo-pf | zola) ;;
    *)
      echo "error: unknown tool '$t' in TOOLS (gg-off hugo gg-on hugo-pf zola)" >&2
      exit 2
      ;;
  esac
done
RUNS="${RUNS:-5}"
KEEP="${KEEP:-0}"
if [[ -n "${WORK:-}" ]]; then
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/guidegen-compare.XXXXXX")"
fi
WORK="$(cd "$WORK" && pwd)"
cleanup() {
  if [[ "$KEEP" != 1 ]]; then
    rm -rf "$WORK"
  else
    echo "kept $WORK" >&2
  fi
}
trap cleanup EXIT

say() { printf '== %s\n' "$*" >&2; }

# --- 1. tools ---------------------------------------------------------------

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then SUDO="sudo"; fi
APT_UPDATED=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [[ "$APT_UPDATED" == 0 ]]; then
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  $SUDO apt-get install -y -qq "$@" >/dev/null
}

if [[ ! -x /usr/bin/time ]]; then
  say "installing GNU time (apt-get)"
  apt_install time
fi
if wants hugo || wants hugo-pf; then
  if ! command -v hugo >/dev/null; then
    say "installing Debian's hugo (apt-get)"
    apt_install hugo || true
  fi
  if ! command -v hugo >/dev/null; then
    echo "error: hugo is not installed and could not be installed with apt-get" >&2
    exit 1
  fi
fi

TOOLS="$WORK/npm"
pagefind_version="-"
if wants hugo-pf; then
  mkdir -p "$TOOLS"
  if [[ ! -x "$TOOLS/node_modules/.bin/pagefind" ]]; then
    say "installing the pagefind npm package into $TOOLS"
    if ! command -v npm >/dev/null; then
      apt_install nodejs npm
    fi
    (cd "$TOOLS" && npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error pagefind >/dev/null)
  fi
  # `npx pagefind` as a Hugo user runs it; npx resolves the package from the
  # project it runs in, so it runs in $TOOLS with an absolute --site.
  pagefind_version="$(cd "$TOOLS" && npx --no-install pagefind --version | sed 's/^pagefind //')"
fi

HAVE_ZOLA=0
if ! wants zola; then
  :
elif command -v zola >/dev/null; then
  HAVE_ZOLA=1
else
  say "zola is not on PATH: its rows are skipped (install it and run again to compare)"
fi

# --- 2. guidegen ------------------------------------------------------------

say "building guidegen and gen-site (release)"
(cd "$REPO" && cargo build --release --quiet --bin guidegen --example gen-site)
TARGET_DIR="$(cd "$REPO" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
TARGET_DIR="${TARGET_DIR:-$REPO/target}"
GG="$TARGET_DIR/release/guidegen"
GEN="$TARGET_DIR/release/examples/gen-site"

# --- 3 and 4. generate and time ---------------------------------------------

RESULTS="$WORK/results.tsv" # N tool wall cpu rss_kib
: >"$RESULTS"

# The tools, in the order of the first round.
TOOL_IDS=()
for t in gg-off hugo gg-on hugo-pf; do
  if wants "$t"; then TOOL_IDS+=("$t"); fi
done
if [[ "$HAVE_ZOLA" == 1 ]]; then TOOL_IDS+=(zola); fi
if [[ ${#TOOL_IDS[@]} == 0 ]]; then
  echo "error: no tool to run (TOOLS=\"$TOOLS_WANTED\")" >&2
  exit 2
fi

label() {
  case "$1" in
    gg-off) echo "guidegen, search off" ;;
    gg-on) echo "guidegen, search on" ;;
    hugo) echo "hugo" ;;
    hugo-pf) echo "hugo + npx pagefind" ;;
    zola) echo "zola (search index)" ;;
  esac
}

# The site a tool builds, and the output directory it writes.
site_of() {
  case "$1" in
    gg-off) echo "$SITES/gg-off" ;;
    gg-on) echo "$SITES/gg-on" ;;
    hugo | hugo-pf) echo "$SITES/hugo" ;;
    zola) echo "$SITES/zola" ;;
  esac
}

# The command line (for bash -c) that builds TOOL's site.
build_cmd() {
  local site gg tools
  site="$(printf '%q' "$(site_of "$1")")"
  gg="$(printf '%q' "$GG")"
  tools="$(printf '%q' "$TOOLS")"
  case "$1" in
    gg-off | gg-on) echo "$gg build --root $site" ;;
    hugo) echo "hugo --quiet --source $site" ;;
    hugo-pf) echo "hugo --quiet --source $site && cd $tools && npx --no-install pagefind --site $site/public" ;;
    zola) echo "zola --root $site build" ;;
  esac
}

# run_one N TOOL ROUND: one clean build, timed; ROUND 0 is the warm-up.
run_one() {
  local n="$1" tool="$2" round="$3" site log tfile wall user sys rss cpu
  site="$(site_of "$tool")"
  log="$WORK/logs/$n-$tool-$round.log"
  tfile="$WORK/logs/$n-$tool-$round.time"
  rm -rf "$site/public"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$tfile" bash -c "$(build_cmd "$tool")" >"$log" 2>&1; then
    echo "error: $(label "$tool") failed at N=$n (round $round); its log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  read -r wall user sys rss < <(tail -n 1 "$tfile")
  cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  printf '   %-22s round %d: %6.2f s wall, %6.2f s CPU, %5d MiB\n' \
    "$(label "$tool")" "$round" "$wall" "$cpu" $((rss / 1024)) >&2
  if [[ "$round" -gt 0 ]]; then
    printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$wall" "$cpu" "$rss" >>"$RESULTS"
  fi
}

# gen-site's own message when it cannot write a site (it says why).
gen_failed() {
  echo "error: gen-site failed at N=$n; run it by hand to see why:" >&2
  echo "  $GEN --playbooks $n --out $SITES/<tool> --force" >&2
  exit 1
}

mkdir -p "$WORK/logs"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
for n in $N_LIST; do
  SITES="$WORK/sites-$n"
  say "N=$n: generating the sites"
  if wants gg-on; then
    "$GEN" --playbooks "$n" --out "$SITES/gg-on" --force >/dev/null 2>&1 || gen_failed
  fi
  if wants gg-off; then
    "$GEN" --playbooks "$n" --out "$SITES/gg-off" --force >/dev/null 2>&1 || gen_failed
    sed -i 's/^enabled = true$/enabled = false/' "$SITES/gg-off/guidegen.toml"
    grep -q '^enabled = false$' "$SITES/gg-off/guidegen.toml"
  fi
  if wants hugo || wants hugo-pf; then
    "$GEN" --playbooks "$n" --out "$SITES/hugo" --hugo --force >/dev/null 2>&1 || gen_failed
  fi
  if [[ "$HAVE_ZOLA" == 1 ]]; then
    "$GEN" --playbooks "$n" --out "$SITES/zola" --zola --force >/dev/null 2>&1 || gen_failed
  fi

  say "N=$n: 1 warm-up round + $RUNS timed rounds"
  count=${#TOOL_IDS[@]}
  for round in $(seq 0 "$RUNS"); do
    for k in $(seq 0 $((count - 1))); do
      run_one "$n" "${TOOL_IDS[$(((k + round) % count))]}" "$round"
    done
    if [[ "$round" == 0 ]]; then
      # The warm-up builds must be clean: guidegen prints warnings and
      # errors on stderr, and a summary line last.
      for t in gg-off gg-on; do
        wants "$t" || continue
        log="$WORK/logs/$n-$t-0.log"
        if grep -qE '^(warning|error)' "$log"; then
          echo "error: $(label "$t") reported problems at N=$n:" >&2
          grep -E '^(warning|error)' "$log" | head -n 20 >&2
          exit 1
        fi
        printf '   %s: %s\n' "$(label "$t")" "$(tail -n 1 "$log")" >&2
      done
    fi
  done
done

# --- 5. report --------------------------------------------------------------

# median N TOOL COLUMN (3 wall, 4 cpu, 5 rss in KiB): empty when no data.
median() {
  awk -F'\t' -v n="$1" -v t="$2" -v c="$3" '$1 == n && $2 == t { print $c }' "$RESULTS" |
    sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() { # a b
  if [[ -z "$1" || -z "$2" ]]; then
    echo "-"
  else
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'
  fi
}

cpu_model="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
mem_gib="$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
echo
echo "Machine: $(nproc) cores ($cpu_model), $mem_gib GiB RAM, $(uname -sr); load average at the start: $LOAD_START, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
hugo_version="-"
if command -v hugo >/dev/null; then hugo_version="$(hugo version | sed 's/ linux.*//')"; fi
echo "Tools: $("$GG" --version 2>/dev/null | head -n 1); $hugo_version; pagefind $pagefind_version (npm)$(
  [[ "$HAVE_ZOLA" == 1 ]] && echo "; $(zola --version)" || echo "; zola: not run")"
echo "Runs: 1 warm-up + $RUNS timed per tool and N, alternating; medians. CPU = user + sys."

for n in $N_LIST; do
  echo
  echo "N = $n playbooks ($((n / 200)) case studies)"
  printf '| %-22s | %8s | %8s | %13s |\n' "tool" "wall s" "CPU s" "peak RSS MiB"
  printf '|%s|%s|%s|%s|\n' "------------------------" "---------:" "---------:" "--------------:"
  for tool in gg-off hugo gg-on hugo-pf zola; do
    wants "$tool" || continue
    if [[ "$tool" == zola && "$HAVE_ZOLA" != 1 ]]; then
      printf '| %-22s | %8s | %8s | %13s |\n' "$(label zola)" "skipped" "-" "-"
      continue
    fi
    w="$(median "$n" "$tool" 3)"
    c="$(median "$n" "$tool" 4)"
    r="$(median "$n" "$tool" 5)"
    printf '| %-22s | %8.2f | %8.2f | %13.0f |\n' "$(label "$tool")" "$w" "$c" "$(awk -v r="$r" 'BEGIN { print r / 1024 }')"
  done

  if ! { wants gg-off && wants hugo; } && ! { wants gg-on && { wants hugo || wants hugo-pf || wants zola; }; }; then
    continue
  fi
  echo
  printf '| %-44s | %6s | %6s | %8s | %-24s |\n' "ratio (guidegen / other)" "wall" "CPU" "peak RSS" "target at N=10,000"
  printf '|%s|%s|%s|%s|%s|\n' "----------------------------------------------" "-------:" "-------:" "---------:" "--------------------------"
  row() { # label ours theirs target [rss-only]
    wants "$2" && wants "$3" || return 0
    local wall="-" cpu="-"
    if [[ -z "${5:-}" ]]; then
      wall="$(ratio "$(median "$n" "$2" 3)" "$(median "$n" "$3" 3)")"
      cpu="$(ratio "$(median "$n" "$2" 4)" "$(median "$n" "$3" 4)")"
    fi
    printf '| %-44s | %6s | %6s | %8s | %-24s |\n' "$1" "$wall" "$cpu" \
      "$(ratio "$(median "$n" "$2" 5)" "$(median "$n" "$3" 5)")" "$4"
  }
  row "search off: guidegen / hugo" gg-off hugo "wall <= 0.50, RSS <= 1"
  row "search on: guidegen / (hugo + pagefind)" gg-on hugo-pf "wall <= 0.50"
  row "search on: guidegen / hugo (peak RSS)" gg-on hugo "RSS <= 1" rss-only
  if [[ "$HAVE_ZOLA" == 1 ]]; then
    row "search on: guidegen / zola" gg-on zola "wall <= 0.35"
  elif wants zola && wants gg-on; then
    printf '| %-44s | %6s | %6s | %8s | %-24s |\n' "search on: guidegen / zola" "-" "-" "-" "zola skipped"
  fi
done

# How guidegen scales, from the smallest N to the largest.
n_small="$(tr ' ' '\n' <<<"$N_LIST" | grep . | sort -g | head -n 1)"
n_large="$(tr ' ' '\n' <<<"$N_LIST" | grep . | sort -g | tail -n 1)"
if [[ -n "${n_large:-}" && "$n_large" != "$n_small" ]]; then
  echo
  echo "Scaling from N = $n_small to N = $n_large (target from 10,000 to 100,000: wall < 11x, peak RSS < 2 GiB)"
  printf '| %-22s | %10s | %10s | %20s |\n' "guidegen" "wall ratio" "CPU ratio" "peak RSS at N=$n_large"
  printf '|%s|%s|%s|%s|\n' "------------------------" "-----------:" "-----------:" "---------------------:"
  for tool in gg-off gg-on; do
    wants "$tool" || continue
    printf '| %-22s | %10s | %10s | %16.2f GiB |\n' "$(label "$tool")" \
      "$(ratio "$(median "$n_large" "$tool" 3)" "$(median "$n_small" "$tool" 3)")" \
      "$(ratio "$(median "$n_large" "$tool" 4)" "$(median "$n_small" "$tool" 4)")" \
      "$(awk -v r="$(median "$n_large" "$tool" 5)" 'BEGIN { print r / 1048576 }')"
  done
fi
