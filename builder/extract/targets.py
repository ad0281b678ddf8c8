"""Targets and milestones of a document, with the year each one is for.

The text rules live in target_text.py; this module walks the clauses and supplies the context
a sentence does not carry itself. A target's year is, in order: a year phrase earlier in its
own clause ("到2025年，…"), the year a preceding sibling paragraph opens with (the —— items
under "到2025年,…"), the same looked up the chain of enclosing clauses, and finally the year
in the document's title ("…2017年行动计划", "…规划（2013-2020年）").
"""
from __future__ import annotations

from ..config_targets import TargetVocab
from ..model import FOOTNOTE, PARAGRAPH, STATUS, TITLE, Clause, Document, Milestone, Target
from .target_text import FOLD, read_milestones, read_targets, year_phrases

# Clauses whose text is not policy content: titles and status lines name years, footnotes
# explain terms.
SKIPPED_KINDS = (TITLE, STATUS, FOOTNOTE)


def _title_year(doc: Document, vocab: TargetVocab) -> int | None:
    for title in (doc.title, doc.meta.title):
        folded = (title or "").translate(FOLD)
        for pattern in vocab.title_years:
            if (m := pattern.search(folded)) and (year := vocab.year_of(m)):
                return year
    return None


def _opening_year(clause: Clause, vocab: TargetVocab) -> int | None:
    """The year a clause's text opens with ("到2025年,…"), if it opens with one."""
    text = clause.text.translate(FOLD).lstrip()
    # only a phrase at the very start counts: match there rather than search the whole text
    opening = [(m.end(), year) for pattern in vocab.year_phrases
               if (m := pattern.match(text)) and (year := vocab.year_of(m))]
    return min(opening)[1] if opening else None


def _last_year(clause: Clause, vocab: TargetVocab) -> int | None:
    phrases = year_phrases(clause.text.translate(FOLD), vocab)
    return phrases[-1][2] if phrases else None


class _YearContext:
    """The year a clause's surroundings give to targets whose own text names none.

    Each answer is remembered, so a clause's siblings and descendants reuse it: the work stays
    linear however many paragraphs share a parent or however deep the clauses nest."""

    def __init__(self, doc: Document, vocab: TargetVocab):
        self.vocab, self.title_year = vocab, _title_year(doc, vocab)
        self.by_anchor = {c.anchor: c for c in doc.clauses}
        # a paragraph that opens with a year introduces what follows it under the same parent;
        # a sibling heading ("到2015年主要任务") covers only its own subtree
        self.sibling_year: dict[str, int | None] = {}  # the latest such year before each clause
        latest: dict[str | None, int | None] = {}
        for c in doc.clauses:
            self.sibling_year[c.anchor] = latest.get(c.parent)
            if c.kind == PARAGRAPH and (year := _opening_year(c, vocab)) is not None:
                latest[c.parent] = year
        self.years: dict[str, int | None] = {}  # anchor -> year(clause), once asked
        self.last_years: dict[str, int | None] = {}  # anchor -> _last_year(clause), once asked

    def last_year(self, clause: Clause) -> int | None:
        if clause.anchor not in self.last_years:
            self.last_years[clause.anchor] = _last_year(clause, self.vocab)
        return self.last_years[clause.anchor]

    def year(self, clause: Clause) -> int | None:
        # walks up until a year is found; every clause passed on the way has that same year
        passed, current = [], clause
        while True:
            if current.anchor in self.years:
                year = self.years[current.anchor]
                break
            passed.append(current)
            if (year := self.sibling_year[current.anchor]) is not None:
                break
            parent = self.by_anchor.get(current.parent) if current.parent else None
            if parent is None:
                year = self.title_year
                break
            if (year := self.last_year(parent)) is not None:
                break
            current = parent
        for c in passed:
            self.years[c.anchor] = year
        return year


def extract_targets(doc: Document, vocab: TargetVocab) -> tuple[list[Target], list[Milestone]]:
    """All quantitative targets and dated qualitative milestones of doc, in reading order."""
    context = _YearContext(doc, vocab)
    targets, milestones = [], []
    for clause in doc.clauses:
        if clause.kind in SKIPPED_KINDS or not clause.text:
            continue
        readings = read_targets(clause.text, vocab)
        context_year = context.year(clause) if any(r.year is None for r in readings) else None
        targets.extend(
            Target(
                doc=doc.slug, anchor=clause.anchor, indicator=r.indicator,
                canonical=vocab.canonical(r.indicator), comparator=r.comparator,
                value=r.value, value_max=r.value_max, unit=r.unit,
                year=r.year if r.year is not None else context_year,
                text=clause.text[r.start:r.end], qualifier=r.qualifier, relation=r.relation,
            )
            for r in readings
        )
        milestones.extend(
            Milestone(doc=doc.slug, anchor=clause.anchor, year=m.year, statement=m.statement)
            for m in read_milestones(clause.text, readings, vocab)
        )
    return targets, milestones
