"""The ``sekalk`` command line: parses arguments and calls the public API; no model logic here.

Input problems are printed on stderr, every problem of a file at once, one line each, in the
user's language (``--lang`` or the scenario's), then exit code 2; never a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import click

from sekalk import __version__

if TYPE_CHECKING:
    from concurrent.futures import Executor

SAMPLER_CHOICES = ("random", "lhs", "sobol")


def fail(message: str) -> None:
    """Print ``error: message`` to stderr and exit with code 2."""
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _requested_language() -> str | None:
    """The ``--lang`` of the running command, if it has one and it was given."""
    ctx = click.get_current_context(silent=True)
    lang = ctx.params.get("lang") if ctx is not None else None
    return lang if lang in ("sv", "en") else None


def error_lines(exc, lang: str | None = None) -> list[str]:
    """Every problem of ``exc`` as ``error: file:line: path: message; hint`` lines, in ``lang``
    (default: ``--lang``, else the language the input asked for, else Swedish), followed by
    a count where there are several."""
    from sekalk.text import catalog

    lang = lang or _requested_language() or exc.lang or "sv"
    errors = exc.errors
    lines = [f"error: {e.describe(lang)}" for e in errors]
    if len(errors) > 1 and errors[0].file:
        lines.append(catalog(lang).ngettext("validate.problems", len(errors), file=errors[0].file))
    return lines


def fail_error(exc, lang: str | None = None) -> None:
    """Print every problem of a :class:`~sekalk.errors.ScenarioError` and exit with code 2."""
    for line in error_lines(exc, lang):
        click.echo(line, err=True)
    sys.exit(2)


def _load(path: str):
    from sekalk.errors import ScenarioError

    try:
        sc = _load_file(path)
    except ScenarioError as exc:
        fail_error(exc)
    _warn(sc, path)
    return sc


def _load_file(path: str, lang: str | None = None):
    """``load(path)``, printing what a workbook's reader noticed (formulas read as their
    values, columns not read) to stderr in ``lang`` (default: the scenario's language)."""
    import warnings

    from sekalk.scenario import load
    from sekalk.scenario.xlsx import XlsxWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", XlsxWarning)
        sc = load(path)
    for w in caught:
        if isinstance(w.message, XlsxWarning):
            click.echo(w.message.render(lang or sc.settings.language), err=True)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return sc


def _warn(sc, path: str, lang: str | None = None) -> None:
    """Print warnings about valid but almost certainly unintended input to stderr."""
    from sekalk.report.i18n import t

    horizon = sc.settings.horizon_years
    for oid in sc.outcomes_beyond_horizon:
        out = next(o for o in sc.outcomes if o.id == oid)
        year = sc.intervention.years[0] + out.lag + min(c.start for c in out.consequences)
        click.echo(
            t(
                "warn.beyond_horizon",
                lang or sc.settings.language,
                file=path,
                id=oid,
                year=year,
                horizon=horizon,
                last=horizon - 1,
            ),
            err=True,
        )


def _check_output(path: str | None, force: bool) -> None:
    if path is None or path == "-":
        return
    from sekalk.errors import ScenarioError
    from sekalk.outputs import check_writable

    try:
        check_writable(path, force=force)
    except ScenarioError as exc:
        fail_error(exc)


draws_option = click.option(
    "--draws",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="Number of Monte Carlo draws.",
)
seed_option = click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Seed of the random streams; the same seed gives identical results.",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    default=None,
    help="Language of the output (default: the scenario's).",
)
force_option = click.option("--force", is_flag=True, help="Overwrite existing output files.")
sampler_option = click.option(
    "--sampler",
    type=click.Choice(SAMPLER_CHOICES),
    default="random",
    show_default=True,
    help="Uniform design: plain random, Latin hypercube or scrambled Sobol'.",
)


class OverrideArgs(NamedTuple):
    """What ``override_options`` collected: ``--set``, ``--overlay``, ``--widen[-rule]``."""

    sets: tuple[str, ...] = ()
    overlays: tuple[str, ...] = ()
    widen: bool = False
    widen_rule: str | None = None


