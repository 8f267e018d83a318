// guidegen search: the search box on every page (results as you type, full
// keyboard use) and the /search/ page (?q= run on load, region and pillar
// facets with counts, the query kept in the URL). The index is Pagefind's,
// built by `guidegen build`; it is loaded on first use, from this site only.
// Each language edition has its own index under its home page (`/pagefind/`,
// `/zh/pagefind/`): <html data-search-root> says which one this page uses.
// The words shown come from the page (#search-i18n, written by base.html in
// the page's language), with English as the fallback.

const searchRoot = document.documentElement.dataset.searchRoot;
const root = searchRoot ? new URL(searchRoot, window.location.href) : new URL(".", import.meta.url);
const RESULT_LIMIT_POPUP = 8;
const RESULT_LIMIT_PAGE = 50;
// A query runs once typing pauses this long (ms): no search per keystroke
// of a fast typist, and results within 100 ms of the last one.
const TYPING_PAUSE_MS = 40;
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

let pagefindPromise = null;

/** Loads Pagefind once, with the extra language bundles merged in. */
function loadPagefind() {
  if (!pagefindPromise) {
    pagefindPromise = (async () => {
      const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
      // Indexed URLs already carry the site's sub-path: keep Pagefind from
      // adding it again (it guesses one from where its bundle lives).
      await pagefind.options({ excerptLength: 24, baseUrl: "/" });
      try {
        const response = await fetch(new URL("pagefind/guidegen.json", root));
        const manifest = await response.json();
        for (const extra of manifest.merge || []) {
          await pagefind.mergeIndex(extra.path, { language: extra.language, baseUrl: "/" });
        }
      } catch (error) {
        console.warn("guidegen search: no extra language bundles", error);
      }
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

/** Runs a query; returns null when a newer query superseded this one. */
async function search(query, filters, limit) {
  const pagefind = await loadPagefind();
  const found = await pagefind.search(query || null, { filters });
  if (!found) return null;
  const seen = new Set();
  const results = [];
  // Each result's data is a file of its own: fetched side by side, in
  // batches until `limit` distinct pages are in (a page may be in two
  // bundles' results).
  let next = 0;
  while (results.length < limit && next < found.results.length) {
    const batch = found.results.slice(next, next + limit - results.length);
    next += batch.length;
    for (const data of await Promise.all(batch.map((result) => result.data()))) {
      if (seen.has(data.url)) continue;
      seen.add(data.url);
      results.push(data);
    }
  }
  return { results, total: found.unfilteredResultCount, count: found.results.length, filters: found.filters };
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

  async function update() {
    const query = input.value.trim();
    const mine = ++generation;
    if (!query) {
      close();
      return;
    }
    open();
    renderScope();
    status.textContent = ui.searching;
    const filters = scoped ? { region: [region] } : {};
    let found;
    try {
      found = await search(query, filters, RESULT_LIMIT_POPUP);
    } catch (error) {
      await explainFailure(status, popup, error, () => {
        if (mine === generation) update();
      });
      return;
    }
    if (found === null || mine !== generation) return;
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

  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, TYPING_PAUSE_MS);
  });
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
  const facets = page.querySelector("[data-search-facets]");
  const results = page.querySelector("[data-search-results]");
  const status = page.querySelector("[data-search-status]");
  const params = new URLSearchParams(window.location.search);
  const selected = { region: new Set(params.getAll("region")), pillar: new Set(params.getAll("pillar")) };
  input.value = params.get("q") || "";
  let generation = 0;

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
    const query = next.toString();
    history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
    carryQueryToLanguageLinks(input.value.trim());
  }

  function renderFacets(counts) {
    facets.replaceChildren();
    const lang = document.documentElement.lang || undefined;
    const ids = new Set();
    for (const [key, label] of [["region", ui.region], ["pillar", ui.pillar]]) {
      const values = counts[key] || {};
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

  async function run() {
    const mine = ++generation;
    keepInUrl();
    const query = input.value.trim();
    const filters = {};
    for (const [key, values] of Object.entries(selected)) {
      if (values.size) filters[key] = { any: [...values] };
    }
    if (!query && Object.keys(filters).length === 0) {
      results.replaceChildren();
      status.textContent = ui.prompt;
      try {
        const pagefind = await loadPagefind();
        renderFacets(await pagefind.filters());
      } catch (error) {
        await explainFailure(status, results, error, () => {
          if (mine === generation) run();
        });
        return;
      }
      results.dataset.state = "done";
      return;
    }
    results.dataset.state = "searching";
    status.textContent = ui.searching;
    let found;
    try {
      // Pagefind counts results per facet only once its filters are loaded.
      await (await loadPagefind()).filters();
      found = await search(query, filters, RESULT_LIMIT_PAGE);
    } catch (error) {
      await explainFailure(status, results, error, () => {
        if (mine === generation) run();
      });
      return;
    }
    if (found === null || mine !== generation) return;
    renderFacets(found.filters);
    results.replaceChildren(
      ...found.results.map((data) => {
        const item = el("li", { class: "search-result" });
        item.append(el("h2", {}, el("a", { href: data.url, "data-highlight": query }, data.meta.title || data.url)));
        const meta = resultMeta(data);
        if (meta) item.append(el("p", { class: "search-result-meta" }, meta));
        item.append(el("p", { class: "search-result-excerpt", html: data.excerpt }));
        return item;
      }),
    );
    if (found.count === 0) status.textContent = fill(query ? ui.page_no_results_for : ui.page_no_results, { query });
    else status.textContent = counted(query ? "page_results_for" : "page_results", found.count, { query });
    results.dataset.state = "done";
  }

  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, TYPING_PAUSE_MS);
  });
  page.querySelector("form")?.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
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
