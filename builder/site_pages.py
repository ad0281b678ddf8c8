"""MkDocs, run in the build's process, writing again only the pages whose HTML can change.

MkDocs' output is kept between builds in the build folder (`build/site`). A page is made
again when its Markdown file changed, or when what the theme prints around it changed: the
navigation as this page shows it (Material with `navigation.sections` and
`navigation.prune` prints the top level, each top-level section's entries, and the sections
on the page's own path; every other section as one link), its previous and next page, and
its title. Everything else about a page is settled by the site settings and the theme, and a
change to those makes every page again. This is MkDocs' own `--dirty` mode with the question
"has this page changed?" answered by that page signature instead of by file times, and with
what `--dirty` leaves wrong put right: the titles, anchors and links of the pages not made
again come from the previous build, so the navigation is whole and strict anchor validation
still covers every page.

Pages are written by rename (a new file each time), never in place: the published site is
hard-linked to these files (publish.link_tree).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import Iterator

from mkdocs.plugins import BasePlugin

from . import progress
from .yaml_lines import load_settings_file

STATE_VERSION = 3
# MkDocs writes this one with open() in place, not through its helpers (commands/build.py)
WRITTEN_IN_PLACE = ("sitemap.xml.gz",)
DIRTY_WARNING = "A 'dirty' build is being performed"


def _file_mode() -> int:
    """The mode open() gives a new file (0o666 less the umask): mkstemp's 0o600 would hide the
    site from a web server running as another user."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def _atomic_write(content: bytes, output_path: str) -> None:
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(output_path), prefix=".tmp-")
    try:
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, output_path)
    except BaseException:
        os.unlink(tmp)
        raise


@contextmanager
def writes_by_rename() -> Iterator[None]:
    """MkDocs writes and copies files through a new file renamed into place."""
    from mkdocs import utils
    from mkdocs.structure.files import File

    write_file = _atomic_write

    def copy(source_path: str, output_path: str) -> None:
        if os.path.isdir(output_path):
            output_path = os.path.join(output_path, os.path.basename(source_path))
        with open(source_path, "rb") as f:
            write_file(f.read(), output_path)

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        content = self._content
        if content is None:
            copy(self.abs_src_path, self.abs_dest_path)
        else:
            write_file(content.encode("utf-8") if isinstance(content, str) else content, self.abs_dest_path)

    saved = utils.write_file, utils.copy_file, File.copy_file
    utils.write_file, utils.copy_file, File.copy_file = write_file, copy, copy_file
    try:
        yield
    finally:
        utils.write_file, utils.copy_file, File.copy_file = saved


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns that --dirty gives inaccurate navigation: here it does not, and in strict
    mode the warning would fail the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


@dataclass
class PageRecord:
    """What the site keeps of a page between builds."""

    source: tuple  # (size, mtime_ns) of its Markdown file
    signature: str  # digest of the navigation, neighbours and title the theme prints around it
    title: str | None  # its title as MkDocs settled it (front matter, first heading or file name)
    anchors: list[str]
    links: dict[str, list[str]]  # source path of a linked page -> anchors linked on it


def _stat(path: str) -> tuple:
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


def _first_leaf_url(section) -> str | None:
    first = section.children[0] if section.children else None
    while first is not None and first.is_section:
        first = first.children[0] if first.children else None
    return first.url if first is not None else None


class NavView:
    """The navigation as Material prints it on a page (partials/nav-item.html with
    navigation.sections and navigation.prune): top-level sections open, sections on the
    page's path open, every other section reduced to its title and first page's link."""

    def __init__(self, nav):
        self.nav = nav
        self._by_path: dict[tuple, str] = {}

    def _items(self, items, path: tuple, level: int) -> list:
        shown = []
        for item in items:
            if item.is_section:
                on_path = len(path) >= level and path[level - 1] is item
                if level == 1 or on_path:
                    shown.append(("s", item.title, on_path, self._items(item.children, path, level + 1)))
                else:
                    shown.append(("pruned", item.title, _first_leaf_url(item), bool(item.children)))
            else:
                shown.append(("p", item.title, getattr(item, "url", None)))
        return shown

    def digest(self, page) -> str:
        path = []
        parent = page.parent
        while parent is not None:
            path.append(parent)
            parent = parent.parent
        path = tuple(reversed(path))
        key = tuple(id(section) for section in path)
        if key not in self._by_path:
            self._by_path[key] = json.dumps(self._items(self.nav.items, path, 1), ensure_ascii=False)
        around = [(p.url, p.title) if p is not None else None for p in (page.previous_page, page.next_page)]
        return hashlib.sha256(json.dumps([self._by_path[key], page.url, page.title, around],
                                         ensure_ascii=False).encode()).hexdigest()


