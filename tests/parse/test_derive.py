"""Drop-in documents: metadata read from the text when documents.yml has no entry."""
from __future__ import annotations

import pytest

from builder.derive import TextMeta, guess_jurisdiction, iso_date, resolve_meta, slug_from_text
from builder.ingest import ingest_text
from builder.model import DocumentMeta, SourceLine, SourceText, Version
from builder.parse import parse

from ..conftest import parse_file
from ..page_text import plain_page


@pytest.mark.parametrize("text, iso", [
    ("二○一一年八月三十一日", "2011-08-31"),  # ○ (U+25CB), as printed in 国发〔2011〕26号
    ("二〇二三年二月六日", "2023-02-06"),
    ("2013年3月2日", "2013-03-02"),
    ("（2017年2月24日）", "2017-02-24"),
    ("2023年13月1日", ""),
    ("为贯彻2023年2月6日印发的纲要", ""),
])
def test_dates_in_arabic_and_chinese_numerals(text, iso):
    assert iso_date(text) == iso


@pytest.mark.parametrize("prefix, slug, title, date, doc_number", [
    ("01", "guofa-2013-10", "计量发展规划（2013-2020年）", "2013-03-02", "国发〔2013〕10号"),
    ("02", "guofa-2018-42", "国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见", "2018-12-21", "国发〔2018〕42号"),
    ("06", "guofa-2011-26", "“十二五”节能减排综合性工作方案", "2011-08-31", "国发〔2011〕26号"),
])
def test_state_council_texts_without_entry(corpus_docs, prefix, slug, title, date, doc_number):
    doc = corpus_docs[prefix]
    meta = doc.meta
    assert (meta.slug, meta.title, meta.date, meta.doc_number) == (slug, title, date, doc_number)
    assert meta.issuer == "国务院" and meta.jurisdiction == "国家" and meta.derived
    warning = doc.warnings[0]
    assert warning.code == "no-metadata" and warning.file == doc.source.name
    assert f"slug: \"{slug}\"" in warning.hint and "site_config/documents.yml" in warning.hint


def test_status_line_is_read(tmp_path, config):
    path = tmp_path / "draft.txt"
    path.write_text("关于加强计量工作的意见\n（征求意见稿）\n一、总体要求\n（一）目标。到2025年，计量能力明显提升。\n",
                    encoding="utf-8")
    doc = parse_file(path, config)
    assert doc.meta.status == "征求意见稿" and doc.meta.title == "关于加强计量工作的意见"
    assert doc.meta.kind == "意见" and doc.meta.jurisdiction == "未分类"


def test_documents_yml_overrides_what_the_text_says(corpus_docs, config):
    doc = corpus_docs["02"]
    configured = DocumentMeta(slug="nongji-2018", source=doc.source.name, title="农机意见", jurisdiction="国家",
                              date="2018-11")
    meta, warnings = resolve_meta(doc, configured, config.jurisdictions, set())
    assert warnings == [] and not meta.derived
    assert (meta.slug, meta.title, meta.date) == ("nongji-2018", "农机意见", "2018-11")  # text says 2018-12-21
    assert meta.doc_number == "国发〔2018〕42号" and meta.issuer == "国务院"  # gaps filled from the text


@pytest.mark.parametrize("configured, shown", [
    ("2018", "2018-12-21"),  # documents.yml knows the year, the text the day: the day is shown
    ("2018-12", "2018-12-21"),
    ("2018-12-21", "2018-12-21"),
    ("2019", "2019"),  # the text says another date: documents.yml wins
    ("", "2018-12-21"),
])
def test_the_fullest_date_known_is_shown(corpus_docs, config, configured, shown):
    doc = corpus_docs["02"]  # signed 2018年12月21日
    meta = DocumentMeta(slug="nongji-2018", source=doc.source.name, title="农机意见", date=configured)
    assert resolve_meta(doc, meta, config.jurisdictions, set())[0].date == shown


def test_a_version_keeps_its_date(corpus_docs, config):
    """A version's date is its pinned page's address (/<slug>/<date>/): never lengthened."""
    doc = corpus_docs["02"]
    meta = DocumentMeta(slug="nongji-2018", source=doc.source.name, title="农机意见", date="2018",
                        versions=[Version(source=doc.source.name, date="2018")])
    assert resolve_meta(doc, meta, config.jurisdictions, set())[0].date == "2018"


