"""Every page carries the nav: in a large library it must not grow with the number of
documents, agencies or side-by-side pages (builder/render.py NAV_*), nor a topic page's table
of contents with the number of documents (pages/topics.py TOPIC_HEADINGS_MAX)."""
from __future__ import annotations

from types import SimpleNamespace

from builder.model import (Agency, AlignedRow, Alignment, Clause, CrossLinks, Document, DocumentMeta, Facts,
                           SourceText, Topic, TopicTag)
from builder.pages import agencies, compare, documents as document_pages, page_kinds, topics
from builder.pages.site import Site
from builder.render import LIBRARY_SECTION, NAV_FLAT_MAX, NAV_LIST_MAX, NAV_SECTION_MAX, environment
from builder.pages.jurisdictions import OVERVIEW_TITLE, jurisdiction_pages
from builder.pages.topics import TOPIC_HEADINGS_MAX

nav_section, library_nav = document_pages.nav_section, document_pages.library_nav


def site(docs: list[Document], links: CrossLinks, topic_list: list[Topic], jurisdictions: list[str],
         tags: dict[str, list[TopicTag]] | None = None) -> Site:
    """A library of docs; tags: slug -> the document's topic tags."""
    config = SimpleNamespace(jurisdictions=jurisdictions, topics=topic_list)  # what the nav reads of the config
    facts = {doc.source.name: Facts(topic_tags=(tags or {}).get(doc.slug, []), responsibilities=[])
             for doc in docs}
    return Site(docs, facts, config, links, {}, {}, {}, "/")


def documents(count: int) -> list[Document]:
    docs = []
    for k in range(count):
        meta = DocumentMeta(slug=f"doc-{k}", source=f"{k}.txt", title=f"文件{k}",
                            date=f"{2025 - k // 10}-01-01" if k < count - 1 else "")
        docs.append(Document(meta, SourceText(meta.source, "utf-8", "", []), meta.title, "", []))
    return docs


def test_small_jurisdiction_lists_documents_directly():
    entries = nav_section(documents(NAV_SECTION_MAX))
    assert [list(e.values())[0] for e in entries] == [f"doc-{k}/index.md" for k in range(NAV_SECTION_MAX)]


def test_large_jurisdiction_groups_by_year_keeping_every_document_in_order():
    count = NAV_SECTION_MAX + 11
    sections = nav_section(documents(count))
    names = [list(s)[0] for s in sections]
    assert names == ["2025年", "2024年", "2023年", "2022年", "日期不详"]
    assert all(len(list(s.values())[0]) <= 10 for s in sections)
    pages = [list(e.values())[0] for s in sections for e in list(s.values())[0]]
    assert pages == [f"doc-{k}/index.md" for k in range(count)]


def test_small_library_keeps_a_top_level_section_per_jurisdiction():
    groups = [("国家", documents(NAV_FLAT_MAX - 1)), ("广东省", documents(1))]
    assert [list(s)[0] for s in library_nav(groups)] == ["国家", "广东省"]


def test_large_library_nests_jurisdictions_so_other_pages_prune_them():
    national, guangdong = documents(NAV_SECTION_MAX + 1), documents(2)
    nav = library_nav([("国家", national), ("广东省", guangdong)])
    assert [list(s)[0] for s in nav] == [LIBRARY_SECTION]
    jurisdictions = nav[0][LIBRARY_SECTION]
    assert [list(j)[0] for j in jurisdictions] == ["国家", "广东省"]
    # a pruned section links to its first page: each starts with its overview, which no added
    # or removed document replaces (were it the newest document, every page's nav would change)
    assert jurisdictions[0]["国家"][0] == {OVERVIEW_TITLE: "jurisdictions/guo-jia.md"}
    assert jurisdictions[1]["广东省"] == [{OVERVIEW_TITLE: "jurisdictions/guang-dong-sheng.md"}] + nav_section(guangdong)
    assert list(jurisdictions[0]["国家"][1]) == ["2025年"]  # years inside a large jurisdiction
    assert pages(nav) == (["jurisdictions/guo-jia.md"] + [f"doc-{k}/index.md" for k in range(len(national))]
                          + ["jurisdictions/guang-dong-sheng.md", "doc-0/index.md", "doc-1/index.md"])
    newer = documents(1)[0]
    newer.meta.date = "2030-01-01"
    grown = library_nav([("国家", [newer] + national), ("广东省", guangdong)])[0][LIBRARY_SECTION]
    assert grown[0]["国家"][0] == jurisdictions[0]["国家"][0]


def test_overview_pages_of_jurisdictions_that_read_alike_are_apart():
    groups = [("山西省", documents(NAV_FLAT_MAX)), ("陕西省", documents(1)), ("国家", documents(1))]
    assert jurisdiction_pages(groups) == {"山西省": "jurisdictions/shan-xi-sheng.md",
                                          "陕西省": "jurisdictions/shan-xi-sheng-2.md", "国家": "jurisdictions/guo-jia.md"}
    assert jurisdiction_pages(groups[1:]) == {}  # a small library's sections are never pruned


