"""Excel workbooks as scenario files: round trips, convert, the applicant's template, locations."""

from __future__ import annotations

import io
import json
import tomllib

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sekalk.cli import main
from sekalk.errors import ScenarioError
from sekalk.scenario import load, loads
from sekalk.scenario.convert import dumps_toml, toml_comments
from sekalk.scenario.loader import build_scenario
from sekalk.scenario.xlsx import (
    COLUMNS,
    DIST_NAMES,
    EVIDENCE_NAMES,
    HEADER_HELP,
    KIND_NAMES,
    SHEETS,
    read_workbook,
    workbook_bytes,
)
from sekalk.templates import template_document

from .conftest import ROOT
from .strategies import FUZZ_EXAMPLES, scenarios

EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))


def _doc(path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _stderr(res) -> str:
    return res.stderr if hasattr(res, "stderr") else res.output


def _col(ws, title: str) -> int:
    """The column number of the header ``title`` on row 1."""
    for cell in ws[1]:
        if cell.value == title:
            return cell.column
    raise AssertionError(f"no column {title!r} on {ws.title}")


# ---------------------------------------------------------------------------------------------
# round trips


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_survives_toml_xlsx_toml(path, tmp_path):
    """TOML -> XLSX -> TOML keeps every value, distribution, evidence grade, source, note,
    correlation, unit reference, continuation and spread: the parsed documents are equal."""
    runner = CliRunner()
    xlsx, back = tmp_path / "s.xlsx", tmp_path / "s.toml"
    assert runner.invoke(main, ["convert", str(path), str(xlsx)]).exit_code == 0
    assert runner.invoke(main, ["convert", str(xlsx), str(back)]).exit_code == 0
    original = _doc(path)
    assert tomllib.loads(back.read_text(encoding="utf-8")) == original
    # and the workbook itself reads to the same document
    assert read_workbook(xlsx.read_bytes()).doc == original


def test_the_examples_cover_what_must_survive():
    """The round trip above is only a proof if the examples hold each feature."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in EXAMPLES)
    for feature in (
        "[continuation]",
        "[spread]",
        "[[correlations]]",
        "ref = ",
        "evidence = ",
        "source = ",
        "note = ",
        "relative_risk",
        '"beta"',
        '"lognormal"',
        "p05",
        "recipient",
    ):
        assert feature in text, feature


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_run_gives_the_same_summary_for_toml_and_xlsx(path, tmp_path):
    runner = CliRunner()
    xlsx = tmp_path / "s.xlsx"
    assert runner.invoke(main, ["convert", str(path), str(xlsx)]).exit_code == 0
    docs = []
    for source in (path, xlsx):
        res = runner.invoke(main, ["run", str(source), "--draws", "1000", "--json", "-"])
        assert res.exit_code == 0, res.output
        doc = json.loads(res.stdout)
        assert doc["scenario"].pop("sha256")
        docs.append(doc)
    assert docs[0] == docs[1]


def test_scenario_objects_are_equal(tmp_path):
    for path in EXAMPLES:
        raw = workbook_bytes(_doc(path), lang="sv")
        assert loads(raw, fmt="xlsx") == load(path)


KITCHEN_SINK = """
[scenario]
title = "Every feature once"
description = "Each distribution kind and parameter set, a unit reference, both levels."
currency = "SEK"
price_year = 2023
horizon_years = 20
discount_rate = { dist = "normal", mean = 0.035, sd = 0.005, min = 0.0, max = 0.07, evidence = "research", source = "ASEK" }
language = "en"
actors = ["foretag", "kyrkan"]

[intervention]
label = "The intervention"
description = "What it does"
years = [0, 1]
participants_per_year = { dist = "discrete", values = [10, 20, 30], weights = [1, 2, 1], note = "three sizes" }

[[intervention.costs]]
id = "staff"
label = "Staff"
payer = { region = 0.25, kommun = 0.5, foretag = 0.25 }
years = 1
annual = { dist = "gamma", shape = 4.0, scale = 250000.0, evidence = "experience" }
note = "An item note"

[[intervention.costs]]
label = "Rooms without an id"
payer = "kommun"
years = [0, 1]
annual = { ref = "introduktionsprogram_elev_ar", per = "year", dist = "triangular", price_year = 2023, source = "own", note = "a reference" }

[[logic]]
id = "a"
label = "Step a"
share = { dist = "beta", alpha = 2.0, beta = 3.0, min = 0.2, max = 0.9 }

[[logic]]
id = "b"
label = "Step b"
share = { dist = "beta", p05 = 0.3, p95 = 0.7 }

[[outcomes]]
id = "o1"
label = "Outcome one"
lag = 2
baseline_risk = { dist = "fixed", value = 0.3, evidence = "assumption" }
effect = { risk_difference = { dist = "uniform", min = 0.01, max = 0.05 } }
attribution = { dist = "pert", min = 0.5, mode = 0.8, max = 1.0, lambda = 6.0 }
dropoff = 0.01
note = "outcome note"

  [[outcomes.consequences]]
  id = "c1"
  label = "Support"
  kind = "transfer"
  payer = "kommun"
  recipient = { individ = 0.5, kyrkan = 0.5 }
  share = 0.35
  annual = { dist = "gamma", mean = 90000, sd = 20000 }
  growth = { dist = "uniform", min = -0.01, max = 0.02 }
  start = 1
  duration = 5

[[outcomes]]
id = "o2"
label = "Outcome two"
lag = 0
baseline_risk = { dist = "beta", mean = 0.2, sd = 0.05 }
effect = { relative_risk = { dist = "lognormal", mean = 0.8, sd = 0.1 } }
attribution = { dist = "loguniform", min = 0.3, max = 1.0, evidence = "assumption" }

  [[outcomes.consequences]]
  id = "c2"
  label = "Care"
  kind = "resource"
  payer = "region"
  annual = { dist = "lognormal", mu = 8.0, sigma = 0.3 }

  [[outcomes.consequences]]
  id = "c3"
  label = "Work"
  kind = "production"
  payer = "individ"
  share = 0.1
  annual = { dist = "lognormal", p05 = 200000, p95 = 400000 }

[continuation]
label = "Taken into operations"
probability = { dist = "uniform", min = 0.3, max = 0.6, evidence = "assumption" }
years = 3
annual_cost = { dist = "pert", min = 800000, mode = 900000, max = 1200000 }
payer = { kommun = 0.7, region = 0.3 }
participants_per_year = 25
note = "continuation note"

[spread]
label = "Other schools adopt it"
units = { dist = "discrete", values = [1, 2, 3] }
probability = 0.4
lag = 2
years = 4
participants_per_year = { dist = "triangular", min = 10, mode = 15, max = 25 }
annual_cost = 500000
payer = "kommun"
note = "spread note"

[[correlations]]
between = ["logic.a.share", "outcomes.o1.effect"]
rho = 0.4

[[correlations]]
between = ["outcomes.o2.baseline_risk", "outcomes.o1.consequences.c1.growth"]
rho = -0.25
"""


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_feature_survives_the_round_trip(lang, tmp_path):
    doc = tomllib.loads(KITCHEN_SINK)
    build_scenario(doc)  # it is valid
    raw = workbook_bytes(doc, lang=lang)
    assert read_workbook(raw).doc == doc
    path = tmp_path / "k.xlsx"
    path.write_bytes(raw)
    assert load(path) == loads(KITCHEN_SINK)


def test_toml_writer_round_trips_awkward_text_and_numbers():
    doc = {
        "$schema": "./s.json",
        "scenario": {
            "title": 'quote " backslash \\ tab \t newline \n del \x7f å # not a comment',
            "price_year": 2024,
            "horizon_years": 10,
            "discount_rate": 0.30000000000000004,
        },
        "intervention": {
            "years": 1,
            "participants_per_year": {"dist": "discrete", "values": [1, 2.5], "weights": [1e-300, 5e300]},
            "costs": [{"id": "a", "label": "A", "payer": {"my actor": 1.0}, "years": [0, 1], "annual": -0.0}],
        },
        "outcomes": [],
    }  # fmt: skip
    assert tomllib.loads(dumps_toml(doc)) == doc


def test_json_and_toml_and_xlsx_in_every_direction(tmp_path):
    runner = CliRunner()
    src = ROOT / "scenarios" / "foraldrastod_tre_nivaer.toml"
    original = _doc(src)
    chain = ["a.json", "b.xlsx", "c.json", "d.toml", "e.xlsx", "f.toml"]
    previous = src
    for name in chain:
        target = tmp_path / name
        res = runner.invoke(main, ["convert", str(previous), str(target)])
        assert res.exit_code == 0, _stderr(res)
        previous = target
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8")) == original
    assert tomllib.loads((tmp_path / "f.toml").read_text(encoding="utf-8")) == original


def test_english_workbook_reads_the_same(tmp_path):
    doc = _doc(EXAMPLES[0])
    raw = workbook_bytes(doc, lang="en")
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    assert "Costs" in wb.sheetnames and "Kostnader" not in wb.sheetnames
    assert read_workbook(raw).doc == doc


# ---------------------------------------------------------------------------------------------
# comments


def test_toml_comments_are_found_outside_strings_only():
    text = (
        "# first\n"
        'a = "x # not"  # second\n'
        "b = 'y # not'\n"
        'c = """multi\n# not\nline"""\n'
        "d = '''lit # not'''\n"
        'e = "esc \\" # not"   #third\n'
    )
    assert toml_comments(text) == [(1, "first"), (2, "second"), (8, "third")]


