"""What a reader sees around the texts: the 404 page, the footer, phone layouts, print,
links to clauses that do not exist, metadata."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

GD = "gd-quality-outline-2023/"


def test_404_page_in_chinese_offers_search_and_home(page, base_url):
    page.expected_errors.append("status of 404")  # the page itself answers 404
    response = page.goto(base_url + "no-such-document/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "找不到该页面（404）"
    assert "Not found" not in page.locator("article").inner_text()
    home = page.get_by_role("link", name="返回质量政策文库首页")
    assert urlsplit(home.evaluate("a => a.href")).path == "/"
    page.get_by_label("搜索文库").fill("质量贷")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == ["质量贷"])
    assert urlsplit(page.url).path == "/"
    page.wait_for_selector(".md-search-result__item")  # the home page opened with the results


def test_footer_says_what_the_site_is(page, base_url):
    for path in ("", GD, "targets/"):
        page.goto(base_url + path)
        footer = page.locator(".md-footer").inner_text()
        assert "Made with" not in footer and "Material for MkDocs" not in footer
        assert "质量政策文库" in footer and "文本来源" in footer
