"""The fund's portfolio: draw-by-draw totals, risk shares, budget, CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.errors import ScenarioError
from sekalk.portfolio import nominal_costs, portfolio, risk_shares
from sekalk.report.i18n import t
from sekalk.scenario import loads
from sekalk.simulation import simulate

from .conftest import HAND_TOML, UNCERTAIN_TOML

DRAWS = 3_000
SECOND = UNCERTAIN_TOML.replace('title = "Uncertain"', 'title = "Second"').replace(
    "completes", "other_step"
)


@pytest.fixture
def projects():
    return [
        loads(UNCERTAIN_TOML, file="a.toml"),
        loads(SECOND, file="b.toml"),
        loads(HAND_TOML, file="c.toml"),
    ]


def test_total_is_the_draw_by_draw_sum(projects):
    pr = portfolio(projects, draws=DRAWS, seed=4)
    assert pr.names == ("a", "b", "c")
    singles = [
        simulate(sc, draws=DRAWS, seed=4, payback=False, stream_namespace=name)
        for sc, name in zip(projects, pr.names, strict=True)
    ]
    for p in ("society", "kommun", "individ"):
        expected = np.zeros(DRAWS)
        for r in singles:
            expected = expected + (r.npv(p) if p in r.perspectives else 0.0)
        np.testing.assert_array_equal(pr.total_npv(p), expected)
    assert pr.prob_break_even() == np.mean(pr.total_npv() > 0)


def test_risk_shares_are_named_sum_to_one_and_match_the_covariance_formula(projects):
    pr = portfolio(projects, draws=DRAWS, seed=4)
    shares = pr.risk_shares()
    assert list(shares.index) == ["a", "b", "c"] and shares.name == "risk_share"
    assert shares.sum() == pytest.approx(1.0, abs=1e-12)
    x = pr.project_npvs()
    total = x.sum(axis=1)
    for i, name in enumerate(pr.names):
        cov = np.cov(x[:, i], total)
        assert shares[name] == pytest.approx(cov[0, 1] / cov[1, 1], rel=1e-9)
    assert np.isnan(risk_shares(np.ones((5, 2)))).all()
    kommun = pr.risk_shares("kommun")
    xk = pr.project_npvs("kommun")
    for i, name in enumerate(pr.names):
        cov = np.cov(xk[:, i], xk.sum(axis=1))
        assert kommun[name] == pytest.approx(cov[0, 1] / cov[1, 1], rel=1e-9)


def sd_ratio(total: np.ndarray, one: np.ndarray) -> tuple[float, float]:
    """sd(total) / sd(one) and its Monte Carlo standard error (delta method).

    log r = (log Var(total) - log Var(one)) / 2; a variance estimate's influence per draw is
    ``(x - mean)^2 / Var - 1`` (relative), so the standard error of log r is the sd of
    ``((t - mean_t)^2 / Var_t - (o - mean_o)^2 / Var_o) / 2`` over sqrt(n); r's is r times it.
    """
    tc, oc = total - total.mean(), one - one.mean()
    vt, vo = np.mean(tc**2), np.mean(oc**2)
    r = float(np.sqrt(vt / vo))
    influence = 0.5 * (tc**2 / vt - oc**2 / vo)
    return r, r * float(np.std(influence)) / np.sqrt(total.size)


#: Monte Carlo tests accept an estimate within this many standard errors of the exact value
#: (a correct implementation fails about once in 16,000 runs; the seeds are fixed).
K_SE = 4.0


def copies():
    """One project saved twice under different names (in different folders)."""
    return loads(UNCERTAIN_TOML, file="x/malmo.toml"), loads(UNCERTAIN_TOML, file="y/lund.toml")


def test_two_copies_under_different_names_are_independent():
    n = 40_000
    pr = portfolio(copies(), draws=n, seed=8)
    assert pr.independent and pr.shared == ()
    a, b = pr.results
    for pid in a.parameters:
        assert not np.array_equal(a.parameters[pid], b.parameters[pid]), pid
    x = pr.project_npvs()
    # Independent: the sample correlation has standard error 1/sqrt(n).
    assert abs(np.corrcoef(x[:, 0], x[:, 1])[0, 1]) < K_SE / np.sqrt(n)
    # sd(X1 + X2) = sqrt(2) sd(X1) for independent, identically distributed projects.
    r, se = sd_ratio(pr.total_npv(), x[:, 0])
    assert abs(r - np.sqrt(2.0)) < K_SE * se, (r, se)
    assert 0.0 < se < 0.02  # the test has power: 4 se is under 6 % of sqrt(2)
    # The report's "if the projects were independent" sd is sqrt(Var(X1) + Var(X2)).
    assert pr.npv_sd_if_uncorrelated() == pytest.approx(
        np.sqrt(np.var(x[:, 0], ddof=1) + np.var(x[:, 1], ddof=1)), rel=1e-12
    )


def test_two_copies_with_every_uncertain_id_shared_are_exactly_twice_one():
    a, b = copies()
    pr = portfolio([a, b], draws=DRAWS, seed=8, shared=list(a.uncertain_parameters))
    x = pr.project_npvs()
    np.testing.assert_array_equal(x[:, 0], x[:, 1])
    np.testing.assert_array_equal(pr.total_npv(), 2.0 * x[:, 0])
    assert np.std(pr.total_npv()) == 2.0 * np.std(x[:, 0])
    # ... and each project alone is what it is when nothing is shared (same marginal law):
    # the shared streams are the ones every scenario run without a portfolio uses.
    alone = simulate(a, draws=DRAWS, seed=8, payback=False)
    np.testing.assert_allclose(x[:, 0], alone.npv(), rtol=1e-12)


# A scenario whose society NPV is linear in two uncertain amounts, so the variance of a
# portfolio total has a closed form: the staff cost (years 0 and 1) and the yearly cost of care.
LINEAR_TOML = HAND_TOML.replace(
    "annual = 2000", 'annual = { dist = "uniform", min = 1000, max = 3000 }'
).replace("annual = 1000", 'annual = { dist = "uniform", min = 0, max = 3000 }')


def linear_coefficients() -> tuple[float, float]:
    """(beta, gamma): society NPV = beta * staff + gamma * care, written out year by year."""
    r = 0.05
    beta = -sum((1 + r) ** -t for t in (0, 1))  # staff paid in years 0 and 1
    avoided = 10 * 0.5 * 0.4 * (1 - 0.5) * 0.8  # per cohort: reached x risk x (1 - RR) x attr.
    gamma = 0.0
    for cohort in (0, 1):
        o = cohort + 1  # lag 1
        for year in range(o + 1, o + 1 + 2):  # start 1, duration 2
            if year < 6:
                gamma += avoided * 0.9 ** (year - o) * 0.5 * 1.02**year * (1 + r) ** -year
    # the transfer (social assistance) nets out for society
    return beta, gamma


def test_partly_shared_projects_have_the_closed_form_variance():
    a = loads(LINEAR_TOML, file="a.toml")
    b = loads(LINEAR_TOML, file="b.toml")
    n = 40_000
    staff, care = "intervention.costs.staff.annual", "outcomes.fail.consequences.care.annual"
    pr = portfolio([a, b], draws=n, seed=2, shared=[staff])
    beta, gamma = linear_coefficients()
    ra, rb = pr.results
    np.testing.assert_array_equal(ra.parameters[staff], rb.parameters[staff])
    assert not np.array_equal(ra.parameters[care], rb.parameters[care])
    for r in pr.results:
        np.testing.assert_allclose(
            r.npv(), beta * r.parameters[staff] + gamma * r.parameters[care], rtol=1e-9
        )
    # Var(total) = 4 beta^2 Var(staff) + 2 gamma^2 Var(care); Var(one) = beta^2 Var(staff) +
    # gamma^2 Var(care); a uniform(lo, hi) has variance (hi - lo)^2 / 12.
    v_staff, v_care = 2000.0**2 / 12, 3000.0**2 / 12
    one = beta**2 * v_staff + gamma**2 * v_care
    expected = np.sqrt((4 * beta**2 * v_staff + 2 * gamma**2 * v_care) / one)
    assert np.sqrt(2) + 0.1 < expected < 2 - 0.1  # a genuinely partial case
    r, se = sd_ratio(pr.total_npv(), pr.project_npvs()[:, 0])
    assert abs(r - expected) < K_SE * se, (r, expected, se)
    doc = pr.to_dict()
    assert doc["shared_parameter_ids"] == [staff]
    assert doc["shared_assumptions"] == [
        {"id": staff, "projects": ["a", "b"], "same_distribution": True}
    ]
    assert doc["common_ids_drawn_independently"] == [care]
    assert doc["total"]["society"]["npv_sd_if_uncorrelated"] == pytest.approx(
        np.sqrt(np.sum(np.var(pr.project_npvs(), axis=0, ddof=1))), rel=1e-12
    )


def test_a_project_is_identified_by_its_name_not_by_order_folder_or_company():
    a, b = copies()
    c = loads(SECOND, file="c.toml")
    first = portfolio([a, b, c], draws=DRAWS, seed=5)
    swapped = portfolio(
        [c, loads(UNCERTAIN_TOML, file="elsewhere/lund.toml"), a], draws=DRAWS, seed=5
    )
    alone = portfolio([a], draws=DRAWS, seed=5)
    by_name = dict(zip(swapped.names, swapped.results, strict=True))
    for name, r in zip(first.names, first.results, strict=True):
        np.testing.assert_array_equal(r.npv(), by_name[name].npv())
    np.testing.assert_array_equal(first.results[0].npv(), alone.results[0].npv())
    other_seed = portfolio([a], draws=DRAWS, seed=6)
    assert not np.array_equal(other_seed.results[0].npv(), alone.results[0].npv())
    renamed = portfolio([a], draws=DRAWS, seed=5, names=["malmo 2"])
    assert not np.array_equal(renamed.results[0].npv(), alone.results[0].npv())


def test_two_projects_with_one_name_are_refused():
    a = loads(UNCERTAIN_TOML, file="x/a.toml")
    b = loads(SECOND, file="y/a.toml")
    with pytest.raises(ScenarioError, match="2 projects are named 'a'"):
        portfolio([a, b], draws=10)
    with pytest.raises(ScenarioError, match="projects are named 'Uncertain'"):
        portfolio([loads(UNCERTAIN_TOML), loads(UNCERTAIN_TOML)], draws=10)
    pr = portfolio([a, b], draws=10, names=["a1", "a2"])
    assert pr.names == ("a1", "a2")
    with pytest.raises(ValueError, match="unique"):
        portfolio([a, b], draws=10, names=["a", "a"])


def test_shared_ids_are_checked(projects):
    with pytest.raises(ScenarioError, match=r"did you mean 'outcomes\.fail\.effect'"):
        portfolio(projects, draws=10, shared=["outcomes.fail.efect"])
    with pytest.raises(ScenarioError, match="fixed number in every project"):
        portfolio(projects, draws=10, shared=["outcomes.fail.consequences.school.annual"])
    with pytest.raises(ScenarioError, match=r"only one project \(a\)"):
        portfolio(projects, draws=10, shared=["logic.completes.share"])
    pr = portfolio(projects, draws=10, shared=["scenario.discount_rate"] * 2)
    assert pr.shared == ("scenario.discount_rate",)


def test_lhs_portfolios_are_independent_too_and_sobol_is_refused():
    pr = portfolio(copies(), draws=1024, seed=3, sampler="lhs")
    x = pr.project_npvs()
    assert not np.array_equal(x[:, 0], x[:, 1])
    assert abs(np.corrcoef(x[:, 0], x[:, 1])[0, 1]) < K_SE / np.sqrt(1024)
    a, b = copies()
    shared = portfolio(
        [a, b], draws=1024, seed=3, sampler="lhs", shared=list(a.uncertain_parameters)
    )
    x = shared.project_npvs()
    np.testing.assert_array_equal(x[:, 0], x[:, 1])
    # Two differently scrambled Sobol' sequences pair their points: their leading digits are
    # equal or complementary point by point, so two copies would correlate strongly.
    with pytest.raises(ValueError, match="not independent draw by draw"):
        portfolio([a, b], draws=16, sampler="sobol")
    with pytest.raises(ValueError, match="not independent draw by draw"):
        simulate(a, 16, sampler="sobol", payback=False, stream_namespace="a")


def test_a_shared_id_keeps_its_value_where_a_project_correlates_it():
    # UNCERTAIN_TOML correlates the effect with logic.completes.share (rho = -0.3); b has no
    # correlation. The shared effect is drawn first in the copula, so it is the same in both.
    n = 20_000
    a = loads(UNCERTAIN_TOML, file="a.toml")
    b = loads(UNCERTAIN_TOML.split("[[correlations]]")[0], file="b.toml")
    pr = portfolio([a, b], draws=n, seed=9, shared=["outcomes.fail.effect"])
    ra, rb = pr.results
    eff = "outcomes.fail.effect"
    np.testing.assert_allclose(ra.parameters[eff], rb.parameters[eff], rtol=1e-12)
    # the correlation of project a still holds: Spearman -0.3, by Fisher's z (sd 1.03/sqrt(n-3))
    from scipy import stats

    rho = stats.spearmanr(ra.parameters[eff], ra.parameters["logic.completes.share"])[0]
    assert abs(np.arctanh(rho) - np.arctanh(-0.3)) < K_SE * np.sqrt(1.06 / (n - 3))
    rho_b = stats.spearmanr(rb.parameters[eff], rb.parameters["logic.completes.share"])[0]
    assert abs(rho_b) < K_SE / np.sqrt(n - 1)


def test_namespaced_streams_keep_the_block_structure():
    from concurrent.futures import ThreadPoolExecutor

    from sekalk.sampling import BLOCK_SIZE

    sc = loads(UNCERTAIN_TOML, file="a.toml")
    kw = {
        "seed": 3,
        "payback": False,
        "stream_namespace": "a",
        "common_ids": ["scenario.discount_rate"],
    }
    n = BLOCK_SIZE + 500
    serial = simulate(sc, n, **kw)
    with ThreadPoolExecutor(2) as pool:
        threaded = simulate(sc, n, executor=pool, **kw)
    np.testing.assert_array_equal(serial.npv(), threaded.npv())
    short = simulate(sc, 500, **kw)
    np.testing.assert_array_equal(serial.npv()[:500], short.npv())
    with pytest.raises(ValueError, match="payback=False"):
        simulate(sc, 10, stream_namespace="a")


def test_frames_agree_with_the_draws(projects):
    pr = portfolio(projects, draws=DRAWS, seed=4, budget=2e7)
    frame = pr.to_frame()
    assert list(frame.index) == list(pr.names) and frame.index.name == "project"
    x = pr.project_npvs()
    np.testing.assert_allclose(frame["mean"], x.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(frame["sd"], x.std(axis=0, ddof=1), rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(frame["p95"], np.quantile(x, 0.95, axis=0), rtol=1e-12)
    np.testing.assert_allclose(frame["prob_npv_positive"], (x > 0).mean(axis=0))
    np.testing.assert_allclose(frame["risk_share"], pr.risk_shares().to_numpy())
    np.testing.assert_allclose(frame["cost_nominal_mean"], pr.costs.mean(axis=0))
    assert frame.loc["c", "title"] == "Hand calculation"
    summary = pr.summary()
    assert list(summary.index) == list(pr.perspectives)
    for p in pr.perspectives:
        tot = pr.total_npv(p)
        assert summary.loc[p, "mean"] == pytest.approx(tot.mean(), rel=1e-12)
        assert summary.loc[p, "p05"] == pytest.approx(np.quantile(tot, 0.05), rel=1e-12)
        assert summary.loc[p, "prob_npv_positive"] == np.mean(tot > 0)
        sd_ind = np.sqrt(np.sum(np.var(pr.project_npvs(p), axis=0, ddof=1)))
        assert summary.loc[p, "sd_if_uncorrelated"] == pytest.approx(sd_ind, rel=1e-12)


def test_nominal_costs_and_budget_by_hand(projects):
    hand = projects[2]
    # Staff: 2000 a year in years 0..1, paid half by kommun and half by region.
    assert nominal_costs(hand, {}, 3).tolist() == [4000.0] * 3
    assert nominal_costs(hand, {}, 3, actor="region").tolist() == [2000.0] * 3
    assert nominal_costs(hand, {}, 3, actor="stat").tolist() == [0.0] * 3
    pr = portfolio(projects, draws=DRAWS, seed=4, budget=1e9)
    staff = pr.results[0].parameters["intervention.costs.staff.annual"]
    np.testing.assert_allclose(pr.costs[:, 0], 3 * staff, rtol=1e-15)
    assert pr.prob_within_budget() == 1.0
    cut = float(np.median(pr.costs.sum(axis=1)))
    pr2 = portfolio(projects, draws=DRAWS, seed=4, budget=cut)
    assert pr2.prob_within_budget() == np.mean(pr2.costs.sum(axis=1) <= cut)
    with pytest.raises(ScenarioError, match="did you mean 'region'"):
        portfolio(projects, draws=10, budget=1.0, budget_actor="regin")


def test_portfolio_json_and_cli(tmp_path):
    d = tmp_path / "fund"
    d.mkdir()
    (d / "a.toml").write_text(UNCERTAIN_TOML, encoding="utf-8")
    (d / "b.toml").write_text(SECOND, encoding="utf-8")
    out = tmp_path / "p.json"
    runner = CliRunner()
    res = runner.invoke(
        main,
        [
            "portfolio",
            str(d),
            "--draws",
            "2000",
            "--budget",
            "2e7",
            "--json",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "probability that the fund as a whole breaks even" in res.output
    assert "Share of risk" in res.output
    doc = json.loads(out.read_text())
    assert doc["schema"] == "sekalk.portfolio/1"
    assert [p["name"] for p in doc["projects"]] == ["a", "b"]
    assert sum(p["risk_share"] for p in doc["projects"]) == pytest.approx(1.0, abs=1e-9)
    assert doc["budget"]["basis"] == "nominal"
    assert all(p["sha256"] for p in doc["projects"])
    bad = runner.invoke(
        main, ["portfolio", str(d), "--draws", "10", "--budget", "1", "--budget-actor", "x"]
    )
    assert bad.exit_code == 2
    assert "okänd aktör 'x'" in bad.output  # a Swedish scenario: Swedish
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(main, ["portfolio", str(empty)]).exit_code == 2


def test_portfolio_terminal_numbers(projects):
    from sekalk.report.i18n import fmt_money, fmt_pct
    from sekalk.report.text import render_portfolio

    pr = portfolio(projects, draws=DRAWS, seed=4, budget=2e7, budget_actor="kommun")
    text = render_portfolio(pr, "sv")
    total = pr.total_npv()
    assert fmt_money(float(total.mean()), "sv") in text
    assert (
        f"sannolikhet att fonden som helhet går med vinst: {fmt_pct(pr.prob_break_even(), 'sv')}"
        in text
    )
    for share in pr.risk_shares():
        assert fmt_pct(float(share), "sv") in text
    assert fmt_money(float(pr.total_npv("kommun").mean()), "sv") in text
    assert f"ryms i budgeten: {fmt_pct(pr.prob_within_budget(), 'sv')}" in text
    # Nothing is declared shared: the headline says the projects are independent, and ids
    # that merely have the same name are listed as drawn independently, never as shared.
    assert t("portfolio.none_shared", "sv") in text
    assert t("portfolio.common_unshared", "sv", ids=", ".join(pr.common_ids)) in text
    assert "scenario.discount_rate" in pr.common_ids
    for lang in ("sv", "en"):
        page = render_portfolio(pr, lang)
        for claim in ("dras gemensamt", "drawn jointly", "samma slumptal", "same random numbers"):
            assert claim not in page


def test_portfolio_terminal_says_what_is_shared_and_what_it_does(projects):
    from sekalk.report.i18n import fmt_money
    from sekalk.report.text import render_portfolio

    pr = portfolio(projects, draws=DRAWS, seed=4, shared=["scenario.discount_rate"])
    x = pr.project_npvs()
    for lang in ("sv", "en"):
        text = render_portfolio(pr, lang)
        sd = fmt_money(float(np.std(x.sum(axis=1), ddof=1)), lang)
        sd_independent = fmt_money(float(np.sqrt(np.sum(np.var(x, axis=0, ddof=1)))), lang)
        label = "Diskonteringsränta" if lang == "sv" else "Discount rate"
        expected = t(
            "portfolio.shared",
            lang,
            ids=f"{label} (scenario.discount_rate)",
            sd=sd,
            sd_independent=sd_independent,
        )
        assert expected in text
        # the headline: the shared assumptions come right after the fund's interval
        headline = t("portfolio.headline", lang, lo="", hi="", prob="")[:30]
        assert text.index(headline) < text.index(expected) < text.index(t("col.project", lang))
        assert t("portfolio.none_shared", lang) not in text
        unshared = [i for i in pr.common_ids if i != "scenario.discount_rate"]
        assert t("portfolio.common_unshared", lang, ids=", ".join(unshared)) in text
        # the same triangular distribution in both projects: no "percentile" note
        assert t("portfolio.shared_differs", lang, ids="scenario.discount_rate") not in text
    other = projects[1].with_overrides(
        {"scenario.discount_rate": {"dist": "uniform", "min": 0.02, "max": 0.04}}
    )
    pr = portfolio([projects[0], other], draws=200, seed=4, shared=["scenario.discount_rate"])
    assert not pr.shared_same_distribution("scenario.discount_rate")
    assert t("portfolio.shared_differs", "en", ids="scenario.discount_rate") in render_portfolio(
        pr, "en"
    )
    assert pr.to_dict()["shared_assumptions"][0]["same_distribution"] is False


def test_cli_shared_and_independent(tmp_path):
    d = tmp_path / "fund"
    d.mkdir()
    (d / "malmo.toml").write_text(UNCERTAIN_TOML, encoding="utf-8")
    (d / "lund.toml").write_text(UNCERTAIN_TOML, encoding="utf-8")
    runner = CliRunner()
    base = ["portfolio", str(d), "--draws", "500", "--json", "-"]
    doc = json.loads(runner.invoke(main, base).output)
    assert doc["shared_parameter_ids"] == [] and doc["settings"]["independent"] is True
    assert "scenario.discount_rate" in doc["common_ids_drawn_independently"]
    assert sorted(doc["total"]["society"]["risk_shares"]) == ["lund", "malmo"]
    by_name = {p["name"]: p["risk_share"] for p in doc["projects"]}
    assert doc["total"]["society"]["risk_shares"] == by_name
    # --independent is the default now: the same numbers
    assert json.loads(runner.invoke(main, [*base, "--independent"]).output) == doc
    res = runner.invoke(
        main,
        [
            *base,
            "--shared",
            "scenario.discount_rate,outcomes.fail.effect",
            "--shared",
            "logic.completes.share",
        ],
    )
    assert res.exit_code == 0, res.output
    shared = json.loads(res.output)
    assert shared["shared_parameter_ids"] == [
        "scenario.discount_rate",
        "outcomes.fail.effect",
        "logic.completes.share",
    ]
    assert shared["settings"]["independent"] is False
    assert shared["shared_assumptions"][0]["projects"] == ["lund", "malmo"]
    # the same files in the other order, from a folder of another name: the same numbers
    e = tmp_path / "other"
    e.mkdir()
    for f in d.iterdir():
        (e / f.name).write_bytes(f.read_bytes())
    moved = runner.invoke(
        main,
        ["portfolio", str(e / "malmo.toml"), str(e / "lund.toml"), "--draws", "500", "--json", "-"],
    )
    lund = {p["name"]: p["npv"] for p in json.loads(moved.output)["projects"]}
    assert lund == {p["name"]: p["npv"] for p in doc["projects"]}

    out = tmp_path / "p.json"
    bad = runner.invoke(
        main, ["portfolio", str(d), "--draws", "10", "--shared", "x.y", "--json", str(out)]
    )
    assert bad.exit_code == 2 and "'x.y' kan inte vara gemensamt" in bad.output and not out.exists()
    both = runner.invoke(main, [*base, "--independent", "--shared", "scenario.discount_rate"])
    assert both.exit_code == 2 and "motsäger varandra" in both.output
    (e / "sub").mkdir()
    (e / "sub" / "lund.toml").write_bytes((d / "lund.toml").read_bytes())
    dup = runner.invoke(
        main, ["portfolio", str(e), str(e / "sub"), "--draws", "10", "--json", str(out)]
    )
    assert dup.exit_code == 2 and "2 projekt heter 'lund'" in dup.output
    assert "Traceback" not in dup.output and not out.exists()


# ---------------------------------------------------------------------------------------------
# file handling in the API; every problem at once, as catalogue codes in both languages


def test_shared_problems_are_all_reported_as_codes(projects):
    with pytest.raises(ScenarioError) as info:
        portfolio(
            projects,
            draws=10,
            shared=[
                "outcomes.fail.efect",
                "outcomes.fail.consequences.school.annual",
                "logic.completes.share",
            ],
        )
    errors = info.value.errors
    assert [(e.code, e.path) for e in errors] == [
        ("error.shared.unknown", "--shared"),
        ("error.shared.fixed", "--shared"),
        ("error.shared.one_project", "--shared"),
    ]
    assert "did you mean 'outcomes.fail.effect'" in errors[0].text("en")
    assert "menade du 'outcomes.fail.effect'" in errors[0].text("sv")
    assert "fast tal i alla projekt" in errors[1].text("sv")
    assert errors[2].params["project"] == "a" and "bara ett projekt (a)" in errors[2].text("sv")


def test_duplicate_names_and_budget_actor_are_coded(projects):
    with pytest.raises(ScenarioError) as info:
        portfolio([projects[0], projects[0]], draws=10)
    err = info.value
    assert err.code == "error.portfolio.duplicate_name" and err.params["n"] == 2
    assert "2 projekt heter 'a'" in err.text("sv") and "rename one of the files" in err.text("en")
    with pytest.raises(ScenarioError) as info:
        portfolio(projects, draws=10, budget=1.0, budget_actor="regoin")
    assert info.value.code == "error.portfolio.budget_actor"
    assert "menade du 'region'" in info.value.text("sv")


def test_scenario_files_and_load_projects_report_every_bad_file(tmp_path):
    from sekalk.portfolio import load_projects, scenario_files

    good = tmp_path / "good"
    good.mkdir()
    (good / "b.toml").write_text(UNCERTAIN_TOML, encoding="utf-8")
    (good / "a.json").write_text("{}", encoding="utf-8")  # invalid: no [scenario]
    (good / "notes.txt").write_text("not a scenario", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    broken = tmp_path / "broken.toml"
    broken.write_text(UNCERTAIN_TOML.replace("discount_rate = ", "discount_rate = 3.5 #"))
    assert scenario_files([good]) == [str(good / "a.json"), str(good / "b.toml")]
    with pytest.raises(ScenarioError) as info:
        scenario_files([empty, good])
    assert info.value.code == "error.portfolio.empty_folder" and info.value.file == str(empty)
    assert "mappen har inga scenariofiler" in info.value.text("sv")
    with pytest.raises(ScenarioError) as info:
        load_projects([good, empty, broken])
    files = {e.file for e in info.value.errors}
    assert files == {str(good / "a.json"), str(empty), str(broken)}
    assert [s.title for s in load_projects([good / "b.toml"])] == ["Uncertain"]


def test_cli_portfolio_reports_every_invalid_file_and_writes_nothing(tmp_path):
    one = tmp_path / "one.toml"
    one.write_text(UNCERTAIN_TOML.replace("horizon_years = ", "horizon_years = -"))
    two = tmp_path / "two.toml"
    two.write_text('[scenario]\ntitle = "x"\nlanguage = "sv"\n', encoding="utf-8")
    ok = tmp_path / "ok.toml"
    ok.write_text(UNCERTAIN_TOML, encoding="utf-8")
    out = tmp_path / "p.json"
    res = CliRunner().invoke(
        main, ["portfolio", str(one), str(ok), str(two), "--draws", "10", "--json", str(out)]
    )
    assert res.exit_code == 2 and not out.exists() and "Traceback" not in res.output
    lines = res.output.splitlines()
    assert any(line.startswith((f"fel: {one}", f"error: {one}")) for line in lines)
    assert any(line.startswith((f"fel: {two}", f"error: {two}")) for line in lines)
    assert not any(str(ok) in line for line in lines)
    # each file's problems come together, then their count where there are several
    firsts = [i for i, line in enumerate(lines) if str(two) in line]
    assert firsts == list(range(firsts[0], firsts[-1] + 1))
    assert lines[firsts[-1]].startswith(f"{two}: ") and "problem" in lines[firsts[-1]]
