"""Citations: a short and a formal form from the one 复制引文 button, an accessible menu,
brackets full-width whatever the source printed."""
from __future__ import annotations

import pytest

GD = "gd-quality-outline-2023/"
CN = "cn-quality-outline-2023/"
ANNOUNCED = "text => document.querySelector('.clause-announce').textContent === text"


def open_doc(page, url):
    page.goto(url)
    page.wait_for_selector(".clause-tools__button")


def test_formal_citation_from_the_same_button(page, base_url):
    open_doc(page, base_url + GD)
    button = page.locator("#s4-10 .clause-tools__button[data-action=citation]")
    assert button.get_attribute("aria-haspopup") == "menu" and button.get_attribute("aria-expanded") == "false"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    menu = page.get_by_role("menu")
    assert [i.inner_text().split("\n")[0] for i in menu.get_by_role("menuitem").all()] == ["简短引文", "正式引文（公文用）"]
    menu.get_by_role("menuitem", name="正式引文").click()
    page.wait_for_function(ANNOUNCED, arg="已复制正式引文")
    assert page.evaluate("navigator.clipboard.readText()") == (
        f"中共广东省委 广东省人民政府《广东省质量强省建设纲要》（2023年）第四部分第（十）项 {base_url}{GD}#s4-10")
    assert menu.is_hidden() and button.get_attribute("aria-expanded") == "false"


def test_citation_menu_by_keyboard(page, base_url):
    open_doc(page, base_url + CN)
    page.focus("#s5-10 .clause-tools__button[data-action=citation]")
    page.keyboard.press("Enter")  # opens the menu on its first form
    assert page.evaluate("document.activeElement.dataset.form") == "short"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.form") == "formal"
    page.keyboard.press("ArrowDown")  # wraps round
    assert page.evaluate("document.activeElement.dataset.form") == "short"
    page.keyboard.press("Escape")  # closes, focus back on the button
    assert page.get_by_role("menu").is_hidden()
    assert page.evaluate("document.activeElement.dataset.action") == "citation"
    page.keyboard.press("ArrowUp")  # opens on the last form
    assert page.evaluate("document.activeElement.dataset.form") == "formal"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    page.wait_for_function(ANNOUNCED, arg="已复制正式引文")
    assert page.evaluate("navigator.clipboard.readText()").startswith(
        "中共中央 国务院《质量强国建设纲要》（2023年2月6日）第五部分第（十）项 ")


@pytest.mark.parametrize("anchor, short, formal", [
    # the national text prints (二) with ASCII brackets: cited full-width all the same
    ("s0-2", "《质量强国建设纲要》（二）主要目标", "中共中央 国务院《质量强国建设纲要》（2023年2月6日）第（二）项"),
    ("s0-2-p1", "《质量强国建设纲要》（二）主要目标第1段", "中共中央 国务院《质量强国建设纲要》（2023年2月6日）第（二）项第一段"),
])
def test_brackets_are_always_full_width(page, base_url, anchor, short, formal):
    open_doc(page, base_url + CN)
    clause = page.locator(f"[id='{anchor}']")
    assert clause.get_attribute("data-citation") == f"{short} {base_url}{CN}#{anchor}"
    assert clause.get_attribute("data-citation-formal") == f"{formal} {base_url}{CN}#{anchor}"


def test_menu_closes_when_the_reader_clicks_elsewhere(phone, base_url):
    open_doc(phone, base_url + GD + "#s4-10")
    phone.locator("#s4-10 .clause-tools__button[data-action=citation]").click()
    menu = phone.get_by_role("menu")
    assert menu.is_visible()
    for item in menu.get_by_role("menuitem").all():
        box = item.bounding_box()
        assert box["height"] >= 24 and box["x"] >= 0 and box["x"] + box["width"] <= 390  # on the screen
    phone.locator("h1").click()
    assert menu.is_hidden()
