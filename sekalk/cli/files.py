"""``sekalk new``, ``convert``, ``schema`` and ``units``: scenario files and the unit costs."""

from __future__ import annotations

from pathlib import Path

import click

from sekalk.cli.common import (
    LANGUAGES,
    check_output,
    fail_code,
    fail_error,
    force_option,
    lang_option,
    same_file,
    write_all,
)


@click.command()
@click.argument("search", required=False, default="")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
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
    from sekalk.report.labels import reference_hint
    from sekalk.text import catalog
    from sekalk.units import search_units

    found = search_units(search)
    if as_json:
        click.echo(json.dumps([u.to_dict() for u in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(t("units.none", lang, query=repr(search)))
        return
    click.echo(catalog(lang).ngettext("units.found", len(found)))
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


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
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
    check_output(path, force)
    from sekalk.outputs import write_text_atomic
    from sekalk.report.i18n import t
    from sekalk.templates import template_text

    if Path(path).suffix.lower() == ".xlsx":
        from sekalk.templates import write_template_workbook

        write_all([(path, lambda: write_template_workbook(path, lang))])
        click.echo(t("new.written_xlsx", lang, file=path))
        return
    write_all([(path, lambda: write_text_atomic(path, template_text(lang)))])
    click.echo(t("new.written", lang, file=path))


@click.command()
@click.argument("source", type=click.Path(dir_okay=True))
@click.argument("target", type=click.Path(dir_okay=True))
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
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
        fail_error(exc, lang)
    if Path(source).exists() and same_file(source, target):
        fail_code("error.cli.overwrite_input", file=target)
    check_output(target, force)
    try:
        src = read_document(source)
    except ScenarioError as exc:
        fail_error(exc, lang)
    language = lang or src.doc.get("scenario", {}).get("language", "sv")
    write_all([(target, lambda: write_document(src.doc, target, lang=lang))])
    for key, params in src.notes:
        click.echo(f"{source}: " + t(key, language, **params), err=True)
    for key, params in losses(src, target_fmt):
        click.echo(f"{source}: " + t(key, language, **params), err=True)
        if key == "convert.comments":
            for line, text in src.comments:
                click.echo(t("convert.comment_line", language, line=line, text=text), err=True)
    click.echo(t("convert.written", language, file=target))


@click.command()
@click.option("-o", "--output", metavar="PATH", help="Write the schema to PATH (default: stdout).")
@lang_option
@force_option
def schema(output, lang, force) -> None:
    """Print the JSON Schema (draft 2020-12) of the scenario format, for editors.

    VS Code with "Even Better TOML": put `#:schema ./scenario.schema.json` on the first line
    of a scenario file. JSON scenario files: "$schema": "./scenario.schema.json".
    """
    check_output(output, force)
    import json

    from sekalk.scenario.json_schema import scenario_schema

    text = json.dumps(scenario_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from sekalk.outputs import write_text_atomic
    from sekalk.report.i18n import t

    write_all([(output, lambda: write_text_atomic(output, text))])
    click.echo(t("schema.written", lang or "sv", file=output), err=True)
