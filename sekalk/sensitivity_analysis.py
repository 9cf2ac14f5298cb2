"""Which assumptions carry the result: sensitivity measures on the NPV of a perspective.

:func:`sensitivity` runs, on one perspective's net present value,

* ``tornado``: one-way swings, every uncertain parameter at its P10 and P90, the others at
  their median (one vectorised engine call with 2k rows);
* ``rank``: Spearman rank correlations over a Monte Carlo sample (:func:`rank_correlations`);
* ``sobol``: first- and total-order Sobol' indices (``scipy.stats.sobol_indices``, Saltelli
  2010 estimators) with percentile-bootstrap confidence intervals of our own
  (:func:`sobol_bootstrap`) and a convergence check at n/2 vs n;
* ``switching``: for each parameter the value at which the base-case NPV is 0 and its
  percentile, and for each outcome the break-even effect on the expected NPV;
* ``voi``: the expected value of perfect information (EVPI) of the decision "invest / do not
  invest", and per parameter the EVPPI by a regression-spline estimator (:func:`evppi`).

One-way results (tornado, switching values) are taken around the *base case*, every input at its
median; the headline of ``sekalk run`` is the *median of the simulated NPV*. The model multiplies
uncertain inputs, so the two differ (they may even differ in sign): every result carries both,
and a one-way "no switching value" is read together with the simulated probability of the
other sign (:data:`MATERIAL_PROBABILITY`).

:func:`influences` says how each input reaches a perspective's NPV: ``direct`` (it enters the
formula), ``via_correlation`` (it does not enter, but a declared correlation ties it to an input
that does, so its rank correlation, credibility share and EVPPI borrow that input's influence)
or ``none``.

Every measure is a pure function on arrays; :func:`sensitivity` wires them to the engine.
"""

from __future__ import annotations

import json
import math
import os
import warnings
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from sekalk import engine
from sekalk.defaults import DEFAULT_DRAWS
from sekalk.ranks import rankdata, sorted_quantiles
from sekalk.result import Result

if TYPE_CHECKING:
    import pandas as pd

    from sekalk.scenario import ParameterLabel, Scenario

FloatArray = NDArray[np.float64]

SCHEMA = "sekalk.sensitivity/1"
METHODS: tuple[str, ...] = ("tornado", "rank", "sobol", "switching", "voi")
DEFAULT_SOBOL_N = 2**12
DEFAULT_BOOTSTRAP = 1000
#: Rows per engine call [draws]; bounds the memory of the big Sobol' design.
EVAL_BLOCK = 65_536
#: A convergence gap (max |index at n - index at n/2|) above this is reported as large.
CONVERGENCE_TOLERANCE = 0.05
#: "A large share of the uncertainty": Sobol' total index or squared rank correlation.
LARGE_SHARE = 0.1
WEAK_EVIDENCE = (None, "assumption")
#: Quantile levels used: search range ends, tornado ends and the base value (median).
LEVELS = (0.001, 0.1, 0.5, 0.9, 0.999)
_U_MIN = 2.0**-53
_U_MAX = 1.0 - 2.0**-53
#: A simulated probability [fraction] of the sign opposite to a one-way result from which the
#: one-way result is qualified by it ("no switching value, but the NPV is negative in 54 % of
#: the draws").
MATERIAL_PROBABILITY = 0.01
#: How an input reaches a perspective's NPV (see :func:`influences`).
INFLUENCES: tuple[str, ...] = ("direct", "via_correlation", "none")
#: Points of the other inputs at which :func:`influences` probes each input (the first at the
#: medians, the rest at pseudo-random quantiles from a fixed seed).
INFLUENCE_POINTS = 16
#: A one-way NPV change at most this fraction of the largest present value in the probe counts
#: as none (rounding); an input that does not enter the NPV changes it by exactly 0.
INFLUENCE_TOLERANCE = 1e-9


# ---------------------------------------------------------------------------------------------
# result objects


@dataclass(frozen=True, slots=True)
class Tornado:
    """One-way sensitivity: the parameter at its P10 and P90, all others at their median.

    ``swing = npv_high - npv_low`` [SEK] is signed: negative where the NPV falls as the
    parameter rises (a cost, a relative risk).
    """

    low_value: float
    high_value: float
    npv_low: float
    npv_high: float
    swing: float


@dataclass(frozen=True, slots=True)
class SobolIndex:
    """First- and total-order Sobol' index [fraction of the NPV variance] with 95 % CIs."""

    first: float
    first_ci: tuple[float, float]
    total: float
    total_ci: tuple[float, float]


@dataclass(frozen=True, slots=True)
class SwitchingValue:
    """The value at which the base-case NPV is 0, and where it lies in the distribution.

    ``direction`` says what a gain needs: ``"below"`` (the parameter must stay below
    ``value``) or ``"above"``. ``value`` is None when the NPV does not change sign over the
    parameter's range; ``reason`` then says which sign it keeps (``"always_positive"`` or
    ``"always_negative"``).
    """

    value: float | None
    percentile: float | None
    direction: str | None = None
    reason: str | None = None
    #: The range that was searched: the support, or P0.1-P99.9 where it is unbounded.
    searched: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Influence:
    """How an input reaches the NPV of one perspective.

    ``kind`` is ``"direct"`` (the input enters the perspective's NPV), ``"via_correlation"``
    (it does not enter it, but a declared correlation ties it to ``correlated_with``, inputs
    that do: its rank correlation, credibility share and EVPPI reflect theirs, and setting it
    to any value leaves the NPV unchanged) or ``"none"`` (it neither enters nor is correlated
    with an input that does: any measured association is sampling noise).
    """

    kind: str
    correlated_with: tuple[str, ...] = ()

    @property
    def via_correlation_only(self) -> bool:
        """True when the input influences the NPV only through its correlations."""
        return self.kind == "via_correlation"

    @property
    def direct(self) -> bool:
        """True when the input enters the NPV."""
        return self.kind == "direct"


