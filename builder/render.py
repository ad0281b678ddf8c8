"""Render: Documents -> build/docs/*.md (Jinja2 templates own all Markdown) + data/*.json + build/mkdocs.yml.

Python prepares plain view data (which clause is a heading, at which level, its citation);
the templates in docs_templates/ decide how it reads. Source text is data: the `md` filter
turns every character Markdown or HTML could act on into an entity.
"""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import jinja2
import yaml

from . import search
from .anchors import ANCHORS_JSON, anchors_document, pinned_page
from .config import SiteConfig
from .derive import UNSORTED
from .model import BOX, FOOTNOTE, HEADING, ITEM, PARAGRAPH, PART, Clause, CrossLinks, Document
from .render_links import COMPARE_INDEX, LinkRenderer, doc_page, plain_links
from .render_targets import PAGE_DIR as TARGETS_PAGE_DIR
from .render_targets import target_data, target_pages, target_phrase
from .report import NUMBERING_CODES
from .versions import compare

TEMPLATES = Path(__file__).resolve().parent.parent / "docs_templates"

# Characters Python-Markdown, attr_list, tables or raw HTML could interpret. As numeric
# entities they render as themselves and can never start markup.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]<>&|#!~^\"'=+:$]")
_LIST_START = re.compile(r"^(\d*)([-.)])")  # "1." "1)" "-" "." could open a list or a rule
# Inline markup runs over the attr_list text before attr_list reads it: *…* or _…_ or […]
# inside a toc label used to break the whole {: #anchor } and lose the clause's anchor.
_ATTR_UNSAFE = re.compile(r"[\"'{}<>&\\`\n\r*_\[\]]")


def md(text: str) -> str:
    """Escape source text so Markdown renders it literally (inline, one line)."""
    text = " ".join(str(text).split())  # one line: no block syntax can start mid-text
    text = _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)
    return _LIST_START.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", text, count=1)


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
# md filter writes is one), so a block with n characters and m entities costs n*m: a 5 MB
# single-line file or a saved web page would take hours. Longer blocks are written as raw
# HTML paragraphs instead, which Markdown passes through untouched (and in linear time).
LONG_BLOCK_CHARS = 5000


def is_long_block(text: str) -> bool:
    return len(text) > LONG_BLOCK_CHARS


def html_block_text(text: str) -> str:
    """Escape for the content of a raw HTML block: one line, so no blank line can end the block."""
    return html_text(" ".join(str(text).split()))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # output is Markdown; escaping is explicit through the md filter
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a build: no stat() per include per clause
    )
    env.filters["md"] = md
    env.filters["md_run"] = md_run
    env.filters["attr_text"] = attr_text
    env.filters["target_phrase"] = target_phrase
    env.filters["html_text"] = html_text
    env.filters["html_block_text"] = html_block_text
    env.tests["long_block"] = is_long_block
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


def _is_heading(c: Clause) -> bool:
    if c.kind in (HEADING, BOX, PART):
        return True
    if c.kind == ITEM:
        return not c.number.startswith(("—", "－", "-"))  # numbered 专栏 items; —— items are paragraphs
    return c.kind == PARAGRAPH and bool(c.title)  # "X方面:" paragraphs of a news article


def clause_views(doc: Document) -> list[ClauseView]:
    views: list[ClauseView] = []
    first_child_text = {}
    for c in doc.clauses:
        if c.parent and c.parent not in first_child_text:
            first_child_text[c.parent] = c.text
    previous_heading = 1  # the page title is h1; never skip a level going down
    for c in doc.clauses:
        if _is_heading(c):
            level = min(6, c.level + 1, previous_heading + 1)
            previous_heading = level
            if c.kind == PARAGRAPH:
                label, text = c.title, c.text
            else:
                label, text = (c.number + (c.text or c.title)).strip() or c.title, ""
            short = c.title or _excerpt(first_child_text.get(c.anchor, ""))
            toc = (c.number + short).strip() if c.kind != PARAGRAPH else c.title
            views.append(ClauseView(c.anchor, c.kind, level, label, toc, text, f"clause clause-{c.kind}"))
        else:
            label = c.number + c.text if c.kind in (ITEM, FOOTNOTE) else c.text
            views.append(ClauseView(c.anchor, c.kind, 0, label, "", "", f"clause clause-{c.kind}"))
    return views


