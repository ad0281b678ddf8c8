"""完成时限: the dates by which a clause says something is to be done ("2025年底前完成",
"于2024年6月底前", "2017年年内通过", "并于2017年6月30日和12月5日前报送"), for the 完成时限 table
of a document page. A year alone ("到2030年，…") is a milestone (targets.py), not a deadline."""
from __future__ import annotations

import re
from dataclasses import dataclass

from builder.config import SiteConfig
from builder.extract import Extractor, Found
from builder import tables
from builder.model import ROW, Clause, Document

_DIGIT = r"[0-9０-９]"
# a date (year, then month and day when printed), then what makes it a deadline: 底/末, 年内,
# 前/以前/之前; or 于 before a date with a month ("于2017年6月30日")
DEADLINE = re.compile(
    rf"(?P<by>于|在)?(?P<year>{_DIGIT}{{4}})年(?:(?P<month>{_DIGIT}{{1,2}})月(?:(?P<day>{_DIGIT}{{1,2}})日)?)?"
    r"(?P<end>年?底|年?末|年内|上半年|下半年)?(?P<before>前|以前|之前)?")
_HALF = {"上半年": 6, "下半年": 12}  # a deadline only with 前: "2017年上半年工作总结" is a report's period
# a second date of the same year right after one ("于2017年6月30日和12月5日前")
SAME_YEAR = re.compile(rf"(?:和|及|、)(?P<month>{_DIGIT}{{1,2}})月(?:(?P<day>{_DIGIT}{{1,2}})日)?(?P<end>底|末)?(?P<before>前|以前|之前)?")
# a month and day with no year, before 前: the year of the document's date ("12月10日前报送全年工作总结")
THIS_YEAR = re.compile(rf"(?<![年{_DIGIT[1:-1]}])(?P<month>{_DIGIT}{{1,2}})月(?:(?P<day>{_DIGIT}{{1,2}})日)?(?P<end>底|末)?"
                       r"(?P<before>前|以前|之前)")
HORIZON = ("到", "至")  # 到2030年底, with no 前, is the horizon of a goal (a milestone), not a deadline


@dataclass(frozen=True)
class Deadline:
    doc: str
    anchor: str  # the clause that sets it
    text: str  # as printed: 2025年底前, 于2024年6月底前
    due: str  # the last day it allows, as far as printed: 2025-12, 2024-06, 2017-06-30


def _number(text: str | None) -> int:
    return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))) if text else 0


def deadlines_in(doc_slug: str, anchor: str, text: str, this_year: int | None = None) -> list[Deadline]:
    """The deadlines a clause's text sets; this_year: the year of the document's date, for a
    month and day printed without one."""
    found = []
    for m in DEADLINE.finditer(text):
        end, before = m.group("end") or "", m.group("before") or ""
        month, day = _number(m.group("month")), _number(m.group("day"))
        if not (before or (end and end not in _HALF) or (m.group("by") and month)):
            continue  # 到2030年，… / 2017年高新技术企业 / 2017年上半年工作总结: a year, not a deadline
        if not before and text[:m.start()].endswith(HORIZON):
            continue  # 到2030年底，…: a goal's horizon
        year = _number(m.group("year"))
        found.append(Deadline(doc_slug, anchor, m.group(0), _due(year, month or _HALF.get(end, 12), day)))
        more = SAME_YEAR.match(text, m.end())
        if more and (more.group("before") or more.group("end") or m.group("by")):
            found.append(Deadline(doc_slug, anchor, more.group(0).lstrip("和及、"),
                                  _due(year, _number(more.group("month")), _number(more.group("day")))))
    if this_year:
        taken = [range(*_span(text, d.text)) for d in found]
        for m in THIS_YEAR.finditer(text):
            if not any(m.start() in span for span in taken):
                found.append(Deadline(doc_slug, anchor, m.group(0),
                                      _due(this_year, _number(m.group("month")), _number(m.group("day")))))
    return found


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.find(part)
    return (start, start + len(part)) if start >= 0 else (0, 0)


# a 完成时限 cell: a year, and a month when printed ("2025年12月", "2024年6月底前", "2025年底")
CELL_DATE = re.compile(rf"(?P<year>{_DIGIT}{{4}})年(?:(?P<month>{_DIGIT}{{1,2}})月(?:(?P<day>{_DIGIT}{{1,2}})日)?)?")


def row_deadlines(doc: Document, row: Clause) -> list[Deadline] | None:
    """The deadline a task table's row gives in its 完成时限 column; None for a table without one."""
    table = doc.clause(row.parent)
    roles = [column.role for column in tables.columns(table.cells)] if table else []
    if "deadline" not in roles:
        return None
    index = roles.index("deadline")
    cell = row.cells[index] if index < len(row.cells) else ""
    date = CELL_DATE.search(cell)
    if not date:
        return []  # 长期坚持, 持续推进
    return [Deadline(doc.slug, row.anchor, cell, _due(_number(date.group("year")), _number(date.group("month")) or 12,
                                                      _number(date.group("day"))))]


def _due(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def find_deadlines(doc: Document) -> list[Deadline]:
    """Every deadline the document's clauses set, in reading order: a task table's row by its
    完成时限 column, any other clause by its text."""
    this_year = _number(doc.meta.date[:4]) if doc.meta.date[:4].isdigit() else None
    found = []
    for clause in doc.clauses:
        by_column = row_deadlines(doc, clause) if clause.kind == ROW else None
        found += by_column if by_column is not None else deadlines_in(doc.slug, clause.anchor, clause.text, this_year)
    return found


def _reads(config: SiteConfig, docs: list[Document]) -> tuple[None, tuple]:
    return None, ()


def _find(doc: Document, _: None) -> Found:
    return Found({"deadlines": find_deadlines(doc)})


EXTRACTOR = Extractor("deadlines", _reads, _find)
