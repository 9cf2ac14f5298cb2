"""The credibility map: every assumption by its evidence grade against its share of the
NPV uncertainty.

An assumption's share is its squared Spearman rank correlation with the NPV, normalised so
that the shares of all uncertain parameters sum to 1 (fixed parameters carry no share: as
given, they claim certainty). An assumption with weak evidence (grade ``assumption`` or not
stated) and a share of at least ``threshold`` is *critical*: the result rests on it, and
nothing but the applicant's judgement backs it. Follow it up or evaluate it.

An assumption that does not enter the perspective's NPV but is correlated with one that does
(:func:`sekalk.sensitivity_analysis.influences`) has a rank correlation, and so a share, that
it only borrows: it is marked ``via_correlation_only`` and never flagged critical (the result
does not rest on it; it rests on the assumption it is correlated with).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sekalk import metrics
from sekalk.result import Result
from sekalk.sensitivity_analysis import Influence, influences, rank_correlations

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from sekalk.scenario import ParameterLabel

CREDIBILITY_SCHEMA = "sekalk.credibility/1"
#: Evidence grades from strongest to weakest; ``none``: not stated.
GRADES: tuple[str, ...] = ("research", "experience", "assumption", "none")
WEAK_GRADES: tuple[str, ...] = ("assumption", "none")
DEFAULT_THRESHOLD = 0.10
#: The ``measure`` of a map, as written in its JSON document.
MEASURES = {
    "rank": "squared Spearman rank correlation, normalised to sum 1",
    "given": "shares given by the caller (e.g. Sobol' total-order indices)",
}


def sobol_shares(sensitivity: Any) -> dict[str, float] | None:
    """Sobol' total-order indices of a sensitivity result as shares [fraction], clipped to
    [0, 1] (the estimator can stray slightly outside); None when Sobol' was not run."""
    shares = {
        p.id: min(max(float(p.sobol.total), 0.0), 1.0)
        for p in sensitivity.parameters
        if getattr(p, "sobol", None) is not None and math.isfinite(p.sobol.total)
    }
    return shares or None


@dataclass(frozen=True, slots=True)
class CredibilityEntry:
    """One assumption on the map: its grade, its rank correlation and share, and the flag.

    ``label`` is the parameter's language-neutral name
    (:func:`sekalk.report.labels.parameter_label` puts it into words).
    """

    id: str
    label: ParameterLabel
    evidence: str
    source: str | None
    fixed: bool
    rho: float | None
    share: float
    critical: bool
    #: How the assumption reaches the NPV (None for a fixed value).
    influence: Influence | None = None

    @property
    def via_correlation_only(self) -> bool:
        """True when it does not enter the NPV and its share is borrowed by correlation."""
        return self.influence is not None and self.influence.via_correlation_only


