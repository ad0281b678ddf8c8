"""A page's key is a digest of the function that makes it and of that function's arguments
(model.Page, incremental/docs_folder.py): what a page is made from cannot be left out of its key."""
from __future__ import annotations

import pytest

from builder.incremental.digest import Digests
from builder.incremental.docs_folder import DocsFolder
from builder.incremental.store import Store
from builder.model import Clause, Document, DocumentMeta, Page, SourceText, content


def shout(text: str) -> str:
    return text.upper()


def document() -> Document:
    meta = DocumentMeta(slug="d", source="d.txt", title="文件")
    clauses = [Clause(anchor="p1", kind="paragraph", level=1, number="", title="", text="正文", parent=None,
                      line=1, end_line=1)]
    return Document(meta, SourceText("d.txt", "utf-8", "", []), "文件", "", clauses)


@pytest.fixture
def folder(tmp_path):
    def make(code: str = "templates-1") -> DocsFolder:
        return DocsFolder(tmp_path / "docs", store, code)
    store = Store(tmp_path / "cache")
    return make


def finish(out: DocsFolder) -> None:
    out.finish()


def test_a_page_is_made_again_exactly_when_its_arguments_change(folder):
    out = folder()
    out.write_pages([Page("a.md", shout, ("a",)), Page("b.md", shout, ("b",))])
    finish(out)
    again = folder()
    again.write_pages([Page("a.md", shout, ("a",)), Page("b.md", shout, ("b2",))])
    finish(again)
    assert again.kept == ["a.md"] and again.written == ["b.md"]
    assert (again.folder / "b.md").read_text() == "B2"


def test_other_templates_make_every_page_again(folder):
    out = folder("templates-1")
    out.write_pages([Page("a.md", shout, ("a",))])
    finish(out)
    other = folder("templates-2")
    other.write_pages([Page("a.md", shout, ("a",))])
    assert other.written == ["a.md"]


class Suffix:
    def __init__(self, suffix: str):
        self.suffix = suffix

    def add(self, text: str) -> str:
        return text + self.suffix

    def __call__(self, text: str) -> str:
        return text + self.suffix


@pytest.mark.parametrize("make", [lambda text: text, (lambda suffix: (lambda text: text + suffix))("!"),
                                  Suffix("!").add, Suffix("!")], ids=["lambda", "closure", "method", "object"])
def test_a_page_made_by_a_lambda_closure_method_or_object_is_refused(folder, make):
    """Values a nested function or an object reads from outside its arguments are in no key:
    such a page could go stale."""
    with pytest.raises(TypeError, match="module-level function"):
        folder().write_pages([Page("a.md", make, ("a",))])


def test_a_page_that_reads_others_is_made_after_them_and_from_their_bytes(folder):
    out = folder()
    out.write_pages([Page("joined.txt", _join, reads=("x.txt", "y.txt")),
                     Page("x.txt", content, ("x",)), Page("y.txt", content, ("y",))])
    assert (out.folder / "joined.txt").read_bytes() == b"x|y"
    finish(out)
    again = folder()
    again.write_pages([Page("joined.txt", _join, reads=("x.txt", "y.txt")),
                       Page("x.txt", content, ("x",)), Page("y.txt", content, ("y2",))])
    assert "joined.txt" in again.written and (again.folder / "joined.txt").read_bytes() == b"x|y2"


def _join(*parts: bytes) -> bytes:
    return b"|".join(parts)


def test_digests_do_not_depend_on_shared_objects_or_on_a_document_lookup_table():
    text = "".join(["正文"] * 3)
    shared = [text, text]
    assert Digests().of((shared,)) == Digests().of(([text, "".join(["正文"] * 3)],))
    doc = document()
    before = Digests().of((doc,))
    doc.clause("p1")  # fills the document's lookup table
    assert Digests().of((doc,)) == before
    doc.clauses[0].text = "正文改了"
    assert Digests().of((doc,)) != before
    assert Digests().of(({"doc": doc},)) != Digests().of(({"doc": document()},))


def test_a_link_planted_in_the_folder_is_replaced_never_written_through(folder, tmp_path):
    victim, elsewhere = tmp_path / "victim.txt", tmp_path / "elsewhere"
    victim.write_text("precious notes", encoding="utf-8")
    elsewhere.mkdir()
    out = folder()
    out.write_pages([Page("a.md", shout, ("a",)), Page("sub/b.md", shout, ("b",))])
    finish(out)
    (out.folder / "a.md").unlink()
    (out.folder / "a.md").symlink_to(victim)
    (out.folder / "sub" / "b.md").unlink()
    (out.folder / "sub").rmdir()
    (out.folder / "sub").symlink_to(elsewhere, target_is_directory=True)
    again = folder()
    again.write_pages([Page("a.md", shout, ("a",)), Page("sub/b.md", shout, ("b",))])
    assert victim.read_text(encoding="utf-8") == "precious notes" and not any(elsewhere.iterdir())
    assert (again.folder / "a.md").read_text() == "A" and not (again.folder / "a.md").is_symlink()
    assert (again.folder / "sub" / "b.md").read_text() == "B" and not (again.folder / "sub").is_symlink()
