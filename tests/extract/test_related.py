import heapq
import math
import os
import random
from collections import Counter, defaultdict

import numpy as np

from builder import parallel
from builder.extract import related
from builder.extract.related import (
    CANDIDATES, POSTING_LIMIT, QUERY_TERMS, RELATED_MIN_TOKENS, SectionTokens, SimilarityIndex, alignments,
    document_tokens, related_sections, tokenize,
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
    [alignment] = alignments(index, "implements", [("guangdong", "national")])
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
    assert alignments(tokenized, "implements", [("guangdong", "national")]) == \
        alignments(from_cache, "implements", [("guangdong", "national")])


# The plain definition, one section at a time, as the index computed it before it was
# vectorised: the index must give the same floats, not only the same rounded scores.

def _plain_vector(counts, idf):
    raw = {t: (1 + math.log(c)) * idf[t] for t, c in counts.items() if idf[t] > 0}
    norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
    weights = {t: w / norm for t, w in raw.items()}
    return weights, heapq.nlargest(QUERY_TERMS, weights, key=weights.get)


def _plain_dot(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def plain_similarity(docs, tokens, queries, candidates, limit, threshold, blocks):
    term_ids = {}
    counts = [Counter(term_ids.setdefault(t, len(term_ids)) for t in tok.text) for tok in tokens]
    title_counts = [Counter(term_ids.setdefault(t, len(term_ids)) for t in tok.title) for tok in tokens]
    idf = dict(enumerate(related.IdfTable.jieba()(term_ids).tolist()))  # jieba's table: a word's idf is the word's alone
    vectors = [_plain_vector(c, idf) for c in counts]
    titles = [_plain_vector(c, idf)[0] for c in title_counts]
    postings = defaultdict(list)
    for i, (weights, _) in enumerate(vectors):
        for term, weight in weights.items():
            postings[term].append((weight, i))
    postings = {term: heapq.nlargest(POSTING_LIMIT, plist) for term, plist in postings.items()}
    found = []
    for i in queries:
        weights, strongest = vectors[i]
        accumulated = defaultdict(float)
        for term in strongest:
            for weight, j in postings[term]:
                if j != i and candidates[j] and docs[j] != docs[i]:
                    accumulated[j] += weights[term] * weight
        shortlist = heapq.nlargest(CANDIDATES, accumulated, key=accumulated.get)
        scored = [(j, _plain_dot(weights, vectors[j][0])) for j in shortlist]
        best = sorted([(j, s) for j, s in scored if s >= threshold], key=lambda p: -p[1])[:limit]
        found.extend((i, j, s) for j, s in best)

    def pair_score(i, j):
        text = _plain_dot(vectors[i][0], vectors[j][0])
        a, b = titles[i], titles[j]
        return max(text, (text + _plain_dot(a, b)) / 2) if a and b else text
    return found, [[[pair_score(i, j) for j in right] for i in left] for left, right in blocks]


def tied_library(rng, n=700):
    """Sections over a small vocabulary, a fifth of them copied into another document: equal
    weights, equal accumulated products and equal cosines are common, and champion lists fill."""
    words = [a + b for a in "质量标准计量认证检测品牌" for b in "工程服务人才体系企业市场"]
    docs, tokens = [], []
    for i in range(n):
        doc = f"d{i % 35}"
        if i >= 100 and rng.random() < 0.2:
            tok = tokens[rng.randrange(i)]
        else:
            tok = SectionTokens(tuple(rng.choices(words[:rng.randint(20, len(words))], k=rng.randint(3, 40))),
                                tuple(rng.sample(words, rng.randint(0, 3))))
        docs.append(doc)
        tokens.append(tok)
    return [section(doc, f"p{i}", "") for i, doc in enumerate(docs)], tokens


def test_vectorised_scores_are_those_of_the_plain_definition_bit_for_bit(monkeypatch):
    rng = random.Random(11)
    secs, tokens = tied_library(rng)
    docs = [s.doc for s in secs]
    candidates = np.array([len(t.text) >= RELATED_MIN_TOKENS for t in tokens])
    queries = np.flatnonzero(candidates)
    blocks = [(list(range(d, len(secs), 35)), list(range(d + 1, len(secs), 35))) for d in range(0, 34, 5)]
    expected = plain_similarity(docs, tokens, queries.tolist(), candidates, 5, 0.25, blocks)

    index = SimilarityIndex(secs, tokens)
    assert (index.most_similar(queries, candidates, 5, 0.25), index.pair_scores(blocks)) == expected
    assert len(expected[0]) > len(queries)  # the comparison is not empty

    # the same floats whatever the batch sizes
    monkeypatch.setattr(related, "_POSTINGS_PER_BATCH", 7 * QUERY_TERMS * POSTING_LIMIT)
    monkeypatch.setattr(related, "_TABLE_CELLS", 3 * index.vectors.term_count)
    monkeypatch.setattr(related, "_PAIRS_PER_BATCH", 50)
    index = SimilarityIndex(secs, tokens)
    assert (index.most_similar(queries, candidates, 5, 0.25), index.pair_scores(blocks)) == expected


def test_queries_shared_between_forked_processes_give_the_same_result(monkeypatch):
    rng = random.Random(11)
    secs, tokens = tied_library(rng)
    candidates = np.array([len(t.text) >= RELATED_MIN_TOKENS for t in tokens])
    queries = np.flatnonzero(candidates)
    alone = SimilarityIndex(secs, tokens)
    expected = alone.most_similar(queries, candidates, 5, 0.25), alone.pairs_accumulated, alone.pairs_scored

    monkeypatch.setattr(parallel, "cores", lambda: 3)
    monkeypatch.setattr(related, "_QUERIES_PER_PROCESS", 10)
    parts = parallel.map_parts(lambda part: (os.getpid(), part.tolist()), queries, related._QUERIES_PER_PROCESS)
    assert len(parts) == 3 and os.getpid() not in {pid for pid, _ in parts}
    assert [q for _, part in parts for q in part] == queries.tolist()  # every query, in order
    shared = SimilarityIndex(secs, tokens)
    assert (shared.most_similar(queries, candidates, 5, 0.25), shared.pairs_accumulated, shared.pairs_scored) \
        == expected


def test_idf_is_jiebas_table_and_its_median_for_a_word_it_lacks():
    fields = related.IDF_TABLE.read_text(encoding="utf-8").split()
    expected = dict(zip(fields[::2], map(float, fields[1::2])))
    table = related.IdfTable.jieba()
    assert table.median == sorted(expected.values())[len(expected) // 2]
    words = ["质量", "计量", "合格率", "质量强国", "GB3838-2002", "中华人民共和国国务院办公厅关于印发质量发展纲要的通知"]
    assert table(words).tolist() == [expected.get(w, table.median) for w in words]
    assert "质量强国" not in expected and "质量" in expected  # both kinds are looked up
