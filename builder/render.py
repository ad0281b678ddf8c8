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
from pathlib import Path

import jinja2

from . import patterns as P
from .citations import Citations
from .model import (BOX, FOOTNOTE, HEADING, ITEM, MAKING_ACTIONS, PARAGRAPH, PART, ROW, TABLE, Clause, Document,
                    without_templates)
from .render_targets import target_phrase
from .runner import Runner
from .site_names import TEMPLATES
from .versions import compare
from .yaml_lines import load_settings_file

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

    def __init__(self, run: Runner):
        self.run = run

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        # keyed by the builder's code (which sets the environment's options) and the compiled
        # form's version, so a bucket always holds code, and jinja2 neither compiles nor stores
        bucket = jinja2.bccache.Bucket(environment, name, "")
        bucket.code = marshal.loads(self.run.once(
            "template", (name, filename, source, importlib.util.MAGIC_NUMBER),
            lambda: marshal.dumps(environment.compile(source, name, filename)), usable=_is_code))
        return bucket


def _is_code(data: bytes) -> bool:
    """Whether a cached compiled template loads (marshal's damaged data raises, or gives no code)."""
    try:
        return isinstance(marshal.loads(data), types.CodeType)
    except (ValueError, EOFError, TypeError):
        return False


def environment(run: Runner | None = None) -> jinja2.Environment:
    """The templates' environment; with a runner, templates compiled by an earlier build are reused."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # output is Markdown; escaping is explicit through the md filter
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a build: no stat() per include per clause
        bytecode_cache=CompiledTemplates(run) if run is not None else None,
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
    if run is not None:
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


# --------------------------------------------------------------------------- making files
def _json(data) -> str:
    # compact: with indent, json falls back to its pure-Python encoder (most of render's time at scale)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def json_text(data) -> str:
    """A JSON file's text, as every data file is written."""
    return _json(data) + "\n"


def template_digest() -> str:
    """A digest of the templates: a page made with other templates is made again."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.rglob("*.j2")):
        digest.update(path.relative_to(TEMPLATES).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


_templates: list[jinja2.Environment] = []  # the environment pages are made with (use_templates)


def use_templates(env: jinja2.Environment) -> None:
    """Make the pages of this build with env (render_template): forked workers inherit it."""
    _templates[:] = [env]


def render_template(name: str, context: dict) -> str:
    """model.Page.make of a page that is one template rendered with its context."""
    return (_templates[0] if _templates else environment()).get_template(name).render(**context)


def page_address(site_url: str, page: str, anchor: str = "") -> str:
    """The public URL of a generated page (topics/x.md -> …/topics/x/, y/index.md -> …/y/)."""
    return page_url(site_url, page.removesuffix(".md").removesuffix("index").rstrip("/"), anchor)


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


def mkdocs_config(config_path: Path, docs_dir: Path, nav: list, unlisted: list[str]) -> dict:
    """The top-level mkdocs.yml plus what only the build knows: docs_dir, the nav (the page
    kinds' entries, pages.site_nav) and the pages reached from a document or an index page
    rather than from the nav (versions, 修订对照, and the agency and side-by-side pages of a
    large library)."""
    settings = load_settings_file(config_path, plain=True)
    settings.update({key: _escaped_strings(settings[key]) for key in (*MKDOCS_TEXT, "extra") if key in settings})
    settings["docs_dir"] = str(docs_dir.resolve())
    settings["nav"] = _escaped_nav(nav)
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
#   (pages/jurisdictions.py): were it its newest document, adding a newer one, or removing it,
#   would change the nav of every page in the library and MkDocs would make them all again;
# - up to NAV_LIST_MAX agency or side-by-side pages are listed, beyond it only their index
#   page is (pages/agencies.py, pages/compare.py).
# The nav of a page then stops growing with the library.
NAV_SECTION_MAX = 30
NAV_FLAT_MAX = 30
NAV_LIST_MAX = 30
LIBRARY_SECTION = "政策文件"


def version_links(versions: list[Document]) -> list[dict]:
    """The version table of a revised document: each version's date, status, the revision or
    adoption that made its text (its history as printed under its title) and whether it has a
    修订对照 against the one before."""
    def made_by(doc: Document) -> str:
        return next((e.text for e in reversed(doc.meta.history) if e.action in MAKING_ACTIONS), "")

    return [{"date": v.meta.date, "status": v.meta.status, "changes": k > 0, "made_by": made_by(v)}
            for k, v in enumerate(versions)]


@without_templates
def full_text(doc: Document) -> str:
    """下载全文: the cleaned text, one source line per line, as the reader saw it."""
    return "".join(f"{line.text}\n" for line in doc.source.lines)


def render_changes(old: Document, new: Document) -> str:
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
    return render_template("changes.md.j2", dict(meta=new.meta, old=old.meta, new=new.meta, rows=rows,
                                                    counts=counts, summary=summary))


CLAUSES = ',"clauses":['  # where document_json lists the clause records (last, to the end)


def document_data(slug: str) -> str:
    return f"data/docs/{slug}.json"


@without_templates
def document_json(doc: Document, site_url: str) -> str:
    """document_data(slug): the document and its clause records."""
    head = _json({"slug": doc.slug, "title": doc.meta.title, "status": doc.meta.status,
                  "completeness": doc.meta.completeness, "missing": doc.meta.missing,
                  "url": page_url(site_url, doc.slug)})
    return f"{head[:-1]}{CLAUSES}{_json(clause_records(doc, site_url))[1:]}}}\n"  # as json.dumps writes it


def clause_items(data: bytes) -> bytes:
    """The clause records a document_data file lists, as JSON list items (UTF-8 bytes, not
    decoded: every document's are read to join them, whatever an edit reached)."""
    return data[data.index(CLAUSES.encode()) + len(CLAUSES):-len(b"]}\n")]


@without_templates
def clauses_json(*document_datas: bytes) -> bytes:
    """data/clauses.json: every document's clause records, joined from its document_data file
    (making them again for the whole library would cost more than a warm build)."""
    return b"[" + b",".join(items for items in map(clause_items, document_datas) if items) + b"]\n"


@without_templates
def documents_json(docs: list[Document], site_url: str) -> str:
    return json_text([document_record(d, site_url) for d in docs])


def clause_places(doc: Document) -> dict[str, str]:
    """Anchor -> the clause's label as cited (一、（二）主要目标), where a table names a clause."""
    cite = Citations(doc)
    return {c.anchor: cite.label(c) or c.anchor for c in doc.clauses}