@dataclass(frozen=True, slots=True)
class Note:
    """A note on how a sensitivity analysis was computed, as a code and its parameters.

    ``code`` names the note (``no_uncertain``, ``sobol_correlations`` (``n``: the number of
    correlations), ``sobol_converged`` and ``sobol_not_converged`` (``gap``: the largest change
    of an index between n/2 and n base draws [fraction], ``n``: the base draws),
    ``sobol_negative`` and ``several_roots`` (``ids``: the parameter ids concerned),
    ``sobol_sum``, ``evppi_method``, ``rank_correlations``).
    :func:`sekalk.report.labels.sensitivity_note` puts it into words.
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ParameterSensitivity:
    """All measures of one uncertain parameter (None where a method was not run).

    ``label`` is the parameter's language-neutral name
    (:func:`sekalk.report.labels.parameter_label` puts it into words).
    """

    id: str
    label: ParameterLabel
    evidence: str | None
    tornado: Tornado | None = None
    spearman: float | None = None
    sobol: SobolIndex | None = None
    switching_value: SwitchingValue | None = None
    evppi: float | None = None
    evppi_se: float | None = None
    #: How the parameter reaches the perspective's NPV (None: not determined).
    influence: Influence | None = None

    @property
    def via_correlation_only(self) -> bool:
        """True when the parameter does not enter the NPV and moves it only by correlation."""
        return self.influence is not None and self.influence.via_correlation_only

    @property
    def weak_and_important(self) -> bool:
        """Weak evidence (``assumption`` or none stated) and a large share of the uncertainty.

        Never for a parameter that does not enter the NPV (its share is borrowed from the
        inputs it is correlated with).
        """
        if self.evidence not in WEAK_EVIDENCE:
            return False
        if self.influence is not None and not self.influence.direct:
            return False
        if self.sobol is not None:
            return self.sobol.total >= LARGE_SHARE
        if self.spearman is not None and math.isfinite(self.spearman):
            return self.spearman**2 >= LARGE_SHARE
        return False


@dataclass(frozen=True, slots=True)
class SensitivityResult:
    """Which assumptions carry the NPV of one perspective.

    ``parameters`` are sorted by the most informative measure that was run: Sobol' total
    index, else |tornado swing|, else |Spearman rho|, else EVPPI. ``breakeven_effect`` maps an
    outcome id to ``{"form", "value", "percentile", "direction", "reason"}``. ``notes`` are
    :class:`Note` records (codes); ``lang`` is only the language the JSON document and the
    table of :meth:`to_frame` are written in by default: nothing computed depends on it.

    ``base_npv`` [SEK] is the NPV with every input at its median (the centre of the tornado
    and of the switching values); ``npv_median``, ``npv_mean`` [SEK] and
    ``prob_npv_negative`` [fraction] come from the Monte Carlo run on the same draws and seed
    as ``sekalk run`` (its headline is ``npv_median``). They differ because the NPV is not
    linear in the inputs: the NPV at the median inputs is not the median NPV.
    """

    perspective: str
    base_npv: float
    evpi: float | None
    evpi_se: float | None
    parameters: tuple[ParameterSensitivity, ...]
    breakeven_effect: dict
    notes: tuple[Note, ...]
    methods: tuple[str, ...]
    scenario_title: str = ""
    scenario_sha256: str | None = None
    settings: dict = field(default_factory=dict)
    currency: str = "SEK"
    lang: str = "sv"
    labels: dict = field(default_factory=dict)
    npv_median: float | None = None
    npv_mean: float | None = None
    prob_npv_negative: float | None = None
    prob_npv_positive: float | None = None

    @property
    def base_disagrees_with_simulation(self) -> bool:
        """True when the base case and the simulated median NPV differ in sign."""
        if self.npv_median is None:
            return False
        return (self.base_npv > 0) != (self.npv_median > 0)

    def prob_other_sign(self, npv_sign_positive: bool) -> float | None:
        """The simulated probability of the sign opposite to a one-way result [fraction]:
        P(NPV < 0) when the one-way NPV stays positive, P(NPV > 0) when it stays negative."""
        if self.prob_npv_negative is None:
            return None
        return self.prob_npv_negative if npv_sign_positive else self.prob_npv_positive

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per uncertain parameter (index: parameter id), in the ranked order.

        Labels are written in ``lang`` (default: :attr:`lang`).

        Columns: ``label``, ``evidence``, ``influence``, ``via_correlation_only``,
        ``correlated_with`` and, for the methods that were run, ``tornado_low_value``,
        ``tornado_high_value``, ``npv_low``, ``npv_high``, ``swing`` [SEK]; ``spearman``;
        ``sobol_first``, ``sobol_first_lo``, ``sobol_first_hi``, ``sobol_total``,
        ``sobol_total_lo``, ``sobol_total_hi``; ``switching_value``,
        ``switching_percentile``, ``switching_direction``, ``switching_reason``; ``evppi``,
        ``evppi_se`` [SEK]; then ``weak_evidence_large_share``.
        """
        import pandas as pd

        from sekalk.report.labels import parameter_label

        lang = lang or self.lang
        rows = []
        for p in self.parameters:
            inf = p.influence
            row: dict[str, Any] = {
                "id": p.id,
                "label": parameter_label(p.label, lang),
                "evidence": p.evidence,
                "influence": inf.kind if inf else None,
                "via_correlation_only": p.via_correlation_only,
                "correlated_with": ", ".join(inf.correlated_with) if inf else "",
            }
            if "tornado" in self.methods:
                tor = p.tornado
                for key in ("low_value", "high_value", "npv_low", "npv_high", "swing"):
                    name = f"tornado_{key}" if key.endswith("value") else key
                    row[name] = getattr(tor, key) if tor else math.nan
            if "rank" in self.methods:
                row["spearman"] = p.spearman if p.spearman is not None else math.nan
            if "sobol" in self.methods:
                sob = p.sobol
                for key in ("first", "total"):
                    row[f"sobol_{key}"] = getattr(sob, key) if sob else math.nan
                    ci = getattr(sob, f"{key}_ci") if sob else (math.nan, math.nan)
                    row[f"sobol_{key}_lo"], row[f"sobol_{key}_hi"] = ci
            if "switching" in self.methods:
                sw = p.switching_value
                row["switching_value"] = sw.value if sw and sw.value is not None else math.nan
                row["switching_percentile"] = (
                    sw.percentile if sw and sw.percentile is not None else math.nan
                )
                row["switching_direction"] = sw.direction if sw else None
                row["switching_reason"] = sw.reason if sw else None
            if "voi" in self.methods:
                row["evppi"] = p.evppi if p.evppi is not None else math.nan
                row["evppi_se"] = p.evppi_se if p.evppi_se is not None else math.nan
            row["weak_evidence_large_share"] = p.weak_and_important
            rows.append(row)
        frame = pd.DataFrame(rows)
        if frame.empty:
            return pd.DataFrame(index=pd.Index([], name="id"))
        return frame.set_index("id")

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The JSON document ``sekalk.sensitivity/1`` (strict-JSON safe), its labels and notes
        written in ``lang`` (default: :attr:`lang`) by :mod:`sekalk.report.labels`."""
        from sekalk import __version__
        from sekalk.metrics import to_json_safe
        from sekalk.report.labels import parameter_label, sensitivity_notes

        lang = lang or self.lang
        params = []
        for p in self.parameters:
            row: dict[str, Any] = {
                "id": p.id,
                "label": parameter_label(p.label, lang),
                "evidence": p.evidence,
            }
            if p.influence is not None:
                row["influence"] = p.influence.kind
                row["via_correlation_only"] = p.influence.via_correlation_only
                row["correlated_with"] = list(p.influence.correlated_with)
            if "tornado" in self.methods:
                tor = p.tornado
                row["tornado"] = (
                    None
                    if tor is None
                    else {
                        "low_value": tor.low_value,
                        "high_value": tor.high_value,
                        "npv_low": tor.npv_low,
                        "npv_high": tor.npv_high,
                        "swing": tor.swing,
                    }
                )
            if "rank" in self.methods:
                row["spearman"] = p.spearman
            if "sobol" in self.methods:
                s = p.sobol
                row["sobol"] = (
                    None
                    if s is None
                    else {
                        "first": s.first,
                        "first_ci": list(s.first_ci),
                        "total": s.total,
                        "total_ci": list(s.total_ci),
                    }
                )
            if "switching" in self.methods:
                sw = p.switching_value
                row["switching_value"] = (
                    None
                    if sw is None
                    else {
                        "value": sw.value,
                        "percentile": sw.percentile,
                        "direction": sw.direction,
                        "reason": sw.reason,
                        "searched": sw.searched,
                        # what the one-way "no switching value" leaves out: the simulated
                        # probability of the other sign, all inputs varying together
                        "simulated_prob_other_sign": (
                            self.prob_other_sign(sw.reason == "always_positive")
                            if sw.reason is not None
                            else None
                        ),
                    }
                )
            if "voi" in self.methods:
                row["evppi"] = p.evppi
                row["evppi_se"] = p.evppi_se
            row["weak_evidence_large_share"] = p.weak_and_important
            params.append(row)
        doc: dict[str, Any] = {
            "schema": SCHEMA,
            "sekalk_version": __version__,
            "scenario": {"title": self.scenario_title, "sha256": self.scenario_sha256},
            "settings": dict(self.settings),
            "methods": list(self.methods),
            "perspective": self.perspective,
            "base_npv": self.base_npv,
            "simulated_npv": {
                "median": self.npv_median,
                "mean": self.npv_mean,
                "prob_negative": self.prob_npv_negative,
                "prob_positive": self.prob_npv_positive,
                "base_npv_sign_differs": self.base_disagrees_with_simulation,
            },
        }
        if "voi" in self.methods:
            doc["evpi"] = self.evpi
            doc["evpi_se"] = self.evpi_se
        doc["parameters"] = params
        if "switching" in self.methods:
            doc["breakeven_effect"] = self.breakeven_effect
        doc["notes"] = sensitivity_notes(self, lang)
        return to_json_safe(doc)

    def to_json(self, indent: int | None = 2, lang: str | None = None) -> str:
        """The JSON document (strict JSON: ``null`` where a value is undefined), its labels
        and notes in ``lang`` (default: :attr:`lang`)."""
        return json.dumps(self.to_dict(lang), indent=indent, ensure_ascii=False, allow_nan=False)


# ---------------------------------------------------------------------------------------------
# pure functions


def rank_correlations(
    result: Result,
    perspective: str = "society",
    *,
    orders: dict[str, NDArray[np.intp]] | None = None,
) -> dict[str, float]:
    """Spearman rank correlation of every uncertain parameter with the NPV of ``perspective``.

    Parameters
    ----------
    result
        A simulation result (its parameter draws and NPV draws are used; no new model runs).
    perspective
        The perspective whose NPV is ranked against.
    orders
        Parameter id -> an ``argsort`` of its draws, where the caller has them (the same
        ranks, without sorting again).

    Returns
    -------
    dict
        Parameter id -> Spearman's rho in [-1, 1], in the scenario's parameter order; NaN where
        the parameter or the NPV does not vary.
    """
    cached = _RANK_CORRELATIONS.setdefault(result, {})
    if perspective in cached:  # the report asks twice (drivers, credibility map)
        return dict(cached[perspective])
    npv = rankdata(result.npv(perspective))
    out: dict[str, float] = {}
    for pid, draws in result.parameters.items():
        ranks = rankdata(draws, order=None if orders is None else orders.get(pid))
        if np.ptp(ranks) == 0 or np.ptp(npv) == 0:
            out[pid] = float("nan")
        else:
            out[pid] = float(np.corrcoef(ranks, npv)[0, 1])
    cached[perspective] = out
    return dict(out)


#: Result -> perspective -> rank correlations (a result's draws never change).
_RANK_CORRELATIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def saltelli_indices(
    f_a: FloatArray, f_b: FloatArray, f_ab: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """First- and total-order indices by the Saltelli (2010) estimators, as scipy computes them.

    Parameters
    ----------
    f_a, f_b
        Model outputs at the base samples A and B, shape (n,).
    f_ab
        Outputs at the d mixed samples AB_i (column i from B, the rest from A), shape (d, n).

    Returns
    -------
    first, total : ndarray, shape (d,)
        0 where the output does not vary.
    """
    mean = 0.5 * (f_a.mean() + f_b.mean())
    a, b, ab = f_a - mean, f_b - mean, f_ab - mean
    var = np.var(np.concatenate([a, b]))
    if var <= 0:
        return np.zeros(len(ab)), np.zeros(len(ab))
    first = np.mean(b * (ab - a), axis=-1) / var
    total = 0.5 * np.mean((a - ab) ** 2, axis=-1) / var
    return first, total


def sobol_bootstrap(
    f_a: FloatArray,
    f_b: FloatArray,
    f_ab: FloatArray,
    *,
    n_resamples: int = DEFAULT_BOOTSTRAP,
    confidence: float = 0.95,
    rng: np.random.Generator,
    chunk: int = 2**22,
) -> tuple[FloatArray, FloatArray]:
    """Percentile-bootstrap confidence intervals of the Saltelli (2010) indices.

    The n sample points (columns of A, B and every AB_i together) are resampled with
    replacement. A resample is a row of counts, so every statistic of every resample is one
    matrix product ``counts @ terms`` over per-point terms (no Python loop over resamples; the
    counts are built in chunks of about ``chunk`` cells to bound memory). Resampling the
    points of a scrambled Sobol' sequence treats them as independent, which they are not
    quite: the intervals are, if anything, conservative.

    Parameters
    ----------
    f_a, f_b, f_ab
        As in :func:`saltelli_indices`.
    n_resamples
        Number of bootstrap resamples.
    confidence
        Coverage of the two-sided percentile interval.
    rng
        Random generator for the resampling.

    Returns
    -------
    first_ci, total_ci : ndarray, shape (d, 2)
        Lower and upper bounds.
    """
    n = f_a.size
    d = f_ab.shape[0]
    mean = 0.5 * (f_a.mean() + f_b.mean())
    a, b, ab = f_a - mean, f_b - mean, f_ab - mean
    # Per-point terms; a resample's statistics are count-weighted means of these columns.
    terms = np.empty((n, 3 * d + 4))
    terms[:, :d] = (b * (ab - a)).T
    terms[:, d : 2 * d] = 0.5 * ((a - ab) ** 2).T
    terms[:, 2 * d : 3 * d] = (ab - a).T
    terms[:, 3 * d] = a
    terms[:, 3 * d + 1] = b
    terms[:, 3 * d + 2] = a * a
    terms[:, 3 * d + 3] = b * b
    sums = np.empty((n_resamples, 3 * d + 4))
    step = max(1, chunk // n)
    for start in range(0, n_resamples, step):
        m = min(step, n_resamples - start)
        idx = rng.integers(0, n, size=(m, n))
        idx += np.arange(m)[:, None] * n
        counts = np.bincount(idx.ravel(), minlength=m * n).reshape(m, n).astype(float)
        sums[start : start + m] = counts @ terms
    means = sums / n
    mu = 0.5 * (means[:, 3 * d] + means[:, 3 * d + 1])
    var = 0.5 * (means[:, 3 * d + 2] + means[:, 3 * d + 3]) - mu * mu
    # Re-centre on each resample's own mean, as the estimator does: the first-order
    # numerator mean((b - mu)(ab - a)) = mean(b (ab - a)) - mu mean(ab - a).
    numerator = means[:, :d] - mu[:, None] * means[:, 2 * d : 3 * d]
    with np.errstate(divide="ignore", invalid="ignore"):
        first = numerator / var[:, None]
        total = means[:, d : 2 * d] / var[:, None]
    alpha = 100.0 * (1.0 - confidence) / 2.0
    q = [alpha, 100.0 - alpha]
    first_ci = np.nan_to_num(np.percentile(first, q, axis=0).T, nan=0.0)
    total_ci = np.nan_to_num(np.percentile(total, q, axis=0).T, nan=0.0)
    return first_ci, total_ci


def evpi(npv: FloatArray) -> tuple[float, float]:
    """Expected value of perfect information of the decision "invest (NPV) or not (0)".

    ``EVPI = E[max(NPV, 0)] - max(E[NPV], 0)`` [SEK]. Its standard error is that of the mean
    of the per-draw terms ``max(NPV, 0) - NPV * [mean > 0]`` (delta method, taking the sign of
    the mean as known; plain Monte Carlo draws assumed).

    Returns
    -------
    (evpi, se) : tuple of float
    """
    npv = np.asarray(npv, dtype=float)
    invest = npv.mean() > 0
    terms = np.maximum(npv, 0.0) - (npv if invest else 0.0)
    value = float(np.maximum(npv, 0.0).mean() - max(npv.mean(), 0.0))
    se = float(terms.std(ddof=1) / math.sqrt(npv.size)) if npv.size > 1 else math.nan
    return max(value, 0.0), se


def _spline_basis(
    x: FloatArray, n_knots: int, order: NDArray[np.intp] | None = None
) -> FloatArray | None:
    """A cubic regression-spline design matrix in ``x`` (None if ``x`` is constant).

    Up to 50 distinct values: one indicator per value (the exact conditional means).
    Otherwise a cubic B-spline basis with ``n_knots`` interior knots at quantiles of ``x``.
    ``order`` sorts ``x`` (any ``argsort`` of it; computed if not given): the distinct values
    and the quantiles come from the sorted values; the basis rows are evaluated at the draws
    in their own order (a row depends on its own value alone).
    """
    from scipy.interpolate import BSpline

    if order is None:
        order = np.argsort(x)
    ordered = x[order]
    distinct = np.empty(ordered.shape, dtype=bool)  # np.unique(x), from the sorted values
    distinct[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=distinct[1:])
    values = ordered[distinct]
    if values.size < 2:
        return None
    if values.size <= 50:
        return (x[:, None] == values[None, :]).astype(float)
    lo, hi = values[0], values[-1]
    # np.quantile's numbers, from the values sorted already
    inner = np.unique(sorted_quantiles(ordered, np.linspace(0.0, 1.0, n_knots + 2)[1:-1]))
    inner = inner[(inner > lo) & (inner < hi)]
    knots = np.concatenate([[lo] * 4, inner, [hi] * 4])
    # extrapolate=True only skips a check that every value lies within the end knots (they
    # do: the knots end at the smallest and largest value), made with Python's min and max
    return BSpline.design_matrix(x, knots, 3, extrapolate=True).toarray()


def evppi(
    x: FloatArray,
    npv: FloatArray,
    *,
    n_knots: int = 10,
    n_posterior: int = 200,
    n_points: int = 2000,
    rng: np.random.Generator,
    order: NDArray[np.intp] | None = None,
) -> tuple[float, float]:
    """Expected value of partial perfect information about one parameter [SEK].

    ``g(x) = E[NPV | X = x]`` is fitted by least squares on a cubic regression spline in
    ``x`` (exact group means for a parameter with few values), and
    ``EVPPI = mean(max(g, 0)) - max(mean(g), 0)`` over the draws (Strong, Oakley & Brennan
    2014). The standard error combines the uncertainty of the fitted coefficients
    (``n_posterior`` draws from their normal approximation, Strong et al. 2014, each averaged
    over ``n_points`` evenly spaced order statistics of ``x``) and the Monte Carlo error of
    the mean over draws (delta method, as in :func:`evpi`), in quadrature.

    ``order`` is an ``argsort`` of ``x`` (any kind) if the caller has one; it is computed
    otherwise. Ties may be in any order: the rows of tied draws are the same.

    Returns
    -------
    (evppi, se) : tuple of float
        ``(0, 0)`` where the parameter does not vary.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(npv, dtype=float)
    if order is None:
        order = np.argsort(x)
    basis = _spline_basis(x, n_knots, order)
    if basis is None:
        return 0.0, 0.0
    gram = basis.T @ basis
    gram_inv = np.linalg.pinv(gram)
    coef = gram_inv @ (basis.T @ y)
    g = basis @ coef

    def value(fitted: FloatArray) -> FloatArray:
        return np.maximum(fitted, 0.0).mean(axis=0) - np.maximum(fitted.mean(axis=0), 0.0)

    est = float(value(g[:, None])[0])
    n, p = basis.shape
    resid = y - g
    sigma2 = float(resid @ resid) / max(n - p, 1)
    cov = sigma2 * gram_inv
    w, v = np.linalg.eigh((cov + cov.T) / 2.0)
    root = v * np.sqrt(np.clip(w, 0.0, None))
    # The coefficient draws are averaged over the draws' empirical distribution of x, as
    # represented by n_points evenly spaced order statistics (cheap, and exact for n <= 2000).
    m = min(n, n_points)
    rows = order[((np.arange(m) + 0.5) * n / m).astype(int)]
    z = rng.standard_normal((p, n_posterior))
    sims = value(basis[rows] @ (coef[:, None] + root @ z))
    terms = np.maximum(g, 0.0) - (g if g.mean() > 0 else 0.0)
    se_mc = terms.std(ddof=1) / math.sqrt(n)
    se = float(math.sqrt(np.var(sims, ddof=1) + se_mc**2))
    return max(est, 0.0), se


