"""Compile the ``.po`` catalogues to ``.mo`` with Babel: ``python -m sekalk.text.compile``.

Babel is a development dependency (``pip install -e '.[test]'``); the package reads the
compiled ``.mo`` files with the standard library.
"""

from __future__ import annotations

import io
from pathlib import Path

from sekalk.text.catalog import DOMAIN, LOCALE_DIR


def po_files() -> list[Path]:
    """Every catalogue source, sorted by language."""
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalog(po: Path):
    """The Babel catalogue of a ``.po`` file."""
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        return read_po(fh, locale=po.parent.parent.name, domain=DOMAIN)


def compiled(po: Path) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file."""
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, read_catalog(po), use_fuzzy=False)
    return buf.getvalue()


def main() -> None:
    """Write ``sekalk.mo`` beside every ``sekalk.po``."""
    for po in po_files():
        po.with_suffix(".mo").write_bytes(compiled(po))
        print(f"compiled {po.with_suffix('.mo')}")


if __name__ == "__main__":
    main()
