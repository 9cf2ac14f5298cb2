"""The valuation basis: declared in the scenario, shown as declared, never claimed otherwise.

Every example scenario's report (HTML and terminal, Swedish and English) is checked against the
scenario's own file, read here with ``tomllib`` independently of the loader.
"""

from __future__ import annotations

import json
import tomllib

import pytest
from markupsafe import Markup

from sekalk.errors import ScenarioError
from sekalk.report.i18n import t
from sekalk.report.text import render_run
from sekalk.scenario import load, loads
from sekalk.scenario.schema import VALUATIONS
from sekalk.simulation import simulate

from .conftest import ROOT

EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))
LANGS = ("sv", "en")

#: The sentence every report used to carry, whatever the scenario assumed.
REMOVED_CLAIM = {
    "sv": "värderar den genomsnittliga skillnaden per undvikt utfall",
    "en": "values the average difference per avoided outcome",
}

#: Other sentences that asserted what the code does not check (who wrote the scenario, that
#: costs come before gains, that most inputs are ranges, thousands of draws, that a level
#: happens only in some draws, which actors a transfer runs between).
REMOVED_PHRASES = (
    "Kostnaderna kommer först",
    "Costs come first",
    "tusentals gånger",
    "thousands of times",
    "den sökandes bedömning",
    "applicant's judgement",
    "de flesta antaganden som ett spann",
    "most assumptions are given as a range",
    "de sker bara i en del av dragningarna",
    "happen only in some of the draws",
    "de syns hos kommunen och individen",
    "they show for the municipality and the individual",
)


def _declared(path):
    """(valuation, note) as the file itself says, without the loader."""
    doc = tomllib.loads(path.read_text(encoding="utf-8"))["scenario"]
    return doc.get("valuation"), doc.get("valuation_note")


@pytest.fixture(scope="module")
def fast_charts():
    """Render reports without drawing the charts (the claims are in the text)."""
    import sekalk.report.html as html

    mp = pytest.MonkeyPatch()
    mp.setattr(html.common, "svg", lambda *a, **k: Markup(""))
    for name in ("plot_npv", "plot_actors", "plot_logic", "plot_cashflow"):
        mp.setattr(html.plots, name, lambda *a, **k: None)
    yield html
    mp.undo()


def _faces(sc, html, lang):
    result = simulate(sc, draws=200, seed=1)
    return html.render_report(result, lang=lang), render_run(result, lang)


def _plain(text):
    """HTML text with the escaping undone (an apostrophe is &#39; in the page)."""
    import html as std

    return std.unescape(text)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_declares_a_valuation(path):
    valuation, note = _declared(path)
    assert valuation in VALUATIONS, path.name
    assert note, path.name
    sc = load(path)
    assert (sc.settings.valuation, sc.settings.valuation_note) == (valuation, note)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_report_says_what_its_file_declares(path, fast_charts):
    valuation, note = _declared(path)
    sc = load(path)
    for lang in LANGS:
        page, terminal = _faces(sc, fast_charts, lang)
        page = _plain(page)
        for face in (page, terminal):
            assert REMOVED_CLAIM[lang] not in face
            # the declared basis is shown, with the file's own note ...
            assert t(f"valuation.{valuation}", lang) in face
            assert note in face
            # ... and no other basis is claimed, nor that none is declared
            for other in VALUATIONS:
                if other != valuation:
                    assert t(f"valuation.{other}", lang) not in face, (path.name, other)
            assert t("valuation.none", lang) not in face
        assert f'<p id="valuation"><strong>{t("report.valuation_title", lang)}</strong>' in page


def test_the_lifetime_example_is_never_called_an_average_difference(fast_charts):
    path = ROOT / "scenarios/par_livstid_utanforskap.toml"
    assert _declared(path)[0] == "lifetime"
    for lang in LANGS:
        page, terminal = _faces(load(path), fast_charts, lang)
        for face in (_plain(page), terminal):
            assert REMOVED_CLAIM[lang] not in face
            assert t("valuation.average_difference", lang) not in face
            assert t("valuation.lifetime", lang) in face


