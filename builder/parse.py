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
from .model import (BOX, DOCNO, FOOTNOTE, HEADING, HISTORY, ITEM, MASTHEAD, PARAGRAPH, PART, ROW, SIGNATURE, STATUS,
                    TABLE, TITLE, BuildWarning, Clause, Document, DocumentMeta, EXCERPT, INCOMPLETE, HistoryEvent,
                    SourceLine, SourceText, Table)


# --------------------------------------------------------------------------- 1. logical lines
@dataclass
class Line:
    """A logical line: one or more physical lines joined, with its shape."""

    text: str
    start: int
    end: int
    # outline | box | dash | footnote | annex | date | docno | status | pubnote | history | table | text
    # | issuer (an undated cover's organ line, told by _take_front_matter)
    shape: str = "text"
    style: str = ""  # outline numbering style (patterns.OUTLINE_PATTERNS), e.g. "paren-cn" for （一）
    number: int = 0
    printed: str = ""  # numbering as printed, e.g. "（十）"
    rest: str = ""  # text after the numbering
    sub: int = 0  # 第三条之一 -> 1: an article inserted after 第三条 by a revision
    table: Table | None = None  # shape "table": the flattened table these lines hold (builder/tables.py)

    def reclassify(self) -> "Line":
        shape_line(self)
        return self


def shape_line(line: Line) -> None:
    text = line.text
    line.shape, line.style, line.number, line.printed, line.rest, line.sub = "text", "", 0, "", text, 0
    if P.DATE_LINE_RE.match(text):
        line.shape = "date"
    elif P.STATUS_RE.match(text):
        line.shape = "status"
    elif P.PUBLICATION_NOTE_RE.match(text):
        line.shape = "pubnote"
    elif (P.DOC_NUMBER_RE.fullmatch(text) or P.ANNOUNCEMENT_NUMBER_RE.match(text)
          or P.ORDER_NUMBER_RE.match(text)):
        line.shape = "docno"
    elif is_history(text):
        line.shape = "history"
    elif m := P.BOX_RE.match(text):
        line.shape, line.number, line.rest = "box", P.cn_to_int(m.group("n")), m.group("rest")
        line.printed = text[: len(text) - len(line.rest)].rstrip() if line.rest else text
    elif m := P.DASH_ITEM_RE.match(text):
        line.shape, line.printed, line.rest = "dash", text[: len(text) - len(m.group("rest"))], m.group("rest")
    elif m := P.FOOTNOTE_RE.match(text):
        line.shape, line.printed, line.rest = "footnote", m.group("n"), m.group("rest")
        line.number = P.CIRCLED.index(m.group("n")) + 1
    elif (m := P.ANNEX_RE.match(text)) and (not m.group("rest") or not P.ends_sentence(text)):  # 附件： is a label
        line.shape, line.rest = "annex", m.group("rest")
        line.number = P.cn_to_int(m.group("n")) if m.group("n") else 0
        line.printed = text[: len(text) - len(line.rest)] if line.rest else text
    elif outline := P.match_outline(text):
        style, number, printed, rest = outline
        if style in ("arabic", "paren-arabic") and number > 999:  # 2017. is a year, not item 2017
            return
        if style == "article" and (inserted := P.ARTICLE_INSERTED_RE.match(rest)):
            line.sub, rest = P.cn_to_int(inserted.group("sub")), rest[inserted.end():]
            printed = text[: len(text) - len(rest)] if rest else text
        line.shape, line.style, line.number, line.printed, line.rest = "outline", style, number, printed, rest


def is_history(text: str) -> bool:
    """A line of a law's history: dated events (…通过, …修订, …公布), no sentence of its own."""
    return (len(text) <= P.HISTORY_MAX and bool(P.HISTORY_LINE_RE.match(text)) and "。" not in text
            and any(m.start() > 0 for m in P.HISTORY_ACT_RE.finditer(_outside_titles(text))))


def history_open(text: str) -> bool:
    """A history event broken over lines: its date is printed, but not yet the title it cites
    (an open 《 or 〈) or the verb that ends it ("…第三十一次会议《关于修改〈…法〉" ↵ "〈…〉的决定》第四次修正")."""
    if len(text) > P.HISTORY_MAX or "。" in text or not P.HISTORY_LINE_RE.match(text) or P.DATE_LINE_RE.match(text):
        return False
    if any(text.count(opener) > text.count(closer) for opener, closer in ("《》", "〈〉", "（）", "()")):
        return True
    return not any(m.start() > 0 for m in P.HISTORY_ACT_RE.finditer(_outside_titles(text)))


def _history_runs_on(text: str, following: str) -> bool:
    """The next line completes (or carries on) a history event broken over lines; after a date
    alone on its line, only a line that ends with the event's verb (…第五次修正)."""
    joined = text + following
    if P.DATE_LINE_RE.match(text):
        return "。" not in following and is_history(joined) and bool(P.HISTORY_END_RE.search(following))
    if not history_open(text):
        return False
    return is_history(joined) or history_open(joined)


def _outside_titles(text: str) -> str:
    """text with every 《…》 blanked out (same length): verbs inside a cited title are not events."""
    for start, end in P.outermost_groups(text, "《", "》"):
        text = text[:start] + "　" * (end - start) + text[end:]
    return text


