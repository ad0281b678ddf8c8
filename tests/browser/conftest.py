"""Browser fixtures: the built site served over http on 127.0.0.1, Debian's chromium via playwright.

The site is the one `make site` wrote (site/, or SITE_DIR), served as a host would: a missing
path answers 404 with the site's own 404.html. Every page a test opens logs its requests and its
console, and the test fails if a request leaves the site's own origin or the console shows an
error (a test that expects one lists it in page.expected_errors).
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def site_dir() -> Path:
    return Path(os.environ.get("SITE_DIR", REPO / "site")).resolve()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the request log that matters is the browser's
        pass

    def send_error(self, code, message=None, explain=None):
        # as a web host does: a missing page gets the site's 404.html (with status 404)
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


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


def new_context(browser, base_url, viewport: dict):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    return context


@pytest.fixture
def context(browser, base_url):
    context = new_context(browser, base_url, DESKTOP)
    yield context
    context.close()


@pytest.fixture
def phone_context(browser, base_url):
    context = new_context(browser, base_url, PHONE)
    yield context
    context.close()


def watched_page(context, base_url):
    """A page that records its requests, JavaScript errors and console errors (checked_page)."""
    page = context.new_page()
    page.requests, page.errors, page.expected_errors = [], [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    page.on("console", lambda message: page.errors.append(f"console: {message.text} ({message.location.get('url')})")
            if message.type == "error" else None)
    return page


def check_page(page, base_url) -> None:
    origin = urlsplit(base_url)[:2]
    outside = [u for u in page.requests if urlsplit(u)[:2] != origin and not u.startswith(("data:", "blob:"))]
    assert not outside, f"requests left the site's origin: {outside}"
    errors = [e for e in page.errors if not any(re.search(pattern, e) for pattern in page.expected_errors)]
    assert not errors, f"JavaScript or console errors: {errors}"


@pytest.fixture
def page(context, base_url):
    """A desktop page (1280×900); leaving the origin or an error in the console fails the test."""
    page = watched_page(context, base_url)
    yield page
    check_page(page, base_url)


@pytest.fixture
def phone(phone_context, base_url):
    """The same on a phone's screen (390×844)."""
    page = watched_page(phone_context, base_url)
    yield page
    check_page(page, base_url)
