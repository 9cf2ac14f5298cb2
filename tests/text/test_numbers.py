"""The one number formatter: money at every unit boundary, percentages, counts, ranges."""

from __future__ import annotations

import math
import re

import pytest

from sekalk.text.numbers import (
    MONEY_UNITS,
    fmt_count,
    fmt_decimal,
    fmt_money,
    fmt_number,
    fmt_percent,
    fmt_range,
    fmt_significant,
    read_number,
    with_plus,
)

NB = "\u00a0"  # no-break space before a unit
THIN = "\u202f"  # no-break thin space between thousands (sv)
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("x", "sv", "en"),
    [
        (0, "0 kr", "SEK 0"),
        (999, "999 kr", "SEK 999"),
        (999.4, "999 kr", "SEK 999"),
        (999.6, "1 tkr", "SEK 1k"),  # 1 000 kr after rounding: the next unit
        (1_000, "1 tkr", "SEK 1k"),
        (850_000, "850 tkr", "SEK 850k"),
        (999_499, "999 tkr", "SEK 999k"),
        (999_999, "1,0 mnkr", "SEK 1.0m"),  # not "1 000 tkr"
        (1_000_000, "1,0 mnkr", "SEK 1.0m"),
        (1_250_000, "1,2 mnkr", "SEK 1.2m"),  # 1.25 rounds half to even
        (9_999_999, "10,0 mnkr", "SEK 10.0m"),
        (999_949_999, "999,9 mnkr", "SEK 999.9m"),
        (999_999_999, "1,0 mdkr", "SEK 1.0bn"),  # not "1 000,0 mnkr"
        (2.5e9, "2,5 mdkr", "SEK 2.5bn"),
        (1.2e12, f"1{THIN}200,0 mdkr", "SEK 1,200.0bn"),  # the largest unit grows
        (-999, f"{MINUS}999 kr", f"{MINUS}SEK 999"),
        (-999_999, f"{MINUS}1,0 mnkr", f"{MINUS}SEK 1.0m"),
        (-4_540_000, f"{MINUS}4,5 mnkr", f"{MINUS}SEK 4.5m"),
        (-0.4, "0 kr", "SEK 0"),  # rounds to zero: no minus sign
        (-40, f"{MINUS}40 kr", f"{MINUS}SEK 40"),
    ],
)
def test_money_at_every_unit_boundary(x, sv, en):
    assert fmt_money(x, "sv") == _nb(sv)
    assert fmt_money(x, "en") == _nb(en)


def _nb(text: str) -> str:
    """The expected text with the no-break space before the unit (the last plain space)."""
    head, sep, tail = text.rpartition(" ")
    if text.startswith(("SEK ", f"{MINUS}SEK ")):
        return text.replace("SEK ", f"SEK{NB}", 1)
    return f"{head}{NB}{tail}" if sep else text


@pytest.mark.parametrize("x", [None, math.nan, math.inf, -math.inf])
def test_missing_values_are_a_dash(x):
    for lang in ("sv", "en"):
        assert fmt_money(x, lang) == "–"
        assert fmt_number(x, lang) == "–"
        assert fmt_percent(x, lang) == "–"
        assert fmt_count(x, lang) == "–"
        assert fmt_decimal(x, lang) == "–"


def _parse(text: str, lang: str) -> tuple[float, str]:
    """(value in its unit, unit) of a formatted amount, read back independently."""
    text = text.replace(MINUS, "-").replace(THIN, "").replace(NB, " ")
    if lang == "sv":
        number, unit = text.split(" ")
        return float(number.replace(",", ".")), unit
    m = re.fullmatch(r"(-?)SEK ([\d,.]+)(k|m|bn)?", text)
    assert m, text
    return float(m.group(1) + m.group(2).replace(",", "")), m.group(3) or ""


