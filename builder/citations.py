"""How a clause is cited: the short form the 复制引文 button has always given, and the formal
form a memo (公文) uses.

Short:  《广东省质量强省建设纲要》四、（十）提高农产品食品药品质量安全水平
Formal: 中共广东省委 广东省人民政府《广东省质量强省建设纲要》（2023年）第四部分第（十）项
        国务院《计量发展规划（2013-2020年）》（国发〔2013〕10号，2013年3月2日）第三部分第（一）项
        《中华人民共和国标准化法》（2017年11月4日）第二条第二款

Clause numbers are cited with full-width brackets whatever the source printed: (十) and （十）
are one number. Titles are cited as the document names itself.
"""
from __future__ import annotations

from . import patterns as P
from .derive import NEWS_KINDS, NEWS_STATUS
from .model import BOX, FOOTNOTE, ITEM, PARAGRAPH, PART, ROW, SIGNATURE, TABLE, TITLE, Clause, Document

FULL_WIDTH = str.maketrans("()", "（）")
UNTITLED = "无标题"  # said after the stand-in title of a whole text that prints none
# The unit each outline level is cited by in a formal citation; articles: 第X条 as printed.
def number(clause: Clause) -> str:
    """A clause's number as cited: as printed, brackets full-width."""
    return clause.number.strip().translate(FULL_WIDTH)


class Citations:
    """Both citation forms of every clause of one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.by_anchor = {c.anchor: c for c in doc.clauses}
        self.position: dict[str, int] = {}  # paragraph anchor -> its place among its siblings (from 1)
        self.paragraphs: dict[str, int] = {}  # parent anchor -> how many paragraphs it has
        for c in doc.clauses:
            if c.kind == PARAGRAPH:
                parent = c.parent or ""
                self.paragraphs[parent] = self.paragraphs.get(parent, 0) + 1
                self.position[c.anchor] = self.paragraphs[parent]

    def chain(self, clause: Clause) -> list[Clause]:
        """The clause and the clauses it sits in, outermost first."""
        chain = []
        node: Clause | None = clause
        while node is not None:
            chain.append(node)
            node = self.by_anchor.get(node.parent) if node.parent else None
        return chain[::-1]

    def _nth_paragraph(self, clause: Clause) -> int | None:
        """Its place among its siblings, for an untitled paragraph that has siblings."""
        if clause.kind == PARAGRAPH and not clause.title and self.paragraphs.get(clause.parent or "", 0) > 1:
            return self.position[clause.anchor]
        return None

    def _named(self) -> str:
        """The document as cited: 《title》, but a news report's headline in quotation marks
        (a headline is not a document's name); a text without a title by the words standing in
        for one, with what it is (节选), never in 《》."""
        meta = self.doc.meta
        if meta.untitled:  # a stand-in title is no name: plainly, saying what the text is
            return f"{meta.title}（{meta.completeness or UNTITLED}）"
        return f"“{meta.title}”" if meta.kind in NEWS_KINDS else f"《{meta.title}》"

    def _status(self) -> str:
        meta = self.doc.meta
        return meta.status or (NEWS_STATUS if meta.kind in NEWS_KINDS else "")

    def short(self, clause: Clause) -> str:
        """《广东省质量强省建设纲要》四、（十）提高农产品食品药品质量安全水平 — numbers as printed."""
        status = self._status()
        return self._named() + (f"（{status}）" if status else "") + self.label(clause)

    def _is_article(self, clause: Clause) -> bool:
        return clause.style == "article"

    def label(self, clause: Clause) -> str:
        """The short form without the document: 四、（十）提高农产品食品药品质量安全水平,
        一、（二）主要目标第2段; articles are numbered through the whole text, so an article's
        clause is cited from the article (第十五条第二款, not 第二章第十五条…)."""
        numbered = [c for c in self.chain(clause) if c.number and c.kind != PART]
        articles = [k for k, c in enumerate(numbered) if self._is_article(c)]
        if articles:
            numbered = numbered[articles[0]:]
        label = "".join(number(c) for c in numbered[:-1])
        if numbered:
            label += number(numbered[-1]) + numbered[-1].title
        elif clause.title and clause.kind not in (TABLE, ROW, TITLE):  # the title is cited as 《…》 alone
            label += clause.title
        if (n := self._nth_paragraph(clause)) is not None:
            parent = self.by_anchor.get(clause.parent or "")
            label += f"第{P.int_to_cn(n)}款" if parent is not None and self._is_article(parent) else f"第{n}段"
        return label + self._in_table(clause, " " if label else "")

    def _in_table(self, clause: Clause, space: str) -> str:
        """A table or its row, after where the table stands: 重点任务分工表第3行 (tK-rN is the
        table's row N, tK-gN a label row, named by its words)."""
        if clause.kind not in (TABLE, ROW):
            return ""
        table = clause if clause.kind == TABLE else self.by_anchor[clause.parent]
        named = space + table.title
        if clause.kind == ROW:
            position = clause.anchor.rsplit("-", 1)[1]
            named += f"第{position[1:]}行" if position.startswith("r") else f" {clause.text}"
        return named

    def place(self, clause: Clause) -> str:
        """Where the clause is, as a memo says it: 第四部分第（十）项, 第二条第二款, 专栏2第1点."""
        chain = self.chain(clause)
        styles = {c.anchor: (c.style, P.numeral(c.style, number(c))) for c in chain if c.style}
        in_article = any(found and found[0] == "article" for found in styles.values())
        parts = []
        below_article = False
        for c in chain:
            found = styles.get(c.anchor)
            if c.kind == PART:
                parts.append(c.title or number(c))
            elif c.kind == SIGNATURE:
                parts.append(c.title)  # 落款, 成文日期
            elif c.kind == BOX or c.kind == FOOTNOTE:
                parts.append(("注" if c.kind == FOOTNOTE else "") + number(c))
            elif c.kind == ITEM and not found:  # a —— item: named by its words
                parts.append(f"“{c.title}”" if c.title else "")
            elif c.kind == PARAGRAPH and c is not clause and below_article and (n := self._nth_paragraph(c)):
                parts.append(f"第{P.int_to_cn(n)}款")  # a 款's own items: 第二十条第二款第（一）项
            elif found:
                style, numeral = found
                if style in P.STRUCTURE_STYLES:
                    if not in_article:  # articles are numbered through the chapters
                        parts.append(number(c).replace(" ", ""))
                elif style == "article":
                    parts.append(number(c).replace(" ", ""))
                    below_article = True
                else:
                    numbering = P.NUMBERING_STYLES[style]  # 第二条第一款第（一）项第1目
                    cited = (below_article and numbering.cited_in_article) or numbering.cited
                    parts.append(cited.format(numeral))
        if (n := self._nth_paragraph(clause)) is not None:
            parent = self.by_anchor.get(clause.parent or "")
            under_article = parent is not None and (styles.get(parent.anchor) or ("",))[0] == "article"
            parts.append(f"第{P.int_to_cn(n)}{'款' if under_article else '段'}")
        return "".join(parts) + self._in_table(clause, "")

    def formal(self, clause: Clause) -> str:
        """发文机关《全称》（状态，文号，日期）第四部分第（十）项 — what a memo cites."""
        meta = self.doc.meta
        details = "，".join(d for d in (self._status(), meta.doc_number, P.printed_date(meta.date)) if d)
        return f"{meta.issuer}{self._named()}" + (f"（{details}）" if details else "") + self.place(clause)
