"""Learning from follow-up: update a scenario's shares and risks with observed counts.

Method (conjugate beta-binomial). A share or risk ``theta`` has the scenario's distribution as
its prior. If that is a ``beta`` on [0, 1] it is used as it is; otherwise it is approximated by
the beta with the same mean ``m`` and variance ``v`` (method of moments:
``k = m (1 - m) / v - 1``, ``alpha = m k``, ``beta = (1 - m) k``), and the note says so. After
``s`` successes in ``n`` trials the posterior is ``Beta(alpha + s, beta + n - s)``.

Updatable parameters are shares and probabilities: ``logic.<id>.share``,
``outcomes.<id>.baseline_risk``, ``outcomes.<id>.attribution``,
``outcomes.<id>.consequences.<id>.share``, ``continuation.probability`` and
``spread.probability``. A relative risk or a risk difference compares two groups; counts from
one group cannot update it, so such observations are refused with a message that says what to
do instead (update ``baseline_risk`` with the comparison group's counts).

The updated scenario is written by patching the original file's text, so the applicant's
comments and layout survive: each updated value's line is replaced by the posterior, with the
old line kept as a comment above it. Every patch is verified by parsing the new text and
comparing it with the intended document. Comments and notes are written in the scenario's
language (``[scenario] language``), and the posterior's ``alpha`` and ``beta`` are rounded to
6 significant digits (more where needed to keep the posterior mean within 1e-6 relative of
the exact one), so the file reads ``beta = 29.2`` rather than ``beta = 29.200000000000003``.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sekalk.distributions import Beta, Distribution, round_sig
from sekalk.errors import Found, Msg, ScenarioError, raise_all, unknown_key_error
from sekalk.scenario import Scenario
from sekalk.scenario.convert import toml_value
from sekalk.scenario.loader import slugify

#: Significant digits of the posterior's alpha and beta as written [digits].
POSTERIOR_DIGITS = 6
#: Largest relative change of the posterior mean the rounding may cause [fraction].
POSTERIOR_MEAN_RTOL = 1e-6

UPDATE_SCHEMA = "sekalk.update/1"
OBSERVATION_KEYS = {"id", "successes", "trials", "events", "at_risk", "source", "note"}
_UPDATABLE = re.compile(
    r"^(logic\.[^.]+\.share|outcomes\.[^.]+\.(baseline_risk|attribution)"
    r"|outcomes\.[^.]+\.consequences\.[^.]+\.share|continuation\.probability"
    r"|spread\.probability)$"
)


@dataclass(frozen=True, slots=True)
class Observation:
    """Follow-up counts for one parameter: ``successes`` of ``trials`` [persons]."""

    id: str
    successes: int
    trials: int
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Learned:
    """One parameter's update: prior, the beta it was read as, the data and the posterior."""

    id: str
    prior: Distribution
    prior_alpha: float
    prior_beta: float
    approximated: bool
    observation: Observation
    posterior: Beta


# ---------------------------------------------------------------------------------------------
# pure functions


def beta_from_moments(mean: float, var: float) -> tuple[float, float]:
    """``(alpha, beta)`` of the beta with mean ``mean`` and variance ``var`` [fraction].

    Needs ``0 < mean < 1`` and ``0 < var < mean (1 - mean)``; raises a
    :class:`~sekalk.errors.ScenarioError` (a ``ValueError``) with code
    ``error.update.beta_mean`` or ``error.update.beta_variance`` otherwise.
    """
    if not 0.0 < mean < 1.0:
        raise ScenarioError(code="error.update.beta_mean", params={"mean": float(mean)})
    limit = mean * (1.0 - mean)
    if not 0.0 < var < limit:
        raise ScenarioError(
            code="error.update.beta_variance",
            params={"mean": float(mean), "limit": float(limit), "variance": float(var)},
        )
    k = limit / var - 1.0
    return mean * k, (1.0 - mean) * k


