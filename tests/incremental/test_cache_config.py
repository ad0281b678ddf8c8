"""The validated config is cached, but only while what validating it read is unchanged, and a
broken config is never cached: its errors are reported on every build, as without a cache."""
from __future__ import annotations

import pytest

import builder.build as build_module
from builder.build import load_settings
from builder.incremental import Incremental
from builder.config import load_config
from builder.model import BuildError

from ..conftest import ROOT
from ..hostile_build import make_config, write_seeds

DOCUMENTS = ("documents:\n"
             "  - slug: doc-a\n    source: a.txt\n    title: 文件甲\n    jurisdiction: 国家\n"
             "  - slug: doc-b\n    source: b.txt\n    title: 文件乙\n    jurisdiction: 国家\n")
TOPICS = "topics:\n  - slug: metrology\n    name: 计量\n    keywords: [计量, 校准]\n"


def test_config_is_cached_until_a_file_or_the_seed_names_change(tmp_path, monkeypatch):
    config = make_config(tmp_path / "config", DOCUMENTS, topics=TOPICS)
    seeds = write_seeds(tmp_path / "seeds", {"a.txt": "文件甲\n".encode(), "b.txt": "文件乙\n".encode()})
    loads = []
    monkeypatch.setattr(build_module, "load_config", lambda *args: loads.append(args) or load_config(*args))

    def settings():  # as a later build does: a new Incremental on the same folder
        return load_settings(config, seeds, ROOT / "mkdocs.yml", Incremental(tmp_path / "cache"))

    first = settings()
    assert settings() == first and len(loads) == 1  # taken from the cache
    (seeds / "a.txt").write_text("文件甲（修订）\n", encoding="utf-8")
    assert settings() == first and len(loads) == 1  # a seed's text is not the config's business

    (config / "topics.yml").write_text(TOPICS.replace("校准", "检定"), encoding="utf-8")
    assert settings()[0].topics[0].keywords == ("计量", "检定") and len(loads) == 2

    (seeds / "b.txt").unlink()  # documents.yml names a file that is gone: an error, cache or not
    for _ in range(2):  # never cached, so reported again
        with pytest.raises(BuildError, match="source file 'b.txt' not found"):
            settings()
    assert len(loads) == 4


def test_a_broken_config_is_reported_on_every_build(tmp_path):
    config = make_config(tmp_path / "config", DOCUMENTS + "  - slug: [doc-c\n")
    seeds = write_seeds(tmp_path / "seeds", {"a.txt": "文件甲\n".encode(), "b.txt": "文件乙\n".encode()})
    for _ in range(2):
        with pytest.raises(BuildError) as error:
            load_settings(config, seeds, ROOT / "mkdocs.yml", Incremental(tmp_path / "cache"))
        assert error.value.file == str(config / "documents.yml") and error.value.line == 10
    assert not (tmp_path / "cache").exists()
