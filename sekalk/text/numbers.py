"""The one formatter of numbers for readers: money, percentages, counts, decimals and ranges.

Every face (terminal, HTML, plots, error messages) formats numbers through this module, so a
value reads the same everywhere. Conventions per language:

========  ==============================  ==============================
          ``sv``                          ``en``
========  ==============================  ==============================
grouping  no-break thin space (U+202F)    comma
decimal   comma                           point
minus     U+2212                          U+2212
money     ``1,2 mnkr``, ``850 tkr``       ``SEK 1.2m``, ``SEK 850k``
percent   ``71 %`` (no-break space)       ``71%``
missing   ``–`` (en dash)                 ``–``
========  ==============================  ==============================

Money is shown in the largest unit in which it is at least one after rounding:
kr and tkr with no decimals, mnkr and mdkr with one decimal (``kr``/``tkr``/``mnkr``/``mdkr``,
en ``SEK 999``, ``SEK 999k``, ``SEK 1.0m``, ``SEK 1.0bn``). The unit is chosen *after*
rounding, so a value never shows as 1000 of a unit: 999 999 kr is ``1,0 mnkr`` (not
``1 000 tkr``), 999.6 kr is ``1 tkr`` and 999 999 999 kr is ``1,0 mdkr``. Above that, mdkr
grows (``1 200,0 mdkr``). A value that rounds to zero has no minus sign.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable

#: Thousands separator, decimal mark and the space before a unit, per language.
GROUP = {"sv": "\u202f", "en": ","}
DECIMAL = {"sv": ",", "en": "."}
UNIT_SPACE = "\u00a0"
MINUS = "\u2212"
MISSING = "–"

#: (scale, decimals, Swedish SEK unit, Swedish unit prefix for other currencies, English suffix)
MONEY_UNITS: tuple[tuple[float, int, str, str, str], ...] = (
    (1.0, 0, "kr", "", ""),
    (1e3, 0, "tkr", "t", "k"),
    (1e6, 1, "mnkr", "mn", "m"),
    (1e9, 1, "mdkr", "md", "bn"),
)


def _lang(lang: str) -> str:
    return lang if lang in GROUP else "en"


def _finite(x: float | None) -> bool:
    """True for a finite real number (numpy scalars included)."""
    return isinstance(x, numbers.Real) and math.isfinite(x)


def _digits(a: float, decimals: int, lang: str) -> str:
    """``a >= 0`` with ``decimals`` decimals, grouped, with the language's decimal mark."""
    body = f"{a:.{decimals}f}"
    head, _, tail = body.partition(".")
    groups = []
    while len(head) > 3:
        groups.insert(0, head[-3:])
        head = head[:-3]
    groups.insert(0, head)
    grouped = GROUP[lang].join(groups)
    return f"{grouped}{DECIMAL[lang]}{tail}" if tail else grouped


def _signed(x: float, decimals: int, lang: str) -> tuple[str, str]:
    """(sign, digits) of ``x``; no sign when ``x`` rounds to zero."""
    a = abs(x)
    digits = _digits(a, decimals, lang)
    sign = MINUS if x < 0 and round(a, decimals) != 0 else ""
    return sign, digits


def fmt_number(x: float | None, lang: str, decimals: int = 0) -> str:
    """A number with ``decimals`` decimals: sv ``−1 234,5``, en ``−1,234.5``.

    ``None``, NaN and infinities give ``–``.
    """
    if not _finite(x):
        return MISSING
    lang = _lang(lang)
    sign, digits = _signed(float(x), decimals, lang)
    return sign + digits


def fmt_count(n: float | None, lang: str) -> str:
    """A whole count: sv ``100 000``, en ``100,000`` (rounded to the nearest whole number)."""
    return fmt_number(n, lang, 0)


def fmt_decimal(x: float | None, lang: str, significant: int = 6) -> str:
    """A value as the reader would write it, without trailing zeros: sv ``0,035``, en ``0.035``.

    Used for values quoted back to a reader (found 3.5 / hittade 3,5); at most ``significant``
    significant digits; no grouping of the integer part (years stay ``2024``).
    """
    if not _finite(x):
        return MISSING
    lang = _lang(lang)
    from decimal import Decimal

    text = format(Decimal(f"{abs(float(x)):.{significant}g}"), "f")
    sign = MINUS if x < 0 and float(text) != 0 else ""
    return sign + text.replace(".", DECIMAL[lang])


def fmt_significant(x: float | None, lang: str, digits: int = 4) -> str:
    """``x`` with at least ``digits`` significant digits, grouped: sv ``0,1438``,
    ``1 612 345`` (U+202F), en ``0.1438``, ``1,612,345``.

    The fractional part is rounded to ``digits`` significant digits and trailing zeros are
    dropped; the integer part is never rounded (``1 612 345``, not ``1 612 000``).
    ``None``, NaN and infinities give ``–``.
    """
    if not _finite(x):
        return MISSING
    if x == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(float(x)))))
    text = fmt_number(x, lang, decimals)
    if decimals:
        text = text.rstrip("0").rstrip(DECIMAL[_lang(lang)])
    return "0" if text == MINUS + "0" else text


