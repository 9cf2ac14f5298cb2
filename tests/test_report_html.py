"""The one-file HTML report: sections in both languages, escaping, no fetches, a real browser."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from markupsafe import escape

from sekalk.cli import main
from sekalk.report.describe import describe_distribution
from sekalk.report.html import render_report, write_report
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, t
from sekalk.scenario import loads
from sekalk.simulation import simulate
from sekalk.text.catalog import languages
from tests.conftest import UNCERTAIN_TOML
from tests.test_report_plots import _sens

LANGUAGES = languages()

ROOT = Path(__file__).resolve().parent.parent
FORALDRASTOD = ROOT / "scenarios" / "foraldrastod_fullfoljda_studier.toml"
NBSP = "\u00a0"
SECTIONS = (
    "sec_headline",
    "sec_believe",
    "sec_assumptions",
    "sec_drivers",
    "sec_actors",
    "sec_time",
    "sec_logic",
    "sec_method",
    "sec_provenance",
)
HOSTILE = "<script>alert(1)</script>"
QUOTES = '"quotes" & ampersands'


@pytest.fixture(scope="module")
def result():
    return simulate(FORALDRASTOD, draws=2000, seed=5)


@pytest.fixture(scope="module")
def pages(result):
    return {lang: render_report(result, lang=lang) for lang in LANGUAGES}


# ----------------------------------------------------------------------------- catalogue


# ----------------------------------------------------------------------------- content


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_has_every_section_and_no_leaked_keys(pages, lang):
    page = pages[lang]
    assert page.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in page
    for key in SECTIONS:
        assert f">{t('report.' + key, lang)}</h2>" in page
    for prefix in ("report.", "chart.", "evidence.", "persp.", "attr.", "run."):
        assert prefix not in page, prefix
    assert not re.search(r"\{[a-z_]+\}", page)  # no unformatted placeholder


def test_languages_do_not_mix(pages):
    for lang, other in (("sv", "en"), ("en", "sv")):
        for key in (*SECTIONS, "disclaimer", "method_1", "col_prob", "col_costs"):
            assert t(f"report.{key}", other) not in pages[lang], (lang, key)


def test_headline_numbers_are_independent_quantiles(result, pages):
    npv = result.npv()
    lo, med, hi = np.quantile(npv, [0.05, 0.5, 0.95])
    prob, loss = np.mean(npv > 0), np.mean(npv < 0)
    for lang in LANGUAGES:
        expected = t(
            "report.headline_interval",
            lang,
            persp=t("persp.society", lang),
            lo=fmt_money(lo, lang).replace(" ", NBSP),
            hi=fmt_money(hi, lang).replace(" ", NBSP),
            median=fmt_money(med, lang).replace(" ", NBSP),
        )
        assert expected in pages[lang]
        gain_loss = t(
            "report.headline_prob",
            lang,
            gain=fmt_pct(prob, lang).replace(" ", NBSP),
            loss=fmt_pct(loss, lang).replace(" ", NBSP),
        )
        assert gain_loss in pages[lang]


def test_swedish_numbers_use_no_break_spaces(pages):
    page = pages["sv"]
    assert re.search(r"\d,\d\u00a0mnkr", page)
    assert re.search(r"\d\u00a0%", page)
    # our numbers never break (scenario text in the assumptions table is shown as written)
    ours = re.sub(r"<svg.*?</svg>|<table class=\"assumptions\">.*?</table>", "", page, flags=re.S)
    assert not re.search(r"\d \d{3}\b", ours)


def test_self_contained(pages):
    for page in pages.values():
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
        assert html.unescape(csp.group(1)).startswith("default-src 'none';")
        assert "<script" not in page.lower()
        assert "<link" not in page and "@import" not in page and "@font-face" not in page
        assert not re.search(r"\ssrc=", page)
        assert "url(http" not in page
        # the only http(s) references are links in the sources column
        for m in re.finditer(r"(href|xlink:href)=\"([^\"]*)\"", page):
            assert m.group(2).startswith(("#", "https://", "http://")), m.group(0)
            if m.group(1) == "xlink:href":
                assert m.group(2).startswith("#")
        # every inline chart is well-formed XML
        for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
            ET.fromstring(svg)


def test_print_stylesheet(pages):
    page = pages["sv"]
    assert "@media print" in page and "break-before: page" in page


def _payback_captions(page: str) -> list[str]:
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).replace(NBSP, " ") for c in captions]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_payback_text_of_late_and_partial_payers(lang):
    """A late payer that never recovers reads 0 %, never "100 % ... year 0"; a payer of the
    continuation only says in how many draws it pays; a perspective without costs has none."""
    from tests.test_engine import LATE_PAYER_TOML
    from tests.test_levels import LATE_CONTINUATION_TOML

    persp = "offentlig sektor" if lang == "sv" else "public sector"
    late = simulate(loads(LATE_PAYER_TOML), draws=500, seed=1)
    public = next(c for c in _payback_captions(render_report(late, lang=lang)) if persp in c)
    assert fmt_pct(0.0, lang).replace(NBSP, " ") in public
    assert "100" not in public and "median" not in public

    res = simulate(loads(LATE_CONTINUATION_TOML), draws=2000, seed=3)
    bears = float(np.mean(res.output("pv_costs", "public_sector") > 0))
    paid = float(np.mean(np.isfinite(res.output("payback_year", "public_sector"))))
    assert 0 < bears < 1 and paid == bears  # it pays back in year 5 whenever it pays
    public = next(c for c in _payback_captions(render_report(res, lang=lang)) if persp in c)
    share = fmt_pct(bears, lang).replace(NBSP, " ")
    assert public.count(share) == 2  # paid back in that share, and pays in that share
    assert t("report.payback_some_cost", lang, share=share) in public

    never = loads(LATE_CONTINUATION_TOML.replace("probability = 0.5", "probability = 0.0"))
    captions = _payback_captions(render_report(simulate(never, draws=200, seed=1), lang=lang))
    assert t("report.payback_no_cost", lang, persp=persp) in captions


def test_sensitivity_adds_switching_values_and_charts(result):
    page = render_report(result, lang="en", sensitivity=_sens())
    assert t("report.believe_switching_intro", "en") in page
    # Step 1: switching value 40 % at the 80th percentile (label escaped)
    assert "Step $ 1 &lt;b&gt;: 40% (percentile 80 of the assumption&#39;s distribution)." in page
    assert 'aria-label="' + t("chart.tornado_title", "en") in page
    assert "indices: share of the uncertainty each assumption accounts for" in page
    assert "a note" in page
    assert t("report.believe_no_sensitivity", "en") not in page


def test_repr_html(result):
    html = result._repr_html_()
    assert "<svg" in html and t("report.col_prob", "sv") in html
    assert "<!DOCTYPE" not in html


# ----------------------------------------------------------------------------- escaping


def hostile_result():
    text = UNCERTAIN_TOML.replace('title = "Uncertain"', f"title = '{HOSTILE} {QUOTES}'")
    text = text.replace('label = "Personal"', f"label = '{HOSTILE}'")
    text = text.replace('label = "Fullföljer"', f"label = '{QUOTES} $x$ \\\\frac{{'")
    text = text.replace('label = "Produktion"', f"label = '{HOSTILE} {QUOTES}'")
    text = text.replace(
        'share = { dist = "beta", mean = 0.7, sd = 0.1, evidence = "experience" }',
        'share = { dist = "beta", mean = 0.7, sd = 0.1, evidence = "experience", '
        f"source = '{HOSTILE} javascript:alert(1) https://x.example/a?b=1&c=\"2\"' }}",
    )
    sc = loads(text, file="hostile.toml")
    assert sc.title.startswith(HOSTILE)
    return simulate(sc, draws=500, seed=1)


def test_hostile_labels_render_as_text():
    r = hostile_result()
    for lang in ("en",):  # escaping does not depend on the language
        page = render_report(r, lang=lang)
        assert "<script" not in page.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&#34;quotes&#34; &amp; ampersands" in page or "&quot;quotes&quot; &amp;" in page
        assert 'href="javascript' not in page
        assert '<a href="https://x.example/a?b=1&amp;c=" rel=' in page
        svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
        for svg in svgs:
            ET.fromstring(svg)  # still well-formed: SVG text is escaped too
        # the logic chart shows the label as written: "$x$" is text, not mathtext
        assert any("&amp; ampersands $x$" in svg for svg in svgs)
    notebook = r._repr_html_()
    assert "<script" not in notebook.lower() and "&lt;script&gt;" in notebook


# ----------------------------------------------------------------------------- CLI


def test_cli_report_and_plot(tmp_path):
    runner = CliRunner()
    out = tmp_path / "r.html"
    args = ["report", str(ROOT / "scenarios" / "tutorial.toml"), "-o", str(out), "--draws", "200"]
    res = runner.invoke(main, [*args, "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert '<html lang="en">' in out.read_text(encoding="utf-8")
    res = runner.invoke(main, args)
    assert res.exit_code == 2 and "--force" in res.output
    res = runner.invoke(main, [*args, "--force", "--lang", "sv"])
    assert res.exit_code == 0 and '<html lang="sv">' in out.read_text(encoding="utf-8")
    png = tmp_path / "s.png"
    res = runner.invoke(
        main,
        [
            "plot",
            str(FORALDRASTOD),
            "--kind",
            "scurve",
            "-o",
            str(png),
            "--draws",
            "500",
            "--perspective",
            "kommun",
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 0, res.output
    assert png.read_bytes().startswith(b"\x89PNG")
    res = runner.invoke(
        main, ["plot", str(FORALDRASTOD), "--kind", "npv", "-o", str(tmp_path / "x.pdf")]
    )
    assert res.exit_code == 2 and ".png eller .svg" in res.output  # a Swedish scenario
    res = runner.invoke(
        main,
        [
            "plot",
            str(FORALDRASTOD),
            "--kind",
            "npv",
            "-o",
            str(tmp_path / "x.svg"),
            "--perspective",
            "nobody",
        ],
    )
    assert res.exit_code == 2 and "inget perspektiv 'nobody'" in res.output
    assert not (tmp_path / "x.svg").exists()


def test_write_report_leaves_nothing_on_failure(result, tmp_path):
    with pytest.raises(ValueError, match="unknown language"):
        write_report(result, tmp_path / "r.html", lang="de")
    assert not list(tmp_path.iterdir())


# ----------------------------------------------------------------------------- browser

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (see .ci/run)")
        pytest.skip("chromium not installed")
    return exe


def screenshot(html: Path, png: Path, tmp: Path) -> str:
    """Open ``html`` in headless Chromium, save a screenshot; return Chromium's log."""
    proc = subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp / 'profile'}",
            f"--screenshot={png}",
            "--window-size=1280,2000",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert png.exists(), proc.stderr[-2000:]
    return proc.stderr


