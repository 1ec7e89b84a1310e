"""Evidence on a lesson observation: the student attaches it, whoever sees the observation
sees it, it shows under the outcomes observed, and it goes wherever evidence goes."""

import dataclasses
import io
import json
import zipfile

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import ExifTags, Image

from apps.accounts.models import AuditEvent
from apps.cycle.common import CycleError
from apps.cycle.evidence import targets
from apps.cycle.evidence.personal_data import evidence_dossier_rows
from apps.cycle.evidence.services import evidence_add
from apps.cycle.evidence.targets import TARGETS
from apps.cycle.models import Evidence, Observation
from apps.cycle.records.export import student_export_zip
from apps.cycle.records.retention import placement_purge
from tests.cycle.evidence.files import PDF, photo_bytes, upload
from tests.cycle.test_observations import record
from tests.querycount import queries_for


@pytest.fixture
def observation(cycle_placement, mentor):
    return record(cycle_placement, mentor)


def attach(by, observation, **values):
    values = {"title": "Lesplan 2B", "url": "https://school.example/les"} | values
    return evidence_add(by=by, target=TARGETS["lesbezoek"], obj=observation, **values)


@pytest.fixture
def attach_pdf(student, django_capture_on_commit_callbacks):
    """A stored PDF on the observation (the file is written once the transaction commits)."""

    def attach_pdf(observation):
        with django_capture_on_commit_callbacks(execute=True):
            return attach(student.user, observation, url="", upload=upload("les.pdf", PDF))

    return attach_pdf


# A real transaction: the file is written when the request's transaction commits.
def test_the_student_attaches_a_photo_and_the_observer_sees_it_without_location(
    transactional_db, client, student, mentor, cycle_placement, private_root
):
    observation = record(cycle_placement, mentor)
    client.force_login(student.user)
    new = reverse("cycle:evidence_new", args=["lesbezoek", observation.pk])
    assert "Bij leeruitkomst" not in client.get(new).content.decode()  # the observation names them
    response = client.post(new, {"title": "Het bord", "file": upload("bord.jpg", photo_bytes())})
    assert response.status_code == 302
    assert response.url == reverse("cycle:observation", args=[observation.pk]) + "#bewijs"
    evidence = Evidence.objects.get()
    assert evidence.observation == observation and evidence.placement_outcome is None
    stored = Image.open(private_root / evidence.file.name)
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    client.force_login(mentor)
    page = client.get(reverse("cycle:observation", args=[observation.pk])).content.decode()
    assert "Het bord" in page and reverse("cycle:evidence_file", args=[evidence.pk]) in page
    assert "Bewijs toevoegen" not in page


def test_only_the_student_attaches_evidence_to_an_observation(
    client, observation, mentor, schoolopleider, outsider
):
    """The observer's lesson plan goes with the observation itself; evidence is the
    student's (apps/cycle/evidence/access.py)."""
    for guide in (mentor, schoolopleider):
        with pytest.raises(CycleError, match="Alleen de student"):
            attach(guide, observation)
    new = reverse("cycle:evidence_new", args=["lesbezoek", observation.pk])
    client.force_login(mentor)
    assert client.get(new).status_code == 403
    assert client.post(new, {"title": "x", "url": "https://a.nl"}).status_code == 403
    client.force_login(outsider)
    assert client.get(new).status_code == 404
    assert not Evidence.objects.exists()


