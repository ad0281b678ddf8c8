"""发文机关 (builder/pages/issuers.py): every issuing organ with its documents, one page, in the nav."""
from __future__ import annotations

from types import SimpleNamespace

from builder.pages.issuers import ISSUERS_PAGE, issuer_entries, issuers_md, organs, pages
from builder.render import environment, use_templates
from builder.site_names import site_path
from tests.xref_docs import document


def doc(slug: str, issuer: str, date: str, title: str = ""):
    d = document(slug, [], title=title or slug)
    d.meta.issuer, d.meta.date = issuer, date
    return d


def test_a_joint_issuer_is_each_of_its_organs():
    assert organs("中共广东省委 广东省人民政府") == ["中共广东省委", "广东省人民政府"]
    assert organs("中共中央、国务院") == ["中共中央", "国务院"]
    assert organs("") == []


def test_organs_by_count_then_documents_newest_first():
    site = SimpleNamespace(docs=[doc("a", "国务院", "2013-03-02"), doc("b", "中共中央 国务院", "2023-02-06"),
                                 doc("c", "", "2020")])
    entries = issuer_entries(site)
    assert [organ for organ, _ in entries] == ["国务院", "中共中央", "发文机关不详"]
    assert [href for _, href, _, _ in entries[0][1]] == ["../b/index.md", "../a/index.md"]


def test_the_page_escapes_names_and_titles():
    use_templates(environment())
    text = issuers_md([("<b>局</b>", [("标题|<i>x</i>", "../a/index.md", "2024", "")])])
    assert "<b>" not in text and "<i>" not in text and "[标题" in text
    assert pages(SimpleNamespace(docs=[]))[0].path == ISSUERS_PAGE


def test_issuers_is_reserved_from_slugs():
    assert site_path("Issuers") == "/issuers/"


def test_the_built_site_has_the_page_in_its_nav(built_site):
    site = built_site[0]
    page = (site / "issuers" / "index.html").read_text(encoding="utf-8")
    assert "广东省人民政府" in page and "../gd-quality-outline-2023/" in page
    assert "发文机关" in (site / "index.html").read_text(encoding="utf-8")  # the nav entry