def test_derived_slugs_never_collide(corpus_docs, config):
    meta, _ = resolve_meta(corpus_docs["02"], None, config.jurisdictions, {"guofa-2018-42", "guofa-2018-42-2"})
    assert meta.slug == "guofa-2018-42-3"


@pytest.mark.parametrize("title, date, doc_number, issuer, slug", [
    ("中华人民共和国产品质量法", "", "", "", "chanpin-zhiliang-fa"),
    ("中华人民共和国标准化法", "2017-11-04", "", "全国人民代表大会常务委员会", "biaozhunhua-fa-2017"),
    # the kind a title ends with is a word of its own, whether or not jieba prints it apart
    ("中华人民共和国计量法", "2018-10-26", "", "全国人民代表大会常务委员会", "jiliang-fa-2018"),
    ("西江市质量奖管理办法", "", "", "", "xijiang-shi-zhiliangjiang-guanli-banfa"),
    ("2024年全省计量工作要点", "2024-02-26", "", "", "quansheng-jiliang-gongzuo-yaodian-2024"),
    ("上海市产品质量条例", "", "", "", "shanghaishi-chanpin-zhiliang-tiaoli"),
    # too long whole: the filler word 管理 goes, then words after the first until it fits
    ("中华人民共和国工业产品生产许可证管理条例", "2005-07-09", "", "国务院", "gongye-shengchan-xukezheng-tiaoli-2005"),
    ("国务院关于印发计量发展规划（2013-2020年）的通知", "2013-03-02", "", "国务院", "jiliang-fazhan-guihua-2013"),
    ("关于开展2023年质量月活动的通知", "2023-08-01", "", "", "zhiliang-yue-huodong-tongzhi-2023"),
    ("关于印发某方案的通知", "2024-02-01", "沪府办发〔2024〕3号", "上海市人民政府办公厅", "hufubanfa-2024-3"),
    ("市场监管总局关于发布《食品安全抽样检验管理办法》的公告", "2023-05-06", "2023年第12号", "市场监管总局",
     "shichang-jianguan-zongju-gonggao-2023-12"),
    # a joint 公告's number is its first issuer's: a bare gonggao-2025-18 collides across agencies
    ("国家市场监督管理总局 国家标准化管理委员会公告", "2025-06-27", "2025年第18号",
     # its issuer spelled as patterns.ISSUER_SLUG_WORDS spells it, whole (no shichang-jiandu-zongju)
     "国家市场监督管理总局 国家标准化管理委员会", "shichang-jianguan-zongju-gonggao-2025-18"),
    # the title's words tell documents apart: the year goes before 汽车 does
    ("缺陷汽车产品召回管理条例", "2019-03-02", "", "国务院", "quexian-qiche-chanpin-zhaohui-tiaoli"),
    ("《》", "", "", "", "doc-abababab"),
])
def test_slugs_are_whole_pinyin_words_or_the_doc_number(title, date, doc_number, issuer, slug):
    made = slug_from_text(TextMeta(title, issuer, date, doc_number, ""), "ab" * 32)
    assert made == slug and len(made) <= 40


def test_two_documents_of_one_issuer_on_one_day_get_their_own_slugs():
    issuer, day = "某某市市场监督管理局", "2023-08-01"
    first = slug_from_text(TextMeta("关于开展质量月活动的通知", issuer, day, "", ""), "ab" * 32)
    second = slug_from_text(TextMeta("关于印发质量工作要点的通知", issuer, day, "", ""), "cd" * 32)
    assert first != second and not first.endswith("-2") and not second.endswith("-2")


def test_the_warning_for_an_unregistered_text_is_chinese_and_names_the_slug(corpus_docs):
    warning = corpus_docs["10"].warnings[0]
    assert warning.code == "no-metadata" and "/biaozhunhua-fa-2017/" in warning.message
    assert "documents.yml 中没有此文件的条目" in warning.message and '- {slug: "biaozhunhua-fa-2017"' in warning.hint


