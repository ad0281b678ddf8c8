"""完成时限: the dates by which a clause says something is to be done ("2025年底前完成",
"于2024年6月底前", "2017年年内通过", "并于2017年6月30日和12月5日前报送"), for the 完成时限 table
of a document page. A year alone ("到2030年，…") is a milestone (targets.py), not a deadline."""
from __future__ import annotations

import re
from dataclasses import dataclass

from builder.config import SiteConfig
from builder.extract import Extractor, Found
from builder.model import Document

_DIGIT = r"[0-9０-９]"
# a date (year, then month and day when printed), then what makes it a deadline: 底/末, 年内,
# 前/以前/之前; or 于 before a date with a month ("于2017年6月30日")
DEADLINE = re.compile(
    rf"(?P<by>于|在)?(?P<year>{_DIGIT}{{4}})年(?:(?P<month>{_DIGIT}{{1,2}})月(?:(?P<day>{_DIGIT}{{1,2}})日)?)?"
    r"(?P<end>年?底|年?末|年内|上半年|下半年)?(?P<before>前|以前|之前)?")
_HALF = {"上半年": 6, "下半年": 12}  # a deadline only with 前: "2017年上半年工作总结" is a report's period
# a second date of the same year right after one ("于2017年6月30日和12月5日前")
SAME_YEAR = re.compile(rf"(?:和|及|、)(?P<month>{_DIGIT}{{1,2}})月(?:(?P<day>{_DIGIT}{{1,2}})日)?(?P<end>底|末)?(?P<before>前|以前|之前)?")


@dataclass(frozen=True)
class Deadline:
    doc: str
    anchor: str  # the clause that sets it
    text: str  # as printed: 2025年底前, 于2024年6月底前
    due: str  # the last day it allows, as far as printed: 2025-12, 2024-06, 2017-06-30


def _number(text: str | None) -> int:
    return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))) if text else 0


def deadlines_in(doc_slug: str, anchor: str, text: str) -> list[Deadline]:
    found = []
    for m in DEADLINE.finditer(text):
        end, before = m.group("end") or "", m.group("before") or ""
        month, day = _number(m.group("month")), _number(m.group("day"))
        if not (before or (end and end not in _HALF) or (m.group("by") and month)):
            continue  # 到2030年，… / 2017年高新技术企业 / 2017年上半年工作总结: a year, not a deadline
        year = _number(m.group("year"))
        found.append(Deadline(doc_slug, anchor, m.group(0), _due(year, month or _HALF.get(end, 12), day)))
        more = SAME_YEAR.match(text, m.end())
        if more and (more.group("before") or more.group("end") or m.group("by")):
            found.append(Deadline(doc_slug, anchor, more.group(0).lstrip("和及、"),
                                  _due(year, _number(more.group("month")), _number(more.group("day")))))
    return found


def _due(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def find_deadlines(doc: Document) -> list[Deadline]:
    """Every deadline the document's clauses set, in reading order."""
    return [d for clause in doc.clauses for d in deadlines_in(doc.slug, clause.anchor, clause.text)]


def _reads(config: SiteConfig, docs: list[Document]) -> tuple[None, tuple]:
    return None, ()


def _find(doc: Document, _: None) -> Found:
    return Found({"deadlines": find_deadlines(doc)})


EXTRACTOR = Extractor("deadlines", _reads, _find)
