"""The lifetime-vs-average pair: the figures quoted in README.md are what the files give.

Both files are simulated with the README's settings (100 000 draws, seed 1); the README rounds
to 0.1 MSEK, whole percent and two decimals, so these checks are exact reproductions of the
printed figures, not Monte Carlo tolerances.
"""

from __future__ import annotations

import numpy as np
import pytest

import sekalk

from .conftest import ROOT

README_FIGURES = {
    # file: (npv p05, p50, p95 [MSEK], P(NPV>0) [%], bcr p50, successes needed p50)
    "par_livstid_utanforskap": (-5.0, 8.0, 28.7, 83, 2.61, 0.81),
    "par_genomsnittlig_skillnad": (-5.1, -2.1, 2.7, 20, 0.57, 3.66),
}


@pytest.fixture(scope="module")
def results():
    return {
        name: sekalk.simulate(
            sekalk.load(ROOT / "scenarios" / f"{name}.toml"), draws=100_000, seed=1, payback=False
        )
        for name in README_FIGURES
    }


@pytest.mark.parametrize("name", README_FIGURES)
def test_readme_figures(results, name):
    summary = results[name].to_dict()  # the JSON summary the README figures were read from
    society = summary["perspectives"]["society"]
    p05, p50, p95, prob, bcr, needed = README_FIGURES[name]
    npv = [round(society["npv"][k] / 1e6, 1) for k in ("p05", "p50", "p95")]
    assert npv == [p05, p50, p95]
    assert round(100 * society["prob_npv_positive"]) == prob
    assert round(society["bcr"]["p50"], 2) == bcr
    assert round(summary["breakeven"]["successes_needed"]["p50"], 2) == needed


def test_pair_differs_only_in_the_valuation(results):
    a, b = (results[n] for n in README_FIGURES)
    # same draws of costs and avoided outcomes (same parameter ids -> common random numbers)
    np.testing.assert_array_equal(a.output("pv_costs"), b.output("pv_costs"))
    np.testing.assert_array_equal(a.avoided_outcomes, b.avoided_outcomes)
    ratio = np.median(a.output("pv_benefits")) / np.median(b.output("pv_benefits"))
    assert 4.0 < ratio < 5.0  # README: "a factor of about 4.5 (1 / 0.22)"
