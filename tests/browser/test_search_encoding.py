"""The search box on a site of its own: a text that holds the index form of a Han word
(builder/pagefind.py bigrams) is not found by a search for that word."""
from __future__ import annotations

import pytest

from builder.pagefind import han_word

from ..hostile_build import build_site
from .conftest import serving
from .test_search import search

REAL = "关于改善空气质量的通知\n一、总则\n持续改善空气质量。\n"
FORGED = f"关于编码的通知\n一、总则\n代码{han_word('空气')}照原样显示。\n"
DOCUMENTS = """
documents:
  - {slug: real-doc, source: real.txt, title: 关于改善空气质量的通知, jurisdiction: 国家}
  - {slug: forged-doc, source: forged.txt, title: 关于编码的通知, jurisdiction: 国家}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    built = build_site(tmp_path_factory.mktemp("encoding"),
                       {"real.txt": REAL.encode(), "forged.txt": FORGED.encode()}, DOCUMENTS)
    assert built.exit_code == 0, built.stderr
    return built.site


@pytest.fixture(scope="module")
def base_url(site):
    with serving(site) as url:  # conftest's base_url serves site/; this module, its own
        yield url


def test_the_literal_index_form_of_a_han_word_does_not_match_it(page, base_url):
    page.goto(base_url)
    found = search(page, base_url, "空气")
    assert "real-doc#s1" in found
    assert not [url for url in found if url.startswith("forged-doc")], found
    assert "forged-doc#s1" in search(page, base_url, han_word("空气"))  # letters and digits are still found
