"""`--lang en` prints no Swedish and `--lang sv` no English, apart from the scenario's own text.

The scenario's own text (its title, the labels of its items and levels, its sources and notes,
the note on its valuation) is written by its author in one language and printed as written;
every other word comes from the catalogue of the reader's language. The checks remove every
piece of the scenario's own text from the output (also where a table cut it short with "…")
and look at the words that are left.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sekalk.cli import main
from sekalk.distributions import DISTRIBUTION_KINDS
from sekalk.scenario import load

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))

#: Fields of the scenario's objects that hold the author's own text.
OWN_TEXT_FIELDS = {"title", "label", "item_label", "source", "note", "valuation_note"}

#: Common Swedish words (and Swedish money units) that no English output may contain.
SWEDISH = set(
    """
    och att för med inte som på av till är det den ett utan eller om när där har kan ska vid
    efter under över mellan varje alla inga ingen år kr tkr mnkr mdkr dragningar medel
    medelvärde andel nettonuvärde nettonuvärdet samhället kommunen regionen staten individen
    sannolikhet brytpunkt brytpunkten antagande antaganden källa evidens forskning erfarenhet
    vinst förlust belopp årligt engångsbelopp deltagare utfall slumptalens startvärde nivå
    totalt sker anges saknas intervall
    """.split()
)

#: Common English words that no Swedish output may contain ("region", "median", "risk", "all"
#: and "per" are Swedish as well).
ENGLISH = set(
    """
    the and of to with without is are for by from which that this not no if or when where each
    every year years draws draw seed sampler share mean interval assumption assumptions
    society stated amount annual one-off source evidence research experience break-even breaks
    even gain loss value probability participants outcome outcomes avoided perspective level
    happens total municipality government individual public sector error standard width rate
    growth drop-off attribution relative discount units scale factor continuation spread sek
    """.split()
)

#: A word: letters first, not glued to a number (the "th" of "5th", the "e" of "5:e").
WORD = re.compile(r"(?<![\w:])[^\W\d_][\w\-]*…?|…", re.UNICODE)


def own_texts(scenario) -> list[str]:
    """Every piece of the scenario's own text, longest first: walks its objects' text fields."""
    texts: list[str] = [scenario.title]
    seen: set[int] = set()

    def walk(obj, name: str | None = None) -> None:
        if isinstance(obj, str):
            if name in OWN_TEXT_FIELDS:
                texts.append(obj)
            return
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                walk(getattr(obj, f.name), f.name)
        elif isinstance(obj, list | tuple):
            for x in obj:
                walk(x, name)
        elif isinstance(obj, dict):
            for x in obj.values():
                walk(x, name)

    walk(scenario)
    for p in scenario.iter_parameters():
        d = p.distribution
        texts += [p.item_label, d.source or "", d.note or ""]
    return sorted({" ".join(t.split()) for t in texts if t.strip()}, key=len, reverse=True)


def strip_own(output: str, own: list[str]) -> str:
    """``output`` without the scenario's own text, whole or cut short by a table ("…")."""
    # white space as in own_texts (a no-break space in a source is a space)
    out = "\n".join(" ".join(line.split()) for line in output.splitlines())
    for text in own:
        out = out.replace(text, " ")
    # cut short: each beginning of one followed by "…", the longest first (a source that is
    # a bare URL must not take the "https:/…" of a longer one)
    cut = {text[:k] + "…" for text in own for k in range(4, len(text))}
    for piece in sorted((c for c in cut if c in out), key=len, reverse=True):
        out = out.replace(piece, " ")
    return out


#: A key as written in the scenario file, in a distribution's description: ``beta(mean=0,65;
#: sd=0,1)`` names its keys as the file does, in either language.
FILE_KEY = re.compile(r"\b\w+=")


def vocabulary(lang: str) -> set[str]:
    """Every word (lower case) of the catalogue in ``lang`` (every plural form included)."""
    from sekalk.text.catalog import catalog

    cat = catalog(lang)
    return {w.lower() for key in cat.ids() for text in cat.texts(key) for w in WORD.findall(text)}


