"""sekalk.ranks against scipy.stats (the reference it replaces at run time)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sekalk.ranks import rankdata, spearman


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("levels", [3, 50, None])
def test_rankdata_equals_scipy_with_ties(seed, levels):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 2000))
    x = rng.normal(size=n) if levels is None else rng.integers(0, levels, n).astype(float)
    assert np.array_equal(rankdata(x), stats.rankdata(x))  # bit for bit


@pytest.mark.parametrize("axis", [0, 1, -1, 2])
def test_rankdata_along_any_axis_equals_scipy(axis):
    rng = np.random.default_rng(7)
    x = rng.integers(0, 9, (4, 5, 300)).astype(float)
    assert np.array_equal(rankdata(x, axis=axis), stats.rankdata(x, axis=axis))


@pytest.mark.parametrize("shape", [(100_000,), (3, 5000), (5000, 3)])
def test_rankdata_without_ties_equals_scipy(shape):
    # continuous draws have no ties: ranks are the positions 1 .. n (the fast path)
    x = np.random.default_rng(11).random(shape)
    for axis in range(len(shape)):
        assert np.array_equal(rankdata(x, axis=axis), stats.rankdata(x, axis=axis))
    # one slice with a tie, the others without: every slice as scipy ranks it
    if len(shape) == 2:
        x[1, :2] = 0.5
        assert np.array_equal(rankdata(x, axis=1), stats.rankdata(x, axis=1))
    assert rankdata(np.array([2.0, 1.0, 3.0])).tolist() == [2.0, 1.0, 3.0]


@pytest.mark.parametrize("axis", [0, -1])
def test_rankdata_with_a_given_sort_order_equals_scipy(axis):
    """A caller's own argsort (any kind: ties in another order) gives the same ranks."""
    rng = np.random.default_rng(8)
    x = rng.integers(0, 40, (3, 500)).astype(float)
    for kind in ("stable", "quicksort"):
        order = np.argsort(x, axis=axis, kind=kind)
        assert np.array_equal(rankdata(x, axis=axis, order=order), stats.rankdata(x, axis=axis))
    y = rng.normal(size=1000)
    assert np.array_equal(rankdata(y, order=np.argsort(y)), stats.rankdata(y))


def test_rankdata_integers_and_hand_example():
    x = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])
    # sorted: 1 1 2 3 3 4 5 5 5 6 9 -> ranks 1.5 1.5 3 4.5 4.5 6 8 8 8 10 11
    expected = [4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]
    assert rankdata(x).tolist() == expected
    assert np.array_equal(rankdata(x), stats.rankdata(x))


def test_rankdata_nan_propagates_per_slice_like_scipy():
    x = np.array([[1.0, np.nan, 2.0, 2.0], [3.0, 1.0, 1.0, 0.5]])
    ours = rankdata(x, axis=1)
    assert np.isnan(ours[0]).all()
    assert ours[1].tolist() == [4.0, 2.5, 2.5, 1.0]
    assert np.array_equal(ours, stats.rankdata(x, axis=1), equal_nan=True)
    y = np.array([np.nan, np.nan, 1.0])
    assert np.array_equal(rankdata(y), stats.rankdata(y), equal_nan=True)


def test_rankdata_edge_shapes():
    assert rankdata([]).shape == (0,)
    assert rankdata(np.empty((3, 0))).shape == (3, 0)
    assert np.array_equal(rankdata(2.5), stats.rankdata(2.5))
    assert rankdata([7.0]).tolist() == [1.0]


def test_rankdata_1d_equals_the_nd_path_and_scipy():
    """A 1-d array takes its own path: the same ranks as a one-row 2-d array and scipy."""
    rng = np.random.default_rng(12)
    samples = [
        rng.random(5000),
        rng.integers(0, 30, 5000).astype(float),
        rng.integers(0, 30, 5000),  # integers
        np.array([np.inf, -np.inf, np.inf, 0.0, -0.0, 1.0]),  # infinities, signed zeros tie
        np.r_[rng.random(50), np.nan],
        np.array([4.0, 4.0, 4.0]),
    ]
    for x in samples:
        expected = stats.rankdata(x)
        assert np.array_equal(rankdata(x), expected, equal_nan=True)
        assert np.array_equal(rankdata(x[None, :], axis=1)[0], expected, equal_nan=True)
        for kind in ("stable", "quicksort"):
            order = np.argsort(x, kind=kind)
            assert np.array_equal(rankdata(x, order=order), expected, equal_nan=True)


def test_spearman_equals_scipy():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 10, 500).astype(float)
    y = x + rng.normal(size=500)
    assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-12)
    assert np.isnan(spearman(np.ones(5), np.arange(5.0)))
    assert np.isnan(spearman([1.0, np.nan, 3.0], [1.0, 2.0, 3.0]))


def test_rank_correlations_does_not_import_scipy_stats():
    import subprocess
    import sys

    code = (
        "import sys, sekalk\n"
        "from sekalk.sensitivity_analysis import rank_correlations\n"
        "r = sekalk.simulate('benchmarks/reference.toml', 2000)\n"
        "rank_correlations(r)\n"
        "print('scipy.stats' in sys.modules)\n"
    )
    from tests.conftest import ROOT

    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("n", [1, 2, 3, 20, 65_536, 1001])
def test_sorted_quantiles_equal_numpy_bit_for_bit(n):
    from sekalk.ranks import sorted_quantiles

    rng = np.random.default_rng(n)
    x = np.cumsum(rng.normal(size=(n, 3, 7)), axis=2) * 1e5
    x[:, 0, 0] = np.round(x[:, 0, 0], -5)  # ties
    if n > 3:
        x[1, 2, 3] = np.nan  # a column with a NaN is NaN
    qs = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)
    with np.errstate(invalid="ignore"):
        ours = sorted_quantiles(np.sort(x, axis=0), qs)
    expected = np.quantile(x, qs, axis=0)
    assert np.array_equal(ours, expected, equal_nan=True)


def test_cli_run_and_validate_do_not_import_scipy_stats(tmp_path):
    # README "Speed and memory": `sekalk run`, `validate` and `--help` do not import it
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import sys\n"
        "from sekalk.cli import main\n"
        "for args in (['--help'], ['validate', sys.argv[1]], ['run', sys.argv[1], '--quiet',"
        " '--draws', '3000']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code in (0, None), exc.code\n"
        "print('scipy.stats' in sys.modules)\n"
    )
    example = str(ROOT / "scenarios" / "foraldrastod_fullfoljda_studier.toml")
    out = subprocess.run(
        [sys.executable, "-c", code, example], cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False"
