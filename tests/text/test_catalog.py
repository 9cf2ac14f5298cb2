"""Message catalogues: every language has every message, the compiled files are current,
plurals work, and every message id the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from sekalk.scenario.loader import PARAMETER_BOUNDS
from sekalk.scenario.schema import LANGUAGES
from sekalk.text import catalog, languages
from sekalk.text.catalog import LOCALE_DIR
from sekalk.text.compile import compiled, po_files, read_catalog

ROOT = Path(__file__).resolve().parents[2]
PO = {po.parent.parent.name: po for po in po_files()}


def _messages(lang: str) -> dict[str, object]:
    return {m.id if isinstance(m.id, str) else m.id[0]: m for m in read_catalog(PO[lang]) if m.id}


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_the_languages_are_the_catalogues():
    assert set(PO) == set(languages()) == set(LANGUAGES)


@pytest.mark.parametrize("lang", sorted(PO))
def test_every_catalogue_has_every_message_with_the_same_fields(lang):
    """Adding a language is adding a catalogue: it must translate every message of the
    reference catalogue (English), keep every {field} and have no message of its own."""
    ref = _messages("en")
    own = _messages(lang)
    assert set(own) == set(ref), (set(ref) - set(own), set(own) - set(ref))
    for msgid, m in ref.items():
        o = own[msgid]
        assert m.pluralizable == o.pluralizable, msgid
        texts_ref = m.string if m.pluralizable else (m.string,)
        texts_own = o.string if o.pluralizable else (o.string,)
        assert all(t.strip() for t in texts_own), f"{lang}: {msgid} is not translated"
        assert {f for t in texts_own for f in _fields(t)} == {
            f for t in texts_ref for f in _fields(t)
        }, f"{lang}: {msgid} has other fields than en"


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.parent.parent.name)
def test_compiled_catalogues_are_up_to_date(po):
    """The .mo beside each .po is what `python -m sekalk.text.compile` writes from it."""
    assert po.with_suffix(".mo").read_bytes() == compiled(po), (
        f"{po.with_suffix('.mo')} is stale: run python -m sekalk.text.compile"
    )


def test_plurals():
    assert catalog("en").ngettext("validate.problems", 1, file="a.toml") == "a.toml: 1 problem"
    assert catalog("en").ngettext("validate.problems", 3, file="a.toml") == "a.toml: 3 problems"
    assert catalog("sv").ngettext("validate.problems", 1, file="a.toml") == "a.toml: ett problem"
    assert catalog("sv").ngettext("validate.problems", 3, file="a.toml") == "a.toml: 3 problem"


def test_fields_are_filled_in_the_language_and_floats_follow_it():
    assert catalog("sv").gettext("edge.up_to", value=1.5) == "upp till 1,5"
    assert catalog("en").gettext("edge.up_to", value=1.5) == "up to 1.5"
    assert catalog("en").gettext("format.range", lo="a") == "a to {hi}"  # missing field shown
    assert catalog("xx").lang == "en"  # no catalogue: the fallback language


_CODE_RE = re.compile(r"""(?:code|hint)=\s*"([a-z_]+\.[a-z_.]+)"|Msg\(\s*"([a-z_]+\.[a-z_.]+)\"""")


_CHOICE_RE = re.compile(r'_choice\b[^#]{0,200}?\b[A-Z_]+,\s*"([a-z_]+)"')


def test_every_message_id_the_code_uses_is_in_the_catalogues():
    used: set[str] = set()
    for path in (ROOT / "sekalk").rglob("*.py"):
        for a, b in _CODE_RE.findall(path.read_text(encoding="utf-8")):
            used.add(a or b)
        # _choice(value, path, CHOICES, "what"): the name of the value is the message what.<what>
        used |= {f"what.{w}" for w in _CHOICE_RE.findall(path.read_text(encoding="utf-8"))}
    used |= {f"what.{kind}" for kind in PARAMETER_BOUNDS}
    assert len(used) > 80
    for lang in PO:
        missing = sorted(m for m in used if not catalog(lang).has(m))
        assert not missing, f"{lang}: {missing}"


