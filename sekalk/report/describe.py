"""Distributions and numbers described for a reader, in Swedish or English.

:meth:`sekalk.distributions.Distribution.describe` is the language-neutral label used in JSON
(``pert(1400000, 1600000, 2000000)``). The functions here render the same parameterisation
for people: numbers with the language's decimal mark and thousands separator, parameters
separated by ``"; "`` in both languages (a decimal comma in Swedish and a thousands comma in
English would make ``", "`` ambiguous), key names as in the scenario file so that a reader
can find them there::

    sv  pert(1 400 000; 1 600 000; 2 000 000)    beta(mean=0,65; sd=0,1)    0,035
    en  pert(1,400,000; 1,600,000; 2,000,000)    beta(mean=0.65; sd=0.1)    0.035
"""

from __future__ import annotations

import math

from sekalk.distributions import Distribution
from sekalk.text.numbers import fmt_percent
from sekalk.text.numbers import fmt_significant as fmt_sig

SEP = "; "


def _pct(p: float, lang: str) -> str:
    return fmt_percent(p, lang, significant=3)


def describe_distribution(dist: Distribution, lang: str, *, digits: int = 4) -> str:
    """The parameterisation of ``dist`` (as in :meth:`Distribution.describe`) for a reader.

    Parameters
    ----------
    dist
        Any distribution.
    lang
        ``"sv"`` or ``"en"``.
    digits
        Significant digits of fractional numbers (see :func:`fmt_sig`).

    Returns
    -------
    str
        ``0,035`` for a fixed number; ``pert(1 400 000; 1 600 000; 2 000 000)`` (positional
        for uniform, log-uniform, triangular and PERT, ``lambda=`` appended when it is not 4);
        ``beta(mean=0,65; sd=0,1)`` with the keys as written in the file for the others;
        ``discrete(0: 30 %; 1: 70 %)`` with the probabilities of the values.
    """

    def num(x: float) -> str:
        return fmt_sig(x, lang, digits)

    # the kind says which numbers to show and how (Distribution.description); this renders it
    d = dist.description()
    if d.kind == "fixed":
        return num(d.args[0][1])
    if d.items is not None:
        total = math.fsum(w for _, w in d.items)
        items = SEP.join(f"{num(v)}: {_pct(w / total, lang)}" for v, w in d.items)
        return f"{d.kind}({items})"
    args = SEP.join(num(v) if k is None else f"{k}={num(v)}" for k, v in d.args)
    return f"{d.kind}({args})"


def describe_interval(dist: Distribution, lang: str, *, digits: int = 4) -> str:
    """The 90 % interval ``P5 – P95`` of ``dist`` for a reader; a dash for a fixed number."""
    if dist.is_fixed:
        return "–"
    lo, hi = dist.quantile(0.05), dist.quantile(0.95)
    return f"{fmt_sig(lo, lang, digits)} – {fmt_sig(hi, lang, digits)}"