@dataclass(frozen=True, eq=False)
class CredibilityMap:
    """Every parameter of a scenario, by evidence grade and share of the NPV uncertainty."""

    result: Result
    entries: tuple[CredibilityEntry, ...]
    threshold: float
    perspective: str
    #: How the shares were measured: ``"rank"`` (squared rank correlation, normalised) or
    #: ``"given"`` (the ``shares`` passed to :func:`credibility_map`, e.g. Sobol' total indices).
    measure: str = "rank"
    #: The language the JSON document and :meth:`to_frame` write labels in by default
    #: (nothing computed depends on it).
    lang: str = "sv"

    @property
    def critical(self) -> tuple[CredibilityEntry, ...]:
        """The flagged entries, largest share first."""
        return tuple(sorted((e for e in self.entries if e.critical), key=lambda e: -e.share))

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The JSON document ``sekalk.credibility/1``, its labels in ``lang`` (default:
        :attr:`lang`)."""
        from sekalk import __version__
        from sekalk.report.labels import parameter_label

        lang = lang or self.lang

        st = self.result.settings
        sc = self.result.scenario
        doc = {
            "schema": CREDIBILITY_SCHEMA,
            "sekalk_version": __version__,
            "scenario": {"title": sc.title, "sha256": sc.sha256},
            "settings": {
                "draws": st.draws,
                "seed": st.seed,
                "sampler": st.sampler,
                "perspective": self.perspective,
                "threshold": self.threshold,
                "measure": MEASURES[self.measure],
                "overrides": [o.to_dict() for o in sc.overrides],
                "overlays": [o.to_dict() for o in sc.overlays],
            },
            "assumptions": [
                {
                    "id": e.id,
                    "label": parameter_label(e.label, lang),
                    "evidence": e.evidence,
                    "source": e.source,
                    "fixed": e.fixed,
                    "rank_correlation": e.rho,
                    "share": e.share,
                    "critical": e.critical,
                    "influence": e.influence.kind if e.influence else None,
                    "via_correlation_only": e.via_correlation_only,
                    "correlated_with": list(e.influence.correlated_with) if e.influence else [],
                }
                for e in self.entries
            ],
        }
        return metrics.to_json_safe(doc)

    def to_json(self, indent: int | None = 2, lang: str | None = None) -> str:
        """The JSON document ``sekalk.credibility/1``, its labels in ``lang``."""
        return json.dumps(self.to_dict(lang), indent=indent, ensure_ascii=False, allow_nan=False)

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per parameter (index: parameter id), as in the JSON document: ``label``
        (in ``lang``, default :attr:`lang`), ``evidence``, ``source``, ``fixed``,
        ``rank_correlation``, ``share``, ``critical``, ``influence``, ``via_correlation_only``,
        ``correlated_with``."""
        import pandas as pd

        from sekalk.report.labels import parameter_label

        lang = lang or self.lang
        rows = [
            {
                "id": e.id,
                "label": parameter_label(e.label, lang),
                "evidence": e.evidence,
                "source": e.source,
                "fixed": e.fixed,
                "rank_correlation": e.rho if e.rho is not None else math.nan,
                "share": e.share,
                "critical": e.critical,
                "influence": e.influence.kind if e.influence else None,
                "via_correlation_only": e.via_correlation_only,
                "correlated_with": ", ".join(e.influence.correlated_with) if e.influence else "",
            }
            for e in self.entries
        ]
        return pd.DataFrame(rows).set_index("id")

    def plot(self, lang: str | None = None) -> Figure:
        """Evidence grade against share, labelled, the threshold drawn (matplotlib Figure)."""
        from sekalk.report.evaluator_plots import plot_credibility

        return plot_credibility(self, lang or self.lang)


def variance_shares(rho: dict[str, float]) -> dict[str, float]:
    """Squared correlations normalised to sum 1 (NaN counts as 0; all 0 if none varies)."""
    sq = {k: (v * v if math.isfinite(v) else 0.0) for k, v in rho.items()}
    total = math.fsum(sq.values())
    return {k: (v / total if total > 0 else 0.0) for k, v in sq.items()}


def credibility_map(
    result: Result,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    perspective: str = "society",
    lang: str | None = None,
    shares: Mapping[str, float] | None = None,
) -> CredibilityMap:
    """Place every assumption of ``result``'s scenario by evidence grade and NPV share.

    Parameters
    ----------
    result
        A simulation result (no new model runs are made).
    threshold
        Share [fraction] from which a weakly grounded assumption is flagged critical.
    perspective
        The perspective whose NPV uncertainty is apportioned.
    lang
        The language the map's JSON document and table write labels in by default (default:
        the scenario's); the entries hold language-neutral labels.
    shares
        Each parameter id's share of the NPV uncertainty [fraction], e.g. Sobol' total-order
        indices from :func:`sobol_shares`; ids not in it get 0. Default: the squared rank
        correlations of ``result``, normalised to sum 1.

    Returns
    -------
    CredibilityMap
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must lie in [0, 1], got {threshold!r}")
    lang = lang or result.scenario.settings.language
    rho = rank_correlations(result, perspective)
    influence = influences(result.scenario, perspective)
    measure = "rank" if shares is None else "given"
    shares = variance_shares(rho) if shares is None else dict(shares)
    entries = []
    for p in result.scenario.iter_parameters():
        grade = p.distribution.evidence or "none"
        share = shares.get(p.id, 0.0) if p.is_uncertain else 0.0
        r = rho.get(p.id)
        inf = influence.get(p.id)
        direct = inf is None or inf.direct
        entries.append(
            CredibilityEntry(
                id=p.id,
                label=p.label,
                evidence=grade,
                source=p.distribution.source,
                fixed=not p.is_uncertain,
                rho=r if r is not None and math.isfinite(r) else None,
                share=share,
                critical=direct and grade in WEAK_GRADES and share >= threshold and share > 0,
                influence=inf,
            )
        )
    return CredibilityMap(result, tuple(entries), threshold, perspective, measure, lang)
