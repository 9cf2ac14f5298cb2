"""Plots: every kind for every example scenario, the pure helpers against hand calculations."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from sekalk.report import plots
from sekalk.report.i18n import fmt_pct
from sekalk.simulation import simulate

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def results():
    return {p.stem: simulate(p, draws=2000, seed=3) for p in SCENARIOS}


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


# ----------------------------------------------------------------------------- helpers


def test_exceedance_by_hand():
    # values 1, 2, 3, 4: P(> 0) = 1, P(> 2) = 2/4, P(> 4) = 0, P(> 2.5) = 2/4
    got = plots.exceedance([3, 1, 4, 2], [0, 2, 2.5, 4])
    np.testing.assert_allclose(got, [1.0, 0.5, 0.5, 0.0])


def test_paid_back_by_counts_never_as_not_paid():
    # paid back in years 0, 2, 1 and never: by t = 0: 1/4, t = 1: 2/4, t = 2: 3/4, t = 3: 3/4
    got = plots.paid_back_by([0, 2, np.nan, 1], 4)
    np.testing.assert_allclose(got, [0.25, 0.5, 0.75, 0.75])


@pytest.mark.parametrize(
    ("values", "lang", "factor", "unit"),
    [
        ([-5.6e6, 1.1e6], "sv", 1e6, "mnkr"),
        ([-5.6e6, 1.1e6], "en", 1e6, "SEK m"),
        ([900, 20_000], "sv", 1e3, "tkr"),
        ([12, 300], "sv", 1.0, "kr"),
        ([2e9], "en", 1e9, "SEK bn"),
    ],
)
def test_money_scale(values, lang, factor, unit):
    assert plots.money_scale(values, lang) == plots.MoneyScale(factor, unit)


@pytest.mark.parametrize(
    ("value", "attribute", "lang", "expected"),
    [
        (0.65, "share", "sv", "65\u00a0%"),  # no-break space before %
        (0.055, "share", "en", "5.5%"),
        (0.035, "discount_rate", "sv", "3,5\u00a0%"),
        (1.6e6, "annual", "sv", "1,6\u00a0mnkr"),  # money: no-break space before the unit
        (-104_000, "annual", "en", "−SEK\u00a0104k"),
        (0.74, "relative_risk", "sv", "0,74"),
        (40.2, "participants_per_year", "sv", "40"),
        (float("nan"), "share", "sv", "–"),
    ],
)
def test_fmt_value(value, attribute, lang, expected):
    assert plots.fmt_value(value, attribute, lang) == expected


def test_interval_matches_numpy_quantiles():
    x = np.arange(101, dtype=float)  # quantiles of 0..100 are 5, 50, 95 exactly
    assert plots.Interval.of(np.append(x, np.nan)) == plots.Interval(5.0, 50.0, 95.0)


def test_actor_flows_add_up(results):
    r = results["tutorial"]
    flows = {a.perspective: a for a in plots.actor_flows(r)}
    npv = r.npv("society")
    assert flows["society"].net.p50 == pytest.approx(np.quantile(npv, 0.5))


def test_plain_escapes_mathtext():
    assert plots.plain("Cost $5 and $x$ \\frac{") == r"Cost \$5 and \$x\$ \frac{"


# ----------------------------------------------------------------------------- figures


def test_npv_plot_states_probability_of_gain(results):
    r = results["foraldrastod_fullfoljda_studier"]
    prob = float(np.mean(r.npv() > 0))  # independent of Result.prob_npv_positive
    fig = r.plot_npv(lang="en")
    assert f"P(NPV > 0) = {fmt_pct(prob, 'en')}" in _texts(fig)


@pytest.mark.parametrize("scenario", [p.stem for p in SCENARIOS])
def test_every_kind_renders_for_every_scenario(results, scenario, tmp_path):
    r = results[scenario]
    for i, kind in enumerate(plots.PLOT_KINDS):
        # alternate formats so both are exercised for every kind across the scenarios
        suffix = (
            ".svg" if (i + SCENARIOS.index(ROOT / "scenarios" / f"{scenario}.toml")) % 2 else ".png"
        )
        out = tmp_path / f"{kind}{suffix}"
        fig = plots.PLOT_KINDS[kind](r, None, "society")
        plots.save_figure(fig, out)
        data = out.read_bytes()
        assert len(data) > 1000
        if suffix == ".png":
            assert data.startswith(PNG_SIGNATURE)
        else:
            root = ET.fromstring(data)
            assert root.tag.endswith("svg")
            # no external reference (namespaces and the DTD id are names, never fetched)
            assert b'href="http' not in data and b"url(http" not in data


def test_result_plot_methods_return_figures(results):
    from matplotlib.figure import Figure

    r = results["tutorial"]
    for fig in (
        r.plot_npv(),
        r.plot_scurve("public_sector"),
        r.plot_cashflow("kommun"),
        r.plot_actors(),
        r.plot_logic(lang="en"),
    ):
        assert isinstance(fig, Figure)


def test_cashflow_for_actor_without_costs(results):
    r = results["tutorial"]
    fig = r.plot_cashflow("individ", lang="en")
    assert "No payback time: this perspective pays no intervention costs" in _texts(fig)


def test_save_figure_rejects_other_suffixes(results, tmp_path):
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        plots.save_figure(results["tutorial"].plot_npv(), tmp_path / "x.pdf")
    assert not list(tmp_path.iterdir())


def test_figure_svg_is_a_fragment_with_prefixed_ids(results):
    svg = plots.figure_svg(results["tutorial"].plot_npv(), prefix="f1", title='a "b" <c>')
    assert svg.startswith("<svg")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<metadata" not in svg
    root = ET.fromstring(svg)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids and all(i.startswith("f1-") for i in ids)
    assert 'aria-label="a &quot;b&quot; &lt;c&gt;"' in svg
    assert "url(#f1-" in svg


def test_same_input_same_svg(results):
    a = plots.figure_svg(results["tutorial"].plot_logic(), prefix="x")
    b = plots.figure_svg(results["tutorial"].plot_logic(), prefix="x")
    assert a == b


def test_logic_chain_values(results):
    r = results["foraldrastod_fullfoljda_studier"]
    cols = plots.logic_chain(r, "sv")
    # participants, two logic steps, one outcome, six consequences
    assert [len(c) for c in cols] == [1, 1, 1, 1, 6]
    step = cols[1][0]
    # beta(mean 0.65, sd 0.1): median and 90 % interval from scipy
    from scipy import stats

    m, v = 0.65, 0.1**2
    k = m * (1 - m) / v - 1
    lo, med, hi = stats.beta(m * k, (1 - m) * k).ppf([0.05, 0.5, 0.95])
    text, grade = step.lines[0]
    assert grade == "assumption"
    assert text == f"andel: {fmt_pct(med, 'sv')} ({fmt_pct(lo, 'sv')} till {fmt_pct(hi, 'sv')})"
    outcome = cols[3][0]
    assert [g for _t, g in outcome.lines] == ["research", "assumption"]
    assert outcome.evidence == "assumption"  # the weakest grade colours the box


def _sens(n: int = 3):
    params = []
    for i in range(n):
        params.append(
            SimpleNamespace(
                id=f"logic.s{i}.share",
                label=f"Step $ {i} <b>",
                evidence="assumption",
                tornado=SimpleNamespace(
                    low_value=0.1 * i,
                    high_value=0.2 + 0.1 * i,
                    npv_low=-1e6 * (i + 1),
                    npv_high=5e5 * (i + 1),
                    swing=1.5e6 * (i + 1),
                ),
                sobol=SimpleNamespace(
                    first=0.1 * i,
                    first_ci=(0.05 * i, 0.15 * i),
                    total=0.12 * i + 0.01,
                    total_ci=(0.1 * i, 0.14 * i + 0.02),
                ),
                spearman=0.3,
                switching_value=SimpleNamespace(value=0.4, percentile=0.8) if i == 1 else None,
                evppi=1000.0 * i,
                evppi_se=10.0,
            )
        )
    params.append(
        SimpleNamespace(
            id="scenario.discount_rate",
            label="Fixed",
            evidence=None,
            tornado=None,
            sobol=None,
            spearman=float("nan"),
            switching_value=None,
            evppi=0.0,
            evppi_se=0.0,
        )
    )
    return SimpleNamespace(
        perspective="society", base_npv=-2e5, parameters=params, evpi=12345.0, notes=["a note"]
    )


def test_tornado_orders_by_swing_and_labels_values():
    fig = plots.plot_tornado(_sens(), lang="en")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [r"Step \$ 0 <b>", r"Step \$ 1 <b>", r"Step \$ 2 <b>"]  # bottom to top
    texts = _texts(fig)
    assert " 20% " in texts and " 40% " in texts  # low/high values of step 2 as shares


def test_sobol_plot_renders():
    fig = plots.plot_sobol(_sens(), lang="sv")
    assert "Sobolindex: andel av osäkerheten som varje antagande står för" in _texts(fig)
    plots.figure_svg(fig, prefix="s")


def test_money_axis_ticks_step_by_1_2_or_5_and_read_evenly():
    import numpy as np

    from sekalk.report.plots import _money_axis, _new_figure, money_scale

    fig = _new_figure(6, 3)
    ax = fig.add_subplot()
    ax.set_xlim(-1.9e6, 0.1e6)  # a range where an automatic step of 0.25 mnkr is likely
    scale = money_scale([-1.9e6, 0.1e6], "sv")
    _money_axis(ax, "x", scale, "sv")
    ticks = ax.get_xticks() / scale.factor
    steps = np.unique(np.round(np.diff(ticks), 9))
    assert len(steps) == 1
    mantissa = steps[0] / 10 ** np.floor(np.log10(steps[0]))
    assert round(mantissa, 9) in (1.0, 2.0, 5.0)
