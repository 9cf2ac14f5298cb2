"""The layers: no module that computes reaches up to language or presentation at import time.

The computing modules return codes, numbers and ids; only faces (``sekalk.report``,
``sekalk.app``, ``sekalk.cli``) put them into words. A lazy convenience (``Result.plot_npv``,
``Result.breakeven_reason``) may import a face inside a function, as pandas does; nothing at
module level may. The foundation below the computation (``sekalk.errors``, ``sekalk.text``)
is allowed.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sekalk"

#: Every module that computes (the scenario, distributions and summaries packages as a whole).
COMPUTING = (
    *(
        p.relative_to(PACKAGE.parent)
        for package in ("scenario", "distributions", "summaries")
        for p in sorted((PACKAGE / package).glob("*.py"))
    ),
    *(
        Path("sekalk") / f"{name}.py"
        for name in (
            "output_metrics",
            "sampling",
            "tablecache",
            "ranks",
            "engine",
            "simulation",
            "result",
            "metrics",
            "sensitivity_analysis",
            "comparison",
            "credibility",
            "portfolio",
            "update",
            "units",
        )
    ),
)

#: Language and presentation: what a computing module must not import at module level.
FORBIDDEN = (
    "sekalk.report",
    "sekalk.app",
    "sekalk.cli",
    "matplotlib",
    "jinja2",
    "rich",
)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(source: str, module: str) -> list[tuple[int, str]]:
    """``(line, imported module)`` for every import executed when ``module`` is imported.

    Statements in functions and classes are not executed at import; nor is an
    ``if TYPE_CHECKING:`` block (its ``else`` is). ``from sekalk import report`` counts as an
    import of ``sekalk.report``; relative imports are resolved against ``module``.
    """
    found: list[tuple[int, str]] = []

    def visit(stmts: list[ast.stmt]) -> None:
        for node in stmts:
            if isinstance(node, ast.Import):
                found.extend((node.lineno, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = module.split(".")[: -node.level]
                    base = ".".join([*parent, *([base] if base else [])])
                found.append((node.lineno, base))
                found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
            elif isinstance(node, ast.If):
                if not _is_type_checking(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)
            elif isinstance(node, ast.With):
                visit(node.body)

    visit(ast.parse(source).body)
    return found


def offending(imports: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The imports of :data:`FORBIDDEN` modules (or their submodules)."""
    return [
        (line, name)
        for line, name in imports
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    ]


def test_every_computing_module_exists():
    missing = [str(p) for p in COMPUTING if not (PACKAGE.parent / p).is_file()]
    assert not missing
    assert len(COMPUTING) >= 14 + 5  # the scenario package has several modules


@pytest.mark.parametrize("path", COMPUTING, ids=str)
def test_computing_module_imports_no_language_or_presentation(path):
    module = ".".join(path.with_suffix("").parts)
    source = (PACKAGE.parent / path).read_text(encoding="utf-8")
    bad = offending(module_level_imports(source, module))
    assert not bad, f"{path} imports language or presentation at module level: {bad}"


def test_the_check_finds_what_it_forbids():
    source = """
from __future__ import annotations
import numpy as np
from sekalk.report.i18n import t
from sekalk import report
import matplotlib.pyplot as plt
from ..report import html
try:
    import rich
except ImportError:
    from jinja2 import Template
if TYPE_CHECKING:
    from sekalk.app import server
else:
    import sekalk.cli
def lazy():
    from sekalk.report.labels import parameter_label
class Lazy:
    from sekalk.report import plots
"""
    bad = offending(module_level_imports(source, "sekalk.scenario.loader"))
    assert sorted({line for line, _ in bad}) == [4, 5, 6, 7, 9, 11, 15]
    assert (7, "sekalk.report.html") in bad
    assert all(name != "sekalk.app.server" for _, name in bad)
    assert not offending(module_level_imports("import numpy\nfrom sekalk import metrics", "x"))


def test_errors_import_the_catalogue_lazily():
    """Errors carry codes; the catalogue is read only when a message is put into words."""
    source = (PACKAGE / "errors.py").read_text(encoding="utf-8")
    imports = module_level_imports(source, "sekalk.errors")
    assert not [name for _, name in imports if name.startswith("sekalk.text")]
    assert not offending(imports)


def test_importing_the_computation_loads_no_face():
    """In a fresh interpreter, the computing modules load no language or presentation code."""
    modules = [".".join(p.with_suffix("").parts) for p in COMPUTING]
    code = (
        "import sys\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    ).stdout.split()
    assert "sekalk.simulation" in out and "sekalk.result" in out
    assert "sekalk.report.i18n" not in out
    loaded = [m for m in out if any(m == b or m.startswith(b + ".") for b in FORBIDDEN)]
    assert not loaded
