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
    return next((year for start, _, year in year_phrases(text, vocab) if start == 0), None)


def _last_year(clause: Clause, vocab: TargetVocab) -> int | None:
    phrases = year_phrases(clause.text.translate(FOLD), vocab)
    return phrases[-1][2] if phrases else None


class _YearContext:
    """The year a clause's surroundings give to targets whose own text names none."""

    def __init__(self, doc: Document, vocab: TargetVocab):
        self.vocab, self.title_year = vocab, _title_year(doc, vocab)
        self.by_anchor = {c.anchor: c for c in doc.clauses}
        # a paragraph that opens with a year introduces what follows it under the same parent;
        # a sibling heading ("到2015年主要任务") covers only its own subtree
        self.paragraphs_before: dict[str, list[Clause]] = {}
        seen: dict[str | None, list[Clause]] = {}
        for c in doc.clauses:
            self.paragraphs_before[c.anchor] = list(seen.get(c.parent, []))
            if c.kind == PARAGRAPH:
                seen.setdefault(c.parent, []).append(c)

    def year(self, clause: Clause) -> int | None:
        current: Clause | None = clause
        while current is not None:
            for sibling in reversed(self.paragraphs_before[current.anchor]):
                if (year := _opening_year(sibling, self.vocab)) is not None:
                    return year
            current = self.by_anchor.get(current.parent) if current.parent else None
            if current is not None and (year := _last_year(current, self.vocab)) is not None:
                return year
        return self.title_year


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