def page_problems(log: str) -> list[str]:
    """Console messages and failed loads in a Chromium log.

    How this catches a fetch: the report carries a Content-Security-Policy that forbids every
    fetch (``default-src 'none'``). Chromium blocks any attempted load and writes the violation
    to the page console, which ``--enable-logging=stderr`` prints as a ``:CONSOLE`` line; a
    failed network load would show as ``net::ERR``. The control test below proves the scan sees
    both kinds of problem on a page that tries to fetch an image and run a script.
    """
    return [
        line
        for line in log.splitlines()
        if ":CONSOLE" in line or "net::ERR" in line or "violates" in line
    ]


def test_browser_control_page_is_flagged(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'\"></head><body><p>x</p>"
        '<img src="http://example.invalid/x.png"><script>console.error(1)</script>'
        "</body></html>",
        encoding="utf-8",
    )
    log = screenshot(bad, tmp_path / "bad.png", tmp_path)
    assert page_problems(log)


def test_report_in_a_real_browser(pages, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(pages["sv"], encoding="utf-8")
    png = tmp_path / "report.png"
    log = screenshot(page, png, tmp_path)
    assert page_problems(log) == []
    import matplotlib.image as mpimg

    img = mpimg.imread(png)[..., :3]
    assert img.shape[:2] == (2000, 1280)
    non_white = np.mean(np.any(img < 0.9, axis=-1))
    colours = np.unique((img.reshape(-1, 3) * 255).astype(np.uint8), axis=0)
    assert non_white > 0.03, non_white  # text, tables and a chart, not a blank page
    assert len(colours) > 50


def test_report_with_the_real_sensitivity_result(result):
    from sekalk.sensitivity_analysis import sensitivity

    sens = sensitivity(result.scenario, "all", draws=500, seed=1, sobol_n=64, n_resamples=20)
    page = render_report(result, lang="sv", sensitivity=sens)
    assert (
        t("report.believe_switching_intro", "sv") in page or t("report.believe_none", "sv") in page
    )
    assert 'aria-label="' + t("chart.tornado_title", "sv") in page
    assert 'aria-label="' + t("chart.sobol_title", "sv") in page
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
        ET.fromstring(svg)


def test_report_lists_changed_assumptions():
    sc = loads(UNCERTAIN_TOML, file="u.toml").with_overrides({"logic.completes.share": 0.5})
    page = render_report(simulate(sc, draws=300, seed=1), lang="en")
    intro = str(escape(t("report.overrides_intro", "en")))
    assert intro in page
    assert "<tr><td>Fullföljer: share</td>" in page
    plain = render_report(simulate(loads(UNCERTAIN_TOML), draws=300, seed=1), lang="en")
    assert intro not in plain


# ----------------------------------------------------------------------------- levels

TRE_NIVAER = ROOT / "scenarios" / "foraldrastod_tre_nivaer.toml"


def nbm(x: float, lang: str) -> str:
    """Money as the page prints it (no-break spaces)."""
    return fmt_money(x, lang).replace(" ", NBSP)


def nbp(x: float, lang: str) -> str:
    return fmt_pct(x, lang).replace(" ", NBSP)


def row_cells(page: str, name: str) -> list[str]:
    """The cell texts of the table row whose first cell is ``name`` (tags stripped)."""
    m = re.search(
        r"<tr[^>]*><td[^>]*>" + re.escape(str(escape(name))) + r"</td>(.*?)</tr>", page, re.S
    )
    assert m, name
    return [
        html.unescape(re.sub(r"<[^>]+>", "", c))
        for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(1), re.S)
    ]


