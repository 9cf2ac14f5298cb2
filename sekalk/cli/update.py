"""``sekalk update``: learn from follow-up counts and write the updated scenario."""

from __future__ import annotations

from pathlib import Path

import click

from sekalk.cli.common import (
    check_output,
    draws_option,
    fail,
    fail_error,
    force_option,
    lang_option,
    load_scenario,
    seed_option,
    write_all,
)


@click.command()
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
    check_output(output, force)
    check_output(json_out, force)
    sc = load_scenario(scenario)
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
    write_all([(output, lambda: write_text_atomic(output, text))])
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
        write_all([(json_out, lambda: write_text_atomic(json_out, body + "\n"))])
    click.echo(render_update(learned, before, after, output, lang or sc.settings.language))