def sign_change_roots(grid: FloatArray, f: FloatArray) -> list[tuple[float, float]]:
    """The brackets ``(a, b)`` of ``grid`` over which ``f`` changes sign (or is 0 at ``a``)."""
    out = []
    for i in range(grid.size - 1):
        if f[i] == 0.0 or f[i] * f[i + 1] < 0.0:
            out.append((float(grid[i]), float(grid[i + 1])))
    if f[-1] == 0.0:
        out.append((float(grid[-1]), float(grid[-1])))
    return out


def find_root(
    func: Callable[[float], float], grid: FloatArray, f: FloatArray, near: float
) -> tuple[float, int] | None:
    """The root of ``func`` nearest to ``near`` among the sign changes of ``f`` on ``grid``.

    Returns ``(root, number_of_roots)``, or None if ``f`` keeps its sign on the grid.
    """
    from scipy.optimize import brentq

    brackets = sign_change_roots(grid, f)
    if not brackets:
        return None
    roots = []
    for a, b in brackets:
        if a == b or func(a) == 0.0:
            roots.append(a)
        else:
            roots.append(float(brentq(func, a, b, xtol=1e-12 * max(1.0, abs(a)), rtol=1e-12)))
    best = min(roots, key=lambda r: abs(r - near))
    return best, len(roots)


