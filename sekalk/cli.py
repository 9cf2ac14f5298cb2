"""The ``sekalk`` command line: parses arguments and calls the public API; no model logic here.

Every input problem ends with one message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sekalk import __version__

SAMPLER_CHOICES = ("random", "lhs", "sobol")


def fail(message: str) -> None:
    """Print ``error: message`` to stderr and exit with code 2."""
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _load(path: str):
    from sekalk.errors import ScenarioError
    from sekalk.scenario import load

    try:
        return load(path)
    except ScenarioError as exc:
        fail(str(exc))


def _check_output(path: str | None, force: bool) -> None:
    if path is None or path == "-":
        return
    from sekalk.errors import ScenarioError
    from sekalk.outputs import check_writable

    try:
        check_writable(path, force=force)
    except ScenarioError as exc:
        fail(str(exc))


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sekalk")
def main() -> None:
    """sekalk: socio-economic calculations of early social interventions, as distributions.

    A calculation is an assumption, not proof: sekalk shows how wide the uncertainty is, who
    pays and who gains, and which assumptions carry the result.
    """


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@draws_option
@seed_option
@click.option(
    "--sampler",
    type=click.Choice(SAMPLER_CHOICES),
    default="random",
    show_default=True,
    help="Uniform design: plain random, Latin hypercube or scrambled Sobol'.",
)
@click.option(
    "--json", "json_out", metavar="PATH|-", help="Write the JSON summary v1 (- for stdout)."
)
@click.option(
    "--draws-out",
    metavar="PATH.csv|PATH.parquet",
    help="Write every draw (parameters and outputs) as CSV or Parquet.",
)
@lang_option
@force_option
def run(scenario, draws, seed, sampler, json_out, draws_out, lang, force) -> None:
    """Simulate SCENARIO and print the distribution of its outcomes."""
    if draws_out is not None and Path(draws_out).suffix.lower() not in (".csv", ".parquet"):
        fail(f"{draws_out}: --draws-out must end in .csv or .parquet")
    _check_output(json_out, force)
    _check_output(draws_out, force)
    sc = _load(scenario)

    from sekalk.report.text import render_run
    from sekalk.simulation import simulate

    result = simulate(sc, draws=draws, seed=seed, sampler=sampler)
    if draws_out is not None:
        from sekalk.errors import ScenarioError
        from sekalk.report.export import write_draws

        try:
            write_draws(result, draws_out)
        except ScenarioError as exc:
            fail(str(exc))
    if json_out == "-":
        click.echo(result.to_json())
        return
    if json_out is not None:
        from sekalk.outputs import write_text_atomic

        write_text_atomic(json_out, result.to_json() + "\n")
    click.echo(render_run(result, lang))


@main.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(dir_okay=True))
@lang_option
def validate(scenarios, lang) -> None:
    """Check scenario files without simulating; exit 2 if any is invalid."""
    from sekalk.errors import ScenarioError
    from sekalk.report.i18n import t
    from sekalk.scenario import load

    failed = False
    for path in scenarios:
        try:
            sc = load(path)
        except ScenarioError as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
            continue
        language = lang or sc.settings.language
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
@lang_option
@draws_option
@seed_option
@force_option
def report(scenario, output, lang, draws, seed, force) -> None:
    """Write a self-contained HTML report of SCENARIO (print it to PDF from a browser)."""
    _check_output(output, force)
    sc = _load(scenario)

    from sekalk.report.html import write_report
    from sekalk.simulation import simulate

    result = simulate(sc, draws=draws, seed=seed)
    write_report(result, output, lang=lang)
    click.echo(output)


if __name__ == "__main__":  # pragma: no cover
    main()
