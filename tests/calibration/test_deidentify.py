"""The de-identification pipeline's patterns, without a database (calibration-design.md §3.2,
steps 1–2)."""

from apps.calibration.exemplars.deidentify import Redactor, name_parts, special_category_hits


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