def override_options(func):
    """Add ``--set``, ``--overlay``, ``--widen`` and ``--widen-rule`` to a command.

    The command receives them as one argument ``overrides`` (an :class:`OverrideArgs`) and
    loads its scenario with ``_load_with_overrides(path, overrides, lang)``.
    """

    @functools.wraps(func)
    def wrapper(*args, sets, overlays, widen, widen_rule, **kwargs):
        ov = OverrideArgs(tuple(sets), tuple(overlays), widen or widen_rule is not None, widen_rule)
        return func(*args, overrides=ov, **kwargs)

    options = [
        click.option(
            "--set",
            "sets",
            multiple=True,
            metavar="ID=VALUE",
            help="Replace an assumption: a number or an inline TOML table, e.g. "
            "--set 'outcomes.x.effect={dist=\"uniform\", min=0.85, max=1.0}'. Repeatable; "
            "applied after the overlays.",
        ),
        click.option(
            "--overlay",
            "overlays",
            multiple=True,
            metavar="FILE.toml",
            help="An evaluator's overlay file of [[override]] entries (id, value, evidence, "
            "source, note). Repeatable; applied in order.",
        ),
        click.option(
            "--widen",
            is_flag=True,
            help="Widen weakly grounded assumptions by evidence grade (assumption ±25 %, "
            "experience ±10 %, research unchanged); off by default.",
        ),
        click.option(
            "--widen-rule",
            metavar="FILE.toml",
            help="Widths per evidence grade for --widen (implies --widen); see README.",
        ),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def _apply_overrides(sc, overrides: OverrideArgs, lang: str | None = None, overlays=()):
    """Apply ``overlays`` (per scenario), then the overlays, sets and widening of ``overrides``."""
    from sekalk.errors import ScenarioError
    from sekalk.scenario.overrides import apply_all

    try:
        sc = apply_all(sc, overlays=(*overlays, *overrides.overlays), sets=overrides.sets)
        if overrides.widen:
            from sekalk.scenario.widen import WidenRule, widen

            rule = WidenRule.from_file(overrides.widen_rule) if overrides.widen_rule else None
            sc = widen(sc, rule, lang=lang or sc.settings.language)
    except ScenarioError as exc:
        # --set errors carry no file: name the scenario they were applied to
        fail_error(
            exc if exc.file else exc.with_context(file=sc.path), lang or sc.settings.language
        )
    return sc


def _load_with_overrides(path: str, overrides: OverrideArgs, lang: str | None = None):
    """Load a scenario and apply the evaluator's overlays, ``--set`` values and widening."""
    return _apply_overrides(_load(path), overrides, lang)


def _write_json(path: str, doc: dict) -> None:
    """Write a JSON document to ``path`` atomically, or to stdout for ``-``."""
    import json

    text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)
    if path == "-":
        click.echo(text)
        return
    from sekalk.outputs import write_text_atomic

    _write_all([(path, lambda: write_text_atomic(path, text + "\n"))])


def _check_html(path: str | None, force: bool) -> None:
    if path is not None and Path(path).suffix.lower() not in (".html", ".htm"):
        fail(f"{path}: --report must end in .html")
    _check_output(path, force)


def _check_plot(path: str | None, force: bool) -> None:
    if path is not None and Path(path).suffix.lower() not in (".png", ".svg"):
        fail(f"{path}: --plot must end in .png or .svg")
    _check_output(path, force)


workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Threads that evaluate blocks of draws in parallel; results are identical to 1.",
)
scheduler_option = click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="A running dask.distributed scheduler (e.g. tcp://10.0.0.5:8786) whose workers "
    "compute the blocks; results are identical to a local run. Needs `pip install "
    "distributed` here and on the workers.",
)


@contextmanager
def _scheduler(address: str | None) -> Iterator[Executor | None]:
    """The executor of the dask scheduler at ``address`` (None: compute here); exit 2 if
    dask is missing or nothing answers."""
    if address is None:
        yield None
        return
    from contextlib import ExitStack

    from sekalk.simulation import SchedulerError, scheduler_executor

    with ExitStack() as stack:
        try:
            executor = stack.enter_context(scheduler_executor(address))
        except SchedulerError as exc:
            fail(str(exc))
        yield executor


quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="No progress bar on stderr (none is shown off a terminal)."
)


@contextmanager
def _executor(workers: int) -> Iterator[Executor | None]:
    """A thread pool of ``workers`` threads (numpy releases the GIL), or None for one worker."""
    if workers <= 1:
        yield None
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield pool


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sekalk")
def main() -> None:
    """sekalk: socio-economic calculations of early social interventions, as distributions.

    A calculation is an assumption, not proof: sekalk shows how wide the uncertainty is, who
    pays and who gains, and which assumptions carry the result.
    """


