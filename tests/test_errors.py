"""Errors as data: every newcomer mistake of a file in one run, in the user's language.

A Swedish project leader's first scenario typically has several of these mistakes at once;
``sekalk validate`` must name all of them in one run, each with its key path, its line and
advice on what to write instead, in Swedish for a Swedish scenario and in English with
``--lang en``; ``validate --json`` gives the same as data.
"""

from __future__ import annotations

import json
import tomllib

import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.errors import (
    Found,
    ScenarioError,
    ScenarioErrors,
    number_error,
    raise_all,
    toml_literal,
)
from sekalk.scenario import loads
from sekalk.scenario.loader import toml_key_lines

BASE = """\
[scenario]
title = "Familjestöd"
price_year = 2024
horizon_years = 20
discount_rate = 0.035

[intervention]
years = [0, 1]
participants_per_year = 60

[[intervention.costs]]
id = "personal"
label = "Personal"
payer = { region = 0.5, kommun = 0.5 }
years = [0, 1]
annual = 150000

[[logic]]
label = "Fullföljer"
share = { dist = "beta", mean = 0.7, sd = 0.1, evidence = "experience" }

[[outcomes]]
id = "ej_behorig"
label = "Ej behörig"
lag = 3
baseline_risk = { dist = "uniform", min = 0.2, max = 0.3, evidence = "research" }
effect = { relative_risk = 0.8 }
attribution = 0.8

  [[outcomes.consequences]]
  id = "bistand"
  label = "Ekonomiskt bistånd"
  kind = "transfer"
  payer = "kommun"
  recipient = "individ"
  annual = 60000
"""

#: (text in BASE, replacement, code, hint, key path, words of the English message/hint)
MISTAKES = [
    (
        "discount_rate = 0.035",
        "discount_rate = 3.5",
        "error.value.out_of_domain",
        "hint.percent_as_fraction",
        "scenario.discount_rate",
        "(0.035 for 3.5 %)",
    ),
    (
        "years = [0, 1]\nparticipants",
        "years = [2024, 2025]\nparticipants",
        "error.years.calendar",
        "hint.years_from_zero",
        "intervention.years",
        "valid years are 0 to 19 (for example [0, 1])",
    ),
    (
        "participants_per_year = 60",
        'participants_per_year = "60"',
        "error.type.not_number",
        "hint.number_without_quotes",
        "intervention.participants_per_year",
        "write the number without quotes: 60",
    ),
    (
        "payer = { region = 0.5, kommun = 0.5 }",
        "payer = { region = 0.5, kommun = 0.4 }",
        "error.allocation.sum",
        "hint.shares_sum",
        "intervention.costs.personal.payer",
        "they sum to 0.9",
    ),
    (
        "annual = 150000",
        'annual = "150 000"',
        "error.type.not_number",
        "hint.no_thousands_separator",
        "intervention.costs.personal.annual",
        "without spaces between the thousands: 150000",
    ),
    (
        "mean = 0.7",
        'mean = "0,7"',
        "error.type.not_number",
        "hint.decimal_point",
        "logic.fullfoljer.share.mean",
        "write decimals with a point (0.7), not a comma (0,7)",
    ),
    (
        'id = "ej_behorig"',
        'id = "ej_behörig"',
        "error.id.invalid",
        "hint.id_suggestion",
        "outcomes#1.id",
        "'ö' not allowed; an id may hold only a-z, 0-9, _, -",
    ),
    (
        "min = 0.2, max = 0.3",
        "min = 0.3, max = 0.2",
        "error.range.min_above_max",
        "hint.swap_min_max",
        "outcomes.ej_behorig.baseline_risk.max",
        "min (0.3) is greater than max (0.2)",
    ),
    (
        "attribution = 0.8",
        "attribution = 80",
        "error.value.out_of_domain",
        "hint.percent_as_fraction",
        "outcomes.ej_behorig.attribution",
        "(0.8 for 80 %)",
    ),
    (
        '  kind = "transfer"\n',
        "",
        "error.key.missing_kind",
        "hint.consequence_kinds",
        "outcomes.ej_behorig.consequences.bistand.kind",
        "expected one of: resource, transfer, production",
    ),
    (
        'payer = "kommun"',
        'payer = "kommunen"',
        "error.actor.unknown",
        "hint.declare_actors",
        "outcomes.ej_behorig.consequences.bistand.payer",
        "unknown actor 'kommunen' (did you mean 'kommun'?)",
    ),
    (
        "annual = 60000",
        'annual = { ref = "ekonomiskt_bistand_per_hushall" }',
        "error.ref.unknown_unit",
        "hint.list_units",
        "outcomes.ej_behorig.consequences.bistand.annual.ref",
        "(did you mean 'ekonomiskt_bistand_hushall_ar'?)",
    ),
    (
        "years = [0, 1]\nannual",
        "years = [0, 25]\nannual",
        "error.years.outside_horizon",
        "hint.years_count_from_zero",
        "intervention.costs.personal.years",
        "years count from 0, the first year of the intervention; valid years are 0 to 19",
    ),
    (
        "discount_rate = 0.035",
        'discount_rate = "3,5 %"',
        "error.type.not_number",
        "hint.percent_as_fraction",
        "scenario.discount_rate",
        "(0.035 for 3.5 %)",
    ),
    (
        "payer = { region = 0.5, kommun = 0.5 }",
        "payer = { region = 50, kommun = 50 }",
        "error.allocation.percent",
        "hint.allocation_fractions",
        "intervention.costs.personal.payer",
        "write { region = 0.5, kommun = 0.5 }",
    ),
    (
        "annual = 60000",
        "annual = 60000\n  growth = 2",
        "error.value.out_of_domain",
        "hint.percent_as_fraction",
        "outcomes.ej_behorig.consequences.bistand.growth",
        "(0.02 for 2 %)",
    ),
    (
        'kind = "transfer"',
        'kind = "transferering"',
        "error.value.unknown_choice",
        None,
        "outcomes.ej_behorig.consequences.bistand.kind",
        "(did you mean 'transfer'?)",
    ),
]


