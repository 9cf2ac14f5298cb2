"""Results to an Excel workbook (``sekalk run ... --xlsx OUT.xlsx``), for the evaluator's memo.

The workbook holds the numbers of the JSON summary v1 as numbers (never text) with number
formats, frozen header rows and readable column widths, labelled in the scenario's language:

* Sammanfattning / Summary: one row per perspective: NPV mean, P5, median, P95, P(NPV > 0),
  benefit-cost ratio, payback year, present values of costs and benefits;
* Mått / Metrics: every metric of every perspective (mean, sd, P5, median, P95, MC error);
* Brytpunkt / Break-even: successes needed, avoided outcomes and participants;
* Antaganden / Assumptions: every parameter with its distribution, evidence and source;
* Drivare / Drivers: the rank correlation of each uncertain parameter with the society NPV;
* Proveniens / Provenance: sekalk version, file, SHA-256, draws, seed, sampler, overrides;
* Dragningar / Draws (optional): the first draws, every parameter and output.

Written through pandas' ``ExcelWriter`` (openpyxl), then formatted with openpyxl.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sekalk import output_metrics
from sekalk.report.i18n import sampler_name, t
from sekalk.report.labels import breakeven_reason, parameter_label, shared_label

if TYPE_CHECKING:
    from sekalk.result import Result

#: Sheet names and column headers of the results workbook, (Swedish, English).
LABELS: dict[str, tuple[str, str]] = {
    # sheets
    "sheet.summary": ("Sammanfattning", "Summary"),
    "sheet.metrics": ("Mått", "Metrics"),
    "sheet.breakeven": ("Brytpunkt", "Break-even"),
    "sheet.assumptions": ("Antaganden", "Assumptions"),
    "sheet.drivers": ("Drivare", "Drivers"),
    "sheet.provenance": ("Proveniens", "Provenance"),
    "sheet.draws": ("Dragningar", "Draws"),
    # columns
    "perspective": ("Perspektiv", "Perspective"),
    "npv_mean": ("Nettonuvärde, medel", "NPV, mean"),
    "npv_p05": ("Nettonuvärde, P5", "NPV, P5"),
    "npv_p50": ("Nettonuvärde, median", "NPV, median"),
    "npv_p95": ("Nettonuvärde, P95", "NPV, P95"),
    "prob_gain": ("P(nettonuvärde > 0)", "P(NPV > 0)"),
    "bcr_mean": ("Nyttokvot, medel", "Benefit-cost ratio, mean"),
    "bcr_p50": ("Nyttokvot, median", "Benefit-cost ratio, median"),
    "payback_p50": ("Återbetalningsår, median", "Payback year, median"),
    "payback_prob": ("P(återbetald inom horisonten)", "P(paid back within the horizon)"),
    "pv_costs_mean": ("Nuvärde kostnader, medel", "PV of costs, mean"),
    "pv_benefits_mean": ("Nuvärde nyttor, medel", "PV of benefits, mean"),
    "metric": ("Mått", "Metric"),
    "mean": ("Medel", "Mean"),
    "sd": ("Standardavvikelse", "Standard deviation"),
    "p05": ("P5", "P5"),
    "p50": ("Median", "Median"),
    "p95": ("P95", "P95"),
    "mcse_mean": ("MC-fel i medel", "MC error of the mean"),
    "quantity": ("Storhet", "Quantity"),
    "id": ("Id", "Id"),
    "label": ("Antagande", "Assumption"),
    "distribution": ("Fördelning", "Distribution"),
    "evidence": ("Evidens", "Evidence"),
    "source": ("Källa", "Source"),
    "spearman": (
        "Rangkorrelation med samhällets nettonuvärde",
        "Rank correlation with society NPV",
    ),
    "item": ("Uppgift", "Item"),
    "note": ("Kommentar", "Note"),
    "value": ("Värde", "Value"),
    # metrics and quantities
    "b.successes_needed": (
        "deltagare som måste undvika utfallet för att gå jämnt ut",
        "participants who must avoid the outcome to break even",
    ),
    "b.avoided_outcomes": ("undvikna utfall enligt antagandena", "avoided outcomes as assumed"),
    "b.participants": ("deltagare", "participants"),
    "b.prob_defined": (
        "andel dragningar där brytpunkten finns",
        "share of draws with a break-even",
    ),
    "b.reason": ("varför brytpunkten ibland saknas", "why break-even is sometimes undefined"),
    # provenance
    "p.title": ("titel", "title"),
    "p.file": ("fil", "file"),
    "p.sha256": ("SHA-256 för filen", "SHA-256 of the file"),
    "p.version": ("sekalk-version", "sekalk version"),
    "p.draws": ("dragningar", "draws"),
    "p.seed": ("slumptalens startvärde", "seed"),
    "p.sampler": ("dragningsmetod", "sampler"),
    "p.currency": ("valuta", "currency"),
    "p.price_year": ("prisår", "price year"),
    "p.override": ("ändrat antagande", "replaced assumption"),
}

LABELS.update(
    {
        "sheet.levels": ("Nivåer", "Levels"),
        "level": ("Nivå", "Level"),
        "prob_occurs": ("Sannolikhet att nivån inträffar", "Probability the level happens"),
        "npv_if_occurs": ("Nettonuvärde om den inträffar, medel", "NPV if it happens, mean"),
        "sheet.comparison": ("Jämförelse", "Comparison"),
        "sheet.pairs": ("Parvisa skillnader", "Pairwise differences"),
        "sheet.sensitivity": ("Känslighet", "Sensitivity"),
        "scenario": ("Scenario", "Scenario"),
        "file": ("Fil", "File"),
        "overlays": ("Överläggsfiler", "Overlay files"),
        "overlays_sha256": ("Överläggsfilernas SHA-256", "SHA-256 of the overlay files"),
        "overridden": ("Ändrade antaganden", "Overridden assumptions"),
        "untitled": ("utan titel", "untitled"),
        "successes_p50": ("Brytpunkt: deltagare, median", "Break-even: participants, median"),
        "avoided_p50": ("Undvikna utfall, median", "Avoided outcomes, median"),
        "a": ("Scenario A", "Scenario A"),
        "b": ("Scenario B", "Scenario B"),
        "diff_mean": ("Skillnad A - B, medel", "Difference A - B, mean"),
        "diff_p05": ("Skillnad A - B, P5", "Difference A - B, P5"),
        "diff_p50": ("Skillnad A - B, median", "Difference A - B, median"),
        "diff_p95": ("Skillnad A - B, P95", "Difference A - B, P95"),
        "prob_a_better": ("P(A bättre än B)", "P(A better than B)"),
        "tornado_low_value": ("Tornado: lågt värde (P5)", "Tornado: low value (P5)"),
        "tornado_high_value": ("Tornado: högt värde (P95)", "Tornado: high value (P95)"),
        "tornado_npv_low": ("Nettonuvärde vid lågt värde", "NPV at the low value"),
        "tornado_npv_high": ("Nettonuvärde vid högt värde", "NPV at the high value"),
        "tornado_swing": ("Utslag", "Swing"),
        "sobol_first": ("Sobol, första ordningen", "Sobol, first order"),
        "sobol_total": ("Sobol, totalt", "Sobol, total"),
        "switching": ("Brytvärde", "Switching value"),
        "switching_percentile": ("Brytvärdets percentil", "Percentile of the switching value"),
        "evppi": ("EVPPI", "EVPPI"),
        # portfolio
        "sheet.projects": ("Projekt", "Projects"),
        "sheet.fund": ("Fonden", "Fund"),
        "sheet.budget": ("Budget", "Budget"),
        "sheet.shared": ("Gemensamma antaganden", "Shared assumptions"),
        "project": ("Projekt", "Project"),
        "risk_share": ("Andel av fondens risk", "Share of the fund's risk"),
        "cost_nominal_mean": (
            "Kostnad mot budgeten (ej diskonterad), medel",
            "Cost against the budget (undiscounted), mean",
        ),
        "sd_if_uncorrelated": (
            "Standardavvikelse om projekten vore okorrelerade",
            "Standard deviation if the projects were uncorrelated",
        ),
        "mcse_prob": ("MC-fel i P(nettonuvärde > 0)", "MC error of P(NPV > 0)"),
        "budget": ("Budget", "Budget"),
        "budget_actor": ("Betalare som räknas", "Payer counted"),
        "cost_mean": ("Total kostnad, medel", "Total cost, mean"),
        "cost_p05": ("Total kostnad, P5", "Total cost, P5"),
        "cost_p50": ("Total kostnad, median", "Total cost, median"),
        "cost_p95": ("Total kostnad, P95", "Total cost, P95"),
        "prob_within_budget": ("P(inom budgeten)", "P(within the budget)"),
        "all_payers": ("alla", "all"),
        "projects": ("Projekt som drar antagandet", "Projects that draw it"),
        "drawn_jointly": ("Dras gemensamt", "Drawn jointly"),
        "same_distribution": ("Samma fördelning i alla projekt", "Same distribution everywhere"),
        "yes": ("ja", "yes"),
        "no": ("nej", "no"),
    }
)

MONEY = "#,##0"
SHARE = "0.0%"
RATIO = "0.00"
YEAR = "0.0"
COUNT = "#,##0.0"


def _l(key: str, lang: str) -> str:
    return LABELS[key][1 if lang == "en" else 0]


def _num(x: Any) -> float | None:
    """A finite float, or None (an empty cell) for undefined values."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def run_tables(result: Result, lang: str, *, draws_sample: int = 0) -> list[tuple[str, Any, dict]]:
    """The sheets of a run workbook: ``(name, DataFrame, {column: number format})``."""
    import pandas as pd

    from sekalk.report.i18n import perspective_name
    from sekalk.report.text import evidence_name
    from sekalk.result import METRICS

    doc = result.to_dict()
    sheets: list[tuple[str, Any, dict]] = []
    rows = []
    for p, block in doc["perspectives"].items():
        rows.append(
            {
                _l("perspective", lang): perspective_name(p, lang),
                _l("npv_mean", lang): _num(block["npv"]["mean"]),
                _l("npv_p05", lang): _num(block["npv"]["p05"]),
                _l("npv_p50", lang): _num(block["npv"]["p50"]),
                _l("npv_p95", lang): _num(block["npv"]["p95"]),
                _l("prob_gain", lang): _num(block["prob_npv_positive"]),
                _l("bcr_mean", lang): _num(block["bcr"]["mean"]),
                _l("bcr_p50", lang): _num(block["bcr"]["p50"]),
                _l("payback_p50", lang): _num(block["payback_year"]["p50"]),
                _l("payback_prob", lang): _num(block["payback_year"]["prob_within_horizon"]),
                _l("pv_costs_mean", lang): _num(block["pv_costs"]["mean"]),
                _l("pv_benefits_mean", lang): _num(block["pv_benefits"]["mean"]),
            }
        )
    formats = {
        **{_l(k, lang): MONEY for k in ("npv_mean", "npv_p05", "npv_p50", "npv_p95")},
        _l("prob_gain", lang): SHARE,
        _l("bcr_mean", lang): RATIO,
        _l("bcr_p50", lang): RATIO,
        _l("payback_p50", lang): YEAR,
        _l("payback_prob", lang): SHARE,
        _l("pv_costs_mean", lang): MONEY,
        _l("pv_benefits_mean", lang): MONEY,
    }
    sheets.append((_l("sheet.summary", lang), pd.DataFrame(rows), formats))

    stats = ("mean", "sd", "p05", "p50", "p95", "mcse_mean")
    rows = []
    for p, block in doc["perspectives"].items():
        for m in METRICS:
            rows.append(
                {
                    _l("perspective", lang): perspective_name(p, lang),
                    _l("metric", lang): t(output_metrics.get(m).label, lang),
                    **{_l(s, lang): _num(block[m][s]) for s in stats},
                }
            )
    sheets.append(
        (
            _l("sheet.metrics", lang),
            pd.DataFrame(rows),
            dict.fromkeys((_l(s, lang) for s in stats), "#,##0.00"),
        )
    )

    be = doc["breakeven"]
    rows = [
        {
            _l("quantity", lang): _l(f"b.{k}", lang),
            **{_l(s, lang): _num(be[k][s]) for s in ("mean", "p05", "p50", "p95")},
        }
        for k in ("successes_needed", "avoided_outcomes", "participants")
    ]
    rows.append(
        {
            _l("quantity", lang): _l("b.prob_defined", lang),
            _l("mean", lang): _num(be["prob_defined"]),
        }
    )
    reason = breakeven_reason(result.breakeven_undefined(), lang)
    if reason:
        rows.append({_l("quantity", lang): _l("b.reason", lang), _l("note", lang): reason})
    frame = pd.DataFrame(rows)
    sheets.append(
        (
            _l("sheet.breakeven", lang),
            frame,
            dict.fromkeys((_l(s, lang) for s in ("mean", "p05", "p50", "p95")), COUNT),
        )
    )

    rows = [
        {
            _l("id", lang): a["id"],
            _l("label", lang): a["label"],
            _l("distribution", lang): a["distribution"],
            _l("p05", lang): _num(a["p05"]),
            _l("p50", lang): _num(a["p50"]),
            _l("p95", lang): _num(a["p95"]),
            _l("evidence", lang): evidence_name(a["evidence"], lang),
            _l("source", lang): a["source"] or "",
        }
        for a in result.assumptions(lang)
    ]
    sheets.append(
        (
            _l("sheet.assumptions", lang),
            pd.DataFrame(rows),
            dict.fromkeys((_l(s, lang) for s in ("p05", "p50", "p95")), "General"),
        )
    )

    from sekalk.summaries import summarize

    params = result.scenario.parameters
    rows = [
        {
            _l("id", lang): d.id,
            _l("label", lang): parameter_label(params[d.id], lang),
            _l("spearman", lang): d.rho,
            _l("evidence", lang): evidence_name(d.evidence, lang),
        }
        for d in summarize(result).drivers
    ]
    columns = [_l(k, lang) for k in ("id", "label", "spearman", "evidence")]
    sheets.append(
        (
            _l("sheet.drivers", lang),
            pd.DataFrame(rows, columns=columns),
            {_l("spearman", lang): RATIO},
        )
    )

    levels = doc.get("levels") or {}
    if len(levels.get("included", ())) > 1:
        sheets.append(_levels_table(levels, lang))

    sc = result.scenario
    items = [
        ("p.title", sc.title),
        ("p.file", sc.path or ""),
        ("p.sha256", sc.sha256 or ""),
        ("p.version", doc["sekalk_version"]),
        ("p.draws", doc["settings"]["draws"]),
        ("p.seed", doc["settings"]["seed"]),
        ("p.sampler", sampler_name(doc["settings"]["sampler"], lang)),
        ("p.currency", sc.settings.currency),
        ("p.price_year", sc.settings.price_year),
    ]
    items += [("p.override", f"{o.id} = {o.value.describe()} ({o.origin})") for o in sc.overrides]
    frame = pd.DataFrame([{_l("item", lang): _l(k, lang), _l("value", lang): v} for k, v in items])
    sheets.append((_l("sheet.provenance", lang), frame, {}))

    if draws_sample > 0:
        frame = result.draws.head(draws_sample)
        sheets.append((_l("sheet.draws", lang), frame.reset_index(drop=True), {}))
    return sheets


