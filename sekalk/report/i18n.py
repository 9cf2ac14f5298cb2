"""The faces' words: catalogue lookups for report, terminal and workbench text.

All text lives in the gettext catalogues ``sekalk/text/locale/<lang>/LC_MESSAGES/sekalk.po``
(message id = the key, e.g. ``report.title``); this module only looks it up. Report entries are
``str.format`` templates: callers pass the fields already formatted (numbers through
:mod:`sekalk.text.numbers`, re-exported here) or as plain values, and :func:`t` formats the
template with them exactly as ``str.format`` does. Counts that choose a word form go through
:func:`tn` (``ngettext``: "1 projekt" / "1 project", "3 projekt" / "3 projects").

The languages are the catalogues (:func:`sekalk.text.catalog.languages`); adding a language is
adding a catalogue. ``tools/i18n_to_po.py`` moves a ``CATALOGUE`` dict (report text as written
before the catalogues held it) into the catalogues.
"""

from __future__ import annotations

from sekalk.text.catalog import catalog, languages
from sekalk.text.numbers import fmt_count, fmt_money, fmt_number
from sekalk.text.numbers import fmt_percent as fmt_pct

__all__ = [
    "fmt_count",
    "fmt_money",
    "fmt_number",
    "fmt_pct",
    "has",
    "message_ids",
    "perspective_name",
    "sampler_name",
    "t",
    "template",
    "tn",
]


def _checked(lang: str) -> str:
    # catalog() is cached and gives the fallback language's catalogue for a language without one
    if catalog(lang).lang != lang:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(languages())}")
    return lang


def template(key: str, lang: str) -> str:
    """The unfilled text of ``key`` in ``lang`` (for a template filled in later).

    Raises ``ValueError`` for a language without a catalogue and ``KeyError`` for an unknown
    key.
    """
    return catalog(_checked(lang)).template(key)


def t(key: str, lang: str, /, **kwargs: object) -> str:
    """The text of ``key`` in ``lang``, formatted with ``kwargs`` (``str.format``).

    A plural entry takes its form from the count ``n`` in ``kwargs`` (as :func:`tn`), so that
    messages kept as ``(key, params)`` render alike. Raises ``ValueError`` for a language
    without a catalogue and ``KeyError`` for an unknown key (or a plural entry without ``n``).
    """
    cat = catalog(_checked(lang))
    if cat.is_plural(key):
        if "n" not in kwargs:
            raise KeyError(f"{key} is a plural entry: give its count n (or use tn)")
        n = kwargs.pop("n")
        return tn(key, lang, n, **kwargs)  # type: ignore[arg-type]
    # Always format, so that literal braces are written {{ }} in every entry alike.
    return cat.template(key).format(**kwargs)


def tn(key: str, lang: str, n: int, /, **kwargs: object) -> str:
    """The plural entry ``key`` in ``lang`` in the form for count ``n``, formatted with
    ``kwargs`` and ``n`` (the field ``{n}``)."""
    return catalog(_checked(lang)).plural_template(key, int(n)).format(n=n, **kwargs)


def has(key: str) -> bool:
    """True if the catalogues hold ``key`` (a test checks that every catalogue holds the same
    messages, so the reference catalogue answers for all)."""
    return catalog("en").has(key)


def message_ids(prefix: str = "") -> list[str]:
    """The message ids that start with ``prefix``, sorted."""
    return [k for k in catalog("en").ids() if k.startswith(prefix)]


def perspective_name(name: str, lang: str) -> str:
    """A perspective's name in ``lang`` (actor names not in the catalogue are shown as given)."""
    key = f"persp.{name}"
    return t(key, lang) if has(key) else name


def sampler_name(sampler: str, lang: str) -> str:
    """How a sampler (``random``, ``lhs``, ``sobol``) is named in running text in ``lang``."""
    key = f"sampler.{sampler}"
    return t(key, lang) if has(key) else sampler