def beta_prior(dist: Distribution) -> tuple[float, float, bool]:
    """The prior as ``(alpha, beta, approximated)``; exact for a beta on [0, 1].

    A fixed number has no prior to update: :class:`~sekalk.errors.ScenarioError` with code
    ``error.update.fixed``.
    """
    if isinstance(dist, Beta) and (dist.min, dist.max) == (0.0, 1.0):
        return dist.alpha, dist.beta, False
    if dist.is_fixed:
        raise ScenarioError(code="error.update.fixed", hint="hint.update_fixed")
    a, b = beta_from_moments(dist.mean, dist.sd**2)
    return a, b, True


def beta_binomial_posterior(
    alpha: float, beta: float, successes: int, trials: int
) -> tuple[float, float]:
    """Posterior ``(alpha + s, beta + n - s)`` of a Beta(alpha, beta) prior after s of n."""
    return alpha + successes, beta + trials - successes


def round_shapes(
    alpha: float,
    beta: float,
    *,
    digits: int = POSTERIOR_DIGITS,
    rtol: float = POSTERIOR_MEAN_RTOL,
) -> tuple[float, float]:
    """``(alpha, beta)`` rounded to ``digits`` significant digits for writing to a file.

    If that moves the mean ``alpha / (alpha + beta)`` by more than ``rtol`` (relative), more
    digits are kept, up to the full precision of a float.
    """
    mean = alpha / (alpha + beta)
    for d in range(digits, 18):
        a, b = round_sig(alpha, d), round_sig(beta, d)
        if abs(a / (a + b) - mean) <= rtol * mean:
            return a, b
    return alpha, beta  # pragma: no cover - 17 digits reproduce a float exactly


# ---------------------------------------------------------------------------------------------
# observations


#: Whole numbers in a CSV cell: digits, optionally grouped by spaces (``1 200``, also the
#: no-break spaces Excel writes) and with a zero decimal part (``22,0`` or ``22.00``).
_WHOLE_NUMBER = re.compile(r"[+-]?\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]0+)?")


def _read_csv_text(p: Path, file: str) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), else Windows-1252, which is what
    Excel's "CSV (semicolon separated)" writes on a Swedish Windows."""
    data = p.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ScenarioError(
            code="error.observed.encoding", hint="hint.observed_csv_save", file=file
        ) from None


def _csv_delimiter(header: str, file: str) -> str:
    """``,``, ``;`` or a tab, from the header row (``id;successes;trials;source``)."""
    found = [d for d in (",", ";", "\t") if d in header]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ScenarioError(
            code="error.observed.csv_header",
            params={"found": header.strip()},
            file=file,
            location=_row(1),
        )
    raise ScenarioError(
        code="error.observed.csv_mixed",
        params={"found": header.strip(), "separators": " ".join(repr(d) for d in found)},
        file=file,
        location=_row(1),
    )


def _row(n: int) -> Msg:
    """Row ``n`` of a CSV file (the header is row 1), worded in the reader's language."""
    return Msg("location.row", {"n": n})


def _csv_whole_number(text: str, where: str) -> int:
    """A count from a CSV cell, accepting Swedish Excel's spellings (``1 200``, ``22,0``)."""
    if not _WHOLE_NUMBER.fullmatch(text):
        raise ScenarioError(code="error.observed.whole_number", params={"found": text}, path=where)
    digits = re.split(r"[.,]", text, maxsplit=1)[0]
    return int(re.sub(r"[ \u00a0\u202f]", "", digits))


def read_observations(path: str | Path) -> tuple[Observation, ...]:
    """Read follow-up counts from TOML (``[[observation]]`` tables) or CSV.

    A CSV file has a header row ``id,successes,trials,source`` (``events``/``at_risk`` are
    accepted for risks). Its columns may be separated by commas or by semicolons (Swedish
    Excel's default, which also writes decimal commas and Windows-1252 text): the separator is
    read from the header row, counts may be written ``1 200`` or ``22,0`` (a whole number),
    and rows that are empty in every column are skipped.
    """
    observations, problems, _ids = _read_observations(path)
    raise_all(problems)
    return observations