def read_history(text: str) -> list[HistoryEvent]:
    """The events of one history line, in order: each opens with its date and ends with its verb."""
    dates = list(P.DATE_RE.finditer(text))
    blank = _outside_titles(text)
    events = []
    for k, m in enumerate(dates):
        end = dates[k + 1].start() if k + 1 < len(dates) else len(text)
        act = P.HISTORY_ACT_RE.search(blank, m.end(), end)
        if act is None or not (iso := P.iso_of(m)):
            continue
        by = text[m.end():act.start()].strip(" \u3000，,").removesuffix(P.HISTORY_FROM)
        printed = text[m.start():act.end()]
        events.append(HistoryEvent(date=iso, action=P.HISTORY_ACTIONS[act.group("verb")], by=by,
                                   text=printed))
    return events


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
    return len(text) >= 40 or any(ch in text for ch in "，。；,;")


def _stands_alone(line: Line, width: int | None, line_width: int) -> bool:
    """A line that ends without punctuation but is complete: a title, heading label, date …

    line_width is _width(line.text), kept by the caller so joining stays linear in the text.
    """
    if line.shape in ("date", "status", "pubnote", "docno", "annex", "history", "table"):
        return True
    if is_heading_alone(line):
        return True
    if width is not None:  # hard-wrapped: only a (nearly) full-width line continues;
        # half-width digits and justification make full lines vary by some columns
        return line_width < width * FULL_LINE
    if line.shape in ("outline", "box") and len(line.rest) > P.TITLE_ONLY_MAX:
        return False  # a body, whatever it holds (and its text is prose)
    if line.shape in ("outline", "box") and not any(ch in line.rest for ch in P.RUN_IN_STOPS):
        return True
    return not _is_prose(line.text)


def is_heading_alone(line: Line) -> bool:
    """A numbered heading with a short title and no sentence punctuation ("一、持续完善质量基础
    设施体系"): its body starts on the next line, however close to the wrap width it ends.
    (An article's words are a provision, not a title: a long one may wrap.)"""
    return (line.shape in ("outline", "box") and line.style != "article" and len(line.rest) <= P.HEADING_MAX
            and not any(ch in line.rest for ch in P.HEADING_PUNCTUATION))


# Past this length a joined line is longer than any date, status, 文号 or 附件 label and than
# any title, so joining more text cannot change whether it joins the next line: it is
# classified again once, when complete, rather than after every physical line (which made a
# paragraph hard-wrapped over thousands of lines cost the square of its length).
_RECLASSIFY_MAX = 200


def join_lines(source: SourceText) -> list[Line]:
    """Undo hard wraps: a line that ends mid-sentence continues on the next line unless that
    line opens a heading, item or other structure (blank lines in between do not matter: a
    page break often leaves one)."""
    starts = {t.start: t for t in source.tables}
    in_table = {n for t in source.tables for n in range(t.start, t.end + 1)}
    width = wrap_width([line for line in source.lines if line.lineno not in in_table])
    joined: list[Line] = []
    joined_width = 0  # _width(joined[-1].text)
    pending: list[str] = []  # texts joined to joined[-1] past _RECLASSIFY_MAX, not yet in its .text
    ending = ""  # the end of joined[-1]'s whole text, at least what P.ends_sentence reads
    physical_lines = source.lines
    for i, physical in enumerate(physical_lines):
        if physical.lineno in in_table:  # a table is one block, its cells never joined
            if table := starts.get(physical.lineno):
                joined.append(Line(table.head_text, table.start, table.end, shape="table", table=table))
            continue
        nxt = Line(physical.text, physical.lineno, physical.lineno).reclassify()
        nxt_width = _width(physical.text)
        after = physical_lines[i + 1].text if i + 1 < len(physical_lines) else ""
        # the issuer above a date (a sentence's last words before a date are not one)
        signs_off = (bool(P.DATE_LINE_RE.match(after)) and len(nxt.text) <= 40
                     and not any(ch in nxt.text for ch in P.HEADING_PUNCTUATION + "。"))
        if (joined and not signs_off and not _title_ends(joined[-1], width, physical, physical_lines[i - 1])
                and not _issuer_under(joined[-1].text, physical.text)):
            prev = joined[-1]
            if nxt.shape == "text" and (
                    (not P.ends_sentence(ending) and not _stands_alone(prev, width, joined_width))
                    or _history_runs_on(prev.text, physical.text)):
                if pending or len(prev.text) >= _RECLASSIFY_MAX:
                    pending.append(physical.text)
                else:
                    prev.text += physical.text
                    prev.reclassify()
                prev.end = physical.lineno
                joined_width += nxt_width
                ending = ending[-P.ENDING_WINDOW:] + physical.text
                continue
        _complete(joined, pending)
        joined.append(nxt)
        joined_width = nxt_width
        ending = physical.text
    _complete(joined, pending)
    return joined


def _title_ends(prev: Line, width: int | None, physical: SourceLine, above: SourceLine) -> bool:
    """A 公文 title (…的通知) ends its line: the addressee under it (各街道办事处…：) or, after a
    blank line, whatever follows is no continuation of it. (A full line of hard-wrapped text, or
    one inside an open 《, that happens to end in 规划 runs on.)"""
    if (prev.shape != "text" or len(prev.text) > P.TITLE_MAX or continues(above.text, width)
            or prev.text.count("《") != prev.text.count("》")
            or any(ch in prev.text for ch in P.HEADING_PUNCTUATION + "。") or not P.TITLE_KIND_END_RE.search(prev.text)):
        return False
    return bool(P.ADDRESSEE_RE.match(physical.text)) or physical.lineno > above.lineno + 1