def _mutate(old: str, new: str, base: str = BASE) -> str:
    assert base.count(old) >= 1, old
    return base.replace(old, new, 1)


def test_base_is_valid():
    sc = loads(BASE, file="base.toml")
    assert sc.settings.language == "sv"


@pytest.mark.parametrize(
    ("old", "new", "code", "hint", "path", "words"),
    MISTAKES,
    ids=[m[2] + ":" + m[4] for m in MISTAKES],
)
def test_each_mistake_alone_gets_its_own_code_path_line_and_advice(
    old, new, code, hint, path, words
):
    text = _mutate(old, new)
    with pytest.raises(ScenarioError) as info:
        loads(text, file="s.toml")
    err = info.value
    assert len(err.errors) == 1, str(err)
    assert (err.code, err.hint, err.path) == (code, hint, path)
    assert words in err.message
    if new:  # the line of the changed key
        lines = text.splitlines()
        changed = next(i for i, t in enumerate(lines, 1) if t not in BASE.splitlines())
        assert err.line == changed, str(err)
    else:  # a removed key: the line of its table
        assert err.line == 30, str(err)
    sv, en = err.text("sv"), err.text("en")
    assert sv != en and err.lang == "sv"


ALL = BASE
for _old, _new, *_ in MISTAKES[:12]:
    ALL = _mutate(_old, _new, ALL)


