"""YAML that remembers where things are: every mapping knows its own line and each key's line,
so configuration errors can name file:line.

Every YAML file the builder reads comes through load_yaml, which first refuses what would
hang or crash a build: aliases that expand to millions of values (a "billion laughs"; the
loaded tree shares them, but anything that walks it, a repr for a cache key or a YAML dump,
expands them), an alias inside its own anchor, nesting deep enough to crash libyaml, and
what is no regular file (a pipe would wait for ever, /dev/zero never end).
"""
from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import yaml

from .model import BuildError


class LineDict(dict):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict


class LineList(list):
    line: int = 0
    item_lines: list  # line of each item, so a wrong scalar item can be located too


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: ~10x faster at scale
    pass


class _PlainLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """yaml.safe_load's plain dicts and lists: for settings that are changed and written out again."""


# What a configuration file may ask of its reader. No setting nests this deep, and no real file
# repeats this many values through aliases; libyaml's parser slows with the square of the
# nesting depth and its composer recurses without limit (a segfault at ~100,000 levels).
MAX_DEPTH = 100
MAX_ALIASED_VALUES = 100_000
_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict, set)):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a name, not a list or mapping", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # 2023-02-06 stays text: the schema checks dates itself, and PyYAML's own conversion
    # raises a bare ValueError (no file, no line) on 2023-02-30.
    return loader.construct_scalar(node)


# in no title or name: a NUL ends up raw in a page, a CSI moves a terminal's cursor, a bidi
# override shows a name reversed
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _construct_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    if found := _CONTROL.search(text):
        raise yaml.constructor.ConstructorError(None, None, f"control character U+{ord(found.group()):04X} in "
                                                f"{text[:20]!r}", node.start_mark)
    return text


def _refuse_tag(loader: _LineLoader, node: yaml.Node):
    # !!set's order changes from run to run, !!binary is bytes: no setting is either
    raise yaml.constructor.ConstructorError(None, None, f"{node.tag.rsplit(':', 1)[-1]} values are not settings: "
                                            "write text, a number, a list or a mapping", node.start_mark)


for _tag in ("set", "binary", "omap", "pairs"):
    _LineLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)
_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_text)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def _check_expansion(path: Path, text: str) -> None:
    """Refuse nesting past MAX_DEPTH and aliases that repeat more than MAX_ALIASED_VALUES
    values in all, reading libyaml's events once and stopping at the first problem (so a
    hostile file costs no more than its first few hundred events)."""
    sizes: dict[str, int | None] = {}  # anchor -> values in its node (None while still open)
    open_nodes: list[list] = []  # [anchor, values so far] of each enclosing collection
    repeated = 0
    for event in yaml.parse(text, Loader=_PlainLoader):
        line = event.start_mark.line + 1
        if isinstance(event, _OPENS):
            if len(open_nodes) == MAX_DEPTH:
                raise BuildError(str(path), line, f"nested more than {MAX_DEPTH} levels deep",
                                 "no setting nests this deep: check for runaway brackets or indentation")
            open_nodes.append([event.anchor, 1])
            if event.anchor:
                sizes[event.anchor] = None
            continue
        if isinstance(event, _CLOSES):
            anchor, size = open_nodes.pop()
            if anchor:
                sizes[anchor] = size
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor:
                sizes[event.anchor] = size
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in sizes and sizes[event.anchor] is None:
                raise BuildError(str(path), line, f"alias *{event.anchor} is inside its own anchor &{event.anchor}",
                                 "a value cannot contain itself: write it out instead")
            size = sizes.get(event.anchor) or 0  # an undefined alias is reported by the loader
            repeated += size
            if repeated > MAX_ALIASED_VALUES:
                raise BuildError(str(path), line, f"aliases repeat more than {MAX_ALIASED_VALUES:,} values "
                                 f"(here *{event.anchor}): an alias bomb",
                                 "write the values out instead of aliases of aliases")
        else:
            continue
        if open_nodes:
            open_nodes[-1][1] += size


MAX_YAML_BYTES = 256 * 1024 * 1024  # documents.yml of 10,000 documents: ≈ 3 MB


def load_yaml(path: Path, plain: bool = False) -> Any:
    """The file's YAML: LineDicts and LineLists, or with plain, dicts and lists (whose
    settings can be written out again). Raises BuildError naming file:line."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe would wait for ever, a device never end
            raise BuildError(str(path), None, "not a regular file (a folder, pipe or device)",
                             "name a YAML file (see the project's site_config/ and mkdocs.yml)")
        if info.st_size > MAX_YAML_BYTES:
            raise BuildError(str(path), None, f"{info.st_size:,} bytes: too large for a settings file",
                             f"split it, or check that it is the file meant (at most {MAX_YAML_BYTES:,} bytes)")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BuildError(str(path), None, "file not found", "create it, or check the path given on the command line")
    except UnicodeDecodeError as exc:
        raise BuildError(str(path), exc.object.count(b"\n", 0, exc.start) + 1, f"not UTF-8 (byte {exc.start})",
                         "save the file as UTF-8")
    try:
        _check_expansion(path, text)
        return yaml.load(text, Loader=_PlainLoader if plain else _LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An unclosed bracket or quote is only noticed at the end of the file; the line that
        # opened it is the one to fix.
        if exc.context_mark and exc.problem_mark and exc.problem_mark.index >= len(text.rstrip()):
            mark = exc.context_mark
        message = f"invalid YAML: {exc.problem or exc}"
        if exc.context and exc.context_mark:
            message += f", {exc.context} at line {exc.context_mark.line + 1}"
        raise BuildError(str(path), mark.line + 1 if mark else None, message, "check indentation and quoting")
    except yaml.YAMLError as exc:
        raise BuildError(str(path), None, f"invalid YAML: {exc}")


def load_settings_file(path: Path, plain: bool = False) -> dict:
    """load_yaml for a file of settings, such as mkdocs.yml: a mapping at the top ({} if empty)."""
    data = load_yaml(path, plain)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BuildError(str(path), getattr(data, "line", None) or 1,
                         "expected a mapping of settings (name: value lines), got "
                         + ("a list" if isinstance(data, list) else "a single value"),
                         "write the settings as name: value lines, as in the project's mkdocs.yml")
    return data
