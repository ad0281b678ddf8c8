"""Render the cross-links: links inside clause text, per-section panels on document pages,
and the index pages (topics, agencies, cited titles, side-by-side comparisons) with their data.

Like render.py, Python only prepares view data (labels, hrefs); the templates own the
Markdown, and every text from a source or from config goes through the `md` filter there.
Hrefs are built from slugs and anchors only (validated ASCII), relative to the page that
carries them, so `mkdocs build --strict` checks every one of them.
"""
from __future__ import annotations

import hashlib
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .incremental.store import field_values
from .extract.references import cited_titles
from .extract.sections import section_anchors, sections
from .extract.topics import pinyin_key, topics_a_to_z
from .model import (EXCERPT, REF_STANDARD, Alignment, Clause, CrossLinks, Document, Reference, RelatedClause, Topic,
                    TopicTag)
from .site_names import AGENCIES_DIR, COMPARE_DIR, REFERENCES_DIR, TOPICS_DIR

REFERENCES_PAGE = f"{REFERENCES_DIR}/index.md"
COMPARE_INDEX = f"{COMPARE_DIR}/index.md"
_LABEL_LENGTH = 24  # characters of an untitled paragraph shown as its label
# A topic page gives each document a heading, and each heading an entry in the table of
# contents, which Material writes into the page twice. Beyond this many documents the
# headings are the jurisdictions and the documents are list entries under them, so the
# table of contents stops growing with the library.
TOPIC_HEADINGS_MAX = 30


@dataclass
class Part:
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

    label_parts: list[Part]
    text_parts: list[Part]
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


def text_parts(shown: str, clause: Clause, refs: list[Reference], page: str) -> list[Part]:
    """Split a displayed string into plain runs and links at the clause's resolved references."""
    offset = shown.find(clause.text) if clause.text else -1
    links = [r for r in refs if r.is_link]
    if offset < 0 or not links:
        return [Part(shown)] if shown else []
    parts, position = [], 0
    for ref in sorted(links, key=lambda r: r.start):
        start, end = ref.start + offset, ref.end + offset
        if start > position:
            parts.append(Part(shown[position:start]))
        target = page if ref.target_doc == ref.doc else doc_page(ref.target_doc)
        parts.append(Part(shown[start:end], href(page, target, ref.target_anchor)))
        position = end
    if position < len(shown):
        parts.append(Part(shown[position:]))
    return parts


def tags_by_topic(doc: Document) -> dict[str, list[TopicTag]]:
    """The document's topic tags, by topic slug, in reading order."""
    tags: dict[str, list[TopicTag]] = {}
    for tag in doc.topic_tags:
        tags.setdefault(tag.topic, []).append(tag)
    return tags


def _digest(value) -> str:
    """A short digest of value's repr (of a str: of the str), for page keys: a build reads thousands."""
    text = value if isinstance(value, str) else repr(value)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Shown:
    """What pages show of a document besides its metadata, by value (digests, mostly): an edit
    that changes none of it (a typo fixed deep in a paragraph; a config change that makes
    every document be extracted again, with the same results) leaves the pages of the other
    documents alone. render.Library keeps them between builds by what they are made from."""

    labels: dict[str, str]  # section anchor -> its clause_label: what a related panel shows (of sections)
    topics: dict[str, str]  # topic slug -> the document's tags of that topic, with their clauses' labels
    references: str  # with the labels of the sections they are in (references_page)
    responsibilities: str  # with the labels of their clauses
    targets: str  # its targets and milestones

    @classmethod
    def of(cls, doc: Document) -> Shown:
        def label(anchor: str) -> str:
            return clause_label(doc.clause(anchor))

        owner = section_anchors(doc)
        return cls(labels={anchor: label(anchor) for anchor in dict.fromkeys(owner.values())},
                   topics={topic: _digest((field_values(found), [label(t.anchor) for t in found]))
                           for topic, found in tags_by_topic(doc).items()},
                   references=_digest((field_values(doc.references),
                                       [section_label(doc, owner, r.anchor) for r in doc.references])),
                   responsibilities=_digest((field_values(doc.responsibilities),
                                             [label(duty.anchor) for duty in doc.responsibilities])),
                   targets=_digest((field_values(doc.targets), field_values(doc.milestones))))


