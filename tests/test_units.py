"""The unit-cost library, KPI conversion and unit references in scenarios."""

from __future__ import annotations

import math
import tomllib

import pytest

from sekalk.errors import ScenarioError
from sekalk.scenario import loads
from sekalk.units import (
    TIME_BASES,
    get_unit,
    kpi_factor,
    load_kpi,
    load_units,
    parse_units,
    per_factor,
    resolve_ref,
    search_units,
)

from .conftest import ROOT


def test_library_has_at_least_twenty_sourced_units():
    units = load_units()
    assert len(units) >= 20
    assert len({u.id for u in units}) == len(units)


@pytest.mark.parametrize("unit", load_units(), ids=lambda u: u.id)
def test_every_unit_is_sourced_and_ordered(unit):
    assert unit.sources
    assert all(s.startswith(("http://", "https://")) for s in unit.sources)
    assert unit.low <= unit.likely <= unit.high
    assert unit.note.strip()
    assert unit.label_sv.strip() and unit.label_en.strip()
    assert unit.price_year in load_kpi() or unit.kind == "rate"


def test_parse_units_rejects_unordered_and_unsourced():
    base = {
        "id": "x",
        "label_sv": "x",
        "label_en": "x",
        "unit": "day",
        "low": 1,
        "likely": 3,
        "high": 2,
        "price_year": 2020,
        "kind": "resource",
        "payer": "kommun",
        "source": "https://example.org",
        "note": "n",
        "evidence": "experience",
    }
    with pytest.raises(ScenarioError, match="low <= likely <= high"):
        parse_units({"unit": [base]})
    with pytest.raises(ScenarioError, match="source URLs"):
        parse_units({"unit": [{**base, "high": 4, "source": "a report"}]})


def test_kpi_table_matches_the_data_file():
    doc = tomllib.loads((ROOT / "sekalk/data/kpi_se.toml").read_text(encoding="utf-8"))
    assert load_kpi()[2018] == 328.40
    assert load_kpi()[2022] == 371.91
    assert len(load_kpi()) == len(doc["annual"]) == 36


def test_kpi_factor_by_hand():
    # KPI 2022 = 371.91, KPI 2018 = 328.40 (sekalk/data/kpi_se.toml)
    assert kpi_factor(2018, 2022) == pytest.approx(371.91 / 328.40, rel=1e-15)
    assert kpi_factor(2018, 2022) == pytest.approx(1.132491, abs=1e-6)
    assert kpi_factor(2022, 2018) == pytest.approx(328.40 / 371.91, rel=1e-15)
    assert kpi_factor(2020, 2020) == 1.0
    with pytest.raises(ScenarioError, match="no KPI annual average for 2024"):
        kpi_factor(2018, 2024)


def test_per_factor():
    day, month, year = (
        get_unit("hvb_varddygn"),
        get_unit("resursforskola_manad"),
        get_unit("hvb_ar"),
    )
    assert per_factor(day, "year") == 365.0
    assert per_factor(day, "day") == 1.0
    assert per_factor(month, "year") == pytest.approx(12.0, rel=1e-15)
    assert per_factor(year, "month") == pytest.approx(1 / 12, rel=1e-15)
    assert per_factor(get_unit("grundskola_elev_ar"), "year") == 1.0  # person-year
    assert set(TIME_BASES) == {"day", "month", "year"}
    with pytest.raises(ScenarioError, match="no time base"):
        per_factor(get_unit("bbic_utredning"), "year")
    with pytest.raises(ScenarioError, match="did you mean 'year'"):
        per_factor(day, "yaer")


