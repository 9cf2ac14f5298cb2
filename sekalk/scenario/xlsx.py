"""Excel workbooks (``.xlsx``) as scenario files: reading, writing and the applicant's template.

A workbook holds the same scenario as a TOML file, one sheet per part of the logic model:

========================  ==================  ==========================================
sheet (sv)                sheet (en)          holds
========================  ==================  ==========================================
Start                     Start               ``[scenario]`` and ``[intervention]`` fields
Kostnader                 Costs               ``[[intervention.costs]]``
Verksamhetslogik          Logic               ``[[logic]]``
Utfall                    Outcomes            ``[[outcomes]]``
Konsekvenser              Consequences        ``[[outcomes.consequences]]`` (column Utfall)
Fortsättning              Continuation        ``[continuation]``
Spridning                 Spread              ``[spread]``
Korrelationer             Correlations        ``[[correlations]]``
========================  ==================  ==========================================

sekalk also writes an *Instruktioner* sheet, a *Källor* overview of every assumption's evidence
and source, and a hidden *Listor* sheet with the drop-down lists; it never reads them back.

Every row of an item sheet is one *parameter* of an item (a cost's annual amount, an
outcome's risk, effect, attribution and drop-off, ...). The item's own columns (id, label,
payer, years, ...) are filled on its first row; following rows with an empty id belong to the
same item. A parameter is a number (column *Värde*) or a distribution (column *Fördelning*
and the columns of its parameters: *Lägst / Troligast / Högst*, *Medel*, *P05* ...), with
*Evidens*, *Källa* and *Kommentar*; an amount may instead refer to a sourced unit cost
(column *Enhetskostnad (ref)*).

The reader turns a workbook into the plain dict that a TOML file parses to, plus a map from key
paths to cells, so that the loader's validation applies unchanged and every error names the
sheet, the cell and the column header. Headers are matched by name in Swedish or English (or
the TOML key), in any order; sheets are matched by name in either language. A workbook is
untrusted input: its zip directory is checked for bombs before it is opened, XML entities are
refused (defusedxml), sheets are limited in size, and formulas are never calculated.

Text in number cells is read as a Swedish or English number: ``1 500 000`` (spaces as
thousands separators), ``0,8`` (decimal comma), ``3,5 %`` and ``25%`` (percent: 0.035 and
0.25), ``1.5e6``. A formula is read as its last calculated value (with a warning); a formula
that was never calculated is an error. Cells that are merged down one column of an item's own
columns (id, label, payer ...) are read as one value on the first row; any other merge is an
error.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import io
import math
import re
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sekalk.distributions import DISTRIBUTION_KINDS, EVIDENCE_GRADES
from sekalk.errors import Choices, Found, Msg, ScenarioError, close_matches, number_error, raise_all
from sekalk.scenario.schema import CONSEQUENCE_KINDS, DEFAULT_ACTORS, LANGUAGES
from sekalk.text import catalog
from sekalk.text.numbers import read_number

# ---------------------------------------------------------------------------------------------
# limits for untrusted workbooks

#: Most entries in the zip directory of a workbook.
MAX_ZIP_ENTRIES = 2000
#: Most uncompressed bytes of all entries together [bytes].
MAX_UNCOMPRESSED = 100 * 2**20
#: Most uncompressed bytes of one entry [bytes].
MAX_ENTRY = 50 * 2**20
#: Largest compression ratio of an entry above 1 MB (a zip bomb compresses far better).
MAX_RATIO = 200
#: Most rows and columns read on one sheet.
MAX_ROWS = 5000
MAX_COLUMNS = 200


class XlsxWarning(UserWarning):
    """Something in a workbook that was read, but that the user should know about.

    ``key`` and ``params`` name a message of the catalogue (:mod:`sekalk.report.i18n`);
    :meth:`render` gives it in a language, ``str()`` in English.
    """

    def __init__(self, file: str, key: str, params: Mapping[str, Any]) -> None:
        self.file, self.key, self.params = file, key, dict(params)
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        """The warning in ``lang``, prefixed with the file."""
        from sekalk.report.i18n import t

        return f"{self.file}: {t(self.key, lang, **self.params)}"


# ---------------------------------------------------------------------------------------------
# vocabulary: sheets, columns, parameters and codes in Swedish and English

#: sheet key -> (Swedish name, English name)
SHEETS: dict[str, tuple[str, str]] = {
    "instructions": ("Instruktioner", "Instructions"),
    "start": ("Start", "Start"),
    "costs": ("Kostnader", "Costs"),
    "logic": ("Verksamhetslogik", "Logic"),
    "outcomes": ("Utfall", "Outcomes"),
    "consequences": ("Konsekvenser", "Consequences"),
    "continuation": ("Fortsättning", "Continuation"),
    "spread": ("Spridning", "Spread"),
    "correlations": ("Korrelationer", "Correlations"),
    "sources": ("Källor", "Sources"),
    "lists": ("Listor", "Lists"),
}
#: Sheets that sekalk writes for people and never reads back.
UNREAD_SHEETS = ("instructions", "sources", "lists")

#: Columns of the Sources overview, (Swedish, English).
SOURCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Cell", "Cell"),
    ("Post", "Item"),
    ("Parameter", "Parameter"),
    ("Evidens", "Evidence"),
    ("Källa", "Source"),
)
SOURCES_NOTE = (
    "Sammanställning av varje antagandes evidens och källa. Ändra dem på respektive blad: "
    "det här bladet läses inte.",
    "Overview of every assumption's evidence and source. Change them on their own sheet: "
    "this sheet is not read.",
)
REQUIRED_SHEETS = ("start", "costs", "outcomes", "consequences")

#: column key -> (Swedish header, English header, kind of cell)
COLUMNS: dict[str, tuple[str, str, str]] = {
    # item columns
    "field": ("Fält", "Field", "field"),
    "outcome": ("Utfall", "Outcome", "code"),
    "id": ("Id", "Id", "code"),
    "label": ("Benämning", "Label", "text"),
    "kind": ("Slag", "Kind", "kind"),
    "payer": ("Betalare", "Payer", "allocation"),
    "recipient": ("Mottagare", "Recipient", "allocation"),
    "first_year": ("Första år", "First year", "number"),
    "last_year": ("Sista år", "Last year", "number"),
    "lag": ("Fördröjning (år)", "Lag (years)", "number"),
    "start": ("Start (år efter utfallet)", "Start (years after the outcome)", "number"),
    "duration": ("Varaktighet (år)", "Duration (years)", "number"),
    "years": ("Antal år", "Number of years", "number"),
    "item_note": ("Anteckning", "Item note", "text"),
    # the parameter block
    "parameter": ("Parameter", "Parameter", "parameter"),
    "value": ("Värde", "Value", "number"),
    "dist": ("Fördelning", "Distribution", "dist"),
    "min": ("Lägst", "Lowest", "number"),
    "mode": ("Troligast", "Most likely", "number"),
    "max": ("Högst", "Highest", "number"),
    "lambda": ("Lambda (pert)", "Lambda (pert)", "number"),
    "mean": ("Medelvärde", "Mean", "number"),
    "sd": ("Standardavvikelse", "Standard deviation", "number"),
    "p05": ("P05", "P05", "number"),
    "p95": ("P95", "P95", "number"),
    "mu": ("Mu (lognormal)", "Mu (lognormal)", "number"),
    "sigma": ("Sigma (lognormal)", "Sigma (lognormal)", "number"),
    "alpha": ("Alfa (beta)", "Alpha (beta)", "number"),
    "beta": ("Beta (beta)", "Beta (beta)", "number"),
    "shape": ("Form (gamma)", "Shape (gamma)", "number"),
    "scale": ("Skala (gamma)", "Scale (gamma)", "number"),
    "values": ("Värden (diskret)", "Values (discrete)", "numbers"),
    "weights": ("Vikter (diskret)", "Weights (discrete)", "numbers"),
    "ref": ("Enhetskostnad (ref)", "Unit cost (ref)", "code"),
    "per": ("Per (ref)", "Per (ref)", "code"),
    "price_year": ("Prisår (ref)", "Price year (ref)", "number"),
    "evidence": ("Evidens", "Evidence", "evidence"),
    "source": ("Källa", "Source", "text"),
    "note": ("Kommentar", "Comment", "text"),
    # correlations
    "between_1": ("Parameter 1", "Parameter 1", "code"),
    "between_2": ("Parameter 2", "Parameter 2", "code"),
    "rho": ("Rangkorrelation", "Rank correlation", "number"),
}

#: The keys of a distribution table, in the order they are written.
DIST_COLUMNS = (
    "dist",
    "value",
    "min",
    "mode",
    "max",
    "lambda",
    "mean",
    "sd",
    "p05",
    "p95",
    "mu",
    "sigma",
    "alpha",
    "beta",
    "shape",
    "scale",
    "values",
    "weights",
    "ref",
    "per",
    "price_year",
    "evidence",
    "source",
    "note",
)
#: The parameter block's columns in the order written: the common ones first.
WRITE_ORDER = (
    "value",
    "dist",
    "min",
    "mode",
    "max",
    "mean",
    "sd",
    "p05",
    "p95",
    "evidence",
    "source",
    "note",
    "ref",
    "per",
    "price_year",
    "lambda",
    "mu",
    "sigma",
    "alpha",
    "beta",
    "shape",
    "scale",
    "values",
    "weights",
)
assert sorted(WRITE_ORDER) == sorted(DIST_COLUMNS)
# A parameter key of a registered kind that the tables above do not name (a new kind's own
# key) gets a column at the end of the block, headed by the key itself in both languages.
_NEW_KEYS = tuple(
    dict.fromkeys(
        key
        for cls in DISTRIBUTION_KINDS.values()
        for required, optional in cls.param_sets
        for key in (*required, *optional)
        if key not in DIST_COLUMNS
    )
)
for _key in _NEW_KEYS:
    _lists = any(_key in cls.list_keys for cls in DISTRIBUTION_KINDS.values())
    COLUMNS[_key] = (_key, _key, "numbers" if _lists else "number")
DIST_COLUMNS = (*DIST_COLUMNS, *_NEW_KEYS)
WRITE_ORDER = (*WRITE_ORDER, *_NEW_KEYS)
PARAM_BLOCK = ("parameter", *WRITE_ORDER)

#: parameter key -> (Swedish name, English name)
PARAMETERS: dict[str, tuple[str, str]] = {
    "discount_rate": ("Kalkylränta", "Discount rate"),
    "participants_per_year": ("Deltagare per år", "Participants per year"),
    "annual": ("Årligt belopp", "Annual amount"),
    "share": ("Andel", "Share"),
    "baseline_risk": ("Risk utan insatsen", "Risk without the intervention"),
    "relative_risk": ("Relativ risk", "Relative risk"),
    "risk_difference": ("Riskskillnad", "Risk difference"),
    "attribution": ("Attribution", "Attribution"),
    "dropoff": ("Årligt bortfall", "Yearly drop-off"),
    "growth": ("Årlig tillväxt", "Yearly growth"),
    "probability": ("Sannolikhet", "Probability"),
    "annual_cost": ("Årlig kostnad", "Annual cost"),
    "units": ("Antal enheter", "Number of units"),
    "scale": ("Skalfaktor", "Scale factor"),
}

#: Start-sheet field -> (Swedish name, English name, kind of value)
FIELDS: dict[str, tuple[str, str, str]] = {
    "title": ("Titel", "Title", "text"),
    "description": ("Beskrivning", "Description", "text"),
    "currency": ("Valuta", "Currency", "code"),
    "price_year": ("Prisår", "Price year", "number"),
    "horizon_years": ("Tidshorisont (år)", "Horizon (years)", "number"),
    "discount_rate": ("Kalkylränta", "Discount rate", "parameter"),
    "language": ("Språk i rapporten", "Report language", "code"),
    "valuation": ("Värderingsgrund", "Valuation basis", "code"),
    "valuation_note": ("Om värderingsgrunden", "About the valuation basis", "text"),
    "actors": ("Egna aktörer", "Own actors", "list"),
    "intervention_label": ("Insatsens namn", "Name of the intervention", "text"),
    "intervention_description": ("Om insatsen", "About the intervention", "text"),
    "first_year": ("Första år med nya deltagare", "First year with new participants", "number"),
    "last_year": ("Sista år med nya deltagare", "Last year with new participants", "number"),
    "participants_per_year": ("Deltagare per år", "Participants per year", "parameter"),
}
_SCENARIO_FIELDS = ("title", "description", "currency", "price_year", "horizon_years")

#: code -> (Swedish, English) for the drop-down lists; the distribution kinds come from their
#: registry, their names from the catalogues (``dist.name.<kind>``)
DIST_NAMES: dict[str, tuple[str, str]] = {
    kind: (catalog("sv").gettext(f"dist.name.{kind}"), catalog("en").gettext(f"dist.name.{kind}"))
    for kind in DISTRIBUTION_KINDS
}
EVIDENCE_NAMES: dict[str, tuple[str, str]] = {
    "research": ("forskning", "research"),
    "experience": ("erfarenhet", "experience"),
    "assumption": ("antagande", "assumption"),
}
KIND_NAMES: dict[str, tuple[str, str]] = {
    "resource": ("resurs", "resource"),
    "transfer": ("transferering", "transfer"),
    "production": ("produktion", "production"),
}
assert set(EVIDENCE_NAMES) == set(EVIDENCE_GRADES)
assert set(KIND_NAMES) == set(CONSEQUENCE_KINDS)


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """The layout of one item sheet: the item's own columns and the parameters it may have."""

    key: str
    item_columns: tuple[str, ...]
    params: tuple[str, ...]
    #: item columns that may be merged down the rows of one item
    single: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column, in the order written."""
        return (*self.item_columns, *PARAM_BLOCK)


ITEM_SHEETS: dict[str, SheetSpec] = {
    "costs": SheetSpec(
        "costs", ("id", "label", "payer", "first_year", "last_year", "item_note"), ("annual",)
    ),
    "logic": SheetSpec("logic", ("id", "label", "item_note"), ("share",)),
    "outcomes": SheetSpec(
        "outcomes",
        ("id", "label", "lag", "item_note"),
        ("baseline_risk", "relative_risk", "risk_difference", "attribution", "dropoff"),
    ),
    "consequences": SheetSpec(
        "consequences",
        (
            "outcome",
            "id",
            "label",
            "kind",
            "payer",
            "recipient",
            "start",
            "duration",
            "item_note",
        ),
        ("share", "annual", "growth"),
    ),
    "continuation": SheetSpec(
        "continuation",
        ("label", "years", "payer", "item_note"),
        ("probability", "annual_cost", "participants_per_year"),
        single=True,
    ),
    "spread": SheetSpec(
        "spread",
        ("label", "lag", "years", "payer", "item_note"),
        ("units", "probability", "participants_per_year", "scale", "annual_cost"),
        single=True,
    ),
}
START_COLUMNS = ("field", *WRITE_ORDER)
CORRELATION_COLUMNS = ("between_1", "between_2", "rho")

#: item column -> key in the scenario document
_DOC_KEYS = {
    "id": "id",
    "label": "label",
    "kind": "kind",
    "payer": "payer",
    "recipient": "recipient",
    "lag": "lag",
    "start": "start",
    "duration": "duration",
    "years": "years",
    "item_note": "note",
}


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _lookup(table: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Normalised key and names in both languages -> key."""
    out: dict[str, str] = {}
    for key, names in table.items():
        out[_norm(key)] = key
        for name in names[:2]:
            out.setdefault(_norm(name), key)
    return out


