"""The header search box as readers use it, on a desktop (1280×900) and a phone (390×844, touch):
keyboard only, tapping a result in the document being read, and axe-core inside the box."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from .conftest import DESKTOP, PHONE

GD = "gd-quality-outline-2023/"
SCREENS = {"desktop": {"viewport": DESKTOP}, "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True}}
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

LINKS = "() => [...document.querySelectorAll('.md-search-result__list a.md-search-result__link')].map(a => a.href)"
ACTIVE = "() => document.activeElement.href || document.activeElement.className"
OPEN = "() => document.getElementById('__search').checked"


@pytest.fixture(params=list(SCREENS))
def screen(request) -> str:
    return request.param


@pytest.fixture
def context(browser, screen):
    """conftest's page fixture (requests stay on the site, no JavaScript error) on each screen."""
    context = browser.new_context(locale="zh-CN", **SCREENS[screen])
    yield context
    context.close()


def open_box(page, screen: str) -> None:
    """As a reader opens it: the header's search button on a phone, the box itself on a desktop."""
    if screen == "phone":
        page.locator("label.md-header__button[for=__search]").tap()
    else:
        page.locator("input.md-search__input").click()
    page.wait_for_function(OPEN)


def type_query(page, query: str) -> list[str]:
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item a")
    return page.evaluate(LINKS)


