/*
 * The site's engine for search-query.js: Pagefind over the index builder/pagefind.py writes.
 *
 * The index's words (builder/pagefind.py bigrams is the definition): overlapping pairs of the
 * Han characters between two runs of letters and digits, punctuation and spaces skipped, so
 * 参与质量强省 and 参与“质量强省” are the same words; a run of letters and digits is one word.
 * Each is written as a Latin word of its own namespace (HAN_PREFIX, TEXT_PREFIX), so no text
 * can pass for a Han word, and a section's title is indexed once more under TITLE_PREFIX.
 * A record is a document, SECTION_BREAK between its sections. Quoted, Pagefind finds the words
 * in a row (an exact substring search, as Ctrl+F) but does not rank them; unquoted, it ranks
 * the documents holding every word that occurs.
 */
(() => {
  "use strict";

  const { TOKEN, isLatin, textOf } = window.PolicySearch;

  // builder/pagefind.py HAN_PREFIX, TEXT_PREFIX, TITLE_PREFIX and han_word: a Han word and a run
  // of letters and digits never look alike, so no text can pass for a Han word
  const HAN_PREFIX = "h";
  const TEXT_PREFIX = "x";
  const TITLE_PREFIX = "t";
  const hanWord = (chars) => HAN_PREFIX + [...chars].map((c) => c.codePointAt(0)).join("");
  const isLoneHan = (word) => word.startsWith(HAN_PREFIX) && word.length === HAN_PREFIX.length + 5; // one code point

  // builder/pagefind.py bigrams; step 2: only the pairs that hold each character once (空气质量 ->
  // 空气 质量; 空气质 -> 空气 气质), enough to rank by and half the words for Pagefind to score
  function bigrams(text, { step = 1 } = {}) {
    const words = [];
    let han = ""; // Han characters since the last run of letters and digits
    const pairs = () => {
      if (han.length === 1) words.push(hanWord(han));
      for (let i = 0; i + 1 < han.length; i += step) words.push(hanWord(han.slice(i, i + 2)));
      if (han.length > 1 && (han.length - 2) % step) words.push(hanWord(han.slice(-2)));
    };
    for (const [token] of text.matchAll(TOKEN)) {
      if (isLatin(token)) {
        pairs();
        han = "";
        words.push(TEXT_PREFIX + token.replace("．", "."));
      } else han += token;
    }
    pairs();
    return words.join(" ");
  }

  const MAX_ASKED = 500;

  // A result as search-query.js reads it: the record the index carries as the value of its
  // RECORD_FILTER (builder/pagefind.py SearchDocument.html), {url, document, sections}.
  const RECORD_FILTER = "record";
  const resultOf = (result) => ({
    id: result.id,
    data: async () => JSON.parse((await result.data()).filters[RECORD_FILTER][0]),
  });

  /*
   * pagefind: {search(term, options)} over the whole index (pagefind-search.js loadPagefind);
   * readingsUrl: the library's pinyin (builder/pagefind.py PINYIN_FILE); filtersUrl: the values
   * of the box's filters (FILTERS_FILE), read there rather than from Pagefind's filters(), which
   * fetches every filter chunk of every bundle: Pagefind then loads a filter's chunks only for a
   * search that uses it. Each term is asked once per
   * query and filters.
   */
  function pagefindEngine(pagefind, readingsUrl, filtersUrl) {
    const asked = new Map();
    const ask = (term, filters) => {
      const key = JSON.stringify([term, filters]);
      if (asked.size > MAX_ASKED) asked.clear(); // a long visit does not keep every answer
      if (!asked.has(key)) {
        asked.set(key, pagefind.search(term, { filters }).then((answer) => (answer?.results || []).map(resultOf)));
      }
      return asked.get(key);
    };
    let readings = null;
    return {
      // Documents holding the units in a row, best first. A Han character alone between letters
      // or digits (2025年) starts a pair in the index (年，质 -> 年质): it is asked for as the
      // start of a word anywhere in the document, the rest in a row (search-query.js checks
      // the sections themselves). The ranking asks for the pairs holding each character once:
      // Pagefind's time grows with the words it scores, and the overlapping pairs add little.
      async inRow(units, filters) {
        const words = bigrams(textOf(units)).split(" ");
        const rest = words.filter((word) => !isLoneHan(word));
        const ranking = rest.length ? bigrams(textOf(units), { step: 2 }) : words.join(" ");
        const [row, ranked] = await Promise.all([rest.length ? ask(`"${rest.join(" ")}"`, filters) : null,
          ask(ranking, filters)]);
        if (!row) return ranked;
        const ids = new Set(row.map((r) => r.id));
        return ranked.filter((r) => ids.has(r.id)); // the unquoted search holds every document of the quoted one
      },
      // ids of the documents with a section title holding the units in a row
      async titled(units, filters) {
        const words = bigrams(textOf(units)).split(" ").filter((word) => !isLoneHan(word));
        if (!words.length) return new Set();
        const found = await ask(`"${words.map((word) => TITLE_PREFIX + word).join(" ")}"`, filters);
        return new Set(found.map((r) => r.id));
      },
      filters: () => fetch(filtersUrl).then((r) => (r.ok ? r.json() : {})).catch(() => ({})),
      readings: () => (readings ??= fetch(readingsUrl).then((r) => (r.ok ? r.json() : {})).catch(() => ({}))),
    };
  }

  Object.assign(window.PolicySearch, { bigrams, pagefindEngine });
})();
