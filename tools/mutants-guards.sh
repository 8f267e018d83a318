#!/usr/bin/env bash
# Mutation testing of the guards: the code that keeps readers and authors
# safe (URL safety, serve's path and host guards, the output directory
# guard and the staged swap, routes, slugs, heading ids, diagnostic
# positions, the incremental edit classification, the language fallback).
# Unit tests only (`-C=--lib`): a guard's mutants die in seconds. Extra
# arguments go to both runs (`--in-place` skips copying the tree).
# Reports: target/mutants/{files,functions}/mutants.out/.
set -euo pipefail
cd "$(dirname "$0")/.."

common=(-C=--lib --timeout 120)
files=(
  src/markdown/url.rs
  src/routes.rs
  src/markdown/ids.rs
  src/markdown/local_links.rs
  src/pipeline/local_links.rs
  src/base/source.rs
  src/base/files.rs
  src/write/mod.rs
  src/serve/http.rs
  src/library/editions.rs
)
file_args=()
for f in "${files[@]}"; do file_args+=(--file "$f"); done

# Whole files, but not serve's responses (status pages, content types,
# headers), which are not guards.
cargo mutants "${common[@]}" "${file_args[@]}" -o target/mutants/files \
  --exclude-re 'src/serve/http\.rs.*(content_type|is_html|no_site_page|not_found|never_cache|router|file_response|escape_html|site_file)' \
  "$@"

# The guards that share a file with other code. cargo-mutants 27 lets
# struct-field deletions of other functions through `--re`: left out.
cargo mutants "${common[@]}" -o target/mutants/functions \
  --file src/content/mod.rs --file src/serve/single_page.rs \
  --re 'is_valid_slug|alias_path|LoadedSite::classify' --exclude-re 'delete field' \
  "$@"
