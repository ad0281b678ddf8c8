"""Drop-in documents: metadata read from the text when documents.yml has no entry."""
from __future__ import annotations

import pytest

from builder.build import read_document
from builder.cache import ParseCache
from builder.derive import TextMeta, iso_date, resolve_meta, slug_from_text
from builder.model import DocumentMeta, Version


@pytest.mark.parametrize("text, iso", [
    ("二○一一年八月三十一日", "2011-08-31"),  # ○ (U+25CB), as printed in 国发〔2011〕26号
    ("二〇二三年二月六日", "2023-02-06"),
    ("2013年3月2日", "2013-03-02"),
    ("（2017年2月24日）", "2017-02-24"),
    ("2023年13月1日", ""),
    ("为贯彻2023年2月6日印发的纲要", ""),
])
def test_dates_in_arabic_and_chinese_numerals(text, iso):
    assert iso_date(text) == iso


@pytest.mark.parametrize("prefix, slug, title, date, doc_number", [
    ("01", "guofa-2013-10", "计量发展规划（2013-2020年）", "2013-03-02", "国发〔2013〕10号"),
    ("02", "guofa-2018-42", "国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见", "2018-12-21", "国发〔2018〕42号"),
    ("06", "guofa-2011-26", "“十二五”节能减排综合性工作方案", "2011-08-31", "国发〔2011〕26号"),
])
def test_state_council_texts_without_entry(corpus_docs, prefix, slug, title, date, doc_number):
    doc = corpus_docs[prefix]
    meta = doc.meta
    assert (meta.slug, meta.title, meta.date, meta.doc_number) == (slug, title, date, doc_number)
    assert meta.issuer == "国务院" and meta.jurisdiction == "国家" and meta.derived
    warning = doc.warnings[0]
    assert warning.code == "no-metadata" and warning.file == doc.source.name
    assert f"slug: \"{slug}\"" in warning.hint and "site_config/documents.yml" in warning.hint


def test_status_line_is_read(tmp_path, config):
    path = tmp_path / "draft.txt"
    path.write_text("关于加强计量工作的意见\n（征求意见稿）\n一、总体要求\n（一）目标。到2025年，计量能力明显提升。\n",
                    encoding="utf-8")
    doc, _ = read_document(path, config, set(), ParseCache(None))
    assert doc.meta.status == "征求意见稿" and doc.meta.title == "关于加强计量工作的意见"
    assert doc.meta.kind == "意见" and doc.meta.jurisdiction == "未分类"


def test_documents_yml_overrides_what_the_text_says(corpus_docs, config):
    doc = corpus_docs["02"]
    configured = DocumentMeta(slug="nongji-2018", source=doc.source.name, title="农机意见", jurisdiction="国家",
                              date="2018-11")
    meta, warnings = resolve_meta(doc, configured, config.jurisdictions, set())
    assert warnings == [] and not meta.derived
    assert (meta.slug, meta.title, meta.date) == ("nongji-2018", "农机意见", "2018-11")  # text says 2018-12-21
    assert meta.doc_number == "国发〔2018〕42号" and meta.issuer == "国务院"  # gaps filled from the text


@pytest.mark.parametrize("configured, shown", [
    ("2018", "2018-12-21"),  # documents.yml knows the year, the text the day: the day is shown
    ("2018-12", "2018-12-21"),
    ("2018-12-21", "2018-12-21"),
    ("2019", "2019"),  # the text says another date: documents.yml wins
    ("", "2018-12-21"),
])
def test_the_fullest_date_known_is_shown(corpus_docs, config, configured, shown):
    doc = corpus_docs["02"]  # signed 2018年12月21日
    meta = DocumentMeta(slug="nongji-2018", source=doc.source.name, title="农机意见", date=configured)
    assert resolve_meta(doc, meta, config.jurisdictions, set())[0].date == shown


def test_a_version_keeps_its_date(corpus_docs, config):
    """A version's date is its pinned page's address (/<slug>/<date>/): never lengthened."""
    doc = corpus_docs["02"]
    meta = DocumentMeta(slug="nongji-2018", source=doc.source.name, title="农机意见", date="2018",
                        versions=[Version(source=doc.source.name, date="2018")])
    assert resolve_meta(doc, meta, config.jurisdictions, set())[0].date == "2018"


def test_derived_slugs_never_collide(corpus_docs, config):
    meta, _ = resolve_meta(corpus_docs["02"], None, config.jurisdictions, {"guofa-2018-42", "guofa-2018-42-2"})
    assert meta.slug == "guofa-2018-42-3"


def test_slug_without_doc_number_uses_issuer_and_date():
    assert slug_from_text(TextMeta("标题", "国务院办公厅", "2018-12-21", "", ""), "ab" * 32) == "gwybgt-2018-12-21"
    assert slug_from_text(TextMeta("质量工作要点", "", "", "", ""), "ab" * 32) == "zlgzyd"
    assert slug_from_text(TextMeta("《》", "", "", "", ""), "ab" * 32) == "doc-abababab"
