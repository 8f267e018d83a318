// Pagefind's module API over the prototype reader (reader.js), so that
// guidegen's own search page runs on the prototype index unchanged:
// `ENGINE=own benches/first-search.sh` puts this file where the page
// imports pagefind/pagefind.js from. Bundles to merge are already in the
// prototype's one index; the options are Pagefind's own.
const own = await import(new URL("../ownindex/reader.js", import.meta.url).href);

export async function options() {}
export async function mergeIndex() {}
export const init = () => own.init();
export const preload = (query) => own.preload(query);
export const filters = () => own.facetCounts();
export const search = (query, { filters } = {}) => own.search(query, filters);
