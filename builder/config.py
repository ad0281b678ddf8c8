"""Load and validate everything in site_config/ once, at the edge.

Errors name the file, the line and the key, with a hint (like MkDocs' config_options).
Everything past this module receives typed objects and trusts them.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from .model import BuildError, DocumentMeta

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
RELATIONS = ("implements", "draft-of", "reported-by", "supersedes")


# --------------------------------------------------------------------------- YAML with lines
class LineDict(dict):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict


class LineList(list):
    line: int = 0


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml parses ~10x faster
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
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
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BuildError(str(path), None, "file not found", "create it or pass another --config folder")
    except UnicodeDecodeError as exc:
        raise BuildError(str(path), None, f"not UTF-8 (byte {exc.start})", "save the file as UTF-8")
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise BuildError(str(path), line, f"invalid YAML: {exc.problem or exc}", "check indentation and quoting")
    except yaml.YAMLError as exc:
        raise BuildError(str(path), None, f"invalid YAML: {exc}")


# --------------------------------------------------------------------------- schema checking
@dataclass(frozen=True)
class Field:
    kind: type | tuple  # expected Python type(s) of the value
    required: bool = False
    check: Callable[[Any], str | None] | None = None  # returns an error message or None


def _type_name(kind: type | tuple) -> str:
    names = {str: "text", int: "number", float: "number", bool: "true/false", list: "list", dict: "mapping"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def check_mapping(path: Path, data: Any, schema: dict[str, Field], where: str) -> LineDict:
    """Validate one mapping against a schema: unknown keys, missing keys, wrong types."""
    line = getattr(data, "line", None)
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
        if spec.check:
            problem = spec.check(value)
            if problem:
                raise BuildError(str(path), data.key_lines.get(key, line), f"{where}: '{key}' {problem}")
    return data


def _slug_problem(value: str) -> str | None:
    if not SLUG_RE.match(value):
        return f"'{value}' is not a valid slug (lowercase ASCII letters, digits and single hyphens)"
    return None


def _date_problem(value: str) -> str | None:
    return None if DATE_RE.match(value) else f"'{value}' is not a date like 2023-02-06, 2023-02 or 2023"


def _list_of_text(value: list) -> str | None:
    if not all(isinstance(v, str) and v.strip() for v in value):
        return "must be a list of non-empty texts"
    return None


# --------------------------------------------------------------------------- typed config
@dataclass(frozen=True)
class ChromeRule:
    name: str
    pattern: re.Pattern
    rest: bool  # this line starts the page footer: drop it and everything after


@dataclass
class SiteConfig:
    folder: Path
    documents: list[DocumentMeta]
    jurisdictions: list[str]
    chrome: list[ChromeRule]
    by_source: dict[str, DocumentMeta] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_source = {d.source: d for d in self.documents}


DOCUMENT_FIELDS = {
    "slug": Field(str, required=True, check=_slug_problem),
    "source": Field(str, required=True),
    "title": Field(str, required=True),
    "short_title": Field(str),
    "issuer": Field(str),
    "date": Field(str, check=_date_problem),
    "doc_number": Field(str),
    "status": Field(str),
    "jurisdiction": Field(str, required=True),
    "kind": Field(str),
    "aliases": Field(list, check=_list_of_text),
    "relations": Field(dict),
}


def load_documents(path: Path, seeds: Path | None) -> tuple[list[DocumentMeta], list[str]]:
    data = load_yaml(path)
    data = check_mapping(path, data, {"jurisdictions": Field(list, check=_list_of_text),
                                      "documents": Field(list, required=True)}, "documents.yml")
    metas: list[DocumentMeta] = []
    seen_slugs: dict[str, int] = {}
    seen_sources: dict[str, int] = {}
    for i, entry in enumerate(data["documents"], 1):
        where = f"documents[{i}]"
        check_mapping(path, entry, DOCUMENT_FIELDS, where)
        line = entry.line
        slug, source = entry["slug"], entry["source"]
        if slug in seen_slugs:
            raise BuildError(str(path), line, f"{where}: duplicate slug '{slug}' (first at line {seen_slugs[slug]})",
                             "every document needs its own slug")
        if source in seen_sources:
            raise BuildError(str(path), line, f"{where}: source '{source}' is listed twice (first at line "
                                              f"{seen_sources[source]})")
        if "/" in source or "\\" in source or source.startswith("."):
            raise BuildError(str(path), entry.key_lines["source"], f"{where}: 'source' must be a file name "
                             "inside the seeds folder, not a path")
        if seeds is not None and not (seeds / source).is_file():
            raise BuildError(str(path), entry.key_lines["source"], f"{where}: source file '{source}' not found "
                             f"in {seeds}", "check the file name or add the file to seeds/")
        seen_slugs[slug], seen_sources[source] = line, line
        relations = entry.get("relations") or {}
        for rel, targets in relations.items():
            rel_line = relations.key_lines.get(rel, line) if isinstance(relations, LineDict) else line
            if rel not in RELATIONS:
                guess = difflib.get_close_matches(str(rel), RELATIONS, n=1)
                raise BuildError(str(path), rel_line, f"{where}: unknown relation '{rel}'",
                                 f"did you mean '{guess[0]}'?" if guess else "known: " + ", ".join(RELATIONS))
            if isinstance(targets, str):
                relations[rel] = targets = [targets]
            if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
                raise BuildError(str(path), rel_line, f"{where}: relation '{rel}' must list document slugs")
        metas.append(DocumentMeta(
            slug=slug, source=source, title=entry["title"].strip(),
            short_title=entry.get("short_title") or "", issuer=entry.get("issuer") or "",
            date=entry.get("date") or "", doc_number=entry.get("doc_number") or "",
            status=entry.get("status") or "", jurisdiction=entry["jurisdiction"],
            kind=entry.get("kind") or "", aliases=list(entry.get("aliases") or []),
            relations={k: list(v) for k, v in relations.items()},
        ))
    known = {m.slug for m in metas}
    for meta, entry in zip(metas, data["documents"]):
        for rel, targets in meta.relations.items():
            for target in targets:
                if target not in known:
                    guess = difflib.get_close_matches(target, sorted(known), n=1)
                    raise BuildError(str(path), entry["relations"].key_lines.get(rel, entry.line),
                                     f"document '{meta.slug}': relation '{rel}' names unknown document '{target}'",
                                     f"did you mean '{guess[0]}'?" if guess else "use a slug from documents.yml")
    jurisdictions = list(data.get("jurisdictions") or [])
    for meta in metas:
        if meta.jurisdiction not in jurisdictions:
            jurisdictions.append(meta.jurisdiction)
    return metas, jurisdictions


def load_chrome(path: Path) -> list[ChromeRule]:
    data = check_mapping(path, load_yaml(path), {"rules": Field(list, required=True)}, "chrome.yml")
    rules = []
    schema = {"name": Field(str, required=True), "pattern": Field(str, required=True), "rest": Field(bool)}
    for i, entry in enumerate(data["rules"], 1):
        check_mapping(path, entry, schema, f"rules[{i}]")
        try:
            pattern = re.compile(entry["pattern"])
        except re.error as exc:
            raise BuildError(str(path), entry.key_lines["pattern"], f"rules[{i}]: bad regular expression: {exc}")
        rules.append(ChromeRule(entry["name"], pattern, bool(entry.get("rest"))))
    return rules


def load_config(folder: Path, seeds: Path | None = None) -> SiteConfig:
    """Read and validate site_config/. Raises BuildError naming file:line on the first problem."""
    if not folder.is_dir():
        raise BuildError(str(folder), None, "config folder not found", "pass --config site_config")
    documents, jurisdictions = load_documents(folder / "documents.yml", seeds)
    return SiteConfig(
        folder=folder,
        documents=documents,
        jurisdictions=jurisdictions,
        chrome=load_chrome(folder / "chrome.yml"),
    )
