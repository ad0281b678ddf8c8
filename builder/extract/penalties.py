"""罚则: the fines a law, regulation or 办法 sets, clause by clause ("并处…货值金额等值以上三倍以下的
罚款", "对单位处五万元以上十万元以下的罚款", "情节严重的，处以十万元以上二十万元以下的罚款"), for
the 罚则 table of a document page: what an enterprise or an inspector looks up first in a law.

A fine is read back from its 罚款: the amount is what stands between the word that imposes it
(处, 处以, or the comma of a list of penalties: "并处警告，违法所得三倍以下的罚款") and 的罚款, a
bracketed aside in it included; the case it is for is the nearest "…的" before it in the same
sentence (情节严重的, 没有违法所得的, 违反本条例第八条规定的); whom it fines, the 对… just before 处."""
from __future__ import annotations

import re
from dataclasses import dataclass

from builder.config import SiteConfig
from builder.extract import Extractor, Found
from builder.model import Document

FINE = re.compile(r"的?罚款")
# where an amount starts, read backwards: after 处以/处, or after a break in the sentence
_ASIDE = re.compile(r"（[^（）]*）")
_AMOUNT_START = re.compile(r".*(?:处以|处|[，；。：])")
AMOUNT = re.compile(r"[元倍%]|百分之|以下|以上|不满")  # an amount says how much ("依法处理罚款事项" is none)
_WHO = re.compile(r"对([^，。；：处]{1,30}?)(?:可以|应当|并|各|分别)*(?:处以|处)$")
_CASE = re.compile(r"(?:.*[，；。：])?([^，；。：]{1,40}的)，")  # the last "…的，": greedy to it
_SENTENCE_START = re.compile(r".*[；。]")


@dataclass(frozen=True)
class Penalty:
    doc: str
    anchor: str  # the clause that sets it
    amount: str  # as printed: 五万元以上十万元以下, 违法所得一倍以上三倍以下
    who: str = ""  # 单位, 直接负责的主管人员和其他直接责任人员, when the clause names them
    case: str = ""  # 情节严重的, 没有违法所得的: the case the fine is for, when the sentence names one


def _masked(text: str) -> str:
    """text with each bracketed aside's punctuation hidden (same length), so that reading back
    from a 罚款 never stops inside one."""
    return _ASIDE.sub(lambda m: "（" + "　" * (len(m.group()) - 2) + "）", text)


def fines_in(doc_slug: str, anchor: str, text: str) -> list[Penalty]:
    found = []
    masked = _masked(text)
    for fine in FINE.finditer(masked):
        before = masked[:fine.start()]
        start = _AMOUNT_START.match(before)
        begin = start.end() if start else 0
        amount = text[begin:fine.start()].strip()
        if not amount or not AMOUNT.search(amount):
            continue
        lead = before[:begin]
        who = _WHO.search(lead[-40:])
        sentence = lead[_SENTENCE_START.match(lead).end() if _SENTENCE_START.match(lead) else 0:]
        case = _CASE.search(sentence)
        found.append(Penalty(doc_slug, anchor, amount, who.group(1) if who else "",
                             text[len(lead) - len(sentence) + case.start(1):len(lead) - len(sentence) + case.end(1)]
                             if case else ""))
    return found


def find_penalties(doc: Document) -> list[Penalty]:
    """Every fine the document's clauses set, in reading order."""
    return [p for clause in doc.clauses for p in fines_in(doc.slug, clause.anchor, clause.text)]


def _reads(config: SiteConfig, docs: list[Document]) -> tuple[None, tuple]:
    return None, ()


def _find(doc: Document, _: None) -> Found:
    return Found({"penalties": find_penalties(doc)})


EXTRACTOR = Extractor("penalties", _reads, _find)
