"""Sections: the unit that topics, responsibilities and related clauses work on.

The parser splits a run-in heading "（十）提高…水平。严格落实…" into the heading (s4-10, its
title) and the body paragraph (s4-10-p1); "——" items and plain paragraphs under a heading
belong to the same task. A table is a section of its own, with its rows. Tagging or comparing the heading alone (a title, no content) or the
body alone (no title) would cut one task in two, so these extractors see a section: a heading
or box together with the clauses under it that are not headings themselves. A paragraph
outside any heading (a preamble, a transmittal notice, a news report) is a section of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from builder.model import BOX, HEADING, HISTORY, MASTHEAD, PART, SIGNATURE, STATUS, TABLE, TITLE, Clause, Document

# Never part of a section: they name or frame the document, they do not say anything in it.
_OUTSIDE = {TITLE, STATUS, HISTORY, MASTHEAD, PART, SIGNATURE}


@dataclass(frozen=True)
class Section:
    doc: str
    anchor: str  # anchor of the section's first clause (the heading, box or paragraph)
    title: str  # heading title, "" for a plain paragraph
    text: str  # the full text of every clause in the section, one per line
    anchors: tuple[str, ...]  # clauses folded into this section, reading order


def section_anchors(doc: Document) -> dict[str, str]:
    """Map each clause anchor to the anchor of its section (clauses outside sections omitted)."""
    owner: dict[str, str] = {}
    for clause in doc.clauses:
        if clause.kind in _OUTSIDE:
            continue
        if clause.kind in (HEADING, BOX, TABLE) or clause.parent not in owner:
            owner[clause.anchor] = clause.anchor
        else:
            owner[clause.anchor] = owner[clause.parent]
    return owner


def sections(doc: Document) -> list[Section]:
    owner = section_anchors(doc)
    members: dict[str, list[Clause]] = {}
    for clause in doc.clauses:
        if clause.anchor in owner:
            members.setdefault(owner[clause.anchor], []).append(clause)
    return [
        Section(
            doc=doc.slug,
            anchor=anchor,
            title=clauses[0].title,
            text="\n".join(c.full_text for c in clauses),
            anchors=tuple(c.anchor for c in clauses),
        )
        for anchor, clauses in members.items()
    ]
