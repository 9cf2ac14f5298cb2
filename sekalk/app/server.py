"""The workbench's routes: open a scenario, lay the evaluator's assumptions over it, save.

The scenario file stays the source of truth: the workbench reads it with :func:`sekalk.load`,
applies the evaluator's changes as overrides (the overlay format that ``--overlay`` reads) and
simulates both on common random numbers with the same seed and draws as ``sekalk run``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from sekalk.app.security import Guard, OutsideFolder, resolve_inside
from sekalk.app.svg import display_range, distribution_sparkline, npv_histogram
from sekalk.errors import ScenarioError
from sekalk.report.describe import describe_distribution, describe_interval
from sekalk.report.i18n import (
    fmt_money,
    fmt_number,
    fmt_pct,
    message_ids,
    perspective_name,
    t,
)
from sekalk.text.catalog import languages
from sekalk.text.numbers import read_number

SCENARIO_SUFFIXES = (".toml", ".json", ".xlsx")
EDITABLE_SUFFIXES = (".toml", ".json")  # a workbook is edited in Excel
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PANEL_DRAWS = 20_000
PANEL_SEED = 1
RESULT_CACHE = 32  # results kept for reuse (20 000 draws: about 1 MB each)
_FIELD = re.compile(r"^(low|mode|high|note)\.(.+)$")
_PACKAGE = resources.files("sekalk") / "app"


@dataclass(frozen=True)
class AppConfig:
    """What one workbench serves: the opened folder, the language, the panel's draws and seed."""

    root: Path
    lang: str = "sv"
    draws: int = PANEL_DRAWS
    seed: int = PANEL_SEED


def my_assumption(low: str, mode: str, high: str) -> dict[str, Any] | float | None:
    """The evaluator's value from the three boxes: nothing, a fixed number, or a distribution.

    One number (in any box) is a fixed value; lowest and highest give a uniform distribution;
    all three a PERT with its mode at the likeliest value. The convention is stated on screen.
    """
    given = {k: read_number(v) for k, v in (("low", low), ("mode", mode), ("high", high)) if v}
    if not given:
        return None
    if len(given) == 1:
        return next(iter(given.values()))
    if "low" not in given or "high" not in given:
        raise ValueError("range")
    if "mode" in given:
        return {"dist": "pert", "min": given["low"], "mode": given["mode"], "max": given["high"]}
    return {"dist": "uniform", "min": given["low"], "max": given["high"]}


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_atomic(path: Path, text: str, *, check=None) -> None:
    """Write ``text`` to ``path`` atomically (:func:`sekalk.outputs.write_atomic`: the file keeps
    its permissions); ``check(tmp_path)`` may refuse the written text before it replaces
    anything."""
    from sekalk.outputs import write_atomic as write_file_atomic

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        if check is not None:
            check(tmp)

    write_file_atomic(path, write)


def overlay_text(title: str, changes: list[dict[str, Any]]) -> str:
    """An overlay file (the format ``--overlay`` reads) from the evaluator's changes."""
    from sekalk.scenario.convert import toml_value

    lines = [f"title = {toml_value(title)}", ""]
    for change in changes:
        lines.append("[[override]]")
        for key in ("id", "value", "evidence", "source", "note"):
            if change.get(key) not in (None, ""):
                lines.append(f"{key} = {toml_value(change[key])}")
        lines.append("")
    return "\n".join(lines)


def scenario_files(root: Path) -> list[str]:
    """Scenario and overlay files in ``root`` and its subfolders (two levels), sorted."""
    base = root.resolve()
    found = []
    for pattern in ("*", "*/*", "*/*/*"):
        for p in base.glob(pattern):
            if p.suffix.lower() in SCENARIO_SUFFIXES and p.is_file():
                try:
                    rel = p.resolve().relative_to(base)
                except ValueError:
                    continue  # a symlink out of the folder
                if not any(part.startswith(".") for part in rel.parts):
                    found.append(rel.as_posix())
    return sorted(set(found))