def iv_cells(x: np.ndarray, lang: str) -> list[str]:
    lo, med, hi = np.quantile(x, [0.05, 0.5, 0.95])
    return [nbm(lo, lang), nbm(med, lang), nbm(hi, lang), nbp(np.mean(x > 0), lang)]


@pytest.fixture(scope="module")
def levels_result():
    return simulate(TRE_NIVAER, draws=3000, seed=11)


@pytest.fixture(scope="module")
def levels_pages(levels_result):
    return {lang: render_report(levels_result, lang=lang) for lang in LANGUAGES}


def test_levels_are_shown_separately_and_checked_against_the_raw_arrays(
    levels_result, levels_pages
):
    r = levels_result
    assert r.levels == ("project", "continuation", "spread")
    q = r.perspectives.index("society")
    # per level NPV as if the level happened, straight from the engine's arrays
    own = r.level_pv_benefits[:, :, q] - r.level_pv_costs[:, :, q]
    occurs = r.level_occurs
    realised = own * occurs
    total = realised.sum(axis=1)
    np.testing.assert_allclose(total, r.npv(), rtol=1e-12, atol=1e-6)  # total = sum of levels
    for lang in LANGUAGES:
        page = levels_pages[lang]
        assert f">{t('report.sec_levels', lang)}</h2>" in page
        assert '<a href="#levels">' in page
        for li, level in enumerate(r.levels):
            happens = occurs[:, li] > 0
            cells = row_cells(page, t(f"level.{level}", lang))
            assert cells[0] == nbp(np.mean(happens), lang)
            # "if it happens": the level's own values in every draw (its event has its own
            # random stream, independent of the values)
            assert cells[1:5] == iv_cells(own[:, li], lang), level
            assert cells[5] == nbm(np.mean(realised[:, li]), lang)
        cells = row_cells(page, t("level.total", lang))
        assert cells[0] == ""
        assert cells[1:5] == iv_cells(total, lang)
        assert cells[5] == nbm(np.mean(total), lang)
        # with and without: the project alone, plus each level as if it happened, the total
        project = own[:, 0]
        assert row_cells(page, t("report.levels_case_project", lang)) == iv_cells(project, lang)
        for li, level in enumerate(r.levels[1:], start=1):
            assert row_cells(page, t(f"report.levels_case_{level}", lang)) == iv_cells(
                project + own[:, li], lang
            )
        assert row_cells(page, t("report.levels_case_total", lang)) == iv_cells(total, lang)
        # the headline says it refers to the total and gives the project alone
        note = t(
            "report.levels_headline",
            lang,
            parts=t("report.and", lang).join(
                t(f"report.levels_part_{lv}", lang, prob=nbp(np.mean(occurs[:, i] > 0), lang))
                for i, lv in enumerate(r.levels[1:], start=1)
            ),
            median=nbm(np.median(project), lang),
            prob=nbp(np.mean(project > 0), lang),
        )
        assert str(escape(note)) in page


