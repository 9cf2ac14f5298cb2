"""``python -m sekalk.cli``: the ``sekalk`` command."""

from sekalk.cli import main

if __name__ == "__main__":  # importing this module (pkgutil.walk_packages) runs nothing
    main()
