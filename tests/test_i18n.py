"""The text catalogue and number formatting per language."""

from __future__ import annotations

import ast
import collections
import string
from pathlib import Path

import pytest

from sekalk.report import i18n
from sekalk.report.i18n import CATALOGUE, LANGUAGES, fmt_money, fmt_number, fmt_pct, t


def test_every_key_has_both_languages_with_the_same_placeholders():
    fields = string.Formatter()
    for key, texts in CATALOGUE.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key
        names = [{f for _l, f, _s, _c in fields.parse(texts[lang]) if f} for lang in LANGUAGES]
        assert names[0] == names[1], key


def test_no_key_is_written_twice():
    # A dict literal silently keeps the last of two equal keys; merges must not hide text.
    tree = ast.parse(Path(i18n.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "CATALOGUE":
            keys = [k.value for k in node.value.keys]
            dupes = [k for k, n in collections.Counter(keys).items() if n > 1]
            assert not dupes
            return
    raise AssertionError("CATALOGUE not found")


@pytest.mark.parametrize(
    ("x", "lang", "decimals", "expected"),
    [
        (1234567.891, "sv", 0, "1 234 568"),
        (1234567.891, "en", 0, "1,234,568"),
        (-1234.5, "sv", 1, "−1 234,5"),
        (-1234.5, "en", 1, "−1,234.5"),
        (999.0, "sv", 0, "999"),
        (-0.04, "sv", 1, "0,0"),  # rounds to zero: no minus sign
        (None, "sv", 0, "–"),
        (float("nan"), "en", 2, "–"),
        (float("inf"), "en", 0, "–"),
    ],
)
def test_fmt_number(x, lang, decimals, expected):
    assert fmt_number(x, lang, decimals) == expected


@pytest.mark.parametrize(
    ("x", "lang", "expected"),
    [
        (1.2e6, "sv", "1,2 mnkr"),
        (1.2e6, "en", "SEK 1.2m"),
        (-4_540_000, "sv", "−4,5 mnkr"),
        (-4_540_000, "en", "−SEK 4.5m"),
        (850_000, "sv", "850 tkr"),
        (850_000, "en", "SEK 850k"),
        (2.5e9, "sv", "2,5 mdkr"),
        (2.5e9, "en", "SEK 2.5bn"),
        (420, "sv", "420 kr"),
        (420, "en", "SEK 420"),
        (None, "sv", "–"),
    ],
)
def test_fmt_money(x, lang, expected):
    # the report's fmt_money is sekalk.text.numbers.fmt_money: a no-break space before the unit
    assert fmt_money(x, lang) == expected.replace(" ", "\u00a0")


def test_fmt_money_other_currency():
    assert fmt_money(1.5e6, "en", "EUR") == "EUR\u00a01.5m"
    assert fmt_money(1.5e6, "sv", "EUR") == "1,5\u00a0mn EUR"


@pytest.mark.parametrize(
    ("p", "lang", "decimals", "expected"),
    [
        (0.71, "sv", 0, "71 %"),
        (0.71, "en", 0, "71%"),
        (0.0016, "sv", 2, "0,16 %"),
        (None, "en", 0, "–"),
    ],
)
def test_fmt_pct(p, lang, decimals, expected):
    assert fmt_pct(p, lang, decimals) == expected


def test_t_formats_and_rejects_unknown_language():
    assert t("persp.kommun", "sv") == "kommunen"
    assert (
        t("run.settings", "en", draws="10", seed=1, sampler="lhs")
        == "10 draws, seed 1, sampler lhs"
    )
    with pytest.raises(ValueError, match="language"):
        t("persp.kommun", "de")


def test_every_entry_formats_and_leaves_no_doubled_braces():
    fields = string.Formatter()
    for key, texts in CATALOGUE.items():
        names = {f for _l, f, _s, _c in fields.parse(texts["en"]) if f}
        for lang in LANGUAGES:
            text = t(key, lang, **dict.fromkeys(names, "X"))
            assert "{{" not in text and "}}" not in text, key


# Statistical jargon a politician reading Swedish text should not meet (the Swedish terms:
# slumptalens startvärde, dragningsmetod, tidigare antagande).
SWEDISH_JARGON = r"\b(frö|fröet|urval|urvalet|urvalets|urvalsmetod|prior|priorn|random|seed|sampler|bootstrap\w*)\b"


def test_swedish_text_has_no_sampling_jargon():
    import re

    jargon = re.compile(SWEDISH_JARGON, re.IGNORECASE)
    for key, entry in CATALOGUE.items():
        text = re.sub(r"\{[^{}]*\}", "", entry["sv"])  # placeholders are not read
        assert not jargon.search(text), (key, entry["sv"])
    for sampler in ("random", "lhs", "sobol"):
        assert not jargon.search(i18n.sampler_name(sampler, "sv"))
        assert i18n.sampler_name(sampler, "en") == sampler


def test_swedish_outputs_have_no_sampling_jargon(tmp_path):
    import re

    from click.testing import CliRunner

    from sekalk.cli import main

    from .conftest import UNCERTAIN_TOML

    jargon = re.compile(SWEDISH_JARGON, re.IGNORECASE)
    path = tmp_path / "s.toml"
    path.write_text(UNCERTAIN_TOML, encoding="utf-8")  # a Swedish scenario
    runner = CliRunner()
    for sampler in ("random", "lhs", "sobol"):
        res = runner.invoke(main, ["run", str(path), "--draws", "256", "--sampler", sampler])
        assert res.exit_code == 0, res.output
        assert not jargon.search(res.output), jargon.search(res.output)
    report = tmp_path / "r.html"
    res = runner.invoke(main, ["report", str(path), "-o", str(report), "--draws", "300"])
    assert res.exit_code == 0, res.output
    visible = re.sub(r"<[^>]*>", " ", report.read_text(encoding="utf-8"))
    assert not jargon.search(visible), jargon.search(visible)
    assert "Slumptalens startvärde" in visible and "enkel slumpdragning" in visible
    page = tmp_path / "c.html"
    res = runner.invoke(
        main, ["compare", str(path), str(path), "--draws", "300", "--report", str(page)]
    )
    assert res.exit_code == 0, res.output
    assert not jargon.search(res.output)
    assert not jargon.search(re.sub(r"<[^>]*>", " ", page.read_text(encoding="utf-8")))
