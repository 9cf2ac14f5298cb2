"""The shipped library of sourced Swedish unit costs and the KPI price index.

``sekalk/data/unit_costs_se.toml`` holds unit costs (low / likely / high, each in the prices of
its own ``price_year``, with kind, payer and source); ``sekalk/data/kpi_se.toml`` holds SCB's KPI
annual averages (1980 = 100). Scenarios reference a unit with ``{ ref = "<id>", per = ... }``;
the conversion (per-unit to per-year, price year by KPI) lives here as pure functions, and the
scenario loader calls :func:`resolve_ref`.
"""

from __future__ import annotations

import math
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from sekalk.distributions import EVIDENCE_GRADES
from sekalk.errors import Choices, Found, Msg, ScenarioError, close_matches, did_you_mean

#: Kinds of unit in the library; ``rate`` entries are fractions, not amounts.
UNIT_KINDS: tuple[str, ...] = ("resource", "transfer", "production", "rate")

#: The time bases a ``per`` conversion knows, in days (a year of 365 days, a month of 1/12 year).
TIME_BASES: dict[str, float] = {"day": 1.0, "month": 365.0 / 12.0, "year": 365.0}

#: The distributions a reference may build from low / likely / high.
REF_DISTRIBUTIONS: tuple[str, ...] = ("pert", "triangular", "uniform")

#: Keys allowed in a reference table ``{ ref = ..., per = ..., ... }``.
REF_KEYS: tuple[str, ...] = ("ref", "per", "dist", "price_year", "evidence", "source", "note")


