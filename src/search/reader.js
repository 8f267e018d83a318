// guidegen's search index reader, written into each edition's bundle as
// `pagefind/pagefind.js` (src/search/bundle.rs writes the files it reads).
// It offers the calls of Pagefind's module API that the theme's search
// script makes: options(), init(), preload(query),
// search(query, {filters}) -> {results: [{id, score, data()}], filters},
// and filters(). Plain JavaScript: no WebAssembly, no worker.
//
// A query's words (split by Intl.Segmenter, as the index's ICU segmenter
// split the pages) are looked up among the site's words, each of which
// carries its stem's pages: a word finds its stem's pages and, at half
// weight, those of every longer word it starts (a reader still typing, a
// Chinese compound). Every word must match; pages are ranked by BM25 over
// the stems' counts and the pages' lengths, each query word by the best of
// the forms it matched on a page.

const base = new URL("./", import.meta.url);
const K1 = 1.2;
const B = 0.75;
const EXTENDED_WEIGHT = 0.5;
let excerptWords = 24;
let meta = null;
const chunks = new Map(); // file -> Promise of its decoded words
const facets = new Map(); // facet key -> Promise of {value: one byte a page}

async function gunzipped(path, fresh = false) {
  const response = await fetch(new URL(path, base), fresh ? { cache: "no-cache" } : {});
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A server that sent the file as Content-Encoding: gzip has unpacked it.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const json = async (path, fresh) => JSON.parse(new TextDecoder().decode(await gunzipped(path, fresh)));

/** Pagefind's options: only the excerpt's length in words is read. */
export async function options(settings = {}) {
  if (settings.excerptLength) excerptWords = settings.excerptLength;
}

export async function init() {
  if (meta) return;
  const index = await json("index.gg_meta", true);
  const lengths = Uint8Array.from(atob(index.lengths), (c) => c.charCodeAt(0));
  meta = {
    segmenter: new Intl.Segmenter(index.language, { granularity: "word" }),
    pages: index.pages,
    average: index.averageLength || 1,
    // Lengths are kept on a log scale: 8 * log2(length + 1).
    lengths: Float32Array.from(lengths, (q) => 2 ** (q / 8) - 1),
    chunks: index.chunks, // [first word, last word, file]
    filters: index.filters, // facet key -> file
    version: index.fragments, // a hash of every page's fragment
  };
}

// As the index folds them: lower-cased, without marks.
const folded = (word) => word.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();

// Text in segments, each word-like one split further at anything that is
// not a letter, digit or mark (src/search/words.rs does the same).
// Each part keeps the number of its segment (`seg`), so that an excerpt
// can widen to whole segments ("Arabia's", not "s").
function segments(text) {
  const parts = [];
  let seg = 0;
  for (const s of meta.segmenter.segment(text)) {
    seg += 1;
    if (!s.isWordLike) {
      parts.push({ text: s.segment, word: false, seg });
      continue;
    }
    for (const piece of s.segment.split(/([^\p{Alphabetic}\p{N}\p{M}]+)/u)) {
      if (piece) parts.push({ text: piece, word: /^[\p{Alphabetic}\p{N}\p{M}]/u.test(piece), seg });
    }
  }
  return parts;
}

const words = (text) => segments(text).filter((s) => s.word).map((s) => folded(s.text));

// Strings in code point order, as the index sorts its words.
function compare(a, b) {
  const x = a[Symbol.iterator]();
  const y = b[Symbol.iterator]();
  for (;;) {
    const p = x.next();
    const q = y.next();
    if (p.done || q.done) return (q.done ? 0 : -1) + (p.done ? 0 : 1);
    const d = p.value.codePointAt(0) - q.value.codePointAt(0);
    if (d) return d;
  }
}

// The chunks that may hold `word` or words that begin with it.
const chunksFor = (word) =>
  meta.chunks
    .filter(([first, last]) => compare(last, word) >= 0 && compare(first, word + "\u{10FFFF}") <= 0)
    .map(([, , file]) => file);

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
  const entries = [];
  while (at < bytes.length) {
    const length = varint();
    at += length;
    const word = text.decode(bytes.subarray(at - length, at));
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

/** Fetches the chunks `query`'s words need. */
export async function preload(query) {
  await init();
  await Promise.all(words(query).flatMap(chunksFor).map(loadChunk));
}

// The site's words a query word stands for, one per stem, each with its
// weight: the word itself, and every word it starts. With them, the words
// of the loaded chunks that share their stems, to mark in excerpts.
async function lookUp(word) {
  const entries = (await Promise.all(chunksFor(word).map(loadChunk))).flat();
  const byStem = new Map();
  for (const e of entries) if (e.word === word) byStem.set(e.stem, { ...e, weight: 1 });
  for (const e of entries) {
    if (e.word.startsWith(word) && !byStem.has(e.stem)) byStem.set(e.stem, { ...e, weight: EXTENDED_WEIGHT });
  }
  const loaded = (await Promise.all(chunks.values())).flat();
  const marked = loaded.filter((e) => byStem.has(e.stem)).map((e) => e.word);
  return { entries: [...byStem.values()], marked: [word, ...marked] };
}

// One facet's values and their pages, fetched once.
function loadFacet(key) {
  if (!facets.has(key)) {
    const loading = json(meta.filters[key]).then((values) => {
      const sets = {};
      for (const [value, deltas] of Object.entries(values)) {
        const set = new Uint8Array(meta.pages);
        let page = 0;
        for (const delta of deltas) set[(page += delta)] = 1;
        sets[value] = set;
      }
      return sets;
    });
    loading.catch(() => facets.delete(key));
    facets.set(key, loading);
  }
  return facets.get(key);
}

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

/** Each facet value's page count over the whole site; from now on,
 *  every search counts its results' facets too. */
export async function filters() {
  await init();
  return counted(await loadFacets(Object.keys(meta.filters)), null);
}

/** Pages matching every word of `query` (every page for no query; none
 *  for a query without words, such as "?") and
 *  `filters` ({key: {any: [values]}} or {key: [values]}: a page holds one
 *  of the values of each key), best first. */
export async function search(query, { filters = {} } = {}) {
  await init();
  const chosen = Object.entries(filters || {}).map(([key, values]) => [key, values.any || values]);
  const keys = Object.keys(meta.filters);
  // The facets filtered on, and all of them once the reader has seen them.
  const all = keys.every((key) => facets.has(key));
  const sets = await loadFacets(all ? keys : chosen.map(([key]) => key));
  const allowed = (page) => chosen.every(([key, values]) => values.some((value) => sets[key]?.[value]?.[page]));
  const text = (query || "").trim();
  const terms = words(text);
  const found = text && terms.length === 0 ? [] : await ranked(terms);
  const results = found.filter((r) => allowed(r.id));
  return { results, filters: all ? counted(sets, results.map((r) => r.id)) : {} };
}

async function ranked(terms) {
  const scores = new Float32Array(meta.pages);
  const matched = new Uint16Array(meta.pages); // how many words each page matched
  const best = new Float32Array(meta.pages); // this word's best score on each page
  const highlight = new Map(); // a form to mark → the query word it matched
  const idfOf = (pages) => Math.log(1 + (meta.pages - pages.length + 0.5) / (pages.length + 0.5));
  for (const [n, word] of terms.entries()) {
    const { entries, marked } = await lookUp(word);
    marked.forEach((w) => highlight.has(w) || highlight.set(w, n));
    // A longer word found by the word's start is rarer than the word, but
    // no better a match: it weighs no more than the word itself would.
    const exact = entries.filter((e) => e.weight === 1).map((e) => idfOf(e.pages));
    const ceiling = exact.length ? Math.max(...exact) : Infinity;
    const touched = [];
    for (const { pages, counts, weight } of entries) {
      const idf = Math.min(idfOf(pages), ceiling);
      for (let i = 0; i < pages.length; i++) {
        const page = pages[i];
        if (matched[page] < n) continue; // missed an earlier word
        const norm = K1 * (1 - B + (B * meta.lengths[page]) / meta.average);
        const score = (weight * idf * counts[i] * (K1 + 1)) / (counts[i] + norm);
        if (best[page] === 0) touched.push(page);
        best[page] = Math.max(best[page], score);
      }
    }
    // A word counts once on a page, by its best form there: `data` on a
    // page is not outscored by `data` plus every `database` it starts.
    for (const page of touched) {
      scores[page] += best[page];
      best[page] = 0;
      matched[page] = n + 1;
    }
  }
  const results = [];
  for (let page = 0; page < meta.pages; page++) {
    if (matched[page] === terms.length) results.push(page);
  }
  results.sort((a, b) => scores[b] - scores[a] || a - b);
  return results.map((id) => ({ id, score: scores[id], data: () => fragment(id, highlight) }));
}

const escape = (text) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

// A result's page: URL, metadata and an excerpt of `excerptWords` words
// where the query's words are densest, with what lies between them.
async function fragment(id, highlight) {
  const page = await json(`fragment/${id}.gg_page?v=${meta.version}`);
  const parts = segments(page.text);
  const wordAt = parts.flatMap((s, i) => (s.word ? [i] : []));
  const termOf = wordAt.map((i) => highlight.get(folded(parts[i].text)));
  const first = densest(termOf, Math.min(excerptWords, wordAt.length));
  let from = wordAt[first] ?? 0;
  let to = wordAt[Math.min(wordAt.length - 1, first + excerptWords - 1)] ?? -1;
  // Whole segments at both ends: "Arabia's cybersecurity", not "s cybersecurity".
  while (from > 0 && parts[from - 1].seg === parts[from].seg) from -= 1;
  while (to >= 0 && to + 1 < parts.length && parts[to + 1].seg === parts[to].seg) to += 1;
  const excerpt = parts
    .slice(from, to + 1)
    .map((s) => (s.word && highlight.has(folded(s.text)) ? `<mark>${escape(s.text)}</mark>` : escape(s.text)))
    .join("");
  return { url: page.url, meta: page.meta, excerpt, content: page.text };
}

// The first word of the window of `size` words holding the most of the
// query's words (`termOf`: each word's query word, or undefined), then the
// most matches: of the first such run of windows, the middle one, so that
// the matches sit in the excerpt's middle rather than at its edge.
function densest(termOf, size) {
  const inWindow = new Map(); // query word → its matches in the window
  let matches = 0;
  let best = -1;
  let run = [0, 0];
  let extending = false;
  const count = (term, by) => {
    if (term === undefined) return;
    const now = (inWindow.get(term) || 0) + by;
    if (now) inWindow.set(term, now);
    else inWindow.delete(term);
    matches += by;
  };
  for (let end = 0; end < termOf.length; end++) {
    count(termOf[end], 1);
    if (end >= size) count(termOf[end - size], -1);
    if (end < size - 1) continue;
    const start = end - size + 1;
    const score = inWindow.size * 65536 + matches;
    if (score > best) {
      [best, run, extending] = [score, [start, start], true];
    } else if (score === best && extending) {
      run[1] = start;
    } else {
      extending = false;
    }
  }
  return Math.floor((run[0] + run[1]) / 2);
}