def _derive(text: str):
    lines = [SourceLine(i, s.strip()) for i, s in enumerate(text.split("\n"), 1) if s.strip()]
    doc = parse(SourceText("t.txt", "utf-8", "0" * 64, lines), DocumentMeta(slug="t", source="t.txt", title="t"))
    return resolve_meta(doc, None, ["国家"], set())


def test_a_notice_whose_title_has_no_guanyu():
    meta, _ = _derive("浦东新区人民政府印发《浦东新区质量提升行动方案》的通知\n各委、办、局，各街道办事处、镇政府：\n"
                      "现将《浦东新区质量提升行动方案》印发给你们，请认真按照执行。\n浦东新区人民政府\n2023年3月1日\n"
                      "浦东新区质量提升行动方案\n一、总体要求\n（一）指导思想。内容。")
    assert (meta.title, meta.issuer, meta.date, meta.kind) == ("浦东新区质量提升行动方案", "浦东新区人民政府", "2023-03-01", "方案")


def test_a_notice_signed_with_a_date_only_takes_its_issuer_from_its_title():
    meta, _ = _derive("广州市市场监督管理局关于开展质量月活动的通知\n各区市场监管局：\n为做好质量月活动，现将有关事项通知如下：\n"
                      "一、活动主题\n质量强国，全民参与。\n2023年8月1日")
    assert (meta.issuer, meta.date, meta.kind, meta.jurisdiction) == ("广州市市场监督管理局", "2023-08-01", "通知", "广州市")


def test_an_announcement_with_its_number_and_an_unnumbered_attachment():
    meta, _ = _derive("市场监管总局关于发布《食品安全抽样检验管理办法》的公告\n2023年第12号\n为规范抽样检验工作，现予发布。\n"
                      "附件：食品安全抽样检验管理办法\n市场监管总局\n2023年5月6日\n附件\n食品安全抽样检验管理办法\n"
                      "第一条 为了规范食品安全抽样检验工作，制定本办法。\n第二条 本办法适用于监督抽检。")
    assert (meta.kind, meta.doc_number, meta.issuer, meta.slug) == (
        "公告", "2023年第12号", "市场监管总局", "shichang-jianguan-zongju-gonggao-2023-12")


def test_a_title_is_never_a_file_name():
    meta, (warning,) = _derive("各区市场监管局：\n现将《2023年质量工作要点》印发给你们，请认真贯彻落实。\n市市场监管局\n2023年2月1日\n"
                            "一、总体要求\n内容。")
    assert meta.title == "2023年质量工作要点" and "正文没有标题" in warning.message
    meta, _ = _derive("各区市场监管局：\n为做好质量工作，提出以下要求。\n一、总体要求\n内容。")
    assert meta.title == "为做好质量工作" and meta.title != "t"


def test_a_text_under_its_notice_without_a_title_of_its_own_is_the_document_the_notice_names():
    meta, _ = _derive("龙华区人民政府印发《龙华区质量提升行动方案》的通知\n各街道办事处：\n现将《龙华区质量提升行动方案》印发给你们，"
                      "请认真贯彻执行。\n龙华区人民政府\n2022年8月29日\n一、总体要求\n（一）指导思想。内容。")
    assert (meta.title, meta.kind, meta.issuer, meta.date) == ("龙华区质量提升行动方案", "方案", "龙华区人民政府", "2022-08-29")
    # whole words, the first (where) and the last (what) kept, at most 40 characters
    assert meta.slug.startswith("longhuaqu-") and meta.slug.endswith("-fangan-2022") and len(meta.slug) <= 40


