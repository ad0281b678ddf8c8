"""The built site is searched with Pagefind over one record per document, its sections' text
as Latin-encoded character bigrams (builder/pagefind.py); the search box (search-pagefind.js)
encodes the query the same way."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from builder.extract.sections import sections
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.pagefind import (FILTERS_FILE, HAN_PREFIX, PINYIN_FILE, RECORD_FILTER, TEXT_PREFIX, TITLE_PREFIX, TOKEN_RE,
                              SearchDocument, SearchRecord, bigrams, han_word, index_shard, title_words)

from ..search_records import search_records, search_sections, shown

SCRIPTS = Path(__file__).resolve().parents[2] / "docs_templates" / "pagefind" / "assets" / "javascripts"


def test_bigrams_are_overlapping_pairs_with_latin_words_kept():
    assert bigrams("空气质量达到98%以上") == " ".join(
        [han_word("空气"), han_word("气质"), han_word("质量"), han_word("量达"), han_word("达到"), "x98", han_word("以上")])
    assert bigrams("“河长制”") == " ".join([han_word("河长"), han_word("长制")])
    assert bigrams("（一）") == han_word("一")  # a lone character stays itself
    assert bigrams("GB/T 9704-2012") == "xGB xT x9704 x2012"
    assert bigrams("98.5%") == "x98.5" and bigrams("——，。") == ""


def test_punctuation_and_spaces_inside_a_phrase_do_not_matter():
    """参与“质量强省” is found by 参与质量强省: the pairs run across what is not a letter, a digit
    or a Han character; a run of letters and digits still stands between two Han runs."""
    assert bigrams("参与“质量强省”建设") == bigrams("参与质量强省建设") == bigrams("参与 质量强省 建设")
    assert bigrams("双随机、一公开") == bigrams("双随机一公开")
    assert han_word("与质") in bigrams("参与“质量强省”").split()
    assert bigrams("首台（套）") == " ".join([han_word("首台"), han_word("台套")])
    assert bigrams("热线12345热线") == " ".join([han_word("热线"), "x12345", han_word("热线")])  # no pair across 12345


def test_titles_have_a_namespace_of_their_own():
    assert title_words("1.加强标准化建设") == " ".join(TITLE_PREFIX + w for w in bigrams("1.加强标准化建设").split())
    assert TITLE_PREFIX not in (HAN_PREFIX, TEXT_PREFIX)
    # no word of a text starts like a title word: a literal th3135427668 is xth3135427668
    assert bigrams(title_words("空气")) == "x" + title_words("空气")


def test_han_words_are_latin_and_distinct():
    assert re.fullmatch(r"h\d+", han_word("质量"))
    assert han_word("质量") != han_word("量质") and han_word("一") != han_word("一一")


def test_a_literal_encoded_han_word_in_a_text_is_not_that_han_word():
    assert han_word("空气") == "h3135427668"
    assert bigrams("h3135427668") == "xh3135427668"  # the text's own word, not 空气's


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("hHx0123456789.．abz /-%空气质量")), max_size=30))
def test_no_text_can_pass_for_a_han_word(text):
    """Pagefind lowercases words and matches their starts: a word from letters and digits must
    not begin like any Han word, and every Han word has the one form han_word gives it."""
    for word in bigrams(text).split():
        if word.startswith(HAN_PREFIX):
            assert re.fullmatch(rf"{HAN_PREFIX}(\d{{5}}){{1,2}}", word)
        else:
            assert word.startswith(TEXT_PREFIX) and not word.lower().startswith(HAN_PREFIX)
    assert not any(w.startswith(HAN_PREFIX) for w in bigrams(re.sub("[空气质量]", " ", text)).split())


def test_search_box_encodes_queries_with_the_same_rule():
    js = (SCRIPTS / "search-pagefind.js").read_text(encoding="utf-8")
    assert f'const HAN_PREFIX = "{HAN_PREFIX}";' in js and f'const TEXT_PREFIX = "{TEXT_PREFIX}";' in js
    assert f'const TITLE_PREFIX = "{TITLE_PREFIX}";' in js
    assert "const hanWord = (chars) => HAN_PREFIX + [...chars].map((c) => c.codePointAt(0)).join(\"\");" in js
    assert 'words.push(TEXT_PREFIX + token.replace("．", "."))' in js
    query = (SCRIPTS / "search-query.js").read_text(encoding="utf-8")
    assert f"const TOKEN = /{TOKEN_RE.pattern}/g;" in query  # the query's words are the index's words
    assert f'"{PINYIN_FILE}"' in (SCRIPTS / "pagefind-search.js").read_text(encoding="utf-8")
    assert f'"{FILTERS_FILE}"' in (SCRIPTS / "pagefind-search.js").read_text(encoding="utf-8")


def test_every_document_is_a_record_holding_every_section(built_site):
    site, result = built_site
    records = {shown(r)["url"]: r for r in search_records(site)}
    found = {r["url"]: r for r in search_sections(site)}
    for doc in result.documents:
        record = records[f"{doc.slug}/"]
        assert shown(record)["document"] == doc.meta.title
        assert record["filters"]["document"] == [doc.slug]
        assert record["filters"]["jurisdiction"] == [doc.meta.jurisdiction or "未分类"]
        if doc.meta.kind:
            assert record["filters"]["kind"] == [doc.meta.kind]
        assert found[f"{doc.slug}/"]["title"] == doc.meta.title  # the document itself: its title finds the page
        for section in sections(doc):
            assert found[f"{doc.slug}/#{section.anchor}"]["text"].split() == section.text.split()
    assert len(records) == len(result.documents)
    assert len(found) == sum(1 + len(sections(d)) for d in result.documents)
    assert not (site / "search" / "search_index.json").exists()  # Material's search plugin is off


def test_a_record_reaches_the_box_as_written_and_is_not_indexed_as_words(tmp_path):
    """Pagefind collapses whitespace in a value and deletes its ___PAGEFIND_ markers; a record's
    data is none of the index's words (Pagefind 1.5 indexes metadata, so it is a filter's value)."""
    text = "第一章　　总则  ___PAGEFIND_WEIGHT___2 保持\u00a0原样 <b>&amp;</b>"
    record = SearchDocument("qqzzdoc/", "文件", (SearchRecord("qqzzdoc/#s1", "一、总则", text, ("计量",)),),
                            (("document", "qqzzdoc"),))
    index_shard([record], tmp_path / "bundle")
    (fragment,) = (tmp_path / "bundle" / "fragment").iterdir()
    data = gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):]
    assert json.loads(json.loads(data)["filters"][RECORD_FILTER][0]) == record.data()
    index = b"".join(gzip.decompress(chunk.read_bytes()) for chunk in (tmp_path / "bundle" / "index").iterdir())
    assert b"qqzz" not in index and han_word("总则").encode() in index


def test_topic_filter_names_the_topics_of_a_section_and_of_the_sections_it_sits_in(built_site):
    site, result = built_site
    found = search_sections(site)
    topics = {t for r in found for t in r["topics"]}
    assert "计量" in topics and not any(re.fullmatch(r"[a-z-]+", t) for t in topics)  # names, not slugs
    for record in search_records(site):  # a document is found under the topics of its sections
        assert set(record["filters"].get("topic", [])) == {t for r in found if r["document"] == shown(record)["document"]
                                                            for t in r["topics"]}


def test_filter_values_the_box_lists_are_those_of_the_records(built_site):
    """pagefind/filters.json (read by the box instead of Pagefind's filter chunks, which grow
    with the library): each filter's values over all records, the document filter left out."""
    import json

    site, _ = built_site
    listed = json.loads((site / "pagefind" / FILTERS_FILE).read_text("utf-8"))
    found: dict[str, set[str]] = {}
    for record in search_records(site):
        for name, values in record["filters"].items():
            found.setdefault(name, set()).update(values)
    del found["document"], found[RECORD_FILTER]
    assert {name: set(values) for name, values in listed.items()} == found
    assert {"jurisdiction", "kind", "topic"} <= set(listed) and "广东省" in listed["jurisdiction"]


def test_header_search_box_is_answered_by_pagefind(built_site):
    site, _ = built_site
    html = (site / "cn-quality-outline-2023" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-search__input"' in html and "data-pagefind-search" in html
    assert 'data-md-component="search"' not in html  # Material's own search must not mount too
    assert 'data-search-document="cn-quality-outline-2023"' in html  # for 仅搜索本文件
    for script in SCRIPTS.glob("*.js"):
        assert (site / "assets" / "javascripts" / script.name).is_file()


def test_pinyin_of_the_library_characters_for_suggestions(built_site):
    """pagefind/pinyin.json: every Han character of the records with its toneless readings, so
    the box can prefer 质量强省 for 质量强生 (生 and 省 are both sheng)."""
    import json

    site, result = built_site
    readings = json.loads((site / "pagefind" / PINYIN_FILE).read_text("utf-8"))
    assert "sheng" in readings["省"].split() and readings["生"] == "sheng"
    assert set(readings["长"].split()) == {"chang", "zhang"}
    texts = "".join(s.text for doc in result.documents for s in sections(doc))
    assert set(re.findall("[\u4e00-\u9fff]", texts)) <= set(readings)