@dataclass(frozen=True, slots=True)
class UnitCost:
    """One sourced unit cost (or rate) of the library.

    Attributes
    ----------
    id
        Identifier used in scenarios (``ref = "<id>"``).
    label_sv, label_en
        Description in Swedish and English.
    unit
        What one value is for, e.g. ``"day"``, ``"household-year"``, ``"case"``, ``"rate"``.
    low, likely, high
        The range [SEK in prices of ``price_year``; a fraction for ``kind = "rate"``].
    price_year
        The price level of ``low``/``likely``/``high`` [year].
    kind
        ``resource``, ``transfer``, ``production`` or ``rate``.
    payer
        The usual payer (an actor name); ``recipient`` for transfers.
    source
        One or more URLs, separated by spaces.
    note
        How the figures were read or derived.
    evidence
        Evidence grade a reference gets by default (``"research"`` for published statistics).
    """

    id: str
    label_sv: str
    label_en: str
    unit: str
    low: float
    likely: float
    high: float
    price_year: int
    kind: str
    payer: str
    source: str
    note: str
    recipient: str | None = None
    evidence: str = "experience"

    def label(self, lang: str) -> str:
        """The label in ``lang`` (``"sv"`` or ``"en"``)."""
        return self.label_sv if lang == "sv" else self.label_en

    @property
    def sources(self) -> tuple[str, ...]:
        """The source URLs, one per item."""
        return tuple(self.source.split())

    @property
    def time_base(self) -> str | None:
        """``"day"``, ``"month"`` or ``"year"`` when the unit is per time, else None."""
        base = self.unit.rsplit("-", 1)[-1]
        return base if base in TIME_BASES else None

    @property
    def basis(self) -> str:
        """How a value of the unit may be used in a scenario.

        ``"yearly"``: an amount per unit of time, converted to a yearly flow with ``per``;
        ``"once"``: an amount with no time base (per case, per person-lifetime, ...) that occurs
        once and may only be booked in one year; ``"rate"``: a fraction, not an amount.
        """
        if self.kind == "rate":
            return "rate"
        return "yearly" if self.time_base is not None else "once"

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (for JSON output)."""
        return {
            "id": self.id,
            "label_sv": self.label_sv,
            "label_en": self.label_en,
            "unit": self.unit,
            "low": self.low,
            "likely": self.likely,
            "high": self.high,
            "price_year": self.price_year,
            "kind": self.kind,
            "payer": self.payer,
            "recipient": self.recipient,
            "evidence": self.evidence,
            "basis": self.basis,
            "sources": list(self.sources),
            "note": self.note,
        }


def _data_text(name: str) -> str:
    return resources.files("sekalk").joinpath("data", name).read_text(encoding="utf-8")


def parse_units(doc: dict[str, Any], *, file: str = "unit_costs_se.toml") -> tuple[UnitCost, ...]:
    """Validate a parsed unit-cost document and build the :class:`UnitCost` records."""
    items = doc.get("unit")
    if not isinstance(items, list) or not items:
        raise ScenarioError("expected [[unit]] tables", file=file, path="unit")
    required = ("id", "label_sv", "label_en", "unit", "low", "likely", "high", "price_year")
    required += ("kind", "payer", "source", "note", "evidence")
    out: list[UnitCost] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        path = f"unit#{i + 1}"
        for key in required:
            if key not in item:
                raise ScenarioError(f"missing required key '{key}'", file=file, path=path)
        unit = UnitCost(**{k: item[k] for k in required}, recipient=item.get("recipient"))
        path = f"unit.{unit.id}"
        if unit.id in seen:
            raise ScenarioError("duplicate unit id", file=file, path=path)
        seen.add(unit.id)
        if unit.kind not in UNIT_KINDS:
            raise ScenarioError(f"unknown kind {unit.kind!r}", file=file, path=f"{path}.kind")
        if unit.evidence not in EVIDENCE_GRADES:
            raise ScenarioError(
                f"unknown evidence grade {unit.evidence!r}; expected one of "
                f"{', '.join(EVIDENCE_GRADES)}",
                file=file,
                path=f"{path}.evidence",
            )
        if not all(math.isfinite(float(v)) for v in (unit.low, unit.likely, unit.high)):
            raise ScenarioError("low, likely and high must be finite", file=file, path=path)
        if not unit.low <= unit.likely <= unit.high:
            raise ScenarioError("expected low <= likely <= high", file=file, path=path)
        if not unit.sources or not all(s.startswith(("http://", "https://")) for s in unit.sources):
            raise ScenarioError(
                "expected one or more source URLs", file=file, path=f"{path}.source"
            )
        out.append(unit)
    return tuple(out)


@lru_cache(maxsize=1)
def load_units() -> tuple[UnitCost, ...]:
    """The shipped unit-cost library, in file order (read once, then cached)."""
    return parse_units(tomllib.loads(_data_text("unit_costs_se.toml")))


def get_unit(ident: str) -> UnitCost:
    """The unit with id ``ident``; raises ScenarioError (with a suggestion) if there is none."""
    units = {u.id: u for u in load_units()}
    if ident not in units:
        raise ScenarioError(
            f"unknown unit {ident!r}{did_you_mean(ident, units)}; list them with `sekalk units`"
        )
    return units[ident]


def _fold(text: str) -> str:
    """Lower-case text without diacritics, so ``vardag`` finds ``vårddygn``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_units(query: str | None = None) -> tuple[UnitCost, ...]:
    """Units whose id, labels, unit, kind, payer or note contain every word of ``query``.

    Matching ignores case and diacritics (``hvb``, ``vårddygn``, ``varddygn`` all match).
    An empty query returns the whole library.
    """
    units = load_units()
    words = _fold(query or "").split()
    if not words:
        return units

    def haystack(u: UnitCost) -> str:
        return _fold(" ".join((u.id, u.label_sv, u.label_en, u.unit, u.kind, u.payer, u.note)))

    return tuple(u for u in units if all(w in haystack(u) for w in words))


# ---------------------------------------------------------------------------------------------
# price index


@lru_cache(maxsize=1)
def load_kpi() -> dict[int, float]:
    """SCB KPI annual averages (1980 = 100) by year."""
    doc = tomllib.loads(_data_text("kpi_se.toml"))
    return {int(year): float(value) for year, value in doc["annual"].items()}


def kpi_factor(from_year: int, to_year: int) -> float:
    """The factor ``KPI(to_year) / KPI(from_year)`` that moves an amount between price years.

    Raises
    ------
    ScenarioError
        If either year is not in the table (the message lists the years there are).
    """
    kpi = load_kpi()
    for year in (from_year, to_year):
        if year not in kpi:
            years = sorted(kpi)
            raise ScenarioError(
                code="error.ref.no_kpi",
                params={"year": year, "first": years[0], "from": years[1], "last": years[-1]},
                hint="hint.ref_no_kpi",
            )
    return kpi[to_year] / kpi[from_year]


