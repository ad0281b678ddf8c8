"""Related clauses: for each section, the most similar sections of the other documents.

Similarity is the cosine of TF-IDF vectors over jieba tokens (sublinear tf, log idf). Scoring
every pair would be quadratic — the library is meant to reach 30,000 clauses — so candidates
come from an inverted index instead: a section's strongest terms are looked up in per-term
"champion lists" (the sections where that term weighs most), the dot products accumulated
from those postings pick a short list, and only that short list is scored exactly. The work
per section is bounded by constants, not by the size of the library.

The same index aligns the two documents of an `implements` pair section by section.

Tokenizing (jieba) costs more than all the rest and depends on one document only:
document_tokens(doc) is what the index reads of a document, for a build to keep with the
parsed document, and SimilarityIndex takes it back instead of tokenizing again.
"""
from __future__ import annotations

import heapq
import logging
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import jieba

from builder.extract.sections import Section, sections
from builder.model import AlignedRow, Alignment, Document, RelatedClause

jieba.setLogLevel(logging.WARNING)

QUERY_TERMS = 16  # strongest terms of a section used to look for candidates
POSTING_LIMIT = 100  # champion list length: sections kept per term
CANDIDATES = 40  # candidates scored exactly per section
RELATED_PER_SECTION = 5
RELATED_THRESHOLD = 0.25  # cosine below this is shared vocabulary, not a shared subject
RELATED_MIN_TOKENS = 12  # a bare heading ("一、总体要求") is too short to relate
ALIGN_THRESHOLD = 0.2  # an implementing document rewords: accept looser matches in its pair

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def tokenize(text: str) -> list[str]:
    """jieba words of two or more characters that contain a letter or a Chinese character."""
    return [w for w in jieba.lcut(text) if len(w) >= 2 and _WORD.search(w)]


@dataclass(frozen=True)
class SectionTokens:
    """What the similarity index reads of a section: the words of its text and of its title."""

    text: tuple[str, ...]
    title: tuple[str, ...]


def section_tokens(section: Section) -> SectionTokens:
    return SectionTokens(tuple(tokenize(section.text)), tuple(tokenize(section.title)))


def document_tokens(doc: Document) -> list[SectionTokens]:
    """The tokens of each of sections(doc), in order. They depend on this document alone, so
    a build can keep them with the parsed document and skip jieba when it has not changed."""
    return [section_tokens(s) for s in sections(doc)]


@dataclass
class _Vector:
    weights: dict[int, float]  # term id -> weight, L2-normalised
    strongest: list[int]  # up to QUERY_TERMS term ids, strongest first


class SimilarityIndex:
    """TF-IDF vectors of the sections and each term's champion list.

    `tokens`, if given, are section_tokens() of each section (from a cache, say); without
    them the sections are tokenized here."""

    def __init__(self, sections: list[Section], tokens: list[SectionTokens] | None = None):
        if tokens is None:
            tokens = [section_tokens(s) for s in sections]
        if len(tokens) != len(sections):
            raise ValueError(f"{len(tokens)} token lists for {len(sections)} sections")
        self.sections = sections
        term_ids: dict[str, int] = {}
        counts = [Counter(term_ids.setdefault(t, len(term_ids)) for t in tok.text) for tok in tokens]
        self.token_counts = [sum(c.values()) for c in counts]
        df = Counter(term for c in counts for term in c)
        n = len(sections)
        idf = {term: math.log(n / d) for term, d in df.items()}
        self.vectors = [self._vector(c, idf) for c in counts]
        self.title_vectors = [
            self._vector(Counter(term_ids[t] for t in tok.title if t in term_ids), idf)
            for tok in tokens]
        postings: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for i, vector in enumerate(self.vectors):
            for term, weight in vector.weights.items():
                postings[term].append((weight, i))
        self.postings = {term: heapq.nlargest(POSTING_LIMIT, plist) for term, plist in postings.items()}
        self.pairs_accumulated = 0  # work counters, to keep the method honest about its cost
        self.pairs_scored = 0

    @staticmethod
    def _vector(counts: Counter, idf: dict[int, float]) -> _Vector:
        raw = {t: (1 + math.log(c)) * idf[t] for t, c in counts.items() if idf[t] > 0}
        norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
        weights = {t: w / norm for t, w in raw.items()}
        return _Vector(weights, heapq.nlargest(QUERY_TERMS, weights, key=weights.get))

    def cosine(self, i: int, j: int) -> float:
        self.pairs_scored += 1
        return _dot(self.vectors[i].weights, self.vectors[j].weights)

    def pair_score(self, i: int, j: int) -> float:
        """Text cosine, raised towards the title cosine when both titles agree more than texts."""
        text = self.cosine(i, j)
        a, b = self.title_vectors[i].weights, self.title_vectors[j].weights
        return max(text, (text + _dot(a, b)) / 2) if a and b else text

    def most_similar(self, i: int, accept, limit: int, threshold: float) -> list[tuple[int, float]]:
        """Up to `limit` (section index, cosine) with accept(index) true, best first."""
        vector = self.vectors[i]
        accumulated: dict[int, float] = defaultdict(float)
        for term in vector.strongest:
            for weight, j in self.postings[term]:
                if j != i and accept(j):
                    accumulated[j] += vector.weights[term] * weight
                    self.pairs_accumulated += 1
        shortlist = heapq.nlargest(CANDIDATES, accumulated, key=accumulated.get)
        scored = [(j, self.cosine(i, j)) for j in shortlist]
        return sorted([(j, s) for j, s in scored if s >= threshold], key=lambda p: -p[1])[:limit]


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def related_sections(index: SimilarityIndex) -> list[RelatedClause]:
    """For each section long enough to compare, its closest sections in other documents."""
    comparable = [count >= RELATED_MIN_TOKENS for count in index.token_counts]
    related = []
    for i, section in enumerate(index.sections):
        if not comparable[i]:
            continue
        in_other_document = lambda j: comparable[j] and index.sections[j].doc != section.doc  # noqa: E731
        for j, score in index.most_similar(i, in_other_document, RELATED_PER_SECTION, RELATED_THRESHOLD):
            other = index.sections[j]
            related.append(RelatedClause(section.doc, section.anchor, other.doc, other.anchor, round(score, 3)))
    return related


def align(index: SimilarityIndex, relation: str, left_doc: str, right_doc: str) -> Alignment:
    """Order-preserving alignment of two documents' sections, for a side-by-side page.

    An implementing document follows the structure of the one it implements, and a
    side-by-side page reads top to bottom on both sides, so matches may not cross: the
    alignment is the monotone one-to-one matching with the largest total score (dynamic
    programming, as for sequence alignment). A pair's score is the mean of the cosine of the
    section texts and of their titles when that is higher (titles are often kept while the
    text is reworded, and a new title should not hide a kept text); pairs under ALIGN_THRESHOLD are never matched. Every pair within the two documents is
    scored: bounded by their sizes, not the library's.
    """
    left = [i for i, s in enumerate(index.sections) if s.doc == left_doc]
    right = [i for i, s in enumerate(index.sections) if s.doc == right_doc]
    score = [[index.pair_score(i, j) for j in right] for i in left]
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
