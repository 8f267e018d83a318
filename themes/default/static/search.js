// guidegen search: the search box on every page (results as you type, full
// keyboard use) and the /search/ page (?q= run on load, region and pillar
// ten results at a time, region and pillar facets with counts once opened,
// the query kept in the URL). The index is built by `guidegen build` and
// read by its script (`pagefind/pagefind.js`, with Pagefind's module API);
// it is loaded on first use, from this site only.
// Each language edition has its own index under its home page (`/pagefind/`,
// `/zh/pagefind/`): <html data-search-root> says which one this page uses.
// The words shown come from the page (#search-i18n, written by base.html in
// the page's language), with English as the fallback.

const searchRoot = document.documentElement.dataset.searchRoot;
const root = searchRoot ? new URL(searchRoot, window.location.href) : new URL(".", import.meta.url);
const RESULT_LIMIT_POPUP = 8;
// The /search/ page shows this many results, and as many more per click
// of "More results": each shown result's data is a file to fetch.
const RESULT_STEP_PAGE = 10;
// How long to wait before asking again for an index still being built.
const INDEX_RETRY_MS = 1000;

/** English UI strings, used for any string the page does not provide. */
const ENGLISH = {
  searching: "Searching…",
  unavailable: "Search is not available.",
  building: "The search index is still being built…",
  region: "Region",
  pillar: "Pillar",
  prompt: "Type a word to search every guide, playbook and case study.",
  scope_only: "Searching {region} only · search all regions",
  scope_all: "Searching all regions · only {region}",
  result_one: "{n} result",
  result_other: "{n} results",
  enter_for_all: "Enter for all {n}",
  no_results_for: "No results for “{query}”",
  page_no_results: "No results.",
  page_no_results_for: "No results for “{query}”.",
  page_results_one: "{n} result.",
  page_results_other: "{n} results.",
  page_results_for_one: "{n} result for “{query}”.",
  page_results_for_other: "{n} results for “{query}”.",
};

/** The page's UI strings, read once. */
const ui = (() => {
  const node = document.getElementById("search-i18n");
  if (!node) return ENGLISH;
  try {
    return { ...ENGLISH, ...JSON.parse(node.textContent) };
  } catch (error) {
    console.warn("guidegen search: unreadable #search-i18n", error);
    return ENGLISH;
  }
})();

/** Fills "{name}" placeholders (a function, so "$" in a query stays as typed). */
function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The `_one` or `_other` form of a counted string, filled in. */
function counted(key, n, values = {}) {
  return fill(ui[n === 1 ? `${key}_one` : `${key}_other`], { ...values, n });
}

/** Runs `task` at once, or, if it is still running, once more when it
 *  ends: a keystroke searches without waiting for typing to pause, and a
 *  fast typist's keystrokes never queue up searches for stale text.
 *  `whileBusy` runs for each call that has to wait (to fetch ahead what
 *  the next run needs). */
function latestOnly(task, whileBusy = () => {}) {
  let running = false;
  let again = false;
  const go = async () => {
    if (running) {
      again = true;
      whileBusy();
      return;
    }
    running = true;
    try {
      await task();
    } finally {
      running = false;
      if (again) {
        again = false;
        go();
      }
    }
  };
  return go;
}

// A short prefix waits this long for the next key before it is searched.
const SHORT_QUERY_PAUSE_MS = 200;

/** Whether typed text is a short prefix: one or two letters of an
 *  alphabet match most of the index, the slowest searches there are, and
 *  while someone types, the next key comes before their results would
 *  help; a search running for a stale prefix is what keeps the next one
 *  waiting. One Chinese or Japanese character is already a word. */
function isShortPrefix(query) {
  return [...query].length < 3 && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(query);
}

/** Resolves true as soon as `input` changes, or false after `ms`. */
function changesWithin(input, ms) {
  return new Promise((resolve) => {
    const changed = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      input.removeEventListener("input", changed);
      resolve(false);
    }, ms);
    input.addEventListener("input", changed, { once: true });
  });
}

let pagefindPromise = null;

