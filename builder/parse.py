"""Parse: SourceText -> Document (a flat list of anchored Clauses in reading order).

Three passes, each readable on its own:
1. join_lines: physical lines -> logical lines (undo hard wraps and page breaks);
2. split_parts: transmittal notice / main text / attachments, each with its front matter;
3. build_clauses: outline numbering -> clause tree with permanent anchors.
Anomalies become warnings with file:line; nothing here raises on odd input.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from . import patterns as P
from . import tables
from .model import (BOX, DOCNO, FOOTNOTE, HEADING, ITEM, PARAGRAPH, PART, ROW, STATUS, TABLE, TITLE, BuildWarning,
                    Clause, Document, DocumentMeta, SourceLine, SourceText, Table)



# --------------------------------------------------------------------------- 1. logical lines
@dataclass
class Line:
    """A logical line: one or more physical lines joined, with its shape."""

    text: str
    start: int
    end: int
    shape: str = "text"  # outline | box | dash | footnote | annex | date | docno | status | pubnote | table | text
    style: str = ""  # outline numbering style (patterns.OUTLINE_PATTERNS), e.g. "paren-cn" for （一）
    number: int = 0
    printed: str = ""  # numbering as printed, e.g. "（十）"
    rest: str = ""  # text after the numbering
    table: Table | None = None  # shape "table": the flattened table these lines hold (builder/tables.py)

    def reclassify(self) -> "Line":
        shape_line(self)
        return self


def shape_line(line: Line) -> None:
    text = line.text
    line.shape, line.style, line.number, line.printed, line.rest = "text", "", 0, "", text
    if P.DATE_LINE_RE.match(text):
        line.shape = "date"
    elif P.STATUS_RE.match(text):
        line.shape = "status"
    elif P.PUBLICATION_NOTE_RE.match(text):
        line.shape = "pubnote"
    elif P.DOC_NUMBER_RE.fullmatch(text):
        line.shape = "docno"
    elif m := P.BOX_RE.match(text):
        line.shape, line.number, line.rest = "box", P.cn_to_int(m.group("n")), m.group("rest")
        line.printed = text[: len(text) - len(line.rest)].rstrip() if line.rest else text
    elif m := P.DASH_ITEM_RE.match(text):
        line.shape, line.printed, line.rest = "dash", text[: len(text) - len(m.group("rest"))], m.group("rest")
    elif m := P.FOOTNOTE_RE.match(text):
        line.shape, line.printed, line.rest = "footnote", m.group("n"), m.group("rest")
        line.number = P.CIRCLED.index(m.group("n")) + 1
    elif (m := P.ANNEX_RE.match(text)) and not P.ends_sentence(text):
        line.shape, line.rest = "annex", m.group("rest")
        line.number = P.cn_to_int(m.group("n")) if m.group("n") else 0
        line.printed = text[: len(text) - len(line.rest)] if line.rest else text
    elif outline := P.match_outline(text):
        style, number, printed, rest = outline
        if style in ("arabic", "paren-arabic") and number > 999:  # 2017. is a year, not item 2017
            return
        line.shape, line.style, line.number, line.printed, line.rest = "outline", style, number, printed, rest


def _width(text: str) -> int:
    # ambiguous-width characters (“ ” ‘ ’ …) take two columns in Chinese typesetting
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


# In hard-wrapped text a line at least this share of the wrap width is full: it runs on into
# the next line (half-width digits and justification make full lines vary by some columns).
FULL_LINE = 0.85


def continues(text: str, width: int | None) -> bool:
    """A full line of hard-wrapped text (width: wrap_width) that runs on into the next line."""
    return width is not None and _width(text) >= width * FULL_LINE


def wrap_width(lines: list[SourceLine]) -> int | None:
    """The column a hard-wrapped (PDF-copied) text breaks at, or None if lines are paragraphs.

    A wrapped text has many lines of (nearly) the same width; paragraphs vary widely.
    """
    widths = [_width(line.text) for line in lines]
    if len(widths) < 8:
        return None
    buckets = Counter(w // 4 for w in widths if w >= 24)
    if not buckets:
        return None
    bucket, _ = max(buckets.items(), key=lambda kv: (kv[1] + buckets.get(kv[0] - 1, 0), kv[0]))
    near = sum(1 for w in widths if bucket * 4 - 6 <= w <= bucket * 4 + 7)
    if near >= 6 and near >= 0.3 * len(widths) and bucket * 4 <= 200:
        return max(w for w in widths if w <= bucket * 4 + 7)
    return None


def _is_prose(text: str) -> bool:
    return any(ch in text for ch in "，。；,;") or len(text) >= 40


def _stands_alone(line: Line, width: int | None, line_width: int) -> bool:
    """A line that ends without punctuation but is complete: a title, heading label, date …

    line_width is _width(line.text), kept by the caller so joining stays linear in the text.
    """
    if line.shape in ("date", "status", "pubnote", "docno", "annex", "table"):
        return True
    if width is not None:  # hard-wrapped: only a (nearly) full-width line continues
        return line_width < width * FULL_LINE
    if line.shape in ("outline", "box") and not any(ch in line.rest for ch in P.RUN_IN_STOPS):
        return len(line.rest) <= P.TITLE_ONLY_MAX
    return not _is_prose(line.text)


def join_lines(source: SourceText) -> list[Line]:
    """Undo hard wraps: a line that ends mid-sentence continues on the next line unless that
    line opens a heading, item or other structure (blank lines in between do not matter: a
    page break often leaves one)."""
    starts = {t.start: t for t in source.tables}
    in_table = {n for t in source.tables for n in range(t.start, t.end + 1)}
    width = wrap_width([line for line in source.lines if line.lineno not in in_table])
    joined: list[Line] = []
    joined_width = 0  # _width(joined[-1].text)
    physical_lines = source.lines
    for i, physical in enumerate(physical_lines):
        if physical.lineno in in_table:  # a table is one block, its cells never joined
            if table := starts.get(physical.lineno):
                joined.append(Line(table.head_text, table.start, table.end, shape="table", table=table))
            continue
        nxt = Line(physical.text, physical.lineno, physical.lineno).reclassify()
        nxt_width = _width(physical.text)
        after = physical_lines[i + 1].text if i + 1 < len(physical_lines) else ""
        signs_off = bool(P.DATE_LINE_RE.match(after)) and len(nxt.text) <= 40  # issuer above a date
        if joined and not signs_off:
            prev = joined[-1]
            if (nxt.shape == "text" and not P.ends_sentence(prev.text)
                    and not _stands_alone(prev, width, joined_width)):
                prev.text += physical.text
                prev.end = physical.lineno
                prev.reclassify()
                joined_width += nxt_width
                continue
        joined.append(nxt)
        joined_width = nxt_width
    return joined


# --------------------------------------------------------------------------- 2. parts
@dataclass
class Part:
    prefix: str  # "" for the main text, "notice-", "annex-1-"
    lines: list[Line]
    label: Line | None = None  # the 附件1 line of an attachment
    title_lines: list[Line] = field(default_factory=list)
    front: list[Line] = field(default_factory=list)  # status / 文号 lines after the title


def _is_title_line(line: Line) -> bool:
    return (line.shape == "text" and len(line.text) <= 60 and "。" not in line.text
            and not P.ends_sentence(line.text) and not P.ADDRESSEE_RE.match(line.text))


def _take_front_matter(part: Part) -> None:
    lines = part.lines
    i = 0
    while i < len(lines) and i < 4 and _is_title_line(lines[i]):
        i += 1
    # A lone short line directly followed by prose is a title only if something marks
    # the text as having a head (more title lines, status, 文号, addressee or a heading).
    part.title_lines = lines[:i]
    while i < len(lines) and lines[i].shape in ("status", "docno"):
        part.front.append(lines[i])
        i += 1
    part.lines = lines[i:]


def _notice_end(lines: list[Line]) -> int | None:
    """Index just past a transmittal notice (印发通知) at the head of the text, if any.

    A notice ends with its date line; it is a notice (and not the document's own 落款)
    only when a further document follows it and the text before it addresses someone
    or says it transmits something.
    """
    for i, line in enumerate(lines):
        if line.shape != "date":
            continue
        end = i + 1
        while end < len(lines) and lines[end].shape == "pubnote":
            end += 1
        remaining = [ln for ln in lines[end:] if ln.shape not in ("pubnote",)]
        head = "".join(ln.text for ln in lines[:i])
        addressed = any(P.ADDRESSEE_RE.match(ln.text) for ln in lines[:i])
        if len(remaining) >= 2 and (addressed or "印发" in head or "现将" in head):
            return end
        return None
    return None


def split_parts(lines: list[Line]) -> list[Part]:
    parts: list[Part] = []
    end = _notice_end(lines)
    if end is not None:
        parts.append(Part("notice-", lines[:end]))
        lines = lines[end:]
    main = Part("", [])
    parts.append(main)
    current = main
    seen_body = signed = False
    annexes = 0
    prefixes: set[str] = set()
    for line in lines:
        # GB/T 9704: "附件：1.…" before the signature only lists attachments; an attachment
        # itself opens with a bare "附件1" line, or follows the signature (落款) date.
        if line.shape == "annex" and seen_body and (not line.rest or signed):
            annexes += 1
            number = line.number or annexes
            prefix, copy = f"annex-{number}-", 1
            while prefix in prefixes:  # a repeated 附件1 label: its clauses still need their own anchors
                copy += 1
                prefix = f"annex-{number}-dup{copy}-"
            prefixes.add(prefix)
            current = Part(prefix, [], label=line)
            parts.append(current)
            continue
        if line.shape in ("outline", "text", "dash", "box"):
            seen_body = True
        signed = signed or line.shape == "date"
        current.lines.append(line)
    for part in parts:
        _take_front_matter(part)
    return parts


# --------------------------------------------------------------------------- 3. clauses
def split_heading(rest: str) -> tuple[str, str, str]:
    """(title, heading text, body) of the text after a number.

    Run-in: "总体目标。到2025年…" -> ("总体目标", "总体目标。", "到2025年…").
    Title only: "完善质量工作机制，…效应。" -> (title without end punctuation, whole, "").
    A first sentence too long to be a title leaves the whole text as body.
    """
    rest = rest.strip()
    for i, ch in enumerate(rest):
        if ch in P.RUN_IN_STOPS:
            if rest[i + 1:].strip():
                if i <= P.RUN_IN_MAX:
                    return rest[:i], rest[: i + 1], rest[i + 1:]
                return "", "", rest
            break
    if len(rest) <= P.TITLE_ONLY_MAX:
        return rest.rstrip(P.SENTENCE_END + "，,、 "), rest, ""
    return "", "", rest


class ClauseBuilder:
    """Walks the lines of one part, keeping the open outline levels, and emits Clauses."""

    def __init__(self, doc_name: str, part: Part, root: Clause | None, out: list[Clause],
                 anchors: set[str], warnings: list[BuildWarning], inline_text: str):
        self.name, self.part, self.root, self.out = doc_name, part, root, out
        self.anchors, self.warnings, self.inline_text = anchors, warnings, inline_text
        self.prefix = part.prefix
        self.base_level = root.level if root else 0
        self.articles = sum(ln.style == "article" for ln in part.lines) >= P.ARTICLE_STYLE_MIN
        self.levels = P.OUTLINE_LEVELS["articles" if self.articles else "gb"]
        self.open: dict[int, Clause] = {}  # outline level -> open heading
        self.open_numbers: dict[int, int] = {}  # outline level -> its number, for anchors
        self.box: Clause | None = None
        self.box_items = 0
        self.counters: Counter = Counter()  # (parent anchor, kind letter) -> count
        self.last_child: dict[tuple[str | None, int], int] = {}
        self.last_at_level: dict[int, int] = {}

    # -- helpers
    def warn(self, line: int, code: str, message: str, hint: str = "") -> None:
        self.warnings.append(BuildWarning(self.name, line, code, message, hint))

    def unique(self, anchor: str, line: int) -> str:
        if anchor not in self.anchors:
            self.anchors.add(anchor)
            return anchor
        n = 2
        while f"{anchor}-dup{n}" in self.anchors:
            n += 1
        self.warn(line, "duplicate-anchor", f"anchor '{anchor}' already used; this clause gets '{anchor}-dup{n}'",
                  "check the numbering: two clauses carry the same number")
        self.anchors.add(f"{anchor}-dup{n}")
        return f"{anchor}-dup{n}"

    def emit(self, anchor: str, kind: str, parent: Clause | None, line: Line, number: str = "",
             title: str = "", text: str = "", level: int | None = None, cells: tuple[str, ...] = ()) -> Clause:
        clause = Clause(
            anchor=self.unique(anchor, line.start), kind=kind,
            level=level if level is not None else (parent.level + 1 if parent else 1),
            number=number, title=title, text=text,
            parent=parent.anchor if parent else None, line=line.start, end_line=line.end,
            part=self.prefix.rstrip("-"), cells=cells,
        )
        self.out.append(clause)
        return clause

    def next_index(self, parent: Clause | None, letter: str) -> int:
        key = (parent.anchor if parent else self.prefix, letter)
        self.counters[key] += 1
        return self.counters[key]

    def sub_anchor(self, parent: Clause | None, letter: str) -> str:
        index = self.next_index(parent, letter)
        return f"{parent.anchor}-{letter}{index}" if parent else f"{self.prefix}{letter}{index}"

    def container(self) -> Clause | None:
        """Where an unnumbered paragraph belongs: the open box, else the deepest open heading."""
        if self.box:
            return self.box
        return self.open[max(self.open)] if self.open else self.root

    # -- front matter
    def front_matter(self) -> None:
        part = self.part
        level = self.base_level + 1 if self.root else 0
        if part.title_lines:
            first, last = part.title_lines[0], part.title_lines[-1]
            span = Line("", first.start, last.end)
            text = "".join(ln.text for ln in part.title_lines)
            self.emit(f"{self.prefix}title", TITLE, self.root, span, title=_clean_title(text), text=text,
                      level=level)
        for line in part.front:
            kind = STATUS if line.shape == "status" else DOCNO
            anchor = f"{self.prefix}{'status' if kind == STATUS else 'docno'}"
            title = P.STATUS_RE.match(line.text).group("s") if kind == STATUS else line.text
            self.emit(anchor, kind, self.root, line, title=title, text=line.text, level=level)

    # -- body
    def run(self) -> None:
        self.front_matter()
        lines = self.part.lines
        for i, line in enumerate(lines):
            if line.shape == "outline":
                self.heading(line)
            elif line.shape == "box":
                self.open_box(line)
            elif line.shape == "dash":
                self.dash_item(line)
            elif line.shape == "footnote" and line.printed in self.inline_text:
                self.footnote(line)
            elif line.shape == "table":
                self.table(line)
            elif self.is_closing(lines, i):
                self.close_box()
                self.open.clear()
                self.open_numbers.clear()
                self.emit(self.sub_anchor(self.root, "p"), PARAGRAPH, self.root, line, text=line.text)
            else:
                self.paragraph(line)
        self.check_empty_headings()

    def check_empty_headings(self) -> None:
        """A heading without body where its peers at that level have one: text was probably lost.
        (Short list items such as "（一）产品；" have no bodies as a rule and are not flagged.)"""
        parents = {c.parent for c in self.out}
        by_level: dict[int, list[Clause]] = {}
        for clause in self.out:
            if clause.kind == HEADING and clause.part == self.prefix.rstrip("-"):
                by_level.setdefault(clause.level, []).append(clause)
        for peers in by_level.values():
            empty = [c for c in peers if c.anchor not in parents]
            if len(empty) * 2 < len(peers):
                for clause in empty:
                    self.warn(clause.line, "empty-heading",
                              f"heading {clause.number.strip()}{clause.title} has no body",
                              "the text under it may be missing from the source")

    def is_closing(self, lines: list[Line], i: int) -> bool:
        """Signature block (落款): issuer, date, （此件公开发布） — they belong to the whole text."""
        line = lines[i]
        if line.shape in ("date", "pubnote"):
            return True
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        return (nxt is not None and nxt.shape == "date" and len(line.text) <= 40
                and not any(ch in line.text for ch in "，。；：,;:"))

    def heading(self, line: Line) -> None:
        level, n = self.levels[line.style], line.number
        if self.box and line.style in ("arabic", "paren-arabic"):
            self.box_item(line)
            return
        self.close_box()
        parent_level = max((lv for lv in self.open if lv < level), default=None)
        parent = self.open[parent_level] if parent_level is not None else self.root
        self.check_numbering(line, parent, level, n)
        for lv in [lv for lv in self.open if lv >= level]:
            del self.open[lv]
            self.open_numbers.pop(lv, None)
        # Regulation-style texts number articles through the whole text: 第十二条 is art-12
        # wherever its chapter is, and what is inside it hangs from it (art-12-1).
        first = 3 if self.articles and level >= 3 else 1
        numbers = [str(self.open_numbers.get(lv, 0)) for lv in range(first, level)] + [str(n)]
        missing = [lv for lv in range(first, level) if lv not in self.open]
        if missing and self.open:
            self.warn(line.start, "level-skipped",
                      f"{line.printed.strip()} comes directly under a level-{max(self.open)} heading; "
                      f"level {missing[-1]} is missing (numbered 0 in the anchor)",
                      "check the outline numbering of the source")
        stem = "art-" if first == 3 else "s"
        # an article is a provision, not a titled heading: its words are its body
        title, head_text, body = ("", "", line.rest.strip()) if line.style == "article" else split_heading(line.rest)
        clause = self.emit(f"{self.prefix}{stem}{'-'.join(numbers)}", HEADING, parent, line,
                           number=line.printed, title=title, text=head_text,
                           level=self.base_level + level)
        self.open[level] = clause
        self.open_numbers[level] = n
        if body:
            self.emit(self.sub_anchor(clause, "p"), PARAGRAPH, clause, line, text=body)

    def check_numbering(self, line: Line, parent: Clause | None, level: int, n: int) -> None:
        key = (parent.anchor if parent else None, level)
        prev = self.last_child.get(key)
        previous_anywhere = self.last_at_level.get(level)
        printed = line.printed.strip()
        if prev is None:
            if n != 1 and n != (previous_anywhere or 0) + 1:
                if previous_anywhere is None:
                    self.warn(line.start, "numbering-start", f"numbering at this level starts at {printed}",
                              "the text may begin mid-way; check nothing is missing before it")
                else:
                    self.warn(line.start, "numbering-gap",
                              f"{printed} follows number {previous_anywhere} at this level (expected 1 or "
                              f"{previous_anywhere + 1})", "check for a missing or misnumbered clause")
        elif n == prev:
            self.warn(line.start, "numbering-duplicate", f"{printed} repeats the previous number",
                      "renumber one of the two clauses")
        elif n < prev:
            self.warn(line.start, "numbering-order", f"{printed} comes after number {prev}",
                      "check the order of the clauses")
        elif n > prev + 1:
            self.warn(line.start, "numbering-gap", f"{printed} follows number {prev}; "
                      f"{', '.join(str(k) for k in range(prev + 1, min(n, prev + 4)))} missing",
                      "check for a missing clause")
        self.last_child[key] = n
        self.last_at_level[level] = n

    def open_box(self, line: Line) -> None:
        self.close_box()
        parent = self.open.get(1, self.root)
        title = line.rest.strip()
        self.box = self.emit(f"{self.prefix}box-{line.number}", BOX, parent, line, number=line.printed,
                             title=title, text=line.rest)
        self.box_items = 0

    def close_box(self) -> None:
        self.box = None

    def box_item(self, line: Line) -> None:
        self.box_items += 1
        number = line.number if line.shape == "outline" else self.box_items
        title, head_text, body = split_heading(line.rest)
        item = self.emit(f"{self.box.anchor}-{number}", ITEM, self.box, line, number=line.printed,
                         title=title, text=head_text)
        if body:
            self.emit(self.sub_anchor(item, "p"), PARAGRAPH, item, line, text=body)

    def dash_item(self, line: Line) -> None:
        if self.box:
            self.box_item(line)
            return
        parent = self.open[max(self.open)] if self.open else self.root
        title, _, _ = split_heading(line.rest)
        self.emit(self.sub_anchor(parent, "d"), ITEM, parent, line, number=line.printed, title=title,
                  text=line.rest)

    def table(self, line: Line) -> None:
        """A table and its rows: {prefix}tK, numbered through the part; its rows tK-rN from the
        top (label rows spanning the table tK-gN), so rN is the row 序号 N where there is one."""
        table = line.table
        self.counters[(self.prefix, "table")] += 1
        parent = self.container()
        title = _clean_title(table.caption) if table.caption else f"表{self.counters[(self.prefix, 'table')]}"
        clause = self.emit(f"{self.prefix}t{self.counters[(self.prefix, 'table')]}", TABLE, parent, line,
                           title=title, text=table.head_text, cells=table.header)
        key = tables.key_column(tables.columns(table.header))
        for row in table.rows:
            regular = len(row.cells) == len(table.header)
            self.emit(self.sub_anchor(clause, "g" if row.label else "r"), ROW, clause, Line(row.text, row.start, row.end),
                      title=row.cells[key] if regular and key is not None else "", text=row.text, cells=row.cells)

    def footnote(self, line: Line) -> None:
        self.close_box()
        self.emit(f"{self.prefix}fn-{line.number}", FOOTNOTE, self.root, line, number=line.printed,
                  text=line.rest)

    def paragraph(self, line: Line) -> None:
        parent = self.container()
        title = ""
        if parent is self.root and (m := P.ASPECT_RE.match(line.text)):
            title = m.group("title")
        self.emit(self.sub_anchor(parent, "p"), PARAGRAPH, parent, line, title=title, text=line.text)


def _clean_title(text: str) -> str:
    """Display form of a title: 《广东省质量强省建设纲要》 -> 广东省质量强省建设纲要; 计 量 -> 计量."""
    text = text.strip()
    if text.startswith("《") and text.endswith("》") and text.count("《") == 1:
        text = text[1:-1]
    # letter-spaced titles (计 量 发 展 规 划) lose their spaces; a space between words stays
    if len(_LETTER_SPACE_RE.findall(text)) >= 3:
        text = _LETTER_SPACE_RE.sub("", text)
    return text


_LETTER_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


def build_clauses(source: SourceText, parts: list[Part]) -> tuple[list[Clause], list[BuildWarning]]:
    clauses: list[Clause] = []
    anchors: set[str] = set()
    warnings: list[BuildWarning] = []
    inline = "".join(ln.text for part in parts for ln in part.lines if ln.shape != "footnote")
    for part in parts:
        root = None
        if part.prefix == "notice-":
            root = Clause("notice", PART, 1, "", "印发通知", "", None, part.lines[0].start if part.lines else 1,
                          part.lines[-1].end if part.lines else 1, part="notice")
        elif part.label is not None:
            root = Clause(part.prefix.rstrip("-"), PART, 1, part.label.printed, _clean_title(part.label.rest),
                          part.label.rest, None, part.label.start, part.label.end, part=part.prefix.rstrip("-"))
        if root:
            if "-dup" in root.anchor:
                warnings.append(BuildWarning(
                    source.name, root.line, "duplicate-annex",
                    f"attachment label {part.label.text} repeats an earlier one; its clauses are anchored "
                    f"{part.prefix}…", "number the attachments 附件1, 附件2, … in the source"))
            anchors.add(root.anchor)
            clauses.append(root)
        ClauseBuilder(source.name, part, root, clauses, anchors, warnings, inline).run()
        if root and clauses:
            root.end_line = max(c.end_line for c in clauses if c.part == root.part)
    return clauses, warnings


def parse(source: SourceText, meta: DocumentMeta) -> Document:
    lines = join_lines(source)
    parts = split_parts(lines)
    clauses, warnings = build_clauses(source, parts)
    main = next(p for p in parts if p.prefix == "")
    notice = next((p for p in parts if p.prefix == "notice-"), None)
    title_source = main.title_lines or (notice.title_lines if notice else [])
    title = _clean_title("".join(ln.text for ln in title_source))
    status = next((P.STATUS_RE.match(ln.text).group("s") for p in parts for ln in p.front if ln.shape == "status"),
                  "")
    return Document(meta=meta, source=source, title=title, status=status, clauses=clauses,
                    warnings=list(source.warnings) + warnings)
