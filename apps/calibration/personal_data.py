"""What calibration holds about people: see apps/core/personal_data.py."""

from apps.core.personal_data import Not, not_personal, register

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
# The student's AVG export says that an exemplar was made from their form, and its state and
# dates, never its text (calibration-design.md §4, criterion 10). The proxy finds the rows by
# the student; the text fields are left out.
register(
    "calibration.ExemplarOfStudent",
    person="source_entry__version__form__conversation__placement__student__user",
    export="voorbeeldformulieren",
    purge=Not("eigen bewaartermijn (bewaren tot); tekst weg bij intrekken toestemming"),
    dossier=Not("geen deel van het dossier van de student"),
    exclude=(
        "title",
        "self_reflection",
        "feedback",
        "feed_forward",
        "development_made",
        "development_to_make",
        "motivation",
        "judgement",
        "confidence_year3",
        "indicators_seen",
        "reference_judgement",
        "reference_confidence_year3",
        "reference_indicators",
        "reference_annotation",
        "special_category_hits",
        "source_mentor",
        "source_instituutsopleider",
        "prepared_by",
        "published_by",
        "lock_version",
    ),
)
register(
    "calibration.ExemplarReference",
    person="edited_by",
    export=Not(
        "werkinformatie van de opleider die het anker vastlegde; geen tekst over de persoon"
    ),
    purge=Not("gaat mee met het voorbeeldformulier; de toelichting is weg bij intrekken"),
    dossier=Not("geen deel van het dossier van de student"),
)
register(
    "calibration.ExemplarConsent",
    person="person",
    export="toestemming_voorbeeldformulier",
    purge=Not("bewijs van toestemming zolang het voorbeeldformulier bestaat"),
    dossier=Not("gaat over het gebruik als voorbeeld, niet over de ontwikkeling"),
)
not_personal(
    "calibration.CalibrationSession",
    "planning van een sessie; wie organiseert en modereert is werkinformatie van opleiders",
)
not_personal("calibration.SessionExemplar", "welke voorbeelden een sessie gebruikt")
register(
    "calibration.Participant",
    person="user",
    export="kalibratiesessies",
    purge=Not("deelname is het bewijs in het beoordelaarsregister"),
    dossier=Not("gaat over de beoordelaar, niet over een student"),
)
register(
    "calibration.SessionJudgement",
    person="participant__user",
    export="kalibratieoordelen",
    purge=Not("oordeel over een geanonimiseerd voorbeeld; blijft bij de sessie"),
    dossier=Not("gaat over de beoordelaar, niet over een student"),
)
not_personal(
    "calibration.SessionAgreement",
    "afspraken van een sessie; wie ze vastlegde is werkinformatie",
)
register(
    "calibration.AssessorCredential",
    person="user",
    export="beoordelaarsregister",
    purge=Not("bewijs van certificering zolang de beoordelaar beoordeelt"),
    dossier=Not("gaat over de beoordelaar, niet over een student"),
)
not_personal("calibration.AuditSample", "de trekking zelf: percentage, startwaarde, aantallen")
register(
    "calibration.AuditItem",
    placement="entry__version__form__conversation__placement",
    export="steekproef",
    dossier=Not("een blinde tweede beoordeling voor de borging; verandert het resultaat nooit"),
)
