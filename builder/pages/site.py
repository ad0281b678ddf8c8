"""What the page kinds are made from: the library, its cross-links and the config, with the
indexes several kinds read (documents by slug, by jurisdiction, by topic, by agency)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from ..citations import Citations
from ..config import SiteConfig
from ..derive import UNSORTED
from ..model import CrossLinks, Document, Facts, Responsibility, Topic, TopicTag
from ..extract.sections import section_anchors
from ..render_links import clause_label, doc_name, tags_by_topic
from ..render_targets import Summary


@dataclass(frozen=True)
class Listing:
    """A document as a page listing some of its sections shows it: its slug, title, short name
    (render_links.doc_name) and the labels of its sections, by anchor."""

    slug: str
    title: str
    name: str
    labels: dict[str, str]


@dataclass
class Site:
    docs: list[Document]
    facts: dict[str, Facts]  # source file name -> what extraction found in it (model.Facts)
    config: SiteConfig
    links: CrossLinks
    history: dict[str, list[Document]]  # slug -> versions, oldest first
    report: dict  # the build report (report.build_report)
    anchors: dict[str, list[str]]  # page -> its anchors (anchors.page_anchors)
    site_url: str

    def facts_of(self, doc: Document) -> Facts:
        return self.facts[doc.source.name]

    @cached_property
    def by_slug(self) -> dict[str, Document]:
        return {d.slug: d for d in self.docs}

    @cached_property
    def groups(self) -> list[tuple[str, list[Document]]]:
        """Documents by jurisdiction (configured order), newest first inside each."""
        order = {name: i for i, name in enumerate(self.config.jurisdictions)}
        groups: dict[str, list[Document]] = {}
        for doc in self.docs:
            groups.setdefault(doc.meta.jurisdiction or UNSORTED, []).append(doc)
        return [(name, sorted(groups[name], key=lambda d: (d.meta.date or "", d.slug), reverse=True))
                for name in sorted(groups, key=lambda n: (order.get(n, len(order)), n))]

    @cached_property
    def jurisdiction_order(self) -> list[str]:
        """Every jurisdiction of the site, those without documents too, in its order (slugs are given in it)."""
        configured = list(self.config.jurisdictions)
        return configured + [name for name, _ in self.groups if name not in configured]

    @cached_property
    def jurisdiction_names(self) -> list[str]:
        """The jurisdictions that have documents, in the site's order (one list: its digest is made once)."""
        return [name for name, _ in self.groups]

    @property
    def topics(self) -> list[Topic]:
        return self.config.topics

    @cached_property
    def topic_names(self) -> dict[str, str]:
        return {t.slug: t.name for t in self.topics}

    @cached_property
    def summaries(self) -> list[Summary]:
        """What the library-wide pages (home, targets) read of each document: one list, so
        its digest is made once."""
        return [Summary(d.slug, d.meta, self.facts_of(d).targets, self.facts_of(d).milestones) for d in self.docs]

    @cached_property
    def tagged(self) -> dict[str, list[tuple[Document, list[TopicTag]]]]:
        """topic slug -> (document, its tags of the topic), in document order."""
        tagged: dict[str, list[tuple[Document, list[TopicTag]]]] = {t.slug: [] for t in self.topics}
        for doc in self.docs:
            for slug, tags in tags_by_topic(self.facts_of(doc).topic_tags).items():
                tagged.setdefault(slug, []).append((doc, tags))
        return tagged

    @cached_property
    def topic_counts(self) -> dict[str, int]:
        return {slug: sum(len(tags) for _, tags in found) for slug, found in self.tagged.items()}

    @cached_property
    def related_by(self) -> dict[str, list[tuple[Document, str, str]]]:
        """slug -> (document carrying the relation, relation, target) naming it, both
        directions, in the order of documents.yml."""
        found: dict[str, list[tuple[Document, str, str]]] = defaultdict(list)
        for other in self.docs:
            for relation, targets in other.meta.relations.items():
                for target in targets:
                    if target in self.by_slug:
                        found[other.slug].append((other, relation, target))
                        if target != other.slug:
                            found[target].append((other, relation, target))
        return found

    @cached_property
    def section_labels(self) -> dict[str, dict[str, str]]:
        """slug -> each section's anchor -> its label: how other pages name a document's sections,
        as a memo cites them without the document (citations.Citations.label: 一、（二）…, so two
        （二） of one document are told apart), else by its words (render_links.clause_label)."""
        labels = {}
        for doc in self.docs:
            cite = Citations(doc)
            labels[doc.slug] = {anchor: cite.label(doc.clause(anchor)) or clause_label(doc.clause(anchor))
                                for anchor in dict.fromkeys(section_anchors(doc).values())}
        return labels

    @cached_property
    def listings(self) -> dict[str, Listing]:
        """slug -> what a page listing some of a document's sections shows of it."""
        return {doc.slug: Listing(doc.slug, doc.meta.title, doc_name(doc), self.section_labels[doc.slug]) for doc in self.docs}

    @cached_property
    def compared(self) -> set[tuple[str, str]]:
        return {(a.left_doc, a.right_doc) for a in self.links.alignments}

    @cached_property
    def agency_tasks(self) -> dict[str, dict[str, list[tuple[Document, Responsibility]]]]:
        """agency slug -> {"lead": [(doc, responsibility)], "support": [...]} in reading order."""
        tasks = {slug: {"lead": [], "support": []} for slug in self.links.agencies}
        for doc in self.docs:
            for duty in self.facts_of(doc).responsibilities:
                for role, slugs in (("lead", duty.lead), ("support", duty.support)):
                    for slug in dict.fromkeys(slugs):
                        tasks[slug][role].append((doc, duty))
        return tasks