_SHEET_LOOKUP = _lookup(SHEETS)
_COLUMN_LOOKUP = _lookup(COLUMNS)
_PARAM_LOOKUP = _lookup(PARAMETERS)
_FIELD_LOOKUP = _lookup(FIELDS)
_CODES = {
    "dist": _lookup(DIST_NAMES),
    # the reports' names of the grades are accepted too
    "evidence": {**_lookup(EVIDENCE_NAMES), "beprövad erfarenhet": "experience"},
    "kind": _lookup(KIND_NAMES),
}


def _lang_index(lang: str) -> int:
    return 1 if lang == "en" else 0


def sheet_name(key: str, lang: str) -> str:
    """The name of sheet ``key`` in ``lang``."""
    return SHEETS[key][_lang_index(lang)]


def header(key: str, lang: str) -> str:
    """The header of column ``key`` in ``lang``."""
    return COLUMNS[key][_lang_index(lang)]


# ---------------------------------------------------------------------------------------------
# locations


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value stands in a workbook: sheet, cell (``E7``; empty for a whole sheet), header."""

    sheet: str
    cell: str = ""
    header: str = ""

    def __str__(self) -> str:
        if not self.cell:
            return self.sheet
        where = f"{self.sheet}!{self.cell}"
        return f"{where} ({self.header})" if self.header else where


def with_location(exc: ScenarioError, location: Location | None) -> ScenarioError:
    """``exc`` with the workbook location of its key path (sheet, cell and column header).

    The one place where a cell is attached to an error: once errors carry a structured
    ``location`` field, this sets that field instead.
    """
    if location is None:
        return exc
    return exc.replace(location=str(location))


def _cell_error(
    loc: Location,
    code: str,
    params: Mapping[str, Any] | None = None,
    *,
    hint: str | None = None,
    path: str | None = None,
) -> ScenarioError:
    """The error ``code`` (a message of the catalogues) at the cell ``loc``."""
    return with_location(ScenarioError(code=code, params=params, hint=hint, path=path), loc)


@dataclass
class WorkbookDocument:
    """A workbook read into a scenario document, with the cell of every key path."""

    doc: dict[str, Any]
    locations: dict[str, Location] = field(default_factory=dict)
    #: ``(message key, params)`` of what the reader noticed (formulas read, columns ignored)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: the workbook's language (its sheet names'), if it could be told
    lang: str | None = None

    def locate(self, path: str | None) -> Location | None:
        """The location of ``path`` or of its nearest enclosing key path that has one."""
        while path:
            if path in self.locations:
                return self.locations[path]
            cut = max(path.rfind("."), path.rfind("["), path.rfind("#"))
            if cut <= 0:
                break
            path = path[:cut]
        return None


# ---------------------------------------------------------------------------------------------
# reading


def build_from_workbook(raw: bytes, *, file: str):
    """Read and validate a workbook's bytes; errors name the sheet, the cell and the header.

    Warnings about what was read (formulas, ignored columns) are issued as :class:`XlsxWarning`.
    """
    from sekalk.scenario.loader import build_scenario

    wd = read_workbook(raw, file=file)
    for key, params in wd.notes:
        warnings.warn(XlsxWarning(file, key, params), stacklevel=2)
    try:
        return build_scenario(wd.doc)
    except ScenarioError as exc:
        table = wd.doc.get("scenario")
        lang = table.get("language") if isinstance(table, dict) else None
        lang = lang if lang in LANGUAGES else wd.lang
        located = [
            with_location(e, wd.locate(e.path)).replace(file=file, lang=e.lang or lang)
            for e in exc.errors
        ]
        raise_all(located)
        raise  # pragma: no cover - raise_all raised


def read_workbook(raw: bytes, *, file: str = "<workbook>") -> WorkbookDocument:
    """Parse workbook bytes into a scenario document (not yet validated) and its locations.

    Raises
    ------
    ScenarioError
        If the bytes are not a safe, readable workbook in sekalk's layout; the message names
        the sheet and cell where there is one.
    """
    reader = _Reader(raw, file)
    try:
        return reader.read()
    except ScenarioError as exc:
        raise exc.replace(file=file, lang=exc.lang or reader.lang) from None


def check_zip(raw: bytes) -> None:
    """Refuse bytes that are not a zip, or whose zip directory promises a bomb."""
    if not raw:
        raise ScenarioError(code="error.xlsx.empty")
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ScenarioError(code="error.xlsx.old_format")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ScenarioError(code="error.xlsx.not_zip") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise ScenarioError(
                code="error.xlsx.too_many_parts",
                params={"parts": len(entries), "limit": MAX_ZIP_ENTRIES},
            )
        total = 0
        for info in entries:
            total += info.file_size
            if info.file_size > MAX_ENTRY or total > MAX_UNCOMPRESSED:
                raise ScenarioError(
                    code="error.xlsx.unpacks_too_large",
                    params={"limit": MAX_UNCOMPRESSED // 2**20, "part": info.filename},
                )
            if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ScenarioError(
                    code="error.xlsx.zip_bomb",
                    params={
                        "part": info.filename,
                        "ratio": info.file_size // max(info.compress_size, 1),
                    },
                )
        for info in entries:  # sizes are checked: reading the XML parts is bounded
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                head = archive.read(info.filename)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise ScenarioError(code="error.xlsx.entities")


@contextlib.contextmanager
def _openpyxl_errors() -> Iterator[None]:
    """Turn whatever openpyxl or the XML parser raises on a broken workbook into one message."""
    try:
        yield
    except ScenarioError:
        raise
    except Exception as exc:
        chain, cause = [], exc
        while cause is not None and len(chain) < 10:
            chain.append(cause)
            cause = cause.__cause__ or cause.__context__
        names = {type(e).__name__ for e in chain}
        if names & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"}:
            raise ScenarioError(code="error.xlsx.entities") from None
        if any(isinstance(e, MemoryError) for e in chain):
            raise ScenarioError(code="error.xlsx.too_large_to_read") from None
        detail = " ".join(str(exc).split())[:200]
        raise ScenarioError(
            code="error.xlsx.unreadable", params={"detail": f"{type(exc).__name__}: {detail}"}
        ) from None


class _Reader:
    """One pass over a workbook: sheets, headers, rows and cells, with a location per value."""

    def __init__(self, raw: bytes, file: str) -> None:
        self.raw = raw
        self.file = file
        self.locations: dict[str, Location] = {}
        self.notes: list[tuple[str, dict[str, Any]]] = []
        self._values_wb = None  # the workbook with cached formula values, loaded on demand
        self._outcome_cells: list[Location] = []
        #: the problems of single cells, headers and rows, reported together at the end
        self.problems: list[ScenarioError] = []
        self._bad_cells: set[str] = set()
        #: the workbook's language: its sheet names', then the Start sheet's ``language``
        self.lang: str | None = None

    def _problem(self, exc: ScenarioError) -> None:
        """Note a problem and read on (its cell counts as empty); a cell's first problem is
        the one reported."""
        for e in exc.errors:
            cell = (e.location or "").split(" (")[0]
            if cell and cell in self._bad_cells:
                continue
            self._bad_cells.add(cell)
            self.problems.append(e)

    # -- workbook and sheets

    def read(self) -> WorkbookDocument:
        check_zip(self.raw)
        import openpyxl

        with _openpyxl_errors(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's warnings about unsupported extensions
            self.wb = openpyxl.load_workbook(io.BytesIO(self.raw), data_only=False)
        from openpyxl.worksheet.worksheet import Worksheet

        self.lang = _sheets_language(self.wb.sheetnames)
        sheets: dict[str, Any] = {}
        for ws in self.wb.worksheets:
            key = _SHEET_LOOKUP.get(_norm(ws.title))
            if key is None or key in UNREAD_SHEETS:
                continue  # the applicant's own sheets are not read
            if not isinstance(ws, Worksheet):
                raise ScenarioError(
                    code="error.xlsx.chart_sheet", params={"sheet": ws.title}, location=ws.title
                )
            if key in sheets:
                raise ScenarioError(
                    code="error.xlsx.two_sheets",
                    params={"first": sheets[key].title, "second": ws.title},
                )
            sheets[key] = ws
        names = [ws.title for ws in self.wb.worksheets]
        missing = []
        for key in REQUIRED_SHEETS:
            if key not in sheets:
                sv, en = SHEETS[key]
                missing.append(
                    ScenarioError(
                        code="error.xlsx.missing_sheet",
                        params={
                            "sv": sv,
                            "en": en,
                            "did_you_mean": Choices(close_matches(sv, names)),
                            "sheets": names,
                        },
                    )
                )
        raise_all(missing)
        for key, path in (
            ("costs", "intervention.costs"),
            ("logic", "logic"),
            ("outcomes", "outcomes"),
            ("continuation", "continuation"),
            ("spread", "spread"),
            ("correlations", "correlations"),
        ):
            if key in sheets:  # errors about a whole list name its sheet
                self.locations[path] = Location(sheets[key].title)
        doc: dict[str, Any] = {}
        scenario, intervention = self._start(sheets["start"])
        if scenario.get("language") in LANGUAGES:
            self.lang = scenario["language"]
        doc["scenario"] = scenario
        doc["intervention"] = intervention
        intervention["costs"] = self._items(sheets["costs"], ITEM_SHEETS["costs"])
        if "logic" in sheets:
            logic = self._items(sheets["logic"], ITEM_SHEETS["logic"])
            if logic:
                doc["logic"] = logic
        outcomes = self._items(sheets["outcomes"], ITEM_SHEETS["outcomes"])
        doc["outcomes"] = outcomes
        self._attach_consequences(
            outcomes, self._items(sheets["consequences"], ITEM_SHEETS["consequences"])
        )
        for key in ("continuation", "spread"):
            if key in sheets:
                items = self._items(sheets[key], ITEM_SHEETS[key])
                if items:
                    doc[key] = items[0]
        if "correlations" in sheets:
            correlations = self._correlations(sheets["correlations"])
            if correlations:
                doc["correlations"] = correlations
        # every cell's problem at once; the document is not validated while any remains
        raise_all(self.problems)
        return WorkbookDocument(doc, self.locations, self.notes, self.lang)

    def _loc(self, ws, row: int, col: int | None, key: str | None = None) -> Location:
        from openpyxl.utils import get_column_letter

        if col is None:
            return Location(ws.title, f"{row}:{row}" if row else "")
        head = ws.cell(1, col).value if key is not None else None
        return Location(ws.title, f"{get_column_letter(col)}{row}", str(head or ""))

    def _headers(self, ws, allowed: tuple[str, ...]) -> dict[str, int]:
        """Column key -> column number, from the header row (names in either language)."""
        if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS:
            raise ScenarioError(
                code="error.xlsx.sheet_too_large",
                params={
                    "sheet": ws.title,
                    "rows": ws.max_row,
                    "columns": ws.max_column,
                    "max_rows": MAX_ROWS,
                    "max_columns": MAX_COLUMNS,
                },
                location=ws.title,
            )
        self._check_merged(ws, allowed)
        found: dict[str, int] = {}
        for col in range(1, ws.max_column + 1):
            value = self._value(ws, 1, col)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            text = str(value)
            key = _COLUMN_LOOKUP.get(_norm(text))
            loc = self._loc(ws, 1, col, "h")
            if key is None or key not in allowed:
                names = [header(k, lang) for k in allowed for lang in ("sv", "en")]
                near = _near(text, names)
                if near:
                    self._problem(
                        _cell_error(
                            loc,
                            "error.xlsx.unknown_column",
                            {"column": text, "did_you_mean": Choices(near)},
                        )
                    )
                    continue
                self.notes.append(
                    ("xlsx.column_ignored", {"where": f"{loc.sheet}!{loc.cell}", "column": text})
                )
                continue
            if key in found:
                self._problem(_cell_error(loc, "error.xlsx.duplicate_column", {"column": text}))
                continue
            found[key] = col
        return found

    def _check_merged(self, ws, allowed: tuple[str, ...]) -> None:
        from openpyxl.utils import get_column_letter

        item_cols = set()
        for col in range(1, ws.max_column + 1):
            value = ws.cell(1, col).value
            key = _COLUMN_LOOKUP.get(_norm(value)) if isinstance(value, str) else None
            if key in allowed and key not in PARAM_BLOCK and key not in START_COLUMNS:
                item_cols.add(col)
        for rng in ws.merged_cells.ranges:
            vertical = rng.min_col == rng.max_col and rng.min_row >= 2
            if not (vertical and rng.min_col in item_cols):
                ref = (
                    f"{get_column_letter(rng.min_col)}{rng.min_row}:"
                    f"{get_column_letter(rng.max_col)}{rng.max_row}"
                )
                self._problem(_cell_error(Location(ws.title, ref), "error.xlsx.merged"))

    # -- cells

    def _value(self, ws, row: int, col: int) -> Any:
        """The value of a cell: for a formula its cached value (with a warning), else an error."""
        cell = ws.cell(row, col)
        value = cell.value
        if cell.data_type == "f":
            cached = self._cached(ws.title, row, col)
            loc = self._loc(ws, row, col, "h")
            formula = value if isinstance(value, str) else getattr(value, "text", "")
            if cached is None:
                self._problem(
                    _cell_error(
                        loc,
                        "error.xlsx.formula_without_value",
                        {"formula": formula},
                        hint="hint.xlsx.type_value",
                    )
                )
                return None
            self.notes.append(
                (
                    "xlsx.formula_used",
                    {"where": f"{loc}", "formula": formula, "value": cached},
                )
            )
            return cached
        if cell.data_type == "e":
            self._problem(
                _cell_error(
                    self._loc(ws, row, col, "h"), "error.xlsx.error_value", {"value": value}
                )
            )
            return None
        return value

    def _cached(self, title: str, row: int, col: int) -> Any:
        if self._values_wb is None:
            import openpyxl

            with _openpyxl_errors(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._values_wb = openpyxl.load_workbook(io.BytesIO(self.raw), data_only=True)
        return self._values_wb[title].cell(row, col).value

    def _convert(self, value: Any, kind: str, loc: Location, path: str | None = None) -> Any:
        """A cell's value as the scenario document wants it (None for an empty cell); errors
        name the cell and, where known, the key ``path``; they are noted, and the cell read
        as empty."""
        try:
            return self._convert_cell(value, kind, loc)
        except ScenarioError as exc:
            self._problem(exc.replace(path=path) if path and exc.path is None else exc)
            return None

    def _convert_cell(self, value: Any, kind: str, loc: Location) -> Any:
        if value is None:
            return None
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, _dt.datetime | _dt.date | _dt.time | _dt.timedelta):
            raise _cell_error(loc, "error.xlsx.date", {"what": Msg(f"xlsx.expected.{_kind(kind)}")})
        if isinstance(value, bool):
            if kind in ("number", "numbers"):
                raise with_location(number_error(value, None), loc)
            raise _cell_error(loc, "error.type.not_text", {"found": Found(value)})
        if kind == "number":
            return self._number(value, loc)
        if kind == "numbers":
            if isinstance(value, int | float):
                return [value]
            parts = [p for p in re.split(r"[;\n]", str(value)) if p.strip()]
            return [self._number(p, loc) for p in parts]
        if isinstance(value, int | float):
            value = (
                repr(value)
                if isinstance(value, float) and not value.is_integer()
                else str(int(value))
            )
        if kind == "text":
            return value
        text = value.strip()
        if kind in _CODES:
            code = _CODES[kind].get(_norm(text))
            if code is None:
                table = {"dist": DIST_NAMES, "evidence": EVIDENCE_NAMES, "kind": KIND_NAMES}[kind]
                names = list(dict.fromkeys(n for pair in table.values() for n in pair))
                raise _cell_error(
                    loc,
                    "error.value.unknown_choice",
                    {
                        "what": Msg({"dist": "what.distribution"}.get(kind, f"what.{kind}")),
                        "found": repr(text),
                        "did_you_mean": Choices(close_matches(_norm(text), names)),
                        "allowed": names,
                    },
                )
            return code
        if kind == "allocation":
            return self._allocation(text, loc)
        return text

    def _number(self, value: Any, loc: Location) -> int | float:
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                raise with_location(number_error(value, None), loc)
            return value
        parsed = _number_or_none(str(value))
        if parsed is None:
            raise _cell_error(
                loc, "error.type.not_number", {"found": Found(str(value))}, hint="hint.xlsx.number"
            )
        return parsed

    def _allocation(self, text: str, loc: Location) -> str | dict[str, Any]:
        if "=" not in text and ":" not in text:
            return text.lower()
        out: dict[str, Any] = {}
        for part in (p for p in re.split(r"[;\n]", text) if p.strip()):
            name, sep, share = part.replace(":", "=").partition("=")
            if not sep or not name.strip():
                raise _cell_error(loc, "error.xlsx.allocation", {"found": repr(text)})
            out[name.strip().lower()] = self._number(share, loc)
        return out

    # -- tables

    def _rows(self, ws, cols: dict[str, int]) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(row number, {column key: raw value})`` for each row with anything in it."""
        for row in range(2, ws.max_row + 1):
            values = {key: self._value(ws, row, col) for key, col in cols.items()}
            if any(
                v is not None and not (isinstance(v, str) and not v.strip())
                for v in values.values()
            ):
                yield row, values

    def _cells(self, ws, cols, row, values, keys, path: str | None = None) -> dict[str, Any]:
        """Converted values of ``keys`` in one row (empty cells left out)."""
        out = {}
        for key in keys:
            if key not in cols:
                continue
            loc = self._loc(ws, row, cols[key], key)
            where = f"{path}.{key}" if path else None
            value = self._convert(values[key], COLUMNS[key][2], loc, where)
            if value is not None:
                out[key] = value
        return out

    def _parameter(self, ws, cols, row, values, path: str) -> Any:
        """The number or distribution table of one row's parameter block (None if empty)."""
        cells = self._cells(ws, cols, row, values, DIST_COLUMNS, path)
        for key in DIST_COLUMNS:
            if key in cols:
                loc = self._loc(ws, row, cols[key], key)
                self.locations[f"{path}.{key}"] = loc
                if key in ("values", "weights"):
                    for i in range(len(cells.get(key, ()))):
                        self.locations[f"{path}.{key}[{i}]"] = loc
        anchor = "dist" if "dist" in cols else next(iter(cols))
        self.locations[path] = self._loc(ws, row, cols.get("parameter", cols[anchor]), "p")
        if not cells:
            return None
        meta = {k: cells[k] for k in ("evidence", "source", "note") if k in cells}
        if "ref" in cells:
            table = {k: cells[k] for k in DIST_COLUMNS if k in cells and k != "value"}
            if "value" in cells:
                table["value"] = cells["value"]
            return {"ref": table.pop("ref"), **table}
        if set(cells) == {"value"}:
            return cells["value"]
        if "dist" not in cells and "value" in cells and set(cells) - {"value"} <= set(meta):
            return {"dist": "fixed", "value": cells["value"], **meta}
        return {k: cells[k] for k in DIST_COLUMNS if k in cells}

    def _start(self, ws) -> tuple[dict[str, Any], dict[str, Any]]:
        cols = self._headers(ws, START_COLUMNS)
        if "field" not in cols or "value" not in cols:
            missing = "field" if "field" not in cols else "value"
            self._problem(_missing_column(ws.title, missing))
            return {}, {}
        scenario: dict[str, Any] = {}
        intervention: dict[str, Any] = {}
        years: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for row, values in self._rows(ws, cols):
            loc_field = self._loc(ws, row, cols["field"], "field")
            name = values["field"]
            if name is None or not str(name).strip():
                self._problem(_cell_error(loc_field, "error.xlsx.field_empty"))
                continue
            key = _FIELD_LOOKUP.get(_norm(str(name)))
            if key is None:
                names = [n for f in FIELDS.values() for n in f[:2]]
                near = Choices(close_matches(str(name), names))
                self._problem(
                    _cell_error(
                        loc_field,
                        "error.xlsx.unknown_field",
                        {"field": str(name), "did_you_mean": near},
                    )
                )
                continue
            if key in seen:
                self._problem(
                    _cell_error(loc_field, "error.xlsx.duplicate_field", {"field": str(name)})
                )
                continue
            seen[key] = row
            kind = FIELDS[key][2]
            loc_value = self._loc(ws, row, cols["value"], "value")
            if kind == "parameter":
                target = scenario if key == "discount_rate" else intervention
                path = f"{'scenario' if target is scenario else 'intervention'}.{key}"
                value = self._parameter(ws, cols, row, values, path)
                self.locations[path] = loc_value
                if value is not None:
                    target[key] = value
                continue
            value = self._convert(values["value"], "code" if kind == "list" else kind, loc_value)
            if key in ("first_year", "last_year"):
                intervention.setdefault("years", None)  # keeps the file's key order
                self.locations["intervention.years"] = self.locations.get(
                    "intervention.years", loc_value
                )
                self.locations[f"intervention.years[{0 if key == 'first_year' else 1}]"] = loc_value
                if value is not None:
                    years[key] = value
                continue
            if key.startswith("intervention_"):
                doc_key, target, prefix = (
                    key.removeprefix("intervention_"),
                    intervention,
                    "intervention",
                )
            else:
                doc_key, target, prefix = key, scenario, "scenario"
            self.locations[f"{prefix}.{doc_key}"] = loc_value
            if value is None:
                continue
            if key == "actors":
                actors = [a.strip() for a in re.split(r"[;,\n]", str(value)) if a.strip()]
                for i in range(len(actors)):
                    self.locations[f"scenario.actors[{i}]"] = loc_value
                target[doc_key] = actors
            else:
                target[doc_key] = value
        if not years:
            intervention.pop("years", None)
        else:
            if "last_year" not in years:
                intervention["years"] = years["first_year"]
            else:
                intervention["years"] = [years.get("first_year"), years["last_year"]]
        self.locations.setdefault("scenario", Location(ws.title))
        self.locations.setdefault("intervention", Location(ws.title))
        return scenario, intervention

    def _items(self, ws, spec: SheetSpec) -> list[dict[str, Any]]:
        """The items of a sheet in row order, each with its parameters."""
        cols = self._headers(ws, spec.columns)
        if "parameter" not in cols:
            self._problem(_missing_column(ws.title, "parameter"))
            return []
        items: list[dict[str, Any]] = []
        rows: list[int] = []
        current: dict[str, Any] | None = None
        own: dict[str, Any] = {}
        for row, values in self._rows(ws, cols):
            cells = self._cells(ws, cols, row, values, spec.item_columns)
            starts = current is None or (
                not spec.single
                and (
                    ("outcome" in cells and cells["outcome"] != own.get("outcome"))
                    or ("id" in cells and cells["id"] != own.get("id"))
                    or (
                        "id" not in cells
                        and "label" in cells
                        and cells["label"] != own.get("label")
                    )
                )
            )
            if starts:
                current, own = {}, {}
                items.append(current)
                rows.append(row)
                if spec.key == "consequences":
                    self._outcome_cells.append(
                        self._loc(ws, row, cols.get("outcome", cols["parameter"]), "outcome")
                    )
                self._item_locations(ws, spec, cols, row, len(items), None)
            for key, value in cells.items():
                if key in own and own[key] != value:
                    self._problem(
                        _cell_error(
                            self._loc(ws, row, cols[key], key),
                            "error.xlsx.item_conflict",
                            {"value": repr(value), "above": repr(own[key])},
                        )
                    )
                    continue
                own[key] = value
            self._apply_item_cells(current, own)
            self._item_locations(ws, spec, cols, rows[-1], len(items), current)
            name = values.get("parameter")
            loc_param = self._loc(ws, row, cols["parameter"], "parameter")
            base = self._item_path(spec, current, len(items))
            if name is None or not str(name).strip():
                if any(values.get(k) is not None for k in DIST_COLUMNS if k in cols):
                    self._problem(
                        _cell_error(
                            loc_param,
                            "error.xlsx.no_parameter_name",
                            {"column": str(ws.cell(1, cols["parameter"]).value)},
                        )
                    )
                continue
            pkey = _PARAM_LOOKUP.get(_norm(str(name)))
            if pkey is None or pkey not in spec.params:
                names = [PARAMETERS[p][i] for p in spec.params for i in (0, 1)]
                self._problem(
                    _cell_error(
                        loc_param,
                        "error.xlsx.unknown_parameter",
                        {
                            "parameter": str(name),
                            "did_you_mean": Choices(close_matches(str(name), names)),
                            "allowed": list(dict.fromkeys(names)),
                        },
                    )
                )
                continue
            doc_key = pkey
            if spec.key in ("outcomes",) and pkey in ("relative_risk", "risk_difference"):
                effect = current.setdefault("effect", {})
                if pkey in effect:
                    self._problem(_duplicate_parameter(loc_param, name))
                    continue
                path = f"{base}.effect.{pkey}"
                self.locations.setdefault(f"{base}.effect", loc_param)
                value = self._parameter(ws, cols, row, values, path)
                if value is not None:
                    effect[pkey] = value
                continue
            if doc_key in current:
                self._problem(_duplicate_parameter(loc_param, name))
                continue
            path = f"{base}.{doc_key}"
            value = self._parameter(ws, cols, row, values, path)
            if value is not None:
                current[doc_key] = value
        return items

    @staticmethod
    def _apply_item_cells(item: dict[str, Any], own: dict[str, Any]) -> None:
        for key, value in own.items():
            if key in _DOC_KEYS:
                item[_DOC_KEYS[key]] = value
        if "first_year" in own or "last_year" in own:
            if "last_year" not in own:
                item["years"] = own["first_year"]
            else:
                item["years"] = [own.get("first_year"), own["last_year"]]
        if "outcome" in own:
            item["_outcome"] = own["outcome"]

    def _item_path(self, spec: SheetSpec, item: dict[str, Any] | None, number: int) -> str:
        from sekalk.scenario.loader import slugify

        if spec.single:
            return spec.key
        prefix = "intervention.costs" if spec.key == "costs" else spec.key
        if spec.key == "consequences":
            prefix = f"outcomes.{(item or {}).get('_outcome')}.consequences"
        if item is not None:
            ident = item.get("id")
            if isinstance(ident, str) and ident:
                return f"{prefix}.{ident}"
            if isinstance(item.get("label"), str):
                return f"{prefix}.{slugify(item['label'])}"
        return f"{prefix}#{number}"

    def _item_locations(self, ws, spec, cols, row, number, item) -> None:
        paths = {self._item_path(spec, item, number)}
        if not spec.single:
            prefix = "intervention.costs" if spec.key == "costs" else spec.key
            if spec.key == "consequences":
                prefix = f"outcomes.{(item or {}).get('_outcome')}.consequences"
            paths.add(f"{prefix}#{number}")
        anchor = cols.get("id", cols.get("label", cols["parameter"]))
        for path in paths:
            self.locations[path] = self._loc(ws, row, anchor, "id")
            for key in spec.item_columns:
                if key in cols:
                    loc = self._loc(ws, row, cols[key], key)
                    doc = _DOC_KEYS.get(key)
                    if doc:
                        self.locations[f"{path}.{doc}"] = loc
                    if key == "first_year":
                        self.locations[f"{path}.years"] = loc
                        self.locations[f"{path}.years[0]"] = loc
                    if key == "last_year":
                        self.locations[f"{path}.years[1]"] = loc
            for key in ("payer", "recipient"):
                value = (item or {}).get(key)
                if isinstance(value, dict) and key in cols:
                    for name in value:
                        self.locations[f"{path}.{key}.{name}"] = self._loc(ws, row, cols[key], key)

    def _attach_consequences(
        self, outcomes: list[dict[str, Any]], consequences: list[dict[str, Any]]
    ) -> None:
        """Put each consequence under its outcome (column Utfall: the outcome's id)."""
        from sekalk.scenario.loader import slugify

        by_id: dict[str, dict[str, Any]] = {}
        for out in outcomes:
            ident = out.get("id")
            if not isinstance(ident, str) and isinstance(out.get("label"), str):
                ident = slugify(out["label"])
            if isinstance(ident, str):
                by_id.setdefault(ident, out)
            out["consequences"] = []
        for con, loc in zip(consequences, self._outcome_cells, strict=True):
            parent = con.pop("_outcome", None)
            if parent not in by_id:
                known = list(by_id)
                if parent is None:
                    self._problem(_cell_error(loc, "error.xlsx.no_outcome", {"outcomes": known}))
                else:
                    near = Choices(close_matches(str(parent), by_id))
                    params = {"outcome": str(parent), "did_you_mean": near, "outcomes": known}
                    self._problem(_cell_error(loc, "error.xlsx.unknown_outcome", params))
                continue
            by_id[parent]["consequences"].append(con)

    def _correlations(self, ws) -> list[dict[str, Any]]:
        cols = self._headers(ws, CORRELATION_COLUMNS)
        out = []
        for row, values in self._rows(ws, cols):
            cells = self._cells(ws, cols, row, values, CORRELATION_COLUMNS)
            path = f"correlations#{len(out) + 1}"
            item: dict[str, Any] = {}
            between = [cells.get("between_1"), cells.get("between_2")]
            if between != [None, None]:
                item["between"] = between
            if "rho" in cells:
                item["rho"] = cells["rho"]
            out.append(item)
            first = min(cols.values())
            self.locations[path] = self._loc(ws, row, first, "x")
            for key, sub in (
                ("between_1", "between[0]"),
                ("between_2", "between[1]"),
                ("rho", "rho"),
            ):
                if key in cols:
                    self.locations[f"{path}.{sub}"] = self._loc(ws, row, cols[key], key)
            if "between_1" in cols:
                self.locations[f"{path}.between"] = self._loc(ws, row, cols["between_1"], "b")
        return out


