"""``sekalk sensitivity`` and ``credibility``: which assumptions carry the result."""

from __future__ import annotations

import click

from sekalk.cli.common import (
    check_memory,
    check_output,
    check_perspective,
    check_plot,
    check_xlsx,
    dask_executor,
    draws_option,
    fail_code,
    force_option,
    lang_option,
    load_with_overrides,
    override_options,
    sampler_option,
    scheduler_option,
    seed_option,
    write_all,
    write_json,
)


@click.command()
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
        fail_code("error.cli.sobol_n", n=sobol_n)
    if draws < 2:
        fail_code("error.cli.sensitivity_draws", n=draws)
    check_xlsx(xlsx_out, force, json_out)
    check_output(json_out, force)
    sc = load_with_overrides(scenario, overrides, lang)

    check_perspective([sc], perspective)
    # the Monte Carlo sample plus the Sobol' design of sobol_n * (k + 2) model runs
    k = len(sc.uncertain_parameters)
    check_memory([sc], draws + sobol_n * (k + 2), payback=False)

    from sekalk.report.text import render_sensitivity
    from sekalk.sensitivity_analysis import sensitivity as run_sensitivity

    chosen = "all" if not methods or "all" in methods else methods
    with dask_executor(scheduler) as executor:
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
        write_all([(xlsx_out, lambda: write_tables(sensitivity_tables(res, language), xlsx_out))])
    if json_out == "-":
        click.echo(res.to_json())
        return
    if json_out is not None:
        from sekalk.outputs import write_text_atomic

        write_all([(json_out, lambda: write_text_atomic(json_out, res.to_json() + "\n"))])
    click.echo(render_sensitivity(res, lang))
    if sc.overrides:
        from sekalk.report.evaluator_text import render_overrides

        click.echo("")
        click.echo(render_overrides(sc, None, lang or sc.settings.language))


@click.command()
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
    check_output(json_out, force)
    check_plot(plot_out, force)
    sc = load_with_overrides(scenario, overrides, lang)

    from sekalk.credibility import credibility_map
    from sekalk.report.evaluator_text import render_credibility
    from sekalk.simulation import simulate

    check_memory([sc], draws, payback=False)
    language = lang or sc.settings.language
    result = simulate(sc, draws=draws, seed=seed, sampler=sampler, payback=False)
    cmap = credibility_map(result, threshold=threshold, lang=language)
    if plot_out is not None:
        from sekalk.report.evaluator_plots import save_figure

        write_all([(plot_out, lambda: save_figure(cmap.plot(language), plot_out))])
    if json_out is not None:
        write_json(json_out, cmap.to_dict())
        if json_out == "-":
            return
    click.echo(render_credibility(cmap, language))
    if sc.overrides:
        from sekalk.report.evaluator_text import render_overrides

        click.echo("")
        click.echo(render_overrides(sc, None, language))
