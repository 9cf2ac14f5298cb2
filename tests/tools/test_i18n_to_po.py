"""tools/i18n_to_po.py: a CATALOGUE dict moves into every .po once, in a stable place, and a
merged dict (a branch written before the move) updates entries without duplicating them."""

from __future__ import annotations

import gettext
import importlib.util
import io
import sys
from pathlib import Path

import pytest

from sekalk.text.compile import compiled

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_to_po", ROOT / "tools" / "i18n_to_po.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_to_po"] = module
    spec.loader.exec_module(module)
    return module


HEADER = """# test catalogue
msgid ""
msgstr ""
"Language: {lang}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""

PO = {
    "sv": HEADER.format(lang="sv")
    + """
msgid "error.one"
msgstr "fel ett"

#. report
msgid "a.first"
msgstr "första"

#. report
msgid "a.years"
msgid_plural "a.years"
msgstr[0] "{n} år"
msgstr[1] "{n} år"
""",
    "en": HEADER.format(lang="en")
    + """
msgid "error.one"
msgstr "error one"

#. report
msgid "a.first"
msgstr "first"

#. report
msgid "a.years"
msgid_plural "a.years"
msgstr[0] "{n} year"
msgstr[1] "{n} years"
""",
}

HELPERS = '''"""Helpers."""

from sekalk.text.catalog import catalog


def t(key, lang, /, **kwargs):
    return catalog(lang).template(key).format(**kwargs)
'''

DICT = """