def _complete(joined: list[Line], pending: list[str]) -> None:
    """Join the pending texts to the last line and classify it again."""
    if pending:
        joined[-1].text += "".join(pending)
        joined[-1].reclassify()
        pending.clear()


# --------------------------------------------------------------------------- 2. parts
@dataclass
class DocumentPart:
    """One part of a source: the main text, the transmittal notice in front of it, or an attachment."""

    prefix: str  # "" for the main text, "notice-", "annex-1-"
    lines: list[Line]
    label: Line | None = None  # the 附件1 line of an attachment
    title_lines: list[Line] = field(default_factory=list)
    front: list[Line] = field(default_factory=list)  # status / 文号 lines after the title
    masthead: list[Line] = field(default_factory=list)  # the 版头 above the title: 西江市市场监督管理局文件


def _is_title_line(line: Line) -> bool:
    return (line.shape == "text" and len(line.text) <= P.TITLE_MAX and "。" not in line.text
            and "".join(line.text.split()) != P.CONTENTS_LINE and not P.DATE_RE.match(line.text)
            and not any(p.match(line.text) for p in (P.NEWS_SOURCE_RE, P.NEWS_TIME_RE, P.BYLINE_RE))
            and not P.ends_sentence(line.text) and not P.ADDRESSEE_RE.match(line.text))


def _take_front_matter(part: DocumentPart) -> None:
    lines = part.lines
    # GB/T 9704: the 版头 ("××文件") and the 文号 under it come before the title (a copy without
    # the 版头 still prints the 文号 first)
    head = 0
    while head < len(lines) and (P.MASTHEAD_RE.match(lines[head].text) and lines[head].shape == "text"
                                 or lines[head].shape == "docno"
                                 and (head or head + 1 < len(lines) and _is_title_line(lines[head + 1]))):
        head += 1
    part.masthead, lines = lines[:head], lines[head:]
    i = 0
    # a short line above a date under the title is the issuer signing it (西江省人民政府 ↵ 2021年12月20日)
    while (i < len(lines) and i < 4 and _is_title_line(lines[i])
           and not (i and i + 1 < len(lines) and lines[i + 1].shape == "date") and not _cover_issuer(lines, i)):
        i += 1
    if i < len(lines) and _cover_issuer(lines, i) and not (i + 1 < len(lines) and lines[i + 1].shape == "date"):
        lines[i].shape = "issuer"  # an undated cover's issuer: its 落款 (a dated one is found as the 落款)
    # A lone short line directly followed by prose is a title only if something marks
    # the text as having a head (more title lines, status, 文号, addressee or a heading).
    part.title_lines = lines[:i]
    title = title_text(part.title_lines)
    # status, 文号, a law's history; a scraped page may print the title again below them
    while i < len(lines) and (lines[i].shape in ("status", "docno", "history", "issuer")
                              or (title and lines[i].text == title and lines[i].shape == "text")):
        part.front.append(lines[i])
        i += 1
    part.lines = lines[i:]


def _cover_issuer(lines: list[Line], i: int) -> bool:
    return i > 0 and lines[i].shape == "text" and _issuer_under(lines[i - 1].text, lines[i].text)


def _issuer_under(title: str, text: str) -> bool:
    """A 规划's cover: under a title that ends in its kind (…发展规划), a line naming an organ and
    nothing else (赤松省市场监督管理局) is the issuer, not more of the title."""
    return (len(text) <= P.SIGNATURE_MAX and bool(P.ORGAN_NAME_RE.match(text))
            and len(title) <= P.TITLE_MAX and bool(P.TITLE_KIND_END_RE.search(title)))


def title_text(lines: list[Line]) -> str:
    """The title the title lines print, once: a scraped page may repeat it ("X" "X", or "XX")."""
    texts: list[str] = []
    for line in lines:
        if line.text not in texts:
            texts.append(line.text)
    text = "".join(texts)
    half = len(text) // 2
    if len(text) % 2 == 0 and half and text[:half] == text[half:]:
        return text[:half]
    return text


def _notice_end(lines: list[Line]) -> int | None:
    """Index just past a transmittal notice (印发通知) at the head of the text, if any.

    A notice ends with its date line; it is a notice (and not the document's own 落款)
    only when a further document follows it and the text before it says it transmits one
    (印发, 转发, 现将《…》). A 公告 or 通告 is its own body: what follows its date is its 附件;
    so is a 通知 that only addresses someone ("现将有关事项通知如下").
    """
    for i, line in enumerate(lines):
        if line.shape != "date":
            continue
        end = i + 1
        while end < len(lines) and lines[end].shape == "pubnote":
            end += 1
        remaining = [ln for ln in lines[end:] if ln.shape not in ("pubnote",)]
        head = "".join(ln.text for ln in lines[:i])
        title = next((ln.text for ln in lines[:i] if ln.shape == "text"), "")
        transmits = P.TRANSMITTAL_RE.search(head) or P.ORDER_TITLE_RE.search(title)  # or promulgates (主席令)
        if len(remaining) >= 2 and transmits and not P.ANNOUNCEMENT_TITLE_RE.search(title):
            return end
        return None
    return None


