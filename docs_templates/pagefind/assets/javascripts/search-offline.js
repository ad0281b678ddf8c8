/*
 * The file:// copy's engine for search-query.js: browsers refuse fetch() there, so Pagefind
 * cannot load its index; the copy has its records in one script instead (builder/pagefind.py
 * write_search_script: the same sections, titles, texts and filters as the site's index),
 * searched here in memory.
 *
 * A record's title and text are kept as their units (search-query.js unitsOf), each run of
 * letters and digits between two marks, so "units in a row" is a substring of that string,
 * as Pagefind's quoted pairs are on the site: punctuation and spaces do not count, a run of
 * letters and digits matches whole. The ranking is Pagefind's in small: the phrase's
 * occurrences, a title's weighing TITLE_WEIGHT, saturated and divided by the section's length.
 */
(() => {
  "use strict";

  const { isLatin, unitsOf } = window.PolicySearch;

  const RUN = "\u0001"; // around a run of letters and digits
  const APART = "\u0002"; // between title and text: no phrase spans them
  const TITLE_WEIGHT = 4; // builder/pagefind.py TITLE_WEIGHT
  const SATURATION = 1.2; // BM25's k1
  const LENGTH_WEIGHT = 0.75; // BM25's b

  const keyOf = (units) => units.map((u) => (isLatin(u) ? RUN + u.toLowerCase() + RUN : u)).join("");

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

  function engineOver({ records, pinyin }) {
    const entries = records.map((record, id) => {
      const title = keyOf(unitsOf(record.title));
      const text = keyOf(unitsOf(record.text));
      const data = { meta: { url: record.url, title: record.title, document: record.document, text: record.text } };
      return { id, record, title, all: title + APART + text, length: title.length + text.length, data: async () => data };
    });
    const averageLength = entries.reduce((sum, e) => sum + e.length, 0) / Math.max(1, entries.length);
    const passes = (entry, filters) => Object.entries(filters || {})
      .every(([name, value]) => (entry.record.filters[name] || []).includes(value));

    return {
      async inRow(units, filters) {
        const key = keyOf(units);
        const scored = [];
        for (const entry of entries) {
          if (!passes(entry, filters) || !entry.all.includes(key)) continue;
          const titled = count(entry.title, key);
          const frequency = TITLE_WEIGHT * titled + count(entry.all, key) - titled;
          const norm = 1 - LENGTH_WEIGHT + LENGTH_WEIGHT * entry.length / averageLength;
          scored.push([entry, frequency * (SATURATION + 1) / (frequency + SATURATION * norm)]);
        }
        return scored.sort((a, b) => b[1] - a[1]).map(([entry]) => entry);
      },
      async titled(units, filters) {
        const key = keyOf(units);
        return new Set(entries.filter((e) => passes(e, filters) && e.title.includes(key)).map((e) => e.id));
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