def test_convert_lists_every_comment_it_cannot_keep(tmp_path):
    src = tmp_path / "s.toml"
    text = (ROOT / "tests" / "bad" / "EXPECTED.toml").parent.parent.parent / "scenarios"
    body = (text / "tutorial.toml").read_text(encoding="utf-8")
    src.write_text(
        "# top comment\n" + body.replace("[intervention]", "[intervention]  # trailing", 1),
        encoding="utf-8",
    )
    n = len(toml_comments(src.read_text(encoding="utf-8")))
    res = CliRunner().invoke(main, ["convert", str(src), str(tmp_path / "s.xlsx"), "--lang", "en"])
    assert res.exit_code == 0
    err = _stderr(res)
    assert f"warning: {n} comments in the file have no place in a xlsx file" in err
    assert "line 1: # top comment" in err
    assert "# trailing" in err
    assert err.count("\n  line ") == n


# ---------------------------------------------------------------------------------------------
# the applicant's template


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_new_xlsx_validates_and_runs(lang, tmp_path):
    path = tmp_path / "mall.xlsx"
    runner = CliRunner()
    res = runner.invoke(main, ["new", str(path), "--lang", lang])
    assert res.exit_code == 0
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 0
    res = runner.invoke(main, ["run", str(path), "--draws", "2000", "--json", "-"])
    assert res.exit_code == 0
    assert read_workbook(path.read_bytes()).doc == template_document(lang)
    assert runner.invoke(main, ["new", str(path)]).exit_code == 2  # exists: no --force


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_template_instructions_name_every_distribution_kind(lang, tmp_path):
    from sekalk.distributions import DISTRIBUTION_KINDS
    from sekalk.text import catalog

    path = tmp_path / "mall.xlsx"
    CliRunner().invoke(main, ["new", str(path), "--lang", lang])
    wb = openpyxl.load_workbook(path)
    i = 0 if lang == "sv" else 1
    text = " ".join(
        str(v)
        for row in wb[SHEETS["instructions"][i]].iter_rows(values_only=True)
        for v in row
        if v
    )
    for kind in DISTRIBUTION_KINDS:
        if kind != "fixed":
            assert catalog(lang).gettext(f"dist.name.{kind}") + ": " in text, kind
    # the kind added last, by its name in the reader's language
    assert ("loglikformig: Lägst, Högst" if lang == "sv" else "loguniform: Lowest, Highest") in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_instructions_name_every_set_of_columns_a_kind_accepts(lang):
    """Not only the form's columns: a lognormal may also be given by its mean and standard
    deviation or by mu and sigma, a normal may be cut at Lowest and Highest, and so on."""
    from sekalk.distributions import DISTRIBUTION_KINDS
    from sekalk.scenario.xlsx import _distribution_paragraph

    i = 0 if lang == "sv" else 1
    paragraph = _distribution_paragraph(lang)
    entries = {}
    for entry in paragraph.split(". ", 1)[1].rsplit(". ", 1)[0].split("; "):
        if ": " in entry:
            name, rest = entry.split(": ", 1)
            entries[name] = rest
        else:  # an alternative set of the previous kind, after "; "
            entries[name] += "; " + entry
    for kind, cls in DISTRIBUTION_KINDS.items():
        if kind == "fixed":
            continue
        entry = entries[DIST_NAMES[kind][i]]
        for required, optional in cls.param_sets:
            assert ", ".join(COLUMNS[k][i] for k in required) in entry, (kind, required)
            for key in optional:
                assert COLUMNS[key][i] in entry, (kind, key)
    either = "eller" if lang == "sv" else "or"
    assert entries["lognormal"] == (
        f"P05, P95 ({either} {COLUMNS['mean'][i]}, {COLUMNS['sd'][i]}; "
        f"{either} {COLUMNS['mu'][i]}, {COLUMNS['sigma'][i]})"
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_template_has_lists_comments_and_protection(lang, tmp_path):
    path = tmp_path / "mall.xlsx"
    CliRunner().invoke(main, ["new", str(path), "--lang", lang])
    wb = openpyxl.load_workbook(path)
    i = 0 if lang == "sv" else 1
    names = [SHEETS[k][i] for k in SHEETS]
    assert wb.sheetnames == names
    lists = wb[SHEETS["lists"][i]]
    assert lists.sheet_state == "hidden"
    # named ranges point at the hidden lists sheet and hold the codes in the language
    expected = {
        "sekalk_distributions": [n[i] for n in DIST_NAMES.values()],
        "sekalk_evidence": [n[i] for n in EVIDENCE_NAMES.values()],
        "sekalk_kinds": [n[i] for n in KIND_NAMES.values()],
        "sekalk_actors": ["kommun", "region", "stat", "individ", "ovriga"],
    }
    for name, values in expected.items():
        ((sheet, ref),) = list(wb.defined_names[name].destinations)
        assert sheet == lists.title
        assert [c.value for row in lists[ref.replace("$", "")] for c in row] == values
    for key in ("start", "costs", "logic", "outcomes", "consequences", "correlations"):
        ws = wb[SHEETS[key][i]]
        assert ws.protection.sheet
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith("2")
        for cell in ws[1]:
            assert cell.comment is not None and cell.comment.text.strip(), cell.coordinate
            assert cell.protection.locked
        # every filled cell below the header is an input (except the Start sheet's field names)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.value is not None and not (key == "start" and cell.column == 1):
                    assert not cell.protection.locked, cell.coordinate
        formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
        if key in ("costs", "consequences"):
            assert "=sekalk_actors" in formulas
            assert "=sekalk_distributions" in formulas and "=sekalk_evidence" in formulas
        if key == "consequences":
            assert "=sekalk_kinds" in formulas
            assert "=sekalk_parameters_consequences" in formulas
    instructions = wb[SHEETS["instructions"][i]]
    text = " ".join(str(c.value) for c in instructions["A"] if c.value)
    assert ("Så fyller ni i" if lang == "sv" else "How to fill in") in text


def test_every_column_has_help_in_both_languages():
    assert set(HEADER_HELP) == set(COLUMNS)
    for key, (sv, en) in HEADER_HELP.items():
        assert (sv.strip() and en.strip() and sv != en) or key in ("p05",), key


# ---------------------------------------------------------------------------------------------
# errors name the sheet, the cell and the header


def _template_wb(lang="sv"):
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(template_document(lang), lang=lang)))


