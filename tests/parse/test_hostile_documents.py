"""Broken documents: each is refused with a message naming the file and what to do, or built
(with warnings where something looks wrong) without losing a character. The rest of the site
always builds, and the exit status says when something was skipped."""
from __future__ import annotations

import codecs
import json
import time

import pytest

from builder.derive import resolve_meta
from builder.model import DocumentMeta
from builder.config import SLUG_RE
from builder.ingest import decode, ingest_text
from builder.model import HEADING, BuildError
from builder.parse import parse
from builder.render import clause_records, clause_views

from ..hostile_build import build_site
from .test_lossless import assert_lossless

GOOD = "关于加强质量工作的意见\n一、总体要求\n（一）指导思想。坚持质量第一，效益优先。\n（二）主要目标。到2025年，质量水平明显提升。\n"
TRADITIONAL = "關於推進質量強國建設的意見\n一、總體要求\n（一）指導思想。堅持質量第一，效益優先，推動經濟高質量發展。\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(range(256)) * 8
# Numbering chaos: a repeated number, a gap, 一百零一、, （二十一） before （二十）, a skipped level
# and headings with no body (the shared corpus file 01 has one at （十八）).
CHAOS = """关于质量工作的意见
一、总体要求
（一）指导思想。坚持质量第一。
（一）基本原则。坚持创新驱动。
（三）主要目标。到2025年，质量水平明显提升。
二、重点任务
（二十一）加强标准建设。完善标准体系。
（二十）加强计量建设。完善计量体系。
四、保障措施
1.加强领导。落实责任。
一百零一、附加条款
五、空标题
"""


def parse_bytes(data: bytes, name: str = "doc.txt"):
    text, encoding = decode(data, name)
    source = ingest_text(text, name, encoding, "0" * 64, [])
    return parse(source, DocumentMeta(slug="t", source=name, title=name)), text


def refusal(data: bytes, name: str = "doc.txt") -> BuildError:
    with pytest.raises(BuildError) as caught:
        parse_bytes(data, name)
    assert caught.value.file == name and caught.value.hint, "a refusal names the file and says what to do"
    return caught.value


# --------------------------------------------------------------------------- refused
@pytest.mark.parametrize("data, says", [
    (b"", "empty"),
    (b"  \r\n\t\n", "empty"),
    ("\u3000\u3000\n\u00a0\n".encode(), "only whitespace"),
    (codecs.BOM_UTF8 + " \n".encode(), "only whitespace"),
    (codecs.BOM_UTF16_LE + " \n\u3000".encode("utf-16-le"), "only whitespace"),
], ids=["empty", "ascii-whitespace", "ideographic-space", "utf8-bom-and-space", "utf16-whitespace"])
def test_empty_and_whitespace_only_files_are_refused(data, says):
    assert says in refusal(data).message


def test_png_bytes_named_txt_are_refused_as_binary():
    error = refusal(PNG, "scan.txt")
    assert "binary" in error.message and "offset 8" in error.message  # the first NUL of the PNG header
    assert "plain text" in error.hint


def test_control_characters_without_nul_are_refused_as_binary():
    assert "binary" in refusal(bytes(range(1, 32)) * 40 + GOOD.encode()).message


def test_invalid_bytes_in_the_middle_name_the_byte_offset_and_line():
    head = GOOD.encode("utf-8")
    error = refusal(head + b"\xff\xfe\x80" + head, "damaged.txt")
    assert f"byte offset {len(head)}" in error.message and "ff fe 80" in error.message
    assert error.line == GOOD.count("\n") + 1
    assert str(error).startswith(f"damaged.txt:{error.line}: ")


def test_invalid_bytes_in_a_gbk_file_name_the_byte_offset():
    head = GOOD.encode("gbk")
    error = refusal(head + b"\xff\xff" + head, "gbk-damaged.txt")
    assert f"offset {len(head)}" in error.message


