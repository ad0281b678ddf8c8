"""The target reading rules, one sentence at a time, plus document context and config checks."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.config_targets import load_target_vocab
from builder.extract.target_text import read_milestones, read_targets
from builder.extract.targets import extract_targets
from builder.model import (HEADING, ITEM, PARAGRAPH, TITLE, BuildError, Clause, Document, DocumentMeta,
                           SourceText)

CONFIG = Path(__file__).resolve().parents[2] / "site_config"


@pytest.fixture(scope="module")
def vocab():
    return load_target_vocab(CONFIG)


def read(text, vocab):
    """(indicator, comparator, value, value_max, unit, qualifier, relation, year) per target."""
    return [(r.indicator, r.comparator, r.value, r.value_max, r.unit, r.qualifier, r.relation, r.year)
            for r in read_targets(text, vocab)]


def short(text, vocab):
    """(indicator, value, unit) per target, for rules that only concern what is read."""
    return [(r.indicator, r.value, r.unit) for r in read_targets(text, vocab)]


# --------------------------------------------------------------------------- hard cases
def test_shared_value_is_one_target_per_measure(vocab):
    text = "农产品质量安全例行监测合格率和食品抽检合格率均达到98%以上"
    assert read(text, vocab) == [
        ("农产品质量安全例行监测合格率", "达到", 98, None, "%", "以上", "at_least", None),
        ("食品抽检合格率", "达到", 98, None, "%", "以上", "at_least", None),
    ]


def test_shared_value_over_a_shared_head_repeats_the_head(vocab):
    assert short("二氧化硫和氮氧化物的减排比例均为0。", vocab) == [
        ("二氧化硫的减排比例", 0, ""), ("氮氧化物的减排比例", 0, "")]


def test_modifiers_before_one_measure_stay_one_target(vocab):
    assert short("蔬菜、水果、畜禽产品和产地水产品质量安全抽检合格率稳定在98%以上。", vocab) == [
        ("蔬菜、水果、畜禽产品和产地水产品质量安全抽检合格率", 98, "%")]


def test_paired_values_in_one_sentence(vocab):
    text = "主要城镇噪声功能区声环境昼间达标率为88%以上、夜间达标率为75%以上。"
    assert read(text, vocab) == [
        ("主要城镇噪声功能区声环境昼间达标率", "为", 88, None, "%", "以上", "at_least", None),
        ("夜间达标率", "为", 75, None, "%", "以上", "at_least", None),
    ]


def test_respectively_pairs_measures_with_values(vocab):
    assert short("花生种植、收获机械化率分别达到65%和55%。", vocab) == [
        ("花生种植机械化率", 65, "%"), ("收获机械化率", 55, "%")]
    assert [(r.indicator, r.value, r.relation) for r in read_targets(
        "二氧化硫、化学需氧量排放总量分别下降14.29%和12.45%。", vocab)] == [
        ("二氧化硫排放总量", 14.29, "decrease"), ("化学需氧量排放总量", 12.45, "decrease")]


def test_last_unit_completes_earlier_values_of_a_list(vocab):
    assert short("工业锅炉、窑炉平均运行效率比2010年分别提高5个和2个百分点。", vocab) == [
        ("工业锅炉运行效率", 5, "个百分点"), ("窑炉平均运行效率", 2, "个百分点")]


def test_range(vocab):
    assert read("各省级疾控中心每年制定2-3个常见病、多发病等临床路径。", vocab) == [
        ("常见病、多发病等临床路径", "制定", 2, 3, "个", "", "level", None)]


def test_decrease_is_a_change_not_a_level(vocab):
    [target] = read_targets("可吸入颗粒物（PM10）浓度下降3%。", vocab)
    assert (target.indicator, target.comparator, target.value, target.relation) == (
        "可吸入颗粒物（PM10）浓度", "下降", 3, "decrease")


def test_count_after_its_noun_with_hedged_verb(vocab):
    assert read("开展2017年高新技术企业的认定工作，力争完成新认定高新技术企业60家。", vocab) == [
        ("新认定高新技术企业", "力争完成", 60, None, "家", "", "level", None)]


def test_count_verb_carries_over_a_list(vocab):
    text = "力争全年认定海南省名牌产品28个以上，一批安全优质名牌农产品，海南省著名商标80个以上，“鲁班”奖工程2个。"
    assert read(text, vocab) == [
        ("海南省名牌产品", "力争认定", 28, None, "个", "以上", "at_least", None),
        ("海南省著名商标", "力争认定", 80, None, "个", "以上", "at_least", None),
        ("“鲁班”奖工程", "力争认定", 2, None, "个", "", "level", None),
    ]


def test_count_before_its_noun(vocab):
    assert short("建设100个资源综合利用示范基地、80个废旧商品回收体系示范城市。", vocab) == [
        ("资源综合利用示范基地", 100, "个"), ("废旧商品回收体系示范城市", 80, "个")]
    assert short("完成10家企业的申报发证工作。", vocab) == [("企业的申报发证工作", 10, "家")]


def test_index_without_unit(vocab):
    assert read("制造业质量竞争力指数达到86,服务业供给有效满足需要", vocab) == [
        ("制造业质量竞争力指数", "达到", 86, None, "", "", "level", None)]


def test_full_width_digits(vocab):
    assert short("食品抽检合格率达到９８．５％以上。", vocab) == [("食品抽检合格率", 98.5, "%")]


def test_baseline_is_not_a_target_but_the_change_after_it_is(vocab):
    text = "全国万元国内生产总值能耗下降到0.869吨标准煤，比2010年的1.034吨标准煤下降16%。"
    assert [(r.indicator, r.value, r.unit, r.relation) for r in read_targets(text, vocab)] == [
        ("全国万元国内生产总值能耗", 0.869, "吨标准煤", "at_most"),
        ("全国万元国内生产总值能耗", 16, "%", "decrease"),
    ]


# --------------------------------------------------------------------------- not targets
@pytest.mark.parametrize("text", [
    "到2025年，质量水平全面提高。",  # a year
    "按照《国务院关于印发〈中国制造2025〉的通知》（国发〔2015〕28号）要求，开展质量改进。",  # 文号
    "全省主要河流水质年均值达到《地表水环境质量标准》（GB3838-2002）Ⅲ类标准。",  # standard code
    "引导企业申请HACCP或ISO22000认证。",  # certification code
    "增强5G、超高清显示等领域产业技术优势。",  # product code
    "1.加强标准化建设。",  # list ordinal
    "“十四五”时期，推进质量强省建设。",  # period name
    "于2017年6月30日和12月5日前分别将工作总结报送办公室。",  # dates
    "完善海南省政府综合服务热线12345建设。",  # phone number
    "组织28个省级疾控中心完成长效疾控标准的制定和发布。",  # actors, not a goal
    "单机容量30万千瓦及以上燃煤机组全部加装脱硝设施。",  # a threshold qualifying a noun
    "对城市污水处理厂建成后实际处理水量达不到设计能力60%的地区，暂缓审批。",  # a condition
    "全国单位国内生产总值能耗降低19.1%，基本实现了“十一五”规划纲要确定的约束性目标。",  # achieved
    "上接01版",  # page chrome: a bare number with no verb
    "销售未取得生产许可证的列入目录产品的，责令改正，处5万元以上20万元以下的罚款。",  # a fine
    "处被动用、调换、转移、损毁财物价值5%以上20%以下的罚款。",  # a fine as a share
    "对抽检不合格产品依法在7天内完成核查处置。",  # a deadline
    "由2015年的92.1%提高到2020年的93.6%，取得了明显成效。",  # achieved
    "市质量奖每两年评审一次，每次获奖组织不超过10个，个人不超过5名。",  # an award's cap
    "对获得市质量奖的组织，给予一次性奖励50万元。",  # an award's sum
    "同一企业年度补助总额不超过100万元。",  # a subsidy's cap
    "评审结果公示期为7个工作日。",  # a period a rule sets
])
def test_not_a_target(text, vocab):
    assert read_targets(text, vocab) == []


# --------------------------------------------------------------------------- shapes of unseen texts
@pytest.mark.parametrize("text, expected", [
    # the share first, what it measures after it
    ("到2026年，全区70%以上的规模以上工业企业达到质量管理体系认证要求。",
     [("规模以上工业企业达到质量管理体系认证要求", "", 70, None, "%", "以上", "at_least", 2026)]),
    ("到2030年底，全省85%以上的行政村实现农产品质量安全网格化监管全覆盖。",
     [("行政村实现农产品质量安全网格化监管全覆盖", "", 85, None, "%", "以上", "at_least", 2030)]),
    ("得到国际承认的校准测量能力达到1400项以上，其中90%以上达到国际先进水平；",
     [("得到国际承认的校准测量能力", "达到", 1400, None, "项", "以上", "at_least", None),
      ("达到国际先进水平", "", 90, None, "%", "以上", "at_least", None)]),
    # 至 as well as 到
    ("至2025年，累计培育区级质量标杆企业15家以上。",
     [("区级质量标杆企业", "培育", 15, None, "家", "以上", "at_least", 2025)]),
    # a number inside the indicator's name stays in it
    ("城市建成区公园绿地服务半径500米范围内覆盖率达到90%以上。",
     [("城市建成区公园绿地服务半径500米范围内覆盖率", "达到", 90, None, "%", "以上", "at_least", None)]),
    # a hedge between the indicator and its verb belongs to the verb
    ("计量标准覆盖率力争达到90%以上，制修订地方标准300项以上。",
     [("计量标准覆盖率", "力争达到", 90, None, "%", "以上", "at_least", None),
      ("地方标准", "制修订", 300, None, "项", "以上", "at_least", None)]),
    # from a dated base to a dated target
    ("数字经济核心产业增加值占地区生产总值比重由2020年的7.8%提高到2025年的10%。",
     [("数字经济核心产业增加值占地区生产总值比重", "提高到", 10, None, "%", "", "level", 2025)]),
])
def test_shapes_seen_in_unseen_texts(text, expected, vocab):
    assert read(text, vocab) == expected


@pytest.mark.parametrize("text, expected", [
    # verbs joined to the count verb belong to what is counted; a lone count verb is the comparator
    ("全省主导和参与制定国际标准30项以上，主导制定国家标准和行业标准600项以上。",
     [("主导和参与制定国际标准", "", 30, None, "项", "以上", "at_least", None),
      ("主导制定国家标准和行业标准", "", 600, None, "项", "以上", "at_least", None)]),
    ("新建、改造社会公用计量标准20项，计量器具强制检定覆盖率保持100%。",
     [("新建、改造社会公用计量标准", "", 20, None, "项", "", "level", None),
      ("计量器具强制检定覆盖率", "保持", 100, None, "%", "", "level", None)]),
    # no count verb carried into an item whose verbs are its own
    ("新建社会公用计量标准40项，主导或参与制修订国家标准15项以上。",
     [("社会公用计量标准", "新建", 40, None, "项", "", "level", None),
      ("主导或参与制修订国家标准", "", 15, None, "项", "以上", "at_least", None)]),
    ("新建社会公用计量标准30项，复查计量标准100项。",
     [("社会公用计量标准", "新建", 30, None, "项", "", "level", None),
      ("计量标准", "复查", 100, None, "项", "", "level", None)]),
    # a count with a floor opens its own subject, as a share does
    ("推动200家以上规模以上工业企业开展计量能力提升。",
     [("规模以上工业企业开展计量能力提升", "", 200, None, "家", "以上", "at_least", None)]),
    # 年均 belongs to the verb; 累计 is no part of the indicator
    ("检验检测机构营业收入年均增长8%以上。",
     [("检验检测机构营业收入", "年均增长", 8, None, "%", "以上", "increase", None)]),
    ("团体标准发布数量累计达到200项。", [("团体标准发布数量", "达到", 200, None, "项", "", "level", None)]),
    ("每年检查集贸市场、加油站不少于300家次。",
     [("检查集贸市场、加油站", "不少于", 300, None, "家次", "", "at_least", None)]),
    # a bound on a length of time is a goal
    ("企业开办时间压缩至1个工作日以内。", [("企业开办时间", "压缩至", 1, None, "个工作日", "以内", "at_most", None)]),
    # a year opening a segment dates its value and names no indicator
    ("到2023年，重点领域标准实施评估覆盖率达到60%，2025年达到80%。",
     [("重点领域标准实施评估覆盖率", "达到", 60, None, "%", "", "level", 2023),
      ("重点领域标准实施评估覆盖率", "达到", 80, None, "%", "", "level", 2025)]),
    # an award named in a goal: only an award's sums and caps are no goals
    ("争创中国质量奖获奖企业2家。", [("中国质量奖获奖企业", "争创", 2, None, "家", "", "level", None)]),
])
def test_shapes_of_the_out_of_sample_texts(text, expected, vocab):
    assert read(text, vocab) == expected


def test_a_share_with_a_verb_before_it_is_an_ordinary_target(vocab):
    # "由60%提高到70%": 60 is no share opening its own subject (its segment goes on to a verb and 70)
    assert short("产品合格率由60%提高到70%。", vocab) == [("产品合格率", 70, "%")]


def test_a_target_stated_twice_in_a_clause_is_one_target(vocab):
    doc = make_doc("某市2024年质量工作要点", [
        ("p1", PARAGRAPH, None, "制造业产品质量合格率达到95%以上。确保制造业产品质量合格率达到95%以上。")])
    assert [(t.indicator, t.value) for t in extract_targets(doc, vocab)[0]] == [("制造业产品质量合格率", 95)]


def test_no_targets_in_a_section_that_reports_the_past(vocab):
    doc = make_doc("某省“十四五”质量发展规划", [
        ("s1", HEADING, None, "发展基础"),
        ("s1-p1", PARAGRAPH, "s1", "全省制造业产品质量合格率稳定在93%以上，累计制定国际标准65项。"),
        ("s2", HEADING, None, "发展目标"),
        ("s2-p1", PARAGRAPH, "s2", "到2025年，制造业产品质量合格率达到95%以上。"),
    ])
    doc.clauses[0].title, doc.clauses[2].title = "发展基础", "发展目标"
    assert [(t.anchor, t.value, t.year) for t in extract_targets(doc, vocab)[0]] == [("s2-p1", 95, 2025)]


# --------------------------------------------------------------------------- years in the text
def test_year_from_the_sentence_and_from_an_earlier_sentence(vocab):
    text = "到2020年，农机装备产业科技创新能力持续提升。全国农作物耕种收综合机械化率达到70%。"
    assert [(r.indicator, r.year) for r in read_targets(text, vocab)] == [("全国农作物耕种收综合机械化率", 2020)]


def test_later_year_phrase_takes_over(vocab):
    text = "到2015年，城市污水处理率达到85%。2020年，城市污水处理率达到90%。"
    assert [r.year for r in read_targets(text, vocab)] == [2015, 2020]


def test_five_year_period_names_its_last_year(vocab):
    assert [r.year for r in read_targets("“十二五”期间，实现节约能源6.7亿吨标准煤。", vocab)] == [2015]


# --------------------------------------------------------------------------- milestones
def test_milestone_statement_stops_before_the_targets(vocab):
    text = ("到2025年，质量水平全面提高，质量强省建设取得阶段性成效；制造业质量竞争力指数达到92。"
            "到2035年，质量强省建设基础更加牢固。")
    found = read_milestones(text, read_targets(text, vocab), vocab)
    assert [(m.year, m.statement) for m in found] == [
        (2025, "质量水平全面提高，质量强省建设取得阶段性成效"), (2035, "质量强省建设基础更加牢固")]


def test_a_dated_sentence_of_targets_is_no_milestone(vocab):
    text = "到2015年，非化石能源占一次能源消费总量比重达到11.4%。"
    assert read_milestones(text, read_targets(text, vocab), vocab) == []


@pytest.mark.parametrize("text, milestone", [
    ("到2027年，全市计量科技创新能力显著增强，新建、改造社会公用计量标准40项以上，培育计量检测服务机构10家。",
     (2027, "全市计量科技创新能力显著增强")),
    ("至2030年底，质量强省建设取得决定性进展，全省80%以上的规模以上企业建立完善的质量管理体系。",
     (2030, "质量强省建设取得决定性进展")),
    ("到2025年，产品质量明显提升，品牌影响力持续扩大，制造业产品质量合格率达到95%以上。",
     (2025, "产品质量明显提升，品牌影响力持续扩大")),
])
def test_a_dated_goal_before_the_targets_of_its_sentence_is_a_milestone(vocab, text, milestone):
    assert [(m.year, m.statement) for m in read_milestones(text, read_targets(text, vocab), vocab)] == [milestone]
    assert read_targets(text, vocab)  # the targets stay targets


@pytest.mark.parametrize("text", [
    "省市场监管局有关负责人介绍，去年全省共抽查产品1.2万批次，不合格发现率为4.3%。",
    "上年全市新增注册商标2300件，有效发明专利拥有量达到15件。",
    "过去五年，全省主导制定国际标准45项。",
])
def test_a_sentence_reporting_a_past_year_gives_no_targets(vocab, text):
    assert read_targets(text, vocab) == []


def test_the_past_as_a_baseline_leaves_the_target(vocab):
    found = read_targets("到2025年，全省质量检验检测营业收入比上年增长10%以上。", vocab)
    assert [(r.value, r.relation) for r in found] == [(10, "increase")]


def test_labelled_milestone(vocab):
    text = "总体目标:到2030年,产品、工程、服务质量跃居全国前列。"
    assert [(m.year, m.statement) for m in read_milestones(text, [], vocab)] == [
        (2030, "产品、工程、服务质量跃居全国前列")]


# --------------------------------------------------------------------------- document context
def make_doc(title, clauses):
    """A Document from (anchor, kind, parent, text) rows, as the parser would produce."""
    built = [Clause(anchor=a, kind=k, level=a.count("-") + 1, number="", title="", text=t, parent=p,
                    line=i + 1, end_line=i + 1) for i, (a, k, p, t) in enumerate(clauses)]
    meta = DocumentMeta(slug="doc", source="doc.txt", title=title)
    return Document(meta=meta, source=SourceText("doc.txt", "utf-8", "", []), title=title, status="",
                    clauses=built)


def test_items_take_the_year_their_introducing_paragraph_opens_with(vocab):
    doc = make_doc("质量强国建设纲要", [
        ("s0-2", HEADING, None, "主要目标"),
        ("s0-2-p1", PARAGRAPH, "s0-2", "到2025年,质量整体水平进一步全面提高。"),
        ("s0-2-d1", ITEM, "s0-2", "产业质量竞争力持续增强。制造业质量竞争力指数达到86,质量竞争型产业规模显著扩大。"),
        ("s0-2-p2", PARAGRAPH, "s0-2", "到2035年,质量强国建设基础更加牢固。"),
    ])
    targets, milestones = extract_targets(doc, vocab)
    assert [(t.anchor, t.canonical, t.value, t.year) for t in targets] == [
        ("s0-2-d1", "制造业质量竞争力指数", 86, 2025)]
    assert [(m.anchor, m.year) for m in milestones] == [("s0-2-p1", 2025), ("s0-2-p2", 2035)]


def test_annual_plan_title_gives_the_year(vocab):
    doc = make_doc("海南省贯彻落实质量发展纲要2017年行动计划", [
        ("title", TITLE, None, "海南省贯彻落实质量发展纲要2017年行动计划"),
        ("s2", HEADING, None, "主要目标"),
        ("s2-1", HEADING, "s2", "产品质量。"),
        ("s2-1-p1", PARAGRAPH, "s2-1", "食品质量安全抽检合格率达到97.5%。"),
    ])
    [target], milestones = extract_targets(doc, vocab)
    assert (target.anchor, target.year, target.text) == ("s2-1-p1", 2017, "食品质量安全抽检合格率达到97.5%")
    assert target.canonical == "食品质量安全抽检合格率" and milestones == []


def test_an_annual_plans_title_gives_the_year_with_words_before_its_kind(vocab):
    doc = make_doc("2024年全省计量工作要点", [("s1-0-1", ITEM, None, "新建社会公用计量标准30项。")])
    assert [t.year for t in extract_targets(doc, vocab)[0]] == [2024]


def test_the_current_year_is_the_year_of_the_documents_date(vocab):
    doc = make_doc("省市场监管局关于做好计量工作的通知", [
        ("p1", PARAGRAPH, None, "全年完成强制检定计量器具200万台件。"),
        ("p2", PARAGRAPH, None, "计量器具强制检定覆盖率保持100%。")])
    doc.meta.date = "2024-02-26"
    assert [(t.anchor, t.year) for t in extract_targets(doc, vocab)[0]] == [("p1", 2024), ("p2", None)]


@pytest.mark.parametrize("title", ["市场监管总局关于2023年度产品质量国家监督抽查情况的公告",
                                   "北安市市场监督管理局关于2024年第二季度产品质量监督抽查结果的通告",
                                   "关于2024年上半年全省特种设备安全监察工作情况的通报"])
def test_a_report_of_results_has_no_targets(vocab, title):
    doc = make_doc(title, [("p1", PARAGRAPH, None, "共抽查150批次产品，不合格发现率为10.1%，较上年下降2.3个百分点。")])
    assert extract_targets(doc, vocab) == ([], [])


def test_a_section_of_results_has_no_targets(vocab):
    doc = make_doc("某市产品质量提升行动方案", [
        ("s1", HEADING, None, "抽查结果总体情况"),
        ("s1-p1", PARAGRAPH, "s1", "电动自行车不合格发现率为18.6%，较上年下降2.3个百分点。"),
        ("s2", HEADING, None, "工作目标"),
        ("s2-p1", PARAGRAPH, "s2", "到2025年，电动自行车抽查合格率达到90%以上。")])
    doc.clauses[0].title, doc.clauses[2].title = "抽查结果总体情况", "工作目标"
    assert [(t.anchor, t.value) for t in extract_targets(doc, vocab)[0]] == [("s2-p1", 90)]


def test_parent_heading_year_beats_the_title(vocab):
    doc = make_doc("计量发展规划（2013-2020年）", [
        ("s2", HEADING, None, "到2015年主要任务"),
        ("s2-p1", PARAGRAPH, "s2", "国家重点管理计量器具受检率达到95%以上。"),
        ("s3-p1", PARAGRAPH, None, "国家重点管理计量器具受检率达到98%以上。"),
    ])
    targets, _ = extract_targets(doc, vocab)
    assert [(t.anchor, t.year) for t in targets] == [("s2-p1", 2015), ("s3-p1", 2020)]


# --------------------------------------------------------------------------- config checks
def test_canonical_names_match_aliases_exactly(vocab):
    assert vocab.canonical("各市县空气质量优良天数比例") == "空气质量优良天数比例"
    assert vocab.canonical("食品 抽检合格率") == "食品抽检合格率"
    # a narrower measure never joins the wider one by containing its name
    assert vocab.canonical("丘陵山区县（市、区）农作物耕种收综合机械化率") == ""
    # a different measure that was decided to stay apart
    assert vocab.canonical("食品质量安全抽检合格率") == "食品质量安全抽检合格率"
    # the place's own measure: its scope word (targets.yml scopes) aside
    assert vocab.canonical("全市制造业产品质量合格率") == vocab.canonical("全省 制造业产品质量合格率") == "制造业产品质量合格率"
    assert vocab.canonical("全市") == ""


@pytest.fixture
def config_copy(tmp_path):
    for name in ("indicators.yml", "targets.yml"):
        shutil.copy(CONFIG / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("file, old, new, message", [
    ("targets.yml", "baseline: '", "baseline: '(", "baseline: bad regular expression"),
    ("targets.yml", "  decrease: [", "  shrink: [",
     "comparators: unknown key 'shrink' (known keys: level, at_least, at_most, decrease, increase, about)"),
    ("targets.yml", "year_phrases:\n  - '(?:到|至)\\s*(?P<year>", "year_phrases:\n  - '(?:到|至)\\s*(?P<yr>",
     "year_phrases[0]: needs a (?P<year>…) or (?P<period>…) group"),
    ("indicators.yml", "aliases: [食品安全抽检合格率", "aliases: [农产品质量安全例行监测合格率",
     "农产品质量安全例行监测合格率 already belongs to 农产品质量安全例行监测合格率"),
    ("indicators.yml", "distinct_from: [食品抽检合格率]", "distinct_from: [食品合格率]",
     "unknown indicator 食品合格率"),
])
def test_config_errors_name_file_line_and_key(config_copy, file, old, new, message):
    path = config_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(BuildError) as error:
        load_target_vocab(config_copy)
    assert error.value.file.endswith(file) and message in str(error.value)
    assert error.value.line and 0 < error.value.line <= text.count("\n") + 1


def test_distinct_measures_must_say_why(config_copy):
    path = config_copy / "indicators.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index('    note: "未与“食品抽检合格率”合并')
    end = text.index("\n", start)
    path.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    with pytest.raises(BuildError, match=r"note: required with distinct_from"):
        load_target_vocab(config_copy)


# The smallest vocabulary that loads; each case below breaks one line of it.
SMALL_INDICATORS = """\
indicators:
  - name: 合格率
    unit: '%'
  - name: 覆盖率
    aliases: [覆盖水平]