# ---------------------------------------------------------------------------------------------
# wiring to the engine


class _Clipped:
    """A distribution whose ``ppf`` keeps uniforms strictly inside (0, 1) (for scipy)."""

    def __init__(self, dist: Any) -> None:
        self.dist = dist

    def ppf(self, u: FloatArray) -> FloatArray:
        return self.dist.ppf(np.clip(u, _U_MIN, _U_MAX))


@dataclass(frozen=True)
class _Problem:
    """The compiled model, the perspective column and the base values of every parameter."""

    model: engine.Model
    column: int
    base: dict[str, float]
    uncertain: tuple[str, ...]
    #: Uncertain id -> its quantiles at :data:`LEVELS` (one inverse-CDF call per parameter).
    quantiles: dict[str, FloatArray]

    def search_range(self, pid: str, dist: Any) -> tuple[float, float]:
        """The support, with an infinite end replaced by the P0.1 or P99.9 quantile."""
        lo, hi = dist.support
        q = self.quantiles[pid]
        return (
            float(lo) if math.isfinite(lo) else float(q[0]),
            float(hi) if math.isfinite(hi) else float(q[-1]),
        )

    #: Blocks of more than one :data:`EVAL_BLOCK` are mapped over this executor, if any.
    executor: Any = field(default=None, compare=False)

    def npv(self, columns: dict[str, FloatArray], n: int) -> FloatArray:
        """NPV of ``n`` rows: ``columns`` override the base values (arrays of length n)."""
        out = np.empty(n)
        tasks = [  # a list: dask maps over sequences only
            (
                self.model,
                self.column,
                {**self.base, **{k: np.asarray(v)[s : s + EVAL_BLOCK] for k, v in columns.items()}},
                min(s + EVAL_BLOCK, n) - s,
                s,
            )
            for s in range(0, n, EVAL_BLOCK)
        ]
        if self.executor is None or n <= EVAL_BLOCK:
            results = map(_npv_rows, tasks)
        else:
            with warnings.catch_warnings():
                # dask warns that the columns travel with the tasks: that is the point
                warnings.filterwarnings("ignore", message="Sending large graph")
                results = self.executor.map(_npv_rows, tasks)
        for s, npv in results:
            out[s : s + len(npv)] = npv
        return out

    def npv_at(self, pid: str, value: float) -> float:
        return float(self.npv({pid: np.array([value])}, 1)[0])


