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


def template_document(lang: str = "sv") -> dict:
    """The template of ``lang`` as a scenario document (the dict its TOML parses to)."""
    import tomllib

    return tomllib.loads(template_text(lang))


def write_template_workbook(path, lang: str = "sv") -> None:
    """Write the applicant's Excel template (``sekalk new FILE.xlsx``) to ``path`` atomically.

    The workbook holds the same complete scenario as the TOML template, with sheets, headers,
    drop-down lists and instructions in ``lang``; it validates and runs as it is.
    """
    from sekalk.scenario.xlsx import write_workbook

    write_workbook(template_document(lang), path, lang=lang)
