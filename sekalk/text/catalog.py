"""Message catalogues: one gettext catalogue per language, looked up by message id.

The catalogues are ``sekalk/text/locale/<lang>/LC_MESSAGES/sekalk.po`` (the format translators
use); beside each is its compiled ``sekalk.mo``, which is what is read at run time (with the
standard library's :mod:`gettext`, so reading a catalogue costs well under a millisecond and
needs no third-party package). ``python -m sekalk.text.compile`` rebuilds the ``.mo`` files
with Babel; a test checks that they are up to date.

Message ids are codes (``error.value.percent``, ``report.doc_title``), not English sentences,
so that a message can be reworded in every language without touching the code. Messages are
``str.format`` templates with named fields (``{found}``); :meth:`Catalog.gettext` fills them,
formatting floats with :func:`sekalk.text.numbers.fmt_decimal` in the catalogue's language
(for error messages). The faces' text (entries marked ``#. report``) is filled by
:func:`sekalk.report.i18n.t` from :meth:`Catalog.template` with ``str.format`` as it stands, so
callers pass numbers already formatted by :mod:`sekalk.text.numbers`.

Adding a language is adding a catalogue: copy ``en/LC_MESSAGES/sekalk.po`` to
``<lang>/LC_MESSAGES/sekalk.po``, translate it and compile.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "sekalk"
#: The language used for ``str(error)`` and wherever no language is known.
FALLBACK_LANGUAGE = "en"


def languages() -> tuple[str, ...]:
    """The languages that have a compiled catalogue, sorted."""
    return tuple(
        sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    )


class _Params(dict):
    """Template fields; a field the caller did not give is shown as ``{name}``, not an error."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Catalog:
    """The messages of one language.

    Parameters
    ----------
    lang
        The language code (``"sv"``, ``"en"``).
    translations
        The compiled catalogue.
    """

    def __init__(self, lang: str, translations: gettext.GNUTranslations) -> None:
        self.lang = lang
        self._t = translations

    def has(self, msgid: str) -> bool:
        """True if the catalogue holds ``msgid`` (singular or plural)."""
        cat = self._t._catalog  # type: ignore[attr-defined]
        return msgid in cat or (msgid, 0) in cat

    def ids(self) -> list[str]:
        """Every message id of the catalogue (singular and plural), sorted."""
        cat = self._t._catalog  # type: ignore[attr-defined]
        return sorted({k if isinstance(k, str) else k[0] for k in cat} - {""})

    def texts(self, msgid: str) -> tuple[str, ...]:
        """The unfilled forms of ``msgid``: one for a singular entry, every plural form of a
        plural entry (in the catalogue's order). Raises ``KeyError`` for an unknown id."""
        cat = self._t._catalog  # type: ignore[attr-defined]
        if msgid in cat:
            return (cat[msgid],)
        forms = []
        while (msgid, len(forms)) in cat:
            forms.append(cat[(msgid, len(forms))])
        if not forms:
            raise KeyError(msgid)
        return tuple(forms)

    def is_plural(self, msgid: str) -> bool:
        """True if ``msgid`` is a plural entry (``msgid_plural``)."""
        return (msgid, 0) in self._t._catalog  # type: ignore[attr-defined]

    def template(self, msgid: str) -> str:
        """The unfilled text of ``msgid`` (``str.format`` fields and all).

        Raises ``KeyError`` if the catalogue does not hold ``msgid`` as a singular entry.
        """
        cat = self._t._catalog  # type: ignore[attr-defined]
        if msgid not in cat:
            raise KeyError(msgid)
        return cat[msgid]

    def plural_template(self, msgid: str, n: int) -> str:
        """The unfilled plural form of ``msgid`` for count ``n`` (the language's plural rule).

        Raises ``KeyError`` if the catalogue does not hold ``msgid`` as a plural entry.
        """
        if not self.is_plural(msgid):
            raise KeyError(msgid)
        return self._t.ngettext(msgid, msgid, n)

    def format_params(self, params: Mapping[str, Any]) -> dict[str, str]:
        """Template fields as text: floats in the language's style, lists joined by commas.

        Integers keep their digits as written (years and line numbers are not grouped); a
        negative one gets the typographic minus (U+2212), as floats do.
        """
        from sekalk.text.numbers import MINUS, fmt_decimal

        out = _Params()
        for key, value in params.items():
            if isinstance(value, bool):
                out[key] = str(value).lower()
            elif isinstance(value, int) and value < 0:
                out[key] = MINUS + str(-value)
            elif isinstance(value, float):
                out[key] = fmt_decimal(value, self.lang, significant=10)
            elif isinstance(value, list | tuple):
                out[key] = ", ".join(str(v) for v in value)
            else:
                out[key] = str(value)
        return out

    def gettext(self, msgid: str, **params: Any) -> str:
        """The message ``msgid`` with its fields filled from ``params``.

        A message missing from the catalogue gives the id itself (a test makes sure none is).
        Literal braces in a message are written ``{{`` and ``}}``.
        """
        return _fill(self._t.gettext(msgid), self.format_params(params))

    def ngettext(self, msgid: str, n: int, **params: Any) -> str:
        """The plural form of ``msgid`` for count ``n`` (the field ``{n}`` is ``n``)."""
        text = self._t.ngettext(msgid, msgid, n)
        return _fill(text, self.format_params({"n": n, **params}))


def _fill(template: str, params: Mapping[str, str]) -> str:
    """``template`` with its fields filled; a malformed template is shown as it is (a test
    checks that none is), so that a message can never break the report of an error."""
    try:
        return template.format_map(params)
    except (ValueError, IndexError, KeyError):
        return template


@functools.cache
def catalog(lang: str | None) -> Catalog:
    """The catalogue of ``lang`` (the fallback language if there is none for ``lang``)."""
    lang = lang or FALLBACK_LANGUAGE
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.is_file():
        lang = FALLBACK_LANGUAGE
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as fh:
        return Catalog(lang, gettext.GNUTranslations(fh))
