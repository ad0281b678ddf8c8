"""Ingest rules: encodings, whitespace, chrome, page-break copies."""
from __future__ import annotations

import codecs
import re

import pytest

from builder.config import ChromeRule
from builder.ingest import decode, ingest_text
from builder.model import BuildError

CHROME = [ChromeRule("source-line", re.compile(r"来源[:：].*"), False),
          ChromeRule("comments-footer", re.compile(r"全部评论"), True)]


def ingest(text: str):
    return ingest_text(text, "t.txt", "utf-8", "0", CHROME)


@pytest.mark.parametrize("data,encoding", [
    ("一、总体要求".encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + "一、总体要求".encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + "一、总体要求".encode("utf-16-le"), "utf-16"),
    ("一、总体要求，质量强省".encode("gbk"), "gb18030"),
])
def test_decodes_common_encodings(data, encoding):
    assert decode(data, "t.txt") == ("一、总体要求" + ("，质量强省" if encoding == "gb18030" else ""), encoding)


def test_damaged_utf8_names_the_byte_offset():
    head = "一、总体要求。加快推进质量强省建设".encode("utf-8")
    data = head + b"\xff\xfe" + "全面提升质量总体水平".encode("utf-8")
    with pytest.raises(BuildError, match=rf"byte offset {len(head)}\b"):
        decode(data, "t.txt")


def test_empty_and_binary_files_are_errors():
    with pytest.raises(BuildError, match="empty"):
        decode(b"  \n\r\n", "t.txt")
    with pytest.raises(BuildError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "t.txt")


def test_whitespace_indentation_and_crlf_are_trimmed():
    src = ingest("\ufeff\u3000\u3000一、总体要求\r\n\r\n\u00a0（一）指导思想。\r\n")
    assert [(line.lineno, line.text) for line in src.lines] == [(1, "一、总体要求"), (3, "（一）指导思想。")]


def test_chrome_lines_are_removed_and_listed():
    src = ingest("标题\n来源:仪表网\n正文。\n全部评论\n上一篇:别的新闻\n")
    assert [line.text for line in src.lines] == ["标题", "正文。"]
    assert [(r.lineno, r.reason) for r in src.removed] == [
        (2, "chrome:source-line"), (4, "chrome:comments-footer"), (5, "chrome:comments-footer")]


# Hard-wrapped text (tests/fixtures/01, lines 14-26): every line full up to the wrap width.
WRAPPED = """党和国家历来高度重视计量工作。新中国成立后尤其是改革开放以来，基础性、前沿
性和共性计量科研成果大量涌现，具有中国特色的计量发展与管理制度逐步形成。国家计
量基标准、社会公用计量标准、量传溯源体系不断完善，保证了全国单位制的统一和量
值的准确可靠；专用、新型、实用型计量测试技术研究水平和服务保障能力进一步增强；
计量法律法规和监管体制逐步完善；国际比对和国际合作进一步加强，我国计量测量能力
居于世界前列。但是，计量工作的基础仍较为薄弱。国家新一代计量基准持续研究能力不
足；量子计量基准相关研究尚处于攻坚阶段，与发达国家仍有很大差距；社会公用计量标
准建设迟缓，部分领域量传溯源能力仍存在空白；法律法规和监管体制滞后于社会主义市
准建设迟缓，部分领域量传溯源能力仍存在空白；法律法规和监管体制滞后于社会主义市
场经济发展需要，监管手段不完备，计量人才特别是高精尖人才缺乏。
"""
WRAPPED_ONCE = WRAPPED.replace("准建设迟缓，部分领域量传溯源能力仍存在空白；法律法规和监管体制滞后于社会主义市\n", "", 1)


def test_page_break_copy_in_hard_wrapped_text_is_dropped_with_a_warning():
    src = ingest(WRAPPED)
    assert [r.lineno for r in src.removed] == [9]
    assert [(w.line, w.code) for w in src.warnings] == [(9, "duplicate-line")]
    assert src.removed[0].reason == "duplicate:full-line"
    assert "换页时重印" in src.warnings[0].message  # maintainers read Chinese, and why


