"""The built site is searched with Pagefind: its index exists, holds the documents (not the
home page), and every document page carries the filters the search box offers."""
from __future__ import annotations

import json
import re


def test_pagefind_indexes_every_document_and_nothing_else(built_site):
    site, result = built_site
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["zh"]["page_count"] == len(result.documents)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "search" / "search_index.json").exists()  # Material's search plugin is off


def test_document_pages_carry_search_filters(built_site):
    site, result = built_site
    for doc in result.documents:
        html = (site / doc.slug / "index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" in html
        filters = dict(re.findall(r'data-pagefind-filter="(\w+)">([^<]*)<', html))
        assert filters["document"] == doc.slug
        assert filters["jurisdiction"] == (doc.meta.jurisdiction or "未分类")
        if doc.meta.kind:
            assert filters["kind"] == doc.meta.kind
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in home


def test_header_search_box_is_answered_by_pagefind(built_site):
    site, _ = built_site
    html = (site / "cn-quality-outline-2023" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-search__input"' in html and "data-pagefind-search" in html
    assert 'data-md-component="search"' not in html  # Material's own search must not mount too
    assert (site / "assets" / "javascripts" / "pagefind-search.js").is_file()