def _read_observations(
    path: str | Path,
) -> tuple[tuple[Observation, ...], list[ScenarioError], list[str]]:
    """:func:`read_observations` without raising the problems of the rows.

    Returns the observations without a problem, the problems of the others, and the ids
    written in every row (also those with a problem), so the ids can be checked against the
    scenario in the same run. A file that cannot be read at all still raises.
    """
    file = str(path)
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(code="error.file.not_found", file=file)
    # (key path prefix, location, table): a CSV row is located by its row, its cells by column
    rows: list[tuple[str, Msg | None, dict[str, Any]]] = []
    problems: list[ScenarioError] = []
    if p.suffix.lower() == ".csv":
        text = _read_csv_text(p, file)
        header = text.splitlines()[0] if text.strip() else ""
        reader = csv.DictReader(io.StringIO(text), delimiter=_csv_delimiter(header, file))
        for row in reader:
            row_number = reader.line_num  # as a spreadsheet counts, blank lines too
            extra = row.pop(None, None)  # cells beyond the header's columns
            if extra and any(x.strip() for x in extra):
                columns = ", ".join(reader.fieldnames or [])
                problems.append(
                    ScenarioError(
                        code="error.observed.csv_extra_cells",
                        params={"columns": columns},
                        file=file,
                        location=_row(row_number),
                    )
                )
                continue
            clean = {k.strip(): v.strip() for k, v in row.items() if k and v not in (None, "")}
            clean = {k: v for k, v in clean.items() if v}
            if not clean:
                continue  # a blank row (Excel writes ;;; for those)
            unreadable = False
            for key in ("successes", "trials", "events", "at_risk"):
                if key in clean:
                    try:
                        clean[key] = _csv_whole_number(clean[key], key)
                    except ScenarioError as exc:
                        problems.append(exc.replace(file=file, location=_row(row_number)))
                        unreadable = True
            if not unreadable:  # a row with a cell that is no number is reported once
                rows.append(("", _row(row_number), clean))
    else:
        from sekalk.scenario.loader import parse_document

        raw = p.read_bytes()
        if not raw.strip():
            raise ScenarioError(code="error.observed.empty", file=file)
        doc = parse_document(raw, file=file, fmt="toml")
        for key in doc:
            if key != "observation":
                problems.append(unknown_key_error(key, ["observation"]).replace(file=file))
        items = doc.get("observation", [])
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            problems.append(
                ScenarioError(code="error.observed.no_tables", file=file, path="observation")
            )
            items = []
        rows = [(f"observation#{i + 1}", None, item) for i, item in enumerate(items)]
    if not rows and not problems:
        raise ScenarioError(code="error.observed.empty", file=file)
    observations = []
    for where, location, item in rows:
        found = _observation_problems(item, where)
        problems.extend(e.replace(file=file, location=location) for e in found)
        if not found:
            observations.append(_observation(item))
    ids = [item["id"] for _, _, item in rows if isinstance(item.get("id"), str)]
    return tuple(observations), problems, ids


