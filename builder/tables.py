"""Flattened tables: a table copied from a web page or a Word file arrives one cell per line.

A table is known by its header: a run of at least MIN_HEADER lines each naming a column
(patterns.TABLE_COLUMNS: 序号, 重点任务, 牵头单位, 2025年 …). A header that starts with 序号 runs
on over short lines of any words (注销原因, 证书编号) up to the row "1", where every row then has
as many cells as it has; where rows do not confirm it, its lines stay as they are, reported.
The lines after it are its cells,
read into rows in one of two ways:
- by the index column (序号 first): a row runs from the line "k" to the line "k+1";
- without one: a row is as many lines as there are columns, each cell of the kind its column
  holds (a year column values, 属性 预期性/约束性, 标准编号 a standard code); a row that does
  not fit takes a merged cell of a leading 类别 column from the row above. Without a column
  whose cells can be checked, rows cannot be told apart: the lines stay as they are.
A line between rows that the next row follows ("一、质量基础") is a label row spanning the table.
A row whose lines do not match the columns keeps them as printed, in order, with a warning.
Where the source separates cells evenly (one per line, or a blank line between cells), a wider
gap is an empty cell.

Tables are found at ingest, before chrome and page-break copies are removed: a cell is content
whatever it repeats ("/", the same yearly target in consecutive cells) or resembles (a date
under 实施日期).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns as P
from .model import BuildWarning, SourceLine, Table, TableRow

MIN_HEADER = 3  # header cells in a row: fewer could be ordinary short lines
HEADER_CELL_MAX = 12  # characters of a header cell of unknown words (注销原因, 证书编号)
MAX_HEADER = 20  # more, and the lines are a list of words, not a table's header
CONTENT_ROLES = ("task", "indicator", "name", "code", "year", "target")  # a table says something here
KEY_ROLES = ("task", "indicator", "name")  # the column that names a row, in order of preference
MERGEABLE_ROLES = ("category",)  # a leading column whose cell may span several rows
CHECKED_ROLES = ("index", "year", "target", "attribute", "code", "replaced", "date", "unit")
LABEL_MAX = 30  # characters of a label row
UNIT_MAX = 12  # characters of a unit cell (万吨标准煤/万元)
MAX_GAP = 3  # source lines from one cell to the next in a table read by its shape (blank lines between)
LABEL = -1  # read_table's mark of a label row
_ENDS_TABLE_STYLES = ("chapter", "section", "article", "cn", "paren-cn")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"[0-9０-９]")
# A cell that is only a value: 95, ≥95%, 1400项, 90%以上, 2-3个.
_PURE_VALUE = re.compile(r"^[≥≤>＞<＜约近]?\s*[0-9０-９][0-9０-９.．,，\s~～\-－—]*\s*"
                         r"(?:%|％|‰|[\u4e00-\u9fff]{1,4})?\s*(?:以上|以下|以内|左右)?$")
_VALUE_MAX = 24  # characters: a longer cell in a value column is prose


@dataclass(frozen=True)
class Column:
    role: str  # a role of patterns.TABLE_COLUMNS, "year", or "other"
    year: int | None = None
    base: bool = False  # a year column of base values (基期), not of targets


def column(cell: str) -> Column | None:
    """What a header cell says its column holds; None if it names no column."""
    text = "".join(cell.split())
    if m := P.TABLE_YEAR_RE.fullmatch(text):
        marks = "".join(m.group(g) or "" for g in ("base", "mark", "note"))
        return Column("year", int(m.group("year")), any(mark in marks for mark in P.TABLE_BASE_MARKS))
    return next((Column(role) for role, pattern in P.TABLE_COLUMNS if pattern.fullmatch(text)), None)


def columns(header: tuple[str, ...]) -> list[Column]:
    """The columns of a table's header (a cell naming none is "other")."""
    return [column(cell) or Column("other") for cell in header]


def key_column(cols: list[Column]) -> int | None:
    """The column that names a row (its task, indicator or standard name), if any."""
    for role in KEY_ROLES:
        found = next((i for i, c in enumerate(cols) if c.role == role), None)
        if found is not None:
            return found
    return None


