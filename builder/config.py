"""Load and validate everything in site_config/ once, at the edge.

Errors name the file, the line and the key, with a hint (like MkDocs' config_options).
Everything past this module receives typed objects and trusts them.
"""
from __future__ import annotations

import datetime
import difflib
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from pypinyin import lazy_pinyin

from .config_schema import Field, check_mapping, compile_pattern, not_empty
from .config_targets import (INDICATORS_FILE, INDICATORS_SCHEMA, TARGET_FIELDS, TARGETS_FILE, TargetVocab,
                             load_target_vocab)
from .model import Agency, BuildError, BuildWarning, DocumentMeta, Topic, Version
from .search import OFFLINE_SEARCH
from .site_names import FOLDER_INDEX, fold, site_path
from .yaml_lines import LineDict, load_yaml

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z: $ would also match before a final newline
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DOCUMENT_RELATIONS = ("implements", "draft-of", "reported-by", "supersedes")


# --------------------------------------------------------------------------- field checks (schemas: config_schema)
SLUG_MAX = 100  # a slug is a folder's name: file systems refuse past 255 bytes, readers long before


def _slug_problem(value: str) -> str | None:
    if not SLUG_RE.match(value):
        return f"{value!r} is not a valid slug (lowercase ASCII letters, digits and single hyphens)"
    if len(value) > SLUG_MAX:
        return f"a slug of {len(value)} characters: at most {SLUG_MAX}"
    return None


def _document_slug_problem(value: str) -> str | None:
    """A document's page is a folder at the top of the site, beside the site's own pages."""
    if taken := site_path(value):
        return (f"{value!r} is reserved: the site's own {taken} would replace the document's page or be replaced "
                "by it; choose another slug")
    return _slug_problem(value)


def _page_slug_problem(value: str) -> str | None:
    """A topic's or agency's page sits in a folder whose own page is index.md."""
    if fold(value) == FOLDER_INDEX:
        return f"{value!r} is the name of the page that lists them all; choose another slug"
    return _slug_problem(value)


def _name_problem(value: str) -> str | None:
    """A name shown on every page (a jurisdiction): printable text, not blank, no control or
    invisible formatting characters (a NUL, a line break, a right-to-left override, a zero-width space)."""
    if not value.strip():
        return "must not be blank"
    hidden = [c for c in value if unicodedata.category(c) in ("Cc", "Cf")]
    if hidden:
        return f"{value!r} holds a control or invisible character ({', '.join(f'U+{ord(c):04X}' for c in hidden)}); remove it"
    return None


def _names_problem(values: list) -> str | None:
    return next(filter(None, (_name_problem(v) for v in values if isinstance(v, str))), None)


def _date_problem(value: str) -> str | None:
    problem = f"'{value}' is not a date like 2023-02-06, 2023-02 or 2023"
    if not DATE_RE.match(value):
        return problem
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return problem
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
    targets: TargetVocab  # indicators.yml + targets.yml
    topics: list[Topic] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    by_source: dict[str, DocumentMeta] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_source = {m.source: m for d in self.documents for m in version_metas(d)}


def version_metas(meta: DocumentMeta) -> list[DocumentMeta]:
    """The metadata of each text of a document, oldest first: one per version, else just meta."""
    return [replace(meta, source=v.source, date=v.date, status=v.status, doc_number=v.doc_number or meta.doc_number)
            for v in meta.versions] or [meta]


VERSION_FIELDS = {
    "source": Field(str, required=True),
    "date": Field(str, required=True, check=_date_problem),
    "status": Field(str),
    "doc_number": Field(str),
}