@main.command()
@click.argument("folder", type=click.Path(file_okay=False), default=".")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port on 127.0.0.1; 0 picks a free port.",
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    default="sv",
    show_default=True,
    help="Language of the pages.",
)
def app(folder: str, port: int, no_browser: bool, lang: str) -> None:
    """Start the local web workbench on the scenario files in FOLDER (default: here).

    It listens on 127.0.0.1 only, reads and writes files inside FOLDER only, and stops with
    Ctrl-C.
    """
    from pathlib import Path

    from sekalk.app import serve

    if not Path(folder).is_dir():
        fail(f"{folder}: not a folder")
    try:
        serve(folder, port=port, lang=lang, open_browser=not no_browser, announce=click.echo)
    except OSError as exc:
        fail(f"127.0.0.1:{port}: {exc.strerror or exc}")


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@draws_option
@seed_option
@sampler_option
@click.option(
    "--json", "json_out", metavar="PATH|-", help="Write the JSON summary v1 (- for stdout)."
)
@click.option(
    "--draws-out",
    metavar="PATH.csv|PATH.parquet",
    help="Write every draw (parameters and outputs) as CSV or Parquet.",
)
@click.option(
    "--xlsx",
    "xlsx_out",
    metavar="PATH.xlsx",
    help="Write the results to an Excel workbook: summary per perspective, break-even, "
    "assumptions, drivers, provenance.",
)
@click.option(
    "--xlsx-draws",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Also put the first N draws on a sheet of the --xlsx workbook.",
)
@click.option(
    "--precision",
    "precision_on",
    is_flag=True,
    help="Draw blocks until the Monte Carlo error meets the targets below (ignores --draws).",
)
@click.option(
    "--precision-prob",
    type=click.FloatRange(min=0, min_open=True),
    default=0.005,
    show_default=True,
    help="Target 95% half-width of P(NPV>0) [fraction; 0.005 = 0.5 percentage points].",
)
@click.option(
    "--precision-median",
    type=click.FloatRange(min=0, min_open=True),
    default=0.01,
    show_default=True,
    help="Target 95% half-width of the median NPV, as a share of the P5-P95 width.",
)
@click.option(
    "--max-draws",
    type=click.IntRange(min=1),
    default=2_000_000,
    show_default=True,
    help="Most draws a --precision run may use.",
)
@workers_option
@quiet_option
@lang_option
@force_option
@override_options
def run(
    scenario,
    draws,
    seed,
    sampler,
    json_out,
    draws_out,
    xlsx_out,
    xlsx_draws,
    precision_on,
    precision_prob,
    precision_median,
    max_draws,
    workers,
    quiet,
    lang,
    force,
    overrides,
) -> None:
    """Simulate SCENARIO and print the distribution of its outcomes."""
    if draws_out is not None and Path(draws_out).suffix.lower() not in (".csv", ".parquet"):
        fail(f"{draws_out}: --draws-out must end in .csv or .parquet")
    if json_out not in (None, "-") and draws_out is not None and _same_file(json_out, draws_out):
        fail(f"{json_out}: --json and --draws-out name the same file")
    _check_xlsx(xlsx_out, force, json_out, draws_out)
    _check_output(json_out, force)
    _check_output(draws_out, force)
    sc = _load_with_overrides(scenario, overrides, lang)
    # with overrides, the unmodified scenario is simulated too, for the deltas
    # a --precision run may draw up to --max-draws
    most = max_draws if precision_on else draws
    _check_memory([sc, sc] if sc.overrides else [sc], most, export=draws_out is not None)

    from sekalk.report.progress import progress_bar
    from sekalk.report.text import render_run
    from sekalk.simulation import Precision, simulate

    precision = (
        Precision(prob=precision_prob, median=precision_median, max_draws=max_draws)
        if precision_on
        else None
    )
    with (
        _executor(workers) as executor,
        progress_bar("sekalk run", lang=lang or sc.settings.language, enabled=not quiet) as bar,
    ):
        result = simulate(
            sc,
            draws=draws,
            seed=seed,
            sampler=sampler,
            executor=executor,
            precision=precision,
            progress=bar,
        )
        base = None
        if sc.overrides:  # the unmodified scenario on the same random numbers, for the deltas
            base = simulate(
                _load(scenario),
                draws=result.settings.draws,
                seed=seed,
                sampler=sampler,
                payback=False,
                executor=executor,
            )
    outputs = []
    if draws_out is not None:
        from sekalk.report.export import write_draws

        outputs.append((draws_out, lambda: write_draws(result, draws_out)))
    if xlsx_out is not None:
        from sekalk.report.xlsx import write_run_workbook

        outputs.append(
            (
                xlsx_out,
                lambda: write_run_workbook(result, xlsx_out, lang=lang, draws_sample=xlsx_draws),
            )
        )
    text = None
    if json_out is not None:
        import json

        from sekalk.comparison import summary_with_deltas
        from sekalk.outputs import write_text_atomic

        doc = summary_with_deltas(result, base)
        text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)
        if json_out != "-":
            outputs.append((json_out, lambda: write_text_atomic(json_out, text + "\n")))
    _write_all(outputs)  # all files or none
    if json_out == "-":
        click.echo(text)
        return
    click.echo(render_run(result, lang))
    if sc.overrides:
        from sekalk.comparison import headline_deltas
        from sekalk.report.evaluator_text import render_overrides

        language = lang or sc.settings.language
        click.echo("")
        click.echo(render_overrides(sc, headline_deltas(result, base), language))


def _check_xlsx(path: str | None, force: bool, *others: str | None) -> None:
    """Check an ``--xlsx`` output: the suffix, no clash with the other outputs, writable."""
    if path is None:
        return
    if Path(path).suffix.lower() != ".xlsx":
        fail(f"{path}: --xlsx must end in .xlsx")
    for other in others:
        if other not in (None, "-") and _same_file(path, other):
            fail(f"{path}: --xlsx and another output name the same file")
    _check_output(path, force)


def _same_file(a: str, b: str) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def _check_memory(scenarios, draws: int, *, payback: bool = True, export: bool = False) -> None:
    """Refuse, before simulating, draws whose results (of all ``scenarios``, kept together)
    would not fit in the available memory."""
    from sekalk.simulation import available_memory, estimate_memory

    needed = sum(estimate_memory(s, draws, payback=payback, export=export) for s in scenarios)
    available = available_memory()
    if available is not None and needed > available:
        fail(
            f"{draws:,} draws need about {needed / 1e9:.1f} GB of memory, "
            f"{available / 1e9:.1f} GB available; use fewer draws"
        )


def _write_all(outputs) -> None:
    """Run each ``(path, write)``; if one fails, remove the files this call already wrote."""
    from sekalk.errors import ScenarioError

    done: list[str] = []
    for path, write in outputs:
        try:
            write()
        except ScenarioError as exc:
            for earlier in done:
                Path(earlier).unlink(missing_ok=True)
            fail_error(exc)
        done.append(path)


@main.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(dir_okay=True))
@lang_option
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the result as JSON (sekalk.validate/1) on stdout, every problem with its "
    "code, file, line, key path and message; see README.",
)
def validate(scenarios, lang, as_json) -> None:
    """Check scenario files without simulating; report every problem; exit 2 if any is invalid."""
    from sekalk.errors import ScenarioError
    from sekalk.report.i18n import t

    if as_json:
        _validate_json(scenarios, lang)
        return
    failed = False
    for path in scenarios:
        try:
            sc = _load_file(path, lang)
        except ScenarioError as exc:
            for line in error_lines(exc, lang):
                click.echo(line, err=True)
            failed = True
            continue
        language = lang or sc.settings.language
        _warn(sc, path, language)
        click.echo(
            t(
                "validate.ok",
                language,
                file=path,
                title=sc.title,
                n=len(sc.parameters),
                k=len(sc.uncertain_parameters),
            )
        )
    if failed:
        sys.exit(2)


