/*
 * What a query means, whichever engine answers it: Pagefind on the site (search-pagefind.js),
 * the in-memory index of the file:// copy (search-offline.js). An engine finds documents:
 *   inRow(units, filters) -> documents [{id, data()}] that may hold the units in a row, best
 *     first; data() -> {url, document, sections: [{url, title, text, topics}]}, the first
 *     section being the document itself (its title and number);
 *   titled(units, filters) -> Set of the ids of documents with a section title that may hold them;
 *   readings() -> {character: its readings without tones} (for suggestions);
 *   filters() -> {name: [values]} (the box's filter choices).
 * Units are the query as the index reads it: each Han character, each run of letters and
 * digits; punctuation and spaces are not units, so they do not matter inside a phrase.
 *
 * find() answers, in this order:
 * 1. a query of one term: the phrase (an exact substring search of a section, as Ctrl+F);
 * 2. terms typed apart (买得放心 吃得安心): each a phrase, all in one section; the sections
 *    holding them in a row (what 1 would find) first;
 * 3. else the longest parts of the query that occur, with the notice that the whole was not
 *    found, and what was not; suggestions ("did you mean") from the texts around those parts.
 * The engine ranks documents; a result is a section, read from the documents in that order as
 * the reader asks for more (next()), and checked here against the query. For 1 and 2, sections
 * whose title holds the query come before passing mentions; for 3, sections holding most of
 * the query come first in each document.
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
      else for (const character of token) units.push(character); // not push(...token): a run can be longer than a call's arguments may be
    }
    return units;
  }

  // Units back to text: Han characters joined, runs of letters and digits kept apart.
  const textOf = (units) => units.map((u, i) => (i && isLatin(u) && isLatin(units[i - 1]) ? " " : "") + u).join("");

  // Units as one string in which "units in a row" is a substring: a run of letters and digits
  // between two marks, so it matches whole, as a word of the index does.
  const RUN = "\u0001";
  const keyOf = (units) => units.map((u) => (isLatin(u) ? RUN + u.toLowerCase() + RUN : u)).join("");

  // Matches the units in a text whatever punctuation or spaces stand between them.
  function looseRegExp(parts, flags = "gi") {
    const gap = "[^\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff0-9A-Za-z]*";
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const sorted = [...parts].sort((a, b) => b.length - a.length);
    return new RegExp(sorted.map((units) => units.map(escape).join(gap)).join("|"), flags);
  }

  const MAX_SUGGESTIONS = 3;
  const SUGGESTION_SOURCES = 12; // sections whose text suggestions are read from
  const SUGGESTION_DOCUMENTS = 4; // documents those sections are looked for in
  const QUERY_MAX = 64; // characters of a query searched (a clause's phrase is shorter; 质量 ×100 took minutes)
  const MIN_LATIN_PART = 2; // a run of letters shorter than this is no part worth showing ("1")
  const FIRST_PER_DOCUMENT = 3; // best sections of a document before the next document's
  const TERMS_PROBE = 20; // documents read to find a section holding every term before answering with parts
  const IN_A_ROW = 0.5; // terms typed apart found in a row: above the others of their level, not above a title
  const TITLE_WEIGHT = 4; // builder/pagefind.py TITLE_WEIGHT
  // BM25's weight of a term named `frequency` times in a text of `relative` times the average length
  const bm25 = (frequency, relative, saturation = 1.2, lengthWeight = 0.75) =>
    (frequency * (saturation + 1)) / (frequency + saturation * (1 - lengthWeight + lengthWeight * relative));

  // A section as the query reads it: its title and its text as keys (keyOf), never one phrase across both.
  const sectionKeys = new WeakMap();
  function keysOf(section) {
    if (!sectionKeys.has(section)) {
      sectionKeys.set(section, { title: keyOf(unitsOf(section.title)), text: keyOf(unitsOf(section.text)) });
    }
    return sectionKeys.get(section);
  }

  /*
   * What "units in a row" asks of a section, as the index answers it (search-pagefind.js
   * inRow): a Han character with no Han neighbour in the query (热 in 12345热) is no pair of
   * the index, so it is asked for anywhere in the section, the other units in a row.
   * A phrase: {key, lone: [characters]}.
   */
  function phraseOf(units) {
    const alone = (u, i) => !isLatin(u) && [units[i - 1], units[i + 1]].every((n) => n === undefined || isLatin(n));
    return { key: keyOf(units.filter((u, i) => !alone(u, i))), lone: units.filter(alone) };
  }
  const within = (key, phrase) => key.includes(phrase.key) && phrase.lone.every((c) => key.includes(c));
  const holds = (section, phrase) => within(keysOf(section).title, phrase) || within(keysOf(section).text, phrase);
  const titleHolds = (section, phrase) => within(keysOf(section).title, phrase);

  /*
   * The answer to a query: {kind: "exact" | "terms" | "partial" | "none", documents (how many
   * the engine found), parts (the units found, for the excerpts), missing (texts not found),
   * next(n) -> up to n more results [{url, title, document, text}], done() -> none left,
   * suggest() -> texts}.
   */
  async function find(engine, rawQuery, filters = {}) {
    const query = rawQuery.slice(0, QUERY_MAX); // parts() asks more phrases the longer and more repetitive a query is
    const units = unitsOf(query);
    if (!units.length) return null;
    const ranked = (part) => rankedBy(engine, part, filters);
    const topic = filters.topic;

    const exact = await ranked(units);
    const inRow = phraseOf(units); // the query as one phrase
    const terms = query.split(/\s+/).map(unitsOf).filter((term) => term.length);
    if (terms.length > 1) {
      // Terms typed apart (食品 安全) ask for each, all in one section; those holding them in a
      // row (食品安全: every section the phrase finds) come first at each level.
      const each = await Promise.all(terms.map(ranked));
      const phraseFound = new Set(exact.results.map((r) => r.id));
      const results = [...exact.results, ...together(each).filter((r) => !phraseFound.has(r.id))];
      if (results.length) {
        const keys = terms.map(phraseOf);
        const inTitle = new Set([...exact.inTitle,
          ...results.filter((r) => each.every((list) => list.inTitle.has(r.id))).map((r) => r.id)]);
        const titled = (section) => titleHolds(section, inRow) || keys.every((key) => titleHolds(section, key));
        // the parts marked: the terms, and the query in a row where a section has it (双随机、一公开)
        const found = answer("terms", [units, ...terms], results, titledFirst(results, inTitle), topic,
          (section) => (keys.every((key) => holds(section, key))
            ? (titled(section) ? 2 : 1) + (holds(section, inRow) ? IN_A_ROW : 0) : 0));
        // documents holding every term may have none in one section (首席质量官 检验检测): then the parts
        if (await found.holdsAny(TERMS_PROBE)) return found;
      }
    }
    if (exact.results.length) {
      return answer("exact", [units], exact.results, titledFirst(exact.results, exact.inTitle), topic,
        (section) => (holds(section, inRow) ? (titleHolds(section, inRow) ? 2 : 1) : 0));
    }

    const found = await parts((part) => engine.inRow(part, filters), units);
    if (!found.length) return { ...answer("none", [], [], {}, topic, () => 0), missing: [textOf(units)] };
    const partUnits = found.map(([from, to]) => units.slice(from, to));
    const each = await Promise.all(partUnits.map(ranked));
    // Units no part covers: a run of two or more occurs nowhere as a phrase (else a part would
    // hold it); a lone character between parts is only where the parts stop (质量强|生).
    const covered = new Set(found.flatMap(([from, to]) => Array.from({ length: to - from }, (_, i) => from + i)));
    const missing = runs(units.map((_, i) => !covered.has(i)))
      .filter(([from, to]) => to - from > 1 || isLatin(units[from])).map(([from, to]) => textOf(units.slice(from, to)));
    const keys = partUnits.map(phraseOf);
    // a section's share of the query: the characters of the parts it holds, then of those in its title
    const share = (section) => keys.reduce((sum, key, k) => sum
      + (holds(section, key) ? partUnits[k].length * (titleHolds(section, key) ? 101 : 100) : 0), 0);
    const results = byCoverage(each, partUnits);
    const whole = 100 * partUnits.reduce((sum, part) => sum + part.length, 0); // every part held
    return {
      ...answer("partial", partUnits, results, { documents: results, best: whole }, topic, share),
      missing, suggest: () => suggestions(engine, units, found, each, topic),
    };
  }

  /*
   * The results of documents (best first) as a list read on demand: score(section) > 0 for a
   * section that holds the query, higher for a better one. The best sections of first.documents
   * (score at least first.best: the query in the title, for a phrase or terms; every part, for
   * a partial match) come first, a few of each document; then the best remaining section of each
   * document; then every other, document by document. In a document the better come first, then by how often the
   * query is named for the section's length (BM25, as the engines rank documents), then the first.
   */
  function answer(kind, parts, documents, first, topic, score) {
    const loaded = new Map(); // id -> the document's data, asked once
    const dataOf = (result) => {
      if (!loaded.has(result.id)) loaded.set(result.id, result.data());
      return loaded.get(result.id);
    };
    const shown = new Set(); // urls of the sections given
    // [documents to read, which of their sections, how many of each document]
    const passes = [[first.documents || [], (s) => score(s) >= first.best, FIRST_PER_DOCUMENT],
      [documents, (s) => score(s) > 0, 1], [documents, (s) => score(s) > 0, Infinity]];
    const named = (text) => parts.reduce((sum, units) => sum + (text.match(looseRegExp([units])) || []).length, 0);
    const frequency = (section) => TITLE_WEIGHT * named(section.title) + named(section.text);
    const length = (section) => section.title.length + section.text.length;
    let pass = 0;
    let at = 0; // the next document of the pass
    let queue = []; // sections of the documents read, not given yet

    // A document's sections a pass wants, best first, at most `most`: [{section, score, weight, order}]
    function wantedOf(doc, wanted, most) {
      const average = doc.sections.reduce((sum, section) => sum + length(section), 0) / doc.sections.length;
      return doc.sections
        .map((section, order) => ({ section, order, score: score(section) }))
        .filter(({ section }) => !shown.has(section.url) && wanted(section))
        .filter(({ section }) => !topic || (section.topics || []).includes(topic))
        .map((row) => ({ ...row, weight: bm25(frequency(row.section), length(row.section) / average), doc }))
        .sort((a, b) => b.score - a.score || b.weight - a.weight || a.order - b.order)
        .slice(0, most);
    }

    // The next n results: the documents a batch needs are read together, and their sections
    // ranked together, so a batch is not one document's when the next has better ones.
    async function next(n) {
      const out = [];
      while (out.length < n) {
        if (queue.length) {
          out.push(queue.shift());
          continue;
        }
        if (pass >= passes.length) break;
        const [list, wanted, most] = passes[pass];
        if (at >= list.length) {
          pass += 1;
          at = 0;
          continue;
        }
        const window = list.slice(at, at + Math.max(1, n - out.length));
        const docs = await Promise.all(window.map(dataOf));
        at += window.length;
        queue = docs.flatMap((doc, rank) => wantedOf(doc, wanted, most).map((row) => ({ ...row, rank })))
          .sort((a, b) => b.score - a.score || b.weight - a.weight || a.rank - b.rank || a.order - b.order)
          .map(({ section, doc }) => {
            shown.add(section.url);
            return { ...section, document: doc.document };
          });
      }
      return out;
    }
    const done = () => !queue.length && passes.slice(pass).every(([list], k) => (k ? 0 : at) >= list.length);
    // whether one of the first `most` documents has a section to show (read once: next() takes them from there)
    const holdsAny = async (most) => (await Promise.all(documents.slice(0, most).map(dataOf)))
      .some((doc) => wantedOf(doc, (s) => score(s) > 0, 1).length);
    return { kind, parts, documents: documents.length, missing: [], next, done, holdsAny, suggest: async () => [] };
  }

  // The first pass of a phrase's or terms' answer: the titled sections of the documents having some.
  const titledFirst = (results, inTitle) => ({ documents: results.filter((r) => inTitle.has(r.id)), best: 2 });

  // Documents holding the units in a row: those with a titled section first, each group in the engine's ranking.
  async function rankedBy(engine, units, filters) {
    const [row, inTitle] = await Promise.all([engine.inRow(units, filters), engine.titled(units, filters)]);
    const results = [...row.filter((r) => inTitle.has(r.id)), ...row.filter((r) => !inTitle.has(r.id))];
    return { results, inTitle };
  }

  // Documents in every list, by their summed places.
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

  // Documents holding any part: most of the query's characters first, then titles, then places.
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
   * those that sound the same: one other character in three is another word. The texts are the
   * sections holding that part in the first documents found for it.
   */
  const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

  async function suggestions(engine, units, found, lists, topic) {
    if (!found.length || units.some(isLatin)) return [];
    const longest = found.reduce((a, b) => (b[1] - b[0] > a[1] - a[0] ? b : a));
    const partUnits = units.slice(longest[0], longest[1]);
    const key = phraseOf(partUnits);
    const sources = answer("exact", [partUnits], lists[found.indexOf(longest)].results.slice(0, SUGGESTION_DOCUMENTS),
      {}, topic, (section) => (holds(section, key) ? 1 : 0));
    const texts = (await sources.next(SUGGESTION_SOURCES)).map((s) => `${s.title || ""} ${s.text || ""}`);
    const part = partUnits.join("");
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

  window.PolicySearch = { TOKEN, TITLE_WEIGHT, isLatin, unitsOf, textOf, keyOf, phraseOf, within, bm25, looseRegExp, find };
})();
