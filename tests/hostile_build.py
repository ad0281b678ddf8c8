"""Build a site from a throw-away seeds folder and config, and read what came out.

Used by the hostile-input tests: each writes its own seeds (bytes, so broken encodings stay
broken) and documents.yml, runs the real command line and inspects exit code, output and HTML.
"""
from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml

from builder.__main__ import main
from builder.config import SCHEMAS, load_config
from builder.model import BuildError
from builder.yaml_lines import load_yaml

from .conftest import CONFIG, ROOT
from .search_records import search_sections


@dataclass
class Built:
    exit_code: int
    stdout: str
    stderr: str
    site: Path

    def page(self, slug: str) -> str:
        return (self.site / slug / "index.html").read_text(encoding="utf-8")

    def json(self, relative: str):
        return json.loads((self.site / relative).read_text(encoding="utf-8"))

    def search_text(self) -> str:
        """All titles and texts of the search index's sections."""
        return "".join(r["title"] + r["text"] for r in search_sections(self.site))


def make_config(folder: Path, documents_yml: str = "documents: []\n", **files: str) -> Path:
    """The real site_config/ with documents.yml (and any other file, topics="…" for topics.yml) replaced."""
    shutil.copytree(CONFIG, folder, dirs_exist_ok=True)
    (folder / "documents.yml").write_text(documents_yml, encoding="utf-8")
    for stem, text in files.items():
        (folder / f"{stem}.yml").write_text(text, encoding="utf-8")
    return folder