def test_a_law_with_the_order_promulgating_it():
    text = ("中华人民共和国主席令\n第七十八号\n《中华人民共和国标准化法》已由中华人民共和国第十二届全国人民代表大会常务委员会第三十次会议"
            "于2017年11月4日修订通过，现将修订后的《中华人民共和国标准化法》公布，自2018年1月1日起施行。\n国家主席　习近平\n2017年11月4日\n"
            "中华人民共和国标准化法\n（1988年12月29日第七届全国人民代表大会常务委员会第五次会议通过　"
            "2017年11月4日第十二届全国人民代表大会常务委员会第三十次会议修订）\n目　　录\n第一章　总　　则\n第二章　标准的制定\n"
            "第一章　总　　则\n第一条　为了加强标准化工作，制定本法。\n第二条　本法所称标准，是指需要统一的技术要求。\n"
            "第二章　标准的制定\n第三条　标准包括国家标准。")
    meta, _ = _derive(text)
    # the order is signed by the head of state; the law's history says who made it
    assert (meta.title, meta.issuer, meta.date, meta.slug) == (
        "中华人民共和国标准化法", "全国人民代表大会常务委员会", "2017-11-04", "biaozhunhua-fa-2017")
    assert [e.action for e in meta.history] == ["adopted", "revised"]
    doc = parse(ingest_text(text, "t.txt", "utf-8", "0" * 64, []), DocumentMeta(slug="t", source="t.txt", title="t"))
    assert doc.clause("notice").title == "公布令" and doc.clause("notice-title").title == "中华人民共和国主席令第七十八号"
    assert [c.anchor for c in doc.clauses if c.kind == "heading"] == ["c1", "a1", "a2", "c2", "a3"]
    assert [r.text for r in doc.source.removed] == ["目　　录", "第一章　总　　则", "第二章　标准的制定"]
    assert doc.warnings == []


# --------------------------------------------------------------------------- the genre's metadata
@pytest.mark.parametrize("issuer, title, jurisdiction", [
    ("市场监管总局", "", "国家"),  # a 总局 of the State Council: national, though it does not say 国家
    ("国家市场监督管理总局", "", "国家"),
    ("工业和信息化部办公厅", "", "国家"),
    ("海关总署", "", "国家"),
    ("市场监管总局 国家标准化管理委员会", "", "国家"),
    ("全国人民代表大会常务委员会", "", "国家"),
    ("上海市人民代表大会常务委员会", "", "上海市"),
    ("黑龙江省市场监督管理局", "", "黑龙江省"),
    ("新疆维吾尔自治区人民政府", "", "新疆维吾尔自治区"),
    ("深圳市龙华区人民政府", "", "深圳市"),
    ("南湖区人民政府办公室", "", "南湖区"),
    ("中共广东省委 广东省人民政府", "", "广东省"),
    ("省市场监管局", "", "未分类"),  # "the province's": which one, the issuer does not say
    ("省委宣传部", "", "未分类"),
    ("", "上海市产品质量条例", "上海市"),
    ("", "西江出台质量强省建设实施意见", "未分类"),  # a headline names no place
])
def test_an_issuers_jurisdiction_comes_from_the_genre(issuer, title, jurisdiction):
    assert guess_jurisdiction(issuer, ["国家", "广东省"], title) == jurisdiction


def test_a_masthead_names_the_issuer_and_the_text_says_when_it_takes_effect():
    meta, _ = _derive("西江市市场监督管理局文件\n西市监规〔2023〕3号\n西江市质量奖管理办法\n第一条（目的和依据）\n"
                      "为了推动质量强市建设，制定本办法。\n第二条（施行日期）\n本办法自2023年7月1日起施行，有效期5年。")
    assert (meta.title, meta.issuer, meta.doc_number, meta.kind, meta.jurisdiction, meta.effective) == (
        "西江市质量奖管理办法", "西江市市场监督管理局", "西市监规〔2023〕3号", "办法", "西江市", "2023-07-01")


@pytest.mark.parametrize("text, effective", [
    ("某某条例\n第一条 为了规范管理，制定本条例。\n第二条 本条例自2013年1月1日起施行。", "2013-01-01"),
    ("某某规定\n2022年4月14日 国家市场监督管理总局令第56号公布\n2022年7月1日 施行\n第一条 为了规范，制定本规定。\n"
     "第二条 本规定适用于监督管理。", "2022-07-01"),
    # 自发布之日起: the day it was signed
    ("关于某事的通知\n各区：\n一、要求\n本通知自发布之日起实施。\n某某局\n2024年2月1日", "2024-02-01"),
    ("关于某事的意见\n一、要求\n内容。\n某某局\n2024年2月1日", ""),
])
def test_the_effective_date_is_read_from_the_text(text, effective):
    meta, _ = _derive(text)
    assert meta.effective == effective