def money_unit(x: float) -> tuple[float, int, str, str, str]:
    """The row of :data:`MONEY_UNITS` that ``x`` [currency] is shown in (chosen after rounding)."""
    a = abs(x)
    for row in MONEY_UNITS:
        scale, decimals = row[0], row[1]
        if round(a / scale, decimals) < 1000:
            return row
    return MONEY_UNITS[-1]


def fmt_money(x: float | None, lang: str, currency: str = "SEK") -> str:
    """An amount in a readable unit: sv ``1,2 mnkr``, ``850 tkr``; en ``SEK 1.2m``, ``SEK 850k``.

    Parameters
    ----------
    x
        The amount [currency]; ``None``/NaN/inf give ``–``.
    lang
        ``"sv"`` or ``"en"``.
    currency
        ISO code; SEK is written kr/tkr/mnkr/mdkr in Swedish, other currencies as
        ``1,5 mn EUR`` (sv) and ``EUR 1.5m`` (en).
    """
    if not _finite(x):
        return MISSING
    lang = _lang(lang)
    x = float(x)
    scale, decimals, sek_unit, prefix, suffix = money_unit(x)
    sign, digits = _signed(x / scale, decimals, lang)
    if lang == "sv":
        unit = sek_unit if currency == "SEK" else f"{prefix} {currency}".strip()
        return f"{sign}{digits}{UNIT_SPACE}{unit}"
    return f"{sign}{currency}{UNIT_SPACE}{digits}{suffix}"


def fmt_percent(
    p: float | None, lang: str, decimals: int = 0, *, significant: int | None = None
) -> str:
    """A fraction as a percentage: sv ``71 %`` (no-break space), en ``71%``.

    ``decimals`` decimals, or with ``significant`` given, that many significant digits without
    trailing zeros (:func:`fmt_significant`: 0.1234 with 3 gives ``12,3 %``).
    """
    if not _finite(p):
        return MISSING
    if significant is None:
        num = fmt_number(100.0 * float(p), lang, decimals)
    else:
        num = fmt_significant(100.0 * float(p), lang, significant)
    return f"{num}{UNIT_SPACE}%" if _lang(lang) == "sv" else f"{num}%"


def plain_spaces(text: str | None) -> str | None:
    """``text`` with the no-break spaces of the formatters (U+00A0, U+202F) as plain spaces:
    the form of sentences kept in machine-readable documents (the JSON outputs), so that a
    typographic change in the faces does not change those documents' bytes."""
    if text is None:
        return None
    return text.replace(UNIT_SPACE, " ").replace("\u202f", " ")


def with_plus(text: str, x: float | None) -> str:
    """A formatted change ``text`` of ``x`` with a plus sign when ``x`` is positive (``+1,2 mnkr``,
    ``+3,1``); a negative change has its minus already, zero and ``–`` stay as they are."""
    if _finite(x) and x > 0 and not text.startswith((MINUS, "-", "+")) and text != MISSING:
        return "+" + text
    return text


def fmt_range(
    lo: float | None,
    hi: float | None,
    lang: str,
    fmt: Callable[[float | None, str], str] = fmt_money,
) -> str:
    """A range ``lo`` to ``hi`` in words of the catalogue: sv ``−5,5 mnkr till 1,1 mnkr``.

    ``fmt`` formats each end (default :func:`fmt_money`).
    """
    from sekalk.text.catalog import catalog

    return catalog(lang).gettext("format.range", lo=fmt(lo, lang), hi=fmt(hi, lang))


# --- reading numbers as people type them ---------------------------------------------------------
_GROUP_SEPARATOR = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009'](?=\d{3}(?!\d))")
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def read_number(text: str) -> int | float:
    """A number as people write it in Swedish or English: ``0,7``, ``150 000``, ``−5``,
    ``3,5 %`` (a fraction, 0.035), ``25%``, ``1.5e6``; a whole number stays an ``int``.

    Spaces (and no-break or thin spaces, or an apostrophe) are read only as thousands
    separators between groups of three digits; a single comma without a point is a decimal
    comma; ``1,500,000`` is refused as ambiguous. Raises ``ValueError`` for anything else,
    including a value that is not finite. Nothing is evaluated.
    """
    s = str(text).strip().replace("\u2212", "-")
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip()
    s = _GROUP_SEPARATOR.sub("", s)
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    if not _NUMBER.fullmatch(s):
        raise ValueError(text)
    if percent:
        value: int | float = float(s) / 100
    elif re.fullmatch(r"[-+]?\d+", s):
        value = int(s)
    else:
        value = float(s)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(text)
    return value
