"""What calibration holds about people: see apps/core/personal_data.py."""

from apps.core.personal_data import Not, register

# The exemplar is a de-identified copy made with the consent of both student and mentor; it
# has its own retention (Exemplar.expires_on, at most five years, or until its kijkkader
# version retires) and is withdrawn, its text deleted, when either revokes consent.
register(
    "calibration.Exemplar",
    person="source_mentor",
    export=Not("een geanonimiseerde kopie; de toestemming zelf staat in de export"),
    purge=Not("eigen bewaartermijn (bewaren tot); tekst weg bij intrekken toestemming"),
    dossier=Not("geen deel van het dossier van de student"),
)
register(
    "calibration.ExemplarConsent",
    person="person",
    export="toestemming_voorbeeldformulier",
    purge=Not("bewijs van toestemming zolang het voorbeeldformulier bestaat"),
    dossier=Not("gaat over het gebruik als voorbeeld, niet over de ontwikkeling"),
)
