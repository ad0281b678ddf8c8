/*
 * Material's header search box, answered by Pagefind.
 *
 * Pagefind loads only the index chunks and page fragments a query needs, so the first query
 * costs the same few hundred KB on a 10-document site and on a 1,000-document one (Material's
 * own search downloads and indexes the whole site's text first).
 *
 * Results use Material's result markup (.md-search-result__item > a.md-search-result__link >
 * article), one item per page: the page link, then its best-matching clauses (headings with
 * an id: Pagefind's sub-results), the best three shown and the rest folded into
 * <details class="md-search-result__more">, as Material does.
 */
const root = document.querySelector("[data-pagefind-search]");
const input = root.querySelector("input.md-search__input");
const meta = root.querySelector(".md-search-result__meta");
const list = root.querySelector(".md-search-result__list");
const filterBar = root.querySelector(".md-search__filters");
const thisDocument = root.querySelector("[data-filter-this-document]");
const toggle = document.getElementById("__search");
const config = JSON.parse(document.getElementById("__config").textContent);
const t = config.translations;
const siteRoot = new URL(config.base, location.href);
const PAGES_PER_BATCH = 10;
const CLAUSES_SHOWN = 3; // per page; weaker matches are folded, as Material folds them
const SHOWN_SHARE = 0.25; // a clause is shown if it scores at least this share of the page's best
const EXACT_BOOST = 4;
const TITLE_BOOST = 3;

let pagefind = null; // the module, imported on first use
let generation = 0; // bumps with every query, so a slow answer to an old query is dropped
let pending = []; // page results not rendered yet ("more" button)

