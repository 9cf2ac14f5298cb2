"""Shared pieces of the commands: options, loading with every problem reported, output
checks, atomic writing of several outputs (all or none), executors.

Input problems are printed on stderr, every problem of a file at once, one line each, in the
user's language (``--lang`` or the scenario's), then exit code 2; never a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import click

from sekalk.defaults import DEFAULT_DRAWS, DEFAULT_SEED
from sekalk.text.catalog import languages

#: The languages of the output: one per message catalogue.
LANGUAGES = languages()

if TYPE_CHECKING:
    from concurrent.futures import Executor

SAMPLER_CHOICES = ("random", "lhs", "sobol")


def error_prefix(lang: str | None) -> str:
    """The word an error line starts with (``fel`` / ``error``), from the catalogue."""
    from sekalk.text.catalog import catalog

    return catalog(lang or "sv").gettext("cli.error")


def fail(message: str, lang: str | None = None) -> None:
    """Print ``error: message`` (the word in ``lang``, else ``--lang``, else the command's
    scenario file's language) to stderr and exit with code 2."""
    language = lang or _requested_language() or _input_language()
    click.echo(f"{error_prefix(language)}: {message}", err=True)
    sys.exit(2)


def fail_code(code: str, *, file: str | None = None, hint: str | None = None, **params) -> None:
    """Print the catalogue message ``code`` (a problem with the command's options) and exit
    with code 2: in ``--lang``, else in the language the command's scenario file asks for,
    else Swedish."""
    from sekalk.errors import ScenarioError

    fail_error(
        ScenarioError(code=code, params=params, hint=hint, file=file, lang=_input_language())
    )


def _input_language() -> str | None:
    """The ``language`` of the command's (first) scenario file, read without loading it;
    None where there is none or it cannot be read as text."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return None
    first = next(
        (
            v if isinstance(v, str) else (v[0] if v else None)
            for k in ("scenario", "scenarios", "paths", "source")
            if (v := ctx.params.get(k))
        ),
        None,
    )
    if not first:
        return None
    path = Path(first)
    if not path.exists() and "+" in first:  # compare's SCENARIO+OVERLAY
        path = Path(first.split("+")[0])
    if path.suffix.lower() not in (".toml", ".json") or not path.is_file():
        return None
    try:
        text = path.read_bytes()[:1_000_000].decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    from sekalk.scenario.loader import sniff_language

    return sniff_language(text)


def _requested_language() -> str | None:
    """The ``--lang`` of the running command, if it has one and it was given."""
    ctx = click.get_current_context(silent=True)
    lang = ctx.params.get("lang") if ctx is not None else None
    return lang if lang in LANGUAGES else None


def error_lines(exc, lang: str | None = None) -> list[str]:
    """Every problem of ``exc`` as ``error: file:line: path: message; hint`` lines, in ``lang``
    (default: ``--lang``, else the language its file asked for, else Swedish), file by file,
    each file's problems followed by their count where there are several."""
    from sekalk.text import catalog

    lang = lang or _requested_language()
    by_file: dict[str | None, list] = {}
    for e in exc.errors:
        by_file.setdefault(e.file, []).append(e)
    lines = []
    for file, errors in by_file.items():
        language = lang or errors[0].lang or exc.lang or "sv"
        prefix = error_prefix(language)
        lines += [f"{prefix}: {e.describe(language)}" for e in errors]
        if len(errors) > 1 and file:
            lines.append(catalog(language).ngettext("validate.problems", len(errors), file=file))
    return lines


def fail_error(exc, lang: str | None = None) -> None:
    """Print every problem of a :class:`~sekalk.errors.ScenarioError` and exit with code 2."""
    for line in error_lines(exc, lang):
        click.echo(line, err=True)
    sys.exit(2)


def load_scenario(path: str):
    from sekalk.errors import ScenarioError

    try:
        sc = load_file(path)
    except ScenarioError as exc:
        fail_error(exc)
    warn_unintended(sc, path)
    return sc


def load_every(load, lang: str | None = None) -> list:
    """The scenarios ``load()`` returns (a loader that reads several files and raises the
    problems of all of them together), with their warnings printed; on a problem, every
    problem of every file is printed and the command exits with code 2."""
    from sekalk.errors import ScenarioError

    loaded: list = []
    try:
        with workbook_notes(lambda: lang or loaded[0].settings.language):
            loaded = load()
    except ScenarioError as exc:
        fail_error(exc, lang)
    for sc in loaded:
        warn_unintended(sc, sc.path, lang)
    return loaded


def load_file(path: str, lang: str | None = None):
    """``load(path)``, printing what a workbook's reader noticed (formulas read as their
    values, columns not read) to stderr in ``lang`` (default: the scenario's language)."""
    from sekalk.scenario import load

    with workbook_notes(lambda: lang or sc.settings.language):
        sc = load(path)
    return sc


@contextmanager
def workbook_notes(language) -> Iterator[None]:
    """Print what a workbook's reader noticed while the block loaded scenarios (formulas
    read as their values, columns not read) to stderr, in ``language()``'s language, once
    the block has succeeded; other warnings pass on as they are."""
    import warnings

    from sekalk.scenario.xlsx import XlsxWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", XlsxWarning)
        yield
    for w in caught:
        if isinstance(w.message, XlsxWarning):
            click.echo(w.message.render(language()), err=True)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def warn_unintended(sc, path: str, lang: str | None = None) -> None:
    """Print warnings about valid but almost certainly unintended input to stderr."""
    from sekalk.report.i18n import t

    horizon = sc.settings.horizon_years
    for oid in sc.outcomes_beyond_horizon:
        out = next(o for o in sc.outcomes if o.id == oid)
        year = sc.intervention.years[0] + out.lag + min(c.start for c in out.consequences)
        click.echo(
            t(
                "warn.beyond_horizon",
                lang or sc.settings.language,
                file=path,
                id=oid,
                year=year,
                horizon=horizon,
                last=horizon - 1,
            ),
            err=True,
        )


def check_output(path: str | None, force: bool) -> None:
    if path is None or path == "-":
        return
    from sekalk.errors import ScenarioError
    from sekalk.outputs import check_writable

    try:
        check_writable(path, force=force)
    except ScenarioError as exc:
        fail_error(exc)


draws_option = click.option(
    "--draws",
    type=click.IntRange(min=1),
    default=DEFAULT_DRAWS,
    show_default=True,
    help="Number of Monte Carlo draws.",
)
seed_option = click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=DEFAULT_SEED,
    show_default=True,
    help="Seed of the random streams; the same seed gives identical results.",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the output (default: the scenario's).",
)
force_option = click.option("--force", is_flag=True, help="Overwrite existing output files.")
sampler_option = click.option(
    "--sampler",
    type=click.Choice(SAMPLER_CHOICES),
    default="random",
    show_default=True,
    help="Uniform design: plain random, Latin hypercube or scrambled Sobol'.",
)


class OverrideArgs(NamedTuple):
    """What ``override_options`` collected: ``--set``, ``--overlay``, ``--widen[-rule]``."""

    sets: tuple[str, ...] = ()
    overlays: tuple[str, ...] = ()
    widen: bool = False
    widen_rule: str | None = None

    def evaluator_changes(self, overlays=()) -> dict:
        """Keyword arguments of :func:`~sekalk.scenario.overrides.apply_evaluator`, with a
        position's own ``overlays`` first."""
        return {
            "overlays": (*overlays, *self.overlays),
            "sets": self.sets,
            "widen": self.widen,
            "widen_rule": self.widen_rule,
        }


def override_options(func):
    """Add ``--set``, ``--overlay``, ``--widen`` and ``--widen-rule`` to a command.

    The command receives them as one argument ``overrides`` (an :class:`OverrideArgs`) and
    loads its scenario with ``load_with_overrides(path, overrides, lang)``.
    """

    @functools.wraps(func)
    def wrapper(*args, sets, overlays, widen, widen_rule, **kwargs):
        ov = OverrideArgs(tuple(sets), tuple(overlays), widen or widen_rule is not None, widen_rule)
        return func(*args, overrides=ov, **kwargs)

    options = [
        click.option(
            "--set",
            "sets",
            multiple=True,
            metavar="ID=VALUE",
            help="Replace an assumption: a number or an inline TOML table, e.g. "
            "--set 'outcomes.x.effect={dist=\"uniform\", min=0.85, max=1.0}'. Repeatable; "
            "applied after the overlays.",
        ),
        click.option(
            "--overlay",
            "overlays",
            multiple=True,
            metavar="FILE.toml",
            help="An evaluator's overlay file of [[override]] entries (id, value, evidence, "
            "source, note). Repeatable; applied in order.",
        ),
        click.option(
            "--widen",
            is_flag=True,
            help="Widen weakly grounded assumptions by evidence grade (assumption ±25 %, "
            "experience ±10 %, research unchanged); off by default.",
        ),
        click.option(
            "--widen-rule",
            metavar="FILE.toml",
            help="Widths per evidence grade for --widen (implies --widen); see README.",
        ),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def apply_overrides(sc, overrides: OverrideArgs, lang: str | None = None, overlays=()):
    """Apply ``overlays`` (per scenario), then the overlays, sets and widening of ``overrides``."""
    from sekalk.errors import ScenarioError
    from sekalk.scenario.overrides import apply_evaluator

    try:
        return apply_evaluator(sc, lang=lang, **overrides.evaluator_changes(overlays))
    except ScenarioError as exc:
        fail_error(exc, lang or sc.settings.language)


def load_with_overrides(path: str, overrides: OverrideArgs, lang: str | None = None):
    """Load a scenario and apply the evaluator's overlays, ``--set`` values and widening."""
    return apply_overrides(load_scenario(path), overrides, lang)


def write_json(path: str, doc: dict) -> None:
    """Write a JSON document to ``path`` atomically, or to stdout for ``-``."""
    import json

    text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)
    if path == "-":
        click.echo(text)
        return
    from sekalk.outputs import write_text_atomic

    write_all([(path, lambda: write_text_atomic(path, text + "\n"))])


def check_perspective(scenarios, perspective: str) -> None:
    """Exit 2 unless every scenario has ``perspective`` (society, public_sector or an actor)."""
    from sekalk.engine import perspectives_of

    for sc in scenarios:
        available = perspectives_of(sc)
        if perspective not in available:
            fail_code(
                "error.cli.perspective", file=sc.path, perspective=perspective, allowed=available
            )


def check_html(path: str | None, force: bool) -> None:
    if path is not None and Path(path).suffix.lower() not in (".html", ".htm"):
        fail_code("error.cli.suffix", file=path, option="--report", suffixes=".html")
    check_output(path, force)


def check_plot(path: str | None, force: bool) -> None:
    if path is not None and Path(path).suffix.lower() not in (".png", ".svg"):
        fail_code("error.cli.suffix_two", file=path, option="--plot", first=".png", second=".svg")
    check_output(path, force)


workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Threads that evaluate blocks of draws in parallel; results are identical to 1.",
)
scheduler_option = click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="A running dask.distributed scheduler (e.g. tcp://10.0.0.5:8786) whose workers "
    "compute the blocks; results are identical to a local run. Needs `pip install "
    "distributed` here and on the workers.",
)