def test_a_form_feed_between_two_lines_says_the_repeat_is_a_page_break_copy():
    src = ingest("准建设迟缓，部分领域量传溯源能力\n\x0c\n准建设迟缓，部分领域量传溯源能力\n好。\n")
    assert [line.text for line in src.lines] == ["准建设迟缓，部分领域量传溯源能力", "好。"]
    assert [(w.line, w.code) for w in src.warnings] == [(3, "duplicate-line")]
    assert src.removed[0].reason == "duplicate:form-feed" and "换页符" in src.warnings[0].message


def test_a_repeat_with_no_page_break_is_content():
    # not hard-wrapped and no form feed: nothing says a page ended between the two lines
    # (in hard-wrapped text a short line ends a paragraph: repeated, it is said twice)
    for text, repeated in (("准建设迟缓，部分领域量传溯源能力\n\n准建设迟缓，部分领域量传溯源能力\n好。\n",
                            "准建设迟缓，部分领域量传溯源能力"),
                           (WRAPPED_ONCE + "期间稳定在98%以上\n期间稳定在98%以上\n", "期间稳定在98%以上")):
        src = ingest(text)
        assert [line.text for line in src.lines].count(repeated) == 2
        assert not src.removed and not any(w.code == "duplicate-line" for w in src.warnings)


def test_repeated_cells_of_a_table_are_content_even_in_hard_wrapped_text():
    table = "序号\n指标\n2024年\n2025年\n2026年\n1\n" + "质量管理体系认证覆盖率达到百分之九十五以上的企业占比\n" \
        + "稳定在98%以上\n" * 3 + "2\n品牌价值\n/\n/\n/\n"
    src = ingest(WRAPPED_ONCE + table)
    assert [line.text for line in src.lines].count("稳定在98%以上") == 3
    assert [line.text for line in src.lines].count("/") == 3
    assert not src.removed and len(src.tables) == 1


def test_chrome_rules_leave_table_cells_alone():
    src = ingest("附件\n序号\n标准编号\n标准名称\n实施日期\n1\nGB/T 19001-2016\n质量管理体系 要求\n来源：GB/T 19000\n")
    assert not src.removed and src.tables[0].rows[0].cells == ("1", "GB/T 19001-2016", "质量管理体系 要求",
                                                              "来源：GB/T 19000")



TEXT = "关于加强质量工作的意见\n一、总体要求\n（一）指导思想。坚持质量第一，效益优先。\n（二）主要目标。到2025年，达到95%。\n"
LATIN = "Quality Policy 2025\nSection 1. General provisions\nArticle 2. Scope\n"


@pytest.mark.parametrize("text", [TEXT, LATIN], ids=["chinese", "mostly-ascii"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_byte_order_mark_are_decoded(text, encoding):
    assert decode(text.encode(encoding), "t.txt") == (text, encoding)
    warnings = ingest_text(text, "t.txt", encoding, "0", CHROME).warnings
    assert [(w.code, w.message) for w in warnings] == [("encoding", f"decoded as {encoding}")]


@pytest.mark.parametrize("damage, offset", [(b"\x00", 0), (b"\x00\xd8" + TEXT.encode("utf-16-le"), 0)],
                         ids=["odd-length", "lone-surrogate"])
def test_damaged_utf16_without_a_byte_order_mark_names_encoding_offset_and_line(damage, offset):
    head = TEXT.encode("utf-16-le")
    with pytest.raises(BuildError) as refused:
        decode(head + damage, "t.txt")
    assert f"UTF-16-LE text without a byte-order mark, damaged at byte offset {len(head) + offset}" in refused.value.message
    assert refused.value.line == TEXT.count("\n") + 1 and "re-export" in refused.value.hint


def test_binary_data_with_nul_bytes_is_still_binary():
    for data in (bytes(range(256)) * 4, b"\x00" * 64, "质量".encode() + b"\x00" + "文件".encode()):
        with pytest.raises(BuildError, match="binary data"):
            decode(data, "t.txt")


def test_a_gb18030_file_with_a_few_bad_bytes_is_named_damaged_gb18030():
    head = TEXT.encode("gb18030")
    for damage in (b"\xff\xfe", b"\x81"):  # not a character; a lead byte cut off at the end
        with pytest.raises(BuildError) as refused:
            decode(head + damage + (head if damage != b"\x81" else b""), "t.txt")
        assert refused.value.message.startswith(f"invalid GB18030 at byte offset {len(head)} (bytes {damage[:1].hex()}")
        assert refused.value.line == TEXT.count("\n") + 1 and "damaged" in refused.value.hint
