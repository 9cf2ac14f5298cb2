"""User-facing text in Swedish and English, and number formatting per language.

Every string a user reads comes from :data:`CATALOGUE` through :func:`t`; a key missing in one
language is a bug (a test checks that both languages have the same keys).
"""

from __future__ import annotations

import math

LANGUAGES = ("sv", "en")

CATALOGUE: dict[str, dict[str, str]] = {
    # attribute names of parameters
    "attr.discount_rate": {"sv": "diskonteringsränta", "en": "discount rate"},
    "attr.participants_per_year": {"sv": "deltagare per år", "en": "participants per year"},
    "attr.annual": {"sv": "årligt belopp", "en": "annual amount"},
    "attr.share": {"sv": "andel", "en": "share"},
    "attr.baseline_risk": {"sv": "risk utan insatsen", "en": "risk without the intervention"},
    "attr.relative_risk": {"sv": "relativ risk", "en": "relative risk"},
    "attr.risk_difference": {"sv": "riskminskning", "en": "risk difference"},
    "attr.attribution": {"sv": "andel som beror på insatsen", "en": "attribution"},
    "attr.dropoff": {"sv": "årligt bortfall av effekten", "en": "yearly drop-off"},
    "attr.growth": {"sv": "årlig real tillväxt", "en": "real yearly growth"},
    # perspectives
    "persp.society": {"sv": "samhället", "en": "society"},
    "persp.public_sector": {"sv": "offentlig sektor", "en": "public sector"},
    "persp.kommun": {"sv": "kommunen", "en": "municipality"},
    "persp.region": {"sv": "regionen", "en": "region"},
    "persp.stat": {"sv": "staten", "en": "central government"},
    "persp.individ": {"sv": "individen", "en": "the individual"},
    "persp.ovriga": {"sv": "övriga", "en": "others"},
    # evidence grades
    "evidence.research": {"sv": "forskning", "en": "research"},
    "evidence.experience": {"sv": "beprövad erfarenhet", "en": "experience"},
    "evidence.assumption": {"sv": "antagande", "en": "assumption"},
    "evidence.none": {"sv": "ej angiven", "en": "not stated"},
    # terminal output of `run`
    "run.headline": {
        "sv": "90 % intervall för {persp}s nettonuvärde: {lo} till {hi}; sannolikhet för vinst: {prob}",
        "en": "90% interval of the net present value for {persp}: {lo} to {hi}; "
        "probability of a gain: {prob}",
    },
    "run.breakeven": {
        "sv": "Kalkylen går jämnt ut om {needed} av {participants} deltagare undviker utfallet; "
        "förväntat: {expected}.",
        "en": "The calculation breaks even if {needed} of {participants} participants avoid the "
        "outcome; expected: {expected}.",
    },
    "run.breakeven_undefined": {
        "sv": "Ingen jämviktspunkt: insatsen undviker inga utfall eller de undvikna utfallen har "
        "inget positivt värde.",
        "en": "No break-even point: the intervention avoids no outcomes, or the avoided outcomes "
        "have no positive value.",
    },
    "run.settings": {
        "sv": "{draws} dragningar, frö {seed}, urval {sampler}",
        "en": "{draws} draws, seed {seed}, sampler {sampler}",
    },
    "run.mc_error": {
        "sv": "Monte Carlo-fel: medelvärdets standardfel {mcse} ({ratio} av intervallets bredd); "
        "P(vinst) ± {mcse_prob}.",
        "en": "Monte Carlo error: standard error of the mean {mcse} ({ratio} of the interval "
        "width); P(gain) ± {mcse_prob}.",
    },
    "run.table_title": {
        "sv": "Nettonuvärde per perspektiv",
        "en": "Net present value by perspective",
    },
    "col.perspective": {"sv": "Perspektiv", "en": "Perspective"},
    "col.mean": {"sv": "Medel", "en": "Mean"},
    "col.p05": {"sv": "P5", "en": "P5"},
    "col.p50": {"sv": "Median", "en": "Median"},
    "col.p95": {"sv": "P95", "en": "P95"},
    "col.prob": {"sv": "P(NNV>0)", "en": "P(NPV>0)"},
    "col.bcr": {"sv": "Nyttokvot (median)", "en": "BCR (median)"},
    "col.id": {"sv": "Id", "en": "Id"},
    "col.assumption": {"sv": "Antagande", "en": "Assumption"},
    "col.value": {"sv": "Värde / fördelning", "en": "Value / distribution"},
    "col.evidence": {"sv": "Evidens", "en": "Evidence"},
    "col.source": {"sv": "Källa", "en": "Source"},
    "run.assumptions_title": {"sv": "Antaganden", "en": "Assumptions"},
    "run.drivers_title": {
        "sv": "Viktigaste drivkrafter (rangkorrelation med samhällets nettonuvärde)",
        "en": "Main drivers (rank correlation with the society NPV)",
    },
    "run.disclaimer": {
        "sv": "Siffrorna följer av antagandena ovan; de är inte belägg för att insatsen har effekt.",
        "en": "These figures follow from the assumptions above; they are not evidence that the "
        "intervention works.",
    },
    "run.not_applicable": {"sv": "–", "en": "–"},
    "validate.ok": {
        "sv": '{file}: giltigt scenario "{title}" ({n} parametrar, varav {k} osäkra)',
        "en": '{file}: valid scenario "{title}" ({n} parameters, {k} uncertain)',
    },
    # --- perf ---
    "progress.draws": {"sv": "{done}/{total} dragningar", "en": "{done}/{total} draws"},
    "progress.left": {"sv": ", ~{seconds} s kvar", "en": ", ~{seconds} s left"},
    "run.mc_error_median": {
        "sv": "Medianens 95 % konfidensintervall: {lo} till {hi} ({ratio} av intervallets bredd).",
        "en": "95% confidence interval of the median: {lo} to {hi} ({ratio} of the interval "
        "width).",
    },
    "run.precision_met": {
        "sv": "Precisionsmålet nåddes med {draws} dragningar: P(vinst) ± {prob}, medianen ± {median} "
        "av intervallets bredd (mål ± {target_prob} och ± {target_median}).",
        "en": "Precision target met with {draws} draws: P(gain) ± {prob}, median ± {median} of the "
        "interval width (target ± {target_prob} and ± {target_median}).",
    },
    "run.precision_not_met": {
        "sv": "Precisionsmålet nåddes inte inom {draws} dragningar (--max-draws): P(vinst) ± {prob}, "
        "medianen ± {median} av intervallets bredd (mål ± {target_prob} och ± {target_median}).",
        "en": "Precision target not met within {draws} draws (--max-draws): P(gain) ± {prob}, median "
        "± {median} of the interval width (target ± {target_prob} and ± {target_median}).",
    },
}


