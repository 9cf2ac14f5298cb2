"""``sekalk update``: learn from follow-up counts and write the updated scenario."""

from __future__ import annotations

import click

from sekalk.cli.common import (
    check_output,
    draws_option,
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
    import json

    from sekalk.errors import ScenarioError
    from sekalk.outputs import write_text_atomic
    from sekalk.update import check_update_paths

    try:
        check_update_paths(scenario, output)
    except ScenarioError as exc:
        fail_error(exc, lang)
    check_output(output, force)
    check_output(json_out, force)
    load_scenario(scenario)  # the scenario's own problems and warnings, as every command shows them

    from sekalk.report.text import render_update
    from sekalk.update import update_file

    try:
        done = update_file(scenario, observed, output, draws=draws, seed=seed)
    except ScenarioError as exc:
        fail_error(exc, lang)
    outputs = [(output, lambda: write_text_atomic(output, done.text))]
    body = None
    if json_out is not None:
        body = json.dumps(done.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
        if json_out != "-":
            outputs.append((json_out, lambda: write_text_atomic(json_out, body + "\n")))
    write_all(outputs)  # all files or none
    if json_out == "-":
        click.echo(body)
        return
    language = lang or done.scenario.settings.language
    click.echo(render_update(done.learned, done.before, done.after, output, language))
