"""Clause tools, highlight, print and accessibility on the built site, in chromium."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

GD = "gd-quality-outline-2023/"
GD_4_10 = "《广东省质量强省建设纲要》四、（十）提高农产品食品药品质量安全水平"
DRAFT = "hi-quality-opinion-draft-2023/"


def open_doc(page, url):
    page.goto(url)
    page.wait_for_selector(".clause-tools__button")  # tools are added once the document data loaded


def copy_short_citation(page, anchor):
    """复制引文 opens the menu of citation forms; 简短引文 is today's form."""
    page.click(f"#{anchor} .clause-tools__button[data-action=citation]")
    page.click(".clause-menu__item[data-form=short]")
    page.wait_for_function("() => document.querySelector('.clause-announce').textContent === '已复制简短引文'")


def test_copy_citation_puts_citation_and_url_on_clipboard(page, base_url):
    open_doc(page, base_url + GD)
    copy_short_citation(page, "s4-10")
    assert page.evaluate("navigator.clipboard.readText()") == f"{GD_4_10} {base_url}{GD}#s4-10"


def test_copy_citation_names_draft_status(page, base_url):
    open_doc(page, base_url + DRAFT)
    copy_short_citation(page, "s2-8")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("《关于推进质量强省建设强基突破跨越助力海南自由贸易港高质量发展的意见》（第二次征求意见稿）二、（八）")
    assert text.endswith(f" {base_url}{DRAFT}#s2-8")


def test_copy_link_from_keyboard(page, base_url):
    open_doc(page, base_url + GD)
    page.focus("#s4-10 .clause-tools__button[data-action=link]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.clause-announce').textContent === '已复制链接'")
    assert page.evaluate("navigator.clipboard.readText()") == f"{base_url}{GD}#s4-10"
    status = page.locator(".clause-announce")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"


def test_every_clause_of_a_document_has_tools(page, base_url, site):
    open_doc(page, base_url + GD)
    data = json.loads((site / "data" / "docs" / "gd-quality-outline-2023.json").read_text("utf-8"))
    anchors = [c["anchor"] for c in data["clauses"]]
    with_tools = page.eval_on_selector_all(".clause-tools", "els => els.map(e => e.parentElement.id)")
    assert sorted(with_tools) == sorted(anchors)


def test_arriving_at_clause_highlights_it_below_the_header(page, base_url):
    page.goto(base_url + GD + "#s4-10")
    clause = page.locator("#s4-10")
    page.wait_for_function("() => document.querySelector('#s4-10').matches(':target')")
    background = clause.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    header = page.locator(".md-header").bounding_box()
    box = clause.bounding_box()
    assert header["y"] + header["height"] <= box["y"] < header["y"] + header["height"] + 120


def test_toc_follows_the_clause(page, base_url):
    page.goto(base_url + GD + "#s4-10")
    page.wait_for_selector(".md-sidebar--secondary .md-nav__link--active[href='#s4-10']")


def test_link_to_another_clause_shows_its_text(page, base_url, site):
    # Previews come from data/docs/<slug>.json: any link to a clause works, here one put on
    # the home page for the test (the site's own cross-references arrive with other issues).
    page.goto(base_url)
    page.evaluate("""href => {
        const a = document.createElement('a'); a.href = href; a.textContent = '四、（十）';
        document.querySelector('.md-content article').appendChild(a); }""", GD + "#s4-10")
    page.hover(f".md-content article a[href='{GD}#s4-10']")
    tooltip = page.locator("#clause-preview")
    tooltip.wait_for(state="visible")
    assert GD_4_10 in tooltip.inner_text()
    assert "四个最严" in tooltip.inner_text()
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden")


def test_print_hides_site_chrome_keeps_numbers_and_shows_url(page, base_url):
    open_doc(page, base_url + GD)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer", ".clause-tools"):
        assert all(not el.is_visible() for el in page.query_selector_all(selector)), selector
    assert page.locator("#s4-10").inner_text().startswith("（十）")
    url = page.locator(".print-url")
    assert url.is_visible() and url.inner_text() == base_url + GD
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_html_lang_and_heading_order(page, base_url):
    for path in ["", GD, DRAFT, "cn-quality-outline-2023/", "hi-quality-action-plan-2017/",
                 "hi-quality-opinion-news-2024/"]:
        page.goto(base_url + path)
        assert page.get_attribute("html", "lang") == "zh-CN"
        levels = page.eval_on_selector_all(
            ".md-content article :is(h1,h2,h3,h4,h5,h6)", "els => els.map(e => +e.tagName[1])")
        assert levels[0] == 1 and levels.count(1) == 1, path
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert not jumps, f"/{path}: heading level skipped {jumps}"


def test_controls_reachable_by_keyboard_with_visible_focus(page, base_url):
    open_doc(page, base_url + GD)

    def tab_until(class_name: str, presses: int = 40) -> str:
        for _ in range(presses):
            page.keyboard.press("Tab")
            found = page.evaluate("""name => { const e = document.activeElement;
                return e.classList.contains(name) ? getComputedStyle(e).outlineStyle : null; }""", class_name)
            if found:
                return found
        raise AssertionError(f"{class_name} not reached in {presses} Tab presses")

    tab_until("md-search__input")  # from the top of the page: skip link, header, then search
    # from the start of the text (past the navigation): the first clause's buttons
    page.evaluate("""() => { const h = document.querySelector('.md-content article h1');
        h.tabIndex = -1; h.focus(); }""")
    assert tab_until("clause-tools__button") != "none"  # focus is visible


@pytest.mark.parametrize("path", ["", GD])
def test_no_request_leaves_the_site(page, base_url, path):
    # The page fixture fails on any request to another origin; this walks a page and a search.
    page.goto(base_url + path)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("质量")
    page.locator("input.md-search__input").press("End")
    page.wait_for_selector(".md-search-result__item")
    assert any("/pagefind/" in u for u in page.requests)  # the search did run, on the site's own index


def test_download_full_text(page, base_url):
    page.goto(base_url + GD)
    with page.expect_download() as download:
        page.click("a.doc-download")
    text = Path(download.value.path()).read_text("utf-8")
    assert download.value.suggested_filename == "gd-quality-outline-2023.txt"
    assert "（十）提高农产品食品药品质量安全水平。严格落实食品安全“四个最严”要求" in text
    assert "\u3000" not in text.splitlines()[2]  # cleaned: leading ideographic spaces gone