def _near(text: str, names: list[str]) -> tuple[str, ...]:
    """The header ``text`` was probably meant to be, only when it is close (0.8): a
    misspelling is an error, the applicant's own column ("Mina anteckningar") is not."""
    import difflib

    by_norm = {_norm(n): n for n in names}
    close = difflib.get_close_matches(_norm(text), list(by_norm), n=1, cutoff=0.8)
    return (by_norm[close[0]],) if close else ()


def _kind(kind: str) -> str:
    """``number``, ``numbers`` or ``text``: what a cell of column kind ``kind`` holds."""
    return kind if kind in ("number", "numbers") else "text"


def _missing_column(sheet: str, key: str) -> ScenarioError:
    return ScenarioError(
        code="error.xlsx.missing_column",
        params={"sheet": sheet, "sv": header(key, "sv"), "en": header(key, "en")},
        location=sheet,
    )


def _duplicate_parameter(loc: Location, name: Any) -> ScenarioError:
    return _cell_error(loc, "error.xlsx.duplicate_parameter", {"parameter": str(name)})


def _sheets_language(titles: list[str]) -> str | None:
    """``"en"`` or ``"sv"`` when the sheet names are mostly in one language, else None."""
    sv = {_norm(names[0]) for names in SHEETS.values() if names[0] != names[1]}
    en = {_norm(names[1]) for names in SHEETS.values() if names[0] != names[1]}
    n_sv = sum(_norm(t) in sv for t in titles)
    n_en = sum(_norm(t) in en for t in titles)
    return "sv" if n_sv > n_en else "en" if n_en > n_sv else None