def test_the_page_shows_the_effective_date():
    lines = [SourceLine(i, s) for i, s in enumerate("某某条例\n第一条 为了规范管理，制定本条例。\n第二条 本条例自2013年1月1日起施行。"
                                                    .split("\n"), 1)]
    doc = parse(SourceText("t.txt", "utf-8", "0" * 64, lines), DocumentMeta(slug="t", source="t.txt", title="t"))
    doc.meta, _ = resolve_meta(doc, None, ["国家"], set())
    page = plain_page(doc)
    assert "| 施行日期 | 2013年1月1日 |" in page


def test_a_joint_signature_names_both_issuers():
    meta, _ = _derive("关于某事的公告\n2024年第19号\n现予以公告。\n国家市场监督管理总局\n国家标准化管理委员会\n2024年8月23日")
    assert (meta.issuer, meta.date, meta.jurisdiction) == ("国家市场监督管理总局 国家标准化管理委员会", "2024-08-23", "国家")


def test_a_news_report_is_told_by_its_source_line(tmp_path, config):
    """The 来源 line is page chrome (removed, listed in the report), but it says who published the
    report and when: a news report, never 正式文本."""
    path = tmp_path / "news.txt"
    path.write_text("西江出台质量强省建设实施意见 到2025年制造业产品质量合格率达到94%\n来源：西江日报 2023年9月12日\n"
                    "记者从省市场监管局获悉，日前，省委、省政府印发《西江省质量强省建设实施意见》。\n", encoding="utf-8")
    doc = parse_file(path, config)
    assert [line.text for line in doc.source.removed] == ["来源：西江日报 2023年9月12日"]
    meta = doc.meta
    assert (meta.kind, meta.status, meta.issuer, meta.date) == ("新闻报道", "新闻报道", "西江日报", "2023-09-12")
    # its outlet and the day it was published: no headline words (the headline's 2025 is what it reports)
    assert meta.slug == "xijiang-ribao-2023-09-12"
    # a 公文's page that names where it was copied from is no news report
    meta, _ = _derive("关于某事的通知\n来源：某某市人民政府办公室 2024-02-01\n各区：\n一、要求\n内容。\n某某市人民政府\n2024年2月1日")
    assert (meta.kind, meta.status) == ("通知", "")


@pytest.mark.parametrize("byline", ["记者 陈晓明", "本报记者 陈晓明 通讯员 李明", "通讯员：李明", "责任编辑：王芳",
                                    "西江日报记者 张三"])
@pytest.mark.parametrize("timeline", ["发布时间：2024-03-18 09:12", "时间：2024年3月18日", "发布日期：2024/3/18"])
def test_a_news_report_s_headline_alone_is_its_title_and_its_time_line_its_date(tmp_path, config, byline, timeline):
    path = tmp_path / "news.txt"
    path.write_text(f"北岭省出台质量强省建设实施意见\n来源：北岭日报\n{timeline}\n{byline}\n"
                    "日前，北岭省委、省政府印发《北岭省质量强省建设实施意见》。\n", encoding="utf-8")
    meta = parse_file(path, config).meta
    assert (meta.title, meta.issuer, meta.date) == ("北岭省出台质量强省建设实施意见", "北岭日报", "2024-03-18")
    assert meta.slug == "beiling-ribao-2024-03-18"


@pytest.mark.parametrize("history, number, slug", [
    ("2022年5月26日 国家市场监督管理总局令第57号公布\n2022年7月1日 施行",
     "国家市场监督管理总局令第57号", "shichang-jianguan-zongju-ling-57"),
    ("（2023年6月8日南岭省人民政府令第121号公布 自2023年8月1日起施行）", "南岭省人民政府令第121号",
     "nanling-sheng-renmin-zhengfu-ling-121"),
    # revised by a later order: the number of the text as it stands
    ("2010年3月1日 西江市人民政府令第12号公布\n2020年5月6日 西江市人民政府令第二十一号修订",
     "西江市人民政府令第二十一号", "xijiang-shi-renmin-zhengfu-ling-21"),
    # a law's or 行政法规's order is signed by the head of state or the State Council: cited by name
    ("2005年7月9日 中华人民共和国国务院令第440号公布", "", ""),
    ("2017年11月4日 第十二届全国人民代表大会常务委员会第三十次会议修订\n2017年11月4日 中华人民共和国主席令第七十八号公布",
     "", ""),
])
def test_a_rule_s_order_number_is_its_document_number(history, number, slug):
    meta, _ = _derive(f"某某管理办法\n{history}\n第一条 为了规范管理，制定本办法。\n第二条 本办法自公布之日起施行。")
    assert meta.doc_number == number
    assert meta.slug == slug if slug else "ling" not in meta.slug


