"""``repr`` of result objects: one short line, no arrays."""

from __future__ import annotations

import numpy as np

from sekalk.simulation import simulate


def test_result_repr_is_short_and_states_the_headline(uncertain_scenario):
    r = simulate(uncertain_scenario, draws=400, seed=7, sampler="random")
    text = repr(r)
    assert "\n" not in text and len(text) < 400
    assert "array" not in text and "np." not in text
    npv = r.npv("society")
    # independent of Result.stats: numpy's mean and default (linear) quantiles
    lo, hi = np.quantile(npv, [0.05, 0.95])
    assert text == (
        f"Result('Uncertain', draws=400, seed=7, sampler='random', "
        f"perspectives={r.perspectives!r}, society NPV mean {np.mean(npv):,.0f} SEK, "
        f"90% interval [{lo:,.0f}, {hi:,.0f}] SEK)"
    )


def test_containers_of_results_print_short(uncertain_scenario, hand_scenario):
    from sekalk.comparison import compare

    cmp = compare([uncertain_scenario, hand_scenario], draws=200, seed=1)
    assert "array" not in repr(cmp) and len(repr(cmp)) < 1200
    from sekalk.portfolio import portfolio

    port = portfolio([uncertain_scenario, hand_scenario], draws=200, seed=1)
    assert "array" not in repr(port) and len(repr(port)) < 1200