# ---------------------------------------------------------------------------------------------
# writing

#: What to write in each column: the comment on its header, (Swedish, English).
HEADER_HELP: dict[str, tuple[str, str]] = {
    "field": ("Vad raden gäller. Ändra inte.", "What the row is about. Do not change."),
    "outcome": (
        "Id för det utfall (bladet Utfall) som konsekvensen hör till.",
        "The id of the outcome (sheet Outcomes) this consequence belongs to.",
    ),
    "id": (
        "Kort namn: små bokstäver a-z, siffror och _ (t.ex. personal). Unikt på bladet. "
        "Tomt id på en rad: raden hör till posten ovanför.",
        "Short name: lower-case a-z, digits and _ (e.g. staff). Unique on the sheet. "
        "An empty id on a row: the row belongs to the item above.",
    ),
    "label": ("Vad posten heter, i klartext.", "What the item is called, in plain words."),
    "kind": (
        "resurs (verkliga resurser), produktion (förlorat arbete) eller transferering (pengar "
        "som flyttas mellan aktörer; tar ut sig för samhället).",
        "resource (real resources), production (lost work) or transfer (money moved between "
        "actors; nets out for society).",
    ),
    "payer": (
        "Vem som betalar: en aktör i listan, eller andelar som summerar till 1, t.ex. "
        "region=0,5; kommun=0,5",
        "Who pays: an actor from the list, or shares that sum to 1, e.g. region=0.5; kommun=0.5",
    ),
    "recipient": (
        "Bara för transfereringar: vem som tar emot pengarna (t.ex. individ).",
        "Transfers only: who receives the money (e.g. individ).",
    ),
    "first_year": (
        "Första år kostnaden betalas (0 = insatsens första år).",
        "First year the cost is paid (0 = the intervention's first year).",
    ),
    "last_year": (
        "Sista år kostnaden betalas (ingår). Tomt: bara första året.",
        "Last year the cost is paid (inclusive). Empty: the first year only.",
    ),
    "lag": (
        "Antal år från att en grupp börjar till utfallet (t.ex. 3).",
        "Years from a cohort's start to the outcome (e.g. 3).",
    ),
    "start": (
        "Antal år efter utfallsåret då kostnaden börjar (0 = samma år).",
        "Years after the outcome year when the cost starts (0 = the same year).",
    ),
    "duration": (
        "Antal år kostnaden varar. Tomt: till kalkylens slut.",
        "Years the cost lasts. Empty: to the end of the horizon.",
    ),
    "years": (
        "Antal år (fortsättning: år efter finansieringen; spridning: år varje enhet driver "
        "metoden).",
        "Number of years (continuation: years after the funding; spread: years each unit runs "
        "the method).",
    ),
    "item_note": ("Fri kommentar om posten.", "A free note about the item."),
    "parameter": (
        "Vilket antagande raden gäller; välj i listan.",
        "Which assumption the row is about; choose from the list.",
    ),
    "value": (
        "Ett fast tal, om ni är säkra. Andelar och risker som decimaltal (0,25) eller procent "
        "(25 %). Annars: lämna tomt och fyll i en fördelning.",
        "A fixed number, if you are sure. Shares and risks as decimals (0.25) or percent "
        "(25 %). Otherwise leave it empty and fill in a distribution.",
    ),
    "dist": (
        "Fördelningen för ett osäkert värde. pert eller triangel: fyll i Lägst, Troligast och "
        "Högst. likformig: Lägst och Högst. loglikformig (när bara storleksordningen är känd): "
        "Lägst och Högst, båda över 0. lognormal/beta: Medelvärde och Standardavvikelse "
        "eller P05 och P95.",
        "The distribution of an uncertain value. pert or triangular: fill in Lowest, Most "
        "likely and Highest. uniform: Lowest and Highest. loguniform (when only the order of "
        "magnitude is known): Lowest and Highest, both above 0. lognormal/beta: Mean and "
        "Standard deviation or P05 and P95.",
    ),
    "min": ("Lägsta rimliga värde.", "Lowest plausible value."),
    "mode": ("Det mest troliga värdet.", "The most likely value."),
    "max": ("Högsta rimliga värde.", "Highest plausible value."),
    "lambda": (
        "Bara pert: hur mycket vikt Troligast får (standard 4).",
        "pert only: how much weight Most likely gets (default 4).",
    ),
    "mean": (
        "Medelvärde (normal, lognormal, beta, gamma).",
        "Mean (normal, lognormal, beta, gamma).",
    ),
    "sd": (
        "Standardavvikelse (normal, lognormal, beta, gamma).",
        "Standard deviation (normal, lognormal, beta, gamma).",
    ),
    "p05": (
        "5:e percentilen: 95 % säkert att värdet ligger över (lognormal, beta).",
        "5th percentile: 95 % sure the value lies above (lognormal, beta).",
    ),
    "p95": (
        "95:e percentilen: 95 % säkert att värdet ligger under (lognormal, beta).",
        "95th percentile: 95 % sure the value lies below (lognormal, beta).",
    ),
    "mu": ("Lognormal: mu för logaritmen.", "Lognormal: mu of the logarithm."),
    "sigma": ("Lognormal: sigma för logaritmen.", "Lognormal: sigma of the logarithm."),
    "alpha": ("Beta: formparametern alfa.", "Beta: the shape parameter alpha."),
    "beta": ("Beta: formparametern beta.", "Beta: the shape parameter beta."),
    "shape": ("Gamma: formparametern.", "Gamma: the shape parameter."),
    "scale": ("Gamma: skalparametern.", "Gamma: the scale parameter."),
    "values": (
        "Diskret: de möjliga värdena, åtskilda med semikolon (t.ex. 0; 0,5; 1).",
        "Discrete: the possible values, separated by semicolons (e.g. 0; 0.5; 1).",
    ),
    "weights": (
        "Diskret: vikterna för värdena, åtskilda med semikolon. Tomt: lika vikt.",
        "Discrete: the weights of the values, separated by semicolons. Empty: equal weights.",
    ),
    "ref": (
        "Id för en källbelagd enhetskostnad i sekalk (se: sekalk units). Räknas om till "
        "kalkylens prisår och får källan ifylld.",
        "Id of a sourced unit cost in sekalk (see: sekalk units). Converted to the price year, "
        "with its source filled in.",
    ),
    "per": (
        "Enhetskostnad: per vilken period (t.ex. year). Tomt: enhetens egen.",
        "Unit cost: per which period (e.g. year). Empty: the unit's own.",
    ),
    "price_year": (
        "Enhetskostnad: om ifyllt måste det vara kalkylens prisår.",
        "Unit cost: if given, it must equal the price year.",
    ),
    "evidence": (
        "Hur säker siffran är: forskning, erfarenhet (egen pilot, uppföljning) eller antagande.",
        "How sure the figure is: research, experience (own pilot, follow-up) or assumption.",
    ),
    "source": (
        "Varifrån siffran kommer (rapport, länk, egen statistik).",
        "Where the figure comes from (report, link, own statistics).",
    ),
    "note": ("Kommentar till siffran.", "A comment on the figure."),
    "between_1": (
        "Id för ett osäkert antagande, t.ex. logic.fullfoljer.share",
        "Id of an uncertain assumption, e.g. logic.fullfoljer.share",
    ),
    "between_2": ("Id för det andra antagandet.", "Id of the other assumption."),
    "rho": (
        "Rangkorrelation mellan -1 och 1 (t.ex. -0,3).",
        "Rank correlation between -1 and 1 (e.g. -0.3).",
    ),
}
assert set(HEADER_HELP) == set(COLUMNS)


