"""Load the cross-link vocabularies: site_config/topics.yml and site_config/agencies.yml.

Validated once, here at the edge: every error names the file, the key and the line, so the
stages behind can trust what they get. Vocabularies live only in these files.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin

from builder.model import Agency, BuildError, Topic

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def pinyin_slug(name: str) -> str:
    """URL-safe slug from a Chinese name: 省财政厅 -> sheng-cai-zheng-ting."""
    syllables = [re.sub(r"[^a-z0-9]", "", s.lower()) for s in lazy_pinyin(name)]
    return "-".join(s for s in syllables if s)


class _Reader:
    """Walks a composed YAML tree so that each error can point at its line."""

    def __init__(self, path: Path):
        self.path = path
        try:
            root = yaml.compose(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise BuildError(str(path), mark.line + 1 if mark else None, f"not valid YAML: {exc}")
        if root is None:
            raise BuildError(str(path), None, "file is empty")
        self.root = root

    def fail(self, node: yaml.Node, message: str, hint: str = "") -> BuildError:
        return BuildError(str(self.path), node.start_mark.line + 1, message, hint)

    def mapping(self, node: yaml.Node, what: str, required: set[str], optional: set[str]) -> dict:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key not in required | optional:
                raise self.fail(key_node, f"{what}: unknown key '{key}'",
                                f"allowed: {', '.join(sorted(required | optional))}")
            if key in fields:
                raise self.fail(key_node, f"{what}: key '{key}' given twice")
            fields[key] = value_node
        for key in sorted(required - fields.keys()):
            raise self.fail(node, f"{what}: missing key '{key}'")
        return fields

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return list(node.value)

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise self.fail(node, f"{what} must be a non-empty string")
        return str(node.value).strip()

    def texts(self, node: yaml.Node, what: str) -> list[str]:
        return [self.text(item, f"{what} item") for item in self.sequence(node, what)]

    def slug(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if not SLUG.match(value):
            raise self.fail(node, f"{what} '{value}' must be lowercase ASCII words joined by '-'")
        return value


def _claim(reader: _Reader, owners: dict[str, str], value: str, owner: str,
           node: yaml.Node, what: str) -> None:
    """Each slug / keyword / alias has one owner: a second one is a config error."""
    if value in owners and owners[value] != owner:
        raise reader.fail(node, f"{what} '{value}' is used by both '{owners[value]}' and '{owner}'")
    owners[value] = owner


def load_topics(path: Path) -> list[Topic]:
    """topics.yml: `topics:` list of {slug, name, keywords}."""
    reader = _Reader(path)
    top = reader.mapping(reader.root, "topics.yml", {"topics"}, set())
    topics: list[Topic] = []
    slugs: dict[str, str] = {}
    keywords_seen: dict[str, str] = {}
    for i, node in enumerate(reader.sequence(top["topics"], "topics")):
        where = f"topics[{i}]"
        fields = reader.mapping(node, where, {"slug", "name", "keywords"}, set())
        slug = reader.slug(fields["slug"], f"{where}.slug")
        name = reader.text(fields["name"], f"{where}.name")
        keywords = reader.texts(fields["keywords"], f"{where}.keywords")
        if not keywords:
            raise reader.fail(fields["keywords"], f"{where}.keywords must not be empty")
        _claim(reader, slugs, slug, name, fields["slug"], "slug")
        for keyword, keyword_node in zip(keywords, fields["keywords"].value):
            _claim(reader, keywords_seen, keyword, name, keyword_node, "keyword")
        topics.append(Topic(slug=slug, name=name, keywords=tuple(keywords)))
    return topics


def load_agencies(path: Path) -> list[Agency]:
    """agencies.yml: `agencies:` list of {name, aliases?, slug?}; slug defaults to pinyin."""
    reader = _Reader(path)
    top = reader.mapping(reader.root, "agencies.yml", {"agencies"}, set())
    agencies: list[Agency] = []
    slugs: dict[str, str] = {}
    names: dict[str, str] = {}
    for i, node in enumerate(reader.sequence(top["agencies"], "agencies")):
        where = f"agencies[{i}]"
        fields = reader.mapping(node, where, {"name"}, {"aliases", "slug"})
        name = reader.text(fields["name"], f"{where}.name")
        slug = (reader.slug(fields["slug"], f"{where}.slug") if "slug" in fields
                else pinyin_slug(name))
        aliases = reader.texts(fields["aliases"], f"{where}.aliases") if "aliases" in fields else []
        _claim(reader, slugs, slug, name, fields.get("slug", fields["name"]), "slug")
        _claim(reader, names, name, name, fields["name"], "name")
        for alias, alias_node in zip(aliases, fields["aliases"].value if aliases else []):
            _claim(reader, names, alias, name, alias_node, "alias")
        agencies.append(Agency(slug=slug, name=name, aliases=tuple(aliases)))
    return agencies