def _npv_rows(task: tuple) -> tuple[int, FloatArray]:
    """One block of :meth:`_Problem.npv` (a top-level function: it may run on another
    process): (model, perspective column, values, rows, first row) -> (first row, NPV)."""
    model, column, values, size, start = task
    res = engine.evaluate(model, values, size, yearly=False)
    return start, res.pv_benefits[:, column] - res.pv_costs[:, column]


def _tornado(problem: _Problem) -> dict[str, Tornado]:
    ids = problem.uncertain
    k = len(ids)
    if not k:
        return {}
    cols = {pid: np.full(2 * k, problem.base[pid]) for pid in ids}
    ends = {}
    for i, pid in enumerate(ids):
        _, lo, _, hi, _ = problem.quantiles[pid]
        cols[pid][2 * i] = lo
        cols[pid][2 * i + 1] = hi
        ends[pid] = (float(lo), float(hi))
    npv = problem.npv(cols, 2 * k)
    return {
        pid: Tornado(
            low_value=ends[pid][0],
            high_value=ends[pid][1],
            npv_low=float(npv[2 * i]),
            npv_high=float(npv[2 * i + 1]),
            swing=float(npv[2 * i + 1] - npv[2 * i]),
        )
        for i, pid in enumerate(ids)
    }


def _direct_effects(problem: _Problem, dists: dict, n_points: int = INFLUENCE_POINTS) -> FloatArray:
    """Whether each uncertain input enters each perspective's NPV, shape (k, Q) of bool.

    Each input is set to its P0.1, P10, P50, P90 and P99.9 at ``n_points`` points of the other
    inputs (their medians, then pseudo-random quantiles from a fixed seed, the same for every
    call); it enters a perspective's NPV where any of these moves changes that NPV by more
    than :data:`INFLUENCE_TOLERANCE` times the largest present value of the probe. Levels
    with an event (continuation, spread) count in expectation, so their inputs are seen
    whatever the event's draw. One engine call of ``5 * n_points * k`` rows.
    """
    ids = problem.uncertain
    k, m, n_levels = len(ids), n_points, len(LEVELS)
    q = len(problem.model.perspectives)
    if not k:
        return np.zeros((0, q), dtype=bool)
    rng = np.random.default_rng(0x1AF1)
    u = 0.02 + 0.96 * rng.random((m - 1, k))
    points = {
        pid: np.concatenate([[problem.base[pid]], dists[pid].ppf(u[:, j])])
        for j, pid in enumerate(ids)
    }
    rows = k * m * n_levels
    cols = {pid: np.tile(np.repeat(points[pid], n_levels), k) for pid in ids}
    for i, pid in enumerate(ids):
        block = slice(i * m * n_levels, (i + 1) * m * n_levels)
        cols[pid][block] = np.tile(problem.quantiles[pid], m)
    npv = np.empty((rows, q))
    scale = 0.0
    for start in range(0, rows, EVAL_BLOCK):
        stop = min(start + EVAL_BLOCK, rows)
        values = {**problem.base, **{pid: c[start:stop] for pid, c in cols.items()}}
        res = engine.evaluate(problem.model, values, stop - start, yearly=False)
        npv[start:stop] = res.pv_benefits - res.pv_costs
        scale = max(scale, float(np.max(np.abs(res.pv_benefits) + np.abs(res.pv_costs))))
    change = np.ptp(npv.reshape(k, m, n_levels, q), axis=2).max(axis=1)
    return change > INFLUENCE_TOLERANCE * scale


