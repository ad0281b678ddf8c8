import random

from builder.extract.related import (
    CANDIDATES, POSTING_LIMIT, QUERY_TERMS, SectionTokens, SimilarityIndex, align, document_tokens,
    related_sections, tokenize,
)
from builder.extract.sections import Section, sections
from builder.model import HEADING, PARAGRAPH
from tests.xref_docs import clause, document


def section(doc, anchor, text, title=""):
    return Section(doc=doc, anchor=anchor, title=title, text=text, anchors=(anchor,))


def test_tokens_are_jieba_words_of_two_or_more_characters():
    assert tokenize("建设现代化计量保障体系，2025年。") == ["建设", "现代化", "计量", "保障体系"]


METROLOGY = "建设适应三大未来产业发展的产业计量测试中心，加强计量科技研发，完善地方计量技术规范，健全社会公用计量标准体系，加强民生计量器具强制检定。"
TALENT = "建设高素质专业化质量干部队伍，实施企业首席质量官制度，支持高等学校加强质量学科建设和专业设置，培养质量专业技术技能人才。"
BRANDS = "实施品牌建设工程，培育区域公用品牌、企业品牌和产品品牌，振兴老字号，持续办好中国品牌日活动，打造知名会展品牌。"


def test_related_sections_are_found_in_other_documents_only_and_above_threshold():
    index = SimilarityIndex([
        section("draft", "s2-5", METROLOGY), section("draft", "s2-9", TALENT),
        section("draft", "s3-12", BRANDS),
        section("news", "p2", "推动" + METROLOGY), section("news", "p3", TALENT + "鼓励人才参加访问学者项目。"),
        section("news", "p4", METROLOGY[:60]),  # same document as p2: never related to it
    ])
    related = {}
    for r in related_sections(index):  # best first for each section
        related.setdefault((r.doc, r.anchor), []).append((r.other_doc, r.other_anchor))
    assert related[("news", "p2")] == [("draft", "s2-5")]
    assert related[("news", "p3")] == [("draft", "s2-9")]
    assert related[("draft", "s2-5")][0] in {("news", "p2"), ("news", "p4")}
    assert ("draft", "s3-12") not in related  # nothing on brands elsewhere


def test_candidate_search_cost_per_section_does_not_grow_with_the_library():
    rng = random.Random(7)
    vocabulary = ["质量", "标准", "计量", "认证", "检测", "品牌", "工程", "服务", "人才", "绿色", "数字", "产业",
                  "监管", "安全", "创新", "基础", "设施", "体系", "企业", "政府", "市场", "国际", "合作", "消费"]
    vocabulary = [a + b for a in vocabulary for b in vocabulary if a != b][:400]

    def work(n):
        secs = [section(f"d{i % 50}", f"p{i}", "，".join(rng.sample(vocabulary, 30))) for i in range(n)]
        index = SimilarityIndex(secs)
        related_sections(index)
        return index.pairs_accumulated / n, index.pairs_scored / n

    n = 3000
    assert QUERY_TERMS * POSTING_LIMIT < n / 1.5  # the bound below is far from "every other section"
    for accumulated, scored in (work(300), work(n)):
        assert accumulated <= QUERY_TERMS * POSTING_LIMIT and scored <= CANDIDATES


def national_and_provincial():
    national = document("national", [
        clause("s3", HEADING, "推动经济质量效益型发展", number="三、", title="推动经济质量效益型发展"),
        clause("s3-3", HEADING, "增强质量发展创新动能。", number="(三)", title="增强质量发展创新动能", parent="s3"),
        clause("s3-3-p1", PARAGRAPH, "建立政产学研用深度融合的质量创新体系，协同开展质量领域技术、管理、制度创新。", parent="s3-3"),
        clause("s3-4", HEADING, "树立质量发展绿色导向。", number="(四)", title="树立质量发展绿色导向", parent="s3"),
        clause("s3-4-p1", PARAGRAPH, "开展重点行业和重点产品资源效率对标提升行动，加快低碳零碳负碳关键核心技术攻关。", parent="s3-4"),
        clause("s3-5", HEADING, "强化质量发展利民惠民。", number="(五)", title="强化质量发展利民惠民", parent="s3"),
        clause("s3-5-p1", PARAGRAPH, "开展质量惠民行动，顺应消费升级趋势，推动企业加快产品创新、服务升级、质量改进。", parent="s3-5"),
    ])
    provincial = document("guangdong", [
        clause("s2", HEADING, "推动经济质量效益型发展", number="二、", title="推动经济质量效益型发展"),
        clause("s2-3", HEADING, "增强质量发展创新动能。", number="（三）", title="增强质量发展创新动能", parent="s2"),
        clause("s2-3-p1", PARAGRAPH, "建立政产学研用深度融合的质量创新体系。推进广东质量创新。", parent="s2-3"),
        clause("s2-4", HEADING, "打造湾区质量合作平台。", number="（四）", title="打造湾区质量合作平台", parent="s2"),
        clause("s2-4-p1", PARAGRAPH, "深化粤港澳大湾区计量、标准、认证互认合作。", parent="s2-4"),
        clause("s2-5", HEADING, "强化质量发展利民惠民。", number="（五）", title="强化质量发展利民惠民", parent="s2"),
        clause("s2-5-p1", PARAGRAPH, "顺应消费升级趋势，推动企业加快产品创新、服务升级、质量改进。", parent="s2-5"),
    ])
    return national, provincial


def test_alignment_matches_sections_in_order_and_marks_the_unmatched():
    national, provincial = national_and_provincial()
    index = SimilarityIndex(sections(provincial) + sections(national))
    alignment = align(index, "implements", "guangdong", "national")
    assert [(r.left, r.right) for r in alignment.rows] == [
        ("s2", "s3"), ("s2-3", "s3-3"), ("s2-4", None), (None, "s3-4"), ("s2-5", "s3-5")]
    assert all(r.score > 0.2 for r in alignment.rows if r.left and r.right)


def test_document_tokens_can_stand_in_for_tokenizing():
    national, provincial = national_and_provincial()
    secs = sections(provincial) + sections(national)
    cached = document_tokens(provincial) + document_tokens(national)
    assert cached[0] == SectionTokens(text=("推动", "经济", "质量", "效益型", "发展"),
                                      title=("推动", "经济", "质量", "效益型", "发展"))
    tokenized, from_cache = SimilarityIndex(secs), SimilarityIndex(secs, cached)
    assert related_sections(tokenized) == related_sections(from_cache)
    assert align(tokenized, "implements", "guangdong", "national") == \
        align(from_cache, "implements", "guangdong", "national")
