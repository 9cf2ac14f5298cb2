"""Writing output files safely: atomically (temporary file + rename), never half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from sekalk.errors import ScenarioError


class OutputError(ScenarioError):
    """An output file that cannot be written (exit code 2 in the CLI)."""


def check_writable(path: str | os.PathLike, *, force: bool = False) -> Path:
    """Check before any work is done that ``path`` can be written.

    Raises
    ------
    OutputError
        If the directory does not exist or is not writable, ``path`` is a directory, or the
        file exists and ``force`` is false.
    """
    p = Path(path)
    if p.is_dir():
        raise OutputError(code="error.output.is_directory", file=str(p))
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(
            code="error.output.no_folder", params={"folder": str(parent)}, file=str(p)
        )
    if not os.access(parent, os.W_OK):
        raise OutputError(
            code="error.output.not_writable", params={"folder": str(parent)}, file=str(p)
        )
    if p.exists() and not force:
        raise OutputError(code="error.output.exists", file=str(p))
    return p


def write_atomic(path: str | os.PathLike, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp_path)`` on a temporary file beside ``path``, then rename it into place.

    If ``write`` raises, the temporary file is removed and ``path`` is left untouched; an
    :class:`OSError` (disk full, permission denied, ...) becomes an :class:`OutputError`.
    """
    p = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent or ".")
    except OSError as exc:
        raise OutputError(
            code="error.output.cannot_write", params={"reason": exc.strerror}, file=str(p)
        ) from None
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, _file_mode(p))
        os.replace(tmp, p)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        raise OutputError(
            code="error.output.cannot_write", params={"reason": reason}, file=str(p)
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode(p: Path) -> int:
    """The mode the file would have if opened normally: the old file's, else 0o666 & ~umask
    (``mkstemp`` creates its file private, 0o600)."""
    try:
        return p.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