def t(key: str, lang: str, **kwargs: object) -> str:
    """The text of ``key`` in ``lang``, formatted with ``kwargs``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    text = CATALOGUE[key][lang]
    return text.format(**kwargs) if kwargs else text


def perspective_name(name: str, lang: str) -> str:
    """A perspective's name in ``lang`` (actor names not in the catalogue are shown as given)."""
    key = f"persp.{name}"
    return t(key, lang) if key in CATALOGUE else name


def _group(digits: str, sep: str) -> str:
    head, _, tail = digits.partition(".")
    out = []
    while len(head) > 3:
        out.insert(0, head[-3:])
        head = head[:-3]
    out.insert(0, head)
    grouped = sep.join(out)
    return f"{grouped}.{tail}" if tail else grouped


def fmt_number(x: float | None, lang: str, decimals: int = 0) -> str:
    """A number with the language's decimal mark and thousands separator.

    sv: ``1 234,5`` (space between thousands; a no-break space in HTML is the report's job);
    en: ``1,234.5``. ``None`` or non-finite gives a dash.
    """
    if x is None or not math.isfinite(x):
        return "–"
    sign = "−" if x < 0 and round(abs(x), decimals) != 0 else ""
    body = f"{abs(x):.{decimals}f}"
    if lang == "sv":
        return sign + _group(body, " ").replace(".", ",")
    return sign + _group(body, ",")


def fmt_money(x: float | None, lang: str, currency: str = "SEK") -> str:
    """An amount in a readable unit: sv ``1,2 mnkr``, ``850 tkr``; en ``SEK 1.2m``, ``SEK 850k``.

    Amounts of at least one million are shown in millions with one decimal (two below 10
    million when that is needed to show a difference), thousands in thousands.
    """
    if x is None or not math.isfinite(x):
        return "–"
    a = abs(x)
    sek = currency == "SEK"
    if a >= 1e9:
        value, unit_sv, unit_en = x / 1e9, "mdkr" if sek else f"md {currency}", "bn"
    elif a >= 1e6:
        value, unit_sv, unit_en = x / 1e6, "mnkr" if sek else f"mn {currency}", "m"
    elif a >= 1e3:
        value, unit_sv, unit_en = x / 1e3, "tkr" if sek else f"t {currency}", "k"
    else:
        value, unit_sv, unit_en = x, "kr" if sek else currency, ""
    decimals = 1 if a >= 1e6 else 0
    if lang == "sv":
        return f"{fmt_number(value, lang, decimals)} {unit_sv}"
    num = fmt_number(value, lang, decimals)
    sign = ""
    if num.startswith("−"):
        sign, num = "−", num[1:]
    return f"{sign}{currency} {num}{unit_en}"


def fmt_pct(p: float | None, lang: str, decimals: int = 0) -> str:
    """A probability or share: sv ``71 %``, en ``71%``."""
    if p is None or not math.isfinite(p):
        return "–"
    num = fmt_number(100.0 * p, lang, decimals)
    return f"{num} %" if lang == "sv" else f"{num}%"
