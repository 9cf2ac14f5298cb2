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
@lang_option
@force_option
def sensitivity(
    scenario, methods, json_out, draws, seed, sobol_n, perspective, lang, force
) -> None:
    """Which assumptions carry the NPV of SCENARIO: tornado, rank correlation, Sobol',
    switching values and the value of information."""
    if sobol_n & (sobol_n - 1):
        fail(f"--sobol-n must be a power of 2 (e.g. 1024, 4096), found {sobol_n}")
    if draws < 2:
        fail(f"--draws must be at least 2 for a sensitivity analysis, found {draws}")
    _check_output(json_out, force)
    sc = _load(scenario)

    from sekalk.engine import perspectives_of

    available = perspectives_of(sc)
    if perspective not in available:
        fail(f"{scenario}: no perspective {perspective!r}; expected one of {', '.join(available)}")

    from sekalk.report.text import render_sensitivity
    from sekalk.sensitivity import sensitivity as run_sensitivity

    chosen = "all" if not methods or "all" in methods else methods
    res = run_sensitivity(
        sc,
        chosen,
        draws=draws,
        seed=seed,
        perspective=perspective,
        sobol_n=sobol_n,
        lang=lang,
    )
    if json_out == "-":
        click.echo(res.to_json())
        return
    if json_out is not None:
        from sekalk.outputs import write_text_atomic

        write_text_atomic(json_out, res.to_json() + "\n")
    click.echo(render_sensitivity(res, lang))


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
    (e.g. `sekalk units hvb`). Reference a unit in a scenario with
    annual = { ref = "<id>", per = "year" }.
    """
    import json

    from sekalk.report.i18n import fmt_number, fmt_pct, perspective_name, t
    from sekalk.units import search_units

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
        click.echo(f"  {line}")
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
    """Write a commented scenario template to PATH that validates and runs as it is."""
    _check_output(path, force)
    from sekalk.outputs import write_text_atomic
    from sekalk.report.i18n import t
    from sekalk.templates import template_text

    write_text_atomic(path, template_text(lang))
    click.echo(t("new.written", lang, file=path))


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

    write_text_atomic(output, text)
    click.echo(t("schema.written", lang or "sv", file=output), err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
