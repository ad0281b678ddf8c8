"""success@3 of a built site's header search over the search query set, in headless Chromium.

Works for whichever engine answers the box (Material's or Pagefind) because both fill the
same DOM: .md-search-result__list a.md-search-result__link, clause links carrying #anchor;
links folded into a closed <details> are not counted, as a reader does not see them.

    python -m bench.search_quality SITE [--queries tests/search_queries.yml]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bench.run import CHROMIUM, CHROMIUM_ARGS
from bench.serve import CountingServer

ROOT = Path(__file__).resolve().parent.parent
TOP = 3
RESULT_LINKS = """() => [...document.querySelectorAll('.md-search-result__list a.md-search-result__link')]
    .filter(a => !a.closest('details')).map(a => a.href)"""
SETTLED = """() => document.querySelector('.md-search-result__list').children.length > 0
    || document.querySelector('.md-search-result__meta').textContent.includes('没有找到')"""
CLEARED = "() => document.querySelector('.md-search-result__list').children.length === 0"


def clause_links(hrefs: list[str]) -> list[str]:
    out = []
    for href in hrefs:
        url = urlsplit(href)
        if url.fragment:
            out.append(url.path.strip("/").removesuffix("/index.html") + "#" + url.fragment)
    return out


def success_at_3(site: Path, queries: list[dict]) -> tuple[float, list[dict]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with CountingServer(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
        page.goto(server.url)
        box = page.locator("input.md-search__input")
        for item in queries:
            box.click()
            box.fill("")
            box.press("End")
            page.wait_for_function(CLEARED)
            box.fill(item["q"])
            box.press("End")
            page.wait_for_function(SETTLED, timeout=60_000)
            page.wait_for_timeout(300)  # let a debounced or batched answer finish rendering
            results = clause_links(page.evaluate(RESULT_LINKS))
            rank = next((i + 1 for i, url in enumerate(results) if url in item["expect"]), None)
            rows.append({"q": item["q"], "rank": rank, "top": results[:TOP]})
        browser.close()
    hits = sum(1 for r in rows if r["rank"] is not None and r["rank"] <= TOP)
    return hits / len(rows), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--queries", type=Path, default=ROOT / "tests" / "search_queries.yml")
    args = parser.parse_args()
    queries = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    score, rows = success_at_3(args.site, queries)
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))
    print(f"success@{TOP} = {score:.1%} over {len(rows)} queries", file=sys.stderr)


if __name__ == "__main__":
    main()
