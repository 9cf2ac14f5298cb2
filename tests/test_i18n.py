"""Report text: looked up in the gettext catalogues, plurals, and number formatting per
language (the formatters are those of :mod:`sekalk.text.numbers`)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from sekalk.report import i18n
from sekalk.report.i18n import fmt_money, fmt_number, fmt_pct, message_ids, t, template, tn
from sekalk.text import catalog, languages, numbers

ROOT = Path(__file__).resolve().parents[1]
NNBSP, NBSP = "\u202f", "\u00a0"
#: A placeholder left unfilled in rendered text (literal braces such as ``{ ref = "x" }`` are not).
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(![rsa])?(:[^{}]*)?\}")


def _fields(text: str) -> set[str]:
    return {f for _l, f, _s, _c in string.Formatter().parse(text) if f}


def test_report_text_is_in_the_catalogues_not_in_a_dict():
    """The CATALOGUE dict is gone: i18n.py only looks messages up (tools/i18n_to_po.py moved
    it); a dict that comes back is moved by the converter, and this test fails until it is."""
    assert not hasattr(i18n, "CATALOGUE")
    source = Path(i18n.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^CATALOGUE\b", source, re.MULTILINE)
    assert len(message_ids("report.")) > 100
    assert t("report.doc_title", "sv") == catalog("sv").template("report.doc_title")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_message_id_is_written_twice_in_a_catalogue(lang):
    # Babel keeps the last of two equal ids silently; merges must not hide text.
    po = ROOT / f"sekalk/text/locale/{lang}/LC_MESSAGES/sekalk.po"
    ids = re.findall(r'^msgid "(.+)"$', po.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(ids) == len(set(ids)) > 800


def test_every_message_renders_in_every_language_with_no_placeholder_left():
    """Every catalogue entry (report and error, singular and each plural form) formatted with
    sample values, as t/tn do: no field is left as {name}, no doubled brace remains."""
    ids = catalog("en").ids()
    assert len(ids) > 800
    for lang in languages():
        cat = catalog(lang)
        for msgid in ids:
            sample = {f: "X" for text in cat.texts(msgid) for f in _fields(text)}
            if cat.is_plural(msgid):
                rendered = [
                    tn(msgid, lang, n, **{k: v for k, v in sample.items() if k != "n"})
                    for n in (1, 2, 5)
                ]
            else:
                rendered = [t(msgid, lang, **sample)]
            for text in rendered:
                assert not PLACEHOLDER.search(text), (lang, msgid, text)
                assert "{{" not in text and "}}" not in text, (lang, msgid, text)


def test_t_renders_exactly_as_str_format():
    """t is str.format on the catalogue text: format specs and plain values behave as before."""
    assert template("chart.interval90", "en") == "90% interval: {lo} to {hi}"
    assert t("chart.interval90", "en", lo=1.5, hi="2") == "90% interval: 1.5 to 2"
    assert t("units.use_yearly", "en", id="x") == (
        'in a scenario, as a yearly amount: annual = { ref = "x", per = "year" }'
    )
    with pytest.raises(KeyError):
        t("no.such.key", "en")
    with pytest.raises(KeyError, match="plural"):
        t("portfolio.title", "en")  # a plural entry needs its count


@pytest.mark.parametrize(
    ("x", "lang", "decimals", "expected"),
    [
        (1234567.891, "sv", 0, f"1{NNBSP}234{NNBSP}568"),
        (1234567.891, "en", 0, "1,234,568"),
        (-1234.5, "sv", 1, f"−1{NNBSP}234,5"),
        (-1234.5, "en", 1, "−1,234.5"),
        (999.0, "sv", 0, "999"),
        (-0.04, "sv", 1, "0,0"),  # rounds to zero: no minus sign
        (None, "sv", 0, "–"),
        (float("nan"), "en", 2, "–"),
        (float("inf"), "en", 0, "–"),
    ],
)
def test_fmt_number(x, lang, decimals, expected):
    """The report's fmt_number is sekalk.text.numbers.fmt_number: Swedish thousands are
    grouped with a no-break thin space (U+202F), so a number never breaks across lines."""
    assert fmt_number(x, lang, decimals) == expected
    assert fmt_number is numbers.fmt_number


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
        (0.71, "sv", 0, f"71{NBSP}%"),
        (0.71, "en", 0, "71%"),
        (0.0016, "sv", 2, f"0,16{NBSP}%"),
        (0.999, "sv", 0, f"100{NBSP}%"),
        (-0.004, "en", 0, "0%"),  # rounds to zero: no minus sign
        (12.345, "sv", 1, f"1{NNBSP}234,5{NBSP}%"),
        (None, "en", 0, "–"),
    ],
)
def test_fmt_pct(p, lang, decimals, expected):
    assert fmt_pct(p, lang, decimals) == expected
    assert fmt_pct is numbers.fmt_percent


def test_t_formats_and_rejects_unknown_language():
    assert t("persp.kommun", "sv") == "kommunen"
    assert (
        t("run.settings", "en", draws="10", seed=1, sampler="lhs")
        == "10 draws, seed 1, sampler lhs"
    )
    with pytest.raises(ValueError, match="unknown language 'de'; expected one of en, sv"):
        t("persp.kommun", "de")
    with pytest.raises(ValueError, match="language"):
        tn("portfolio.title", "de", 2)


# Statistical jargon a politician reading Swedish text should not meet (the Swedish terms:
# slumptalens startvärde, dragningsmetod, tidigare antagande).
SWEDISH_JARGON = r"\b(frö|fröet|urval|urvalet|urvalets|urvalsmetod|prior|priorn|random|seed|sampler|bootstrap\w*)\b"


def test_swedish_text_has_no_sampling_jargon():
    jargon = re.compile(SWEDISH_JARGON, re.IGNORECASE)
    sv = catalog("sv")
    for key in sv.ids():
        for entry in sv.texts(key):
            text = re.sub(r"\{[^{}]*\}", "", entry)  # placeholders are not read
            assert not jargon.search(text), (key, entry)
    for sampler in ("random", "lhs", "sobol"):
        assert not jargon.search(i18n.sampler_name(sampler, "sv"))
        assert i18n.sampler_name(sampler, "en") == sampler


def test_swedish_outputs_have_no_sampling_jargon(tmp_path):
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


@pytest.mark.parametrize(
    ("key", "params", "sv1", "sv2", "en1", "en2"),
    [
        (
            "portfolio.title",
            {},
            "Portfölj med 1 projekt",
            "Portfölj med 2 projekt",
            "Portfolio of 1 project",
            "Portfolio of 2 projects",
        ),
        ("report.years", {}, "1 år", "2 år", "1 year", "2 years"),
        (
            "chart.logic_outcome",
            {"label": "L"},
            "L (efter 1 år)",
            "L (efter 2 år)",
            "L (after 1 year)",
            "L (after 2 years)",
        ),
        (
            "chart.logic_cohorts",
            {"total": "T"},
            "1 årskull, totalt T",
            "2 årskullar, totalt T",
            "1 cohort, in total T",
            "2 cohorts, in total T",
        ),
        (
            "report.cmp_n_overrides",
            {},
            "1 ändrat antagande",
            "2 ändrade antaganden",
            "1 overridden assumption",
            "2 overridden assumptions",
        ),
    ],
)
def test_plurals_for_one_and_two(key, params, sv1, sv2, en1, en2):
    assert [tn(key, "sv", n, **params) for n in (1, 2)] == [sv1, sv2]
    assert [tn(key, "en", n, **params) for n in (1, 2)] == [en1, en2]
    # t takes the count from n, so messages kept as (key, params) render alike
    assert t(key, "en", n=1, **params) == en1


@pytest.mark.parametrize(
    ("key", "params", "sv", "en"),
    [
        (
            "sens.note.sobol_correlations",
            {},
            ("1 korrelation har", "2 korrelationer har"),
            ("1 correlation was dropped", "2 correlations were dropped"),
        ),
        (
            "cred.n_critical",
            {"thr": "10 %"},
            (
                "1 antagande med svag evidens (antagande eller ej angiven) bär minst",
                "2 antaganden med svag evidens (antagande eller ej angiven) bär vardera minst",
            ),
            (
                "1 weakly grounded assumption (assumption or not stated) carries",
                "2 weakly grounded assumptions (assumption or not stated) each carry",
            ),
        ),
        (
            "convert.comments",
            {"target": "xlsx"},
            ("1 kommentar i filen har", "2 kommentarer i filen har"),
            ("1 comment in the file has no place", "2 comments in the file have no place"),
        ),
        (
            "report.pf_common_unshared",
            {},
            (
                "1 parameter-id finns i flera projekt men dras oberoende. Visa vilket.",
                "2 parameter-id finns i flera projekt men dras oberoende. Visa vilka.",
            ),
            (
                "1 parameter id occurs in several projects but is drawn independently.",
                "2 parameter ids occur in several projects but are drawn independently.",
            ),
        ),
    ],
)
def test_plural_sentences_for_one_and_two(key, params, sv, en):
    for lang, expected in (("sv", sv), ("en", en)):
        for n, part in zip((1, 2), expected, strict=True):
            assert part in tn(key, lang, n, **params), (lang, n)


def test_no_message_dodges_a_plural():
    """Counts choose their word form through plural entries: no "(er)", "(s)" or "(ar)"."""
    dodge = re.compile(r"\w\((er|s|ar|or|n|en|es)\)")
    for lang in languages():
        cat = catalog(lang)
        for msgid in cat.ids():
            for text in cat.texts(msgid):
                assert not dodge.search(text), (lang, msgid, text)


def test_every_plural_entry_has_the_forms_of_its_language():
    for lang in languages():
        cat = catalog(lang)
        plural = [m for m in cat.ids() if cat.is_plural(m)]
        assert len(plural) >= 12
        for msgid in plural:
            assert len(cat.texts(msgid)) == 2, (lang, msgid)  # sv and en: one and other


def test_callers_pass_the_count_of_plural_entries():
    """Every plural entry used by the package is called through tn (or t with n=...), never
    with its count under another name: each call site names the key next to tn/t."""
    plural = {m for m in catalog("en").ids() if catalog("en").is_plural(m)}
    calls = re.compile(r"""\bt\(\s*["']([a-z_.]+)["']([^()]*)\)""")
    for path in (ROOT / "sekalk").rglob("*.py"):
        for key, args in calls.findall(path.read_text(encoding="utf-8")):
            if key in plural:
                assert re.search(r"\bn=", args), (path.name, key)


def test_every_report_key_the_code_names_is_in_the_catalogues():
    """A literal key passed to t/tn in the package or its templates exists in every catalogue
    (a key built at run time, f"persp.{name}" or "app.kind." + kind, is not checked here)."""
    call = re.compile(r"""\btn?\(\s*["']([a-z_]+\.[a-z0-9_.\-]+)["']""")
    used = set()
    for pattern in ("*.py", "*.j2"):
        for path in (ROOT / "sekalk").rglob(pattern):
            used |= set(call.findall(path.read_text(encoding="utf-8")))
    used = {k for k in used if not k.endswith(".")}  # t("app.kind." + kind): a prefix
    assert len(used) > 300
    for lang in languages():
        missing = sorted(k for k in used if not catalog(lang).has(k))
        assert not missing, (lang, missing)
