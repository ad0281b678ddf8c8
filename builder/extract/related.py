"""Related clauses: for each section, the most similar sections of the other documents; and
section-by-section alignments of the two documents of an `implements` pair.

Similarity is the cosine of TF-IDF vectors over jieba words (sublinear tf), cut by rjieba
(jieba's dictionary and algorithm in Rust). A word's idf comes from jieba's own table, not from
the library, so a word weighs the same whatever else the library holds: an edit changes the
vectors of the edited document's sections and no others. That is what lets a build start from
the previous one's index (IndexSnapshot, handed on by the runner) and look up again only the
sections an edit can affect (changes_since), with the result a build from nothing gets.

Scoring every pair would be quadratic, so candidates come from an inverted index: a section's
strongest terms are looked up in per-term champion lists (the sections where the term weighs
most), and only the short list their postings give is scored exactly. The work runs on flat
numpy arrays, and gives the plain definition's results bit for bit (tests/extract/test_related.py
keeps it, one section at a time): sums are added in the definition's order (_sequential_sums),
and ties go the same way.
"""
from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections.abc import Hashable, Iterable, Sequence
from importlib.metadata import version
from dataclasses import dataclass
from functools import cache, cached_property, partial
from typing import NamedTuple
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import rjieba

from builder.extract.sections import Section, sections
from builder.model import AlignedRow, Alignment, Document, RelatedClause
from builder.parallel import map_parts

QUERY_TERMS = 16  # strongest terms of a section used to look for candidates
POSTING_LIMIT = 100  # champion list length: sections kept per term
CANDIDATES = 40  # candidates scored exactly per section
RELATED_PER_SECTION = 5
RELATED_THRESHOLD = 0.25  # cosine below this is shared vocabulary, not a shared subject
RELATED_MIN_TOKENS = 12  # a bare heading ("一、总体要求") is too short to relate
ALIGN_THRESHOLD = 0.2  # an implementing document rewords: accept looser matches in its pair

_POSTINGS_PER_BATCH = 1 << 19  # postings read for one batch of sections (bounds its memory)
_PAIRS_PER_BATCH = 1 << 16  # section pairs of aligned documents scored at a time (the same)
_TABLE_CELLS = 1 << 19  # (section, term) cells of the dense table exact dot products look up
_QUERIES_PER_PROCESS = 1000  # most_similar's queries are shared between cores; fewer, and forking costs more than it saves

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")

# jieba's idf table, found without importing jieba (rjieba cuts the words; jieba is only the table's home)
IDF_TABLE = Path(find_spec("jieba").submodule_search_locations[0]) / "analyse" / "idf.txt"
IDF_VERSION = version("jieba")  # the table's: what is kept between builds was weighed with it