DOCUMENT_FIELDS = {
    "slug": Field(str, required=True, check=_document_slug_problem),
    "source": Field(str),  # a single text; or
    "versions": Field(list, items=VERSION_FIELDS),  # several dated texts, oldest first
    "title": Field(str, required=True),
    "short_title": Field(str),
    "issuer": Field(str),
    "date": Field(str, check=_date_problem),
    "doc_number": Field(str),
    "status": Field(str),
    "jurisdiction": Field(str, required=True, check=_name_problem),
    "kind": Field(str),
    "aliases": Field(list, items=str),
    "relations": Field(dict),
}
DOCUMENTS_SCHEMA = {"jurisdictions": Field(list, items=str, check=_names_problem),
                    "documents": Field(list, required=True, items=DOCUMENT_FIELDS)}


def _check_source(path: Path, entry: LineDict, where: str, seeds: Path | None, seen: dict[str, int]) -> str:
    source, line = entry["source"], entry.key_lines["source"]
    if source in seen:
        raise BuildError(str(path), line, f"{where}: source '{source}' is listed twice (first at line {seen[source]})")
    if "/" in source or "\\" in source or source.startswith("."):
        raise BuildError(str(path), line, f"{where}: 'source' must be a file name inside the seeds folder, not a path")
    if seeds is not None and not (seeds / source).is_file():
        there = os.path.lexists(seeds / source)
        raise BuildError(str(path), line, f"{where}: source file '{source}' " + (
            f"in {seeds} is no regular file (a folder, pipe, device or broken link)" if there else f"not found in {seeds}"),
                         "check the file name or add the file to seeds/")
    seen[source] = line
    return source


def _load_versions(path: Path, entry: LineDict, where: str, seeds: Path | None,
                   seen_sources: dict[str, int]) -> list[Version]:
    """versions: [{source, date, status, doc_number}], oldest first, one date per version."""
    for key in ("source", "date", "status"):
        if entry.get(key) is not None:
            raise BuildError(str(path), entry.key_lines[key], f"{where}: '{key}' cannot stand next to 'versions'",
                             f"give each version its own '{key}'" if key != "source" else "list the file under versions")
    items = entry["versions"]
    if not items:
        raise BuildError(str(path), entry.key_lines["versions"], f"{where}: 'versions' is empty",
                         "list at least one {source, date}")
    versions: list[Version] = []
    for i, item in enumerate(items, 1):
        vwhere = f"{where}.versions[{i}]"
        check_mapping(path, item, VERSION_FIELDS, vwhere)
        source = _check_source(path, item, vwhere, seeds, seen_sources)
        if versions and item["date"] <= versions[-1].date:
            raise BuildError(str(path), item.key_lines["date"],
                             f"{vwhere}: date {item['date']} is not after the previous version's {versions[-1].date}",
                             "list versions oldest first, each with its own date (it names the pinned page)")
        versions.append(Version(source, item["date"], item.get("status") or "", item.get("doc_number") or ""))
    return versions