class LinkRenderer:
    def __init__(self, docs: list[Document], links: CrossLinks, topics: list[Topic],
                 jurisdictions: list[tuple[str, list[Document]]]):
        """jurisdictions: the documents by jurisdiction in the order the site lists them
        (render.grouped_documents)."""
        self.docs = docs
        self.jurisdictions = jurisdictions
        self.by_slug = {d.slug: d for d in docs}
        self.links = links
        self.compared = {(a.left_doc, a.right_doc) for a in links.alignments}
        self.topics = topics
        self.topic_by_slug = {t.slug: t for t in topics}
        # topic slug -> (document, its tags of the topic), in document order; built once, as
        # the topic pages and data would otherwise scan every tag once per topic
        self.tagged: dict[str, list[tuple[Document, list[TopicTag]]]] = {t.slug: [] for t in topics}
        for doc in docs:
            for slug, tags in tags_by_topic(doc).items():
                self.tagged.setdefault(slug, []).append((doc, tags))
        # slug -> (document carrying the relation, relation, target) naming it, both directions,
        # in the order of documents.yml; built once, as each page would otherwise scan them all
        self.related_by: dict[str, list[tuple[Document, str, str]]] = defaultdict(list)
        for other in docs:
            for relation, targets in other.meta.relations.items():
                for target in targets:
                    if target in self.by_slug:
                        self.related_by[other.slug].append((other, relation, target))
                        if target != other.slug:
                            self.related_by[target].append((other, relation, target))

    # ------------------------------------------------------------------ document pages
    def clause_links(self, doc: Document, shown: dict[str, tuple[str, str]]) -> dict[str, ClauseLinks]:
        """Per clause anchor: linked label and text, chips, related panel, responsibilities.

        `shown` maps each anchor to the (label, text) the document template displays.
        """
        page = doc_page(doc.slug)
        owner = section_anchors(doc)
        last_of_section = {section: anchor for anchor, section in owner.items()}  # reading order
        refs = defaultdict(list)
        for ref in doc.references:
            refs[ref.anchor].append(ref)
        result = {}
        for clause in doc.clauses:
            label, text = shown[clause.anchor]
            result[clause.anchor] = ClauseLinks(
                label_parts=text_parts(label, clause, refs[clause.anchor], page),
                text_parts=text_parts(text, clause, refs[clause.anchor], page))
        for tag in doc.topic_tags:
            topic = self.topic_by_slug[tag.topic]
            result[tag.anchor].topics.append(Link(topic.name, href(page, topic_page(topic.slug))))
        for related in doc.related:
            other = self.by_slug[related.other_doc]
            result[last_of_section[related.anchor]].related.append(Link(
                f"{doc_name(other)} {clause_label(other.clause(related.other_anchor))}",
                href(page, doc_page(other.slug), related.other_anchor), similarity(related)))
        for duty in doc.responsibilities:
            view = result[last_of_section.get(duty.anchor, duty.anchor)]
            for slugs, links in ((duty.lead, view.lead), (duty.support, view.support)):
                for slug in slugs:
                    link = Link(self.links.agencies[slug].name, href(page, agency_page(slug)))
                    if link not in links:
                        links.append(link)
        return result

    def clause_link_inputs(self, doc: Document, shown: dict[str, Shown], meta: dict[str, str], topics: str) -> tuple:
        """What clause_links(doc) reads besides doc's own clauses, for a page's cache key.

        shown: slug -> Shown; meta: slug -> a digest of a document's metadata; topics: a digest
        of the configured topics (render.Library). Related sections are found across the whole
        library, so they are digested as the panels show them (slugs and anchors have no spaces:
        joined, they say it as a repr would, in a fraction of the time)."""
        own = shown[doc.slug]
        others = dict.fromkeys(r.other_doc for r in doc.related)
        return (own.references, topics, own.topics, own.responsibilities, [meta[slug] for slug in others],
                _digest("\n".join([f"{r.anchor} {r.other_doc} {r.other_anchor} {similarity(r)} "
                                   f"{shown[r.other_doc].labels[r.other_anchor]!r}" for r in doc.related])),
                [self.links.agencies[slug].name for duty in doc.responsibilities for slug in duty.lead + duty.support])

    def relations(self, doc: Document) -> list[dict]:
        """Relations from documents.yml, both directions, with the side-by-side page if any."""
        page = doc_page(doc.slug)
        found = []
        for other, relation, target in self.related_by.get(doc.slug, []):
            outgoing = other.slug == doc.slug
            peer = self.by_slug[target] if outgoing else other
            pair = (other.slug, target)
            found.append({
                "relation": relation, "outgoing": outgoing, "title": peer.meta.title,
                "href": href(page, doc_page(peer.slug)),
                "compare_href": href(page, compare_page(*pair)) if pair in self.compared else "",
            })
        return found

    # ------------------------------------------------------------------ index pages
    def _clause_link(self, page: str, doc: Document, anchor: str) -> Link:
        return Link(clause_label(doc.clause(anchor)), href(page, doc_page(doc.slug), anchor))

    def topic_page(self, topic: Topic) -> dict:
        """The template context of a topic's page: its clauses grouped by document, and the
        documents by jurisdiction when there are more than TOPIC_HEADINGS_MAX of them."""
        page = topic_page(topic.slug)
        groups = {}
        for doc, tags in self.tagged[topic.slug]:
            items = [{"link": self._clause_link(page, doc, t.anchor), "snippet": t.snippet,
                      "keywords": t.keywords} for t in tags]
            groups[doc.slug] = {"title": doc.meta.title, "href": href(page, doc_page(doc.slug)), "clauses": items}
        jurisdictions = []
        if len(groups) > TOPIC_HEADINGS_MAX:
            for name, docs in self.jurisdictions:
                found = [groups[d.slug] for d in docs if d.slug in groups]
                if found:
                    jurisdictions.append((name, found))
        return {"topic": topic, "groups": list(groups.values()), "jurisdictions": jurisdictions,
                "count": sum(len(g["clauses"]) for g in groups.values())}

    def topic_index(self) -> dict:
        page = f"{TOPICS_DIR}/index.md"
        counts = {slug: sum(len(tags) for _, tags in found) for slug, found in self.tagged.items()}
        letters = [(letter, [{"name": t.name, "href": href(page, topic_page(t.slug)), "count": counts[t.slug],
                              "pinyin": pinyin_key(t.name)} for t in group])
                   for letter, group in topics_a_to_z(self.topics)]
        return {"letters": letters}

    @cached_property  # read by the agency pages, their index and the nav
    def agency_tasks(self) -> dict[str, dict[str, list]]:
        """slug -> {"lead": [(doc, responsibility)], "support": [...]} in reading order."""
        tasks = {slug: {"lead": [], "support": []} for slug in self.links.agencies}
        for doc in self.docs:
            for duty in doc.responsibilities:
                for role, slugs in (("lead", duty.lead), ("support", duty.support)):
                    for slug in dict.fromkeys(slugs):
                        tasks[slug][role].append((doc, duty))
        return tasks

    def agency_page(self, slug: str, roles: dict[str, list]) -> dict:
        """The template context of an agency's page; roles: its entry of agency_tasks."""
        page = agency_page(slug)
        context = {"agency": self.links.agencies[slug]}
        for role, found in roles.items():
            context[role] = [{"link": self._clause_link(page, doc, duty.anchor), "doc": doc_name(doc),
                              "note": duty.note} for doc, duty in found]
        return context

    def agency_index(self) -> dict:
        page = f"{AGENCIES_DIR}/index.md"
        rows = [{"slug": slug, "name": self.links.agencies[slug].name, "href": href(page, agency_page(slug)),
                 "lead": len(roles["lead"]), "support": len(roles["support"])}
                for slug, roles in self.agency_tasks.items()]
        rows.sort(key=lambda r: (-(r["lead"] + r["support"]), -r["lead"], pinyin_key(r["name"])))
        return {"rows": rows}

    def references_page(self) -> dict:
        page = REFERENCES_PAGE
        entries = []
        owners = {d.slug: section_anchors(d) for d in self.docs}
        for cited in cited_titles(self.docs):
            # named after the section (the task heading), linked to the very paragraph
            places = [Link(f"{doc_name(self.by_slug[d])} {section_label(self.by_slug[d], owners[d], a)}",
                           href(page, doc_page(d), a)) for d, a in cited.mentions]
            entries.append({"title": cited.title, "standard": cited.kind == REF_STANDARD,
                            "count": len(places), "places": places})
        return {"unresolved": [e for e in entries if not e["standard"]],
                "standards": [e for e in entries if e["standard"]]}

    def compare_page(self, alignment: Alignment) -> dict:
        """The template context of a side-by-side page (compare_page(left, right))."""
        left, right = self.by_slug[alignment.left_doc], self.by_slug[alignment.right_doc]
        page = compare_page(left.slug, right.slug)
        texts = {(d.slug, s.anchor): s.text for d in (left, right) for s in sections(d)}

        def cell(doc: Document, anchor: str | None) -> dict | None:
            if anchor is None:
                return None
            return {"link": self._clause_link(page, doc, anchor), "text": texts[(doc.slug, anchor)]}

        # an excerpt lacks what comes before its first clause: a row there has nothing to match
        # because that part is missing, not because the document says nothing like it
        first = {side: next((k for k, row in enumerate(alignment.rows) if getattr(row, side)), len(alignment.rows))
                 for side in ("left", "right")}
        missing = {side: doc.meta.missing if doc.meta.completeness == EXCERPT else ""
                   for side, doc in (("left", left), ("right", right))}
        rows = [{"left": cell(left, row.left), "right": cell(right, row.right), "score": row.score,
                 "left_missing": missing["left"] if k < first["left"] else "",
                 "right_missing": missing["right"] if k < first["right"] else ""}
                for k, row in enumerate(alignment.rows)]
        return {
            "title": compare_title(left, right),
            "left": {"title": left.meta.title, "href": href(page, doc_page(left.slug))},
            "right": {"title": right.meta.title, "href": href(page, doc_page(right.slug))},
            "relation": alignment.relation, "rows": rows,
            "matched": sum(1 for r in alignment.rows if r.left and r.right),
        }

    # ------------------------------------------------------------------ data
    def topics_data(self, url) -> list[dict]:
        return [{
            "slug": t.slug, "name": t.name, "pinyin": pinyin_key(t.name), "keywords": list(t.keywords),
            "url": url(topic_page(t.slug)),
            "clauses": [{"doc": tag.doc, "anchor": tag.anchor, "url": url(doc_page(tag.doc), tag.anchor),
                         "keywords": list(tag.keywords), "snippet": tag.snippet}
                        for _, tags in self.tagged[t.slug] for tag in tags],
        } for t in self.topics]

    def responsibilities_data(self, url) -> dict:
        return {
            "agencies": [{"slug": a.slug, "name": a.name, "aliases": list(a.aliases), "url": url(agency_page(a.slug))}
                         for a in self.links.agencies.values()],
            "tasks": [{"doc": duty.doc, "anchor": duty.anchor, "url": url(doc_page(duty.doc), duty.anchor),
                       "lead": list(duty.lead), "support": list(duty.support), "note": duty.note}
                      for doc in self.docs for duty in doc.responsibilities],
        }

    def compare_index(self) -> dict:
        """The 逐条对照 overview: every side-by-side page and how many clauses it matched."""
        page = COMPARE_INDEX
        rows = [{"left": doc_name(self.by_slug[a.left_doc]), "right": doc_name(self.by_slug[a.right_doc]),
                 "href": href(page, compare_page(a.left_doc, a.right_doc)),
                 "matched": sum(1 for r in a.rows if r.left and r.right)} for a in self.links.alignments]
        return {"rows": rows}

    def nav(self, limit: int) -> tuple[list[dict], list[str]]:
        """Nav entries for the index pages, and the pages left out of the nav.

        A list longer than `limit` (agencies, side-by-side pages: both grow with the library)
        is reached from its index page only, so the nav every page carries stays small."""
        agencies = [{row["name"]: agency_page(row["slug"])} for row in self.agency_index()["rows"]]
        compared = [{compare_title(self.by_slug[a.left_doc], self.by_slug[a.right_doc]):
                     compare_page(a.left_doc, a.right_doc)} for a in self.links.alignments]
        unlisted: list[str] = []

        def section(index: str, entries: list[dict]) -> list[str | dict] | str:
            if len(entries) <= limit:
                return [index, *entries]
            unlisted.extend(page for entry in entries for page in entry.values())
            return index

        entries = [
            {"专题索引": [f"{TOPICS_DIR}/index.md"] + [{t.name: topic_page(t.slug)} for t in self.topics]},
            {"责任分工": section(f"{AGENCIES_DIR}/index.md", agencies)},
            {"引用文件": REFERENCES_PAGE},
        ]
        if compared:
            entries.append({"逐条对照": section(COMPARE_INDEX, compared)})
        return entries, unlisted


def plain_links(doc: Document, views) -> dict[str, ClauseLinks]:
    """The clause texts with no links, chips or panels: for pages outside the cross-linked
    library (pinned versions), where relative links would point to the wrong place."""
    return {v.anchor: ClauseLinks(label_parts=[Part(v.label)] if v.label else [],
                                  text_parts=[Part(v.text)] if v.text else []) for v in views}