def _levels_table(levels: dict[str, Any], lang: str) -> tuple[str, Any, dict]:
    """Project, continuation, spread and total, per perspective (the JSON's ``levels``)."""
    import pandas as pd

    from sekalk.report.i18n import perspective_name, t

    rows = []
    for level in (*levels["included"], "total"):
        block = levels[level]
        for p, pb in block.items():
            if not isinstance(pb, dict) or "npv" not in pb:
                continue  # prob_occurs, avoided_outcomes, participants
            rows.append(
                {
                    _l("level", lang): t(f"level.{level}", lang),
                    _l("perspective", lang): perspective_name(p, lang),
                    _l("prob_occurs", lang): _num(block.get("prob_occurs", 1.0)),
                    _l("npv_mean", lang): _num(pb["npv"]["mean"]),
                    _l("npv_p05", lang): _num(pb["npv"]["p05"]),
                    _l("npv_p50", lang): _num(pb["npv"]["p50"]),
                    _l("npv_p95", lang): _num(pb["npv"]["p95"]),
                    _l("prob_gain", lang): _num(pb.get("prob_npv_positive")),
                    _l("npv_if_occurs", lang): _num((pb.get("npv_if_occurs") or {}).get("mean")),
                }
            )
    formats = {
        **{_l(k, lang): MONEY for k in ("npv_mean", "npv_p05", "npv_p50", "npv_p95")},
        _l("npv_if_occurs", lang): MONEY,
        _l("prob_occurs", lang): SHARE,
        _l("prob_gain", lang): SHARE,
    }
    return _l("sheet.levels", lang), pd.DataFrame(rows), formats


