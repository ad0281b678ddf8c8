import pytest

from builder.config import load_agencies, load_topics, pinyin_slug
from builder.model import BuildError


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pinyin_slug():
    assert pinyin_slug("省财政厅") == "sheng-cai-zheng-ting"


def test_agency_slug_defaults_to_pinyin_and_aliases_are_kept(tmp_path):
    path = write(tmp_path, "agencies.yml", "agencies:\n  - name: 省财政厅\n  - name: 工业和信息化部\n"
                 "    slug: miit\n    aliases: [工信部]\n")
    assert [(a.slug, a.name, a.aliases) for a in load_agencies(path)] == [
        ("sheng-cai-zheng-ting", "省财政厅", ()), ("miit", "工业和信息化部", ("工信部",))]


@pytest.mark.parametrize("text, line, words", [
    ("topics:\n  - slug: a\n    name: 甲\n", 2, "missing required key 'keywords'"),
    ("topics:\n  - slug: A b\n    name: 甲\n    keywords: [x]\n", 2, "not a valid slug"),
    ("topics:\n  - slug: a\n    name: 甲\n    keywords: []\n", 4, "'keywords' must not be empty"),
    ("topics:\n  - slug: a\n    name: 甲\n    keywords: [x]\n    colour: red\n", 5, "unknown key 'colour'"),
    ("topics:\n  - slug: a\n    name: 甲\n    keywords: [x]\n  - slug: b\n    name: 乙\n    keywords: [y, x]\n",
     7, "keyword 'x' is used by both '甲' and '乙'"),
    ("topics: [\n", 2, "invalid YAML"),
])
def test_topic_errors_name_file_line_and_key(tmp_path, text, line, words):
    path = write(tmp_path, "topics.yml", text)
    with pytest.raises(BuildError) as err:
        load_topics(path)
    assert err.value.file == str(path) and err.value.line == line and words in err.value.message


def test_alias_claimed_by_two_agencies_is_an_error(tmp_path):
    path = write(tmp_path, "agencies.yml", "agencies:\n  - name: 甲局\n    aliases: [甲]\n"
                 "  - name: 乙局\n    aliases: [甲]\n")
    with pytest.raises(BuildError, match="name or alias '甲' is used by both"):
        load_agencies(path)
