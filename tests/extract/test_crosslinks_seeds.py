"""Golden checks of the cross-links on the real seeds (parsed by the real pipeline)."""
from __future__ import annotations

import pytest

from builder.extract.links import extract_links
from builder.extract.references import cited_titles
from builder.extract.sections import sections
from builder.model import HEADING, PARAGRAPH, REF_DOCUMENT, REF_STANDARD, REF_UNRESOLVED
from builder.pipeline import extract_facts

NATIONAL, GUANGDONG, DRAFT, NEWS, PLAN = "002", "004", "000", "003", "001"


class Linked:
    """The seeds, what was found in each (by the seed's three-digit prefix), the cross-links and the warnings."""

    def __init__(self, docs, config):
        self.docs = docs
        facts, self.warnings = extract_facts(list(docs.values()), config)
        self.links = extract_links(list(docs.values()), facts, config)
        self.facts = {key: facts[doc.source.name] for key, doc in docs.items()}


@pytest.fixture(scope="module")
def linked(seed_docs, config):
    return Linked(seed_docs, config)


def test_guangdong_clauses_sharing_a_national_title_are_matched_to_that_clause(linked):
    docs, links = linked.docs, linked.links
    national, guangdong = docs[NATIONAL], docs[GUANGDONG]
    national_by_title = {c.title: c.anchor for c in national.clauses if c.kind == HEADING}
    alignment = next(a for a in links.alignments if a.left_doc == guangdong.slug)
    matched = {row.left: row.right for row in alignment.rows if row.left}
    shared = [c for c in guangdong.clauses
              if c.kind == HEADING and c.number.startswith("（") and c.title in national_by_title]
    hits = [c for c in shared if matched.get(c.anchor) == national_by_title[c.title]]
    assert len(shared) >= 20
    assert len(hits) / len(shared) >= 0.9, [c.anchor for c in shared if c not in hits]


def test_alignment_rows_read_top_to_bottom_on_both_sides(linked):
    docs, links = linked.docs, linked.links
    for alignment in links.alignments:
        by_slug = {d.slug: d for d in docs.values()}
        for side, doc in (("left", by_slug[alignment.left_doc]), ("right", by_slug[alignment.right_doc])):
            shown = [getattr(row, side) for row in alignment.rows if getattr(row, side)]
            assert shown == [s.anchor for s in sections(doc)]  # each section once, in reading order


def test_news_paragraphs_are_related_to_their_clause_in_the_draft(linked):
    docs = linked.docs
    news, draft = docs[NEWS], docs[DRAFT]
    best_in_draft = {}
    for related in linked.facts[NEWS].related:  # best first per section
        if related.other_doc == draft.slug:
            best_in_draft.setdefault(related.anchor, related.other_anchor)
    paragraphs = [c for c in news.clauses if c.kind == PARAGRAPH and c.title]  # the five "…方面" paragraphs
    assert [c.title for c in paragraphs][0] == "建设现代化计量保障体系"
    assert [best_in_draft.get(c.anchor) for c in paragraphs] == ["s2-5", "s2-6", "s2-9", "s3-14", "s4-17"]


def test_references_resolve_through_aliases_and_unresolved_ones_are_listed(linked):
    docs = linked.docs
    national = docs[NATIONAL].slug
    to_national = {(d, r.anchor) for d, found in linked.facts.items() for r in found.references
                   if r.kind == REF_DOCUMENT and r.target_doc == national}
    # plain title in the draft, wrapped 《中共中央、国务院关于印发〈质量强国建设纲要〉的通知》 in 广东
    assert {(DRAFT, "p1"), (DRAFT, "s1-2-p1"), (GUANGDONG, "p1")} <= to_national
    cited = {(c.kind, c.title): len(c.mentions) for c in cited_titles(list(linked.facts.values()))}
    assert cited[(REF_UNRESOLVED, "海南省质量发展纲要（2013-2020年）")] == 2
    assert cited[(REF_UNRESOLVED, "中国制造2025")] == 1
    assert cited[(REF_STANDARD, "GB3838-2002 地表水环境质量标准")] == 1
    assert not any(kind == REF_UNRESOLVED and "标准》" in title for kind, title in cited)


def test_action_plan_responsibilities(linked):
    docs, links = linked.docs, linked.links
    plan, duties = docs[PLAN], linked.facts[PLAN].responsibilities
    assert len(duties) == 33
    assert linked.warnings == []  # every agency named is in agencies.yml
    task = {r.anchor: r for r in duties}
    names = lambda slugs: [links.agencies[s].name for s in slugs]  # noqa: E731
    assert names(task["s3-1-2"].lead) == ["省质量强省工作领导小组办公室"]  # printed 省质量强省领导小组办公室
    assert names(task["s3-1-4"].lead) == ["省政府新闻办"]  # 牵头单位
    assert names(task["s3-2-3"].support) == ["省工商局", "省质监局", "省食品药品监管局", "各市县政府", "洋浦经济开发区管委会"]
    # each note belongs to its task heading (1. 2. … or （六）), not to the body paragraph under it
    assert all(plan.clause(r.anchor).kind == HEADING for r in duties)


def test_sections_are_tagged_with_their_topics(linked):
    docs = linked.docs
    tags = {(d, t.anchor, t.topic) for d, found in linked.facts.items() for t in found.topic_tags}
    assert (DRAFT, "s2-5", "metrology") in tags
    assert (GUANGDONG, "s4-10", "food-drug-safety") in tags
    assert (NATIONAL, "box-6", "quality-infrastructure") in tags
    assert (PLAN, "s3-2-10", "construction-quality") in tags
    substantial = [(d, s.anchor) for d, doc in docs.items() for s in sections(doc) if len(s.text) > 100]
    tagged = {(d, a) for d, a, _ in tags}
    assert sum(s in tagged for s in substantial) / len(substantial) >= 0.95
