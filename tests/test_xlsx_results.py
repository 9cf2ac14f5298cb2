"""Results to an Excel workbook: the numbers of the run, as numbers, labelled per language."""

from __future__ import annotations

import json

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.report.xlsx import LABELS
from sekalk.scenario import load
from sekalk.simulation import simulate

from .conftest import ROOT

SV = ROOT / "scenarios" / "foraldrastod_tre_nivaer.toml"
EN = ROOT / "scenarios" / "tutorial.toml"
DRAWS, SEED = 4000, 7


def _stderr(res) -> str:
    return res.stderr if hasattr(res, "stderr") else res.output


def _table(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.fixture(scope="module")
def run_workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("x") / "r.xlsx"
    res = CliRunner().invoke(
        main,
        ["run", str(SV), "--draws", str(DRAWS), "--seed", str(SEED), "-q", "--xlsx", str(path),
         "--xlsx-draws", "25"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def result():
    return simulate(load(SV), draws=DRAWS, seed=SEED)


def test_sheets_are_labelled_in_the_scenarios_language(run_workbook):
    names = [LABELS[f"sheet.{k}"][0] for k in ("summary", "metrics", "breakeven", "assumptions")]
    names += [LABELS[f"sheet.{k}"][0] for k in ("drivers", "levels", "provenance", "draws")]
    assert run_workbook.sheetnames == names
    assert run_workbook["Sammanfattning"]["A1"].value == "Perspektiv"


def test_summary_holds_numbers_checked_against_the_draws(run_workbook, result):
    rows = {r["Perspektiv"]: r for r in _table(run_workbook["Sammanfattning"])}
    society = rows["samhället"]
    npv = result.output("npv", "society")
    assert society["Nettonuvärde, medel"] == pytest.approx(float(np.mean(npv)), rel=1e-12)
    assert society["P(nettonuvärde > 0)"] == pytest.approx(float(np.mean(npv > 0)), abs=1e-15)
    p05, p50, p95 = np.percentile(npv, [5, 50, 95])
    # the summary's quantiles against numpy's (linear interpolation; within one draw's gap)
    gap = float(np.max(np.diff(np.sort(npv))))
    assert abs(society["Nettonuvärde, P5"] - p05) <= gap
    assert abs(society["Nettonuvärde, median"] - p50) <= gap
    assert abs(society["Nettonuvärde, P95"] - p95) <= gap
    pv_c = result.output("pv_costs", "society")
    assert society["Nuvärde kostnader, medel"] == pytest.approx(float(np.mean(pv_c)), rel=1e-12)
    ws = run_workbook["Sammanfattning"]
    assert ws.freeze_panes == "B2"
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=6):
        for cell in row:
            assert isinstance(cell.value, int | float), cell.coordinate  # numbers, not text
    assert ws["B2"].number_format == "#,##0"
    assert ws["F2"].number_format == "0.0%"
    assert len(rows) == len(result.perspectives)


def test_summary_equals_the_json_summary(run_workbook, result):
    doc = result.to_dict()
    rows = _table(run_workbook["Sammanfattning"])
    for row, (p, block) in zip(rows, doc["perspectives"].items(), strict=True):
        expected = block["bcr"]["p50"]  # None (an empty cell) where it is undefined
        assert row["Nyttokvot, median"] == (expected and pytest.approx(expected, rel=1e-12)), p
        assert row["Återbetalningsår, median"] == block["payback_year"]["p50"] or (
            row["Återbetalningsår, median"] is None and block["payback_year"]["p50"] is None
        )


def test_assumptions_drivers_and_provenance(run_workbook, result):
    assumptions = _table(run_workbook["Antaganden"])
    assert [a["Id"] for a in assumptions] == list(result.scenario.parameters)
    first_uncertain = next(a for a in assumptions if a["Evidens"] == "antagande")
    assert first_uncertain["Fördelning"]
    drivers = _table(run_workbook["Drivare"])
    rho = [d["Rangkorrelation med samhällets nettonuvärde"] for d in drivers]
    assert rho == sorted(rho, key=lambda r: -abs(r))
    from scipy.stats import spearmanr

    top = drivers[0]["Id"]
    expected = spearmanr(result.draws[top], result.output("npv", "society")).statistic
    assert rho[0] == pytest.approx(expected, abs=1e-9)
    prov = {r["Uppgift"]: r["Värde"] for r in _table(run_workbook["Proveniens"])}
    assert prov["dragningar"] == DRAWS and prov["slumptalens startvärde"] == SEED
    assert prov["SHA-256 för filen"] == load(SV).sha256


def test_sample_of_draws(run_workbook, result):
    rows = _table(run_workbook["Dragningar"])
    assert len(rows) == 25
    col = "intervention.participants_per_year"
    assert [r[col] for r in rows] == pytest.approx(result.draws[col].head(25).tolist(), rel=1e-15)


def test_english_scenario_gets_english_labels(tmp_path):
    path = tmp_path / "e.xlsx"
    res = CliRunner().invoke(main, ["run", str(EN), "--draws", "500", "-q", "--xlsx", str(path)])
    assert res.exit_code == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Summary" and "Draws" not in wb.sheetnames
    assert wb["Summary"]["A1"].value == "Perspective"


def test_xlsx_output_errors_write_nothing(tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["run", str(EN), "--draws", "50", "--xlsx", str(tmp_path / "r.csv")])
    assert res.exit_code == 2 and "--xlsx must end in .xlsx" in _stderr(res)
    same = str(tmp_path / "r.xlsx")
    res = runner.invoke(
        main, ["run", str(EN), "--draws", "50", "--xlsx", same, "--draws-out", same]
    )
    assert res.exit_code == 2
    assert not (tmp_path / "r.xlsx").exists()


def test_compare_and_sensitivity_workbooks(tmp_path):
    runner = CliRunner()
    a, b = (
        ROOT / "scenarios" / "par_genomsnittlig_skillnad.toml",
        ROOT / "scenarios" / "par_livstid_utanforskap.toml",
    )
    out = tmp_path / "c.xlsx"
    res = runner.invoke(
        main,
        [
            "compare",
            str(a),
            str(b),
            "--draws",
            "800",
            "--xlsx",
            str(out),
            "--json",
            str(tmp_path / "c.json"),
        ],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(out)
    rows = _table(wb["Jämförelse"])
    assert [r["Nettonuvärde, medel"] for r in rows] == pytest.approx(
        [s["npv"]["mean"] for s in doc["scenarios"]], rel=1e-12
    )
    pairs = _table(wb["Parvisa skillnader"])
    assert pairs[0]["P(A bättre än B)"] == doc["pairs"][0]["prob_a_better"]
    out = tmp_path / "s.xlsx"
    res = runner.invoke(
        main,
        [
            "sensitivity",
            str(EN),
            "--draws",
            "500",
            "--sobol-n",
            "64",
            "--xlsx",
            str(out),
            "--json",
            str(tmp_path / "s.json"),
        ],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    rows = _table(openpyxl.load_workbook(out)["Sensitivity"])
    assert [r["Id"] for r in rows] == [p["id"] for p in doc["parameters"]]
    assert [r["Rank correlation with society NPV"] for r in rows] == pytest.approx(
        [p["spearman"] for p in doc["parameters"]], rel=1e-12
    )


def test_levels_add_up_to_the_total(run_workbook, result):
    rows = _table(run_workbook["Nivåer"])
    society = {r["Nivå"]: r for r in rows if r["Perspektiv"] == "samhället"}
    assert len(society) == 4  # project, continuation, spread, total
    *parts, total = society.values()
    assert sum(r["Nettonuvärde, medel"] for r in parts) == pytest.approx(
        total["Nettonuvärde, medel"], rel=1e-9
    )
    assert total["Nettonuvärde, medel"] == pytest.approx(
        float(np.mean(result.output("npv", "society"))), rel=1e-12
    )
    levels = result.to_dict()["levels"]
    assert parts[1]["Sannolikhet att nivån inträffar"] == levels["continuation"]["prob_occurs"]


# ---------------------------------------------------------------------------------------------
# portfolio


PROJECTS = [
    ROOT / "scenarios" / "narvaroteam.toml",
    ROOT / "scenarios" / "elevhalsa_fysioterapeut.toml",
]
SHARED = "outcomes.ej_behorig.baseline_risk"
BUDGET = 5_000_000.0


@pytest.fixture(scope="module")
def portfolio_books(tmp_path_factory):
    from sekalk.portfolio import portfolio

    base = tmp_path_factory.mktemp("p")
    books = {}
    for lang in ("sv", "en"):
        path = base / f"fund_{lang}.xlsx"
        args = ["portfolio", *map(str, PROJECTS), "--draws", "3000", "--seed", "11"]
        args += ["--budget", str(BUDGET), "--shared", SHARED]
        res = CliRunner().invoke(main, [*args, "--lang", lang, "--xlsx", str(path)])
        assert res.exit_code == 0, res.output
        books[lang] = openpyxl.load_workbook(path)
    result = portfolio(PROJECTS, draws=3000, seed=11, budget=BUDGET, shared=[SHARED])
    return books, result


def test_portfolio_workbook_sheets_in_both_languages(portfolio_books):
    books, _ = portfolio_books
    assert books["sv"].sheetnames == [
        "Projekt", "Fonden", "Budget", "Gemensamma antaganden", "Proveniens"
    ]  # fmt: skip
    assert books["en"].sheetnames == [
        "Projects", "Fund", "Budget", "Shared assumptions", "Provenance"
    ]  # fmt: skip
    assert books["sv"]["Projekt"]["D1"].value == "Nettonuvärde, medel"
    assert books["en"]["Projects"]["D1"].value == "NPV, mean"


def test_portfolio_workbook_projects_against_the_draws(portfolio_books):
    books, result = portfolio_books
    ws = books["en"]["Projects"]
    rows = {(r["Perspective"], r["Project"]): r for r in _table(ws)}
    npvs = result.project_npvs("society")
    total = npvs.sum(axis=1)
    for i, name in enumerate(result.names):
        row = rows[("society", name)]
        x = npvs[:, i]
        assert row["NPV, mean"] == pytest.approx(x.mean(), rel=1e-12)
        assert row["NPV, P5"] == pytest.approx(np.percentile(x, 5), rel=1e-9)
        assert row["NPV, median"] == pytest.approx(np.median(x), rel=1e-9)
        assert row["NPV, P95"] == pytest.approx(np.percentile(x, 95), rel=1e-9)
        assert row["P(NPV > 0)"] == pytest.approx(np.mean(x > 0), abs=1e-15)
        # the project's share of the total's variance: Cov(x_i, total) / Var(total)
        share = np.cov(x, total)[0, 1] / np.var(total, ddof=1)
        assert row["Share of the fund's risk"] == pytest.approx(share, rel=1e-9)
        assert isinstance(row["NPV, mean"], float)
    shares = [rows[("society", n)]["Share of the fund's risk"] for n in result.names]
    assert sum(shares) == pytest.approx(1.0, abs=1e-12)
    col = [c.value for c in ws[1]].index("NPV, mean") + 1
    assert ws.cell(2, col).number_format == "#,##0"
    col = [c.value for c in ws[1]].index("P(NPV > 0)") + 1
    assert ws.cell(2, col).number_format == "0.0%"


def test_portfolio_workbook_fund_budget_and_shared(portfolio_books):
    books, result = portfolio_books
    fund = {r["Perspektiv"]: r for r in _table(books["sv"]["Fonden"])}
    total = result.project_npvs("society").sum(axis=1)
    society = fund["samhället"]
    assert society["Nettonuvärde, medel"] == pytest.approx(total.mean(), rel=1e-12)
    assert society["P(nettonuvärde > 0)"] == pytest.approx(np.mean(total > 0), abs=1e-15)
    assert len(fund) == len(result.perspectives)
    (budget,) = _table(books["sv"]["Budget"])
    cost = result.costs.sum(axis=1)
    assert budget["Budget"] == BUDGET
    assert budget["Betalare som räknas"] == "alla"
    assert budget["Total kostnad, medel"] == pytest.approx(cost.mean(), rel=1e-12)
    assert budget["P(inom budgeten)"] == pytest.approx(np.mean(cost <= BUDGET), abs=1e-15)
    shared = {r["Id"]: r for r in _table(books["sv"]["Gemensamma antaganden"])}
    rate = shared[SHARED]
    assert rate["Dras gemensamt"] == "ja"
    assert rate["Projekt som drar antagandet"] == ", ".join(result.projects_with(SHARED))
    assert all(r["Dras gemensamt"] == "nej" for k, r in shared.items() if k != rate["Id"])
    provenance = {r["Uppgift"]: r["Värde"] for r in _table(books["sv"]["Proveniens"])}
    assert provenance["slumptalens startvärde"] == 11 and provenance["dragningar"] == 3000


def test_portfolio_xlsx_must_end_in_xlsx(tmp_path):
    out = tmp_path / "fund.txt"
    res = CliRunner().invoke(main, ["portfolio", *map(str, PROJECTS), "--xlsx", str(out)])
    assert res.exit_code == 2
    assert not out.exists()


def test_compare_workbook_lists_each_rows_overlays_and_overrides(tmp_path):
    # the same application as submitted, under two overlays, and with one --set value
    ids = sorted(load(EN).uncertain_parameters)
    first = tmp_path / "ev1.toml"
    first.write_text(
        f'title = "Bedömning ett"\n[[override]]\nid = "{ids[0]}"\nvalue = 0.5\n',
        encoding="utf-8",
    )
    second = tmp_path / "ev2.toml"  # no title
    second.write_text(f'[[override]]\nid = "{ids[1]}"\nvalue = 0.4\n', encoding="utf-8")
    out = tmp_path / "c.xlsx"
    res = CliRunner().invoke(
        main,
        [
            "compare",
            str(EN),
            f"{EN}+{first}+{second}",
            "--draws",
            "300",
            "--lang",
            "sv",
            "--xlsx",
            str(out),
            "--json",
            str(tmp_path / "c.json"),
        ],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    rows = _table(openpyxl.load_workbook(out)["Jämförelse"])
    assert rows[0]["Överläggsfiler"] is None  # an empty cell for the application as submitted
    assert rows[0]["Ändrade antaganden"] is None
    overlays = doc["scenarios"][1]["overlays"]
    assert rows[1]["Överläggsfiler"] == (f'{first}: "Bedömning ett"\n{second}: "utan titel"')
    assert rows[1]["Överläggsfilernas SHA-256"] == "\n".join(o["sha256"] for o in overlays)
    assert rows[1]["Ändrade antaganden"] == f"{ids[0]}, {ids[1]}"
    # the same columns in English
    res = CliRunner().invoke(
        main,
        [
            "compare",
            f"{EN}+{second}",
            "--draws",
            "50",
            "--lang",
            "en",
            "--xlsx",
            str(out),
            "--force",
        ],
    )
    assert res.exit_code == 0, res.output
    row = _table(openpyxl.load_workbook(out)["Comparison"])[0]
    assert row["Overlay files"] == f'{second}: "untitled"'
    assert row["Overridden assumptions"] == ids[1]
