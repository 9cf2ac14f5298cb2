"""The report's sections come from a registry: the table of contents and the body follow it,
every section renders alone in every language with only the texts it declares, and a new
section is one registered object."""

from __future__ import annotations

import re

import pytest

from sekalk.report.i18n import t
from sekalk.report.pages import report as report_page
from sekalk.report.pages.common import TEMPLATES, environment, texts
from sekalk.report.pages.report import BuiltSection, render_report
from sekalk.report.sections import ReportContext, Section, sections
from sekalk.scenario import load, loads
from sekalk.sensitivity_analysis import sensitivity
from sekalk.simulation import simulate
from sekalk.summaries import summarize
from sekalk.text.catalog import languages

from .conftest import ROOT, UNCERTAIN_TOML

_NAV = re.compile(r'<nav aria-label="[^"]*">(.*?)</nav>', re.S)
_ENTRY = re.compile(r'<li><a href="#([a-z_]+)">([^<]*)</a></li>')
_SECTION = re.compile(r'<section id="([a-z_]+)"[^>]*>\s*<h2>([^<]*)</h2>')


@pytest.fixture(scope="module")
def plain():
    return simulate(loads(UNCERTAIN_TOML, file="u.toml"), 400, seed=2)


@pytest.fixture(scope="module")
def with_levels():
    return simulate(load(ROOT / "scenarios" / "foraldrastod_tre_nivaer.toml"), 400, seed=2)


def _toc_and_body(html: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    nav = _NAV.search(html).group(1)
    return _ENTRY.findall(nav), _SECTION.findall(html.split("<main>", 1)[1])


def test_registry_is_ordered_and_unique():
    found = sections()
    assert [s.id for s in found] == [
        "headline",
        "levels",
        "believe",
        "assumptions",
        "drivers",
        "credibility",
        "actors",
        "time",
        "logic",
        "method",
        "provenance",
    ]
    assert [s.order for s in found] == sorted(s.order for s in found)
    for s in found:
        assert (TEMPLATES / s.template).is_file(), s.template


@pytest.mark.parametrize("lang", languages())
def test_toc_matches_the_registry_and_the_body(plain, with_levels, lang):
    for result, omitted in ((plain, {"levels"}), (with_levels, set())):
        toc, body = _toc_and_body(render_report(result, lang=lang))
        want = [(s.id, t(s.title, lang)) for s in sections() if s.id not in omitted]
        assert toc == want
        assert body == want


@pytest.mark.parametrize("lang", languages())
def test_every_section_renders_alone_with_its_own_texts(with_levels, lang):
    """Each partial renders with only the texts its section declares (StrictUndefined would
    fail on any other), and shows no catalogue key instead of a text."""
    sens = sensitivity(with_levels.scenario, ("tornado", "switching"), draws=200, seed=1)
    ctx = ReportContext(summarize(with_levels), lang, sensitivity=sens)
    env = environment()
    for s in sections():
        data = s.build(ctx)
        assert data is not None, s.id
        built = BuiltSection(s.id, t(s.title, lang), s.template, data)
        html = env.get_template(s.template).render(
            section=built, data=data, txt=texts(lang, s.texts), lang=lang
        )
        assert f'<section id="{s.id}"' in html
        assert f"<h2>{t(s.title, lang)}</h2>" in html
        assert not re.search(r"\b(report|run|chart|cred|sens)\.[a-z_]+\b", html), s.id


def test_a_section_that_has_nothing_to_show_is_left_out(plain):
    ctx = ReportContext(summarize(plain), "en")
    levels = next(s for s in sections() if s.id == "levels")
    assert levels.build(ctx) is None


def test_a_new_section_is_one_registered_object(plain, monkeypatch):
    extra = Section(
        id="extra",
        title="report.sec_method",
        template="sections/method.html.j2",
        order=15,
        build=lambda ctx: {"valuation": "X"},
        texts=("method_1",),
    )
    monkeypatch.setattr(
        report_page,
        "sections",
        lambda: tuple(sorted((*sections(), extra), key=lambda s: s.order)),
    )
    toc, _ = _toc_and_body(render_report(plain, lang="en"))
    assert [i for i, _ in toc][:3] == ["headline", "extra", "believe"]


def test_partials_read_only_declared_texts():
    """A partial's ``txt.*`` reads are declared in its section (so the page collects them)."""
    for s in sections():
        text = (TEMPLATES / s.template).read_text(encoding="utf-8")
        used = set(re.findall(r"\btxt\.([a-z0-9_]+)", text))
        assert used <= set(s.texts), (s.id, used - set(s.texts))