def split_parts(lines: list[Line]) -> list[DocumentPart]:
    parts: list[DocumentPart] = []
    end = _notice_end(lines)
    if end is not None:
        parts.append(DocumentPart("notice-", lines[:end]))
        lines = lines[end:]
    main = DocumentPart("", [])
    parts.append(main)
    current = main
    seen_body = signed = False
    annexes = 0
    prefixes: set[str] = set()
    copies: dict[int, int] = {}  # attachment number -> its last copy number tried
    for line in lines:
        # GB/T 9704: "附件：1.…" before the signature only lists attachments; an attachment
        # itself opens with a bare "附件1" line, or follows the signature (落款) date.
        if line.shape == "annex" and seen_body and (not line.rest or signed):
            annexes += 1
            number = line.number or annexes
            prefix, copy = f"annex-{number}-", copies.get(number, 1)
            while prefix in prefixes:  # a repeated 附件1 label: its clauses still need their own anchors
                copy += 1
                prefix = f"annex-{number}-dup{copy}-"
            prefixes.add(prefix)
            copies[number] = copy  # the copies before it are taken: the next repeat starts here
            current = DocumentPart(prefix, [], label=line)
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


def _signature_line(text: str) -> bool:
    """A line that can name the issuing organ in a 落款: short, no sentence punctuation."""
    return len(text) <= P.SIGNATURE_MAX and not any(ch in text for ch in "，。；：,;:")