def _distribution_paragraph(lang: str) -> str:
    """The instructions' paragraph on uncertain values: every distribution kind of the
    registry by its catalogue name, with the columns its form asks for, then every other set
    of columns it accepts and the columns it may take besides (in ``lang``)."""
    i = _lang_index(lang)
    either, optionally = {"sv": ("eller", "valfritt"), "en": ("or", "optionally")}[lang]

    def names(keys: tuple[str, ...]) -> str:
        return ", ".join(COLUMNS[k][i] for k in keys)

    kinds = []
    for kind, cls in DISTRIBUTION_KINDS.items():
        if kind == "fixed" or not cls.param_sets:
            continue
        # the form's set first (as the workbook's example rows are written), then the others
        form = set(cls.form_keys or cls.param_sets[0][0])
        sets = sorted(cls.param_sets, key=lambda ps: set(ps[0]) != form)
        parts = []
        for n, (required, optional) in enumerate(sets):
            part = names(required) if n == 0 else f"{either} {names(required)}"
            if optional:
                part += (
                    f" ({optionally} {names(optional)})"
                    if n == 0
                    else f", {optionally} {names(optional)}"
                )
            parts.append(part)
        text = f"{DIST_NAMES[kind][i]}: {parts[0]}"
        if len(parts) > 1:
            text += " (" + "; ".join(parts[1:]) + ")"
        kinds.append(text)
    head, tail = {
        "sv": ("Ett osäkert värde: välj Fördelning och fyll i dess kolumner. ", "Ett säkert värde: bara Värde."),
        "en": ("An uncertain value: choose a Distribution and fill in its columns. ", "A certain value: only Value."),
    }[lang]  # fmt: skip
    return head + "; ".join(kinds) + ". " + tail