def test_a_scenario_that_declares_nothing_is_told_so(fast_charts):
    text = (ROOT / "scenarios/par_livstid_utanforskap.toml").read_text(encoding="utf-8")
    lines = [
        ln for ln in text.splitlines() if not ln.startswith(("valuation", "# värderingsgrund"))
    ]
    sc = loads("\n".join(lines))
    assert sc.settings.valuation is None and sc.settings.valuation_note is None
    for lang in LANGS:
        page, terminal = _faces(sc, fast_charts, lang)
        for face in (_plain(page), terminal):
            assert t("valuation.none", lang) in face
            assert REMOVED_CLAIM[lang] not in face
            for basis in VALUATIONS:
                assert t(f"valuation.{basis}", lang) not in face
    summary = simulate(sc, draws=100, seed=1).to_dict()
    assert summary["scenario"]["valuation"] == {"basis": None, "note": None}


def test_the_json_summary_carries_the_declaration():
    path = ROOT / "scenarios/par_genomsnittlig_skillnad.toml"
    valuation, note = _declared(path)
    doc = json.loads(simulate(load(path), draws=100, seed=1).to_json())
    assert doc["scenario"]["valuation"] == {"basis": valuation, "note": note}


def test_no_message_asserts_what_the_code_does_not_check():
    from sekalk.text import catalog, languages

    texts = [
        text for lang in languages() for k in catalog(lang).ids() for text in catalog(lang).texts(k)
    ]
    for phrase in (*REMOVED_CLAIM.values(), *REMOVED_PHRASES):
        assert not any(phrase in text for text in texts), phrase
    for lang in LANGS:
        from sekalk.templates import template_text

        template = template_text(lang)
        assert "kommunens och individens perspektiv" not in template
        assert "kommun and individ perspectives only" not in template


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('valuation = "lifetme"', "did you mean 'lifetime'"),
        ('valuation = "other"', "valuation_note"),
        ("valuation = 3", "expected one of"),
        ('valuation_note = ""', "non-empty"),
    ],
)
def test_bad_valuation_is_refused_with_its_path(table, message):
    text = (ROOT / "scenarios/tutorial.toml").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("valuation")]
    at = lines.index("[intervention]")
    lines.insert(at - 1, table)
    with pytest.raises(ScenarioError, match=message) as err:
        loads("\n".join(lines))
    assert err.value.path.startswith("scenario.valuation")


def test_other_with_a_note_is_shown_with_the_note(fast_charts):
    text = (ROOT / "scenarios/tutorial.toml").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("valuation")]
    at = lines.index("[intervention]")
    lines[at - 1 : at - 1] = ['valuation = "other"', 'valuation_note = "Cost of one school year"']
    sc = loads("\n".join(lines))
    _, terminal = _faces(sc, fast_charts, "en")
    assert t("valuation.other", "en") in terminal
    assert "Cost of one school year" in terminal


def test_json_schema_knows_the_valuation_keys():
    from sekalk.scenario.json_schema import scenario_schema

    props = scenario_schema()["properties"]["scenario"]["properties"]
    assert props["valuation"]["enum"] == list(VALUATIONS)
    assert props["valuation_note"]["type"] == "string"


def test_a_comparison_of_the_pair_shows_each_declaration(fast_charts):
    from sekalk.comparison import compare

    pair = [
        load(ROOT / f"scenarios/{n}.toml")
        for n in ("par_livstid_utanforskap", "par_genomsnittlig_skillnad")
    ]
    cmp = compare(pair, draws=200, seed=1)
    from sekalk.report.evaluator_text import render_comparison

    for lang in LANGS:
        page = _plain(fast_charts.render_comparison(cmp, lang=lang))
        terminal = render_comparison(cmp, lang)
        for face in (page, terminal):
            assert REMOVED_CLAIM[lang] not in face
            for sc in pair:
                assert t(f"valuation.{sc.settings.valuation}", lang) in face
                assert sc.settings.valuation_note in face
