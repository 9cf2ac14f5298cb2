"""The workbench's routes: pages, the live panel, overlays, reports, and bad form data."""

import hashlib
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

import sekalk
from sekalk.app.server import create_app, my_assumption, overlay_text
from sekalk.cli import main
from sekalk.report.i18n import fmt_pct
from sekalk.scenario.overrides import apply_overlay, read_overlay

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = (ROOT / "scenarios" / "narvaroteam.toml").read_text(encoding="utf-8")
OWN = {"origin": "http://testserver"}
# the fingerprint of app.toml that the assessment page posts with every save
SHA = {"sha": hashlib.sha256(SCENARIO.encode("utf-8")).hexdigest()}
DRAWS = 2000
PERSONS = "intervention.participants_per_year"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "app.toml").write_text(SCENARIO, encoding="utf-8")
    return tmp_path


@pytest.fixture
def client(folder):
    return TestClient(create_app(folder, hosts=("testserver",), draws=DRAWS))


# --- reading what people type ----------------------------------------------------------------
def test_my_assumption_convention():
    assert my_assumption("", "", "") is None
    assert my_assumption("", "0,8", "") == 0.8
    assert my_assumption("3", "", "") == 3.0
    assert my_assumption("1", "", "3") == {"dist": "uniform", "min": 1.0, "max": 3.0}
    assert my_assumption("1", "2", "3") == {"dist": "pert", "min": 1.0, "mode": 2.0, "max": 3.0}
    with pytest.raises(ValueError):
        my_assumption("1", "2", "")


def test_overlay_text_reads_back_as_an_overlay(tmp_path):
    changes = [
        {
            "id": PERSONS,
            "value": {"dist": "uniform", "min": 8.0, "max": 12.0},
            "note": 'sa "x"\nny',
        },
        {"id": "scenario.discount_rate", "value": 0.03},
    ]
    path = tmp_path / "o.toml"
    path.write_text(overlay_text("Bedömning å ä ö", changes), encoding="utf-8")
    items = read_overlay(path)
    assert [i["id"] for i in items] == [PERSONS, "scenario.discount_rate"]
    assert items[0]["value"] == {"dist": "uniform", "min": 8.0, "max": 12.0}
    assert items[0]["note"] == 'sa "x"\nny'
    assert items[1]["value"] == 0.03