def test_no_levels_section_without_continuation_or_spread(pages):
    for lang in LANGUAGES:
        assert t("report.sec_levels", lang) not in pages[lang]
        assert t("report.levels_case_total", lang) not in pages[lang]


# ----------------------------------------------------------------------------- overrides


def test_overrides_show_how_the_headline_moved():
    plain = loads(UNCERTAIN_TOML, file="u.toml")
    sc = plain.with_overrides({"logic.completes.share": 0.5})
    res, base = simulate(sc, draws=2000, seed=4), simulate(plain, draws=2000, seed=4)
    diff = res.npv() - base.npv()
    mcse = np.std(diff, ddof=1) / np.sqrt(diff.size)
    for lang in LANGUAGES:
        page = render_report(res, lang=lang, base=base)
        assert str(escape(t("report.deltas_intro", lang))) in page
        mean_row = row_cells(page, t("report.delta_mean", lang))
        change = nbm(np.mean(diff), lang)
        change = change if change.startswith("−") else "+" + change
        assert mean_row == [
            nbm(np.mean(base.npv()), lang),
            nbm(np.mean(res.npv()), lang),
            change + NBSP + t("report.delta_mcse", lang, mcse=nbm(mcse, lang)),
        ]
        med = np.median(res.npv()) - np.median(base.npv())
        med_text = nbm(med, lang)
        assert row_cells(page, t("report.delta_median", lang))[2] == (
            med_text if med_text.startswith("−") else "+" + med_text
        )
        pb, pr = np.mean(base.npv() > 0), np.mean(res.npv() > 0)
        pp = fmt_number(100 * (pr - pb), lang, 1)
        pp = pp if pp.startswith("−") or pr == pb else "+" + pp
        assert row_cells(page, t("report.delta_prob", lang)) == [
            nbp(pb, lang),
            nbp(pr, lang),
            t("report.pp", lang, n=pp).replace(" ", NBSP),
        ]
    assert t("report.deltas_intro", "en") not in render_report(res, lang="en")


