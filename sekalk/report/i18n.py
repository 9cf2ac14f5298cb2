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
    # --- levels ---
    "attr.probability": {"sv": "sannolikhet", "en": "probability"},
    "attr.units": {"sv": "antal enheter", "en": "number of units"},
    "attr.scale": {"sv": "skalfaktor", "en": "scale factor"},
    "level.project": {"sv": "Det finansierade projektet", "en": "The funded project"},
    "level.continuation": {
        "sv": "Fortsättning i ordinarie verksamhet",
        "en": "Continuation in ordinary operations",
    },
    "level.spread": {"sv": "Spridning till andra enheter", "en": "Spread to other units"},
    "level.total": {"sv": "Totalt", "en": "Total"},
    "col.level": {"sv": "Nivå", "en": "Level"},
    "col.occurs": {"sv": "Sker", "en": "Happens"},
    "levels.title": {
        "sv": "Nettonuvärde per nivå för {persp} (individ-, organisations- och systemnivå):",
        "en": "Net present value by level for {persp} (individual, organisational and system "
        "level):",
    },
    "levels.with_continuation": {
        "sv": "Om metoden lever vidare: median {with_median}, sannolikhet för vinst {with_prob}; "
        "om den upphör med finansieringen: median {without_median}, {without_prob}.",
        "en": "If the method continues: median {with_median}, probability of a gain "
        "{with_prob}; if it ends with the funding: median {without_median}, {without_prob}.",
    },
    "levels.with_spread": {
        "sv": "Om metoden sprids: median {with_median}, sannolikhet för vinst {with_prob} "
        "(projektet plus spridningen); utan spridning: median {without_median}, "
        "{without_prob}.",
        "en": "If the method spreads: median {with_median}, probability of a gain {with_prob} "
        "(the project plus the spread); without spread: median {without_median}, "
        "{without_prob}.",
    },
    "col.project": {"sv": "Projekt", "en": "Project"},
    "col.risk_share": {"sv": "Andel av risken", "en": "Share of risk"},
    "portfolio.title": {"sv": "Portfölj med {k} projekt", "en": "Portfolio of {k} projects"},
    "portfolio.headline": {
        "sv": "90 % intervall för portföljens samlade nettonuvärde (samhället): {lo} till {hi}; "
        "sannolikhet att fonden som helhet går med vinst: {prob}",
        "en": "90% interval of the portfolio's total net present value (society): {lo} to "
        "{hi}; probability that the fund as a whole breaks even: {prob}",
    },
    "portfolio.risk_note": {
        "sv": "Andel av risken = projektets bidrag till variansen i portföljens nettonuvärde, "
        "Cov(projekt, total) / Var(total); andelarna summerar till 100 %.",
        "en": "Share of risk = the project's contribution to the variance of the portfolio's "
        "NPV, Cov(project, total) / Var(total); the shares sum to 100%.",
    },
    "portfolio.actors_title": {
        "sv": "Portföljens nettonuvärde per perspektiv (summa över projekten):",
        "en": "The portfolio's net present value by perspective (sum over the projects):",
    },
    "portfolio.budget": {
        "sv": "Budget {budget}: projektens samlade kostnad ({who}; odiskonterad, fasta priser, "
        "utan fortsättning och spridning) är i medel {mean}, P95 {p95}; sannolikhet att "
        "den ryms i budgeten: {prob}.",
        "en": "Budget {budget}: the projects' total cost ({who}; undiscounted, fixed prices, "
        "without continuation and spread) is {mean} on average, P95 {p95}; probability that "
        "it fits the budget: {prob}.",
    },
    "portfolio.all_payers": {"sv": "alla betalare", "en": "all payers"},
    "portfolio.shared": {
        "sv": "Parametrar som finns i flera projekt dras gemensamt (samma slumptal): {ids}. "
        "Använd --independent om de ska vara oberoende.",
        "en": "Parameters that occur in several projects are drawn jointly (the same random "
        "numbers): {ids}. Use --independent to make them independent.",
    },
    "portfolio.none_shared": {
        "sv": "Inga osäkra parametrar delas mellan projekten; de dras oberoende.",
        "en": "No uncertain parameter is shared between the projects; they are drawn "
        "independently.",
    },
    "portfolio.independent": {
        "sv": "Projekten dras oberoende av varandra (--independent).",
        "en": "The projects are drawn independently of each other (--independent).",
    },
    "col.prior_mean": {"sv": "Före: medel", "en": "Prior: mean"},
    "col.prior_90": {"sv": "Före: 90 %", "en": "Prior: 90%"},
    "col.observed": {"sv": "Observerat", "en": "Observed"},
    "col.post_mean": {"sv": "Efter: medel", "en": "Posterior: mean"},
    "col.post_90": {"sv": "Efter: 90 %", "en": "Posterior: 90%"},
    "update.title": {
        "sv": "Lärande från uppföljning: {title}",
        "en": "Learning from follow-up: {title}",
    },
    "update.approximated": {
        "sv": "{label}: antagandet {prior} är ingen betafördelning; det ersattes av "
        "beta(alpha={alpha}, beta={beta}) med samma medelvärde och standardavvikelse.",
        "en": "{label}: the prior {prior} is not a beta; it was replaced by "
        "beta(alpha={alpha}, beta={beta}) with the same mean and standard deviation.",
    },
    "update.headline": {
        "sv": "Sannolikhet för vinst (samhället): {prob_before} före, {prob_after} efter; "
        "median nettonuvärde: {median_before} före, {median_after} efter (samma slumptal, "
        "{draws} dragningar, frö {seed}).",
        "en": "Probability of a gain (society): {prob_before} before, {prob_after} after; "
        "median net present value: {median_before} before, {median_after} after (common "
        "random numbers, {draws} draws, seed {seed}).",
    },
    "update.written": {
        "sv": "Det uppdaterade scenariot skrevs till {file}.",
        "en": "The updated scenario was written to {file}.",
    },
    "levels.headline_note": {
        "sv": "Rubriksiffran och tabellen ovan avser totalen: projektet plus fortsättning och "
        "spridning i de dragningar där de sker.",
        "en": "The headline and the table above refer to the total: the project plus "
        "continuation and spread in the draws where they happen.",
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