def _influences(scenario: Scenario, direct: dict[str, bool]) -> dict[str, Influence]:
    """Influence of every uncertain input from whether it enters the NPV (``direct``) and the
    scenario's declared correlations (a non-zero rho with an input that enters)."""
    neighbours: dict[str, list[str]] = {pid: [] for pid in direct}
    for c in scenario.correlations:
        a, b = c.between
        if c.rho != 0 and a in neighbours and b in neighbours:
            neighbours[a].append(b)
            neighbours[b].append(a)
    out = {}
    for pid, enters in direct.items():
        if enters:
            out[pid] = Influence("direct")
            continue
        linked = tuple(o for o in direct if o in neighbours[pid] and direct[o])
        out[pid] = Influence("via_correlation", linked) if linked else Influence("none")
    return out


def influences(scenario: Scenario, perspective: str = "society") -> dict[str, Influence]:
    """How every uncertain input of ``scenario`` reaches the NPV of ``perspective``.

    An input that does not enter a perspective's NPV (a transfer's share for society, a cost
    the perspective does not pay) leaves it unchanged at any value. If a declared correlation
    ties it to an input that does enter, its rank correlation with the NPV, its credibility
    share and its EVPPI are not zero, but borrowed: ``via_correlation``.

    Returns
    -------
    dict
        Uncertain parameter id -> :class:`Influence`, in the scenario's parameter order.
    """
    problem, dists = _problem(scenario, perspective)
    direct = _direct_effects(problem, dists)[:, problem.column]
    return _influences(scenario, dict(zip(problem.uncertain, map(bool, direct), strict=True)))


def _problem(
    scenario: Scenario, perspective: str, *, executor: Any = None
) -> tuple[_Problem, dict]:
    """The compiled model at the base case (every input at its median), and the distributions;
    ``executor`` maps the model's blocks (see :class:`_Problem`)."""
    from sekalk.simulation import make_design

    model = engine.compile_model(scenario)
    if perspective not in model.perspectives:
        raise ValueError(
            f"no perspective {perspective!r}; available: {', '.join(model.perspectives)}"
        )
    design = make_design(scenario)
    params = scenario.parameters
    dists = {pid: params[pid].distribution for pid in design.uncertain}
    quantiles = {pid: dists[pid].ppf(np.array(LEVELS)) for pid in design.uncertain}
    base = {**design.fixed, **{pid: float(q[2]) for pid, q in quantiles.items()}}
    problem = _Problem(
        model,
        model.perspectives.index(perspective),
        base,
        design.uncertain,
        quantiles,
        executor=executor,
    )
    return problem, dists


def _percentile(dist: Any, value: float) -> float | None:
    if dist.is_fixed:
        return None
    return dist.cdf(value)


def _switching(
    problem: _Problem, dists: dict, n_grid: int = 257
) -> tuple[dict[str, SwitchingValue], list[str]]:
    """Switching values on the base case, and the ids whose NPV changes sign more than once.

    The NPV is evaluated on a grid of ``n_grid`` points over each parameter's range (one
    engine call for all), and every sign change is refined by ``brentq``; where there are
    several, the one nearest to the median is reported.
    """
    ids = problem.uncertain
    several: list[str] = []
    if not ids:
        return {}, several
    grids = {}
    cols = {pid: np.full(len(ids) * n_grid, problem.base[pid]) for pid in ids}
    for i, pid in enumerate(ids):
        lo, hi = problem.search_range(pid, dists[pid])
        grids[pid] = np.linspace(lo, hi, n_grid)
        cols[pid][i * n_grid : (i + 1) * n_grid] = grids[pid]
    npv = problem.npv(cols, len(ids) * n_grid)
    out = {}
    for i, pid in enumerate(ids):
        f = npv[i * n_grid : (i + 1) * n_grid]
        searched = (float(grids[pid][0]), float(grids[pid][-1]))
        found = find_root(
            lambda x, pid=pid: problem.npv_at(pid, x), grids[pid], f, problem.base[pid]
        )
        if found is None:
            reason = "always_positive" if f[0] > 0 else "always_negative"
            out[pid] = SwitchingValue(None, None, None, reason, searched)
            continue
        root, count = found
        if count > 1:
            several.append(pid)
        width = grids[pid][-1] - grids[pid][0]
        eps = 1e-6 * width
        below = problem.npv_at(pid, max(root - eps, grids[pid][0]))
        direction = "below" if below > 0 else "above"
        out[pid] = SwitchingValue(root, _percentile(dists[pid], root), direction, None, searched)
    return out, several


