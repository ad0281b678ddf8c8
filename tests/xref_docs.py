"""Hand-built documents for the cross-link tests (no parser needed)."""
from __future__ import annotations

from builder.model import Clause, Document, DocumentMeta, SourceText
from builder.patterns import NUMBERING


def clause(anchor: str, kind: str, text: str, *, number: str = "", title: str = "",
           parent: str | None = None, part: str = "", line: int = 1) -> Clause:
    # the numbering style the parser would give the number
    style = next((s.name for s in NUMBERING if number and s.pattern.match(number)), "")
    return Clause(anchor=anchor, kind=kind, level=anchor.count("-") + 1, number=number,
                  title=title, text=text, parent=parent, line=line, end_line=line, part=part, style=style)


def document(slug: str, clauses: list[Clause], *, title: str = "", aliases: list[str] = (),
             short_title: str = "", relations: dict[str, list[str]] | None = None) -> Document:
    meta = DocumentMeta(slug=slug, source=f"{slug}.txt", title=title or slug,
                        short_title=short_title, aliases=list(aliases),
                        relations=relations or {})
    source = SourceText(name=f"{slug}.txt", encoding="utf-8", sha256="", lines=[])
    return Document(meta=meta, source=source, title=meta.title, status="", clauses=clauses)