def test_resolve_ref_day_to_year_with_kpi_by_hand():
    # hvb_varddygn: 1 100 / 4 500 / 8 400 SEK per day in 2018 prices
    table = resolve_ref({"ref": "hvb_varddygn", "per": "year"}, price_year=2022, path="a")
    f = 365 * 371.91 / 328.40
    assert table["dist"] == "pert"
    # rounded to whole kronor: 4 500 x 365 x 1.132491 = 1 860 116.25 -> 1 860 116
    assert table["min"] == round(1100 * f)
    assert table["mode"] == round(4500 * f) == 1_860_116
    assert table["max"] == round(8400 * f)
    # KPI 2022 / KPI 2018 = 371.91 / 328.40 = 1.13249...; the note in the default language (sv)
    assert table["note"] == (
        "hvb_varddygn: 1 100 / 4 500 / 8 400 kr per dag (2018 års priser) × 365 per år; "
        "omräknad från 2018 med KPI-faktor 1,1325"
    )
    en = resolve_ref({"ref": "hvb_varddygn", "per": "year"}, price_year=2022, path="a", lang="en")
    assert en["note"] == (
        "hvb_varddygn: 1,100 / 4,500 / 8,400 SEK per day (2018 prices) × 365 per year; "
        "converted from 2018 with KPI factor 1.1325"
    )
    assert {k: v for k, v in en.items() if k != "note"} == {
        k: v for k, v in table.items() if k != "note"
    }
    assert table["source"] == get_unit("hvb_varddygn").source
    assert table["evidence"] == "experience"  # press reports of municipal costs


def test_resolve_ref_options():
    tri = resolve_ref(
        {"ref": "hvb_ar", "dist": "triangular", "evidence": "experience", "source": "own"},
        price_year=2018,
        path="a",
    )
    assert (tri["dist"], tri["min"], tri["mode"], tri["max"]) == (
        "triangular",
        401500,
        1642500,
        3066000,
    )
    assert (tri["evidence"], tri["source"]) == ("experience", "own")
    assert "KPI-faktor 1,0000" in tri["note"]
    uni = resolve_ref({"ref": "hvb_ar", "dist": "uniform"}, price_year=2018, path="a")
    assert (uni["min"], uni["max"]) == (401500, 3066000) and "mode" not in uni


@pytest.mark.parametrize(
    ("table", "path", "message"),
    [
        ({"ref": "hvb_vardygn"}, "a.ref", "did you mean 'hvb_varddygn'"),
        ({"ref": "andel_neet_24"}, "a.ref", "is a rate"),
        ({"ref": "hvb_ar", "dist": "normal"}, "a.dist", "pert, triangular, uniform"),
        ({"ref": "hvb_ar", "price_year": 2020}, "a.price_year", "differs"),
        ({"ref": "hvb_ar", "scale": 2}, "a.scale", "unknown key"),
        ({"ref": "bbic_utredning", "per": "year"}, "a.per", "no time base"),
    ],
)
def test_resolve_ref_errors(table, path, message):
    with pytest.raises(ScenarioError, match=message) as err:
        resolve_ref(table, price_year=2022, path="a")
    assert err.value.path == path


REF_TOML = """
[scenario]
title = "Ref"
price_year = 2022
horizon_years = 5

[intervention]
years = [0, 0]
participants_per_year = 10

[[intervention.costs]]
id = "place"
label = "Preschool place"
payer = "kommun"
years = [0, 0]
annual = { ref = "forskola_barn_ar", dist = "uniform" }

[[outcomes]]
id = "placed"
label = "Placed in residential care"
lag = 1
baseline_risk = 0.1
effect = { relative_risk = 0.5 }

  [[outcomes.consequences]]
  id = "hvb"
  label = "HVB"
  kind = "resource"
  payer = "kommun"
  duration = 1
  annual = { ref = "hvb_varddygn", per = "year", price_year = 2022, note = "one year" }
"""


