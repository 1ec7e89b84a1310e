"""The de-identification pipeline's patterns, without a database (calibration-design.md §3.2,
steps 1–2)."""

from datetime import date

from apps.calibration.exemplars.deidentify import (
    Redactor,
    Stretch,
    name_parts,
    special_category_hits,
)


def redactor(*people: tuple[str, str]) -> Redactor:
    names = {}
    for full_name, token in people:
        for part in name_parts(full_name):
            names.setdefault(part.lower(), token)
    return Redactor(names)


def test_names_whole_and_in_parts_become_role_tokens():
    r = redactor(("Sanne de Vries", "[student]"), ("Wendy Werkplek", "[wpb]"))
    text = "Sanne, SANNE DE VRIES, mevrouw de Vries en Vries; Wendy zag het. Werkplekken bleven."
    assert r.redact(text) == (
        "[student], [student], mevrouw [student] en [student]; [wpb] zag het. Werkplekken bleven."
    )


def test_numbers_addresses_classes_and_dates_go_but_ordinary_words_stay():
    r = redactor()
    text = (
        "Klas 3HAVO-b, 2c, 4vwo en H3A op 12-03-2026, 3 maart en 2026-04-15; mail a.b@c.nl, "
        "bel 06-12345678 of +31 6 1234 5678; nummer 1234567; zie https://x.nl/p. "
        "De 2e les met een 3D-printer op B2-niveau, 5x herhaald, 25 leerlingen, 45 minuten."
    )
    assert r.redact(text) == (
        "Klas [klas], [klas], [klas] en [klas] op [datum], [datum] en [datum]; mail [e-mail], "
        "bel [telefoon] of [telefoon]; nummer [studentnummer]; zie [link]. "
        "De 2e les met een 3D-printer op B2-niveau, 5x herhaald, 25 leerlingen, 45 minuten."
    )


def test_special_category_words_are_found_case_insensitively(settings):
    settings.CALIBRATION_SPECIAL_CATEGORY_WORDS = ["dyslexie", "ziek", "adhd"]
    hits = special_category_hits({"feedback": "Door DYSLEXIE en ziekte; Adhd.", "motivation": ""})
    assert [h["word"] for h in hits] == ["dyslexie", "ziekte", "adhd"]
    assert all(h["resolution"] == "" for h in hits)


def test_a_date_within_the_placement_becomes_its_week():
    """§3.2 step 1: dates are "turned into relative weeks"; week 1 is the week of the first
    stage day (Monday 1 February 2027 here)."""
    r = Redactor({}, Stretch(date(2027, 2, 1), date(2027, 3, 28)))
    text = (
        "Op 1-2-2027, 7/2/27, 2027-02-08, 3 maart 2027, dinsdag 2 maart, 16 mrt. en 28.03.2027 "
        "ging het goed."
    )
    assert r.redact(text) == (
        "Op [week 1], [week 1], [week 2], [week 5], [week 5], [week 7] en [week 8] ging het goed."
    )


def test_a_date_outside_the_placement_or_without_a_known_start_stays_a_date():
    inside = Stretch(date(2027, 2, 3), date(2027, 3, 28))
    text = "Op 1-2-2027, 29 maart 2027, 2026-12-01, 31-02-2027 en 3 april!"
    assert Redactor({}, inside).redact(text) == (
        "Op [datum], [datum], [datum], [datum] en [datum]!"
    )
    assert Redactor({}).redact("Op 3-2-2027.") == "Op [datum]."
