/*
 * What a query means, whichever engine answers it: Pagefind on the site (search-pagefind.js),
 * the in-memory index of the file:// copy (search-offline.js). An engine has
 *   inRow(units, filters) -> results [{id, data()}] holding the units in a row, best first;
 *   titled(units, filters) -> Set of the ids whose title holds them in a row;
 *   readings() -> {character: its readings without tones} (for suggestions);
 *   filters() -> {name: [values]} (the box's filter choices).
 * Units are the query as the index reads it: each Han character, each run of letters and
 * digits; punctuation and spaces are not units, so they do not matter inside a phrase.
 *
 * find() answers, in this order:
 * 1. the phrase (an exact substring search, as Ctrl+F);
 * 2. terms typed apart (买得放心 吃得安心), each a phrase, all in one section;
 * 3. else the longest parts of the query that occur, with the notice that the whole was not
 *    found, and what was not; suggestions ("did you mean") from the texts around those parts.
 * Within each, a section whose title holds the phrase comes before passing mentions, then the
 * engine's ranking.
 *
 * A classic script (the file:// copy cannot load modules): it defines window.PolicySearch,
 * which search-pagefind.js or search-offline.js and then pagefind-search.js extend and use.
 */

(() => {
  "use strict";

  // Same classes of characters as builder/pagefind.py TOKEN_RE.
  const TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+(?:[.．][0-9]+)?/g;
  const isLatin = (unit) => /^[0-9A-Za-z]/.test(unit);

  // A text as the index reads it: each Han character, each run of letters and digits.
  function unitsOf(text) {
    const units = [];
    for (const [token] of text.matchAll(TOKEN)) {
      if (isLatin(token)) units.push(token);
      else units.push(...token);
    }
    return units;
  }

  // Units back to text: Han characters joined, runs of letters and digits kept apart.
  const textOf = (units) => units.map((u, i) => (i && isLatin(u) && isLatin(units[i - 1]) ? " " : "") + u).join("");

  // Matches the units in a text whatever punctuation or spaces stand between them.
  function looseRegExp(parts, flags = "gi") {
    const gap = "[^\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff0-9A-Za-z]*";
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const sorted = [...parts].sort((a, b) => b.length - a.length);
    return new RegExp(sorted.map((units) => units.map(escape).join(gap)).join("|"), flags);
  }

  const MAX_SUGGESTIONS = 3;
  const SUGGESTION_SOURCES = 12; // sections whose text suggestions are read from
  const MIN_LATIN_PART = 2; // a run of letters shorter than this is no part worth showing ("1")

  /*
   * The answer to a query: {kind: "exact" | "terms" | "partial" | "none", results, parts (the
   * units found, for the excerpts), missing (texts not found), suggest() -> texts}.
   */
  async function find(engine, query, filters = {}) {
    const units = unitsOf(query);
    if (!units.length) return null;
    const none = { results: [], parts: [], missing: [], suggest: async () => [] };
    const ranked = (part) => rankedBy(engine, part, filters);

    const exact = await ranked(units);
    if (exact.results.length) return { ...none, kind: "exact", results: exact.results, parts: [units] };

    const terms = query.split(/\s+/).map(unitsOf).filter((term) => term.length);
    if (terms.length > 1) {
      const each = await Promise.all(terms.map(ranked));
      const results = together(each);
      if (results.length) return { ...none, kind: "terms", results, parts: terms };
    }

    const found = await parts((part) => engine.inRow(part, filters), units);
    if (!found.length) return { ...none, kind: "none", missing: [textOf(units)] };
    const partUnits = found.map(([from, to]) => units.slice(from, to));
    const each = await Promise.all(partUnits.map(ranked));
    // Units no part covers: a run of two or more occurs nowhere as a phrase (else a part would
    // hold it); a lone character between parts is only where the parts stop (质量强|生).
    const covered = new Set(found.flatMap(([from, to]) => Array.from({ length: to - from }, (_, i) => from + i)));
    const missing = runs(units.map((_, i) => !covered.has(i)))
      .filter(([from, to]) => to - from > 1 || isLatin(units[from])).map(([from, to]) => textOf(units.slice(from, to)));
    return {
      kind: "partial", results: byCoverage(each, partUnits), parts: partUnits, missing,
      suggest: () => suggestions(engine, units, found, each),
    };
  }

  // Sections holding the units in a row: titled ones first, each group in the engine's ranking.
  async function rankedBy(engine, units, filters) {
    const [row, inTitle] = await Promise.all([engine.inRow(units, filters), engine.titled(units, filters)]);
    const results = [...row.filter((r) => inTitle.has(r.id)), ...row.filter((r) => !inTitle.has(r.id))];
    return { results, inTitle };
  }

  // Sections in every list, by their summed places.
  function together(lists) {
    const place = new Map();
    for (const { results } of lists) {
      results.forEach((r, i) => {
        const [result, sum, count] = place.get(r.id) || [r, 0, 0];
        place.set(r.id, [result, sum + i, count + 1]);
      });
    }
    return [...place.values()].filter(([, , count]) => count === lists.length)
      .sort((a, b) => a[1] - b[1]).map(([result]) => result);
  }

  // Sections holding any part: most of the query's characters first, then titles, then places.
  function byCoverage(lists, partUnits) {
    const rows = new Map();
    lists.forEach(({ results, inTitle }, k) => {
      const weight = partUnits[k].length;
      results.forEach((r, i) => {
        const row = rows.get(r.id) || { result: r, covered: 0, titled: 0, place: Infinity };
        row.covered += weight;
        row.titled += inTitle.has(r.id) ? weight : 0;
        row.place = Math.min(row.place, i);
        rows.set(r.id, row);
      });
    });
    return [...rows.values()]
      .sort((a, b) => b.covered - a.covered || b.titled - a.titled || a.place - b.place)
      .map((row) => row.result);
  }

  // [from, to) of each run of true
  function runs(flags) {
    const out = [];
    flags.forEach((flag, i) => {
      if (!flag) return;
      if (out.length && out[out.length - 1][1] === i) out[out.length - 1][1] = i + 1;
      else out.push([i, i + 1]);
    });
    return out;
  }

  // The longest ranges of units that occur as a phrase, longest first, not overlapping. A range
  // never spans two units that occur nowhere side by side, so only a few phrases are asked for.
  async function parts(inRow, units) {
    const occurs = async (from, to) => (await inRow(units.slice(from, to))).length > 0;
    const joined = await Promise.all(units.slice(1).map((_, i) => occurs(i, i + 2)));
    const found = [];
    async function cover(lo, hi) {
      for (let length = hi - lo; length >= 1; length--) {
        for (let from = lo; from + length <= hi; from++) {
          const to = from + length;
          if (length === 1 && !(isLatin(units[from]) && units[from].length >= MIN_LATIN_PART)) continue;
          if (joined.slice(from, to - 1).some((ok) => !ok)) continue;
          if (length !== 2 && !(await occurs(from, to))) continue; // a pair is known from joined
          found.push([from, to]);
          await cover(lo, from);
          await cover(to, hi);
          return;
        }
      }
    }
    await cover(0, units.length);
    return found.sort((a, b) => a[0] - b[0]);
  }

  /*
   * "Did you mean": texts of the library of the query's length that hold its longest part where
   * the query has it, within one run of Han characters of the text, and differ from the query
   * in few characters (质量强生 -> 质量强省); those that differ only in characters that sound
   * the same come first, then the most frequent. A query of three characters or fewer gets only
   * those that sound the same: one other character in three is another word.
   */
  const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

  async function suggestions(engine, units, found, lists) {
    if (!found.length || units.some(isLatin)) return [];
    const longest = found.reduce((a, b) => (b[1] - b[0] > a[1] - a[0] ? b : a));
    const sources = lists[found.indexOf(longest)].results.slice(0, SUGGESTION_SOURCES);
    const texts = await Promise.all(sources.map(async (r) => {
      const data = await r.data();
      return `${data.meta.title || ""} ${data.meta.text || ""}`;
    }));
    const part = units.slice(longest[0], longest[1]).join("");
    const query = units.join("");
    const counts = new Map();
    for (const text of texts) {
      for (const [run] of text.matchAll(HAN_RUN)) {
        for (let at = run.indexOf(part); at >= 0; at = run.indexOf(part, at + 1)) {
          const start = at - longest[0];
          const candidate = run.slice(start, start + query.length);
          if (start >= 0 && candidate.length === query.length && candidate !== query) {
            counts.set(candidate, (counts.get(candidate) || 0) + 1);
          }
        }
      }
    }
    const pinyin = counts.size ? await engine.readings() : {};
    const sound = (c) => (pinyin[c] || "").split(" ").filter(Boolean);
    const alike = (a, b) => a === b || sound(a).some((r) => sound(b).includes(r));
    const allowed = query.length >= 4 ? Math.floor(query.length / 4) : 1;
    return [...counts]
      .map(([text, count]) => {
        const differ = [...text].filter((c, i) => c !== query[i]);
        return { text, count, sounds: [...text].every((c, i) => alike(c, query[i])), differ: differ.length };
      })
      .filter((s) => s.differ <= allowed && (s.sounds || query.length >= 4))
      .sort((a, b) => b.sounds - a.sounds || b.count - a.count)
      .slice(0, MAX_SUGGESTIONS).map((s) => s.text);
  }

  window.PolicySearch = { TOKEN, isLatin, unitsOf, textOf, looseRegExp, find };
})();