class Workbench:
    """The routes, bound to one :class:`AppConfig`."""

    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self._results: OrderedDict[Any, Any] = OrderedDict()
        self.env = Environment(
            loader=FileSystemLoader(str(_PACKAGE / "templates")),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    # --- helpers -------------------------------------------------------------------------
    def lang(self, request: Request) -> str:
        lang = request.query_params.get("lang") or self.config.lang
        return lang if lang in languages() else self.config.lang

    def render(self, template: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
        def tr(key: str, **kw: Any) -> str:
            return t(key, lang, **kw)

        html = self.env.get_template(template).render(t=tr, lang=lang, **context)
        return HTMLResponse(html, status_code=status)

    def scenario_path(self, rel: str) -> Path:
        return resolve_inside(self.config.root, rel, suffixes=SCENARIO_SUFFIXES)

    def existing_file(self, rel: str) -> Path:
        """The scenario file ``rel`` inside the folder; OutsideFolder or FileNotFoundError
        (both answered "not in the folder" by the app's handlers)."""
        path = self.scenario_path(rel)
        if not path.is_file():
            raise FileNotFoundError(rel)
        return path

    def simulate(self, scenario, key: Any = None):
        """The panel's simulation (``sekalk run``'s draws and seed; no yearly flows, which the
        panel does not show and which leave the NPV draws unchanged). Results are kept for
        the last few ``key``s (a file's fingerprint and the changes laid over it), so the
        applicant's figures are not recomputed after every keystroke of the evaluator."""
        from sekalk.simulation import simulate

        if key is not None and key in self._results:
            self._results.move_to_end(key)
            return self._results[key]
        result = simulate(scenario, draws=self.config.draws, seed=self.config.seed, payback=False)
        if key is not None:
            self._results[key] = result
            while len(self._results) > RESULT_CACHE:
                self._results.popitem(last=False)
        return result

    # --- pages -----------------------------------------------------------------------------
    async def start(self, request: Request) -> Response:
        lang = self.lang(request)
        files = scenario_files(self.config.root)
        overlays = [f for f in files if is_overlay(self.config.root / f)]
        return self.render(
            "start.html.j2",
            lang,
            files=[f for f in files if f not in overlays],
            overlays=overlays,
            root=self.config.root,
            examples=example_names(),
        )

    async def new(self, request: Request) -> Response:
        from sekalk.templates import template_text

        form = await request.form()
        lang = form.get("lang") if form.get("lang") in languages() else self.config.lang
        name = str(form.get("name", "")).strip()
        if name and not name.lower().endswith(".toml"):
            name += ".toml"
        error = None
        try:
            path = resolve_inside(self.config.root, name, suffixes=(".toml",))
        except OutsideFolder:
            error = "app.error.name"
        else:
            if path.exists():
                error = "app.error.exists"
        if error:
            return self.render(
                "start.html.j2",
                lang,
                status=400,
                files=scenario_files(self.config.root),
                root=self.config.root,
                new_name=name,
                new_error=error,
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, template_text(lang))
        rel = path.relative_to(self.config.root.resolve()).as_posix()
        return RedirectResponse(f"/edit?file={_quote(rel)}&lang={lang}", status_code=303)

    async def example(self, request: Request) -> Response:
        """Copy an example scenario into the folder (never over a file) and open the editor."""
        form = await request.form()
        lang = form.get("lang") if form.get("lang") in languages() else self.config.lang
        name = str(form.get("name", ""))
        folder = examples_folder()
        if folder is None or name not in example_names():
            return self.render("message.html.j2", lang, status=404, message="app.error.nofile")
        target = resolve_inside(self.config.root, name, suffixes=(".toml",))
        stem, n = target.stem, 1
        while target.exists():
            n += 1
            target = target.with_name(f"{stem}_{n}.toml")
        write_atomic(target, (folder / name).read_text(encoding="utf-8"))
        rel = target.relative_to(self.config.root.resolve()).as_posix()
        return RedirectResponse(f"/edit?file={_quote(rel)}&lang={lang}", status_code=303)

    async def open(self, request: Request) -> Response:
        from sekalk.scenario import load

        lang = self.lang(request)
        rel = request.query_params.get("file", "")
        path = self.existing_file(rel)
        scenario = load(path)
        rows = self.assumption_rows(scenario, lang)
        critical = self.critical(scenario, ("file", rel, file_sha256(path)), lang)
        overlay_files = [
            f for f in scenario_files(self.config.root) if is_overlay(self.config.root / f)
        ]
        prefill, overlay_error = {}, None
        if request.query_params.get("overlay"):
            try:
                prefill = self.overlay_prefill(request.query_params["overlay"], scenario)
            except (OutsideFolder, FileNotFoundError, ScenarioError) as exc:
                overlay_error = _describe(exc, lang) if isinstance(exc, ScenarioError) else None
                prefill = {}
        return self.render(
            "scenario.html.j2",
            lang,
            critical=critical,
            overlay_files=overlay_files,
            overlay=request.query_params.get("overlay", ""),
            overlay_error=overlay_error,
            prefill=prefill,
            file=rel,
            sha=file_sha256(path),
            scenario=scenario,
            rows=rows,
            panel=self.panel_html(
                scenario, None, lang, keys=(("file", rel, file_sha256(path)), None)
            ),
        )

    def critical(self, scenario, key, lang: str) -> list[dict[str, Any]]:
        """The credibility map's flagged assumptions: weakly grounded and carrying at least
        10 % of the NPV uncertainty (as ``sekalk credibility``)."""
        from sekalk.credibility import credibility_map
        from sekalk.report.labels import parameter_label

        cmap = credibility_map(self.simulate(scenario, key), lang=lang)
        return [
            {
                "label": parameter_label(e.label, lang),
                "evidence": e.evidence,
                "share": fmt_pct(e.share, lang),
            }
            for e in cmap.critical
        ]

    def overlay_prefill(self, rel: str, scenario) -> dict[str, str]:
        """The boxes of the evaluator's form filled from an overlay file in the folder, in
        the form's own convention (a fixed value, lowest-highest, lowest-likeliest-highest);
        a value of another form is left out and listed by the caller."""
        from sekalk.scenario.overrides import read_overlay

        path = self.existing_file(rel)
        fields: dict[str, str] = {}
        for item in read_overlay(path):
            pid, value = item["id"], item["value"]
            if pid not in scenario.parameters:
                continue
            boxes = _boxes(value)
            if boxes is None:
                continue
            for box, number in boxes.items():
                fields[f"{box}.{pid}"] = fmt_plain(number)
            if item.get("note"):
                fields[f"note.{pid}"] = item["note"]
        return fields

    @staticmethod
    def quantity_pictures(scenario, doc, lang: str) -> dict[str, str]:
        """Form name of each quantity -> a small picture of its distribution."""
        from sekalk.app.editor import field_of_error
        from sekalk.report.labels import parameter_label

        levels = np.linspace(0.005, 0.995, 41)
        pictures = {}
        for param in scenario.parameters.values():
            name = field_of_error(param.id, doc)
            quantiles = np.asarray(param.distribution.ppf(levels), dtype=float)
            pictures[name] = distribution_sparkline(quantiles, title=parameter_label(param, lang))
        return pictures

    def assumption_rows(self, scenario, lang: str) -> list[dict[str, Any]]:
        from sekalk.report.labels import parameter_label

        rows = []
        levels = np.linspace(0.005, 0.995, 41)
        for param in scenario.parameters.values():
            dist = param.distribution
            label = parameter_label(param, lang)
            rows.append(
                {
                    "id": param.id,
                    "label": label,
                    "distribution": describe_distribution(dist, lang),
                    "interval": describe_interval(dist, lang),
                    "evidence": dist.evidence,
                    "source": dist.source,
                    "picture": distribution_sparkline(
                        np.asarray(dist.ppf(levels), dtype=float), title=label
                    ),
                }
            )
        return rows

    def figures(self, result, lang: str, span: tuple[float, float] | None) -> dict[str, Any]:
        """The panel's numbers for one result, formatted for ``lang``; ``span`` is the
        histogram's x range [SEK], shared by the pictures shown side by side."""
        from sekalk.summaries import summarize

        summary = summarize(result)
        h, be = summary.headline("society"), summary.breakeven
        cur = result.scenario.settings.currency
        actors = [
            {
                "name": perspective_name(a.perspective, lang),
                "mean": fmt_money(summary.stats("npv", a.perspective).mean, lang, cur),
                "sign": "gain" if summary.stats("npv", a.perspective).mean >= 0 else "loss",
            }
            for a in summary.actors
            if not a.is_total
        ]
        return {
            "mean": fmt_money(h.npv.mean, lang, cur),
            "p05": fmt_money(h.npv.p05, lang, cur),
            "p50": fmt_money(h.npv.p50, lang, cur),
            "p95": fmt_money(h.npv.p95, lang, cur),
            "prob": fmt_pct(h.prob_gain, lang),
            "needed": fmt_number(be.needed.p50, lang, 1) if be.defined else None,
            "participants": fmt_number(be.participants.p50, lang, 0),
            "avoided": fmt_number(be.avoided.p50, lang, 1),
            "breakeven_note": result.breakeven_reason(lang),
            "actors": actors,
            "histogram": npv_histogram(
                result.npv("society"),
                interval=(h.npv.p05, h.npv.p95),
                title=t("app.panel.histogram", lang),
                span=span,
            ),
        }

    @staticmethod
    def widened(scenario, lang: str):
        """``scenario`` with its weakly grounded assumptions widened (as ``--widen``); the
        evaluator's own changes are overrides and stay as they are."""
        from sekalk.scenario.widen import widen

        return widen(scenario, lang=lang)

    def contributions(self, scenario, entries, lang: str, key: Any) -> list[dict[str, Any]]:
        """How far each of the evaluator's changes alone moves the mean NPV and P(gain) for
        society (same random numbers), largest move first."""
        from sekalk.report.labels import parameter_label
        from sekalk.scenario.overrides import apply_override

        base = self.simulate(scenario, key)
        cur = scenario.settings.currency
        rows = []
        for entry in entries:
            alone = apply_override(scenario, entry["id"], entry["value"], origin="app")
            result = self.simulate(alone, (key, _canonical([entry]), False))
            move = float(np.mean(result.npv("society") - base.npv("society")))
            points = 100 * (result.prob_npv_positive("society") - base.prob_npv_positive("society"))
            rows.append(
                {
                    "label": parameter_label(scenario.parameters[entry["id"]], lang),
                    "move": move,
                    "mean": fmt_money(move, lang, cur),
                    "points": fmt_number(points, lang),
                }
            )
        return sorted(rows, key=lambda r: -abs(r["move"]))

    @staticmethod
    def drivers(before, after, lang: str, top: int = 5) -> list[dict[str, Any]]:
        """The assumptions that carry the result: Spearman rank correlation of each with the
        NPV for society, largest first (as ``sekalk run``'s drivers), before and after."""
        from sekalk.report.labels import parameter_label
        from sekalk.summaries import summarize

        rho_before = {d.id: d.rho for d in summarize(before).drivers}
        rho_after = {d.id: d.rho for d in summarize(after).drivers} if after is not None else {}
        ids = list(rho_before)[:top]
        ids += [k for k in list(rho_after)[:top] if k not in ids]
        params = before.scenario.parameters
        return [
            {
                "label": parameter_label(params[k], lang),
                "before": fmt_number(rho_before[k], lang, 2) if k in rho_before else "–",
                "after": fmt_number(rho_after[k], lang, 2) if k in rho_after else "–",
            }
            for k in ids
        ]

    def panel_html(
        self,
        scenario,
        changed,
        lang: str,
        errors: dict[str, str] | None = None,
        *,
        contributions: list[dict[str, Any]] | None = None,
        keys: tuple[Any, Any] = (None, None),
    ) -> str:
        before = self.simulate(scenario, keys[0])
        after = self.simulate(changed, keys[1]) if changed is not None else None
        template = self.env.get_template("panel.html.j2")

        def tr(key: str, **kw: Any) -> str:
            return t(key, lang, **kw)

        span = display_range(*(r.npv("society") for r in (before, after) if r is not None))
        delta = None
        if after is not None:
            cur = scenario.settings.currency
            diff = after.npv("society") - before.npv("society")
            delta = {
                "mean": fmt_money(float(np.mean(diff)), lang, cur),
                "points": fmt_number(
                    100
                    * (after.prob_npv_positive("society") - before.prob_npv_positive("society")),
                    lang,
                ),
            }
        drivers = self.drivers(before, after, lang)
        return template.render(
            t=tr,
            lang=lang,
            drivers=drivers,
            before=self.figures(before, lang, span),
            after=self.figures(after, lang, span) if after is not None else None,
            delta=delta,
            errors=errors or {},
            contributions=contributions or [],
            draws=fmt_number(self.config.draws, lang),
            seed=self.config.seed,
        )

    def changes(self, form, scenario, lang: str) -> tuple[Any, list[dict[str, Any]], dict]:
        """The evaluator's changes from the form: the changed scenario, the overlay entries, and
        an error message per parameter id that could not be read (that row is left unchanged)."""
        from sekalk.scenario.overrides import apply_override

        fields: dict[str, dict[str, str]] = {}
        for key, value in form.multi_items():
            m = _FIELD.match(key)
            if m and m.group(2) in scenario.parameters:
                fields.setdefault(m.group(2), {})[m.group(1)] = str(value).strip()
        changed = scenario
        entries: list[dict[str, Any]] = []
        errors: dict[str, str] = {}
        for pid in scenario.parameters:  # the scenario's order, whatever the form's
            boxes = fields.get(pid)
            if not boxes:
                continue
            try:
                value = my_assumption(
                    boxes.get("low", ""), boxes.get("mode", ""), boxes.get("high", "")
                )
            except ValueError as exc:
                key = "app.error.range" if str(exc) == "range" else "app.error.number"
                errors[pid] = t(key, lang)
                continue
            if value is None:
                continue
            meta = {"note": boxes["note"]} if boxes.get("note") else None
            try:
                changed = apply_override(changed, pid, value, origin="app", path=pid, meta=meta)
            except ScenarioError as exc:
                errors[pid] = " ".join(e.text(lang) for e in exc.errors)
                continue
            entries.append({"id": pid, "value": value, "note": boxes.get("note")})
        return changed, entries, errors

    async def load_posted(self, request: Request):
        from sekalk.scenario import load

        form = await request.form()
        rel = str(form.get("file", ""))
        path = self.existing_file(rel)
        return form, rel, path, load(path)

    async def panel(self, request: Request) -> Response:
        lang = self.lang(request)
        form, rel, path, scenario = await self.load_posted(request)
        changed, entries, errors = self.changes(form, scenario, lang)
        widened = form.get("widen") == "1"
        if widened:
            changed = self.widened(changed, lang)
        key = ("file", rel, file_sha256(path))
        contributions = self.contributions(scenario, entries, lang, key) if len(entries) > 1 else []
        html = self.panel_html(
            scenario,
            changed if entries or widened else None,
            lang,
            errors,
            contributions=contributions,
            keys=(key, (key, _canonical(entries), widened)),
        )
        html += self.env.get_template("field_errors.html.j2").render(
            ids=list(scenario.parameters), errors=errors
        )
        return HTMLResponse(html)

    async def save_overlay(self, request: Request) -> Response:
        from sekalk.scenario.overrides import read_overlay

        lang = self.lang(request)
        form, _, path, scenario = await self.load_posted(request)
        if str(form.get("sha", "")) != file_sha256(path):
            # The application changed since the page was opened: its ids may have too.
            return self.render(
                "saved.html.j2", lang, status=409, ok=False, message="app.overlay.app_changed"
            )
        _, entries, errors = self.changes(form, scenario, lang)
        if errors or not entries:
            key = "app.overlay.fix_errors" if errors else "app.overlay.nothing"
            return self.render("saved.html.j2", lang, status=422, ok=False, message=key)
        name = str(form.get("overlay", "")).strip()
        if name and not name.lower().endswith(".toml"):
            name += ".toml"
        try:
            target = resolve_inside(self.config.root, name, suffixes=(".toml",))
        except OutsideFolder:
            return self.render(
                "saved.html.j2", lang, status=422, ok=False, message="app.error.name"
            )
        if not target.parent.is_dir():
            return self.render(
                "saved.html.j2", lang, status=422, ok=False, message="app.error.name"
            )
        if target.exists() and not is_overlay(target):
            # Only an earlier assessment may be replaced, never a calculation or other file.
            return self.render(
                "saved.html.j2",
                lang,
                status=409,
                ok=False,
                message="app.overlay.not_overlay",
                name=name,
            )
        if target.exists() and form.get("overwrite") != "1":
            return self.render(
                "saved.html.j2", lang, status=409, ok=False, message="app.overlay.exists", name=name
            )
        title = str(form.get("title", "")).strip() or t("app.overlay.default_title", lang)
        # What is written must read back as an overlay before it replaces anything.
        write_atomic(target, overlay_text(title, entries), check=read_overlay)
        return self.render("saved.html.j2", lang, ok=True, message="app.overlay.saved", name=name)

    async def report(self, request: Request) -> Response:
        """The one-file HTML report: of the file as saved (GET), or with the evaluator's
        changes laid over it (POST from the assessment page), as ``sekalk report``."""
        from sekalk.report.html import render_report
        from sekalk.scenario import load
        from sekalk.simulation import simulate

        lang = self.lang(request)
        if request.method == "GET":
            rel = request.query_params.get("file", "")
            scenario = changed = load(self.scenario_path(rel))
        else:
            form, rel, _, scenario = await self.load_posted(request)
            changed, _, _ = self.changes(form, scenario, lang)  # unreadable rows as filed
            if form.get("widen") == "1":
                changed = self.widened(changed, lang)
        # The report shows payback and the yearly flows: a full run, not the panel's.
        draws, seed = self.config.draws, self.config.seed
        result = simulate(changed, draws=draws, seed=seed)
        base = simulate(scenario, draws=draws, seed=seed) if changed is not scenario else None
        html = render_report(result, lang=lang, base=base)
        name = Path(rel).stem + ".html"
        return HTMLResponse(
            html, headers={"content-disposition": f'attachment; filename="{_quote(name)}"'}
        )

    # --- several applications: side by side, and as the fund's portfolio ------------------
    def chosen(self, request: Request) -> list[tuple[str, Path]]:
        return [(rel, self.existing_file(rel)) for rel in request.query_params.getlist("file")]

    async def compare(self, request: Request) -> Response:
        from sekalk.comparison import compare
        from sekalk.scenario import load

        lang = self.lang(request)
        files = self.chosen(request)
        scenarios = [load(path) for _, path in files]
        if len(files) < 2:
            return self.render("message.html.j2", lang, status=400, message="app.error.two")
        cmp = compare(scenarios, draws=self.config.draws, seed=self.config.seed)
        if request.query_params.get("download") == "1":
            from sekalk.report.html import render_comparison

            return HTMLResponse(
                render_comparison(cmp, lang=lang),
                headers={"content-disposition": 'attachment; filename="jamforelse.html"'},
            )
        span = display_range(*(r.npv("society") for r in cmp.results))
        columns = [
            {"file": rel, "title": r.scenario.settings.title, **self.figures(r, lang, span)}
            for (rel, _), r in zip(files, cmp.results, strict=True)
        ]
        pairs = [
            {"a": files[a][0], "b": files[b][0], "prob": fmt_pct(cmp.prob_better(a, b), lang)}
            for a, b in cmp.pairs
        ]
        return self.render(
            "compare.html.j2",
            lang,
            columns=columns,
            pairs=pairs,
            query=request.url.query,
            draws=fmt_number(self.config.draws, lang),
            seed=self.config.seed,
        )

    async def fund(self, request: Request) -> Response:
        from sekalk.portfolio import portfolio
        from sekalk.scenario import load

        lang = self.lang(request)
        budget_text = request.query_params.get("budget", "").strip()
        files = self.chosen(request)
        scenarios = [load(path) for _, path in files]
        if not files:
            return self.render("message.html.j2", lang, status=400, message="app.error.two")
        try:
            budget = read_number(budget_text) if budget_text else None
        except ValueError:
            return self.render("message.html.j2", lang, status=400, message="app.error.budget")
        names = [Path(rel).with_suffix("").as_posix().replace("/", "_") for rel, _ in files]
        try:
            pf = portfolio(
                scenarios,
                draws=self.config.draws,
                seed=self.config.seed,
                budget=budget,
                names=names,
            )
        except (ScenarioError, ValueError) as exc:
            return self.render(
                "message.html.j2",
                lang,
                status=422,
                message="app.error.invalid",
                detail=_describe(exc, lang),
            )
        if request.query_params.get("download") == "1":
            from sekalk.report.html import render_portfolio

            return HTMLResponse(
                render_portfolio(pf, lang=lang),
                headers={"content-disposition": 'attachment; filename="portfolj.html"'},
            )
        total = pf.total_npv("society")
        cur = scenarios[0].settings.currency
        shares = pf.risk_shares("society")
        within = pf.prob_within_budget()
        return self.render(
            "fund.html.j2",
            lang,
            files=[rel for rel, _ in files],
            histogram=npv_histogram(
                total,
                interval=(float(np.quantile(total, 0.05)), float(np.quantile(total, 0.95))),
                title=t("app.fund.histogram", lang),
            ),
            lo=fmt_money(float(np.quantile(total, 0.05)), lang, cur),
            hi=fmt_money(float(np.quantile(total, 0.95)), lang, cur),
            mean=fmt_money(float(np.mean(total)), lang, cur),
            prob=fmt_pct(pf.prob_break_even("society"), lang),
            within=fmt_pct(within, lang) if within is not None else None,
            budget=fmt_money(budget, lang, cur) if budget is not None else None,
            shares=[
                {
                    "name": name,
                    "title": s.settings.title,
                    "share": fmt_pct(float(shares[name]), lang),
                }
                for name, s in zip(names, scenarios, strict=True)
            ],
            query=request.url.query,
            draws=fmt_number(self.config.draws, lang),
            seed=self.config.seed,
        )

    # --- sourced unit costs ------------------------------------------------------------------
    async def units(self, request: Request) -> Response:
        """Sourced unit costs (``sekalk units``) matching the search, each with a button that
        puts a reference to it into the quantity ``target`` of the editor's form."""
        from sekalk.units import search_units

        lang = self.lang(request)
        query = request.query_params.get("_form.q", "").strip()
        target = request.query_params.get("target", "")
        found = [u for u in search_units(query or None) if u.basis != "rate"][:12] if query else []
        rows = [
            {
                "id": u.id,
                "label": u.label(lang),
                "range": " – ".join(fmt_number(x, lang) for x in (u.low, u.likely, u.high)),
                "unit": u.unit,
                "price_year": u.price_year,
                "basis": u.basis,
                "evidence": u.evidence,
                "source": u.sources[0] if u.sources else "",
            }
            for u in found
        ]
        return self.render("units.html.j2", lang, rows=rows, target=target, query=query)

    # --- Excel ----------------------------------------------------------------------------
    async def download_xlsx(self, request: Request) -> Response:
        """The calculation as the applicant's workbook (as ``sekalk convert FILE x.xlsx``)."""
        from sekalk.scenario.convert import read_document
        from sekalk.scenario.xlsx import workbook_bytes

        lang = self.lang(request)
        rel = request.query_params.get("file", "")
        path = self.scenario_path(rel)
        document = read_document(path)
        name = Path(rel).with_suffix(".xlsx").name
        return Response(
            workbook_bytes(document.doc, lang=lang),
            media_type=XLSX_TYPE,
            headers={"content-disposition": f'attachment; filename="{_quote(name)}"'},
        )

    async def download_results(self, request: Request) -> Response:
        """The results as a workbook (as ``sekalk run FILE --xlsx``), same draws and seed."""
        from sekalk.report.xlsx import write_run_workbook
        from sekalk.scenario import load
        from sekalk.simulation import simulate

        lang = self.lang(request)
        rel = request.query_params.get("file", "")
        scenario = load(self.scenario_path(rel))
        result = simulate(scenario, draws=self.config.draws, seed=self.config.seed)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "results.xlsx"
            write_run_workbook(result, out, lang=lang)
            data = out.read_bytes()
        name = Path(rel).stem + "_resultat.xlsx"
        return Response(
            data,
            media_type=XLSX_TYPE,
            headers={"content-disposition": f'attachment; filename="{_quote(name)}"'},
        )

    # --- the applicant's editor ----------------------------------------------------------
    def edit_context(self, view, errors, lang: str) -> dict[str, Any]:
        from sekalk.app import editor

        known = set(message_ids("app.param."))
        return {
            "view": view,
            "errors": self.error_texts(errors, lang),
            "lists": editor.list_paths(view),
            "kinds": editor.EDITABLE_KINDS,
            "known": known,
            "evidence_options": [("", t("evidence.none", lang))]
            + [(e, t(f"evidence.{e}", lang)) for e in editor.EVIDENCE],
        }

    def evaluate_document(self, doc, rel: str, lang: str):
        """Validate ``doc`` as the file ``rel``: (scenario or None, field errors)."""
        from sekalk.app.editor import FieldErrors, field_of_error
        from sekalk.scenario import loads

        errors = FieldErrors()
        try:
            text = json.dumps(doc, ensure_ascii=False, default=_not_json)
            scenario = loads(text, file=rel, fmt="json")
        except ScenarioError as exc:
            for err in exc.errors:  # every problem, each beside its field, in the user's language
                name = field_of_error(err.path, doc)
                text = err.text(lang)
                previous = errors.get(name)
                errors[name] = ("raw", f"{previous[1]} {text}" if previous else text)
            return None, errors
        return scenario, errors

    def funnel(self, scenario, lang: str) -> str:
        """'120 deltagare -> 84 fullföljer -> ...': people at each step of the logic model,
        from the medians of the participants and of each step's share (all cohorts)."""
        people = scenario.intervention.participants_per_year.median * len(
            scenario.intervention.cohort_years
        )
        steps = [f"{fmt_number(people, lang)} {t('app.funnel.participants', lang)}"]
        for step in scenario.logic:
            people *= step.share.median
            steps.append(f"{fmt_number(people, lang)} {step.label}")
        return " → ".join(steps)

    async def edit(self, request: Request) -> Response:

        from sekalk.app.editor import document_view, flatten

        lang = self.lang(request)
        rel = request.query_params.get("file", "")
        path = self.existing_file(rel)
        if path.suffix.lower() not in EDITABLE_SUFFIXES:
            return self.render("message.html.j2", lang, status=400, message="app.error.workbook")
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
            doc = _parse_doc(text, path)
        except (UnicodeDecodeError, ValueError) as exc:
            return self.render(
                "message.html.j2",
                lang,
                status=422,
                message="app.error.invalid",
                detail=_describe(exc, lang),
            )
        scenario, errors = self.evaluate_document(doc, rel, lang)
        view = document_view(doc)
        errors = place_errors(errors, error_targets(flatten(view)))
        panel = (
            self.panel_html(scenario, None, lang, keys=(_doc_key(doc), None)) if scenario else ""
        )
        return self.render(
            "edit.html.j2",
            lang,
            file=rel,
            sha=hashlib.sha256(raw).hexdigest(),
            panel=panel,
            funnel=self.funnel(scenario, lang) if scenario else "",
            **self.edit_context(view, errors, lang),
            pictures=self.quantity_pictures(scenario, doc, lang) if scenario else {},
        )

    async def posted_document(self, request: Request):
        """The posted editor form: (form, rel, path, the file's text, the document the form
        describes, the fields that could not be read)."""

        from sekalk.app.editor import form_to_document

        form = await request.form()
        rel = str(form.get("_form.file", ""))
        path = resolve_inside(self.config.root, rel, suffixes=EDITABLE_SUFFIXES)
        if not path.is_file():
            raise FileNotFoundError(rel)
        text = path.read_text(encoding="utf-8")
        original = _parse_doc(text, path)
        flat = {k: str(v) for k, v in form.items()}
        doc, errors = form_to_document(flat, original)
        return form, rel, path, text, doc, errors

    async def edit_panel(self, request: Request) -> Response:
        from sekalk.app.editor import (
            apply_action,
            flatten,
            form_to_document,
            list_paths,
            unflatten,
        )

        lang = self.lang(request)
        try:
            form, rel, path, text, doc, errors = await self.posted_document(request)
        except (OutsideFolder, FileNotFoundError, UnicodeDecodeError, ValueError) as exc:
            return await self.file_gone(request, lang, exc)
        action = str(form.get("_form.action", ""))
        if action:
            # Rows added or removed: the editor is drawn again from what was typed.
            flat = {k: str(v) for k, v in form.items() if not k.startswith("_form.")}
            view = apply_action(unflatten(flat), action)
            # The result of the changed form, so the panel stays in view.
            new_form = {**flatten(view), "_form.lists": ",".join(list_paths(view))}
            new_doc, new_errors = form_to_document(new_form, _parse_doc(text, path))
            scenario = None
            if not new_errors:
                scenario, new_errors = self.evaluate_document(new_doc, rel, lang)
            new_errors = place_errors(new_errors, error_targets(new_form))
            panel = (
                self.panel_html(scenario, None, lang, keys=(_doc_key(new_doc), None))
                if scenario is not None
                else self.env.get_template("not_computed.html.j2").render(t=self._tr(lang))
            )
            return self.render(
                "edit.html.j2",
                lang,
                file=rel,
                sha=str(form.get("_form.sha", "")),
                panel=panel,
                funnel=self.funnel(scenario, lang) if scenario is not None else "",
                **self.edit_context(view, new_errors, lang),
                pictures=self.quantity_pictures(scenario, new_doc, lang) if scenario else {},
            )
        scenario = None
        if not errors:
            scenario, errors = self.evaluate_document(doc, rel, lang)
        names = error_targets(form)
        errors = place_errors(errors, names)
        if scenario is not None:
            html = self.panel_html(scenario, None, lang, keys=(_doc_key(doc), None))
            funnel = self.funnel(scenario, lang)
        else:
            html = self.env.get_template("not_computed.html.j2").render(t=self._tr(lang))
            funnel = ""
        pictures = self.quantity_pictures(scenario, doc, lang) if scenario is not None else {}
        pictures = {n: svg for n, svg in pictures.items() if f"{n}.dist" in form}  # shown ones
        html += self.env.get_template("edit_errors.html.j2").render(
            names=sorted(names),
            errors=self.error_texts(errors, lang),
            funnel=funnel,
            pictures=pictures,
        )
        return HTMLResponse(html)

    def _tr(self, lang: str):
        def tr(key: str, **kw: Any) -> str:
            return t(key, lang, **kw)

        return tr

    @staticmethod
    def error_texts(errors, lang: str) -> dict[str, str]:
        """Field name -> the message to show (catalogue codes translated; the loader's own
        message passed through until its errors are catalogue codes too)."""
        out = {}
        for name, code in errors.items():
            out[name] = code[1] if isinstance(code, tuple) else t(code, lang)
        return out

    async def file_gone(self, request: Request, lang: str, exc: Exception) -> Response:
        """The file behind the editor cannot be read any more: the answer keeps what was
        typed. An action redraws the editor from the posted form with the reason at the top;
        a panel update or a save says it where its answer goes."""
        from sekalk.app.editor import unflatten

        form = await request.form()
        detail = _describe(exc, lang) if isinstance(exc, ScenarioError) else ""
        message = f"{t('app.error.file_now', lang)} {detail}".strip()
        if not form.get("_form.action"):
            return self.render(
                "saved.html.j2", lang, status=409, ok=False, message="app.error.file_now"
            )
        view = unflatten({k: str(v) for k, v in form.items() if not k.startswith("_form.")})
        return self.render(
            "edit.html.j2",
            lang,
            file=str(form.get("_form.file", "")),
            sha=str(form.get("_form.sha", "")),
            panel="",
            funnel="",
            **{**self.edit_context(view, {}, lang), "errors": {"": message}},
            pictures={},
        )

    async def edit_save(self, request: Request) -> Response:
        from sekalk.app.editor import merged_toml, plain_numbers

        lang = self.lang(request)
        try:
            form, rel, path, text, doc, errors = await self.posted_document(request)
        except (OutsideFolder, FileNotFoundError, UnicodeDecodeError, ValueError) as exc:
            return await self.file_gone(request, lang, exc)
        if not errors:
            _, errors = self.evaluate_document(doc, rel, lang)
        if errors:
            return self.render(
                "saved.html.j2", lang, status=422, ok=False, message="app.edit.fix_first"
            )
        on_disk = file_sha256(path)
        if on_disk != str(form.get("_form.sha", "")) and form.get("_form.overwrite") != "1":
            return self.render(
                "saved.html.j2", lang, status=409, ok=False, message="app.edit.changed_on_disk"
            )
        if doc == _parse_doc(text, path):
            new_text = text  # nothing changed: the file is left as it is, byte for byte
        else:
            if path.suffix.lower() == ".json":
                new_text = json.dumps(plain_numbers(doc), ensure_ascii=False, indent=2) + "\n"
            else:
                new_text = merged_toml(text, doc)
            write_atomic(path, new_text)
        sha = hashlib.sha256(new_text.encode("utf-8")).hexdigest()
        html = self.env.get_template("saved.html.j2").render(
            t=self._tr(lang), ok=True, message="app.edit.saved", name=rel
        )
        html += (
            f'<input type="hidden" name="_form.sha" id="form-sha" value="{sha}" hx-swap-oob="true">'
        )
        return HTMLResponse(html)


def _boxes(value: Any) -> dict[str, float] | None:
    """An overlay value as the evaluator's three boxes, or None if it has another form."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"mode": float(value)}
    if not isinstance(value, dict):
        return None
    kind = value.get("dist")
    if kind == "fixed" and "value" in value:
        return {"mode": value["value"]}
    if kind == "uniform" and {"min", "max"} <= set(value):
        return {"low": value["min"], "high": value["max"]}
    if kind == "pert" and {"min", "mode", "max"} <= set(value) and "lambda" not in value:
        return {"low": value["min"], "mode": value["mode"], "high": value["max"]}
    return None


def fmt_plain(number: float) -> str:
    """A number as typed into a box (no grouping; the reader accepts both decimal marks)."""
    return repr(int(number)) if float(number).is_integer() else repr(float(number))


def examples_folder() -> Path | None:
    """The example scenarios: the repository's ``scenarios/`` folder beside the package (a
    checkout or an editable install); None where sekalk was installed without them."""
    folder = Path(str(resources.files("sekalk"))).parent / "scenarios"
    return folder if folder.is_dir() else None


def example_names() -> list[str]:
    """The example scenario files that can be copied into the opened folder."""
    folder = examples_folder()
    return sorted(p.name for p in folder.glob("*.toml")) if folder else []


def is_overlay(path: Path) -> bool:
    """True for a TOML file with ``[[override]]`` tables (an evaluator's overlay)."""
    import tomllib

    if path.suffix.lower() != ".toml":
        return False
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(doc.get("override"), list)


def _not_json(value: Any) -> str:
    """A TOML value that JSON has no form for (a date): its text, which the loader refuses
    with an error beside the field."""
    return str(value)


def _describe(exc: Exception, lang: str) -> str:
    """A problem with a file, in the user's language (every problem on its own line)."""
    return exc.describe(lang) if isinstance(exc, ScenarioError) else str(exc)


def _parse_doc(text: str, path: Path) -> dict[str, Any]:
    """A scenario file's text as its document (TOML or JSON by the suffix); ValueError when
    it is not a table at the top (a JSON list, say)."""
    import tomllib

    doc = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    if not isinstance(doc, dict):
        raise ValueError("not a table")
    return doc


def _doc_key(doc: Any) -> tuple[str, str]:
    """A scenario document's fingerprint, a key for its result."""
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False)
    return ("doc", hashlib.sha256(text.encode("utf-8")).hexdigest())


def _canonical(entries: list[dict[str, Any]]) -> str:
    """The evaluator's changes as one string, a key for the results they give."""
    return json.dumps(entries, sort_keys=True, ensure_ascii=False)


def error_targets(form) -> set[str]:
    """The form names that have an error message beside them: every box, and every quantity
    (its fieldset), but not hidden bookkeeping fields."""
    names = set()
    for key in form:
        if key.startswith("_form.") or key.endswith(("._orig", ".shown")):
            continue
        if key.endswith(".dist"):
            names.add(key[: -len(".dist")])
        else:
            names.add(key)
    return names


def place_errors(errors, targets: set[str]):
    """Move each error to the nearest name that has a place on the page (its field, else its
    quantity or row, else the form's own line)."""
    from sekalk.app.editor import FieldErrors

    placed = FieldErrors()
    for name, message in errors.items():
        parts = name.split(".") if name else []
        while parts and ".".join(parts) not in targets:
            parts.pop()
        target = ".".join(parts)
        previous = placed.get(target)
        if previous is None:
            placed[target] = message
        elif isinstance(previous, tuple) and isinstance(message, tuple):
            placed[target] = ("raw", f"{previous[1]} {message[1]}")  # both shown
    return placed


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="/")