class IncrementalPages(BasePlugin):
    """The MkDocs plugin that decides which pages are made again (see the module docstring)."""

    def __init__(self, previous: dict[str, PageRecord], not_in_nav: frozenset[str] = frozenset()):
        super().__init__()
        self.previous = previous
        self.not_in_nav = not_in_nav  # pages outside the nav by name (see build_pages)
        self.records: dict[str, PageRecord] = {}
        self.kept: list[str] = []
        self.made: list[str] = []

    def on_files(self, files, config):
        from mkdocs.structure.files import InclusionLevel

        self.files = files
        for file in files:
            if file.src_uri in self.not_in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        return files

    def on_nav(self, nav, config, files):
        from mkdocs.structure.pages import Page

        self.nav = nav
        for file in files.documentation_pages():
            if file.page is None:  # not in the nav (a pinned version): MkDocs makes it later, as here
                Page(None, file, config)
        self.pages = list(files.documentation_pages())
        self.sources = {f.src_uri: _stat(f.abs_src_path) for f in self.pages}
        targets: dict[str, object] = {}  # link path -> its file: many pages link to the same few
        for file in self.pages:
            before = self.previous.get(file.src_uri)
            changed = before is None or before.source != self.sources[file.src_uri]
            file.is_modified = (lambda: True) if changed else (lambda: False)
            if not changed:
                self._restore(file, before, files, targets)
        return nav

    @staticmethod
    def _restore(file, record: PageRecord, files, targets: dict) -> None:
        """What MkDocs would know of a page it does not read: its title, anchors and links.
        A link to a page that is gone is reported as MkDocs reports a broken link."""
        page = file.page
        page.markdown, page.content = "", ""
        page.meta = {"title": record.title}
        page.present_anchor_ids = set(record.anchors)
        page.links_to_anchors = {}
        for path, anchors in record.links.items():
            if path not in targets:
                targets[path] = files.get_file_from_path(path)
            target = targets[path]
            if target is None:
                logging.getLogger("mkdocs.structure.pages").warning(
                    f"Doc file '{file.src_uri}' contains a link to '{path}', which is not found among documentation files.")
                continue
            page.links_to_anchors[target] = {anchor: f"{path}#{anchor}" for anchor in anchors}

    def on_env(self, env, config, files):
        """All pages are read: titles are known, so each page's signature can be made."""
        from mkdocs.commands.build import _populate_page

        view = NavView(self.nav)
        for file in self.pages:
            page = file.page
            signature = view.digest(page)
            before = self.previous.get(file.src_uri)
            if file.is_modified():
                self.made.append(file.src_uri)
            elif before.signature != signature:
                file.is_modified = lambda: True  # same Markdown, new surroundings: read it after all
                _populate_page(page, config, files)
                self.made.append(file.src_uri)
            else:
                self.kept.append(file.src_uri)
            self.records[file.src_uri] = PageRecord(self.sources[file.src_uri], signature, None, [], {})
        progress.kept(len(self.kept))
        return env

    def on_post_page(self, output, page, config):
        progress.advance()
        return output

    def on_post_build(self, config):
        for file in self.pages:
            page, record = file.page, self.records[file.src_uri]
            record.title = page.title
            record.anchors = sorted(page.present_anchor_ids or ())
            record.links = {target.src_uri: sorted(anchors) for target, anchors in (page.links_to_anchors or {}).items()}


@dataclass
class KeptOutput:
    """What build/site was made from: each page's record, and every file MkDocs put there for
    the site's own files (pages, assets), by path inside it, with how it stood when written."""

    pages: dict[str, PageRecord]
    outputs: list[str]
    stamps: dict[str, list[int]]  # output -> [size, mtime_ns, inode] as written


NOTHING_KEPT = KeptOutput({}, [], {})


def _stamp(path: Path) -> list[int] | None:
    """A regular file's size, modification time and inode; None for anything else (gone, a
    link, a folder). The published site shares these files (hard links): a change made to it
    in place changes them too."""
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino] if S_ISREG(stat.st_mode) else None


