"""``sekalk run``, ``report`` and ``plot``: simulate one scenario and show or write its results."""

from __future__ import annotations

from pathlib import Path

import click

from sekalk.cli.common import (
    apply_overrides,
    check_memory,
    check_output,
    check_perspective,
    check_xlsx,
    draws_option,
    fail,
    fail_code,
    force_option,
    lang_option,
    load_scenario,
    override_options,
    quiet_option,
    same_file,
    sampler_option,
    seed_option,
    thread_executor,
    workers_option,
    write_all,
)


@click.command()
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
        fail_code(
            "error.cli.suffix_two",
            file=draws_out,
            option="--draws-out",
            first=".csv",
            second=".parquet",
        )
    if json_out not in (None, "-") and draws_out is not None and same_file(json_out, draws_out):
        fail_code("error.cli.same_file", file=json_out, first="--json", second="--draws-out")
    check_xlsx(xlsx_out, force, json_out, draws_out)
    check_output(json_out, force)
    check_output(draws_out, force)
    original = load_scenario(scenario)
    sc = apply_overrides(original, overrides, lang)
    # with overrides, the unmodified scenario is simulated too, for the deltas
    # a --precision run may draw up to --max-draws
    most = max_draws if precision_on else draws
    check_memory([sc, sc] if sc.overrides else [sc], most, export=draws_out is not None)

    from sekalk.report.progress import progress_bar
    from sekalk.report.text import render_run
    from sekalk.simulation import Precision, simulate

    precision = (
        Precision(prob=precision_prob, median=precision_median, max_draws=max_draws)
        if precision_on
        else None
    )
    with (
        thread_executor(workers) as executor,
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
                original,
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
    write_all(outputs)  # all files or none
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


PLOT_KINDS = ("npv", "scurve", "cashflow", "actors", "logic")


@click.command()
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
        fail_code("error.cli.suffix_two", file=output, option="-o", first=".png", second=".svg")
    check_output(output, force)
    sc = load_scenario(scenario)

    from sekalk.report.plots import PLOT_KINDS as KINDS
    from sekalk.report.plots import save_figure
    from sekalk.simulation import simulate

    check_perspective([sc], perspective)
    result = simulate(sc, draws=draws, seed=seed)
    save_figure(KINDS[kind](result, lang, perspective), output)
    click.echo(output)


@click.command()
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

        language = lang or load_scenario(scenario).settings.language
        html = str(Path(output).with_suffix(".html"))
        key = "report.pdf_refused" if suffix == ".pdf" else "report.not_html"
        fail(t(key, language, file=output, html=html), language)
    check_output(output, force)
    original = load_scenario(scenario)
    sc = apply_overrides(original, overrides, lang)

    from sekalk.report.html import write_report
    from sekalk.simulation import simulate

    check_memory([sc, sc] if sc.overrides else [sc], draws)
    result = simulate(sc, draws=draws, seed=seed, keep_flows=True)  # the fan charts use them
    base = None
    if sc.overrides:  # the unmodified scenario on the same random numbers, for the deltas
        base = simulate(original, draws=draws, seed=seed, payback=False)
    sens = None
    if with_sensitivity:
        from sekalk.sensitivity_analysis import sensitivity as run_sensitivity

        # the report's own run has the draws the analysis needs: it is not simulated again
        shared = result if draws >= 2 else None
        sens = run_sensitivity(sc, "all", draws=max(draws, 2), seed=seed, lang=lang, result=shared)
    write_all(
        [(output, lambda: write_report(result, output, lang=lang, sensitivity=sens, base=base))]
    )
    click.echo(output)