def test_catalogues_are_package_data():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "text/locale/*/LC_MESSAGES/*.mo" in text
    assert LOCALE_DIR.is_dir()


@pytest.mark.parametrize("lang", sorted(PO))
def test_every_message_is_a_well_formed_template(lang):
    """Literal braces are doubled; every field is named (str.format would fail otherwise)."""
    for msgid, m in _messages(lang).items():
        for text in m.string if m.pluralizable else (m.string,):
            try:
                text.format_map({f: "x" for f in _fields(text)})
            except (ValueError, IndexError, KeyError) as exc:
                raise AssertionError(f"{lang}: {msgid}: {exc}") from None


def test_a_third_language_is_adding_a_catalogue(tmp_path, monkeypatch):
    """Copy the English catalogue as `de`, translate two messages and compile: the faces'
    lookups (t, tn, perspective names) and the error catalogue serve German, and the
    completeness check above would hold it to every message and field."""
    import shutil
    import sys

    from sekalk.report.i18n import perspective_name, t, tn

    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    de = locale / "de" / "LC_MESSAGES" / "sekalk.po"
    de.parent.mkdir(parents=True)
    text = PO["en"].read_text(encoding="utf-8").replace('"Language: en\\n"', '"Language: de\\n"')
    text = text.replace(
        'msgid "persp.kommun"\nmsgstr "municipality"', 'msgid "persp.kommun"\nmsgstr "die Gemeinde"'
    )
    text = text.replace(
        'msgstr[0] "Portfolio of {n} project"\nmsgstr[1] "Portfolio of {n} projects"',
        'msgstr[0] "Portfolio mit {n} Projekt"\nmsgstr[1] "Portfolio mit {n} Projekten"',
    )
    assert "die Gemeinde" in text and "Projekten" in text
    de.write_text(text, encoding="utf-8")
    de.with_suffix(".mo").write_bytes(compiled(de))

    # (sekalk.text.catalog the attribute is the function; the module is in sys.modules)
    monkeypatch.setattr(sys.modules["sekalk.text.catalog"], "LOCALE_DIR", locale)
    catalog.cache_clear()
    try:
        assert languages() == ("de", "en", "sv")
        assert perspective_name("kommun", "de") == "die Gemeinde"
        assert [tn("portfolio.title", "de", n) for n in (1, 3)] == [
            "Portfolio mit 1 Projekt",
            "Portfolio mit 3 Projekten",
        ]
        assert t("chart.median", "de", value="5") == t("chart.median", "en", value="5")
        assert catalog("de").gettext("format.range", lo="a", hi="b") == "a to b"
        ref, own = (
            {m.id if isinstance(m.id, str) else m.id[0] for m in read_catalog(p) if m.id}
            for p in (PO["en"], de)
        )
        assert own == ref
    finally:
        catalog.cache_clear()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_negative_integer_in_a_message_gets_the_minus_sign_and_no_grouping(lang):
    fields = catalog(lang).format_params({"value": -1, "big": -12345, "year": 2024, "n": 0})
    assert fields == {"value": "\u22121", "big": "\u221212345", "year": "2024", "n": "0"}


@pytest.mark.parametrize(("lang", "words"), [("sv", "men det är \u22121"), ("en", "\u22121")])
def test_a_negative_lag_is_written_with_the_minus_sign(lang, words):
    from sekalk.errors import ScenarioError
    from sekalk.scenario import loads

    from ..conftest import UNCERTAIN_TOML

    with pytest.raises(ScenarioError) as info:
        loads(UNCERTAIN_TOML.replace("lag = 3", "lag = -1", 1))
    text = info.value.describe(lang)
    assert words in text and "-1" not in text
