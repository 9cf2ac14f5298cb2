"""The sensitivity analysis's shortcuts give the numbers of the public scipy calls they replace.

The sensitivity JSON of every example is pinned by the sha256 of its document as computed
before the shortcuts (``tests/data/sensitivity_json_sha256.json``): regenerate the hashes only
when a number is changed on purpose.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pytest

from sekalk.distributions.lognormal import Lognormal
from sekalk.distributions.normal import Normal
from sekalk.sensitivity_analysis import _cdf, _spline_basis, sensitivity

from .conftest import ROOT

HASHES = Path(__file__).parent / "data" / "sensitivity_json_sha256.json"


@pytest.mark.parametrize(
    "dist",
    [Lognormal(0.3, 0.8), Lognormal(-2.0, 0.05), Normal(10.0, 3.0), Normal(-1.0, 1e-3)],
    ids=repr,
)
def test_cdf_equals_scipy(dist):
    ref = dist.to_scipy()
    rng = np.random.default_rng(8)
    values = [
        *ref.ppf(rng.random(200)),
        *ref.ppf([1e-12, 0.5, 1 - 1e-12]),
        0.0,
        -0.0,
        -1.0,
        1e300,
        -1e300,
        math.inf,
        -math.inf,
        dist.mu,
    ]
    for v in values:
        assert _cdf(dist, float(v)) == float(ref.cdf(v)), v
    assert math.isnan(_cdf(dist, math.nan))


def test_cdf_of_other_distributions_asks_scipy():
    dist = Normal(0.0, 1.0, min=-1.0, max=2.0)  # truncated: scipy's truncnorm
    assert _cdf(dist, 0.3) == float(dist.to_scipy().cdf(0.3))


def test_spline_basis_equals_scipy_on_sorted_values():
    """The EVPPI basis: rows evaluated at the draws in their own order and knots from
    ``sorted_quantiles`` equal scipy's matrix of the sorted draws (knots from ``np.quantile``)
    put back in the draws' order."""
    from scipy.interpolate import BSpline

    rng = np.random.default_rng(21)
    samples = [
        rng.lognormal(size=20_000),
        rng.integers(0, 200, 20_000).astype(float),  # many ties
        np.round(rng.normal(size=20_000), 2),
        rng.beta(0.3, 0.3, size=20_000),
        np.concatenate([np.zeros(10_000), rng.random(10_000)]),  # a lump at the lower end
    ]
    for x in samples:
        order = np.argsort(x, kind="stable")
        ordered = x[order]
        lo, hi = ordered[0], ordered[-1]
        inner = np.unique(np.quantile(ordered, np.linspace(0.0, 1.0, 12)[1:-1]))
        inner = inner[(inner > lo) & (inner < hi)]
        knots = np.concatenate([[lo] * 4, inner, [hi] * 4])
        rank = np.empty(order.size, dtype=np.intp)
        rank[order] = np.arange(order.size)
        expected = BSpline.design_matrix(ordered, knots, 3, extrapolate=True).toarray()[rank]
        assert np.array_equal(_spline_basis(x, 10, np.argsort(x)), expected)
        assert np.array_equal(_spline_basis(x, 10), expected)


def test_sensitivity_json_unchanged():
    """Every example's sensitivity document has the bytes pinned before the shortcuts."""
    expected = json.loads(HASHES.read_text(encoding="utf-8"))
    examples = sorted((ROOT / "scenarios").glob("*.toml"))
    assert sorted(expected) == [p.stem for p in examples]
    for path in examples:
        doc = sensitivity(path, draws=2048, seed=11, sobol_n=256, n_resamples=50).to_dict()
        doc["sekalk_version"] = "<version>"
        data = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False).encode()
        assert hashlib.sha256(data).hexdigest() == expected[path.stem], path.name