def write_seeds(folder: Path, seeds: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (folder / name).write_bytes(data)
    return folder


def run_build(work: Path, seeds: Path, config: Path, mkdocs_yml: Path = ROOT / "mkdocs.yml") -> Built:
    """`python -m builder build` in-process, into work/site with work/build as scratch."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["build", "--seeds", str(seeds), "--config", str(config), "--out", str(work / "site"),
                     "--build-dir", str(work / "build"), "--mkdocs", str(mkdocs_yml)])
    return Built(code, out.getvalue(), err.getvalue(), work / "site")


def build_site(work: Path, seeds: dict[str, bytes], documents_yml: str = "documents: []\n") -> Built:
    """Write seeds and config under work/ and build them."""
    return run_build(work, write_seeds(work / "seeds", seeds), make_config(work / "config", documents_yml))


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class HtmlFacts(HTMLParser):
    """Every start tag with its attributes, script bodies, and text with the elements around it."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.chunks: list[tuple[tuple[tuple[str, str], ...], str]] = []  # (open (tag, class) stack, text)
        self._open: list[tuple[str, str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag not in _VOID:
            self._open.append((tag, attributes.get("class", "")))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):  # tolerate unclosed <p>, <li> …
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        stack = tuple(self._open)
        if stack and stack[-1][0] == "script":
            self.scripts.append(data)
        elif not any(tag == "style" for tag, _ in stack):
            self.chunks.append((stack, data))

    @property
    def text(self) -> str:
        """Everything a reader can see (and the <title>)."""
        return "".join(data for _, data in self.chunks)

    def text_within(self, tag: str, css_class: str = "") -> str:
        """Text inside any <tag> whose class list contains css_class."""
        return "".join(data for stack, data in self.chunks
                       if any(t == tag and css_class in c.split() + [""] for t, c in stack))


def visible(text: str) -> str:
    """Text without whitespace, for comparing what a page shows with what a source says."""
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=1)
def _site_extensions() -> tuple[list[str], dict[str, dict]]:
    names, configs = [], {}
    for entry in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


def render_markdown(text: str) -> str:
    """Markdown to HTML with the extensions, and their options, that mkdocs.yml gives the site
    (read from it: a hand-copied list once left out pymdownx.details and its ??? blocks)."""
    names, configs = _site_extensions()
    return markdown.markdown(text, extensions=names, extension_configs=configs)


PERMALINK = "¶"  # mkdocs.yml toc permalink


def page_text_problems(site: Path) -> list[str]:
    """What data/clauses.json holds that the clause's page does not show: each clause's number
    and text must be in the text of its page's article, in clause order (whitespace aside), and
    its anchor an id on that page; each document's title must be in its page's h1.

    number + text is the clause as printed: a heading's title is part of its text, and a titled
    paragraph (X方面：…) shows its title as a heading and then its whole text."""
    by_doc: dict[str, list[dict]] = {}
    for record in json.loads((site / "data" / "clauses.json").read_text(encoding="utf-8")):
        by_doc.setdefault(record["doc"], []).append(record)
    titles = {d["slug"]: d["title"] for d in json.loads((site / "data" / "documents.json").read_text(encoding="utf-8"))}
    problems = []
    for slug, records in by_doc.items():
        facts = HtmlFacts((site / slug / "index.html").read_text(encoding="utf-8"))
        if visible(titles[slug]) not in visible(facts.text_within("h1")):
            problems.append(f"/{slug}/: title {titles[slug]!r} is not the page's heading")
        ids = {attributes["id"] for _, attributes in facts.tags if "id" in attributes}
        # the heading permalinks (toc's ¶) are the site's, not the text's
        text, at = visible(facts.text_within("article")).replace(PERMALINK, ""), 0
        for record in records:
            where = f"/{slug}/#{record['anchor']}"
            if record["anchor"] not in ids:
                problems.append(f"{where}: no element has this id")
            # the record's number is stripped; the page shows number and text as printed
            whole = visible(record["number"] + record["text"]).replace(PERMALINK, "")
            found = text.find(whole, at)
            if found < 0:
                problems.append(f"{where}: {record['number'] + record['text']!r} is not on the page after the clause before it")
            else:
                at = found + len(whole)
    return problems


# --------------------------------------------------------------------------- hostile configuration
@dataclass
class _Slot:
    """One text field of a config file (a value, or a list of texts) and what it holds now."""

    file: str
    node: dict
    key: str
    path: tuple  # keys and indexes from the file's top to the field
    modes: list  # values still to try, the hostile ones first; the last is the original
    missing: bool  # the key was not in the file

    @property
    def hostile(self) -> bool:
        return len(self.modes) > 1  # the last mode is the original value

    def apply(self) -> None:
        if self.missing and len(self.modes) == 1:
            self.node.pop(self.key, None)
        else:
            self.node[self.key] = self.modes[0]


def _slots(file: str, node: dict, schema: dict, hostile, path: tuple = ()) -> list[_Slot]:
    """Every text field under node, by its schema (config_schema.Field.items leads the way down).

    A value v becomes hostile(v). A list of texts keeps its texts and gets hostile(t) for each
    (the vocabulary still matches the seeds); if the loader refuses that (a list that names
    other entries, renamed too), the list is replaced by the hostile texts; then left alone."""
    found = []
    for key, spec in schema.items():
        kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
        here, value, missing = path + (key,), node.get(key), key not in node
        if spec.items is str:
            texts = [str(v) for v in value or []] or [".".join(map(str, here))]  # a missing list gets one
            modes = [(value or []) + [hostile(t) for t in texts], [hostile(t) for t in texts], value]
        elif str in kinds:
            modes = [hostile("" if value is None else str(value)), value]
            if spec.check and spec.check(modes[0]):  # a slug, a date: validated, cannot hold markup
                continue
        else:
            if isinstance(spec.items, dict):  # the entries of a list, or the keys of a mapping
                entries = ([(here + (i,), entry) for i, entry in enumerate(value)] if isinstance(value, list)
                           else [(here, value)])
                for where, entry in entries:
                    if isinstance(entry, dict):
                        found += _slots(file, entry, spec.items, hostile, where)
            continue
        found.append(_Slot(file, node, key, here, modes, missing))
    return found


def _refused(slots: list[_Slot], path: Path, line: int | None) -> list[_Slot]:
    """The fields an error at path:line is about: those on that line (a key, or an item of a
    list); else the keys added to the entry that starts there (source next to versions)."""
    tree = load_yaml(path)
    on_line, added = [], []
    for slot in slots:
        if slot.file != path.name or not slot.hostile:
            continue
        node = tree
        for step in slot.path[:-1]:
            node = node[step]
        if line == node.key_lines.get(slot.key) or line in getattr(node.get(slot.key), "item_lines", ()):
            on_line.append(slot)
        elif line == node.line and slot.missing:
            added.append(slot)
    return on_line or added


def hostile_config(folder: Path, seeds: Path, hostile, documents_yml: str) -> tuple[Path, list[_Slot]]:
    """The real site_config/ with documents_yml, and every text field of every file in
    config.SCHEMAS made hostile where the loader accepts it; returns the folder and the fields,
    each holding what it ended with."""
    make_config(folder, documents_yml)
    data = {name: yaml.safe_load((folder / name).read_text(encoding="utf-8")) for name in SCHEMAS}
    slots = [slot for name, schema in SCHEMAS.items() for slot in _slots(name, data[name], schema, hostile)]

    def write() -> None:
        for slot in slots:
            slot.apply()
        for name, tree in data.items():
            (folder / name).write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")

    write()
    while True:  # each round takes a value away from a field, so it ends
        try:
            load_config(folder, seeds)
            return folder, slots
        except BuildError as error:  # the loader refused a value: the fields at that line step back
            refused = _refused(slots, folder / Path(error.file).name, error.line)
            if not refused:
                raise
            for slot in refused:
                slot.modes.pop(0)
            write()