def test_all_newcomer_mistakes_in_one_validate_run_in_swedish(tmp_path):
    path = tmp_path / "nyborjare.toml"
    path.write_text(ALL, encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines() if hasattr(res, "stderr") else res.output.splitlines()
    assert lines[-1] == f"{path}: 12 problem"
    errors = lines[:-1]
    assert len(errors) == 12
    # every mistake, with its key path (the outcome's id is invalid: its items are numbered)
    for (_o, _n, _c, _h, key_path, _w), line in zip(MISTAKES[:12], errors, strict=True):
        key_path = key_path.replace("outcomes.ej_behorig", "outcomes#1")
        assert line.startswith((f"fel: {path}:", f"error: {path}:")), line
        assert f": {key_path}: " in line, (key_path, line)
    swedish = "\n".join(errors)
    for phrase in (
        "diskonteringsräntan måste ligga i (-1, 1], men är 3,5",
        "(0.035 för 3,5 %)",
        "ser ut som kalenderår",
        "skriv talet utan citattecken: 60",
        "summerar till 0,9",
        "utan mellanslag mellan tusentalen: 150000",
        "skriv decimaler med punkt (0.7), inte med komma (0,7)",
        "skriv till exempel 'ej_behorig'",
        "byt plats på dem",
        "(0.8 för 80 %)",
        "skriv en av: resource, transfer, production",
        "okänd aktör 'kommunen' (menade du 'kommun'?)",
        "okänd enhetskostnad",
    ):
        assert phrase in swedish, phrase
    assert "expected" not in swedish and "found" not in swedish


def test_all_newcomer_mistakes_in_english_with_lang_en(tmp_path):
    path = tmp_path / "nyborjare.toml"
    path.write_text(ALL, encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", "--lang", "en", str(path)])
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert lines[-1] == f"{path}: 12 problems"
    for (_o, _n, _c, _h, key_path, words), line in zip(MISTAKES[:12], lines[:-1], strict=True):
        key_path = key_path.replace("outcomes.ej_behorig", "outcomes#1")
        assert f": {key_path}: " in line and words.replace("ej_behorig", "") in line, line
    assert not any(w in res.output for w in ("måste", "skriv", "menade du"))


def test_run_reports_every_problem_too(tmp_path):
    path = tmp_path / "nyborjare.toml"
    path.write_text(ALL, encoding="utf-8")
    res = CliRunner().invoke(main, ["run", str(path), "--draws", "10"])
    assert res.exit_code == 2
    assert res.output.strip().splitlines()[-1] == f"{path}: 12 problem"


def test_validate_json(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(ALL, encoding="utf-8")
    good = tmp_path / "good.toml"
    good.write_text(BASE, encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", "--json", str(good), str(bad)])
    assert res.exit_code == 2
    doc = json.loads(res.stdout if hasattr(res, "stdout") else res.output)
    assert doc["schema"] == "sekalk.validate/1" and doc["valid"] is False
    ok, failed = doc["files"]
    assert ok["valid"] is True and ok["errors"] == [] and ok["title"] == "Familjestöd"
    assert failed["valid"] is False and failed["language"] == "sv"
    assert [e["code"] for e in failed["errors"]] == [m[2] for m in MISTAKES[:12]]
    keys = {"code", "file", "line", "column", "location", "path", "found", "params"}
    keys |= {"message", "hint", "hint_code"}
    for e in failed["errors"]:
        assert set(e) == keys
        assert e["file"] == str(bad) and isinstance(e["line"], int)
    first = failed["errors"][0]
    assert first["found"] == 3.5 and first["params"]["suggestion"] == "0.035"
    assert first["message"].startswith("diskonteringsräntan")
    res = CliRunner().invoke(main, ["validate", "--json", "--lang", "en", str(bad)])
    doc = json.loads(res.output)
    assert doc["files"][0]["errors"][0]["message"].startswith("the discount rate")
    assert doc["files"][0]["language"] == "en"


def test_validate_json_of_a_valid_file_exits_0(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(BASE, encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", "--json", str(good)])
    assert res.exit_code == 0
    assert json.loads(res.output)["valid"] is True


# ---------------------------------------------------------------------------------------------
# syntax errors that stop the reading, explained


@pytest.mark.parametrize(
    ("line", "code", "hint", "words_sv", "words_en"),
    [
        (
            "annual = 150 000",
            "error.toml.thousands_separator",
            "hint.toml_thousands",
            "skriv 150000 utan mellanslag (eller 150_000 med understreck)",
            "write 150000 without spaces (or 150_000 with underscores)",
        ),
        (
            "annual = 0,7",
            "error.toml.decimal_comma",
            "hint.decimal_point",
            "skriv decimaler med punkt (0.7), inte med komma (0,7)",
            "write decimals with a point (0.7), not a comma (0,7)",
        ),
        (
            "annual = 3,5 %",
            "error.toml.percent_sign",
            "hint.toml_percent",
            "decimaltal utan procenttecken: 0.035",
            "as fractions without a percent sign: 0.035",
        ),
        (
            "annual = 20%",
            "error.toml.percent_sign",
            "hint.toml_percent",
            "utan procenttecken: 0.2",
            "without a percent sign: 0.2",
        ),
        (
            "annual = forskning",
            "error.toml.syntax",
            "hint.toml_quotes",
            'text ska stå inom citattecken: "forskning"',
            'text needs quotes: "forskning"',
        ),
    ],
)
def test_toml_syntax_slips_are_explained(line, code, hint, words_sv, words_en):
    text = BASE.replace("annual = 150000", line)
    with pytest.raises(ScenarioError) as info:
        loads(text, file="s.toml")
    err = info.value
    assert (err.code, err.hint) == (code, hint)
    assert err.line == 16 and err.lang == "sv"
    assert words_sv in err.text("sv")
    assert words_en in err.text("en")
    assert len(err.errors) == 1  # a syntax error stops the reading


# ---------------------------------------------------------------------------------------------
# Swedish evidence words


@pytest.mark.parametrize(
    ("word", "grade"),
    [
        ("forskning", "research"),
        ("Beprövad  erfarenhet", "experience"),
        ("erfarenhet", "experience"),
        ("antagande", "assumption"),
    ],
)
def test_swedish_evidence_words_are_read_as_the_grades(word, grade):
    sc = loads(BASE.replace('evidence = "research"', f'evidence = "{word}"'))
    assert sc.parameters["outcomes.ej_behorig.baseline_risk"].distribution.evidence == grade


def test_unknown_evidence_word_names_the_grades_in_both_languages():
    with pytest.raises(ScenarioError) as info:
        loads(BASE.replace('evidence = "research"', 'evidence = "studier"'))
    err = info.value
    assert err.code == "error.value.unknown_choice" and err.hint == "hint.evidence_grades"
    assert "research = forskning, experience = beprövad erfarenhet" in err.text("sv")
    assert "expected one of: research, experience, assumption" in err.text("en")


def test_overlay_evidence_in_swedish_and_every_overlay_problem_at_once(tmp_path):
    from sekalk.scenario.overrides import apply_overlay

    sc = loads(BASE)
    good = tmp_path / "ok.toml"
    good.write_text(
        '[[override]]\nid = "logic.fullfoljer.share"\nvalue = 0.6\nevidence = "antagande"\n',
        encoding="utf-8",
    )
    new = apply_overlay(sc, good)
    assert new.parameters["logic.fullfoljer.share"].distribution.evidence == "assumption"
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[override]]\nid = "logic.fullfoljer.shar"\nvalue = 0.6\n'
        '[[override]]\nid = "scenario.discount_rate"\nvalue = 3.5\n'
        '[[override]]\nid = "outcomes.ej_behorig.attribution"\nvalue = 0.9\n',
        encoding="utf-8",
    )
    with pytest.raises(ScenarioErrors) as info:
        apply_overlay(sc, bad)
    errors = info.value.errors
    assert [(e.code, e.path) for e in errors] == [
        ("error.parameter.unknown_all", "override#1.id"),
        ("error.value.out_of_domain", "override#2.value"),
    ]
    assert all(e.file == str(bad) for e in errors)


# ---------------------------------------------------------------------------------------------
# the structure of errors


def test_str_is_english_and_render_follows_the_language():
    err = ScenarioError(
        code="error.key.missing", params={"key": "title"}, file="a.toml", path="scenario.title"
    )
    assert str(err) == "a.toml: scenario.title: missing required key 'title'"
    assert err.describe("sv") == "a.toml: scenario.title: nyckeln 'title' saknas men krävs"
    assert err.message == "missing required key 'title'"


def test_location_for_other_faces():
    err = ScenarioError(
        code="error.key.missing", params={"key": "annual"}, path="intervention.costs.x.annual"
    ).replace(file="ansokan.xlsx", location="Kostnader!E7")
    assert str(err) == (
        "ansokan.xlsx: Kostnader!E7 (intervention.costs.x.annual): missing required key 'annual'"
    )
    assert err.to_dict("en")["location"] == "Kostnader!E7"


def test_plain_errors_stay_as_written_in_every_language():
    err = ScenarioError("something odd", path="x")
    assert err.code == "error.plain"
    assert err.text("sv") == err.text("en") == "something odd"
    assert str(err) == "x: something odd"


def test_a_group_behaves_like_its_first_error_and_holds_them_all():
    a = ScenarioError(code="error.key.missing", params={"key": "a"}, path="a")
    b = ScenarioError(code="error.key.missing", params={"key": "b"}, path="b")
    group = ScenarioErrors([a, b])
    assert (group.code, group.path, group.message) == (a.code, a.path, a.message)
    assert group.errors == (a, b)
    assert str(group) == "a: missing required key 'a'\nb: missing required key 'b'"
    moved = group.with_context(file="f.toml")
    assert [e.file for e in moved.errors] == ["f.toml", "f.toml"]
    with pytest.raises(ScenarioError) as info:
        raise_all([a])
    assert info.value is a
    raise_all([])  # nothing to raise


def test_to_dict_is_json():
    err = number_error("0,7", "logic.x.share")
    doc = json.loads(json.dumps(err.to_dict("sv")))
    assert doc["found"] == "0,7" and doc["params"]["suggestion"] == "0.7"
    assert doc["hint_code"] == "hint.decimal_point"


@pytest.mark.parametrize(
    ("value", "hint", "suggestion"),
    [
        ("60", "hint.number_without_quotes", "60"),
        (" -0.3 ", "hint.number_without_quotes", "-0.3"),
        ("0,7", "hint.decimal_point", "0.7"),
        ("150 000", "hint.no_thousands_separator", "150000"),
        ("1\u00a0500\u00a0000", "hint.no_thousands_separator", "1500000"),
        ("150_000", "hint.no_thousands_separator", "150000"),
        ("1 234,5", "hint.no_thousands_separator", "1234.5"),
        ("1.234.567", "hint.no_thousands_separator", "1234567"),
        ("20 %", "hint.percent_as_fraction", "0.2"),
        ("3,5%", "hint.percent_as_fraction", "0.035"),
        ("many", None, None),
        (True, None, None),
    ],
)
def test_numbers_written_as_text_get_the_right_hint(value, hint, suggestion):
    err = number_error(value, "p")
    assert err.hint == hint
    assert err.params.get("suggestion") == suggestion
    assert isinstance(err.params["found"], Found)


def test_toml_literal():
    assert [toml_literal(v) for v in (0.035, 150000.0, 3, float("nan"), True)] == [
        "0.035",
        "150000",
        "3",
        "nan",
        "true",
    ]


def test_toml_key_lines():
    lines = toml_key_lines(BASE)
    assert lines[("scenario", "discount_rate")] == 5
    assert lines[("intervention", "costs", 0, "annual")] == 16
    assert lines[("logic", 0, "share", "mean")] == 20
    assert lines[("outcomes", 0, "consequences", 0, "payer")] == 34
    assert lines[("outcomes",)] == 22


def test_one_mistake_is_one_message():
    """A misspelt table name is one problem, not also every key missing under it."""
    text = BASE.replace("[intervention]", "[interventon]")
    with pytest.raises(ScenarioError) as info:
        loads(text)
    assert [e.code for e in info.value.errors] == ["error.key.unknown"]


def test_readme_example_is_what_validate_prints(tmp_path, monkeypatch):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Error messages and languages", 1)[1].split("```")[1]
    quoted = [
        t
        for t in block.splitlines()
        if t.startswith(("fel:", "error:", "nyborjare")) and "..." not in t
    ]
    assert len(quoted) >= 4
    monkeypatch.chdir(tmp_path)
    Path("nyborjare.toml").write_text(ALL, encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", "nyborjare.toml"])
    printed = res.output.splitlines()
    for line in quoted:
        assert line in printed, line


def test_errors_survive_pickling():
    import pickle

    a = number_error("0,7", "logic.x.share").replace(file="s.toml", line=3)
    group = ScenarioErrors([a, ScenarioError("plain", path="p")])
    for err in (a, group):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err)
        assert str(back) == str(err) and back.describe("sv") == err.describe("sv")
        assert [e.code for e in back.errors] == [e.code for e in err.errors]


def test_the_language_of_a_json_scenario_is_read_from_it():
    doc = tomllib.loads(BASE)
    doc["scenario"]["language"] = "en"
    doc["scenario"]["titel"] = "x"
    with pytest.raises(ScenarioError) as info:
        loads(json.dumps(doc), fmt="json")
    assert info.value.lang == "en"


def test_a_recurring_one_off_unit_is_reported_with_the_other_problems(tmp_path):
    """The one-off check runs on every item that could be built, not only on clean files."""
    from .conftest import HAND_TOML

    text = HAND_TOML.replace("discount_rate = 0.05", "discount_rate = 5", 1)  # percent
    consequence = (
        '\n  [[outcomes.consequences]]\n  id = "utredning"\n  label = "Utredning"\n'
        '  kind = "resource"\n  payer = "kommun"\n  share = 0.5\n'
        '  annual = { ref = "bbic_utredning" }\n  duration = 10\n'
    )
    text = text.rstrip("\n") + "\n" + consequence
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", "--json", str(path)])
    errors = json.loads(res.stdout)["files"][0]["errors"]
    codes = {e["path"]: e["code"] for e in errors}
    assert codes["scenario.discount_rate"].startswith("error.")
    assert codes["outcomes.fail.consequences.utredning.annual.ref"] == "error.ref.one_off_years"


def test_convert_reports_every_problem_with_its_line_in_the_files_language(tmp_path):
    text = "[scenario]\ntitle = 'x'\nprice_year = 2022\nhorizon_years = 20\ndiscount_rate = 3.5\n"
    text += "\n[intervention]\nyears = [2024, 2025]\nparticipants_per_year = 10\n"
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["convert", str(path), str(tmp_path / "s.xlsx")])
    assert res.exit_code == 2
    err = res.stderr
    assert f"{path}:5: scenario.discount_rate: diskonteringsräntan" in err
    assert f"{path}:8: intervention.years: [2024, 2025] ser ut som kalenderår" in err
    assert not (tmp_path / "s.xlsx").exists()


def test_correlation_problems_that_need_no_valid_parameter_come_with_the_rest(tmp_path):
    """rho outside [-1, 1], an unknown id, a pair with itself or written twice: same run."""
    from .conftest import HAND_TOML

    text = HAND_TOML.replace("discount_rate = 0.05", "discount_rate = 5", 1)  # percent
    text += (
        '\n[[correlations]]\nbetween = ["outcomes.fail.effect", "logic.nosuch.share"]\n'
        "rho = -1.3\n"
        '\n[[correlations]]\nbetween = ["logic.completes.share", "logic.completes.share"]\n'
        "rho = 0.5\n"
        '\n[[correlations]]\nbetween = ["outcomes.fail.effect", "logic.completes.share"]\n'
        "rho = 0.5\n"
        '\n[[correlations]]\nbetween = ["logic.completes.share", "outcomes.fail.effect"]\n'
        "rho = 0.4\n"
    )
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", "--json", str(path)])
    assert res.exit_code == 2
    errors = json.loads(res.stdout)["files"][0]["errors"]
    codes = {(e["path"], e["code"]) for e in errors}
    assert any(p == "scenario.discount_rate" for p, _ in codes)
    assert ("correlations#1.rho", "error.correlation.rho") in codes
    assert ("correlations#1.between[1]", "error.parameter.unknown") in codes
    assert ("correlations#2.between", "error.correlation.itself") in codes
    assert ("correlations#4.between", "error.correlation.twice") in codes
    # The known ids are not reported, and no fixed-number or matrix check runs yet.
    assert not any(p.startswith("correlations#3") for p, _ in codes)
    assert not any(
        c in ("error.correlation.fixed", "error.correlation.inconsistent") for _, c in codes
    )
    for lang, words in (("sv", "logic.nosuch.share"), ("en", "logic.nosuch.share")):
        res = CliRunner().invoke(main, ["validate", "--lang", lang, str(path)])
        assert words in res.stderr and "correlations#1.rho" in res.stderr


def test_a_fixed_parameter_in_a_correlation_waits_for_valid_parameters(tmp_path):
    from .conftest import HAND_TOML

    text = HAND_TOML.replace("discount_rate = 0.05", "discount_rate = 5", 1)
    text += '\n[[correlations]]\nbetween = ["outcomes.fail.attribution", "logic.completes.share"]\nrho = 0.2\n'
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", "--json", str(path)])
    errors = json.loads(res.stdout)["files"][0]["errors"]
    assert [e["path"] for e in errors] == ["scenario.discount_rate"]


def test_min_above_max_and_a_bad_evidence_word_in_one_run(tmp_path):
    text = BASE.replace(
        '{ dist = "uniform", min = 0.2, max = 0.3, evidence = "research" }',
        '{ dist = "uniform", min = 0.3, max = 0.2, evidence = "gissning" }',
    )
    assert "gissning" in text
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", "--json", str(path)])
    errors = json.loads(res.stdout)["files"][0]["errors"]
    base = "outcomes.ej_behorig.baseline_risk"
    assert [e["path"] for e in errors] == [f"{base}.max", f"{base}.evidence"]
    for lang, words in (("sv", "gissning"), ("en", "gissning")):
        res = CliRunner().invoke(main, ["validate", "--lang", lang, str(path)])
        assert res.exit_code == 2 and words in res.stderr and f"{base}.max" in res.stderr


def test_a_location_from_the_catalogue_is_worded_in_the_readers_language():
    from sekalk.errors import Msg

    err = ScenarioError(
        code="error.key.missing", params={"key": "id"}, file="o.csv", path="id",
        location=Msg("location.row", {"n": 3}),
    )  # fmt: skip
    assert err.describe("sv") == "o.csv: rad 3 (id): nyckeln 'id' saknas men krävs"
    assert err.describe("en") == "o.csv: row 3 (id): missing required key 'id'"
    assert (err.to_dict("sv")["location"], err.to_dict("en")["location"]) == ("rad 3", "row 3")
    assert json.loads(json.dumps(err.to_dict("sv")))["location"] == "rad 3"
    # a location written as text (an Excel cell) stays as it is in every language
    cell = err.replace(location="Kostnader!E7")
    assert cell.where("sv") == cell.where("en") == "o.csv: Kostnader!E7 (id)"
