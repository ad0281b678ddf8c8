"""axe-core over every kind of page, on a desktop and a phone screen: no serious or critical
violation, and nothing in the console.

axe-core is vendored in tests/browser/vendor/axe-core/ and injected by the test; the site never
loads it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE, check_page, watched_page

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
GD = "gd-quality-outline-2023/"

# One page of each kind the site has (versions and 修订对照: test_versions_pages.py).
PAGE_KINDS = {
    "home": "",
    "document": GD,
    "clause arrived at (highlight, ¶ shown)": GD + "#s4-10",
    "draft": "hi-quality-opinion-draft-2023/",
    "news article": "hi-quality-opinion-news-2024/",
    "action plan with targets": "hi-quality-action-plan-2017/",
    "targets": "targets/",
    "topic index": "topics/",
    "topic": "topics/brands/",
    "agency index": "agencies/",
    "agency": "agencies/sheng-zhi-jian-ju/",
    "references": "references/",
    "issuers": "issuers/",
    "side-by-side index": "compare/",
    "side-by-side": "compare/gd-quality-outline-2023--cn-quality-outline-2023/",
    "report": "report/",
    "404": "no-such-page/",
}

RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
        id: v.id, impact: v.impact,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
    }));
}"""


def serious_violations(page) -> list[str]:
    """axe's serious and critical violations on the page as it is now, one line per element."""
    page.add_script_tag(path=str(AXE))
    found = []
    for violation in page.evaluate(RUN_AXE):
        for node in violation["nodes"]:
            found.append(f"{violation['impact']} {violation['id']}: {node['target']} — "
                         + " ".join(node["summary"].split())[:200])
    return found


def open_settled(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")  # clause tools and data files loaded


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_serious_axe_violation(browser, base_url, kind, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    try:
        page = watched_page(context, base_url)
        url = base_url + PAGE_KINDS[kind]
        if kind == "404":
            page.expected_errors.append("status of 404")  # the page itself answers 404
        open_settled(page, url)
        found = serious_violations(page)
        assert not found, f"{kind} ({viewport['width']} px):\n" + "\n".join(found)
        check_page(page, base_url)
    finally:
        context.close()


@pytest.mark.parametrize("kind", [k for k in PAGE_KINDS if k != "404"])
def test_links_with_a_fragment_can_be_previewed_without_errors(page, base_url, kind):
    """Focusing every link of a page that names an anchor (a preview loads the document's data,
    as on hover) logs no error: only documents' data files are asked for."""
    open_settled(page, base_url + PAGE_KINDS[kind])
    links = page.locator(".md-content a[href*='#']:not(.headerlink)")
    for i in range(min(links.count(), 40)):
        links.nth(i).focus()
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if "/data/docs/" in u and not any(
        u.endswith(f"/data/docs/{slug}.json") for slug in
        ("gd-quality-outline-2023", "cn-quality-outline-2023", "hi-quality-opinion-draft-2023",
         "hi-quality-opinion-news-2024", "hi-quality-action-plan-2017"))]


CONTRAST = """selector => { axe.setup(); try {
    const el = document.querySelector(selector), c = axe.commons.color;
    return c.getContrast(c.getBackgroundColor(el), c.getForegroundColor(el));
} finally { axe.teardown(); } }"""


@pytest.mark.parametrize("state", ["arrived", "hovered", "focused"])
def test_permalink_mark_readable_on_the_highlight(page, base_url, state):
    """axe only reports the ¶ mark as 'incomplete' (one character): its contrast is measured
    here, where it shows: on the highlighted clause, under the mouse, with keyboard focus."""
    open_settled(page, base_url + GD + ("#s4-10" if state == "arrived" else ""))
    mark = "#s4-10 > .headerlink"
    if state == "hovered":
        page.hover("#s4-10")
    elif state == "focused":
        page.focus(mark)
    page.add_script_tag(path=str(AXE))
    # the mark and the tools fade in (CSS transitions): measure once they have ended
    page.locator("#s4-10").evaluate(
        "el => Promise.all(el.getAnimations({subtree: true}).map(a => a.finished))")
    assert page.locator(mark).evaluate("el => getComputedStyle(el).opacity") == "1"
    assert page.evaluate(CONTRAST, mark) >= 4.5
    for button in ("link", "citation"):
        assert page.evaluate(CONTRAST, f"#s4-10 .clause-tools__button[data-action={button}]") >= 4.5
