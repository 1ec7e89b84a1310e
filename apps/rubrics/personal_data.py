"""What the rubrics app holds about a person: see apps/core/personal_data.py."""

from apps.core.personal_data import Not, register

OWN = Not("een zelfbeoordeling van een medewerker, niet over een stage: blijft bij de persoon")
NOT_IN_DOSSIER = Not("gaat over de medewerker zelf, niet over de ontwikkeling van de student")

register(
    "rubrics.SelfAssessment",
    person="person",
    export="zelfbeoordelingen",
    purge=OWN,
    dossier=NOT_IN_DOSSIER,
)
register(
    "rubrics.SelfAssessmentRating",
    person="assessment__person",
    export="zelfbeoordelingen_scores",
    purge=OWN,
    dossier=NOT_IN_DOSSIER,
)
register(
    "rubrics.HeatmapConsent",
    person="person",
    export="toestemming_teamoverzicht",
    purge=OWN,
    dossier=NOT_IN_DOSSIER,
)
