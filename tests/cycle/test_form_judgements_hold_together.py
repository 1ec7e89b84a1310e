"""Judgements that hold together (handbook ch.2): voldaan without confidence in year 3 needs
a motivation for the combination, other contradictions warn, and PPI and ict get the three
steps at the tussenevaluatie too, where "te weinig gezien" is an honest answer."""

import pytest
from django.urls import reverse

from apps.cycle.common import CycleError
from apps.cycle.feedback.forms import FeedbackEntryForm
from apps.cycle.feedback.rules import send_problems
from apps.cycle.feedback.services import form_feedback_save, form_send
from tests.cycle.test_form_services import CONCRETE, complete_feedback, reflect

# Handbook ch.2 (5.1 and 5.2 at tussenniveau).
CONFIDENCE = (
    "Daarnaast geldt dat de begeleiders (wpb, so en opleiders) voldoende vertrouwen moet hebben "
    "dat de student deze leeruitkomsten op termijn zelfstandig kan realiseren."
)
# Handbook ch.2, Kwaliteitscriteria.
CONSISTENT = "Zorg dat feedback, voorbeelden en oordeel consistent zijn."
# Handbook ch.2, PPI and ict.
THREE_STEPS = (
    "Op deze twee leeruitkomsten geeft u feedback en feed forward mee. Dit doet u door: "
    "1. Uit het kijkkader de indicatoren te benoemen die u al hebt gezien [...] "
    "2. Aan te geven welke ontwikkeling de student heeft doorgemaakt. "
    "3. Aan te geven welke ontwikkeling de student nog te maken heeft."
)
TOO_LITTLE = (
    "Mocht u het moeilijk vinden om bij de tussenevaluatie al uitspraken te doen over deze twee "
    "leeruitkomsten omdat u nog weinig gezien hebt, dan kunt u dat benoemen in het feedback -en "
    "beoordelingsformulier"
)


def entry(version, code):
    return version.entries.get(placement_outcome__outcome__code=code)


def save(version, by, e, **values):
    version.refresh_from_db()
    return form_feedback_save(
        by=by, version=version, lock_version=version.lock_version, values={e.pk: values}
    )


@pytest.fixture
def eind_filled(eind, student, mentor):
    return complete_feedback(reflect(eind, student.user), mentor)


def test_voldaan_without_confidence_is_refused_without_a_motivation_for_it(eind_filled, mentor):
    """CONFIDENCE: the level includes the confidence, so the two contradict each other."""
    saved = save(eind_filled, mentor, entry(eind_filled, "5.1"), confidence_year3=False)
    with pytest.raises(CycleError, match="voldaan zonder vertrouwen"):
        form_send(by=mentor, version=saved, lock_version=saved.lock_version)


def test_voldaan_without_confidence_is_sent_with_a_motivation_for_it(eind_filled, mentor):
    saved = save(
        eind_filled,
        mentor,
        entry(eind_filled, "5.1"),
        confidence_year3=False,
        combination_motivation="Het niveau is gehaald; de groei stokte in de laatste weken.",
    )
    assert form_send(by=mentor, version=saved, lock_version=saved.lock_version).is_sent


def test_niet_voldaan_with_every_indicator_ticked_warns(eind_filled, mentor):
    """CONSISTENT: a judgement against every indicator seen is worth a second look."""
    e = entry(eind_filled, "5.1")
    ticked = [i.pk for i in e.gradable_indicators]
    saved = save(eind_filled, mentor, e, judgement="niet_voldaan", indicators_seen=ticked)
    errors, warnings = send_problems(saved)
    assert not errors and any("alle indicatoren" in w for w in warnings)


def test_voldaan_with_no_indicator_ticked_warns(eind_filled, mentor):
    """CONSISTENT."""
    errors, warnings = send_problems(eind_filled)
    assert any("geen enkele indicator" in w for w in warnings)


def test_ppi_at_the_tussenevaluatie_asks_the_three_steps(tussen, student, mentor):
    """THREE_STEPS apply at the tussenevaluatie as well."""
    saved = reflect(tussen, student.user)
    e = entry(saved, "5.4")
    saved = save(saved, mentor, e, feedback=CONCRETE, feed_forward="Theorie koppelen.")
    errors, _warnings = send_problems(saved)
    assert any("5" in err and "doorgemaakt" in err for err in errors)
    form = FeedbackEntryForm(entry=e, is_final=False)
    assert {"development_made", "development_to_make", "too_little_seen"} <= set(form.fields)


def test_too_little_seen_is_an_honest_answer_at_the_tussenevaluatie(tussen, student, mentor):
    """TOO_LITTLE: naming it replaces the feedback and the development; next steps stay."""
    saved = reflect(tussen, student.user)
    e = entry(saved, "5.4")
    saved = save(saved, mentor, e, too_little_seen=True, feed_forward="Laat je portfolio zien.")
    errors, _warnings = send_problems(saved)
    assert not [err for err in errors if err.startswith("PPI")]


def test_too_little_seen_is_not_offered_at_the_eindbeoordeling(eind):
    form = FeedbackEntryForm(entry=entry(eind, "5.4"), is_final=True)
    assert "too_little_seen" not in form.fields and "development_made" in form.fields


def test_the_sent_form_says_too_little_was_seen(client, tussen, student, mentor):
    saved = complete_feedback(reflect(tussen, student.user), mentor)
    saved = save(saved, mentor, entry(saved, "5.4"), too_little_seen=True)
    form_send(by=mentor, version=saved, lock_version=saved.lock_version)
    client.force_login(student.user)
    page = client.get(reverse("cycle:form", args=[saved.pk])).content.decode()
    assert "Te weinig gezien om nu iets over te zeggen." in page