# the report's words
CATALOGUE: dict[str, dict[str, str]] = {
    "a.first": {"sv": "första (ändrad)", "en": "first (changed)"},
    # a family of its own
    "a.second": {
        "sv": "andra {x} "
        "med \\"citat\\"",
        "en": "second {x} with \\"quotes\\"",
    },
    "a.years": {"sv": "{n} år", "en": "{n} year(s)"},
    "a.count": {"sv": ["{n} fil", "{n} filer"], "en": ["{n} file", "{n} files"]},
}
"""


@pytest.fixture
def tree(tmp_path, monkeypatch):
    tool = _tool()
    for lang, text in PO.items():
        d = tmp_path / "sekalk/text/locale" / lang / "LC_MESSAGES"
        d.mkdir(parents=True)
        (d / "sekalk.po").write_text(text, encoding="utf-8")
    i18n = tmp_path / "sekalk/report/i18n.py"
    i18n.parent.mkdir(parents=True)
    i18n.write_text(HELPERS + DICT, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "I18N", i18n)
    monkeypatch.setattr(tool, "LOCALE_DIR", tmp_path / "sekalk/text/locale")

    def compile_all():
        for po in tool.po_files().values():
            po.with_suffix(".mo").write_bytes(compiled(po))

    monkeypatch.setattr(tool, "compile_catalogues", compile_all)
    return tool, tmp_path


def _po(root: Path, lang: str) -> str:
    return (root / "sekalk/text/locale" / lang / "LC_MESSAGES/sekalk.po").read_text("utf-8")


def _mo(root: Path, lang: str) -> gettext.GNUTranslations:
    mo = root / "sekalk/text/locale" / lang / "LC_MESSAGES/sekalk.mo"
    return gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))


def test_the_dict_moves_into_every_catalogue_once_and_leaves_the_helpers(tree, capsys):
    tool, root = tree
    assert tool.main(["--check"]) == 1
    assert tool.main([]) == 0
    # the module keeps its helpers byte for byte, without the dict and its comment
    assert (root / "sekalk/report/i18n.py").read_text("utf-8") == HELPERS
    sv, en = _po(root, "sv"), _po(root, "en")
    for text in (sv, en):
        for key in ("a.first", "a.second", "a.years", "a.count"):
            assert text.count(f'msgid "{key}"') == 1, key
        # a new entry follows the entry before it in the dict; the dict's comment goes along
        assert text.index('msgid "a.first"') < text.index('msgid "a.second"')
        assert text.index('msgid "a.second"') < text.index('msgid "a.years"')
        assert '#. report\n#. a family of its own\nmsgid "a.second"' in text
        assert text.startswith("# test catalogue\n")  # header kept
        assert 'msgid "error.one"' in text
    # an existing entry is updated in place; a plural entry stays plural
    assert 'msgstr "första (ändrad)"' in sv and 'första"' not in sv
    assert 'msgstr[1] "{n} years"' in en and "year(s)" not in en
    assert "kept the catalogues' plural entries where the dict has one form: a.years" in (
        capsys.readouterr().out
    )
    # compiled: strings with escapes and the new plural entry read back through gettext
    en_mo, sv_mo = _mo(root, "en"), _mo(root, "sv")
    assert en_mo.gettext("a.second") == 'second {x} with "quotes"'
    assert sv_mo.gettext("a.second") == 'andra {x} med "citat"'
    assert [sv_mo.ngettext("a.count", "a.count", n) for n in (1, 2)] == ["{n} fil", "{n} filer"]
    assert [en_mo.ngettext("a.count", "a.count", n) for n in (1, 2)] == ["{n} file", "{n} files"]


def test_running_again_changes_nothing(tree):
    tool, root = tree
    assert tool.main([]) == 0
    before = {lang: _po(root, lang) for lang in PO}
    assert tool.main(["--check"]) == 0
    assert tool.main([]) == 0
    assert {lang: _po(root, lang) for lang in PO} == before


def test_a_dict_merged_in_again_updates_without_duplicates(tree):
    """The integrator's case: a branch that added keys to the dict is merged after the move, so
    the module has the helpers and a (full) dict again."""
    tool, root = tree
    assert tool.main([]) == 0
    i18n = root / "sekalk/report/i18n.py"
    merged = DICT.replace(
        '    "a.years"', '    "a.new": {"sv": "ny", "en": "new"},\n    "a.years"'
    ).replace("second {x} with", "the second {x} with")
    i18n.write_text(HELPERS + merged, encoding="utf-8")
    assert tool.main([]) == 0
    assert i18n.read_text("utf-8") == HELPERS
    en = _po(root, "en")
    for key in ("a.first", "a.second", "a.new", "a.years", "a.count"):
        assert en.count(f'msgid "{key}"') == 1, key
    assert en.index('msgid "a.second"') < en.index('msgid "a.new"') < en.index('msgid "a.years"')
    assert 'msgstr "the second {x} with \\"quotes\\""' in en


def test_a_source_file_is_merged_but_not_changed(tree):
    tool, root = tree
    (root / "sekalk/report/i18n.py").write_text(HELPERS, encoding="utf-8")
    other = root / "other.py"
    other.write_text(HELPERS + DICT, encoding="utf-8")
    assert tool.main(["--source", str(other)]) == 0
    assert other.read_text("utf-8") == HELPERS + DICT
    assert 'msgid "a.count"' in _po(root, "sv")


def test_a_language_missing_from_an_entry_is_refused_and_nothing_is_written(tree, capsys):
    tool, root = tree
    i18n = root / "sekalk/report/i18n.py"
    i18n.write_text(HELPERS + DICT.replace(', "en": "first (changed)"', ""), encoding="utf-8")
    before = {lang: _po(root, lang) for lang in PO}
    assert tool.main([]) == 2
    err = capsys.readouterr().err
    assert "'a.first' has the languages ['sv']; the catalogues are ['en', 'sv']" in err
    assert {lang: _po(root, lang) for lang in PO} == before
    assert "CATALOGUE" in i18n.read_text("utf-8")


def test_the_project_has_no_dict_left_to_move():
    tool = _tool()
    assert tool.main(["--check"]) == 0


def test_report_entries_the_dict_lacks_are_named_and_kept(tree, capsys):
    tool, root = tree
    assert tool.main([]) == 0
    i18n = root / "sekalk/report/i18n.py"
    i18n.write_text(
        HELPERS
        + DICT.replace('    "a.first": {"sv": "första (ändrad)", "en": "first (changed)"},\n', ""),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert tool.main([]) == 0
    assert "1 report entries of the catalogues are not in the dict (kept): a.first" in (
        capsys.readouterr().out
    )
    assert 'msgid "a.first"' in _po(root, "en")


def test_code_that_still_uses_the_dict_is_named(tree, capsys):
    tool, root = tree
    (root / "sekalk/units.py").write_text(
        '"""Mentions CATALOGUE in text only."""\n\nfrom sekalk.report.i18n import CATALOGUE\n\n'
        'X = "CATALOGUE"\nY = CATALOGUE["a.first"]\n',
        encoding="utf-8",
    )
    assert tool.main([]) == 1
    err = capsys.readouterr().err
    assert "sekalk/units.py:3: from sekalk.report.i18n import CATALOGUE" in err
    assert 'sekalk/units.py:6: Y = CATALOGUE["a.first"]' in err
    assert ":1:" not in err and ":5:" not in err  # text is not a use
