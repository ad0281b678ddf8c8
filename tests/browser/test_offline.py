"""The offline copy (make site-offline) works from file://: pages, search, clause tools."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import REPO
from .test_search import SETTLED, clause_results


@pytest.fixture(scope="module")
def offline_root() -> Path:
    root = Path(os.environ.get("SITE_OFFLINE_DIR", REPO / "site-offline")).resolve()
    if not (root / "index.html").is_file():
        pytest.fail(f"no offline copy at {root}: run `make site-offline` first")
    return root


@pytest.fixture
def file_page(context):
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page
    outside = [u for u in requests if not u.startswith(("file://", "data:", "blob:"))]
    assert not outside, f"the offline copy reached out: {outside}"


def test_offline_search_finds_the_clause(file_page, offline_root):
    base = offline_root.as_uri() + "/"
    file_page.goto(base + "index.html")
    box = file_page.locator("input.md-search__input")
    box.click()
    box.fill("质量贷")
    box.press("End")
    file_page.wait_for_function(SETTLED, timeout=60_000)
    assert "hi-quality-opinion-draft-2023#s2-8" in clause_results(file_page, base)


def test_offline_clause_tools_cite_the_public_address(file_page, offline_root):
    file_page.goto((offline_root / "gd-quality-outline-2023" / "index.html").as_uri() + "#s4-10")
    file_page.wait_for_selector("#s4-10 .clause-tools__button")
    citation = file_page.get_attribute("#s4-10", "data-citation")
    canonical = file_page.get_attribute("link[rel=canonical]", "href")
    assert citation == f"《广东省质量强省建设纲要》四、（十）提高农产品食品药品质量安全水平 {canonical}#s4-10"
    assert canonical.startswith("http")