@dataclass(frozen=True, eq=False)
class IdfTable:
    """IDF_TABLE as sorted arrays, a word looked up by binary search: a build keeps it in its
    cache and loads it in milliseconds, where reading the text takes a fifth of a second."""

    words: np.ndarray  # sorted
    idf: np.ndarray  # of each of words
    median: float  # what a word missing from the table gets, as in jieba.analyse

    @staticmethod
    @cache
    def jieba() -> IdfTable:
        fields = IDF_TABLE.read_text(encoding="utf-8").split()  # "word idf" per line
        words, idf = np.array(fields[::2]), np.array([float(value) for value in fields[1::2]])
        order = np.argsort(words, kind="stable")
        return IdfTable(words[order], idf[order], float(np.sort(idf)[len(idf) // 2]))

    def __call__(self, words: Iterable[str]) -> np.ndarray:
        """The idf of each word."""
        query = np.array(list(words), dtype=str)
        if not len(query) or not len(self.words):
            return np.full(len(query), self.median)
        at = np.minimum(np.searchsorted(self.words, query), len(self.words) - 1)
        return np.where(self.words[at] == query, self.idf[at], self.median)


def tokenize(text: str) -> list[str]:
    """jieba words of two or more characters that contain a letter or a Chinese character."""
    return [w for w in rjieba.cut(text) if len(w) >= 2 and _WORD.search(w)]


@dataclass(frozen=True)
class SectionTokens:
    """What the similarity index reads of a section: the words of its text and of its title."""

    text: tuple[str, ...]
    title: tuple[str, ...]


def section_tokens(section: Section) -> SectionTokens:
    return SectionTokens(tuple(tokenize(section.text)), tuple(tokenize(section.title)))


def document_tokens(doc: Document) -> list[SectionTokens]:
    """The tokens of each of sections(doc), in order. They depend on this document alone, so
    a build can keep them with the parsed document and not cut it again while it is unchanged."""
    return [section_tokens(s) for s in sections(doc)]


class SectionKey(NamedTuple):
    """What the index reads of a section given its TermCounts: where it is."""

    doc: str
    anchor: str


@dataclass(frozen=True, eq=False)
class TermCounts:
    """The tokens of a run of sections (a document's), counted: (section, term, count) of each
    distinct term of each section's text and title, sections numbered from 0 within the run
    and terms by `words`; a section's terms in the order they first occur in it."""

    words: tuple[str, ...]  # the run's text words in the order they first occur, then title-only words
    token_counts: np.ndarray  # text tokens of each section
    idf: np.ndarray  # of each of words
    text: tuple[np.ndarray, np.ndarray, np.ndarray]
    title: tuple[np.ndarray, np.ndarray, np.ndarray]
    anchors: tuple[str, ...]  # of each section
    # of each section: a 64-bit digest of its document, anchor and words (and of the idf table):
    # two builds' sections with one digest have one vector
    section_digests: np.ndarray


def term_counts(tokens: list[SectionTokens], sections: Sequence[Section | SectionKey],
                idf: IdfTable | None = None) -> TermCounts:
    """The counts of `sections`, whose section_tokens() these are; idf: IdfTable.jieba(), or
    the same table kept by a build."""
    idf = idf or IdfTable.jieba()
    words = dict.fromkeys(itertools.chain.from_iterable(tok.text for tok in tokens))
    words.update(dict.fromkeys(itertools.chain.from_iterable(tok.title for tok in tokens)))
    number = {word: i for i, word in enumerate(words)}
    return TermCounts(tuple(words), np.array([len(tok.text) for tok in tokens], dtype=np.int64),
                      idf(words), _term_counts([tok.text for tok in tokens], number),
                      _term_counts([tok.title for tok in tokens], number), tuple(s.anchor for s in sections),
                      np.array([_section_digest(s, tok) for s, tok in zip(sections, tokens)], dtype=np.uint64))


def _section_digest(section: Section | SectionKey, tokens: SectionTokens) -> int:
    digest = hashlib.blake2b(digest_size=8)
    for part in (IDF_VERSION, section.doc, section.anchor, *tokens.text, "\1", *tokens.title):
        digest.update(part.encode("utf-8") + b"\0")
    return int.from_bytes(digest.digest(), "little")


def document_terms(doc: Document, idf: IdfTable | None = None) -> TermCounts:
    """term_counts() of sections(doc). They depend on this document alone, so a build can keep
    them with the parsed document and skip jieba and counting when it has not changed."""
    secs = sections(doc)
    return term_counts([section_tokens(s) for s in secs], secs, idf)


@dataclass
class _Vectors:
    """One L2-normalised TF-IDF vector per section, as flat arrays of entries: entry k gives
    section row[k] the weight weight[k] on term term[k]. A section's entries run from start[s]
    to start[s + 1], in the order its terms first occur in its text."""

    start: np.ndarray
    term: np.ndarray
    weight: np.ndarray
    term_count: int  # size of the vocabulary: every term is below it

    @property
    def length(self) -> np.ndarray:
        return np.diff(self.start)

    @cached_property
    def row(self) -> np.ndarray:  # made from start, not kept with the index between builds
        return np.repeat(np.arange(len(self.start) - 1), self.length)


class SimilarityIndex:
    """TF-IDF vectors of the sections, their query terms and each term's champion list.

    `counts`, if given, are term_counts() of consecutive runs of the sections (document_terms()
    of each document, from a cache, say), and a SectionKey per section is all it needs of
    them; else `tokens`, if given, are section_tokens() of each section; without either the
    sections are tokenized here.

    `previous`, a snapshot() of an earlier build's index, saves work: a run found there keeps
    its vectors and query terms, and a term none of whose sections changed keeps its champion
    list. A run is found by its key: run_keys[i] if given (with counts[i] None if the key
    names a run of `previous`: a build need not load what it will not read), else the bytes
    of its section digests. The index is the one built from nothing but for
    the numbering of its terms (an earlier build's keep their numbers, new words follow),
    which nothing found with it depends on."""

    def __init__(self, sections: Sequence[Section | SectionKey], tokens: list[SectionTokens] | None = None,
                 counts: list[TermCounts | None] | None = None, previous: IndexSnapshot | None = None,
                 run_keys: list[Hashable] | None = None):
        if not counts:  # none given, or no runs at all (an empty library)
            counts = [term_counts(tokens if tokens is not None else [section_tokens(s) for s in sections], sections)]
        run_keys = run_keys if run_keys is not None else [c.section_digests.tobytes() for c in counts]
        old = previous if previous is not None and keeps_order(previous, run_keys) else _NOTHING
        earlier_rows = [old.runs.get(key) for key in run_keys]
        if any(c is None and rows is None for c, rows in zip(counts, earlier_rows)):
            raise ValueError("a run without counts is not in the previous index")
        counted = sum(rows[1] - rows[0] if rows else len(c.token_counts) for c, rows in zip(counts, earlier_rows))
        if counted != len(sections):
            raise ValueError(f"{counted} token lists for {len(sections)} sections")
        self.sections = sections
        fresh = [c for c, rows in zip(counts, earlier_rows) if rows is None]

        # Terms: the earlier index's keep their numbers, the fresh runs' new words follow.
        vocabulary = dict.fromkeys(old.words)
        vocabulary.update(dict.fromkeys(itertools.chain.from_iterable(c.words for c in fresh)))
        number = {word: i for i, word in enumerate(vocabulary)}
        self.words = tuple(vocabulary)  # term number -> word
        term_of_word = np.fromiter(map(number.__getitem__, itertools.chain.from_iterable(c.words for c in fresh)),
                                   dtype=np.int64, count=sum(len(c.words) for c in fresh))
        self.idf = np.concatenate([old.idf, np.zeros(len(number) - len(old.idf))])
        self.idf[term_of_word] = np.concatenate([np.zeros(0), *(c.idf for c in fresh)])  # a word's idf is its own

        # The fresh runs' vectors and query terms, then each section's row taken from the
        # earlier index or from those.
        fresh_sections = sum(len(c.token_counts) for c in fresh)
        fresh_text = _tfidf(*_library_counts(fresh, [c.text for c in fresh], term_of_word), self.idf, fresh_sections)
        fresh_title = _tfidf(*_library_counts(fresh, [c.title for c in fresh], term_of_word), self.idf, fresh_sections)
        fresh_terms, fresh_weights = _query_terms(fresh_text)
        earlier = len(old.section_digests)
        source, self.runs, at, fresh_at = [], {}, 0, earlier  # source: row of [earlier index; fresh]
        for key, c, rows in zip(run_keys, counts, earlier_rows):
            size = rows[1] - rows[0] if rows else len(c.token_counts)
            source.append(np.arange(*rows) if rows else np.arange(fresh_at, fresh_at + size))
            fresh_at += 0 if rows else size
            self.runs[key] = (at, at + size)  # a run's sections, for a later build
            at += size
        source = np.concatenate([np.zeros(0, dtype=np.int64), *source])
        self.token_counts = np.concatenate([old.token_counts, *(c.token_counts for c in fresh)])[source]
        self.section_digests = np.concatenate([old.section_digests, *(c.section_digests for c in fresh)])[source]
        self.vectors = _rows(_stacked(old.vectors, fresh_text), source, len(number))
        self.title_vectors = _rows(_stacked(old.title_vectors, fresh_title), source, len(number))
        self.query_terms = np.concatenate([old.query_terms, fresh_terms])[source]
        self.query_weights = np.concatenate([old.query_weights, fresh_weights])[source]

        # Champion lists: a list changes only where a section joins or leaves it. So a list is
        # made again if a section of an earlier run gone was on it, or if a fresh section
        # weighs enough to join it (as much as its last entry, when it is full); the rest are
        # the earlier lists, their sections renumbered.
        row_of_earlier = np.full(earlier, -1)
        row_of_earlier[source[source < earlier]] = np.flatnonzero(source < earlier)
        listed = np.diff(old.champion_start)
        old_term = np.repeat(np.arange(len(listed)), listed)
        full = np.flatnonzero(listed >= POSTING_LIMIT)
        floor = np.full(len(number), -np.inf)
        floor[full] = old.champion_weight[old.champion_start[full + 1] - 1]
        redo = np.zeros(len(number), dtype=bool)
        redo[fresh_text.term[fresh_text.weight >= floor[fresh_text.term]]] = True
        redo[old_term[row_of_earlier[old.champion_section] < 0]] = True
        kept = np.flatnonzero(~redo[old_term])
        made = _champions(self.vectors, np.flatnonzero(redo[self.vectors.term]))
        term = np.concatenate([old_term[kept], self.vectors.term[made]])
        by_term = np.argsort(term, kind="stable")  # a term's list comes whole, and in order, from one side
        self.champion_start = np.searchsorted(term[by_term], np.arange(len(number) + 1))
        self.champion_section = np.concatenate([row_of_earlier[old.champion_section[kept]],
                                                self.vectors.row[made]])[by_term]
        self.champion_weight = np.concatenate([old.champion_weight[kept], self.vectors.weight[made]])[by_term]

        self.doc_sections: dict[str, list[int]] = {}  # document slug -> its sections, in order
        for i, s in enumerate(sections):
            self.doc_sections.setdefault(s.doc, []).append(i)
        doc_number = {slug: number for number, slug in enumerate(self.doc_sections)}
        self.doc_numbers = np.array([doc_number[s.doc] for s in sections], dtype=np.int64)
        self.pairs_accumulated = 0  # work counters, to keep the method honest about its cost
        self.pairs_scored = 0

    def most_similar(self, queries: np.ndarray, candidates: np.ndarray, limit: int,
                     threshold: float) -> list[tuple[int, int, float]]:
        """(query, section, cosine): for each query section in turn, up to `limit` sections of
        other documents where the mask `candidates` is true and the cosine is at least
        `threshold`, best first."""
        found: list[tuple[int, int, float]] = []
        if len(self.champion_section) == 0:  # every vector is empty: no term tells sections apart
            return found
        # Each query's result depends on it alone: parts of them can be worked on apart.
        work = partial(self._most_similar, candidates=candidates, limit=limit, threshold=threshold)
        for part, accumulated, scored in map_parts(work, np.asarray(queries), _QUERIES_PER_PROCESS):
            found.extend(part)
            self.pairs_accumulated += accumulated
            self.pairs_scored += scored
        return found

    def _most_similar(self, queries: np.ndarray, candidates: np.ndarray, limit: int,
                      threshold: float) -> tuple[list[tuple[int, int, float]], int, int]:
        """most_similar(), and the pairs it accumulated and scored (for the work counters)."""
        found: list[tuple[int, int, float]] = []
        accumulated = scored = 0
        batch = max(1, _POSTINGS_PER_BATCH // (QUERY_TERMS * POSTING_LIMIT))
        for lo in range(0, len(queries), batch):
            batch_queries = queries[lo:lo + batch]
            local, candidate, hits = self._shortlist(batch_queries, candidates)
            query = batch_queries[local]
            accumulated += hits
            scored += len(query)
            cosine = _dots(self.vectors, query, candidate)
            kept = np.flatnonzero(cosine >= threshold)
            best_first = kept[np.lexsort((kept, -cosine[kept], local[kept]))]  # ties: short-list order
            best = best_first[_rank_in_group(local[best_first]) < limit]
            found.extend(zip(query[best].tolist(), candidate[best].tolist(), cosine[best].tolist()))
        return found, accumulated, scored

    def _shortlist(self, queries: np.ndarray, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
        """(index in queries, candidate) pairs: for each query, the CANDIDATES sections of other
        documents with the largest dot product accumulated over its query terms' champion
        lists, largest first; among equals, the one met first reading the query terms in
        order and each champion list in order. And how many postings were accumulated."""
        # Postings in reading order: (query, query term, rank in the champion list). One is a
        # hit if its section is a candidate of another document (so not the query itself).
        terms = self.query_terms[queries]
        listed = np.where(terms >= 0, np.diff(self.champion_start)[terms], 0)
        rank = np.arange(POSTING_LIMIT)
        posted = rank < listed[:, :, None]
        posting = np.where(posted, self.champion_start[terms][:, :, None] + rank, 0)
        section = self.champion_section[posting]
        candidate_doc = np.where(candidates, self.doc_numbers, -1)[section]
        hit = posted & (candidate_doc >= 0) & (candidate_doc != self.doc_numbers[queries][:, None, None])
        product = self.query_weights[queries][:, :, None] * self.champion_weight[posting]
        hit, section = hit.reshape(len(queries), -1), section.reshape(len(queries), -1)

        # Sorting each query's hits by (section, reading order) brings each pair's hits
        # together, in the order the accumulation meets them.
        readings = QUERY_TERMS * POSTING_LIMIT
        reading_bits = (readings - 1).bit_length()  # a key is section << reading_bits | reading
        key_type = np.int32 if len(self.sections) << reading_bits <= np.iinfo(np.int32).max else np.int64
        no_hit = np.iinfo(key_type).max
        key = np.where(hit, section.astype(key_type) << reading_bits | np.arange(readings, dtype=key_type), no_hit)
        key.sort(axis=1)
        key = key[key != no_hit]
        hit_query = np.repeat(np.arange(len(queries)), np.count_nonzero(hit, axis=1))
        candidate, reading = key >> reading_bits, key & ((1 << reading_bits) - 1)
        first_hit = np.ones(len(candidate), dtype=bool)
        first_hit[1:] = (candidate[1:] != candidate[:-1]) | (hit_query[1:] != hit_query[:-1])
        pair_start = np.flatnonzero(first_hit)
        accumulated = _sequential_sums(product.ravel()[hit_query * readings + reading], pair_start,
                                       np.diff(pair_start, append=len(candidate)))
        pair_query, pair_candidate = hit_query[pair_start], candidate[pair_start]
        first_reading = reading[pair_start]

        # The CANDIDATES largest per query: rank only those reaching its CANDIDATES-th largest.
        table = np.full((len(queries), max(int(np.bincount(pair_query).max(initial=0)), CANDIDATES)), -1.0)
        table[pair_query, _rank_in_group(pair_query)] = accumulated
        cutoff = -np.partition(-table, CANDIDATES - 1, axis=1)[:, CANDIDATES - 1]
        contender = np.flatnonzero(accumulated >= cutoff[pair_query])
        ranked = contender[np.lexsort((first_reading[contender], -accumulated[contender],
                                       pair_query[contender]))]
        short = ranked[_rank_in_group(pair_query[ranked]) < CANDIDATES]
        return pair_query[short], pair_candidate[short], len(candidate)

    def pair_scores(self, blocks: list[tuple[list[int], list[int]]]) -> list[list[list[float]]]:
        """For each (left sections, right sections) block, the score of every pair, by left
        then right: the text cosine, raised towards the title cosine when both titles agree
        more than the texts."""
        left = np.array([i for lefts, rights in blocks for i in lefts for _ in rights], dtype=np.int64)
        right = np.array([j for lefts, rights in blocks for _ in lefts for j in rights], dtype=np.int64)
        self.pairs_scored += len(left)
        text, title = np.empty(len(left)), np.empty(len(left))
        for lo in range(0, len(left), _PAIRS_PER_BATCH):
            batch = slice(lo, lo + _PAIRS_PER_BATCH)
            text[batch] = _dots(self.vectors, left[batch], right[batch])
            title[batch] = _dots(self.title_vectors, left[batch], right[batch])
        titled = self.title_vectors.length > 0
        scores = np.where(titled[left] & titled[right], np.maximum(text, (text + title) / 2), text).tolist()
        matrices, at = [], 0
        for lefts, rights in blocks:
            matrices.append([scores[at + a * len(rights):at + (a + 1) * len(rights)]
                             for a in range(len(lefts))])
            at += len(lefts) * len(rights)
        return matrices


def _term_counts(token_lists: list, vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(section, term, count) of each distinct term of each section, sections in order and a
    section's terms in the order they first occur in it."""
    lengths = np.array([len(tokens) for tokens in token_lists], dtype=np.int64)
    rows = np.repeat(np.arange(len(token_lists)), lengths)
    terms = np.fromiter(map(vocabulary.__getitem__, itertools.chain.from_iterable(token_lists)),
                        dtype=np.int64, count=int(lengths.sum()))
    span = max(len(vocabulary), 1)
    code, first, count = np.unique(rows * span + terms, return_index=True, return_counts=True)
    in_reading_order = np.argsort(first)
    row, term = np.divmod(code[in_reading_order], span)
    return row, term, count[in_reading_order]


def _library_counts(counts: list[TermCounts], runs: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
                    term_of_word: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """_term_counts() of the runs together, from each run's counts (of its texts or titles)."""
    if not runs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    entries = [len(row) for row, _, _ in runs]
    section_offset = np.cumsum([0] + [len(c.token_counts) for c in counts[:-1]])
    word_offset = np.cumsum([0] + [len(c.words) for c in counts[:-1]])
    row = np.concatenate([row for row, _, _ in runs]) + np.repeat(section_offset, entries)
    term = term_of_word[np.concatenate([term for _, term, _ in runs]) + np.repeat(word_offset, entries)]
    return row, term, np.concatenate([count for _, _, count in runs])


def _tfidf(row: np.ndarray, term: np.ndarray, count: np.ndarray, idf: np.ndarray, n: int) -> _Vectors:
    """Vectors of weights (1 + log count) × idf, L2-normalised; a term of idf 0 is left out
    (_dots reads a weight of 0.0 as a term the vector lacks)."""
    kept = idf[term] > 0
    row, term, count = row[kept], term[kept], count[kept]
    sublinear_tf = np.array([1 + math.log(c) for c in range(1, int(count.max(initial=0)) + 1)])
    raw = sublinear_tf[count - 1] * idf[term]
    start = np.searchsorted(row, np.arange(n + 1))
    norm = np.sqrt(_sequential_sums(raw * raw, start[:-1], np.diff(start)))
    return _Vectors(start, term, raw / norm[row], len(idf))


def _query_terms(v: _Vectors) -> tuple[np.ndarray, np.ndarray]:
    """Each section's QUERY_TERMS heaviest terms and their weights, heaviest first, equal
    weights in reading order (a stable sort); -1 pads a short section."""
    n = len(v.start) - 1
    by_section = _grouped(np.argsort(-v.weight, kind="stable"), v.row)  # stable again, on small integers (radix)
    rank = np.arange(len(by_section)) - v.start[v.row[by_section]]
    strong, rank = by_section[rank < QUERY_TERMS], rank[rank < QUERY_TERMS]
    terms, weights = np.full((n, QUERY_TERMS), -1), np.zeros((n, QUERY_TERMS))
    terms[v.row[strong], rank] = v.term[strong]
    weights[v.row[strong], rank] = v.weight[strong]
    return terms, weights


def _champions(v: _Vectors, entries: np.ndarray) -> np.ndarray:
    """The champion lists of the terms of `entries` (every entry of those terms, in order):
    for each term, the entries of the POSTING_LIMIT sections where it weighs most, heaviest
    first, the later section first among equal weights; terms in increasing order."""
    heaviest_first = entries[np.argsort(-v.weight[entries], kind="stable")]
    by_term = _grouped(_reverse_ties(heaviest_first, v.weight), v.term)
    first = np.flatnonzero(np.append(True, v.term[by_term][1:] != v.term[by_term][:-1]))
    rank = np.arange(len(by_term)) - np.repeat(first, np.diff(np.append(first, len(by_term))))
    return by_term[rank < POSTING_LIMIT]


def _stacked(a: _Vectors, b: _Vectors) -> _Vectors:
    """The rows of a, then those of b."""
    return _Vectors(np.concatenate([a.start[:-1], b.start + a.start[-1]]), np.concatenate([a.term, b.term]),
                    np.concatenate([a.weight, b.weight]), max(a.term_count, b.term_count))


def _rows(v: _Vectors, rows: np.ndarray, term_count: int) -> _Vectors:
    """The vectors of `rows` of v, in that order."""
    length = v.length[rows]
    entries = _slices(v.start[rows], length)
    return _Vectors(np.concatenate([[0], np.cumsum(length)]), v.term[entries], v.weight[entries], term_count)


def _dots(vectors: _Vectors, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Dot product of each (left[k], right[k]) pair of vectors, added as the plain definition
    does: over the terms of the shorter vector (the left one if both are as long), in its order.

    The longer vectors are spread into a dense (section × term) table, a batch of sections at
    a time, and the shorter vectors' terms are looked up in it."""
    length, term_count = vectors.length, max(vectors.term_count, 1)
    left_shorter = length[left] <= length[right]
    shorter, longer = np.where(left_shorter, left, right), np.where(left_shorter, right, left)
    longers, longer_local = np.unique(longer, return_inverse=True)
    by_longer = np.argsort(longer_local, kind="stable")  # the order the pairs are worked in
    shorter, longer_local = shorter[by_longer], longer_local[by_longer]
    rows = max(1, min(len(longers), _TABLE_CELLS // term_count))  # longer vectors in the table at a time
    table_row = (np.arange(len(longers)) % rows) * term_count  # where each longer vector goes in it
    batch_starts = np.arange(0, len(longers) + rows, rows)

    long_length = length[longers]
    long_entry = _slices(vectors.start[longers], long_length)
    long_cell = np.repeat(table_row, long_length) + vectors.term[long_entry]
    long_weight = vectors.weight[long_entry]
    long_batches = np.append(0, np.cumsum(long_length))[np.minimum(batch_starts, len(longers))]

    short_length = length[shorter]
    short_start = np.cumsum(short_length) - short_length
    short_entry = _slices(vectors.start[shorter], short_length)
    short_cell = np.repeat(table_row[longer_local], short_length) + vectors.term[short_entry]
    short_batches = np.append(short_start, len(short_entry))[np.searchsorted(longer_local, batch_starts)]

    table = np.zeros(rows * term_count)
    looked_up = np.empty(len(short_entry))
    for batch in range(len(batch_starts) - 1):
        filled = slice(long_batches[batch], long_batches[batch + 1])
        looking = slice(short_batches[batch], short_batches[batch + 1])
        table[long_cell[filled]] = long_weight[filled]
        looked_up[looking] = table[short_cell[looking]]
        table[long_cell[filled]] = 0.0
    # Terms the longer vector lacks add 0.0, which changes no sum: keep the shared ones only.
    shared = np.flatnonzero(looked_up)
    first_shared = np.searchsorted(shared, short_start)  # a pair's shared terms start there
    shared_count = np.searchsorted(shared, short_start + short_length) - first_shared
    dots = np.empty(len(left))
    dots[by_longer] = _sequential_sums(vectors.weight[short_entry[shared]] * looked_up[shared],
                                       first_shared, shared_count)
    return dots


def _sequential_sums(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The sum of each slice values[start:start + length], adding its values one at a time from
    left to right: what sum() gives, bit for bit. One vectorised step per position, over the
    slices that reach it (longest slices first, so those are a prefix)."""
    longest = int(lengths.max(initial=0))
    shortfall = (longest - lengths).astype(np.min_scalar_type(longest))  # small integers: radix sort
    longest_first = np.argsort(shortfall, kind="stable")
    starts, lengths = starts[longest_first], lengths[longest_first]
    reaching = np.searchsorted(-lengths, -np.arange(longest), side="left")  # slices longer than each position
    sums = np.zeros(len(starts))
    for position, count in enumerate(reaching.tolist()):
        sums[:count] += values[starts[:count] + position]
    in_order = np.empty_like(sums)
    in_order[longest_first] = sums
    return in_order


def _slices(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Indices of the elements of the slices start..start + length of a flat array, in turn."""
    return np.arange(int(lengths.sum())) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)


def _grouped(order: np.ndarray, group: np.ndarray) -> np.ndarray:
    """`order` sorted by group[order], stably: grouped, each group still in that order."""
    return order[np.argsort(group[order].astype(np.min_scalar_type(group.max(initial=0))), kind="stable")]


def _reverse_ties(order: np.ndarray, key: np.ndarray) -> np.ndarray:
    """`order` with each run of equal key[order] reversed."""
    keys = key[order]
    run_start = np.flatnonzero(np.append(True, keys[1:] != keys[:-1]))
    run_length = np.diff(np.append(run_start, len(order)))
    return order[np.repeat(2 * run_start + run_length - 1, run_length) - np.arange(len(order))]


def _rank_in_group(groups: np.ndarray) -> np.ndarray:
    """Index of each element within its run of equal values."""
    index = np.arange(len(groups))
    run_start = np.ones(len(groups), dtype=bool)
    run_start[1:] = groups[1:] != groups[:-1]
    return index - np.maximum.accumulate(np.where(run_start, index, 0))


@dataclass(frozen=True, eq=False)
class IndexSnapshot:
    """An index as a later build builds on it and compares it with its own (changes_since), and
    what was found with it: enough to redo only the work an edit can change."""

    runs: dict[Hashable, tuple[int, int]]  # a run's key -> the range of its sections
    section_digests: np.ndarray  # per section: its digest (TermCounts.section_digests)
    anchors: tuple[str, ...]  # per section
    token_counts: np.ndarray  # per section
    doc_sections: dict[str, tuple[int, int]]  # document slug -> the range of its sections
    words: tuple[str, ...]  # term number -> word
    idf: np.ndarray  # per term
    vectors: _Vectors
    title_vectors: _Vectors
    query_terms: np.ndarray
    query_weights: np.ndarray
    champion_start: np.ndarray
    champion_section: np.ndarray
    champion_weight: np.ndarray
    related: tuple[np.ndarray, np.ndarray, np.ndarray]  # related_pairs(): section, other section, score
    alignments: dict[tuple[str, str, str], Alignment]  # (relation, left, right) -> alignments() of the pair


def _no_vectors() -> _Vectors:
    return _Vectors(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0), 0)


# The snapshot of an empty index: what a build with nothing to build on builds on.
_NOTHING = IndexSnapshot({}, np.zeros(0, dtype=np.uint64), (), np.zeros(0, dtype=np.int64), {}, (), np.zeros(0), _no_vectors(), _no_vectors(),
                         np.full((0, QUERY_TERMS), -1), np.zeros((0, QUERY_TERMS)), np.zeros(1, dtype=np.int64),
                         np.zeros(0, dtype=np.int64), np.zeros(0), (np.zeros(0, dtype=np.int64),) * 2 + (np.zeros(0),),
                         {})


@dataclass(frozen=True, eq=False)
class IndexChanges:
    """What differs between an index and an earlier build's. A section is the same if its
    digest is: the same document, anchor and words, so the same vector (a word's idf is fixed)."""

    previous: IndexSnapshot
    section_of_old: np.ndarray  # the earlier build's section number -> this index's, -1 if changed or gone
    term_of_old: np.ndarray  # the earlier build's term number -> this index's, -1 if gone
    changed: np.ndarray  # per section of this index: new or changed


def snapshot(index: SimilarityIndex, related: tuple[np.ndarray, np.ndarray, np.ndarray],
             aligned: list[Alignment]) -> IndexSnapshot | None:
    """The index and what was found with it, for the next build; None if two sections share a
    digest (two sections of a document with one anchor), which would make matching ambiguous."""
    if len(np.unique(index.section_digests)) != len(index.section_digests):
        return None
    return IndexSnapshot(index.runs, index.section_digests, tuple(s.anchor for s in index.sections), index.token_counts,
                         {slug: (numbers[0], numbers[-1] + 1) for slug, numbers in index.doc_sections.items()},
                         index.words, index.idf, index.vectors, index.title_vectors, index.query_terms,
                         index.query_weights, index.champion_start, index.champion_section, index.champion_weight,
                         related, {(a.relation, a.left_doc, a.right_doc): a for a in aligned})


def keeps_order(previous: IndexSnapshot | None, run_keys: list[Hashable]) -> bool:
    """Whether the runs (documents) an earlier index holds come in the same order among
    run_keys as they did there. Equal scores are ranked by place, so an index is built on an
    earlier one only then (a seed renamed moves its document)."""
    starts = [previous.runs[key][0] for key in run_keys if key in previous.runs] if previous else []
    return all(a < b for a, b in zip(starts, starts[1:]))


def changes_since(index: SimilarityIndex, previous: IndexSnapshot | None) -> IndexChanges | None:
    """How index differs from `previous`; None if there is nothing to compare with, or if
    sections both have moved relative to each other (equal scores are ranked by place)."""
    if previous is None or len(np.unique(index.section_digests)) != len(index.section_digests):
        return None
    _, old, new = np.intersect1d(previous.section_digests, index.section_digests, assume_unique=True,
                                 return_indices=True)
    section_of_old = np.full(len(previous.section_digests), -1, dtype=np.int64)
    section_of_old[old] = new
    kept = section_of_old[section_of_old >= 0]
    if np.any(kept[1:] < kept[:-1]):
        return None  # documents changed places (a seed renamed): ties go by place, so look everything up again
    changed = np.ones(len(index.section_digests), dtype=bool)
    changed[new] = False
    if index.words[:len(previous.words)] == previous.words:  # the index was built on previous
        term_of_old = np.arange(len(previous.words))
    else:
        term_number = {word: i for i, word in enumerate(index.words)}
        term_of_old = np.fromiter((term_number.get(word, -1) for word in previous.words), dtype=np.int64,
                                  count=len(previous.words))
    return IndexChanges(previous, section_of_old, term_of_old, changed)


def _queries_to_redo(index: SimilarityIndex, changes: IndexChanges) -> np.ndarray:
    """Per section: whether most_similar() may find otherwise for it than the earlier build did.

    A query's result is made from its own vector, the champion lists of its query terms and
    the vectors of the sections on them. A champion list can only differ if a changed section
    is on it now or was on it before (the rest keep their weights, and their order among
    themselves), so a query none of whose terms has such a list, and whose own vector is
    unchanged, finds what it found before."""
    old = changes.previous
    term_count = index.vectors.term_count
    touched = np.zeros(term_count + 1, dtype=bool)  # the last cell stands for -1, an empty query term
    champion_term = np.repeat(np.arange(term_count), np.diff(index.champion_start))
    touched[champion_term[changes.changed[index.champion_section]]] = True
    old_champion_term = np.repeat(np.arange(len(old.champion_start) - 1), np.diff(old.champion_start))
    touched_before = changes.term_of_old[old_champion_term[changes.section_of_old[old.champion_section] < 0]]
    touched[touched_before[touched_before >= 0]] = True
    return changes.changed | touched[index.query_terms].any(axis=1)


def related_pairs(index: SimilarityIndex, changes: IndexChanges | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(section, other section, cosine rounded to 3 places): for each section long enough to
    compare, its closest sections in other documents, best first. Given the changes since an earlier build, only
    the sections an edit can affect are looked up again; the others keep what they found."""
    comparable = index.token_counts >= RELATED_MIN_TOKENS
    redo = np.ones(len(comparable), dtype=bool) if changes is None else _queries_to_redo(index, changes)
    found = index.most_similar(np.flatnonzero(redo & comparable), comparable, RELATED_PER_SECTION, RELATED_THRESHOLD)
    section = np.array([i for i, _, _ in found], dtype=np.int64)
    other = np.array([j for _, j, _ in found], dtype=np.int64)
    cosine = np.array([round(score, 3) for _, _, score in found], dtype=np.float64)
    if changes is None:
        return section, other, cosine
    old_section, old_other, old_cosine = changes.previous.related
    was = changes.section_of_old[old_section]
    kept = np.flatnonzero(was >= 0)
    kept = kept[~redo[was[kept]]]
    section = np.concatenate([was[kept], section])
    in_order = np.argsort(section, kind="stable")  # each section's results are kept or found anew, whole
    return (section[in_order], np.concatenate([changes.section_of_old[old_other[kept]], other])[in_order],
            np.concatenate([old_cosine[kept], cosine])[in_order])


def related_sections(index: SimilarityIndex, found: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
                     ) -> list[RelatedClause]:
    """related_pairs() (found, if given) as clauses: for each section long enough to compare,
    its closest sections in other documents."""
    section, other, cosine = related_pairs(index) if found is None else found
    doc, anchor = [s.doc for s in index.sections], [s.anchor for s in index.sections]
    return [RelatedClause(doc[i], anchor[i], doc[j], anchor[j], score)
            for i, j, score in zip(section.tolist(), other.tolist(), cosine.tolist())]


def alignments(index: SimilarityIndex, relation: str, pairs: list[tuple[str, str]],
               changes: IndexChanges | None = None) -> list[Alignment]:
    """Order-preserving alignment of each (left, right) pair of documents, section by section,
    for a side-by-side page. Given the changes since an earlier build, a pair of documents
    whose sections did not change keeps the alignment it had.

    An implementing document follows the structure of the one it implements, and a
    side-by-side page reads top to bottom on both sides, so matches may not cross: the
    alignment is the monotone one-to-one matching with the largest total score (dynamic
    programming, as for sequence alignment). A pair's score is the mean of the cosine of the
    section texts and of their titles when that is higher (titles are often kept while the
    text is reworded, and a new title should not hide a kept text); pairs under
    ALIGN_THRESHOLD are never matched. Every pair within the two documents is scored: bounded
    by their sizes, not the library's.
    """
    earlier = changes.previous.alignments if changes else {}
    unchanged = _unchanged_documents(index, changes, {slug for pair in pairs for slug in pair}) if changes else set()
    redo = list(dict.fromkeys(pair for pair in pairs if (relation, *pair) not in earlier or not set(pair) <= unchanged))
    blocks = [(index.doc_sections.get(left_doc, []), index.doc_sections.get(right_doc, []))
              for left_doc, right_doc in redo]
    made = {(left_doc, right_doc): _align(index, relation, left_doc, right_doc, left, right, score)
            for (left_doc, right_doc), (left, right), score in zip(redo, blocks, index.pair_scores(blocks))}
    return [made[pair] if pair in made else earlier[(relation, *pair)] for pair in pairs]


def _unchanged_documents(index: SimilarityIndex, changes: IndexChanges, slugs: set[str]) -> set[str]:
    """Those of `slugs` whose sections are those of the earlier build, in the same order."""
    before = changes.previous.doc_sections
    return {slug for slug in slugs
            if slug in before and np.array_equal(changes.previous.section_digests[slice(*before[slug])],
                                                  index.section_digests[index.doc_sections.get(slug, [])])}


def _align(index: SimilarityIndex, relation: str, left_doc: str, right_doc: str,
           left: list[int], right: list[int], score: list[list[float]]) -> Alignment:
    # best[a][b]: best total aligning left[a:] with right[b:]
    best = [[0.0] * (len(right) + 1) for _ in range(len(left) + 1)]
    for a in range(len(left) - 1, -1, -1):
        for b in range(len(right) - 1, -1, -1):
            best[a][b] = max(best[a + 1][b], best[a][b + 1],
                             score[a][b] + best[a + 1][b + 1] if score[a][b] >= ALIGN_THRESHOLD else 0.0)
    rows: list[AlignedRow] = []
    a = b = 0
    while a < len(left) or b < len(right):
        if a < len(left) and b < len(right) and score[a][b] >= ALIGN_THRESHOLD \
                and best[a][b] == score[a][b] + best[a + 1][b + 1]:
            rows.append(AlignedRow(index.sections[left[a]].anchor, index.sections[right[b]].anchor,
                                   round(score[a][b], 3)))
            a, b = a + 1, b + 1
        elif b == len(right) or (a < len(left) and best[a][b] == best[a + 1][b]):
            rows.append(AlignedRow(index.sections[left[a]].anchor, None, 0.0))
            a += 1
        else:
            rows.append(AlignedRow(None, index.sections[right[b]].anchor, 0.0))
            b += 1
    return Alignment(relation=relation, left_doc=left_doc, right_doc=right_doc, rows=rows)