@pytest.mark.parametrize("timeline", ["2024-03-12 08:30", "2024-03-12", "2024年3月12日 08:30"])
def test_a_bare_time_line_under_a_news_headline_is_the_report_s_date(tmp_path, config, timeline):
    """A web page prints "2024-03-12 08:30" under the headline; the chrome rule removes it, and its
    date is the report's. The place is the one the headline (or first sentence) names, not the
    outlet's."""
    path = tmp_path / "news.txt"
    path.write_text(f"靖海省出台质量强省建设实施意见\n\n来源：靖海日报\n{timeline}\n\n"
                    "本报讯（记者 林晓）近日，靖海省委、省政府印发《关于加快建设质量强省的实施意见》。\n", encoding="utf-8")
    meta = parse_file(path, config).meta
    assert (meta.kind, meta.issuer, meta.date, meta.jurisdiction) == ("新闻报道", "靖海日报", "2024-03-12", "靖海省")


def test_a_news_report_s_place_may_be_named_in_its_first_sentence_only(tmp_path, config):
    path = tmp_path / "news.txt"
    path.write_text("质量强省建设实施意见出台\n来源：北岭日报 2024年3月18日\n"
                    "本报讯（记者 陈明）近日，北岭省委、省政府印发《北岭省质量强省建设实施意见》。\n", encoding="utf-8")
    assert parse_file(path, config).meta.jurisdiction == "北岭省"


def test_an_untitled_excerpt_is_not_named_by_its_chapter():
    """An excerpt opening with "第五章 监督管理" is no text called 监督管理: its first words name it."""
    meta, _ = _derive("第五章　监督管理\n第五十条 国务院认证认可监督管理部门可以采取组织同行评议，对认证活动进行抽查。\n"
                      "第五十一条 国务院认证认可监督管理部门应当重点进行监督。")
    assert meta.title == "国务院认证认可监督管理部门可以采取组织同行评议" and meta.untitled
    assert meta.slug != "jiandu-guanli" and meta.slug.startswith("guowuyuan-renzheng")


def test_a_rule_approved_by_one_organ_and_promulgated_by_another_is_the_promulgator_s():
    """"国务院批准" then "国家计量局发布", revised later by 国务院 decisions: the 发布 organ issued it,
    and "本细则自发布之日起施行" means from the day it was promulgated."""
    meta, _ = _derive("中华人民共和国计量法实施细则\n1987年1月19日 国务院批准\n1987年2月1日 国家计量局发布\n"
                      "2016年2月6日 《国务院关于修改部分行政法规的决定》第一次修订\n"
                      "第一条 根据《中华人民共和国计量法》的规定，制定本细则。\n第二条 本细则自发布之日起施行。")
    assert (meta.issuer, meta.date, meta.effective, meta.jurisdiction) == ("国家计量局", "2016-02-06", "1987-02-01", "国家")



@pytest.mark.parametrize("history, issuer, jurisdiction", [
    ("（2023年10月26日西江市第十六届人民代表大会常务委员会第十五次会议通过　2023年11月30日江西省第十四届人民代表大会"
     "常务委员会第六次会议批准）", "西江市人民代表大会常务委员会", "西江市"),
    ("（2019年8月29日柳州市第十四届人民代表大会常务委员会第二十一次会议通过　2019年9月27日广西壮族自治区第十三届人民代表"
     "大会常务委员会第十一次会议批准　2024年6月26日柳州市第十五届人民代表大会常务委员会第二十次会议修正）",
     "柳州市人民代表大会常务委员会", "柳州市"),
])
def test_a_city_s_regulation_approved_by_its_province_is_the_city_s(history, issuer, jurisdiction):
    """A 设区的市's 条例 is adopted by the city's 人大常委会, approved by the province's, and
    published by the city's: the city's document, cited as the city's."""
    meta, _ = _derive(f"城市质量促进条例\n{history}\n第一条 为了促进质量发展，制定本条例。")
    assert (meta.issuer, meta.jurisdiction) == (issuer, jurisdiction)


