"""The ``sekalk`` command line: parses arguments and calls the public API; no model logic here.

One module per command family; each defines its commands with click and imports what it
computes with inside the command, so that ``sekalk --help`` imports click and these modules
only:

=============  ==========================================================
``common``     options, loading with every problem reported, output checks
``run``        ``run``, ``report``, ``plot``
``validate``   ``validate``, ``params``
``analysis``   ``sensitivity``, ``credibility``
``compare``    ``compare``, ``portfolio``
``update``     ``update``
``files``      ``new``, ``convert``, ``schema``, ``units``
``app``        ``app`` (the local web workbench)
=============  ==========================================================

Input problems are printed on stderr, every problem of every file at once, one line each, in
the user's language (``--lang`` or the scenario's), then exit code 2; never a traceback.
"""

from __future__ import annotations

import click

from sekalk import __version__
from sekalk.cli import analysis, app, compare, files, run, update, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sekalk")
def main() -> None:
    """sekalk: socio-economic calculations of early social interventions, as distributions.

    A calculation is an assumption, not proof: sekalk shows how wide the uncertainty is, who
    pays and who gains, and which assumptions carry the result.
    """


for _command in (
    app.app,
    run.run,
    run.report,
    run.plot,
    validate.validate,
    validate.params,
    analysis.sensitivity,
    analysis.credibility,
    compare.compare,
    compare.portfolio,
    update.update,
    files.new,
    files.convert,
    files.schema,
    files.units,
):
    main.add_command(_command)

__all__ = ["main"]