class ClauseBuilder:
    """Walks the lines of one part, keeping the open outline levels, and emits Clauses.

    Levels: first the 编/章/节 the part uses (b2, c1 or b2-c1, c1-s2). In a regulation-style
    part, 第N条 below them, numbered through the text (a10), and an article's items nest as
    the article nests them (a10-3, a10-3-2, a10-3-2-1). In a plan, the GB/T 9704 levels
    一、 （一） 1. （1）: under a 编/章/节 they nest as it nests them (c2-1-3); outside any
    they keep their fixed levels, a missing one numbered 0 (s1-3, s0-2).
    """

    def __init__(self, doc_name: str, part: DocumentPart, root: Clause | None, out: list[Clause],
                 anchors: set[str], warnings: list[BuildWarning], inline_marks: set[str]):
        self.name, self.part, self.root, self.out = doc_name, part, root, out
        self.first = len(out)  # out[self.first:] are this part's clauses
        self.anchors, self.warnings, self.inline_marks = anchors, warnings, inline_marks
        self.prefix = part.prefix
        self.base_level = root.level if root else 0
        styles = self.styles = {ln.style for ln in part.lines if ln.shape == "outline"}
        self.articles = sum(ln.style == "article" for ln in part.lines) >= P.ARTICLE_STYLE_MIN
        # a regulation without 第N章 may divide itself by 一、总则 … instead
        self.cn_chapters = self.articles and "chapter" not in styles and "cn" in styles
        structure = [s for s in P.STRUCTURE_STYLES if s in styles or (s == "chapter" and self.cn_chapters)]
        self.structure_levels = {style: i + 1 for i, style in enumerate(structure)}
        self.article_level = len(structure) + 1
        self.open: dict[int, Clause] = {}  # outline level -> open heading
        self.open_numbers: dict[int, int] = {}  # outline level -> its number, for anchors
        self.frames: dict[int, Clause] = {}  # the open 编/章/节 and 条 among them
        self.item_order: list[str] = []  # item styles of the innermost frame, in the order it uses them
        self.box: Clause | None = None
        self.box_items = 0
        self.counters: Counter = Counter()  # (parent anchor, kind letter) -> count
        self.last_child: dict[tuple[str | None, int], int] = {}
        self.last_at_level: dict[int, int] = {}
        self.starts: list[tuple[Clause, str, int]] = []  # headings numbered from past 1: style, number
        self.empties: list[Clause] = []  # headings whose body is missing
        self.provisions: set[str] = set()  # an article's items (项, 目): their words are all they say
        self.sentences: set[str] = set()  # items whose line is a whole sentence ("8.做好专家库建设。")
        self.run_in: set[str] = set()  # headings whose body runs on in their own line
        self.copies: dict[str, int] = {}  # anchor -> the last -dupN given to a copy of it
        self.listing = False  # in the list of attachments after 附件：1.…
        self.closing_tail: int | None = None  # lines[closing_tail:] are contact lines, 附件 list and 落款
        # items restart inside each 款: an article's later 款 that opens a list holds its own
        # items (a20-p2-1), the article's first list keeping the article's anchors (a20-1)
        self.listed: set[str] = set()  # clauses (articles, 款, items) whose items have begun
        self.list_head: Clause | None = None  # the 款 whose items follow
        self.first_warning = len(warnings)  # warnings[self.first_warning:] are this part's

    # -- helpers
    def warn(self, line: int, code: str, message: str, hint: str = "") -> None:
        self.warnings.append(BuildWarning(self.name, line, code, message, hint))

    def unique(self, anchor: str, line: int) -> str:
        if anchor not in self.anchors:
            self.anchors.add(anchor)
            return anchor
        n = self.copies.get(anchor, 1) + 1  # the copies before it are taken
        while f"{anchor}-dup{n}" in self.anchors:
            n += 1
        self.copies[anchor] = n
        self.warn(line, "duplicate-anchor", f"锚点“{anchor}”已被占用，此条款改用“{anchor}-dup{n}”",
                  "检查编号：两个条款用了同一个编号")
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
            style=line.style if number and line.shape == "outline" else "",
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
        """Where an unnumbered paragraph belongs: the open box, else the deepest open heading;
        in a regulation, the open article (a paragraph after its items is its next 款)."""
        if self.box:
            return self.box
        if self.articles and self.article_level in self.frames:
            return self.frames[self.article_level]
        return self.open[max(self.open)] if self.open else self.root

    def close_from(self, level: int) -> None:
        for lv in [lv for lv in self.open if lv >= level]:
            del self.open[lv]
            self.open_numbers.pop(lv, None)
            self.frames.pop(lv, None)

    # -- front matter
    def front_matter(self) -> None:
        part = self.part
        level = self.base_level + 1 if self.root else 0
        title = title_text(part.title_lines)
        for k, line in enumerate(part.masthead, 1):
            kind = DOCNO if line.shape == "docno" else MASTHEAD
            self.emit(f"{self.prefix}{kind}" + (f"-{k}" if kind == MASTHEAD and k > 1 else ""), kind, self.root,
                      line, title=line.text, text=line.text, level=level)
        if part.title_lines:
            first, last = part.title_lines[0], part.title_lines[-1]
            span = Line("", first.start, last.end)
            text = "".join(ln.text for ln in part.title_lines)
            self.emit(f"{self.prefix}title", TITLE, self.root, span, title=_clean_title(title), text=text,
                      level=level)
        histories = repeats = 0
        for line in part.front:
            if line.shape == "status":
                status = P.STATUS_RE.match(line.text).group("s")
                self.emit(f"{self.prefix}status", STATUS, self.root, line, title=status, text=line.text, level=level)
            elif line.shape == "docno":
                self.emit(f"{self.prefix}docno", DOCNO, self.root, line, title=line.text, text=line.text, level=level)
            elif line.shape == "issuer":
                self.emit(self.sub_anchor(self.root, "p"), SIGNATURE, self.root, line, title=P.SIGNATURE, text=line.text)
            elif line.shape == "history":
                histories += 1
                self.emit(f"{self.prefix}history-{histories}", HISTORY, self.root, line, text=line.text, level=level)
            else:  # the title printed again
                repeats += 1
                self.emit(f"{self.prefix}title-dup{repeats + 1}", TITLE, self.root, line, title=_clean_title(title),
                          text=line.text, level=level)

    # -- body
    def run(self) -> None:
        self.front_matter()
        lines = self.part.lines
        for i in range(len(lines)):
            line = lines[i]
            if self.ends_body(line) or self.contact_at_end(lines, i):
                # the closing formula and the list of attachments (附件：1.… 2.…) end the whole
                # body: clauses of its own level, never the last item's paragraphs
                self.close_box()
                self.close_from(0)
                self.emit(self.sub_anchor(self.root, "p"), PARAGRAPH, self.root, line, text=line.text)
            elif line.shape == "outline":
                self.heading(line)
            elif line.shape == "box":
                self.open_box(line)
            elif line.shape == "dash":
                self.dash_item(line)
            elif line.shape == "footnote" and line.printed in self.inline_marks:
                self.footnote(line)
            elif line.shape == "table":
                self.table(line)
            elif self.is_closing(lines, i):
                self.close_box()
                self.close_from(0)
                # the 落款 and the 版记 are no body text (never 第N段): their lines are the signature
                # block's; its anchors keep the paragraphs' count, which published anchors
                # (notice-p3, notice-p4) already use
                self.emit(self.sub_anchor(self.root, "p"), SIGNATURE, self.root, line,
                          title=P.signature_title(line.shape, line.text), text=line.text)
            else:
                self.paragraph(line)
        self.check_empty_headings()
        self.warn_start()

    def warn_start(self) -> None:
        """A text that starts mid-way leaves each level it uses starting past 1 (（三） then 四、):
        one cause, one warning, at the first of them, naming them all."""
        if not self.starts:
            return
        first, *others = sorted(self.starts, key=lambda start: start[0].line)
        line = first[0].line
        also = "、".join(clause.number.strip() for clause, _, _ in others)
        warning = BuildWarning(self.name, line, "numbering-start", f"这一级编号从 {first[0].number.strip()} 开始"
                               + (f"，{also} 一级也不从头编号" if also else ""),
                               f"文本可能从中途开始（此前的{_missing_numbers(self.starts)}不在本文中），检查此前的内容是否缺失")
        # in reading order among the part's other warnings
        at = next((k for k in range(self.first_warning, len(self.warnings))
                   if (self.warnings[k].line or 0) > line), len(self.warnings))
        self.warnings.insert(at, warning)

    def check_empty_headings(self) -> None:
        """A heading without body where its peers at that level have one: text was probably lost.
        (Short list items such as "（一）产品；" have no bodies as a rule and are not flagged.)"""
        mine = self.out[self.first:]  # a heading's children are in its own part
        parents = {c.parent for c in mine}
        by_level: dict[int, list[Clause]] = {}
        for clause in mine:
            if clause.kind == HEADING and clause.anchor not in self.provisions:
                by_level.setdefault(clause.level, []).append(clause)
        for peers in by_level.values():
            # a whole sentence on its line says all it says ("8.做好标准化专家库建设。"), unless
            # its peers print their titles so and their bodies below them: then its body is lost
            filled = [c for c in peers if c.anchor in parents]
            titles_alone = sum(c.anchor not in self.run_in for c in filled) * 2 > len(filled)
            empty = [c for c in peers if c.anchor not in parents and (titles_alone or c.anchor not in self.sentences)]
            if len(empty) * 2 < len(peers):
                for clause in empty:
                    self.empties.append(clause)
                    self.warn(clause.line, "empty-heading",
                              f"{clause.number.strip()}{clause.title} 下没有正文",
                              "原文此处的正文可能缺失，请对照原件补全")

    def ends_body(self, line: Line) -> bool:
        """特此公告。, the 附件：1.… line listing the attachments, and the list's further entries (2.…)."""
        if line.shape == "annex" and line.rest:
            self.listing = True
            return True
        self.listing = (self.listing and line.shape in ("outline", "text")
                        and bool(P.ANNEX_LIST_ENTRY_RE.match(line.text)))
        return self.listing or line.shape == "text" and bool(P.CLOSING_RE.match(line.text))

    def contact_at_end(self, lines: list[Line], i: int) -> bool:
        """A contact line after the last item (联系人：…，电话：…), followed by nothing but more of
        them, the list of attachments and the 落款: it is the whole text's."""
        if lines[i].shape != "text" or not P.CONTACT_RE.match(lines[i].text):
            return False
        if self.closing_tail is None:  # where the run of such lines ends the part: found once
            tail = len(lines)
            while tail and (lines[tail - 1].shape in ("date", "pubnote", "annex")
                            or P.CONTACT_RE.match(lines[tail - 1].text)
                            or P.ANNEX_LIST_ENTRY_RE.match(lines[tail - 1].text) or self.is_closing(lines, tail - 1)):
                tail -= 1
            self.closing_tail = tail
        return i >= self.closing_tail

    def is_closing(self, lines: list[Line], i: int) -> bool:
        """Signature block (落款): issuer, date, （此件公开发布） — they belong to the whole text."""
        line = lines[i]
        if line.shape in ("date", "pubnote"):
            return True
        # the organ lines above the date: one a line in a joint 落款, each but the last named as an organ
        j = i
        while j + 1 < len(lines) and lines[j + 1].shape != "date" and _signature_line(lines[j + 1].text) \
                and re.search(P.ORGAN_END + "$", lines[j].text):
            j += 1
        return j + 1 < len(lines) and lines[j + 1].shape == "date" and _signature_line(line.text)

    def role(self, style: str) -> str:
        if style in P.STRUCTURE_STYLES or (style == "cn" and self.cn_chapters):
            return "structure"
        return "article" if style == "article" else "item"

    def place(self, line: Line) -> tuple[int, Clause | None, str, list[str]]:
        """(level, parent, anchor, the levels missing between parent and it) of a heading line."""
        style, n, role = line.style, line.number, self.role(line.style)
        if role == "structure":
            style = "chapter" if style == "cn" else style
            level = self.structure_levels[style]
            base, pieces, missing = self.prefix, [], []
            for upper, upper_level in self.structure_levels.items():
                if upper_level >= level:
                    break
                if upper_level in self.frames:
                    base, pieces = self.frames[upper_level].anchor + "-", []
                else:
                    pieces.append(f"{P.STRUCTURE_LETTERS[upper]}0")
                    missing.append(upper)
            if style == "section" and "chapter" not in self.structure_levels:
                pieces.append("c0")  # 节 without 章: the anchor still says where a chapter would be
            anchor = base + "-".join(pieces + [f"{P.STRUCTURE_LETTERS[style]}{n}"])
            return level, self.frame_below(level), anchor, missing
        if role == "article":
            inserted = f"z{line.sub}" if line.sub else ""
            return self.article_level, self.frame_below(self.article_level), f"{self.prefix}a{n}{inserted}", []
        frame = self.frame_below(None)
        if frame is None:  # GB/T 9704's fixed levels, numbered from the text
            level = P.GB_STYLES.index(style) + 1
            numbers = [str(self.open_numbers.get(lv, 0)) for lv in range(1, level)] + [str(n)]
            # a level is missing where the text uses it elsewhere, under a heading it nests in: a
            # text that never prints （一） numbers 一、 → 1. (its own scheme), and an excerpt's
            # run of （三） （四） before any 一、 is missing its start, told once (numbering-start)
            above = any(lv < level for lv in self.open)
            missing = [str(lv) for lv in range(1, level)
                       if lv not in self.open and P.GB_STYLES[lv - 1] in self.styles] if above else []
            parent_level = max((lv for lv in self.open if lv < level), default=None)
            parent = self.open[parent_level] if parent_level is not None else self.root
            return level, parent, f"{self.prefix}s{'-'.join(numbers)}", missing
        # as the article (or chapter) nests its items: the first style it uses is its first level
        if style not in self.item_order:
            self.item_order.append(style)
        depth = self.item_order.index(style) + 1
        base = max(self.frames)
        numbers = [str(self.open_numbers[base + d]) if base + d in self.open and base + d not in self.frames else "0"
                   for d in range(1, depth)]
        missing = [str(d) for d, number in enumerate(numbers, 1) if number == "0"]
        parent_level = max((lv for lv in self.open if lv < base + depth), default=base)
        parent = self.open[parent_level]
        head = frame
        if self.list_head is not None and self.list_head.anchor not in self.listed and depth == 1 and n != 1:
            # the article's list goes on after a 款: only a list from （一） is the 款's own
            self.list_head = None
        if self.list_head is not None and self.list_head.parent == frame.anchor:
            head = self.list_head
            parent = head if parent_level == base else parent
        return base + depth, parent, "-".join([head.anchor, *numbers, str(n)]), missing

    def frame_below(self, level: int | None) -> Clause | None:
        """The innermost open 编/章/节 or 条 above level (above anything if level is None)."""
        levels = [lv for lv in self.frames if level is None or lv < level]
        return self.frames[max(levels)] if levels else None

    def heading(self, line: Line) -> None:
        if self.box and line.style in ("arabic", "paren-arabic"):
            self.box_item(line)
            return
        self.close_box()
        level, parent, anchor, missing = self.place(line)
        parent = parent or self.root
        n = line.number
        # 第三条之一 sits between 第三条 and 第四条: the numbering goes on from 第三条
        start = self.check_numbering(line, parent, level, n) if not line.sub else False
        self.close_from(level)
        if missing:
            self.warn(line.start, "level-skipped",
                      f"{line.printed.strip()} 直接位于上一级标题之下，中间缺少一级编号（锚点中记为 0）",
                      "检查原文的层级编号")
        if line.style == "article":  # an article is a provision: its words are its body, save a bracketed title
            title_match = P.ARTICLE_TITLE_RE.match(line.rest.strip())
            head_text = title_match.group() if title_match else ""  # as printed: （目的和依据）
            title = head_text[1:-1].strip()  # its words, for the TOC and citations: 目的和依据
            body = line.rest.strip()[len(head_text):].strip()
        elif self.role(line.style) == "structure":
            title, head_text, body = _clean_title(line.rest.strip()), line.rest.strip(), ""
        elif self.articles and self.role(line.style) == "item":
            # an article's item is a provision too: its words are its text, however long (a
            # title only where they are short enough to be one, as split_heading decides)
            title, head_text, body = split_heading(line.rest)[0], line.rest.strip(), ""
        else:
            title, head_text, body = split_heading(line.rest)
        clause = self.emit(anchor, HEADING, parent, line, number=line.printed, title=title, text=head_text,
                           level=self.base_level + level)
        self.open[level] = clause
        self.open_numbers[level] = n
        if self.role(line.style) != "item":
            self.frames[level] = clause
            self.item_order = []
            self.list_head = None
        elif self.articles:
            self.provisions.add(clause.anchor)
            self.listed.add(parent.anchor if parent else "")
        elif not body and _whole_sentence(line.rest):
            self.sentences.add(clause.anchor)
        if body:
            self.run_in.add(clause.anchor)
        if start:
            self.starts.append((clause, line.style, n))
        if body:
            self.emit(self.sub_anchor(clause, "p"), PARAGRAPH, clause, line, text=body)

    def check_numbering(self, line: Line, parent: Clause | None, level: int, n: int) -> bool:
        """Warns of a gap, repeat or reversal in the numbering; True if the numbering starts past 1."""
        key = (parent.anchor if parent else None, level)
        prev = self.last_child.get(key)
        previous_anywhere = self.last_at_level.get(level)
        printed = line.printed.strip()
        start = False
        if prev is None:
            if n != 1 and n != (previous_anywhere or 0) + 1:
                if previous_anywhere is None:
                    start = True  # one warning for all the levels that start past 1: warn_start
                else:
                    self.warn(line.start, "numbering-gap",
                              f"{printed} 接在同级编号 {previous_anywhere} 之后（应为 1 或 {previous_anywhere + 1}）",
                              "检查是否缺少条款或编号有误")
        elif n == prev:
            self.warn(line.start, "numbering-duplicate", f"{printed} 与上一条款编号相同", "为其中一条重新编号")
        elif n < prev:
            self.warn(line.start, "numbering-order", f"{printed} 排在编号 {prev} 之后", "检查条款顺序")
        elif n > prev + 1:
            self.warn(line.start, "numbering-gap", f"{printed} 接在编号 {prev} 之后，缺少 "
                      f"{'、'.join(str(k) for k in range(prev + 1, min(n, prev + 4)))}",
                      "检查是否缺少条款")
        self.last_child[key] = n
        self.last_at_level[level] = n
        return start

    def open_box(self, line: Line) -> None:
        self.close_box()
        # a box belongs to the 编/章/节 it is printed in, else to the 一、 part
        parent = self.frame_below(None) or self.open.get(1, self.root)
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
        clause = self.emit(self.sub_anchor(parent, "p"), PARAGRAPH, parent, line, title=title, text=line.text)
        if parent is not None and parent is not self.box and parent.anchor in self.listed:  # a later 款 of an article with items
            self.list_head = clause if P.LIST_INTRO_RE.search(line.text) else None