def test_cli_report_with_overrides_compares_with_the_unmodified_scenario(tmp_path):
    out = tmp_path / "r.html"
    args = ["report", str(TRE_NIVAER), "-o", str(out), "--draws", "300", "--lang", "en"]
    res = CliRunner().invoke(main, [*args, "--set", "continuation.probability=0.2"])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert t("report.deltas_intro", "en") in html.unescape(page)
    assert t("report.sec_levels", "en") in page


# ----------------------------------------------------------------------------- credibility map


def expected_critical(result, shares, lang, threshold=0.10):
    """(label, share text) of weakly grounded parameters with share >= threshold, largest first."""
    from sekalk.result import parameter_label

    rows = []
    for p in result.scenario.iter_parameters():
        grade = p.distribution.evidence or "none"
        s = shares.get(p.id, 0.0) if p.is_uncertain else 0.0
        if grade in ("assumption", "none") and s >= threshold and s > 0:
            rows.append((s, parameter_label(p, lang)))
    return [
        (label, fmt_pct(s, lang, 1).replace(" ", NBSP)) for s, label in sorted(rows, reverse=True)
    ]


def critical_rows(page: str) -> list[tuple[str, str]]:
    sec = re.search(r'<section id="credibility">.*?</section>', page, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", sec, re.S)
    if body is None:
        return []
    out = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S):
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", c))
            for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        ]
        out.append((cells[0], cells[2]))
    return out


def test_credibility_section_flags_what_scipy_says(result, pages):
    from scipy import stats

    npv = result.npv()
    sq = {}
    for pid, draws in result.parameters.items():
        rho = stats.spearmanr(draws, npv).statistic
        sq[pid] = rho * rho if np.isfinite(rho) else 0.0
    total = sum(sq.values())
    shares = {k: v / total for k, v in sq.items()}
    for lang in LANGUAGES:
        page = pages[lang]
        assert f">{t('report.sec_credibility', lang)}</h2>" in page
        assert (
            'aria-label="' + str(escape(t("cred.title", lang, persp=t("persp.society", lang))))
            in page
        )
        assert str(escape(t("cred.measure", lang))) in page
        want = expected_critical(result, shares, lang)
        assert want, "the scenario has critical assumptions"
        assert critical_rows(page) == want
        n_text = t("cred.n_critical", lang, n=len(want), thr=fmt_pct(0.10, lang).replace(" ", NBSP))
        assert str(escape(n_text)) in page