def _observation_problems(item: dict[str, Any], where: str) -> list[ScenarioError]:
    """Every problem of one observation (a ``[[observation]]`` table or a CSV row).

    ``where`` is the table's key path (``observation#2``); empty for a CSV row, whose problems
    are located by its row and name the column alone.
    """

    def at(key: str) -> str:
        return f"{where}.{key}" if where else key

    problems = [
        unknown_key_error(key, OBSERVATION_KEYS, path=where or None)
        for key in item
        if key not in OBSERVATION_KEYS
    ]
    if not isinstance(item.get("id"), str):
        problems.append(
            ScenarioError(
                code="error.observed.id",
                params={"found": Found(item.get("id"))},
                path=at("id"),
            )
            if "id" in item
            else ScenarioError(code="error.key.missing", params={"key": "id"}, path=at("id"))
        )
    s = item.get("successes", item.get("events"))
    n = item.get("trials", item.get("at_risk"))
    counts_ok = True
    for key, other, value in (("successes", "events", s), ("trials", "at_risk", n)):
        if value is None:
            counts_ok = False
            problems.append(
                ScenarioError(
                    code="error.observed.count_missing",
                    params={"key": key, "other": other},
                    path=at(key),
                )
            )
        elif isinstance(value, bool) or not isinstance(value, int):
            counts_ok = False
            problems.append(
                ScenarioError(
                    code="error.observed.count",
                    params={"key": key, "other": other, "found": Found(value)},
                    path=at(key),
                )
            )
    if counts_ok and (n < 1 or not 0 <= s <= n):
        problems.append(
            ScenarioError(
                code="error.observed.counts_range",
                params={"successes": s, "trials": n},
                path=where or None,
            )
        )
    source = item.get("source")
    if source is not None and not isinstance(source, str):
        problems.append(
            ScenarioError(
                code="error.type.not_text", params={"found": Found(source)}, path=at("source")
            )
        )
    return problems


def _observation(item: dict[str, Any]) -> Observation:
    """An observation whose table :func:`_observation_problems` found no problem in."""
    s = item.get("successes", item.get("events"))
    n = item.get("trials", item.get("at_risk"))
    return Observation(id=item["id"], successes=s, trials=n, source=item.get("source"))


# ---------------------------------------------------------------------------------------------
# the update


def learn(
    scenario: Scenario, observations: tuple[Observation, ...], *, lang: str | None = None
) -> tuple[Learned, ...]:
    """Posterior betas for every observed parameter (counts for the same id are pooled).

    The posterior's ``alpha`` and ``beta`` are rounded (:func:`round_shapes`); its note and
    source are in ``lang`` (default: the scenario's language).
    """
    lang = lang or scenario.settings.language
    params = scenario.parameters
    pooled: dict[str, Observation] = {}
    problems: list[ScenarioError] = []
    for obs in observations:
        found = id_problems(obs.id, params)
        if found:
            problems.extend(found)
            continue
        if obs.id in pooled:
            prev = pooled[obs.id]
            sources = "; ".join(x for x in (prev.source, obs.source) if x)
            obs = Observation(
                obs.id, prev.successes + obs.successes, prev.trials + obs.trials, sources or None
            )
        pooled[obs.id] = obs
    for pid in pooled:
        try:
            beta_prior(params[pid].distribution)
        except ScenarioError as exc:
            problems.append(exc.replace(path=pid))
    raise_all(problems)
    out = []
    for pid, obs in pooled.items():
        prior = params[pid].distribution
        a, b, approx = beta_prior(prior)
        pa, pb = round_shapes(*beta_binomial_posterior(a, b, obs.successes, obs.trials))
        post = _posterior_dist(prior, a, b, approx, obs, pa, pb, lang)
        out.append(Learned(pid, prior, a, b, approx, obs, post))
    return tuple(out)


def id_problems(pid: str, params: Mapping[str, Any]) -> list[ScenarioError]:
    """The problems of an observed id: not a parameter of the scenario, or not a share/risk.

    Parameters
    ----------
    pid
        The observed parameter id, e.g. ``"logic.completes.share"``.
    params
        The scenario's parameters by id (:attr:`Scenario.parameters`).
    """
    from sekalk.scenario.loader import unknown_parameter_error

    if pid not in params:
        return [unknown_parameter_error(pid, params, path=pid)]
    if _UPDATABLE.match(pid):
        return []
    attr = params[pid].attribute
    if attr in ("relative_risk", "risk_difference"):
        return [
            ScenarioError(
                code="error.update.comparative",
                params={"attribute": Msg(f"attr.{attr}")},
                hint="hint.update_comparative",
                path=pid,
            )
        ]
    return [
        ScenarioError(
            code="error.update.not_share", params={"attribute": Msg(f"attr.{attr}")}, path=pid
        )
    ]


