"""Plain data passed between the builder's stages.

ingest -> SourceText -> parse -> Document (flat list of Clause in reading order)
-> extract -> Facts (per document, naming clauses by anchor) and CrossLinks -> render (Page).

No behaviour here beyond small lookup helpers: every stage takes and returns these.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


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

    def __reduce__(self):  # pickled whole: an error of a forked process reaches the build (parallel.beside)
        return BuildError, (self.file, self.line, self.message, self.hint)


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
    reason: str  # "chrome:<rule name>", or "duplicate:form-feed" / "duplicate:full-line", "contents" (ingest.REMOVAL_REASONS)


@dataclass(frozen=True)
class TableRow:
    """One row of a flattened table (builder/tables.py)."""

    # One cell per column of the header: "" where the source left the cell empty, the cell
    # above where a merged cell spans rows. A row whose lines could not be matched to the
    # columns keeps them as printed, in order (then len(cells) != len(header)); a label row
    # spanning the table ("一、质量基础") has one cell.
    cells: tuple[str, ...]
    start: int  # first and last source line
    end: int
    text: str  # the row's source lines as printed, joined by spaces
    label: bool = False  # a line labelling the rows after it, spanning the table ("一、质量基础")


@dataclass(frozen=True)
class Table:
    """A table that arrived one cell per line, rebuilt from its header (builder/tables.py)."""

    caption: str  # the line naming the table above its header, "" if none
    header: tuple[str, ...]  # one cell per column
    rows: tuple[TableRow, ...]
    start: int  # first source line (the caption's, if any)
    end: int  # last source line
    head_text: str  # caption and header lines as printed, joined by spaces


@dataclass
class SourceText:
    """A decoded, cleaned source file: lines still physical (not yet joined)."""

    name: str  # file name inside the seeds folder
    encoding: str
    sha256: str
    lines: list[SourceLine]
    removed: list[RemovedLine] = field(default_factory=list)
    warnings: list[BuildWarning] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)  # flattened tables, in reading order


# Clause kinds. A clause is anything that carries an anchor.
TITLE = "title"  # document title line(s)
STATUS = "status"  # （第二次征求意见稿）
DOCNO = "docno"  # the 文号 line: 国发〔2013〕10号
MASTHEAD = "masthead"  # the 版头 above the title (GB/T 9704): 西江市市场监督管理局文件
SIGNATURE = "signature"  # the 落款 (GB/T 9704): the issuing organ's line(s) and the date closing a text
HISTORY = "history"  # a law's history line under its title: 2017年11月4日 第十二届…会议修订
HEADING = "heading"  # numbered outline clause: 一、 （一） 1. （1） 第X编/章/节/条
BOX = "box"  # 专栏N
ITEM = "item"  # a "——" item, or a numbered item inside a 专栏
PARAGRAPH = "paragraph"  # unnumbered paragraph
FOOTNOTE = "footnote"  # ① … at the end of a document
PART = "part"  # container: a transmittal notice or an attachment (附件)
TABLE = "table"  # a flattened table rebuilt (builder/tables.py): caption and header
ROW = "row"  # one row of a table


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
    cells: tuple[str, ...] = ()  # a table's header, a row's cells (model.TableRow.cells); else empty
    style: str = ""  # the numbering style of `number` (patterns.NUMBERING), "" for other numbers

    @property
    def full_text(self) -> str:
        return self.number + self.text


@dataclass(frozen=True)
class Version:
    """One dated text of a document that was revised (征求意见稿 -> 正式稿), from documents.yml."""

    source: str
    date: str  # ISO date; also the pinned page's path: /<slug>/<date>/
    status: str = ""
    doc_number: str = ""


@dataclass(frozen=True)
class HistoryEvent:
    """One dated event in a law's or regulation's history, as printed under its title."""

    date: str  # ISO yyyy-mm-dd
    action: str  # adopted | amended | revised | promulgated | effective | approved | repealed
    by: str  # who or what acted, as printed: the meeting, the order, the amending decision
    text: str  # the event as printed: "2017年11月4日 第十二届全国人民代表大会常务委员会第三十次会议修订"


# The events that make a text (and date it); 施行 (effective) only says when it applies.
MAKING_ACTIONS = ("adopted", "amended", "revised", "promulgated", "approved")


# How complete a text is (DocumentMeta.completeness): "" for the whole text.
EXCERPT = "节选"  # the text starts mid-way
INCOMPLETE = "不完整"  # parts inside it are missing (a heading without its body)


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
    untitled: bool = False  # the text prints no title: `title` stands in for one (never cited in 《》)
    versions: list[Version] = field(default_factory=list)  # oldest first; empty for a single text
    history: list[HistoryEvent] = field(default_factory=list)  # read from the text, oldest first
    completeness: str = ""  # "", EXCERPT or INCOMPLETE: read from the text's numbering
    missing: str = ""  # what is missing, for a reader: 正文从“（二）主要目标”开始，此前的一、二、（一）不在本文中
    effective: str = ""  # ISO date the text takes effect, read from it: 本条例自2013年1月1日起施行


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
    qualifier: str = ""  # 以上 / 以下 / 左右 … as written after the value
    # what the value means: level, at_least, at_most, about, decrease or increase
    # ("浓度下降3%" is a decrease of 3, not a level of 3)
    relation: str = "level"


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
    history: list[HistoryEvent] = field(default_factory=list)  # the events of the history lines
    completeness: str = ""  # as DocumentMeta.completeness, from the parse
    missing: str = ""

    @property
    def slug(self) -> str:
        return self.meta.slug

    # anchor -> clause, rebuilt when clauses were added or renamed: callers look clauses up
    # once per clause, and a linear scan made that quadratic in the document's length.
    _by_anchor: dict[str, Clause] = field(default_factory=dict, init=False, repr=False, compare=False)

    def clause(self, anchor: str) -> Clause | None:
        found = self._by_anchor.get(anchor)
        if found is None or found.anchor != anchor or len(self._by_anchor) != len(self.clauses):
            self._by_anchor = {c.anchor: c for c in self.clauses}
            found = self._by_anchor.get(anchor)
        return found


class Facts(dict):
    """What the extractors (builder/extract, each module's EXTRACTOR) found in one document, by
    fact name — targets, milestones, references, topic_tags, responsibilities, agencies,
    penalties, deadlines … — and related (extract/links.py). Each item names its clause by
    anchor. Read as attributes: facts.targets (templates too)."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


# --- Cross-links and indexes (extract stage, issue 4) ---

# Reference kinds: what a mention in the text points at.
REF_DOCUMENT = "document"  # 《title》 of a document on the site
REF_CLAUSE = "clause"  # a clause of a document on the site: 纲要（十）
REF_BOX = "box"  # 专栏N of the same document
REF_STANDARD = "standard"  # GB/T 9704-2012, or 《title》（GB3838-2002）
REF_UNRESOLVED = "unresolved"  # 《title》 not on the site (yet)


@dataclass(frozen=True)
class Reference:
    """A mention, inside one clause's text, of a document, clause, box or standard."""

    doc: str  # slug of the citing document
    anchor: str  # citing clause
    start: int  # span [start, end) in Clause.text
    end: int
    kind: str  # one of REF_*
    title: str  # cited title (inner title of a wrapped form), standard code, or 专栏N
    target_doc: str = ""  # slug, for document / clause / box
    target_anchor: str = ""  # for clause / box

    @property
    def is_link(self) -> bool:
        return bool(self.target_doc)


@dataclass(frozen=True)
class Topic:
    """One entry of site_config/topics.yml."""

    slug: str
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class TopicTag:
    """A section tagged with a topic: the keywords found decide it."""

    doc: str
    anchor: str  # the section (see extract.sections)
    topic: str  # Topic.slug
    keywords: tuple[str, ...]  # distinct keywords found, most frequent first
    snippet: str  # short excerpt around the first keyword


@dataclass(frozen=True)
class Agency:
    """One entry of site_config/agencies.yml."""

    slug: str
    name: str  # canonical name
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Responsibility:
    """A task with its lead and supporting units, from a note such as （责任单位：…。配合单位：…）."""

    doc: str
    anchor: str  # the task: the section whose text carries the note
    lead: tuple[str, ...]  # agency slugs, in the order printed
    support: tuple[str, ...]
    note: str  # the note as printed


@dataclass  # not frozen: a build makes one per related pair, and frozen ones are slower to make
class RelatedClause:
    """A section of another document whose text is similar (cosine of TF-IDF over jieba tokens)."""

    doc: str
    anchor: str
    other_doc: str
    other_anchor: str
    score: float


@dataclass(frozen=True)
class AlignedRow:
    """One row of a side-by-side page: either side may be missing (unmatched)."""

    left: str | None  # anchor in Alignment.left_doc
    right: str | None  # anchor in Alignment.right_doc
    score: float


@dataclass
class Alignment:
    """Section-by-section alignment of a document pair linked by a relation (e.g. implements)."""

    relation: str
    left_doc: str  # the document carrying the relation (e.g. the provincial 纲要)
    right_doc: str  # its target (e.g. the national 纲要)
    rows: list[AlignedRow]


@dataclass(frozen=True)
class CitedTitle:
    """A title cited but not on the site (or a standard), with every place it is cited."""

    title: str
    kind: str  # REF_UNRESOLVED or REF_STANDARD
    mentions: tuple[tuple[str, str], ...]  # (doc slug, clause anchor), reading order


@dataclass
class CrossLinks:
    """What the extract stage finds across documents (what it finds in each is its Facts)."""

    alignments: list[Alignment]  # one per `implements` pair in documents.yml
    agencies: dict[str, Agency]  # slug -> agency, every agency named in a responsibility note


@dataclass(frozen=True)
class SiteVariant:
    """How a kind of site differs from the published one: the settings it is built with (made
    from mkdocs.yml into the build folder) and a last touch to its files before publishing."""

    settings: Callable[[Path, Path], Path] = lambda mkdocs_yml, build_dir: mkdocs_yml
    finish: Callable[[Path], None] = lambda site: None


@dataclass
class Indexed:
    """The search index of a build, in groups of documents (pagefind.py)."""

    records: int
    shards: list[str]  # the bundles' keys, in order
    indexed: list[str]  # those Pagefind made in this build (the others were kept from an earlier one)


@dataclass
class BuildResult:
    """What a build made of the seeds, and what it has to report (report.py)."""

    documents: list[Document] = field(default_factory=list)  # the latest text of each document
    history: dict[str, list[Document]] = field(default_factory=dict)  # slug -> versions, oldest first
    facts: dict[str, Facts] = field(default_factory=dict)  # source file name -> what extraction found in it
    skipped: list[BuildError] = field(default_factory=list)
    warnings: list[BuildWarning] = field(default_factory=list)
    disappeared: dict[str, list[str]] = field(default_factory=dict)  # page -> anchors an earlier build had
    parsed: list[str] = field(default_factory=list)  # source files parsed in this run
    cached: list[str] = field(default_factory=list)  # source files taken from the parse cache
    rendered: list[str] = field(default_factory=list)  # files of build/docs made in this run
    reused: list[str] = field(default_factory=list)  # files of build/docs kept from the previous build
    search: Indexed | None = None  # the search index's groups, and which were indexed in this run
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (timing.STAGES)

    def facts_of(self, doc: Document) -> Facts:
        return self.facts[doc.source.name]

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped else 0


# --- Pages (render stage) ---

@dataclass(frozen=True)
class Page:
    """A file of the generated docs folder: make(*args), text or bytes. make is a module-level
    function that reads nothing but its arguments and the templates, so the arguments say
    everything the file is made from: the incremental layer keys the file by a digest of
    them. A lambda, nested function, bound method or callable object is refused (what it
    captures is in no key); module constants and functions are code, in the builder's digest;
    a make that read a mutable global or the environment would go stale, and is a defect."""

    path: str  # relative to the docs folder, with /
    make: Callable[..., str | bytes]
    args: tuple = ()
    # pages of the same batch whose bytes follow args: a file joined from other files is
    # made from what they hold, not made again from their arguments
    reads: tuple[str, ...] = ()


def without_templates(make: Callable[..., str | bytes]) -> Callable[..., str | bytes]:
    """Marks a Page.make that renders no template: a template edit leaves its files alone."""
    make.without_templates = True
    return make


@without_templates
def content(text: str | bytes) -> str | bytes:
    """Page.make for a file whose content is already made: the content is its own argument."""
    return text