def per_factor(unit: UnitCost, per: str) -> float:
    """The factor that turns one ``unit`` value into a value ``per`` day / month / year / unit.

    ``per`` is ``"day"``, ``"month"``, ``"year"`` (time conversions with 365 days and 12 months
    a year) or the unit's own name (factor 1). Anything else raises ScenarioError.
    """
    if per == unit.unit:
        return 1.0
    base = unit.time_base
    if per in TIME_BASES and base is not None:
        return TIME_BASES[per] / TIME_BASES[base]
    if per in TIME_BASES:
        raise ScenarioError(
            code="error.ref.no_time_base",
            params={"unit": unit.id, "own": unit.unit, "per": per},
            hint="hint.ref_no_time_base",
        )
    choices = (*TIME_BASES, unit.unit) if base is not None else (unit.unit,)
    raise ScenarioError(
        code="error.ref.unknown_per",
        params={
            "per": per,
            "did_you_mean": Choices(close_matches(per, choices)),
            "unit": unit.id,
            "own": unit.unit,
            "allowed": list(dict.fromkeys(choices)),
        },
    )


def reference_hint(unit: UnitCost, lang: str) -> str:
    """How to write a reference to ``unit`` in a scenario, in ``lang``, for the unit's basis.

    A unit per time becomes a yearly amount with ``per = "year"``; a unit without a time base
    is a one-off amount (a consequence with ``duration = 1`` or a cost in one year); a rate is
    not an amount at all.
    """
    from sekalk.report.i18n import t

    return t(f"units.use_{unit.basis}", lang, id=unit.id)


def one_off_error(
    unit: UnitCost, *, booked_years: int | None, per: str | None, path: str
) -> ScenarioError:
    """The error for a unit without a time base used where it would be booked as a yearly flow.

    Parameters
    ----------
    unit
        The referenced unit (its ``basis`` is ``"once"``).
    booked_years
        In how many years the amount would be booked per occurrence [years]; None for a
        consequence without ``duration`` (until the horizon).
    per
        The ``per`` the reference asks for, if it asks for a time base; else None.
    path
        Key path of the reference, for the message (a catalogue code, rendered in the reader's
        language by the face).
    """
    params = {"unit": unit.id, "own": Msg(f"unit.{unit.unit}")}  # "kr per ärende"
    if per is not None:
        code, params = "error.ref.one_off_per", {**params, "per": per}
    elif booked_years is None:
        code = "error.ref.one_off_horizon"
    else:
        code, params = "error.ref.one_off_years", {**params, "years": booked_years}
    return ScenarioError(code=code, params=params, hint="hint.ref_one_off", path=path)


def unit_note(unit: UnitCost, per: str, per_f: float, kpi_f: float, lang: str) -> str:
    """How a referenced value was derived, in ``lang``, numbers formatted for the language.

    ``per_f`` is the time conversion factor (1: none), ``kpi_f`` the KPI factor.
    """
    from sekalk.report.describe import fmt_sig
    from sekalk.report.i18n import fmt_number, has, t

    def unit_name(name: str) -> str:
        key = f"polish.unit.{name}"
        return t(key, lang) if has(key) else name

    per_text = ""
    if per_f != 1.0:
        per_text = t(
            "polish.unit_note_per", lang, factor=fmt_sig(per_f, lang, 6), per=unit_name(per)
        )
    return t(
        "polish.unit_note",
        lang,
        id=unit.id,
        low=fmt_sig(unit.low, lang, 6),
        likely=fmt_sig(unit.likely, lang, 6),
        high=fmt_sig(unit.high, lang, 6),
        unit=unit_name(unit.unit),
        year=unit.price_year,
        per=per_text,
        kpi=fmt_number(kpi_f, lang, 4),
    )


def check_booked_years(table: Any, *, booked_years: int | None, path: str) -> None:
    """Refuse a reference to a unit without a time base where it is not booked exactly once.

    A value per case or per person-lifetime is a one-off amount: booking it every year of a
    consequence's duration (or of a cost's years) would count it that many times.

    Parameters
    ----------
    table
        The value written in the scenario; anything but a reference ``{ ref = ... }`` to a
        known unit passes.
    booked_years
        In how many years the amount is booked per occurrence [years] (a cost's years, a
        consequence's duration, the years of continuation or spread); None: until the horizon.
    path
        Key path of the value, for the message.

    Raises
    ------
    ScenarioError
        Naming the unit, its basis, and the two right ways (a one-year consequence or cost, or a
        unit per year).
    """
    if not isinstance(table, dict) or not isinstance(table.get("ref"), str):
        return
    unit = {u.id: u for u in load_units()}.get(table["ref"])
    if unit is None or unit.basis != "once" or booked_years == 1:
        return
    raise one_off_error(unit, booked_years=booked_years, per=None, path=f"{path}.ref")