def test_credibility_prefers_sobol_total_indices(result):
    from types import SimpleNamespace

    from sekalk.credibility import credibility_map, sobol_shares

    uncertain = [p for p in result.scenario.iter_parameters() if p.is_uncertain]
    weak = next(
        p for p in uncertain if (p.distribution.evidence or "none") in ("assumption", "none")
    )
    fixed = next(p for p in result.scenario.iter_parameters() if not p.is_uncertain)
    sens = SimpleNamespace(
        parameters=[
            SimpleNamespace(id=weak.id, sobol=SimpleNamespace(total=1.07)),  # clipped to 1
            SimpleNamespace(id=uncertain[-1].id, sobol=SimpleNamespace(total=-0.01)),  # to 0
            SimpleNamespace(id=fixed.id, sobol=SimpleNamespace(total=0.5)),  # fixed: no share
            SimpleNamespace(id="x", sobol=None),
        ]
    )
    shares = sobol_shares(sens)
    assert shares == {weak.id: 1.0, uncertain[-1].id: 0.0, fixed.id: 0.5}
    cmap = credibility_map(result, shares=shares)
    by_id = {e.id: e for e in cmap.entries}
    assert by_id[weak.id].share == 1.0 and by_id[weak.id].critical
    assert by_id[fixed.id].share == 0.0 and not by_id[fixed.id].critical
    assert [e.id for e in cmap.critical] == [weak.id]
    assert cmap.to_dict()["settings"]["measure"].startswith("shares given")
    assert credibility_map(result).measure == "rank"
    assert sobol_shares(SimpleNamespace(parameters=[SimpleNamespace(id="a", sobol=None)])) is None


def test_report_credibility_uses_the_sensitivity_sobol_indices(result):
    from sekalk.credibility import sobol_shares
    from sekalk.sensitivity_analysis import sensitivity

    sens = sensitivity(result.scenario, "sobol", draws=200, seed=1, sobol_n=64, n_resamples=10)
    page = render_report(result, lang="sv", sensitivity=sens)
    assert str(escape(t("report.cred_measure_sobol", "sv"))) in page
    assert critical_rows(page) == expected_critical(result, sobol_shares(sens), "sv")


# ----------------------------------------------------------------------------- comparison


def fin(x: np.ndarray) -> np.ndarray:
    return x[np.isfinite(x)]


@pytest.fixture(scope="module")
def comparison():
    from sekalk.comparison import compare

    plain = loads(UNCERTAIN_TOML, file="u.toml")
    changed = plain.with_overrides({"logic.completes.share": 0.5})
    return compare([plain, changed, plain], draws=1500, seed=2)


@pytest.fixture(scope="module")
def comparison_pages(comparison):
    from sekalk.report.html import render_comparison

    return {lang: render_comparison(comparison, lang=lang) for lang in LANGUAGES}


def test_comparison_figures_side_by_side_checked_by_hand(comparison, comparison_pages):
    q = comparison.results[0].perspectives.index("society")
    for lang in LANGUAGES:
        page = comparison_pages[lang]
        assert f'<html lang="{lang}">' in page and page.startswith("<!DOCTYPE html>")
        for key in ("cmp_doc_title", "cmp_sec_pairs", "cmp_sec_overrides", "sec_provenance"):
            assert t(f"report.{key}", lang) in page
        for i, r in enumerate(comparison.results):
            b, c = r.pv_benefits[:, q], r.pv_costs[:, q]
            npv = b - c
            lo, med, hi = np.quantile(npv, [0.05, 0.5, 0.95])
            cells = row_cells(page, f"#{i + 1} {r.scenario.title}")
            assert cells == [
                nbm(np.mean(npv), lang),
                nbm(lo, lang),
                nbm(med, lang),
                nbm(hi, lang),
                nbp(np.mean(npv > 0), lang),
                fmt_number(np.median(fin(b / c)), lang, 2),
                fmt_number(np.median(fin(r.successes_needed)), lang, 1).replace(" ", NBSP),
                fmt_number(np.mean(r.avoided_outcomes), lang, 1),
            ]
        npvs = [r.pv_benefits[:, q] - r.pv_costs[:, q] for r in comparison.results]
        for a, b in comparison.pairs:
            d = npvs[a] - npvs[b]
            lo, hi = np.quantile(d, [0.05, 0.95])
            assert row_cells(page, f"#{a + 1} − #{b + 1}") == [
                nbm(np.mean(d), lang),
                t("report.range", lang, lo=nbm(lo, lang), hi=nbm(hi, lang)),
                nbp(np.mean(npvs[a] > npvs[b]), lang),
            ]
        # #1 and #3 are the same scenario on the same random numbers: identical in every draw
        same = t("report.cmp_pair_same", lang, a=1, b=3, persp=t("persp.society", lang))
        assert str(escape(same)) in page
        higher = t(
            "report.cmp_pair_sentence",
            lang,
            a=1,
            b=2,
            prob=nbp(np.mean(npvs[0] > npvs[1]), lang),
            lower=nbp(np.mean(npvs[0] < npvs[1]), lang),
            persp=t("persp.society", lang),
        )
        assert str(escape(higher)) in page
        # only #2 has overrides: the applicant's value beside the evaluator's
        sec = re.search(r'<section id="overrides">.*?</section>', page, re.S).group(0)
        assert sec.count("<h3>") == 1 and "#2 " in sec
        o = comparison.scenarios[1].overrides[0]
        assert f"<tr><td>Fullföljer: {t('attr.share', lang)}</td>" in sec
        assert f'<span class="dist">{escape(describe_distribution(o.original, lang))}</span>' in sec
        assert f'<span class="dist">{escape(describe_distribution(o.value, lang))}</span>' in sec
        for r in comparison.results:
            assert r.scenario.sha256 is None or r.scenario.sha256 in page
        assert (
            'aria-label="' + t("report.cmp_chart_title", lang, persp=t("persp.society", lang))
            in page
        )
    assert t("report.cmp_intro", "sv") not in comparison_pages["en"]
    assert t("report.cmp_intro", "en") not in comparison_pages["sv"]


