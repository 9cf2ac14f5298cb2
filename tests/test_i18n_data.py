"""Catalogue completeness: every key in both languages; every unit and kind has a label."""

from __future__ import annotations

from sekalk.report.i18n import CATALOGUE
from sekalk.units import UNIT_KINDS, load_units


def test_every_unit_and_kind_of_the_library_has_labels():
    for u in load_units():
        if u.kind != "rate":
            assert f"unit.{u.unit}" in CATALOGUE, u.unit
    for kind in UNIT_KINDS:
        assert f"kind.{kind}" in CATALOGUE