def test_the_student_removes_evidence_from_the_observation(client, student, observation):
    evidence = attach(student.user, observation)
    client.force_login(student.user)
    response = client.post(reverse("cycle:evidence_delete", args=[evidence.pk]))
    assert response.url == reverse("cycle:observation", args=[observation.pk]) + "#bewijs"
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "targets_set",
    [(), ("log", "observation"), ("goal", "observation"), ("entry", "observation")],
)
def test_evidence_hangs_on_exactly_one_target(student, observation, eind, log, targets_set):
    from apps.cycle.models import Leerplan, LeerplanGoal

    placement = observation.placement
    goal = LeerplanGoal.objects.create(
        leerplan=Leerplan.objects.create(placement=placement),
        placement_outcome=placement.outcomes.first(),
        goal="Rust",
    )
    objects = {"log": log, "goal": goal, "entry": eind.entries.first(), "observation": observation}
    row = Evidence(
        placement=placement,
        kind="link",
        title="x",
        url="https://a.nl",
        added_by=student.user,
        **{field: objects[field] for field in targets_set},
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_evidence_is_seen_by_whoever_sees_the_observation(
    client, attach_pdf, mentor, schoolopleider, instituutsopleider, outsider, observation
):
    evidence = attach_pdf(observation)
    url = reverse("cycle:evidence_file", args=[evidence.pk])
    people = ((mentor, 200), (schoolopleider, 200), (instituutsopleider, 200), (outsider, 404))
    for person, status in people:
        client.force_login(person)
        assert client.get(url).status_code == status, person


def test_evidence_follows_the_observations_own_access_rule(
    client, monkeypatch, attach_pdf, student, mentor, schoolopleider, observation
):
    """Were observations only for their observer, so would their evidence be."""
    evidence = attach_pdf(observation)
    only_observer = dataclasses.replace(
        TARGETS["lesbezoek"], visible=lambda user: Observation.objects.filter(observer=user)
    )
    monkeypatch.setitem(targets.TARGETS, "lesbezoek", only_observer)
    file_url = reverse("cycle:evidence_file", args=[evidence.pk])
    new = reverse("cycle:evidence_new", args=["lesbezoek", observation.pk])
    client.force_login(mentor)
    assert client.get(file_url).status_code == 200
    for person in (schoolopleider, student.user):
        client.force_login(person)
        assert client.get(file_url).status_code == 404
        assert client.get(new).status_code == 404


def test_every_download_is_audited(client, attach_pdf, mentor, observation):
    evidence = attach_pdf(observation)
    client.force_login(mentor)
    response = client.get(reverse("cycle:evidence_file", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == PDF
    event = AuditEvent.objects.get(action="evidence.downloaded")
    assert event.actor == mentor and event.target_id == str(evidence.pk)
    assert event.detail == {"placement": observation.placement_id}


def test_the_overview_shows_it_under_the_outcome_observed(client, student, observation):
    attach(student.user, observation, title="Lesplan fotosynthese")
    client.force_login(student.user)
    page = client.get(reverse("cycle:evidence", args=[observation.placement_id]))
    text = page.content.decode()
    assert text.count("Lesplan fotosynthese") == 1
    assert text.index("Creëren van positief leerklimaat") < text.index("Lesplan fotosynthese")
    assert "Zonder leeruitkomst" not in text
    assert "lesbezoek van 1 oktober 2026" in text


def test_export_dossier_and_purge_take_it_along(
    settings,
    tmp_path,
    student,
    observation,
    private_root,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        evidence = attach(student.user, observation, url="", upload=upload("les.pdf", PDF))
    archive = zipfile.ZipFile(io.BytesIO(student_export_zip(student)))
    (row,) = json.loads(archive.read("gegevens.json"))["stages"][0]["bewijs"]
    assert row["bij"] == "lesbezoek van 1 oktober 2026" and row["id"] == evidence.pk
    assert archive.read(row["bestand_in_export"]) == PDF
    placement = observation.placement
    (shown,) = evidence_dossier_rows([placement], for_guides=True)[placement.pk]
    assert shown.where == "lesbezoek van 1 oktober 2026"
    with django_capture_on_commit_callbacks(execute=True):
        placement_purge(by=None, placement=placement)
    assert not Evidence.objects.exists()
    assert not any(p.is_file() for p in private_root.rglob("*"))


@pytest.mark.parametrize("who", ["mentor", "student"])
def test_the_observation_page_costs_the_same_with_0_and_50_pieces(
    client, request, student, observation, who
):
    client.force_login(request.getfixturevalue(who) if who == "mentor" else student.user)
    url = reverse("cycle:observation", args=[observation.pk])
    without = queries_for(client, url)
    Evidence.objects.bulk_create(
        Evidence(
            placement=observation.placement,
            observation=observation,
            kind="link",
            title=f"Link {n}",
            url="https://a.nl",
            added_by=student.user,
        )
        for n in range(50)
    )
    assert queries_for(client, url) == without
