"""The shared powers and geometric sums of one ``evaluate`` call (``engine._Powers``) and the
per-weight products of ``_add_weighted``: bit for bit what the formulas computed afresh give.

The old formulas are written out here as they were before the sharing, and every comparison
is of the bytes (NaNs, infinities and signed zeros included).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sekalk import engine, simulation
from sekalk.scenario import load

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
REFERENCE = Path(__file__).resolve().parent.parent / "benchmarks" / "reference.toml"


def same_bits(a, b) -> bool:
    """Whether two arrays (or numbers) hold the same float64 values, byte for byte."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return (
        a.shape == b.shape
        and np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()
    )


def old_power_minus_one(dx, exponent):
    """``_power_minus_one`` as it was: every square computed afresh."""
    result = None
    e = dx
    while True:
        if exponent & 1:
            if result is None:
                result = e
            else:
                combined = e + 1.0
                combined *= result
                combined += e
                result = combined
        exponent >>= 1
        if not exponent:
            return result
        square = e + 2.0
        square *= e
        e = square


def old_whole_geometric_sum(ratio, count):
    """The fast path of ``geometric_sum`` (a whole count 2..4096) as it was."""
    x = np.asarray(ratio, dtype=float)
    n = np.asarray(count, dtype=float)
    dx = x - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.divide(old_power_minus_one(dx, int(n)), dx, out=np.empty(x.shape))
    if dx.size and not (dx.max() < 0.0 or dx.min() > 0.0):
        out[dx == 0.0] = n
    return out


#: Counts in an order that makes later ones reuse, and extend, the squares of earlier ones.
COUNTS = [36, 2, 35, 3, 34, 15, 10, 25, 2, 64, 1, 0, 40, 4096, 4097, 5, 36, 4095]

RATIOS = {
    "below one": np.linspace(0.5, 0.999, 257),
    "around one": np.array([0.9, 1.0 - 1e-9, 1.0, 1.0 + 1e-9, 1.05, 1.0, 0.0]),
    "with a nan": np.array([0.97, np.nan, 1.0, 0.99999]),
    "above one": np.array([1.0 + 1e-12, 1.01, 1.3]),
    "ends": np.array([0.0, 5e-324, np.inf, 1.0, -0.0]),
    "a number": 0.9661835748792271,
    "a 0-d array": np.asarray(1.0),
}


@pytest.mark.parametrize("name", sorted(RATIOS))
def test_shared_geometric_sums_are_the_old_ones_bit_for_bit(name):
    ratio = RATIOS[name]
    powers = engine._Powers()
    with np.errstate(all="ignore"):
        for count in COUNTS:
            got = powers.series(ratio, count)
            if 2 <= count <= 4096:
                expected = old_whole_geometric_sum(ratio, count)
            else:  # no term, one term, or the exact path: geometric_sum itself
                expected = engine.geometric_sum(ratio, count)
            assert same_bits(got, expected), count
            # and geometric_sum on its own gives the same numbers
            assert same_bits(engine.geometric_sum(ratio, count), expected), count
            # the second time round is the same array, not recomputed
            assert powers.series(ratio, count) is got


def test_shared_squares_in_any_order_are_the_old_powers():
    rng = np.random.default_rng(17)
    dx = rng.uniform(-0.2, 0.2, 1000)
    dx[:3] = (0.0, -1e-15, 1e-15)
    squares = [dx]
    for exponent in rng.permutation(np.arange(2, 130)):
        got = engine._power_minus_one(dx, int(exponent), squares)
        assert same_bits(got, old_power_minus_one(dx, int(exponent))), exponent
    assert len(squares) == 8  # e_1 .. e_128: what the largest exponent, 129, needs
    assert squares[0] is dx


@pytest.mark.parametrize("base", [np.linspace(0.0, 1.2, 101), 0.97, np.asarray(1.03)])
def test_shared_powers_are_int_power_bit_for_bit(base):
    powers = engine._Powers()
    for exponent in [7, 0, 1, 2, 7, 31, 5, 40, 1, 0]:
        got = powers.power(base, exponent)
        assert same_bits(got, engine.int_power(base, exponent)), exponent
    assert powers.power(base, 1) is base  # int_power's base itself


def test_two_arrays_of_the_same_numbers_are_not_confused_with_other_numbers():
    """The key of an array is the array itself: another array gets its own sums."""
    powers = engine._Powers()
    a, b = np.full(4, 0.9), np.full(4, 0.8)
    assert same_bits(powers.series(a, 6), old_whole_geometric_sum(a, 6))
    assert same_bits(powers.series(b, 6), old_whole_geometric_sum(b, 6))
    assert same_bits(powers.power(b, 3), engine.int_power(b, 3))
    assert same_bits(powers.power(a, 3), engine.int_power(a, 3))