def test_money_reads_back_within_half_a_shown_digit():
    """For amounts spread over 12 decades: the shown number, times its unit, is the amount
    within half of the last shown digit; it is below 1000 except in the largest unit."""
    scale = {"kr": 1.0, "tkr": 1e3, "mnkr": 1e6, "mdkr": 1e9}
    scale_en = {"": 1.0, "k": 1e3, "m": 1e6, "bn": 1e9}
    decimals = {1.0: 0, 1e3: 0, 1e6: 1, 1e9: 1}
    xs = [s * 10**e for e in range(0, 12) for s in (1, 1.0004, 2.5, 9.99949, 9.9995, 9.99999)]
    for x in xs + [-v for v in xs]:
        for lang, units in (("sv", scale), ("en", scale_en)):
            value, unit = _parse(fmt_money(x, lang), lang)
            f = units[unit]
            step = 10.0 ** -decimals[f]
            assert abs(value * f - x) <= 0.5 * step * f * (1 + 1e-9), (x, lang, value, unit)
            assert abs(value) < 1000 or f == 1e9, (x, lang, value, unit)
            if f > 1.0:  # never a smaller unit than needed, never a larger one
                assert round(abs(x) / (f / 1000), decimals[f / 1000]) >= 1000, (x, unit)


def test_money_units_table_is_ordered():
    assert [row[0] for row in MONEY_UNITS] == [1.0, 1e3, 1e6, 1e9]


def test_other_currencies():
    assert fmt_money(1.5e6, "en", "EUR") == f"EUR{NB}1.5m"
    assert fmt_money(1.5e6, "sv", "EUR") == f"1,5{NB}mn EUR"
    assert fmt_money(420, "sv", "EUR") == f"420{NB}EUR"


@pytest.mark.parametrize(
    ("x", "decimals", "sv", "en"),
    [
        (1234.5, 1, f"1{THIN}234,5", "1,234.5"),
        (-1234.5, 0, f"{MINUS}1{THIN}234", f"{MINUS}1,234"),  # 1234.5 rounds half to even
        (1_000_000, 0, f"1{THIN}000{THIN}000", "1,000,000"),
        (-0.04, 1, "0,0", "0.0"),
        (0.5, 2, "0,50", "0.50"),
    ],
)
def test_numbers(x, decimals, sv, en):
    assert fmt_number(x, "sv", decimals) == sv
    assert fmt_number(x, "en", decimals) == en


def test_counts_percentages_and_decimals():
    assert fmt_count(100_000, "sv") == f"100{THIN}000"
    assert fmt_count(100_000, "en") == "100,000"
    assert fmt_percent(0.71, "sv") == f"71{NB}%"
    assert fmt_percent(0.71, "en") == "71%"
    assert fmt_percent(-0.055, "sv", 1) == f"{MINUS}5,5{NB}%"
    assert fmt_decimal(0.035, "sv") == "0,035"
    assert fmt_decimal(0.035, "en") == "0.035"
    assert fmt_decimal(2024, "sv") == "2024"  # years are not grouped
    assert fmt_decimal(-3.5, "sv") == f"{MINUS}3,5"
    assert fmt_decimal(1e-7, "en") == "0.0000001"


@pytest.mark.parametrize(
    ("x", "digits", "sv", "en"),
    [
        # the integer part is never rounded; the fraction keeps `digits` significant digits
        (999.94, 4, "999,9", "999.9"),
        (999.96, 4, "1" + THIN + "000", "1,000"),  # rounds up across the group boundary
        (1_612_345.67, 4, f"1{THIN}612{THIN}346", "1,612,346"),
        (-0.000123456, 3, f"{MINUS}0,000123", f"{MINUS}0.000123"),
        (-0.00001, 4, f"{MINUS}0,00001", f"{MINUS}0.00001"),
        (0.0, 4, "0", "0"),
        (math.nan, 4, "–", "–"),
    ],
)
def test_significant_digits_by_hand(x, digits, sv, en):
    assert fmt_significant(x, "sv", digits) == sv
    assert fmt_significant(x, "en", digits) == en


