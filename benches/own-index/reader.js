// A prototype reader for benches/own-index/writer.rs's index, with the
// calls of Pagefind's API that benches/search-vs-pagefind.sh times: init(),
// preload(query), search(query, filters) -> {results: [{id, score,
// data()}], filters}, and facetCounts() (pagefind-shim.js puts Pagefind's
// names on them for guidegen's own search page). Not used by guidegen's
// pages. Plain JavaScript: no WebAssembly, no worker.
//
// A query's words (found by Intl.Segmenter, as the writer's ICU segmenter
// finds them) are looked up among the words of the site, each of which
// carries its stem's pages: a word finds its stem's pages and those of
// every longer word it starts (what a reader is still typing, or a
// compound in Chinese), these at half weight, as Pagefind does. Every word
// must match (as in Pagefind); pages are ranked by BM25 over the stems'
// counts and the pages' lengths.

const base = new URL("./", import.meta.url);
const K1 = 1.2;
const B = 0.75;
const EXCERPT_WORDS = 24;

let meta = null;
const chunks = new Map(); // file name -> Promise of its decoded entries

async function gunzipped(path) {
  const response = await fetch(new URL(path, base));
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function init() {
  const json = JSON.parse(new TextDecoder().decode(await gunzipped("meta.json.gz")));
  const lengths = Uint8Array.from(atob(json.lengths), (c) => c.charCodeAt(0));
  meta = {
    segmenter: new Intl.Segmenter(json.language, { granularity: "word" }),
    pages: json.pages,
    average: json.averageLength,
    // Lengths were kept on a log scale: 8 * log2(length + 1).
    lengths: Float32Array.from(lengths, (q) => 2 ** (q / 8) - 1),
    chunks: json.chunks, // [first word, last word, file]
    filters: json.filters, // the facets' keys
  };
}

// As the writer folds them: without marks, lower-cased.
const folded = (word) => word.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();

const segments = (text) => [...meta.segmenter.segment(text)];
const words = (text) => segments(text).filter((s) => s.isWordLike).map((s) => folded(s.segment));

// The chunks that may hold `word` or words that begin with it.
const chunksFor = (word) =>
  meta.chunks.filter(([first, last]) => last >= word && first <= word + "\uffff").map(([, , file]) => file);

function decodeChunk(bytes) {
  let at = 0;
  const varint = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  const text = new TextDecoder();
  const string = () => {
    const length = varint();
    at += length;
    return text.decode(bytes.subarray(at - length, at));
  };
  const entries = [];
  while (at < bytes.length) {
    const word = string();
    const stem = varint();
    const count = varint();
    const pages = new Uint32Array(count);
    const counts = new Uint16Array(count);
    let page = 0;
    for (let i = 0; i < count; i++) {
      page += varint();
      pages[i] = page;
      counts[i] = varint();
    }
    entries.push({ word, stem, pages, counts });
  }
  return entries;
}

function loadChunk(file) {
  if (!chunks.has(file)) {
    const loading = gunzipped(file).then(decodeChunk);
    loading.catch(() => chunks.delete(file));
    chunks.set(file, loading);
  }
  return chunks.get(file);
}

export async function preload(query) {
  await Promise.all(words(query).flatMap(chunksFor).map(loadChunk));
}

const EXTENDED_WEIGHT = 0.5;

// The site's words a query word stands for, one per stem, each with its
// weight: the word itself, and every word it starts. With them, every word
// of the loaded chunks that shares their stems, to mark in excerpts.
async function lookUp(word) {
  const entries = (await Promise.all(chunksFor(word).map(loadChunk))).flat();
  const byStem = new Map();
  for (const e of entries.filter((e) => e.word === word)) byStem.set(e.stem, { ...e, weight: 1 });
  for (const e of entries.filter((e) => e.word.startsWith(word) && !byStem.has(e.stem))) {
    byStem.set(e.stem, { ...e, weight: EXTENDED_WEIGHT });
  }
  const loaded = (await Promise.all(chunks.values())).flat();
  const marked = loaded.filter((e) => byStem.has(e.stem)).map((e) => e.word);
  return { entries: [...byStem.values()], marked: [word, ...marked] };
}

const facets = new Map(); // key -> Promise of {value: Uint8Array, one byte a page}

// One facet's values and their pages, fetched once.
function loadFacet(key) {
  if (!facets.has(key)) {
    const loading = gunzipped(`filter/${key}.json.gz`).then((bytes) => {
      const values = {};
      for (const [value, deltas] of Object.entries(JSON.parse(new TextDecoder().decode(bytes)))) {
        const set = new Uint8Array(meta.pages);
        let page = 0;
        for (const delta of deltas) set[(page += delta)] = 1;
        values[value] = set;
      }
      return values;
    });
    loading.catch(() => facets.delete(key));
    facets.set(key, loading);
  }
  return facets.get(key);
}

// The facets `keys`, as {key: {value: set}}.
async function loadFacets(keys) {
  const sets = await Promise.all(keys.map(loadFacet));
  return Object.fromEntries(keys.map((key, i) => [key, sets[i]]));
}

// How many of `pages` (every page when null) each facet value holds.
function counted(sets, pages) {
  const counts = {};
  for (const [key, values] of Object.entries(sets)) {
    counts[key] = {};
    for (const [value, set] of Object.entries(values)) {
      let n = 0;
      if (pages === null) for (let p = 0; p < meta.pages; p++) n += set[p];
      else for (const p of pages) n += set[p];
      counts[key][value] = n;
    }
  }
  return counts;
}

/** Each facet value's page count over the whole site. */
export async function facetCounts() {
  return counted(await loadFacets(meta.filters), null);
}

/** `filters` as Pagefind takes them: {key: {any: [values]}} or {key:
 *  [values]}; a page must hold one of the values of every key. Once every
 *  facet is loaded (facetCounts()), the results carry their own counts. */
export async function search(query, filters = {}) {
  const chosen = Object.entries(filters || {}).map(([key, values]) => [key, values.any || values]);
  // The facets filtered on, and all of them once the reader has seen them.
  const all = meta.filters.every((key) => facets.has(key));
  const sets = await loadFacets(all ? meta.filters : chosen.map(([key]) => key));
  const allowed = (page) =>
    chosen.every(([key, values]) => values.some((value) => sets[key]?.[value]?.[page]));
  const found = await ranked(query);
  const results = found.results.filter((r) => allowed(r.id));
  return { results, filters: all ? counted(sets, results.map((r) => r.id)) : undefined };
}

async function ranked(query) {
  const terms = words(query || "");
  const scores = new Float32Array(meta.pages);
  const matched = new Uint16Array(meta.pages); // how many words each page matched
  const highlight = new Set();
  for (const [n, word] of terms.entries()) {
    const { entries, marked } = await lookUp(word);
    marked.forEach((w) => highlight.add(w));
    for (const { pages, counts, weight } of entries) {
      const idf = Math.log(1 + (meta.pages - pages.length + 0.5) / (pages.length + 0.5));
      for (let i = 0; i < pages.length; i++) {
        const page = pages[i];
        if (matched[page] < n) continue; // missed an earlier word
        const norm = K1 * (1 - B + (B * meta.lengths[page]) / meta.average);
        scores[page] += (weight * idf * counts[i] * (K1 + 1)) / (counts[i] + norm);
        matched[page] = n + 1;
      }
    }
  }
  const results = [];
  for (let page = 0; page < meta.pages; page++) {
    // No words: every page (the filters choose).
    if (matched[page] === terms.length) results.push(page);
  }
  results.sort((a, b) => scores[b] - scores[a] || a - b);
  return {
    results: results.map((id) => ({ id, score: scores[id], data: () => fragment(id, highlight) })),
  };
}

async function fragment(id, highlight) {
  const page = JSON.parse(new TextDecoder().decode(await gunzipped(`fragment/${id}.json.gz`)));
  // EXCERPT_WORDS words around the first one marked, with what lies
  // between them (spaces, punctuation; nothing in Chinese).
  const parts = segments(page.text);
  const wordAt = parts.flatMap((s, i) => (s.isWordLike ? [i] : []));
  const hit = wordAt.findIndex((i) => highlight.has(folded(parts[i].segment)));
  const first = Math.max(0, hit - EXCERPT_WORDS / 2);
  const from = wordAt[first] ?? 0;
  const to = wordAt[Math.min(wordAt.length - 1, first + EXCERPT_WORDS - 1)] ?? -1;
  const excerpt = parts
    .slice(from, to + 1)
    .map((s) => (s.isWordLike && highlight.has(folded(s.segment)) ? `<mark>${escape(s.segment)}</mark>` : escape(s.segment)))
    .join("");
  return { url: page.url, meta: page.meta, excerpt };
}

const escape = (text) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