def _load_state(path: Path, settings_digest: str, site_dir: Path) -> KeptOutput:
    """The kept output, or NOTHING_KEPT when there is none to build on (no state, other
    settings or theme, a state that cannot be read, or an output file that is not as this
    tool wrote it: removed, replaced by a link, changed in place)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if (not isinstance(data, dict) or data.get("version") != STATE_VERSION
                or data.get("settings") != settings_digest):
            return NOTHING_KEPT
        outputs, stamps = list(data["outputs"]), dict(data["stamps"])
        if not all(isinstance(name, str) and _inside(name) for name in outputs):
            return NOTHING_KEPT  # not written by this tool: its files are never taken for ours
        if any(_stamp(site_dir / name) != stamps.get(name) for name in outputs):
            progress.info("网站输出中有文件被改动或删除：全部页面重新生成")
            return NOTHING_KEPT
        return KeptOutput({name: PageRecord(tuple(r["source"]), r["signature"], r["title"], r["anchors"], r["links"])
                           for name, r in data["pages"].items()}, outputs, stamps)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return NOTHING_KEPT


def _inside(name: str) -> bool:
    """A path that stays inside the folder it is relative to."""
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _save_state(path: Path, settings_digest: str, kept: KeptOutput) -> None:
    data = {"version": STATE_VERSION, "settings": settings_digest,
            "pages": {name: vars(r) for name, r in kept.pages.items()}, "outputs": kept.outputs,
            "stamps": kept.stamps}
    _atomic_write(json.dumps(data, ensure_ascii=False).encode("utf-8"), str(path))


def settings_digest(config_file: Path, theme_dirs: list[Path]) -> str:
    """What every page depends on: the generated settings except the navigation, the theme's
    and overrides' files, and the versions of MkDocs and Material."""
    from importlib.metadata import version

    settings = load_settings_file(config_file, plain=True)
    for per_page in ("nav", "not_in_nav"):
        settings.pop(per_page, None)
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, ensure_ascii=False, default=str).encode())
    digest.update(f"{version('mkdocs')} {version('mkdocs-material')}".encode())
    for folder in theme_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(folder)}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def _real_file(site_dir: Path, name: str) -> bool:
    """Whether name is a file of site_dir itself: every folder on its way a real folder, not a
    link (a state file edited to name lnk/x, with lnk a link to another folder, deletes nothing
    there)."""
    path = site_dir
    for part in Path(name).parts[:-1]:
        path = path / part
        if path.is_symlink() or not path.is_dir():
            return False
    return not (path / Path(name).name).is_dir() or (path / Path(name).name).is_symlink()


def _remove_stale(site_dir: Path, before: list[str], now: list[str]) -> None:
    """Remove the files of pages and assets the previous build had and this one has not."""
    for name in sorted(set(before) - set(now)):
        if not _inside(name) or not _real_file(site_dir, name):
            continue
        path = site_dir / name
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


@dataclass
class PagesBuilt:
    made: list[str]
    kept: list[str]
    full: bool


GLOB_CHARACTERS = set("*?[]!\\#")


def _named_pages(lines: str | None) -> frozenset[str] | None:
    """The pages a not_in_nav setting names when every line is one page from the docs folder's
    root (/agencies/x.md, as render.mkdocs_config writes them); None for any other pattern."""
    names = [line.strip() for line in (lines or "").splitlines() if line.strip()]
    if not names or not all(n.startswith("/") and not GLOB_CHARACTERS & set(n) for n in names):
        return None
    return frozenset(n[1:] for n in names)


def build_pages(config_file: Path, site_dir: Path, state_file: Path, incremental: bool) -> PagesBuilt:
    """mkdocs build --strict of config_file into site_dir, making again only what changed
    when incremental (a plugin that reads every page, such as Material's search, needs all)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    cfg = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
    custom_dir = cfg.theme.custom_dir
    digest = settings_digest(config_file, [Path(custom_dir)] if custom_dir else [])
    kept = _load_state(state_file, digest, site_dir) if incremental and site_dir.is_dir() else NOTHING_KEPT
    if not kept.pages and site_dir.exists():
        shutil.rmtree(site_dir)
    state_file.unlink(missing_ok=True)  # a build that stops half-way leaves none: the next starts afresh
    for name in WRITTEN_IN_PLACE:  # so that MkDocs' open() makes a new file, not one the published site links
        (site_dir / name).unlink(missing_ok=True)
    # The generated settings name each page outside the nav (render.mkdocs_config): MkDocs would
    # try every such line on every file (a regular expression each: minutes at 10,000
    # documents), where a set of names answers the same at once
    not_in_nav = _named_pages(load_settings_file(config_file, plain=True).get("not_in_nav"))
    if not_in_nav is not None:
        cfg["not_in_nav"] = None
    pages = IncrementalPages(kept.pages, not_in_nav or frozenset())
    cfg.plugins["policy-incremental-pages"] = pages
    dirty_filter = _DropDirtyWarning()
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(dirty_filter)
    try:
        with writes_by_rename():
            mkdocs_build(cfg, dirty=bool(kept.pages))
    finally:
        build_log.removeFilter(dirty_filter)
    outputs = sorted(f.dest_uri for f in pages.files)
    _remove_stale(site_dir, kept.outputs, outputs)
    _save_state(state_file, digest, KeptOutput(pages.records, outputs,
                                               {name: _stamp(site_dir / name) for name in outputs}))
    return PagesBuilt(pages.made, pages.kept, not kept.pages)
