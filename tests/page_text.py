"""A document's page as document.md.j2 writes it for tests of what the page shows of a text."""
from __future__ import annotations

from functools import cache

from builder.config import load_config
from builder.model import Document
from builder.pipeline import extract_facts
from builder.render import clause_places, clause_views, environment
from builder.render_links import plain_links

from .conftest import CONFIG, SEEDS


@cache
def _config():
    return load_config(CONFIG, SEEDS)


def plain_page(doc: Document) -> str:
    """doc's page without the library's cross-links (as a pinned version shows it, but as the
    latest text), with what the extractors find in it."""
    facts = extract_facts([doc], _config())[0][doc.source.name]
    views = clause_views(doc)
    return environment().get_template("document.md.j2").render(
        doc=doc, meta=doc.meta, facts=facts, views=views, links=plain_links(doc, views), relations=[], pinned="",
        versions=[], places=clause_places(doc))
