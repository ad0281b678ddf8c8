"""Shared fixtures: parsed seeds and one built site for the whole test session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import builder.build as build_module
from builder.build import build
from builder.pipeline import give_meta, read_and_parse
from builder.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
CONFIG = ROOT / "site_config"


@pytest.fixture(scope="session")
def config():
    return load_config(CONFIG, SEEDS)


def parse_file(path: Path, config):
    doc = read_and_parse(path, config.chrome)[0]
    give_meta(doc, config, {m.slug for m in config.documents})
    return doc


@pytest.fixture(scope="session")
def seed_docs(config):
    return {p.name[:3]: parse_file(p, config) for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def corpus_docs(config):
    return {p.name[:2]: parse_file(p, config) for p in sorted(FIXTURES.glob("*.txt"))}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Build the real seeds once into a temporary site folder."""
    work = tmp_path_factory.mktemp("build")
    result = build(SEEDS, CONFIG, work / "site", work / "build", ROOT / "mkdocs.yml", log=lambda *_: None)
    return work / "site", result


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project's inputs in a folder of its own, as the current folder."""
    for name in ("seeds", "site_config"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def no_mkdocs(monkeypatch):
    """Builds that stop short of mkdocs and Pagefind: these tests are about folders."""
    def fake_mkdocs(config_file, site_dir, incremental=False):
        site_dir.mkdir(parents=True, exist_ok=True)
        (site_dir / "index.html").write_text("built", encoding="utf-8")
    monkeypatch.setattr(build_module, "run_mkdocs", fake_mkdocs)
    monkeypatch.setattr(build_module, "uses_pagefind", lambda settings: False)