# --------------------------------------------------------------------------- the 版记's 印发 line and 附注
@pytest.mark.parametrize("closing, issuer, date, titles", [
    # a 工作要点 signed by the office that printed it, its date "…印发"
    ("洛水市市场监督管理局办公室\n2024年2月6日印发", "洛水市市场监督管理局办公室", "2024-02-06",
     ["落款", "印发日期"]),
    # the 版记's one line: office and date
    ("洛水市人民政府办公室　　2024年3月5日印发", "洛水市人民政府办公室", "2024-03-05", ["印发机关和印发日期"]),
    # a 落款 and then the 版记: the 落款 dates and signs the text
    ("洛水市人民政府\n2024年3月1日\n（此件主动公开）\n洛水市人民政府办公室 2024年3月5日印发", "洛水市人民政府", "2024-03-01",
     ["落款", "成文日期", "附注", "印发机关和印发日期"]),
])
def test_the_imprint_line_and_notes_are_the_signature_block_never_paragraphs(closing, issuer, date, titles):
    text = f"洛水市2024年质量工作要点\n一、深入实施质量强市战略\n1.召开全市质量大会。\n2.开展质量奖评选。\n{closing}"
    meta, _ = _derive(text)
    assert (meta.issuer, meta.date) == (issuer, date)
    lines = [SourceLine(i, s) for i, s in enumerate(text.split("\n"), 1)]
    doc = parse(SourceText("t.txt", "utf-8", "0" * 64, lines), DocumentMeta(slug="t", source="t.txt", title="t"))
    tail = [c for c in doc.clauses if c.line > 4]
    assert [(c.kind, c.title, c.parent) for c in tail] == [("signature", t, None) for t in titles]
    assert [c.anchor for c in tail] == [f"p{k}" for k in range(1, len(titles) + 1)]  # the paragraphs' count


def test_an_editor_s_note_under_a_report_is_a_note_of_the_signature_block():
    lines = [SourceLine(i, s) for i, s in enumerate(
        "西江出台质量强省实施意见\n记者从省市场监管局获悉，实施意见日前印发。\n（责任编辑：王芳）".split("\n"), 1)]
    doc = parse(SourceText("t.txt", "utf-8", "0" * 64, lines), DocumentMeta(slug="t", source="t.txt", title="t"))
    assert [(c.anchor, c.kind, c.title) for c in doc.clauses[1:]] == [("p1", "paragraph", ""),
                                                                      ("p2", "signature", "附注")]


@pytest.mark.parametrize("title, issuer, doc_number, slug", [
    # the issuer whole, spelled one way, or not at all: never its half (guanliju)
    ("洛水市市场监督管理局2024年质量工作要点", "洛水市市场监督管理局办公室", "", "luoshui-zhiliang-yaodian-2024"),
    ("市场监管局质量工作要点", "", "", "shichang-jianguan-ju-zhiliang-yaodian"),  # the year goes first
    ("市场监督管理局质量工作要点", "", "", "shichang-jianguan-ju-zhiliang-yaodian"),
    ("国家市场监督管理总局关于某事的公告", "国家市场监督管理总局", "2024年第3号", "shichang-jianguan-zongju-gonggao-2024-3"),
    ("市场监管总局关于某事的公告", "市场监管总局", "2024年第3号", "shichang-jianguan-zongju-gonggao-2024-3"),
])
def test_an_issuer_is_spelled_one_way_in_every_slug(title, issuer, doc_number, slug):
    made = slug_from_text(TextMeta(title, issuer, "2024-02-06", doc_number, ""), "ab" * 32)
    assert made == slug and "guanliju" not in made


def test_a_news_report_s_slug_is_its_outlet_and_day_not_its_headline():
    text = TextMeta("秦川省出台计量发展规划 到2025年社会公用计量标准将达2200项", "秦川日报", "2022-03-21", "", "",
                    news=True)
    assert slug_from_text(text, "ab" * 32) == "qinchuan-ribao-2022-03-21"


