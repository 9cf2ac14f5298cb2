"""``sekalk app``: the local web workbench."""

from __future__ import annotations

from pathlib import Path

import click

from sekalk.cli.common import LANGUAGES, fail_code


@click.command()
@click.argument("folder", type=click.Path(file_okay=False), default=".")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port on 127.0.0.1; 0 picks a free port.",
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="sv",
    show_default=True,
    help="Language of the pages.",
)
def app(folder: str, port: int, no_browser: bool, lang: str) -> None:
    """Start the local web workbench on the scenario files in FOLDER (default: here).

    It listens on 127.0.0.1 only, reads and writes files inside FOLDER only, and stops with
    Ctrl-C.
    """

    from sekalk.app import serve

    if not Path(folder).is_dir():
        fail_code("error.cli.not_a_folder", file=folder)
    try:
        serve(folder, port=port, lang=lang, open_browser=not no_browser, announce=click.echo)
    except OSError as exc:
        fail_code("error.cli.port", address=f"127.0.0.1:{port}", reason=exc.strerror or exc)