def pages(entries) -> list[str]:
    """Every page of a nav, depth first."""
    found = []
    for entry in entries:
        for value in (entry.values() if isinstance(entry, dict) else [entry]):
            found += pages(value) if isinstance(value, list) else [value]
    return found


def _site(agencies: int, pairs: int) -> Site:
    docs = documents(pairs + 1)
    links = CrossLinks(
        alignments=[Alignment("implements", f"doc-{k + 1}", "doc-0", [AlignedRow("p1", "p1", 0.9)])
                    for k in range(pairs)],
        agencies={f"a{k}": Agency(f"a{k}", f"单位{k}") for k in range(agencies)})
    return site(docs, links, [Topic("metrology", "计量", ("计量",))], ["国家"])


def index_nav(library: Site, limit: int, monkeypatch) -> tuple[list[dict], list[str]]:
    """The nav entries and unlisted pages of the index pages' kinds, lists capped at limit."""
    monkeypatch.setattr(agencies, "NAV_LIST_MAX", limit)
    monkeypatch.setattr(compare, "NAV_LIST_MAX", limit)
    entries, unlisted = [], []
    for kind in (topics.KIND, agencies.KIND, compare.KIND):
        found, off_nav = kind.nav(library)
        entries += found
        unlisted += off_nav
    return entries, unlisted


def test_the_page_kinds_are_found_in_nav_order():
    names = [kind.name for kind in page_kinds()]
    assert names[:5] == ["home", "targets", "documents", "jurisdictions", "topics"] and names[-1] == "assets"
    assert NAV_LIST_MAX == agencies.NAV_LIST_MAX == compare.NAV_LIST_MAX


def test_short_lists_stay_in_the_nav_after_their_index_page(monkeypatch):
    entries, unlisted = index_nav(_site(agencies=3, pairs=2), 3, monkeypatch)
    nav = {list(e)[0]: list(e.values())[0] for e in entries}
    assert nav["责任分工"][0] == "agencies/index.md" and len(nav["责任分工"]) == 4
    assert nav["逐条对照"] == ["compare/index.md", {"文件1 ↔ 文件0": "compare/doc-1--doc-0.md"},
                           {"文件2 ↔ 文件0": "compare/doc-2--doc-0.md"}]
    assert nav["专题索引"] == ["topics/index.md", {"计量": "topics/metrology.md"}]
    assert unlisted == []


def test_long_lists_are_reached_from_their_index_page_only(monkeypatch):
    library = _site(agencies=4, pairs=4)
    entries, unlisted = index_nav(library, 3, monkeypatch)
    nav = {list(e)[0]: list(e.values())[0] for e in entries}
    assert nav["责任分工"] == "agencies/index.md" and nav["逐条对照"] == "compare/index.md"
    assert sorted(unlisted) == sorted([f"agencies/a{k}.md" for k in range(4)]
                                      + [f"compare/doc-{k + 1}--doc-0.md" for k in range(4)])
    listed = [row["href"] for row in compare.index_context(library)["rows"]]
    assert listed == [f"doc-{k + 1}--doc-0.md" for k in range(4)]  # relative to compare/index.md


def _tagged(count: int, jurisdiction: str) -> list[Document]:
    docs = documents(count)
    for doc in docs:
        doc.meta.slug, doc.meta.jurisdiction = f"{jurisdiction}-{doc.slug}", {"cn": "国家", "gd": "广东省"}[jurisdiction]
        doc.source.name = f"{jurisdiction}-{doc.source.name}"  # facts are by source file
        doc.clauses = [Clause(anchor="p1", kind="paragraph", level=1, number="", title="", text="加强计量工作",
                              parent=None, line=1, end_line=1)]
    return docs


def _topic_page(docs: list[Document], jurisdictions: list[str]) -> str:
    topic = Topic("metrology", "计量", ("计量",))
    tags = {doc.slug: [TopicTag(doc.slug, "p1", "metrology", ("计量",), "加强计量工作")] for doc in docs}
    library = site(docs, CrossLinks([], {}), [topic], jurisdictions, tags)
    jurisdiction_order = [(name, [doc.slug for doc in group]) for name, group in library.groups]
    return environment().get_template("topic.md.j2").render(
        **topics.topic_context(topic, [(library.listings[doc.slug], tags) for doc, tags in library.tagged[topic.slug]],
                               jurisdiction_order))


def test_topic_page_gives_each_document_a_heading_while_they_are_few():
    docs = _tagged(TOPIC_HEADINGS_MAX, "gd")
    text = _topic_page(docs, ["广东省"])
    assert text.count("\n## [") == TOPIC_HEADINGS_MAX and "\n## 广东省" not in text


def test_topic_page_of_many_documents_has_a_heading_per_jurisdiction_only():
    national, guangdong = _tagged(TOPIC_HEADINGS_MAX, "cn"), _tagged(2, "gd")
    text = _topic_page(guangdong + national, ["国家", "广东省"])
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## 国家", "## 广东省"]  # the site's jurisdiction order, not the input's
    assert text.count("- **[") == TOPIC_HEADINGS_MAX + 2
    assert text.count("    - [") == TOPIC_HEADINGS_MAX + 2  # every clause still listed, under its document
    assert "(../cn-doc-0/index.md#p1)" in text
