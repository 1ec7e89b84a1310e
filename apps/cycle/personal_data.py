"""What the cycle holds about a placement, per feature: see apps/core/personal_data.py.
A new feature adds one line per model here."""

from apps.core.personal_data import Not, not_personal, register

WORK = Not("werkdocument tijdens de stage; het dossier toont wat is vastgesteld")
GUIDES = Not("gaat over de begeleiders, niet over de ontwikkeling van de student")

# conversations
register("cycle.Conversation", placement="placement", export="gesprekken", dossier=WORK)
register("cycle.KennismakingRecord", placement="placement", export="kennismaking", dossier=WORK)
register(
    "cycle.SensitiveInfo",
    placement="placement",
    export="persoonlijke_informatie",
    dossier=Not("gevoelige informatie komt nooit in een pdf"),
)
register(
    "cycle.ReminderLog",
    person="user",
    export="herinneringen",
    purge=Not("een logregel per persoon en dag dat een herinnering ging, zonder inhoud"),
    dossier=GUIDES,
)
not_personal(
    "cycle.PlanningRule", "planning van een opleiding en periode, geen gegevens van een persoon"
)

# leerplan
register("cycle.Leerplan", placement="placement", export="leerplan", dossier=WORK)
register(
    "cycle.LeerplanGoal",
    placement="leerplan__placement",
    export="leerdoelen",
    dossier=WORK,
    also=["placement_outcome__outcome__code", "placement_outcome__subject_outcome__title"],
)
register(
    "cycle.LeerdoelLine",
    placement="goal__leerplan__placement",
    export="meer_leerdoelen",
    dossier=WORK,  # in the leerplan version's text
)
register(
    "cycle.LeerrouteItem", placement="goal__leerplan__placement", export="leerroute", dossier=WORK
)
register(
    "cycle.GoalPhase", placement="goal__leerplan__placement", export="beoogde_fasen", dossier=WORK
)
register(
    "cycle.LeerplanVersion",
    placement="leerplan__placement",
    export="leerplanversies",
    dossier="leerplan",  # the approved version's text
)
register(
    "cycle.LeerplanApproval",
    placement="leerplan__placement",
    export="leerplan_goedkeuringen",
    dossier="leerplan",
)

# feedback
register(
    "cycle.FeedbackForm",
    placement="conversation__placement",
    export="formulieren",
    dossier="formulieren",
)
register(
    "cycle.FormVersion",
    placement="form__conversation__placement",
    export="formulierversies",  # and their PDFs in the ZIP
    dossier="formulieren",  # the sent versions
    exclude=["pdf"],
)
register(
    "cycle.FormEntry",
    placement="version__form__conversation__placement",
    export="formulieronderdelen",
    dossier="formulieren",
    also=["placement_outcome__outcome__code", "placement_outcome__subject_outcome__title"],
)

# procedure
register(
    "cycle.Disagreement",
    placement="entry__version__form__conversation__placement",
    export="meningsverschillen",
    dossier="besluiten",
)
register(
    "cycle.DisagreementMessage",
    placement="disagreement__entry__version__form__conversation__placement",
    export="meningsverschillen_berichten",
    dossier=Not("de collegiale dialoog; het dossier toont de uitkomst en de onderbouwing"),
)
register(
    "cycle.Concern",
    placement="placement_outcome__placement",
    export="zorgen",
    dossier="besluiten",  # for the guides only
)
register(
    "cycle.TerminationProposal",
    placement="placement",
    export="voorstellen_beeindiging",
    dossier="besluiten",  # the student sees the decided ones
)

# logbook
register("cycle.GuidanceLog", placement="conversation__placement", export="logboek", dossier=WORK)
register(
    "cycle.GuidanceComment",
    placement="log__conversation__placement",
    export="logboek_opmerkingen",
    dossier=WORK,
)

# beroepsvaardigheden
register(
    "cycle.CbvPlacement",
    placement="placement",
    export="complexe_beroepsvaardigheden",
    dossier=WORK,
    also=["dimension__name", "level__name"],
)

# records
register(
    "cycle.DossierJob",
    placement="placement",
    person="student__user",
    export="dossieraanvragen",
    dossier=Not("de aanvraag van het dossier zelf"),
    exclude=["file", "error"],
)

# evidence: files and links the student attached (their files go with the export's ZIP and are
# deleted with the placement, after the purge commits: apps/cycle/evidence/personal_data.py)
register(
    "cycle.Evidence",
    placement="placement",
    export=Not("apart, door evidence_export_rows: met waar het hangt en de naam in de ZIP"),
    dossier="bewijs",
)

# lesson observations (lesbezoeken); a lesson plan file goes with its observation
register(
    "cycle.ObservationRequest",
    placement="placement",
    export="lesbezoek_verzoeken",
    dossier=Not("een verzoek; wat gezien is, staat in het lesbezoek en het formulier"),
)
register(
    "cycle.Observation",
    placement="placement",
    export="lesbezoeken",
    dossier=Not("het formulier noemt de lesbezoeken waarop het rust"),
)
register(
    "cycle.ObservedIndicator",
    placement="observation__placement",
    export="lesbezoek_indicatoren",
    dossier=Not("onderdeel van het lesbezoek"),
    also=["indicator__text", "item__text"],
)
register(
    "cycle.FormObservation",
    placement="observation__placement",
    export="formulier_lesbezoeken",
    dossier=Not("het formulier noemt de lesbezoeken waarop het rust"),
)

# hours and lessons per week (handbook ch.4), kept like the logbook
register(
    "cycle.WeekHours", placement="placement", export="lessen_en_begeleidingstijd", dossier=WORK
)
