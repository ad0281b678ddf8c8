"""Broken configuration stops the build before anything is written: exit status 2, and one
message naming file:line, what is wrong and (where it helps) what to do."""
from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from builder.config import check_site_settings, load_documents, site_address_warnings
from builder.config_schema import compile_pattern
from builder.model import BuildError
from builder.offline import main as offline_main
from builder.publish import BUILD_MARKER, LOCK_NAME, SITE_MARKER
from builder.yaml_lines import load_yaml

from ..conftest import ROOT
from ..hostile_build import make_config, run_build, write_seeds

DOC_A = "  - slug: doc-a\n    source: a.txt\n    title: 文件甲\n    jurisdiction: 国家\n"
DOC_B = "  - slug: doc-b\n    source: b.txt\n    title: 文件乙\n    jurisdiction: 国家\n"
GOOD = "documents:\n" + DOC_A + DOC_B
SEEDS = {"a.txt": "文件甲\n一、总则\n坚持质量第一。\n".encode(), "b.txt": "文件乙\n一、总则\n坚持效益优先。\n".encode()}
TOPIC = "topics:\n  - slug: metrology\n    name: 计量\n    keywords: [计量, 校准]\n"

# (id, documents.yml, other config files, line, words the message must contain)
CASES = [
    ("invalid-yaml", GOOD + "  - slug: [doc-c\n", {}, 10, ["invalid YAML", "flow sequence at line 10"]),
    ("bad-indent", GOOD + "   title: 文件丙\n", {}, 10, ["invalid YAML"]),
    ("tab-indent", GOOD + "\t- slug: doc-c\n", {}, 10, ["invalid YAML", ("tab character", "'\\t'")]),  # libyaml's wording, or PyYAML's
    ("duplicate-key", GOOD + "    title: 又一个标题\n", {}, 10, ["duplicate key 'title'"]),
    ("python-tag", GOOD.replace("title: 文件甲", "title: !!python/object/apply:os.system [ls]"), {}, 4,
     ["invalid YAML", "python/object"]),
    ("empty-file", "", {}, None, ["expected a mapping, got nothing"]),
    ("list-at-top", "- doc-a\n", {}, 1, ["expected a mapping, got list"]),
    ("documents-not-list", "documents:\n  slug: doc-a\n", {}, 1, ["'documents' must be list, got mapping"]),
    ("entry-not-mapping", GOOD + "  - doc-c\n", {}, 10, ["documents[3]", "expected a mapping, got text"]),
    ("title-is-list", GOOD.replace("title: 文件甲", "title: [文件, 甲]"), {}, 4, ["'title' must be text, got list"]),
    ("title-is-bool", GOOD.replace("title: 文件甲", "title: yes"), {}, 4, ["'title' must be text, got true/false"]),
    ("title-empty", GOOD.replace("title: 文件甲", "title: ''"), {}, 4, ["'title' must not be empty"]),
    ("aliases-not-list", GOOD + "    aliases: 别名\n", {}, 10, ["'aliases' must be list, got text"]),
    ("date-not-a-date", GOOD + "    date: soon\n", {}, 10, ["'date' 'soon' is not a date"]),
    ("date-not-in-calendar", GOOD + "    date: 2023-02-30\n", {}, 10, ["'2023-02-30' is not a date"]),
    ("unknown-key", GOOD.replace("title: 文件甲", "titel: 文件甲"), {}, 4, ["unknown key 'titel'", "did you mean 'title'"]),
    ("unknown-top-key", "document:\n" + DOC_A, {}, 1, ["unknown key 'document'", "did you mean 'documents'"]),
    ("missing-key", GOOD.replace("    jurisdiction: 国家\n", "", 1), {}, 2, ["missing required key 'jurisdiction'"]),
    # a jurisdiction's name is on every page: no blank, no control or invisible characters
    ("jurisdiction-blank", GOOD.replace("jurisdiction: 国家", "jurisdiction: '  '", 1), {}, 5, ["'jurisdiction' must not be"]),
    ("jurisdiction-line-break", GOOD.replace("jurisdiction: 国家", 'jurisdiction: "广东\\n省"', 1), {}, 5,
     ["control or invisible character (U+000A)"]),
    ("jurisdiction-rtl-override", GOOD.replace("jurisdiction: 国家", 'jurisdiction: "\\u202e省东广"', 1), {}, 5,
     ["U+202E"]),
    ("jurisdictions-zero-width", "jurisdictions: [国家, \"\\u200b\"]\n" + GOOD, {}, 1, ["'jurisdictions'", "U+200B"]),
    ("duplicate-slug", GOOD.replace("slug: doc-b", "slug: doc-a"), {}, 6,
     ["duplicate slug 'doc-a' (first at line 2)", "own slug"]),
    ("slug-parent-dir", GOOD.replace("slug: doc-a", "slug: ../doc-a"), {}, 2, ["'../doc-a' is not a valid slug"]),
    ("slug-slash", GOOD.replace("slug: doc-a", "slug: doc/a"), {}, 2, ["'doc/a' is not a valid slug"]),
    ("slug-upper-case", GOOD.replace("slug: doc-a", "slug: Doc-A"), {}, 2, ["'Doc-A' is not a valid slug"]),
    ("slug-chinese", GOOD.replace("slug: doc-a", "slug: 文件甲"), {}, 2, ["'文件甲' is not a valid slug"]),
    ("slug-final-newline", GOOD.replace("slug: doc-a", 'slug: "doc-a\\n"'), {}, 2, ["'doc-a\\n' is not a valid slug"]),
    # the site's own pages and files: /report/ would be replaced by the document or replace it
    ("slug-reserved", GOOD.replace("slug: doc-b", "slug: report"), {}, 6,
     ["'report' is reserved", "the site's own /report/", "choose another slug"]),
    ("slug-reserved-file", GOOD.replace("slug: doc-b", "slug: 404"), {}, 6, ["'404' is reserved", "/404.html"]),
    ("slug-reserved-upper-case", GOOD.replace("slug: doc-b", "slug: Report"), {}, 6,
     ["'Report' is reserved", "/report/"]),  # the same folder on a case-insensitive file system
    ("slug-reserved-full-width", GOOD.replace("slug: doc-b", "slug: ｄａｔａ"), {}, 6, ["'ｄａｔａ' is reserved", "/data/"]),
    ("relation-unknown-document", GOOD + "    relations:\n      implements: [doc-c]\n", {}, 11,
     ["relation 'implements' names unknown document 'doc-c'", "did you mean 'doc-"]),
    ("relation-unknown-kind", GOOD + "    relations:\n      implement: [doc-a]\n", {}, 11,
     ["unknown relation 'implement'", "did you mean 'implements'"]),
    ("relation-not-slugs", GOOD + "    relations:\n      implements: 5\n", {}, 11, ["must list document slugs"]),
    ("source-missing", GOOD.replace("source: b.txt", "source: c.txt"), {}, 7,
     ["source file 'c.txt' not found", "add the file to seeds/"]),
    ("source-is-a-path", GOOD.replace("source: b.txt", "source: ../b.txt"), {}, 7,
     ["must be a file name inside the seeds folder"]),
    ("source-listed-twice", GOOD.replace("source: b.txt", "source: a.txt"), {}, 7, ["'a.txt' is listed twice"]),
    ("topics-empty-keywords", GOOD, {"topics": TOPIC + "  - slug: brands\n    name: 品牌\n    keywords: []\n"}, 7,
     ["topics.yml", "topics[2]", "'keywords' must not be empty"]),
    ("topics-keywords-missing", GOOD, {"topics": TOPIC + "  - slug: brands\n    name: 品牌\n"}, 5,
     ["missing required key 'keywords'"]),
    ("topics-bad-slug", GOOD, {"topics": TOPIC.replace("metrology", "Metrology")}, 2, ["not a valid slug"]),
    # topics/index.md lists the topics: a topic called index would take its place
    ("topics-slug-index", GOOD, {"topics": TOPIC.replace("metrology", "index")}, 2,
     ["topics[1]", "'index' is the name of the page that lists them all"]),
    ("agencies-slug-index", GOOD, {"agencies": "agencies:\n  - name: 省质监局\n  - name: 省工商局\n    slug: index\n"}, 4,
     ["agencies[2]", "'index' is the name of the page that lists them all"]),
    ("agencies-name-makes-slug-index", GOOD, {"agencies": "agencies:\n  - name: Index\n"}, 2,
     ["agencies[1]: the slug made from its name", "give the agency a 'slug'"]),
    ("chrome-bad-regex", GOOD, {"chrome": "rules:\n  - name: broken\n    pattern: '(unclosed'\n"}, 3,
     ["chrome.yml", "bad regular expression"]),
]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return write_seeds(tmp_path_factory.mktemp("seeds"), SEEDS)