def _whole_sentence(text: str) -> bool:
    """A line that ends a sentence (。；), not one that opens a list (下列工作：)."""
    return P.ends_sentence(text) and not text.rstrip(P.CLOSERS + " \u3000").endswith(("：", ":"))


def _clean_title(text: str) -> str:
    """Display form of a title: 《广东省质量强省建设纲要》 -> 广东省质量强省建设纲要; 计 量 -> 计量;
    总 则 -> 总则; 表1  指标 -> 表1 指标; 中华人民共和国产品质量法（2018年修正） -> 中华人民共和国产品质量法."""
    text = text.strip()
    if text.startswith("《") and text.endswith("》") and text.count("《") == 1:
        text = text[1:-1]
    # letter-spaced titles (计 量 发 展 规 划, 总 则) lose their spaces; a space between words stays
    spaces = len(_LETTER_SPACE_RE.findall(text))
    if spaces >= 3 or (spaces and all(len(word) == 1 for word in re.split(r"[ \u3000]+", text))):
        text = _LETTER_SPACE_RE.sub("", text)
    text = re.sub(r"[ \u3000]{2,}", " ", text)  # 表1  “十四五”…: a wider gap says no more than one space
    return P.TITLE_VERSION_RE.sub("", text) or text


_LETTER_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


