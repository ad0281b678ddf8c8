"""A revised document in the browser: a link to a clause that moved in the revision offers its
new place, and the pages of versions (pinned, 修订对照) pass axe like every other page."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest

from ..maint_helpers import ADDED_CLAUSE, DRAFT, REVISED, build_args, make_workspace, revise, run_builder
from .conftest import DESKTOP, PHONE, QuietHandler, check_page, watched_page
from .test_accessibility import open_settled, serious_violations

SLUG = "hi-quality-opinion-draft-2023/"


@pytest.fixture(scope="module")
def versioned_url(tmp_path_factory):
    """A site whose draft was adopted with （十九） deleted and nothing added: the draft's
    （二十一） (s5-21) is （二十） (s5-20) now, and s5-21 is gone."""
    folder = make_workspace(tmp_path_factory.mktemp("versioned"), drop_in=False)
    adopted = revise((folder / "seeds" / DRAFT).read_text(encoding="utf-8")).replace(ADDED_CLAUSE + "\n", "")
    (folder / "seeds" / REVISED).write_text(adopted, encoding="utf-8")
    done = run_builder(folder, *build_args())
    assert done.returncode == 0, done.stderr
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(context, versioned_url):
    """A desktop page on the versioned site; leaving it or a console error fails the test."""
    page = watched_page(context, versioned_url)
    yield page
    check_page(page, versioned_url)


def test_link_to_a_moved_clause_offers_its_new_place(page, versioned_url):
    page.goto(versioned_url + SLUG + "#s5-21")
    note = page.locator(".clause-missing")
    note.get_by_role("link").wait_for()
    assert "s5-21" in note.inner_text()
    link = note.get_by_role("link")
    assert link.get_attribute("href") == "#s5-20" and "（二十）营造良好氛围" in link.inner_text()
    link.click()
    page.wait_for_function("() => document.querySelector('#s5-20').classList.contains('clause--target')")
    assert note.count() == 0  # the note goes once the reader is at a clause


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", [SLUG + "2023-06/", SLUG + "2024-01-25/changes/"], ids=["pinned", "changes"])
def test_version_pages_have_no_serious_axe_violation(browser, versioned_url, path, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    try:
        page = watched_page(context, versioned_url)
        open_settled(page, versioned_url + path)
        found = serious_violations(page)
        assert not found, "\n".join(found)
        check_page(page, versioned_url)
    finally:
        context.close()
