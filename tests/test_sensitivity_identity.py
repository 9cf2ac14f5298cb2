"""The sensitivity analysis's shortcuts give the numbers of the public scipy calls they replace.

The sensitivity JSON of every example is pinned by the sha256 of its document as computed
before the shortcuts (``tests/data/sensitivity_json_sha256.json``): regenerate the hashes only
when a number is changed on purpose.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from sekalk.sensitivity_analysis import _spline_basis, sensitivity

from .conftest import ROOT

HASHES = Path(__file__).parent / "data" / "sensitivity_json_sha256.json"


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