def _excerpt(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def citation(doc: Document, clause: Clause, by_anchor: dict[str, Clause],
             siblings: dict[str, dict[str, int]]) -> str:
    """《广东省质量强省建设纲要》四、（十）提高农产品食品药品质量安全水平 — numbers as printed."""
    chain = []
    node: Clause | None = clause
    while node is not None:
        chain.append(node)
        node = by_anchor.get(node.parent) if node.parent else None
    chain.reverse()
    head = f"《{doc.meta.title}》" + (f"（{doc.meta.status}）" if doc.meta.status else "")
    numbered = [c for c in chain if c.number and c.kind != PART]
    label = "".join(c.number.strip() for c in numbered[:-1])
    target = numbered[-1] if numbered else None
    if target is not None:
        label += target.number.strip() + target.title
    elif clause.title:
        label += clause.title
    paragraphs = siblings.get(clause.parent or "", {})  # anchor -> position among its siblings
    if clause.kind == PARAGRAPH and not clause.title and len(paragraphs) > 1:
        label += f"第{paragraphs[clause.anchor] + 1}段"
    return head + label


def page_url(site_url: str, slug: str, anchor: str = "") -> str:
    base = site_url.rstrip("/")
    return f"{base}/{slug}/" + (f"#{anchor}" if anchor else "")


def clause_records(doc: Document, site_url: str) -> list[dict]:
    by_anchor = {c.anchor: c for c in doc.clauses}
    siblings: dict[str, dict[str, int]] = {}
    for c in doc.clauses:
        if c.kind == PARAGRAPH:
            positions = siblings.setdefault(c.parent or "", {})
            positions[c.anchor] = len(positions)
    return [{
        "doc": doc.slug, "source": doc.source.name, "anchor": c.anchor, "kind": c.kind,
        "number": c.number.strip(), "title": c.title, "text": c.text, "level": c.level,
        "parent": c.parent, "line": c.line, "url": page_url(site_url, doc.slug, c.anchor),
        "citation": citation(doc, c, by_anchor, siblings),
    } for c in doc.clauses]


def document_record(doc: Document, site_url: str) -> dict:
    meta = asdict(doc.meta)
    meta.update(url=page_url(site_url, doc.slug), parsed_title=doc.title, parsed_status=doc.status,
                encoding=doc.source.encoding, sha256=doc.source.sha256, clauses=len(doc.clauses),
                warnings=len(doc.warnings))
    return meta


# --------------------------------------------------------------------------- writing
def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_json(path: Path, data) -> None:
    # compact: with indent, json falls back to its pure-Python encoder (most of render's time at scale)
    _write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


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


def mkdocs_config(config_path: Path, docs_dir: Path, groups: list[tuple[str, list[Document]]],
                  index_nav: list, unlisted: list[str]) -> dict:
    """The top-level mkdocs.yml plus what only the build knows: docs_dir, the nav and the
    pages reached from a document or an index page rather than from the nav (versions,
    修订对照, and the agency and side-by-side pages of a large library)."""
    settings = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    settings["docs_dir"] = str(docs_dir.resolve())
    settings["nav"] = [{"首页": "index.md"}, {"目标对照": f"{TARGETS_PAGE_DIR}/index.md"}] + _escaped_nav(
        library_nav(groups) + index_nav) + [{"维护报告": "report/index.md"}]
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
#   name but only its own jurisdiction's years and documents;
# - up to NAV_LIST_MAX agency or side-by-side pages are listed, beyond it only their index
#   page is (render_links.LinkRenderer.nav).
# The nav of a page then stops growing with the library.
NAV_SECTION_MAX = 30
NAV_FLAT_MAX = 30
NAV_LIST_MAX = 30
LIBRARY_SECTION = "政策文件"


def library_nav(groups: list[tuple[str, list[Document]]]) -> list[dict]:
    """Nav entries of all documents, by jurisdiction (see NAV_FLAT_MAX)."""
    sections = [{name: nav_section(docs)} for name, docs in groups]
    if sum(len(docs) for _, docs in groups) <= NAV_FLAT_MAX:
        return sections
    return [{LIBRARY_SECTION: sections}]


def nav_section(docs: list[Document]) -> list[dict]:
    """Nav entries of one jurisdiction's documents (already newest first)."""
    entries = [{d.meta.title: doc_page(d.slug)} for d in docs]
    if len(docs) <= NAV_SECTION_MAX:
        return entries
    years: dict[str, list[dict]] = {}
    for doc, entry in zip(docs, entries):
        years.setdefault(doc.meta.date[:4] or "日期不详", []).append(entry)
    return [{f"{year}年" if year.isdigit() else year: items} for year, items in years.items()]


def render_link_pages(env: jinja2.Environment, renderer: LinkRenderer, docs_dir: Path, site_url: str) -> None:
    """Topic, agency, cited-title and side-by-side pages, and their JSON data."""
    def url(page: str, anchor: str = "") -> str:
        return page_url(site_url, page.removesuffix(".md").removesuffix("index").rstrip("/"), anchor)

    _write(docs_dir / "topics" / "index.md", env.get_template("topics_index.md.j2").render(**renderer.topic_index()))
    for page, context in renderer.topic_pages():
        _write(docs_dir / page, env.get_template("topic.md.j2").render(**context))
    _write(docs_dir / "agencies" / "index.md",
           env.get_template("agencies_index.md.j2").render(**renderer.agency_index()))
    for page, context in renderer.agency_pages():
        _write(docs_dir / page, env.get_template("agency.md.j2").render(**context))
    _write(docs_dir / "references" / "index.md",
           env.get_template("references.md.j2").render(**renderer.references_page()))
    for page, context in renderer.compare_pages():
        _write(docs_dir / page, env.get_template("compare.md.j2").render(**context))
    if renderer.links.alignments:
        _write(docs_dir / COMPARE_INDEX, env.get_template("compare_index.md.j2").render(**renderer.compare_index()))
    _write_json(docs_dir / "data" / "topics.json", renderer.topics_data(url))
    _write_json(docs_dir / "data" / "responsibilities.json", renderer.responsibilities_data(url))


def version_links(versions: list[Document]) -> list[dict]:
    """The version table of a revised document: each version's date, status and whether it
    has a 修订对照 against the one before."""
    return [{"date": v.meta.date, "status": v.meta.status, "changes": k > 0} for k, v in enumerate(versions)]


def full_text(doc: Document) -> str:
    """下载全文: the cleaned text, one source line per line, as the reader saw it."""
    return "".join(f"{line.text}\n" for line in doc.source.lines)


def render_versions(env: jinja2.Environment, docs_dir: Path, history: dict[str, list[Document]]) -> list[str]:
    """A pinned page per version and a 修订对照 per consecutive pair; returns their paths."""
    pages: list[str] = []
    for versions in history.values():
        links = version_links(versions)
        for k, doc in enumerate(versions):
            page = f"{pinned_page(doc)}index.md"
            views = clause_views(doc)
            # a pinned page sits one folder deeper: it shows the text without cross-link decorations
            _write(docs_dir / page, env.get_template("document.md.j2").render(
                doc=doc, meta=doc.meta, views=views, relations=[], links=plain_links(doc, views),
                pinned=doc.meta.date, versions=links))
            _write(docs_dir / pinned_page(doc) / f"{doc.slug}.txt", full_text(doc))
            pages.append(page)
            if k == 0:
                continue
            rows = compare(versions[k - 1], doc)
            counts = Counter(row.status for row in rows)
            counts.update(moved=sum(row.moved for row in rows), renumbered=sum(row.renumbered for row in rows))
            page = f"{pinned_page(doc)}changes/index.md"
            _write(docs_dir / page, env.get_template("changes.md.j2").render(
                meta=doc.meta, old=versions[k - 1].meta, new=doc.meta, rows=rows, counts=counts))
            pages.append(page)
    return pages


def render_site(docs: list[Document], config: SiteConfig, build_dir: Path, mkdocs_yml: Path, site_url: str,
                links: CrossLinks, history: dict[str, list[Document]], report: dict,
                anchors: dict[str, list[str]]) -> Path:
    """Write build_dir/docs and build_dir/mkdocs.yml; returns the generated mkdocs.yml path."""
    env = environment()
    docs_dir = build_dir / "docs"
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    groups = grouped_documents(docs, config)
    renderer = LinkRenderer(docs, links, config.topics, groups)
    _write(docs_dir / "index.md", env.get_template("index.md.j2").render(groups=groups))
    all_clauses: list[dict] = []
    for doc in docs:
        records = clause_records(doc, site_url)
        all_clauses.extend(records)
        views = clause_views(doc)
        _write(docs_dir / doc_page(doc.slug), env.get_template("document.md.j2").render(
            doc=doc, meta=doc.meta, views=views, relations=renderer.relations(doc),
            links=renderer.clause_links(doc, {v.anchor: (v.label, v.text) for v in views}),
            pinned="", versions=version_links(history.get(doc.slug, []))))
        _write(docs_dir / doc.slug / f"{doc.slug}.txt", full_text(doc))
        _write_json(docs_dir / "data" / "docs" / f"{doc.slug}.json", {
            "slug": doc.slug, "title": doc.meta.title, "status": doc.meta.status,
            "url": page_url(site_url, doc.slug), "clauses": records})
    _write_json(docs_dir / "data" / "documents.json", [document_record(d, site_url) for d in docs])
    _write_json(docs_dir / "data" / "clauses.json", all_clauses)
    render_link_pages(env, renderer, docs_dir, site_url)
    for name, text in target_pages(env, docs, config, partial(page_url, site_url)).items():
        _write(docs_dir / name, text)
    for name, data in target_data(docs, partial(page_url, site_url)).items():
        _write_json(docs_dir / name, data)
    index_nav, unlisted = renderer.nav(NAV_LIST_MAX)
    unlisted += render_versions(env, docs_dir, history)
    _write(docs_dir / "report" / "index.md", env.get_template("report.md.j2").render(
        report=report, numbering_codes=NUMBERING_CODES))
    _write_json(docs_dir / "data" / "build-report.json", report)
    _write_json(docs_dir / ANCHORS_JSON, anchors_document(anchors))
    assets = TEMPLATES / "assets"
    if assets.is_dir():
        shutil.copytree(assets, docs_dir / "assets")
    generated = build_dir / "mkdocs.yml"
    settings = search.tune(mkdocs_config(mkdocs_yml, docs_dir, groups, index_nav, unlisted),
                           build_dir, config.folder, [d.meta for d in docs])
    _write(generated, "# Generated by `python -m builder build` from ../mkdocs.yml: do not edit.\n"
           + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False))
    return generated
