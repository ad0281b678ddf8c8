"""Targets and milestones of a document, with the year each one is for.

The text rules live in target_text.py; this module walks the clauses and supplies the context
a sentence does not carry itself. A target's year is, in order: a year phrase earlier in its
own clause ("到2025年，…"), the year a preceding sibling paragraph opens with (the —— items
under "到2025年,…"), the same looked up the chain of enclosing clauses, and finally the year
in the document's title ("…2017年行动计划", "…规划（2013-2020年）").

A table row is read by its columns (builder/tables.py), never as a sentence: the indicator is
its key cell (任务, 指标, 名称), each value cell of a year column a target for that year (the
first year column is a base when another comes three or more years later: 2020年 beside
2025年 in a 规划's indicator table); a row without value columns is a task whose own words
may name a target, for the year its deadline cell gives. Other cells (完成时限 "15天内完成",
units, 配合单位) are never read as targets.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .. import patterns as P
from .. import tables
from ..config import SiteConfig
from ..config_targets import TargetVocab, vocab_digest
from ..model import FOOTNOTE, PARAGRAPH, ROW, STATUS, TABLE, TITLE, Clause, Document, Milestone, Target
from . import Extractor, Found
from .target_text import FOLD, Reading, read_cell, read_milestones, read_targets, year_phrases

# Clauses whose text is not policy content: titles and status lines name years, footnotes
# explain terms, a table's own text is its caption and the names of its columns.
SKIPPED_KINDS = (TITLE, STATUS, FOOTNOTE, TABLE)
BASE_YEAR_GAP = 3  # years between the first year column and the next that make the first a base
# 覆盖率（%）, 省级计量技术规范（项，累计）: a unit in brackets, perhaps with a note, ends the name
_UNIT_IN_NAME = re.compile(r"[（(](?P<unit>[^（()），,]{1,8})(?:[，,][^（()）]{1,8})?[）)]$")


def _titles(doc: Document) -> list[str]:
    return [(title or "").translate(FOLD).strip() for title in (doc.title, doc.meta.title)]


def _title_year(doc: Document, vocab: TargetVocab) -> int | None:
    for title in _titles(doc):
        for pattern in vocab.title_years:
            if (m := pattern.search(title)) and (year := vocab.year_of(m)):
                return year
    return None


def _date_year(doc: Document) -> int | None:
    """The year of the document's date (ISO, from documents.yml or read from the text)."""
    return int(doc.meta.date[:4]) if doc.meta.date[:4].isdigit() else None


def _reports(doc: Document, vocab: TargetVocab) -> bool:
    """Whether the document reports results (a 通报, "…抽查情况的公告"): none of its figures is a goal."""
    return any(pattern.search(title) for title in _titles(doc) if title for pattern in vocab.report_titles)


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


def _value_columns(cols: list[tables.Column]) -> dict[int, int | None]:
    """Column index -> the year its values are targets for (None: the document's context)."""
    years = sorted((c.year, i) for i, c in enumerate(cols) if c.role == "year" and not c.base)
    if len(years) > 1 and years[1][0] - years[0][0] >= BASE_YEAR_GAP:
        years = years[1:]
    return {i: year for year, i in years} | {i: None for i, c in enumerate(cols) if c.role == "target"}


def _unit_in_name(name: str, vocab: TargetVocab) -> tuple[str, str]:
    """规模以上工业企业质量管理体系认证覆盖率（%） -> (…覆盖率, %): a unit in brackets ends the name."""
    m = _UNIT_IN_NAME.search(name)
    if m and (unit := m.group("unit").translate(FOLD).strip()) in vocab.units:
        return name[:m.start()].strip(), unit
    return name, ""


def _row_readings(row: Clause, table: Clause, vocab: TargetVocab) -> list[tuple[Reading, int, int | None]]:
    """(reading, where its cell starts in the row's text, the year its column gives) per target."""
    cols = tables.columns(table.cells)
    key = tables.key_column(cols)
    if len(row.cells) != len(cols) or key is None:
        return []  # a label row, or lines that could not be matched to the columns
    spans = tables.cell_spans(row.cells, row.text)
    found = []
    if values := _value_columns(cols):
        name, name_unit = _unit_in_name(row.cells[key], vocab)
        unit = next((row.cells[i] for i, c in enumerate(cols) if c.role == "unit" and row.cells[i]), name_unit)
        for i, year in values.items():
            if spans[i] and (reading := read_cell(row.cells[i], vocab)):
                found.append((replace(reading, indicator=name, unit=reading.unit or unit), spans[i][0], year))
        return found
    deadline = next((m for i, c in enumerate(cols) if c.role == "deadline"
                     and (m := P.TABLE_YEAR_RE.search(row.cells[i]))), None)
    if spans[key]:
        found = [(r, spans[key][0], int(deadline.group("year")) if deadline else None)
                 for r in read_targets(row.cells[key], vocab)]
    return found


def _row_targets(doc: Document, row: Clause, vocab: TargetVocab, context: _YearContext) -> list[Target]:
    return [
        Target(doc=doc.slug, anchor=row.anchor, indicator=r.indicator, canonical=vocab.canonical(r.indicator),
               comparator=r.comparator, value=r.value, value_max=r.value_max, unit=r.unit,
               year=r.year or year or context.year(row), text=row.text[offset + r.start:offset + r.end],
               qualifier=r.qualifier, relation=r.relation)
        for r, offset, year in _row_readings(row, doc.clause(row.parent), vocab)
    ]


def _reading_key(r: Reading) -> tuple:
    return r.indicator, r.comparator, r.value, r.value_max, r.unit, r.qualifier, r.year


def _past(doc: Document, vocab: TargetVocab) -> set[str]:
    """Anchors of the clauses under a heading that reports the past (一、发展基础): their
    figures were achieved, not aimed at."""
    past: set[str] = set()
    for clause in doc.clauses:
        if clause.parent in past or any(word in clause.title for word in vocab.past_sections):
            past.add(clause.anchor)
    return past


def extract_targets(doc: Document, vocab: TargetVocab) -> tuple[list[Target], list[Milestone]]:
    """All quantitative targets and dated qualitative milestones of doc, in reading order."""
    if _reports(doc, vocab):
        return [], []
    context = _YearContext(doc, vocab)
    targets, milestones = [], []
    past = _past(doc, vocab)
    date_year = _date_year(doc)
    # a law, regulation or 办法 (第N条 articles): its figures are mostly the rules' conditions
    legal = sum(c.style == "article" for c in doc.clauses) >= P.ARTICLE_STYLE_MIN
    for clause in doc.clauses:
        if clause.kind in SKIPPED_KINDS or not clause.text or clause.anchor in past:
            continue
        if clause.kind == ROW:
            targets.extend(_row_targets(doc, clause, vocab, context))
            continue
        # a target a clause states twice ("…达到95%以上，…确保达到95%以上") is one target
        readings = list({_reading_key(r): r for r in read_targets(clause.text, vocab, date_year, legal)}.values())
        context_year = context.year(clause) if any(r.year is None for r in readings) else None
        if context_year is None and any(w in clause.text for w in vocab.current_year_words):
            context_year = date_year  # "全年完成…" in a text that names no year: the year it is dated
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


def _reads(config: SiteConfig, docs: list[Document]) -> tuple[TargetVocab, tuple]:
    return config.targets, (vocab_digest(config.folder),)


def _find(doc: Document, vocab: TargetVocab) -> Found:
    targets, milestones = extract_targets(doc, vocab)
    return Found({"targets": targets, "milestones": milestones})


EXTRACTOR = Extractor("targets", _reads, _find)
