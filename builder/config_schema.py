"""Schema checks for site_config/*.yml, shared by config.py and config_targets.py.

A schema gives each key its type, whether it is required and an optional check; the checker
names file, line and key, with a did-you-mean hint for unknown keys (like MkDocs' config_options).
What a schema cannot say (one entry against another) stays with the loader of that file.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .model import BuildError
from .yaml_lines import LineDict


@dataclass(frozen=True)
class Field:
    kind: type | tuple  # expected Python type(s) of the value
    required: bool = False
    check: Callable[[Any], str | None] | None = None  # returns an error message or None
    # What the value holds. In a list: str (non-empty texts, checked here) or the schema of each
    # entry (its loader checks them one by one, knowing their index). In a mapping: the schema
    # of its keys. With it a file's schema is a tree of every field the file can have.
    items: type | dict[str, Field] | None = None


_TYPE_NAMES = ((bool, "true/false"), (str, "text"), (int, "number"), (float, "number"), (list, "list"),
               (dict, "mapping"), (type(None), "nothing"))  # bool first: it is an int too


def _type_name(kind: type | tuple) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(next((name for base, name in _TYPE_NAMES if issubclass(k, base)), k.__name__)
                       for k in kinds)


def check_mapping(path: Path, data: Any, schema: dict[str, Field], where: str, line: int | None = None) -> LineDict:
    """Validate one mapping against a schema: unknown keys, missing keys, wrong types.

    line locates data when it is not a mapping (a scalar carries no line of its own).
    """
    line = getattr(data, "line", None) or line
    if not isinstance(data, dict):
        raise BuildError(str(path), line, f"{where}: expected a mapping, got {_type_name(type(data))}")
    for key in data:
        if key not in schema:
            guess = difflib.get_close_matches(str(key), list(schema), n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else "known keys: " + ", ".join(schema)
            raise BuildError(str(path), data.key_lines.get(key, line), f"{where}: unknown key '{key}'", hint)
    for key, spec in schema.items():
        if key not in data or data[key] is None:
            if spec.required:
                raise BuildError(str(path), line, f"{where}: missing required key '{key}'")
            continue
        value = data[key]
        kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
        # YAML reads 2023 as int and 2023-02-06 as a date: accept both where text is asked.
        if str in kinds and not isinstance(value, (dict, list, bool)) and not isinstance(value, kinds):
            value = data[key] = str(value)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise BuildError(
                str(path), data.key_lines.get(key, line),
                f"{where}: '{key}' must be {_type_name(spec.kind)}, got {_type_name(type(value))}",
            )
        if spec.required and isinstance(value, str) and not value.strip():
            raise BuildError(str(path), data.key_lines.get(key, line), f"{where}: '{key}' must not be empty")
        problem = (list_of_text(value) if spec.items is str else None) or (spec.check(value) if spec.check else None)
        if problem:
            raise BuildError(str(path), data.key_lines.get(key, line), f"{where}: '{key}' {problem}")
    return data


def not_empty(value: list | dict) -> str | None:
    return None if value else "must not be empty"


def list_of_text(value: list) -> str | None:
    if not all(isinstance(v, str) and v.strip() for v in value):
        return "must be a list of non-empty texts"
    return None


def compile_pattern(path: Path, source: str, line: int | None, where: str) -> re.Pattern:
    """A regular expression from config, compiled here so a bad one stops the build at its line
    (a check callable only knows the key's line, not that of an item in a list)."""
    try:
        return re.compile(source)
    except (re.error, OverflowError, RecursionError) as exc:  # a{99999999999}, groups nested thousands deep
        raise BuildError(str(path), line, f"{where}: bad regular expression: {exc}",
                         "simplify the pattern (https://docs.python.org/3/library/re.html)")