def test_percent_with_significant_digits():
    # 1/3 = 33.333...%: three significant digits; 1/8 = 12.5% exactly; 0.00003 = 0.003%
    assert fmt_percent(1 / 3, "sv", significant=3) == f"33,3{NB}%"
    assert fmt_percent(1 / 8, "en", significant=3) == "12.5%"
    assert fmt_percent(0.25, "sv", significant=3) == f"25{NB}%"  # no trailing zeros
    assert fmt_percent(0.00003, "sv", significant=3) == f"0,003{NB}%"
    assert fmt_percent(12.345, "sv", 1) == f"1{THIN}234,5{NB}%"  # grouped like any number


def test_numpy_scalars_are_numbers():
    """Counts and statistics arrive as numpy scalars; they format like Python numbers."""
    np = pytest.importorskip("numpy")
    assert fmt_count(np.int64(100_000), "sv") == f"100{THIN}000"
    assert fmt_number(np.float32(-1.5), "en", 1) == f"{MINUS}1.5"
    assert fmt_percent(np.float64(0.5), "en") == "50%"
    assert fmt_number(np.float64("nan"), "sv") == "–"


def test_with_plus_marks_a_positive_change_only():
    assert with_plus(fmt_money(1.2e6, "sv"), 1.2e6) == f"+1,2{NB}mnkr"
    assert with_plus(fmt_money(-1.2e6, "sv"), -1.2e6) == f"{MINUS}1,2{NB}mnkr"
    assert with_plus(fmt_number(0.0, "en", 1), 0.0) == "0.0"
    assert with_plus(fmt_number(None, "en"), None) == "–"


def test_ranges_take_their_word_from_the_catalogue():
    assert fmt_range(-5.5e6, 1.1e6, "sv") == f"{MINUS}5,5{NB}mnkr till 1,1{NB}mnkr"
    assert fmt_range(-5.5e6, 1.1e6, "en") == f"{MINUS}SEK{NB}5.5m to SEK{NB}1.1m"
    assert fmt_range(0.1, 0.25, "en", fmt_percent) == "10% to 25%"


def test_report_formatters_are_these():
    """The faces' names for the formatters are this module's functions, not copies."""
    from sekalk.report import describe, i18n

    assert i18n.fmt_money is fmt_money
    assert i18n.fmt_number is fmt_number
    assert i18n.fmt_count is fmt_count
    assert i18n.fmt_pct is fmt_percent
    assert describe.fmt_sig is fmt_significant


def test_no_other_module_formats_numbers_by_hand():
    """Grouping, decimal marks and percent signs are written only here: no f"{x:,}" style
    grouping, no swapping of "." for "," and no hand-made " %" in the package's faces."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "sekalk"
    pattern = re.compile(
        r"""\{[^{}:]+:,|replace\(\s*["']\.["']\s*,\s*["'],["']|["'] %["']\s*if\s+lang"""
    )
    allowed = {
        "text/numbers.py",
        "cli.py",  # an English memory error message
        "result.py",  # Result.__repr__, for programmers
        "report/xlsx.py",  # estimates a column width, shows nothing
    }
    found = [
        f"{path.relative_to(root)}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        if str(path.relative_to(root)) not in allowed
        for line in path.read_text(encoding="utf-8").splitlines()
        if pattern.search(line)
    ]
    assert not found, found


# --- reading numbers as people type them (the workbench's boxes, text in workbook cells) ------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0,7", 0.7),
        ("0.7", 0.7),
        ("150 000", 150_000.0),
        ("150\u00a0000", 150_000.0),
        ("1\u202f500\u202f000", 1_500_000.0),
        ("\u22125", -5.0),
        ("-5", -5.0),
        ("3,5 %", 0.035),
        ("25%", 0.25),
        ("1e6", 1e6),
        (" 12 ", 12.0),
    ],
)
def test_read_number(text, value):
    assert read_number(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize(
    "text", ["abc", "1,5,6", "1.000,5", "", "__import__('os')", "1 e 5", "0x10"]
)
def test_read_number_refuses(text):
    with pytest.raises(ValueError):
        read_number(text)


def test_read_number_keeps_whole_numbers_whole_and_refuses_infinity():
    assert read_number("150 000") == 150_000 and isinstance(read_number("150 000"), int)
    assert isinstance(read_number("0,5"), float)
    with pytest.raises(ValueError):
        read_number("1e400")