def focus_is_visible(page) -> bool:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }""")


def test_arrows_walk_the_results_and_enter_opens_one(page, base_url, screen):
    page.goto(base_url)
    page.keyboard.press("/")  # the site's shortcut to the box
    page.wait_for_function(OPEN)
    links = type_query(page, "首席质量官")
    assert len(links) >= 3
    page.keyboard.press("ArrowDown")
    assert page.evaluate(ACTIVE) == links[0] and focus_is_visible(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(ACTIVE) == links[2] and focus_is_visible(page)
    page.keyboard.press("ArrowUp")
    assert page.evaluate(ACTIVE) == links[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert "md-search__input" in page.evaluate(ACTIVE)  # back in the box, typing goes on
    with page.expect_navigation():
        page.keyboard.press("Enter")  # from the box: the first result
    assert page.url == links[0]


def test_enter_on_a_result_opens_it(page, base_url, screen):
    page.goto(base_url)
    page.keyboard.press("/")
    links = type_query(page, "质量贷")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == links[0]
    assert urlsplit(page.url).fragment == "s2-8"


def test_tab_reaches_the_results_and_leaving_closes_the_box(page, base_url, screen):
    page.goto(base_url)
    page.keyboard.press("/")
    links = type_query(page, "首席质量官")
    assert page.eval_on_selector_all(".md-search-result__list a", "els => els.filter(a => a.tabIndex < 0).length") == 0
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate(ACTIVE) == links[0]:
            break
    assert page.evaluate(ACTIVE) == links[0] and focus_is_visible(page)
    for _ in range(len(links) + 2):  # past the last result, out of the box
        page.keyboard.press("Tab")
    assert not page.evaluate("() => document.querySelector('.md-search').contains(document.activeElement)")
    assert not page.evaluate(OPEN)
    page.wait_for_function("() => getComputedStyle(document.querySelector('.md-search__overlay')).opacity === '0'")


def focus_on_what_is_seen(page) -> bool:
    return page.evaluate("""() => { const box = document.activeElement.getBoundingClientRect();
        return document.querySelector('.md-content').contains(document.activeElement)
               && box.bottom > 0 && box.top < innerHeight; }""")


def test_escape_after_a_search_link_lands_on_the_page(page, base_url, screen):
    """A ?q= link opens the box with nothing focused: Esc puts focus on the page's text, so Tab
    goes on from there, and a reload does not open the search again."""
    page.goto(base_url + GD + "?q=" + quote("质量贷"))
    page.wait_for_selector(".md-search-result__item a")
    page.keyboard.press("Escape")
    assert not page.evaluate(OPEN)
    assert focus_on_what_is_seen(page)
    assert "q=" not in page.url
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('.md-content').contains(document.activeElement)")


@pytest.mark.parametrize("opened", ["key", "click"])
def test_escape_with_nothing_focused_before_stays_where_the_reader_is(page, base_url, screen, opened):
    """Opened by "/" or a click with nothing focused, far down the page (#s4-10): Esc puts focus
    on what the reader sees there, so Tab goes on from there, not from the top of the page."""
    page.goto(base_url + GD + "#s4-10")
    page.wait_for_selector("#s4-10 .clause-tools__button")
    page.keyboard.press("/") if opened == "key" else open_box(page, screen)
    type_query(page, "质量贷")
    page.keyboard.press("Escape")
    assert not page.evaluate(OPEN)
    page.wait_for_function("() => scrollY > 1000")  # a phone's open box held the page at its top
    scrolled = page.evaluate("() => scrollY")
    assert focus_on_what_is_seen(page)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('.md-content').contains(document.activeElement)")
    assert abs(page.evaluate("() => scrollY") - scrolled) < page.viewport_size["height"]


def test_shift_tab_out_of_the_box_closes_it(page, base_url, screen):
    page.goto(base_url)
    page.keyboard.press("/")
    type_query(page, "质量")
    page.keyboard.press("Shift+Tab")
    assert not page.evaluate(OPEN)


def test_escape_closes_and_returns_to_where_the_reader_was(page, base_url, screen):
    page.goto(base_url + GD)
    page.wait_for_selector("#s4-10 .clause-tools__button")
    page.focus("#s4-10 .clause-tools__button[data-action=link]")
    page.keyboard.press("/")
    page.wait_for_function(OPEN)
    links = type_query(page, "质量贷")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(ACTIVE) == links[0]
    page.keyboard.press("Escape")
    assert not page.evaluate(OPEN)
    assert page.evaluate("() => document.activeElement.dataset.action") == "link"


@pytest.mark.parametrize("this_document", [False, True], ids=["all", "this-document"])
def test_a_result_in_the_document_being_read_lands_on_its_clause(page, base_url, screen, this_document):
    page.goto(base_url + GD)
    page.wait_for_selector("#s4-10 .clause-tools__button")
    open_box(page, screen)
    type_query(page, "检验检测")
    if this_document:  # 仅搜索本文件
        page.locator("[data-filter-this-document] input").check()
        page.wait_for_function("""() => { const a = [...document.querySelectorAll('.md-search-result__list a')];
            return a.length && a.every(l => l.href.includes('/gd-quality-outline-2023/')); }""")
    page.wait_for_timeout(500)  # as a reader does: the box has been open a moment (Material's scroll lock)
    link = page.locator(".md-search-result__list a[href*='/gd-quality-outline-2023/#']").last
    anchor = urlsplit(link.get_attribute("href")).fragment
    link.tap() if screen == "phone" else link.click()
    page.wait_for_function("a => document.getElementById(a).matches(':target')", arg=anchor)
    page.wait_for_timeout(600)  # whatever would scroll the page back has run
    assert not page.evaluate(OPEN)
    header = page.locator(".md-header").bounding_box()
    top = page.locator(f"#{anchor}").bounding_box()["y"]
    assert header["y"] + header["height"] <= top < header["y"] + header["height"] + 120, (anchor, top)
    background = page.locator(f"#{anchor}").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted, as on arrival


AXE_IN_BOX = """async () => {
    const result = await axe.run({include: [[".md-search"]]}, {resultTypes: ["violations"]});
    return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "));
}"""


@pytest.mark.parametrize("query", ["质量贷", "质量强生", "电梯安全", "没有这个词"])
def test_search_box_has_no_serious_axe_violation(page, base_url, screen, query):
    page.goto(base_url + GD)
    open_box(page, screen)
    page.keyboard.type(query)
    page.wait_for_function("""() => document.querySelector('.md-search-result__list').children.length > 0
        || document.querySelector('.md-search-result__meta').textContent.includes('没有找到')""")
    page.keyboard.press("ArrowDown")  # a result focused, as a keyboard reader has it
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_IN_BOX) == []
    assert page.get_attribute(".md-search", "aria-label")


# --------------------------------------------------------------------------- what a query finds
SETTLED = """() => document.querySelector('.md-search-result__list').children.length > 0
    || document.querySelector('.md-search-result__meta').textContent.includes('没有找到')"""
RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')].filter(li => li.querySelector('a'))
    .map(li => ({href: li.querySelector('a').getAttribute('href'), title: li.querySelector('h2').textContent,
                 marks: [...li.querySelectorAll('mark')].map(m => m.textContent)}))"""
NOTICE = "未找到完整短语，以下为部分匹配"
ANSWERED = "() => document.querySelector('.md-search-result').getAttribute('aria-busy') === 'false'"


def ask(page, query: str) -> tuple[list[dict], str]:
    """Type the query into the open box; the results (href, title, marked words) and the line above them."""
    box = page.locator("input.md-search__input")
    box.fill("")
    page.wait_for_function("() => document.querySelector('.md-search-result__list').children.length === 0")
    box.fill(query)
    page.wait_for_function(SETTLED)
    return page.evaluate(RESULTS), page.inner_text(".md-search-result__meta")


def clause(href: str) -> str:
    return href.split("/", 3)[-1].replace("/#", "#")


@pytest.mark.parametrize("query, expected, marked", [
    ("参与质量强省", "hi-quality-action-plan-2017#s3-6", "参与“质量强省"),  # printed 参与“质量强省”
    ("双随机一公开", "gd-quality-outline-2023#s9-26", "双随机、一公开"),
    ("双随机 一公开", "gd-quality-outline-2023#s9-26", "双随机、一公开"),
    ("首台套重大技术装备", "cn-quality-outline-2023#s5-12", "首台(套)重大技术装备"),
])
def test_punctuation_and_spaces_inside_a_phrase_do_not_matter(page, base_url, screen, query, expected, marked):
    page.goto(base_url)
    open_box(page, screen)
    results, line = ask(page, query)
    assert NOTICE not in line  # the phrase itself was found
    found = {clause(r["href"]): r for r in results}
    assert expected in found
    assert marked in found[expected]["marks"]


def test_a_near_miss_offers_the_library_s_word_and_partial_matches(page, base_url, screen):
    page.goto(base_url)
    open_box(page, screen)
    results, line = ask(page, "质量强生")  # 生 for 省: the same sound (sheng)
    assert line.startswith(NOTICE) and "“质量强”" in line
    assert results and all(r["marks"] and set(r["marks"]) == {"质量强"} for r in results)  # the matched words marked
    page.wait_for_function(ANSWERED)
    suggestion = page.locator(".md-search-result__suggestion").first
    assert suggestion.inner_text() == "质量强省"  # before 质量强国: it sounds like what was typed
    suggestion.tap() if screen == "phone" else suggestion.click()
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('部分匹配')")
    page.wait_for_function(SETTLED)
    assert page.locator("input.md-search__input").input_value() == "质量强省"
    assert all("质量强省" in r["marks"] for r in page.evaluate(RESULTS) if "#" in r["href"])


def test_a_missing_word_is_named_not_silently_dropped(page, base_url, screen):
    page.goto(base_url)
    open_box(page, screen)
    results, line = ask(page, "电梯安全")  # no text of the library has 电梯
    assert line.startswith(NOTICE) and "文库中没有“电梯”" in line
    assert results and all("安全" in r["marks"] for r in results)
    page.wait_for_function(ANSWERED)
    assert not page.locator(".md-search-result__suggestion").count()  # nothing near 电梯安全 to offer


def test_terms_typed_apart_find_sections_holding_both_not_only_the_phrase(page, base_url, screen):
    page.goto(base_url)
    open_box(page, screen)
    phrase, _ = ask(page, "品牌质量")
    apart, _ = ask(page, "品牌 质量")
    assert len(apart) > len(phrase)
    assert {r["href"] for r in phrase} <= {r["href"] for r in apart}


def test_terms_never_in_one_section_get_the_parts_found(page, base_url, screen):
    page.goto(base_url)
    open_box(page, screen)
    results, line = ask(page, "首席质量官 检验检测")  # each is found, never both in one section
    assert line.startswith(NOTICE) and "“首席质量官”" in line and "“检验检测”" in line and results


@pytest.mark.parametrize("query", ["检验检测", "计量", "质量强省", "标准化"])
def test_every_result_shows_the_query(page, base_url, screen, query):
    """No result is there for its document's title alone (an untitled opening paragraph, 各县（区）人民政府：)."""
    page.goto(base_url)
    open_box(page, screen)
    results, _ = ask(page, query)
    assert results and all(query in r["marks"] for r in results), [r for r in results if query not in r["marks"]]


def test_filter_controls_are_targets_a_finger_can_hit(page, base_url, screen):
    page.goto(base_url + GD)
    open_box(page, screen)
    page.wait_for_selector(".md-search__filters:not([hidden])")
    heights = page.evaluate("""() => [...document.querySelectorAll('.md-search__filters .md-search__filter')]
        .filter(e => !e.hidden).map(e => e.getBoundingClientRect().height)""")
    assert len(heights) == 4 and min(heights) >= 24, heights


def test_a_text_of_one_long_run_of_characters_is_read(page, base_url):
    """A clause of 300,000 characters without punctuation (units.push(...run) overflowed the stack)."""
    page.goto(base_url)
    assert page.evaluate("() => window.PolicySearch.unitsOf('质'.repeat(300000)).length") == 300000


def test_a_part_found_twice_is_named_once(page, base_url, screen):
    page.goto(base_url)
    open_box(page, screen)
    _, line = ask(page, "安全电梯安全")
    assert line.startswith(NOTICE) and line.count("“安全”") == 1 and "文库中没有“电梯”" in line


@pytest.mark.parametrize("query", ["旅游投诉", "怎么保证食品安全", "质量墙省"])
def test_every_partial_match_shows_what_it_holds(page, base_url, screen, query):
    page.goto(base_url)
    open_box(page, screen)
    results, line = ask(page, query)
    assert line.startswith(NOTICE) and results
    assert all(r["marks"] for r in results), [r for r in results if not r["marks"]]


def test_nothing_close_says_so(page, base_url, screen):
    page.goto(base_url)
    open_box(page, screen)
    results, line = ask(page, "咖啡猫狗")
    assert results == [] and "没有找到" in line


def test_a_query_of_punctuation_alone_says_what_is_searched(page, base_url, screen):
    page.goto(base_url)
    open_box(page, screen)
    page.locator("input.md-search__input").fill("，。、“”")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('标点和空格不参与搜索')")


def test_more_results_keep_the_keyboard_on_the_first_new_one(page, base_url, screen):
    page.goto(base_url)
    open_box(page, screen)
    results, _ = ask(page, "质量")
    more = page.locator(".md-search-result__more-button")
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll('a.md-search-result__link').length > {len(results)}")
    links = page.evaluate(LINKS)
    assert page.evaluate(ACTIVE) == links[len(results)]  # not the page's body: the button it pressed is gone


@pytest.mark.parametrize("query", ["标准化", "计量", "品牌", "检验检测", "质量基础设施", "服务质量", "知识产权"])
def test_a_clause_titled_with_the_query_ranks_above_passing_mentions(page, base_url, screen, query):
    page.goto(base_url)
    open_box(page, screen)
    results, _ = ask(page, query)
    titled = [query in r["title"] for r in results if "#" in r["href"]]
    assert titled and titled == sorted(titled, reverse=True), titled  # every titled one first
    if query == "标准化":  # the clause devoted to it (was 14th)
        assert clause(next(r["href"] for r in results if "#" in r["href"])) == "hi-quality-action-plan-2017#s3-5-1"


def test_the_box_encodes_queries_as_the_index_does(page, base_url, screen):
    """search-pagefind.js bigrams against builder/pagefind.py bigrams, on tricky and random texts."""
    import random

    from builder.pagefind import bigrams

    rng = random.Random(17)
    alphabet = list("空气质量强省参与一") + list("“”、，。（）() -+/%.．") + list("GBTx0129h") + ["\u3000", "\n"]
    texts = ["参与“质量强省”", "2025年", "12345热线", "GB/T 9704-2012", "98.5%", "（一）", "h3135427668", "首台（套）"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16))) for _ in range(300)]
    page.goto(base_url)
    got = page.evaluate("texts => texts.map(window.PolicySearch.bigrams)", texts)
    assert got == [bigrams(t) for t in texts]
