"""Load and check the target vocabulary: site_config/indicators.yml and site_config/targets.yml.

Checked once, here, so the extractor can trust every field. Errors name file, line and key:
the shape of each file by the schemas below, what one entry means for another by the loaders.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .config_schema import Field, check_mapping, compile_pattern, not_empty
from .model import BuildError
from .yaml_lines import load_yaml

INDICATORS_FILE = "indicators.yml"
TARGETS_FILE = "targets.yml"
TARGET_RELATIONS = ("level", "at_least", "at_most", "decrease", "increase", "about")


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
    verb_modifiers: tuple[str, ...]  # words before a count verb that belong to what is counted
    fields: tuple[str, ...]  # a field named before a count verb (农业领域新制定…) belongs to what is counted
    locatives: tuple[str, ...]  # unless a preposition makes it where the action is (在农业领域建设…)
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
    signs: dict[str, str]  # sign before a value in a table cell (≥95%) -> relation
    total_brackets: tuple[str, ...]  # opening and closing bracket around a total in a table cell (〔100〕)
    approximators: tuple[str, ...]
    year_phrases: tuple[re.Pattern, ...]
    periods: dict[str, int]
    title_years: tuple[re.Pattern, ...]
    milestone_opener: re.Pattern
    not_targets: dict[str, re.Pattern]
    baseline: re.Pattern
    dated: re.Pattern  # the year a value is for, right before it: 提高到2025年的10%
    condition_markers: tuple[str, ...]
    past_markers: tuple[str, ...]
    past_times: re.Pattern  # a time in the past a sentence reports on (去年全省共抽查…): no targets from it
    norms: re.Pattern  # in a law or regulation, a sentence setting a norm or a case: its figures are conditions
    penalty_markers: tuple[str, ...]  # a sentence with one sets a penalty: its amounts are fines
    grant_markers: tuple[str, ...]  # a sentence with one grants an award: its amounts and caps are no goals
    money_units: tuple[str, ...]
    period_units: tuple[str, ...]  # a value in one with no bound or change is a period a rule sets
    report_titles: tuple[re.Pattern, ...]  # a document whose title matches reports results: no targets
    current_year_words: tuple[str, ...]  # 全年: the year of the document's date when nothing else gives one
    scopes: tuple[str, ...]  # words before a share that opens its own subject: 全省70%以上的…
    past_sections: tuple[str, ...]  # a heading naming one reports the past: no targets under it

    def year_of(self, match: re.Match) -> int | None:
        """The year a year_phrases / title_years match names, resolving 十二五 to 2015."""
        groups = match.groupdict()
        if groups.get("year"):
            return int(groups["year"])
        return self.periods.get(groups.get("period") or "")

    def canonical(self, indicator: str) -> str:
        """The canonical name for an indicator as written, or "": an exact alias match, with or
        without a scope word before it (全市制造业产品质量合格率: the place's own measure)."""
        key = _squash(indicator)
        keys = {key, *(key[len(scope):] for scope in self.scopes if key.startswith(scope) and key != scope)}
        for ind in self.indicators:
            if keys & {_squash(ind.name), *(_squash(a) for a in ind.aliases)}:
                return ind.name
        return ""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _each_once(value: list) -> str | None:
    """A word listed twice is a slip (maybe of one meant for another list)."""
    repeated = next((word for i, word in enumerate(value) if word in value[:i]), None)
    return None if repeated is None else f"lists '{repeated}' twice"


def _mapping_of(kind: type, what: str):
    """A check for a non-empty mapping whose every value is a kind."""
    def problem(value: dict) -> str | None:
        wrong = next((key for key, item in value.items() if not isinstance(item, kind)), None)
        return not_empty(value) or (None if wrong is None else f"needs {what} for {wrong}")
    return problem


INDICATOR_FIELDS = {
    "name": Field(str, required=True),
    "unit": Field(str),
    "aliases": Field(list, items=str, check=_each_once),
    "distinct_from": Field(list, items=str, check=_each_once),
    "note": Field(str),
}
INDICATORS_SCHEMA = {"indicators": Field(list, required=True, check=not_empty, items=INDICATOR_FIELDS)}

_WORDS = Field(list, required=True, items=str, check=_each_once)
COMPARATOR_FIELDS = {relation: Field(list, items=str, check=_each_once) for relation in TARGET_RELATIONS}
TARGET_FIELDS = {
    "comparators": Field(dict, required=True, check=not_empty, items=COMPARATOR_FIELDS),  # relation -> words
    "count_verbs": _WORDS, "verb_modifiers": Field(list, items=str, check=_each_once),
    "fields": Field(list, items=str, check=_each_once), "locatives": Field(list, items=str, check=_each_once),
    "hedges": _WORDS, "subject_leads": _WORDS, "subject_trailers": _WORDS,
    "distributive": _WORDS, "conjunctions": _WORDS, "indicator_heads": _WORDS,
    "units": _WORDS, "magnitudes": _WORDS, "rate_units": _WORDS, "possessive": Field(str, required=True),
    "qualifiers": Field(dict, required=True, check=not_empty),  # word -> relation
    "signs": Field(dict),  # sign -> relation
    "total_brackets": Field(list, items=str, check=lambda value: _each_once(value) or next(
        (f"'{pair}' is not an opening and a closing bracket" for pair in value if len(pair) != 2), None)),
    "approximators": _WORDS,
    # Patterns are compiled by the loader, which knows the line of each item of a list.
    "year_phrases": _WORDS, "title_years": _WORDS, "milestone_opener": Field(str, required=True),
    "periods": Field(dict, required=True, check=_mapping_of(int, "an integer year")),
    "not_targets": Field(dict, required=True, check=_mapping_of(str, "a regular expression")),  # name -> pattern
    "baseline": Field(str, required=True), "past_times": Field(str),
    "dated": Field(str), "norms": Field(str),
    "condition_markers": _WORDS, "past_markers": _WORDS,
    "penalty_markers": Field(list, items=str, check=_each_once), "scopes": Field(list, items=str, check=_each_once),
    "past_sections": Field(list, items=str, check=_each_once),
    "grant_markers": Field(list, items=str, check=_each_once), "money_units": Field(list, items=str, check=_each_once),
    "period_units": Field(list, items=str, check=_each_once),
    "report_titles": Field(list, items=str, check=_each_once),
    "current_year_words": Field(list, items=str, check=_each_once),
}


def _load_indicators(path: Path) -> tuple[Indicator, ...]:
    data = check_mapping(path, load_yaml(path), INDICATORS_SCHEMA, INDICATORS_FILE)
    entries = data["indicators"]
    indicators, owner = [], {}
    for i, entry in enumerate(entries):
        where = f"indicators[{i}]"
        check_mapping(path, entry, INDICATOR_FIELDS, where, line=entries.item_lines[i])
        ind = Indicator(name=entry["name"], unit=entry.get("unit") or "", aliases=tuple(entry.get("aliases") or ()),
                        distinct_from=tuple(entry.get("distinct_from") or ()), note=entry.get("note") or "")
        for key, spellings in (("name", (ind.name,)), ("aliases", ind.aliases)):
            for written in spellings:
                if _squash(written) in owner:
                    raise BuildError(str(path), entry.key_lines[key],
                                     f"{where}.{key}: {written} already belongs to {owner[_squash(written)]}",
                                     "a name or alias belongs to one indicator only")
                owner[_squash(written)] = ind.name
        if ind.distinct_from and not ind.note.strip():
            raise BuildError(str(path), entry.key_lines.get("note", entry.key_lines["distinct_from"]),
                             f"{where}.note: required with distinct_from: say why the measures differ")
        indicators.append(ind)
    names = [ind.name for ind in indicators]
    for i, (ind, entry) in enumerate(zip(indicators, entries)):
        for other in ind.distinct_from:
            if other not in names:
                guess = difflib.get_close_matches(other, names, n=1)
                raise BuildError(str(path), entry.key_lines["distinct_from"],
                                 f"indicators[{i}].distinct_from: unknown indicator {other}",
                                 f"did you mean '{guess[0]}'?" if guess else "name an indicator listed in this file")
    return tuple(indicators)


def _dated(path: Path, source: str, line: int, where: str, groups: tuple[str, ...]) -> re.Pattern:
    """A pattern that says which year it found, in one of groups."""
    pattern = compile_pattern(path, source, line, where)
    if not set(groups) & set(pattern.groupindex):
        named = " or ".join(f"(?P<{group}>…)" for group in groups)
        raise BuildError(str(path), line, f"{where}: needs a {named} group")
    return pattern


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
    data = check_mapping(path, load_yaml(path), TARGET_FIELDS, TARGETS_FILE)

    by_relation = check_mapping(path, data["comparators"], COMPARATOR_FIELDS, "comparators")
    comparators: dict[str, str] = {}
    for relation, words in by_relation.items():
        for word in words or ():
            if word in comparators:
                raise BuildError(str(path), by_relation.key_lines[relation],
                                 f"comparators.{relation}: {word} already listed under {comparators[word]}")
            comparators[word] = relation

    qualifiers, signs = data["qualifiers"], data.get("signs") or {}
    for key, words in (("qualifiers", qualifiers), ("signs", signs)):
        for word, relation in words.items():
            if relation not in TARGET_RELATIONS:
                raise BuildError(str(path), words.key_lines[word], f"{key}.{word}: unknown relation {relation}",
                                 "use one of " + ", ".join(TARGET_RELATIONS))

    def dated_list(key: str) -> tuple[re.Pattern, ...]:
        items = data[key]
        return tuple(_dated(path, source, items.item_lines[i], f"{key}[{i}]", ("year", "period"))
                     for i, source in enumerate(items))

    base_units, rate_units = data["units"], data["rate_units"]
    for key in ("rate_units", "money_units", "period_units"):
        stray = [unit for unit in data.get(key) or () if unit not in base_units]
        if stray:
            raise BuildError(str(path), data.key_lines[key], f"{key}: {stray[0]} must also be listed under units")
    report_titles = data.get("report_titles") or []
    units = set(base_units) | {m + u for m in data["magnitudes"] for u in base_units if u not in rate_units}
    not_targets = data["not_targets"]

    return TargetVocab(
        indicators=indicators,
        comparators=comparators,
        count_verbs=tuple(data["count_verbs"]),
        verb_modifiers=_longest_first(data.get("verb_modifiers") or ()),
        fields=tuple(data.get("fields") or ()), locatives=tuple(data.get("locatives") or ()),
        hedges=tuple(data["hedges"]),
        subject_leads=_longest_first(data["subject_leads"]),
        subject_trailers=_longest_first(data["subject_trailers"]),
        distributive=tuple(data["distributive"]),
        conjunctions=_longest_first(data["conjunctions"]),
        indicator_heads=_longest_first(data["indicator_heads"]),
        units=_longest_first(units),
        rate_units=tuple(rate_units),
        possessive=data["possessive"],
        qualifiers=dict(qualifiers),
        signs=dict(signs),
        total_brackets=tuple(data.get("total_brackets") or ()),
        approximators=tuple(data["approximators"]),
        year_phrases=dated_list("year_phrases"),
        periods=dict(data["periods"]),
        title_years=dated_list("title_years"),
        milestone_opener=_dated(path, data["milestone_opener"], data.key_lines["milestone_opener"],
                                "milestone_opener", ("year",)),
        not_targets={name: compile_pattern(path, source, not_targets.key_lines[name], f"not_targets.{name}")
                     for name, source in not_targets.items()},
        baseline=compile_pattern(path, data["baseline"], data.key_lines["baseline"], "baseline"),
        dated=compile_pattern(path, data["dated"], data.key_lines["dated"], "dated") if data.get("dated")
        else re.compile(r"(?!)"),
        condition_markers=tuple(data["condition_markers"]),
        past_markers=tuple(data["past_markers"]),
        past_times=compile_pattern(path, data["past_times"], data.key_lines["past_times"], "past_times")
        if data.get("past_times") else re.compile(r"(?!)"),
        norms=compile_pattern(path, data["norms"], data.key_lines["norms"], "norms") if data.get("norms")
        else re.compile(r"(?!)"),
        penalty_markers=tuple(data.get("penalty_markers") or ()),
        grant_markers=tuple(data.get("grant_markers") or ()),
        money_units=tuple(data.get("money_units") or ()),
        period_units=tuple(data.get("period_units") or ()),
        report_titles=tuple(compile_pattern(path, source, report_titles.item_lines[i], f"report_titles[{i}]")
                            for i, source in enumerate(report_titles)),
        current_year_words=tuple(data.get("current_year_words") or ()),
        scopes=_longest_first(data.get("scopes") or ()),
        past_sections=tuple(data.get("past_sections") or ()),
    )