def _save(wb, path):
    wb.save(path)
    return str(path)


def test_error_names_sheet_cell_and_header(tmp_path):
    wb = _template_wb()
    ws = wb["Kostnader"]
    col = _col(ws, "Högst")
    ws.cell(2, col).value = 500_000  # below the min and the mode
    path = _save(wb, tmp_path / "x.xlsx")
    res = CliRunner().invoke(main, ["validate", path])
    assert res.exit_code == 2
    letter = openpyxl.utils.get_column_letter(col)
    msg = _stderr(res).strip()
    # the structured error's location: the cell and its header, then the key path
    where = f"Kostnader!{letter}2 (Högst) (intervention.costs.personal.annual.max): "
    assert msg.startswith((f"fel: {path}: {where}", f"error: {path}: {where}"))
    assert len(msg.splitlines()) == 1


def test_reordered_and_english_headers_are_matched_by_name(tmp_path):
    doc = template_document("sv")
    wb = _template_wb("sv")
    ws = wb["Kostnader"]
    # rename every header to English and reverse the column order
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    en = {v[0]: v[1] for v in COLUMNS.values()}
    rows[0] = [en[h] for h in rows[0]]
    ws.delete_rows(1, ws.max_row)
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(reversed(row), 1):
            ws.cell(r, c).value = value
    wb["Utfall"].title = "Outcomes"
    path = _save(wb, tmp_path / "x.xlsx")
    assert read_workbook(open(path, "rb").read()).doc == doc


