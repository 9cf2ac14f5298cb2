"""The unit-cost library, KPI conversion and unit references in scenarios."""

from __future__ import annotations

import dataclasses
import math
import tomllib

import numpy as np
import pytest

from sekalk.errors import ScenarioError
from sekalk.report.labels import distribution_note, unit_derivation
from sekalk.scenario import loads
from sekalk.text.numbers import plain_spaces
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
from tests.conftest import sv_numbers

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
    table, derived = resolve_ref({"ref": "hvb_varddygn", "per": "year"}, price_year=2022, path="a")
    f = 365 * 371.91 / 328.40
    assert table["dist"] == "pert"
    # rounded to whole kronor: 4 500 x 365 x 1.132491 = 1 860 116.25 -> 1 860 116
    assert table["min"] == round(1100 * f)
    assert table["mode"] == round(4500 * f) == 1_860_116
    assert table["max"] == round(8400 * f)
    # the derivation is ids and numbers: KPI 2022 / KPI 2018 = 371.91 / 328.40 = 1.13249...
    assert "note" not in table  # the reference has no note of its own
    assert (derived.unit, derived.low, derived.likely, derived.high) == (
        "hvb_varddygn",
        1100,
        4500,
        8400,
    )
    assert (derived.unit_name, derived.price_year, derived.per) == ("day", 2018, "year")
    assert derived.per_factor == 365
    assert derived.kpi_factor == pytest.approx(371.91 / 328.40, rel=1e-12)
    assert derived.lang == "sv"  # the scenario's, for files and JSON documents
    # the faces put it into words in the reader's language
    assert unit_derivation(derived, "sv") == sv_numbers(
        "hvb_varddygn: 1 100 / 4 500 / 8 400 kr per dag (2018 års priser) × 365 per år; "
        "omräknad från 2018 med KPI-faktor 1,1325"
    )
    assert unit_derivation(derived, "en") == (
        "hvb_varddygn: 1,100 / 4,500 / 8,400 SEK per day (2018 prices) × 365 per year; "
        "converted from 2018 with KPI factor 1.1325"
    )
    en, derived_en = resolve_ref(
        {"ref": "hvb_varddygn", "per": "year"}, price_year=2022, path="a", lang="en"
    )
    assert en == table and dataclasses.replace(derived_en, lang="sv") == derived
    assert table["source"] == get_unit("hvb_varddygn").source
    assert table["evidence"] == "experience"  # press reports of municipal costs