def test_comparison_page_is_self_contained_and_escapes(tmp_path):
    from sekalk.comparison import compare
    from sekalk.report.html import render_comparison, write_comparison

    hostile = hostile_result().scenario
    cmp = compare([hostile, hostile.with_overrides({"logic.completes.share": 0.5})], draws=300)
    page = render_comparison(cmp, lang="en")
    assert "<script" not in page.lower() and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "@media print" in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert html.unescape(csp.group(1)).startswith("default-src 'none';")
    assert not re.search(r"\ssrc=|<link|@import|url\(http", page)
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
        ET.fromstring(svg)
    with pytest.raises(ValueError, match="unknown language"):
        write_comparison(cmp, tmp_path / "c.html", lang="de")
    assert not list(tmp_path.iterdir())


def test_cli_compare_report(tmp_path):
    out = tmp_path / "c.html"
    overlay = tmp_path / "ov.toml"
    overlay.write_text(
        '[[override]]\nid = "scenario.discount_rate"\nvalue = 0.03\nnote = "<i>lower</i>"\n',
        encoding="utf-8",
    )
    tut = str(ROOT / "scenarios" / "tutorial.toml")
    args = ["compare", tut, f"{tut}+{overlay}", "--draws", "300", "--report", str(out)]
    res = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert t("report.cmp_doc_title", "en") in page and "&lt;i&gt;lower&lt;/i&gt;" in page
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2 and "--force" in res.output
    res = CliRunner().invoke(main, [*args[:-1], str(tmp_path / "c.pdf")])
    assert res.exit_code == 2 and ".html" in res.output


def test_comparison_report_in_a_real_browser(comparison_pages, tmp_path):
    page = tmp_path / "compare.html"
    page.write_text(comparison_pages["sv"], encoding="utf-8")
    log = screenshot(page, tmp_path / "compare.png", tmp_path)
    assert page_problems(log) == []


# ----------------------------------------------------------------------------- portfolio


@pytest.fixture(scope="module")
def fund():
    from sekalk.portfolio import portfolio

    return portfolio([TRE_NIVAER, FORALDRASTOD], draws=1500, seed=3, budget=2e7)