/** Loads the index's script once. */
function loadPagefind() {
  if (!pagefindPromise) {
    pagefindPromise = (async () => {
      const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
      await pagefind.options({ excerptLength: 24 });
      await pagefind.init();
      return pagefind;
    })();
    // A failed load is tried again by the next search.
    pagefindPromise.catch(() => {
      pagefindPromise = null;
    });
  }
  return pagefindPromise;
}

/** Fetches the index chunks `query` needs while an earlier search runs,
 *  so that its own search, next, has only to compute. */
function preload(query) {
  if (!pagefindPromise || isShortPrefix(query)) return;
  pagefindPromise.then((pagefind) => pagefind.preload(query)).catch(() => {});
}

/** Whether the server says the index is still being built (`guidegen
 *  serve` answers 503 for it until its first index is ready). */
async function indexBuilding() {
  try {
    const response = await fetch(new URL("pagefind/pagefind.js", root), { method: "HEAD", cache: "no-store" });
    return response.status === 503;
  } catch (error) {
    return false;
  }
}

/** After a failed search: while the index is being built, says so and
 *  runs `again` a moment later; otherwise search is not available. */
async function explainFailure(status, holder, error, again) {
  if (await indexBuilding()) {
    status.textContent = ui.building;
    holder.dataset.state = "building";
    setTimeout(again, INDEX_RETRY_MS);
  } else {
    status.textContent = ui.unavailable;
    holder.dataset.state = "failed";
    console.error(error);
  }
}

/** A query's results, their data fetched `limit` pages at a time. */
function resultPager(results) {
  let next = 0;
  return {
    /** Whether results are left to take. */
    more: () => next < results.length,
    /** The next `limit` pages: each result's data is a file, fetched
     *  side by side. */
    async take(limit) {
      const batch = results.slice(next, next + limit);
      next += batch.length;
      return Promise.all(batch.map((result) => result.data()));
    },
  };
}

/** Runs a query; returns null when a newer query superseded this one. */
async function search(query, filters) {
  const pagefind = await loadPagefind();
  const found = await pagefind.search(query || null, { filters });
  if (!found) return null;
  return { pager: resultPager(found.results), count: found.results.length, filters: found.filters };
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "html") node.innerHTML = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child != null) node.append(child);
  }
  return node;
}

function resultMeta(data) {
  const parts = [data.meta.kind, data.meta.pillar, data.meta.regions].filter(Boolean);
  return parts.join(" · ");
}

// ---------------------------------------------------------------- popup box

