#!/usr/bin/env bash
# Mutation testing of the guards: the code that keeps readers and authors
# safe (URL safety, serve's path and host guards, the output folder guard
# and the staged swap, routes, slugs, heading ids, diagnostic positions,
# the incremental edit classification, the language fallback).
#
# Each guard's mutants are judged by its own module's unit tests
# (`-C=--lib` and a test filter), so that each dies in seconds. Extra
# arguments go to every run (`--in-place` skips copying the tree);
# GUARDS="ids output" runs only those. Reports:
# target/mutants/NAME/mutants.out/, totals at the end; the exit status is
# cargo-mutants' worst (0: every mutant caught or unviable).
set -uo pipefail
cd "$(dirname "$0")/.."

# NAME ; what cargo-mutants examines ; the unit tests that judge it
guards=(
  "url;--file src/markdown/url.rs;markdown::"
  "routes;--file src/routes.rs;routes::"
  "ids;--file src/markdown/ids.rs;markdown::"
  "links;--file src/markdown/local_links.rs;markdown::"
  "link-check;--file src/pipeline/local_links.rs;pipeline::"
  "positions;--file src/base/source.rs;base::"
  "boundary;--file src/base/files.rs;base::"
  "output;--file src/write/mod.rs;write::"
  # Serve's responses (status pages, content types, headers) are not
  # guards; the middleware that applies host_refusal is tested through the
  # server (tests/serve_hostile.rs).
  "serve-paths;--file src/serve/http.rs --exclude-re (content_type|is_html|no_site_page|not_found|never_cache|router|file_response|escape_html|site_file|loopback_host_only);serve::http"
  "fallback;--file src/library/editions.rs;library::editions"
  "slugs;--file src/content/mod.rs --re (is_valid_slug|alias_path);content::"
  # cargo-mutants 27 lets struct-field deletions of other functions
  # through `--re`: they are left out.
  "classify;--file src/serve/single_page.rs --re LoadedSite::classify --exclude-re delete.field;serve::rebuild"
)

status=0
ran=()
for guard in "${guards[@]}"; do
  IFS=';' read -r name what tests <<<"$guard"
  if [[ -n "${GUARDS:-}" && " $GUARDS " != *" $name "* ]]; then
    continue
  fi
  ran+=("target/mutants/$name/mutants.out")
  mkdir -p "target/mutants/$name" # cargo-mutants makes only the last folder
  # shellcheck disable=SC2086 # `what` is a list of arguments
  cargo mutants -C=--lib --timeout 60 -o "target/mutants/$name" $what "$@" -- $tests
  code=$?
  ((code > status)) && status=$code
done

total() { for d in "${ran[@]}"; do cat "$d/$1.txt"; done | wc -l; }
echo "guards: $(total caught) caught, $(total unviable) unviable," \
  "$(total missed) missed, $(total timeout) timed out"
exit "$status"