def create_app(
    root: str | os.PathLike,
    *,
    lang: str = "sv",
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost"),
    port: int | None = None,
    draws: int = PANEL_DRAWS,
    seed: int = PANEL_SEED,
):
    """The workbench as an ASGI application, guarded (see :mod:`sekalk.app.security`).

    Parameters
    ----------
    root
        The folder whose scenario files the workbench may read and write.
    lang
        The default language of the pages (``sv`` or ``en``).
    hosts, port
        The accepted host names and the port the server listens on (``Host`` must match).
    draws, seed
        The panel's number of draws and seed (as ``sekalk run --draws --seed``).
    """
    config = AppConfig(root=Path(root), lang=lang, draws=draws, seed=seed)
    bench = Workbench(config)
    routes = [
        Route("/", bench.start),
        Route("/new", bench.new, methods=["POST"]),
        Route("/example", bench.example, methods=["POST"]),
        Route("/open", bench.open),
        Route("/edit", bench.edit),
        Route("/edit/panel", bench.edit_panel, methods=["POST"]),
        Route("/edit/save", bench.edit_save, methods=["POST"]),
        Route("/panel", bench.panel, methods=["POST"]),
        Route("/overlay", bench.save_overlay, methods=["POST"]),
        Route("/report", bench.report, methods=["GET", "POST"]),
        Route("/compare", bench.compare),
        Route("/units", bench.units),
        Route("/download/xlsx", bench.download_xlsx),
        Route("/download/results", bench.download_results),
        Route("/fund", bench.fund),
        Mount("/static", app=StaticFiles(directory=str(_PACKAGE / "static")), name="static"),
    ]

    async def server_error(request: Request, exc: Exception) -> Response:
        # An unexpected failure: a page in the user's language, never a traceback; htmx
        # requests keep the page (and everything typed) and show the message line.
        return bench.render(
            "message.html.j2", bench.lang(request), status=500, message="app.error.server"
        )

    async def not_found(request: Request, exc: Exception) -> Response:
        # A path outside the folder, or a file that is not there: the same answer for both.
        return bench.render(
            "message.html.j2", bench.lang(request), status=404, message="app.error.nofile"
        )

    async def invalid(request: Request, exc: Exception) -> Response:
        lang = bench.lang(request)
        detail = _describe(exc, lang)
        return bench.render(
            "message.html.j2", lang, status=422, message="app.error.invalid", detail=detail
        )

    handlers = {
        OutsideFolder: not_found,
        FileNotFoundError: not_found,
        ScenarioError: invalid,
        500: server_error,
    }
    app = Starlette(routes=routes, exception_handlers=handlers)
    allowed = {h if port is None else f"{h}:{port}" for h in hosts}
    return Guard(app, hosts=allowed)