@dataclass
class Completeness:
    """What the numbering says is missing from a text (model.EXCERPT / INCOMPLETE)."""

    label: str = ""
    missing: str = ""


def _printed(style: str, n: int) -> str:
    return P.NUMBERING_STYLES[style].print_number(n)


def _missing_numbers(starts: list[tuple[Clause, str, int]]) -> str:
    """The numbers a text that starts mid-way lacks, outer levels first: 一、二、三、（一）（二）."""
    missing = []
    for clause, style, n in sorted(starts, key=lambda start: start[0].level):
        if n - 1 > 3:
            missing.append(f"{_printed(style, 1)}至{_printed(style, n - 1)}")
        else:
            missing.extend(_printed(style, k) for k in range(1, n))
    # 第一章至第四章、第一条、第二条: a number that does not close itself (一、 （一）) is followed by 、
    return "".join(m if k == len(missing) - 1 or m.endswith(("、", "）", ")")) else m + "、"
                   for k, m in enumerate(missing))


def completeness(builder: ClauseBuilder) -> Completeness:
    """节选 when the text starts mid-way (its first numbers are past 1), naming the numbers
    before them; 不完整 when a heading's body is missing."""
    notes = []
    if builder.starts:
        first = min(builder.starts, key=lambda start: start[0].line)[0]
        notes.append(f"正文从“{first.number.strip()}{first.title}”开始，此前的{_missing_numbers(builder.starts)}不在本文中")
    if builder.empties:
        shown = "、".join(f"“{c.number.strip()}{c.title}”" for c in builder.empties[:3])
        notes.append(f"{shown}{'等' if len(builder.empties) > 3 else ''}下没有正文")
    label = EXCERPT if builder.starts else INCOMPLETE if builder.empties else ""
    return Completeness(label, "；".join(notes))


