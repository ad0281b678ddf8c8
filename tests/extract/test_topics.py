from pathlib import Path

from builder.extract.topics import TopicTagger, topics_a_to_z
from builder.config import load_topics
from builder.model import HEADING, PARAGRAPH, Topic
from tests.xref_docs import clause, document

CONFIG = Path(__file__).resolve().parents[2] / "site_config"


def test_site_topics_load_and_cover_the_required_subjects():
    topics = load_topics(CONFIG / "topics.yml")
    names = {t.name for t in topics}
    assert 15 <= len(topics) <= 25
    assert {"计量", "标准化", "认证认可", "检验检测", "品牌建设", "食品药品安全", "工程质量", "服务质量",
            "质量人才", "绿色低碳", "数字化与智慧监管", "知识产权", "消费者权益", "国际合作",
            "质量基础设施", "产业链与产业集群", "组织保障"} <= names


TOPICS = [Topic("metrology", "计量", ("计量", "校准")),
          Topic("testing", "检验检测", ("检验检测", "检测"))]


def tags_of(doc):
    return {(t.anchor, t.topic): t for t in TopicTagger(TOPICS).tag(doc)}


def test_run_in_heading_and_its_body_are_tagged_once_as_a_section():
    doc = document("d", [
        clause("s2-5", HEADING, "建设现代化计量保障体系。", number="（五）", title="建设现代化计量保障体系"),
        clause("s2-5-p1", PARAGRAPH, "布局重点实验室。" * 20, parent="s2-5"),
    ])
    assert list(tags_of(doc)) == [("s2-5", "metrology")]


def test_one_passing_mention_in_a_long_text_is_not_a_topic_but_two_are():
    filler = "构建标准体系，促进标准与政策融合。" * 10
    doc = document("d", [
        clause("p1", PARAGRAPH, filler + "开展检测。"),
        clause("p2", PARAGRAPH, filler + "开展检验检测，加强计量，完善校准。"),
        clause("p3", PARAGRAPH, "加强计量。"),
    ])
    tags = tags_of(doc)
    assert set(tags) == {("p2", "metrology"), ("p3", "metrology")}
    assert tags[("p2", "metrology")].keywords == ("计量", "校准")
    assert "加强计量" in tags[("p2", "metrology")].snippet


def test_longest_keyword_wins_so_one_phrase_counts_once():
    doc = document("d", [clause("p1", PARAGRAPH, "建设检验检测体系。" + "其他内容。" * 30)])
    assert tags_of(doc) == {}


def test_a_to_z_index_is_in_pinyin_order():
    topics = [Topic("b", "标准化", ("x",)), Topic("j", "计量", ("y",)), Topic("p", "品牌建设", ("z",)),
              Topic("g", "工程质量", ("w",)), Topic("jy", "检验检测", ("v",))]
    assert [(letter, [t.name for t in group]) for letter, group in topics_a_to_z(topics)] == [
        ("B", ["标准化"]), ("G", ["工程质量"]), ("J", ["计量", "检验检测"]), ("P", ["品牌建设"])]