@pytest.fixture
def previous_site(tmp_path):
    """A site/ from an earlier build: a config error must leave every byte of it alone."""
    site = tmp_path / "site"
    (site / "doc-a").mkdir(parents=True)
    (site / SITE_MARKER).write_text("{}", encoding="utf-8")
    (site / "index.html").write_text("<p>previous build</p>", encoding="utf-8")
    (site / "doc-a" / "index.html").write_text("<p>previous doc-a</p>", encoding="utf-8")
    return site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("documents_yml, files, line, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_config_error_stops_the_build_with_file_and_line(tmp_path, seeds, previous_site, documents_yml, files, line,
                                                         words):
    before = snapshot(previous_site)
    config = make_config(tmp_path / "config", documents_yml, **files)
    built = run_build(tmp_path, seeds, config)
    assert built.exit_code == 2, built.stderr
    errors = [e for e in built.stderr.splitlines() if e.startswith("error: ")]
    assert len(errors) == 1, built.stderr
    culprit = next(name for name in ("topics", "agencies", "chrome", "documents") if name in files or name == "documents")
    where = f"error: {config / culprit}.yml" + (f":{line}: " if line else ": ")
    assert errors[0].startswith(where), errors[0]
    for word in words:  # a tuple: any one of its wordings
        assert any(w in errors[0] for w in ((word,) if isinstance(word, str) else word)), errors[0]
    assert snapshot(previous_site) == before, "site/ must not be touched"
    made = set(os.listdir(tmp_path / "build")) if (tmp_path / "build").exists() else set()
    assert made <= {BUILD_MARKER, LOCK_NAME}, "nothing generated before the config is valid"


