"""Render: Documents -> build/docs/*.md (Jinja2 templates own all Markdown) + data/*.json + build/mkdocs.yml.

Python prepares plain view data (which clause is a heading, at which level, its citation);
the templates in docs_templates/ decide how it reads. Source text is data: the `md` filter
turns every character Markdown or HTML could act on into an entity.
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import jinja2
import yaml

from .config import SiteConfig
from .model import BOX, FOOTNOTE, HEADING, ITEM, PARAGRAPH, PART, Clause, Document

TEMPLATES = Path(__file__).resolve().parent.parent / "docs_templates"

# Characters Python-Markdown, attr_list, tables or raw HTML could interpret. As numeric
# entities they render as themselves and can never start markup.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]<>&|#!~^\"'=+:$]")
_LIST_START = re.compile(r"^(\d*)([-.)])")  # "1." "1)" "-" "." could open a list or a rule
_ATTR_UNSAFE = re.compile(r"[\"'{}<>&\\`\n\r]")


def md(text: str) -> str:
    """Escape source text so Markdown renders it literally (inline, one line)."""
    text = " ".join(str(text).split())  # one line: no block syntax can start mid-text
    text = _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)
    return _LIST_START.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", text, count=1)


def attr_text(text: str) -> str:
    """Text safe inside a double-quoted attr_list value (toc labels)."""
    return _ATTR_UNSAFE.sub("", " ".join(str(text).split()))


def html_text(text: str) -> str:
    """Escape for raw HTML contexts (nav titles): Material prints nav titles unescaped."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # output is Markdown; escaping is explicit through the md filter
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md
    env.filters["attr_text"] = attr_text
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
    paragraphs = siblings.get(clause.parent or "", {})
    if clause.kind == PARAGRAPH and not clause.title and len(paragraphs) > 1:
        label += f"第{paragraphs[clause.anchor]}段"
    return head + label


def page_url(site_url: str, slug: str, anchor: str = "") -> str:
    base = site_url.rstrip("/")
    return f"{base}/{slug}/" + (f"#{anchor}" if anchor else "")


def clause_records(doc: Document, site_url: str) -> list[dict]:
    by_anchor = {c.anchor: c for c in doc.clauses}
    siblings: dict[str, dict[str, int]] = {}  # parent -> {paragraph anchor: 1-based position}
    for c in doc.clauses:
        if c.kind == PARAGRAPH:
            numbered = siblings.setdefault(c.parent or "", {})
            numbered[c.anchor] = len(numbered) + 1
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
        groups.setdefault(doc.meta.jurisdiction or "未分类", []).append(doc)
    result = []
    for name in sorted(groups, key=lambda n: (order.get(n, len(order)), n)):
        result.append((name, sorted(groups[name], key=lambda d: (d.meta.date or "", d.slug), reverse=True)))
    return result


def mkdocs_config(config_path: Path, docs_dir: Path, groups: list[tuple[str, list[Document]]]) -> dict:
    """The top-level mkdocs.yml plus what only the build knows: docs_dir and the nav."""
    settings = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    settings["docs_dir"] = str(docs_dir.resolve())
    theme = settings.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):  # relative to mkdocs.yml, not to build/
        theme["custom_dir"] = str((config_path.parent / theme["custom_dir"]).resolve())
    settings["nav"] = [{"首页": "index.md"}] + [{html_text(name): nav_section(docs)} for name, docs in groups]
    return settings


# Every page carries the navigation. Up to this many documents a jurisdiction lists them
# directly; beyond it they go into year sections, which navigation.prune leaves out of every
# page but the active one's, so a page's size stops growing with the library.
NAV_SECTION_MAX = 30


def nav_section(docs: list[Document]) -> list[dict]:
    """Nav entries of one jurisdiction's documents (already newest first)."""
    entries = [{html_text(d.meta.title): f"{d.slug}/index.md"} for d in docs]
    if len(docs) <= NAV_SECTION_MAX:
        return entries
    years: dict[str, list[dict]] = {}
    for doc, entry in zip(docs, entries):
        years.setdefault(doc.meta.date[:4] or "日期不详", []).append(entry)
    return [{f"{year}年" if year.isdigit() else year: items} for year, items in years.items()]


def render_site(docs: list[Document], config: SiteConfig, build_dir: Path, mkdocs_yml: Path,
                site_url: str) -> Path:
    """Write build_dir/docs and build_dir/mkdocs.yml; returns the generated mkdocs.yml path."""
    env = environment()
    docs_dir = build_dir / "docs"
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    groups = grouped_documents(docs, config)
    _write(docs_dir / "index.md", env.get_template("index.md.j2").render(groups=groups))
    all_clauses: list[dict] = []
    for doc in docs:
        records = clause_records(doc, site_url)
        all_clauses.extend(records)
        _write(docs_dir / doc.slug / "index.md", env.get_template("document.md.j2").render(
            doc=doc, meta=doc.meta, views=clause_views(doc)))
        _write_json(docs_dir / "data" / "docs" / f"{doc.slug}.json", {
            "slug": doc.slug, "title": doc.meta.title, "status": doc.meta.status,
            "url": page_url(site_url, doc.slug), "clauses": records})
    _write_json(docs_dir / "data" / "documents.json", [document_record(d, site_url) for d in docs])
    _write_json(docs_dir / "data" / "clauses.json", all_clauses)
    assets = TEMPLATES / "assets"
    if assets.is_dir():
        shutil.copytree(assets, docs_dir / "assets")
    generated = build_dir / "mkdocs.yml"
    _write(generated, "# Generated by `python -m builder build` from ../mkdocs.yml: do not edit.\n"
           + yaml.safe_dump(mkdocs_config(mkdocs_yml, docs_dir, groups), allow_unicode=True, sort_keys=False))
    return generated
