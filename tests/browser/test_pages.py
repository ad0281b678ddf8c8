"""What a reader sees around the texts: the 404 page, the footer, phone layouts, print,
links to clauses that do not exist, metadata."""
from __future__ import annotations

import re
import subprocess
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


def open_doc(page, url):
    page.goto(url)
    page.wait_for_selector(".clause-tools__button")  # tools are added once the document data loaded


PARAGRAPH_HEIGHTS = """() => [...document.querySelectorAll('.md-content p.clause')]
    .filter(p => p.querySelector(':scope > .clause-tools')).map(p => p.getBoundingClientRect().height)"""


def test_copy_buttons_add_no_blank_lines_on_a_phone(phone, base_url):
    for path in (GD, "hi-quality-action-plan-2017/", "cn-quality-outline-2023/"):
        open_doc(phone, base_url + path)
        with_tools = phone.evaluate(PARAGRAPH_HEIGHTS)
        assert len(with_tools) > 10
        phone.add_style_tag(content=".clause-tools { display: none !important; }")
        assert phone.evaluate(PARAGRAPH_HEIGHTS) == with_tools, path


def test_copy_buttons_are_tap_targets_of_24_px(phone, base_url):
    # a paragraph (tools shown on arrival) and a heading (tools always shown)
    for anchor in ("s4-10-p1", "s4-10"):
        open_doc(phone, base_url + GD + "#" + anchor)
        for button in phone.locator(f"[id='{anchor}'] > .clause-tools .clause-tools__button").all():
            box = button.bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, (anchor, box)
        # and the reader can tap it: nothing lies over the button
        button = phone.locator(f"[id='{anchor}'] > .clause-tools [data-action=link]")
        button.click(trial=True)


def test_phone_metadata_leaves_the_text_on_the_first_screen(phone, base_url):
    for path in (GD, "hi-quality-opinion-draft-2023/", "hi-quality-action-plan-2017/"):
        phone.goto(base_url + path)
        meta = phone.locator(".doc-meta").bounding_box()
        assert meta["y"] + meta["height"] < 844 * 0.6, path
        first = phone.locator(".md-content article .clause").first.bounding_box()
        assert first["y"] < 844, path  # the text itself starts on the first screen


def test_metadata_shows_no_file_name_and_the_date_as_printed(page, base_url):
    page.goto(base_url + "hi-quality-action-plan-2017/")
    meta = page.locator(".doc-meta").inner_text()
    assert "来源文件" not in meta and ".txt" not in meta.replace("下载全文（.txt）", "")
    assert "2017年2月24日" in meta
    assert "来源文件" not in page.locator("article").inner_text()


def test_side_by_side_columns_stack_on_a_phone(phone, base_url):
    phone.goto(base_url + "compare/gd-quality-outline-2023--cn-quality-outline-2023/")
    phone.wait_for_selector(".stack-on-phone td[data-label]")
    cells = phone.locator(".stack-on-phone tbody tr").nth(3).locator("td")
    left, right = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert left["width"] > 300 and right["width"] > 300  # a full line each, not five characters
    assert right["y"] >= left["y"] + left["height"] - 1  # one under the other
    label = cells.nth(1).evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"质量强国建设纲要"'  # each cell names its document


def test_side_by_side_page_speaks_plainly(page, base_url):
    page.goto(base_url + "compare/gd-quality-outline-2023--cn-quality-outline-2023/")
    text = page.locator("article").inner_text()
    assert not any(word in text for word in ("jieba", "TF-IDF", "余弦"))


def test_chart_labels_readable_on_a_phone(phone, base_url):
    phone.goto(base_url + "targets/")
    charts = phone.locator("article img[src$='.svg']")
    assert charts.count() >= 2
    for chart in charts.all():
        chart.scroll_into_view_if_needed()
        shown, natural = chart.evaluate("img => [img.clientWidth, img.naturalWidth]")
        assert shown * 13 / natural >= 12, f"labels at {shown * 13 / natural:.1f} px"  # 13 px in the SVG


def test_print_keeps_the_text_and_drops_what_the_site_adds(page, base_url):
    open_doc(page, base_url + "hi-quality-action-plan-2017/")
    page.emulate_media(media="print")
    printed = page.locator("article").inner_text()
    for added in ("相关条款", "相似度", "牵头：", "关联文件", "下载全文", "复制引文"):
        assert added not in printed, added
    for selector in ("details.related", ".topic-chips", ".duties", ".admonition"):
        assert all(not el.is_visible() for el in page.query_selector_all(selector)), selector
    assert "（一）产品质量" in printed and "海南省人民政府办公厅" in printed  # text, headings, metadata
    url = page.locator(".print-url")
    assert url.is_visible() and url.inner_text() == base_url + "hi-quality-action-plan-2017/"