# --------------------------------------------------------------------------- a 规划's cover
@pytest.mark.parametrize("cover, title, date", [
    ("赤松省“十四五”计量发展规划\n赤松省市场监督管理局\n2022年1月", "赤松省“十四五”计量发展规划", "2022-01"),
    ("赤松省计量发展规划\n（2021—2025年）\n赤松省市场监督管理局\n二〇二二年一月", "赤松省计量发展规划（2021—2025年）", "2022-01"),
    ("赤松省计量发展规划\n赤松省市场监督管理局\n2022年1月20日", "赤松省计量发展规划", "2022-01-20"),
    ("赤松省“十四五”计量发展规划\n赤松省市场监督管理局", "赤松省“十四五”计量发展规划", ""),  # undated
])
def test_a_plan_s_cover_gives_its_issuer_and_its_date_even_of_a_month_only(cover, title, date):
    meta, _ = _derive(cover + "\n第一章 发展基础\n“十三五”期间，全省计量工作取得显著成效。\n第二章 总体要求\n"
                      "以习近平新时代中国特色社会主义思想为指导。")
    assert (meta.title, meta.issuer, meta.date, meta.kind) == (title, "赤松省市场监督管理局", date, "规划")
    assert "yue" not in meta.slug and "jianguan" not in meta.slug  # the slug is the title's words and year


@pytest.mark.parametrize("text, iso", [("2022年1月", "2022-01"), ("二〇二二年一月", "2022-01"), ("2022年13月", ""),
                                       ("规划期到2025年12月", "")])
def test_a_month_alone_on_its_line_is_a_date_of_month_precision(text, iso):
    assert iso_date(text) == iso


# --------------------------------------------------------------------------- places, issuers, kinds, slugs
@pytest.mark.parametrize("issuer, jurisdiction", [
    ("柳塘县市场监督管理局", "柳塘县"),  # a place is cut at its own level word, never at 市场's 市
    ("青岚区市场监督管理局", "青岚区"),
    ("柳塘县市场监管局", "柳塘县"),
    ("中共柳塘县委", "柳塘县"),
    ("延边朝鲜族自治州人民政府", "延边朝鲜族自治州"),
    ("锡林郭勒盟行政公署", "锡林郭勒盟"),
    ("上海市市场监督管理局", "上海市"),
])
def test_a_place_is_cut_at_its_own_level_word(issuer, jurisdiction):
    assert guess_jurisdiction(issuer, ["国家"]) == jurisdiction


def test_a_text_whose_title_opens_with_its_issuer_takes_the_issuer_from_the_title():
    meta, _ = _derive("青岚区市场监督管理局行政处罚裁量权适用实施细则（节选）\n第三章 裁量基准的适用\n"
                      "第十二条（从轻处罚）当事人有下列情形之一的，应当依法从轻处罚：\n（一）主动消除危害后果的；\n"
                      "（二）受他人胁迫实施违法行为的。\n第十三条（不予处罚）违法行为轻微并及时改正的，不予行政处罚。")
    assert (meta.issuer, meta.jurisdiction, meta.kind) == ("青岚区市场监督管理局", "青岚区", "实施细则")
    # a title that only names a place names no issuer
    meta, _ = _derive("上海市产品质量条例\n第一条 为了加强产品质量管理，制定本条例。\n第二条 本条例自2012年1月1日起施行。")
    assert (meta.issuer, meta.jurisdiction) == ("", "上海市")


def test_a_tongbao_is_a_kind():
    meta, _ = _derive("赤松省市场监督管理局关于2024年产品质量监督抽查结果的通报\n各市市场监督管理局：\n现将结果通报如下：\n"
                      "一、抽查基本情况\n共抽查产品500批次。\n赤松省市场监督管理局\n2024年8月26日")
    assert meta.kind == "通报"


@pytest.mark.parametrize("title, slug", [
    ("上海市反不正当竞争条例", "shanghaishi-fan-buzhengdang-jingzheng-tiaoli"),
    ("中华人民共和国反不正当竞争法", "fan-buzhengdang-jingzheng-fa-2020"),
    ("非物质文化遗产法", "feiwuzhi-wenhua-yichan-fa-2020"),
    ("不合格产品处理办法", "buhege-chanpin-chuli-banfa-2020"),
])
def test_a_slug_never_drops_a_title_word_s_negation(title, slug):
    made = slug_from_text(TextMeta(title=title, issuer="", date="2020-01-01", doc_number="", status=""), "0" * 64)
    assert made == slug
