"""A disk cache for the tabulated inverse CDFs of :mod:`sekalk.distributions`.

Building the table of one beta, PERT or gamma input costs about 8,000 evaluations of
``scipy.special.betaincinv`` (about 40 ms); a scenario with 18 such inputs spends most of a
short run on them. The nodes of a table depend only on the distribution's parameters, the
table settings and the scipy version, so they are kept between runs in the user's cache
directory, one file per table, and read back bit for bit.

* Where: ``$SEKALK_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/sekalk`` (``~/.cache/sekalk``)
  on Linux, ``~/Library/Caches/sekalk`` on macOS and ``%LOCALAPPDATA%\\sekalk`` on Windows;
  tables live in its ``tables/`` folder.
* Off: ``SEKALK_NO_CACHE=1`` (any value other than empty or ``0``) reads and writes nothing.
* Safe: a file holds a SHA-256 digest of its key and its nodes; a file whose digest, length,
  finiteness or order does not check out is ignored (and replaced by the rebuilt table).
  Files are written to a temporary file in the same folder and renamed over the target
  (``os.replace``), so a reader sees either no file or a whole one, whatever other
  processes write at the same time. Any error of the file system only means a rebuild.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = ["cache_dir", "load", "store"]

_MAGIC = b"SEKALK-TABLE-1\n"
_DIGEST = hashlib.sha256().digest_size


def cache_dir() -> Path | None:
    """The folder for cached tables, or None when caching is switched off."""
    if os.environ.get("SEKALK_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("SEKALK_CACHE_DIR")
    if explicit:
        return Path(explicit) / "tables"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sekalk" / "tables"


def _path(folder: Path, key: str) -> Path:
    return folder / (hashlib.sha256(key.encode()).hexdigest()[:40] + ".bin")


def _digest(key: str, payload: bytes) -> bytes:
    return hashlib.sha256(key.encode() + b"\0" + payload).digest()


def load(key: str, valid_sizes: tuple[int, ...]) -> NDArray[np.float64] | None:
    """The nodes stored under ``key``, or None if absent, unreadable or not valid.

    Parameters
    ----------
    key
        Everything the nodes depend on, as text.
    valid_sizes
        The numbers of nodes a table can have.

    Returns
    -------
    ndarray of float64 or None
        Read-only, finite and non-decreasing nodes.
    """
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = _path(folder, key).read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST
    payload = data[head:]
    if (
        not data.startswith(_MAGIC)
        or len(payload) % 8
        or len(payload) // 8 not in valid_sizes
        or data[len(_MAGIC) : head] != _digest(key, payload)
    ):
        return None
    x = np.frombuffer(payload, dtype="<f8").astype(np.float64)
    if not np.all(np.isfinite(x)) or np.any(x[1:] < x[:-1]):
        return None
    x.setflags(write=False)
    return x


def store(key: str, x: NDArray[np.float64]) -> None:
    """Write the nodes ``x`` under ``key`` atomically; errors of the file system are ignored."""
    folder = cache_dir()
    if folder is None:
        return
    payload = np.ascontiguousarray(x, dtype="<f8").tobytes()
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".bin")
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + _digest(key, payload) + payload)
        os.replace(tmp, _path(folder, key))
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
