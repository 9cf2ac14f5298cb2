"""The Monte Carlo error line of the terminal report."""

from __future__ import annotations

import math

import numpy as np

from sekalk.metrics import quantile_ci
from sekalk.report.i18n import fmt_money, fmt_pct
from sekalk.report.text import mc_error_line, precision_line
from sekalk.simulation import simulate


def test_mc_error_line_numbers(uncertain_scenario):
    res = simulate(uncertain_scenario, draws=4000, seed=1, payback=False)
    npv = res.npv()
    lo, hi = quantile_ci(npv, 0.5)

    p05, p95 = np.quantile(npv, [0.05, 0.95])
    width = p95 - p05
    sd = npv.std(ddof=1)
    p = np.mean(npv > 0)
    line = mc_error_line(res, "en")
    assert fmt_money(sd / math.sqrt(4000), "en") in line
    assert fmt_pct(sd / math.sqrt(4000) / width, "en", 2) in line
    assert f"P(gain) ± {fmt_pct(math.sqrt(p * (1 - p) / 4000), 'en', 2)}" in line
    assert f"median: {fmt_money(lo, 'en')} to {fmt_money(hi, 'en')}" in line
    assert f"({fmt_pct((hi - lo) / 2 / width, 'en', 2)} of the interval width)." in line
    assert precision_line(res, "en") is None
