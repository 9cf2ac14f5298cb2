"""The evaluator's command line: --set, --overlay, --widen, compare, credibility."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sekalk.cli import main

from .conftest import HAND_TOML, UNCERTAIN_TOML


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def files(tmp_path):
    s = tmp_path / "app.toml"
    s.write_text(UNCERTAIN_TOML, encoding="utf-8")
    o1 = tmp_path / "eval1.toml"
    o1.write_text(
        """
[[override]]
id = "outcomes.fail.effect"
value = { dist = "uniform", min = 0.85, max = 1.0 }
evidence = "research"
source = "Meta-analys 2021"
note = "Pilotens effekt gäller inte hela målgruppen"
""",
        encoding="utf-8",
    )
    o2 = tmp_path / "eval2.toml"
    o2.write_text(
        '[[override]]\nid = "outcomes.fail.effect"\nvalue = 0.9\nnote = "Andra bedömningen"\n',
        encoding="utf-8",
    )
    return s, o1, o2


def test_run_reports_overrides_and_deltas(runner, files):
    s, o1, o2 = files
    args = ["run", str(s), "--draws", "2000", "--overlay", str(o1), "--overlay", str(o2)]
    res = runner.invoke(main, [*args, "--set", "intervention.costs.staff.annual=1.7e6"])
    assert res.exit_code == 0, res.output
    out = res.output
    assert "Ändrade antaganden" in out
    # Swedish output: decimal commas, parameters separated by "; "
    assert "lognormal(p05=0,6; p95=0,95)" in out and "uniform(0,85; 1)" in out
    assert "Pilotens effekt gäller inte hela målgruppen" in out and "--set" in out
    assert "Jämfört med det oförändrade scenariot (samma slumptal)" in out

    res = runner.invoke(
        main, [*args, "--set", "intervention.costs.staff.annual=1.7e6", "--json", "-"]
    )
    doc = json.loads(res.output)
    ovs = doc["settings"]["overrides"]
    assert [(o["id"], o["origin"]) for o in ovs] == [
        ("outcomes.fail.effect", str(o1)),
        ("outcomes.fail.effect", str(o2)),
        ("intervention.costs.staff.annual", "--set"),
    ]
    assert ovs[0]["original"]["dist"] == "lognormal" and ovs[1]["original"] == ovs[0]["value"]
    assert ovs[1]["note"] == "Andra bedömningen"
    base = json.loads(runner.invoke(main, ["run", str(s), "--draws", "2000", "--json", "-"]).output)
    deltas = doc["override_deltas"]
    assert deltas["prob_npv_positive"] == pytest.approx(
        doc["perspectives"]["society"]["prob_npv_positive"]
        - base["perspectives"]["society"]["prob_npv_positive"],
        abs=1e-12,
    )
    assert deltas["npv_mean"] == pytest.approx(
        doc["perspectives"]["society"]["npv"]["mean"]
        - base["perspectives"]["society"]["npv"]["mean"],
        rel=1e-9,
    )


def test_run_without_overrides_prints_no_override_section(runner, files):
    res = runner.invoke(main, ["run", str(files[0]), "--draws", "500"])
    assert res.exit_code == 0 and "Ändrade antaganden" not in res.output


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            ["--set", "outcomes.fail.efect=0.5"],
            ["did you mean 'outcomes.fail.effect'", "valid ids:", "scenario.discount_rate"],
        ),
        (
            ["--set", 'logic.completes.share={dist="uniform", min=0.5, max=1.5}'],
            ["logic.completes.share", "[0, 1]"],
        ),
        (["--set", "logic.completes.share=0.5.5"], ["cannot read the value"]),
        (["--set", "logic.completes.share"], ["expected ID=VALUE"]),
        (["--overlay", "missing.toml"], ["missing.toml", "not found"]),
        (["--widen-rule", "missing-rule.toml"], ["missing-rule.toml", "not found"]),
    ],
)
def test_bad_overrides_exit_2_without_output(runner, files, tmp_path, extra, expected):
    out = tmp_path / "summary.json"
    res = runner.invoke(
        main, ["run", str(files[0]), "--draws", "100", "--lang", "en", "--json", str(out), *extra]
    )
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    for text in expected:
        assert text in res.output
    if extra[0] == "--set":
        assert res.output.startswith((f"fel: {files[0]}: --set ", f"error: {files[0]}: --set "))
    assert not out.exists()


def test_bad_overlay_names_file_and_key_path(runner, files, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[override]]\nid = "logic.completes.share"\nvalue = 0.6\n'
        '[[override]]\nid = "logic.completes.share"\nvalue = { dist = "uniform", min = "x", max = 1 }\n',
        encoding="utf-8",
    )
    res = runner.invoke(main, ["run", str(files[0]), "--draws", "100", "--overlay", str(bad)])
    assert res.exit_code == 2
    assert f"{bad}: override#2.value.min:" in res.output


# 2000 +- 25 %, and the note says exactly what changed (the number format of the file's language)
WIDEN_NOTE = "widened by ±25% (evidence: assumption): 2,000 → triangular(1,500; 2,000; 2,500)"


def test_run_widen_reports_widened_values(runner, tmp_path):
    s = tmp_path / "hand.toml"
    s.write_text(
        HAND_TOML.replace(
            "annual = 2000", 'annual = { dist = "fixed", value = 2000, evidence = "assumption" }'
        )
    )
    res = runner.invoke(main, ["run", str(s), "--draws", "200", "--widen", "--json", "-"])
    assert res.exit_code == 0, res.output
    ovs = json.loads(res.output)["settings"]["overrides"]
    assert ovs == [
        {
            "id": "intervention.costs.staff.annual",
            "original": {"dist": "fixed", "value": 2000, "evidence": "assumption"},
            "value": {
                "dist": "triangular",
                "min": 1500,
                "mode": 2000,
                "max": 2500,
                "evidence": "assumption",
                "note": WIDEN_NOTE,
            },
            "evidence": "assumption",
            "source": None,
            "note": WIDEN_NOTE,
            "origin": "widen",
        }
    ]


def test_compare_positions_with_overlays(runner, files, tmp_path):
    s, o1, _ = files
    plot = tmp_path / "cmp.png"
    res = runner.invoke(
        main,
        ["compare", str(s), f"{s}+{o1}", "--draws", "1000", "--json", "-", "--plot", str(plot)],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["schema"] == "sekalk.compare/1"
    assert doc["scenarios"][0]["overrides"] == []
    assert [o["origin"] for o in doc["scenarios"][1]["overrides"]] == [str(o1)]
    assert doc["pairs"][0]["a"] == 0 and doc["pairs"][0]["b"] == 1
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    text = runner.invoke(main, ["compare", str(s), f"{s}+{o1}", "--draws", "1000", "--lang", "en"])
    assert text.exit_code == 0
    assert "Comparison on common random numbers" in text.output
    assert "#1 − #2" in text.output and "P(A > B)" in text.output
    assert "#2 Uncertain: overridden assumptions" in text.output


def test_compare_errors(runner, files, tmp_path):
    s = files[0]
    res = runner.invoke(main, ["compare", str(s), f"{s}+nope.toml", "--draws", "10"])
    assert res.exit_code == 2 and "nope.toml" in res.output
    res = runner.invoke(main, ["compare", str(s), "--plot", str(tmp_path / "x.pdf")])
    assert res.exit_code == 2 and "--plot måste sluta på .png eller .svg" in res.output
    res = runner.invoke(
        main, ["compare", str(s), "--plot", str(tmp_path / "x.pdf"), "--lang", "en"]
    )
    assert res.exit_code == 2 and "--plot must end in .png or .svg" in res.output
    res = runner.invoke(main, ["compare", str(s), "--draws", "10", "--perspective", "skola"])
    assert res.exit_code == 2 and "inget perspektiv 'skola'" in res.output


def test_credibility_command(runner, files, tmp_path):
    s = files[0]
    res = runner.invoke(main, ["credibility", str(s), "--draws", "2000", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "Credibility map" in res.output and "Share of uncertainty" in res.output
    res = runner.invoke(
        main, ["credibility", str(s), "--draws", "2000", "--threshold", "0", "--json", "-"]
    )
    doc = json.loads(res.output)
    assert doc["schema"] == "sekalk.credibility/1"
    # threshold 0: every uncertain, weakly grounded assumption with a share that enters the
    # NPV is critical
    for a in doc["assumptions"]:
        weak = a["evidence"] in ("assumption", "none") and a["share"] > 0
        assert a["critical"] == (weak and a["influence"] == "direct")
    svg = tmp_path / "map.svg"
    res = runner.invoke(main, ["credibility", str(s), "--draws", "500", "--plot", str(svg)])
    assert res.exit_code == 0 and svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_draws_csv_states_overrides(runner, files, tmp_path):
    out = tmp_path / "draws.csv"
    res = runner.invoke(
        main,
        [
            "run",
            str(files[0]),
            "--draws",
            "100",
            "--set",
            "logic.completes.share=0.5",
            "--draws-out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    line = next(
        x for x in out.read_text(encoding="utf-8").splitlines() if x.startswith("# overrides: ")
    )
    (o,) = json.loads(line.removeprefix("# overrides: "))
    assert (o["id"], o["value"], o["origin"]) == (
        "logic.completes.share",
        {"dist": "fixed", "value": 0.5},
        "--set",
    )


def test_compare_with_itself_says_identical(runner, files):
    res = runner.invoke(
        main, ["compare", str(files[0]), str(files[0]), "--draws", "500", "--lang", "en"]
    )
    assert res.exit_code == 0, res.output
    assert "identical in every draw" in res.output


OVERLAY_WITH_TITLE = """
title = "Bedömningsgruppens antaganden"
description = "Vår läsning av effektstudierna"
[[override]]
id = "outcomes.fail.effect"
value = { dist = "uniform", min = 0.85, max = 1.0 }
evidence = "research"
source = "Systematisk översikt 2021"
note = "Pilotens effekt gäller inte hela målgruppen"
"""


@pytest.fixture
def titled_overlay(tmp_path):
    import hashlib

    o = tmp_path / "bedomning.toml"
    o.write_text(OVERLAY_WITH_TITLE, encoding="utf-8")
    return o, hashlib.sha256(o.read_bytes()).hexdigest()


def test_run_states_overlay_title_sha256_and_each_source(runner, files, titled_overlay):
    s = files[0]
    o, sha = titled_overlay
    res = runner.invoke(main, ["run", str(s), "--draws", "1000", "--overlay", str(o)])
    assert res.exit_code == 0, res.output
    out = res.output
    assert f'Överläggsfil {o}: "Bedömningsgruppens antaganden" (SHA-256 {sha})' in out
    assert "forskning" in out  # the evaluator's evidence grade for the changed value
    assert (
        "outcomes.fail.effect: källa: Systematisk översikt 2021; "
        "motivering: Pilotens effekt gäller inte hela målgruppen"
    ) in out
    args = ["run", str(s), "--draws", "1000", "--overlay", str(o), "--json", "-"]
    doc = json.loads(runner.invoke(main, args).output)
    assert doc["settings"]["overlays"] == [
        {
            "path": str(o),
            "title": "Bedömningsgruppens antaganden",
            "description": "Vår läsning av effektstudierna",
            "sha256": sha,
            "ids": ["outcomes.fail.effect"],
        }
    ]
    (ov,) = doc["settings"]["overrides"]
    assert (ov["evidence"], ov["source"], ov["note"]) == (
        "research",
        "Systematisk översikt 2021",
        "Pilotens effekt gäller inte hela målgruppen",
    )


def test_compare_and_report_state_the_overlay(runner, files, titled_overlay, tmp_path):
    s = files[0]
    o, sha = titled_overlay
    page = tmp_path / "cmp.html"
    args = ["compare", str(s), f"{s}+{o}", "--draws", "1000", "--report", str(page)]
    res = runner.invoke(main, [*args, "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert f'Overlay file {o}: "Bedömningsgruppens antaganden" (SHA-256 {sha})' in res.output
    assert "source: Systematisk översikt 2021" in res.output
    html = page.read_text(encoding="utf-8")
    for text in (
        "Bedömningsgruppens antaganden",
        sha,
        "Evidence: research",
        "Source: Systematisk översikt 2021",
        "Pilotens effekt gäller inte hela målgruppen",
    ):
        assert text in html, text
    doc = json.loads(runner.invoke(main, [*args[:3], "--draws", "1000", "--json", "-"]).output)
    assert doc["scenarios"][0]["overlays"] == []
    assert [(x["title"], x["sha256"]) for x in doc["scenarios"][1]["overlays"]] == [
        ("Bedömningsgruppens antaganden", sha)
    ]
    single = tmp_path / "r.html"
    res = runner.invoke(
        main, ["report", str(s), "-o", str(single), "--draws", "500", "--overlay", str(o)]
    )
    assert res.exit_code == 0, res.output
    html = single.read_text(encoding="utf-8")
    prov = html[html.index('<section id="provenance">') :]
    assert "SHA-256 för överläggsfilen" in prov and sha in prov
    assert "bedomning.toml (Bedömningsgruppens antaganden)" in prov
    assert "Evidens: forskning" in html and "Källa: Systematisk översikt 2021" in html


def test_compare_reports_every_invalid_file_and_overlay_at_once(runner, files, tmp_path):
    s, o1, _ = files
    broken = tmp_path / "broken.toml"
    broken.write_text(UNCERTAIN_TOML.replace("horizon_years = ", "horizon_years = -"))
    empty = tmp_path / "empty.toml"
    empty.write_text('[scenario]\ntitle = "x"\nlanguage = "sv"\n', encoding="utf-8")
    missing = tmp_path / "missing.toml"
    out = tmp_path / "c.json"
    res = runner.invoke(
        main,
        [
            "compare",
            str(broken),
            f"{s}+{o1}",
            f"{s}+{missing}",
            str(empty),
            "--draws",
            "10",
            "--json",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 2 and not out.exists() and "Traceback" not in res.output
    lines = res.output.splitlines()
    assert any(line.startswith((f"fel: {broken}:", f"error: {broken}:")) for line in lines)
    assert f"error: {missing}: overlay file not found" in lines
    empty_lines = [line for line in lines if str(empty) in line]
    assert len(empty_lines) == 5 and empty_lines[-1] == f"{empty}: 4 problems"
    assert not any(str(o1) in line for line in lines)  # the good overlay is no problem


def test_counts_have_their_singular_form(runner, tmp_path):
    # one unit cost: "1 enhetskostnad" / "1 unit cost", never "1 enhetskostnader"
    one = runner.invoke(main, ["units", "psykologutredning"])
    assert one.exit_code == 0, one.output
    head = one.output.splitlines()[0]
    assert head.startswith("1 enhetskostnad ur") and "enhetskostnader" not in head
    en = runner.invoke(main, ["units", "psykologutredning", "--lang", "en"]).output
    assert en.startswith("1 unit cost from")
    many = runner.invoke(main, ["units"]).output.splitlines()[0]
    assert many.split()[1] == "enhetskostnader" and int(many.split()[0]) > 1
    # a scenario with one uncertain parameter: "varav 1 osäker" / "1 uncertain"
    text = HAND_TOML.replace('language = "en"', 'language = "sv"').replace(
        "discount_rate = 0.05",
        'discount_rate = { dist = "uniform", min = 0.04, max = 0.06 }',
    )
    s = tmp_path / "one.toml"
    s.write_text(text, encoding="utf-8")
    sv = runner.invoke(main, ["validate", str(s)]).output
    assert "parametrar, varav 1 osäker)" in sv
    en = runner.invoke(main, ["validate", str(s), "--lang", "en"]).output
    assert "parameters, 1 uncertain)" in en
    heading = runner.invoke(main, ["params", str(s)]).output.splitlines()[0]
    assert heading.endswith("parametrar, varav 1 osäker")
