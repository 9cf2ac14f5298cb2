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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sekalk.distributions import Beta, Distribution, round_sig
from sekalk.errors import ScenarioError, did_you_mean
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

    Needs ``0 < mean < 1`` and ``0 < var < mean (1 - mean)``.
    """
    if not 0.0 < mean < 1.0:
        raise ValueError(f"a beta needs a mean strictly between 0 and 1, found {mean:g}")
    limit = mean * (1.0 - mean)
    if not 0.0 < var < limit:
        raise ValueError(
            f"a beta with mean {mean:g} needs a variance in (0, {limit:g}), found {var:g}"
        )
    k = limit / var - 1.0
    return mean * k, (1.0 - mean) * k


def beta_prior(dist: Distribution) -> tuple[float, float, bool]:
    """The prior as ``(alpha, beta, approximated)``; exact for a beta on [0, 1]."""
    if isinstance(dist, Beta) and (dist.min, dist.max) == (0.0, 1.0):
        return dist.alpha, dist.beta, False
    if dist.is_fixed:
        raise ValueError(
            "a fixed number cannot learn from data; give it a distribution that says how "
            "uncertain it is (e.g. a beta) and update that"
        )
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
            "cannot read the file as text (neither UTF-8 nor Windows-1252); save it from Excel "
            "as CSV UTF-8 or CSV (semicolon separated)",
            file=file,
        ) from None


def _csv_delimiter(header: str, file: str) -> str:
    """``,``, ``;`` or a tab, from the header row (``id;successes;trials;source``)."""
    found = [d for d in (",", ";", "\t") if d in header]
    if len(found) == 1:
        return found[0]
    names = {"comma": ",", "semicolon": ";", "tab": "\t"}
    if not found:
        message = (
            "expected a header row id,successes,trials,source with its columns separated by "
            f"commas or semicolons, found {header.strip()!r}"
        )
    else:
        which = ", ".join(n for n, d in names.items() if d in found)
        message = (
            f"the header row {header.strip()!r} mixes separators ({which}); separate every "
            "column by commas, or every column by semicolons (as Swedish Excel does)"
        )
    raise ScenarioError(message, file=file, path="row 1")


def _csv_whole_number(text: str, where: str) -> int:
    """A count from a CSV cell, accepting Swedish Excel's spellings (``1 200``, ``22,0``)."""
    if not _WHOLE_NUMBER.fullmatch(text):
        raise ScenarioError(f"expected a whole number, found {text!r}", path=where)
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
    file = str(path)
    p = Path(path)
    if not p.is_file():
        raise ScenarioError("file not found", file=file)
    rows: list[tuple[str, dict[str, Any]]] = []
    if p.suffix.lower() == ".csv":
        text = _read_csv_text(p, file)
        header = text.splitlines()[0] if text.strip() else ""
        reader = csv.DictReader(io.StringIO(text), delimiter=_csv_delimiter(header, file))
        for i, row in enumerate(reader):
            extra = row.pop(None, None)  # cells beyond the header's columns
            if extra and any(x.strip() for x in extra):
                columns = ", ".join(reader.fieldnames or [])
                raise ScenarioError(
                    f"more cells than the header row has columns ({columns})",
                    file=file,
                    path=f"row {i + 2}",
                )
            clean = {k.strip(): v.strip() for k, v in row.items() if k and v not in (None, "")}
            clean = {k: v for k, v in clean.items() if v}
            if not clean:
                continue  # a blank row (Excel writes ;;; for those)
            for key in ("successes", "trials", "events", "at_risk"):
                if key in clean:
                    try:
                        clean[key] = _csv_whole_number(clean[key], f"row {i + 2}.{key}")
                    except ScenarioError as exc:
                        raise exc.with_context(file=file) from None
            rows.append((f"row {i + 2}", clean))
    else:
        try:
            text = p.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise ScenarioError("expected a TOML file in UTF-8", file=file) from None
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ScenarioError(f"TOML syntax error: {exc}", file=file) from None
        for key in doc:
            if key != "observation":
                raise ScenarioError(
                    f"unknown key '{key}'{did_you_mean(key, ['observation'])}; expected "
                    "[[observation]] tables",
                    file=file,
                    path=key,
                )
        items = doc.get("observation", [])
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            raise ScenarioError("expected [[observation]] tables", file=file, path="observation")
        rows = [(f"observation#{i + 1}", item) for i, item in enumerate(items)]
    if not rows:
        raise ScenarioError("no observations in the file", file=file)
    try:
        return tuple(_observation(item, where) for where, item in rows)
    except ScenarioError as exc:
        raise exc.with_context(file=file) from None


def _observation(item: dict[str, Any], where: str) -> Observation:
    for key in item:
        if key not in OBSERVATION_KEYS:
            hint = did_you_mean(key, OBSERVATION_KEYS)
            raise ScenarioError(
                f"unknown key '{key}'{hint}; allowed keys: {', '.join(sorted(OBSERVATION_KEYS))}",
                path=f"{where}.{key}",
            )
    if not isinstance(item.get("id"), str):
        raise ScenarioError("missing the parameter id (a text)", path=f"{where}.id")
    s = item.get("successes", item.get("events"))
    n = item.get("trials", item.get("at_risk"))
    for key, value in (("successes", s), ("trials", n)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ScenarioError(
                f"expected a whole number of {key} (or events/at_risk for a risk)",
                path=f"{where}.{key}",
            )
    assert isinstance(s, int) and isinstance(n, int)
    if n < 1 or not 0 <= s <= n:
        raise ScenarioError(
            f"expected 0 <= successes <= trials and trials >= 1, found {s} of {n}",
            path=where,
        )
    source = item.get("source")
    if source is not None and not isinstance(source, str):
        raise ScenarioError("expected a text", path=f"{where}.source")
    return Observation(id=item["id"], successes=s, trials=n, source=source)


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
    for obs in observations:
        if obs.id not in params:
            raise ScenarioError(
                f"unknown parameter id {obs.id!r}{did_you_mean(obs.id, params)}", path=obs.id
            )
        if not _UPDATABLE.match(obs.id):
            attr = params[obs.id].attribute
            if attr in ("relative_risk", "risk_difference"):
                msg = (
                    f"a {attr.replace('_', ' ')} compares two groups, so one group's counts "
                    "cannot update it; update the outcome's baseline_risk with the comparison "
                    "group's counts, and revise the effect by hand from a comparison of both groups"
                )
            else:
                msg = (
                    "only shares, risks and probabilities can be updated with counts "
                    "(beta-binomial); this parameter is a " + attr.replace("_", " ")
                )
            raise ScenarioError(msg, path=obs.id)
        if obs.id in pooled:
            prev = pooled[obs.id]
            sources = "; ".join(x for x in (prev.source, obs.source) if x)
            obs = Observation(
                obs.id, prev.successes + obs.successes, prev.trials + obs.trials, sources or None
            )
        pooled[obs.id] = obs
    out = []
    for pid, obs in pooled.items():
        prior = params[pid].distribution
        try:
            a, b, approx = beta_prior(prior)
        except ValueError as exc:
            raise ScenarioError(str(exc), path=pid) from None
        pa, pb = round_shapes(*beta_binomial_posterior(a, b, obs.successes, obs.trials))
        post = _posterior_dist(prior, a, b, approx, obs, pa, pb, lang)
        out.append(Learned(pid, prior, a, b, approx, obs, post))
    return tuple(out)


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
                f"cannot find the value of {pid} on a line of its own ('{key} = ...') to "
                f"replace it; write it by hand: {key} = {toml_value(value)}",
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
