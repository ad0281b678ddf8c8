"""Ingest: bytes on disk -> SourceText (decoded, trimmed lines, flattened tables found, chrome
and page-break copies removed).

Lines stay physical here (one SourceLine per non-blank source line); joining broken
lines is the parser's job because it needs to know which lines open headings. Tables are
found first, so that neither chrome rules nor page-break copies take one of their cells.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from .config import ChromeRule
from .model import BuildError, BuildWarning, RemovedLine, SourceLine, SourceText
from . import patterns as P
from .parse import continues, wrap_width
from .tables import find_tables

# Indentation and padding seen in the wild: ASCII space/tab, ideographic space (U+3000),
# no-break space, zero-width space/joiners and stray byte-order marks.
_PAD = " \t\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff\x0b\x0c"

# A page-break copy is a repeated line long enough that a real repetition is implausible.
_MIN_DUPLICATE_CHARS = 6
PAGE_BREAK = "\x0c"  # a form feed: where a PDF's text says a page ended
# Why a repeated line was taken for a page-break copy (RemovedLine.reason), as the report says it.
PAGE_BREAK_COPY = {
    "duplicate:form-feed": "两行之间有换页符，是换页时重印的一行",
    "duplicate:full-line": "硬换行文本中的两行整行（句子未完），是换页时重印的一行",
}
# Why a line was removed, as the report says it (chrome rules say their own name).
REMOVAL_REASONS = {**PAGE_BREAK_COPY, "contents": "目录：正文前列出的标题，不是条款（各标题在正文中有自己的锚点）"}

# A file with NUL bytes and no byte-order mark may be UTF-32 or UTF-16 text (Windows'
# "Unicode" without a BOM): which one, and which byte order, shows in where the zero bytes
# sit. A guess is believed when this share of what it decodes to is Chinese, ASCII or their
# punctuation; otherwise the file is binary data.
_TEXT_SHARE_MIN = 0.9
_NOT_PLAIN = re.compile("[^\t\n\r -~\u00a0-\u00ff\u2010-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff"
                        "\uf900-\ufaff\uff00-\uffef]")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding name). Raise BuildError naming the byte offset if undecodable."""
    if not data.strip():
        raise BuildError(name, None, "file is empty", "add the document's text or remove the file")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                          (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise BuildError(name, None, f"invalid {encoding} at byte offset {exc.start}",
                                 "re-save the file as UTF-8")
    if b"\x00" in data:
        encoding = _wide_encoding(data)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            before = data[:exc.start].decode(encoding)
            if before and _looks_like_text(before):
                raise BuildError(name, before.count("\n") + 1,
                                 f"{encoding.upper()} text without a byte-order mark, damaged at byte offset "
                                 f"{exc.start} (bytes {data[exc.start:exc.start + 4].hex(' ')})",
                                 "the file is damaged there: fix or re-export it, as UTF-8")
        else:
            if _looks_like_text(text):
                return text, encoding
        offset = data.index(b"\x00")
        raise BuildError(name, None, f"binary data (NUL byte at offset {offset}), not a text file",
                         "convert the document to plain text (UTF-8) first")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Mostly valid UTF-8 means a damaged UTF-8 file, not GBK: decoding it as GB18030 would
    # silently turn it into mojibake. (A GBK file is not "mostly valid": only a few GBK byte
    # pairs, such as 一 = d2 bb, happen to be UTF-8 too.)
    if _mostly_utf8(data):
        offset = utf8_error.start
        raise BuildError(name, _line_of(data, offset), f"invalid UTF-8 at byte offset {offset} "
                         f"(bytes {data[offset:offset + 4].hex(' ')})",
                         "the file is damaged there: fix or re-export it as UTF-8")
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        if _looks_like_text(data.decode("gb18030", errors="replace")):  # a GB18030 file, damaged
            raise BuildError(name, _line_of(data, exc.start), f"invalid GB18030 at byte offset {exc.start} "
                             f"(bytes {data[exc.start:exc.start + 4].hex(' ')})",
                             "the file is damaged there: fix or re-export it, as UTF-8")
        raise BuildError(name, _line_of(data, exc.start),
                         f"neither UTF-8 nor GB18030: invalid byte at offset {exc.start}",
                         "re-save the file as UTF-8")


def _wide_encoding(data: bytes) -> str:
    """The UTF-32 or UTF-16 byte order that a file's zero bytes point to: a Chinese or ASCII
    character has a zero byte where its high bytes go (both high bytes, in UTF-32)."""
    zeros = [data[start::4].count(0) for start in range(4)]  # by position in a 4-byte unit
    units = len(data) // 4
    if len(data) % 4 == 0 and zeros[3] >= 0.9 * units and zeros[2] >= 0.5 * units:
        return "utf-32-le"
    if len(data) % 4 == 0 and zeros[0] >= 0.9 * units and zeros[1] >= 0.5 * units:
        return "utf-32-be"
    return "utf-16-le" if zeros[1] + zeros[3] >= zeros[0] + zeros[2] else "utf-16-be"


def _looks_like_text(text: str) -> bool:
    other = sum(1 for _ in _NOT_PLAIN.finditer(text))
    return other <= (1 - _TEXT_SHARE_MIN) * len(text)


def _line_of(data: bytes, offset: int) -> int:
    """1-based line of a byte offset in an ASCII-compatible encoding (so an editor can go there)."""
    return data.count(b"\n", 0, offset) + 1


def _mostly_utf8(data: bytes) -> bool:
    lenient = data.decode("utf-8", errors="replace")
    invalid = lenient.count("\ufffd")
    valid = sum(1 for ch in lenient if ord(ch) >= 0x80) - invalid
    return valid > invalid


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\x0b\x0c")
    return controls > max(8, len(text) // 100)


def remove_chrome(lines: list[SourceLine], rules: list[ChromeRule], keep: set[int] = frozenset()
                  ) -> tuple[list[SourceLine], list[RemovedLine]]:
    """Drop the lines chrome rules match; lines numbered in keep (table cells) only if a page
    footer has begun."""
    kept: list[SourceLine] = []
    removed: list[RemovedLine] = []
    footer: str | None = None
    for line in lines:
        if footer:
            removed.append(RemovedLine(line.lineno, line.text, f"chrome:{footer}"))
            continue
        rule = None if line.lineno in keep else next((r for r in rules if r.pattern.fullmatch(line.text)), None)
        if rule is None:
            kept.append(line)
            continue
        removed.append(RemovedLine(line.lineno, line.text, f"chrome:{rule.name}"))
        if rule.rest:
            footer = rule.name
    return kept, removed


def _contents_entry(text: str) -> str | None:
    """A 目录 entry's heading without its dot leaders and page number ("第一章　总则……1" ->
    "第一章总则"), or None if the line is no heading alone (prose, a sentence)."""
    heading = P.CONTENTS_PAGE_RE.sub("", text)
    outline = P.match_outline(heading)
    if (outline is None or not outline[3].strip() or len(heading) > P.TITLE_ONLY_MAX
            or any(ch in heading for ch in P.HEADING_PUNCTUATION)):
        return None
    return "".join(heading.split())


def remove_contents(lines: list[SourceLine]) -> tuple[list[SourceLine], list[RemovedLine]]:
    """Drop a table of contents: a 目录 line, then numbered heading lines with no bodies, whose
    first entry the text prints again as its heading. It ends at that repeat (the text starting)
    or, where something comes between (a preface), at the first blank line after an entry, else
    at the first line that is no entry. Blank lines inside it do not matter. Its entries are no
    structure: the headings they list are in the text."""
    last: dict[str, int] | None = None  # each entry-shaped line's last place, once a 目录 line is seen
    for i, line in enumerate(lines):
        if "".join(line.text.split()) != P.CONTENTS_LINE:
            continue
        if last is None:
            last = {key: k for k, ln in enumerate(lines) if (key := _contents_entry(ln.text)) is not None}
        entries: list[str] = []
        end = i + 1
        while end < len(lines) and (entry := _contents_entry(lines[end].text)) is not None:
            if entries and entry == entries[0]:
                break
            entries.append(entry)
            end += 1
        if not entries:
            continue
        if end == len(lines) or _contents_entry(lines[end].text) != entries[0]:
            # no repeat: the contents end at the first blank line after an entry
            end = next((j for j in range(i + 2, end) if lines[j].lineno > lines[j - 1].lineno + 1), end)
        # a 目录 lists the text's own headings: its first entry is printed again after it (a
        # numbered list under a line saying 目录, in an attachment, is no table of contents)
        if last.get(entries[0], -1) < end:
            continue
        removed = [RemovedLine(ln.lineno, ln.text, "contents") for ln in lines[i:end]]
        return lines[:i] + lines[end:], removed
    return lines, []


def remove_page_break_copies(lines: list[SourceLine], name: str, keep: set[int] = frozenset(),
                             page_breaks: set[int] = frozenset()
                             ) -> tuple[list[SourceLine], list[RemovedLine], list[BuildWarning]]:
    """Drop a line that repeats the previous one across a page break (a PDF artefact).

    A repeat is a copy only where the text shows a page break between the two: a form feed
    (page_breaks: line numbers holding one), or, in hard-wrapped text, two full-width lines:
    a full line runs on mid-sentence, so the same line twice is one line printed again at the
    top of the next page. Anything else repeated is content: the same cell in consecutive
    rows of a table ("/", a yearly target), a short line said twice. Table cells (keep) are
    never copies.
    """
    kept: list[SourceLine] = []
    removed: list[RemovedLine] = []
    warnings: list[BuildWarning] = []
    width = wrap_width([line for line in lines if line.lineno not in keep])
    for line in lines:
        previous = kept[-1] if kept else None
        if (previous is not None and line.text == previous.text and len(line.text) >= _MIN_DUPLICATE_CHARS
                and line.lineno not in keep):
            breaks = any(previous.lineno <= n <= line.lineno for n in page_breaks)
            if breaks or continues(line.text, width):
                reason = "duplicate:form-feed" if breaks else "duplicate:full-line"
                removed.append(RemovedLine(line.lineno, line.text, reason))
                warnings.append(BuildWarning(
                    name, line.lineno, "duplicate-line",
                    f"第{line.lineno}行重复第{previous.lineno}行，{PAGE_BREAK_COPY[reason]}：已删去",
                    "如原文确实重复，请在源文件中删去重复的一行"))
                continue
        kept.append(line)
    return kept, removed, warnings


def ingest_text(text: str, name: str, encoding: str, sha256: str, chrome: list[ChromeRule]) -> SourceText:
    if _looks_binary(text):
        raise BuildError(name, None, "binary data, not a text file", "convert the document to plain text first")
    physical = re.split(r"\r\n|\r|\n|\u2028|\u2029|\x85", text)
    lines = [SourceLine(i, s) for i, raw in enumerate(physical, 1) if (s := raw.strip(_PAD))]
    if not lines:
        raise BuildError(name, None, "file contains only whitespace", "add the document's text or remove the file")
    page_breaks = {i for i, raw in enumerate(physical, 1) if PAGE_BREAK in raw}
    lines, contents_removed = remove_contents(lines)
    tables, table_warnings = find_tables(lines, name)
    cells = {n for t in tables for n in range(t.start, t.end + 1)}
    lines, chrome_removed = remove_chrome(lines, chrome, cells)
    kept = {line.lineno for line in lines}
    tables = [t for t in tables if t.start in kept and t.end in kept]  # unless a page footer took them
    lines, dup_removed, warnings = remove_page_break_copies(lines, name, cells, page_breaks)
    warnings = sorted(warnings + [w for w in table_warnings if any(t.start <= w.line <= t.end for t in tables)
                                  or w.code == "table-header" and w.line in kept],
                      key=lambda w: w.line)
    removed = sorted(contents_removed + chrome_removed + dup_removed, key=lambda r: r.lineno)
    if not lines:
        raise BuildError(name, None, "nothing left after removing web-page chrome",
                         "check site_config/chrome.yml: a rule matches the whole text")
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.insert(0, BuildWarning(name, None, "encoding", f"decoded as {encoding}",
                                        "convert the file to UTF-8 to silence this"))
    return SourceText(name=name, encoding=encoding, sha256=sha256, lines=lines, removed=removed, warnings=warnings,
                      tables=tables)


def ingest_file(path: Path, chrome: list[ChromeRule]) -> SourceText:
    data = path.read_bytes()
    text, encoding = decode(data, path.name)
    return ingest_text(text, path.name, encoding, hashlib.sha256(data).hexdigest(), chrome)
