"""A doubt carries its reason category, so the disagreement map can show where assessors
differ (calibration-design.md §3.5: "each doubt must carry a reason category")."""

import pytest
from django.urls import reverse

from apps.cycle.common import CycleError
from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import Disagreement, DoubtCategory
from apps.cycle.procedure.services import disagreement_open
from apps.outcomes.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(eind, mentor):
    eind.entries.update(judgement="voldaan", motivation="In 2B was het stil binnen twee minuten.")
    sent = form_version_send(by=mentor, version=eind)
    return sent.entries.get(placement_outcome__outcome__code="5.1")


def test_a_doubt_without_a_category_is_refused(judged, opleider):
    with pytest.raises(CycleError, match="Kies wat voor twijfel"):
        disagreement_open(by=opleider, entry=judged, reason="Te weinig voorbeelden.", category="")
    assert not Disagreement.objects.exists()


def test_a_doubt_about_an_indicator_names_one_of_the_outcomes_indicators(judged, opleider):
    own = Indicator.objects.filter(dimension__outcome=judged.placement_outcome.outcome).first()
    other = Indicator.objects.exclude(dimension__outcome=judged.placement_outcome.outcome).first()
    with pytest.raises(CycleError, match="indicator van deze leeruitkomst"):
        disagreement_open(
            by=opleider,
            entry=judged,
            reason="Leest dit anders.",
            category="indicator",
            indicator=other,
        )
    doubt = disagreement_open(
        by=opleider, entry=judged, reason="Leest dit anders.", category="indicator", indicator=own
    )
    assert (doubt.category, doubt.indicator) == (DoubtCategory.INDICATOR, own)


def test_another_category_keeps_no_indicator(judged, opleider):
    own = Indicator.objects.filter(dimension__outcome=judged.placement_outcome.outcome).first()
    doubt = disagreement_open(
        by=opleider, entry=judged, reason="Geen voorbeeld.", category="motivatie", indicator=own
    )
    assert doubt.indicator is None


def test_the_form_page_offers_every_category_but_the_audit_sample(client, judged, opleider):
    client.force_login(opleider)
    page = client.get(reverse("cycle:form", args=[judged.version_id])).content.decode()
    assert "Niveau of cesuur" in page and "Interpretatie van een indicator" in page
    assert "blinde tweede beoordeling" not in page


def test_posting_a_doubt_without_a_category_keeps_nothing_and_says_why(client, judged, opleider):
    client.force_login(opleider)
    response = client.post(
        reverse("cycle:doubt", args=[judged.pk]), {"reason": "Geen voorbeeld."}, follow=True
    )
    assert "Kies wat voor twijfel het is." in response.content.decode()
    assert not Disagreement.objects.exists()
