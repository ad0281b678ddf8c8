"""Plain data passed between the builder's stages.

ingest -> SourceText -> parse -> Document (flat list of Clause in reading order)
-> extract (facts attached by anchor) -> render.

No behaviour here beyond small lookup helpers: every stage takes and returns these.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BuildWarning:
    """Something a maintainer should look at, located at file:line."""

    file: str
    line: int | None
    code: str  # stable machine name, e.g. "numbering-gap"
    message: str
    hint: str = ""

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class BuildError(Exception):
    """Input the builder cannot use at all (bad config, undecodable file)."""

    def __init__(self, file: str, line: int | None, message: str, hint: str = ""):
        self.file, self.line, self.message, self.hint = file, line, message, hint
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}" + (f" ({hint})" if hint else ""))


@dataclass(frozen=True)
class SourceLine:
    """One non-blank physical line of a source file, whitespace-trimmed."""

    lineno: int  # 1-based line number in the source file
    text: str


@dataclass(frozen=True)
class RemovedLine:
    """A source line the builder dropped, kept so nothing is silently lost."""

    lineno: int
    text: str
    reason: str  # "chrome:<rule name>" or "duplicate"


@dataclass
class SourceText:
    """A decoded, cleaned source file: lines still physical (not yet joined)."""

    name: str  # file name inside the seeds folder
    encoding: str
    sha256: str
    lines: list[SourceLine]
    removed: list[RemovedLine] = field(default_factory=list)
    warnings: list[BuildWarning] = field(default_factory=list)


# Clause kinds. A clause is anything that carries an anchor.
TITLE = "title"  # document title line(s)
STATUS = "status"  # （第二次征求意见稿）
HEADING = "heading"  # numbered outline clause: 一、 （一） 1. （1） 第X条
BOX = "box"  # 专栏N
ITEM = "item"  # a "——" item, or a numbered item inside a 专栏
PARAGRAPH = "paragraph"  # unnumbered paragraph
FOOTNOTE = "footnote"  # ① … at the end of a document
PART = "part"  # container: a transmittal notice or an attachment (附件)


@dataclass
class Clause:
    anchor: str  # public, permanent: s4-10, box-2-1, s0-2-d3, notice-p1, annex-1-s2
    kind: str
    level: int  # depth in the tree: 0 for top-level parts, 1 for 一、 …
    number: str  # numbering as printed, e.g. "（十）", "1.", "专栏2", "" if none
    title: str  # short title for headings/TOC ("" for plain paragraphs)
    text: str  # verbatim text after the number (for a run-in heading: title + its punctuation)
    parent: str | None  # anchor of the enclosing clause, None at top level
    line: int  # first source line
    end_line: int  # last source line
    part: str = ""  # "", "notice" or "annex-N": which part of the file it belongs to

    @property
    def full_text(self) -> str:
        return self.number + self.text


@dataclass
class DocumentMeta:
    """Metadata from site_config/documents.yml (or derived from the text)."""

    slug: str
    source: str
    title: str
    short_title: str = ""
    issuer: str = ""
    date: str = ""  # ISO yyyy-mm-dd or yyyy-mm or yyyy
    doc_number: str = ""  # 文号, e.g. 国发〔2013〕10号
    status: str = ""  # e.g. 第二次征求意见稿; "" for the adopted text
    jurisdiction: str = ""  # 国家 / 广东省 / 海南省 …
    kind: str = ""  # 纲要 / 意见 / 行动计划 / 新闻 …
    aliases: list[str] = field(default_factory=list)
    relations: dict[str, list[str]] = field(default_factory=dict)  # relation -> slugs
    derived: bool = False  # True when read from the text, not from documents.yml


@dataclass
class Target:
    """A quantitative target found in a clause."""

    doc: str
    anchor: str
    indicator: str
    canonical: str
    comparator: str
    value: float
    value_max: float | None  # upper bound for ranges such as 2-3个
    unit: str
    year: int | None
    text: str  # exact source span


@dataclass
class Milestone:
    """A qualitative goal with a year: 到2030年，…跃居全国前列."""

    doc: str
    anchor: str
    year: int
    statement: str


@dataclass
class Document:
    meta: DocumentMeta
    source: SourceText
    title: str  # title as parsed from the text
    status: str  # status line as parsed, without brackets
    clauses: list[Clause]
    warnings: list[BuildWarning] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.meta.slug

    # Lookup tables built on first use: extractors look clauses up once per clause, and a
    # linear scan each time makes a pass quadratic in the size of the document.
    _by_anchor: dict[str, Clause] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_parent: dict[str | None, list[Clause]] = field(default_factory=dict, init=False, repr=False,
                                                       compare=False)
    _indexed: int = field(default=-1, init=False, repr=False, compare=False)  # len(clauses) when indexed

    def _index(self) -> None:
        if self._indexed == len(self.clauses):
            return
        self._by_anchor = {}
        self._by_parent = {}
        for c in self.clauses:
            self._by_anchor.setdefault(c.anchor, c)
            self._by_parent.setdefault(c.parent, []).append(c)
        self._indexed = len(self.clauses)

    def clause(self, anchor: str) -> Clause | None:
        self._index()
        return self._by_anchor.get(anchor)

    def children(self, anchor: str | None) -> list[Clause]:
        self._index()
        return list(self._by_parent.get(anchor, ()))