#: The instructions sheet, one paragraph per row.
INSTRUCTIONS: dict[str, tuple[str, ...]] = {
    "sv": (
        "Så fyller ni i kalkylen",
        "Den här arbetsboken är en samhällsekonomisk kalkyl i sekalk. Den går att köra som "
        "den är: sekalk validate FIL.xlsx kontrollerar den och sekalk run FIL.xlsx räknar.",
        "SIFFRORNA ÄR EXEMPEL. Byt ut dem mot era egna och skriv för varje siffra varifrån "
        "den kommer (Källa) och hur säker den är (Evidens).",
        "En kalkyl är ett antagande, inte ett bevis. Där ni är osäkra anger ni ett intervall "
        "(Lägst, Troligast, Högst) i stället för en siffra.",
        "Start: kalkylens titel, prisår, tidshorisont, kalkylränta och hur många deltagare "
        "som börjar varje år.",
        "Kostnader: vad insatsen kostar per år, vem som betalar och vilka år.",
        "Verksamhetslogik: stegen en deltagare måste passera för att insatsen ska verka "
        "(t.ex. fullföljer programmet). Andelarna multipliceras.",
        "Utfall: det negativa utfall insatsen vill förebygga: risken utan insatsen och "
        "effekten (relativ risk: 0,8 = 20 % färre utfall).",
        "Konsekvenser: vad ETT utfall kostar per år och för vem. Kolumnen Utfall anger vilket "
        "utfall konsekvensen hör till.",
        "Fortsättning och Spridning (valfria): om metoden drivs vidare efter finansieringen "
        "eller sprids till andra enheter. Lämna bladen tomma om det inte är aktuellt.",
        "Korrelationer (valfritt): osäkra antaganden som hänger ihop.",
        "Varje rad är ett antagande. En post (t.ex. ett utfall) kan ha flera rader: fyll i "
        "postens id och benämning på första raden; rader med tomt id hör till posten ovanför.",
        _distribution_paragraph("sv"),
        "Tal kan skrivas 1 500 000, 0,25 eller 25 %. Formler räknas inte om av sekalk: det "
        "senast beräknade värdet används.",
        "Rutor med grå rubrik är låsta; bladskyddet saknar lösenord om ni behöver ändra "
        "layouten. Egna blad och kolumner läses inte.",
        "Håll muspekaren över en kolumnrubrik för att se vad som ska stå där.",
    ),
    "en": (
        "How to fill in the calculation",
        "This workbook is a socio-economic calculation in sekalk. It runs as it is: "
        "sekalk validate FILE.xlsx checks it and sekalk run FILE.xlsx computes it.",
        "THE FIGURES ARE EXAMPLES. Replace them with your own and, for each figure, say where "
        "it comes from (Source) and how sure it is (Evidence).",
        "A calculation is an assumption, not proof. Where you are unsure, give a range "
        "(Lowest, Most likely, Highest) instead of one number.",
        "Start: the calculation's title, price year, horizon, discount rate and how many "
        "participants start each year.",
        "Costs: what the intervention costs per year, who pays and in which years.",
        "Logic: the steps a participant must pass for the intervention to work (e.g. "
        "completes the programme). The shares are multiplied.",
        "Outcomes: the adverse outcome the intervention aims to prevent: the risk without the "
        "intervention and the effect (relative risk: 0.8 = 20 % fewer outcomes).",
        "Consequences: what ONE outcome costs per year and for whom. The column Outcome says "
        "which outcome the consequence belongs to.",
        "Continuation and Spread (optional): whether the method continues after the funding "
        "or spreads to other units. Leave the sheets empty if not.",
        "Correlations (optional): uncertain assumptions that move together.",
        "Each row is one assumption. An item (e.g. an outcome) may have several rows: give "
        "the item's id and label on its first row; rows with an empty id belong to the item "
        "above.",
        _distribution_paragraph("en"),
        "Numbers may be written 1500000, 0.25 or 25 %. sekalk does not recalculate formulas: "
        "the last calculated value is used.",
        "Cells with a grey header are locked; the sheet protection has no password if you "
        "need to change the layout. Your own sheets and columns are not read.",
        "Hover over a column header to see what to write there.",
    ),
}