def test_resolve_ref_options():
    tri, derived = resolve_ref(
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
    assert derived.kpi_factor == 1.0 and derived.per_factor == 1.0
    assert "KPI-faktor 1,0000" in unit_derivation(derived, "sv")
    uni, _ = resolve_ref({"ref": "hvb_ar", "dist": "uniform"}, price_year=2018, path="a")
    assert (uni["min"], uni["max"]) == (401500, 3066000) and "mode" not in uni


@pytest.mark.parametrize(
    ("table", "path", "message"),
    [
        ({"ref": "hvb_vardygn"}, "a.ref", "did you mean 'hvb_varddygn'"),
        ({"ref": "andel_neet_24"}, "a.ref", "is a rate"),
        ({"ref": "hvb_ar", "dist": "normal"}, "a.dist", "pert, triangular, uniform"),
        ({"ref": "hvb_ar", "price_year": 2020}, "a.price_year", "differs"),
        ({"ref": "hvb_ar", "scale": 2}, "a.scale", "unknown key"),
        ({"ref": "bbic_utredning", "per": "year"}, "a.per", "without a time base"),
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
    assert hvb.note == "one year"  # the author's own; how it was derived is data
    assert hvb.derived.unit == "hvb_varddygn" and hvb.derived.note == "one year"
    assert distribution_note(hvb).startswith(
        sv_numbers("one year (hvb_varddygn: 1 100 / 4 500 / 8 400 kr per dag (")
    )
    # An English reader gets it in English, numbers with English separators, without a
    # reload; an English scenario writes it in English where a file or JSON needs text.
    english = (
        "one year (hvb_varddygn: 1,100 / 4,500 / 8,400 SEK per day (2018 prices) × 365 per "
        "year; converted from 2018 with KPI factor 1.1325)"
    )
    assert distribution_note(hvb, "en") == english
    en = loads(REF_TOML.replace("horizon_years = 5", 'horizon_years = 5\nlanguage = "en"'))
    assert (
        distribution_note(en.parameters["outcomes.placed.consequences.hvb.annual"].distribution)
        == english
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
        notes = [distribution_note(p.distribution) or "" for p in load(path).iter_parameters()]
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
    assert dist.derived.unit == "hvb_ar"
    assert "omräknad från 2018 med KPI-faktor 1,1325" in distribution_note(dist)  # the file's
    # the JSON provenance record writes the note in the scenario's language, as before, with
    # plain spaces where the report puts no-break ones (1 100, not 1\u202f100)
    (record,) = (o.to_dict() for o in new.overrides)
    assert "1 100 / 4 500 / 8 400 kr per dag" in record["original"]["note"]
    assert record["original"]["note"] == plain_spaces(
        distribution_note(sc.parameters[pid].distribution)
    )
    assert record["note"] == plain_spaces(distribution_note(dist))


#: Every source domain of the library, classified (a new domain must be classified here).
OFFICIAL = {  # statistics agencies, authorities, official statistics republished by regions
    "scb.se",
    "skolverket.se",
    "socialstyrelsen.se",
    "skatteverket.se",
    "mi.se",
    "regionfakta.com",
    "statistik.stockholm.se",
    "folkhalsomyndigheten.se",
    "hh.vgregion.se",
    "fi.se",
}
SECONDARY = {  # press, press releases, document-sharing sites, blogs: at most experience
    "abcdocz.com",
    "docplayer.se",
    "issuu.com",
    "evawesterberg.blogspot.com",
    "hornudden.net",
    "hejaolika.se",
    "bergslagen.etc.se",
    "corren.se",
    "sverigesradio.se",
    "gp.se",
    "ts.fi",
    "talouselama.fi",
    "news.cision.com",
    "skandia.se",
    "nkmr.org",
    "vikanmittsverige.se",
    "ekonomifakta.se",
}


def _domain(url: str) -> str:
    from urllib.parse import urlparse

    host = urlparse(url).netloc.lower()
    return host.split(".", 1)[1] if host.startswith(("www.", "www4.")) else host


def test_every_unit_states_an_evidence_grade_that_fits_its_sources():
    from sekalk.distributions import EVIDENCE_GRADES

    for u in load_units():
        assert u.evidence in EVIDENCE_GRADES, u.id
        domains = {_domain(s) for s in u.sources}
        assert domains <= OFFICIAL | SECONDARY, (u.id, domains - OFFICIAL - SECONDARY)
        if u.evidence == "research":
            # research needs a published statistic or study, cited from its publisher
            assert domains & OFFICIAL, u.id
        if domains <= SECONDARY:
            assert u.evidence != "research", u.id
        assert len({s.lower() for s in u.source.split()}) == len(u.source.split()), u.id


def test_every_source_url_is_well_formed():
    from urllib.parse import urlparse

    for u in load_units():
        for url in u.sources:
            parts = urlparse(url)
            assert parts.scheme in ("http", "https"), (u.id, url)
            host = parts.netloc
            assert "." in host and not host.endswith(".") and ".." not in host, (u.id, url)
            assert host == host.strip() and not any(c.isspace() for c in url), (u.id, url)


def test_a_converted_currency_names_an_exchange_rate_source():
    fi = get_unit("livstid_endast_grundskola_fi")
    assert "toll." not in fi.source  # a customs transit value is no exchange-rate source
    assert any(_domain(s) == "fi.se" for s in fi.sources)
    # 230 000 / 300 000 / 370 000 EUR x 9.8650 SEK/EUR (Finansinspektionen), to thousands
    rate = 9.8650
    assert (fi.low, fi.likely, fi.high) == tuple(
        round(eur * rate, -3) for eur in (230_000, 300_000, 370_000)
    )
    for u in load_units():
        if "EUR" in u.note:
            assert "exchange rate" in u.note.lower(), u.id


# ---------------------------------------------------------------------------------------------
# one-off amounts: units without a time base


ONE_OFF_TOML = """
[scenario]
title = "One-off"
price_year = 2022
horizon_years = 30
discount_rate = 0.035

[intervention]
years = [0, 0]
participants_per_year = 10

[[intervention.costs]]
id = "staff"
label = "Staff"
payer = "kommun"
years = [0, 0]
annual = 100000

[[outcomes]]
id = "x"
label = "Outcome"
lag = 2
baseline_risk = 0.2
effect = { relative_risk = 0.5 }

  [[outcomes.consequences]]
  id = "once"
  label = "Investigation"
  kind = "resource"
  payer = "kommun"
  share = 0.5
  start = 1
  annual = { ref = "bbic_utredning" }
  duration = 1
"""


def test_every_unit_has_the_basis_its_unit_says():
    # written out independently of UnitCost.time_base: which unit names are per time
    per_time = {"day", "month", "year", "household-month", "household-year", "person-year"}
    once = {"case", "person-lifetime"}
    for u in load_units():
        if u.kind == "rate":
            assert u.basis == "rate", u.id
        elif u.unit in per_time:
            assert u.basis == "yearly", u.id
        else:
            assert u.unit in once, (u.id, u.unit)
            assert u.basis == "once", u.id
        assert u.to_dict()["basis"] == u.basis
    assert {u.id for u in load_units() if u.basis == "once"} >= {
        "bbic_utredning",
        "livstid_ej_gymnasieexamen",
        "livstid_varaktigt_utanforskap",
    }


def test_a_one_off_amount_is_booked_once_by_hand():
    from sekalk.simulation import simulate

    sc = loads(ONE_OFF_TOML)
    pid = "outcomes.x.consequences.once.annual"
    param = sc.parameters[pid]
    assert param.one_off and param.booked_years == 1
    # bbic_utredning: 24 450 / 30 561 / 36 670 SEK per case in 2015 prices, to 2022 with
    # KPI 371.91 / 313.35 (sekalk/data/kpi_se.toml), rounded to whole kronor
    f = 371.91 / 313.35
    assert param.distribution.support == (round(24450 * f), round(36670 * f))
    result = simulate(sc, draws=400, seed=3)
    amount = result.parameters[pid]
    # avoided outcomes A = 10 x 0.2 x (1 - 0.5) = 1, in year o = 0 + lag = 2; the consequence
    # starts one year later and lasts one year: the whole amount, once, in year 3
    expected = np.zeros_like(amount)
    for year in range(30):
        if 2 + 1 <= year < 2 + 1 + 1:
            expected += 1.0 * 0.5 * amount / 1.035**year
    benefits = result.output("pv_benefits", "society")
    np.testing.assert_allclose(benefits, expected, rtol=1e-12)
    assert np.all(benefits < amount)  # never more than the amount itself


@pytest.mark.parametrize(
    ("duration", "where_sv"),
    [
        ("", "varje år fram till horisonten"),  # no duration: until the horizon
        ("  duration = 20\n", "varje år i 20 år"),
    ],
)
def test_a_unit_without_time_base_over_several_years_is_refused(duration, where_sv):
    text = ONE_OFF_TOML.replace("  duration = 1\n", duration)
    path = "outcomes.x.consequences.once.annual.ref"
    with pytest.raises(ScenarioError) as err:
        loads(text, file="s.toml")
    assert err.value.path == path
    message = err.value.text(err.value.lang)  # in the scenario's language (Swedish by default)
    # the unit, its basis, and the two right ways
    assert "bbic_utredning" in message and "kr per ärende" in message
    assert where_sv in message
    assert "duration = 1" in message and "enhet per år" in message
    # in English for an English scenario
    en = text.replace("horizon_years = 30", 'horizon_years = 30\nlanguage = "en"')
    with pytest.raises(ScenarioError) as err:
        loads(en)
    assert "SEK per case" in err.value.text(err.value.lang) and "unit per year" in err.value.text(
        err.value.lang
    )
    assert "one-off amount" in err.value.text(err.value.lang)


def test_a_lifetime_unit_as_a_yearly_flow_is_refused_in_every_form():
    life = ONE_OFF_TOML.replace('ref = "bbic_utredning"', 'ref = "livstid_ej_gymnasieexamen"')
    assert loads(life).parameters["outcomes.x.consequences.once.annual"].one_off
    # the example: per = the unit's own name, duration = 20
    bad = life.replace(
        '{ ref = "livstid_ej_gymnasieexamen" }',
        '{ ref = "livstid_ej_gymnasieexamen", per = "person-lifetime" }',
    ).replace("duration = 1", "duration = 20")
    with pytest.raises(ScenarioError) as err:
        loads(bad)
    assert "kr per person och livstid" in err.value.text(err.value.lang)
    # per = "year" is refused with the same guidance, whatever the duration
    per_year = life.replace(
        '{ ref = "livstid_ej_gymnasieexamen" }',
        '{ ref = "livstid_ej_gymnasieexamen", per = "year" }',
    )
    with pytest.raises(ScenarioError) as err:
        loads(per_year)
    assert "engångsbelopp" in err.value.text(err.value.lang)
    assert err.value.path == "outcomes.x.consequences.once.annual.per"
    # a cost over several years
    cost = ONE_OFF_TOML.replace("annual = 100000", 'annual = { ref = "psykologutredning" }')
    assert loads(cost).parameters["intervention.costs.staff.annual"].one_off
    cost = cost.replace("years = [0, 0]\nannual", "years = [0, 2]\nannual")
    cost = cost.replace("years = [0, 0]\nparticipants", "years = [0, 2]\nparticipants")
    with pytest.raises(ScenarioError) as err:
        loads(cost)
    assert "varje år i 3 år" in err.value.text(err.value.lang)
    assert err.value.path == "intervention.costs.staff.annual.ref"


def test_continuation_and_spread_refuse_a_one_off_unit_over_several_years():
    base = ONE_OFF_TOML
    cont = base + (
        '\n[continuation]\nprobability = 0.5\nyears = {n}\npayer = "kommun"\n'
        'annual_cost = { ref = "bbic_utredning" }\n'
    )
    assert loads(cont.replace("{n}", "1")).parameters["continuation.annual_cost"].one_off
    with pytest.raises(ScenarioError) as err:
        loads(cont.replace("{n}", "4"))
    assert "varje år i 4 år" in err.value.text(err.value.lang)
    assert err.value.path == "continuation.annual_cost.ref"
    spread = base + (
        '\n[spread]\nunits = 2\nprobability = 0.5\nyears = {n}\npayer = "kommun"\n'
        'annual_cost = { ref = "bbic_utredning" }\n'
    )
    assert loads(spread.replace("{n}", "1")).parameters["spread.annual_cost"].one_off
    with pytest.raises(ScenarioError) as err:
        loads(spread.replace("{n}", "2"))
    assert err.value.path == "spread.annual_cost.ref"


def test_an_override_cannot_turn_a_yearly_amount_into_a_lifetime_flow():
    text = ONE_OFF_TOML.replace("duration = 1", "duration = 20")
    sc = loads(text.replace('{ ref = "bbic_utredning" }', '{ ref = "hvb_ar" }'))
    pid = "outcomes.x.consequences.once.annual"
    with pytest.raises(ScenarioError, match="livstid"):
        sc.with_overrides({pid: {"ref": "livstid_varaktigt_utanforskap"}})
    one = loads(ONE_OFF_TOML)
    new = one.with_overrides({pid: {"ref": "livstid_varaktigt_utanforskap"}})
    assert new.parameters[pid].one_off


def test_a_one_off_amount_is_named_so_in_reports():
    from sekalk.report.text import assumptions_table
    from sekalk.result import parameter_label
    from sekalk.simulation import simulate

    sc = loads(ONE_OFF_TOML)
    params = sc.parameters
    assert parameter_label(params["outcomes.x.consequences.once.annual"], "sv") == (
        "Investigation: engångsbelopp"
    )
    assert parameter_label(params["outcomes.x.consequences.once.annual"], "en") == (
        "Investigation: one-off amount"
    )
    assert parameter_label(params["intervention.costs.staff.annual"], "en") == (
        "Staff: one-off amount"
    )
    text = ONE_OFF_TOML.replace("duration = 1", "duration = 3")
    long = loads(text.replace('{ ref = "bbic_utredning" }', "5000"))
    assert parameter_label(long.parameters["outcomes.x.consequences.once.annual"], "en") == (
        "Investigation: annual amount"
    )
    table = assumptions_table(simulate(sc, draws=200, seed=1), "sv")
    assert "Investigation: engångsbelopp" in table


def test_units_command_shows_the_form_for_each_basis():
    from click.testing import CliRunner

    from sekalk.cli import main

    runner = CliRunner()
    for lang in ("sv", "en"):
        out = runner.invoke(main, ["units", "--lang", lang]).output
        blocks = out.split("\n\n")
        for u in load_units():
            block = next(b for b in blocks if b.startswith(f"{u.id}  "))
            yearly = f'annual = {{ ref = "{u.id}", per = "year" }}'
            once = f'annual = {{ ref = "{u.id}" }}'
            if u.basis == "yearly":
                assert yearly in block, u.id
            elif u.basis == "once":
                assert once in block and "duration = 1" in block and yearly not in block, u.id
            else:
                assert "ref =" not in block, u.id
        # no generic per = "year" line for every unit any more
        assert 'annual = { ref = "<id>", per = "year" }' not in out


def test_cli_refuses_the_lifetime_flow_with_exit_code_2(tmp_path):
    from click.testing import CliRunner

    from sekalk.cli import main

    bad = ONE_OFF_TOML.replace(
        '{ ref = "bbic_utredning" }',
        '{ ref = "livstid_ej_gymnasieexamen", per = "person-lifetime" }',
    ).replace("duration = 1", "duration = 20")
    path = tmp_path / "life.toml"
    path.write_text(bad, encoding="utf-8")
    for command in (["validate", str(path)], ["run", str(path), "--draws", "100"]):
        res = CliRunner().invoke(main, command)
        assert res.exit_code == 2, res.output
        assert "Traceback" not in res.output
        assert "outcomes.x.consequences.once.annual.ref" in res.output
        assert "livstid_ej_gymnasieexamen" in res.output and "duration = 1" in res.output


def test_a_price_year_without_a_kpi_figure_is_a_clear_error():
    # SCB's annual averages for 2024 and 2025 were not found in any stored copy (SOURCES.md),
    # so the table ends in 2023 and a later price year with a unit reference is refused.
    years = sorted(load_kpi())
    assert years[-1] == 2023
    text = ONE_OFF_TOML.replace("price_year = 2022", "price_year = 2025")
    with pytest.raises(ScenarioError) as err:
        loads(text, file="s.toml")
    assert err.value.path == "outcomes.x.consequences.once.annual.ref"
    assert "no KPI annual average for 2025" in err.value.message
    assert "1989-2023" in err.value.message
    # without unit references no conversion is needed: the same price year is fine
    plain = text.replace('annual = { ref = "bbic_utredning" }', "annual = 30000")
    assert loads(plain).settings.price_year == 2025


def test_a_year_added_to_the_kpi_table_converts_by_hand(monkeypatch):
    import sekalk.units as units

    # what adding one line to [annual] does: a test value, not SCB's figure
    table = {**load_kpi(), 2025: 420.0}
    monkeypatch.setattr(units, "load_kpi", lambda: table)
    text = ONE_OFF_TOML.replace("price_year = 2022", "price_year = 2025")
    dist = loads(text).parameters["outcomes.x.consequences.once.annual"].distribution
    # bbic_utredning: 24 450 / 30 561 / 36 670 SEK in 2015 prices; KPI 2015 = 313.35
    f = 420.0 / 313.35
    assert (dist.kind, dist.support) == ("pert", (round(24450 * f), round(36670 * f)))
    assert dist.mean == pytest.approx(
        (round(24450 * f) + 4 * round(30561 * f) + round(36670 * f)) / 6
    )


def test_report_writes_how_a_referenced_value_was_derived_in_the_readers_language():
    """The derivation is data: a Swedish scenario's English report says it in English."""
    from sekalk.report.html import render_report
    from sekalk.simulation import simulate

    sc = loads(REF_TOML)
    assert sc.settings.language == "sv"
    result = simulate(sc, draws=200, seed=1)
    en = render_report(result, lang="en")
    assert "converted from 2018 with KPI factor 1.1325" in en
    assert "omräknad" not in en and "KPI-faktor" not in en
    sv = render_report(result, lang="sv")
    assert "omräknad från 2018 med KPI-faktor 1,1325" in sv
    assert "converted from" not in sv