def build_clauses(source: SourceText, parts: list[DocumentPart]) -> tuple[list[Clause], list[BuildWarning], Completeness]:
    clauses: list[Clause] = []
    anchors: set[str] = set()
    warnings: list[BuildWarning] = []
    inline = "".join(ln.text for part in parts for ln in part.lines if ln.shape != "footnote")
    marks = {mark for mark in P.CIRCLED if mark in inline}  # footnote marks the text refers to
    whole = Completeness()
    for part in parts:
        root, first = None, len(clauses)  # clauses[first:] will be this part's
        if part.prefix == "notice-":
            # a law comes with the order promulgating it (主席令), a 公文 with its transmittal notice
            name = "公布令" if P.ORDER_TITLE_RE.search(title_text(part.title_lines)) else "印发通知"
            root = Clause("notice", PART, 1, "", name, "", None, part.lines[0].start if part.lines else 1,
                          part.lines[-1].end if part.lines else 1, part="notice")
        elif part.label is not None:
            root = Clause(part.prefix.rstrip("-"), PART, 1, part.label.printed, _clean_title(part.label.rest),
                          part.label.rest, None, part.label.start, part.label.end, part=part.prefix.rstrip("-"))
        if root:
            if "-dup" in root.anchor:
                warnings.append(BuildWarning(
                    source.name, root.line, "duplicate-annex",
                    f"附件标签“{part.label.text}”与前面的重复；其中条款的锚点以 {part.prefix} 开头",
                    "在原文中把附件依次编为 附件1、附件2 …"))
            anchors.add(root.anchor)
            clauses.append(root)
        builder = ClauseBuilder(source.name, part, root, clauses, anchors, warnings, marks)
        builder.run()
        if part.prefix == "":
            whole = completeness(builder)
        if root and clauses:
            root.end_line = max(c.end_line for c in clauses[first:])
    return clauses, warnings, whole


def parse(source: SourceText, meta: DocumentMeta) -> Document:
    lines = join_lines(source)
    parts = split_parts(lines)
    clauses, warnings, whole = build_clauses(source, parts)
    main = next(p for p in parts if p.prefix == "")
    notice = next((p for p in parts if p.prefix == "notice-"), None)
    title_source = main.title_lines or (notice.title_lines if notice else [])
    title = _clean_title(title_text(title_source))
    status = next((P.STATUS_RE.match(ln.text).group("s") for p in parts for ln in p.front if ln.shape == "status"),
                  "")
    history = [event for ln in main.front if ln.shape == "history" for event in read_history(ln.text)]
    return Document(meta=meta, source=source, title=title, status=status, clauses=clauses,
                    warnings=list(source.warnings) + warnings, history=history, completeness=whole.label,
                    missing=whole.missing)
