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
    "--independent",
    is_flag=True,
    help="Draw every project independently (by default shared parameter ids share draws).",
)
@click.option(
    "--json", "json_out", metavar="PATH|-", help="Write the portfolio JSON (- for stdout)."
)
@draws_option
@seed_option
@lang_option
@force_option
def portfolio(paths, budget, budget_actor, independent, json_out, draws, seed, lang, force) -> None:
    """Simulate the scenarios in DIR or FILES together as one fund's portfolio."""
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
    _check_output(json_out, force)
    scenarios = [_load(f) for f in files]

    from sekalk.errors import ScenarioError
    from sekalk.portfolio import portfolio as run_portfolio
    from sekalk.report.text import render_portfolio

    try:
        result = run_portfolio(
            scenarios,
            draws=draws,
            seed=seed,
            budget=budget,
            budget_actor=budget_actor,
            independent=independent,
        )
    except ScenarioError as exc:
        fail(str(exc))
    if json_out == "-":
        click.echo(result.to_json())
        return
    if json_out is not None:
        from sekalk.outputs import write_text_atomic

        write_text_atomic(json_out, result.to_json() + "\n")
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
    from sekalk.report.text import render_update
    from sekalk.scenario import loads
    from sekalk.simulation import simulate
    from sekalk.update import learn, read_observations, update_document, updated_text

    fmt = "json" if Path(scenario).suffix.lower() == ".json" else "toml"
    out_fmt = "json" if Path(output).suffix.lower() == ".json" else "toml"
    if fmt != out_fmt:
        fail(f"{output}: the updated scenario keeps the input's format; name it .{fmt}")
    _check_output(output, force)
    _check_output(json_out, force)
    sc = _load(scenario)
    try:
        learned = learn(sc, read_observations(observed))
        original = Path(scenario).read_text(encoding="utf-8-sig")
        text = updated_text(
            original, learned, fmt=fmt, stamp=f"updated by sekalk update from {Path(observed).name}"
        )
        new = loads(text, file=output, fmt=fmt)
    except ScenarioError as exc:
        fail(str(exc))
    before = simulate(sc, draws=draws, seed=seed, payback=False)
    after = simulate(new, draws=draws, seed=seed, payback=False)
    write_text_atomic(output, text)
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
        write_text_atomic(json_out, body + "\n")
    click.echo(render_update(learned, before, after, output, lang or sc.settings.language))


if __name__ == "__main__":  # pragma: no cover
    main()
