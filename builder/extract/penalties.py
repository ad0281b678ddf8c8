"""罚则: the fines a law, regulation or 办法 sets, clause by clause ("并处…货值金额等值以上三倍以下的
罚款", "对单位处五万元以上十万元以下的罚款"), for the 罚则 table of a document page: what an
enterprise or an inspector looks up first in a quality law."""
from __future__ import annotations

import re
from dataclasses import dataclass

from builder.config import SiteConfig
from builder.extract import Extractor, Found
from builder.model import Document

# 处 … 罚款: the amount between them, a bracketed aside in it included ("（包括已售出和未售出的产品，
# 下同）"), never across a sentence or a clause break; 对 … names who is fined when the clause says
FINE = re.compile(r"(?:对(?P<who>[^，。；：处]{1,30}))?处(?P<amount>(?:（[^）]*）|[^，。；：（处])+?)的?罚款")
AMOUNT = re.compile(r"[元倍%]|百分之|以下|以上")  # an amount says how much ("依法处理罚款事项" is no fine)


@dataclass(frozen=True)
class Penalty:
    doc: str
    anchor: str  # the clause that sets it
    amount: str  # as printed: 五万元以上十万元以下, 违法所得一倍以上三倍以下
    who: str = ""  # 单位, 直接负责的主管人员和其他直接责任人员, when the clause names them


def find_penalties(doc: Document) -> list[Penalty]:
    """Every fine the document's clauses set, in reading order."""
    return [Penalty(doc.slug, clause.anchor, m.group("amount").strip(), (m.group("who") or "").strip())
            for clause in doc.clauses for m in FINE.finditer(clause.text) if AMOUNT.search(m.group("amount"))]


def _reads(config: SiteConfig, docs: list[Document]) -> tuple[None, tuple]:
    return None, ()


def _find(doc: Document, _: None) -> Found:
    return Found({"penalties": find_penalties(doc)})


EXTRACTOR = Extractor("penalties", _reads, _find)