_EXTRA_ROWS = 60  # empty, unlocked rows below the data of each sheet, for new items
_HEADER_FILL = "D9D9D9"


def _code_name(table: Mapping[str, tuple[str, str]], code: Any, lang: str) -> Any:
    return table[code][_lang_index(lang)] if isinstance(code, str) and code in table else code


def _number_text(x: Any) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return repr(x)
    return repr(x) if isinstance(x, float) else str(x)


class _Writer:
    """Builds the workbook of one scenario document in one language."""

    def __init__(self, doc: Mapping[str, Any], lang: str) -> None:
        import openpyxl

        self.doc = doc
        self.lang = lang
        self.wb = openpyxl.Workbook()
        self.wb.remove(self.wb.active)
        #: (cell, item label, parameter name, evidence, source) of every parameter written
        self.sources: list[tuple[str, str, str, str, str]] = []

    def build(self):
        doc = self.doc
        self._instructions()
        self._start()
        intervention = doc.get("intervention", {})
        self._items("costs", intervention.get("costs", []))
        self._items("logic", doc.get("logic", []))
        outcomes = doc.get("outcomes", [])
        self._items("outcomes", outcomes)
        consequences = []
        for out in outcomes:
            from sekalk.scenario.loader import slugify

            parent = out.get("id") or slugify(out.get("label", ""))
            consequences += [{**c, "_outcome": parent} for c in out.get("consequences", [])]
        self._items("consequences", consequences)
        for key in ("continuation", "spread"):
            self._items(key, [doc[key]] if key in doc else [])
        self._correlations(doc.get("correlations", []))
        self._sources_sheet()
        self._lists()
        return self.wb

    # -- cells and sheets

    def _sheet(self, key: str, columns: tuple[str, ...], freeze_after: str | None):
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Font, PatternFill, Protection
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(sheet_name(key, self.lang))
        i = _lang_index(self.lang)
        for col, ckey in enumerate(columns, 1):
            cell = ws.cell(1, col, header(ckey, self.lang))
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            comment = Comment(HEADER_HELP[ckey][i], "sekalk")
            comment.width, comment.height = 320, 110
            cell.comment = comment
            locked = ckey == "field"
            ws.column_dimensions[get_column_letter(col)].protection = Protection(locked=locked)
        ws.freeze_panes = ws.cell(2, columns.index(freeze_after) + 2 if freeze_after else 1)
        ws.protection.sheet = True
        for allowed in (
            "formatCells",
            "formatColumns",
            "formatRows",
            "insertRows",
            "deleteRows",
            "sort",
            "autoFilter",
        ):
            setattr(ws.protection, allowed, False)
        return ws

    def _put(self, ws, row: int, col: int, value: Any, *, path: str = "", locked=False) -> None:
        from openpyxl.styles import Protection

        if value is None:
            return
        cell = ws.cell(row, col)
        if isinstance(value, str):
            _check_text(value, path)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the text starts with
        else:
            cell.value = value
        cell.protection = Protection(locked=locked)

    def _finish(self, ws, columns: tuple[str, ...], rows: int) -> None:
        """Column widths, and the drop-down lists of the sheet's columns."""
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        for col, ckey in enumerate(columns, 1):
            letter = get_column_letter(col)
            longest = max(
                [len(str(ws.cell(r, col).value or "")) for r in range(2, rows + 1)]
                + [len(header(ckey, self.lang)) + 2, 8]
            )
            ws.column_dimensions[letter].width = min(longest + 2, 50)
            lists = {
                "dist": "sekalk_distributions",
                "evidence": "sekalk_evidence",
                "kind": "sekalk_kinds",
                "payer": "sekalk_actors",
                "recipient": "sekalk_actors",
                "parameter": f"sekalk_parameters_{self._current}",
            }
            if ckey in lists:
                # payers may also be shares (region=0.5; kommun=0.5): a warning, not a stop
                style = "warning" if ckey in ("payer", "recipient") else "stop"
                dv = DataValidation(
                    type="list",
                    formula1=f"={lists[ckey]}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle=style,
                )
                dv.add(f"{letter}2:{letter}{rows + _EXTRA_ROWS}")
                ws.add_data_validation(dv)

    def _param(self, ws, row: int, cols: dict[str, int], value: Any, path: str) -> None:
        if value is None:
            return
        if not isinstance(value, Mapping):
            self._put(ws, row, cols["value"], value, path=path)
            return
        for key, item in value.items():
            if key not in cols:
                raise ScenarioError(code="error.xlsx.no_column", params={"key": key}, path=path)
            if key == "dist":
                item = _code_name(DIST_NAMES, item, self.lang)
            elif key == "evidence":
                item = _code_name(EVIDENCE_NAMES, item, self.lang)
            elif key in ("values", "weights") and isinstance(item, list):
                item = "; ".join(_number_text(x) for x in item)
            self._put(ws, row, cols[key], item, path=f"{path}.{key}")

    # -- the sheets

    def _instructions(self) -> None:
        from openpyxl.styles import Alignment, Font

        ws = self.wb.create_sheet(sheet_name("instructions", self.lang))
        ws.column_dimensions["A"].width = 110
        for row, text in enumerate(INSTRUCTIONS[self.lang], 1):
            cell = ws.cell(row, 1, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row == 1:
                cell.font = Font(bold=True, size=14)
        ws.protection.sheet = True

    def _start(self) -> None:
        self._current = "start"
        ws = self._sheet("start", START_COLUMNS, "field")
        cols = {k: i for i, k in enumerate(START_COLUMNS, 1)}
        scenario = self.doc.get("scenario", {})
        intervention = self.doc.get("intervention", {})
        years = intervention.get("years")
        first, last = (years, None) if not isinstance(years, list) else ([*years, None, None])[:2]
        for row, (key, names) in enumerate(FIELDS.items(), 2):
            self._put(ws, row, 1, names[_lang_index(self.lang)], locked=True)
            if key.startswith("intervention_"):
                value = intervention.get(key.removeprefix("intervention_"))
            elif key == "first_year":
                value = first
            elif key == "last_year":
                value = last
            elif key == "participants_per_year":
                value = intervention.get(key)
            else:
                value = scenario.get(key)
            if key == "actors" and isinstance(value, list):
                value = "; ".join(value)
            path = f"{'intervention' if key == 'participants_per_year' else 'scenario'}.{key}"
            self._param(ws, row, cols, value, path)
            if FIELDS[key][2] == "parameter":
                self._note_source(ws, row, "", names[_lang_index(self.lang)], value)
        self._finish(ws, START_COLUMNS, len(FIELDS) + 1)

    def _items(self, key: str, items: list[Mapping[str, Any]]) -> None:
        self._current = key
        spec = ITEM_SHEETS[key]
        ws = self._sheet(key, spec.columns, "label")
        cols = {k: i for i, k in enumerate(spec.columns, 1)}
        row = 2
        for number, item in enumerate(items, 1):
            path = f"{key}#{number}"
            params: list[tuple[str, Any]] = []
            for pkey in spec.params:
                if pkey in ("relative_risk", "risk_difference"):
                    effect = item.get("effect", {})
                    if pkey in effect:
                        params.append((pkey, effect[pkey]))
                elif pkey in item:
                    params.append((pkey, item[pkey]))
            for i, (pkey, value) in enumerate(params or [(None, None)]):
                if "id" in item:
                    self._put(ws, row, cols["id"], item["id"], path=f"{path}.id")
                if "_outcome" in item:
                    self._put(ws, row, cols["outcome"], item["_outcome"], path=f"{path}.outcome")
                if i == 0:
                    self._item_cells(ws, row, cols, spec, item, path)
                if pkey is not None:
                    name = PARAMETERS[pkey][_lang_index(self.lang)]
                    self._put(ws, row, cols["parameter"], name)
                    self._param(ws, row, cols, value, f"{path}.{pkey}")
                    self._note_source(ws, row, str(item.get("label", "")), name, value)
                row += 1
        self._finish(ws, spec.columns, row - 1)

    def _item_cells(self, ws, row, cols, spec: SheetSpec, item, path: str) -> None:
        for ckey in spec.item_columns:
            if ckey in ("id", "outcome"):
                continue
            if ckey in ("first_year", "last_year"):
                years = item.get("years")
                if isinstance(years, list):
                    value = years[0] if ckey == "first_year" else years[1]
                else:
                    value = years if ckey == "first_year" else None
            else:
                value = item.get(_DOC_KEYS[ckey])
            if ckey == "kind":
                value = _code_name(KIND_NAMES, value, self.lang)
            if ckey in ("payer", "recipient") and isinstance(value, Mapping):
                value = "; ".join(f"{a}={_number_text(w)}" for a, w in value.items())
            self._put(ws, row, cols[ckey], value, path=f"{path}.{ckey}")

    def _correlations(self, items: list[Mapping[str, Any]]) -> None:
        self._current = "correlations"
        ws = self._sheet("correlations", CORRELATION_COLUMNS, None)
        for row, item in enumerate(items, 2):
            a, b = ([*list(item.get("between", [])), None, None])[:2]
            self._put(ws, row, 1, a)
            self._put(ws, row, 2, b)
            self._put(ws, row, 3, item.get("rho"))
        self._finish(ws, CORRELATION_COLUMNS, len(items) + 1)

    def _note_source(self, ws, row: int, item: str, name: str, value: Any) -> None:
        if value is None:
            return
        table = value if isinstance(value, Mapping) else {}
        evidence = _code_name(EVIDENCE_NAMES, table.get("evidence"), self.lang) or ""
        self.sources.append((f"{ws.title}!A{row}", item, name, evidence, table.get("source", "")))

    def _sources_sheet(self) -> None:
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Font, PatternFill

        ws = self.wb.create_sheet(sheet_name("sources", self.lang))
        i = _lang_index(self.lang)
        for col, names in enumerate(SOURCE_COLUMNS, 1):
            cell = ws.cell(1, col, names[i])
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
            cell.comment = Comment(SOURCES_NOTE[i], "sekalk")
        for row, values in enumerate(self.sources, 2):
            for col, value in enumerate(values, 1):
                if value:
                    self._put(ws, row, col, value, locked=True)
                    ws.cell(row, col).alignment = Alignment(vertical="top")
        widths = (22, 40, 26, 14, 80)
        for col, width in enumerate(widths, 1):
            ws.column_dimensions[chr(64 + col)].width = width
        ws.freeze_panes = "A2"
        ws.protection.sheet = True

    def _lists(self) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.workbook.defined_name import DefinedName

        ws = self.wb.create_sheet(sheet_name("lists", self.lang))
        i = _lang_index(self.lang)
        actors = list(DEFAULT_ACTORS)
        actors += [a for a in self.doc.get("scenario", {}).get("actors", []) if a not in actors]
        lists: dict[str, list[str]] = {
            "sekalk_actors": actors,
            "sekalk_distributions": [n[i] for n in DIST_NAMES.values()],
            "sekalk_evidence": [n[i] for n in EVIDENCE_NAMES.values()],
            "sekalk_kinds": [n[i] for n in KIND_NAMES.values()],
        }
        for key, spec in ITEM_SHEETS.items():
            lists[f"sekalk_parameters_{key}"] = [PARAMETERS[p][i] for p in spec.params]
        for col, (name, values) in enumerate(lists.items(), 1):
            letter = get_column_letter(col)
            ws.cell(1, col, name)
            for row, value in enumerate(values, 2):
                ws.cell(row, col, value).data_type = "s"
            ref = f"'{ws.title}'!${letter}$2:${letter}${len(values) + 1}"
            self.wb.defined_names[name] = DefinedName(name, attr_text=ref)
        ws.sheet_state = "hidden"
        ws.protection.sheet = True


def _number_or_none(text: str) -> int | float | None:
    """A number written as text in a cell (see :func:`sekalk.text.numbers.read_number`)."""
    try:
        return read_number(text)
    except ValueError:
        return None


def _check_text(text: str, path: str) -> None:
    """Refuse text that a workbook cannot hold exactly (control characters)."""
    for ch in text:
        if (ord(ch) < 32 and ch not in "\t\n") or ch in "\ufffe\uffff":
            raise ScenarioError(
                code="error.xlsx.control_character",
                params={"code": f"{ord(ch):04X}"},
                path=path or None,
            )


@contextlib.contextmanager
def _exact_numbers() -> Iterator[None]:
    """Write floats with ``repr`` (17 significant digits where needed), not openpyxl's ``%.16g``,
    so that every number survives a round trip through a workbook exactly."""
    from openpyxl.cell import _writer

    original = _writer.safe_string

    def exact(value: Any) -> str:
        if isinstance(value, float) and math.isfinite(value):
            return repr(value)
        return original(value)

    _writer.safe_string = exact
    try:
        yield
    finally:
        _writer.safe_string = original


def workbook(doc: Mapping[str, Any], *, lang: str = "sv"):
    """The workbook (an ``openpyxl.Workbook``) of a scenario document, labelled in ``lang``.

    Raises
    ------
    ScenarioError
        If a text cannot be stored in a workbook (control characters).
    """
    return _Writer(doc, lang).build()


def write_workbook(doc: Mapping[str, Any], path: str | Path, *, lang: str = "sv") -> None:
    """Write a scenario document as a workbook to ``path`` atomically."""
    from sekalk.outputs import write_atomic

    wb = workbook(doc, lang=lang)

    def save(tmp: Path) -> None:
        with _exact_numbers():
            wb.save(tmp)

    write_atomic(path, save)


def workbook_bytes(doc: Mapping[str, Any], *, lang: str = "sv") -> bytes:
    """The ``.xlsx`` bytes of a scenario document (for tests and the web workbench)."""
    buffer = io.BytesIO()
    wb = workbook(doc, lang=lang)
    with _exact_numbers():
        wb.save(buffer)
    return buffer.getvalue()
