"""Render: Documents -> build/docs/*.md (Jinja2 templates own all Markdown) + data/*.json + build/mkdocs.yml.

Python prepares plain view data (which clause is a heading, at which level, its citation);
the templates in docs_templates/ decide how it reads. Source text is data: the `md` filter
turns every character Markdown or HTML could act on into an entity.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import marshal
import re
import types
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Iterable

import jinja2
import yaml

from . import patterns as P
from . import search
from .anchors import ANCHORS_JSON, anchors_document, moved_anchors, pinned_page
from .incremental import Incremental
from .incremental.store import field_values
from .citations import Citations
from .config import SiteConfig, pinyin_slug
from .derive import UNSORTED
from .pipeline import chrome_inputs
from .incremental.docs_folder import DocsFolder
from .model import BOX, FOOTNOTE, HEADING, ITEM, MAKING_ACTIONS, PARAGRAPH, PART, ROW, TABLE, Clause, CrossLinks, Document
from .render_home import home_view
from .render_links import (COMPARE_INDEX, REFERENCES_PAGE, LinkRenderer, Shown, agency_page, compare_page,
                           doc_page, plain_links, topic_page)
from .render_targets import PAGE_DIR as TARGETS_PAGE_DIR
from .render_targets import target_data, target_pages, target_phrase
from .report import NUMBERING_CODES
from .site_names import ASSETS_DIR, FOLDER_INDEX, HOME, REPORT_DIR, TEMPLATES
from .versions import compare
from .yaml_lines import load_settings_file

REPORT_PAGE = f"{REPORT_DIR}/index.md"

# Characters Python-Markdown, attr_list, tables or raw HTML could interpret. As numeric
# entities they render as themselves and can never start markup.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]<>&|#!~^\"'=+:$]")
# Every block syntax of Python-Markdown and of the extensions in mkdocs.yml opens a line with an
# ASCII punctuation mark, alone or after digits: lists (- * + 1.), headings (#), rules, quotes (>),
# HTML (<), references ([x]:), tables (|), admonitions (!!!), details (??? and ???+, whose
# marks are no Markdown specials), attr_list ({:). Code blocks need leading spaces, which md()
# drops. With that first mark an entity, text at a line start can only be a paragraph.
_BLOCK_START = re.compile(r"(\d*)([!-/:-@\[-`{-~])")
# Inline markup runs over the attr_list text before attr_list reads it: *…* or _…_ or […]
# inside a toc label used to break the whole {: #anchor } and lose the clause's anchor.
_ATTR_UNSAFE = re.compile(r"[\"'{}<>&\\`\n\r*_\[\]]")


def md(text: str) -> str:
    """Escape source text so Markdown renders it literally (inline, one line)."""
    text = " ".join(str(text).split())  # one line: no block syntax can start mid-text
    head = ""
    if start := _BLOCK_START.match(text):
        head, text = f"{start.group(1)}&#{ord(start.group(2))};", text[start.end():]
    return head + _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)


def md_run(text: str) -> str:
    """md() for a run of text between links: one space kept at an edge that had whitespace."""
    text = str(text)
    return (" " if text[:1].isspace() else "") + md(text) + (" " if text[-1:].isspace() and text.strip() else "")


def attr_text(text: str) -> str:
    """Text safe inside a double-quoted attr_list value (toc labels)."""
    return _ATTR_UNSAFE.sub("", " ".join(str(text).split()))


def html_text(text: str) -> str:
    """Escape for raw HTML contexts (nav titles): Material prints nav titles unescaped."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


# Python-Markdown rebuilds a paragraph's whole text for every inline match (each entity the
# md filter writes is one), so a block with n characters and m entities costs n*m: a long
# single-line file or a saved web page would never finish. Longer blocks are written as raw
# HTML paragraphs instead, which Markdown passes through untouched (and in linear time).
LONG_BLOCK_CHARS = 5000


