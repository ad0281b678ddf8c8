"""The names the site gives its own pages and folders, at its top level and inside them.

A document's page is a top-level folder as well (/<slug>/), so a slug equal to one of these
names would replace the site's own page or be replaced by it. config.py refuses such a slug
in documents.yml (and `index` for a topic or agency, whose folder has its own index page);
derive.py gives a document without an entry another one. The pages' writers take their
folder names from here; tests/render/test_reserved_slugs.py checks that every top-level name of a
built site, and of its file:// copy, is one of these or a document's.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "docs_templates"  # the project's templates
HOME = "index.md"  # the home page (pages/home.py)
TARGETS_DIR = "targets"  # 目标对照 and its charts (pages/targets.py)
TOPICS_DIR, AGENCIES_DIR, COMPARE_DIR = "topics", "agencies", "compare"  # pages/topics.py, agencies.py, compare.py
REFERENCES_DIR = "references"  # 引用文件 (pages/references.py)
ISSUERS_DIR = "issuers"  # 发文机关 (pages/issuers.py)
JURISDICTIONS_DIR = "jurisdictions"  # each jurisdiction's overview in a large library (pages/jurisdictions.py)
REPORT_DIR = "report"  # 维护报告 (pages/report.py)
DATA_DIR = "data"  # JSON and CSV exports (render.py, render_targets.py, anchors.py, offline.py)
ASSETS_DIR = "assets"  # docs_templates/assets, and the theme's own files
PAGEFIND_DIR = "pagefind"  # the search index (pagefind.py)
SEARCH_DIR = "search"  # the file:// copy's search index (pagefind.py write_search_script)
# Written by MkDocs and Material themselves: the error page and the sitemap.
GENERATOR_NAMES = ("404.html", "sitemap.xml", "sitemap.xml.gz")

FOLDER_INDEX = "index"  # a folder's own page: topics/index.md lists the topics


def fold(name: str) -> str:
    """The form a file system may give a name: case-insensitive ones (Windows, macOS) take
    Report for report, and NFKC folds full-width and other look-alike letters."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


def _by_slug(names: tuple[str, ...]) -> dict[str, str]:
    """name as a slug could spell it -> the site's own path. A slug has no dot, but a server
    that tries <path>.html would answer /404 with 404.html."""
    found: dict[str, str] = {}
    for name in names:
        found.setdefault(fold(name.split(".")[0]), f"/{name}" if "." in name else f"/{name}/")
    return found


RESERVED = _by_slug((HOME, TARGETS_DIR, TOPICS_DIR, AGENCIES_DIR, COMPARE_DIR, REFERENCES_DIR, ISSUERS_DIR,
                     JURISDICTIONS_DIR, REPORT_DIR, DATA_DIR, ASSETS_DIR, PAGEFIND_DIR, SEARCH_DIR, *GENERATOR_NAMES))


def site_path(slug: str) -> str | None:
    """The site's own page or file a document with this slug would collide with, or None."""
    return RESERVED.get(fold(slug))