#: Schema id of ``sekalk validate --json``.
VALIDATE_SCHEMA = "sekalk.validate/1"


def _validate_json(scenarios, lang: str | None) -> None:
    """``validate --json``: one document for all files; exit 2 if any is invalid."""
    import json

    from sekalk.errors import ScenarioError
    from sekalk.scenario import load

    files = []
    for path in scenarios:
        entry: dict = {"file": path}
        try:
            sc = load(path)
        except ScenarioError as exc:
            language = lang or exc.lang or "sv"
            entry.update(
                valid=False,
                language=language,
                errors=[e.to_dict(language) for e in exc.errors],
            )
        else:
            entry.update(
                valid=True,
                language=lang or sc.settings.language,
                title=sc.title,
                parameters=len(sc.parameters),
                uncertain=len(sc.uncertain_parameters),
                errors=[],
            )
        files.append(entry)
    valid = all(f["valid"] for f in files)
    doc = {"schema": VALIDATE_SCHEMA, "valid": valid, "files": files}
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    if not valid:
        sys.exit(2)


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print the parameters as JSON.")
@lang_option
@override_options
def params(scenario, as_json, lang, overrides) -> None:
    """List every parameter id of SCENARIO with its label, value or distribution, 90 %
    interval and evidence: the ids that --set and overlay files address.

    With --set/--overlay/--widen the values shown are those after the changes.
    """
    import json

    from sekalk.report.describe import describe_distribution, describe_interval
    from sekalk.report.i18n import t
    from sekalk.report.text import table
    from sekalk.result import parameter_label

    sc = _load_with_overrides(scenario, overrides, lang)
    language = lang or sc.settings.language
    rows = []
    for p in sc.iter_parameters():
        d = p.distribution
        q05, q95 = (None, None) if d.is_fixed else (d.quantile(0.05), d.quantile(0.95))
        rows.append(
            {
                "id": p.id,
                "label": parameter_label(p, language),
                "distribution": d.describe(),
                "value": describe_distribution(d, language),
                "interval": describe_interval(d, language),
                "p05": q05,
                "p95": q95,
                "evidence": d.evidence,
                "source": d.source,
            }
        )
    if as_json:
        keys = ("id", "label", "distribution", "p05", "p95", "evidence", "source")
        click.echo(
            json.dumps([{k: r[k] for k in keys} for r in rows], ensure_ascii=False, indent=2)
        )
        return
    headers = [
        t("col.id", language),
        t("col.assumption", language),
        t("params.col_value", language),
        t("polish.col_interval", language),
        t("col.evidence", language),
    ]
    body = [
        [
            r["id"],
            r["label"],
            r["value"],
            r["interval"],
            t(f"evidence.{r['evidence'] or 'none'}", language),
        ]
        for r in rows
    ]
    click.echo(
        t(
            "params.title",
            language,
            file=scenario,
            title=sc.title,
            n=len(rows),
            k=len(sc.uncertain_parameters),
        )
    )
    click.echo("")
    click.echo(table(headers, body, align="lllll", keep=(0,)))
    click.echo("")
    click.echo(t("params.usage", language))


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option(
    "--method",
    "methods",
    type=click.Choice(["tornado", "rank", "sobol", "switching", "voi", "all"]),
    multiple=True,
    help="Method(s) to run (repeatable; default: all).",
)
@click.option(
    "--json", "json_out", metavar="PATH|-", help="Write the JSON sensitivity/1 (- for stdout)."
)
@click.option(
    "--xlsx", "xlsx_out", metavar="PATH.xlsx", help="Write the results to an Excel workbook."
)
@draws_option
@seed_option
@click.option(
    "--sobol-n",
    type=click.IntRange(min=4),
    default=4096,
    show_default=True,
    help="Base sample of the Sobol' design (a power of 2).",
)
@click.option(
    "--perspective",
    default="society",
    show_default=True,
    help="Whose NPV: society, public_sector or an actor (kommun, region, ...).",
)
@scheduler_option
@lang_option
@force_option
@override_options
def sensitivity(
    scenario,
    methods,
    json_out,
    xlsx_out,
    draws,
    seed,
    sobol_n,
    perspective,
    scheduler,
    lang,
    force,
    overrides,
) -> None:
    """Which assumptions carry the NPV of SCENARIO: tornado, rank correlation, Sobol',
    switching values and the value of information."""
    if sobol_n & (sobol_n - 1):
        fail(f"--sobol-n must be a power of 2 (e.g. 1024, 4096), found {sobol_n}")
    if draws < 2:
        fail(f"--draws must be at least 2 for a sensitivity analysis, found {draws}")
    _check_xlsx(xlsx_out, force, json_out)
    _check_output(json_out, force)
    sc = _load_with_overrides(scenario, overrides, lang)

    from sekalk.engine import perspectives_of

    available = perspectives_of(sc)
    if perspective not in available:
        fail(f"{scenario}: no perspective {perspective!r}; expected one of {', '.join(available)}")
    # the Monte Carlo sample plus the Sobol' design of sobol_n * (k + 2) model runs
    k = len(sc.uncertain_parameters)
    _check_memory([sc], draws + sobol_n * (k + 2), payback=False)

    from sekalk.report.text import render_sensitivity
    from sekalk.sensitivity_analysis import sensitivity as run_sensitivity

    chosen = "all" if not methods or "all" in methods else methods
    with _scheduler(scheduler) as executor:
        res = run_sensitivity(
            sc,
            chosen,
            draws=draws,
            seed=seed,
            perspective=perspective,
            sobol_n=sobol_n,
            lang=lang,
            executor=executor,
        )
    if xlsx_out is not None:
        from sekalk.report.xlsx import sensitivity_tables, write_tables

        language = lang or sc.settings.language
        _write_all([(xlsx_out, lambda: write_tables(sensitivity_tables(res, language), xlsx_out))])
    if json_out == "-":
        click.echo(res.to_json())
        return
    if json_out is not None:
        from sekalk.outputs import write_text_atomic

        _write_all([(json_out, lambda: write_text_atomic(json_out, res.to_json() + "\n"))])
    click.echo(render_sensitivity(res, lang))
    if sc.overrides:
        from sekalk.report.evaluator_text import render_overrides

        click.echo("")
        click.echo(render_overrides(sc, None, lang or sc.settings.language))