def _posterior_dist(
    prior: Distribution,
    a: float,
    b: float,
    approx: bool,
    obs: Observation,
    pa: float,
    pb: float,
    lang: str,
) -> Beta:
    from sekalk.report.describe import describe_distribution, fmt_sig
    from sekalk.report.i18n import t

    counts = f"{obs.successes}/{obs.trials}"
    if obs.source:
        counts = t("polish.update_counts_from", lang, counts=counts, source=obs.source)
    note = t("polish.update_note", lang, counts=counts, prior=describe_distribution(prior, lang))
    if approx:
        note += t("polish.update_approx", lang, alpha=fmt_sig(a, lang), beta=fmt_sig(b, lang))
    if prior.note:
        note += t("polish.update_earlier_note", lang, note=prior.note)
    source = obs.source or t("polish.update_source", lang)
    if prior.source:
        source = t("polish.update_prior_source", lang, source=source, prior=prior.source)
    evidence = "research" if prior.evidence == "research" else "experience"
    return Beta(alpha=pa, beta=pb, evidence=evidence, source=source, note=note)


# ---------------------------------------------------------------------------------------------
# writing the updated scenario


def _locate(doc: dict[str, Any], pid: str) -> tuple[dict[str, Any], str]:
    """The table holding parameter ``pid`` in a parsed scenario document, and its key."""
    parts = pid.split(".")
    if parts[0] in ("continuation", "spread"):
        return doc[parts[0]], parts[1]

    def find(items: list[dict[str, Any]], ident: str) -> dict[str, Any]:
        for item in items:
            if item.get("id", slugify(str(item.get("label", "")))) == ident:
                return item
        raise KeyError(ident)

    table = find(doc[parts[0]], parts[1])
    if parts[2] == "consequences":
        return find(table["consequences"], parts[3]), parts[4]
    return table, parts[2]


def patch_toml(
    text: str, changes: dict[str, dict[str, Any]], *, stamp: str, lang: str = "sv"
) -> str:
    """Replace the values of parameters in TOML text, keeping every comment and line.

    Parameters
    ----------
    text
        The scenario file's text.
    changes
        Parameter id -> its new value as a TOML-ready table.
    stamp
        Written in the comment above each changed line, followed by the old line.
    lang
        Language of the comment (``"sv"`` or ``"en"``).

    Raises
    ------
    ScenarioError
        If a value cannot be located on a line of its own (the file is left to the caller).
    """
    from sekalk.report.i18n import t

    doc = tomllib.loads(text)
    lines = text.splitlines(keepends=True)
    for pid, value in changes.items():
        expected = copy.deepcopy(doc)
        table, key = _locate(expected, pid)
        table[key] = value
        pattern = re.compile(rf"^(\s*){re.escape(key)}\s*=")
        for i, line in enumerate(lines):
            m = pattern.match(line)
            if not m:
                continue
            indent = m.group(1)
            end = "\n" if line.endswith("\n") else ""
            candidate = [
                *lines[:i],
                f"{indent}# {t('polish.update_before', lang, stamp=stamp, line=line.strip())}\n",
                f"{indent}{key} = {toml_value(value)}{end}",
                *lines[i + 1 :],
            ]
            try:
                if tomllib.loads("".join(candidate)) == expected:
                    lines, doc = candidate, expected
                    break
            except tomllib.TOMLDecodeError:
                continue
        else:
            raise ScenarioError(
                code="error.update.cannot_patch",
                params={"id": pid, "key": key, "value": toml_value(value)},
                path=pid,
            )
    return "".join(lines)