def test_every_case_above_is_fine_once_repaired(tmp_path, seeds):
    config = make_config(tmp_path / "config", GOOD, topics=TOPIC)
    built = run_build(tmp_path, seeds, config)
    assert built.exit_code == 0, built.stderr
    assert (built.site / "doc-a" / "index.html").is_file() and (built.site / "doc-b" / "index.html").is_file()


def test_documents_yml_that_is_not_utf8_names_the_line(tmp_path, seeds, previous_site):
    config = make_config(tmp_path / "config")
    (config / "documents.yml").write_bytes(GOOD.encode("gbk"))
    built = run_build(tmp_path, seeds, config)
    assert built.exit_code == 2
    assert f"error: {config / 'documents.yml'}:4: not UTF-8" in built.stderr and "save the file as UTF-8" in built.stderr


@pytest.mark.parametrize("what", ["config-folder", "mkdocs-yml", "mkdocs-yml-invalid"])
def test_missing_or_broken_settings_files_are_config_errors(tmp_path, seeds, previous_site, what):
    config = make_config(tmp_path / "config", GOOD)
    mkdocs_yml = ROOT / "mkdocs.yml"
    if what == "config-folder":
        config = tmp_path / "no-such-config"
    elif what == "mkdocs-yml":
        mkdocs_yml = tmp_path / "no-such-mkdocs.yml"
    else:
        mkdocs_yml = tmp_path / "mkdocs.yml"
        mkdocs_yml.write_text("site_name: [unclosed\n", encoding="utf-8")
    before = snapshot(previous_site)
    built = run_build(tmp_path, seeds, config, mkdocs_yml)
    assert built.exit_code == 2, built.stderr
    missing = config if what == "config-folder" else mkdocs_yml
    assert built.stderr.startswith(f"error: {missing}")
    assert snapshot(previous_site) == before