def _breakeven_effect(problem: _Problem, scenario: Scenario, result: Result) -> dict:
    """Per outcome: the effect at which the mean NPV over the sample (others as drawn) is 0."""
    n = result.settings.draws
    sample = {pid: result.parameters[pid] for pid in problem.uncertain}
    out = {}
    for o in scenario.outcomes:
        pid = f"outcomes.{o.id}.effect"
        dist = o.effect.value
        others = {k: v for k, v in sample.items() if k != pid}

        def mean_npv(e: float, others=others, pid=pid) -> float:
            return float(problem.npv({**others, pid: np.full(n, e)}, n).mean())

        if pid in problem.quantiles:
            lo, hi = problem.search_range(pid, dist)
        else:
            lo = hi = problem.base[pid]
        # A relative risk from 0 (outcome fully avoided) to 1 (no effect) or beyond; a risk
        # difference from 0 (no effect) to 1 (every outcome avoided) or beyond.
        lo, hi = min(lo, 0.0), max(hi, 1.0)
        grid = np.linspace(lo, hi, 5)
        f = np.array([mean_npv(e) for e in grid])
        found = find_root(mean_npv, grid, f, problem.base[pid])
        entry: dict[str, Any] = {"form": o.effect.form, "value": None, "percentile": None}
        if found is None:
            entry["direction"] = None
            entry["reason"] = "always_positive" if f[0] > 0 else "always_negative"
        else:
            root, _ = found
            below = mean_npv(root - 1e-6 * (hi - lo))
            entry["value"] = root
            entry["percentile"] = _percentile(dist, root)
            entry["direction"] = "below" if below > 0 else "above"
            entry["reason"] = None
        out[o.id] = entry
    return out


def _sobol(
    problem: _Problem, dists: dict, n: int, rng: np.random.Generator, n_resamples: int
) -> tuple[dict[str, SobolIndex], float, FloatArray]:
    """Sobol' indices, bootstrap CIs and the n/2-vs-n convergence gap."""
    from scipy import stats  # slow to import (about 1 s): only the Sobol' design needs it

    ids = problem.uncertain

    def func(x: FloatArray) -> FloatArray:
        return problem.npv({pid: x[j] for j, pid in enumerate(ids)}, x.shape[1])

    inputs = [_Clipped(dists[pid]) for pid in ids]
    if len(ids) == 1:
        # scipy (1.17) squeezes a single input's indices to a scalar and then fails; a dummy
        # input that the model ignores keeps the arrays 1-d and does not change the indices.
        inputs.append(stats.uniform())
    res = stats.sobol_indices(func=func, n=n, dists=inputs, rng=rng)
    d = len(ids)
    f_a = res._f_A[0]
    f_b = res._f_B[0]
    f_ab = res._f_AB[:d, 0, :]
    first = np.atleast_1d(res.first_order)[:d]
    total = np.atleast_1d(res.total_order)[:d]
    first_ci, total_ci = sobol_bootstrap(f_a, f_b, f_ab, n_resamples=n_resamples, rng=rng)
    h = n // 2
    first_h, total_h = saltelli_indices(f_a[:h], f_b[:h], f_ab[:, :h])
    gap = float(max(np.max(np.abs(first - first_h)), np.max(np.abs(total - total_h))))
    out = {
        pid: SobolIndex(
            float(first[j]),
            (float(first_ci[j, 0]), float(first_ci[j, 1])),
            float(total[j]),
            (float(total_ci[j, 0]), float(total_ci[j, 1])),
        )
        for j, pid in enumerate(ids)
    }
    return out, gap, first


