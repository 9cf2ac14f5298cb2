"""The ``sekalk`` command line: parses arguments and calls the public API; no model logic here.

Every input problem ends with one message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sekalk import __version__

if TYPE_CHECKING:
    from concurrent.futures import Executor

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
workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Threads that evaluate blocks of draws in parallel; results are identical to 1.",
)
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
def run(
    scenario,
    draws,
    seed,
    sampler,
    json_out,
    draws_out,
    precision_on,
    precision_prob,
    precision_median,
    max_draws,
    workers,
    quiet,
    lang,
    force,
) -> None:
    """Simulate SCENARIO and print the distribution of its outcomes."""
    if draws_out is not None and Path(draws_out).suffix.lower() not in (".csv", ".parquet"):
        fail(f"{draws_out}: --draws-out must end in .csv or .parquet")
    _check_output(json_out, force)
    _check_output(draws_out, force)
    sc = _load(scenario)

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


if __name__ == "__main__":  # pragma: no cover
    main()
