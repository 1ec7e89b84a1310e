"""Lesson observations (apps/cycle/observations): recording, responding, asking, the private
lesson plan, and taking what was seen over into the feedback form."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from apps.accounts.models import AuditEvent
from apps.cycle.common import CycleError
from apps.cycle.feedback.pdf import render_form_pdf
from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import FormObservation, FormState, Observation
from apps.cycle.observations.selectors import observed_for_form
from apps.cycle.observations.services import (
    Seen,
    default_instrument,
    form_observations_take_over,
    observation_record,
    observation_request_create,
    observation_respond,
)
from apps.outcomes.models import Indicator
from tests.factories import make_placement, make_placements
from tests.querycount import queries_for


def indicators(text_start: str = "Je") -> list[Indicator]:
    return list(
        Indicator.objects.filter(dimension__is_indicative=False, text__startswith=text_start)
    )


def record(placement, by, *, seen=None, **extra) -> Observation:
    po = placement.outcomes.get(outcome__code="5.1")
    if seen is None:
        seen = [Seen(po.pk, f"i{i.pk}", f"Voorbeeld bij {i.position}") for i in indicators()]
    return observation_record(
        by=by,
        placement=placement,
        instrument=default_instrument(),
        observed_on=date(2026, 10, 1),
        group="2B",
        subject="Biologie",
        topic="Fotosynthese",
        seen=seen,
        strengths="Rustige start",
        **extra,
    )


def test_mentor_records_an_observation_with_examples(cycle_placement, mentor):
    observation = record(cycle_placement, mentor)
    assert observation.seen.count() == 2
    assert AuditEvent.objects.filter(action="observation.recorded").exists()


def test_instituutsopleider_may_observe_too(cycle_placement, instituutsopleider):
    assert record(cycle_placement, instituutsopleider).observer == instituutsopleider


def test_student_cannot_record_an_observation(cycle_placement, student):
    with pytest.raises(CycleError):
        record(cycle_placement, student.user)


def test_an_indicative_indicator_cannot_be_ticked(cycle_placement, mentor):
    po = cycle_placement.outcomes.get(outcome__code="5.1")
    indicative = Indicator.objects.get(dimension__is_indicative=True)
    with pytest.raises(CycleError):
        record(cycle_placement, mentor, seen=[Seen(po.pk, f"i{indicative.pk}", "Zag het")])


def test_every_indicator_seen_needs_an_example(cycle_placement, mentor):
    po = cycle_placement.outcomes.get(outcome__code="5.1")
    with pytest.raises(CycleError):
        record(cycle_placement, mentor, seen=[Seen(po.pk, f"i{indicators()[0].pk}", "  ")])


def test_student_responds_and_asks_for_a_focus(cycle_placement, mentor, student):
    observation = record(cycle_placement, mentor)
    observation_respond(by=student.user, observation=observation, text="Dank, herkenbaar.")
    request = observation_request_create(
        by=student.user, placement=cycle_placement, focus="Differentiatie in de les"
    )
    answered = record(cycle_placement, mentor, request=request)
    assert Observation.objects.get(pk=observation.pk).student_response == "Dank, herkenbaar."
    assert answered.request == request


def test_lesson_plan_is_private_and_its_download_audited(
    client, cycle_placement, mentor, student, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = SimpleUploadedFile("les.pdf", b"%PDF-1.7 les", content_type="application/pdf")
    observation = record(cycle_placement, mentor, lesson_plan=plan)
    assert observation.lesson_plan.name.startswith("private/observations/")
    assert "les.pdf" not in observation.lesson_plan.name
    client.force_login(student.user)
    response = client.get(reverse("cycle:observation_lesson_plan", args=[observation.pk]))
    assert response.content == b"%PDF-1.7 les"
    assert AuditEvent.objects.filter(action="observation.lesson_plan_downloaded").count() == 1


def test_a_lesson_plan_is_known_by_its_content(client, cycle_placement, mentor):
    client.force_login(mentor)
    fake = SimpleUploadedFile("les.pdf", b"MZ not a pdf")
    response = client.post(
        reverse("cycle:observation_new", args=[cycle_placement.pk]),
        {"observed_on": "2026-10-01", "group": "2B", "subject": "Bi", "topic": "Cel"}
        | {"strengths": "Goed", "lesson_plan": fake},
    )
    assert response.status_code == 400
    assert "PDF-, DOCX- of ODT-bestand" in response.content.decode()


def test_mentor_records_through_the_page(client, cycle_placement, mentor):
    po = cycle_placement.outcomes.get(outcome__code="5.1")
    first = indicators()[0]
    client.force_login(mentor)
    response = client.post(
        reverse("cycle:observation_new", args=[cycle_placement.pk]),
        {"observed_on": "2026-10-01", "group": "2B", "subject": "Bi", "topic": "Cel"}
        | {f"s{po.pk}_i{first.pk}": "on", f"x{po.pk}_i{first.pk}": "Zij wachtte tot het stil was"},
    )
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert observation.seen.get().example == "Zij wachtte tot het stil was"


def test_form_shows_what_was_seen_and_takes_it_over(client, tussen, mentor, cycle_placement):
    record(cycle_placement, mentor)
    tussen.state = FormState.SUBMITTED
    tussen.save(update_fields=["state"])
    client.force_login(mentor)
    page = client.get(reverse("cycle:form", args=[tussen.pk])).content.decode()
    assert "Voorbeeld bij 1" in page
    client.post(
        reverse("cycle:form_observations", args=[tussen.pk]),
        {"lock_version": tussen.lock_version},
    )
    entry = tussen.entries.get(placement_outcome__outcome__code="5.1")
    assert set(entry.indicators_seen.all()) == set(indicators())
    assert FormObservation.objects.filter(version=tussen).count() == 1


def test_take_over_refuses_a_stale_form(tussen, mentor, cycle_placement):
    record(cycle_placement, mentor)
    from apps.core.concurrency import StaleEdit

    with pytest.raises(StaleEdit):
        form_observations_take_over(by=mentor, version=tussen, lock_version=99)


def test_only_observations_since_the_previous_form_are_offered(
    tussen, eind, mentor, cycle_placement
):
    record(cycle_placement, mentor)
    form_version_send(by=mentor, version=tussen)
    assert observed_for_form(eind) == {}
    record(cycle_placement, mentor)
    assert sum(len(v) for v in observed_for_form(eind).values()) == 2


def test_pdf_names_the_observations_the_form_rests_on(tussen, mentor, cycle_placement):
    record(cycle_placement, mentor)
    form_observations_take_over(by=mentor, version=tussen, lock_version=tussen.lock_version)
    pdf = PdfReader(io.BytesIO(render_form_pdf(tussen)))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Lesbezoeken waarop dit formulier berust" in text
    assert "2B, Biologie: Fotosynthese" in text


def test_outsider_gets_404_on_observation_and_lesson_plan(
    client, cycle_placement, mentor, outsider
):
    observation = record(cycle_placement, mentor)
    client.force_login(outsider)
    for name in ("cycle:observation", "cycle:observation_lesson_plan"):
        assert client.get(reverse(name, args=[observation.pk])).status_code == 404


def test_observation_has_a_check_that_an_indicator_or_item_is_named(cycle_placement, mentor):
    observation = record(cycle_placement, mentor, seen=[])
    mark = observation.seen.model(
        observation=observation, placement_outcome=cycle_placement.outcomes.first(), example="x"
    )
    with pytest.raises(ValidationError):
        mark.full_clean()


@pytest.mark.parametrize("per_placement", [0, 50])
def test_observation_pages_cost_the_same_at_5_and_500_placements(
    client, cycle_placement, mentor, per_placement
):
    # session, user, roles, placement (+ people, periods), visible placements, observations,
    # what was seen, open requests, notification count: none per placement or observation.
    for _ in range(per_placement):
        record(cycle_placement, mentor)
    client.force_login(mentor)
    urls = [
        reverse("cycle:observations", args=[cycle_placement.pk]),
        reverse("cycle:observation_new", args=[cycle_placement.pk]),
    ]
    for _ in range(4):
        make_placement(werkplekbegeleider=mentor)
    at_5 = [queries_for(client, url) for url in urls]
    make_placements(495, werkplekbegeleider=mentor)
    at_500 = [queries_for(client, url) for url in urls]
    assert at_5 == at_500
    assert max(at_500) <= 14


@pytest.mark.parametrize("per_placement", [0, 50])
def test_form_page_with_observations_costs_the_same(
    client, tussen, cycle_placement, mentor, per_placement
):
    for _ in range(per_placement):
        record(cycle_placement, mentor)
    client.force_login(mentor)
    url = reverse("cycle:form", args=[tussen.pk])
    at_5 = queries_for(client, url)
    make_placements(495, werkplekbegeleider=mentor)
    assert queries_for(client, url) == at_5


def test_purge_removes_observations_their_lesson_plan_and_history(
    cycle_placement, tussen, mentor, settings, tmp_path, django_capture_on_commit_callbacks
):
    from apps.cycle.records.retention import placement_purge

    settings.MEDIA_ROOT = tmp_path
    plan = SimpleUploadedFile("les.pdf", b"%PDF-1.7 les")
    observation = record(cycle_placement, mentor, lesson_plan=plan)
    form_observations_take_over(by=mentor, version=tussen, lock_version=tussen.lock_version)
    stored = Path(observation.lesson_plan.path)
    with django_capture_on_commit_callbacks(execute=True):  # files go once the purge commits
        placement_purge(by=None, placement=cycle_placement)
    assert not Observation.objects.exists()
    assert not Observation.history.filter(placement_id=cycle_placement.pk).exists()
    assert not stored.exists()


def test_student_export_holds_observations_and_lesson_plans(
    cycle_placement, mentor, student, settings, tmp_path
):
    import json
    import zipfile

    from apps.cycle.records.export import student_export_zip

    settings.MEDIA_ROOT = tmp_path
    record(cycle_placement, mentor, lesson_plan=SimpleUploadedFile("les.pdf", b"%PDF-1.7 les"))
    archive = zipfile.ZipFile(io.BytesIO(student_export_zip(student)))
    data = json.loads(archive.read("gegevens.json"))
    [observation] = data["stages"][0]["lesbezoeken"]
    seen = data["stages"][0]["lesbezoek_indicatoren"]
    assert observation["topic"] == "Fotosynthese"
    assert seen[0]["observation_id"] == observation["id"]
    assert seen[0]["example"] == "Voorbeeld bij 1"
    assert any(n.startswith("lesbezoeken/") for n in archive.namelist())