def resolve_ref(
    table: dict[str, Any], *, price_year: int, path: str, lang: str = "sv"
) -> dict[str, Any]:
    """Turn a reference table into a distribution table in the scenario's prices.

    Parameters
    ----------
    table
        ``{ ref = "<unit id>", per = "year", dist = "pert", price_year = ..., evidence = ...,
        source = ..., note = ... }``; only ``ref`` is required (``per`` defaults to the unit's
        own unit, ``dist`` to ``"pert"``).
    price_year
        The scenario's ``[scenario] price_year`` [year]; ``price_year`` in the table, if given,
        must equal it.
    path
        Key path of the table, for error messages.
    lang
        Language of the note that says how the value was derived (the scenario's language):
        sv ``88 800 / 111 000 / 133 200 kr per personår (2018 års priser); omräknad från
        2018 med KPI-faktor 1,2293``.

    A unit without a time base (per case, per person-lifetime) cannot be asked for per day,
    month or year; where it may be booked is checked by :func:`check_booked_years`.

    Returns
    -------
    dict
        A distribution table ``{dist, min, mode, max | min, max, evidence, source, note}`` with
        low / likely / high x per factor x KPI(price_year) / KPI(unit price year), rounded to
        whole currency units.
    """
    for key in table:
        if key not in REF_KEYS:
            raise ScenarioError(
                code="error.ref.unknown_key",
                params={
                    "key": key,
                    "did_you_mean": Choices(close_matches(str(key), REF_KEYS)),
                    "allowed": list(REF_KEYS),
                },
                path=f"{path}.{key}",
            )
    ident = table["ref"]
    if not isinstance(ident, str):
        raise ScenarioError(
            code="error.ref.not_text", params={"found": Found(ident)}, path=f"{path}.ref"
        )
    try:
        unit = get_unit(ident)
    except ScenarioError as exc:
        raise exc.with_context(path_prefix=f"{path}.ref") from None
    if unit.kind == "rate":
        raise ScenarioError(code="error.ref.rate", params={"unit": ident}, path=f"{path}.ref")
    per = table.get("per", unit.unit)
    if not isinstance(per, str):
        raise ScenarioError(
            code="error.ref.per_not_text", params={"found": Found(per)}, path=f"{path}.per"
        )
    if unit.basis == "once" and per in TIME_BASES:
        raise one_off_error(unit, booked_years=None, per=per, path=f"{path}.per")
    try:
        per_f = per_factor(unit, per)
    except ScenarioError as exc:
        raise exc.with_context(path_prefix=f"{path}.per") from None
    if "price_year" in table and table["price_year"] != price_year:
        raise ScenarioError(
            code="error.ref.price_year",
            params={
                "found": Found(table["price_year"]),
                "value": repr(table["price_year"]),
                "year": price_year,
            },
            hint="hint.ref_price_year",
            path=f"{path}.price_year",
        )
    try:
        kpi_f = kpi_factor(unit.price_year, price_year)
    except ScenarioError as exc:
        raise exc.with_context(path_prefix=f"{path}.ref") from None
    kind = table.get("dist", "pert")
    if kind not in REF_DISTRIBUTIONS:
        raise ScenarioError(
            code="error.ref.dist",
            params={"allowed": list(REF_DISTRIBUTIONS), "found": Found(kind)},
            path=f"{path}.dist",
        )
    f = per_f * kpi_f
    # whole currency units: the conversion is exact to far less than a krona
    lo, mode, hi = (float(round(v * f)) for v in (unit.low, unit.likely, unit.high))
    note = unit_note(unit, per, per_f, kpi_f, lang)
    if "note" in table:
        note = f"{table['note']} ({note})"
    out: dict[str, Any] = {
        "evidence": table.get("evidence", unit.evidence),
        "source": table.get("source", unit.source),
        "note": note,
    }
    if lo == hi:
        out.update(dist="fixed", value=mode)
    elif kind == "uniform":
        out.update(dist="uniform", min=lo, max=hi)
    else:
        out.update(dist=kind, min=lo, mode=mode, max=hi)
    return out
