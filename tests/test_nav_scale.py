"""A large jurisdiction's documents go into year sections so every page's nav stays small."""
from __future__ import annotations

from builder.model import Document, DocumentMeta, SourceText
from builder.render import NAV_SECTION_MAX, nav_section


def documents(count: int) -> list[Document]:
    docs = []
    for k in range(count):
        meta = DocumentMeta(slug=f"doc-{k}", source=f"{k}.txt", title=f"文件{k}",
                            date=f"{2025 - k // 10}-01-01" if k < count - 1 else "")
        docs.append(Document(meta, SourceText(meta.source, "utf-8", "", []), meta.title, "", []))
    return docs


def test_small_jurisdiction_lists_documents_directly():
    entries = nav_section(documents(NAV_SECTION_MAX))
    assert [list(e.values())[0] for e in entries] == [f"doc-{k}/index.md" for k in range(NAV_SECTION_MAX)]


def test_large_jurisdiction_groups_by_year_keeping_every_document_in_order():
    count = NAV_SECTION_MAX + 11
    sections = nav_section(documents(count))
    names = [list(s)[0] for s in sections]
    assert names == ["2025年", "2024年", "2023年", "2022年", "日期不详"]
    assert all(len(list(s.values())[0]) <= 10 for s in sections)
    pages = [list(e.values())[0] for s in sections for e in list(s.values())[0]]
    assert pages == [f"doc-{k}/index.md" for k in range(count)]