def test_text_numbers_in_swedish_and_english_notation(tmp_path):
    wb = _template_wb()
    ws = wb["Kostnader"]
    for title, text in (
        ("Lägst", "900 000"),
        ("Troligast", "1\u00a0000\u00a0000"),
        ("Högst", "1,3e6"),
    ):
        ws.cell(2, _col(ws, title)).value = text
    ws = wb["Start"]
    row = next(c.row for c in ws["A"] if c.value == "Kalkylränta")
    ws.cell(row, _col(ws, "Värde")).value = "3,5 %"
    out = wb["Utfall"]
    out.cell(5, _col(out, "Värde")).value = "2%"  # drop-off
    path = _save(wb, tmp_path / "x.xlsx")
    doc = read_workbook(open(path, "rb").read()).doc
    assert doc["intervention"]["costs"][0]["annual"]["min"] == 900_000
    assert doc["intervention"]["costs"][0]["annual"]["mode"] == 1_000_000
    assert doc["intervention"]["costs"][0]["annual"]["max"] == 1_300_000.0
    assert doc["scenario"]["discount_rate"] == pytest.approx(0.035, abs=1e-15)
    assert doc["outcomes"][0]["dropoff"] == pytest.approx(0.02, abs=1e-15)
    build_scenario(doc)


