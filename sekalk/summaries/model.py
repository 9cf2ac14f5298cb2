"""The view models of a result: frozen dataclasses of numbers, codes and ids, no words.

Every face (terminal, HTML report, JSON summary, workbook, the web workbench) renders these;
none of them derives the same facts again. Amounts are in the scenario's currency at its
price year [SEK], present values at the start of year 0; shares and probabilities are
fractions; counts are persons.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sekalk.metrics import STATS_KEYS

_CI_KEYS = ("p05_ci", "p50_ci", "p95_ci")


def _ci(value: Any) -> tuple[float, float] | None:
    return None if value is None else (float(value[0]), float(value[1]))


@dataclass(frozen=True, slots=True)
class Stats:
    """The STATS block of one output: moments, percentiles and their Monte Carlo error.

    ``None`` where a figure is undefined (no finite draws; fewer than two for ``sd`` and
    ``mcse_mean``). The ``*_ci`` are 95 % order-statistic confidence intervals of the
    percentiles (``None`` where the percentile is; ±inf for an end the sample cannot bound);
    ``has_cis`` says whether they were computed. ``extra`` holds further named figures of the
    block in order (e.g. the payback year's ``prob_within_horizon``).
    """

    mean: float | None
    sd: float | None
    p05: float | None
    p50: float | None
    p95: float | None
    mcse_mean: float | None
    p05_ci: tuple[float, float] | None = None
    p50_ci: tuple[float, float] | None = None
    p95_ci: tuple[float, float] | None = None
    has_cis: bool = False
    extra: tuple[tuple[str, float], ...] = ()

    @classmethod
    def from_dict(cls, block: Mapping[str, Any], extra: Mapping[str, float] = ()) -> Stats:
        """From a :func:`sekalk.metrics.describe` block (with or without the CIs)."""
        has_cis = all(k in block for k in _CI_KEYS)
        return cls(
            *(block[k] for k in STATS_KEYS),
            *((_ci(block[k]) for k in _CI_KEYS) if has_cis else (None, None, None)),
            has_cis=has_cis,
            extra=tuple(dict(extra).items()),
        )

    def get(self, name: str) -> Any:
        """A figure by its JSON name (``"p50"``, ``"prob_within_horizon"``, ...)."""
        for key, value in self.extra:
            if key == name:
                return value
        return getattr(self, name)

    def to_dict(self, *, cis: bool = True) -> dict[str, Any]:
        """The block as in the JSON summary (the CIs only where computed and ``cis``)."""
        out: dict[str, Any] = {k: getattr(self, k) for k in STATS_KEYS}
        if cis and self.has_cis:
            for k in _CI_KEYS:
                ci = getattr(self, k)
                out[k] = None if ci is None else list(ci)
        out.update(self.extra)
        return out


@dataclass(frozen=True, slots=True)
class Interval:
    """Median and 90 % interval (P5, P95) of some draws [their unit]."""

    p05: float
    p50: float
    p95: float

    @classmethod
    def of(cls, stats: Stats) -> Interval:
        nan = float("nan")
        return cls(
            nan if stats.p05 is None else stats.p05,
            nan if stats.p50 is None else stats.p50,
            nan if stats.p95 is None else stats.p95,
        )


@dataclass(frozen=True, slots=True)
class Headline:
    """The headline of a result: the NPV of one perspective (total level)."""

    perspective: str
    npv: Stats
    bcr: Stats
    #: P(NPV > 0) [fraction].
    prob_gain: float
    #: P(NPV < 0) [fraction].
    prob_loss: float


@dataclass(frozen=True, slots=True)
class PerspectiveSummary:
    """Every output metric of one perspective (total level), by metric id
    (:mod:`sekalk.output_metrics`): a :class:`Stats` for a distribution metric, a float for a
    probability metric."""

    perspective: str
    #: ``society`` or ``public_sector`` (a total over actors, not an actor).
    is_total: bool
    metrics: Mapping[str, Stats | float]


@dataclass(frozen=True, slots=True)
class BreakEven:
    """How many avoided outcomes the society NPV needs, beside what the assumptions give."""

    #: Avoided outcomes at which the society NPV is 0 [persons] (over the defined draws).
    needed: Stats
    #: Avoided adverse outcomes, all outcomes and cohorts [persons].
    avoided: Stats
    #: Participants, all cohorts [persons].
    participants: Stats
    #: Share of draws in which break-even is defined [fraction].
    prob_defined: float
    #: Share of draws whose avoided outcomes reach the number needed [fraction].
    prob_enough: float
    #: Share of draws with a negative number of avoided outcomes [fraction].
    negative_share: float

    @property
    def defined(self) -> bool:
        """True if break-even is defined in at least one draw."""
        return self.prob_defined > 0.0


@dataclass(frozen=True, slots=True)
class Driver:
    """One uncertain parameter and its Spearman rank correlation with the society NPV."""

    id: str
    rho: float
    evidence: str | None
    #: True when it moves the NPV only through a declared correlation.
    via_correlation_only: bool
    #: The parameters it is correlated with (ids), where ``via_correlation_only``.
    correlated_with: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorFlow:
    """Who pays and who gains: one perspective's costs, avoided costs and net [SEK]."""

    perspective: str
    is_total: bool
    costs: Interval
    avoided: Interval
    net: Interval
    #: P(NPV > 0) [fraction].
    prob_gain: float


@dataclass(frozen=True, slots=True)
class LevelPerspective:
    """One level of one perspective: its realised metrics and, for continuation and spread,
    the figures as if the level happened."""

    #: Realised metrics (0 in the draws where the level does not happen), as
    #: :attr:`PerspectiveSummary.metrics` (the level metrics and P(NPV > 0)).
    metrics: Mapping[str, Stats | float]
    #: NPV of the level as if it happened (continuation/spread only).
    npv_if_occurs: Stats | None = None
    #: P(NPV of the level as if it happened > 0) [fraction].
    prob_npv_positive_if_occurs: float | None = None
    #: NPV of the funded project plus the level as if it happened.
    npv_project_plus_if_occurs: Stats | None = None
    #: P(that NPV > 0) [fraction].
    prob_npv_positive_project_plus_if_occurs: float | None = None


@dataclass(frozen=True, slots=True)
class Level:
    """One level (``project``, ``continuation``, ``spread``) or the ``total``."""

    level: str
    #: Share of draws in which the level happens [fraction]; None for project and total.
    prob_occurs: float | None
    avoided: Stats
    participants: Stats
    perspectives: Mapping[str, LevelPerspective]


@dataclass(frozen=True, slots=True)
class Assumption:
    """One parameter of the scenario: its grounding and its distribution's quantiles."""

    id: str
    attribute: str
    evidence: str | None
    source: str | None
    note: str | None
    #: The distribution in the file's notation (``pert(min=..., mode=..., max=...)``).
    distribution: str
    p05: float
    p50: float
    p95: float
    fixed: bool
    #: A neutral default the file left out (growth 0, drop-off 0, attribution 1).
    unstated_default: bool


@dataclass(frozen=True, slots=True)
class McError:
    """The Monte Carlo error of the society NPV beside the width of its 90 % interval."""

    #: Standard error of the mean NPV [SEK].
    mcse_mean: float | None
    #: P95 - P5 of the NPV [SEK].
    width: float
    #: ``mcse_mean / width`` [fraction]; NaN where undefined.
    ratio: float
    #: Standard error of P(NPV > 0) [fraction].
    mcse_prob: float
    #: 95 % confidence interval of the median NPV [SEK].
    median_ci: tuple[float, float]
    #: Half-width of that interval / ``width`` [fraction]; NaN where undefined.
    median_ci_ratio: float


@dataclass(frozen=True, slots=True)
class Overlay:
    """An evaluator's overlay file laid over the scenario."""

    file: str
    title: str | None
    sha256: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a result comes from: the program, the file, the settings and the discounting."""

    version: str
    title: str
    #: File name of the scenario (no folder), or None for a scenario built in memory.
    file: str | None
    sha256: str | None
    overlays: tuple[Overlay, ...]
    n_overrides: int
    draws: int
    seed: int
    sampler: str
    price_year: int
    currency: str
    horizon_years: int
    #: Median and 90 % interval of the discount rate [fraction per year].
    discount_rate: Interval
    #: The declared valuation basis (a code) and its note.
    valuation: str | None
    valuation_note: str | None