# --------------------------------------------------------------------------- decoded
@pytest.mark.parametrize("data, encoding", [
    (codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"), "utf-16"),
    (codecs.BOM_UTF8 + GOOD.encode("utf-8"), "utf-8-sig"),
    (GOOD.encode("gbk"), "gb18030"),
    # 一 is d2 bb in GBK, which is also valid UTF-8: still a GBK file, not damaged UTF-8
    ("一、总体要求\n二、主要任务\n".encode("gbk"), "gb18030"),
    (GOOD.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
], ids=["utf16-le-bom", "utf16-be-bom", "utf8-bom", "gbk", "gbk-looks-like-utf8", "crlf"])
def test_other_encodings_decode_losslessly(data, encoding):
    doc, text = parse_bytes(data)
    assert doc.source.encoding == encoding
    assert_lossless(doc, text)
    assert any(c.kind == HEADING for c in doc.clauses)
    non_utf8 = [w for w in doc.warnings if w.code == "encoding"]
    assert bool(non_utf8) == (encoding not in ("utf-8", "utf-8-sig")), "a non-UTF-8 file is reported"


def test_five_megabyte_single_line_parses_quickly_and_whole():
    sentence = "坚持质量第一，效益优先，推动高质量发展<b>&"
    text = sentence * (5_000_000 // len(sentence.encode()))
    started = time.perf_counter()
    doc, decoded = parse_bytes(text.encode())
    clause_records(doc, "/")
    assert time.perf_counter() - started < 10
    assert_lossless(doc, decoded)
    assert len(doc.clauses) == 1 and len(doc.clauses[0].text) == len(text)


def test_ten_thousand_clauses_parse_and_render_in_linear_time():
    numerals = "一二三四五六七八九十"
    lines = ["万条款文件"]
    for part in range(1, 11):
        lines.append(f"{numerals[part - 1]}、第{part}部分")
        for section in range(1, 11):
            lines.append(f"（{numerals[section - 1]}）第{section}节")
            lines += [f"{n}. 条款内容，第{n}条。" for n in range(1, 101)]
    started = time.perf_counter()
    doc, text = parse_bytes("\n".join(lines).encode())
    views, records = clause_views(doc), clause_records(doc, "/")
    assert all(doc.clause(c.anchor) is c for c in doc.clauses)
    assert time.perf_counter() - started < 10
    assert len([c for c in doc.clauses if c.kind == HEADING]) == 10 + 100 + 10_000
    assert len(views) == len(records) == len(doc.clauses)
    assert doc.clause("s10-10-100").title == "条款内容，第100条"
    assert_lossless(doc, text)


def test_ten_thousand_paragraphs_under_one_parent_cite_their_position():
    doc, text = parse_bytes(("标题\n" + "\n".join(f"第{i}段内容，坚持质量第一。" for i in range(10_000))).encode())
    started = time.perf_counter()
    records = clause_records(doc, "/")
    assert time.perf_counter() - started < 5
    assert records[-1]["citation"].endswith("第10000段")


def test_one_huge_hard_wrapped_paragraph_joins_in_linear_time():
    # 20,000 full-width lines with no sentence end: one paragraph; joining used to rescan it per line
    lines = [f"质量发展规划{i:06d}质量发展规划质量发展规划质量发展规划质量发展" for i in range(20_000)]
    started = time.perf_counter()
    doc, text = parse_bytes("\n".join(lines).encode())
    assert time.perf_counter() - started < 15
    assert len(doc.clauses) == 1
    assert_lossless(doc, text)


def test_numbering_chaos_is_built_with_warnings_naming_each_line():
    doc, text = parse_bytes(CHAOS.encode(), "chaos.txt")
    assert_lossless(doc, text)
    found = {(w.code, w.line) for w in doc.warnings}
    assert {("numbering-duplicate", 4), ("duplicate-anchor", 4), ("numbering-gap", 5),
            ("numbering-order", 8), ("numbering-gap", 9), ("level-skipped", 10),
            ("numbering-gap", 11), ("numbering-order", 12), ("empty-heading", 11),
            ("empty-heading", 12)} <= found
    assert all(w.file == "chaos.txt" and w.hint for w in doc.warnings)
    headings = {c.anchor: c for c in doc.clauses if c.kind == HEADING}
    assert headings["s101"].number == "一百零一、"
    assert headings["s1-1-dup2"].title == "基本原则"
    assert [a for a in headings if a.startswith("s2-")] == ["s2-21", "s2-20"]  # order kept as printed
    assert headings["s4-0-1"].title == "加强领导"  # skipped level numbered 0


def test_shared_corpus_heading_with_no_body_is_reported(corpus_docs):
    doc = corpus_docs["01"]
    empty = [w for w in doc.warnings if w.code == "empty-heading"]
    assert any("（十八）" in w.message for w in empty)


def test_traditional_characters_are_kept_as_written():
    doc, text = parse_bytes(TRADITIONAL.encode())
    assert doc.title == "關於推進質量強國建設的意見"
    assert doc.clause("s1-1").title == "指導思想"
    assert_lossless(doc, text)


@pytest.mark.parametrize("name", ["质量 强国 纲要.txt", "my policy  doc (final).txt", "２０２３年 意见.txt",
                                  "..txt", "---.txt", "Policy_DOC.TXT"])
def test_file_names_with_spaces_or_chinese_get_an_ascii_slug(name):
    doc, _ = parse_bytes(GOOD.encode(), name)
    slug = resolve_meta(doc, None, [], set())[0].slug
    assert slug.isascii() and SLUG_RE.match(slug), slug


# --------------------------------------------------------------------------- the whole site
@pytest.fixture(scope="module")
def broken_seeds_site(tmp_path_factory):
    seeds = {
        "good.txt": GOOD.encode(),
        "繁體 文件.txt": TRADITIONAL.encode(),
        "质量 政策 2023.txt": GOOD.replace("加强", "推进").encode("gbk"),
        "utf16 doc.txt": codecs.BOM_UTF16_LE + GOOD.replace("加强", "改进").encode("utf-16-le"),
        "chaos.txt": CHAOS.encode(),
        "empty.txt": b"",
        "blank.txt": "  \n\u3000\n".encode(),
        "scan.txt": PNG,
        "damaged.txt": GOOD.encode() + b"\xff\xfe" + GOOD.encode(),
        # two names that reduce to the same ASCII slug: the second must not overwrite the first
        "my policy.txt": GOOD.replace("加强", "完善").encode(),
        "my-policy.txt": GOOD.replace("加强", "健全").encode(),
    }
    return build_site(tmp_path_factory.mktemp("broken"), seeds)


def test_broken_documents_are_skipped_and_the_exit_status_says_so(broken_seeds_site):
    built = broken_seeds_site
    assert built.exit_code == 1
    skipped = [line for line in built.stderr.splitlines() if line.startswith("skipped: ")]
    assert sorted(line.split(":")[1].strip() for line in skipped) == [
        "blank.txt", "damaged.txt", "empty.txt", "scan.txt"]
    damaged = next(line for line in skipped if "damaged.txt" in line)
    assert f"damaged.txt:{GOOD.count(chr(10)) + 1}: invalid UTF-8 at byte offset {len(GOOD.encode())}" in damaged
    assert "(4 skipped)" in built.stdout


def test_the_rest_of_the_site_still_builds(broken_seeds_site):
    built = broken_seeds_site
    documents = built.json("data/documents.json")
    assert sorted(d["source"] for d in documents) == sorted(
        ["good.txt", "繁體 文件.txt", "质量 政策 2023.txt", "utf16 doc.txt", "chaos.txt", "my policy.txt",
         "my-policy.txt"])
    assert len({d["slug"] for d in documents}) == len(documents)
    for record in documents:
        assert record["slug"].isascii() and SLUG_RE.match(record["slug"])
        assert (built.site / record["slug"] / "index.html").is_file()
    encodings = {d["source"]: d["encoding"] for d in documents}
    assert encodings["质量 政策 2023.txt"] == "gb18030" and encodings["utf16 doc.txt"] == "utf-16"


def test_warnings_name_file_and_line(broken_seeds_site):
    stderr = broken_seeds_site.stderr
    assert "warning: chaos.txt:4: （一） 与上一条款编号相同 — 为其中一条重新编号" in stderr
    report = json.loads((broken_seeds_site.site / "data" / "build-report.json").read_text(encoding="utf-8"))
    [encoding] = [w for w in report["warnings"] if w["code"] == "encoding" and w["location"] == "质量 政策 2023.txt"]
    assert encoding["message"] == "decoded as gb18030" and encoding["hint"].startswith("convert the file to UTF-8")


def test_traditional_text_is_on_the_page_and_in_the_search_index(broken_seeds_site):
    built = broken_seeds_site
    slug = next(d["slug"] for d in built.json("data/documents.json") if d["source"] == "繁體 文件.txt")
    assert "堅持質量第一，效益優先，推動經濟高質量發展。" in built.page(slug)
    assert "堅持質量第一，效益優先，推動經濟高質量發展。" in built.search_text()