def test_every_printed_page_carries_the_address_even_after_scrolling(page, base_url, tmp_path):
    """A reader prints where a clause link left them: the address must still be at each page's foot."""
    open_doc(page, base_url + "gd-quality-outline-2023/#s4-10")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.count("\f") or 1
    assert pages > 1 and text.count(base_url + "gd-quality-outline-2023/") >= pages


def test_target_tables_name_clauses_not_anchors(page, base_url):
    page.goto(base_url + "hi-quality-action-plan-2017/")
    cells = page.locator("#targets ~ .md-typeset__scrollwrap td:last-child a, #milestones ~ .md-typeset__scrollwrap td:last-child a")
    texts = cells.all_inner_texts()
    assert texts and not [t for t in texts if re.fullmatch(r"[a-z0-9-]+", t)]
    assert "二、（一）产品质量" in texts


def test_home_page_starts_the_visit(page, base_url, site):
    import json
    documents = json.loads((site / "data" / "documents.json").read_text("utf-8"))
    page.goto(base_url)
    holdings = page.locator("#holdings + .home-counts").inner_text()
    assert f"共 {len(documents)} 份文件" in holdings
    assert "国家 1 · 省级 4" in holdings  # by level of government
    assert "海南省 3" in holdings and "纲要 2" in holdings and "2023 3" in holdings  # jurisdiction, kind, year
    newest = page.locator("#newest + ul > li > a").all_inner_texts()
    by_date = sorted(documents, key=lambda d: (d["date"], d["slug"]), reverse=True)
    assert newest == [d["title"] for d in by_date[:len(newest)]] and len(newest) == min(5, len(documents))
    topic = page.locator("a.topic-chip").first
    assert re.fullmatch(r".+（\d+ 条）", topic.inner_text())
    shared = page.locator("#shared-targets ~ ul").first.inner_text()
    assert "制造业质量竞争力指数" in shared and "达到86" in shared and "达到92" in shared
    page.locator("#shared-targets ~ ul a").first.click()
    page.wait_for_url("**/cn-quality-outline-2023/#*")


def test_home_page_search_opens_results(phone, base_url):
    phone.goto(base_url)
    phone.get_by_label("搜索全部条款").fill("质量贷")
    phone.get_by_role("button", name="搜索", exact=True).click()
    phone.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == ["质量贷"])
    phone.wait_for_selector(".md-search-result__item")


def test_link_to_a_clause_that_does_not_exist_says_so(page, base_url):
    open_doc(page, base_url + GD + "#s4-99")
    note = page.locator(".clause-missing")
    note.wait_for()
    assert "s4-99" in note.inner_text() and note.get_attribute("role") == "alert"
    assert note.get_by_role("link").count() == 0  # never existed: nothing to offer
    assert note.bounding_box()["y"] < 900  # on the first screen
    page.evaluate("location.hash = '#s4-10'")
    page.wait_for_function("() => !document.querySelector('.clause-missing')")
    # followed from within the page, far down it: the note comes into view
    page.evaluate("location.hash = '#s4-98'")
    note.wait_for()
    box = note.bounding_box()
    assert box and 0 <= box["y"] < 900


# 目标对照's table of a large library (by jurisdiction), in Material's wrappers as MkDocs writes it
NARROW_TABLE = """() => { const wrap = document.createElement('div');
    wrap.className = 'md-typeset__scrollwrap';
    wrap.innerHTML = '<div class="md-typeset__table"><table><thead><tr><th>地区</th><th>文件</th><th>最新目标</th>'
      + '<th>目标值范围</th></tr></thead><tbody><tr><td>山东省</td><td>3</td><td>食品抽检合格率达到98%（2025）</td>'
      + '<td>96–98%</td></tr></tbody></table></div>';
    document.querySelector('.md-content .md-typeset').append(wrap);
    return [wrap.querySelector('table').getBoundingClientRect().width, document.documentElement.clientWidth]; }"""


def test_a_four_column_table_fits_a_phone(phone, base_url):
    """Material gives each header cell 100 px; on a phone 目标对照's four columns must fit the screen."""
    phone.goto(base_url + "targets/")
    width, screen = phone.evaluate(NARROW_TABLE)
    assert width <= screen - 20, (width, screen)
