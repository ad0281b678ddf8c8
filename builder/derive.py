"""Metadata read from a document's own text, for seeds with no documents.yml entry.

A 公文 carries its metadata in fixed places: the title on top, the 文号 (国发〔2013〕10号)
under it, a status line such as （征求意见稿）, and a signature block (落款) of issuer and
date at the end of the notice or the text. The parser has already found these clauses;
this module reads them. documents.yml always wins over anything read here.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from pypinyin import Style, lazy_pinyin

from . import patterns as P
from .model import DOCNO, PARAGRAPH, BuildWarning, Document, DocumentMeta
from .site_names import site_path

UNSORTED = "未分类"  # jurisdiction of a document nobody has placed yet
# Issuers whose documents are national: 国务院, 中共中央, 国家市场监督管理总局, 全国人大 …
NATIONAL_ISSUERS = ("国务院", "中共中央", "国家", "全国")
# Document kinds by the word a title ends with (指导意见 -> 意见), longest first.
KINDS = ("行动计划", "实施方案", "纲要", "规划", "意见", "方案", "计划", "办法", "通知", "决定", "条例",
         "规定", "细则", "报告")
_TRAILING_BRACKETS_RE = re.compile(r"[（(][^（()）]*[）)]$")
_SIGNATURE_MAX = 40  # an issuer line in a 落款 is short and has no sentence punctuation


@dataclass(frozen=True)
class TextMeta:
    """What the text itself says about the document."""

    title: str
    issuer: str
    date: str  # ISO yyyy-mm-dd, or ""
    doc_number: str
    status: str


def iso_date(text: str) -> str:
    """2013年3月2日 / 二○一一年八月三十一日 -> 2013-03-02 / 2011-08-31; "" if text is no date line."""
    m = P.DATE_LINE_RE.match(text.strip())
    if not m:
        return ""
    if m.group("y"):
        year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        year, month, day = P.cn_digits_to_int(m.group("cy")), P.cn_to_int(m.group("cm")), P.cn_to_int(m.group("cd"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def read_text_meta(doc: Document) -> TextMeta:
    """Title, issuer, date, 文号 and status as printed in the text.

    The first signature block wins: in a transmittal notice (印发通知) it is the issue date
    of the whole document, otherwise it is the document's own 落款.
    """
    title = doc.title or next((c.title for c in doc.clauses if c.anchor == "notice-title"), "")
    doc_number = ""
    for clause in doc.clauses:
        if clause.kind == DOCNO and (m := P.DOC_NUMBER_RE.search(clause.text)):
            doc_number = m.group()
            break
    issuer, date = "", ""
    previous = None
    for clause in doc.clauses:
        if clause.kind == PARAGRAPH and (date := iso_date(clause.text)):
            if (previous is not None and previous.kind == PARAGRAPH and previous.parent == clause.parent
                    and len(previous.text) <= _SIGNATURE_MAX and not P.ends_sentence(previous.text)
                    and not any(ch in previous.text for ch in "，。；：,;:")):
                issuer = previous.text
            break
        previous = clause
    return TextMeta(title=title or doc.source.name.rsplit(".", 1)[0], issuer=issuer, date=date,
                    doc_number=doc_number, status=doc.status)


def _pinyin(text: str, style: Style) -> str:
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(text, style=style)).lower())


def slug_from_text(text: TextMeta, sha256: str) -> str:
    """guofa-2013-10 from 国发〔2013〕10号; else issuer initials and date (gwy-2018-12-21);
    else title initials; a content hash when the text offers nothing ASCII-able."""
    if m := P.DOC_NUMBER_RE.search(text.doc_number):
        return f"{_pinyin(m.group('org'), Style.NORMAL)}-{m.group('year')}-{int(m.group('n'))}"
    if text.issuer and text.date:
        return f"{_pinyin(text.issuer, Style.FIRST_LETTER)[:16]}-{text.date}"
    initials = _pinyin(text.title, Style.FIRST_LETTER)[:16]
    if initials:
        return "-".join(filter(None, [initials, text.date]))
    return f"doc-{sha256[:8]}"


def unique_slug(slug: str, taken: set[str]) -> str:
    """slug, or slug-2, slug-3 …: the first that no other document has and the site does not use."""
    candidate, n = slug, 2
    while candidate in taken or site_path(candidate):
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def guess_jurisdiction(issuer: str, jurisdictions: list[str]) -> str:
    if issuer.startswith(NATIONAL_ISSUERS):
        return "国家"
    for name in jurisdictions:
        stem = re.sub(r"(省|市|自治区)$", "", name)
        if stem and issuer.startswith(stem):
            return name
    return UNSORTED


def guess_kind(title: str) -> str:
    bare = _TRAILING_BRACKETS_RE.sub("", title)
    return next((kind for kind in KINDS if bare.endswith(kind)), "")


def fullest_date(configured: DocumentMeta, printed: str) -> str:
    """documents.yml's date, or the text's when that is the same date told in full (2023 ->
    2023-03-14): readers see the date as printed. A version keeps its own date, which is its
    pinned page's address."""
    if configured.versions or not configured.date:
        return configured.date or printed
    return printed if printed.startswith(configured.date + "-") else configured.date


def resolve_meta(doc: Document, configured: DocumentMeta | None, jurisdictions: list[str],
                 taken: set[str]) -> tuple[DocumentMeta, list[BuildWarning]]:
    """The document's metadata: documents.yml where it says something, the text elsewhere.

    Without an entry, everything comes from the text and a warning asks for an entry; another
    says so when the slug the text gives is one the site uses for its own pages.
    """
    text = read_text_meta(doc)
    if configured is not None:
        return replace(configured, issuer=configured.issuer or text.issuer, date=fullest_date(configured, text.date),
                       doc_number=configured.doc_number or text.doc_number,
                       status=configured.status or text.status), []
    wanted = slug_from_text(text, doc.source.sha256)
    slug = unique_slug(wanted, taken)
    meta = DocumentMeta(slug=slug, source=doc.source.name, title=text.title, issuer=text.issuer, date=text.date,
                        doc_number=text.doc_number, status=text.status,
                        jurisdiction=guess_jurisdiction(text.issuer, jurisdictions), kind=guess_kind(text.title),
                        derived=True)
    fields = {"slug": slug, "source": meta.source, "title": meta.title, "jurisdiction": meta.jurisdiction,
              "issuer": meta.issuer, "date": meta.date, "doc_number": meta.doc_number, "status": meta.status}
    # JSON strings are valid YAML: the suggestion can be pasted whatever the title contains
    entry = "{" + ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()
                            if value) + "}"
    warnings = [BuildWarning(doc.source.name, None, "no-metadata",
                             f"no entry in documents.yml; built as /{slug}/ with metadata read from the text",
                             f"check it and add to site_config/documents.yml: - {entry}")]
    if taken := site_path(wanted):
        warnings.append(BuildWarning(doc.source.name, None, "reserved-slug",
                                     f"the slug its text gives, '{wanted}', is the site's own {taken}: built as "
                                     f"/{slug}/ instead", "give it an entry with a slug of its own in documents.yml"))
    return meta, warnings

