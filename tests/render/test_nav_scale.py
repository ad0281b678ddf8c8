"""Every page carries the nav: in a large library it must not grow with the number of
documents, agencies or side-by-side pages (builder/render.py NAV_*), nor a topic page's table
of contents with the number of documents (pages/topics.py TOPIC_HEADINGS_MAX), nor a topic's
page with the size of the library (TOPIC_PAGE_MAX)."""
from __future__ import annotations

import re
from types import SimpleNamespace

from builder.model import (Agency, AlignedRow, Alignment, Clause, CrossLinks, Document, DocumentMeta, Facts,
                           SourceText, Topic, TopicTag)
from builder.pages import agencies, compare, documents as document_pages, home, page_kinds, topics
from builder.pages.site import Site
from builder.render import LIBRARY_SECTION, NAV_FLAT_MAX, NAV_LIST_MAX, NAV_SECTION_MAX, environment
from builder.pages.jurisdictions import OVERVIEW_TITLE, jurisdiction_pages, overview_md
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
    assert [list(s)[0] for s in library_nav(groups, ["国家", "广东省"])] == ["国家", "广东省"]


def test_large_library_nests_jurisdictions_so_other_pages_prune_them():
    national, guangdong = documents(NAV_SECTION_MAX + 1), documents(2)
    nav = library_nav([("国家", national), ("广东省", guangdong)], ["国家", "广东省"])
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
    grown = library_nav([("国家", [newer] + national), ("广东省", guangdong)], ["国家", "广东省"])[0][LIBRARY_SECTION]
    assert grown[0]["国家"][0] == jurisdictions[0]["国家"][0]


def test_overview_pages_of_jurisdictions_that_read_alike_are_apart():
    groups = [("山西省", documents(NAV_FLAT_MAX)), ("陕西省", documents(1)), ("国家", documents(1))]
    names = [name for name, _ in groups]
    assert jurisdiction_pages(groups, names) == {"山西省": "jurisdictions/shan-xi-sheng.md",
                                                 "陕西省": "jurisdictions/shan-xi-sheng-2.md", "国家": "jurisdictions/guo-jia.md"}
    assert jurisdiction_pages(groups[1:], names) == {}  # a small library's sections are never pruned


def test_a_jurisdiction_keeps_its_address_when_one_that_reads_alike_comes_or_goes():
    """Slugs follow the site's jurisdictions, those without documents too: 陕西省's documents
    do not move when 山西省 gets its first one or loses its last."""
    names = ["国家", "山西省", "陕西省"]
    without = [("国家", documents(NAV_FLAT_MAX)), ("陕西省", documents(1))]
    with_shanxi = without[:1] + [("山西省", documents(1))] + without[1:]
    assert jurisdiction_pages(without, names)["陕西省"] == jurisdiction_pages(with_shanxi, names)["陕西省"] \
        == "jurisdictions/shan-xi-sheng-2.md"


def test_a_long_name_gives_a_slug_a_file_can_have():
    long = "长" * 200
    slug = jurisdiction_pages([(long, documents(NAV_FLAT_MAX + 1))], [long])[long]
    assert len(slug) < 100 and slug.startswith("jurisdictions/chang-chang-")


def test_an_overview_page_is_titled_by_its_jurisdiction_for_tabs_and_bookmarks():
    """Its nav entry is OVERVIEW_TITLE, the same for every jurisdiction; the browser's title is not."""
    import yaml

    _, front, body = overview_md("山东省<b>", *documents(3)).split("---\n", 2)
    assert yaml.safe_load(front) == {"title": "山东省&lt;b&gt; · 全部文件"} and body.lstrip().startswith("# 山东省")


def test_a_jurisdiction_never_takes_the_name_of_a_folder_page():
    assert jurisdiction_pages([("Index", documents(NAV_FLAT_MAX + 1))], ["Index"]) == {"Index": "jurisdictions/index-2.md"}


def _home(docs: list[Document], jurisdictions: list[str]) -> str:
    library = site(docs, CrossLinks([], {}), [], jurisdictions)
    library.config.targets = SimpleNamespace(indicators=[])
    for facts in library.facts.values():
        facts.update(targets=[], milestones=[])
    [page] = home.pages(library)
    return page.make(*page.args)


def test_home_page_of_a_small_library_lists_every_document():
    text = _home(_tagged(NAV_FLAT_MAX - 2, "cn") + _tagged(2, "gd"), ["国家", "广东省"])
    assert text.count("(cn-doc-") == NAV_FLAT_MAX - 2 + 5 - 1  # the list, and the newest five again
    assert "### 国家 {: #j-1 }" in text and "[国家](#j-1) 28" in text


def test_home_page_of_a_large_library_links_each_jurisdiction_overview_instead():
    text = _home(_tagged(NAV_FLAT_MAX, "cn") + _tagged(2, "gd"), ["国家", "广东省"])
    assert "### " not in text and text.count("-doc-") == 5  # only the newest documents
    assert "- [国家](jurisdictions/guo-jia.md)：30 份文件" in text
    assert "- [广东省](jurisdictions/guang-dong-sheng.md)：2 份文件" in text
    assert "[国家](jurisdictions/guo-jia.md) 30 · [广东省](jurisdictions/guang-dong-sheng.md) 2" in text


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


METROLOGY = Topic("metrology", "计量", ("计量",))