def test_portfolio_report_checked_against_the_projects_draws(fund):
    from sekalk.report.html import render_portfolio

    q = [r.perspectives.index("society") for r in fund.results]
    npvs = np.column_stack(
        [r.pv_benefits[:, i] - r.pv_costs[:, i] for r, i in zip(fund.results, q, strict=True)]
    )
    total = npvs.sum(axis=1)
    centred = npvs - npvs.mean(axis=0)
    shares = centred.T @ centred.sum(axis=1) / np.sum(centred.sum(axis=1) ** 2)
    assert np.isclose(shares.sum(), 1.0)
    cost = sum(
        np.asarray(r.parameters.get(f"intervention.costs.{c.id}.annual", c.annual.median))
        * (c.years[1] - c.years[0] + 1)
        for r in fund.results
        for c in r.scenario.intervention.costs
    )
    for lang in LANGUAGES:
        page = render_portfolio(fund, lang=lang)
        lo, med, hi = np.quantile(total, [0.05, 0.5, 0.95])
        head = t(
            "report.pf_headline", lang, lo=nbm(lo, lang), hi=nbm(hi, lang), median=nbm(med, lang)
        )
        assert str(escape(head)) in page
        assert (
            str(escape(t("report.pf_headline_prob", lang, prob=nbp(np.mean(total > 0), lang))))
            in page
        )
        assert str(escape(t("report.pf_levels_note", lang))) in page  # one project has levels
        for i, r in enumerate(fund.results):
            x = npvs[:, i]
            assert row_cells(page, r.scenario.title) == [
                nbm(np.mean(x), lang),
                *iv_cells(x, lang)[:3],
                nbp(np.mean(x > 0), lang),
                nbp(shares[i], lang),
            ]
        assert row_cells(page, t("report.pf_total", lang)) == [
            nbm(np.mean(total), lang),
            *iv_cells(total, lang)[:3],
            nbp(np.mean(total > 0), lang),
            nbp(1.0, lang),
        ]
        kommun = sum(
            r.pv_benefits[:, r.perspectives.index("kommun")]
            - r.pv_costs[:, r.perspectives.index("kommun")]
            for r in fund.results
        )
        assert row_cells(page, t("persp.kommun", lang)) == [
            nbm(np.mean(kommun), lang),
            *iv_cells(kommun, lang),
        ]
        budget = t(
            "portfolio.budget",
            lang,
            budget=nbm(2e7, lang),
            mean=nbm(np.mean(cost), lang),
            p95=nbm(np.quantile(cost, 0.95), lang),
            prob=nbp(np.mean(cost <= 2e7), lang),
            who=t("portfolio.all_payers", lang),
        )
        assert str(escape(budget)) in page
        # the headline says the projects are independent (nothing declared shared) ...
        headline_div = page[page.index('<div class="headline">') :]
        headline_div = headline_div[: headline_div.index("</div>")]
        assert str(escape(t("portfolio.none_shared", lang))) in headline_div
        # ... and the ids the projects merely have in common are listed as drawn independently
        unshared = [i for i in fund.common_ids if i not in fund.shared]
        assert unshared
        assert str(escape(t("report.pf_common_unshared", lang, n=len(unshared)))) in page
        for key in (
            "pf_sec_headline",
            "pf_sec_projects",
            "pf_sec_actors",
            "pf_sec_budget",
            "sec_provenance",
        ):
            assert f">{t('report.' + key, lang)}</h2>" in page
        assert "<script" not in page.lower() and "@media print" in page
        for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
            ET.fromstring(svg)


def test_portfolio_headline_names_the_shared_assumptions():
    from sekalk.portfolio import portfolio
    from sekalk.report.html import render_portfolio

    pid = "outcomes.ej_behorig.effect"
    fund = portfolio([TRE_NIVAER, FORALDRASTOD], draws=500, seed=3, shared=[pid])
    x = fund.project_npvs()
    for lang in LANGUAGES:
        page = render_portfolio(fund, lang=lang)
        headline_div = page[page.index('<div class="headline">') :]
        headline_div = headline_div[: headline_div.index("</div>")]
        sentence = t(
            "portfolio.shared",
            lang,
            ids=fund.shared_label(pid, lang),
            sd=nbm(np.std(x.sum(axis=1), ddof=1), lang),
            sd_independent=nbm(np.sqrt(np.sum(np.var(x, axis=0, ddof=1))), lang),
        )
        assert str(escape(sentence)) in headline_div
        assert pid in fund.shared_label(pid, lang)
        assert str(escape(t("portfolio.none_shared", lang))) not in page


def test_cli_portfolio_report(tmp_path):
    out = tmp_path / "p.html"
    args = ["portfolio", str(TRE_NIVAER), str(FORALDRASTOD), "--draws", "300", "--report", str(out)]
    res = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert str(escape(t("report.pf_no_budget", "en"))) in page and '<html lang="en">' in page
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2 and "--force" in res.output


def test_portfolio_and_comparison_pages_escape_and_leak_no_keys(comparison_pages):
    from sekalk.portfolio import portfolio
    from sekalk.report.html import render_portfolio

    hostile = hostile_result().scenario
    page = render_portfolio(portfolio([hostile, loads(UNCERTAIN_TOML)], draws=300), lang="en")
    assert "<script" not in page.lower() and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
        ET.fromstring(svg)
    for p in (page, *comparison_pages.values()):
        for prefix in ("report.", "chart.", "evidence.", "persp.", "cmp.", "portfolio."):
            assert prefix not in p, prefix
        assert not re.search(r"\{[a-z_]+\}", p)
