"""The offline copy (make site-offline) works from file://: pages, search, clause tools."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO
from .test_search import QUERIES, REQUIRED_SUCCESS, SETTLED, TOP, clause_results, search
from .test_search_box import ANSWERED


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


# Pages that repeat clauses of the documents (逐条对照, topics, agencies, targets…): on the site
# Pagefind indexes only the documents' sections, and so does the offline copy.
AGGREGATE = ("compare", "topics", "agencies", "targets", "references", "issuers", "report")


def test_offline_search_finds_clauses_never_pages_that_repeat_them(file_page, offline_root):
    """Every query of tests/search_queries.yml: the results are documents' sections (the
    逐条对照 and topic pages, 25,000 characters each, used to lead the lists), and the clause
    expected is in the first 3 as often as on the site."""
    base = offline_root.as_uri() + "/"
    file_page.goto(base + "index.html")
    hits = 0
    for item in QUERIES:
        found = search(file_page, base, item["q"])
        links = file_page.evaluate("""() => [...document.querySelectorAll(
            '.md-search-result__list a.md-search-result__link')].map(a => a.href)""")
        pages = {link.removeprefix(base).split("/")[0].split("#")[0] for link in links}
        assert not pages & set(AGGREGATE), (item["q"], links)
        hits += any(url in item["expect"] for url in found[:TOP])
    assert hits / len(QUERIES) >= REQUIRED_SUCCESS, f"offline success@{TOP} {hits}/{len(QUERIES)}"


ANSWER = """() => [document.querySelector('.md-search-result__meta').innerText.trim(),
    [...document.querySelectorAll('.md-search-result__suggestion')].map(b => b.textContent),
    document.querySelector('.md-search-result__list h2')?.textContent ?? null]"""


def test_offline_search_treats_a_query_as_the_site_does(file_page, offline_root, page, base_url):
    """The same query handling on file:// as on the site (search-query.js over the copy's own
    index): the count, the notice and its parts, the suggestions and the first result."""
    base = offline_root.as_uri() + "/"
    page.goto(base_url + "gd-quality-outline-2023/")
    file_page.goto(base + "gd-quality-outline-2023/index.html")
    for query in ["标准化", "参与质量强省", "双随机 一公开", "质量强生", "电梯安全", "首席质量观", "咖啡猫狗", "买得放心 吃得安心"]:
        for where, root in ((page, base_url), (file_page, base)):
            search(where, root, query)
            where.wait_for_function(ANSWERED)  # suggestions come after the results
        assert file_page.evaluate(ANSWER) == page.evaluate(ANSWER), query


SHORT_4_10 = "《广东省质量强省建设纲要》四、（十）提高农产品食品药品质量安全水平"
FORMAL_4_10 = "中共广东省委 广东省人民政府《广东省质量强省建设纲要》（2023年）第四部分第（十）项"
PUBLIC = "https://zhiliang.gd.gov.cn/"


@pytest.fixture(scope="module")
def offline_with_address(tmp_path_factory) -> Path:
    """An offline copy built with the site's public address (make site-offline SITE_URL=…)."""
    work = tmp_path_factory.mktemp("offline")
    out = work / "site-offline"
    done = subprocess.run([sys.executable, "-m", "builder.offline", "--seeds", str(REPO / "seeds"),
                           "--config", str(REPO / "site_config"), "--mkdocs", str(REPO / "mkdocs.yml"),
                           "--out", str(out), "--build-dir", str(work / "build"), "--site-url", PUBLIC],
                          cwd=work, capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO)))
    assert done.returncode == 0, done.stderr
    assert "placeholder" not in done.stderr
    return out


def open_offline(file_page, root: Path, page: str = "gd-quality-outline-2023/index.html"):
    file_page.goto((root / page).as_uri() + "#s4-10")
    file_page.wait_for_selector("#s4-10 .clause-tools__button")


def test_offline_copy_cites_the_public_address_as_online(file_page, offline_with_address):
    """The same form as the site itself gives: https://host/<slug>/#s4-10 (no index.html)."""
    open_offline(file_page, offline_with_address)
    address = PUBLIC + "gd-quality-outline-2023/#s4-10"
    assert file_page.get_attribute("#s4-10", "data-citation") == f"{SHORT_4_10} {address}"
    assert file_page.get_attribute("#s4-10", "data-citation-formal") == f"{FORMAL_4_10} {address}"
    file_page.emulate_media(media="print")
    assert file_page.locator(".print-url").inner_text() == PUBLIC + "gd-quality-outline-2023/"


def test_offline_copy_without_an_address_cites_none(file_page, offline_root):
    """site_url is still the placeholder (policy.example.org): no address rather than a dead one."""
    open_offline(file_page, offline_root)
    assert file_page.get_attribute("#s4-10", "data-citation") == SHORT_4_10
    assert file_page.get_attribute("#s4-10", "data-citation-formal") == FORMAL_4_10
    assert file_page.locator("#s4-10 .clause-tools__button[data-action=link]").count() == 0
