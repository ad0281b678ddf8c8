"""Load and check the target vocabulary: site_config/indicators.yml and site_config/targets.yml.

Checked once, here, so the extractor can trust every field. Errors name file, line and key.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .model import BuildError
from .yaml_lines import load_yaml

INDICATORS_FILE = "indicators.yml"
TARGETS_FILE = "targets.yml"
RELATIONS = ("level", "at_least", "at_most", "decrease", "increase", "about")


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str  # the unit the comparison chart plots
    aliases: tuple[str, ...]
    distinct_from: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class TargetVocab:
    indicators: tuple[Indicator, ...]
    comparators: dict[str, str]  # word -> relation
    count_verbs: tuple[str, ...]
    hedges: tuple[str, ...]
    subject_leads: tuple[str, ...]
    subject_trailers: tuple[str, ...]
    distributive: tuple[str, ...]
    conjunctions: tuple[str, ...]
    indicator_heads: tuple[str, ...]  # longest first
    units: tuple[str, ...]  # with magnitude prefixes, longest first
    rate_units: tuple[str, ...]
    possessive: str
    qualifiers: dict[str, str]  # word after a value -> relation
    approximators: tuple[str, ...]
    year_phrases: tuple[re.Pattern, ...]
    periods: dict[str, int]
    title_years: tuple[re.Pattern, ...]
    milestone_opener: re.Pattern
    not_targets: dict[str, re.Pattern]
    baseline: re.Pattern
    condition_markers: tuple[str, ...]
    past_markers: tuple[str, ...]

    def year_of(self, match: re.Match) -> int | None:
        """The year a year_phrases / title_years match names, resolving 十二五 to 2015."""
        groups = match.groupdict()
        if groups.get("year"):
            return int(groups["year"])
        return self.periods.get(groups.get("period") or "")

    def canonical(self, indicator: str) -> str:
        """The canonical name for an indicator as written, or "" (exact alias match only)."""
        key = _squash(indicator)
        for ind in self.indicators:
            if key == _squash(ind.name) or key in {_squash(a) for a in ind.aliases}:
                return ind.name
        return ""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class _Reader:
    """Typed access to one YAML mapping, raising BuildError with file and key."""

    def __init__(self, file: str, data: object, where: str = ""):
        self.file, self.where = file, where
        if not isinstance(data, dict):
            self.fail("", "expected a mapping")
        self.data = data

    def fail(self, key: str, message: str):
        path = ".".join(p for p in (self.where, key) if p)
        lines = getattr(self.data, "key_lines", {}) if hasattr(self, "data") else {}
        line = lines.get(key.split(".")[0].split("[")[0]) or getattr(getattr(self, "data", None), "line", None)
        raise BuildError(self.file, line, f"{path or 'top level'}: {message}")

    def words(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self.data.get(key, None if required else [])
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            self.fail(key, "expected a list of non-empty strings")
        if len(set(value)) != len(value):
            self.fail(key, "duplicate entries")
        return tuple(value)

    def text(self, key: str, required: bool = True) -> str:
        value = self.data.get(key, None if required else "")
        if not isinstance(value, str):
            self.fail(key, "expected a string")
        return value

    def pattern(self, key: str, value: object = None) -> re.Pattern:
        source = self.data.get(key) if value is None else value
        if not isinstance(source, str):
            self.fail(key, "expected a regular expression string")
        try:
            return re.compile(source)
        except re.error as exc:
            self.fail(key, f"bad regular expression: {exc}")

    def mapping(self, key: str) -> dict:
        value = self.data.get(key)
        if not isinstance(value, dict) or not value:
            self.fail(key, "expected a non-empty mapping")
        return value


def _load_indicators(path: Path) -> tuple[Indicator, ...]:
    top = _Reader(str(path), load_yaml(path))
    entries = top.data.get("indicators")
    if not isinstance(entries, list) or not entries:
        top.fail("indicators", "expected a non-empty list")
    indicators, owner = [], {}
    for i, entry in enumerate(entries):
        r = _Reader(str(path), entry, f"indicators[{i}]")
        unknown = set(r.data) - {"name", "unit", "aliases", "distinct_from", "note"}
        if unknown:
            r.fail(sorted(unknown)[0], "unknown key")
        ind = Indicator(
            name=r.text("name"),
            unit=r.text("unit", required=False),
            aliases=r.words("aliases", required=False),
            distinct_from=r.words("distinct_from", required=False),
            note=r.text("note", required=False),
        )
        if not ind.name:
            r.fail("name", "must not be empty")
        for written in (ind.name, *ind.aliases):
            key = _squash(written)
            if key in owner:
                r.fail("aliases", f"{written} already belongs to {owner[key]}")
            owner[key] = ind.name
        if ind.distinct_from and not ind.note.strip():
            r.fail("note", "required with distinct_from: say why the measures differ")
        indicators.append(ind)
    names = {ind.name for ind in indicators}
    for i, ind in enumerate(indicators):
        for other in ind.distinct_from:
            if other not in names:
                top.fail(f"indicators[{i}].distinct_from", f"unknown indicator {other}")
    return tuple(indicators)


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def vocab_digest(config_dir: Path) -> str:
    """A digest of the files load_target_vocab reads: cached targets are only valid for them."""
    digest = hashlib.sha256()
    for name in (INDICATORS_FILE, TARGETS_FILE):
        digest.update((config_dir / name).read_bytes() + b"\0")
    return digest.hexdigest()


def load_target_vocab(config_dir: Path) -> TargetVocab:
    """Read both files under config_dir; raise BuildError on the first problem."""
    indicators = _load_indicators(config_dir / INDICATORS_FILE)
    path = config_dir / TARGETS_FILE
    r = _Reader(str(path), load_yaml(path))

    comparators: dict[str, str] = {}
    for relation, words in r.mapping("comparators").items():
        if relation not in RELATIONS:
            r.fail(f"comparators.{relation}", f"unknown relation; use one of {', '.join(RELATIONS)}")
        for word in _Reader(str(path), r.data["comparators"], "comparators").words(relation):
            if word in comparators:
                r.fail(f"comparators.{relation}", f"{word} already listed under {comparators[word]}")
            comparators[word] = relation

    qualifiers = r.mapping("qualifiers")
    for word, relation in qualifiers.items():
        if relation not in RELATIONS:
            r.fail(f"qualifiers.{word}", f"unknown relation {relation}")

    periods = r.mapping("periods")
    if not all(isinstance(y, int) for y in periods.values()):
        r.fail("periods", "each period needs an integer year")

    def pattern_list(key: str) -> tuple[re.Pattern, ...]:
        sources = r.words(key)
        return tuple(r.pattern(f"{key}[{i}]", s) for i, s in enumerate(sources))

    year_phrases, title_years = pattern_list("year_phrases"), pattern_list("title_years")
    for key, patterns in (("year_phrases", year_phrases), ("title_years", title_years)):
        for i, p in enumerate(patterns):
            if not {"year", "period"} & set(p.groupindex):
                r.fail(f"{key}[{i}]", "needs a (?P<year>…) or (?P<period>…) group")
    milestone_opener = r.pattern("milestone_opener")
    if "year" not in milestone_opener.groupindex:
        r.fail("milestone_opener", "needs a (?P<year>…) group")

    base_units, magnitudes, rate_units = r.words("units"), r.words("magnitudes"), r.words("rate_units")
    if set(rate_units) - set(base_units):
        r.fail("rate_units", "every rate unit must also be listed under units")
    units = set(base_units) | {m + u for m in magnitudes for u in base_units if u not in rate_units}
    possessive = r.text("possessive")
    if not possessive:
        r.fail("possessive", "must not be empty")

    return TargetVocab(
        indicators=indicators,
        comparators=comparators,
        count_verbs=r.words("count_verbs"),
        hedges=r.words("hedges"),
        subject_leads=_longest_first(r.words("subject_leads")),
        subject_trailers=_longest_first(r.words("subject_trailers")),
        distributive=r.words("distributive"),
        conjunctions=_longest_first(r.words("conjunctions")),
        indicator_heads=_longest_first(r.words("indicator_heads")),
        units=_longest_first(units),
        rate_units=rate_units,
        possessive=possessive,
        qualifiers=dict(qualifiers),
        approximators=r.words("approximators"),
        year_phrases=year_phrases,
        periods=dict(periods),
        title_years=title_years,
        milestone_opener=milestone_opener,
        not_targets={name: r.pattern(f"not_targets.{name}", src)
                     for name, src in r.mapping("not_targets").items()},
        baseline=r.pattern("baseline"),
        condition_markers=r.words("condition_markers"),
        past_markers=r.words("past_markers"),
    )
