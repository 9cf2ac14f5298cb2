"""``Distribution.cdf``: scipy's numbers, bit for bit, where a kind computes it without
``scipy.stats`` (the lognormal and the untruncated normal), and scipy's own elsewhere."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sekalk.distributions.lognormal import Lognormal
from sekalk.distributions.normal import Normal


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
        assert dist.cdf(float(v)) == float(ref.cdf(v)), v
    assert math.isnan(dist.cdf(math.nan))


def test_cdf_of_other_distributions_asks_scipy():
    dist = Normal(0.0, 1.0, min=-1.0, max=2.0)  # truncated: scipy's truncnorm
    assert dist.cdf(0.3) == float(dist.to_scipy().cdf(0.3))