def _check_methods(methods: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(methods, str):
        methods = METHODS if methods == "all" else (methods,)
    chosen = tuple(dict.fromkeys(methods))
    bad = [m for m in chosen if m not in METHODS]
    if bad or not chosen:
        raise ValueError(
            f"unknown sensitivity method {', '.join(map(repr, bad)) or '(none)'}; "
            f"expected some of {', '.join(METHODS)} or 'all'"
        )
    return tuple(m for m in METHODS if m in chosen)


def sensitivity(
    scenario: Scenario | str | os.PathLike,
    methods: str | Sequence[str] = "all",
    draws: int = DEFAULT_DRAWS,
    seed: int = 1,
    *,
    perspective: str = "society",
    sobol_n: int = DEFAULT_SOBOL_N,
    n_resamples: int = DEFAULT_BOOTSTRAP,
    lang: str | None = None,
    executor: Any = None,
    result: Result | None = None,
) -> SensitivityResult:
    """Which assumptions carry the NPV of ``perspective``.

    Parameters
    ----------
    scenario
        A :class:`~sekalk.scenario.Scenario` or the path of a scenario file.
    methods
        ``"all"`` or some of ``"tornado"``, ``"rank"``, ``"sobol"``, ``"switching"``, ``"voi"``.
    draws
        Monte Carlo draws for ``rank``, ``voi``, the break-even effect (``switching``) and the
        simulated median NPV and P(NPV < 0) reported beside the base case (always run).
    seed
        Seed (non-negative integer); the same inputs and seed give identical results.
    perspective
        The perspective whose NPV is analysed (``society``, ``public_sector`` or an actor).
    sobol_n
        Base sample size of the Sobol' design (a power of 2); the model is evaluated
        ``(d + 2) * sobol_n`` times for d uncertain parameters.
    n_resamples
        Bootstrap resamples for the Sobol' confidence intervals.
    lang
        The language the result's JSON document and table are written in by default (default:
        the scenario's). The analysis does not depend on it: its labels and notes are codes,
        put into words by :mod:`sekalk.report.labels` in any language without a rerun.
    executor
        A :class:`concurrent.futures.Executor` (e.g. a ``dask.distributed`` client's, see
        :func:`sekalk.simulation.scheduler_executor`): the Monte Carlo blocks and the blocks of
        model evaluations (the Sobol' design, the switching-value grids) are mapped over it.
        The result is identical to a local run.
    result
        The Monte Carlo run of this scenario with these ``draws`` and ``seed`` (random
        sampler), if the caller has one (the report does): used instead of simulating again,
        with the same numbers (the NPV and the parameter draws do not depend on ``payback``).

    Returns
    -------
    SensitivityResult
    """
    from sekalk import sampling
    from sekalk.scenario import Scenario, load
    from sekalk.simulation import simulate

    if not isinstance(scenario, Scenario):
        scenario = load(Path(scenario))
    chosen = _check_methods(methods)
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 2:
        raise ValueError(f"draws must be an integer of at least 2, got {draws!r}")
    seed = sampling.check_seed(seed)
    if (
        isinstance(sobol_n, bool)
        or not isinstance(sobol_n, int | np.integer)
        or sobol_n < 4
        or sobol_n & (sobol_n - 1)
    ):
        raise ValueError(f"sobol_n must be a power of 2 of at least 4, got {sobol_n!r}")
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int) or n_resamples < 10:
        raise ValueError(f"n_resamples must be an integer of at least 10, got {n_resamples!r}")
    lang = lang or scenario.settings.language
    problem, dists = _problem(scenario, perspective, executor=executor)
    params = scenario.parameters
    uncertain = problem.uncertain
    base_npv = float(problem.npv({}, 1)[0])
    notes: list[Note] = []
    if not uncertain:
        notes.append(Note("no_uncertain"))
    direct = _direct_effects(problem, dists)[:, problem.column]
    influence = _influences(scenario, dict(zip(uncertain, map(bool, direct), strict=True)))

    # The Monte Carlo run: rank correlations, EVPI and the break-even effect use it, and its
    # median NPV (the headline of `sekalk run` on the same draws and seed) stands beside the
    # base case of the one-way results.
    if result is None:
        result = simulate(scenario, draws=int(draws), seed=seed, payback=False, executor=executor)
    elif not _same_run(result, scenario, int(draws), seed):
        raise ValueError(
            "result must be a run of this scenario with the same draws and seed and the "
            "random sampler"
        )
    npv_draws = result.npv(perspective)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0x5E45,)))

    # one sort of each parameter's draws, for its ranks and its EVPPI
    orders = (
        {pid: np.argsort(result.parameters[pid]) for pid in uncertain}
        if {"rank", "voi"} & set(chosen)
        else {}
    )
    tornado = _tornado(problem) if "tornado" in chosen else {}
    rho = rank_correlations(result, perspective, orders=orders) if "rank" in chosen else {}
    sobol: dict[str, SobolIndex] = {}
    if "sobol" in chosen and uncertain:
        sobol, gap, first = _sobol(problem, dists, int(sobol_n), rng, n_resamples)
        if scenario.correlations:
            notes.append(Note("sobol_correlations", {"n": len(scenario.correlations)}))
        code = "sobol_converged" if gap <= CONVERGENCE_TOLERANCE else "sobol_not_converged"
        notes.append(Note(code, {"gap": float(gap), "n": int(sobol_n)}))
        negative = tuple(
            pid for pid, s in sobol.items() if s.first < 0 and s.first_ci[0] <= 0 <= s.first_ci[1]
        )
        if negative:
            notes.append(Note("sobol_negative", {"ids": negative}))
        if float(np.sum(first)) > 1.0 + CONVERGENCE_TOLERANCE:
            notes.append(Note("sobol_sum"))
    switching: dict[str, SwitchingValue] = {}
    if "switching" in chosen:
        switching, several = _switching(problem, dists)
        if several:
            notes.append(Note("several_roots", {"ids": tuple(several)}))
    breakeven = _breakeven_effect(problem, scenario, result) if "switching" in chosen else {}
    value_evpi = value_se = None
    voi: dict[str, tuple[float, float]] = {}
    if "voi" in chosen:
        value_evpi, value_se = evpi(npv_draws)
        voi = {
            pid: evppi(result.parameters[pid], npv_draws, rng=rng, order=orders[pid])
            for pid in uncertain
        }
        if uncertain:
            notes.append(Note("evppi_method"))
    if "rank" in chosen and scenario.correlations:
        notes.append(Note("rank_correlations"))

    rows = [
        ParameterSensitivity(
            id=pid,
            label=params[pid].label,
            evidence=dists[pid].evidence,
            tornado=tornado.get(pid),
            spearman=rho.get(pid),
            sobol=sobol.get(pid),
            switching_value=switching.get(pid),
            evppi=voi[pid][0] if pid in voi else None,
            evppi_se=voi[pid][1] if pid in voi else None,
            influence=influence[pid],
        )
        for pid in uncertain
    ]
    rows.sort(key=_ranking_key(chosen), reverse=True)
    settings: dict[str, Any] = {
        "draws": int(draws),
        "seed": seed,
        "sampler": "random",
        "overrides": [o.to_dict() for o in scenario.overrides],
    }
    if "sobol" in chosen:
        settings["sobol_n"] = int(sobol_n)
        settings["bootstrap_resamples"] = n_resamples
    labels = {o.id: o.label for o in scenario.outcomes}
    return SensitivityResult(
        perspective=perspective,
        base_npv=base_npv,
        evpi=value_evpi,
        evpi_se=value_se,
        parameters=tuple(rows),
        breakeven_effect=breakeven,
        notes=tuple(notes),
        methods=chosen,
        scenario_title=scenario.title,
        scenario_sha256=scenario.sha256,
        settings=settings,
        currency=scenario.settings.currency,
        lang=lang,
        labels=labels,
        npv_median=float(np.median(npv_draws)),
        npv_mean=float(np.mean(npv_draws)),
        prob_npv_negative=float(np.mean(npv_draws < 0)),
        prob_npv_positive=float(np.mean(npv_draws > 0)),
    )


def _same_run(result: Result, scenario: Scenario, draws: int, seed: int) -> bool:
    """Whether ``result`` is the plain Monte Carlo run :func:`sensitivity` would make (of an
    equal scenario: the same model and numbers, overrides applied)."""
    settings = result.settings
    return (
        (result.scenario is scenario or result.scenario == scenario)
        and settings.draws == draws
        and settings.seed == seed
        and settings.sampler == "random"
        and settings.precision is None
    )


def _ranking_key(methods: tuple[str, ...]) -> Callable[[ParameterSensitivity], float]:
    def finite(x: float | None) -> float:
        return x if x is not None and math.isfinite(x) else -math.inf

    if "sobol" in methods:
        return lambda p: finite(p.sobol.total if p.sobol else None)
    if "tornado" in methods:
        return lambda p: finite(abs(p.tornado.swing) if p.tornado else None)
    if "rank" in methods:
        return lambda p: finite(abs(p.spearman) if p.spearman is not None else None)
    if "voi" in methods:
        return lambda p: finite(p.evppi)
    return lambda p: 0.0
