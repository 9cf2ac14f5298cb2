"""Evidence-based widening (opt-in): weakly grounded assumptions get wider distributions.

An applicant's numbers are shown as given by default. With ``--widen`` an evaluator asks "what
if the weakly grounded assumptions are as uncertain as their evidence suggests?". The rule
gives each evidence grade a relative width ``w`` [fraction] (defaults: research 0,
experience 0.10, assumption 0.25, not stated 0; ``scenario.discount_rate`` is a convention
and is never widened):

* a fixed value ``v`` becomes ``triangular(v - w|v|, v, v + w|v|)`` (a value of 0 has no
  relative width and stays as it is);
* a distribution is widened about its centre by the factor ``1 + w``: every quantile of a
  uniform, triangular, PERT, normal or discrete distribution moves away from the median by
  that factor (``x -> m + (1 + w)(x - m)``); a lognormal's log-scale ``sigma`` and a gamma's
  or beta's standard deviation (mean kept) are multiplied by ``1 + w``;
* the result is clipped to the parameter's domain (shares and risks to [0, 1], costs to
  >= 0, ...); a beta's variance is capped at ``mean (1 - mean) / 3`` so that it stays
  unimodal or flat;
* in :func:`widen`, the numbers are then rounded to 4 significant digits (``WIDEN_DIGITS``)
  and clipped to the domain again, so that a report shows ``pert(588700, 698700, 918700)``
  rather than 16 digits of arithmetic noise (a beta's mean or a gamma's moments move by at
  most about 1e-3 relative). Numbers the widening leaves as the applicant wrote them (a
  beta's ``min``/``max``, a fixed value that becomes a triangular's mode) are kept exactly.
  If the rounded distribution would be invalid (e.g. two bounds rounded onto each other),
  the unrounded one is used.

Every widened parameter is recorded as an override with origin ``"widen"``. Parameters an
evaluator has already overridden are left as the evaluator set them.

The rule is configurable with a TOML file::

    research = 0.0
    experience = 0.1
    assumption = 0.25
    none = 0.1                                    # grade not stated
    exclude = ["scenario.discount_rate"]

The note of each widened parameter ("widened by ±25 % (evidence: assumption)") is written in
the scenario's language, the evidence grade too.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path

from sekalk.distributions import (
    Beta,
    Discrete,
    Distribution,
    Fixed,
    Gamma,
    Lognormal,
    Normal,
    Pert,
    Triangular,
    Uniform,
    round_sig,
)
from sekalk.errors import ScenarioError, unknown_key_error
from sekalk.scenario.loader import PARAMETER_BOUNDS, Bounds, bounds_kind, parse_document
from sekalk.scenario.overrides import apply_override
from sekalk.scenario.schema import Scenario

GRADES = ("research", "experience", "assumption", "none")
#: Significant digits of the numbers a widening changes [digits].
WIDEN_DIGITS = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class WidenRule:
    """Relative widths [fraction] per evidence grade (``none``: grade not stated)."""

    research: float = 0.0
    experience: float = 0.10
    assumption: float = 0.25
    none: float = 0.0
    exclude: tuple[str, ...] = ("scenario.discount_rate",)

    def width(self, evidence: str | None) -> float:
        """The relative width for an evidence grade (None: not stated)."""
        return float(getattr(self, evidence or "none"))

    @classmethod
    def from_file(cls, path: str | Path) -> WidenRule:
        """Read a rule from a TOML file (keys: the grades, ``exclude``); errors name the key."""
        file = str(path)
        if not Path(path).is_file():
            raise ScenarioError("widening rule file not found", file=file)
        doc = parse_document(Path(path).read_bytes(), file=file, fmt="toml")
        kwargs: dict = {}
        for key, value in doc.items():
            if key in GRADES:
                if (
                    isinstance(value, bool)
                    or not isinstance(value, int | float)
                    or not (0 <= value <= 10)
                ):
                    raise ScenarioError(
                        f"expected a relative width in [0, 10] (0.25 = ±25 %), found {value!r}",
                        file=file,
                        path=key,
                    )
                kwargs[key] = float(value)
            elif key == "exclude":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ScenarioError(
                        "expected a list of parameter ids", file=file, path="exclude"
                    )
                kwargs[key] = tuple(value)
            else:
                raise unknown_key_error(key, (*GRADES, "exclude")).with_context(file=file)
        return cls(**kwargs)


def _clip(x: float, b: Bounds) -> float:
    if b.lo is not None:
        lo = math.nextafter(b.lo, math.inf) if b.lo_open else b.lo
        x = max(x, lo)
    if b.hi is not None:
        x = min(x, b.hi)
    return x


def round_widened(new: Distribution, old: Distribution, bounds: Bounds) -> Distribution:
    """``new`` with its numbers rounded to ``WIDEN_DIGITS`` significant digits.

    Numbers the widening left as the applicant wrote them are kept exactly; numbers it
    changed, and unchanged ones derived from other keys (a lognormal's ``mu`` from its
    ``p05``/``p95``), are rounded.

    Numbers in the parameter's own unit (``min``, ``mode``, ``max``, discrete ``values``) are
    clipped to ``bounds`` after rounding; if the rounded distribution is invalid, ``new`` is
    returned as it is.
    """
    written = None if old.written is None else {v for _, v in old.written}
    changes: dict = {}
    for f in dataclasses.fields(new):
        if f.name in ("evidence", "source", "note", "written", "weights"):
            continue
        value = getattr(new, f.name)
        if value is None or (isinstance(old, Fixed) and value == old.value):
            continue
        if value == getattr(old, f.name, None) and (written is None or value in written):
            continue  # as the applicant wrote it (not derived from other keys): keep
        located = f.name in ("min", "mode", "max", "values")  # in the parameter's own domain

        def rnd(x: float, located: bool = located) -> float:
            r = round_sig(x, WIDEN_DIGITS)
            return _clip(r, bounds) if located else r

        changes[f.name] = tuple(map(rnd, value)) if isinstance(value, tuple) else rnd(value)
    if not changes:
        return new
    try:
        return dataclasses.replace(new, **changes)
    except (ScenarioError, ValueError):
        return new


def widen_distribution(dist: Distribution, w: float, bounds: Bounds) -> Distribution | None:
    """``dist`` widened by relative width ``w`` within ``bounds``; None if nothing changes.

    Exact arithmetic; :func:`widen` rounds the result with :func:`round_widened`.
    """
    if w <= 0:
        return None
    f = 1.0 + w
    rep = dataclasses.replace
    if isinstance(dist, Fixed):
        v = dist.value
        if v == 0:
            return None
        lo, hi = _clip(v - w * abs(v), bounds), _clip(v + w * abs(v), bounds)
        if lo >= hi:
            return None
        return Triangular(min=lo, mode=v, max=hi, evidence=dist.evidence, source=dist.source)
    m = dist.median

    def stretch(x: float) -> float:
        return _clip(m + f * (x - m), bounds)

    if isinstance(dist, Uniform):
        return rep(dist, min=stretch(dist.min), max=stretch(dist.max), written=None)
    if isinstance(dist, Triangular | Pert):
        return rep(
            dist,
            min=stretch(dist.min),
            mode=stretch(dist.mode),
            max=stretch(dist.max),
            written=None,
        )
    if isinstance(dist, Normal):
        lo, hi = dist.min, dist.max
        lo = stretch(lo) if lo is not None else bounds.lo
        hi = stretch(hi) if hi is not None else bounds.hi
        if lo is not None and bounds.lo_open and lo <= bounds.lo:
            lo = math.nextafter(bounds.lo, math.inf)
        return rep(
            dist, mu=m + f * (dist.mu - m), sigma=f * dist.sigma, min=lo, max=hi, written=None
        )
    if isinstance(dist, Discrete):
        return rep(dist, values=tuple(stretch(v) for v in dist.values))
    if isinstance(dist, Lognormal):
        return rep(dist, sigma=f * dist.sigma, written=None)
    if isinstance(dist, Gamma):
        mean, sd = dist.mean, f * dist.sd
        return rep(dist, shape=(mean / sd) ** 2, scale=sd**2 / mean, written=None)
    if isinstance(dist, Beta):
        span = dist.max - dist.min
        mean = (dist.mean - dist.min) / span  # on [0, 1]
        var = min((f * dist.sd / span) ** 2, mean * (1 - mean) / 3)
        total = mean * (1 - mean) / var - 1
        return rep(dist, alpha=mean * total, beta=(1 - mean) * total, written=None)
    raise TypeError(f"cannot widen a {dist.kind} distribution")  # pragma: no cover


def widen(
    scenario: Scenario,
    rule: WidenRule | None = None,
    *,
    note: str = "",
    lang: str | None = None,
) -> Scenario:
    """Widen every parameter by its evidence grade (see the module docstring).

    Parameters
    ----------
    scenario
        The scenario (possibly with an evaluator's overrides, which are left alone).
    rule
        The widths per grade; default :class:`WidenRule()`.
    note
        A format string for the note of each widened parameter, with ``{pct}`` (the width)
        and ``{grade}``; default the catalogue's ``ev.widen_note`` in ``lang``.
    lang
        Language of the note and the evidence grade in it; default the scenario's.

    Returns
    -------
    Scenario
        The widened scenario; each widened parameter is an override with origin ``"widen"``.
    """
    from sekalk.report.describe import fmt_sig
    from sekalk.report.i18n import CATALOGUE, t

    rule = rule or WidenRule()
    lang = lang or scenario.settings.language
    # A template filled in per parameter below, so taken unformatted from the catalogue.
    note = note or CATALOGUE["ev.widen_note"][lang]
    done = {o.id for o in scenario.overrides}
    for pid, param in scenario.parameters.items():
        if pid in done or pid in rule.exclude:
            continue
        dist = param.distribution
        w = rule.width(dist.evidence)
        bounds = PARAMETER_BOUNDS[bounds_kind(pid, param.attribute)]
        new = widen_distribution(dist, w, bounds)
        if new is None:
            continue
        new = round_widened(new, dist, bounds)
        pct = fmt_sig(100 * w, lang) + (" %" if lang == "sv" else "%")
        text = note.format(pct=pct, grade=t(f"evidence.{dist.evidence or 'none'}", lang))
        new = dataclasses.replace(new, note=text)
        scenario = apply_override(scenario, pid, new, origin="widen")
    return scenario