def updated_text(
    original: str,
    learned: tuple[Learned, ...],
    *,
    fmt: str = "toml",
    stamp: str,
    lang: str = "sv",
) -> str:
    """The text of the updated scenario (TOML patched in place, or JSON rewritten).

    ``stamp`` and the word before the old value are written in ``lang``'s comment.
    """
    changes = {x.id: x.posterior.to_table() for x in learned}
    if fmt == "json":
        doc = json.loads(original)
        for pid, value in changes.items():
            table, key = _locate(doc, pid)
            table[key] = value
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return patch_toml(original, changes, stamp=stamp, lang=lang)


def interval90(dist: Distribution) -> tuple[float, float]:
    """The 5th and 95th percentiles of a distribution."""
    return dist.quantile(0.05), dist.quantile(0.95)


def learned_to_dict(x: Learned) -> dict[str, Any]:
    """One update for the JSON document."""
    lo, hi = interval90(x.prior)
    plo, phi = interval90(x.posterior)
    return {
        "id": x.id,
        "successes": x.observation.successes,
        "trials": x.observation.trials,
        "source": x.observation.source,
        "prior": {
            "distribution": x.prior.describe(),
            "mean": x.prior.mean,
            "p05": lo,
            "p95": hi,
            "beta": [x.prior_alpha, x.prior_beta],
            "approximated": x.approximated,
        },
        "posterior": {
            "distribution": x.posterior.describe(),
            "mean": x.posterior.mean,
            "p05": plo,
            "p95": phi,
            "beta": [x.posterior.alpha, x.posterior.beta],
        },
    }


def headline_figures(result: Any) -> dict[str, Any]:
    """P(NPV > 0) and the NPV distribution (society, total) of a result, from its summary."""
    from sekalk.summaries import summarize

    h = summarize(result).headline("society")
    return {"prob_npv_positive": h.prob_gain, "npv": h.npv.to_dict()}


def update_document(
    scenario: Scenario,
    learned: tuple[Learned, ...],
    before: Any,
    after: Any,
    *,
    observed: str,
    observed_sha256: str,
    output: str,
) -> dict[str, Any]:
    """The JSON document ``sekalk.update/1``: what was learned and how the headline moved."""
    from sekalk import __version__, metrics

    st = before.settings
    doc = {
        "schema": UPDATE_SCHEMA,
        "sekalk_version": __version__,
        "scenario": {"title": scenario.title, "sha256": scenario.sha256},
        "observed": {"file": observed, "sha256": observed_sha256},
        "output": {"file": output, "sha256": after.scenario.sha256},
        "settings": {"draws": st.draws, "seed": st.seed, "sampler": st.sampler},
        "method": "beta-binomial; non-beta priors approximated by the beta with the same mean "
        "and sd; before and after on common random numbers",
        "updates": [learned_to_dict(x) for x in learned],
        "headline": {"before": headline_figures(before), "after": headline_figures(after)},
    }
    return metrics.to_json_safe(doc)


# ---------------------------------------------------------------------------------------------
# the whole workflow: read the evidence, learn, write the updated text, simulate before/after


#: Suffixes of workbooks, which ``update`` cannot patch line by line.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