@contextmanager
def dask_executor(address: str | None) -> Iterator[Executor | None]:
    """The executor of the dask scheduler at ``address`` (None: compute here); exit 2 if
    dask is missing or nothing answers."""
    if address is None:
        yield None
        return
    from contextlib import ExitStack

    from sekalk.simulation import SchedulerError, scheduler_executor

    with ExitStack() as stack:
        try:
            executor = stack.enter_context(scheduler_executor(address))
        except SchedulerError as exc:
            if exc.code is None:
                fail(str(exc))
            fail_code(exc.code, **exc.params)
        yield executor


quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="No progress bar on stderr (none is shown off a terminal)."
)


@contextmanager
def thread_executor(workers: int) -> Iterator[Executor | None]:
    """A thread pool of ``workers`` threads (numpy releases the GIL), or None for one worker."""
    if workers <= 1:
        yield None
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield pool


def check_xlsx(path: str | None, force: bool, *others: str | None) -> None:
    """Check an ``--xlsx`` output: the suffix, no clash with the other outputs, writable."""
    if path is None:
        return
    if Path(path).suffix.lower() != ".xlsx":
        fail_code("error.cli.suffix", file=path, option="--xlsx", suffixes=".xlsx")
    for other in others:
        if other not in (None, "-") and same_file(path, other):
            fail_code("error.cli.xlsx_same_file", file=path)
    check_output(path, force)


def same_file(a: str, b: str) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def check_memory(scenarios, draws: int, *, payback: bool = True, export: bool = False) -> None:
    """Refuse, before simulating, draws whose results (of all ``scenarios``, kept together)
    would not fit in the available memory."""
    from sekalk.simulation import available_memory, estimate_memory

    needed = sum(estimate_memory(s, draws, payback=payback, export=export) for s in scenarios)
    available = available_memory()
    if available is not None and needed > available:
        fail_code(
            "error.cli.memory",
            draws=draws,
            needed=round(needed / 1e9, 1),
            available=round(available / 1e9, 1),
        )


def write_all(outputs) -> None:
    """Run each ``(path, write)``; if one fails, remove the files this call already wrote."""
    from sekalk.errors import ScenarioError

    done: list[str] = []
    for path, write in outputs:
        try:
            write()
        except ScenarioError as exc:
            for earlier in done:
                Path(earlier).unlink(missing_ok=True)
            fail_error(exc)
        done.append(path)
