"""A disk cache of the report's compiled Jinja2 templates.

Compiling the report's templates from their source costs every ``sekalk report`` about
0.1 s; Jinja2 keeps the compiled code in a bytecode cache, here the ``templates/`` folder of
sekalk's cache directory (:func:`sekalk.tablecache.cache_dir`: ``$SEKALK_CACHE_DIR``, else the
user's cache folder; ``SEKALK_NO_CACHE=1`` switches it off). An entry is keyed by the template
and checked against a checksum of its source and the Python version, so a changed template
or interpreter is compiled afresh. Jinja2 writes each entry to a temporary file and renames it
(a reader sees a whole file or none); an entry that cannot be read, and any error of the file
system, only means compiling again. The output does not depend on the cache.
"""

from __future__ import annotations

import jinja2

from sekalk.tablecache import cache_dir

__all__ = ["TemplateCache", "template_cache", "template_cache_folder"]


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's file-system bytecode cache that never fails a render."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged entry: compile from the source
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def template_cache_folder() -> str | None:
    """The ``templates/`` folder of sekalk's cache directory (made if missing), or None when
    caching is off or impossible."""
    tables = cache_dir()
    if tables is None:
        return None
    folder = tables.parent / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(folder)


def template_cache(folder: str | None = None) -> TemplateCache | None:
    """The cache in ``folder`` (default: :func:`template_cache_folder`), or None when caching
    is off or impossible."""
    folder = folder or template_cache_folder()
    return TemplateCache(folder) if folder is not None else None
