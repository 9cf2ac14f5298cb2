"""Catalogue completeness: every key in both languages; every unit and kind has a label."""

from __future__ import annotations

from sekalk.report.i18n import has
from sekalk.units import UNIT_KINDS, load_units


def test_every_unit_and_kind_of_the_library_has_labels():
    for u in load_units():
        if u.kind != "rate":
            assert has(f"unit.{u.unit}"), u.unit
    for kind in UNIT_KINDS:
        assert has(f"kind.{kind}")