# --- pages -----------------------------------------------------------------------------------
def test_start_lists_files_and_not_hidden_or_outside(folder, client, tmp_path_factory):
    (folder / ".hidden.toml").write_text(SCENARIO, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "b.toml").write_text(SCENARIO, encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "x.toml"
    out.write_text(SCENARIO, encoding="utf-8")
    (folder / "link.toml").symlink_to(out)
    page = client.get("/").text
    assert "app.toml" in page and "sub/b.toml" in page
    assert ".hidden.toml" not in page and "link.toml" not in page


def test_languages_do_not_mix(client):
    sv = client.get("/open", params={"file": "app.toml", "lang": "sv"}).text
    en = client.get("/open", params={"file": "app.toml", "lang": "en"}).text
    assert "Mitt antagande" in sv and "My assumption" not in sv
    assert "My assumption" in en and "Mitt antagande" not in en
    assert 'lang="en"' in en


def test_percentages_are_written_as_in_the_rest_of_sekalk(client):
    """English writes ``90%`` (as fmt_pct, the report and the CLI), Swedish ``90 %``; the
    workbench wrote "90 % interval" in English."""
    from sekalk.text.catalog import catalog

    en, sv = catalog("en"), catalog("sv")
    for msgid in en.ids():
        if msgid.startswith("app."):
            for text in en.texts(msgid):
                assert not re.search(r"[\d}][ \u00a0\u202f]%", text), (msgid, text)
            for text in sv.texts(msgid):
                assert not re.search(r"[\d}]%", text), (msgid, text)
    pages = {}
    for lang in ("en", "sv"):
        pages[lang] = (
            client.get("/open", params={"file": "app.toml", "lang": lang}).text
            + client.post(
                "/panel", params={"lang": lang}, data={"file": "app.toml"}, headers=OWN
            ).text
            + client.get("/edit", params={"file": "app.toml", "lang": lang}).text
        )
    # the assumptions table, the panel's histogram and interval, the editor's convention
    assert pages["en"].count("90% interval") >= 3
    assert not re.search(r"90[ \u00a0\u202f]% interval", pages["en"])
    assert fmt_pct(0.9, "en") == "90%"
    assert pages["sv"].count("90 % intervall") >= 3


def test_new_from_template(client, folder):
    r = client.post(
        "/new", data={"name": "min_kalkyl", "lang": "sv"}, headers=OWN, follow_redirects=False
    )
    assert r.status_code == 303
    assert r.headers["location"].startswith("/edit?file=min_kalkyl.toml")
    assert sekalk.load(folder / "min_kalkyl.toml").settings.title
    again = client.post("/new", data={"name": "min_kalkyl.toml"}, headers=OWN)
    assert again.status_code == 400 and "finns redan" in again.text
    bad = client.post("/new", data={"name": "../x.toml"}, headers=OWN)
    assert bad.status_code == 400 and 'value="../x.toml"' in bad.text  # what was typed stays
    assert not (folder.parent / "x.toml").exists()


def test_broken_scenario_says_why(folder, client):
    (folder / "broken.toml").write_text(
        "[scenario]\ntitle = 'x'\nhorizon_years = -1\n", encoding="utf-8"
    )
    r = client.get("/open", params={"file": "broken.toml"})
    assert r.status_code == 422
    assert "går inte att läsa" in r.text


# --- the panel -------------------------------------------------------------------------------
def _run_json(path: Path, *extra: str) -> dict:
    out = path.parent / "summary.json"
    res = CliRunner().invoke(
        main,
        [
            "run",
            str(path),
            "--draws",
            str(DRAWS),
            "--seed",
            "1",
            "--json",
            str(out),
            "--force",
            *extra,
        ],
    )
    assert res.exit_code == 0, res.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_panel_agrees_with_sekalk_run(client, folder):
    """Same seed and draws: the panel shows the figures that `sekalk run` computes."""
    r = client.post("/panel", data={"file": "app.toml"}, headers=OWN)
    assert r.status_code == 200
    summary = _run_json(folder / "app.toml")
    prob = summary["perspectives"]["society"]["prob_npv_positive"]
    assert fmt_pct(prob, "sv") in r.text
    assert "Med mina antaganden" not in r.text  # nothing changed: no before/after


def test_panel_before_after_agrees_with_overlay_run(client, folder):
    data = {
        "file": "app.toml",
        f"low.{PERSONS}": "8",
        f"high.{PERSONS}": "12",
        f"note.{PERSONS}": "färre",
    }
    r = client.post("/panel", data=data, headers=OWN)
    assert "Med mina antaganden" in r.text
    saved = client.post("/overlay", data=SHA | {**data, "overlay": "bed.toml"}, headers=OWN)
    assert saved.status_code == 200, saved.text
    overlay = read_overlay(folder / "bed.toml")
    assert overlay[0]["value"] == {"dist": "uniform", "min": 8.0, "max": 12.0}
    assert overlay[0]["note"] == "färre"
    changed = _run_json(folder / "app.toml", "--overlay", str(folder / "bed.toml"))
    prob = changed["perspectives"]["society"]["prob_npv_positive"]
    after = r.text.split("Med mina antaganden", 1)[1]
    assert fmt_pct(prob, "sv") in after
    # The move of the mean is the mean of the draw-by-draw difference (common random numbers).
    base = sekalk.simulate(sekalk.load(folder / "app.toml"), draws=DRAWS, seed=1)
    mine = sekalk.simulate(apply_overlay(base.scenario, folder / "bed.toml"), draws=DRAWS, seed=1)
    diff = float(np.mean(mine.npv() - base.npv()))
    assert diff == pytest.approx(
        changed["perspectives"]["society"]["npv"]["mean"]
        - _run_json(folder / "app.toml")["perspectives"]["society"]["npv"]["mean"],
        rel=1e-9,
    )


def test_field_errors_keep_the_rest_and_name_the_field(client):
    data = {"file": "app.toml", f"low.{PERSONS}": "åtta", "mode.scenario.discount_rate": "0,03"}
    r = client.post("/panel", data=data, headers=OWN)
    assert r.status_code == 200
    dom = PERSONS.replace(".", "--")
    match = re.search(rf'<span id="err-{dom}"[^>]*>([^<]*)</span>', r.text)
    assert match and "Skriv ett tal" in match.group(1)
    assert re.search(r'<span id="err-scenario--discount_rate"[^>]*></span>', r.text)
    assert "Med mina antaganden" in r.text  # the readable change still counts


def test_domain_errors_appear_beside_the_field(client):
    data = {
        "file": "app.toml",
        "low.scenario.discount_rate": "0.5",
        "high.scenario.discount_rate": "0.1",
    }
    r = client.post("/panel", data=data, headers=OWN)
    dom = "scenario--discount_rate"
    match = re.search(rf'<span id="err-{dom}"[^>]*>([^<]+)</span>', r.text)
    assert match, r.text[-500:]


def test_overlay_save_refuses_overwrite_without_consent(client, folder):
    data = {"file": "app.toml", f"mode.{PERSONS}": "10", "overlay": "bed.toml"}
    assert client.post("/overlay", data=SHA | data, headers=OWN).status_code == 200
    first = (folder / "bed.toml").read_bytes()
    data[f"mode.{PERSONS}"] = "11"
    r = client.post("/overlay", data=SHA | data, headers=OWN)
    assert r.status_code == 409 and "finns redan" in r.text
    assert (folder / "bed.toml").read_bytes() == first
    r = client.post("/overlay", data=SHA | {**data, "overwrite": "1"}, headers=OWN)
    assert r.status_code == 200
    assert read_overlay(folder / "bed.toml")[0]["value"] == 11.0


def test_overlay_save_with_errors_or_nothing_writes_nothing(client, folder):
    r = client.post(
        "/overlay",
        data=SHA | {"file": "app.toml", f"mode.{PERSONS}": "x", "overlay": "b.toml"},
        headers=OWN,
    )
    assert r.status_code == 422
    r = client.post("/overlay", data=SHA | {"file": "app.toml", "overlay": "b.toml"}, headers=OWN)
    assert r.status_code == 422
    r = client.post(
        "/overlay",
        data=SHA | {"file": "app.toml", f"mode.{PERSONS}": "9", "overlay": "../b.toml"},
        headers=OWN,
    )
    assert r.status_code == 422
    assert not (folder / "b.toml").exists() and not (folder.parent / "b.toml").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["app.toml"]


def test_report_download(client):
    r = client.post("/report", data={"file": "app.toml", f"mode.{PERSONS}": "10"}, headers=OWN)
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="app.html"'
    assert "<html" in r.text and "Närvaroteam" in r.text


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"file": "nope.toml"},
        {"file": "../app.toml"},
        {
            "file": "app.toml",
            "low.not.an.id": "1",
            "weird": "x",
            "low.": "",
            "mode.scenario.discount_rate": "",
        },
    ],
)
def test_malformed_panel_requests(client, data):
    r = client.post("/panel", data=data, headers=OWN)
    assert r.status_code in (200, 404)
    assert "Traceback" not in r.text