def test_continuation_rows_may_repeat_or_omit_the_id(tmp_path):
    wb = _template_wb()
    ws = wb["Utfall"]
    id_col = _col(ws, "Id")
    for row in range(3, 6):
        ws.cell(row, id_col).value = None
    path = _save(wb, tmp_path / "x.xlsx")
    assert read_workbook(open(path, "rb").read()).doc == template_document("sv")


def test_a_conflicting_item_value_on_a_following_row_is_an_error(tmp_path):
    wb = _template_wb()
    ws = wb["Utfall"]
    ws.cell(3, _col(ws, "Fördröjning (år)")).value = 7  # the first row says 3
    path = _save(wb, tmp_path / "x.xlsx")
    with pytest.raises(
        ScenarioError, match=r"Utfall!C3 \(Fördröjning \(år\)\): this row continues"
    ):
        load(path)


# ---------------------------------------------------------------------------------------------
# property: generated scenarios round-trip


_EXCEL_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"),
    min_size=1,
    max_size=30,
).filter(str.strip)


@st.composite
def decorated_scenarios(draw):
    """Generated scenarios, with evidence, sources and notes on some distributions."""
    doc = draw(scenarios())
    doc["scenario"]["title"] = draw(_EXCEL_TEXT)

    def decorate(value):
        if isinstance(value, dict) and "dist" in value and draw(st.booleans()):
            value["evidence"] = draw(st.sampled_from(["research", "experience", "assumption"]))
            value["source"] = draw(_EXCEL_TEXT)
            if draw(st.booleans()):
                value["note"] = draw(_EXCEL_TEXT)
        return value

    for cost in doc["intervention"]["costs"]:
        decorate(cost["annual"])
    for out in doc["outcomes"]:
        decorate(out["baseline_risk"])
        for con in out["consequences"]:
            decorate(con["annual"])
            if draw(st.booleans()):
                con["note"] = draw(_EXCEL_TEXT)
    return doc


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=decorated_scenarios(), lang=st.sampled_from(["sv", "en"]))
def test_generated_scenarios_round_trip(doc, lang):
    raw = workbook_bytes(doc, lang=lang)
    assert read_workbook(raw).doc == doc
    assert tomllib.loads(dumps_toml(doc)) == doc


