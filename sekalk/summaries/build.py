"""``summarize(result)``: the view models of a result, each computed once, on first use.

A :class:`Summary` is immutable: each of its parts is computed the first time a face asks for
it and kept, so a face that needs only the headline does not pay for the drivers' rank
correlations, and two faces that need the same figure share one computation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from sekalk import metrics, output_metrics
from sekalk.summaries.model import (
    ActorFlow,
    Assumption,
    BreakEven,
    Driver,
    Headline,
    Interval,
    Level,
    LevelPerspective,
    McError,
    Overlay,
    PerspectiveSummary,
    Provenance,
    Stats,
)

if TYPE_CHECKING:
    from sekalk.result import Result

#: The perspectives that are totals over actors.
TOTAL_PERSPECTIVES = ("society", "public_sector")
#: Attributes that default to a neutral value when a scenario file leaves them out.
NEUTRAL_DEFAULTS = {"growth": 0.0, "dropoff": 0.0, "attribution": 1.0}
TOTAL = "total"


def is_unstated_default(attribute: str, dist: Any) -> bool:
    """True for a fixed growth 0, drop-off 0 or attribution 1 with no evidence, source or note:
    the neutral default of a key the file left out, listed once in words instead of per row."""
    if attribute not in NEUTRAL_DEFAULTS or not dist.is_fixed:
        return False
    if dist.evidence or dist.source or dist.note or dist.derived is not None:
        return False
    return float(dist.ppf(np.array([0.5]))[0]) == NEUTRAL_DEFAULTS[attribute]


@dataclass(frozen=True, eq=False)
class Summary:
    """The language-neutral view of a :class:`~sekalk.result.Result`.

    ``result`` is kept for the charts, which draw from the draws themselves; every figure a
    face shows comes from the parts below.
    """

    result: Result
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------------ metrics

    def metric(
        self, metric_id: str, perspective: str = "society", level: str = TOTAL
    ) -> Stats | float:
        """One output metric (:mod:`sekalk.output_metrics`) of ``perspective`` and ``level``:
        a :class:`Stats` for a distribution metric, a float for a probability metric."""
        key = ("metric", metric_id, perspective, level)
        if key not in self._memo:
            spec = output_metrics.get(metric_id)
            r = self.result
            if level != TOTAL and not spec.per_level:
                raise KeyError(f"the {metric_id} is computed for level='total' only")
            if spec.is_distribution:
                extra = spec.extra(r, perspective) if spec.extra and level == TOTAL else {}
                value: Stats | float = Stats.from_dict(
                    r.stats(metric_id, perspective, level), extra
                )
            else:
                assert spec.value is not None
                value = float(spec.value(r, perspective, level))
            self._memo[key] = value
        return self._memo[key]

    def stats(self, metric_id: str, perspective: str = "society", level: str = TOTAL) -> Stats:
        """:meth:`metric` of a distribution metric."""
        value = self.metric(metric_id, perspective, level)
        assert isinstance(value, Stats)
        return value

    def perspective(self, perspective: str) -> PerspectiveSummary:
        """Every output metric of ``perspective`` (total level), in registry order."""
        return PerspectiveSummary(
            perspective,
            perspective in TOTAL_PERSPECTIVES,
            MappingProxyType(
                {m.id: self.metric(m.id, perspective) for m in output_metrics.METRIC_LIST}
            ),
        )

    @property
    def perspectives(self) -> tuple[str, ...]:
        """The perspectives of the result: ``society``, ``public_sector``, then the actors."""
        return self.result.perspectives

    # ------------------------------------------------------------------------ headline

    def headline(self, perspective: str = "society") -> Headline:
        """The NPV (and BCR) of ``perspective`` with P(gain) and P(loss)."""
        key = ("headline", perspective)
        if key not in self._memo:
            npv = self.result.npv(perspective)
            self._memo[key] = Headline(
                perspective,
                self.stats("npv", perspective),
                self.stats("bcr", perspective),
                float(self.metric("prob_npv_positive", perspective)),
                float(np.mean(npv < 0)),
            )
        return self._memo[key]

    # ------------------------------------------------------------------------ break-even

    @cached_property
    def breakeven(self) -> BreakEven:
        """Avoided outcomes needed for a society NPV of 0, beside what the assumptions give."""
        r = self.result
        mc = r._error_design
        needed = r.successes_needed
        prob_defined = float(np.mean(np.isfinite(needed)))
        with np.errstate(invalid="ignore"):
            prob_enough = float(np.mean(r.avoided_outcomes >= needed))
        needed_stats = Stats.from_dict(
            metrics.describe(needed, **mc, cis=True, overwrite_input=True)
        )
        del needed
        avoided = r.avoided_outcomes
        return BreakEven(
            needed=needed_stats,
            avoided=Stats.from_dict(metrics.describe(avoided, **mc, cis=True)),
            participants=Stats.from_dict(metrics.describe(r.participants, **mc, cis=True)),
            prob_defined=prob_defined,
            prob_enough=prob_enough,
            negative_share=float(np.mean(avoided < 0)) if avoided.size else 0.0,
        )

    # ------------------------------------------------------------------------ drivers

    @cached_property
    def drivers(self) -> tuple[Driver, ...]:
        """Every uncertain parameter with a defined rank correlation with the society NPV,
        largest |rho| first (a face shows as many as it has room for)."""
        from sekalk.sensitivity_analysis import influences, rank_correlations

        r = self.result
        rho = rank_correlations(r, "society")
        ranked = sorted((pid for pid in rho if math.isfinite(rho[pid])), key=lambda p: -abs(rho[p]))
        if not ranked:
            return ()
        influence = influences(r.scenario, "society")
        params = r.scenario.parameters
        out = []
        for pid in ranked:
            inf = influence.get(pid)
            via = bool(inf is not None and inf.via_correlation_only)
            out.append(
                Driver(
                    pid,
                    float(rho[pid]),
                    params[pid].distribution.evidence,
                    via,
                    tuple(inf.correlated_with) if via and inf is not None else (),
                )
            )
        return tuple(out)

    # ------------------------------------------------------------------------ actors

    @cached_property
    def actors(self) -> tuple[ActorFlow, ...]:
        """Costs, avoided costs and net per perspective (actors, public sector, society)."""
        return tuple(
            ActorFlow(
                p,
                p in TOTAL_PERSPECTIVES,
                Interval.of(self.stats("pv_costs", p)),
                Interval.of(self.stats("pv_benefits", p)),
                Interval.of(self.stats("npv", p)),
                float(self.metric("prob_npv_positive", p)),
            )
            for p in self.perspectives
        )

    # ------------------------------------------------------------------------ levels

    @property
    def has_levels(self) -> bool:
        """True if the scenario has continuation or spread (more than the funded project)."""
        return self.result.has_levels

    def prob_occurs(self, level: str) -> float:
        """Share of draws in which ``level`` happens [fraction] (1 for ``project``)."""
        key = ("prob_occurs", level)
        if key not in self._memo:
            self._memo[key] = self.result.prob_occurs(level)
        return self._memo[key]

    def level(self, level: str, perspectives: tuple[str, ...] | None = None) -> Level:
        """One level (or ``"total"``) for ``perspectives`` (default: all of them)."""
        r = self.result
        perspectives = self.perspectives if perspectives is None else perspectives
        mc = r._error_design
        key = ("level", level)
        if key not in self._memo:
            self._memo[key] = (
                self.prob_occurs(level) if level not in ("project", TOTAL) else None,
                Stats.from_dict(
                    metrics.describe(r.level_count("avoided_outcomes", level), **mc, cis=True)
                ),
                Stats.from_dict(
                    metrics.describe(r.level_count("participants", level), **mc, cis=True)
                ),
            )
        prob_occurs, avoided, participants = self._memo[key]
        return Level(
            level,
            prob_occurs,
            avoided,
            participants,
            MappingProxyType({p: self._level_perspective(level, p) for p in perspectives}),
        )

    def _level_perspective(self, level: str, perspective: str) -> LevelPerspective:
        key = ("level_perspective", level, perspective)
        if key not in self._memo:
            values = {
                m.id: self.metric(m.id, perspective, level)
                for m in output_metrics.METRIC_LIST
                if m.per_level
            }
            lp = LevelPerspective(MappingProxyType(values))
            if level not in ("project", TOTAL):
                r = self.result
                own = r.output("npv", perspective, level, if_occurs=True)
                prob_own = metrics.prob_positive(own)
                del own
                with_level = r.npv_with(level, perspective)
                prob_with = metrics.prob_positive(with_level)
                # a temporary: sorted in place, no copy (at 1e7 draws, 80 MB)
                with_stats = metrics.describe(
                    with_level, **r._error_design, cis=True, overwrite_input=True
                )
                del with_level
                lp = LevelPerspective(
                    lp.metrics,
                    Stats.from_dict(r.stats("npv", perspective, level, if_occurs=True)),
                    prob_own,
                    Stats.from_dict(with_stats),
                    prob_with,
                )
            self._memo[key] = lp
        return self._memo[key]

    def levels(self, perspectives: tuple[str, ...] | None = None) -> tuple[Level, ...]:
        """Each level, then the total, for ``perspectives`` (default: all)."""
        return tuple(self.level(lv, perspectives) for lv in (*self.result.levels, TOTAL))

    # ------------------------------------------------------------------------ assumptions

    @cached_property
    def assumptions(self) -> tuple[Assumption, ...]:
        """Every parameter of the scenario, in file order."""
        out = []
        for p in self.result.scenario.iter_parameters():
            d = p.distribution
            q05, q50, q95 = (float(x) for x in d.ppf(np.array([0.05, 0.5, 0.95])))
            out.append(
                Assumption(
                    p.id,
                    p.attribute,
                    d.evidence,
                    d.source,
                    d.note,
                    d.describe(),
                    q05,
                    q50,
                    q95,
                    bool(d.is_fixed),
                    is_unstated_default(p.attribute, d),
                )
            )
        return tuple(out)

    # ------------------------------------------------------------------------ Monte Carlo

    @cached_property
    def mc_error(self) -> McError:
        """The Monte Carlo error of the society NPV beside the width of its 90 % interval."""
        s = self.stats("npv")
        width = (s.p95 or 0.0) - (s.p05 or 0.0)
        mcse = s.mcse_mean
        prob = float(self.metric("prob_npv_positive"))
        lo, hi = s.p50_ci if s.p50_ci is not None else (math.nan, math.nan)
        return McError(
            mcse_mean=mcse,
            width=width,
            ratio=mcse / width if mcse is not None and width > 0 else math.nan,
            mcse_prob=math.sqrt(max(prob * (1 - prob), 0.0) / self.result.settings.draws),
            median_ci=(lo, hi),
            median_ci_ratio=(hi - lo) / 2.0 / width
            if width > 0 and math.isfinite(hi - lo)
            else math.nan,
        )

    # ------------------------------------------------------------------------ provenance

    @cached_property
    def provenance(self) -> Provenance:
        """The program, the file, the settings and the discounting of the result."""
        from sekalk import __version__

        r = self.result
        sc = r.scenario
        st = sc.settings
        q = sc.parameters["scenario.discount_rate"].distribution.ppf(np.array([0.05, 0.5, 0.95]))
        return Provenance(
            version=__version__,
            title=sc.title,
            file=Path(sc.path).name if sc.path else None,
            sha256=sc.sha256,
            overlays=tuple(
                Overlay(Path(o.path).name, o.title or None, o.sha256)
                for o in getattr(sc, "overlays", ())
            ),
            n_overrides=len(getattr(sc, "overrides", ())),
            draws=r.settings.draws,
            seed=r.settings.seed,
            sampler=r.settings.sampler,
            price_year=st.price_year,
            currency=st.currency,
            horizon_years=st.horizon_years,
            discount_rate=Interval(float(q[0]), float(q[1]), float(q[2])),
            valuation=st.valuation,
            valuation_note=st.valuation_note,
        )


def summarize(result: Result) -> Summary:
    """The summary of ``result``: one per result, so every face shares its figures."""
    cache = result.__dict__.get("_summary")
    if cache is None:
        cache = Summary(result)
        object.__setattr__(result, "_summary", cache)
    return cache
