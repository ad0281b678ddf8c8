"""YAML that remembers where things are: every mapping knows its own line and each key's line,
so configuration errors can name file:line."""
from __future__ import annotations

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


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
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


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BuildError(str(path), None, "file not found", "create it, or check the path given on the command line")
    except UnicodeDecodeError as exc:
        raise BuildError(str(path), exc.object.count(b"\n", 0, exc.start) + 1, f"not UTF-8 (byte {exc.start})",
                         "save the file as UTF-8")
    try:
        return yaml.load(text, Loader=_LineLoader)
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