# --------------------------------------------------------------------------- YAML that would hang or crash a reader
def alias_bomb(levels: int, indent: str = "") -> str:
    """A "billion laughs": each level lists the one before nine times, so the last one stands
    for 9**levels values while the file stays a few lines long."""
    lines = [f'{indent}l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for k in range(1, levels):
        lines.append(f"{indent}l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BOMB_LINE = 6  # the line whose aliases pass MAX_ALIASED_VALUES (9**6 > 100,000), counted in the extra: block


@pytest.mark.parametrize("text, line, words", [
    (alias_bomb(9), BOMB_LINE, ["aliases repeat more than 100,000 values", "*l4"]),
    ("a: &x [1, *x]\n", 1, ["alias *x is inside its own anchor &x"]),
    ("a: " + "[" * 1000 + "]" * 1000 + "\n", 1, ["nested more than 100 levels deep"]),
    ("a: " + "[" * 200_000 + "]" * 200_000 + "\n", 1, ["nested more than 100 levels deep"]),  # crashed libyaml
    ("".join(" " * i + f"k{i}:\n" for i in range(1000)), 101, ["nested more than 100 levels deep"]),
    ("? !!set {a, b}\n: 1\n", 1, ["set values are not settings"]),
    ("? [a, b]\n: 1\n", 1, ["a key must be a name"]),
], ids=["alias-bomb", "recursive-alias", "deep-flow", "very-deep-flow", "deep-block", "set-as-key", "list-as-key"])
def test_yaml_that_would_hang_or_crash_a_reader_is_refused_with_its_line(tmp_path, text, line, words):
    path = tmp_path / "hostile.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        load_yaml(path)
    assert (refused.value.file, refused.value.line) == (str(path), line)
    assert refused.value.hint
    for word in words:
        assert word in refused.value.message


def mkdocs_with_extra(tmp_path: Path, extra: str) -> Path:
    mkdocs_yml = tmp_path / "mkdocs.yml"
    mkdocs_yml.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "extra:\n" + extra, encoding="utf-8")
    return mkdocs_yml


def test_alias_bomb_in_mkdocs_yml_stops_the_build(tmp_path, seeds, previous_site):
    before = snapshot(previous_site)
    mkdocs_yml = mkdocs_with_extra(tmp_path, alias_bomb(7, "  "))
    built = run_build(tmp_path, seeds, make_config(tmp_path / "config", GOOD), mkdocs_yml)
    assert built.exit_code == 2, built.stderr
    base = len((ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()) + 1
    assert built.stderr.startswith(f"error: {mkdocs_yml}:{base + BOMB_LINE}: aliases repeat"), built.stderr
    assert snapshot(previous_site) == before


def test_alias_bomb_stops_the_offline_build(tmp_path, seeds):
    config = make_config(tmp_path / "config", GOOD)
    mkdocs_yml = bombed = mkdocs_with_extra(tmp_path, alias_bomb(7, "  "))
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = offline_main(["--seeds", str(seeds), "--config", str(config), "--out", str(tmp_path / "site-offline"),
                             "--build-dir", str(tmp_path / "build-offline"), "--mkdocs", str(mkdocs_yml)])
    assert code == 2, err.getvalue()
    assert f"error: {bombed}:" in err.getvalue() and "aliases repeat" in err.getvalue()


@pytest.mark.parametrize("text", ["- site_name: x\n", "just text\n"])
def test_mkdocs_yml_that_is_not_a_mapping_stops_the_build(tmp_path, seeds, text):
    mkdocs_yml = tmp_path / "mkdocs.yml"
    mkdocs_yml.write_text(text, encoding="utf-8")
    built = run_build(tmp_path, seeds, make_config(tmp_path / "config", GOOD), mkdocs_yml)
    assert built.exit_code == 2
    assert built.stderr.startswith(f"error: {mkdocs_yml}:1: expected a mapping of settings"), built.stderr


def test_a_jurisdiction_written_with_spaces_around_is_the_same_jurisdiction(tmp_path):
    path = tmp_path / "documents.yml"
    path.write_text("jurisdictions: [' 海南省', 国家]\n" + GOOD.replace("jurisdiction: 国家", "jurisdiction: '海南省 '", 1),
                    encoding="utf-8")
    metas, jurisdictions = load_documents(path, None)
    assert [m.jurisdiction for m in metas] == ["海南省", "国家"] and jurisdictions == ["海南省", "国家"]


@pytest.mark.parametrize("line, site_url, warned", [
    ("site_url: https://policy.example.org/", "https://policy.example.org/", "'https://policy.example.org/' is a placeholder"),
    ("site_url: http://localhost:8000/", "http://localhost:8000/", "is a placeholder"),
    ("site_url: https://zhiliang.gd.gov.cn/", "https://zhiliang.gd.gov.cn/", None),
    ("site_url: https://zhiliang.gd.gov.cn/", "https://docs.example.com/", "is a placeholder"),  # --site-url given
    ("site_url: https://policy.example.org/", "https://zhiliang.gd.gov.cn/", None),  # --site-url given
    ("repo_url: https://zhiliang.gd.gov.cn/", None, "site_url is not set"),
])
def test_a_site_address_readers_cannot_follow_is_a_warning_at_its_line(tmp_path, line, site_url, warned):
    """Citations, the sitemap and canonical links name site_url: a placeholder or none is said, not built silently."""
    mkdocs_yml = tmp_path / "mkdocs.yml"
    mkdocs_yml.write_text(f"site_name: 文库\n{line}\n", encoding="utf-8")
    warnings = site_address_warnings(mkdocs_yml, load_yaml(mkdocs_yml), site_url)
    if warned is None:
        assert warnings == []
        return
    [warning] = warnings
    assert warned in warning.message and "set site_url in mkdocs.yml" in warning.hint
    assert warning.location() == (f"{mkdocs_yml}:2" if line.startswith("site_url") else str(mkdocs_yml))


@pytest.mark.parametrize("setting, words", [
    ("site_url: [https://a.gov.cn/]", "site_url: expected an address or a path (text)"),
    ("site_url: 12345", "site_url: expected an address or a path (text)"),
    ("site_url: https://[bad/", "is no address"),
    ("site_url: https://a.gov.cn/#frag", "without ? or #"),
    ("site_url: /relative/path/", "not an http(s) address"),
    ("repo_url: https://github.com/x/y", "repo_url: Material would ask the forge's API"),
    ("extra: {analytics: {provider: google, property: G-X}}", "extra.analytics: an analytics script"),
    ("theme: {name: material, font: {text: Roboto}}", "theme.font: Material would load the font from Google Fonts"),
    ("theme: {name: material, favicon: 'fav.png\" onload=\"alert(1)'}", "theme.favicon:"),
    ("theme: {name: material, logo: 'https://cdn.example.com/logo.png'}", "theme.logo: 'https://cdn.example.com/logo.png' is on another site"),
    ("theme: {name: []}", "theme.name: []: the site is built for material"),
    ("markdown_extensions: [{}]", "markdown_extensions: {} is neither a name"),
    ("INHERIT: /tmp/other.yml", "INHERIT: settings from another file"),
    ("hooks: [/tmp/hook.py]", "hooks: Python files MkDocs runs"),
    ("theme: {name: mkdocs}", "theme.name: 'mkdocs': the site is built for material"),
    ("theme: {name: material, direction: 'ltr\"><script>x</script>'}", "theme.direction: holds < >"),
    ("theme: {name: material, icon: {admonition: {'note:red}</style><script>': x}}}", "theme.icon.admonition"),
    ("extra: {consent: {cookies: {'x\"><script>': y}}}", "extra.consent.cookies"),
    ("extra: {polyfills: ['https://evil.example.net/p.js']}", "extra.polyfills[1]: 'https://evil.example.net/p.js' is on another site"),
    ("extra: {offline_search: 'https://evil.example.net/r.js'}", "extra.offline_search: 'https://evil.example.net/r.js' is on another site"),
    ("extra: {social: 5}", "extra.social: expected a list"),
], ids=["list", "number", "bad-ipv6", "fragment", "relative", "repo-url", "analytics", "font", "favicon", "logo",
        "theme-name", "empty-extension", "inherit", "hooks", "other-theme", "theme-markup", "theme-key-markup",
        "extra-key-markup", "polyfills", "offline-search", "social-not-list"])
def test_settings_that_would_break_out_of_a_page_or_load_from_outside_are_refused(tmp_path, setting, words):
    """mkdocs.yml is input too: a value that would run script, make every page ask another site,
    or crash MkDocs stops the build at its line (BuildError, exit 2), before anything is written."""
    mkdocs_yml = tmp_path / "mkdocs.yml"
    mkdocs_yml.write_text(f"site_name: 文库\n{setting}\n", encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        check_site_settings(mkdocs_yml, load_yaml(mkdocs_yml))
    assert words in refused.value.message and refused.value.line == 2 and refused.value.hint


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_a_config_file_that_is_no_regular_file_is_refused_not_waited_on(tmp_path, kind):
    path = tmp_path / "topics.yml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(BuildError) as refused:
        load_yaml(path)
    assert "not a regular file" in refused.value.message


@pytest.mark.parametrize("pattern", ["a{99999999999}", "(" * 2000 + "a" + ")" * 2000])
def test_a_chrome_pattern_python_cannot_compile_is_refused_at_its_line(tmp_path, pattern):
    with pytest.raises(BuildError) as refused:
        compile_pattern(tmp_path / "chrome.yml", pattern, 7, "rules[1].pattern")
    assert refused.value.line == 7 and "bad regular expression" in refused.value.message


@pytest.mark.parametrize("site_url", ["https://[bad/", "https://a.gov.cn/\" onload=\"x", "https://a b/", "ftp://a.gov.cn/",
                                      "http://127.0.0.1:8000/"])
def test_the_offline_copy_s_site_url_is_checked_as_an_argument(tmp_path, seeds, capsys, site_url):
    with pytest.raises(SystemExit) as stopped:
        offline_main(["--seeds", str(seeds), "--config", str(make_config(tmp_path / "config", GOOD)),
                      "--out", str(tmp_path / "site-offline"), "--site-url", site_url])
    assert stopped.value.code == 2 and "--site-url: " in capsys.readouterr().err
    assert not (tmp_path / "site-offline").exists()


@pytest.mark.parametrize("value, words", [
    ("!!set {a, b}", "set values are not settings"),
    ("!!binary aGVsbG8=", "binary values are not settings"),
    ('"a\\u0000b"', "control character U+0000"),
    ('"a\\u009b2Jb"', "control character U+009B"),
    ('"a\\u202eb"', "control character U+202E"),
])
def test_a_title_that_is_no_plain_text_is_refused_at_its_line(tmp_path, value, words):
    """A set's order changes between runs, bytes are no title, a NUL would go raw into the page."""
    path = tmp_path / "documents.yml"
    path.write_text(f"documents:\n  - slug: a\n    title: {value}\n", encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        load_yaml(path)
    assert refused.value.line == 3 and words in refused.value.message


def test_a_slug_too_long_for_a_folder_name_is_refused_at_its_line(tmp_path):
    path = tmp_path / "documents.yml"
    path.write_text(f"documents:\n  - slug: {'a' * 300}\n    source: a.txt\n    title: 甲\n", encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        load_documents(path, None)
    assert refused.value.line == 2 and "a slug of 300 characters: at most 100" in refused.value.message
