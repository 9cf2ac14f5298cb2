"""``python -m sekalk.cli``: the ``sekalk`` command."""

from sekalk.cli import main

main()
