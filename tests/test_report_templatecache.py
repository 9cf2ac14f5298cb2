"""The compiled-template cache: the same page with or without it, whatever is in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sekalk.report.html import render_report
from sekalk.report.templatecache import template_cache
from sekalk.simulation import simulate

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "scenarios" / "foraldrastod_fullfoljda_studier.toml"
)


@pytest.fixture(scope="module")
def result():
    return simulate(EXAMPLE, draws=2000, seed=2, keep_flows=True)


def test_cached_templates_give_the_same_page(result, tmp_path, monkeypatch):
    monkeypatch.setenv("SEKALK_NO_CACHE", "1")
    assert template_cache() is None
    fresh = render_report(result, lang="sv")
    monkeypatch.delenv("SEKALK_NO_CACHE")
    monkeypatch.setenv("SEKALK_CACHE_DIR", str(tmp_path))
    first = render_report(result, lang="sv")  # compiles and stores
    entries = sorted((tmp_path / "templates").iterdir())
    assert entries  # the report template and the ones it includes
    second = render_report(result, lang="sv")  # read back
    assert first == second == fresh
    # damaged entries (cut short, or garbage after a valid start) are compiled again
    for i, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if i % 2 else data[:12] + b"\x00garbage" * 9)
    assert render_report(result, lang="sv") == fresh
    assert render_report(result, lang="sv") == fresh  # and rewritten whole


def test_an_unusable_cache_folder_only_means_compiling(result, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SEKALK_CACHE_DIR", str(blocker))
    assert template_cache() is None
    monkeypatch.setenv("SEKALK_NO_CACHE", "1")
    fresh = render_report(result, lang="en")
    monkeypatch.delenv("SEKALK_NO_CACHE")
    assert render_report(result, lang="en") == fresh
