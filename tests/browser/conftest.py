"""Browser fixtures: the built site served over http on 127.0.0.1, Debian's chromium via playwright.

The site is the one `make site` wrote (site/, or SITE_DIR). Every page a test opens logs its
requests, and the test fails if any of them leaves the site's own origin.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def site_dir() -> Path:
    return Path(os.environ.get("SITE_DIR", REPO / "site")).resolve()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the request log that matters is the browser's
        pass


@pytest.fixture(scope="session")
def site() -> Path:
    root = site_dir()
    if not (root / "index.html").is_file():
        pytest.fail(f"no built site at {root}: run `make site` first (or set SITE_DIR)")
    return root


@contextlib.contextmanager
def serving(root: Path):
    """root served over http on 127.0.0.1 while the block runs; gives its base URL."""
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site):
    with serving(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright

    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).is_file():
        pytest.fail(f"chromium not found at {CHROMIUM}: `apt-get install -y chromium` "
                    "(make test does this on CI)")
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as err:
            pytest.fail(f"chromium at {CHROMIUM} could not start: {err}")
        yield browser
        browser.close()


@pytest.fixture
def context(browser, base_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    yield context
    context.close()


@pytest.fixture
def page(context, base_url):
    """A page that records every request; leaving the origin fails the test."""
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.requests = requests
    yield page
    origin = urlsplit(base_url)[:2]
    outside = [u for u in requests if urlsplit(u)[:2] != origin and not u.startswith(("data:", "blob:"))]
    assert not outside, f"requests left the site's origin: {outside}"
    assert not errors, f"JavaScript errors: {errors}"