def old_add_weighted(target, pv, weights, written):
    """``_add_weighted`` as it was: one product per column."""
    for q in np.flatnonzero(weights):
        w = weights[q]
        term = pv if w == 1.0 else np.multiply(pv, w)
        if written[q]:
            target[:, q] += term
        else:
            np.add(0.0, term, out=target[:, q])
            written[q] = True


def test_add_weighted_with_repeated_weights_is_the_old_column_by_column_sum():
    rng = np.random.default_rng(5)
    n = 300
    pvs = [rng.normal(size=n) * 1e6, rng.normal(size=n), 2.5, np.full(n, -0.0)]
    pvs[0][:4] = (-0.0, 0.0, np.nan, np.inf)
    weights = [
        np.array([1.0, 1.0, 0.5, 0.5, 0.0, 0.0]),
        np.array([1.0, 0.3, 0.3, -1.0, -1.0, 0.7]),
        np.array([0.0, 1.0, 0.27, 0.15, 0.58, -1.0]),
        np.array([-0.0, 0.5, 0.5, 0.5, 1.0, 0.5]),
    ]
    new, old = np.full((n, 6), np.nan), np.full((n, 6), np.nan)
    new_written, old_written = np.zeros(6, dtype=bool), np.zeros(6, dtype=bool)
    for pv, w in zip(pvs, weights, strict=True):
        engine._add_weighted(new, pv, w, new_written)
        old_add_weighted(old, pv, w, old_written)
        assert np.array_equal(new_written, old_written)
        assert same_bits(new, old)


class _AfreshPowers:
    """``_Powers`` without any sharing: int_power and geometric_sum at every call (the
    engine as it was)."""

    def power(self, base, exponent):
        return engine.int_power(base, exponent)

    def series(self, ratio, count):
        return engine.geometric_sum(ratio, count)


def _result_arrays(result):
    names = (
        "pv_costs",
        "pv_benefits",
        "payback_year",
        "avoided_outcomes",
        "participants",
        "level_pv_costs",
        "level_pv_benefits",
        "level_avoided",
        "level_participants",
        "level_occurs",
    )
    return {name: getattr(result, name) for name in names if getattr(result, name) is not None}


@pytest.mark.parametrize(
    "path", [*sorted(SCENARIOS.glob("*.toml")), REFERENCE], ids=lambda p: p.stem
)
def test_simulate_with_shared_powers_is_bitwise_the_afresh_one(path, monkeypatch):
    """Every example scenario (correlated inputs, three levels with events, the reference
    model), every sampler, with and without the payback years."""
    scenario = load(path)
    runs = [(11, "random", False, 1000), (2, "lhs", True, 700), (4, "sobol", False, 1024)]
    for seed, sampler, payback, draws in runs:
        shared = simulation.simulate(scenario, draws, seed, sampler, payback=payback)
        with monkeypatch.context() as patch:
            patch.setattr(engine, "_Powers", _AfreshPowers)
            afresh = simulation.simulate(scenario, draws, seed, sampler, payback=payback)
        for name, array in _result_arrays(shared).items():
            assert same_bits(array, getattr(afresh, name)), (sampler, name)


@pytest.mark.parametrize("path", [SCENARIOS / "foraldrastod_tre_nivaer.toml", REFERENCE])
def test_evaluate_at_the_ends_of_every_distribution_and_at_fixed_values(path, monkeypatch):
    """Draws at u = 0, a hair above, 1/2, a hair below 1 and 1 (infinities and NaNs where
    the inverse CDFs give them), and every parameter a number (no array at all)."""
    scenario = load(path)
    model = engine.compile_model(scenario)
    design = simulation.make_design(scenario)
    u = np.array([0.0, 1e-300, 0.5, 1.0 - 2.0**-53, 1.0])
    at_ends = {**design.fixed}
    for pid, dist in zip(design.uncertain, design.dists, strict=True):
        at_ends[pid] = np.asarray(dist.ppf(u), dtype=float)
    for uniform in design.events:
        at_ends[uniform] = u
    medians = {**design.fixed}
    medians.update((pid, float(v[2])) for pid, v in at_ends.items() if np.ndim(v))
    for values, n in ((at_ends, u.size), (medians, 1)):
        for yearly in (False, True):
            with np.errstate(all="ignore"):
                shared = engine.evaluate(model, values, n, yearly=yearly)
                with monkeypatch.context() as patch:
                    patch.setattr(engine, "_Powers", _AfreshPowers)
                    afresh = engine.evaluate(model, values, n, yearly=yearly)
            for name in ("pv_costs", "pv_benefits", "level_pv_costs", "level_pv_benefits"):
                assert same_bits(getattr(shared, name), getattr(afresh, name)), name
            if yearly:
                assert np.array_equal(shared.payback_year, afresh.payback_year, equal_nan=True)
