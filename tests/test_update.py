"""Learning from follow-up: beta-binomial updates against closed forms, the patched file."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats

from sekalk.cli import main
from sekalk.distributions import Beta, round_sig
from sekalk.errors import ScenarioError
from sekalk.scenario import loads
from sekalk.update import (
    Observation,
    beta_binomial_posterior,
    beta_from_moments,
    beta_prior,
    learn,
    patch_toml,
    read_observations,
    round_shapes,
    update_file,
    updated_text,
)

from .conftest import UNCERTAIN_TOML

# UNCERTAIN_TOML: logic.completes.share ~ beta(mean=0.7, sd=0.1) (exact beta prior),
# outcomes.fail.baseline_risk ~ uniform(0.2, 0.3) (moment-matched), effect a relative risk.
COMMENTED = UNCERTAIN_TOML.replace(
    'share = { dist = "beta", mean = 0.7, sd = 0.1, evidence = "experience" }',
    '# the pilot\'s experience\nshare = { dist = "beta", mean = 0.7, sd = 0.1, evidence = "experience" }  # keep me',
)


def test_moment_matching_formula():
    m, v = 0.25, 0.1**2 / 12  # a uniform(0.2, 0.3)
    a, b = beta_from_moments(m, v)
    k = m * (1 - m) / v - 1
    assert (a, b) == pytest.approx((m * k, (1 - m) * k), rel=1e-15)
    # The matched beta has that mean and variance (scipy as the reference).
    assert stats.beta(a, b).mean() == pytest.approx(m, rel=1e-12)
    assert stats.beta(a, b).var() == pytest.approx(v, rel=1e-12)
    with pytest.raises(ValueError):
        beta_from_moments(0.5, 0.3)


def test_beta_prior_exact_or_approximated(uncertain_scenario):
    params = uncertain_scenario.parameters
    a, b, approx = beta_prior(params["logic.completes.share"].distribution)
    nu = 0.7 * 0.3 / 0.01 - 1
    assert (a, b, approx) == (pytest.approx(0.7 * nu), pytest.approx(0.3 * nu), False)
    a, b, approx = beta_prior(params["outcomes.fail.baseline_risk"].distribution)
    assert approx
    assert (a, b) == pytest.approx(beta_from_moments(0.25, 0.01 / 12))
    with pytest.raises(ValueError, match="fixed number"):
        beta_prior(params["outcomes.fail.attribution"].distribution)


def test_posterior_closed_form(uncertain_scenario):
    obs = (
        Observation("logic.completes.share", 22, 31, "Uppföljning 2024"),
        Observation("outcomes.fail.baseline_risk", 9, 40, "Jämförelsegrupp"),
    )
    learned = {x.id: x for x in learn(uncertain_scenario, obs)}
    x = learned["logic.completes.share"]
    a, b = x.prior_alpha, x.prior_beta
    assert beta_binomial_posterior(a, b, 22, 31) == (a + 22, b + 9)
    post = x.posterior
    assert post.mean == pytest.approx((a + 22) / (a + b + 31), rel=1e-14)
    ref = stats.beta(a + 22, b + 9)
    assert post.sd == pytest.approx(ref.std(), rel=1e-12)
    assert post.quantile(0.05) == pytest.approx(ref.ppf(0.05), abs=1e-8)
    assert post.evidence == "experience"
    assert post.source == "Uppföljning 2024"
    # UNCERTAIN_TOML is a Swedish scenario: the note is in Swedish, numbers with a decimal comma.
    assert (
        post.note
        == "uppdaterad med 22/31 från Uppföljning 2024; tidigare antagande beta(mean=0,7; sd=0,1)"
    )
    en = learn(uncertain_scenario, obs[:1], lang="en")[0].posterior
    assert en.note == "updated with 22/31 from Uppföljning 2024; prior beta(mean=0.7; sd=0.1)"
    risk = learned["outcomes.fail.baseline_risk"]
    assert risk.approximated and "approximerad med beta(alpha=" in risk.posterior.note


def test_counts_for_the_same_id_are_pooled(uncertain_scenario):
    two = learn(
        uncertain_scenario,
        (
            Observation("logic.completes.share", 10, 15, "A"),
            Observation("logic.completes.share", 12, 16, "B"),
        ),
    )
    one = learn(uncertain_scenario, (Observation("logic.completes.share", 22, 31, "A; B"),))
    assert two[0].posterior == one[0].posterior


@pytest.mark.parametrize(
    ("pid", "words"),
    [
        ("outcomes.fail.effect", "compares two groups"),
        ("intervention.participants_per_year", "only shares, risks and probabilities"),
        ("logic.complete.share", "did you mean 'logic.completes.share'"),
    ],
)
def test_refusals_are_clear(uncertain_scenario, pid, words):
    with pytest.raises(ScenarioError, match=words.replace("(", r"\(")):
        learn(uncertain_scenario, (Observation(pid, 1, 2),))


def test_patched_file_keeps_comments_reloads_and_validates(uncertain_scenario):
    sc = loads(COMMENTED)
    learned = learn(sc, (Observation("logic.completes.share", 22, 31, "U"),))
    text = updated_text(COMMENTED, learned, stamp="uppdaterad")
    assert "# the pilot's experience" in text
    assert "# uppdaterad; tidigare: share = {" in text and "# keep me" in text
    en = updated_text(COMMENTED, learned, stamp="updated", lang="en")
    assert "# updated; before: share = {" in en
    new = loads(text)
    assert new.parameters["logic.completes.share"].distribution == learned[0].posterior
    # Nothing else changed.
    old_params = {k: v for k, v in sc.parameters.items() if k != "logic.completes.share"}
    new_params = {k: v for k, v in new.parameters.items() if k != "logic.completes.share"}
    assert old_params == new_params
    # The 'share' keys of the consequences are not touched by mistake.
    assert text.count("share = 0.25") == 1


def test_patch_refuses_when_the_value_is_not_on_its_own_line():
    text = '[a]\nx = 1\n[continuation]\nprobability.dist = "uniform"\nprobability.min = 0\nprobability.max = 1\n'
    with pytest.raises(ScenarioError, match="write it by hand"):
        patch_toml(
            text, {"continuation.probability": Beta(alpha=2.0, beta=3.0).to_table()}, stamp="s"
        )


def test_read_observations_toml_and_csv(tmp_path):
    t = tmp_path / "o.toml"
    t.write_text(
        '[[observation]]\nid = "a.b"\nevents = 3\nat_risk = 10\nsource = "S"\n', encoding="utf-8"
    )
    assert read_observations(t) == (Observation("a.b", 3, 10, "S"),)
    c = tmp_path / "o.csv"
    c.write_text("id,successes,trials,source\nx.y,4,9,Uppf\n", encoding="utf-8")
    assert read_observations(c) == (Observation("x.y", 4, 9, "Uppf"),)
    bad = tmp_path / "b.toml"
    bad.write_text('[[observation]]\nid = "a"\nsuccesses = 5\ntrials = 3\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="successes <= trials"):
        read_observations(bad)
    bad.write_text('[[observation]]\nid = "a"\nsucesses = 1\ntrials = 3\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="did you mean 'successes'"):
        read_observations(bad)


def test_cli_update_prior_beside_posterior_and_json(tmp_path):
    sc = tmp_path / "s.toml"
    sc.write_text(COMMENTED, encoding="utf-8")
    obs = tmp_path / "obs.toml"
    obs.write_text(
        '[[observation]]\nid = "logic.completes.share"\nsuccesses = 22\ntrials = 31\nsource = "U"\n',
        encoding="utf-8",
    )
    out = tmp_path / "new.toml"
    js = tmp_path / "u.json"
    runner = CliRunner()
    args = [
        "update",
        str(sc),
        "--observed",
        str(obs),
        "-o",
        str(out),
        "--draws",
        "3000",
        "--lang",
        "en",
    ]
    res = runner.invoke(main, [*args, "--json", str(js)])
    assert res.exit_code == 0, res.output
    assert "Prior: mean" in res.output and "22/31" in res.output
    assert "common random numbers" in res.output
    from sekalk.report.i18n import fmt_pct

    new_share = loads(out.read_text()).parameters["logic.completes.share"].distribution
    assert fmt_pct(new_share.mean, "en", 1) in res.output
    assert (
        f"{fmt_pct(new_share.quantile(0.05), 'en', 1)} – {fmt_pct(new_share.quantile(0.95), 'en', 1)}"
        in res.output
    )
    doc = json.loads(js.read_text())
    assert doc["schema"] == "sekalk.update/1"
    up = doc["updates"][0]
    a, b = up["prior"]["beta"]
    assert up["posterior"]["mean"] == pytest.approx((a + 22) / (a + b + 31))
    # The after-headline is the simulation of the written file on the same seed.
    from sekalk.simulation import simulate

    after = simulate(loads(out.read_text()), draws=3000, seed=1, payback=False)
    assert doc["headline"]["after"]["prob_npv_positive"] == after.prob_npv_positive()
    assert np.isfinite(doc["headline"]["before"]["npv"]["p50"])
    # Existing output without --force: exit 2 before any work, file untouched.
    before = out.read_text()
    again = runner.invoke(main, args)
    assert again.exit_code == 2 and "--force" in again.output
    assert out.read_text() == before
    bad = runner.invoke(
        main, ["update", str(sc), "--observed", str(obs), "-o", str(tmp_path / "x.json")]
    )
    assert bad.exit_code == 2


def test_update_continuation_probability_and_json_scenarios(tmp_path):
    import tomllib

    text = UNCERTAIN_TOML + (
        '\n[continuation]\nprobability = { dist = "uniform", min = 0.2, max = 0.8 }  # guess\n'
        'years = 2\nannual_cost = 1e6\npayer = "kommun"\n'
    )
    sc = loads(text)
    learned = learn(sc, (Observation("continuation.probability", 3, 4, "Kommuner 2025"),))
    a, b = beta_from_moments(0.5, 0.6**2 / 12)
    assert (learned[0].posterior.alpha, learned[0].posterior.beta) == pytest.approx((a + 3, b + 1))
    new = loads(updated_text(text, learned, stamp="s"))
    assert new.continuation.probability == learned[0].posterior
    # A JSON scenario is rewritten as JSON with the same document otherwise.
    doc = tomllib.loads(text)
    js = json.dumps(doc)
    out = updated_text(js, learned, fmt="json", stamp="s")
    new_doc = json.loads(out)
    assert new_doc["continuation"]["probability"]["dist"] == "beta"
    new_doc["continuation"]["probability"] = doc["continuation"]["probability"]
    assert new_doc == doc


@pytest.mark.parametrize(("s", "n"), [(22, 31), (30, 50), (0, 7), (123, 123), (1, 997)])
def test_posterior_is_rounded_and_keeps_the_mean(s, n):
    # A prior whose shapes are not short decimals: moment-matched uniform(0.2, 0.3).
    a, b = beta_from_moments(0.25, 0.1**2 / 12)
    pa, pb = round_shapes(a + s, b + n - s)
    # 6 significant digits (more only if the mean would move): short in the file.
    assert len(repr(pa).replace(".", "").lstrip("0")) <= 7
    assert len(repr(pb).replace(".", "").lstrip("0")) <= 7
    exact = (a + s) / (a + b + n)  # closed form of the posterior mean
    assert abs(pa / (pa + pb) - exact) <= 1e-6 * exact
    assert stats.beta(pa, pb).mean() == pytest.approx(exact, rel=1e-6)


def test_round_shapes_keeps_more_digits_when_the_mean_needs_them():
    # alpha tiny against beta: 6 digits of each would move the mean by ~1e-6 relative or more.
    alpha, beta = 1.0000049, 9.99999949e5
    mean = alpha / (alpha + beta)
    a6, b6 = round_sig(alpha, 6), round_sig(beta, 6)
    assert abs(a6 / (a6 + b6) - mean) > 1e-6 * mean  # plain 6 digits would not do
    a, b = round_shapes(alpha, beta)
    assert abs(a / (a + b) - mean) <= 1e-6 * mean


def test_cli_update_writes_the_files_language_and_short_numbers(tmp_path):
    sc = tmp_path / "s.toml"
    sc.write_text(COMMENTED, encoding="utf-8")  # a Swedish scenario (no language key)
    obs = tmp_path / "obs.toml"
    obs.write_text(
        '[[observation]]\nid = "logic.completes.share"\nsuccesses = 30\ntrials = 50\n'
        '[[observation]]\nid = "outcomes.fail.baseline_risk"\nevents = 9\nat_risk = 40\n',
        encoding="utf-8",
    )
    out = tmp_path / "new.toml"
    args = ["update", str(sc), "--observed", str(obs), "-o", str(out), "--draws", "500"]
    res = CliRunner().invoke(main, [*args, "--lang", "en"])  # terminal in English, file not
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "# uppdaterad av sekalk update från obs.toml; tidigare: share = {" in text
    assert "updated" not in text and "before:" not in text
    # Prior beta(mean=0.7, sd=0.1): nu = 0.7*0.3/0.01 - 1 = 20, alpha = 14, beta = 6;
    # posterior alpha = 14 + 30 = 44, beta = 6 + 20 = 26, written without float noise.
    assert "alpha = 44.0, beta = 26.0" in text or "alpha = 44, beta = 26" in text
    assert 'note = "uppdaterad med 30/50; tidigare antagande beta(mean=0,7; sd=0,1)"' in text
    assert 'source = "uppföljningsdata"' in text
    # uniform(0.2, 0.3) read as the beta with its moments: alpha = 0.25 k, beta = 0.75 k with
    # k = 0.25 * 0.75 / (0.01 / 12) - 1 = 224; shown with a decimal comma in the Swedish file
    assert "tidigare antagande uniform(0,2; 0,3), approximerad med beta(alpha=56; beta=168)" in text
    # the terminal (English here) describes the prior in English
    assert "uniform(0.2; 0.3)" in res.output


def test_read_observations_semicolon_csv_as_swedish_excel_writes_it(tmp_path):
    # Excel's "CSV (semikolonavgränsad)" on a Swedish Windows: semicolons, Windows-1252 text,
    # decimal commas, thousands grouped by a no-break space, blank rows written as ;;;
    c = tmp_path / "uppfoljning.csv"
    c.write_bytes(
        (
            "id;successes;trials;source\r\n"
            "logic.completes.share;22;31;Uppföljning 2024\r\n"
            ";;;\r\n"
            "outcomes.fail.baseline_risk;9,0;1\u00a0200;Jämförelsegrupp, skola A\r\n"
        ).encode("cp1252")
    )
    assert read_observations(c) == (
        Observation("logic.completes.share", 22, 31, "Uppföljning 2024"),
        Observation("outcomes.fail.baseline_risk", 9, 1200, "Jämförelsegrupp, skola A"),
    )
    # the same in UTF-8 with a BOM (Excel's "CSV UTF-8"), events/at_risk as column names
    c.write_text("id;events;at_risk\nx.y;3;10\n", encoding="utf-8-sig")
    assert read_observations(c) == (Observation("x.y", 3, 10, None),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id;successes;trials\nx.y;2,5;10\n",
            r"row 2 \(successes\): expected a whole number, found '2,5'",
        ),
        ("id successes trials\nx.y 2 10\n", "separated by commas or semicolons"),
        ("id;successes,trials\nx.y;2,10\n", "mixes separators"),
        ("id;successes;trials\nx.y;2;10;extra\n", "more cells than the header row has columns"),
    ],
)
def test_read_observations_csv_says_why_not(tmp_path, text, message):
    c = tmp_path / "o.csv"
    c.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=message) as info:
        read_observations(c)
    assert str(c) in str(info.value)


def test_cli_update_reads_a_semicolon_csv(tmp_path):
    sc = tmp_path / "s.toml"
    sc.write_text(UNCERTAIN_TOML, encoding="utf-8")
    obs = tmp_path / "obs.csv"
    obs.write_bytes(
        "id;successes;trials;source\nlogic.completes.share;22;31;Uppföljning\n".encode("cp1252")
    )
    out = tmp_path / "new.toml"
    res = CliRunner().invoke(
        main, ["update", str(sc), "--observed", str(obs), "-o", str(out), "--draws", "2000"]
    )
    assert res.exit_code == 0, res.output
    # prior beta(mean 0.7, sd 0.1): alpha = 14, beta = 6; posterior Beta(14 + 22, 6 + 9)
    post = loads(out.read_text(encoding="utf-8")).parameters["logic.completes.share"].distribution
    assert (post.alpha, post.beta) == pytest.approx((36.0, 15.0), rel=1e-6)
    assert "från Uppföljning" in post.note


# ---------------------------------------------------------------------------------------------
# the workflow in the API, and every error as a catalogue code in both languages


def test_update_file_api_reads_learns_patches_and_simulates(tmp_path):
    from sekalk.simulation import simulate
    from sekalk.update import update_file

    sc_path = tmp_path / "s.toml"
    sc_path.write_text(COMMENTED, encoding="utf-8")
    obs = tmp_path / "o.toml"
    obs.write_text(
        '[[observation]]\nid = "logic.completes.share"\nsuccesses = 22\ntrials = 31\n',
        encoding="utf-8",
    )
    out = tmp_path / "new.toml"
    done = update_file(sc_path, obs, out, draws=3000, seed=5)
    assert not out.exists()  # the API computes; the caller writes
    # prior beta(mean 0.7, sd 0.1): k = 0.7 * 0.3 / 0.01 - 1 = 20, alpha = 14, beta = 6;
    # posterior Beta(14 + 22, 6 + 31 - 22) = Beta(36, 15), by hand
    post = done.updated.parameters["logic.completes.share"].distribution
    assert (post.alpha, post.beta) == pytest.approx((36.0, 15.0), rel=1e-9)
    assert "# the pilot's experience" in done.text and "# keep me" in done.text
    assert loads(done.text).parameters["logic.completes.share"].distribution == post
    # before and after on common random numbers: the same as simulating each by hand
    before = simulate(loads(COMMENTED), draws=3000, seed=5, payback=False)
    after = simulate(loads(done.text), draws=3000, seed=5, payback=False)
    assert np.array_equal(done.before.npv(), before.npv())
    assert np.array_equal(done.after.npv(), after.npv())
    doc = done.to_dict()
    assert doc["schema"] == "sekalk.update/1"
    assert doc["updates"][0]["posterior"]["beta"] == pytest.approx([36.0, 15.0])
    assert doc["observed"]["file"] == str(obs)


@pytest.mark.parametrize(
    ("scenario", "output", "code"),
    [
        ("a.xlsx", "b.toml", "error.update.workbook"),
        ("a.toml", "b.json", "error.update.output_format"),
        ("a.json", "b.toml", "error.update.output_format"),
    ],
)
def test_check_update_paths_refuses_in_both_languages(scenario, output, code):
    from sekalk.update import check_update_paths

    with pytest.raises(ScenarioError) as info:
        check_update_paths(scenario, output)
    assert info.value.code == code
    sv, en = info.value.text("sv"), info.value.text("en")
    assert sv != en and "{" not in sv + en
    assert check_update_paths("a.toml", "b.toml") == "toml"
    assert check_update_paths("a.json", "b.JSON") == "json"


def test_every_problem_of_an_observations_file_at_once(tmp_path):
    bad = tmp_path / "o.toml"
    bad.write_text(
        "[[observation]]\n"
        'id = "a"\nsucesses = 1\ntrials = 3\n'  # misspelt key, so successes is missing
        "[[observation]]\n"
        'id = "b"\nsuccesses = 5\ntrials = 3\n'  # more successes than trials
        "[[observation]]\n"
        'id = 7\nsuccesses = "2"\ntrials = 4\nsource = 3\n',  # id, count and source wrong
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        read_observations(bad)
    found = [(e.code, e.path) for e in info.value.errors]
    assert found == [
        ("error.key.unknown", "observation#1.sucesses"),
        ("error.observed.count_missing", "observation#1.successes"),
        ("error.observed.counts_range", "observation#2"),
        ("error.observed.id", "observation#3.id"),
        ("error.observed.count", "observation#3.successes"),
        ("error.type.not_text", "observation#3.source"),
    ]
    assert all(e.file == str(bad) for e in info.value.errors)
    assert "did you mean 'successes'" in info.value.errors[0].text("en")
    assert "menade du 'successes'" in info.value.errors[0].text("sv")
    assert info.value.errors[2].text("en").endswith("found 5 of 3")
    assert info.value.errors[2].text("sv").endswith("står 5 av 3")


@pytest.mark.parametrize(
    ("text", "code", "sv"),
    [
        ("", "error.observed.empty", "filen har inga observationer"),
        ("x = 1\n", "error.key.unknown", "okänd nyckel 'x'"),
        ('observation = "a"\n', "error.observed.no_tables", "tabeller [[observation]]"),
        ("[[observation]\n", "error.toml.syntax", "TOML-syntaxfel"),
    ],
)
def test_observations_file_structure_errors_are_coded(tmp_path, text, code, sv):
    bad = tmp_path / "o.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_observations(bad)
    assert info.value.errors[0].code == code
    assert sv in info.value.errors[0].text("sv")
    missing = tmp_path / "nope.toml"
    with pytest.raises(ScenarioError) as info:
        read_observations(missing)
    assert info.value.code == "error.file.not_found"


@pytest.mark.parametrize(
    ("text", "code", "sv"),
    [
        ("id;successes;trials\nx.y;2,5;10\n", "error.observed.whole_number", "ett heltal"),
        ("id successes trials\nx.y 2 10\n", "error.observed.csv_header", "komma eller semikolon"),
        ("id;successes,trials\nx.y;2,10\n", "error.observed.csv_mixed", "blandar avgränsare"),
        ("id;successes;trials\nx.y;2;10;extra\n", "error.observed.csv_extra_cells", "fler celler"),
    ],
)
def test_csv_errors_are_coded_in_swedish_too(tmp_path, text, code, sv):
    c = tmp_path / "o.csv"
    c.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_observations(c)
    assert info.value.code == code
    assert sv in info.value.text("sv")
    c.write_bytes(b"id;successes;trials\n\x81\x8d\x8f\x90\x9d;1;2\n")  # not cp1252 either
    with pytest.raises(ScenarioError) as info:
        read_observations(c)
    assert info.value.code == "error.observed.encoding"
    assert "CSV UTF-8" in info.value.text("en") and "semikolonavgränsad" in info.value.text("sv")


def test_a_cell_that_is_no_number_is_reported_once(tmp_path):
    # the row with the unreadable cell is not checked a second time as a whole
    c = tmp_path / "o.csv"
    c.write_text("id,successes,trials,source\nlogic.x.share,1;2,20,y\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_observations(c)
    assert [e.code for e in info.value.errors] == ["error.observed.whole_number"]
    assert info.value.errors[0].path == "successes"
    assert info.value.errors[0].to_dict("en")["location"] == "row 2"


def test_learn_reports_every_refusal_at_once_with_codes(uncertain_scenario):
    obs = (
        Observation("outcomes.fail.effect", 1, 2),
        Observation("intervention.participants_per_year", 1, 2),
        Observation("logic.complete.share", 1, 2),
        Observation("outcomes.fail.attribution", 1, 2),  # a fixed number
    )
    with pytest.raises(ScenarioError) as info:
        learn(uncertain_scenario, obs)
    assert [(e.code, e.path) for e in info.value.errors] == [
        ("error.update.comparative", "outcomes.fail.effect"),
        ("error.update.not_share", "intervention.participants_per_year"),
        ("error.parameter.unknown", "logic.complete.share"),
        ("error.update.fixed", "outcomes.fail.attribution"),
    ]
    comparative = info.value.errors[0]
    assert "jämför två grupper" in comparative.text("sv")
    assert "baseline_risk" in comparative.text("sv") and "baseline_risk" in comparative.text("en")
    # the attribute is named in the reader's words, not as its key
    not_share = info.value.errors[1]
    assert "deltagare per år" in not_share.text("sv")
    assert "participants per year" in not_share.text("en")
    fixed = info.value.errors[3]
    assert "fast tal" in fixed.text("sv") and "fixed number" in fixed.text("en")


def test_beta_from_moments_errors_are_coded():
    with pytest.raises(ScenarioError) as info:
        beta_from_moments(1.2, 0.01)
    assert info.value.code == "error.update.beta_mean"
    assert "1,2" in info.value.text("sv") and "1.2" in info.value.text("en")
    with pytest.raises(ScenarioError) as info:
        beta_from_moments(0.5, 0.3)
    assert info.value.code == "error.update.beta_variance"
    assert info.value.params["limit"] == pytest.approx(0.25)


def test_cli_update_errors_in_the_scenarios_language_or_lang(tmp_path):
    sc = tmp_path / "s.toml"
    sc.write_text(UNCERTAIN_TOML, encoding="utf-8")  # a Swedish scenario
    obs = tmp_path / "o.toml"
    obs.write_text('[[observation]]\nid = "outcomes.fail.effect"\nsuccesses = 1\ntrials = 2\n')
    out = tmp_path / "n.toml"
    args = ["update", str(sc), "--observed", str(obs), "-o", str(out), "--draws", "100"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2 and not out.exists()
    assert f"{obs}: outcomes.fail.effect: relativ risk jämför två grupper" in res.output
    res = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert res.exit_code == 2 and not out.exists()
    assert "relative risk compares two groups" in res.output
    assert "Traceback" not in res.output


def test_bad_counts_and_bad_ids_are_reported_in_one_run(tmp_path):
    """A row with more successes than trials does not hide an unknown id or a non-share."""
    sc = tmp_path / "s.toml"
    sc.write_text(UNCERTAIN_TOML, encoding="utf-8")
    obs = tmp_path / "obs.csv"
    obs.write_text(
        "id,successes,trials\nlogic.completes.share,25,20\nlogic.nosuch.share,1,2\n"
        "outcomes.fail.baseline_risk,x,4\nintervention.participants_per_year,1,2\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        update_file(sc, obs, tmp_path / "new.toml")
    codes = [(e.code, e.file) for e in info.value.errors]
    assert [c for c, _ in codes] == [
        "error.observed.whole_number",
        "error.observed.counts_range",
        "error.parameter.unknown",
        "error.update.not_share",
    ]
    assert {f for _, f in codes} == {str(obs)}
    # the same in the CLI, in one run
    res = CliRunner().invoke(
        main, ["update", str(sc), "--observed", str(obs), "-o", str(tmp_path / "n.toml")]
    )
    assert res.exit_code == 2
    assert "logic.nosuch.share" in res.stderr and "participants_per_year" in res.stderr
    assert not (tmp_path / "n.toml").exists()


@pytest.mark.parametrize(
    ("text", "sv", "en"),
    [
        ("id;successes;trials\nx.y;2,5;10\n", ": rad 2 (successes): ", ": row 2 (successes): "),
        ("id successes trials\nx.y 2 10\n", ": rad 1: ", ": row 1: "),
        ("id;successes;trials\nx.y;2;10;extra\n", ": rad 2: ", ": row 2: "),
        ("id;successes;trials\n\nx.y;5;3\n", ": rad 3: ", ": row 3: "),
        ("id,successes,trials\nx.y,1,2\n,1,2\n", ": rad 3 (id): ", ": row 3 (id): "),
    ],
)
def test_a_csv_row_is_located_in_the_readers_language(tmp_path, text, sv, en):
    """The row of a follow-up CSV file is worded in Swedish in Swedish output (not 'row 3')."""
    c = tmp_path / "o.csv"
    c.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_observations(c)
    err = info.value.errors[-1]
    assert sv in err.describe("sv") and "row" not in err.where("sv").replace(str(c), "")
    assert en in err.describe("en") and "rad" not in err.where("en").replace(str(c), "")
    assert err.to_dict("sv")["location"] == sv.split(" (")[0].strip(": ")
    assert err.to_dict("en")["location"] == en.split(" (")[0].strip(": ")


def test_a_swedish_scenario_update_words_the_csv_row_in_swedish(tmp_path):
    sc = tmp_path / "s.toml"
    sc.write_text(UNCERTAIN_TOML, encoding="utf-8")
    obs = tmp_path / "obs.csv"
    obs.write_text("id;successes;trials\nlogic.completes.share;25;20\n", encoding="utf-8")
    res = CliRunner().invoke(
        main, ["update", str(sc), "--observed", str(obs), "-o", str(tmp_path / "n.toml")]
    )
    assert res.exit_code == 2
    assert f"{obs}: rad 2: " in res.stderr and "row 2" not in res.stderr
