"""The site's search box, and the engine behind it.

The published site is searched with Pagefind (builder/pagefind.py indexes its sections):
it loads only the index chunks a query needs, so the first query costs the same few hundred KB
at 10 documents and at 1,000, where Material's one-file index is tens of MB. mkdocs.yml
therefore has no search plugin, and the theme gets the Pagefind box (docs_templates/pagefind/).

Pagefind cannot run from file:// (browsers refuse fetch() there), so the offline copy
(builder/offline.py) adds Material's search plugin back; this module then tunes that engine
instead, as follows.

Stock Material gets three things wrong for policy texts; measured with
tests/search_queries.yml in a real browser (tests/browser/test_search.py):

1. jieba cuts domain terms apart (首席质量官 -> 首席/质量/官), so a query for the term also
   matches every clause that merely says 质量. A jieba user dictionary generated from
   site_config keeps the site's own vocabulary whole: topic keywords, indicator names,
   agency names, document titles, and the glossary in search_terms.yml.
2. Material 9.8's search worker segments a Chinese query against the index's tokens, but
   (a) never tries a segment that ends at the query's last character, so 质量贷 is searched
   as 质量; (b) joins the segments with "* ", so every segment but the last carries a
   double wildcard and matches nothing; (c) leaves a Han run glued to digits or Latin
   letters around it (12345热线), while the index separates them. We ship the worker with
   those three spots changed, as a theme override. Each replaced snippet must occur exactly
   once in the installed worker, so a Material upgrade stops the build instead of quietly
   shipping an unpatched or half-patched copy.
3. A title match weighs 1000 times a text match, so any heading containing a query word as
   common as 质量 outranks the clause that actually contains the term. Titles get 5.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from .model import BuildError, DocumentMeta
from .yaml_lines import load_yaml

TEMPLATES = Path(__file__).resolve().parent.parent / "docs_templates"
OVERRIDES = TEMPLATES / "overrides"  # theme overrides of every build
PAGEFIND_BOX = TEMPLATES / "pagefind"  # the header box answered by Pagefind, when Material's search is off
TITLE_BOOST = 5

# (what Material 9.8.1 ships, what we ship instead), in the minified worker
WORKER_FIXES = [
    # (a) try every segment, including the one that ends at the last character
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e",
     "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"),
    ("n[a]&&a<t.length-1&&(i[s++]=a)",
     "n[a]&&a<t.length&&(i[s++]=a)"),
    # (b) one wildcard per segment (the query transform adds it); (c) segments stand apart
    # from digits and Latin letters next to them
    ('s=>[...fe(s,this.index.invertedIndex)].join("* ")',
     's=>" "+[...fe(s,this.index.invertedIndex)].join(" ")+" "'),
]

# Keys whose string values in site_config YAML files are names a reader might search for.
TERM_KEYS = {"term", "terms", "keyword", "keywords", "name", "names", "canonical", "aliases",
             "alias", "short_title", "title", "short", "label"}
# Material hands jieba only runs of Han characters, so only such words can stay whole.
HAN = re.compile(r"^[\u3400-\u9fff]{2,24}$")


def _strings(node, key: str | None = None):
    """Every string in a YAML tree that sits under one of TERM_KEYS."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, key)
    elif isinstance(node, str) and key in TERM_KEYS:
        yield node


def dictionary_terms(config_dir: Path, documents: list[DocumentMeta]) -> list[str]:
    """Words jieba must keep whole: from every site_config YAML file and the document titles.

    Reads whatever exists (search_terms.yml, topics.yml, indicators.yml, agencies.yml, …):
    other parts of the site add their vocabulary by adding a file, nothing here changes.
    """
    found: list[str] = []
    for meta in documents:
        found += [meta.title, meta.short_title, *meta.aliases]
    for path in sorted(config_dir.glob("*.yml")):
        if path.name in ("documents.yml", "chrome.yml"):
            continue  # titles come in parsed above; chrome rules are boilerplate patterns
        found += list(_strings(load_yaml(path)))
    return list(dict.fromkeys(term for term in (t.strip() for t in found) if HAN.match(term)))  # first seen first


def write_user_dictionary(path: Path, terms: list[str]) -> Path:
    """jieba's user dictionary format: one word a line; jieba picks a frequency that keeps it whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{t}\n" for t in terms), encoding="utf-8")
    return path


def installed_worker() -> Path:
    import material

    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    found = sorted(workers.glob("search.*.min.js"))
    if len(found) != 1:
        raise BuildError(str(workers), None, f"expected one search worker, found {len(found)}",
                         "Material changed: check builder/search.py WORKER_FIXES against the new worker")
    return found[0]


def patch_worker(source: str) -> str:
    for old, new in WORKER_FIXES:
        if source.count(old) != 1:
            raise BuildError("builder/search.py", None,
                             f"Material's search worker no longer contains {old!r} exactly once",
                             "Material was upgraded: re-check the query segmentation fixes, "
                             "then update WORKER_FIXES")
        source = source.replace(old, new)
    return source


def material_search_options(settings: dict) -> tuple[int, dict] | None:
    """(position in plugins, options) of Material's search plugin, or None when it is off."""
    for i, plugin in enumerate(settings.get("plugins") or []):
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name == "search":
            return i, {} if isinstance(plugin, str) else dict(plugin["search"] or {})
    return None


def uses_pagefind(settings: dict) -> bool:
    return material_search_options(settings) is None


def write_overrides(out: Path, pagefind: bool) -> Path:
    """Theme overrides for this build: the static ones in docs_templates/overrides plus either
    the Pagefind search box or the patched Material search worker (under its own file name,
    so Material's config still points at it)."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(OVERRIDES, out)
    if pagefind:
        shutil.copytree(PAGEFIND_BOX, out, dirs_exist_ok=True)
        return out
    worker = installed_worker()
    target = out / "assets" / "javascripts" / "workers" / worker.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(patch_worker(worker.read_text(encoding="utf-8")), encoding="utf-8")
    return out


def tune(settings: dict, build_dir: Path, config_dir: Path, documents: list[DocumentMeta]) -> dict:
    """Point the generated mkdocs settings at the search box and engine of this build."""
    theme = settings.setdefault("theme", {})
    found = material_search_options(settings)
    theme["custom_dir"] = str(write_overrides(build_dir / "overrides", pagefind=found is None).resolve())
    if found is None:
        return settings
    i, options = found
    terms = dictionary_terms(config_dir, documents)
    dictionary = write_user_dictionary(build_dir / "jieba_user_dict.txt", terms)
    options["jieba_dict_user"] = str(dictionary.resolve())
    fields = dict(options.get("fields") or {})
    fields.setdefault("title", {"boost": TITLE_BOOST})
    options["fields"] = fields
    settings["plugins"][i] = {"search": options}
    return settings