function loadPagefind() {
  if (!pagefind) {
    pagefind = import(new URL(root.dataset.pagefindUrl, location.href).href).then(async (module) => {
      await module.options({ baseUrl: siteRoot.pathname, excerptLength: 40 });
      module.init();
      return module;
    });
  }
  return pagefind;
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

// Pagefind excerpts are escaped text with <mark> around the hits: safe to insert as HTML.
function article(heading, title, excerpt) {
  const node = element("article", { class: "md-search-result__article md-typeset" });
  if (heading === "h1") node.append(element("div", { class: "md-search-result__icon md-icon" }));
  node.append(element(heading, {}, [title]));
  if (excerpt) {
    const p = element("p");
    p.innerHTML = excerpt;
    node.append(p);
  }
  return node;
}

function link(url, content) {
  return element("a", { href: url, class: "md-search-result__link", tabindex: "-1" }, [content]);
}

// Pagefind scores words; a reader typing a Chinese term means the term. A clause whose excerpt
// (centred on its best match) holds every typed part verbatim ranks first, and one whose
// heading holds it is about it rather than mentioning it in passing.
function relevance(sub, query) {
  let score = (sub.weighted_locations || []).reduce((sum, loc) => sum + loc.balanced_score, 0);
  const parts = query.split(/\s+/);
  const text = sub.excerpt.replace(/<\/?mark>/g, "");
  if (parts.every((part) => text.includes(part))) score *= EXACT_BOOST;
  if (parts.every((part) => sub.title.includes(part))) score *= TITLE_BOOST;
  return score;
}

function clausesOf(page, query) {
  // The page title (h1) is the page itself, not a clause.
  return page.sub_results
    .filter((sub) => sub.anchor && sub.anchor.element !== "h1")
    .map((sub) => ({ ...sub, score: relevance(sub, query) }))
    .sort((a, b) => b.score - a.score);
}

function resultItem(page) {
  const clauses = page.clauses;
  const best = clauses.length ? clauses[0].score : 0;
  const shown = clauses.filter((sub, i) => i < CLAUSES_SHOWN && sub.score >= SHOWN_SHARE * best);
  const item = element("li", { class: "md-search-result__item" });
  item.append(link(page.url, article("h1", page.meta.title, clauses.length ? "" : page.excerpt)));
  for (const sub of shown) item.append(link(sub.url, article("h2", sub.title, sub.excerpt)));
  const rest = clauses.slice(shown.length);
  if (rest.length) {
    const more = rest.length === 1 ? t["search.result.more.one"] : t["search.result.more.other"].replace("#", rest.length);
    const details = element("details", { class: "md-search-result__more" }, [element("summary", { tabindex: "-1" }, [element("div", {}, [more])])]);
    for (const sub of rest) details.append(link(sub.url, article("h2", sub.title, sub.excerpt)));
    item.append(details);
  }
  return item;
}

function showCount(count) {
  meta.textContent = count === 0 ? t["search.result.none"]
    : count === 1 ? t["search.result.one"] : t["search.result.other"].replace("#", count);
}

async function renderBatch(current, query) {
  const batch = pending.splice(0, PAGES_PER_BATCH);
  const pages = await Promise.all(batch.map((result) => result.data()));
  if (current !== generation) return;
  // Within a batch, pages go in the order of their best clause, as Material orders its groups.
  for (const page of pages) page.clauses = clausesOf(page, query);
  const bestScore = (page) => (page.clauses.length ? page.clauses[0].score : 0);
  pages.sort((a, b) => bestScore(b) - bestScore(a));
  list.querySelector(".md-search-result__more-button")?.parentElement.remove();
  for (const page of pages) list.append(resultItem(page));
  if (pending.length) {
    const button = element("button", { type: "button", class: "md-search-result__more-button" }, ["显示更多结果"]);
    button.addEventListener("click", () => renderBatch(current, query));
    list.append(element("li", {}, [button]));
  }
}

function selectedFilters() {
  const filters = {};
  for (const select of filterBar.querySelectorAll("select")) if (select.value) filters[select.name] = select.value;
  const own = document.querySelector('[data-pagefind-filter="document"]');
  if (own && thisDocument.querySelector("input").checked) filters.document = own.textContent.trim();
  return filters;
}

async function search() {
  const current = ++generation;
  const query = input.value.trim();
  if (!query) {
    pending = [];
    list.replaceChildren();
    meta.textContent = t["search.result.placeholder"];
    return;
  }
  const engine = await loadPagefind();
  const options = { filters: selectedFilters() };
  // Chinese has no spaces: Pagefind splits 产品质量保证险 into words and ranks pages rich in
  // 质量 first. The exact phrase, when it occurs, is what the reader typed the term for.
  let answer = query.includes('"') ? null : await engine.search(`"${query}"`, options);
  if (!answer?.results.length) answer = await engine.search(query, options);
  if (current !== generation || !answer) return;
  pending = answer.results;
  list.replaceChildren();
  showCount(answer.results.length);
  await renderBatch(current, query);
}

// Filter choices come from the index itself, loaded the first time the box is used.
async function setUpFilters() {
  const engine = await loadPagefind();
  const available = await engine.filters();
  for (const select of filterBar.querySelectorAll("select")) {
    const values = Object.keys(available[select.name] || {}).sort((a, b) => a.localeCompare(b, "zh"));
    for (const value of values) select.append(element("option", { value }, [value]));
    select.addEventListener("change", search);
  }
  thisDocument.hidden = !document.querySelector('[data-pagefind-filter="document"]');
  thisDocument.querySelector("input").addEventListener("change", search);
  filterBar.hidden = false;
}

let filtersReady = null;
function open() {
  if (toggle && !toggle.checked) toggle.checked = true;
  filtersReady ??= setUpFilters();
}

input.addEventListener("focus", open);
input.addEventListener("input", search);
input.addEventListener("keyup", (event) => {
  if (event.key === "Escape") {
    toggle.checked = false;
    input.blur();
  }
});
root.querySelector("form").addEventListener("submit", (event) => event.preventDefault());
root.querySelector("form").addEventListener("reset", () => setTimeout(search));
toggle?.addEventListener("change", () => { if (toggle.checked) input.focus(); });
document.addEventListener("keydown", (event) => {
  const typing = event.target instanceof HTMLElement && event.target.closest("input, textarea, select, [contenteditable]");
  if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    input.focus();
  }
});
