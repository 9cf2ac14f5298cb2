"""The language foundation: message catalogues and the one number formatter.

Nothing here computes; everything that computes returns codes, numbers and ids, and the faces
(CLI, reports, the web workbench) turn them into words with :func:`catalog` and
:mod:`sekalk.text.numbers`.
"""

from sekalk.text.catalog import Catalog, catalog, languages

__all__ = ["Catalog", "catalog", "languages"]
