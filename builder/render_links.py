"""Render the cross-links: links inside clause text, per-section panels on document pages, and
the links the index pages (builder/pages) make to clauses, with their labels.

Like render.py, Python only prepares view data (labels, hrefs); the templates own the
Markdown, and every text from a source or from config goes through the `md` filter there.
Hrefs are built from slugs and anchors only (validated ASCII), relative to the page that
carries them, so `mkdocs build --strict` checks every one of them.
"""
from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field

from .extract.sections import section_anchors
from .model import Clause, Document, Facts, Reference, RelatedClause, TopicTag
from .site_names import AGENCIES_DIR, COMPARE_DIR, TOPICS_DIR

_LABEL_LENGTH = 24  # characters of an untitled paragraph shown as its label


@dataclass
class TextRun:
    """A run of source text; a link when href is set."""

    text: str
    href: str = ""


@dataclass
class Link:
    label: str
    href: str
    note: str = ""


@dataclass
class ClauseLinks:
    """What a document page shows around one clause, besides the clause itself."""

    label_parts: list[TextRun]
    text_parts: list[TextRun]
    topics: list[Link] = field(default_factory=list)  # chips, on the first clause of a section
    related: list[Link] = field(default_factory=list)  # panel, after the last clause of a section
    lead: list[Link] = field(default_factory=list)
    support: list[Link] = field(default_factory=list)


def doc_page(slug: str) -> str:
    return f"{slug}/index.md"


def topic_page(slug: str) -> str:
    return f"{TOPICS_DIR}/{slug}.md"


def agency_page(slug: str) -> str:
    return f"{AGENCIES_DIR}/{slug}.md"


def compare_page(left: str, right: str) -> str:
    return f"{COMPARE_DIR}/{left}--{right}.md"


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative link from one generated page to another (or to an anchor on the same page)."""
    fragment = f"#{anchor}" if anchor else ""
    if from_page == to_page:
        return fragment or "#"
    return _relative(to_page, posixpath.dirname(from_page)) + fragment


def _relative(to_page: str, from_dir: str) -> str:
    """posixpath.relpath for our relative page paths, without its abspath() calls (a build
    makes a link like this for every cross-reference)."""
    to_parts, from_parts = to_page.split("/"), from_dir.split("/") if from_dir else []
    common = 0
    while common < min(len(to_parts) - 1, len(from_parts)) and to_parts[common] == from_parts[common]:
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:])


def doc_name(doc: Document) -> str:
    return doc.meta.short_title or doc.meta.title


def compare_title(left: Document, right: Document) -> str:
    """A side-by-side page's title, in the nav and in its <title>."""
    return f"{doc_name(left)} ↔ {doc_name(right)}"


def clause_label(clause: Clause) -> str:
    """（五）建设现代化计量保障体系; an untitled paragraph by its opening words."""
    if clause.title:
        return (clause.number + clause.title).strip()
    text = clause.text if len(clause.text) <= _LABEL_LENGTH else clause.text[:_LABEL_LENGTH] + "…"
    return (clause.number + text).strip()


def section_label(doc: Document, owner: dict[str, str], anchor: str) -> str:
    """The label of the section a clause is in (owner: extract.sections.section_anchors(doc))."""
    return clause_label(doc.clause(owner.get(anchor, anchor)))


def similarity(related: RelatedClause) -> str:
    """How similar a related section is, as its panel shows it (and as much as a page's key needs)."""
    return f"{related.score:.2f}"


def text_parts(shown: str, clause: Clause, refs: list[Reference], page: str) -> list[TextRun]:
    """Split a displayed string into plain runs and links at the clause's resolved references."""
    offset = shown.find(clause.text) if clause.text else -1
    links = [r for r in refs if r.is_link]
    if offset < 0 or not links:
        return [TextRun(shown)] if shown else []
    parts, position = [], 0
    for ref in sorted(links, key=lambda r: r.start):
        start, end = ref.start + offset, ref.end + offset
        if start > position:
            parts.append(TextRun(shown[position:start]))
        target = page if ref.target_doc == ref.doc else doc_page(ref.target_doc)
        parts.append(TextRun(shown[start:end], href(page, target, ref.target_anchor)))
        position = end
    if position < len(shown):
        parts.append(TextRun(shown[position:]))
    return parts


def tags_by_topic(found: list[TopicTag]) -> dict[str, list[TopicTag]]:
    """A document's topic tags, by topic slug, in reading order."""
    tags: dict[str, list[TopicTag]] = {}
    for tag in found:
        tags.setdefault(tag.topic, []).append(tag)
    return tags


@dataclass(frozen=True)
class ClauseNames:
    """What a document page's cross-links show of other things: related sections (by document
    slug and anchor: "document name, section label"), topics and agencies (by slug: name)."""

    related: dict[tuple[str, str], str]
    topics: dict[str, str]
    agencies: dict[str, str]


def clause_links(doc: Document, facts: Facts, shown: dict[str, tuple[str, str]], names: ClauseNames
                 ) -> dict[str, ClauseLinks]:
    """Per clause anchor: linked label and text, chips, related panel, responsibilities.

    facts: what extraction found in doc; `shown` maps each anchor to the (label, text) the
    document template displays.
    """
    page = doc_page(doc.slug)
    owner = section_anchors(doc)
    last_of_section = {section: anchor for anchor, section in owner.items()}  # reading order
    refs = defaultdict(list)
    for ref in facts.references:
        refs[ref.anchor].append(ref)
    result = {}
    for clause in doc.clauses:
        label, text = shown[clause.anchor]
        result[clause.anchor] = ClauseLinks(
            label_parts=text_parts(label, clause, refs[clause.anchor], page),
            text_parts=text_parts(text, clause, refs[clause.anchor], page))
    for tag in facts.topic_tags:
        result[tag.anchor].topics.append(Link(names.topics[tag.topic], href(page, topic_page(tag.topic))))
    for related in facts.related:
        result[last_of_section[related.anchor]].related.append(Link(
            names.related[(related.other_doc, related.other_anchor)],
            href(page, doc_page(related.other_doc), related.other_anchor), similarity(related)))
    for duty in facts.responsibilities:
        view = result[last_of_section.get(duty.anchor, duty.anchor)]
        for slugs, links in ((duty.lead, view.lead), (duty.support, view.support)):
            for slug in slugs:
                link = Link(names.agencies[slug], href(page, agency_page(slug)))
                if link not in links:
                    links.append(link)
    return result


def clause_link(page: str, doc: Document, anchor: str) -> Link:
    """A link from page to one clause of doc, named by its label."""
    return Link(clause_label(doc.clause(anchor)), href(page, doc_page(doc.slug), anchor))


def plain_links(doc: Document, views) -> dict[str, ClauseLinks]:
    """The clause texts with no links, chips or panels: for pages outside the cross-linked
    library (pinned versions), where relative links would point to the wrong place."""
    return {v.anchor: ClauseLinks(label_parts=[TextRun(v.label)] if v.label else [],
                                  text_parts=[TextRun(v.text)] if v.text else []) for v in views}
