"""The site's own scripts, styles and images (docs_templates/assets), copied as they are."""
from __future__ import annotations

from ..model import Page, content
from ..site_names import ASSETS_DIR, TEMPLATES
from . import PageKind
from .site import Site


def pages(site: Site) -> list[Page]:
    assets = TEMPLATES / ASSETS_DIR
    return [Page(f"{ASSETS_DIR}/{path.relative_to(assets).as_posix()}", content, (path.read_bytes(),))
            for path in sorted(assets.rglob("*")) if path.is_file()] if assets.is_dir() else []


KIND = PageKind("assets", 95, pages)