function setUpSearchBox(input) {
  const form = input.closest("form");
  const region = document.documentElement.dataset.region || "";
  let scoped = region !== "";
  let active = -1;
  let generation = 0;
  // The text the popup was closed on with Escape: a search still queued
  // for that text must not open it again.
  let dismissed = null;

  const popup = el("div", { id: "search-popup", class: "search-popup", role: "listbox", hidden: "" });
  const status = el("p", { class: "search-popup-status", "aria-live": "polite" });
  const list = el("ul", { class: "search-popup-list" });
  const scope = region
    ? el("button", { type: "button", class: "search-scope" })
    : null;
  popup.append(status, list);
  if (scope) popup.prepend(scope);
  (form || input.parentElement).append(popup);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-controls", popup.id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-autocomplete", "list");

  const options = () => [...list.querySelectorAll("[role=option]")];
  const open = () => {
    popup.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  const close = () => {
    popup.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    const all = options();
    if (all.length === 0) return;
    active = (index + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute("aria-selected", i === active ? "true" : "false"));
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  };
  const renderScope = () => {
    if (!scope) return;
    scope.textContent = fill(scoped ? ui.scope_only : ui.scope_all, { region });
    scope.setAttribute("aria-pressed", scoped ? "true" : "false");
  };

  /** Searches for the box's text; `typing`: run by a keystroke, when a
   *  short prefix waits for a pause (isShortPrefix). */
  async function update(typing = false) {
    const query = input.value.trim();
    const mine = ++generation;
    if (!query) {
      close();
      return;
    }
    if (typing && query === dismissed) return;
    open();
    renderScope();
    popup.dataset.state = "searching";
    status.textContent = ui.searching;
    if (typing && isShortPrefix(query) && (await changesWithin(input, SHORT_QUERY_PAUSE_MS))) return;
    const filters = scoped ? { region: [region] } : {};
    let found;
    try {
      found = await search(query, filters);
      if (found !== null) found.results = await found.pager.take(RESULT_LIMIT_POPUP);
    } catch (error) {
      await explainFailure(status, popup, error, () => {
        if (mine === generation) update();
      });
      return;
    }
    // Superseded by a newer query, or by typing since (searched next).
    if (found === null || mine !== generation || input.value.trim() !== query) return;
    list.replaceChildren();
    active = -1;
    input.removeAttribute("aria-activedescendant");
    found.results.forEach((data, i) => {
      const link = el("a", { href: data.url, tabindex: "-1", "data-highlight": query }, el("span", { class: "search-result-title" }, data.meta.title || data.url));
      const meta = resultMeta(data);
      if (meta) link.append(el("span", { class: "search-result-meta" }, meta));
      link.append(el("span", { class: "search-result-excerpt", html: data.excerpt }));
      list.append(el("li", { id: `search-option-${i}`, role: "option", "aria-selected": "false" }, link));
    });
    const more = found.count > found.results.length ? ` · ${fill(ui.enter_for_all, { n: found.count })}` : "";
    status.textContent = found.count === 0 ? fill(ui.no_results_for, { query }) : `${counted("result", found.count)}${more}`;
    popup.dataset.state = "done";
  }

  input.addEventListener("input", () => {
    dismissed = null;
  });
  input.addEventListener("input", latestOnly(() => update(true), () => preload(input.value.trim())));
  input.addEventListener("focus", () => {
    loadPagefind().catch(() => {});
    if (input.value.trim()) update();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (popup.hidden) update();
      highlight(active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active - 1);
    } else if (event.key === "Escape") {
      if (!popup.hidden) {
        event.preventDefault();
        dismissed = input.value.trim();
        generation += 1;
        close();
      } else {
        input.value = "";
      }
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      const link = options()[active].querySelector("a");
      if (link) {
        rememberHighlight(link);
        window.location.assign(link.href);
      }
    }
  });
  if (scope) {
    scope.addEventListener("click", () => {
      scoped = !scoped;
      update();
      input.focus();
    });
  }
  if (form && scope) {
    form.addEventListener("submit", () => {
      if (scoped && !form.querySelector("input[name=region]")) {
        form.append(el("input", { type: "hidden", name: "region", value: region }));
      }
    });
  }
  document.addEventListener("click", (event) => {
    if (!popup.contains(event.target) && event.target !== input) close();
  });
}

// ---------------------------------------------------------------- /search/