def _parse_position(arg: str) -> tuple[str, tuple[str, ...]]:
    """``app.toml`` or ``app.toml+overlay.toml[+overlay2.toml]`` -> (scenario, overlays)."""
    if Path(arg).exists() or "+" not in arg:
        return arg, ()
    first, *rest = arg.split("+")
    return first, tuple(rest)


@main.command()
@click.argument("scenarios", nargs=-1, required=True, metavar="SCENARIO[+OVERLAY...]...")
@draws_option
@seed_option
@sampler_option
@click.option(
    "--perspective", default="society", show_default=True, help="Whose net present value."
)
@click.option("--json", "json_out", metavar="PATH|-", help="Write the comparison sekalk.compare/1.")
@click.option(
    "--xlsx", "xlsx_out", metavar="PATH.xlsx", help="Write the comparison to an Excel workbook."
)
@click.option("--plot", "plot_out", metavar="FILE.png|svg", help="Write overlaid NPV plots.")
@click.option(
    "--report",
    "report_out",
    metavar="FILE.html",
    help="Write a self-contained HTML comparison report (figures side by side, overrides, "
    "pairwise differences, the NPV plot).",
)
@lang_option
@force_option
@override_options
def compare(
    scenarios,
    draws,
    seed,
    sampler,
    perspective,
    json_out,
    xlsx_out,
    plot_out,
    report_out,
    lang,
    force,
    overrides,
) -> None:
    """Compare scenarios side by side on common random numbers.

    Every SCENARIO is simulated with the same seed, so differences come from the assumptions,
    not from sampling noise. Append overlays to one position with '+':

    \b
      sekalk compare app.toml app.toml+evaluator.toml

    compares an application as submitted with the same application under the evaluator's
    overlay. --set, --overlay and --widen apply to every position (after its own overlays).
    """
    _check_xlsx(xlsx_out, force, json_out, plot_out, report_out)
    _check_output(json_out, force)
    _check_plot(plot_out, force)
    _check_html(report_out, force)
    loaded = []
    for arg in scenarios:
        path, overlays = _parse_position(arg)
        loaded.append(_apply_overrides(_load(path), overrides, lang, overlays))
    _check_memory(loaded, draws)

    from sekalk.comparison import compare as run_compare
    from sekalk.report.evaluator_text import render_comparison

    try:
        cmp = run_compare(loaded, draws=draws, seed=seed, sampler=sampler, perspective=perspective)
    except KeyError as exc:
        fail(f"--perspective: {exc.args[0]}")
    language = lang or loaded[0].settings.language
    outputs = []
    if plot_out is not None:
        from sekalk.report.evaluator_plots import save_figure

        outputs.append((plot_out, lambda: save_figure(cmp.plot(language), plot_out)))
    if report_out is not None:
        from sekalk.report.html import write_comparison

        outputs.append((report_out, lambda: write_comparison(cmp, report_out, lang=language)))
    if xlsx_out is not None:
        from sekalk.report.xlsx import compare_tables, write_tables

        outputs.append((xlsx_out, lambda: write_tables(compare_tables(cmp, language), xlsx_out)))
    _write_all(outputs)  # all files or none
    if json_out is not None:
        _write_json(json_out, cmp.to_dict())
        if json_out == "-":
            return
    click.echo(render_comparison(cmp, language))


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@draws_option
@seed_option
@sampler_option
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=0.10,
    show_default=True,
    help="Share of the NPV uncertainty from which a weakly grounded assumption is critical.",
)
@click.option("--json", "json_out", metavar="PATH|-", help="Write the map as sekalk.credibility/1.")
@click.option("--plot", "plot_out", metavar="FILE.png|svg", help="Write the map as a plot.")
@lang_option
@force_option
@override_options
def credibility(
    scenario, draws, seed, sampler, threshold, json_out, plot_out, lang, force, overrides
) -> None:
    """Place every assumption of SCENARIO by evidence grade against its share of the NPV
    uncertainty; flag weakly grounded assumptions that carry much of it."""
    _check_output(json_out, force)
    _check_plot(plot_out, force)
    sc = _load_with_overrides(scenario, overrides, lang)

    from sekalk.credibility import credibility_map
    from sekalk.report.evaluator_text import render_credibility
    from sekalk.simulation import simulate

    _check_memory([sc], draws, payback=False)
    language = lang or sc.settings.language
    result = simulate(sc, draws=draws, seed=seed, sampler=sampler, payback=False)
    cmap = credibility_map(result, threshold=threshold, lang=language)
    if plot_out is not None:
        from sekalk.report.evaluator_plots import save_figure

        _write_all([(plot_out, lambda: save_figure(cmap.plot(language), plot_out))])
    if json_out is not None:
        _write_json(json_out, cmap.to_dict())
        if json_out == "-":
            return
    click.echo(render_credibility(cmap, language))
    if sc.overrides:
        from sekalk.report.evaluator_text import render_overrides

        click.echo("")
        click.echo(render_overrides(sc, None, language))


