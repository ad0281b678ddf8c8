"""The console during a build: a line per stage with counts and time, details with --verbose."""
from __future__ import annotations

import io


from builder import progress
from builder.__main__ import main


STAGE_LINES = ("读取与解析: 5 份", "抽取:", "生成页面:", "MkDocs 页面:", "发布:")


def test_a_build_prints_a_line_per_stage_and_no_line_per_document(project, no_mkdocs, capsys):
    assert main(["build"]) == 0
    captured = capsys.readouterr()
    for line in STAGE_LINES:
        assert line in captured.err, line
    assert "000_d096d3cf19f2bb3f.txt ->" not in captured.err + captured.out
    assert captured.out.startswith("Built 5 documents")


def test_verbose_adds_the_documents_and_quiet_keeps_only_the_result(project, no_mkdocs, capsys):
    assert main(["build", "--verbose"]) == 0
    assert "000_d096d3cf19f2bb3f.txt -> /hi-quality-opinion-draft-2023/" in capsys.readouterr().err
    assert main(["build", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert not any(line in captured.err for line in STAGE_LINES)
    assert captured.out.startswith("Built 5 documents")


def test_many_warnings_are_summed_up_on_the_console(project, no_mkdocs, capsys):
    for k in range(30):  # each starts mid-way: one warning per file
        (project / "seeds" / f"extra{k:02}.txt").write_text(f"关于第{k}号的通知\n（二）第二项内容。\n（三）第三项内容。\n",
                                                          encoding="utf-8")
    main(["build"])
    err = capsys.readouterr().err
    assert err.count("\nwarning: ") <= 21 and "more warnings: see the build report" in err


def test_on_a_terminal_stages_are_bars_with_counts():
    stream = io.StringIO()
    with progress.reporting(progress.Reporter(progress.NORMAL, stream, terminal=True)):
        with progress.stage("documents", 3, "份"):
            for _ in range(3):
                progress.advance()
        with progress.stage("search"):
            pass
    out = stream.getvalue()
    assert "读取与解析" in out and "3/3" in out and "搜索索引" in out


def test_without_a_reporter_stages_say_nothing(capsys):
    with progress.stage("documents", 2, "份"):
        progress.advance()
        progress.detail("x")
    assert capsys.readouterr() == ("", "")


def after_an_edit(terminal: bool) -> str:
    """What the console shows of an edit's stages: MkDocs made 2 pages and kept 66, and so on."""
    stream = io.StringIO()
    with progress.reporting(progress.Reporter(progress.NORMAL, stream, terminal=terminal)):
        with progress.stage("mkdocs", unit="页"):
            progress.kept(66)
            progress.advance(2)
        with progress.stage("render", unit="个文件"):
            progress.kept(94)
        with progress.stage("search", unit="组"):
            progress.advance(8)
    return stream.getvalue()


def test_a_stage_says_apart_what_it_made_and_what_it_kept():
    """After an edit the line says how little was made, not the library's size."""
    lines = after_an_edit(terminal=False).splitlines()
    assert lines[0].startswith("MkDocs 页面: 2 页（66 页未变）, ")
    assert lines[1].startswith("生成页面: 0 个文件（94 个文件未变）, ")
    assert lines[2].startswith("搜索索引: 8 组, ")


def test_a_bar_shows_what_it_kept():
    shown = after_an_edit(terminal=True)
    assert "66 页未变" in shown and "94 个文件未变" in shown


def test_a_line_break_in_a_name_never_starts_a_line_of_its_own():
    stream = io.StringIO()
    reporter = progress.Reporter(progress.VERBOSE, stream, terminal=False)
    reporter.detail("  x\nerror: fake.txt -> /x/")
    assert stream.getvalue() == "  x\\x0aerror: fake.txt -> /x/\n"