function setUpSearchPage(page) {
  const input = page.querySelector("input[type=search]");
  const filtersPanel = page.querySelector("[data-search-filters]");
  const facets = page.querySelector("[data-search-facets]");
  const results = page.querySelector("[data-search-results]");
  const moreButton = page.querySelector("[data-search-more]");
  const status = page.querySelector("[data-search-status]");
  const params = new URLSearchParams(window.location.search);
  const selected = { region: new Set(params.getAll("region")), pillar: new Set(params.getAll("pillar")) };
  input.value = params.get("q") || "";
  // Facets chosen in the URL are shown; otherwise they wait to be opened.
  filtersPanel.open = selected.region.size + selected.pillar.size > 0;
  filtersPanel.closest("[hidden]")?.removeAttribute("hidden");
  let generation = 0;
  // The shown query's remaining results, for "More results".
  let shown = null;
  // Whether the last run had the facets open (opening them runs again).
  let ranWithFacets = false;

  /** The language switcher's links open this search in that language. */
  function carryQueryToLanguageLinks(query) {
    for (const link of document.querySelectorAll("a.lang-link")) {
      const href = link.getAttribute("href");
      if (!href) continue;
      const url = new URL(href, window.location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      const sameSite = url.origin === window.location.origin;
      link.setAttribute("href", sameSite ? `${url.pathname}${url.search}${url.hash}` : url.href);
    }
  }

  function keepInUrl() {
    const next = new URLSearchParams();
    if (input.value.trim()) next.set("q", input.value.trim());
    for (const [key, values] of Object.entries(selected)) {
      for (const value of [...values].sort()) next.append(key, value);
    }
    const chosen = selected.region.size + selected.pillar.size;
    filtersPanel.querySelector("summary").dataset.count = String(chosen);
    const query = next.toString();
    history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
    carryQueryToLanguageLinks(input.value.trim());
  }

  function renderFacets(counts) {
    facets.replaceChildren();
    const lang = document.documentElement.lang || undefined;
    const ids = new Set();
    for (const [key, label] of [["region", ui.region], ["pillar", ui.pillar]]) {
      // A value chosen in the URL stays on offer, to be unticked, even
      // where this edition has no such value.
      const values = { ...(counts[key] || {}) };
      for (const name of selected[key]) if (!(name in values)) values[name] = 0;
      const names = Object.keys(values).sort((a, b) => a.localeCompare(b, lang));
      if (names.length === 0) continue;
      const group = el("fieldset", { class: "facet", "data-facet": key }, el("legend", {}, label));
      for (const [index, name] of names.entries()) {
        let id = `facet-${key}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
        // Names in other scripts ("合规") leave nothing of their own: number them.
        if (ids.has(id) || !/[A-Za-z0-9]/.test(id.slice(`facet-${key}-`.length))) id = `facet-${key}-${index + 1}`;
        ids.add(id);
        const box = el("input", { type: "checkbox", id, value: name, "data-facet-value": name });
        box.checked = selected[key].has(name);
        box.addEventListener("change", () => {
          if (box.checked) selected[key].add(name);
          else selected[key].delete(name);
          run();
        });
        group.append(el("div", { class: "facet-option" }, box, el("label", { for: id }, name, el("span", { class: "facet-count" }, String(values[name])))));
      }
      facets.append(group);
    }
  }

  function resultItem(data, query) {
    const item = el("li", { class: "search-result" });
    item.append(el("h2", {}, el("a", { href: data.url, "data-highlight": query }, data.meta.title || data.url)));
    const meta = resultMeta(data);
    if (meta) item.append(el("p", { class: "search-result-meta" }, meta));
    item.append(el("p", { class: "search-result-excerpt", html: data.excerpt }));
    return item;
  }

  function failed(mine) {
    return (error) => explainFailure(status, results, error, () => {
      if (mine === generation) run();
    });
  }

  /** Searches for the box's text and the chosen facets; `typing`: run by
   *  a keystroke, when a short prefix waits for a pause (isShortPrefix). */
  async function run(typing = false) {
    const mine = ++generation;
    shown = null;
    moreButton.hidden = true;
    ranWithFacets = filtersPanel.open;
    keepInUrl();
    const query = input.value.trim();
    const filters = {};
    for (const [key, values] of Object.entries(selected)) {
      if (values.size) filters[key] = { any: [...values] };
    }
    if (!query && Object.keys(filters).length === 0) {
      results.replaceChildren();
      status.textContent = ui.prompt;
      if (filtersPanel.open) {
        try {
          const pagefind = await loadPagefind();
          const counts = await pagefind.filters();
          if (mine === generation) renderFacets(counts);
        } catch (error) {
          await failed(mine)(error);
          return;
        }
      }
      results.dataset.state = "done";
      return;
    }
    results.dataset.state = "searching";
    status.textContent = ui.searching;
    if (typing && isShortPrefix(query) && (await changesWithin(input, SHORT_QUERY_PAUSE_MS))) return;
    let found;
    let first;
    try {
      // The index counts results per facet only once every facet is loaded:
      // fetched when the facets are open, not for every search.
      if (filtersPanel.open) await (await loadPagefind()).filters();
      found = await search(query, filters);
      if (found !== null) first = await found.pager.take(RESULT_STEP_PAGE);
    } catch (error) {
      await failed(mine)(error);
      return;
    }
    // Superseded by a newer query, or by typing since (searched next).
    if (found === null || mine !== generation || input.value.trim() !== query) return;
    if (filtersPanel.open) renderFacets(found.filters);
    results.replaceChildren(...first.map((data) => resultItem(data, query)));
    shown = { pager: found.pager, query };
    moreButton.hidden = !found.pager.more();
    if (found.count === 0) status.textContent = fill(query ? ui.page_no_results_for : ui.page_no_results, { query });
    else status.textContent = counted(query ? "page_results_for" : "page_results", found.count, { query });
    results.dataset.state = "done";
  }

  /** Shows the next results and moves focus to the first of them. */
  async function showMore() {
    if (!shown) return;
    const mine = generation;
    const { pager, query } = shown;
    results.dataset.state = "searching";
    let next;
    try {
      next = await pager.take(RESULT_STEP_PAGE);
    } catch (error) {
      await failed(mine)(error);
      return;
    }
    if (mine !== generation) return;
    const items = next.map((data) => resultItem(data, query));
    results.append(...items);
    moreButton.hidden = !pager.more();
    items[0]?.querySelector("a").focus();
    results.dataset.state = "done";
  }

  input.addEventListener("input", latestOnly(() => run(true), () => preload(input.value.trim())));
  input.addEventListener("focus", () => loadPagefind().catch(() => {}));
  page.querySelector("form")?.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  moreButton.addEventListener("click", showMore);
  // (Also fired once for the panel opened above from the URL: that run
  // already has the facets.)
  filtersPanel.addEventListener("toggle", () => {
    if (filtersPanel.open && !ranWithFacets) run();
    ranWithFacets = ranWithFacets && filtersPanel.open;
  });
  run();
}

// ---------------------------------------------------------------- shortcut and highlight

const HIGHLIGHT_KEY = "guidegen-highlight";

/** Before a result opens, notes the words to mark on it (for this tab). */
function rememberHighlight(link) {
  const query = link.dataset.highlight;
  if (!query) return;
  try {
    const path = new URL(link.href, window.location.href).pathname;
    window.sessionStorage.setItem(HIGHLIGHT_KEY, JSON.stringify({ path, query }));
  } catch (error) { /* storage off: no marks */ }
}
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element && event.target.closest("a[data-highlight]");
  if (link) rememberHighlight(link);
}, true);

/** `/` and Ctrl/Cmd-K move to the search box, unless typing in a field. */
function setUpShortcut() {
  document.addEventListener("keydown", (event) => {
    const wanted = (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey)
      || (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey) && !event.altKey);
    if (!wanted || event.defaultPrevented) return;
    const here = event.target;
    const typing = here instanceof HTMLElement
      && (here.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(here.tagName));
    if (typing) return;
    const box = document.querySelector("[data-search-page] input[type=search]") || document.getElementById("site-search");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
}

/** Marks the words a search result was opened for in the page's main text;
    Escape clears them. */
function highlightSearchedWords() {
  let query = "";
  try {
    const noted = JSON.parse(window.sessionStorage.getItem(HIGHLIGHT_KEY) || "null");
    window.sessionStorage.removeItem(HIGHLIGHT_KEY);
    if (noted && noted.path === window.location.pathname) query = String(noted.query || "").trim();
  } catch (error) { /* nothing noted */ }
  const main = document.querySelector("main");
  if (!query || !main) return;
  const words = query.split(/\s+/).filter((w) => w.length > 1 || /[^\x00-\x7f]/.test(w));
  if (words.length === 0) return;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(${escaped.join("|")})`, "giu");
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest("script, style, textarea, mark, [data-pagefind-ignore]")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const parts = node.nodeValue.split(pattern);
    if (parts.length < 2) continue;
    const fragment = document.createDocumentFragment();
    parts.forEach((part, i) => {
      if (i % 2 === 1) fragment.append(el("mark", { class: "search-hit" }, part));
      else if (part) fragment.append(document.createTextNode(part));
    });
    node.replaceWith(fragment);
  }
  const first = main.querySelector("mark.search-hit");
  if (first && !window.location.hash) first.scrollIntoView({ block: "center" });
  document.addEventListener("keydown", function clear(event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    for (const mark of main.querySelectorAll("mark.search-hit")) mark.replaceWith(document.createTextNode(mark.textContent));
    main.normalize();
    document.removeEventListener("keydown", clear);
  });
}

setUpShortcut();
highlightSearchedWords();
for (const input of document.querySelectorAll("input#site-search")) setUpSearchBox(input);
const searchPage = document.querySelector("[data-search-page]");
if (searchPage) setUpSearchPage(searchPage);
