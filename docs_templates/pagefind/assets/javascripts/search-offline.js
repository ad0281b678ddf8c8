/*
 * The file:// copy's engine for search-query.js: browsers refuse fetch() there, so Pagefind
 * cannot load its index; the copy has its documents in one script instead (builder/pagefind.py
 * write_search_script: the same documents, sections, titles, texts and filters as the site's
 * index), searched here in memory.
 *
 * A document is kept as the keys of its sections' titles and texts (search-query.js keyOf),
 * apart, so "units in a row" is a substring of one of them (search-query.js phraseOf), as
 * Pagefind's quoted pairs are on the site: punctuation and spaces do not count, a run of
 * letters and digits matches whole.
 * The ranking is Pagefind's in small: the phrase's occurrences, a title's weighing
 * TITLE_WEIGHT, saturated and divided by the document's length.
 */
(() => {
  "use strict";

  const { TITLE_WEIGHT, bm25, keyOf, phraseOf, unitsOf, within } = window.PolicySearch;

  const APART = "\u0002"; // between two titles or texts: no phrase spans them

  function count(text, key) {
    let n = 0;
    for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.length)) n++;
    return n;
  }

  // script: the URL of the copy's records.js, which calls window.__policySearch(index).
  function offlineEngine(script) {
    return new Promise((resolve, reject) => {
      window.__policySearch = (index) => resolve(engineOver(index));
      const tag = document.createElement("script");
      tag.src = script;
      tag.onerror = () => reject(new Error(`the search index ${script} did not load`));
      document.head.append(tag);
    });
  }

  function engineOver({ documents, pinyin }) {
    const entries = documents.map((record, id) => {
      const titles = record.sections.map((s) => keyOf(unitsOf(s.title))).join(APART);
      const texts = record.sections.map((s) => keyOf(unitsOf(s.text))).join(APART);
      const data = { url: record.url, document: record.document, sections: record.sections };
      return { id, record, titles, all: titles + APART + texts, length: titles.length + texts.length,
        data: async () => data };
    });
    const averageLength = entries.reduce((sum, e) => sum + e.length, 0) / Math.max(1, entries.length);
    const passes = (entry, filters) => Object.entries(filters || {})
      .every(([name, value]) => (entry.record.filters[name] || []).includes(value));

    return {
      async inRow(units, filters) {
        const phrase = phraseOf(units);
        const key = phrase.key || phrase.lone.join("");
        const scored = [];
        for (const entry of entries) {
          if (!passes(entry, filters) || !within(entry.all, phrase)) continue;
          const titled = count(entry.titles, key);
          const frequency = TITLE_WEIGHT * titled + count(entry.all, key) - titled;
          scored.push([entry, bm25(frequency, entry.length / averageLength)]);
        }
        return scored.sort((a, b) => b[1] - a[1]).map(([entry]) => entry);
      },
      async titled(units, filters) {
        const phrase = phraseOf(units);
        return new Set(entries.filter((e) => passes(e, filters) && within(e.titles, phrase)).map((e) => e.id));
      },
      async filters() {
        const found = {};
        for (const { record } of entries) {
          for (const [name, values] of Object.entries(record.filters)) {
            found[name] ??= new Set();
            for (const value of values) found[name].add(value);
          }
        }
        return Object.fromEntries(Object.entries(found).map(([name, values]) => [name, [...values]]));
      },
      readings: async () => pinyin,
    };
  }

  Object.assign(window.PolicySearch, { offlineEngine });
})();
