"""Terminal text: tables that fit the terminal, and sentences that explain what a reader sees."""

from __future__ import annotations

import math

import numpy as np
import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.report.html import render_report
from sekalk.report.text import (
    breakeven_sentence,
    negative_avoided_sentence,
    shorten_distinct,
    table,
)
from sekalk.scenario import loads
from sekalk.simulation import simulate
from tests.conftest import sv_numbers

from .conftest import HAND_TOML, UNCERTAIN_TOML

# ------------------------------------------------------------------ tables fit the terminal


def test_shorten_distinct_keeps_distinct_labels_distinct():
    labels = [
        "Lämnar grundskolan utan gymnasiebehörighet: risk utan insatsen",
        "Lämnar grundskolan utan gymnasiebehörighet: relativ risk",
        "Lämnar grundskolan utan gymnasiebehörighet: andel som beror på insatsen",
        "Kort",
        "Lämnar grundskolan utan gymnasiebehörighet: relativ risk",  # a repeat stays a repeat
    ]
    for n in (6, 10, 16, 30):
        short = shorten_distinct(labels, n)
        assert len(set(short)) == len(set(labels))
        assert short[1] == short[4]
        assert short[3] == "Kort"
        for s, x in zip(short, labels, strict=True):
            assert s == x or s.count("…") == 1
    # cut at the end where that already keeps them apart
    assert shorten_distinct(["Personal och lokaler", "Utbildning"], 8) == ["Persona…", "Utbildn…"]
    # the differing ends are kept where the starts are the same
    assert shorten_distinct(
        ["Ekonomiskt bistånd: andel", "Ekonomiskt bistånd: årligt belopp"], 12
    ) == [
        "Ekonom…andel",
        "Eko…t belopp",
    ]


def test_table_fits_the_width_and_keeps_ids():
    headers = ["Id", "Label", "Value"]
    rows = [
        [f"id.{i}", f"A rather long label that ends in number {i}", f"{i * 1000:,}"]
        for i in range(12)
    ]
    text = table(headers, rows, align="llr", width=40, keep=(0,))
    lines = text.splitlines()
    assert max(len(x) for x in lines) <= 40
    body = lines[2:]
    assert [x.split()[0] for x in body] == [f"id.{i}" for i in range(12)]  # ids in full
    assert len(set(body)) == len(body)  # no two rows read the same
    for i, line in enumerate(body):
        assert line.endswith(f"{i * 1000:,}")  # numbers are never cut
    assert table(headers, rows, width=None) == table(headers, rows, width=1000)


@pytest.mark.parametrize(
    ("args", "columns"),
    [(["run", "--draws", "500"], 90), (["params"], 120), (["credibility", "--draws", "500"], 70)],
)
def test_cli_tables_fit_a_narrow_terminal(tmp_path, args, columns):
    path = tmp_path / "s.toml"
    path.write_text(UNCERTAIN_TOML, encoding="utf-8")
    res = CliRunner().invoke(main, [args[0], str(path), *args[1:]], env={"COLUMNS": str(columns)})
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    # every table (a header, a rule of dashes, rows up to a blank line) fits the width;
    # running text may wrap in the terminal
    rules = [i for i, x in enumerate(lines) if x.strip() and set(x) <= {"-", " "}]
    assert rules
    for i in rules:
        end = next((j for j in range(i + 1, len(lines)) if not lines[j].strip()), len(lines))
        rows = [x for x in lines[i + 1 : end] if not x.startswith("  ")]
        assert len(lines[i - 1]) <= columns and len(lines[i]) <= columns
        assert all(len(x) <= columns for x in rows), max(rows, key=len)
        assert len(set(rows)) == len(rows)


# ---------------------------------------------------------------- negative avoided outcomes


def _with_effect(low: float, high: float):
    text = HAND_TOML.replace(
        "effect = { relative_risk = 0.5 }",
        f'effect = {{ relative_risk = {{ dist = "uniform", min = {low}, max = {high} }} }}',
    )
    return loads(text, file="hand.toml")


def test_negative_avoided_outcomes_are_explained():
    # relative risk ~ uniform(0.5, 1.1): the effect increases the outcome when rr > 1, so
    # P(avoided < 0) = (1.1 - 1) / (1.1 - 0.5) = 1/6 (every other factor is positive)
    n = 20_000
    result = simulate(_with_effect(0.5, 1.1), draws=n, seed=3)
    share = float(np.mean(result.avoided_outcomes < 0))
    assert abs(share - 1 / 6) < 4 * math.sqrt(1 / 6 * 5 / 6 / n)
    sentence = negative_avoided_sentence(result.avoided_outcomes, "sv")
    assert sentence.startswith(
        sv_numbers(f"I {round(100 * share)} % av dragningarna är antalet undvikna utfall negativt")
    )
    assert "relativ risk över 1" in sentence
    assert sentence in breakeven_sentence(result, "sv")
    en = negative_avoided_sentence(result.avoided_outcomes, "en")
    assert "increase the adverse outcome" in en
    page = render_report(result, lang="en")
    assert en in page
    # median rr 1.05 > 1: the median number of avoided outcomes is negative too
    worse = simulate(_with_effect(0.8, 1.3), draws=4000, seed=3)
    assert np.median(worse.avoided_outcomes) < 0
    assert "the median too" in negative_avoided_sentence(worse.avoided_outcomes, "en")
    # no draw with rr > 1: nothing to explain
    good = simulate(_with_effect(0.5, 0.9), draws=4000, seed=3)
    assert negative_avoided_sentence(good.avoided_outcomes, "sv") is None
    assert "negativ" not in breakeven_sentence(good, "sv")
    assert (
        "negative" not in render_report(good, lang="en").split("<main>", 1)[-1].split("Method")[0]
    )


def test_a_small_share_never_reads_as_zero():
    avoided = np.ones(100_000)
    avoided[:3] = -1.0
    assert sv_numbers("0,003 %") in negative_avoided_sentence(avoided, "sv")
    avoided = -np.ones(1000)
    avoided[0] = 1.0
    assert "99.9%" in negative_avoided_sentence(avoided, "en")


def test_an_override_origin_is_worded_where_it_is_a_code():
    from sekalk.report.labels import origin_label

    assert origin_label("widen", "sv") == "breddning efter evidens (--widen)"
    assert origin_label("widen", "en") == "widening by evidence (--widen)"
    # --set and an overlay file's path are shown as the user wrote them
    assert origin_label("--set", "sv") == "--set"
    assert origin_label("granskning.toml", "en") == "granskning.toml"