def test_scenario_with_references():
    sc = loads(REF_TOML)
    params = sc.parameters
    hvb = params["outcomes.placed.consequences.hvb.annual"].distribution
    assert hvb.kind == "pert"
    f = 365 * 371.91 / 328.40
    assert hvb.mean == pytest.approx((round(1100 * f) + 4 * round(4500 * f) + round(8400 * f)) / 6)
    assert hvb.note.startswith("one year (hvb_varddygn: 1 100 / 4 500 / 8 400 kr per dag (")
    # An English scenario gets the note in English, numbers with English separators.
    en = loads(REF_TOML.replace("horizon_years = 5", 'horizon_years = 5\nlanguage = "en"'))
    note = en.parameters["outcomes.placed.consequences.hvb.annual"].distribution.note
    assert note == (
        "one year (hvb_varddygn: 1,100 / 4,500 / 8,400 SEK per day (2018 prices) × 365 per "
        "year; converted from 2018 with KPI factor 1.1325)"
    )
    assert hvb.source == get_unit("hvb_varddygn").source
    place = params["intervention.costs.place.annual"].distribution
    unit = get_unit("forskola_barn_ar")
    f = kpi_factor(unit.price_year, 2022)
    assert place.kind == "uniform"
    assert place.support == (round(unit.low * f), round(unit.high * f))


def test_scenario_reference_error_has_file_and_path():
    bad = REF_TOML.replace('per = "year", price_year = 2022', 'per = "week"')
    with pytest.raises(ScenarioError) as err:
        loads(bad, file="s.toml")
    line = next(i for i, t in enumerate(bad.splitlines(), 1) if 'per = "week"' in t)
    assert err.value.line == line
    assert str(err.value).startswith(f"s.toml:{line}: outcomes.placed.consequences.hvb.annual.per:")
    assert "per can be: day, month, year" in str(err.value)


def test_search_units_ignores_case_and_diacritics():
    found = [u.id for u in search_units("HVB vårddygn")]
    assert found[0] == "hvb_varddygn"
    assert [u.id for u in search_units("hvb VARDDYGN")] == found
    assert "familjehem_dygn" not in found
    assert len(search_units("")) == len(load_units())
    assert search_units("no such thing at all") == ()


def test_units_to_dict_round_trip():
    d = get_unit("hvb_ar").to_dict()
    assert d["sources"] == list(get_unit("hvb_ar").sources)
    assert math.isclose(d["likely"], 1642500)


def test_example_scenarios_use_unit_references():
    from sekalk.scenario import load

    using = []
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        notes = [p.distribution.note or "" for p in load(path).iter_parameters()]
        if any("med KPI-faktor" in n for n in notes):  # the examples are in Swedish
            using.append(path.name)
    assert len(using) >= 2, using


def test_reference_only_for_amounts():
    bad = REF_TOML.replace("baseline_risk = 0.1", 'baseline_risk = { ref = "hvb_ar" }')
    with pytest.raises(ScenarioError, match="only allowed for amounts") as err:
        loads(bad)
    assert err.value.path == "outcomes.placed.baseline_risk.ref"


def test_override_with_a_reference_uses_the_scenario_price_year():
    sc = loads(REF_TOML)
    pid = "outcomes.placed.consequences.hvb.annual"
    new = sc.with_overrides({pid: {"ref": "hvb_ar", "dist": "triangular"}})
    dist = new.parameters[pid].distribution
    f = 371.91 / 328.40  # KPI 2022 / KPI 2018
    assert dist.kind == "triangular"
    assert dist.support == (round(401500 * f), round(3066000 * f))
    assert "omräknad från 2018 med KPI-faktor 1,1325" in dist.note  # the scenario's language


def test_every_unit_states_an_evidence_grade_that_fits_its_sources():
    from sekalk.distributions import EVIDENCE_GRADES

    official = (
        "scb.se",
        "skolverket.se",
        "socialstyrelsen.se",
        "skatteverket.se",
        "mi.se",
        "regionfakta.com",
        "statistik.stockholm.se",
        "folkhalsomyndigheten.se",
        "issuu.com",
        "ts.fi",
        "talouselama.fi",
    )
    for u in load_units():
        assert u.evidence in EVIDENCE_GRADES, u.id
        if u.evidence == "research":
            # at least one source is official statistics or a registry study
            assert any(dom in u.source for dom in official), u.id
        assert len({s.lower() for s in u.source.split()}) == len(u.source.split()), u.id
