"""``sekalk validate`` and ``params``: check scenario files and list their parameters."""

from __future__ import annotations

import sys

import click

from sekalk.cli.common import (
    error_lines,
    lang_option,
    load_file,
    load_with_overrides,
    override_options,
    warn_unintended,
)


@click.command()
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
    from sekalk.text import catalog

    if as_json:
        _validate_json(scenarios, lang)
        return
    failed = False
    for path in scenarios:
        try:
            sc = load_file(path, lang)
        except ScenarioError as exc:
            for line in error_lines(exc, lang):
                click.echo(line, err=True)
            failed = True
            continue
        language = lang or sc.settings.language
        warn_unintended(sc, path, language)
        click.echo(
            catalog(language).gettext(
                "validate.valid",
                file=path,
                title=sc.title,
                **parameter_counts(sc, language),
            )
        )
    if failed:
        sys.exit(2)


def _validate_json(scenarios, lang: str | None) -> None:
    """``validate --json``: one document for all files; exit 2 if any is invalid."""
    import json

    from sekalk.scenario.files import validation_document

    doc = validation_document(scenarios, lang=lang)
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    if not doc["valid"]:
        sys.exit(2)


@click.command()
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
    from sekalk.report.labels import parameter_label
    from sekalk.report.text import table
    from sekalk.text import catalog

    sc = load_with_overrides(scenario, overrides, lang)
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
        catalog(language).gettext(
            "params.heading", file=scenario, title=sc.title, **parameter_counts(sc, language)
        )
    )
    click.echo("")
    click.echo(table(headers, body, align="lllll", keep=(0,)))
    click.echo("")
    click.echo(t("params.usage", language))


def parameter_counts(sc, lang: str) -> dict[str, str]:
    """``{parameters}`` and ``{uncertain}`` of ``validate.valid``/``params.heading``: the
    number of parameters and of uncertain ones, each with its plural form in ``lang``."""
    from sekalk.text import catalog

    cat = catalog(lang)
    return {
        "parameters": cat.ngettext("count.parameters", len(sc.parameters)),
        "uncertain": cat.ngettext("count.uncertain", len(sc.uncertain_parameters)),
    }
