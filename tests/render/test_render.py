"""Rendering: source text is data; citations use the document's own numbering."""
from __future__ import annotations

import html as html_lib
import re

from builder.render import attr_text, md

from ..hostile_build import render_markdown

to_html = render_markdown


def test_markdown_and_html_metacharacters_render_literally():
    hostile = '<script>alert(1)</script> [点我](javascript:alert(1)) *x* _y_ `z` {: onclick="alert(1)" } | a | b |'
    html = to_html(md(hostile) + "\n{: #p1 }")
    assert "<script" not in html and "onclick=" not in html and "href=" not in html
    assert "<em>" not in html and "<code>" not in html and "<table" not in html
    assert html_lib.unescape(re.sub(r"<[^>]+>", "", html)) == hostile


def test_list_and_rule_openers_stay_text():
    for text, visible in (("1. 一项", "1. 一项"), ("- 一项", "- 一项"), ("---", "---"), ("# 不是标题", "# 不是标题")):
        html = to_html(md(text))
        assert html.startswith("<p>") and "<ol>" not in html and "<ul>" not in html and "<hr" not in html
        assert visible.replace("#", "&#35;") in html.replace("&#45;", "-").replace("&#46;", ".") or visible in html


def test_attr_text_cannot_close_the_attribute():
    assert attr_text('标题" onclick="x" }') == "标题 onclick=x "


def test_links_between_pages_are_what_relpath_gives():
    import itertools
    import posixpath

    from builder.render_links import href

    pages = ["index.md", "a/index.md", "a/b/index.md", "a/2023-06/index.md", "topics/x.md", "compare/a--b.md"]
    for to, origin in itertools.product(pages, pages):
        if to != origin:
            assert href(origin, to, "s1") == posixpath.relpath(to, posixpath.dirname(origin) or ".") + "#s1"
