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
from html.parser import HTMLParser
from pathlib import Path

from builder.__main__ import main

from .conftest import CONFIG, ROOT


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
        """All titles and texts of the search index, without the segmenter's zero-width spaces."""
        index = self.json("search/search_index.json")
        return "".join(d["title"] + d["text"] for d in index["docs"]).replace("\u200b", "")


def make_config(folder: Path, documents_yml: str = "documents: []\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(CONFIG / "chrome.yml", folder / "chrome.yml")
    (folder / "documents.yml").write_text(documents_yml, encoding="utf-8")
    return folder


def build_site(work: Path, seeds: dict[str, bytes], documents_yml: str = "documents: []\n") -> Built:
    """Write seeds and config under work/, run `python -m builder build` in-process."""
    seed_dir = work / "seeds"
    seed_dir.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (seed_dir / name).write_bytes(data)
    config = make_config(work / "config", documents_yml)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["build", "--seeds", str(seed_dir), "--config", str(config), "--out", str(work / "site"),
                     "--build-dir", str(work / "build"), "--mkdocs", str(ROOT / "mkdocs.yml")])
    return Built(code, out.getvalue(), err.getvalue(), work / "site")


class HtmlFacts(HTMLParser):
    """Every start tag with its attributes, and the page's visible text, from built HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self._skip = 0  # inside <script> or <style>: not visible text
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


def visible(text: str) -> str:
    """Text without whitespace, for comparing what a page shows with what a source says."""
    return re.sub(r"\s+", "", text)
