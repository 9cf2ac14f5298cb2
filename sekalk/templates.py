"""Commented scenario templates for applicants (``sekalk new``)."""

from __future__ import annotations

from importlib import resources

from sekalk.scenario.schema import LANGUAGES


def template_text(lang: str = "sv") -> str:
    """The commented scenario template in ``lang`` (``"sv"`` or ``"en"``) as TOML text.

    The template is a complete scenario: it validates and runs as it is.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    path = resources.files("sekalk").joinpath("data", "templates", f"scenario_{lang}.toml")
    return path.read_text(encoding="utf-8")
