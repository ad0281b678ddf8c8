/*
 * Material's header search box, answered by Pagefind (index written by builder/pagefind.py).
 *
 * Pagefind loads only the index chunks and result fragments a query needs, from each bundle of
 * the index, and filter chunks only for a search that uses a filter (README, Performance, has
 * the bytes of a first query).
 *
 * The index holds one record per document, its sections (a heading and the paragraphs under
 * it) kept apart inside it, their text as overlapping character bigrams (空气质量 -> 空气 气质
 * 质量, each written as a Latin word).
 * What a query means (the phrase, terms, partial matches, suggestions, ranking) is
 * search-query.js; this file is the box: typing, filters, results, keyboard. Classic scripts,
 * loaded in order (partials/search.html), as the file:// copy cannot load modules.
 *
 * Results use Material's result markup (.md-search-result__item > a.md-search-result__link >
 * article), one item per clause, best first: the clause's number and title, its document, and
 * an excerpt around the match taken from the clause as printed (the record the index carries).
 */
// One scope for the box (a classic script shares the page's global one); not indented, to keep
// the body's history.
(() => {
"use strict";

const { find, looseRegExp, textOf, unitsOf } = window.PolicySearch;

const root = document.querySelector("[data-pagefind-search]");
const input = root.querySelector("input.md-search__input");
const meta = root.querySelector(".md-search-result__meta");
const results = root.querySelector(".md-search-result");
const list = root.querySelector(".md-search-result__list");
const filterBar = root.querySelector(".md-search__filters");
const suggestionBar = root.querySelector(".md-search-result__suggestions");
const thisDocument = root.querySelector("[data-filter-this-document]");
const currentDocument = document.querySelector("[data-search-document]")?.dataset.searchDocument;
const toggle = document.getElementById("__search");
const config = JSON.parse(document.getElementById("__config").textContent);
const t = config.translations;
const siteRoot = new URL(config.base, location.href);
const RESULTS_PER_BATCH = 10;
const EXCERPT_CONTEXT = 30; // characters shown on each side of the first match
const NO_UNITS = "请输入要查找的文字或数字（标点和空格不参与搜索）"; // a query of punctuation alone

let pagefind = null; // {search(term, options)} over the index, loaded on first use
let generation = 0; // bumps with every query, so a slow answer to an old query is dropped

// The index is in bundles, one per group of documents (builder/pagefind.py index_groups),
// named in pagefind/shards.json, each query fetching from every bundle only the chunks holding
// its words. One module of Pagefind scores every bundle it holds in its one web worker, in turn:
// the bundles are split among up to MAX_WORKERS copies of the module (imported under URLs that
// differ in the fragment alone, so it is fetched once), each with its worker, so a query is
// scored on as many cores. The groups are runs of bundles: the first of a group is its
// module's primary index, the others are merged into it in order, and the answers are joined
// in the groups' order before sorting by score, as one module does it, so results of equal
// score come in the same order on every visit and on any number of cores. Each copy fetches
// Pagefind's WASM once more: past two, copies cost bytes and save little (README, Performance).
const SHARDS_FILE = "shards.json"; // builder/pagefind.py SHARDS_FILE
const MAX_WORKERS = 2;

function loadPagefind() {
  if (!pagefind) {
    const moduleUrl = new URL(root.dataset.pagefindUrl, location.href);
    const bundles = fetch(new URL(SHARDS_FILE, moduleUrl)).then((r) => r.json())
      .then((shards) => shards.bundles.map((bundle) => new URL(bundle, moduleUrl).pathname));
    const first = import(moduleUrl.href); // while shards.json comes
    const options = { baseUrl: siteRoot.pathname, excerptLength: 0 };
    const loaded = async ([primary, ...merged], copy) => {
      const module = await (copy ? import(`${moduleUrl.href}#worker-${copy}`) : first);
      await module.options({ ...options, basePath: primary });
      module.init();
      await Promise.all(merged.map((path) => module.mergeIndex(path, options)));
      return module;
    };
    pagefind = bundles.then(async (paths) => {
      const workers = Math.max(1, Math.min(MAX_WORKERS, navigator.hardwareConcurrency || 1, paths.length));
      const size = Math.ceil(paths.length / workers);
      const groups = Array.from({ length: workers }, (_, k) => paths.slice(k * size, (k + 1) * size));
      const modules = await Promise.all(groups.filter((group) => group.length).map(loaded));
      return {
        async search(term, searchOptions) {
          const answers = await Promise.all(modules.map((module) => module.search(term, searchOptions)));
          return { results: answers.flatMap((answer) => answer?.results || []).sort((a, b) => b.score - a.score) };
        },
      };
    });
  }
  return pagefind;
}

// The engine search-query.js asks: Pagefind, or in the file:// copy its own index in memory.
let engine = null;
function loadEngine() {
  const here = (path) => new URL(path, location.href);
  engine ??= root.dataset.searchScript
    ? window.PolicySearch.offlineEngine(here(root.dataset.searchScript).href)
    : loadPagefind().then((index) => window.PolicySearch.pagefindEngine(index,
      new URL("pinyin.json", here(root.dataset.pagefindUrl)), // pagefind.py PINYIN_FILE
      new URL("filters.json", here(root.dataset.pagefindUrl)))); // pagefind.py FILTERS_FILE
  return engine;
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

// An element holding text with every occurrence of each part marked, whatever punctuation
// stands inside it in the text. Built from text nodes: nothing is parsed as HTML.
function marked(tag, text, parts) {
  const node = element(tag);
  let last = 0;
  for (const match of text.matchAll(looseRegExp(parts))) {
    if (!match[0]) continue;
    node.append(text.slice(last, match.index), element("mark", {}, [match[0]]));
    last = match.index + match[0].length;
  }
  node.append(text.slice(last));
  return node;
}

// The clause text around the first occurrence of the longest part of the query found (else of
// any part: a partial match may hold only a shorter one), its parts marked.
function excerpt(text, parts) {
  const longest = parts.reduce((a, b) => (b.length > a.length ? b : a), []);
  const first = text.match(looseRegExp([longest], "i")) || text.match(looseRegExp(parts, "i"));
  const at = first ? first.index : 0;
  const length = first ? first[0].length : 0;
  const start = Math.max(0, at - EXCERPT_CONTEXT);
  const end = Math.min(text.length, at + length + EXCERPT_CONTEXT * 2);
  const shown = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  return marked("p", shown, parts);
}

// clause: a result of search-query.js, {url, title, document, text}; the document itself (no
// anchor) and an untitled paragraph are headed by the document's title, named once
function resultItem(clause, parts) {
  const part = clause.title && new URL(clause.url, siteRoot).hash;
  const article = element("article", { class: "md-search-result__article md-typeset" }, [
    marked("h2", clause.title || clause.document, parts),
    ...(part ? [element("p", { class: "md-search-result__document" }, [clause.document])] : []),
    excerpt(clause.text || "", parts),
  ]);
  const href = new URL(clause.url, siteRoot).href;
  return element("li", { class: "md-search-result__item" }, [
    element("a", { href, class: "md-search-result__link" }, [article]),
  ]);
}

// count: the documents holding the query (a result is a clause; a document may hold several)
function showCount(count) {
  return count === 0 ? t["search.result.none"] : `在 ${count} 个文件中找到`;
}

// each text once (质量…质量强省…质量: “质量”、“质量强省”)
const quoted = (texts) => [...new Set(texts)].map((text) => `“${text}”`).join("、");

// What the reader is told above the results: the count, and for partial matches which parts
// were found and which not.
function showAnswer(answer) {
  const count = showCount(answer.documents);
  if (answer.kind !== "partial") {
    meta.textContent = count;
    return;
  }
  const found = quoted(answer.parts.map((units) => textOf(units)));
  const missing = answer.missing.length ? `（文库中没有${quoted(answer.missing)}）` : "";
  meta.replaceChildren(element("strong", { class: "md-search-result__notice" }, ["未找到完整短语，以下为部分匹配"]),
    `：${found}${missing}。${count}`);
}

// "Did you mean": each suggestion a button that searches it.
async function showSuggestions(current, answer) {
  const texts = await answer.suggest();
  if (current !== generation || !texts.length) return;
  const buttons = texts.map((text) => {
    const button = element("button", { type: "button", class: "md-search-result__suggestion" }, [text]);
    button.addEventListener("click", () => {
      input.value = text;
      input.focus();
      searching = search();
    });
    return button;
  });
  suggestionBar.replaceChildren("您是不是要找：", ...buttons);
  suggestionBar.hidden = false;
}

// asked: the reader pressed 显示更多结果, whose button goes: focus moves to the first new result
async function renderBatch(current, answer, asked = false) {
  const clauses = await answer.next(RESULTS_PER_BATCH);
  if (current !== generation) return;
  list.querySelector(".md-search-result__more-button")?.parentElement.remove();
  const items = clauses.map((clause) => resultItem(clause, answer.parts));
  list.append(...items);
  if (asked) items[0]?.querySelector("a")?.focus();
  if (!list.children.length && answer.kind !== "partial") meta.textContent = showCount(0); // no section holds it
  if (!answer.done()) {
    const button = element("button", { type: "button", class: "md-search-result__more-button" }, ["显示更多结果"]);
    button.addEventListener("click", () => renderBatch(current, answer, true));
    list.append(element("li", {}, [button]));
  }
}

function selectedFilters() {
  const filters = {};
  for (const select of filterBar.querySelectorAll("select")) if (select.value) filters[select.name] = select.value;
  if (currentDocument && thisDocument.querySelector("input").checked) filters.document = currentDocument;
  return filters;
}

// The results are busy (aria-busy) from the first key until the answer, suggestions included,
// is shown for the query as it now stands.
async function search() {
  const current = ++generation;
  const query = input.value.trim();
  suggestionBar.hidden = true;
  suggestionBar.replaceChildren();
  results.setAttribute("aria-busy", "true");
  if (!unitsOf(query).length) {
    list.replaceChildren();
    meta.textContent = query ? NO_UNITS : t["search.result.placeholder"];
  } else {
    const answer = await find(await loadEngine(), query, selectedFilters());
    if (current !== generation || !answer) return;
    list.replaceChildren();
    showAnswer(answer);
    await renderBatch(current, answer);
    if (answer.kind === "partial") await showSuggestions(current, answer);
  }
  if (current === generation) results.setAttribute("aria-busy", "false");
}

// Filter choices come with the index, loaded the first time the box is used.
async function setUpFilters() {
  const available = await (await loadEngine()).filters();
  for (const select of filterBar.querySelectorAll("select")) {
    const values = [...(available[select.name] || [])].sort((a, b) => a.localeCompare(b, "zh"));
    for (const value of values) select.append(element("option", { value }, [value]));
    select.addEventListener("change", () => { searching = search(); });
  }
  thisDocument.hidden = !currentDocument;
  thisDocument.querySelector("input").addEventListener("change", () => { searching = search(); });
  filterBar.hidden = false;
}

let filtersReady = null;
let returnFocus = null; // where the reader was before the box opened, for Esc
let returnPlace = null; // with nothing focused then: what the reader saw (seenOnPage)

// Material's own toggle setter clicks the checkbox, so its change listeners (the page dim, the
// phone's scroll lock) follow; setting .checked alone would leave them behind.
function setOpen(value) {
  if (toggle && toggle.checked !== value) toggle.click();
}

// from: the element that had focus before the box (Esc goes back there)
function open(from = null) {
  if (!toggle?.checked || !(returnFocus || returnPlace)) { // a tap on the header's button checks it first
    returnFocus = from && !root.contains(from) ? from : null;
    returnPlace = returnFocus ? null : seenOnPage();
  }
  setOpen(true);
  filtersReady ??= setUpFilters();
}

function close() {
  setOpen(false);
  returnFocus = returnPlace = null;
  const url = new URL(location.href); // a ?q= link's search, once closed, is not opened again by a reload
  if (url.searchParams.has("q")) {
    url.searchParams.delete("q");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  }
}

// The first clause or heading the reader sees below the header. Read when the box opens: on a
// phone the open box holds the page at its top, and gives the place back only after it closes.
function seenOnPage() {
  const below = document.querySelector(".md-header")?.getBoundingClientRect().bottom ?? 0;
  return [...document.querySelectorAll(".md-content [id]")].find((element) => {
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.bottom > below && box.top < innerHeight;
  }) || null;
}

// The box opened with nothing focused before it (a ?q= link, "/" or a click on the page) closes
// onto what the reader saw, left where it is: Tab goes on from there. On the body it would start
// at the top of the page, and the page would scroll there.
function focusPage(place) {
  if (!place?.isConnected) return document.activeElement?.blur();
  if (place.tabIndex < 0 && !place.hasAttribute("tabindex")) place.setAttribute("tabindex", "-1");
  place.focus({ preventScroll: true });
}

// What the arrows walk through: the box, then each result and the "more" button.
function stops() {
  return [input, ...suggestionBar.querySelectorAll("button"),
    ...list.querySelectorAll("a.md-search-result__link, .md-search-result__more-button")];
}

function onKeydown(event) {
  if (event.isComposing) return; // the IME's own Enter and arrows pick characters
  if (event.key === "Escape") {
    event.preventDefault();
    const [back, place] = [returnFocus, returnPlace];
    close();
    if (back?.isConnected) back.focus();
    else focusPage(place);
  } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    const all = stops();
    const at = all.indexOf(document.activeElement);
    if (at < 0 || all.length < 2) return;
    event.preventDefault();
    all[Math.min(all.length - 1, Math.max(0, at + (event.key === "ArrowDown" ? 1 : -1)))].focus();
  }
}

// A result on the page being read, on a phone: while the box covers the screen Material locks
// the page's scroll, and when it lets go it scrolls back to where the reader was, after the
// browser went to the anchor. So the box closes first, and the page goes to the anchor once
// the lock is gone.
function onResultClick(event) {
  const link = event.target.closest("a.md-search-result__link");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || url.pathname !== location.pathname || !url.hash) return;
  event.preventDefault();
  close();
  whenUnlocked(() => {
    if (location.hash === url.hash) history.replaceState(history.state, "", location.pathname + location.search);
    location.hash = url.hash; // :target, so the clause is highlighted as on arrival
  });
}

// Material's lock is data-md-scrolllock on body, released with a scrollTo the old position.
function whenUnlocked(then) {
  if (!document.body.hasAttribute("data-md-scrolllock")) return then();
  const observer = new MutationObserver(() => {
    if (document.body.hasAttribute("data-md-scrolllock")) return;
    observer.disconnect();
    requestAnimationFrame(then); // after Material's scrollTo
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });
}

let searching = Promise.resolve();
input.addEventListener("focus", (event) => open(event.relatedTarget));
input.addEventListener("input", () => { searching = search(); });
root.addEventListener("keydown", onKeydown);
// Leaving the box by keyboard (Tab past the last result) closes it and undims the page; focus
// going nowhere (another window) leaves it open.
root.addEventListener("focusout", (event) => {
  if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
});
list.addEventListener("click", onResultClick);
// Enter opens the first result, once the search typed so far has answered.
root.querySelector("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  await searching;
  list.querySelector("a.md-search-result__link")?.click();
});
root.querySelector("form").addEventListener("reset", () => setTimeout(() => { searching = search(); }));
toggle?.addEventListener("change", () => { if (toggle.checked) input.focus(); });
document.addEventListener("keydown", (event) => {
  const typing = event.target instanceof HTMLElement && event.target.closest("input, textarea, select, [contenteditable]");
  if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    input.focus();
  }
});

// ?q=… opens the box with that search (links from memos, Material's search.share format)
const shared = new URLSearchParams(location.search).get("q");
if (shared) {
  input.value = shared;
  open();
  searching = search();
}
})();