"""
SMALL_TARGETS = r"""comparators:
  level: [达到]
  at_least: [不低于]
count_verbs: [完成]
hedges: []
subject_leads: []
subject_trailers: []
distributive: []
conjunctions: [和]
indicator_heads: [率]
units: ['%', 个]
magnitudes: [万]
rate_units: ['%']
possessive: 的
qualifiers: {以上: at_least}
approximators: []
year_phrases:
  - '到(?P<year>\d{4})年'
periods: {十四五: 2025}
title_years: []
milestone_opener: '^到(?P<year>\d{4})年'
not_targets: {year: '\d{4}年'}
baseline: '比\d{4}年'
condition_markers: []
past_markers: []
"""


def small_vocab_dir(tmp_path, file="", old="", new=""):
    texts = {"indicators.yml": SMALL_INDICATORS, "targets.yml": SMALL_TARGETS}
    if file:
        assert old in texts[file]
        texts[file] = texts[file].replace(old, new, 1)
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_small_vocabulary_loads(tmp_path):
    vocab = load_target_vocab(small_vocab_dir(tmp_path))
    assert vocab.canonical("覆盖水平") == "覆盖率" and vocab.comparators == {"达到": "level", "不低于": "at_least"}
    assert vocab.units[0] == "万个" and set(vocab.units) == {"万个", "%", "个"}


@pytest.mark.parametrize("file, old, new, line, words", [
    ("targets.yml", "hedges:", "hedge:", 5, ["targets.yml: unknown key 'hedge'", "did you mean 'hedges'?"]),
    ("targets.yml", "  at_least:", "  at_lest:", 3,
     ["comparators: unknown key 'at_lest'", "did you mean 'at_least'?"]),
    ("indicators.yml", "    unit: '%'", "    units: '%'", 3,
     ["indicators[0]: unknown key 'units'", "did you mean 'unit'?"]),
    ("targets.yml", "  - '到(?P<year>", "  - '到(?P<year", 18, ["year_phrases[0]: bad regular expression"]),
    ("targets.yml", "{year: '", "{year: '(", 22, ["not_targets.year: bad regular expression"]),
    ("indicators.yml", "[覆盖水平]", "[覆盖水平, 合格率]", 5,
     ["indicators[1].aliases: 合格率 already belongs to 合格率", "one indicator only"]),
    ("targets.yml", "conjunctions: [和]", "conjunctions: [和, 和]", 9,
     ["targets.yml: 'conjunctions' lists '和' twice"]),
    ("targets.yml", "  at_least: [不低于]", "  at_least: [达到]", 3,
     ["comparators.at_least: 达到 already listed under level"]),
    ("targets.yml", "{以上: at_least}", "{以上: more}", 15, ["qualifiers.以上: unknown relation more"]),
    ("targets.yml", "rate_units: ['%']", "rate_units: ['%', 倍]", 13,
     ["rate_units: 倍 must also be listed under units"]),
    ("targets.yml", "rate_units: ['%']", "rate_units: ['%']\nperiod_units: [天]", 14,
     ["period_units: 天 must also be listed under units"]),
])
def test_vocabulary_errors_name_file_line_and_key(tmp_path, file, old, new, line, words):
    folder = small_vocab_dir(tmp_path, file, old, new)
    with pytest.raises(BuildError) as error:
        load_target_vocab(folder)
    assert str(error.value).startswith(f"{folder / file}:{line}: ")
    for word in words:
        assert word in str(error.value)


# --------------------------------------------------------------------------- any text at all
ALPHABET = "0123456789.%-、，。；：和均分别达到为下降以上左右个家项万亿年到比的率指数合格（）“”ABGPM十五 "


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_any_text_reads_without_error_and_spans_stay_inside(vocab, text):
    readings = read_targets(text, vocab)
    for r in readings:
        assert 0 <= r.start <= r.value_start < r.end <= len(text)
        assert r.indicator
    read_milestones(text, readings, vocab)


def test_a_sentence_about_years_before_the_document_s_reports_the_past(vocab):
    """A 2024 report: "2023年全省…合格率为93.8%" is a result, "到2027年…达到95%" a target."""
    doc = make_doc("靖海省出台质量强省建设实施意见", [
        ("p1", PARAGRAPH, None, "《实施意见》提出，到2027年，全省制造业产品质量合格率达到95%。"),
        ("p2", PARAGRAPH, None, "据介绍，2023年全省产品质量监督抽查合格率为93.8%，较上年提高0.6个百分点。"),
        ("p3", PARAGRAPH, None, "2024年全省新建标准化试点项目10个。"),
        # a baseline year is no time the sentence reports on
        ("p4", PARAGRAPH, None, "单位产值能耗比2020年下降13.5%。"),
    ])
    doc.meta = DocumentMeta(slug="doc", source="doc.txt", title=doc.title, date="2024-03-12")
    targets, _ = extract_targets(doc, vocab)
    assert [(t.anchor, t.value, t.year) for t in targets][:2] == [("p1", 95, 2027), ("p3", 10, 2024)]
    assert [(t.anchor, t.value) for t in targets][2:] == [("p4", 13.5)]
    # a document without a date: no year to tell the past by
    doc.meta = DocumentMeta(slug="doc", source="doc.txt", title=doc.title)
    assert "p2" in {t.anchor for t in extract_targets(doc, vocab)[0]}


# --------------------------------------------------------------------------- genre4 round
@pytest.mark.parametrize("text, expected", [
    ("到2025年，新增高新技术企业1,200家，建成绿道50,000公里。",
     [("高新技术企业", 1200, "家"), ("绿道", 50000, "公里")]),  # a thousands comma is in the number
    ("到2025年，规模以上工业企业研发投入达到1,234.5亿元。", [("规模以上工业企业研发投入", 1234.5, "亿元")]),
])
def test_a_thousands_comma_is_part_of_the_value(vocab, text, expected):
    assert short(text, vocab) == expected


@pytest.mark.parametrize("text, relation", [
    ("到2025年，城市污水处理厂空置率不得高于5%。", "at_most"),
    ("到2025年，单位产值能耗不高于0.5吨标准煤。", "at_most"),
    ("到2025年，投诉处理时限控制在5个工作日以内。", "at_most"),
    ("到2025年，食品抽检不合格率控制在2%以下。", "at_most"),
    ("到2025年，食品抽检合格率不得低于98%。", "at_least"),
])
def test_ceilings_are_ceilings_and_floors_floors(vocab, text, relation):
    assert [r.relation for r in read_targets(text, vocab)] == [relation]


def test_an_indicator_name_holds_no_tongbi_and_no_trailing_ge(vocab):
    assert short("到2025年，全市规模以上工业产值同比增长8%，建设量子电压、量子电阻计量标准各1项。", vocab) == [
        ("全市规模以上工业产值", 8, "%"), ("量子电压、量子电阻计量标准", 1, "项")]


def _articles(title, texts):
    doc = make_doc(title, [(f"a{k}", HEADING, None, text) for k, text in enumerate(texts, 1)])
    for clause in doc.clauses:
        clause.style = "article"
    return doc


def test_a_regulation_s_conditions_limits_and_periods_are_no_targets(vocab):
    doc = _articles("家用汽车产品修理更换退货责任规定", [
        "家用汽车产品的三包有效期不得低于2年或者行驶里程50,000公里，以先到者为准。",
        "发动机、变速器因其质量问题累计更换2次，仍不能正常使用的；",
        "因质量问题累计修理时间超过30日，或者因同一质量问题累计修理超过4次的。",
        "销售者应当自收到相关要求之日起10个工作日内向消费者作出答复。",
        "以小时计算，每满24小时，为1日；余下时间不足24小时的，以1日计。",
        "区质量发展资金由区财政每年安排，规模不少于1000万元。",  # a commitment stays a target
    ])
    assert [(t.anchor, t.indicator, t.value) for t in extract_targets(doc, vocab)[0]] == [("a6", "规模", 1000)]


def test_the_same_sentences_in_a_plan_are_read(vocab):
    doc = make_doc("某市质量提升行动方案", [("p1", PARAGRAPH, None, "到2025年，食品抽检合格率不得低于98%。")])
    assert [t.value for t in extract_targets(doc, vocab)[0]] == [98]


def test_a_plan_period_before_the_document_s_year_is_the_past_and_gives_no_year(vocab):
    """A 2022 report: "十三五期间…建成…1860项" reports 2020; the next sentence does not take its year."""
    doc = make_doc("秦川省出台计量发展规划", [
        ("p1", PARAGRAPH, None, "负责人介绍，“十三五”期间全省建成社会公用计量标准1860项。下一步，全省将新建省级产业计量测试中心5个。"),
        ("p2", PARAGRAPH, None, "“十四五”期间，全省新建社会公用计量标准300项。"),
    ])
    doc.meta = DocumentMeta(slug="doc", source="doc.txt", title=doc.title, date="2022-03-21")
    assert [(t.anchor, t.value, t.year) for t in extract_targets(doc, vocab)[0]] == [("p1", 5, None), ("p2", 300, 2025)]


def test_a_pifu_approves_another_document_s_figures(vocab):
    doc = make_doc("秦川省人民政府关于洛水市质量强市建设实施方案的批复", [
        ("s2", PARAGRAPH, None, "《方案》实施要以推动高质量发展为主题，到2027年，全市制造业产品质量合格率达到94%以上。")])
    assert extract_targets(doc, vocab) == ([], [])


def test_a_unit_with_a_note_in_brackets_leaves_the_indicator_name(vocab):
    from builder.extract.targets import _unit_in_name
    assert _unit_in_name("省级计量技术规范（项，累计）", vocab) == ("省级计量技术规范", "项")
    assert _unit_in_name("受检率（%）", vocab) == ("受检率", "%")


def test_a_selection_count_is_governed_by_its_verb_and_quannian_is_no_name(vocab):
    """A 工作要点: "全年评选市长质量奖企业5家、提名奖10家" selects award winners (a work target, not an
    award's sum or cap); 全年 says when, not what."""
    assert [(r.indicator, r.comparator, r.value) for r in read_targets("全年评选市长质量奖企业5家、提名奖10家。", vocab)] == [
        ("市长质量奖企业", "评选", 5), ("提名奖", "评选", 10)]


@pytest.mark.parametrize("title, date", [
    ("某市市场监督管理局关于开展2024年电动自行车安全隐患专项整治的通告", ""),  # the year its title names
    ("某市市场监督管理局关于开展电动自行车安全隐患专项整治的通告", "2024-05-10"),  # "年底前": its date's year
])
def test_a_tonggao_s_targets_take_its_year(vocab, title, date):
    doc = make_doc(title, [("s2-1", ITEM, None, "年底前，全市电动自行车经营主体抽查覆盖率达到100%。")])
    doc.meta.date = date
    assert [(t.value, t.year) for t in extract_targets(doc, vocab)[0]] == [(100, 2024)]


@pytest.mark.parametrize("text, expected", [
    # the first conjunct names what the last names in the same place: it shares the rest, not only the head
    ("到2025年，农业领域、工业领域标准覆盖率分别达到90%、95%。", ["农业领域标准覆盖率", "工业领域标准覆盖率"]),
    ("到2025年，省级、市级质量标杆企业分别达到50家、200家。", ["省级质量标杆企业", "市级质量标杆企业"]),
    ("花生种植、收获机械化率分别达到65%和55%。", ["花生种植机械化率", "收获机械化率"]),  # only the head shared
])
def test_a_distributed_list_s_first_measure_is_not_cut(vocab, text, expected):
    assert [r.indicator for r in read_targets(text, vocab)] == expected


def test_a_field_before_a_count_verb_is_part_of_what_is_counted(vocab):
    assert [(r.indicator, r.comparator) for r in read_targets("到2025年，农业领域新制定地方标准20项。", vocab)] == [
        ("农业领域新制定地方标准", "")]
    # where the field is where the work is done, the verb governs the count as before
    assert [(r.indicator, r.comparator) for r in read_targets("到2025年，在农业领域建设标准化示范基地10个。", vocab)] == [
        ("标准化示范基地", "建设")]