def load_documents(path: Path, seeds: Path | None) -> tuple[list[DocumentMeta], list[str]]:
    data = load_yaml(path)
    data = check_mapping(path, data, DOCUMENTS_SCHEMA, "documents.yml")
    metas: list[DocumentMeta] = []
    seen_slugs: dict[str, int] = {}
    seen_sources: dict[str, int] = {}
    for i, entry in enumerate(data["documents"], 1):
        where = f"documents[{i}]"
        check_mapping(path, entry, DOCUMENT_FIELDS, where, line=data["documents"].item_lines[i - 1])
        line = entry.line
        slug = entry["slug"]
        if slug in seen_slugs:
            raise BuildError(str(path), line, f"{where}: duplicate slug '{slug}' (first at line {seen_slugs[slug]})",
                             "every document needs its own slug")
        seen_slugs[slug] = line
        if ("source" in entry) == ("versions" in entry):
            raise BuildError(str(path), line, f"{where}: give either 'source' or 'versions'",
                             "'source: file.txt' for one text, 'versions: [{source, date, status}]' for revisions")
        versions = _load_versions(path, entry, where, seeds, seen_sources) if "versions" in entry else []
        source = versions[-1].source if versions else _check_source(path, entry, where, seeds, seen_sources)
        relations = entry.get("relations") or {}
        for rel, targets in relations.items():
            rel_line = relations.key_lines.get(rel, line) if isinstance(relations, LineDict) else line
            if rel not in DOCUMENT_RELATIONS:
                guess = difflib.get_close_matches(str(rel), DOCUMENT_RELATIONS, n=1)
                raise BuildError(str(path), rel_line, f"{where}: unknown relation '{rel}'",
                                 f"did you mean '{guess[0]}'?" if guess else "known: " + ", ".join(DOCUMENT_RELATIONS))
            if isinstance(targets, str):
                relations[rel] = targets = [targets]
            if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
                raise BuildError(str(path), rel_line, f"{where}: relation '{rel}' must list document slugs")
        metas.append(DocumentMeta(
            slug=slug, source=source, title=entry["title"].strip(),
            short_title=entry.get("short_title") or "", issuer=entry.get("issuer") or "",
            date=versions[-1].date if versions else entry.get("date") or "",
            doc_number=entry.get("doc_number") or "",  # a version's own 文号 overrides it (version_metas)
            status=versions[-1].status if versions else entry.get("status") or "", jurisdiction=entry["jurisdiction"].strip(),
            kind=entry.get("kind") or "", aliases=list(entry.get("aliases") or []),
            relations={k: list(v) for k, v in relations.items()}, versions=versions,
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
    jurisdictions = list(dict.fromkeys(name.strip() for name in data.get("jurisdictions") or []))
    for meta in metas:
        if meta.jurisdiction not in jurisdictions:
            jurisdictions.append(meta.jurisdiction)
    return metas, jurisdictions


CHROME_RULE_FIELDS = {"name": Field(str, required=True), "pattern": Field(str, required=True), "rest": Field(bool)}
CHROME_SCHEMA = {"rules": Field(list, required=True, items=CHROME_RULE_FIELDS)}


def load_chrome(path: Path) -> list[ChromeRule]:
    data = check_mapping(path, load_yaml(path), CHROME_SCHEMA, "chrome.yml")
    rules = []
    for i, entry in enumerate(data["rules"], 1):
        check_mapping(path, entry, CHROME_RULE_FIELDS, f"rules[{i}]", line=data["rules"].item_lines[i - 1])
        pattern = compile_pattern(path, entry["pattern"], entry.key_lines["pattern"], f"rules[{i}]")
        rules.append(ChromeRule(entry["name"], pattern, bool(entry.get("rest"))))
    return rules


def pinyin_slug(name: str) -> str:
    """URL-safe slug from a Chinese name: 省财政厅 -> sheng-cai-zheng-ting."""
    syllables = (re.sub(r"[^a-z0-9]", "", s.lower()) for s in lazy_pinyin(name))
    return "-".join(s for s in syllables if s)


def _claim(path: Path, owners: dict[str, str], value: str, owner: str, line: int, what: str) -> None:
    """A slug, keyword or alias has one owner: a second one is a config error."""
    if owners.setdefault(value, owner) != owner:
        raise BuildError(str(path), line, f"{what} '{value}' is used by both '{owners[value]}' and '{owner}'",
                         "each belongs to one entry only")


TOPIC_FIELDS = {"slug": Field(str, required=True, check=_page_slug_problem), "name": Field(str, required=True),
                "keywords": Field(list, required=True, items=str, check=not_empty)}
TOPICS_SCHEMA = {"topics": Field(list, required=True, items=TOPIC_FIELDS)}


def load_topics(path: Path) -> list[Topic]:
    """topics.yml: `topics:` list of {slug, name, keywords}; a keyword belongs to one topic."""
    data = check_mapping(path, load_yaml(path), TOPICS_SCHEMA, "topics.yml")
    topics, slugs, keywords = [], {}, {}
    for i, entry in enumerate(data["topics"], 1):
        check_mapping(path, entry, TOPIC_FIELDS, f"topics[{i}]", line=data["topics"].item_lines[i - 1])
        name = entry["name"].strip()
        _claim(path, slugs, entry["slug"], name, entry.key_lines["slug"], "slug")
        for keyword in entry["keywords"]:
            _claim(path, keywords, keyword.strip(), name, entry.key_lines["keywords"], "keyword")
        topics.append(Topic(entry["slug"], name, tuple(k.strip() for k in entry["keywords"])))
    return topics


AGENCY_FIELDS = {"name": Field(str, required=True), "slug": Field(str, check=_page_slug_problem),
                 "aliases": Field(list, items=str)}
AGENCIES_SCHEMA = {"agencies": Field(list, required=True, items=AGENCY_FIELDS)}


def load_agencies(path: Path) -> list[Agency]:
    """agencies.yml: `agencies:` list of {name, aliases?, slug?}; the slug defaults to pinyin."""
    data = check_mapping(path, load_yaml(path), AGENCIES_SCHEMA, "agencies.yml")
    agencies, slugs, names = [], {}, {}
    for i, entry in enumerate(data["agencies"], 1):
        check_mapping(path, entry, AGENCY_FIELDS, f"agencies[{i}]", line=data["agencies"].item_lines[i - 1])
        name = entry["name"].strip()
        slug = entry.get("slug") or pinyin_slug(name)
        if problem := _page_slug_problem(slug):  # only a slug made from the name can fail here
            raise BuildError(str(path), entry.line, f"agencies[{i}]: the slug made from its name: {problem}",
                             "give the agency a 'slug'")
        aliases = tuple(a.strip() for a in entry.get("aliases") or [])
        _claim(path, slugs, slug, name, entry.key_lines.get("slug", entry.line), "slug")
        for spelling in (name, *aliases):
            _claim(path, names, spelling, name, entry.key_lines.get("aliases", entry.line), "name or alias")
        agencies.append(Agency(slug, name, aliases))
    return agencies


# Every file load_config reads, with its schema: through Field.items, the tree of every field
# the file can have (the hostile-config test fills each text field of each file from it).
SCHEMAS = {"documents.yml": DOCUMENTS_SCHEMA, "chrome.yml": CHROME_SCHEMA, INDICATORS_FILE: INDICATORS_SCHEMA,
           TARGETS_FILE: TARGET_FIELDS, "topics.yml": TOPICS_SCHEMA, "agencies.yml": AGENCIES_SCHEMA}


# An address in mkdocs.yml is printed into href attributes: an http(s) or mailto address, or
# a path; no quote, bracket or space that could leave the attribute, no javascript: or data:.
SAFE_ADDRESS_RE = re.compile(r"^(?:(?:https?://|mailto:)[^\s\"'<>`\\]+|[^\s\"'<>`\\:]*)$")
ADDRESS_SETTINGS = ("site_url", "repo_url", "edit_uri")
# The site makes no request outside its own origin: its scripts and styles are its own files.
LOCAL_FILE_SETTINGS = ("extra_css", "extra_javascript")


# Names reserved for examples (RFC 2606, RFC 6761): an address under them is a placeholder.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")
PLACEHOLDER_TLDS = (".example", ".test", ".invalid", ".localhost", ".local")


def is_placeholder(url: str) -> bool:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # no address at all
        return True
    return (not host or host in ("localhost", "::1") or host.startswith("127.") or host.endswith(PLACEHOLDER_TLDS)
            or any(host == name or host.endswith("." + name) for name in PLACEHOLDER_HOSTS))


def setting_line(node, key) -> int | None:
    return getattr(node, "key_lines", {}).get(key, getattr(node, "line", None))


def site_address_warnings(path: Path, settings: LineDict, site_url) -> list[BuildWarning]:
    """site_url is what every citation, the sitemap and the pages' canonical links name: one that
    is missing or reserved for examples (policy.example.org) leads a reader nowhere.
    site_url: the address the build uses (the offline copy's --site-url replaces mkdocs.yml's)."""
    if isinstance(site_url, str) and not is_placeholder(site_url):
        return []
    what = (f"site_url {site_url!r} is a placeholder: every citation of a clause, the sitemap and the pages' "
            "canonical links name it, an address no reader can reach" if site_url
            else "site_url is not set: citations of clauses carry no address of the site")
    return [BuildWarning(str(path), getattr(settings, "key_lines", {}).get("site_url"), "site-url-placeholder", what,
                         f"set site_url in {path.name} to the site's public address before publishing "
                         "(for the offline copy: make site-offline SITE_URL=https://…/)")]


THEME = "material"
# Settings with which Material makes every page ask another site for something.
OUTSIDE_REQUEST_SETTINGS = {
    "repo_url": "Material would ask the forge's API (GitHub, GitLab, Gitea) for the repository's stars from every page",
    "extra.analytics": "an analytics script from another site on every page",
}
# Settings that bring in what these checks cannot see.
UNCHECKABLE_SETTINGS = {
    "INHERIT": "settings from another file, which MkDocs merges after these checks",
    "hooks": "Python files MkDocs runs during the build",
}
MARKUP = re.compile("[<>\"`]")  # what could close an attribute or open an element where a theme prints it


def _check_markup_free(path: Path, node, where: str, values: bool = True) -> None:
    """Every key (and with values, every text) below node: nothing that could leave an
    attribute or open an element in the page, where Material prints it unescaped."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        name = f"{where}.{key}" if isinstance(node, dict) else f"{where}[{key + 1}]"
        line = setting_line(node, key) if isinstance(node, dict) else getattr(node, "line", None)
        if isinstance(key, str) and MARKUP.search(key) or values and isinstance(value, str) and MARKUP.search(value):
            raise BuildError(str(path), line, f"{name}: holds < > \" or `, which the theme prints into every page "
                             "as it is", "write it without those characters")
        _check_markup_free(path, value, name, values)


SITE_URL_HINT = "write the site's public address, such as https://zhiliang.gd.gov.cn/ or https://host/policy/"


def site_url_problem(site_url: str) -> str | None:
    """What makes site_url unusable as the site's public address (citations are made by
    appending to it), or None."""
    try:
        parts = urlsplit(site_url)
        parts.port  # raises for a port out of range
    except ValueError as exc:
        return f"{site_url!r} is no address: {exc}"
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment
            or not SAFE_ADDRESS_RE.match(site_url)):
        return f"{site_url!r} is not an http(s) address of a site without ? or #, quotes or spaces"
    return None


def _check_site_url(path: Path, settings: LineDict) -> None:
    site_url = settings.get("site_url")
    if site_url and (problem := site_url_problem(site_url)):
        raise BuildError(str(path), setting_line(settings, "site_url"), f"site_url: {problem}", SITE_URL_HINT)


def check_site_settings(path: Path, settings: LineDict) -> None:
    """mkdocs.yml, as far as it reaches the pages: raise BuildError (file:line) for an address
    that could run script or break out of an attribute, a script, style sheet or image from
    another site, a setting that makes every page ask another site, or a value MkDocs would
    crash on."""
    def check(value, where: str, line, local: bool = False) -> None:
        if value is None:
            return
        if not isinstance(value, str):
            raise BuildError(str(path), line, f"{where}: expected an address or a path (text), got {value!r}",
                             "write a plain https://… address or a path")
        if not SAFE_ADDRESS_RE.match(value):
            raise BuildError(str(path), line, f"{where}: {value!r} is not an http(s) address or a path",
                             "write a plain https://… address or a path, without quotes, brackets or javascript:")
        if local and (value.startswith(("http://", "https://", "mailto:", "//"))):
            raise BuildError(str(path), line, f"{where}: {value!r} is on another site",
                             "copy the file into docs_templates/assets and name its path: the site loads nothing "
                             "from outside")

    for key, kind, name in (("extra", dict, "a mapping (name: value lines)"), ("theme", dict, "a mapping"),
                            ("plugins", list, "a list"), ("markdown_extensions", list, "a list"),
                            ("extra_css", list, "a list"), ("extra_javascript", list, "a list")):
        if key in settings and not isinstance(settings[key], kind):
            raise BuildError(str(path), setting_line(settings, key), f"{key}: expected {name}",
                             "see the project's mkdocs.yml for its form")
    for key in ADDRESS_SETTINGS:
        check(settings.get(key), key, setting_line(settings, key))
    _check_site_url(path, settings)
    for key, why in UNCHECKABLE_SETTINGS.items():
        if key in settings:
            raise BuildError(str(path), setting_line(settings, key), f"{key}: {why}",
                             "write those settings into this file, where they are checked")
    extra = settings.get("extra") or {}
    for node, key, where in ((settings, "repo_url", "repo_url"), (extra, "analytics", "extra.analytics")):
        if node.get(key) is not None:
            raise BuildError(str(path), setting_line(node, key), f"{where}: {OUTSIDE_REQUEST_SETTINGS[where]}",
                             "remove it: the site makes no request outside its own origin")
    theme = settings.get("theme") or {}
    if theme.get("name", THEME) != THEME:
        raise BuildError(str(path), setting_line(theme, "name"), f"theme.name: {theme['name']!r}: the site is built "
                         f"for {THEME} (another theme loads its scripts from a CDN and lacks the pages' parts)",
                         f"write name: {THEME}")
    _check_markup_free(path, theme, "theme")
    _check_markup_free(path, extra, "extra", values=False)  # their values are escaped where printed
    if theme.get("font", False) is not False:
        raise BuildError(str(path), setting_line(theme, "font"), "theme.font: Material would load the font from "
                         "Google Fonts, an outside request (slow or blocked in mainland China)",
                         "write font: false (the pages use the reader's own fonts)")
    for key in ("favicon", "logo"):
        check(theme.get(key), f"theme.{key}", setting_line(theme, key), local=True)
    for key in ("markdown_extensions", "plugins"):
        for item in settings.get(key) or []:
            if not (isinstance(item, str) or isinstance(item, dict) and len(item) == 1
                    and isinstance(next(iter(item)), str)):
                raise BuildError(str(path), getattr(item, "line", None) or setting_line(settings, key),
                                 f"{key}: {item!r} is neither a name nor one name with its options",
                                 "write each as `- name` or `- name: {options}`")
    for key in LOCAL_FILE_SETTINGS:
        for item in settings.get(key) or []:
            check(item if isinstance(item, str) else getattr(item, "get", lambda _: None)("path"), key,
                  setting_line(settings, key), local=True)
    check(extra.get("homepage"), "extra.homepage", setting_line(extra, "homepage"))
    check(extra.get(OFFLINE_SEARCH), f"extra.{OFFLINE_SEARCH}", setting_line(extra, OFFLINE_SEARCH), local=True)
    for key in ("social", "alternate", "polyfills"):
        items = extra.get(key) or []
        if not isinstance(items, list):
            raise BuildError(str(path), setting_line(extra, key), f"extra.{key}: expected a list", "see Material's documentation")
        for i, item in enumerate(items, 1):
            if key == "polyfills":  # scripts every page loads
                check(item, f"extra.{key}[{i}]", getattr(items, "line", None), local=True)
            elif isinstance(item, dict):
                check(item.get("link"), f"extra.{key}[{i}].link", setting_line(item, "link"))


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
        targets=load_target_vocab(folder),
        topics=load_topics(folder / "topics.yml"),
        agencies=load_agencies(folder / "agencies.yml"),
    )
