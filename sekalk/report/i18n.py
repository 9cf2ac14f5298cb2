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
    "attr.one_off": {"sv": "engångsbelopp", "en": "one-off amount"},
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
    # samplers (--sampler): plain words in Swedish, the option's value in English
    "sampler.random": {"sv": "enkel slumpdragning", "en": "random"},
    "sampler.lhs": {
        "sv": "latinsk hyperkub (stratifierad dragning)",
        "en": "lhs",
    },
    "sampler.sobol": {"sv": "Sobol-följd (kvasislumptal)", "en": "sobol"},
    # evidence grades
    "evidence.research": {"sv": "forskning", "en": "research"},
    "evidence.experience": {"sv": "beprövad erfarenhet", "en": "experience"},
    "evidence.assumption": {"sv": "antagande", "en": "assumption"},
    "evidence.none": {"sv": "ej angiven", "en": "not stated"},
    # the web workbench (`sekalk app`)
    "app.title": {"sv": "Arbetsbänk", "en": "Workbench"},
    "app.tagline": {
        "sv": "samhällsekonomisk kalkyl som fördelning – ett antagande, inte ett bevis",
        "en": "a socio-economic calculation as a distribution – an assumption, not proof",
    },
    "app.language": {"sv": "Språk", "en": "Language"},
    "app.footer": {
        "sv": "Allt räknas på den här datorn; inget skickas någonstans.",
        "en": "Everything is computed on this computer; nothing is sent anywhere.",
    },
    "app.back": {"sv": "Tillbaka till start", "en": "Back to the start page"},
    "app.start.heading": {"sv": "Välkommen", "en": "Welcome"},
    "app.start.lead": {
        "sv": "Öppna en kalkyl för att se dess antaganden och resultat, och pröva egna "
        "antaganden bredvid sökandens. Filerna i mappen är det som gäller: arbetsbänken läser "
        "dem och sparar dina ändringar som en egen fil.",
        "en": "Open a calculation to see its assumptions and results, and try your own "
        "assumptions beside the applicant's. The files in the folder are the source of truth: "
        "the workbench reads them and saves your changes as a file of its own.",
    },
    "app.start.open": {"sv": "Öppna en kalkyl", "en": "Open a calculation"},
    "app.start.folder": {"sv": "Mapp: {folder}", "en": "Folder: {folder}"},
    "app.start.nofiles": {
        "sv": "Det finns inga kalkylfiler (.toml, .json, .xlsx) i mappen ännu.",
        "en": "There are no calculation files (.toml, .json, .xlsx) in the folder yet.",
    },
    "app.start.new": {"sv": "Ny kalkyl från mallen", "en": "New calculation from the template"},
    "app.start.name": {"sv": "Filnamn", "en": "File name"},
    "app.start.create": {"sv": "Skapa", "en": "Create"},
    "app.error.name": {
        "sv": "Ange ett filnamn i den öppnade mappen, t.ex. min_kalkyl.toml.",
        "en": "Give a file name inside the opened folder, e.g. my_calculation.toml.",
    },
    "app.error.exists": {
        "sv": "Det finns redan en fil med det namnet; välj ett annat namn.",
        "en": "A file with that name exists already; choose another name.",
    },
    "app.error.nofile": {
        "sv": "Filen finns inte i den öppnade mappen.",
        "en": "The file is not in the opened folder.",
    },
    "app.error.invalid": {
        "sv": "Kalkylfilen går inte att läsa:",
        "en": "The calculation file cannot be read:",
    },
    "app.error.number": {
        "sv": "Skriv ett tal, t.ex. 0,7 eller 150 000 (3,5 % läses som 0,035).",
        "en": "Write a number, e.g. 0.7 or 150000 (3.5 % is read as 0.035).",
    },
    "app.error.range": {
        "sv": "Ange både lägst och högst (troligast får stå tom), eller bara ett värde.",
        "en": "Give both lowest and highest (likeliest may be empty), or one value only.",
    },
    "app.assumptions.heading": {"sv": "Antaganden", "en": "Assumptions"},
    "app.assumptions.convention": {
        "sv": "Så skriver du ditt antagande: ett enda värde ger ett fast värde; lägst och högst "
        "ger en jämn fördelning mellan dem; lägst, troligast och högst ger en PERT-fördelning "
        "med toppen vid det troligaste. Tomma rutor behåller sökandens antagande. Bilden visar "
        "hur sannolikheten fördelar sig över värdena.",
        "en": "How to write your assumption: one value gives a fixed value; lowest and highest "
        "give an even (uniform) distribution between them; lowest, likeliest and highest give a "
        "PERT distribution peaking at the likeliest. Empty boxes keep the applicant's "
        "assumption. The picture shows how the probability spreads over the values.",
    },
    "app.assumptions.applicant": {"sv": "Sökandens antagande", "en": "Applicant's assumption"},
    "app.assumptions.interval": {"sv": "90 % intervall", "en": "90 % interval"},
    "app.assumptions.mine": {"sv": "Mitt antagande", "en": "My assumption"},
    "app.low": {"sv": "lägst", "en": "lowest"},
    "app.mode": {"sv": "troligast", "en": "likeliest"},
    "app.high": {"sv": "högst", "en": "highest"},
    "app.note": {"sv": "varför (anteckning)", "en": "why (note)"},
    "app.panel.heading": {"sv": "Resultat", "en": "Result"},
    "app.panel.histogram": {
        "sv": "Fördelningen av samhällets nettonuvärde; det skuggade bandet är 90 % intervallet",
        "en": "Distribution of the net present value for society; the shaded band is the "
        "90 % interval",
    },
    "app.panel.interval": {
        "sv": "Nettonuvärde för samhället, 90 % intervall: {lo} till {hi}",
        "en": "Net present value for society, 90 % interval: {lo} to {hi}",
    },
    "app.panel.prob": {"sv": "Sannolikhet för vinst", "en": "Probability of a gain"},
    "app.panel.median": {"sv": "Median", "en": "Median"},
    "app.panel.mean": {"sv": "Medelvärde", "en": "Mean"},
    "app.panel.breakeven": {"sv": "Brytpunkt", "en": "Break-even"},
    "app.panel.breakeven_value": {
        "sv": "{needed} av {participants} deltagare behöver undvika utfallet; antagandena ger "
        "{avoided} (medianer)",
        "en": "{needed} of {participants} participants must avoid the outcome; the assumptions "
        "give {avoided} (medians)",
    },
    "app.panel.actors": {
        "sv": "Vem betalar och vem vinner (medelvärde av nettonuvärdet)",
        "en": "Who pays and who gains (mean net present value)",
    },
    "app.panel.actor": {"sv": "Aktör", "en": "Actor"},
    "app.panel.actor_mean": {"sv": "Nettonuvärde", "en": "Net present value"},
    "app.panel.society": {"sv": "Samhället", "en": "Society"},
    "app.panel.before": {"sv": "Sökandens antaganden", "en": "Applicant's assumptions"},
    "app.panel.after": {"sv": "Med mina antaganden", "en": "With my assumptions"},
    "app.panel.delta": {
        "sv": "Dina ändringar flyttar medelvärdet med {mean} och sannolikheten för vinst med "
        "{points} procentenheter (samma slumptal).",
        "en": "Your changes move the mean by {mean} and the probability of a gain by {points} "
        "percentage points (same random numbers).",
    },
    "app.panel.settings": {
        "sv": "{draws} dragningar, startvärde {seed}, som sekalk run med samma inställningar.",
        "en": "{draws} draws, seed {seed}, as sekalk run with the same settings.",
    },
    "app.panel.honesty": {
        "sv": "Siffrorna följer av antagandena; de är inte belägg för att insatsen har effekt.",
        "en": "The figures follow from the assumptions; they are not evidence that the "
        "intervention works.",
    },
    "app.overlay.name": {
        "sv": "Spara mina antaganden som fil",
        "en": "Save my assumptions as file",
    },
    "app.overlay.title": {"sv": "Rubrik (valfri)", "en": "Title (optional)"},
    "app.overlay.default_title": {"sv": "Bedömarens antaganden", "en": "Evaluator's assumptions"},
    "app.overlay.overwrite": {
        "sv": "Skriv över en befintlig fil med samma namn",
        "en": "Overwrite an existing file of the same name",
    },
    "app.overlay.save": {"sv": "Spara", "en": "Save"},
    "app.overlay.saved": {
        "sv": "Sparat i {name}. Använd den med sekalk run --overlay {name}.",
        "en": "Saved to {name}. Use it with sekalk run --overlay {name}.",
    },
    "app.overlay.exists": {
        "sv": "{name} finns redan. Kryssa i att den får skrivas över, eller välj ett annat namn.",
        "en": "{name} exists already. Tick that it may be overwritten, or choose another name.",
    },
    "app.overlay.nothing": {
        "sv": "Inget att spara: du har inte ändrat något antagande.",
        "en": "Nothing to save: you have not changed any assumption.",
    },
    "app.overlay.fix_errors": {
        "sv": "Rätta de markerade fälten först; inget har sparats.",
        "en": "Correct the marked fields first; nothing has been saved.",
    },
    "app.report.download": {"sv": "Ladda ner rapporten (HTML)", "en": "Download the report (HTML)"},
    "app.funnel.participants": {"sv": "deltagare", "en": "participants"},
    "app.start.edit": {"sv": "redigera", "en": "edit"},
    "app.start.assess": {"sv": "bedöm", "en": "assess"},
    "app.edit.to_evaluator": {
        "sv": "Bedöm kalkylen med egna antaganden",
        "en": "Assess the calculation with your own assumptions",
    },
    "app.edit.convention": {
        "sv": "Fyll i stegen i ordning: grundfakta, kostnader, verksamhetslogiken och utfallen. "
        "Osäkra värden skrivs som lägst, troligast och högst (PERT), lägst och högst (jämn "
        "fördelning) eller ett 90 % intervall (5 % och 95 %, lognormal); andelar och risker "
        "som bråk (0,25 = 25 %). År räknas från 0, projektets första år. Resultatet till höger "
        "räknas om efter varje ändring.",
        "en": "Fill in the steps in order: basic facts, costs, the logic model and the outcomes. "
        "Uncertain values are written as lowest, likeliest and highest (PERT), lowest and "
        "highest (uniform) or a 90 % interval (5 % and 95 %, lognormal); shares and risks as "
        "fractions (0.25 = 25 %). Years count from 0, the project's first year. The result on "
        "the right is recomputed after every change.",
    },
    "app.edit.readonly": {
        "sv": "Visas som det står i filen; en referens till en enhetskostnad räknas om till "
        "kalkylens prisår när filen läses.",
        "en": "Shown as written in the file; a reference to a unit cost is converted to the "
        "calculation's price year when the file is read.",
    },
    "app.edit.own": {
        "sv": "Skriv ett eget värde i stället",
        "en": "Write a value of your own instead",
    },
    "app.edit.kind": {"sv": "form", "en": "form"},
    "app.edit.basics": {"sv": "Grundfakta", "en": "Basic facts"},
    "app.edit.title": {"sv": "Rubrik", "en": "Title"},
    "app.edit.price_year": {"sv": "Prisår", "en": "Price year"},
    "app.edit.horizon": {"sv": "Tidshorisont (år)", "en": "Horizon (years)"},
    "app.edit.horizon_hint": {
        "sv": "år 0 till horisonten minus 1",
        "en": "years 0 to the horizon minus 1",
    },
    "app.edit.first_cohort": {
        "sv": "Första årets grupp startar år",
        "en": "First cohort starts in year",
    },
    "app.edit.last_cohort": {"sv": "Sista gruppen startar år", "en": "Last cohort starts in year"},
    "app.edit.years_hint": {
        "sv": "räknat från 0 (inte kalenderår)",
        "en": "counted from 0 (not calendar years)",
    },
    "app.edit.costs": {"sv": "Kostnader", "en": "Costs"},
    "app.edit.label": {"sv": "Benämning", "en": "Label"},
    "app.edit.payer": {"sv": "Vem betalar", "en": "Who pays"},
    "app.edit.payer_hint": {
        "sv": "t.ex. kommun, eller region 0,5; kommun 0,5",
        "en": "e.g. kommun, or region 0.5; kommun 0.5",
    },
    "app.edit.from_year": {"sv": "från år", "en": "from year"},
    "app.edit.to_year": {"sv": "till och med år", "en": "to year (inclusive)"},
    "app.edit.remove": {"sv": "Ta bort", "en": "Remove"},
    "app.edit.add_cost": {"sv": "Lägg till en kostnad", "en": "Add a cost"},
    "app.edit.logic": {"sv": "Verksamhetslogik", "en": "Logic model"},
    "app.edit.step": {"sv": "Steg", "en": "Step"},
    "app.edit.share_reached": {
        "sv": "andel som går vidare till nästa steg",
        "en": "share that passes on to the next step",
    },
    "app.edit.add_step": {"sv": "Lägg till ett steg", "en": "Add a step"},
    "app.edit.outcomes": {"sv": "Utfall och konsekvenser", "en": "Outcomes and consequences"},
    "app.edit.outcome": {
        "sv": "Utfall som insatsen ska förebygga",
        "en": "Outcome the intervention aims to prevent",
    },
    "app.edit.lag": {"sv": "år från start till utfallet", "en": "years from start to the outcome"},
    "app.edit.lag_hint": {"sv": "t.ex. 3", "en": "e.g. 3"},
    "app.edit.effect_form": {"sv": "effekten anges som", "en": "the effect is given as"},
    "app.edit.effect": {"sv": "effekt", "en": "effect"},
    "app.edit.consequences": {
        "sv": "Vad ett utfall kostar, per år och aktör",
        "en": "What one outcome costs, per year and actor",
    },
    "app.edit.kind_of_cost": {"sv": "slag", "en": "kind"},
    "app.edit.resource": {"sv": "resurs (t.ex. vård, skola)", "en": "resource (e.g. care, school)"},
    "app.edit.transfer": {"sv": "transferering (t.ex. bistånd)", "en": "transfer (e.g. benefits)"},
    "app.edit.production": {
        "sv": "produktion (t.ex. förlorad inkomst)",
        "en": "production (e.g. lost earnings)",
    },
    "app.edit.recipient": {"sv": "mottagare (transfereringar)", "en": "recipient (transfers)"},
    "app.edit.start": {"sv": "börjar år efter utfallet", "en": "starts years after the outcome"},
    "app.edit.duration": {"sv": "varar år", "en": "lasts years"},
    "app.edit.duration_hint": {"sv": "tomt: till horisonten", "en": "empty: to the horizon"},
    "app.edit.consequence_share": {
        "sv": "andel av dem med utfallet som får kostnaden",
        "en": "share of those with the outcome who incur it",
    },
    "app.edit.add_consequence": {"sv": "Lägg till en konsekvens", "en": "Add a consequence"},
    "app.edit.add_outcome": {"sv": "Lägg till ett utfall", "en": "Add an outcome"},
    "app.edit.overwrite": {
        "sv": "Spara även om filen har ändrats utanför arbetsbänken",
        "en": "Save even if the file was changed outside the workbench",
    },
    "app.edit.save": {"sv": "Spara kalkylen", "en": "Save the calculation"},
    "app.edit.saved": {"sv": "Sparat i {name}.", "en": "Saved to {name}."},
    "app.edit.fix_first": {
        "sv": "Rätta de markerade fälten först; filen är oförändrad.",
        "en": "Correct the marked fields first; the file is unchanged.",
    },
    "app.edit.changed_on_disk": {
        "sv": "Filen har ändrats utanför arbetsbänken sedan du öppnade den. Ladda om sidan för "
        "att se ändringarna, eller kryssa i att du vill spara ändå.",
        "en": "The file was changed outside the workbench since you opened it. Reload the page "
        "to see the changes, or tick that you want to save anyway.",
    },
    "app.edit.not_computed": {
        "sv": "Resultatet räknas om när de markerade fälten är rättade.",
        "en": "The result is recomputed once the marked fields are corrected.",
    },
    "app.edit.error.number": {
        "sv": "Skriv ett tal, t.ex. 0,7 eller 150 000.",
        "en": "Write a number, e.g. 0.7 or 150000.",
    },
    "app.edit.error.whole": {
        "sv": "Skriv ett heltal, t.ex. 3.",
        "en": "Write a whole number, e.g. 3.",
    },
    "app.edit.error.required": {"sv": "Fyll i ett värde.", "en": "Fill in a value."},
    "app.edit.error.payer": {
        "sv": "Skriv en aktör (kommun) eller andelar: region 0,5; kommun 0,5.",
        "en": "Write one actor (kommun) or shares: region 0.5; kommun 0.5.",
    },
    "app.edit.error.choice": {
        "sv": "Välj ett av alternativen.",
        "en": "Choose one of the options.",
    },
    "app.kind.fixed": {"sv": "ett värde", "en": "one value"},
    "app.kind.uniform": {"sv": "lägst–högst (jämn)", "en": "lowest–highest (uniform)"},
    "app.kind.triangular": {
        "sv": "lägst–troligast–högst (triangel)",
        "en": "lowest–likeliest–highest (triangular)",
    },
    "app.kind.pert": {
        "sv": "lägst–troligast–högst (PERT)",
        "en": "lowest–likeliest–highest (PERT)",
    },
    "app.kind.normal": {
        "sv": "medelvärde ± standardavvikelse (normal)",
        "en": "mean ± sd (normal)",
    },
    "app.kind.lognormal": {"sv": "90 % intervall (lognormal)", "en": "90 % interval (lognormal)"},
    "app.kind.beta": {
        "sv": "andel: medelvärde och standardavvikelse (beta)",
        "en": "share: mean and sd (beta)",
    },
    "app.kind.gamma": {
        "sv": "medelvärde och standardavvikelse (gamma)",
        "en": "mean and sd (gamma)",
    },
    "app.param.value": {"sv": "värde", "en": "value"},
    "app.param.min": {"sv": "lägst", "en": "lowest"},
    "app.param.mode": {"sv": "troligast", "en": "likeliest"},
    "app.param.max": {"sv": "högst", "en": "highest"},
    "app.param.mean": {"sv": "medelvärde", "en": "mean"},
    "app.param.sd": {"sv": "standardavvikelse", "en": "standard deviation"},
    "app.param.p05": {"sv": "5 % (lågt men möjligt)", "en": "5 % (low but possible)"},
    "app.param.p95": {"sv": "95 % (högt men möjligt)", "en": "95 % (high but possible)"},
    "app.param.alpha": {"sv": "alfa", "en": "alpha"},
    "app.param.beta": {"sv": "beta", "en": "beta"},
    "app.param.lam": {"sv": "lambda", "en": "lambda"},
    "app.error.server": {
        "sv": "Något gick fel på servern; det du har skrivit finns kvar. Försök igen.",
        "en": "Something went wrong on the server; what you typed is still here. Try again.",
    },
    "app.error.two": {
        "sv": "Välj minst två kalkyler att jämföra (minst en för en portfölj).",
        "en": "Choose at least two calculations to compare (at least one for a portfolio).",
    },
    "app.error.budget": {
        "sv": "Budgeten ska vara ett belopp i kronor, t.ex. 12 000 000.",
        "en": "The budget must be an amount, e.g. 12000000.",
    },
    "app.widen": {
        "sv": "Bredda svagt underbyggda antaganden efter deras evidens (som --widen)",
        "en": "Widen weakly grounded assumptions by their evidence (as --widen)",
    },
    "app.panel.contrib": {
        "sv": "Vilken av dina ändringar flyttar resultatet mest (var för sig)",
        "en": "Which of your changes moves the result most (each on its own)",
    },
    "app.panel.contrib_mean": {"sv": "medelvärdet flyttas", "en": "mean moves by"},
    "app.panel.contrib_points": {
        "sv": "sannolikhet för vinst, procentenheter",
        "en": "probability of a gain, percentage points",
    },
    "app.start.several": {
        "sv": "Flera kalkyler: jämför dem eller se dem som fondens portfölj",
        "en": "Several calculations: compare them or see them as the fund's portfolio",
    },
    "app.start.compare": {"sv": "Jämför sida vid sida", "en": "Compare side by side"},
    "app.start.fund": {"sv": "Portfölj", "en": "Portfolio"},
    "app.compare.heading": {"sv": "Jämförelse", "en": "Comparison"},
    "app.compare.lead": {
        "sv": "Kalkylerna räknas med samma slumptal, så skillnaderna beror på antagandena och "
        "inte på slumpen. Diagrammen har samma skala.",
        "en": "The calculations use the same random numbers, so the differences come from the "
        "assumptions, not from chance. The charts share one scale.",
    },
    "app.compare.pairs": {"sv": "Parvis", "en": "Pairwise"},
    "app.compare.pair": {
        "sv": "{a} ger högre nettonuvärde än {b} i {prob} av dragningarna.",
        "en": "{a} gives a higher net present value than {b} in {prob} of the draws.",
    },
    "app.compare.download": {
        "sv": "Ladda ner jämförelsen (HTML)",
        "en": "Download the comparison (HTML)",
    },
    "app.fund.heading": {"sv": "Fondens portfölj", "en": "The fund's portfolio"},
    "app.fund.lead": {
        "sv": "Projekten tillsammans: summan av deras nettonuvärden för samhället, dragning för "
        "dragning.",
        "en": "The projects together: the sum of their net present values for society, draw by "
        "draw.",
    },
    "app.fund.histogram": {
        "sv": "Fördelningen av portföljens samlade nettonuvärde",
        "en": "Distribution of the portfolio's total net present value",
    },
    "app.fund.interval": {
        "sv": "Samlat nettonuvärde, 90 % intervall: {lo} till {hi}",
        "en": "Total net present value, 90 % interval: {lo} to {hi}",
    },
    "app.fund.prob": {
        "sv": "Sannolikhet att fonden går jämnt ut",
        "en": "Probability that the fund breaks even",
    },
    "app.fund.budget": {"sv": "Budget (kr, valfri)", "en": "Budget (SEK, optional)"},
    "app.fund.within": {
        "sv": "Sannolikhet att kostnaderna ryms i {budget}",
        "en": "Probability that the costs fit within {budget}",
    },
    "app.fund.shares": {
        "sv": "Varje projekts andel av risken",
        "en": "Each project's share of the risk",
    },
    "app.fund.project": {"sv": "Projekt", "en": "Project"},
    "app.fund.share": {"sv": "andel av risken", "en": "share of the risk"},
    "app.fund.independent": {
        "sv": "Projekten dras oberoende av varandra; gemensamma antaganden deklareras med "
        "sekalk portfolio --shared.",
        "en": "The projects are drawn independently of each other; common assumptions are "
        "declared with sekalk portfolio --shared.",
    },
    "app.fund.download": {
        "sv": "Ladda ner portföljrapporten (HTML)",
        "en": "Download the portfolio report (HTML)",
    },
    "app.error.workbook": {
        "sv": "En arbetsbok redigeras i Excel; här kan du bedöma den, eller konvertera den till "
        "TOML med sekalk convert för att redigera den här.",
        "en": "A workbook is edited in Excel; here you can assess it, or convert it to TOML with "
        "sekalk convert to edit it here.",
    },
    "app.download.xlsx": {"sv": "Kalkylen som Excel", "en": "The calculation as Excel"},
    "app.download.results": {"sv": "Resultaten som Excel", "en": "The results as Excel"},
    "app.overlay.load": {
        "sv": "Fyll i från en sparad bedömning",
        "en": "Fill in from a saved assessment",
    },
    "app.overlay.use": {"sv": "Fyll i", "en": "Fill in"},
    "app.critical.heading": {"sv": "Att följa upp", "en": "To follow up"},
    "app.critical.lead": {
        "sv": "Svagt underbyggda antaganden (antagande eller ej angiven evidens) som bär minst "
        "10 % av osäkerheten i nettonuvärdet, som i sekalk credibility:",
        "en": "Weakly grounded assumptions (assumption or no evidence stated) that carry at least "
        "10 % of the uncertainty of the net present value, as in sekalk credibility:",
    },
    "app.critical.share": {"sv": "{share} av osäkerheten", "en": "{share} of the uncertainty"},
    "app.panel.drivers": {
        "sv": "Vad bär resultatet (rangkorrelation med nettonuvärdet)",
        "en": "What carries the result (rank correlation with the net present value)",
    },
    "app.panel.rho": {"sv": "rangkorrelation", "en": "rank correlation"},
    "app.start.overlays": {"sv": "Sparade bedömningar:", "en": "Saved assessments:"},
    "app.start.examples": {"sv": "Exempel", "en": "Examples"},
    "app.start.examples_lead": {
        "sv": "Kopiera ett exempel till mappen och öppna det:",
        "en": "Copy an example into the folder and open it:",
    },
    "app.units.search": {
        "sv": "Sök en källbelagd enhetskostnad (sekalk units)",
        "en": "Search a sourced unit cost (sekalk units)",
    },
    "app.units.found": {"sv": "Enhetskostnader för ”{query}”", "en": "Unit costs for “{query}”"},
    "app.units.none": {
        "sv": "Inga enhetskostnader för ”{query}”.",
        "en": "No unit costs for “{query}”.",
    },
    "app.units.unit": {"sv": "Enhet", "en": "Unit"},
    "app.units.range": {"sv": "lägst – troligast – högst", "en": "lowest – likeliest – highest"},
    "app.units.prices": {"sv": "{year} års priser", "en": "{year} prices"},
    "app.units.use": {"sv": "Använd", "en": "Use"},
    "app.units.basis.yearly": {
        "sv": "per tid: blir ett årligt belopp",
        "en": "per time: becomes a yearly amount",
    },
    "app.units.basis.once": {
        "sv": "engångsbelopp: bara där beloppet bokas ett enda år (varar 1 år)",
        "en": "one-off amount: only where it is booked in a single year (lasts 1 year)",
    },
    "app.edit.report": {
        "sv": "Rapporten (HTML) för filen som den är sparad",
        "en": "The report (HTML) of the file as saved",
    },
    "app.overlay.app_changed": {
        "sv": "Ansökan har ändrats sedan sidan öppnades; ladda om sidan (dina antaganden "
        "behöver skrivas in igen där antagandena ändrats). Inget har sparats.",
        "en": "The application changed since the page was opened; reload the page (enter your "
        "assumptions again where its assumptions changed). Nothing was saved.",
    },
    "app.overlay.not_overlay": {
        "sv": "{name} är ingen sparad bedömning; välj ett annat namn (kalkyler skrivs aldrig över "
        "härifrån).",
        "en": "{name} is not a saved assessment; choose another name (calculations are never "
        "overwritten from here).",
    },
    "app.error.network": {
        "sv": "Arbetsbänken svarar inte (är den avslutad?); det du har skrivit finns kvar.",
        "en": "The workbench does not answer (was it stopped?); what you typed is still here.",
    },
    "app.error.file_now": {
        "sv": "Filen går inte att läsa just nu (ändrad eller flyttad utanför arbetsbänken); det "
        "du har skrivit finns kvar:",
        "en": "The file cannot be read now (changed or moved outside the workbench); what you "
        "typed is still here:",
    },
    "app.cli.listening": {
        "sv": "sekalk arbetsbänk: {url}  (mapp: {folder}; avsluta med Ctrl-C)",
        "en": "sekalk workbench: {url}  (folder: {folder}; stop with Ctrl-C)",
    },
    # terminal output of `run`
    "run.headline": {
        "sv": "90 % intervall för {persp}s nettonuvärde: {lo} till {hi}; sannolikhet för vinst: {prob}",
        "en": "90% interval of the net present value for {persp}: {lo} to {hi}; "
        "probability of a gain: {prob}",
    },
    "run.breakeven": {
        "sv": "Kalkylen går jämnt ut om {needed} av {participants} deltagare undviker utfallet; "
        "antagandena ger {expected} (medianer).",
        "en": "The calculation breaks even if {needed} of {participants} participants avoid the "
        "outcome; the assumptions give {expected} (medians).",
    },
    "run.avoided_negative": {
        "sv": "I {share} av dragningarna är antalet undvikna utfall negativt: där gör "
        "effektantagandet (en relativ risk över 1 eller en negativ riskminskning) att insatsen "
        "ökar det negativa utfallet i stället för att minska det.",
        "en": "In {share} of the draws the number of avoided outcomes is negative: there the "
        "effect assumption (a relative risk above 1 or a negative risk difference) makes the "
        "intervention increase the adverse outcome instead of reducing it.",
    },
    "run.avoided_negative_median": {
        "sv": "Antalet undvikna utfall är negativt i {share} av dragningarna, också i medianen: "
        "enligt effektantagandet (en relativ risk över 1 eller en negativ riskminskning) ökar "
        "insatsen oftare det negativa utfallet än den minskar det.",
        "en": "The number of avoided outcomes is negative in {share} of the draws, the median "
        "too: by the effect assumption (a relative risk above 1 or a negative risk difference) "
        "the intervention more often increases the adverse outcome than it reduces it.",
    },
    "run.breakeven_undefined": {
        "sv": "Ingen brytpunkt: insatsen undviker inga utfall eller de undvikna utfallen har "
        "inget positivt värde.",
        "en": "No break-even point: the intervention avoids no outcomes, or the avoided outcomes "
        "have no positive value.",
    },
    "run.settings": {
        "sv": "{draws} dragningar, slumptalens startvärde {seed}, {sampler}",
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
    "run.flag_via_correlation": {
        "sv": "~ = ingår inte i samhällets nettonuvärde: det ändras inte vilket värde antagandet "
        "än har; rangkorrelationen är lånad från det antagande det är korrelerat med:",
        "en": "~ = does not enter the society NPV: the NPV does not change whatever value the "
        "assumption takes; the rank correlation is borrowed from the assumption it is "
        "correlated with:",
    },
    "run.disclaimer": {
        "sv": "Siffrorna följer av antagandena ovan; de är inte belägg för att insatsen har effekt.",
        "en": "These figures follow from the assumptions above; they are not evidence that the "
        "intervention works.",
    },
    "run.not_applicable": {"sv": "–", "en": "–"},
    "params.col_value": {"sv": "Värde eller fördelning", "en": "Value or distribution"},
    "params.usage": {
        "sv": "Ändra ett antagande med --set ID=VÄRDE eller i en överläggsfil ([[override]] "
        "id = ...); båda använder id:t i första kolumnen.",
        "en": "Change an assumption with --set ID=VALUE or in an overlay file ([[override]] "
        "id = ...); both use the id in the first column.",
    },
    # --- sensitivity ---
    "sens.title": {
        "sv": "Känslighetsanalys: vilka antaganden bär resultatet ({persp}s nettonuvärde)",
        "en": "Sensitivity analysis: which assumptions carry the result (NPV for {persp})",
    },
    "sens.settings": {
        "sv": "{draws} dragningar, slumptalens startvärde {seed}",
        "en": "{draws} draws, seed {seed}",
    },
    "sens.settings_sobol": {
        "sv": "Sobol: {n} basdragningar, {r} omdragningar för osäkerhetsintervallen",
        "en": "Sobol: {n} base samples, {r} bootstrap resamples",
    },
    "sens.base_npv": {
        "sv": "Grundfall (alla antaganden på sin median): nettonuvärde {npv}",
        "en": "Base case (every assumption at its median): NPV {npv}",
    },
    "sens.simulated_npv": {
        "sv": "Simuleringen ({draws} dragningar, slumptalens startvärde {seed}; rubriken i sekalk run): median {median}, "
        "medelvärde {mean}; nettonuvärdet är negativt i {loss} av dragningarna.",
        "en": "The simulation ({draws} draws, seed {seed}; the headline of sekalk run): median "
        "{median}, mean {mean}; the NPV is negative in {loss} of the draws.",
    },
    "sens.why_differ": {
        "sv": "Nettonuvärdet när varje antagande ligger på sin median är inte medianen av "
        "nettonuvärdet: kalkylen multiplicerar osäkra antaganden med varandra (deltagare, effekt "
        "och värdet av varje undvikt utfall), så de två skiljer sig. Tornado och brytpunkter "
        "utgår från grundfallet; rubriken och sannolikheterna kommer från simuleringen.",
        "en": "The NPV with every assumption at its median is not the median NPV: the "
        "calculation multiplies uncertain assumptions (participants, effect and the value of "
        "each avoided outcome), so the two differ. The tornado and the switching values start "
        "from the base case; the headline and the probabilities come from the simulation.",
    },
    "sens.sign_differs": {
        "sv": "Här har de olika tecken: citera simuleringen, inte grundfallet.",
        "en": "Here they even differ in sign: quote the simulation, not the base case.",
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
        "(Sobol ST minst {share}; utan Sobol-analys den kvadrerade rangkorrelationen): granska "
        "först. Sobol räknas utan korrelationerna mellan antagandena, så flaggorna kan skilja "
        "sig från trovärdighetskartan (sekalk credibility), som bygger på rangkorrelationer.",
        "en": "! = weak evidence (assumption or not stated) and a large share of the uncertainty "
        "(Sobol ST at least {share}; without a Sobol analysis, the squared rank correlation): "
        "scrutinise these first. Sobol indices are computed without the correlations between "
        "assumptions, so the flags may differ from the credibility map (sekalk credibility), "
        "which uses rank correlations.",
    },
    "sens.flag_via_correlation": {
        "sv": "~ = ingår inte i {persp}s nettonuvärde: det ändras inte vilket värde antagandet "
        "än har. Dess rangkorrelation och EVPPI är lånade från det antagande det är korrelerat "
        "med:",
        "en": "~ = does not enter the NPV for {persp}: the NPV does not change whatever value "
        "the assumption takes. Its rank correlation and EVPPI are borrowed from the assumption "
        "it is correlated with:",
    },
    "sens.via_correlation_item": {
        "sv": "~ {label}: bara genom korrelationen med {others}.",
        "en": "~ {label}: only through its correlation with {others}.",
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
    "sens.switching.always_positive_qualified": {
        "sv": "{label}: ingen brytpunkt när övriga antaganden ligger på sin median (nettonuvärdet "
        "är då positivt över hela intervallet {lo} till {hi}); men när alla antaganden varierar "
        "samtidigt är nettonuvärdet negativt i {prob} av dragningarna.",
        "en": "{label}: no switching value with the other assumptions at their medians (the NPV "
        "is then positive over the whole range {lo} to {hi}); but with all assumptions varying "
        "together the NPV is negative in {prob} of the draws.",
    },
    "sens.switching.always_negative_qualified": {
        "sv": "{label}: ingen brytpunkt när övriga antaganden ligger på sin median (nettonuvärdet "
        "är då negativt över hela intervallet {lo} till {hi}); men när alla antaganden varierar "
        "samtidigt är nettonuvärdet positivt i {prob} av dragningarna.",
        "en": "{label}: no switching value with the other assumptions at their medians (the NPV "
        "is then negative over the whole range {lo} to {hi}); but with all assumptions varying "
        "together the NPV is positive in {prob} of the draws.",
    },
    "sens.switching.no_effect": {
        "sv": "{label}: ingår inte i {persp}s nettonuvärde; det ändras inte vilket värde "
        "antagandet än har.",
        "en": "{label}: does not enter the NPV for {persp}; the NPV does not change whatever "
        "value the assumption takes.",
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
        "antagande; standardfelet kombinerar regressionens osäkerhet och slumpvariationen i "
        "Monte Carlo-dragningarna.",
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
    "ev.overlay_line": {
        "sv": 'Överläggsfil {path}: "{title}" (SHA-256 {sha})',
        "en": 'Overlay file {path}: "{title}" (SHA-256 {sha})',
    },
    "ev.overlay_untitled": {"sv": "utan titel", "en": "untitled"},
    "ev.detail_source": {"sv": "källa: {source}", "en": "source: {source}"},
    "ev.detail_note": {"sv": "motivering: {note}", "en": "note: {note}"},
    "ev.deltas": {
        "sv": "Jämfört med det oförändrade scenariot (samma slumptal): medelvärdet av "
        "nettonuvärdet ändras med {npv} (± {mcse}), sannolikheten för vinst med {prob} "
        "procentenheter.",
        "en": "Compared with the unmodified scenario (same random numbers): the mean net present "
        "value changes by {npv} (± {mcse}), the probability of a gain by {prob} percentage points.",
    },
    "ev.widen_note": {
        "sv": "breddad ±{pct} (evidens: {grade}): {changes}",
        "en": "widened by ±{pct} (evidence: {grade}): {changes}",
    },
    "cmp.title": {
        "sv": "Jämförelse på gemensamma slumptal: {persp}s nettonuvärde",
        "en": "Comparison on common random numbers: net present value for {persp}",
    },
    "cmp.col.scenario": {"sv": "Scenario", "en": "Scenario"},
    "cmp.col.breakeven": {"sv": "Brytpunkt (median)", "en": "Break-even (median)"},
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
    "cred.via_correlation": {"sv": "~ bara via korrelation", "en": "~ only via correlation"},
    "cred.via_correlation_legend": {
        "sv": "~ = ingår inte i {persp}s nettonuvärde: andelen är lånad från det antagande det "
        "är korrelerat med, och det flaggas aldrig som kritiskt:",
        "en": "~ = does not enter the net present value for {persp}: its share is borrowed from "
        "the assumption it is correlated with, and it is never flagged critical:",
    },
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
        "sv": "Andel = hur mycket av osäkerheten i nettonuvärdet som följer med antagandet: ju "
        "tydligare nettonuvärdet stiger eller sjunker med antagandet över alla dragningar, desto "
        "större andel (kvadrerad rangkorrelation; andelarna summerar till 100 %). Fasta värden "
        "bär ingen andel: som de är angivna påstår de full säkerhet.",
        "en": "Share = how much of the uncertainty in the net present value goes with the "
        "assumption: the more clearly the net present value rises or falls with it over all "
        "draws, the larger the share (squared rank correlation; the shares add up to 100%). "
        "Fixed values carry no share: as given, they claim certainty.",
    },
    "plot.npv_axis": {"sv": "Nettonuvärde ({cur})", "en": "Net present value ({cur})"},
    "plot.density": {"sv": "Andel av dragningarna", "en": "Share of draws"},
    "plot.share_axis": {"sv": "Andel av osäkerheten", "en": "Share of the uncertainty"},
    "plot.evidence_axis": {"sv": "Evidens", "en": "Evidence"},
    "plot.threshold": {"sv": "tröskel {thr}", "en": "threshold {thr}"},
    # --- data ---
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
    "units.evidence": {"sv": " · evidens: {evidence}", "en": " · evidence: {evidence}"},
    "units.use_yearly": {
        "sv": 'i ett scenario, som årligt belopp: annual = {{ ref = "{id}", per = "year" }}',
        "en": 'in a scenario, as a yearly amount: annual = {{ ref = "{id}", per = "year" }}',
    },
    "units.use_once": {
        "sv": 'i ett scenario, som engångsbelopp: annual = {{ ref = "{id}" }} i en konsekvens '
        "med duration = 1 (eller en kostnad med years = [år, år]); aldrig som årligt flöde",
        "en": 'in a scenario, as a one-off amount: annual = {{ ref = "{id}" }} in a consequence '
        "with duration = 1 (or a cost with years = [y, y]); never as a yearly flow",
    },
    "units.use_rate": {
        "sv": "en andel, inget belopp: skriv värdet som andel eller risk (share, baseline_risk)",
        "en": "a fraction, not an amount: write its value as a share or risk (share, "
        "baseline_risk)",
    },
    "units.usage": {
        "sv": "Belopp räknas om till scenariots prisår med KPI. Ett belopp per tid (dygn, "
        'månad, år) blir ett årligt belopp med per = "year"; ett belopp utan tidsbas (per '
        "ärende, per livstid) inträffar en gång och får bara bokas ett år.",
        "en": "Amounts are converted to the scenario's price year with KPI. An amount per time "
        '(day, month, year) becomes a yearly amount with per = "year"; an amount without a '
        "time base (per case, per lifetime) occurs once and may only be booked in one year.",
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
    "new.written_xlsx": {
        "sv": "Skrev arbetsboken {file}. Fyll i era egna siffror (bladet Instruktioner säger "
        "hur) och kontrollera med: sekalk validate {file}",
        "en": "Wrote the workbook {file}. Fill in your own figures (the sheet Instructions "
        "says how) and check it with: sekalk validate {file}",
    },
    "convert.written": {
        "sv": "Skrev {file}.",
        "en": "Wrote {file}.",
    },
    "convert.comments": {
        "sv": "varning: {n} kommentarer i filen har ingen plats i en {target}-fil och fördes "
        "inte över:",
        "en": "warning: {n} comments in the file have no place in a {target} file and were "
        "not carried over:",
    },
    "convert.comment_line": {
        "sv": "  rad {line}: # {text}",
        "en": "  line {line}: # {text}",
    },
    "convert.schema_key": {
        "sv": "varning: nyckeln $schema ({value}) har ingen plats i en arbetsbok och fördes "
        "inte över",
        "en": "warning: the key $schema ({value}) has no place in a workbook and was not "
        "carried over",
    },
    "convert.empty_text": {
        "sv": "varning: {path} är en tom text; en tom cell i arbetsboken betyder att värdet saknas",
        "en": "warning: {path} is an empty text; an empty cell in the workbook means the value "
        "is absent",
    },
    "xlsx.formula_used": {
        "sv": "{where}: cellen innehåller en formel ({formula}); sekalk räknar inte formler "
        "och använde det senast beräknade värdet {value}",
        "en": "{where}: the cell holds a formula ({formula}); sekalk does not calculate "
        "formulas and used its last calculated value {value}",
    },
    "xlsx.column_ignored": {
        "sv": "{where}: kolumnen '{column}' hör inte till kalkylen och lästes inte",
        "en": "{where}: the column '{column}' is not part of the scenario and was not read",
    },
    "xlsx.written": {
        "sv": "Skrev resultaten till arbetsboken {file}.",
        "en": "Wrote the results to the workbook {file}.",
    },
    "schema.written": {
        "sv": "Skrev JSON Schema till {file}.",
        "en": "Wrote the JSON Schema to {file}.",
    },
    "report.pdf_refused": {
        "sv": "{file}: sekalk skriver rapporten som HTML, inte PDF. Skriv den till en .html-fil "
        "(t.ex. -o {html}), öppna den i en webbläsare och välj Skriv ut > Spara som PDF.",
        "en": "{file}: sekalk writes the report as HTML, not PDF. Write it to an .html file "
        "(e.g. -o {html}), open it in a browser and choose Print > Save as PDF.",
    },
    "report.not_html": {
        "sv": "{file}: rapporten är en HTML-fil; namnet ska sluta på .html (t.ex. -o {html}).",
        "en": "{file}: the report is an HTML file; its name must end in .html (e.g. -o {html}).",
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
        "sv": "Gemensamma antaganden (angivna med --shared; samma värde i alla projekt i varje "
        "dragning): {ids}. De kopplar ihop projektens utfall, så att ett antagande som drar "
        "alla projekt åt samma håll inte tar ut sig mellan projekten: fondens samlade "
        "nettonuvärde har standardavvikelsen {sd}, mot {sd_independent} om projekten vore "
        "oberoende av varandra. Alla andra antaganden dras oberoende för varje projekt.",
        "en": "Shared assumptions (declared with --shared; the same value in every project in "
        "each draw): {ids}. They tie the projects' results together, so an assumption that "
        "pulls every project the same way does not average out across projects: the fund's "
        "total net present value has a standard deviation of {sd}, against {sd_independent} "
        "if the projects were independent of each other. Every other assumption is drawn "
        "independently for each project.",
    },
    "portfolio.shared_differs": {
        "sv": "{ids}: projekten anger olika fördelningar, så det gemensamma är percentilen (ett "
        "högt värde i ett projekt är högt i alla), inte själva värdet.",
        "en": "{ids}: the projects give different distributions, so what is shared is the "
        "percentile (a high value in one project is high in all), not the value itself.",
    },
    "portfolio.none_shared": {
        "sv": "Projekten är oberoende av varandra: varje projekt har egna slumptal, också där "
        "projekten använder samma parameter-id, och inget antagande är angivet som gemensamt. "
        "Är ett antagande verkligen detsamma för alla projekt (t.ex. diskonteringsräntan eller "
        "en nationell enhetskostnad), ange det med --shared ID: då följer alla projekt samma "
        "dragning av det, och dess osäkerhet tar inte längre ut sig mellan projekten.",
        "en": "The projects are independent of each other: each has random numbers of its own, "
        "also where projects use the same parameter id, and no assumption is declared shared. "
        "If an assumption really is the same for every project (e.g. the discount rate or a "
        "national unit cost), declare it with --shared ID: every project then follows the "
        "same draw of it, and its uncertainty no longer averages out across projects.",
    },
    "portfolio.common_unshared": {
        "sv": "Parameter-id som finns i flera projekt men dras oberoende (ange --shared ID om "
        "något av dem är ett gemensamt antagande): {ids}",
        "en": "Parameter ids that occur in several projects but are drawn independently "
        "(declare --shared ID if one of them is a common assumption): {ids}",
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
        "{draws} dragningar, slumptalens startvärde {seed}).",
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
    # --- reports ---
    # plots
    "chart.npv_title": {
        "sv": "Nettonuvärde för {persp}: fördelning över alla dragningar",
        "en": "Net present value for {persp}: distribution over all draws",
    },
    "chart.npv_axis": {
        "sv": "Nettonuvärde för {persp} ({unit})",
        "en": "Net present value for {persp} ({unit})",
    },
    "chart.density": {"sv": "Hur vanligt", "en": "How often"},
    "chart.interval90": {
        "sv": "90 % intervall: {lo} till {hi}",
        "en": "90% interval: {lo} to {hi}",
    },
    "chart.median": {"sv": "Median: {value}", "en": "Median: {value}"},
    "chart.zero": {"sv": "Noll: går jämnt ut", "en": "Zero: break-even"},
    "chart.prob_gain": {"sv": "P(nettonuvärde > 0) = {prob}", "en": "P(NPV > 0) = {prob}"},
    "chart.scurve_title": {
        "sv": "Sannolikheten att nettonuvärdet för {persp} överstiger ett belopp",
        "en": "Probability that the net present value for {persp} exceeds an amount",
    },
    "chart.exceed_axis": {"sv": "Sannolikhet att överstiga", "en": "Probability of exceeding"},
    "chart.cashflow_title": {
        "sv": "Ackumulerat diskonterat nettoflöde för {persp}, år för år",
        "en": "Cumulative discounted net flow for {persp}, year by year",
    },
    "chart.band90": {"sv": "90 % av utfallen", "en": "90% of outcomes"},
    "chart.band50": {"sv": "50 % av utfallen", "en": "50% of outcomes"},
    "chart.median_line": {"sv": "Median", "en": "Median"},
    "chart.cum_axis": {"sv": "Ackumulerat ({unit})", "en": "Cumulative ({unit})"},
    "chart.paid_back_axis": {"sv": "Återbetalt", "en": "Paid back"},
    "chart.no_payback": {
        "sv": "Återbetalningstid saknas: perspektivet betalar inga insatskostnader",
        "en": "No payback time: this perspective pays no intervention costs",
    },
    "chart.year_axis": {
        "sv": "År från start (år 0 = insatsens första år)",
        "en": "Years from start (year 0 = first year of the intervention)",
    },
    "chart.actors_title": {
        "sv": "Vem betalar och vem vinner (nuvärden, median och 90 % intervall)",
        "en": "Who pays and who gains (present values, median and 90% interval)",
    },
    "chart.actor_costs": {"sv": "Insatskostnad", "en": "Intervention cost"},
    "chart.actor_avoided": {"sv": "Undvikna kostnader", "en": "Avoided costs"},
    "chart.actor_net": {"sv": "Netto", "en": "Net"},
    "chart.actor_axis": {"sv": "Nuvärde ({unit})", "en": "Present value ({unit})"},
    "chart.median_interval": {
        "sv": "{median} ({lo} till {hi})",
        "en": "{median} ({lo} to {hi})",
    },
    "chart.logic_title": {
        "sv": "Verksamhetslogik: från deltagare till undvikna kostnader",
        "en": "Logic model: from participants to avoided costs",
    },
    "chart.logic_legend": {"sv": "Evidensgrad", "en": "Evidence grade"},
    "chart.logic_participants": {"sv": "Deltagare", "en": "Participants"},
    "chart.logic_per_year": {"sv": "per år: {value}", "en": "per year: {value}"},
    "chart.logic_cohorts": {
        "sv": "{n} årskullar, totalt {total}",
        "en": "{n} cohorts, in total {total}",
    },
    "chart.logic_share": {"sv": "andel: {value}", "en": "share: {value}"},
    "chart.logic_baseline": {"sv": "risk utan insats: {value}", "en": "risk without: {value}"},
    "chart.logic_relative_risk": {"sv": "relativ risk: {value}", "en": "relative risk: {value}"},
    "chart.logic_risk_difference": {
        "sv": "riskminskning: {value}",
        "en": "risk reduction: {value}",
    },
    "chart.logic_outcome": {
        "sv": "{label} (efter {n} år)",
        "en": "{label} (after {n} years)",
    },
    "chart.logic_annual": {"sv": "per år: {value}", "en": "per year: {value}"},
    "chart.logic_once": {"sv": "engångsbelopp: {value}", "en": "one-off: {value}"},
    "chart.logic_con_share": {"sv": "berör: {value}", "en": "affects: {value}"},
    "chart.logic_evidence": {"sv": "evidens: {grade}", "en": "evidence: {grade}"},
    "chart.tornado_title": {
        "sv": "Tornadodiagram: nettonuvärdet när ett antagande i taget sätts lågt eller högt",
        "en": "Tornado: the NPV when one assumption at a time is set low or high",
    },
    "chart.tornado_low": {"sv": "Lågt värde", "en": "Low value"},
    "chart.tornado_high": {"sv": "Högt värde", "en": "High value"},
    "chart.tornado_base": {
        "sv": "Grundfall (alla på median)",
        "en": "Base case (all at median)",
    },
    "chart.tornado_median": {
        "sv": "Simuleringens median",
        "en": "Median of the simulation",
    },
    "chart.sobol_title": {
        "sv": "Sobolindex: andel av osäkerheten som varje antagande står för",
        "en": "Sobol' indices: share of the uncertainty each assumption accounts for",
    },
    "chart.sobol_first": {"sv": "Ensam (första ordningen)", "en": "Alone (first order)"},
    "chart.sobol_total": {
        "sv": "Med samspel (totalt)",
        "en": "With interactions (total)",
    },
    "chart.sobol_axis": {
        "sv": "Andel av spridningen i nettonuvärdet (varians)",
        "en": "Share of the spread of the NPV (variance)",
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
        "sv": "{label}: {value} (percentil {pct} i antagandets fördelning).",
        "en": "{label}: {value} (percentile {pct} of the assumption's distribution).",
    },
    "report.switching_below": {
        "sv": "För att insatsen ska löna sig måste värdet vara lägre än så.",
        "en": "For the intervention to pay off the value has to be lower than that.",
    },
    "report.switching_above": {
        "sv": "För att insatsen ska löna sig måste värdet vara högre än så.",
        "en": "For the intervention to pay off the value has to be higher than that.",
    },
    "report.overrides_intro": {
        "sv": "Den här kalkylen bygger på ändrade antaganden: en granskare har ersatt "
        "sökandens värden nedan. Resultaten gäller med de nya värdena.",
        "en": "This calculation uses changed assumptions: a reviewer replaced the applicant's "
        "values below. The results hold with the new values.",
    },
    "report.col_original": {"sv": "Sökandens värde", "en": "Applicant's value"},
    "report.col_new": {"sv": "Nytt värde", "en": "New value"},
    "report.col_origin": {"sv": "Ändrat genom", "en": "Changed by"},
    "report.override_evidence": {"sv": "Evidens", "en": "Evidence"},
    "report.override_source": {"sv": "Källa", "en": "Source"},
    "report.overlay_caption": {
        "sv": 'Överläggsfil {file}: "{title}"',
        "en": 'Overlay file {file}: "{title}"',
    },
    "report.prov_overlay": {"sv": "Överläggsfil", "en": "Overlay file"},
    "report.prov_overlay_sha": {
        "sv": "SHA-256 för överläggsfilen",
        "en": "SHA-256 of the overlay file",
    },
    "report.believe_none": {
        "sv": "Inget enskilt antagande vänder resultatet inom sitt eget osäkerhetsintervall.",
        "en": "No single assumption turns the result within its own range of uncertainty.",
    },
    "report.believe_none_loss": {
        "sv": "Med de övriga antagandena på sina medianer vänder inget enskilt antagande "
        "resultatet inom sitt eget osäkerhetsintervall. Det betyder inte att insatsen säkert "
        "lönar sig: när alla antaganden varierar samtidigt kostar den mer än den sparar i "
        "{prob} av dragningarna.",
        "en": "With the other assumptions at their medians, no single assumption turns the "
        "result within its own range of uncertainty. That does not mean the intervention "
        "surely pays off: with all assumptions varying together it costs more than it saves in "
        "{prob} of the draws.",
    },
    "report.believe_none_gain": {
        "sv": "Med de övriga antagandena på sina medianer vänder inget enskilt antagande "
        "resultatet inom sitt eget osäkerhetsintervall. Det betyder inte att insatsen säkert "
        "går med förlust: när alla antaganden varierar samtidigt lönar den sig i {prob} av "
        "dragningarna.",
        "en": "With the other assumptions at their medians, no single assumption turns the "
        "result within its own range of uncertainty. That does not mean the intervention "
        "surely makes a loss: with all assumptions varying together it pays off in {prob} of "
        "the draws.",
    },
    "report.base_vs_median": {
        "sv": "Brytpunkterna nedan räknas kring ett grundfall där varje antagande ligger på sin "
        "median; där är nettonuvärdet för {persp} {base}. Simuleringens median, siffran i "
        "rubriken, är {median}.",
        "en": "The switching values below are taken around a base case with every assumption "
        "at its median; there the net present value for {persp} is {base}. The simulation's "
        "median, the figure in the headline, is {median}.",
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
    "report.rho_via_correlation": {
        "sv": "ingår inte i samhällets nettonuvärde; rangkorrelationen är lånad från "
        "korrelationen med {others}",
        "en": "does not enter the society NPV; the rank correlation is borrowed from its "
        "correlation with {others}",
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
        "sv": "Känslighetsanalysen nedan ändrar ett antagande i taget med de övriga på sina "
        "medianer (tornadodiagram) och visar hur stor del av spridningen i nettonuvärdet varje "
        "antagande står för (Sobolindex).",
        "en": "The sensitivity analysis below changes one assumption at a time with the others "
        "at their medians (tornado) and shows how much of the spread of the net present value "
        "each assumption accounts for (Sobol' indices).",
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
        "sv": "Diagrammen visar hur det ackumulerade nettot, omräknat till dagens värde, utvecklas år för år: det mörka "
        "bandet rymmer hälften av utfallen, det ljusa 90 %. Den nedre delen visar "
        "sannolikheten att kostnaderna är återbetalda ett visst år.",
        "en": "The charts show how the cumulative net, in today's money, develops year by year: the dark band holds half of the outcomes, the "
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
    "report.payback_no_cost": {
        "sv": "För {persp}: ingen återbetalningstid, eftersom perspektivet inte betalar några "
        "insatskostnader.",
        "en": "For {persp}: no payback time, since this perspective pays no intervention costs.",
    },
    "report.payback_some_cost": {
        "sv": "Perspektivet betalar insatskostnader bara i {share} av dragningarna; i de övriga "
        "finns inget att återbetala och de räknas inte som återbetalda.",
        "en": "This perspective pays intervention costs in only {share} of the draws; in the "
        "others there is nothing to pay back, and they do not count as paid back.",
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
        "effekt till undvikna kostnader. Varje länk är osäker. Därför kan ett antagande "
        "anges som ett spann i stället för en enda siffra.",
        "en": "The chain runs from money to activity, from activity to effect and from effect "
        "to avoided costs. Every link is uncertain, so an assumption can be given as a range "
        "instead of a single number.",
    },
    "report.method_3": {
        "sv": "Datorn drar slumpmässigt ett värde för varje antagande inom dess spann och räknar "
        "ut resultatet, många gånger (Monte Carlo-simulering; antalet dragningar står under "
        "underlag för granskning). Resultatet är därför en "
        "fördelning: hur brett intervallet är visar hur osäker kalkylen är. Lägg mer vikt "
        "vid intervallet och sannolikheten för vinst än vid medianen.",
        "en": "The computer draws a value for every assumption within its range and computes "
        "the result, many times (Monte Carlo simulation; the number of draws is given under "
        "provenance). The result is therefore a "
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
        "sv": "Kalkylen räknar bara med skillnaden mot vad som hade hänt utan insatsen (risken "
        "utan insatsen): den som hade klarat sig ändå bidrar inte till de undvikna "
        "kostnaderna.",
        "en": "The calculation counts only the difference from what would have happened "
        "without the intervention (the risk without it): those who would have done well "
        "anyway add nothing to the avoided costs.",
    },
    "report.valuation_title": {"sv": "Värderingsgrund.", "en": "Valuation basis."},
    "valuation.label": {"sv": "Värderingsgrund", "en": "Valuation basis"},
    "valuation.declared": {
        "sv": "Scenariofilen anger: {basis}. sekalk kontrollerar inte att beloppen motsvarar "
        "detta.",
        "en": "The scenario file declares: {basis}. sekalk does not check that the amounts "
        "match it.",
    },
    "valuation.average_difference": {
        "sv": "varje undvikt utfall värderas som den genomsnittliga skillnad det gör, inte som "
        "ett livslångt utanförskap",
        "en": "each avoided outcome is valued at the average difference it makes, not as a "
        "lifetime of exclusion",
    },
    "valuation.lifetime": {
        "sv": "varje undvikt utfall värderas som ett helt livs kostnader (till exempel "
        "livslångt utanförskap), ett värsta fall snarare än den genomsnittliga skillnaden",
        "en": "each avoided outcome is valued at a whole lifetime's costs (for example "
        "lifelong exclusion), a worst case rather than the average difference",
    },
    "valuation.short_term": {
        "sv": "varje undvikt utfall värderas bara med kostnaderna under en kort tid efter utfallet",
        "en": "each avoided outcome is valued only at the costs for a short time after the outcome",
    },
    "valuation.other": {
        "sv": "värderingen bygger på en annan grund, som anteckningen beskriver",
        "en": "the valuation rests on another basis, described in the note",
    },
    "valuation.note": {"sv": "Scenariots anteckning: {note}", "en": "The scenario's note: {note}"},
    "valuation.none": {
        "sv": "Scenariofilen anger inte på vilken grund ett undvikt utfall värderas "
        "(genomsnittlig skillnad, livstid eller annat; [scenario] valuation). Grunden kan "
        "avgöra om kalkylen visar vinst: bedöm den utifrån konsekvensernas belopp och "
        "varaktighet bland antagandena.",
        "en": "The scenario file does not declare on what basis an avoided outcome is valued "
        "(average difference, lifetime or other; [scenario] valuation). The basis can decide "
        "whether the calculation shows a gain: judge it from the consequences' amounts and "
        "durations among the assumptions.",
    },
    "report.method_6": {
        "sv": "För samhället som helhet räknas verkliga resurser och produktion. Transfereringar "
        "som ekonomiskt bistånd flyttar bara pengar mellan aktörer: de syns hos den som "
        "betalar och den som tar emot men tar ut varandra för samhället.",
        "en": "For society as a whole, real resources and production count. Transfers such as "
        "social assistance only move money between actors: they show for the payer and the "
        "recipient but cancel out for society.",
    },
    "report.prov_version": {"sv": "sekalk-version", "en": "sekalk version"},
    "report.prov_file": {"sv": "Scenariofil", "en": "Scenario file"},
    "report.prov_sha": {"sv": "SHA-256 för scenariofilen", "en": "SHA-256 of the scenario file"},
    "report.prov_draws": {"sv": "Dragningar", "en": "Draws"},
    "report.prov_seed": {"sv": "Slumptalens startvärde", "en": "Seed"},
    "report.prov_sampler": {"sv": "Dragningsmetod", "en": "Sampler"},
    "report.prov_prices": {"sv": "Prisnivå", "en": "Price level"},
    "report.prov_prices_value": {
        "sv": "fasta priser {year}, {currency}",
        "en": "constant {year} prices, {currency}",
    },
    "report.prov_horizon": {"sv": "Tidshorisont", "en": "Time horizon"},
    "report.prov_rate": {"sv": "Diskonteringsränta", "en": "Discount rate"},
    "report.years": {"sv": "{n} år", "en": "{n} years"},
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
    # --- integration ---
    # levels in the HTML report
    "report.sec_levels": {
        "sv": "Projekt, fortsättning och spridning",
        "en": "Project, continuation and spread",
    },
    "report.levels_intro": {
        "sv": "Värdet av en social investering ligger inte bara i deltagarna under "
        "projekttiden (individnivå) utan också i om metoden lever vidare i ordinarie "
        "verksamhet (organisationsnivå) och sprids till andra enheter (systemnivå). Här visas "
        "de tre var för sig. Fortsättning och spridning sker med den sannolikhet som "
        "scenariot anger, alltså i den andelen av dragningarna.",
        "en": "A social investment's value lies not only in the participants during the "
        "project (individual level) but also in whether the method continues in ordinary "
        "operations (organisational level) and spreads to other units (system level). The "
        "three are shown separately here. Continuation and spread happen with the "
        "probability the scenario gives them, so in that share of the draws.",
    },
    "report.levels_headline": {
        "sv": "Siffrorna ovan avser totalen: det finansierade projektet plus {parts}, "
        "vägt efter hur sannolika de är. Det finansierade projektet ensamt: median {median}, "
        "sannolikhet för vinst {prob}.",
        "en": "The figures above refer to the total: the funded project plus {parts}, "
        "weighted by how likely they are. The funded project alone: median {median}, "
        "probability of a gain {prob}.",
    },
    "report.levels_part_continuation": {
        "sv": "fortsättning i ordinarie verksamhet (sker med sannolikhet {prob})",
        "en": "continuation in ordinary operations (happens with probability {prob})",
    },
    "report.levels_part_spread": {
        "sv": "spridning till andra enheter (sker med sannolikhet {prob})",
        "en": "spread to other units (happens with probability {prob})",
    },
    "report.and": {"sv": " och ", "en": " and "},
    "report.levels_each_caption": {
        "sv": "Varje nivå för sig: nettonuvärde för samhället om nivån blir av",
        "en": "Each level on its own: net present value for society if the level happens",
    },
    "report.col_occurs": {"sv": "Blir av i", "en": "Happens in"},
    "report.col_expected": {"sv": "Vägt bidrag (medel)", "en": "Weighted contribution (mean)"},
    "report.levels_each_note": {
        "sv": "”Blir av i”: andel av dragningarna där nivån blir av. P5, median, P95 och "
        "sannolikhet för vinst avser nivån om den blir av. Det vägda bidraget är "
        "medelvärdet över alla dragningar, med 0 där nivån inte blir av; bidragen summerar "
        "till totalens medelvärde.",
        "en": "'Happens in': the share of draws in which the level happens. P5, median, P95 "
        "and probability of a gain refer to the level if it happens. The weighted "
        "contribution is the mean over all draws, with 0 where "
        "the level does not happen; the contributions add up to the total's mean.",
    },
    "report.levels_cases_caption": {
        "sv": "Med och utan fortsättning och spridning: nettonuvärde för samhället",
        "en": "With and without continuation and spread: net present value for society",
    },
    "report.levels_case_project": {
        "sv": "Bara det finansierade projektet (metoden upphör med finansieringen)",
        "en": "The funded project only (the method ends with the funding)",
    },
    "report.levels_case_continuation": {
        "sv": "Projektet med fortsättning (om metoden lever vidare)",
        "en": "The project with continuation (if the method continues)",
    },
    "report.levels_case_spread": {
        "sv": "Projektet med spridning (om metoden sprids)",
        "en": "The project with spread (if the method spreads)",
    },
    "report.levels_case_total": {
        "sv": "Totalt, vägt efter sannolikheterna (rubriksiffran)",
        "en": "Total, weighted by the probabilities (the headline)",
    },
    "report.col_level": {"sv": "Nivå", "en": "Level"},
    "report.col_case": {"sv": "Fall", "en": "Case"},
    # overrides and their effect
    "report.deltas_intro": {
        "sv": "Så flyttar ändringarna slutsatsen (samma slumptal som det oförändrade "
        "scenariot, så skillnaden beror på antagandena, inte på slumpen):",
        "en": "How the changes move the conclusion (the same random numbers as the unmodified "
        "scenario, so the difference comes from the assumptions, not from chance):",
    },
    "report.col_figure": {"sv": "Nyckeltal", "en": "Figure"},
    "report.col_base": {"sv": "Sökandens scenario", "en": "Applicant's scenario"},
    "report.col_changed": {"sv": "Med bedömarens ändringar", "en": "With the evaluator's changes"},
    "report.col_change": {"sv": "Förändring", "en": "Change"},
    "report.delta_mean": {
        "sv": "Nettonuvärde för samhället, medelvärde",
        "en": "Net present value for society, mean",
    },
    "report.delta_median": {
        "sv": "Nettonuvärde för samhället, median",
        "en": "Net present value for society, median",
    },
    "report.delta_prob": {"sv": "Sannolikhet för vinst", "en": "Probability of a gain"},
    "report.delta_mcse": {"sv": "(± {mcse})", "en": "(± {mcse})"},
    "report.pp": {"sv": "{n} procentenheter", "en": "{n} percentage points"},
    "report.deltas_mcse_note": {
        "sv": "± är Monte Carlo-felet (ett standardfel) för förändringen av medelvärdet.",
        "en": "± is the Monte Carlo error (one standard error) of the change in the mean.",
    },
    # credibility map in the HTML report
    "report.sec_credibility": {"sv": "Trovärdighetskarta", "en": "Credibility map"},
    "report.credibility_intro": {
        "sv": "Varje osäkert antagande placeras efter hur väl det är underbyggt (evidens, "
        "vågrätt) och hur stor del av osäkerheten i samhällets nettonuvärde det står för "
        "(lodrätt). Antaganden till höger om mitten (antagande eller ej angiven evidens) och "
        "ovanför den streckade linjen bär mycket av resultatet men vilar bara på en "
        "bedömning: följ upp eller utvärdera dem.",
        "en": "Every uncertain assumption is placed by how well it is grounded (evidence, "
        "horizontal) and by how much of the uncertainty in the net present value for society "
        "it accounts for (vertical). Assumptions right of the middle (assumption or evidence "
        "not stated) and above the dashed line carry much of the result but rest only on "
        "judgement: follow them up or evaluate them.",
    },
    "report.cred_measure_sobol": {
        "sv": "Andel = hur mycket av spridningen i nettonuvärdet som skulle försvinna om just "
        "det antagandet vore känt, ensamt eller i samspel med andra (Sobols totalindex ur "
        "känslighetsanalysen; andelarna kan därför summera till mer än 100 %). Fasta värden "
        "bär ingen andel.",
        "en": "Share = how much of the spread of the net present value would go away if this "
        "assumption were known, alone or together with others (Sobol' total-order index from "
        "the sensitivity analysis; so the shares can add up to more than 100%). Fixed values "
        "carry no share.",
    },
    "report.cred_via_correlation": {
        "sv": "{label} ingår inte i samhällets nettonuvärde; dess andel är lånad från "
        "korrelationen med {others}, och det flaggas därför inte som kritiskt.",
        "en": "{label} does not enter the net present value for society; its share is borrowed "
        "from its correlation with {others}, so it is not flagged critical.",
    },
    "report.col_share": {"sv": "Andel av osäkerheten", "en": "Share of the uncertainty"},
    "report.critical_title": {
        "sv": "Kritiska antaganden: följ upp eller utvärdera",
        "en": "Critical assumptions: follow up or evaluate",
    },
    # comparison report
    "report.cmp_doc_title": {"sv": "Jämförelse av scenarier", "en": "Comparison of scenarios"},
    "report.cmp_subtitle": {
        "sv": "Samhällsekonomisk kalkyl · beräknad med sekalk {version} · {draws} dragningar, "
        "slumptalens startvärde {seed}, {sampler}",
        "en": "Socio-economic calculation · computed with sekalk {version} · {draws} draws, "
        "seed {seed}, sampler {sampler}",
    },
    "report.cmp_n_overrides": {
        "sv": "{n} ändrade antaganden",
        "en": "{n} overridden assumptions",
    },
    "report.cmp_intro": {
        "sv": "Alla scenarier är beräknade med samma slumptal: ett antagande som finns i flera "
        "scenarier får samma värde i varje dragning. Skillnaderna nedan beror därför på "
        "antagandena, inte på slumpen.",
        "en": "Every scenario is computed with the same random numbers: an assumption that "
        "occurs in several scenarios takes the same value in every draw. The differences below "
        "therefore come from the assumptions, not from chance.",
    },
    "report.cmp_columns_note": {
        "sv": "Nettonuvärde: medel, lågt (P5), median och högt (P95). Jämvikt: hur många "
        "deltagare som måste undvika utfallet för att kalkylen ska gå jämnt ut (median); "
        "undvikna: hur många antagandena ger (medel).",
        "en": "Net present value: mean, low (P5), median and high (P95). Break-even: how many "
        "participants must avoid the outcome for the calculation to break even (median); "
        "avoided: how many the assumptions give (mean).",
    },
    "report.cmp_chart_title": {
        "sv": "Nettonuvärde för {persp} per scenario",
        "en": "Net present value for {persp} by scenario",
    },
    "report.cmp_chart_caption": {
        "sv": "Varje linje visar hur ofta ett visst nettonuvärde förekommer i ett scenario. "
        "Till höger om nollan sparar insatsen mer än den kostar.",
        "en": "Each line shows how often a given net present value occurs in one scenario. "
        "Right of zero, the intervention saves more than it costs.",
    },
    "report.cmp_sec_pairs": {
        "sv": "Skillnader mellan scenarierna",
        "en": "Differences between the scenarios",
    },
    "report.cmp_pairs_intro": {
        "sv": "För varje par A − B: nettonuvärdet för A minus det för B, dragning för "
        "dragning, och hur ofta A ger det högre nettonuvärdet.",
        "en": "For each pair A − B: the net present value of A minus that of B, draw by draw, "
        "and how often A gives the higher net present value.",
    },
    "report.cmp_pair_sentence": {
        "sv": "#{a} ger högre nettonuvärde för {persp} än #{b} i {prob} av dragningarna och "
        "lägre i {lower}.",
        "en": "#{a} gives a higher net present value for {persp} than #{b} in {prob} of the "
        "draws and a lower one in {lower}.",
    },
    "report.cmp_pair_same": {
        "sv": "#{a} och #{b} ger samma nettonuvärde för {persp} i varje dragning.",
        "en": "#{a} and #{b} give the same net present value for {persp} in every draw.",
    },
    "report.cmp_sec_overrides": {"sv": "Ändrade antaganden", "en": "Overridden assumptions"},
    "report.cmp_prov_perspective": {"sv": "Perspektiv", "en": "Perspective"},
    "report.col_scenario": {"sv": "Scenario", "en": "Scenario"},
    "report.col_mean": {"sv": "Medel", "en": "Mean"},
    "report.col_needed": {"sv": "Jämvikt (median)", "en": "Break-even (median)"},
    "report.col_expected_avoided": {"sv": "Undvikna (medel)", "en": "Avoided (mean)"},
    "report.col_pair": {"sv": "Par A − B", "en": "Pair A − B"},
    "report.col_mean_difference": {"sv": "Skillnad (medel)", "en": "Difference (mean)"},
    "report.col_difference_interval": {
        "sv": "Skillnad, 90 % intervall",
        "en": "Difference, 90% interval",
    },
    "report.col_prob_better": {
        "sv": "Sannolikhet att A är bättre",
        "en": "Probability that A is better",
    },
    # portfolio report
    "report.pf_sec_headline": {"sv": "Fonden som helhet", "en": "The fund as a whole"},
    "report.pf_headline": {
        "sv": "Med 90 % sannolikhet ligger portföljens samlade nettonuvärde för samhället "
        "mellan {lo} och {hi} (median {median}).",
        "en": "With 90% probability the portfolio's total net present value for society lies "
        "between {lo} and {hi} (median {median}).",
    },
    "report.pf_headline_prob": {
        "sv": "Sannolikheten att fonden som helhet går med vinst för samhället (samlat "
        "nettonuvärde över noll) är {prob}.",
        "en": "The probability that the fund as a whole gains for society (total net present "
        "value above zero) is {prob}.",
    },
    "report.pf_levels_note": {
        "sv": "För projekt med fortsättning eller spridning ingår dessa, vägda efter hur "
        "sannolika de är.",
        "en": "For projects with continuation or spread, these are included, weighted by how "
        "likely they are.",
    },
    "report.pf_chart_title": {
        "sv": "Portföljens samlade nettonuvärde för samhället",
        "en": "The portfolio's total net present value for society",
    },
    "report.pf_chart_caption": {
        "sv": "Varje stapel visar hur ofta ett visst samlat nettonuvärde förekommer bland "
        "dragningarna; projekten är beräknade tillsammans, dragning för dragning.",
        "en": "Each bar shows how often a given total net present value occurs among the "
        "draws; the projects are computed together, draw by draw.",
    },
    "report.pf_sec_projects": {
        "sv": "Projekten och deras andel av risken",
        "en": "The projects and their share of the risk",
    },
    "report.pf_total": {"sv": "Fonden totalt", "en": "The fund in total"},
    "report.pf_sec_actors": {"sv": "Vem betalar och vem vinner", "en": "Who pays and who gains"},
    "report.pf_actors_intro": {
        "sv": "Portföljens nettonuvärde per aktör, summerat över projekten.",
        "en": "The portfolio's net present value per actor, summed over the projects.",
    },
    "report.pf_sec_budget": {"sv": "Budget", "en": "Budget"},
    "report.pf_no_budget": {
        "sv": "Ingen budget angavs (sekalk portfolio --budget BELOPP jämför projektens "
        "samlade kostnad med den).",
        "en": "No budget was given (sekalk portfolio --budget AMOUNT compares the projects' "
        "total cost with it).",
    },
    "report.pf_common_unshared": {
        "sv": "{n} parameter-id finns i flera projekt men dras oberoende. Visa vilka.",
        "en": "{n} parameter ids occur in several projects but are drawn independently. "
        "Show which.",
    },
    "report.col_project": {"sv": "Projekt", "en": "Project"},
    "report.col_risk_share": {"sv": "Andel av risken", "en": "Share of the risk"},
    # --- robust ---
    "robust.breakeven_no_avoided": {
        "sv": "Ingen brytpunkt: insatsen undviker inga negativa utfall (antalet undvikna "
        "utfall är 0), så det finns inget antal framgångar som bär kostnaden.",
        "en": "No break-even point: the intervention avoids no adverse outcomes (the number of "
        "avoided outcomes is 0), so no number of successes pays for the cost.",
    },
    "robust.breakeven_past_horizon": {
        "sv": "Ingen brytpunkt: de undvikna utfallen och deras följder inträffar först efter "
        "kalkylens {horizon} år, så de har inget värde i den här kalkylen.",
        "en": "No break-even point: the avoided outcomes and their consequences fall after the "
        "calculation's {horizon} years, so they carry no value in this calculation.",
    },
    "robust.breakeven_no_value": {
        "sv": "Ingen brytpunkt: de undvikna utfallen har inget positivt värde (nuvärdet av "
        "de undvikna kostnaderna är högst 0).",
        "en": "No break-even point: the avoided outcomes have no positive value (the present "
        "value of the avoided costs is 0 or less).",
    },
    "robust.breakeven_partly": {
        "sv": "Brytpunkten saknas i {share} av dragningarna ({why}).",
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
    # --- lead ---
    "warn.beyond_horizon": {
        "sv": "varning: {file}: outcomes.{id}: inga följder hamnar inom kalkylperioden (utfallet "
        "inträffar tidigast år {year}, men horisonten är {horizon} år, år 0-{last}); öka "
        "horizon_years eller minska lag/start",
        "en": "warning: {file}: outcomes.{id}: no consequence falls within the horizon (the "
        "outcome comes in year {year} at the earliest, but the horizon is {horizon} years, "
        "years 0-{last}); increase horizon_years or reduce lag/start",
    },
    "cmp.identical": {
        "sv": "– (identiska i varje dragning)",
        "en": "– (identical in every draw)",
    },
    # --- polish ---
    "polish.col_interval": {"sv": "90 % intervall (P5–P95)", "en": "90% interval (P5–P95)"},
    "polish.update_stamp": {
        "sv": "uppdaterad av sekalk update från {file}",
        "en": "updated by sekalk update from {file}",
    },
    "polish.update_before": {"sv": "{stamp}; tidigare: {line}", "en": "{stamp}; before: {line}"},
    "polish.update_note": {
        "sv": "uppdaterad med {counts}; tidigare antagande {prior}",
        "en": "updated with {counts}; prior {prior}",
    },
    "polish.update_counts_from": {"sv": "{counts} från {source}", "en": "{counts} from {source}"},
    "polish.update_approx": {
        "sv": ", approximerad med beta(alpha={alpha}; beta={beta}) med samma medelvärde och sd",
        "en": ", approximated by beta(alpha={alpha}; beta={beta}) with the same mean and sd",
    },
    "polish.update_earlier_note": {
        "sv": "; tidigare anteckning: {note}",
        "en": "; earlier note: {note}",
    },
    "polish.update_source": {"sv": "uppföljningsdata", "en": "follow-up data"},
    "polish.update_prior_source": {
        "sv": "{source}; tidigare antagande: {prior}",
        "en": "{source}; prior: {prior}",
    },
    "polish.unit_note": {
        "sv": "{id}: {low} / {likely} / {high} kr per {unit} ({year} års priser){per}; "
        "omräknad från {year} med KPI-faktor {kpi}",
        "en": "{id}: {low} / {likely} / {high} SEK per {unit} ({year} prices){per}; "
        "converted from {year} with KPI factor {kpi}",
    },
    "polish.unit_note_per": {"sv": " × {factor} per {per}", "en": " × {factor} per {per}"},
    "polish.unit.case": {"sv": "ärende", "en": "case"},
    "polish.unit.day": {"sv": "dag", "en": "day"},
    "polish.unit.month": {"sv": "månad", "en": "month"},
    "polish.unit.year": {"sv": "år", "en": "year"},
    "polish.unit.household-month": {"sv": "hushållsmånad", "en": "household-month"},
    "polish.unit.household-year": {"sv": "hushållsår", "en": "household-year"},
    "polish.unit.person-year": {"sv": "personår", "en": "person-year"},
    "polish.unit.person-lifetime": {"sv": "person och livstid", "en": "person-lifetime"},
}


def t(key: str, lang: str, **kwargs: object) -> str:
    """The text of ``key`` in ``lang``, formatted with ``kwargs``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    # Always format, so that literal braces are written {{ }} in every entry alike.
    return CATALOGUE[key][lang].format(**kwargs)


def perspective_name(name: str, lang: str) -> str:
    """A perspective's name in ``lang`` (actor names not in the catalogue are shown as given)."""
    key = f"persp.{name}"
    return t(key, lang) if key in CATALOGUE else name


def sampler_name(sampler: str, lang: str) -> str:
    """How a sampler (``random``, ``lhs``, ``sobol``) is named in running text in ``lang``."""
    key = f"sampler.{sampler}"
    return t(key, lang) if key in CATALOGUE else sampler


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

    The one money formatter is :func:`sekalk.text.numbers.fmt_money` (unit chosen after
    rounding, so 999 999 kr is ``1,0 mnkr``, never ``1 000 tkr``); this name stays for the
    reports that call it.
    """
    from sekalk.text.numbers import fmt_money as money

    return money(x, lang, currency)


def fmt_pct(p: float | None, lang: str, decimals: int = 0) -> str:
    """A probability or share: sv ``71 %``, en ``71%``."""
    if p is None or not math.isfinite(p):
        return "–"
    num = fmt_number(100.0 * p, lang, decimals)
    return f"{num} %" if lang == "sv" else f"{num}%"
