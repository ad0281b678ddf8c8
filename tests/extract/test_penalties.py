"""罚则: the fines a law's clauses set (builder/extract/penalties.py), found and shown on its page."""
from __future__ import annotations

from builder.extract.penalties import Penalty, find_penalties
from builder.model import Facts
from builder.render import environment
from tests.xref_docs import clause, document

ARTICLE = "第五十七条"


def test_each_fine_of_a_clause_with_whom_it_fines():
    doc = document("law", [clause("a57", "article", "产品质量检验机构伪造检验结果的，责令改正，对单位处五万元以上十万元以下的罚款，"
                                                   "对直接负责的主管人员和其他直接责任人员处一万元以上五万元以下的罚款；")])
    assert find_penalties(doc) == [
        Penalty("law", "a57", "五万元以上十万元以下", "单位", "产品质量检验机构伪造检验结果的"),
        Penalty("law", "a57", "一万元以上五万元以下", "直接负责的主管人员和其他直接责任人员", "产品质量检验机构伪造检验结果的")]


def test_the_case_a_fine_is_for_and_a_fine_in_a_list_of_penalties():
    """处以 as well as 处; a fine listed after another penalty (并处警告，…的罚款); the nearest
    "…的" of its sentence is its case (a real 办法 and a municipal 条例, fifth out-of-sample round)."""
    doc = document("rule", [
        clause("a15", "article", "法律、法规未作规定的，由市场监督管理部门责令改正，可以单处或者并处警告，"
                                 "违法所得三倍以下、但最高不超过三万元的罚款，没有违法所得的，处以一万元以下的罚款。"),
        clause("a27-2", "item", "违反本条例第八条规定的，没收违法所得，可以处以违法所得一倍以上不满二倍的罚款；"
                                "情节严重的，处以违法所得二倍至三倍的罚款，可以吊销营业执照；"),
        clause("a30", "article", "对经营者的有关责任人员可以处以一万元以下的罚款。")])
    assert [(p.case, p.who, p.amount) for p in find_penalties(doc)] == [
        ("法律、法规未作规定的", "", "违法所得三倍以下、但最高不超过三万元"), ("没有违法所得的", "", "一万元以下"),
        ("违反本条例第八条规定的", "", "违法所得一倍以上不满二倍"), ("情节严重的", "", "违法所得二倍至三倍"),
        ("", "经营者的有关责任人员", "一万元以下")]


def test_an_aside_in_brackets_stays_in_the_amount_and_handling_is_no_fine():
    doc = document("law", [
        clause("a49", "article", "没收违法生产、销售的产品，并处违法生产、销售产品（包括已售出和未售出的产品，下同）"
                                 "货值金额等值以上三倍以下的罚款；有违法所得的，并处没收违法所得。"),
        clause("a50", "article", "由有关部门依法处理罚款事项。处理结果应当公开。")])
    assert [p.amount for p in find_penalties(doc)] == ["违法生产、销售产品（包括已售出和未售出的产品，下同）货值金额等值以上三倍以下"]


def test_the_product_quality_law_fines_are_found(corpus_docs):
    law = corpus_docs["32"]  # 中华人民共和国产品质量法
    found = find_penalties(law)
    article = next(c for c in law.clauses if c.number.strip() == ARTICLE)
    assert [(p.who, p.amount) for p in found if p.anchor == f"{article.anchor}-p1"] == [  # its first 款
        ("单位", "五万元以上十万元以下"), ("直接负责的主管人员和其他直接责任人员", "一万元以上五万元以下")]
    assert {p.case for p in found if p.anchor == f"{article.anchor}-p1"} == {"产品质量检验机构、认证机构伪造检验结果或者出具虚假证明的"}
    assert len(found) >= 10


def test_the_page_lists_them_escaped_and_linked_to_their_clause():
    penalties = [Penalty("law", "a57", "<b>五万元</b>|以下", "单位*", "情节[严重](x)的")]
    page = environment().get_template("partials/document_penalties.md.j2").render(
        facts=Facts(penalties=penalties), places={"a57": "第五十七条"})
    row = next(line for line in page.splitlines() if "a57" in line)
    assert "## 罚则 {: #penalties }" in page and "[第五十七条](#a57)" in row
    assert "<b>" not in row and "[严重](x)" not in row and row.count("|") == 5  # the source's "|" and markup are text
    assert environment().get_template("partials/document_penalties.md.j2").render(
        facts=Facts(penalties=[]), places={}).strip() == ""
