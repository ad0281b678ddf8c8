"""The site's search box, and the engine behind it.

Every build gets the same box (docs_templates/pagefind/: the header search, query handling in
search-query.js), so the site and its file:// copy treat a query alike: the phrase whatever
punctuation it holds, titles first, partial matches with a notice, suggestions.

The published site is searched with Pagefind (builder/pagefind.py indexes its sections): it
loads only the index chunks a query needs, so the first query costs about the same whatever the
size of the library, where Material's index is one file that grows with it. mkdocs.yml
therefore has no search plugin.

Pagefind cannot run from file:// (browsers refuse fetch() there), so the offline copy
(builder/offline.py, extra.OFFLINE_SEARCH set) gets the same records as one script instead
(pagefind.write_search_script), searched in memory by search-offline.js: sections of the
documents only, as on the site, never the topic, agency or side-by-side pages that repeat them.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .site_names import TEMPLATES

OVERRIDES = TEMPLATES / "overrides"  # theme overrides of every build
SEARCH_BOX = TEMPLATES / "pagefind"  # the header box, its scripts and styles
# extra.offline_search in the file:// copy's settings: the path of its index (pagefind.SEARCH_PATH)
OFFLINE_SEARCH = "offline_search"


def uses_pagefind(settings: dict) -> bool:
    return not (settings.get("extra") or {}).get(OFFLINE_SEARCH)


def write_overrides(out: Path) -> Path:
    """Theme overrides for this build: the static ones in docs_templates/overrides and the box."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(OVERRIDES, out)
    shutil.copytree(SEARCH_BOX, out, dirs_exist_ok=True)
    return out


def tune(settings: dict, build_dir: Path) -> dict:
    """Point the generated mkdocs settings at the search box, and at no web font."""
    theme = settings.setdefault("theme", {})
    theme["custom_dir"] = str(write_overrides(build_dir / "overrides").resolve())
    theme.setdefault("font", False)  # Material's default is Google Fonts: an outside request
    return settings