def suspects(output: str, own: list[str], lang: str) -> list[tuple[str, str]]:
    """``(word as printed, lower-case word)`` for the words of ``output`` that are not the
    scenario's own. A word cut short by a table ("…") is left out when it begins a word of
    the catalogue of ``lang``."""
    out = []
    known = vocabulary(lang)
    for raw in WORD.findall(FILE_KEY.sub(" ", strip_own(output, own))):
        w = raw.lower()
        cut = w.endswith("…")
        w = w.rstrip("…")
        if not w or (cut and any(k.startswith(w) for k in known)):
            continue
        out.append((raw, w))
    return out


#: Words that are not language: distribution kinds (file syntax) and money units.
NEUTRAL = {*DISTRIBUTION_KINDS, "k", "m", "bn", "kr", "tkr", "mnkr", "mdkr"}


def unknown_words(output: str, own: list[str], lang: str) -> list[str]:
    """Words of ``output`` that are neither the scenario's own nor in the catalogue of
    ``lang`` (nor a distribution kind or money unit): words from nowhere."""
    known = vocabulary(lang) | NEUTRAL
    return [raw for raw, w in suspects(output, own, lang) if w not in known]


def foreign_words(output: str, words: set[str], own: list[str], lang: str) -> list[str]:
    """The words of ``output`` in ``words`` that are not the scenario's own."""
    return [raw for raw, w in suspects(output, own, lang) if w in words]


def swedish_letters(output: str, own: list[str]) -> list[str]:
    """Words with å, ä or ö that are not the scenario's own (``output`` is English)."""
    return [raw for raw, w in suspects(output, own, "en") if re.search("[åäö]", w)]


def run(args: list[str]) -> str:
    res = CliRunner().invoke(main, args, env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def example(request):
    return request.param, own_texts(load(request.param))


def test_run_in_english_prints_no_swedish(example):
    path, own = example
    out = run(["run", str(path), "--draws", "400", "--lang", "en"])
    assert not swedish_letters(out, own)
    assert not foreign_words(out, SWEDISH, own, "en")
    assert not unknown_words(out, own, "en")


def test_run_in_swedish_prints_no_english(example):
    path, own = example
    out = run(["run", str(path), "--draws", "400", "--lang", "sv"])
    assert not foreign_words(out, ENGLISH, own, "sv")
    assert not unknown_words(out, own, "sv")


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_sensitivity_speaks_one_language(lang):
    path = ROOT / "scenarios" / "narvaroteam.toml"
    own = own_texts(load(path))
    out = run(["sensitivity", str(path), "--draws", "300", "--sobol-n", "64", "--lang", lang])
    if lang == "en":
        assert not swedish_letters(out, own)
        assert not foreign_words(out, SWEDISH, own, "en")
    else:
        assert not foreign_words(out, ENGLISH, own, "sv")
    assert not unknown_words(out, own, lang)


def test_the_checks_find_foreign_words():
    own = ["Föräldrastöd för fullföljda studier"]
    out = "Föräldrastöd för fullföljda studier: annual amount, 3 dragningar och mer"
    assert swedish_letters(out, own) == []
    assert foreign_words(out, SWEDISH, own, "en") == ["dragningar", "och"]
    # own text cut short by a table is removed; the catalogue's words are not
    assert foreign_words("Föräldrastöd för fullf… andel för", SWEDISH, own, "en") == [
        "andel",
        "för",
    ]
    assert swedish_letters("Källa: här", []) == ["Källa", "här"]
    assert foreign_words("Samhällets nettonuvärde, the mean", ENGLISH, [], "sv") == ["the", "mean"]
    # a key of the file in a distribution is not a word of the text; a word cut short by a
    # table is the catalogue's if it begins one of its words
    assert foreign_words("beta(mean=0,65; sd=0,1)", ENGLISH, [], "sv") == []
    assert foreign_words("Behandling: att…", SWEDISH, [], "en") == []
    assert foreign_words("Behandling: och…", SWEDISH, [], "en") == ["och…"]
    assert unknown_words("Probability of a gain: 9 %, pert(1; 2; 3), SEK 5.5m", [], "en") == []
    assert unknown_words("Sannolikhet för vinst: 9 %, pert(1; 2; 3), 5,5 mnkr", [], "sv") == []
    assert unknown_words("Sannolikhet för vinst: probability", [], "sv") == ["probability"]
