"""What the placements app holds about a person and a placement: see
apps/core/personal_data.py."""

from apps.core.personal_data import Not, not_personal, register

ACCOUNT = Not("hoort bij de persoon, niet bij één stage: blijft zolang het account bestaat")
STAFF = Not("gegevens van een medewerker over de school, niet over een student")

register(
    "placements.StudentProfile",
    person="user",
    export="studentprofiel",
    purge=ACCOUNT,
    dossier="voorblad",
)
GUIDES = (
    "werkplekbegeleider",
    "schoolopleider",
    "instituutsopleider",
    "opleider",
    "studieloopbaanbegeleider",
)
register(
    "placements.Placement",
    placement="pk",
    export="stage",
    dossier="voorblad",
    also=["school__name", *(f"{g}__{f}" for g in GUIDES for f in ("full_name", "email"))],
)
OUTCOME = ["outcome__code", "outcome__title", "subject_outcome__subject", "subject_outcome__title"]
register(
    "placements.PlacementOutcome",
    placement="placement",
    export="leeruitkomsten",
    also=OUTCOME,
    dossier="besluiten",  # the maatwerk outcomes, with their reason
)
register(
    "placements.PlacementExtraAccess",
    placement="placement",
    export="extra_toegang",
    dossier=Not("wie meekijkt is geen besluit over de ontwikkeling"),
)
register(
    "placements.PlacementUserObjectPermission",
    placement="content_object",
    export=Not("de technische rechten die volgen uit de mensen van de stage (staan bij 'stage')"),
    dossier=Not("technische rechten"),
)
register(
    "placements.PlacementGroupObjectPermission",
    placement="content_object",
    export=Not("rechten van een groep, niet van een persoon"),
    dossier=Not("technische rechten"),
)
register(
    "placements.StudentEvaluation",
    placement="placement",
    export="evaluatie_leerwerkplek",
    dossier=Not("de school ziet evaluaties alleen samengevoegd; het dossier gaat over de student"),
)
register(
    "placements.StudentEvaluationAnswer",
    placement="evaluation__placement",
    export="evaluatie_leerwerkplek_antwoorden",
    also=["criterion__text"],
    dossier=Not("de school ziet evaluaties alleen samengevoegd; het dossier gaat over de student"),
)
register(
    "placements.SchoolAssignment",
    person="user",
    export="toewijzingen_aan_scholen",
    purge=STAFF,
    dossier=STAFF,
)
register(
    "placements.SchoolReview",
    person="created_by",
    export=STAFF,
    purge=STAFF,
    dossier=STAFF,
)
register(
    "placements.SchoolReviewAnswer",
    person="review__created_by",
    export=STAFF,
    purge=STAFF,
    dossier=STAFF,
)
not_personal("placements.School", "een school; haar opleiders staan in SchoolAssignment")
register(
    "placements.ImportUpload",
    person="created_by",
    export=Not("een importbestand van het praktijkbureau: gegevens van velen, geen van de student"),
    purge=Not(
        "verloopt na 12 uur (import_uploads_purge); de inhoud gaat eerder weg zodra hij is "
        "geïmporteerd"
    ),
    dossier=Not("een werkbestand van het praktijkbureau"),
    exclude=["content"],
)