@dataclass(frozen=True, slots=True)
class UpdateRun:
    """What :func:`update_file` learned and computed; nothing is written.

    Attributes
    ----------
    scenario, updated
        The scenario as read and as it reads after the update.
    learned
        One :class:`Learned` per observed parameter.
    text
        The updated file's text (the original with each updated value patched in place).
    before, after
        Results of both scenarios on common random numbers (``payback=False``).
    observed
        The file of follow-up counts, and its SHA-256.
    observed_sha256
        SHA-256 of the observations file [hex].
    output
        The path the text is meant for.
    """

    scenario: Scenario
    updated: Scenario
    learned: tuple[Learned, ...]
    text: str
    before: Any
    after: Any
    observed: str
    observed_sha256: str
    output: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON document ``sekalk.update/1`` (see :func:`update_document`)."""
        return update_document(
            self.scenario,
            self.learned,
            self.before,
            self.after,
            observed=self.observed,
            observed_sha256=self.observed_sha256,
            output=self.output,
        )


def check_update_paths(scenario: str | Path, output: str | Path) -> str:
    """The format (``"toml"`` or ``"json"``) ``update`` reads and writes, after checking that
    ``scenario`` is no workbook and ``output`` keeps its format.

    Raises
    ------
    ScenarioError
        ``error.update.workbook`` or ``error.update.output_format``.
    """
    suffix = Path(scenario).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        raise ScenarioError(
            code="error.update.workbook",
            params={"file": str(scenario), "toml": str(Path(scenario).with_suffix(".toml"))},
            file=str(scenario),
        )
    fmt = "json" if suffix == ".json" else "toml"
    out_fmt = "json" if Path(output).suffix.lower() == ".json" else "toml"
    if fmt != out_fmt:
        raise ScenarioError(
            code="error.update.output_format", params={"suffix": fmt}, file=str(output)
        )
    return fmt


def update_file(
    scenario: str | Path,
    observed: str | Path,
    output: str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
) -> UpdateRun:
    """Update a scenario file's shares and risks with the follow-up counts in ``observed``.

    Reads the scenario and the counts, learns the posteriors (:func:`learn`), patches the
    file's text (:func:`updated_text`; comments and notes in the scenario's language), checks
    that the new text loads, and simulates the scenario before and after on common random
    numbers. Nothing is written: the caller writes :attr:`UpdateRun.text` to ``output``.

    Parameters
    ----------
    scenario
        A TOML or JSON scenario file.
    observed
        Follow-up counts, TOML or CSV (see :func:`read_observations`).
    output
        Where the caller will write the updated scenario (same format as ``scenario``).
    draws, seed
        Of the before/after simulations [draws]; default as :func:`sekalk.simulate`.

    Raises
    ------
    ScenarioError
        Every problem of the observations together, each naming ``observed``; a problem of
        the scenario names the scenario.
    """
    import hashlib

    from sekalk.report.i18n import t
    from sekalk.scenario import load, loads
    from sekalk.simulation import DEFAULT_DRAWS, DEFAULT_SEED, simulate

    draws = DEFAULT_DRAWS if draws is None else draws
    seed = DEFAULT_SEED if seed is None else seed
    fmt = check_update_paths(scenario, output)
    sc = load(scenario)
    lang = sc.settings.language  # comments and notes in the file: the file's language
    try:
        observations, problems, ids = _read_observations(observed)
        if problems:  # with the problems of every id, also of the rows with bad counts
            params = sc.parameters
            found = [e for pid in ids for e in id_problems(pid, params)]
            raise_all([*problems, *(e.with_context(file=str(observed)) for e in found)])
        try:
            learned = learn(sc, observations, lang=lang)
        except ScenarioError as exc:
            raise exc.with_context(file=str(observed)) from None
        original = Path(scenario).read_text(encoding="utf-8-sig")
        text = updated_text(
            original,
            learned,
            fmt=fmt,
            stamp=t("polish.update_stamp", lang, file=Path(observed).name),
            lang=lang,
        )
        updated = loads(text, file=str(output), fmt=fmt)
    except ScenarioError as exc:
        # the observations carry no language of their own: they are read in the scenario's
        raise exc.replace(lang=exc.lang or lang) from None
    before = simulate(sc, draws=draws, seed=seed, payback=False)
    after = simulate(updated, draws=draws, seed=seed, payback=False)
    return UpdateRun(
        scenario=sc,
        updated=updated,
        learned=learned,
        text=text,
        before=before,
        after=after,
        observed=str(observed),
        observed_sha256=hashlib.sha256(Path(observed).read_bytes()).hexdigest(),
        output=str(output),
    )
