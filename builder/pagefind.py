"""Search index: Pagefind reads the finished HTML site and writes site/pagefind/.

Pagefind (PyPI `pagefind[extended]`, the extended binary segments Chinese) splits the index
into small chunks, so the browser loads only what a query needs; the header search box
(overrides/partials/search.html) queries it. What is indexed is decided in the HTML:
data-pagefind-body (overrides/main.html), data-pagefind-filter (docs_templates/document.md.j2).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .model import BuildError

# Permalink signs (¶) in headings are not words of the clause.
EXCLUDE_SELECTORS = (".headerlink",)


def index_site(site_dir: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "zh", "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    try:
        proc = subprocess.run(command, capture_output=True, text=True)
    except OSError as exc:
        raise BuildError(str(site_dir), None, f"could not run pagefind: {exc}", "pip install -r requirements.txt")
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise BuildError(str(site_dir), None, "pagefind failed to index the site: " + " / ".join(detail),
                         "pip install -r requirements.txt (pagefind[extended] is pinned there)")