def test_non_form_body(client):
    r = client.post(
        "/panel",
        content=b"\xff\xfe garbage",
        headers={**OWN, "content-type": "application/octet-stream"},
    )
    assert r.status_code in (404, 422)


# --- several applications, widening, contributions --------------------------------------------
def test_compare_agrees_with_sekalk_compare(client, folder):
    (folder / "b.toml").write_text(
        (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    r = client.get("/compare", params=[("file", "app.toml"), ("file", "b.toml")])
    assert r.status_code == 200
    cmp = sekalk.compare([folder / "app.toml", folder / "b.toml"], draws=DRAWS, seed=1)
    assert fmt_pct(cmp.prob_better(0, 1), "sv") in r.text
    for res in cmp.results:
        assert fmt_pct(res.prob_npv_positive("society"), "sv") in r.text
    download = client.get(
        "/compare", params=[("file", "app.toml"), ("file", "b.toml"), ("download", "1")]
    )
    assert download.headers["content-disposition"].startswith("attachment")
    assert client.get("/compare", params=[("file", "app.toml")]).status_code == 400
    assert client.get("/compare", params=[("file", "../app.toml")]).status_code == 404


def test_fund_agrees_with_sekalk_portfolio(client, folder):
    (folder / "b.toml").write_text(
        (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    r = client.get(
        "/fund", params=[("file", "app.toml"), ("file", "b.toml"), ("budget", "12 000 000")]
    )
    assert r.status_code == 200
    pf = sekalk.portfolio.portfolio(
        [folder / "app.toml", folder / "b.toml"],
        draws=DRAWS,
        seed=1,
        budget=12e6,
        names=["app", "b"],
    )
    assert fmt_pct(pf.prob_break_even("society"), "sv") in r.text
    assert fmt_pct(pf.prob_within_budget(), "sv") in r.text
    bad = client.get("/fund", params=[("file", "app.toml"), ("budget", "tolv miljoner")])
    assert bad.status_code == 400


def test_widen_switch_is_the_cli_widen(client, folder):
    r = client.post("/panel", data={"file": "app.toml", "widen": "1"}, headers=OWN)
    assert "Med mina antaganden" in r.text
    widened = _run_json(folder / "app.toml", "--widen")
    prob = widened["perspectives"]["society"]["prob_npv_positive"]
    assert fmt_pct(prob, "sv") in r.text.split("Med mina antaganden", 1)[1]


def test_each_change_on_its_own(client, folder):
    data = {
        "file": "app.toml",
        f"mode.{PERSONS}": "10",
        "mode.scenario.discount_rate": "0,05",
    }
    r = client.post("/panel", data=data, headers=OWN)
    table = r.text.split("Vilken av dina ändringar", 1)[1]
    base = sekalk.simulate(sekalk.load(folder / "app.toml"), draws=DRAWS, seed=1)
    moves = {}
    for pid, value in ((PERSONS, 10.0), ("scenario.discount_rate", 0.05)):
        alone = sekalk.simulate(base.scenario.with_overrides({pid: value}), draws=DRAWS, seed=1)
        moves[pid] = float(np.mean(alone.npv() - base.npv()))
    from sekalk.report.i18n import fmt_money

    for move in moves.values():
        assert fmt_money(move, "sv") in table
    # the larger move is listed first
    first, second = sorted(moves.values(), key=lambda m: -abs(m))
    assert table.index(fmt_money(first, "sv")) < table.index(fmt_money(second, "sv"))


# --- Excel -----------------------------------------------------------------------------------
def test_download_the_calculation_as_a_workbook_that_reads_back(client, folder, tmp_path):
    import tomllib

    r = client.get("/download/xlsx", params={"file": "app.toml"})
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="app.xlsx"'
    book = tmp_path / "app.xlsx"
    book.write_bytes(r.content)
    from sekalk.scenario.convert import read_document

    assert read_document(book).doc == tomllib.loads(SCENARIO)
    # The workbook is listed and opens in the evaluator's view, but not in the editor.
    (folder / "app.xlsx").write_bytes(r.content)
    assert "app.xlsx" in client.get("/").text
    assert client.get("/open", params={"file": "app.xlsx"}).status_code == 200
    assert client.get("/edit", params={"file": "app.xlsx"}).status_code == 400


def test_download_results_workbook_agrees_with_run(client, folder, tmp_path):
    import openpyxl

    r = client.get("/download/results", params={"file": "app.toml"})
    assert r.status_code == 200
    out = tmp_path / "r.xlsx"
    out.write_bytes(r.content)
    summary = _run_json(folder / "app.toml")
    prob = summary["perspectives"]["society"]["prob_npv_positive"]
    wb = openpyxl.load_workbook(out, read_only=True)
    values = [c for row in wb.worksheets[0].iter_rows(values_only=True) for c in row]
    assert any(isinstance(v, float) and v == pytest.approx(prob, abs=1e-12) for v in values)


def test_overlay_refused_when_the_application_changed_since_opened(client, folder):
    data = {**SHA, "file": "app.toml", f"mode.{PERSONS}": "10", "overlay": "bed.toml"}
    (folder / "app.toml").write_text(SCENARIO + "\n# changed\n", encoding="utf-8")
    r = client.post("/overlay", data=data, headers=OWN)
    assert r.status_code == 409 and "har ändrats sedan sidan öppnades" in r.text
    assert not (folder / "bed.toml").exists()


def test_overlay_never_overwrites_a_calculation(client, folder):
    (folder / "other.toml").write_text(SCENARIO, encoding="utf-8")
    data = {
        **SHA,
        "file": "app.toml",
        f"mode.{PERSONS}": "10",
        "overlay": "other",
        "overwrite": "1",
    }
    r = client.post("/overlay", data=data, headers=OWN)
    assert r.status_code == 409 and "ingen sparad bedömning" in r.text
    assert (folder / "other.toml").read_text(encoding="utf-8") == SCENARIO


def test_saved_files_keep_their_permissions(client, folder):
    import stat

    path = folder / "app.toml"
    path.chmod(0o640)
    data = {**SHA, "file": "app.toml", f"mode.{PERSONS}": "10", "overlay": "bed.toml"}
    assert client.post("/overlay", data=data, headers=OWN).status_code == 200
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((folder / "bed.toml").stat().st_mode) == 0o666 & ~umask


def test_the_three_boxes_take_only_values_they_can_show():
    """A PERT with its own lambda is not shown as the three boxes (saving them would drop
    the lambda); the key is ``lambda``, as in the scenario format."""
    from sekalk.app.server import _boxes

    assert _boxes({"dist": "pert", "min": 1, "mode": 2, "max": 4}) == {
        "low": 1,
        "mode": 2,
        "high": 4,
    }
    assert _boxes({"dist": "pert", "min": 1, "mode": 2, "max": 4, "lambda": 2}) is None
    assert _boxes({"dist": "uniform", "min": 1, "max": 4}) == {"low": 1, "high": 4}
    assert _boxes({"dist": "loguniform", "min": 1, "max": 4}) is None
