"""``sekalk compare`` and ``portfolio``: several scenarios on common random numbers."""

from __future__ import annotations

import click

from sekalk.cli.common import (
    check_html,
    check_memory,
    check_output,
    check_perspective,
    check_plot,
    check_xlsx,
    dask_executor,
    draws_option,
    fail_error,
    force_option,
    lang_option,
    load_every,
    override_options,
    sampler_option,
    scheduler_option,
    seed_option,
    write_all,
    write_json,
)


@click.command()
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
    check_xlsx(xlsx_out, force, json_out, plot_out, report_out)
    check_output(json_out, force)
    check_plot(plot_out, force)
    check_html(report_out, force)
    from sekalk.comparison import load_positions

    loaded = load_every(
        lambda: load_positions(scenarios, lang=lang, **overrides.evaluator_changes()), lang
    )
    check_perspective(loaded, perspective)
    check_memory(loaded, draws)

    from sekalk.comparison import compare as run_compare
    from sekalk.report.evaluator_text import render_comparison

    cmp = run_compare(loaded, draws=draws, seed=seed, sampler=sampler, perspective=perspective)
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
    write_all(outputs)  # all files or none
    if json_out is not None:
        write_json(json_out, cmp.to_dict())
        if json_out == "-":
            return
    click.echo(render_comparison(cmp, language))


@click.command()
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
        from sekalk.errors import ScenarioError

        fail_error(ScenarioError(code="error.shared.independent", path="--independent"), lang)
    check_xlsx(xlsx_out, force, json_out, report_out)
    check_output(json_out, force)
    check_html(report_out, force)
    from sekalk.portfolio import load_projects

    scenarios = load_every(lambda: load_projects(paths), lang)

    from sekalk.errors import ScenarioError
    from sekalk.portfolio import portfolio as run_portfolio
    from sekalk.report.text import render_portfolio

    try:
        with dask_executor(scheduler) as executor:
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
    write_all(outputs)  # all files or none
    if json_out == "-":
        click.echo(result.to_json())
        return
    click.echo(render_portfolio(result, lang or scenarios[0].settings.language))
