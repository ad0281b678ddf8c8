"""success@3 of a built site's header search over the search query set, in headless Chromium.

Works for whichever engine answers the box (Pagefind, or the file:// copy's own index): both
fill the same DOM, read the way tests/browser/test_search.py reads it (one definition of that
contract).

    python -m bench.search_quality SITE [--queries tests/search_queries.yml]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from bench.serve import CountingServer
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_search import TOP, search

ROOT = Path(__file__).resolve().parent.parent


def success_at_3(site: Path, queries: list[dict]) -> tuple[float, list[dict]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with CountingServer(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
        page.goto(server.url)
        for item in queries:
            results = search(page, server.url, item["q"])  # the browser test's way of using the box
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
