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
    # --- reports ---
    # plots
    "plot.npv_title": {
        "sv": "Nettonuvärde för {persp}: fördelning över alla dragningar",
        "en": "Net present value for {persp}: distribution over all draws",
    },
    "plot.npv_axis": {
        "sv": "Nettonuvärde för {persp} ({unit})",
        "en": "Net present value for {persp} ({unit})",
    },
    "plot.density": {"sv": "Hur vanligt", "en": "How often"},
    "plot.interval90": {
        "sv": "90 % intervall: {lo} till {hi}",
        "en": "90% interval: {lo} to {hi}",
    },
    "plot.median": {"sv": "Median: {value}", "en": "Median: {value}"},
    "plot.zero": {"sv": "Noll: går jämnt ut", "en": "Zero: break-even"},
    "plot.prob_gain": {"sv": "P(nettonuvärde > 0) = {prob}", "en": "P(NPV > 0) = {prob}"},
    "plot.scurve_title": {
        "sv": "Sannolikheten att nettonuvärdet för {persp} överstiger ett belopp",
        "en": "Probability that the net present value for {persp} exceeds an amount",
    },
    "plot.exceed_axis": {"sv": "Sannolikhet att överstiga", "en": "Probability of exceeding"},
    "plot.cashflow_title": {
        "sv": "Ackumulerat diskonterat nettoflöde för {persp}, år för år",
        "en": "Cumulative discounted net flow for {persp}, year by year",
    },
    "plot.band90": {"sv": "90 % av utfallen", "en": "90% of outcomes"},
    "plot.band50": {"sv": "50 % av utfallen", "en": "50% of outcomes"},
    "plot.median_line": {"sv": "Median", "en": "Median"},
    "plot.cum_axis": {"sv": "Ackumulerat ({unit})", "en": "Cumulative ({unit})"},
    "plot.paid_back_axis": {"sv": "Återbetalt", "en": "Paid back"},
    "plot.no_payback": {
        "sv": "Återbetalningstid saknas: perspektivet betalar inga insatskostnader",
        "en": "No payback time: this perspective pays no intervention costs",
    },
    "plot.year_axis": {
        "sv": "År från start (år 0 = insatsens första år)",
        "en": "Years from start (year 0 = first year of the intervention)",
    },
    "plot.actors_title": {
        "sv": "Vem betalar och vem vinner (nuvärden, median och 90 % intervall)",
        "en": "Who pays and who gains (present values, median and 90% interval)",
    },
    "plot.actor_costs": {"sv": "Insatskostnad", "en": "Intervention cost"},
    "plot.actor_avoided": {"sv": "Undvikna kostnader", "en": "Avoided costs"},
    "plot.actor_net": {"sv": "Netto", "en": "Net"},
    "plot.actor_axis": {"sv": "Nuvärde ({unit})", "en": "Present value ({unit})"},
    "plot.median_interval": {
        "sv": "{median} ({lo} till {hi})",
        "en": "{median} ({lo} to {hi})",
    },
    "plot.logic_title": {
        "sv": "Verksamhetslogik: från deltagare till undvikna kostnader",
        "en": "Logic model: from participants to avoided costs",
    },
    "plot.logic_legend": {"sv": "Evidensgrad", "en": "Evidence grade"},
    "plot.logic_participants": {"sv": "Deltagare", "en": "Participants"},
    "plot.logic_per_year": {"sv": "per år: {value}", "en": "per year: {value}"},
    "plot.logic_cohorts": {
        "sv": "{n} årskullar, totalt {total}",
        "en": "{n} cohorts, in total {total}",
    },
    "plot.logic_share": {"sv": "andel: {value}", "en": "share: {value}"},
    "plot.logic_baseline": {"sv": "risk utan insats: {value}", "en": "risk without: {value}"},
    "plot.logic_relative_risk": {"sv": "relativ risk: {value}", "en": "relative risk: {value}"},
    "plot.logic_risk_difference": {
        "sv": "riskminskning: {value}",
        "en": "risk reduction: {value}",
    },
    "plot.logic_outcome": {
        "sv": "{label} (efter {n} år)",
        "en": "{label} (after {n} years)",
    },
    "plot.logic_annual": {"sv": "per år: {value}", "en": "per year: {value}"},
    "plot.logic_con_share": {"sv": "berör: {value}", "en": "affects: {value}"},
    "plot.logic_evidence": {"sv": "evidens: {grade}", "en": "evidence: {grade}"},
    "plot.tornado_title": {
        "sv": "Tornadodiagram: nettonuvärdet när ett antagande i taget sätts lågt eller högt",
        "en": "Tornado: the NPV when one assumption at a time is set low or high",
    },
    "plot.tornado_low": {"sv": "Lågt värde", "en": "Low value"},
    "plot.tornado_high": {"sv": "Högt värde", "en": "High value"},
    "plot.sobol_title": {
        "sv": "Sobolindex: andel av osäkerheten som varje antagande står för",
        "en": "Sobol' indices: share of the uncertainty each assumption accounts for",
    },
    "plot.sobol_first": {"sv": "Ensam (första ordningen)", "en": "Alone (first order)"},
    "plot.sobol_total": {
        "sv": "Med samspel (totalt)",
        "en": "With interactions (total)",
    },
    "plot.sobol_axis": {
        "sv": "Andel av nettonuvärdets varians",
        "en": "Share of the variance of the NPV",
    },
    # HTML report
    "report.doc_title": {"sv": "Samhällsekonomisk kalkyl", "en": "Socio-economic calculation"},
    "report.subtitle": {
        "sv": "beräknad med sekalk {version} · {draws} dragningar · fasta priser {year}",
        "en": "computed with sekalk {version} · {draws} draws · constant {year} prices",
    },
    "report.toc": {"sv": "Innehåll", "en": "Contents"},
    "report.sec_headline": {"sv": "Resultatet i korthet", "en": "The result at a glance"},
    "report.sec_believe": {"sv": "Vad man måste tro på", "en": "What you have to believe"},
    "report.sec_assumptions": {"sv": "Antagandena", "en": "The assumptions"},
    "report.sec_drivers": {
        "sv": "Vilka antaganden avgör resultatet",
        "en": "Which assumptions drive the result",
    },
    "report.sec_actors": {"sv": "Vem betalar och vem vinner", "en": "Who pays and who gains"},
    "report.sec_time": {"sv": "Över tid", "en": "Over time"},
    "report.sec_logic": {"sv": "Verksamhetslogiken", "en": "The logic model"},
    "report.sec_method": {"sv": "Så här är kalkylen gjord", "en": "How the calculation is made"},
    "report.sec_provenance": {"sv": "Underlag för granskning", "en": "Provenance"},
    "report.headline_interval": {
        "sv": "Med 90 % sannolikhet ligger nettonuvärdet för {persp} mellan {lo} och {hi} "
        "(median {median}).",
        "en": "With 90% probability the net present value for {persp} lies between {lo} and "
        "{hi} (median {median}).",
    },
    "report.headline_prob": {
        "sv": "Sannolikheten att insatsen lönar sig för samhället är {gain}; sannolikheten att "
        "den kostar mer än den sparar är {loss}.",
        "en": "The probability that the intervention pays off for society is {gain}; the "
        "probability that it costs more than it saves is {loss}.",
    },
    "report.breakeven": {
        "sv": "Kalkylen går jämnt ut om insatsen förhindrar att ungefär {needed} av "
        "{participants} deltagare får det negativa utfallet; antagandena ger {expected} "
        "(90 % intervall {expected_lo}–{expected_hi}).",
        "en": "The calculation breaks even if the intervention prevents the adverse outcome for "
        "about {needed} of {participants} participants; the assumptions give {expected} "
        "(90% interval {expected_lo}–{expected_hi}).",
    },
    "report.believe_breakeven": {
        "sv": "För att insatsen ska löna sig för samhället måste den förhindra det negativa "
        "utfallet för minst cirka {needed} deltagare (90 % intervall {needed_lo}–{needed_hi}, "
        "beroende på kostnaderna och värdet av varje undvikt utfall) av ungefär {participants}. "
        "Med de antaganden som redovisas nedan förhindras {expected} utfall (90 % intervall "
        "{expected_lo}–{expected_hi}); i {prob_enough} av dragningarna räcker det.",
        "en": "For the intervention to pay off for society it has to prevent the adverse outcome "
        "for at least about {needed} participants (90% interval {needed_lo}–{needed_hi}, "
        "depending on the costs and the value of each avoided outcome) out of about "
        "{participants}. The assumptions below give {expected} avoided outcomes (90% interval "
        "{expected_lo}–{expected_hi}); that is enough in {prob_enough} of the draws.",
    },
    "report.believe_switching_intro": {
        "sv": "Nettonuvärdet blir noll om ett av antagandena (med de övriga på sina medianer) "
        "har följande värde:",
        "en": "The net present value becomes zero if one of the assumptions (the others at "
        "their medians) takes the following value:",
    },
    "report.switching_item": {
        "sv": "{label}: {value} (percentil {pct} av antagandets fördelning)",
        "en": "{label}: {value} (percentile {pct} of the assumption's distribution)",
    },
    "report.believe_none": {
        "sv": "Inget enskilt antagande vänder resultatet inom sitt eget osäkerhetsintervall.",
        "en": "No single assumption turns the result within its own range of uncertainty.",
    },
    "report.believe_no_sensitivity": {
        "sv": "Brytpunkter för enskilda antaganden visas när rapporten tas fram med en "
        "känslighetsanalys.",
        "en": "Switching values of single assumptions are shown when the report is produced "
        "with a sensitivity analysis.",
    },
    "report.assumptions_intro": {
        "sv": "Varje osäkert antagande anges som en fördelning. Tabellen visar medianen och "
        "intervallet där 90 % av värdena hamnar, hur väl antagandet är underbyggt och var "
        "siffran kommer ifrån.",
        "en": "Every uncertain assumption is given as a distribution. The table shows the median "
        "and the interval that holds 90% of the values, how well the assumption is supported "
        "and where the number comes from.",
    },
    "report.evidence_legend": {
        "sv": "Evidensgrad: forskning (studier), beprövad erfarenhet (egna eller andras "
        "uppföljningar), antagande (bedömning utan underlag).",
        "en": "Evidence grade: research (studies), experience (own or others' follow-up), "
        "assumption (judgement without data).",
    },
    "report.col_perspective": {"sv": "Perspektiv", "en": "Perspective"},
    "report.col_p05": {"sv": "Lågt (P5)", "en": "Low (P5)"},
    "report.col_p50": {"sv": "Median", "en": "Median"},
    "report.col_p95": {"sv": "Högt (P95)", "en": "High (P95)"},
    "report.col_prob": {"sv": "Sannolikhet för vinst", "en": "Probability of a gain"},
    "report.col_bcr": {"sv": "Nyttokvot (median)", "en": "Benefit-cost ratio (median)"},
    "report.col_assumption": {"sv": "Antagande", "en": "Assumption"},
    "report.col_value": {"sv": "Median (90 % intervall)", "en": "Median (90% interval)"},
    "report.col_evidence": {"sv": "Evidens", "en": "Evidence"},
    "report.col_source": {"sv": "Källa", "en": "Source"},
    "report.col_driver": {"sv": "Antagande", "en": "Assumption"},
    "report.col_rho": {"sv": "Rangkorrelation", "en": "Rank correlation"},
    "report.col_costs": {"sv": "Insatskostnad", "en": "Intervention cost"},
    "report.col_avoided": {"sv": "Undvikna kostnader", "en": "Avoided costs"},
    "report.col_net": {"sv": "Netto", "en": "Net"},
    "report.distribution": {"sv": "fördelning", "en": "distribution"},
    "report.note": {"sv": "Anm.", "en": "Note"},
    "report.range": {"sv": "{lo} till {hi}", "en": "{lo} to {hi}"},
    "report.rho_up": {
        "sv": "högre värde ger högre nettonuvärde",
        "en": "a higher value gives a higher NPV",
    },
    "report.rho_down": {
        "sv": "högre värde ger lägre nettonuvärde",
        "en": "a higher value gives a lower NPV",
    },
    "report.drivers_intro": {
        "sv": "Rangkorrelationen (mellan −1 och 1) visar hur starkt varje antagande hänger ihop "
        "med samhällets nettonuvärde över alla dragningar. Ju längre stapel, desto mer avgör "
        "antagandet resultatet, och desto mer lönar det sig att underbygga det bättre.",
        "en": "The rank correlation (between −1 and 1) shows how strongly each assumption moves "
        "with the society NPV over all draws. The longer the bar, the more the assumption "
        "decides the result, and the more it pays to support it better.",
    },
    "report.drivers_sens_intro": {
        "sv": "Känslighetsanalysen nedan ändrar ett antagande i taget (tornadodiagram) och delar "
        "upp osäkerheten mellan antagandena (Sobolindex).",
        "en": "The sensitivity analysis below changes one assumption at a time (tornado) and "
        "splits the uncertainty among the assumptions (Sobol' indices).",
    },
    "report.evpi": {
        "sv": "Värdet av fullständig information (EVPI), det mesta det kan vara värt att ta "
        "bort all osäkerhet innan beslutet:",
        "en": "Expected value of perfect information (EVPI), the most it can be worth to remove "
        "all uncertainty before deciding:",
    },
    "report.sens_notes": {"sv": "Anmärkningar:", "en": "Notes:"},
    "report.actors_intro": {
        "sv": "Kostnaderna och vinsterna faller på olika aktörer. Undvikna transfereringar "
        "(till exempel ekonomiskt bistånd) är en vinst för den som betalar och en lika stor "
        "förlust för den som tar emot; för samhället som helhet tar de ut varandra.",
        "en": "Costs and gains fall on different actors. Avoided transfers (for example social "
        "assistance) are a gain for the payer and an equal loss for the recipient; for "
        "society as a whole they cancel out.",
    },
    "report.time_intro": {
        "sv": "Kostnaderna kommer först och vinsterna senare. Diagrammen visar hur det "
        "ackumulerade nettot, omräknat till dagens värde, utvecklas år för år: det mörka "
        "bandet rymmer hälften av utfallen, det ljusa 90 %. Den nedre delen visar "
        "sannolikheten att kostnaderna är återbetalda ett visst år.",
        "en": "Costs come first and gains later. The charts show how the cumulative net, in "
        "today's money, develops year by year: the dark band holds half of the outcomes, the "
        "light one 90%. The lower part shows the probability that the costs are paid back "
        "by a given year.",
    },
    "report.payback": {
        "sv": "För {persp}: sannolikheten att kostnaderna är återbetalda inom {horizon} år är "
        "{prob}; när de blir det sker det oftast (median) under år {year}.",
        "en": "For {persp}: the probability that the costs are paid back within {horizon} years "
        "is {prob}; when they are, it is typically (median) in year {year}.",
    },
    "report.payback_rare": {
        "sv": "För {persp}: sannolikheten att kostnaderna är återbetalda inom {horizon} år är "
        "{prob}.",
        "en": "For {persp}: the probability that the costs are paid back within {horizon} years "
        "is {prob}.",
    },
    "report.logic_intro": {
        "sv": "Verksamhetslogiken är kedjan från deltagare till undvikna kostnader. Varje länk "
        "är ett antagande; talen är medianer med 90 % intervall. Färg och ramens linjetyp "
        "visar evidensgraden för den svagaste uppgiften i rutan.",
        "en": "The logic model is the chain from participants to avoided costs. Every link is an "
        "assumption; numbers are medians with 90% intervals. Colour and border style show the "
        "evidence grade of the weakest input in the box.",
    },
    "report.defaults_note": {
        "sv": "Där scenariofilen inte anger något räknar kalkylen med ingen real tillväxt av "
        "kostnaderna, inget årligt bortfall av effekten och att hela förändringen beror på "
        "insatsen.",
        "en": "Where the scenario file says nothing, the calculation assumes no real growth of "
        "the costs, no yearly drop-off of the effect and that the whole change is due to the "
        "intervention.",
    },
    "report.npv_caption": {
        "sv": "Varje stapel visar hur ofta ett visst nettonuvärde förekommer bland dragningarna. "
        "Det skuggade området rymmer 90 % av dem; till höger om den streckade linjen vid noll "
        "sparar insatsen mer än den kostar.",
        "en": "Each bar shows how often a net present value occurs among the draws. The shaded "
        "area holds 90% of them; to the right of the dashed zero line the intervention saves "
        "more than it costs.",
    },
    "report.table_caption": {
        "sv": "Nettonuvärde per perspektiv",
        "en": "Net present value by perspective",
    },
    "report.disclaimer": {
        "sv": "Kalkylen är ett antagande, inte ett bevis. Siffrorna följer av antagandena i "
        "den här rapporten; de visar inte att insatsen har effekt.",
        "en": "The calculation is an assumption, not proof. The figures follow from the "
        "assumptions in this report; they do not show that the intervention works.",
    },
    "report.method_1": {
        "sv": "En samhällsekonomisk kalkyl jämför vad en insats kostar med de kostnader den kan "
        "förebygga, till exempel extra skolår, ekonomiskt bistånd, vård eller förlorad "
        "arbetsinkomst. Kalkylen är ett antagande och inte ett bevis: den visar vad som "
        "följer om antagandena stämmer, inte att insatsen fungerar.",
        "en": "A socio-economic calculation compares what an intervention costs with the costs "
        "it may prevent, such as extra school years, social assistance, care or lost "
        "earnings. The calculation is an assumption and not proof: it shows what follows if "
        "the assumptions hold, not that the intervention works.",
    },
    "report.method_2": {
        "sv": "Kedjan går från pengar till aktivitet, från aktivitet till effekt och från "
        "effekt till undvikna kostnader. Varje länk är osäker. Därför anges de flesta "
        "antaganden som ett spann i stället för en enda siffra.",
        "en": "The chain runs from money to activity, from activity to effect and from effect "
        "to avoided costs. Every link is uncertain, so most assumptions are given as a range "
        "instead of a single number.",
    },
    "report.method_3": {
        "sv": "Datorn drar slumpmässigt ett värde för varje antagande inom dess spann och räknar "
        "ut resultatet, tusentals gånger (Monte Carlo-simulering). Resultatet är därför en "
        "fördelning: hur brett intervallet är visar hur osäker kalkylen är. Lägg mer vikt "
        "vid intervallet och sannolikheten för vinst än vid medianen.",
        "en": "The computer draws a value for every assumption within its range and computes "
        "the result, thousands of times (Monte Carlo simulation). The result is therefore a "
        "distribution: the width of the interval shows how uncertain the calculation is. "
        "Give more weight to the interval and the probability of a gain than to the median.",
    },
    "report.method_4": {
        "sv": "Nettonuvärdet är värdet av de undvikna kostnaderna minus insatsens kostnader, "
        "räknat i fasta priser och omräknat till dagens värde med en diskonteringsränta: en "
        "krona om tio år väger lättare än en krona i dag. Nyttokvoten är de undvikna "
        "kostnaderna delat med insatsens kostnader.",
        "en": "The net present value is the value of the avoided costs minus the intervention's "
        "costs, in constant prices and converted to today's value with a discount rate: a "
        "krona in ten years weighs less than a krona today. The benefit-cost ratio is the "
        "avoided costs divided by the intervention's costs.",
    },
    "report.method_5": {
        "sv": "Många i målgruppen hade klarat sig ändå. Kalkylen räknar därför bara med "
        "skillnaden mot vad som hade hänt utan insatsen (risken utan insatsen), och den "
        "värderar den genomsnittliga skillnaden per undvikt utfall, inte ett livslångt "
        "utanförskap.",
        "en": "Many in the target group would have done well anyway. The calculation therefore "
        "counts only the difference from what would have happened without the intervention "
        "(the risk without it), and it values the average difference per avoided outcome, "
        "not a lifetime of exclusion.",
    },
    "report.method_6": {
        "sv": "För samhället som helhet räknas verkliga resurser och produktion. Transfereringar "
        "som ekonomiskt bistånd flyttar bara pengar mellan aktörer: de syns hos kommunen och "
        "individen men tar ut varandra för samhället.",
        "en": "For society as a whole, real resources and production count. Transfers such as "
        "social assistance only move money between actors: they show for the municipality "
        "and the individual but cancel out for society.",
    },
    "report.prov_version": {"sv": "sekalk-version", "en": "sekalk version"},
    "report.prov_file": {"sv": "Scenariofil", "en": "Scenario file"},
    "report.prov_sha": {"sv": "SHA-256 för scenariofilen", "en": "SHA-256 of the scenario file"},
    "report.prov_draws": {"sv": "Dragningar", "en": "Draws"},
    "report.prov_seed": {"sv": "Frö", "en": "Seed"},
    "report.prov_sampler": {"sv": "Urvalsmetod", "en": "Sampler"},
    "report.prov_prices": {"sv": "Prisnivå", "en": "Price level"},
    "report.prov_prices_value": {
        "sv": "fasta priser {year}, {currency}",
        "en": "constant {year} prices, {currency}",
    },
    "report.prov_horizon": {"sv": "Tidshorisont", "en": "Time horizon"},
    "report.prov_rate": {"sv": "Diskonteringsränta", "en": "Discount rate"},
    "report.years": {"sv": "{n} år", "en": "{n} years"},
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
