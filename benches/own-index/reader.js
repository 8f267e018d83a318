// A prototype reader for benches/own-index/writer.rs's index, with the
// calls of Pagefind's API that benches/search-vs-pagefind.sh times: init(),
// preload(query), search(query) -> {results: [{id, score, data()}]}. Not
// used by guidegen's pages. Plain JavaScript: no WebAssembly, no worker.
//
// A query's words are looked up among the words of the site (each chunk
// lists the words that stem to each of its stems): a whole word finds its
// stem's pages, a word not in the site is taken as the start of one (what a
// reader is still typing). Every word must match (as in Pagefind); pages
// are ranked by BM25 over the stems' counts and the pages' lengths.

const base = new URL("./", import.meta.url);
const K1 = 1.2;
const B = 0.75;
const EXCERPT_WORDS = 24;

let meta = null;
const chunks = new Map(); // file name -> Promise of its decoded stems

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
    pages: json.pages,
    average: json.averageLength,
    // Lengths were kept on a log scale: 8 * log2(length + 1).
    lengths: Float32Array.from(lengths, (q) => 2 ** (q / 8) - 1),
    chunks: json.chunks, // [first stem, last stem, file]
  };
}

const words = (text) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

// The chunks that may hold the stem of `word` (a stem is the word or a
// start of it, its last letter sometimes changed to "i") or stems that
// begin with it.
function chunksFor(word) {
  const found = new Set();
  for (const [first, last, file] of meta.chunks) {
    if (last >= word && first <= word + "\uffff") found.add(file);
    for (let k = 2; k <= word.length; k++) {
      const start = word.slice(0, k);
      const iForm = start.slice(0, -1) + "i";
      if ((first <= start && start <= last) || (first <= iForm && iForm <= last)) found.add(file);
    }
  }
  return [...found];
}

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
  const stems = [];
  while (at < bytes.length) {
    const stem = string();
    const forms = Array.from({ length: varint() }, string);
    const count = varint();
    const pages = new Uint32Array(count);
    const counts = new Uint16Array(count);
    let page = 0;
    for (let i = 0; i < count; i++) {
      page += varint();
      pages[i] = page;
      counts[i] = varint();
    }
    stems.push({ stem, forms, pages, counts });
  }
  return stems;
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

// The stems a query word stands for: the stem of the site's word it is,
// else the stems of every site word it starts.
async function stemsOf(word) {
  const stems = (await Promise.all(chunksFor(word).map(loadChunk))).flat();
  const exact = stems.filter((s) => s.forms.includes(word));
  if (exact.length) return exact;
  return stems.filter((s) => s.stem.startsWith(word) || s.forms.some((f) => f.startsWith(word)));
}

export async function search(query) {
  const terms = words(query || "");
  const scores = new Float32Array(meta.pages);
  const matched = new Uint8Array(meta.pages);
  for (const [n, word] of terms.entries()) {
    const stems = await stemsOf(word);
    for (const { pages, counts } of stems) {
      const idf = Math.log(1 + (meta.pages - pages.length + 0.5) / (pages.length + 0.5));
      for (let i = 0; i < pages.length; i++) {
        const page = pages[i];
        if (matched[page] < n) continue; // missed an earlier word
        const norm = K1 * (1 - B + (B * meta.lengths[page]) / meta.average);
        scores[page] += (idf * counts[i] * (K1 + 1)) / (counts[i] + norm);
        matched[page] = n + 1;
      }
    }
    terms[n] = { word, forms: stems.flatMap((s) => s.forms) };
  }
  const results = [];
  for (let page = 0; page < meta.pages; page++) {
    if (terms.length && matched[page] === terms.length) results.push(page);
  }
  results.sort((a, b) => scores[b] - scores[a] || a - b);
  const highlight = new Set(terms.flatMap((t) => t.forms));
  return {
    results: results.map((id) => ({ id, score: scores[id], data: () => fragment(id, highlight) })),
  };
}

async function fragment(id, highlight) {
  const page = JSON.parse(new TextDecoder().decode(await gunzipped(`fragment/${id}.json.gz`)));
  const tokens = page.text.split(/\s+/);
  const at = Math.max(0, tokens.findIndex((t) => highlight.has(words(t)[0])));
  const start = Math.max(0, at - EXCERPT_WORDS / 2);
  const excerpt = tokens
    .slice(start, start + EXCERPT_WORDS)
    .map((t) => (highlight.has(words(t)[0]) ? `<mark>${escape(t)}</mark>` : escape(t)))
    .join(" ");
  return { url: page.url, meta: { title: page.title }, excerpt };
}

const escape = (text) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
