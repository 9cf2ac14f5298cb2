"""What the commands import and compute besides the draws (issue 17: cold-start latency)."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from sekalk.result import FLOW_QUANTILES
from sekalk.sampling import BLOCK_SIZE
from sekalk.simulation import simulate

from .conftest import ROOT

EXAMPLE = str(ROOT / "scenarios" / "foraldrastod_fullfoljda_studier.toml")


def test_report_imports_neither_pandas_nor_scipy_stats(tmp_path):
    code = (
        "import sys\n"
        "from sekalk.cli import main\n"
        "try:\n"
        "    main(['report', sys.argv[1], '-o', sys.argv[2], '--draws', '3000'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "print(sorted(m for m in ('pandas', 'scipy.stats') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, EXAMPLE, str(tmp_path / "r.html")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_validate_imports_no_scipy(tmp_path):
    # reading and checking a file needs no quantile: scipy.special (about half of the floor
    # ``import numpy, scipy.special``) is imported at the first quantile only
    code = (
        "import sys\n"
        "from sekalk.cli import main\n"
        "try:\n"
        "    main(['validate', sys.argv[1]])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "print(sorted(m for m in ('scipy', 'matplotlib', 'pandas', 'jinja2') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, EXAMPLE], cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_lazy_module_imports_at_first_use():
    from sekalk.lazy import LazyModule

    name = "sekalk.report.describe"  # not imported by importing sekalk.lazy
    code = (
        "import sys\n"
        "from sekalk.lazy import LazyModule\n"
        f"m = LazyModule({name!r})\n"
        f"before = {name!r} in sys.modules\n"
        "f = m.describe_distribution\n"
        f"print(before, {name!r} in sys.modules, callable(f))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "True"]
    import scipy.special

    assert LazyModule("scipy", "scipy.special").special.ndtri is scipy.special.ndtri


def test_flow_quantiles_equal_numpy_and_the_flows_table(uncertain_scenario):
    r = simulate(uncertain_scenario, 5000, seed=3)
    cum = r.cumulative_sample
    table = r.flows
    for qi, p in enumerate(r.perspectives):
        got = r.flow_quantiles(p)
        expected = np.quantile(cum[:, qi, :], FLOW_QUANTILES, axis=0)
        assert got["draws_used"] == 5000
        assert np.array_equal(got["year"], np.arange(cum.shape[2]))
        for k, lv in enumerate(FLOW_QUANTILES):
            assert np.array_equal(got[f"p{round(lv * 100):02d}"], expected[k])
        assert np.allclose(got["mean"], cum[:, qi, :].mean(axis=0), rtol=1e-12, atol=1e-6)
        rows = table[table["perspective"] == p]
        assert np.array_equal(rows["p50"].to_numpy(), got["p50"])
        assert np.array_equal(rows["mean"].to_numpy(), got["mean"])
    # a copy each time: the caller may not change the cached arrays
    r.flow_quantiles()["p50"][:] = 0.0
    assert np.array_equal(r.flow_quantiles()["p50"], np.quantile(cum[:, 0, :], 0.5, axis=0))


@pytest.mark.parametrize("draws", [5000, BLOCK_SIZE + 17])
def test_kept_flows_equal_the_flows_drawn_again(uncertain_scenario, draws):
    again = simulate(uncertain_scenario, draws, seed=6)
    kept = simulate(uncertain_scenario, draws, seed=6, keep_flows=True)
    assert "cumulative_sample" in kept.__dict__  # kept by the run, not drawn again
    assert "cumulative_sample" not in again.__dict__
    assert np.array_equal(kept.cumulative_sample, again.cumulative_sample)
    assert kept.to_json() == again.to_json()
    assert kept.flows.equals(again.flows)
    with ThreadPoolExecutor(2) as pool:
        threaded = simulate(uncertain_scenario, draws, seed=6, keep_flows=True, executor=pool)
    assert np.array_equal(threaded.cumulative_sample, again.cumulative_sample)
    assert threaded.to_json() == again.to_json()
    # the NPV-only path has no flows to keep
    npv_only = simulate(uncertain_scenario, draws, seed=6, payback=False, keep_flows=True)
    with pytest.raises(ValueError, match="yearly flows were not computed"):
        _ = npv_only.flows