def _topic_pages(docs: list[Document], jurisdictions: list[str]) -> dict[str, str]:
    """The topic pages of a library where every document has one clause on 计量: path -> Markdown."""
    tags = {doc.slug: [TopicTag(doc.slug, "p1", "metrology", ("计量",), "加强计量工作")] for doc in docs}
    library = site(docs, CrossLinks([], {}), [METROLOGY], jurisdictions, tags)
    return {page.path: page.make(*page.args) for page in topics.pages(library) if page.path.endswith(".md")}


def test_topic_page_gives_each_document_a_heading_while_they_are_few():
    pages = _topic_pages(_tagged(TOPIC_HEADINGS_MAX, "gd"), ["广东省"])
    assert set(pages) == {"topics/index.md", "topics/metrology.md"}
    text = pages["topics/metrology.md"]
    assert text.count("\n## [") == TOPIC_HEADINGS_MAX and "\n## 广东省" not in text
    # each heading's anchor is its document's slug (a number made from the title would move), newest first
    anchors = re.findall(r"\n## \[.*\{: #(\S+) \}", text)
    assert anchors[:2] == ["gd-doc-0", "gd-doc-1"] and anchors[-1] == f"gd-doc-{TOPIC_HEADINGS_MAX - 1}"  # undated
    late = _topic_pages(_tagged(12, "gd")[::-1], ["广东省"])["topics/metrology.md"]  # 10 of 2025, one of 2024, one undated
    assert re.findall(r"\{: #(\S+) \}", late)[-3:] == ["gd-doc-0", "gd-doc-10", "gd-doc-11"]


def test_topic_of_many_documents_has_an_overview_and_a_page_per_jurisdiction():
    national, guangdong = _tagged(TOPIC_HEADINGS_MAX, "cn"), _tagged(2, "gd")
    pages = _topic_pages(guangdong + national, ["国家", "广东省"])
    overview = pages["topics/metrology.md"]
    # one heading: the skip link and the table of contents lead to the list (toc_depth starts at h2)
    assert [line for line in overview.splitlines() if line.startswith("#")][1:] == ["## 按地区 {: #by-jurisdiction }"]
    assert "共 32 条" in overview
    rows = [line for line in overview.splitlines() if line.startswith("- ")]
    assert rows == ["- [国家](metrology/guo-jia.md)：30 份文件，30 条",  # the site's order of jurisdictions
                    "- [广东省](metrology/guang-dong-sheng.md)：2 份文件，2 条"]
    national_page = pages["topics/metrology/guo-jia.md"]
    assert national_page.count("\n## [") == TOPIC_HEADINGS_MAX and "(../../cn-doc-0/index.md#p1)" in national_page
    assert "[计量](../metrology.md)" in national_page and "# 计量 · 国家" in national_page
    assert pages["topics/metrology/guang-dong-sheng.md"].count("\n## [") == 2


def test_a_part_past_the_heading_limit_has_a_heading_per_year():
    national, guangdong = _tagged(TOPIC_HEADINGS_MAX + 11, "cn"), _tagged(1, "gd")
    text = _topic_pages(national + guangdong, ["国家", "广东省"])["topics/metrology/guo-jia.md"]
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## 2025年", "## 2024年", "## 2023年", "## 2022年", "## 日期不详"]
    assert text.count("- **[") == TOPIC_HEADINGS_MAX + 11 and text.count("    - [") == TOPIC_HEADINGS_MAX + 11


def test_a_jurisdiction_past_the_page_limit_gets_a_page_per_year(monkeypatch):
    monkeypatch.setattr(topics, "TOPIC_PAGE_MAX", 15)
    national, guangdong = _tagged(TOPIC_HEADINGS_MAX + 11, "cn"), _tagged(2, "gd")
    pages = _topic_pages(national + guangdong, ["国家", "广东省"])
    years = ["2025", "2024", "2023", "2022", "undated"]
    assert {f"topics/metrology/guo-jia/{y}.md" for y in years} | {"topics/metrology/guang-dong-sheng.md"} \
        | {"topics/metrology/guo-jia.md"} == set(pages) - {"topics/index.md", "topics/metrology.md"}
    assert "- [国家](metrology/guo-jia.md)：41 份文件，41 条：[2025年](metrology/guo-jia/2025.md)（10 份）、" \
        in pages["topics/metrology.md"]
    # the jurisdiction's own address stays a page: its years (it was the part before the split)
    national_page = pages["topics/metrology/guo-jia.md"]
    assert "# 计量 · 国家" in national_page and "[计量](../metrology.md)" in national_page
    assert "- [国家]" not in national_page and "[2025年](guo-jia/2025.md)（10 份）" in national_page
    assert "[日期不详](metrology/guo-jia/undated.md)（1 份）" in pages["topics/metrology.md"]
    assert "# 计量 · 国家 · 2024年" in pages["topics/metrology/guo-jia/2024.md"]
    assert "[计量](../../metrology.md)" in pages["topics/metrology/guo-jia/2024.md"]
    # every document on exactly one page
    listed = [line for path, text in pages.items() if path.count("/") > 1 for line in text.splitlines() if "## [" in line]
    assert len(listed) == len(national) + len(guangdong)
    # the parts are off the nav, reached from the topic's page
    tags = {doc.slug: [TopicTag(doc.slug, "p1", "metrology", ("计量",), "加强计量工作")] for doc in national + guangdong}
    library = site(national + guangdong, CrossLinks([], {}), [METROLOGY], ["国家", "广东省"], tags)
    entries, unlisted = topics.nav(library)
    assert entries == [{"专题索引": ["topics/index.md", {"计量": "topics/metrology.md"}]}]
    assert sorted(unlisted) == sorted(set(pages) - {"topics/index.md", "topics/metrology.md"})