# The same rebuilding makes a table cell of n links cost n times its length: a cell that lists
# thousands of links (an indicator's values, the places citing a title) is shown over several
# rows of at most this many (the templates' `cell_links`).
CELL_LINKS_MAX = 50


def is_long_block(text: str) -> bool:
    return len(text) > LONG_BLOCK_CHARS


def html_block_text(text: str) -> str:
    """Escape for the content of a raw HTML block: one line, so no blank line can end the block."""
    return html_text(" ".join(str(text).split()))


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates as an earlier build compiled them, from the cache: compiling document.md.j2
    and its partials takes longer than rendering the few pages a small edit reaches."""

    def __init__(self, cache: Incremental):
        self.cache = cache

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        # keyed by the builder's code (which sets the environment's options) and the compiled
        # form's version, so a bucket always holds code, and jinja2 neither compiles nor stores
        bucket = jinja2.bccache.Bucket(environment, name, "")
        bucket.code = marshal.loads(self.cache.once(
            "template", (name, filename, source, importlib.util.MAGIC_NUMBER),
            lambda: marshal.dumps(environment.compile(source, name, filename)), usable=_is_code))
        return bucket


def _is_code(data: bytes) -> bool:
    """Whether a cached compiled template loads (marshal's damaged data raises, or gives no code)."""
    try:
        return isinstance(marshal.loads(data), types.CodeType)
    except (ValueError, EOFError, TypeError):
        return False


def environment(cache: Incremental | None = None) -> jinja2.Environment:
    """The templates' environment; with a cache, templates compiled by an earlier build are reused."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # output is Markdown; escaping is explicit through the md filter
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a build: no stat() per include per clause
        bytecode_cache=CompiledTemplates(cache) if cache is not None else None,
    )
    env.filters["md"] = md
    env.filters["md_run"] = md_run
    env.filters["attr_text"] = attr_text
    env.filters["target_phrase"] = target_phrase
    env.filters["html_text"] = html_text
    env.filters["html_block_text"] = html_block_text
    env.filters["cn_date"] = P.printed_date
    env.tests["long_block"] = is_long_block
    env.globals["cell_links"] = CELL_LINKS_MAX
    if cache is not None:
        # every template loaded here, once: forked workers inherit them instead of each
        # compiling its own, and a build that renders no page still keeps them in the cache
        for name in env.list_templates(extensions=["j2"]):
            env.get_template(name)
    return env


# --------------------------------------------------------------------------- view data
@dataclass
class ClauseView:
    """One clause as the document template needs it."""

    anchor: str
    kind: str
    heading: int  # 2..6 for a heading, 0 for a paragraph-like block
    label: str  # what the heading or paragraph shows, verbatim
    toc_label: str  # short label for the table of contents
    text: str  # verbatim paragraph text shown below a titled paragraph heading
    classes: str
    table: dict | None = None  # a table's header and rows (table_view); its rows have views of their own


def _is_heading(c: Clause) -> bool:
    if c.kind in (HEADING, BOX, PART, TABLE):
        return True
    if c.kind == ITEM:
        return not c.number.startswith(("—", "－", "-"))  # numbered 专栏 items; —— items are paragraphs
    return c.kind == PARAGRAPH and bool(c.title)  # "X方面:" paragraphs of a news article


def table_view(table: Clause, rows: list[Clause]) -> dict:
    """A table as its template draws it: header cells, and per row its anchor and cells, each
    cell as lines and the columns it spans. A label row spans the table; a row whose lines
    could not be matched to the columns shows them in order, the last cell taking the rest."""
    n = len(table.cells)
    drawn = []
    for row in rows:
        cells = [[text] for text in row.cells[:n - 1]] + [list(row.cells[n - 1:])] if len(row.cells) > n else \
            [[text] for text in row.cells]
        spans = [1] * len(cells)
        spans[-1] += n - len(cells)
        drawn.append({"anchor": row.anchor, "cells": [{"lines": lines, "span": span}
                                                      for lines, span in zip(cells, spans)]})
    return {"header": list(table.cells), "rows": drawn}


def clause_views(doc: Document) -> list[ClauseView]:
    views: list[ClauseView] = []
    first_child_text = {}
    rows: dict[str, list[Clause]] = {}
    for c in doc.clauses:
        if c.parent and c.parent not in first_child_text:
            first_child_text[c.parent] = c.title if c.kind == TABLE else c.text
        if c.kind == ROW:
            rows.setdefault(c.parent, []).append(c)
    previous_heading = 1  # the page title is h1; never skip a level going down
    for c in doc.clauses:
        if _is_heading(c):
            level = min(6, c.level + 1, previous_heading + 1)
            previous_heading = level
            if c.kind in (PARAGRAPH, TABLE):  # a table's text is its caption and header, drawn as a table
                label, text = c.title, c.text if c.kind == PARAGRAPH else ""
            else:
                label, text = (c.number + (c.text or c.title)).strip() or c.title, ""
            short = c.title or _excerpt(first_child_text.get(c.anchor, ""))
            toc = (c.number + short).strip() if c.kind != PARAGRAPH else c.title
            views.append(ClauseView(c.anchor, c.kind, level, label, toc, text, f"clause clause-{c.kind}",
                                    table_view(c, rows.get(c.anchor, [])) if c.kind == TABLE else None))
        else:
            label = c.number + c.text if c.kind in (ITEM, FOOTNOTE) else c.text
            views.append(ClauseView(c.anchor, c.kind, 0, label, "", "", f"clause clause-{c.kind}"))
    return views


def _excerpt(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def page_url(site_url: str, slug: str, anchor: str = "") -> str:
    base = site_url.rstrip("/")
    return f"{base}/{slug}/" + (f"#{anchor}" if anchor else "")


def clause_records(doc: Document, site_url: str) -> list[dict]:
    cite = Citations(doc)
    return [{
        "doc": doc.slug, "source": doc.source.name, "anchor": c.anchor, "kind": c.kind,
        "number": c.number.strip(), "title": c.title, "text": c.text, "level": c.level,
        "parent": c.parent, "line": c.line, "url": page_url(site_url, doc.slug, c.anchor),
        "citation": cite.short(c), "formal_citation": cite.formal(c),
    } for c in doc.clauses]


def document_record(doc: Document, site_url: str) -> dict:
    # dataclasses.asdict(doc.meta) without its deep copies: the record is only written out
    meta = {**vars(doc.meta), "versions": [vars(v) for v in doc.meta.versions],
            "history": [vars(event) for event in doc.meta.history]}
    meta.update(url=page_url(site_url, doc.slug), parsed_title=doc.title, parsed_status=doc.status,
                encoding=doc.source.encoding, sha256=doc.source.sha256, clauses=len(doc.clauses),
                warnings=len(doc.warnings))
    return meta


# --------------------------------------------------------------------------- writing
def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _json(data) -> str:
    # compact: with indent, json falls back to its pure-Python encoder (most of render's time at scale)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def template_digest() -> str:
    """A digest of the templates: a page made with other templates is made again."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.rglob("*.j2")):
        digest.update(path.relative_to(TEMPLATES).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def grouped_documents(docs: list[Document], config: SiteConfig) -> list[tuple[str, list[Document]]]:
    """Documents by jurisdiction (configured order), newest first inside each."""
    order = {name: i for i, name in enumerate(config.jurisdictions)}
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        groups.setdefault(doc.meta.jurisdiction or UNSORTED, []).append(doc)
    result = []
    for name in sorted(groups, key=lambda n: (order.get(n, len(order)), n)):
        result.append((name, sorted(groups[name], key=lambda d: (d.meta.date or "", d.slug), reverse=True)))
    return result


def _escaped_nav(entries: list) -> list:
    """Nav titles from config or sources, escaped at any depth (paths are ours: left alone)."""
    return [{html_text(title): (_escaped_nav(value) if isinstance(value, list) else value)
             for title, value in entry.items()} if isinstance(entry, dict) else entry for entry in entries]


# mkdocs.yml's texts, which Material prints into every page as HTML, unescaped (as it does
# every string of `extra`, the theme's own settings).
MKDOCS_TEXT = ("site_name", "site_description", "site_author", "copyright", "repo_name")


def _escaped_strings(value):
    """Every string in a YAML tree through html_text (keys name the theme's settings: left alone)."""
    if isinstance(value, str):
        return html_text(value)
    if isinstance(value, list):
        return [_escaped_strings(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped_strings(item) for key, item in value.items()}
    return value


def mkdocs_config(config_path: Path, docs_dir: Path, groups: list[tuple[str, list[Document]]],
                  index_nav: list, unlisted: list[str]) -> dict:
    """The top-level mkdocs.yml plus what only the build knows: docs_dir, the nav and the
    pages reached from a document or an index page rather than from the nav (versions,
    修订对照, and the agency and side-by-side pages of a large library)."""
    settings = load_settings_file(config_path, plain=True)
    settings.update({key: _escaped_strings(settings[key]) for key in (*MKDOCS_TEXT, "extra") if key in settings})
    settings["docs_dir"] = str(docs_dir.resolve())
    settings["nav"] = [{"首页": HOME}, {"目标对照": f"{TARGETS_PAGE_DIR}/index.md"}] + _escaped_nav(
        library_nav(groups) + index_nav) + [{"维护报告": REPORT_PAGE}]
    if unlisted:
        settings["not_in_nav"] = "\n".join(f"/{page}" for page in unlisted)
    return settings


# Material writes the navigation into every page, and with navigation.sections a top-level
# section always shows all its entries; only entries one level further down are pruned
# (navigation.prune) to a single link on the pages outside them. So:
# - up to NAV_SECTION_MAX documents a jurisdiction lists them directly, beyond it they go
#   into year sections;
# - up to NAV_FLAT_MAX documents in all, each jurisdiction is a top-level section; beyond
#   it the jurisdictions go into one 政策文件 section, so a page shows every jurisdiction's
#   name but only its own jurisdiction's years and documents. Material links a pruned section
#   to its first page, so each jurisdiction there starts with its overview page
#   (jurisdiction_pages): were it its newest document, adding a newer one, or removing it,
#   would change the nav of every page in the library and MkDocs would make them all again;
# - up to NAV_LIST_MAX agency or side-by-side pages are listed, beyond it only their index
#   page is (render_links.LinkRenderer.nav).
# The nav of a page then stops growing with the library.
NAV_SECTION_MAX = 30
NAV_FLAT_MAX = 30
NAV_LIST_MAX = 30
LIBRARY_SECTION = "政策文件"


JURISDICTIONS_DIR = "jurisdictions"
OVERVIEW_TITLE = "全部文件"  # a jurisdiction's overview page in the nav


def library_nav(groups: list[tuple[str, list[Document]]]) -> list[dict]:
    """Nav entries of all documents, by jurisdiction (see NAV_FLAT_MAX)."""
    overviews = jurisdiction_pages(groups)
    sections = [{name: ([{OVERVIEW_TITLE: overviews[name]}] if overviews else []) + nav_section(docs)}
                for name, docs in groups]
    return [{LIBRARY_SECTION: sections}] if overviews else sections


def jurisdiction_pages(groups: list[tuple[str, list[Document]]]) -> dict[str, str]:
    """Each jurisdiction's overview page (jurisdictions/<pinyin>.md) in a library past
    NAV_FLAT_MAX, none in a smaller one (its sections are never pruned). Names that read alike
    (山西省, 陕西省) get -2, -3 … in the site's order of jurisdictions."""
    if sum(len(docs) for _, docs in groups) <= NAV_FLAT_MAX:
        return {}
    pages: dict[str, str] = {}
    taken: set[str] = set()
    for name, _ in groups:
        base = pinyin_slug(name) or "jurisdiction"
        slug = next(s for s in (base if k == 1 else f"{base}-{k}" for k in range(1, len(groups) + 2)) if s not in taken)
        taken.add(slug)
        pages[name] = f"{JURISDICTIONS_DIR}/{slug}.md"
    return pages


def by_year(docs: list[Document]) -> list[tuple[str, list[Document]]]:
    """(2025年, its documents) in the order of docs (newest first), 日期不详 for a document without a date."""
    years: dict[str, list[Document]] = {}
    for doc in docs:
        years.setdefault(doc.meta.date[:4] or "日期不详", []).append(doc)
    return [(f"{year}年" if year.isdigit() else year, group) for year, group in years.items()]


def nav_section(docs: list[Document]) -> list[dict]:
    """Nav entries of one jurisdiction's documents (already newest first)."""
    if len(docs) <= NAV_SECTION_MAX:
        return [{d.meta.title: doc_page(d.slug)} for d in docs]
    return [{year: [{d.meta.title: doc_page(d.slug)} for d in group]} for year, group in by_year(docs)]


def render_link_pages(env: jinja2.Environment, renderer: LinkRenderer, out: DocsFolder, site_url: str,
                      library: Library) -> None:
    """Topic, agency, cited-title and side-by-side pages, and their JSON data."""
    def url(page: str, anchor: str = "") -> str:
        return page_url(site_url, page.removesuffix(".md").removesuffix("index").rstrip("/"), anchor)

    def page(name: str, template: str, context: Callable[[], dict], depends_on: tuple) -> tuple:
        """A file for out.write_all(): the template rendered with context() (made only if needed)."""
        return name, (library.templates, *depends_on), lambda: env.get_template(template).render(**context())

    def small(name: str, template: str, context: dict) -> tuple:  # few pages, small contexts: keyed by them
        return page(name, template, lambda: context, (context,))

    def shown(docs: Iterable[Document], part: Callable[[Shown], str]) -> list[tuple[str, str]]:
        """Each document's metadata and the part of its Shown a page shows (the page's key)."""
        return [(library.meta[slug], part(library.shown[slug])) for slug in (doc.slug for doc in docs)]

    out.write_all([
        small(topic_page(FOLDER_INDEX), "topics_index.md.j2", renderer.topic_index()),
        # a topic page shows its documents' tags and tagged clauses, by jurisdiction (metadata)
        *(page(topic_page(topic.slug), "topic.md.j2", partial(renderer.topic_page, topic),
               (topic, library.jurisdictions,
                shown((doc for doc, _ in renderer.tagged[topic.slug]), lambda s: s.topics[topic.slug])))
          for topic in renderer.topics),
        small(agency_page(FOLDER_INDEX), "agencies_index.md.j2", renderer.agency_index()),
        # an agency page shows the tasks naming it, by their documents' names and clause labels
        *(page(agency_page(slug), "agency.md.j2", partial(renderer.agency_page, slug, roles),
               (renderer.links.agencies[slug], shown({doc.slug: doc for found in roles.values() for doc, _ in found}
                                                     .values(), lambda s: s.responsibilities)))
          for slug, roles in renderer.agency_tasks.items()),
        # the titles the documents cite, by the citing documents' names and section labels
        page(REFERENCES_PAGE, "references.md.j2", renderer.references_page,
             (shown((doc for doc in renderer.docs if doc.references), lambda s: s.references),)),
        # side by side: the two documents' titles and sections, the rows aligned
        *(page(compare_page(a.left_doc, a.right_doc), "compare.md.j2", partial(renderer.compare_page, a),
               (a.relation, a.left_doc, a.right_doc, field_values(a.rows),
                library.document[a.left_doc], library.document[a.right_doc])) for a in renderer.links.alignments),
        *([small(COMPARE_INDEX, "compare_index.md.j2", renderer.compare_index())] if renderer.links.alignments else []),
    ])
    out.write("data/topics.json", (site_url, library.topics, [(doc.slug, library.shown[doc.slug].topics)
                                                              for doc in renderer.docs]),
              lambda: _json(renderer.topics_data(url)) + "\n")
    out.write("data/responsibilities.json",
              (site_url, list(renderer.links.agencies.values()),
               [(doc.slug, library.shown[doc.slug].responsibilities) for doc in renderer.docs if doc.responsibilities]),
              lambda: _json(renderer.responsibilities_data(url)) + "\n")


def version_links(versions: list[Document]) -> list[dict]:
    """The version table of a revised document: each version's date, status, the revision or
    adoption that made its text (its history as printed under its title) and whether it has a
    修订对照 against the one before."""
    def made_by(doc: Document) -> str:
        return next((e.text for e in reversed(doc.meta.history) if e.action in MAKING_ACTIONS), "")

    return [{"date": v.meta.date, "status": v.meta.status, "changes": k > 0, "made_by": made_by(v)}
            for k, v in enumerate(versions)]


def full_text(doc: Document) -> str:
    """下载全文: the cleaned text, one source line per line, as the reader saw it."""
    return "".join(f"{line.text}\n" for line in doc.source.lines)


def render_versions(env: jinja2.Environment, out: DocsFolder, history: dict[str, list[Document]],
                    library: Library) -> list[str]:
    """A pinned page per version and a 修订对照 per consecutive pair; returns their paths."""
    pages: list[str] = []
    for versions in history.values():
        links = version_links(versions)
        keys = [library.parsed(doc) for doc in versions]
        for k, doc in enumerate(versions):
            page = f"{pinned_page(doc)}index.md"

            def pinned(doc: Document = doc) -> str:
                views = clause_views(doc)
                # a pinned page sits one folder deeper: it shows the text without cross-link decorations
                return env.get_template("document.md.j2").render(
                    doc=doc, meta=doc.meta, views=views, relations=[], links=plain_links(doc, views),
                    pinned=doc.meta.date, versions=links, places=clause_places(doc))

            out.write(page, (library.templates, keys[k], doc.meta, library.cache.key_of("targets", doc), links), pinned)
            out.write(f"{pinned_page(doc)}{doc.slug}.txt", (keys[k],), partial(full_text, doc))
            pages.append(page)
            if k == 0:
                continue
            page = f"{pinned_page(doc)}changes/index.md"
            out.write(page, (library.templates, keys[k - 1], keys[k], versions[k - 1].meta, doc.meta),
                      partial(render_changes, env, versions[k - 1], doc))
            pages.append(page)
    return pages


def render_changes(env: jinja2.Environment, old: Document, new: Document) -> str:
    """The 修订对照 page of two consecutive versions: what the revision changed first (修订要点,
    each clause named by its place), then every clause side by side."""
    rows = compare(old, new)
    counts = Counter(row.status for row in rows)
    counts.update(moved=sum(row.moved for row in rows), renumbered=sum(row.renumbered for row in rows),
                  width_only=sum(row.width_only for row in rows))
    places = {}
    for doc, side in ((old, "old"), (new, "new")):
        cite = Citations(doc)
        places[side] = {c.anchor: cite.label(c) for c in doc.clauses}
    summary = [{"row": row, "place": places["new"][row.new.anchor] if row.new else places["old"][row.old.anchor]}
               for row in rows if row.status != "unchanged" or row.moved]
    return env.get_template("changes.md.j2").render(meta=new.meta, old=old.meta, new=new.meta, rows=rows,
                                                    counts=counts, summary=summary)


CLAUSES = ',"clauses":['  # where document_json lists the clause records (last, to the end)


def document_data(slug: str) -> str:
    return f"data/docs/{slug}.json"


def document_json(doc: Document, site_url: str) -> str:
    """document_data(slug): the document and its clause records."""
    head = _json({"slug": doc.slug, "title": doc.meta.title, "status": doc.meta.status,
                  "completeness": doc.meta.completeness, "missing": doc.meta.missing,
                  "url": page_url(site_url, doc.slug)})
    return f"{head[:-1]}{CLAUSES}{_json(clause_records(doc, site_url))[1:]}}}\n"  # as json.dumps writes it


def clause_items(path: Path) -> bytes:
    """The clause records a document_data file lists, as JSON list items (UTF-8 bytes, not
    decoded: every document's are read to join them, whatever an edit reached)."""
    data = path.read_bytes()
    return data[data.index(CLAUSES.encode()) + len(CLAUSES):-len(b"]}\n")]


# The Runner.each kinds (pipeline.py, extract/links.py) whose results Shown digests.
EXTRACTED = ("references", "topics", "responsibilities", "targets")


class Library:
    """Digests of what the pages are made from, each computed once per build (page keys). They
    are short: a page made from much of the library (a topic's documents) names a digest per
    document, and keeping the thousands of pages an edit does not reach costs little."""

    def __init__(self, docs: list[Document], config: SiteConfig, cache: Incremental):
        self.cache, self.chrome = cache, config.chrome
        self.templates = template_digest()
        self.topics = cache.key("topics", (config.topics,))
        self.jurisdictions = cache.key("jurisdictions", (config.jurisdictions,))
        # slug -> the document's metadata; its clauses and source lines (as parsed); both
        self.meta = {d.slug: cache.key("meta", values)
                     for d, values in zip(docs, field_values([d.meta for d in docs]))}
        self.text = {d.slug: self.parsed(d) for d in docs}
        self.document = {d.slug: cache.key("document", (d.slug, self.text[d.slug], self.meta[d.slug])) for d in docs}
        # slug -> what other pages show of the document besides its metadata, by value (made
        # again only when its text, metadata or extraction inputs changed: Incremental.key_of)
        shown = cache.table("shown", [(self.document[d.slug], *(cache.key_of(kind, d) for kind in EXTRACTED))
                                           for d in docs], lambda i: Shown.of(docs[i]))
        self.shown = {d.slug: s for d, s in zip(docs, shown)}

    def parsed(self, doc: Document) -> str:
        return self.cache.key("parse", (doc.source.name, doc.source.sha256, chrome_inputs(tuple(self.chrome))))


def render_document(env: jinja2.Environment, renderer: LinkRenderer, doc: Document, versions: list[dict]) -> str:
    views = clause_views(doc)
    return env.get_template("document.md.j2").render(
        doc=doc, meta=doc.meta, views=views, relations=renderer.relations(doc),
        links=renderer.clause_links(doc, {v.anchor: (v.label, v.text) for v in views}),
        pinned="", versions=versions, places=clause_places(doc))


def clause_places(doc: Document) -> dict[str, str]:
    """Anchor -> the clause's label as cited (一、（二）主要目标), where a table names a clause."""
    cite = Citations(doc)
    return {c.anchor: cite.label(c) or c.anchor for c in doc.clauses}


def render_site(docs: list[Document], config: SiteConfig, build_dir: Path, mkdocs_yml: Path, site_url: str,
                links: CrossLinks, history: dict[str, list[Document]], report: dict,
                anchors: dict[str, list[str]], cache: Incremental) -> tuple[Path, DocsFolder]:
    """Write build_dir/docs and build_dir/mkdocs.yml; returns the generated mkdocs.yml path and
    the docs folder (which files were written, which kept from the previous build)."""
    env = environment(cache)
    out = DocsFolder(build_dir / "docs", cache)
    library = Library(docs, config, cache)
    groups = grouped_documents(docs, config)
    renderer = LinkRenderer(docs, links, config.topics, groups)
    topic_counts = {slug: sum(len(tags) for _, tags in found) for slug, found in renderer.tagged.items()}
    # the home page shows every document's metadata, topic counts and shared targets
    out.write(HOME, (library.templates, [(name, [library.meta[d.slug] for d in group]) for name, group in groups],
                           library.topics, topic_counts, config.targets.indicators,
                           [library.shown[d.slug].targets for d in docs]),
              lambda: env.get_template("index.md.j2").render(**home_view(docs, groups, config, topic_counts)))
    overviews = jurisdiction_pages(groups)
    out.write_all([(overviews[name], (library.templates, name, [library.meta[d.slug] for d in group]),
                    lambda name=name, group=group: env.get_template("jurisdiction.md.j2").render(
                        name=name, total=len(group), years=by_year(group)))
                   for name, group in groups if name in overviews])
    pages = []
    for doc in docs:
        versions = version_links(history.get(doc.slug, []))
        # everything document.md.j2 reads: the text, metadata, targets, versions, relations, cross-links
        pages.append((doc_page(doc.slug), (library.templates, library.document[doc.slug],
                                           library.shown[doc.slug].targets, versions, renderer.relations(doc),
                                           renderer.clause_link_inputs(doc, library.shown, library.meta,
                                                                       library.topics)),
                      partial(render_document, env, renderer, doc, versions)))
        pages.append((f"{doc.slug}/{doc.slug}.txt", (library.text[doc.slug],), partial(full_text, doc)))
    out.write_all(pages)
    out.write_all([(document_data(doc.slug), (library.document[doc.slug], site_url),
                    partial(document_json, doc, site_url)) for doc in docs])
    out.write("data/documents.json", (site_url, [(library.document[d.slug], len(d.warnings)) for d in docs]),
              lambda: _json([document_record(d, site_url) for d in docs]) + "\n")
    # every document's clause records: read back from its document_data file (written or kept
    # just above), as making them again for the whole library would cost more than a warm build
    out.write("data/clauses.json", ([library.document[d.slug] for d in docs], site_url), lambda: b"[" + b",".join(
        items for items in (clause_items(out.folder / document_data(d.slug)) for d in docs) if items) + b"]\n")
    render_link_pages(env, renderer, out, site_url, library)
    # the targets page, its charts and data: made together, from every document's targets, and
    # read from the cache only when one of them must be written (they grow with the library)
    targets_key = cache.key("targets", (library.templates, site_url, config.targets.indicators,
                                        [(library.meta[d.slug], library.shown[d.slug].targets) for d in docs]))

    @lru_cache(maxsize=1)
    def target_files() -> dict[str, str]:
        def make() -> dict[str, str]:
            url = partial(page_url, site_url)
            return target_pages(env, docs, config, url) | {name: _json(data) + "\n"
                                                           for name, data in target_data(docs, url).items()}
        return cache.once("target-files", (targets_key,), make)

    out.write_all([(name, (targets_key,), lambda name=name: target_files()[name])
                   for name in cache.once("target-names", (targets_key,), lambda: list(target_files()))])
    index_nav, unlisted = renderer.nav(NAV_LIST_MAX)
    unlisted += render_versions(env, out, history, library)
    out.write(REPORT_PAGE, (library.templates, report), lambda: env.get_template("report.md.j2").render(
        report=report, numbering_codes=NUMBERING_CODES))
    out.write_text("data/build-report.json", _json(report) + "\n")
    out.write_text(ANCHORS_JSON, _json(anchors_document(anchors, moved_anchors(history))) + "\n")
    assets = TEMPLATES / ASSETS_DIR
    for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if path.is_file():
            out.write_text(f"{ASSETS_DIR}/{path.relative_to(assets).as_posix()}", path.read_bytes())
    out.finish()
    generated = build_dir / "mkdocs.yml"
    settings = search.tune(mkdocs_config(mkdocs_yml, out.folder, groups, index_nav, unlisted), build_dir)
    _write(generated, cache.once("mkdocs.yml", (settings,), lambda: (
        "# Generated by `python -m builder build` from ../mkdocs.yml: do not edit.\n"
        + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False))))
    return generated, out
