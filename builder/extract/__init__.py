"""Extract stage: facts read out of parsed documents, each naming its clause by anchor.

A kind of fact has its extractor: a module of this package that declares `EXTRACTOR`, saying
what it reads besides one document (config values, the library's titles) and how it finds
its facts in one document. pipeline.extract runs every extractor over every document and
keeps what they find as one Facts value per document (model.Facts), never written into the
Document; what spans the library (related clauses, side-by-side alignments) comes after
(links.py). A new kind of fact is a module here, the template that shows it and its tests:
document.md.j2 (and a pinned version's page) has `facts` (facts.<name>, as Found named it) and
`places` (a clause's anchor -> its label as cited), and includes a partial per kind of fact.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Callable

from ..config import SiteConfig
from ..model import BuildWarning, Document


@dataclass
class Found:
    """What an extractor found in one document: facts by name, and what to warn about."""

    facts: dict[str, Any]
    warnings: list[BuildWarning] = field(default_factory=list)


@dataclass(frozen=True)
class Extractor:
    name: str  # the runner's name for its values
    # what find reads besides the document, and that value's key for the runner (strings, or
    # values whose repr says them): from the config and the library's documents
    reads: Callable[[SiteConfig, list[Document]], tuple[Any, tuple]]
    find: Callable[[Document, Any], Found]
    # also found in a document's earlier versions, whose pinned pages show the same templates:
    # off only for facts about the library's links, which a pinned page does not show
    versions: bool = True


@cache
def extractors() -> tuple[Extractor, ...]:
    """Every module's EXTRACTOR, by module name. Two of one name would share kept values."""
    found: dict[str, Extractor] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        extractor = getattr(importlib.import_module(f"{__name__}.{module.name}"), "EXTRACTOR", None)
        if extractor is not None:
            if extractor.name in found:
                raise ValueError(f"builder/extract/{module.name}.py: an extractor named {extractor.name!r} exists "
                                 "already: give it a name of its own")
            found[extractor.name] = extractor
    return tuple(found.values())