def write_tables(sheets: list[tuple[str, Any, dict]], path: str | Path) -> None:
    """Write ``(name, DataFrame, formats)`` sheets to ``path`` atomically, then format them."""
    import pandas as pd

    from sekalk.outputs import write_atomic

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame, formats in sheets:
                frame.to_excel(writer, sheet_name=name, index=False)
                _format(writer.sheets[name], frame, formats)

    write_atomic(path, write)


def _format(ws, frame, formats: dict[str, str]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "B2"
    for col, name in enumerate(frame.columns, 1):
        letter = get_column_letter(col)
        head = ws.cell(1, col)
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        fmt = formats.get(name)
        values = frame.iloc[:, col - 1]
        if fmt:
            for row in range(2, len(frame) + 2):
                ws.cell(row, col).number_format = fmt
        longest = max([len(str(name))] + [len(_shown(v, fmt)) for v in values.head(200)])
        ws.column_dimensions[letter].width = max(10, min(longest + 3, 60))


def _shown(value: Any, fmt: str | None) -> str:
    if isinstance(value, float) and math.isfinite(value) and fmt in (MONEY, COUNT):
        return f"{value:,.0f}"
    return "" if value is None else str(value)


def write_run_workbook(
    result: Result, path: str | Path, *, lang: str | None = None, draws_sample: int = 0
) -> None:
    """Write the results of a run to a workbook at ``path`` (atomically).

    Parameters
    ----------
    result
        A simulation result.
    lang
        Language of the sheet names and labels (default: the scenario's).
    draws_sample
        How many draws to include on the sheet of draws (0: none) [draws].
    """
    language = lang or result.scenario.settings.language
    write_tables(run_tables(result, language, draws_sample=draws_sample), path)


def _overlay_cells(item: dict, lang: str) -> dict[str, str]:
    """A comparison row's overlay files (path and title, one per line), their SHA-256 and the
    ids of every overridden assumption (overlays, ``--set`` and widening), as in the JSON."""
    overlays = item.get("overlays") or []
    return {
        _l("overlays", lang): "\n".join(
            f'{o["path"]}: "{o["title"] or _l("untitled", lang)}"' for o in overlays
        ),
        _l("overlays_sha256", lang): "\n".join(o["sha256"] for o in overlays),
        _l("overridden", lang): ", ".join(dict.fromkeys(o["id"] for o in item["overrides"])),
    }


def compare_tables(cmp, lang: str) -> list[tuple[str, Any, dict]]:
    """The sheets of a comparison workbook: the scenarios side by side and the pairs."""
    import pandas as pd

    doc = cmp.to_dict()
    rows = []
    for item in doc["scenarios"]:
        rows.append(
            {
                _l("scenario", lang): item["title"],
                _l("file", lang): item.get("path") or "",
                **_overlay_cells(item, lang),
                _l("npv_mean", lang): _num(item["npv"]["mean"]),
                _l("npv_p05", lang): _num(item["npv"]["p05"]),
                _l("npv_p50", lang): _num(item["npv"]["p50"]),
                _l("npv_p95", lang): _num(item["npv"]["p95"]),
                _l("prob_gain", lang): _num(item["prob_npv_positive"]),
                _l("bcr_mean", lang): _num(item["bcr"]["mean"]),
                _l("bcr_p50", lang): _num(item["bcr"]["p50"]),
                _l("successes_p50", lang): _num(item["successes_needed"]["p50"]),
                _l("avoided_p50", lang): _num(item["avoided_outcomes"]["p50"]),
            }
        )
    formats = {
        **{_l(k, lang): MONEY for k in ("npv_mean", "npv_p05", "npv_p50", "npv_p95")},
        _l("prob_gain", lang): SHARE,
        _l("bcr_mean", lang): RATIO,
        _l("bcr_p50", lang): RATIO,
        _l("successes_p50", lang): COUNT,
        _l("avoided_p50", lang): COUNT,
    }
    sheets = [(_l("sheet.comparison", lang), pd.DataFrame(rows), formats)]
    titles = [item["title"] for item in doc["scenarios"]]
    rows = [
        {
            _l("a", lang): f"{pair['a'] + 1}: {titles[pair['a']]}",
            _l("b", lang): f"{pair['b'] + 1}: {titles[pair['b']]}",
            **{
                _l(f"diff_{s}", lang): _num(pair["npv_difference"][s])
                for s in ("mean", "p05", "p50", "p95")
            },
            _l("prob_a_better", lang): _num(pair["prob_a_better"]),
        }
        for pair in doc["pairs"]
    ]
    formats = {_l(f"diff_{s}", lang): MONEY for s in ("mean", "p05", "p50", "p95")}
    formats[_l("prob_a_better", lang)] = SHARE
    columns = [_l(k, lang) for k in ("a", "b", "diff_mean", "diff_p05", "diff_p50", "diff_p95")]
    columns.append(_l("prob_a_better", lang))
    sheets.append((_l("sheet.pairs", lang), pd.DataFrame(rows, columns=columns), formats))
    items = [
        ("p.version", doc["sekalk_version"]),
        ("p.draws", doc["settings"]["draws"]),
        ("p.seed", doc["settings"]["seed"]),
        ("p.sampler", sampler_name(doc["settings"]["sampler"], lang)),
    ]
    items += [
        ("p.sha256", f"{item.get('path') or item['title']}: {item['sha256']}")
        for item in doc["scenarios"]
    ]
    frame = pd.DataFrame([{_l("item", lang): _l(k, lang), _l("value", lang): v} for k, v in items])
    sheets.append((_l("sheet.provenance", lang), frame, {}))
    return sheets


def sensitivity_tables(res, lang: str) -> list[tuple[str, Any, dict]]:
    """The sheets of a sensitivity workbook: one row per assumption, and provenance."""
    import json

    import pandas as pd

    from sekalk.report.text import evidence_name

    doc = json.loads(res.to_json(lang=lang))
    rows = []
    for p in doc["parameters"]:
        tornado = p.get("tornado") or {}
        sobol = p.get("sobol") or {}
        switching = p.get("switching_value") or {}
        rows.append(
            {
                _l("id", lang): p["id"],
                _l("label", lang): p["label"],
                _l("evidence", lang): evidence_name(p.get("evidence"), lang),
                _l("tornado_low_value", lang): _num(tornado.get("low_value")),
                _l("tornado_high_value", lang): _num(tornado.get("high_value")),
                _l("tornado_npv_low", lang): _num(tornado.get("npv_low")),
                _l("tornado_npv_high", lang): _num(tornado.get("npv_high")),
                _l("tornado_swing", lang): _num(tornado.get("swing")),
                _l("spearman", lang): _num(p.get("spearman")),
                _l("sobol_first", lang): _num(sobol.get("first")),
                _l("sobol_total", lang): _num(sobol.get("total")),
                _l("switching", lang): _num(switching.get("value")),
                _l("switching_percentile", lang): _num(switching.get("percentile")),
                _l("evppi", lang): _num(p.get("evppi")),
            }
        )
    formats = {
        **{
            _l(k, lang): MONEY
            for k in ("tornado_npv_low", "tornado_npv_high", "tornado_swing", "evppi")
        },
        **{_l(k, lang): RATIO for k in ("spearman", "sobol_first", "sobol_total")},
        _l("switching_percentile", lang): SHARE,
    }
    sheets = [(_l("sheet.sensitivity", lang), pd.DataFrame(rows), formats)]
    items = [
        ("p.title", doc["scenario"]["title"]),
        ("p.sha256", doc["scenario"]["sha256"] or ""),
        ("p.version", doc["sekalk_version"]),
        ("p.draws", doc["settings"]["draws"]),
        ("p.seed", doc["settings"]["seed"]),
        ("p.sampler", sampler_name(doc["settings"]["sampler"], lang)),
    ]
    frame = pd.DataFrame([{_l("item", lang): _l(k, lang), _l("value", lang): v} for k, v in items])
    sheets.append((_l("sheet.provenance", lang), frame, {}))
    return sheets


def portfolio_tables(result, lang: str) -> list[tuple[str, Any, dict]]:
    """The sheets of a portfolio workbook (``sekalk portfolio ... --xlsx``).

    *Projekt*: one row per perspective and project (NPV mean, P5, median, P95, P(NPV > 0), the
    project's share of the variance of the fund's total, its mean undiscounted cost);
    *Fonden*: the fund's total NPV per perspective (with P(NPV > 0): the probability that the
    fund as a whole breaks even); *Budget*: the total undiscounted cost against the budget;
    *Gemensamma antaganden*: the parameter ids in more than one project, and whether each is
    drawn jointly (``--shared``); *Proveniens*. The numbers are those of
    :class:`~sekalk.portfolio.PortfolioResult`.
    """
    import pandas as pd

    from sekalk import __version__, metrics
    from sekalk.report.i18n import perspective_name

    money = ("npv_mean", "npv_p05", "npv_p50", "npv_p95")
    rows = []
    for p in result.perspectives:
        frame = result.to_frame(p)
        for name, row in frame.iterrows():
            rows.append(
                {
                    _l("perspective", lang): perspective_name(p, lang),
                    _l("project", lang): name,
                    _l("label", lang): row["title"],
                    **{_l(k, lang): _num(row[k.removeprefix("npv_")]) for k in money},
                    _l("prob_gain", lang): _num(row["prob_npv_positive"]),
                    _l("risk_share", lang): _num(row["risk_share"]),
                    _l("cost_nominal_mean", lang): _num(row["cost_nominal_mean"]),
                }
            )
    formats = {
        **{_l(k, lang): MONEY for k in (*money, "cost_nominal_mean")},
        _l("prob_gain", lang): SHARE,
        _l("risk_share", lang): SHARE,
    }
    sheets = [(_l("sheet.projects", lang), pd.DataFrame(rows), formats)]

    summary = result.summary()
    rows = [
        {
            _l("perspective", lang): perspective_name(p, lang),
            **{_l(k, lang): _num(row[k.removeprefix("npv_")]) for k in money},
            _l("sd", lang): _num(row["sd"]),
            _l("mcse_mean", lang): _num(row["mcse_mean"]),
            _l("sd_if_uncorrelated", lang): _num(row["sd_if_uncorrelated"]),
            _l("prob_gain", lang): _num(row["prob_npv_positive"]),
            _l("mcse_prob", lang): _num(row["mcse_prob_npv_positive"]),
        }
        for p, row in summary.iterrows()
    ]
    formats = {
        **{_l(k, lang): MONEY for k in (*money, "sd", "mcse_mean", "sd_if_uncorrelated")},
        _l("prob_gain", lang): SHARE,
        _l("mcse_prob", lang): SHARE,
    }
    sheets.append((_l("sheet.fund", lang), pd.DataFrame(rows), formats))

    cost = metrics.describe(result.costs.sum(axis=1))
    row = {
        _l("budget", lang): _num(result.budget),
        _l("budget_actor", lang): result.budget_actor or _l("all_payers", lang),
        **{_l(f"cost_{k}", lang): _num(cost[k]) for k in ("mean", "p05", "p50", "p95")},
        _l("prob_within_budget", lang): _num(result.prob_within_budget()),
    }
    formats = {_l(k, lang): MONEY for k in ("budget", "cost_mean", "cost_p05", "cost_p50")}
    formats[_l("cost_p95", lang)] = MONEY
    formats[_l("prob_within_budget", lang)] = SHARE
    sheets.append((_l("sheet.budget", lang), pd.DataFrame([row]), formats))

    yes_no = {True: _l("yes", lang), False: _l("no", lang)}
    ids = list(result.shared) + [i for i in result.common_ids if i not in result.shared]
    rows = [
        {
            _l("id", lang): pid,
            _l("label", lang): shared_label(result, pid, lang),
            _l("projects", lang): ", ".join(result.projects_with(pid)),
            _l("drawn_jointly", lang): yes_no[pid in result.shared],
            _l("same_distribution", lang): yes_no[result.shared_same_distribution(pid)],
        }
        for pid in ids
    ]
    columns = [_l(k, lang) for k in ("id", "label", "projects", "drawn_jointly")]
    columns.append(_l("same_distribution", lang))
    sheets.append((_l("sheet.shared", lang), pd.DataFrame(rows, columns=columns), {}))

    items: list[tuple[str, Any]] = [
        ("p.version", __version__),
        ("p.draws", result.settings.draws),
        ("p.seed", result.settings.seed),
        ("p.sampler", sampler_name(result.settings.sampler, lang)),
    ]
    items += [
        ("p.sha256", f"{name} ({r.scenario.path or r.scenario.title}): {r.scenario.sha256 or ''}")
        for name, r in zip(result.names, result.results, strict=True)
    ]
    frame = pd.DataFrame([{_l("item", lang): _l(k, lang), _l("value", lang): v} for k, v in items])
    sheets.append((_l("sheet.provenance", lang), frame, {}))
    return sheets