@main.command()
@click.argument("search", required=False, default="")
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    default="sv",
    show_default=True,
    help="Language of the labels.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the matching units as JSON.")
def units(search, lang, as_json) -> None:
    """List the sourced Swedish unit costs (optionally only those matching SEARCH).

    SEARCH matches ids, labels, units, kinds, payers and notes, ignoring case and diacritics
    (e.g. `sekalk units hvb`). Each unit shows how to reference it for its basis: a unit per
    time as a yearly amount, annual = { ref = "<id>", per = "year" }; a unit per case or per
    lifetime as a one-off amount, annual = { ref = "<id>" } in a consequence with duration = 1.
    """
    import json

    from sekalk.report.i18n import fmt_number, fmt_pct, perspective_name, t
    from sekalk.units import reference_hint, search_units

    found = search_units(search)
    if as_json:
        click.echo(json.dumps([u.to_dict() for u in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(t("units.none", lang, query=repr(search)))
        return
    click.echo(t("units.header", lang, n=len(found)))
    for u in found:
        click.echo("")
        click.echo(f"{u.id}  {u.label(lang)}")
        if u.kind == "rate":
            values = t(
                "units.rate_values",
                lang,
                low=fmt_pct(u.low, lang, 1),
                likely=fmt_pct(u.likely, lang, 1),
                high=fmt_pct(u.high, lang, 1),
                year=u.price_year,
            )
        else:
            values = t(
                "units.values",
                lang,
                low=fmt_number(u.low, lang),
                likely=fmt_number(u.likely, lang),
                high=fmt_number(u.high, lang),
                unit=t(f"unit.{u.unit}", lang),
                year=u.price_year,
            )
        click.echo(f"  {values}")
        line = t(
            "units.kind_payer",
            lang,
            kind=t(f"kind.{u.kind}", lang),
            payer=perspective_name(u.payer, lang),
        )
        if u.recipient:
            line += t("units.recipient", lang, recipient=perspective_name(u.recipient, lang))
        line += t("units.evidence", lang, evidence=t(f"evidence.{u.evidence}", lang))
        click.echo(f"  {line}")
        click.echo(f"  {reference_hint(u, lang)}")
        for url in u.sources:
            click.echo(f"  {t('units.source', lang)}: {url}")
    click.echo("")
    click.echo(t("units.usage", lang))


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    default="sv",
    show_default=True,
    help="Language of the template's comments and labels.",
)
@force_option
def new(path, lang, force) -> None:
    """Write a commented scenario template to PATH that validates and runs as it is.

    PATH.xlsx writes the applicant's Excel workbook: one sheet per part of the logic model,
    drop-down lists, a comment on every header and an instructions sheet.
    """
    _check_output(path, force)
    from sekalk.outputs import write_text_atomic
    from sekalk.report.i18n import t
    from sekalk.templates import template_text

    if Path(path).suffix.lower() == ".xlsx":
        from sekalk.templates import write_template_workbook

        _write_all([(path, lambda: write_template_workbook(path, lang))])
        click.echo(t("new.written_xlsx", lang, file=path))
        return
    _write_all([(path, lambda: write_text_atomic(path, template_text(lang)))])
    click.echo(t("new.written", lang, file=path))


@main.command()
@click.argument("source", type=click.Path(dir_okay=True))
@click.argument("target", type=click.Path(dir_okay=True))
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    default=None,
    help="Language of a workbook's sheets and headers, and of the messages "
    "(default: the scenario's).",
)
@force_option
def convert(source, target, lang, force) -> None:
    """Convert a scenario file between TOML, JSON and Excel (.xlsx); formats from the suffixes.

    Every value, distribution, evidence grade, source, note, correlation, unit reference,
    continuation and spread is kept. Comments of a TOML file have no place in the other
    formats: they are listed on stderr.
    """
    from sekalk.errors import ScenarioError
    from sekalk.report.i18n import t
    from sekalk.scenario.convert import format_of, losses, read_document, write_document

    try:
        target_fmt = format_of(target, what="output")
    except ScenarioError as exc:
        fail(str(exc))
    if Path(source).exists() and _same_file(source, target):
        fail(f"{target}: the output would overwrite the input; choose another name")
    _check_output(target, force)
    try:
        src = read_document(source)
    except ScenarioError as exc:
        fail_error(exc, lang)
    language = lang or src.doc.get("scenario", {}).get("language", "sv")
    _write_all([(target, lambda: write_document(src.doc, target, lang=lang))])
    for key, params in src.notes:
        click.echo(f"{source}: " + t(key, language, **params), err=True)
    for key, params in losses(src, target_fmt):
        click.echo(f"{source}: " + t(key, language, **params), err=True)
        if key == "convert.comments":
            for line, text in src.comments:
                click.echo(t("convert.comment_line", language, line=line, text=text), err=True)
    click.echo(t("convert.written", language, file=target))


@main.command()
@click.option("-o", "--output", metavar="PATH", help="Write the schema to PATH (default: stdout).")
@lang_option
@force_option
def schema(output, lang, force) -> None:
    """Print the JSON Schema (draft 2020-12) of the scenario format, for editors.

    VS Code with "Even Better TOML": put `#:schema ./scenario.schema.json` on the first line
    of a scenario file. JSON scenario files: "$schema": "./scenario.schema.json".
    """
    _check_output(output, force)
    import json

    from sekalk.scenario.json_schema import scenario_schema

    text = json.dumps(scenario_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from sekalk.outputs import write_text_atomic
    from sekalk.report.i18n import t

    _write_all([(output, lambda: write_text_atomic(output, text))])
    click.echo(t("schema.written", lang or "sv", file=output), err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option(
    "--budget",
    type=click.FloatRange(min=0),
    default=None,
    help="The fund's budget [SEK]; compared with the projects' total undiscounted cost.",
)
@click.option(
    "--budget-actor",
    metavar="ACTOR",
    default=None,
    help="Count only this payer's share of the costs against the budget (e.g. region).",
)
@click.option(
    "--shared",
    "shared",
    metavar="ID",
    multiple=True,
    help="A parameter id that is one and the same assumption for every project (e.g. "
    "scenario.discount_rate): drawn jointly. Repeat for more. Every other parameter is "
    "drawn independently per project.",
)
@click.option(
    "--independent",
    is_flag=True,
    hidden=True,
    help="The default since projects are drawn independently unless --shared says otherwise.",
)
@click.option(
    "--json", "json_out", metavar="PATH|-", help="Write the portfolio JSON (- for stdout)."
)
@click.option(
    "--report",
    "report_out",
    metavar="FILE.html",
    help="Write a self-contained HTML report of the portfolio.",
)
@click.option(
    "--xlsx", "xlsx_out", metavar="PATH.xlsx", help="Write the portfolio to an Excel workbook."
)
@draws_option
@seed_option
@scheduler_option
@lang_option
@force_option
def portfolio(
    paths,
    budget,
    budget_actor,
    shared,
    independent,
    json_out,
    report_out,
    xlsx_out,
    draws,
    seed,
    scheduler,
    lang,
    force,
) -> None:
    """Simulate the scenarios in DIR or FILES together as one fund's portfolio.

    Every project is drawn independently (its random numbers are keyed by the seed and its
    file name), except the assumptions named with --shared.
    """
    shared = tuple(i.strip() for s in shared for i in s.split(",") if i.strip())
    if independent and shared:
        fail(
            "--independent and --shared contradict each other (projects are independent "
            "by default; --shared names the assumptions they have in common)"
        )
    files: list[str] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            found = sorted(
                str(f)
                for f in p.iterdir()
                if f.suffix.lower() in (".toml", ".json") and f.is_file()
            )
            if not found:
                fail(f"{path}: no scenario files (.toml or .json) in this directory")
            files.extend(found)
        else:
            files.append(path)
    _check_xlsx(xlsx_out, force, json_out, report_out)
    _check_output(json_out, force)
    _check_html(report_out, force)
    scenarios = [_load(f) for f in files]

    from sekalk.errors import ScenarioError
    from sekalk.portfolio import portfolio as run_portfolio
    from sekalk.report.text import render_portfolio

    try:
        with _scheduler(scheduler) as executor:
            result = run_portfolio(
                scenarios,
                draws=draws,
                seed=seed,
                budget=budget,
                budget_actor=budget_actor,
                shared=shared,
                executor=executor,
            )
    except ScenarioError as exc:
        fail_error(exc)
    outputs = []
    if report_out is not None:
        from sekalk.report.html import write_portfolio

        outputs.append((report_out, lambda: write_portfolio(result, report_out, lang=lang)))
    if xlsx_out is not None:
        from sekalk.report.xlsx import portfolio_tables, write_tables

        language = lang or scenarios[0].settings.language
        outputs.append(
            (xlsx_out, lambda: write_tables(portfolio_tables(result, language), xlsx_out))
        )
    if json_out is not None and json_out != "-":
        from sekalk.outputs import write_text_atomic

        outputs.append((json_out, lambda: write_text_atomic(json_out, result.to_json() + "\n")))
    _write_all(outputs)  # all files or none
    if json_out == "-":
        click.echo(result.to_json())
        return
    click.echo(render_portfolio(result, lang or scenarios[0].settings.language))


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option(
    "--observed",
    required=True,
    metavar="FILE.toml|FILE.csv",
    help="Follow-up counts: [[observation]] id, successes, trials, source (or a CSV).",
)
@click.option(
    "-o", "--output", required=True, metavar="NEW.toml", help="Where to write the updated scenario."
)
@click.option(
    "--json", "json_out", metavar="PATH|-", help="Write what was learned as JSON (- for stdout)."
)
@draws_option
@seed_option
@lang_option
@force_option
def update(scenario, observed, output, json_out, draws, seed, lang, force) -> None:
    """Update SCENARIO's shares and risks with follow-up counts (Bayes' rule) and write NEW."""
    import hashlib
    import json

    from sekalk.errors import ScenarioError
    from sekalk.outputs import write_text_atomic
    from sekalk.report.i18n import t
    from sekalk.report.text import render_update
    from sekalk.scenario import loads
    from sekalk.simulation import simulate
    from sekalk.update import learn, read_observations, update_document, updated_text

    if Path(scenario).suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        fail(
            f"{scenario}: update rewrites a TOML or JSON file line by line; convert the "
            f"workbook first (sekalk convert {scenario} {Path(scenario).with_suffix('.toml')})"
        )
    fmt = "json" if Path(scenario).suffix.lower() == ".json" else "toml"
    out_fmt = "json" if Path(output).suffix.lower() == ".json" else "toml"
    if fmt != out_fmt:
        fail(f"{output}: the updated scenario keeps the input's format; name it .{fmt}")
    _check_output(output, force)
    _check_output(json_out, force)
    sc = _load(scenario)
    lang_file = sc.settings.language  # comments and notes in the file: the file's language
    try:
        observations = read_observations(observed)
        try:
            learned = learn(sc, observations, lang=lang_file)
        except ScenarioError as exc:
            raise exc.with_context(file=observed) from None
        original = Path(scenario).read_text(encoding="utf-8-sig")
        text = updated_text(
            original,
            learned,
            fmt=fmt,
            stamp=t("polish.update_stamp", lang_file, file=Path(observed).name),
            lang=lang_file,
        )
        new = loads(text, file=output, fmt=fmt)
    except ScenarioError as exc:
        fail_error(exc, lang or lang_file)
    before = simulate(sc, draws=draws, seed=seed, payback=False)
    after = simulate(new, draws=draws, seed=seed, payback=False)
    _write_all([(output, lambda: write_text_atomic(output, text))])
    if json_out is not None:
        doc = update_document(
            sc,
            learned,
            before,
            after,
            observed=observed,
            observed_sha256=hashlib.sha256(Path(observed).read_bytes()).hexdigest(),
            output=output,
        )
        body = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)
        if json_out == "-":
            click.echo(body)
            return
        _write_all([(json_out, lambda: write_text_atomic(json_out, body + "\n"))])
    click.echo(render_update(learned, before, after, output, lang or sc.settings.language))


PLOT_KINDS = ("npv", "scurve", "cashflow", "actors", "logic")


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option(
    "--kind",
    type=click.Choice(PLOT_KINDS),
    required=True,
    help="npv: NPV distribution; scurve: P(NPV > x); cashflow: cumulative flow by year; "
    "actors: who pays and who gains; logic: the logic model.",
)
@click.option("-o", "--output", required=True, metavar="FILE.png|FILE.svg", help="Output file.")
@draws_option
@seed_option
@lang_option
@click.option(
    "--perspective",
    default="society",
    show_default=True,
    help="society, public_sector or an actor (npv, scurve and cashflow).",
)
@force_option
def plot(scenario, kind, output, draws, seed, lang, perspective, force) -> None:
    """Draw one chart of SCENARIO as PNG or SVG (format from the file suffix)."""
    if Path(output).suffix.lower() not in (".png", ".svg"):
        fail(f"{output}: the output file must end in .png or .svg")
    _check_output(output, force)
    sc = _load(scenario)

    from sekalk.engine import perspectives_of
    from sekalk.report.plots import PLOT_KINDS as KINDS
    from sekalk.report.plots import save_figure
    from sekalk.simulation import simulate

    available = perspectives_of(sc)
    if perspective not in available:
        fail(f"unknown perspective {perspective!r}; expected one of {', '.join(available)}")
    result = simulate(sc, draws=draws, seed=seed)
    save_figure(KINDS[kind](result, lang, perspective), output)
    click.echo(output)


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option("-o", "--output", required=True, metavar="FILE.html", help="Output file.")
@click.option(
    "--sensitivity",
    "with_sensitivity",
    is_flag=True,
    help="Add the sensitivity analysis: switching values, tornado and Sobol' charts.",
)
@lang_option
@draws_option
@seed_option
@force_option
@override_options
def report(scenario, output, with_sensitivity, lang, draws, seed, force, overrides) -> None:
    """Write a self-contained HTML report of SCENARIO (print it to PDF from a browser)."""
    suffix = Path(output).suffix.lower()
    if suffix not in (".html", ".htm"):
        from sekalk.report.i18n import t

        language = lang or _load(scenario).settings.language
        html = str(Path(output).with_suffix(".html"))
        key = "report.pdf_refused" if suffix == ".pdf" else "report.not_html"
        fail(t(key, language, file=output, html=html))
    _check_output(output, force)
    sc = _load_with_overrides(scenario, overrides, lang)

    from sekalk.report.html import write_report
    from sekalk.simulation import simulate

    _check_memory([sc, sc] if sc.overrides else [sc], draws)
    result = simulate(sc, draws=draws, seed=seed, keep_flows=True)  # the fan charts use them
    base = None
    if sc.overrides:  # the unmodified scenario on the same random numbers, for the deltas
        base = simulate(_load(scenario), draws=draws, seed=seed, payback=False)
    sens = None
    if with_sensitivity:
        from sekalk.sensitivity_analysis import sensitivity as run_sensitivity

        # the report's own run has the draws the analysis needs: it is not simulated again
        shared = result if draws >= 2 else None
        sens = run_sensitivity(sc, "all", draws=max(draws, 2), seed=seed, lang=lang, result=shared)
    _write_all(
        [(output, lambda: write_report(result, output, lang=lang, sensitivity=sens, base=base))]
    )
    click.echo(output)


if __name__ == "__main__":  # pragma: no cover
    main()
