"""The message catalogue: every key in Swedish and English, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from sekalk.report.i18n import CATALOGUE


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    entry = CATALOGUE[key]
    assert set(entry) >= {"sv", "en"}
    assert entry["sv"].strip() and entry["en"].strip()
    assert _fields(entry["sv"]) == _fields(entry["en"])