def cell_spans(cells: tuple[str, ...], text: str) -> list[tuple[int, int] | None]:
    """Where each cell of a row stands in the row's text (its lines joined by spaces); None for
    an empty cell and for a merged cell taken from the row above (not in this row's text)."""
    spans: list[tuple[int, int] | None] = [None] * len(cells)
    end = len(text)
    for i in reversed(range(len(cells))):
        cell = cells[i]
        if not cell:
            continue
        start = end - len(cell)
        if start < 0 or text[start:end] != cell or (start and text[start - 1] != " "):
            break  # the merged cells above: the row's own cells are the last ones
        spans[i] = (start, end)
        end = start - 1
    return spans


def _pure_value(text: str) -> bool:
    return bool(_PURE_VALUE.match(text))


def _fits(col: Column, text: str | None) -> bool:
    """Whether a cell can stand in a column (None: an empty cell)."""
    if text is None or text in P.TABLE_BLANK_CELLS:
        return col.role not in KEY_ROLES + ("index", "code")
    role = col.role
    if role == "index":
        return bool(P.TABLE_INDEX_RE.match(text))
    if role in ("year", "target"):
        return text not in P.TABLE_ATTRIBUTES and len(text) <= _VALUE_MAX and (
            bool(_DIGIT.search(text)) or len(text) <= 8)
    if role == "attribute":
        return text in P.TABLE_ATTRIBUTES
    if role in ("code", "replaced"):
        return bool(P.STANDARD_CODE.match(text))
    if role == "date":
        return bool(_DIGIT.search(text)) and len(text) <= 20
    if role == "unit":  # 吨CO2/万元 and μg/m3 hold digits, yet no unit is a number
        return len(text) <= UNIT_MAX and not _pure_value(text)
    if role in ("lead", "support"):  # unit names carry no digits; a date or a value is another column's
        return bool(_HAN.search(text)) and not _DIGIT.search(text)
    if role in KEY_ROLES + ("category",):
        return bool(_HAN.search(text) or re.search("[A-Za-z]", text)) and not _pure_value(text) \
            and text not in P.TABLE_ATTRIBUTES
    return True


def header_lengths(lines: list[SourceLine]) -> list[int]:
    """For each line, how many lines from it on name a column (0 if it names none); one pass
    from the end, so a text of many header cells costs no more than any other."""
    lengths = [0] * (len(lines) + 1)
    for k in range(len(lines) - 1, -1, -1):
        lengths[k] = lengths[k + 1] + 1 if column(lines[k].text) is not None else 0
    return lengths


def _is_caption(text: str) -> bool:
    return (len(text) <= P.TABLE_CAPTION_MAX and bool(P.TABLE_CAPTION_RE.match(text))
            and not P.ends_sentence(text) and P.match_outline(text) is None)