def test_control_characters_are_refused_with_the_key_path():
    doc = template_document("sv")
    doc["scenario"]["title"] = "bad\x01title"
    with pytest.raises(ScenarioError, match="control character U\\+0001") as info:
        workbook_bytes(doc)
    assert info.value.path == "scenario.title"


def test_readme_quotes_a_real_workbook_error(tmp_path):
    wb = _template_wb()
    wb["Kostnader"]["L2"] = 500_000
    path = tmp_path / "min_kalkyl.xlsx"
    wb.save(path)
    res = CliRunner().invoke(main, ["validate", str(path)])
    msg = _stderr(res).strip().replace(str(path), "min_kalkyl.xlsx")
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert msg.startswith(("fel: ", "error: "))
    assert msg.split(": ", 1)[1] in readme.replace("`", "")


def test_workbook_writer_errors_are_catalogue_codes_in_both_languages():
    doc = template_document("sv")
    doc["scenario"]["title"] = "bad\x07title"
    with pytest.raises(ScenarioError) as info:
        workbook_bytes(doc)
    err = info.value
    assert err.code == "error.xlsx.control_character" and err.params == {"code": "0007"}
    assert "styrtecknet U+0007" in err.text("sv") and "control character U+0007" in err.text("en")
    doc = template_document("en")
    doc["scenario"]["discount_rate"] = {"dist": "uniform", "min": 0.01, "max": 0.05, "bogus": 1}
    with pytest.raises(ScenarioError) as info:
        workbook_bytes(doc)
    err = info.value
    assert err.code == "error.xlsx.no_column" and err.path == "scenario.discount_rate"
    assert "nyckeln 'bogus' har ingen kolumn" in err.text("sv")
    assert "the key 'bogus' has no column in a workbook" in err.text("en")


def test_convert_counts_one_lost_comment_in_the_singular(tmp_path):
    src = tmp_path / "s.toml"
    doc = tomllib.loads((ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8"))
    src.write_text("# the only comment\n" + dumps_toml(doc), encoding="utf-8")
    assert len(toml_comments(src.read_text(encoding="utf-8"))) == 1
    for lang, text in (
        ("en", "warning: 1 comment in the file has no place in a xlsx file and was not"),
        ("sv", "varning: 1 kommentar i filen har ingen plats i en xlsx-fil och fördes inte över"),
    ):
        out = tmp_path / f"s_{lang}.xlsx"
        res = CliRunner().invoke(main, ["convert", str(src), str(out), "--lang", lang])
        assert res.exit_code == 0, _stderr(res)
        assert text in _stderr(res)
