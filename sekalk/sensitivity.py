"""Which assumptions carry the result: sensitivity measures on the NPV of a perspective."""

from __future__ import annotations

import numpy as np
from scipy import stats

from sekalk.result import Result


def rank_correlations(result: Result, perspective: str = "society") -> dict[str, float]:
    """Spearman rank correlation of every uncertain parameter with the NPV of ``perspective``.

    Parameters
    ----------
    result
        A simulation result (its parameter draws and NPV draws are used; no new model runs).
    perspective
        The perspective whose NPV is ranked against.

    Returns
    -------
    dict
        Parameter id -> Spearman's rho in [-1, 1], in the scenario's parameter order; NaN where
        the parameter or the NPV does not vary.
    """
    npv = stats.rankdata(result.npv(perspective))
    out: dict[str, float] = {}
    for pid, draws in result.parameters.items():
        ranks = stats.rankdata(draws)
        if np.ptp(ranks) == 0 or np.ptp(npv) == 0:
            out[pid] = float("nan")
        else:
            out[pid] = float(np.corrcoef(ranks, npv)[0, 1])
    return out
