"""The applicant templates: complete scenarios that validate and run, in both languages."""

from __future__ import annotations

import pytest

from sekalk.report.labels import distribution_note
from sekalk.scenario import loads
from sekalk.simulation import simulate
from sekalk.templates import template_text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_template_validates_and_runs(lang):
    sc = loads(template_text(lang), file=f"scenario_{lang}.toml")
    assert sc.settings.language == lang
    result = simulate(sc, draws=500, seed=1)
    assert result is not None
    # the template exercises unit references, all three kinds and a correlation
    kinds = {c.kind for o in sc.outcomes for c in o.consequences}
    assert kinds == {"resource", "transfer", "production"}
    kpi = {"sv": "KPI-faktor", "en": "KPI factor"}[lang]  # the note is in the file's language
    notes = [distribution_note(p.distribution) or "" for p in sc.iter_parameters()]
    assert any(kpi in note for note in notes)
    assert sc.correlations


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("sv", ["logiksteg", "dödvikt", "transferering", "evidence", "sekalk units"]),
        ("en", ["logic step", "deadweight", "transfer", "evidence", "sekalk units"]),
    ],
)
def test_template_explains_the_concepts(lang, words):
    text = template_text(lang).lower()
    for word in words:
        assert word in text


def test_same_structure_in_both_languages():
    sv, en = loads(template_text("sv")), loads(template_text("en"))
    assert [p.distribution for p in sv.iter_parameters()] != []
    assert len(sv.parameters) == len(en.parameters)
    for a, b in zip(sv.iter_parameters(), en.iter_parameters(), strict=True):
        assert a.distribution.describe() == b.distribution.describe()


def test_unknown_language():
    with pytest.raises(ValueError, match="unknown language"):
        template_text("de")
