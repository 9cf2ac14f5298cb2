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
    # --- sensitivity ---
    "sens.title": {
        "sv": "Känslighetsanalys: vilka antaganden bär resultatet ({persp}s nettonuvärde)",
        "en": "Sensitivity analysis: which assumptions carry the result (NPV for {persp})",
    },
    "sens.settings": {
        "sv": "{draws} dragningar, frö {seed}",
        "en": "{draws} draws, seed {seed}",
    },
    "sens.settings_sobol": {
        "sv": "Sobol: {n} basdragningar, {r} bootstrap-omdragningar",
        "en": "Sobol: {n} base samples, {r} bootstrap resamples",
    },
    "sens.base_npv": {
        "sv": "Grundfall (alla antaganden på sin median): nettonuvärde {npv}",
        "en": "Base case (every assumption at its median): NPV {npv}",
    },
    "sens.table_title": {
        "sv": "Antaganden rangordnade efter hur mycket av osäkerheten de bär",
        "en": "Assumptions ranked by how much of the uncertainty they carry",
    },
    "sens.col.rank": {"sv": "#", "en": "#"},
    "sens.col.tornado_low": {"sv": "NNV vid P10", "en": "NPV at P10"},
    "sens.col.tornado_high": {"sv": "NNV vid P90", "en": "NPV at P90"},
    "sens.col.swing": {"sv": "Utslag", "en": "Swing"},
    "sens.col.spearman": {"sv": "Rangkorr.", "en": "Rank corr."},
    "sens.col.sobol_first": {"sv": "Sobol S1 [95 % KI]", "en": "Sobol S1 [95% CI]"},
    "sens.col.sobol_total": {"sv": "Sobol ST [95 % KI]", "en": "Sobol ST [95% CI]"},
    "sens.col.evppi": {"sv": "EVPPI", "en": "EVPPI"},
    "sens.flag_legend": {
        "sv": "! = svagt underlag (antagande eller ej angivet) och stor andel av osäkerheten "
        "(Sobol ST eller kvadrerad rangkorrelation minst {share}): granska först.",
        "en": "! = weak evidence (assumption or not stated) and a large share of the uncertainty "
        "(Sobol ST or squared rank correlation at least {share}): scrutinise these first.",
    },
    "sens.evpi": {
        "sv": "Värdet av fullständig information (EVPI): {evpi} (± {se}). Så mycket är det som "
        "mest värt att lägga på att undanröja all osäkerhet innan beslutet att investera.",
        "en": "Expected value of perfect information (EVPI): {evpi} (± {se}). This is the most "
        "it is worth spending to remove all uncertainty before deciding whether to invest.",
    },
    "sens.evppi_top": {
        "sv": "Mest värt att ta reda på: {label}: högst {evppi} (± {se}) är värt att lägga på "
        "att känna det exakt.",
        "en": "Most worth learning: {label}: at most {evppi} (± {se}) is worth spending to "
        "learn it exactly.",
    },
    "sens.switching_title": {
        "sv": "Vad man måste tro (brytpunkter, övriga antaganden på sin median)",
        "en": "What you have to believe (switching values, other assumptions at their median)",
    },
    "sens.switching.below": {
        "sv": "{label}: för vinst måste värdet vara under {value}, dess {pct} percentil.",
        "en": "{label}: for a gain it would have to be below {value}, its {pct} percentile.",
    },
    "sens.switching.above": {
        "sv": "{label}: för vinst måste värdet vara över {value}, dess {pct} percentil.",
        "en": "{label}: for a gain it would have to be above {value}, its {pct} percentile.",
    },
    "sens.switching.always_positive": {
        "sv": "{label}: ingen brytpunkt; nettonuvärdet är positivt över hela intervallet "
        "{lo} till {hi}.",
        "en": "{label}: no switching value; the NPV is positive over the whole range {lo} to {hi}.",
    },
    "sens.switching.always_negative": {
        "sv": "{label}: ingen brytpunkt; nettonuvärdet är negativt över hela intervallet "
        "{lo} till {hi}.",
        "en": "{label}: no switching value; the NPV is negative over the whole range {lo} to {hi}.",
    },
    "sens.breakeven_title": {
        "sv": "Effekt som krävs för att gå jämnt ut (förväntat nettonuvärde 0, övriga "
        "antaganden osäkra)",
        "en": "Break-even effect (expected NPV of 0, other assumptions uncertain)",
    },
    "sens.breakeven.relative_risk": {
        "sv": "{label}: relativ risk {value} ({pct} percentilen av antagen effekt); för vinst "
        "måste den vara {dir} det.",
        "en": "{label}: relative risk {value} (the {pct} percentile of the assumed effect); "
        "for a gain it must be {dir} that.",
    },
    "sens.breakeven.risk_difference": {
        "sv": "{label}: riskminskning {value} ({pct} percentilen av antagen effekt); för vinst "
        "måste den vara {dir} det.",
        "en": "{label}: risk difference {value} (the {pct} percentile of the assumed effect); "
        "for a gain it must be {dir} that.",
    },
    "sens.breakeven.relative_risk_fixed": {
        "sv": "{label}: relativ risk {value}; för vinst måste den vara {dir} det.",
        "en": "{label}: relative risk {value}; for a gain it must be {dir} that.",
    },
    "sens.breakeven.risk_difference_fixed": {
        "sv": "{label}: riskminskning {value}; för vinst måste den vara {dir} det.",
        "en": "{label}: risk difference {value}; for a gain it must be {dir} that.",
    },
    "run.drivers_none": {
        "sv": "Inga osäkra antaganden.",
        "en": "No uncertain assumptions.",
    },
    "sens.breakeven.always_positive": {
        "sv": "{label}: det förväntade nettonuvärdet är positivt vilken effekt som helst.",
        "en": "{label}: the expected NPV is positive whatever the effect.",
    },
    "sens.breakeven.always_negative": {
        "sv": "{label}: det förväntade nettonuvärdet är negativt även med full effekt.",
        "en": "{label}: the expected NPV is negative even with the full effect.",
    },
    "sens.dir.below": {"sv": "under", "en": "below"},
    "sens.dir.above": {"sv": "över", "en": "above"},
    "sens.notes_title": {"sv": "Anmärkningar", "en": "Notes"},
    "sens.note.no_uncertain": {
        "sv": "Scenariot har inga osäkra antaganden; det finns ingen osäkerhet att fördela.",
        "en": "The scenario has no uncertain assumptions; there is no uncertainty to apportion.",
    },
    "sens.note.sobol_correlations": {
        "sv": "Sobol-index förutsätter oberoende antaganden: scenariots {k} korrelation(er) "
        "har tagits bort i Sobol-beräkningen (rangkorrelation och värde av information "
        "räknar med dem).",
        "en": "Sobol indices assume independent inputs: the scenario's {k} correlation(s) were "
        "dropped for the Sobol computation (rank correlation and value of information keep "
        "them).",
    },
    "sens.note.sobol_converged": {
        "sv": "Sobol-indexen har konvergerat: största skillnad mellan n/2 och n = {n} "
        "basdragningar är {gap}.",
        "en": "The Sobol indices have converged: the largest difference between n/2 and "
        "n = {n} base samples is {gap}.",
    },
    "sens.note.sobol_not_converged": {
        "sv": "Sobol-indexen har inte konvergerat: de ändras upp till {gap} mellan n/2 och "
        "n = {n} basdragningar; öka antalet (sobol_n).",
        "en": "The Sobol indices have not converged: they change by up to {gap} between n/2 "
        "and n = {n} base samples; increase the base sample (sobol_n).",
    },
    "sens.note.sobol_negative": {
        "sv": "Negativa skattningar av första ordningens index vars konfidensintervall "
        "täcker 0 redovisas som skattade men ska läsas som 0: {labels}.",
        "en": "Negative estimates of first-order indices whose confidence interval covers 0 "
        "are reported as estimated but should be read as 0: {labels}.",
    },
    "sens.note.sobol_sum": {
        "sv": "Summan av första ordningens index överstiger 1 med mer än skattningsfelet; "
        "öka antalet basdragningar.",
        "en": "The first-order indices sum to more than 1 by more than the estimation error; "
        "increase the base sample.",
    },
    "sens.note.rank_correlations": {
        "sv": "Rangkorrelationerna räknar med scenariots korrelationer: korrelerade "
        "antaganden delar på sitt utslag.",
        "en": "The rank correlations include the scenario's correlations: correlated "
        "assumptions share their influence.",
    },
    "sens.note.several_roots": {
        "sv": "Nettonuvärdet byter tecken mer än en gång inom intervallet; brytpunkten närmast "
        "medianen visas: {labels}.",
        "en": "The NPV changes sign more than once within the range; the switching value "
        "nearest to the median is shown: {labels}.",
    },
    "sens.note.evppi_method": {
        "sv": "EVPPI skattas med regression (kubisk spline) av nettonuvärdet på varje "
        "antagande; standardfelet kombinerar regressionens och Monte Carlo-urvalets osäkerhet.",
        "en": "EVPPI is estimated by regressing the NPV on each assumption (cubic spline); its "
        "standard error combines the regression and the Monte Carlo sampling uncertainty.",
    },
    # --- evaluator ---
    "ev.overrides_title": {
        "sv": "Ändrade antaganden (bedömarens värden i stället för sökandens)",
        "en": "Overridden assumptions (the evaluator's values instead of the applicant's)",
    },
    "ev.col.original": {"sv": "Sökandens värde", "en": "Applicant's value"},
    "ev.col.new": {"sv": "Nytt värde", "en": "New value"},
    "ev.col.origin": {"sv": "Ursprung", "en": "Origin"},
    "ev.col.note": {"sv": "Motivering", "en": "Note"},
    "ev.deltas": {
        "sv": "Jämfört med det oförändrade scenariot (samma slumptal): medelvärdet av "
        "nettonuvärdet ändras med {npv} (± {mcse}), sannolikheten för vinst med {prob} "
        "procentenheter.",
        "en": "Compared with the unmodified scenario (same random numbers): the mean net present "
        "value changes by {npv} (± {mcse}), the probability of a gain by {prob} percentage points.",
    },
    "ev.widen_note": {
        "sv": "breddad ±{pct} (evidens: {grade})",
        "en": "widened by ±{pct} (evidence: {grade})",
    },
    "cmp.title": {
        "sv": "Jämförelse på gemensamma slumptal: {persp}s nettonuvärde",
        "en": "Comparison on common random numbers: net present value for {persp}",
    },
    "cmp.col.scenario": {"sv": "Scenario", "en": "Scenario"},
    "cmp.col.breakeven": {"sv": "Jämvikt (median)", "en": "Break-even (median)"},
    "cmp.col.expected": {"sv": "Undvikna (medel)", "en": "Avoided (mean)"},
    "cmp.pairs_title": {
        "sv": "Skillnad i nettonuvärde per par (A − B, samma dragningar)",
        "en": "Difference in net present value per pair (A − B, same draws)",
    },
    "cmp.col.pair": {"sv": "Par", "en": "Pair"},
    "cmp.col.prob_better": {"sv": "P(A > B)", "en": "P(A > B)"},
    "cmp.overrides_of": {
        "sv": "#{i} {title}: ändrade antaganden",
        "en": "#{i} {title}: overridden assumptions",
    },
    "cmp.no_overrides": {
        "sv": "Inga antaganden är ändrade; alla scenarier visas som de lämnats in.",
        "en": "No assumptions are overridden; every scenario is shown as submitted.",
    },
    "cred.title": {
        "sv": "Trovärdighetskarta: evidens mot andel av osäkerheten i {persp}s nettonuvärde",
        "en": "Credibility map: evidence against share of the uncertainty in the net present "
        "value for {persp}",
    },
    "cred.col.share": {"sv": "Andel av osäkerheten", "en": "Share of uncertainty"},
    "cred.col.flag": {"sv": "Flagga", "en": "Flag"},
    "cred.critical": {
        "sv": "kritisk: följ upp eller utvärdera",
        "en": "critical: follow up or evaluate",
    },
    "cred.fixed": {"sv": "fast värde", "en": "fixed value"},
    "cred.n_critical": {
        "sv": "{n} antaganden med svag evidens (antagande eller ej angiven) bär vardera minst "
        "{thr} av osäkerheten.",
        "en": "{n} weakly grounded assumptions (assumption or not stated) each carry at least "
        "{thr} of the uncertainty.",
    },
    "cred.none_critical": {
        "sv": "Inget antagande med svag evidens bär {thr} eller mer av osäkerheten.",
        "en": "No weakly grounded assumption carries {thr} or more of the uncertainty.",
    },
    "cred.measure": {
        "sv": "Andel = kvadrerad rangkorrelation med nettonuvärdet, normerad till summan 1. "
        "Fasta värden bär ingen andel: som de är angivna påstår de full säkerhet.",
        "en": "Share = squared rank correlation with the net present value, normalised to sum 1. "
        "Fixed values carry no share: as given, they claim certainty.",
    },
    "plot.npv_axis": {"sv": "Nettonuvärde ({cur})", "en": "Net present value ({cur})"},
    "plot.density": {"sv": "Andel av dragningarna", "en": "Share of draws"},
    "plot.share_axis": {"sv": "Andel av osäkerheten", "en": "Share of the uncertainty"},
    "plot.evidence_axis": {"sv": "Evidens", "en": "Evidence"},
    "plot.threshold": {"sv": "tröskel {thr}", "en": "threshold {thr}"},
    # --- data ---
    "units.header": {
        "sv": "{n} enhetskostnader ur sekalks bibliotek (belopp i kronor i respektive prisår; "
        "källor och härledningar: sekalk/data/SOURCES.md)",
        "en": "{n} unit costs from the sekalk library (amounts in SEK at the prices of each "
        "price year; sources and derivations: sekalk/data/SOURCES.md)",
    },
    "units.none": {
        "sv": "Ingen enhetskostnad matchar {query}.",
        "en": "No unit cost matches {query}.",
    },
    "units.values": {
        "sv": "låg / trolig / hög: {low} / {likely} / {high} {unit} (prisår {year})",
        "en": "low / likely / high: {low} / {likely} / {high} {unit} (price year {year})",
    },
    "units.rate_values": {
        "sv": "låg / trolig / hög: {low} / {likely} / {high} (andel, {year})",
        "en": "low / likely / high: {low} / {likely} / {high} (share, {year})",
    },
    "units.kind_payer": {
        "sv": "slag: {kind} · betalare: {payer}",
        "en": "kind: {kind} · payer: {payer}",
    },
    "units.recipient": {"sv": " · mottagare: {recipient}", "en": " · recipient: {recipient}"},
    "units.source": {"sv": "källa", "en": "source"},
    "units.usage": {
        "sv": 'Använd i ett scenario: annual = {{ ref = "<id>", per = "year" }} '
        "(räknas om till scenariots prisår med KPI).",
        "en": 'Use in a scenario: annual = {{ ref = "<id>", per = "year" }} '
        "(converted to the scenario's price year with KPI).",
    },
    "unit.day": {"sv": "kr per dygn", "en": "SEK per day"},
    "unit.month": {"sv": "kr per månad", "en": "SEK per month"},
    "unit.year": {"sv": "kr per år", "en": "SEK per year"},
    "unit.household-month": {"sv": "kr per hushåll och månad", "en": "SEK per household-month"},
    "unit.household-year": {"sv": "kr per hushåll och år", "en": "SEK per household-year"},
    "unit.person-year": {"sv": "kr per person och år", "en": "SEK per person-year"},
    "unit.person-lifetime": {"sv": "kr per person och livstid", "en": "SEK per person-lifetime"},
    "unit.case": {"sv": "kr per ärende", "en": "SEK per case"},
    "kind.resource": {"sv": "resurs", "en": "resource"},
    "kind.transfer": {"sv": "transferering", "en": "transfer"},
    "kind.production": {"sv": "produktion", "en": "production"},
    "kind.rate": {"sv": "andel", "en": "rate"},
    "new.written": {
        "sv": "Skrev mallen {file}. Fyll i dina egna siffror och kontrollera med: "
        "sekalk validate {file}",
        "en": "Wrote the template {file}. Fill in your own figures and check it with: "
        "sekalk validate {file}",
    },
    "schema.written": {
        "sv": "Skrev JSON Schema till {file}.",
        "en": "Wrote the JSON Schema to {file}.",
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
    # --- robust ---
    "robust.breakeven_no_avoided": {
        "sv": "Ingen jämviktspunkt: insatsen undviker inga negativa utfall (antalet undvikna "
        "utfall är 0), så det finns inget antal framgångar som bär kostnaden.",
        "en": "No break-even point: the intervention avoids no adverse outcomes (the number of "
        "avoided outcomes is 0), so no number of successes pays for the cost.",
    },
    "robust.breakeven_no_value": {
        "sv": "Ingen jämviktspunkt: de undvikna utfallen har inget positivt värde (nuvärdet av "
        "de undvikna kostnaderna är högst 0).",
        "en": "No break-even point: the avoided outcomes have no positive value (the present "
        "value of the avoided costs is 0 or less).",
    },
    "robust.breakeven_partly": {
        "sv": "Jämviktspunkten saknas i {share} av dragningarna ({why}).",
        "en": "Break-even is undefined in {share} of the draws ({why}).",
    },
    "robust.why_no_avoided": {
        "sv": "inga undvikna utfall",
        "en": "no avoided outcomes",
    },
    "robust.why_no_value": {
        "sv": "undvikna utfall utan positivt värde",
        "en": "avoided outcomes without positive value",
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