class _Reader:
    """Reads one table's rows from the lines after its header."""

    def __init__(self, lines: list[SourceLine], headers: list[int], start: int, cols: list[Column],
                 gap: int | None):
        self.lines, self.headers, self.cols, self.n = lines, headers, cols, len(cols)
        # the cells from start on, as indexes into lines; None for an empty cell shown by a gap.
        # They stop at the next header (no table runs into another): a text of many headers is
        # read in one pass, not once per header.
        self.stream: list[int | None] = []
        previous = lines[start - 1].lineno
        for k in range(start, len(lines)):
            if headers[k] >= MIN_HEADER:
                break
            step = lines[k].lineno - previous
            if gap and step % gap == 0:
                self.stream.extend([None] * (step // gap - 1))
            self.stream.append(k)
            previous = lines[k].lineno

    def text(self, pos: int) -> str | None:
        slot = self.stream[pos] if pos < len(self.stream) else None
        return None if slot is None else self.lines[slot].text

    def ends_table(self, pos: int) -> bool:
        """A line no cell can be: a heading of the text, an attachment, another table."""
        text = self.text(pos)
        if text is None:
            return False
        outline = P.match_outline(text)
        if outline and outline[0] in _ENDS_TABLE_STYLES:
            return True
        if P.ANNEX_RE.match(text) and not P.ends_sentence(text):
            return True
        slot = self.stream[pos]
        return (self.headers[slot] >= MIN_HEADER
                or _is_caption(text) and self.headers[slot + 1] >= MIN_HEADER)

    def is_label(self, pos: int) -> bool:
        """A short line that may label the group of rows after it (一、质量基础)."""
        text = self.text(pos)
        return (text is not None and len(text) <= LABEL_MAX and bool(_HAN.search(text))
                and not P.ends_sentence(text) and not P.TABLE_INDEX_RE.match(text))

    def next_filled(self, pos: int) -> int:
        while pos < len(self.stream) and self.stream[pos] is None:
            pos += 1
        return pos

    def is_index(self, pos: int, number: int) -> bool:
        text = self.text(pos)
        return (text is not None and bool(P.TABLE_INDEX_RE.match(text))
                and P.cn_to_int(text.rstrip(".．、")) == number)

    # ---------------------------------------------------------------- by the index column
    def by_index(self) -> tuple[list[tuple[list[int | None], int]], int]:
        """Rows as (slots, how many leading slots belong to the row above, or LABEL), and where
        they end."""
        rows: list[tuple[list[int | None], int]] = []
        pos, number = 0, 1
        while (pos := self.next_filled(pos)) < len(self.stream):
            if self.is_index(pos, number):
                end = self.row_end(pos, number + 1)
                rows.append((self.stream[pos:end], 0))
                pos, number = end, number + 1
            elif self.is_label(pos) and self.is_index(self.next_filled(pos + 1), number):
                rows.append(([self.stream[pos]], LABEL))
                pos += 1
            else:
                break
        return rows, pos

    def starts(self, pos: int, number: int) -> bool:
        """Row `number`, or a label row before it, starts at pos."""
        return self.is_index(pos, number) or (self.is_label(pos)
                                               and self.is_index(self.next_filled(pos + 1), number))

    def row_end(self, start: int, following: int) -> int:
        regular = start + self.n
        if self.starts(self.next_filled(regular), following):
            return regular  # empty slots up to the next row are blank lines between rows
        for pos in range(start + 1, min(len(self.stream), start + 2 * self.n + 1)):
            if self.starts(pos, following):
                return pos
        end = start + 1  # the last row: up to n cells, short of a line that cannot be one;
        while end < min(len(self.stream), regular) and not self.ends_table(end):
            end += 1
        if end == regular and not self.fits(self.cols, start):  # its cells do not fit: a cell runs on
            while end < min(len(self.stream), start + 2 * self.n) and not self.ends_table(end):
                end += 1
        return end

    # ---------------------------------------------------------------- by the number of columns
    def fits(self, cols: list[Column], pos: int) -> bool:
        """The len(cols) slots from pos can be a row of these columns."""
        return pos + len(cols) <= len(self.stream) and all(
            _fits(c, self.text(pos + k)) and not self.ends_table(pos + k) for k, c in enumerate(cols))

    def by_count(self) -> tuple[list[tuple[list[int | None], int]], int]:
        rows: list[tuple[list[int | None], int]] = []
        pos, n, cols = 0, self.n, self.cols
        merged = cols[0].role in MERGEABLE_ROLES and n > 1
        while (pos := self.next_filled(pos)) < len(self.stream):
            if self.fits(cols, pos):
                rows.append((self.stream[pos:pos + n], 0))
                pos += n
            elif merged and rows and len(rows[-1][0]) == n and self.fits(cols[1:], pos):
                rows.append(([rows[-1][0][0], *self.stream[pos:pos + n - 1]], 1))  # the merged cell above
                pos += n - 1
            elif self.is_label(pos) and self.fits(cols, self.next_filled(pos + 1)):
                rows.append(([self.stream[pos]], LABEL))
                pos += 1
            else:
                break
        return rows, pos


def _gap(lines: list[SourceLine], start: int, end: int) -> int | None:
    """The line-number step between header cells, if it is even (1: one per line, 2: a blank
    line between cells); None if the source spaces them unevenly."""
    steps = {lines[k + 1].lineno - lines[k].lineno for k in range(start, end - 1)}
    return steps.pop() if len(steps) == 1 else None


def _spanning(header: list[SourceLine]) -> list[SourceLine]:
    """The header without a cell spanning the year columns below it (目标值 over 2024年 2025年)."""
    kept = []
    for k, line in enumerate(header):
        following = header[k + 1:k + 3]
        if (column(line.text).role == "target" and len(following) == 2
                and all(column(f.text).role == "year" for f in following)):
            continue
        kept.append(line)
    return kept


def _trimmed(slots: list[int | None], n: int) -> list[int | None]:
    while len(slots) > n and slots[-1] is None:  # blank lines after the row
        slots = slots[:-1]
    return slots


def _row(reader: _Reader, slots: list[int | None], carried: int, n: int) -> TableRow:
    lines = [reader.lines[s] for s in slots[max(carried, 0):] if s is not None]
    slots = _trimmed(slots, n)
    if len(slots) in (1, n):
        cells = tuple("" if s is None else reader.lines[s].text for s in slots)
    else:  # the lines do not match the columns: as printed, in order
        cells = tuple(line.text for line in lines)
    return TableRow(cells=cells, start=lines[0].lineno, end=lines[-1].lineno,
                    text=" ".join(line.text for line in lines), label=carried == LABEL)


def _header_cell(text: str) -> bool:
    """A line that can name a column whatever its words: short, no sentence, no number."""
    return (len(text) <= HEADER_CELL_MAX and bool(_HAN.search(text)) and not P.ends_sentence(text)
            and not _DIGIT.search(text) and P.match_outline(text) is None)


def _indexed_header(lines: list[SourceLine], headers: list[int], i: int) -> int:
    """How many lines from lines[i] (a 序号 cell) are header cells, known or not: the short lines
    up to the row "1"; headers[i] if other lines follow the known ones."""
    j = i + 1
    while j < len(lines) and j - i <= MAX_HEADER and (headers[j] or _header_cell(lines[j].text)):
        j += 1
    if j < len(lines) and P.TABLE_INDEX_RE.match(lines[j].text) and P.cn_to_int(
            lines[j].text.rstrip(".．、")) == 1:
        return j - i
    return headers[i]


def _confirmed(found: list[tuple[list[int | None], int]], n: int) -> bool:
    """Every row read has as many cells as the header (blank slots after it aside)."""
    cells = [slots for slots, carried in found if carried != LABEL]
    return bool(cells) and all(len(_trimmed(slots, n)) == n for slots in cells)


def read_table(lines: list[SourceLine], headers: list[int], i: int, floor: int = 0,
               warnings: list[BuildWarning] | None = None, name: str = "") -> tuple[Table, int] | None:
    """The table whose header starts at lines[i], and the index just past it; None if there is
    none (headers: header_lengths(lines)). A caption is looked for above the header, not before
    lines[floor]. A 序号 header with cells of unknown words that its rows do not confirm adds a
    warning (its lines stay as they are)."""
    length = headers[i]
    indexed = _indexed_header(lines, headers, i) if length and column(lines[i].text).role == "index" else length
    if indexed > length:
        return _read_indexed(lines, headers, i, length, indexed, floor, warnings, name)
    return _read_known(lines, headers, i, length, floor)


def _read_known(lines: list[SourceLine], headers: list[int], i: int, length: int,
                floor: int) -> tuple[Table, int] | None:
    """The table whose header is the `length` known column names from lines[i]."""
    if not MIN_HEADER <= length <= MAX_HEADER:
        return None
    header = _spanning(lines[i:i + length])
    cols = [column(line.text) for line in header]
    texts = tuple(line.text for line in header)
    if len(set(texts)) < len(texts) or not any(c.role in CONTENT_ROLES for c in cols):
        return None
    reader = _Reader(lines, headers, i + length, cols, _gap(lines, i, i + length))
    return _table(lines, reader, i, length, floor, texts)


def _read_indexed(lines: list[SourceLine], headers: list[int], i: int, known: int, length: int, floor: int,
                  warnings: list[BuildWarning] | None, name: str) -> tuple[Table, int] | None:
    """A 序号 header whose cells run on past the known ones (注销原因): a table if each of its
    rows has as many cells. Where most rows do not, one line left over is a label row before row
    1 (the known cells are the header); where most do but not all, a cell is missing somewhere:
    no table, the lines as printed, and a warning."""
    header = lines[i:i + length]
    cols = columns(tuple(line.text for line in header))
    texts = tuple(line.text for line in header)
    reader = _Reader(lines, headers, i + length, cols, _gap(lines, i, i + length))
    found, _ = reader.by_index()
    cells = [len(_trimmed(slots, length)) for slots, carried in found if carried != LABEL]
    if len(set(texts)) == len(texts) and cells and all(n == length for n in cells):
        return _table(lines, reader, i, length, floor, texts)
    if 2 * cells.count(length) <= len(cells) and length - known == 1:
        return _read_known(lines, headers, i, known, floor)  # a label row before row 1 (质量基础)
    if warnings is not None and length >= MIN_HEADER:
        warnings.append(BuildWarning(
            name, lines[i].lineno, "table-header",
            f"表头“{'、'.join(texts)}”有未识别的列名，各行的单元格数与表头列数不一致：按原文顺序保留，未按表格读取",
            "核对原文：表头或某行可能缺了单元格；或在 builder/patterns.py 的 TABLE_COLUMNS 中加入这些列名"))
    return None


def _table(lines: list[SourceLine], reader: _Reader, i: int, length: int, floor: int,
           texts: tuple[str, ...]) -> tuple[Table, int] | None:
    """The rows read after a header of `length` lines from lines[i] (its cells `texts`): by the
    index column, or by the number of columns where one can be checked."""
    cols = reader.cols
    if cols[0].role == "index":
        found, _ = reader.by_index()
    elif any(c.role in CHECKED_ROLES for c in cols):
        found, _ = reader.by_count()
    else:
        return None  # rows cannot be told apart: the lines stay as they are
    if not any(len(slots) > 1 for slots, _ in found):
        return None
    rows = tuple(_row(reader, slots, carried, len(cols)) for slots, carried in found)
    caption = lines[i - 1] if i > floor and _is_caption(lines[i - 1].text) else None
    head = ([caption] if caption else []) + lines[i:i + length]
    end = max(slot for slots, _ in found for slot in slots if slot is not None)
    table = Table(caption=caption.text if caption else "", header=texts, rows=rows, start=head[0].lineno,
                  end=rows[-1].end, head_text=" ".join(line.text for line in head))
    return table, end + 1


class _Shapes:
    """What reading a table by its header's shape asks of each line, worked out once for the
    whole text (each list is made on first use), so that looking at every run of short lines
    costs no more than the text's length."""

    def __init__(self, lines: list[SourceLine], headers: list[int]):
        self.lines, self.headers = lines, headers
        self._header_like: list[bool] | None = None
        self._named: list[int] | None = None
        self._stops: dict[int, list[int]] = {}
        self._digits: dict[int, list[int]] = {}

    @property
    def header_like(self) -> list[bool]:
        """Each line can be a header cell whatever its words: short, no sentence, no number."""
        if self._header_like is None:
            self._header_like = [_header_cell(ln.text) and not P.ANNEX_RE.match(ln.text) for ln in self.lines]
        return self._header_like

    def named(self, start: int, end: int) -> bool:
        """A line in lines[start:end] names a known column (序号, 标准名称)."""
        if self._named is None:
            self._named = [0]
            for length in self.headers[:len(self.lines)]:
                self._named.append(self._named[-1] + (length > 0))
        return self._named[end] > self._named[start]

    def stop(self, k: int, gap: int) -> int:
        """The end of the run of lines from lines[k] that can be cells, each `gap` source lines
        after the one before it."""
        if gap not in self._stops:
            lines, stops = self.lines, [len(self.lines)] * (len(self.lines) + 1)
            for j in range(len(lines) - 1, -1, -1):
                cell = j and lines[j].lineno - lines[j - 1].lineno == gap and not self.ends(j)
                stops[j] = stops[j + 1] if cell else j
            self._stops[gap] = stops
        return self._stops[gap][k] if k < len(self.lines) else k

    def ends(self, k: int) -> bool:
        """lines[k] can be no cell of a table read by its shape: a heading, an attachment, a
        sentence, another table's header or caption."""
        lines, headers, text = self.lines, self.headers, self.lines[k].text
        outline = P.match_outline(text)
        return bool(outline and outline[0] in _ENDS_TABLE_STYLES or P.ANNEX_RE.match(text)
                    or P.ends_sentence(text) or len(text) > P.TITLE_MAX or headers[k] >= MIN_HEADER
                    or _is_caption(text) and k + 1 < len(lines) and headers[k + 1] >= MIN_HEADER)

    def numbered_rows(self, k: int, n: int) -> int:
        """How many rows of n cells from lines[k] on hold a digit in the column lines[k] is in."""
        if n not in self._digits:
            lines, counts = self.lines, [0] * (len(self.lines) + n)
            for j in range(len(lines) - 1, -1, -1):
                counts[j] = counts[j + n] + 1 if _DIGIT.search(lines[j].text) else 0
            self._digits[n] = counts
        return self._digits[n][k]


def _read_generic(shapes: _Shapes, i: int, floor: int) -> tuple[Table, int] | None:
    """A table whose header cells are words no column role knows (承检机构名称, 承检省份, 批次数):
    MIN_HEADER or more short header-like lines, then cells spaced as evenly as they are, up to a
    line that can be no cell or a wider gap. It is a table when the cells fill whole rows, at
    least two, none names a known column (that run is a known header's), and some column holds
    a number in every row (the header holds none): the rows are told from the header and from
    each other. The first cells of a row may look like header cells too, so each length of the
    run of such lines is tried, the shortest first. Only a run's first line (or the line after
    its caption) opens one: each run is looked at once."""
    like = shapes.header_like
    opens = i == floor or not like[i - 1]
    after_caption = (i > floor and _is_caption(shapes.lines[i - 1].text)
                     and (i - 1 == floor or not like[i - 2]))
    if not like[i] or not (opens or after_caption):
        return None
    run = i
    while run < len(like) and run - i < MAX_HEADER and like[run]:
        run += 1
    for n in range(MIN_HEADER, run - i + 1):
        if found := _generic_table(shapes, i, n, floor):
            return found
    return None


def _generic_table(shapes: _Shapes, i: int, n: int, floor: int) -> tuple[Table, int] | None:
    """The table of _read_generic whose header is the n lines from lines[i], if its cells fit."""
    lines, end = shapes.lines, i + n
    texts = tuple(line.text for line in lines[i:end])
    gap = _gap(lines, i, end)
    if gap is None or gap > MAX_GAP or len(set(texts)) < n or end >= len(lines):
        return None
    stop = shapes.stop(end, gap)
    count = stop - end
    if count < 2 * n or count % n or shapes.named(end, stop):
        return None
    if not any(shapes.numbered_rows(end + c, n) >= count // n for c in range(n)):
        return None
    grid = [lines[r:r + n] for r in range(end, stop, n)]
    rows = tuple(TableRow(cells=tuple(line.text for line in row), start=row[0].lineno, end=row[-1].lineno,
                          text=" ".join(line.text for line in row)) for row in grid)
    caption = lines[i - 1] if i > floor and _is_caption(lines[i - 1].text) else None
    head = ([caption] if caption else []) + lines[i:end]
    table = Table(caption=caption.text if caption else "", header=texts, rows=rows, start=head[0].lineno,
                  end=rows[-1].end, head_text=" ".join(line.text for line in head))
    return table, stop


def find_tables(lines: list[SourceLine], name: str) -> tuple[list[Table], list[BuildWarning]]:
    """Every flattened table in the lines, and a warning for each row kept as printed and each
    header its rows do not confirm."""
    tables: list[Table] = []
    warnings: list[BuildWarning] = []
    headers = header_lengths(lines)
    shapes = _Shapes(lines, headers)
    i = floor = 0
    while i < len(lines):
        found = read_table(lines, headers, i, floor, warnings, name) or _read_generic(shapes, i, floor)
        if found is None:
            i += 1
            continue
        table, i = found
        floor = i
        tables.append(table)
        label = table.caption or "、".join(table.header)
        for k, row in enumerate(table.rows, 1):
            if not row.label and len(row.cells) != len(table.header):
                warnings.append(BuildWarning(
                    name, row.start, "table-row",
                    f"表格“{label}”第{k}行有{len(row.cells)}个单元格，表头有{len(table.header)}列："
                    f"按原文顺序保留，未按列读取",
                    "核对原文：单元格可能被拆成几行，或空单元格没有留下空行"))
    return tables, warnings
