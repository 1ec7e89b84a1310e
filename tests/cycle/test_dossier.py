"""A student's dossier as one PDF, made on the task worker (apps/cycle/records/dossier.py)."""

import io
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from apps.accounts.models import AuditEvent
from apps.cycle.conversations.services import conversations_plan
from apps.cycle.feedback.services import form_correct, form_version_send
from apps.cycle.models import (
    Concern,
    DossierJob,
    DossierStatus,
    Leerplan,
    LeerplanApproval,
    LeerplanStatus,
    LeerplanVersion,
)
from apps.cycle.procedure.services import (
    disagreement_escalate,
    disagreement_open,
    disagreement_resolve,
    maatwerk_add,
)
from apps.cycle.records.dossier import dossier_make, dossier_request, dossier_run
from apps.placements.models import Placement
from tests.factories import LearningOutcomeFactory, UserFactory, make_placement
from tests.querycount import queries_for


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def send(version, by, feedback):
    version.entries.update(feedback=feedback, judgement="voldaan")
    return form_version_send(by=by, version=version)


@pytest.fixture
def full(cycle_placement, tussen, eind, mentor, student, instituutsopleider):
    """A placement with an approved leerplan, a sent tussenevaluatie, an eindbeoordeling
    sent and corrected, a decided disagreement, a concern and a maatwerk outcome."""
    leerplan = Leerplan.objects.create(placement=cycle_placement, status=LeerplanStatus.APPROVED)
    version = LeerplanVersion.objects.create(
        leerplan=leerplan,
        number=1,
        submitted_by=student.user,
        snapshot={},
        text="== 5.1 Creëren van positief leerklimaat ==\nDoel: Vaste routines in klas 2B",
    )
    LeerplanApproval.objects.create(
        leerplan=leerplan, version=version, decided_by=mentor, decision="goedgekeurd"
    )
    send(tussen, mentor, "Tussentijdse feedback")
    first = send(eind, mentor, "Eerste eindfeedback")
    correction = form_correct(by=mentor, version=first, reason="Typfout in de feedback.")
    send(correction, mentor, "Gecorrigeerde eindfeedback")
    entry = correction.entries.select_related("version").order_by("id")[0]
    # Two tiers: the opleider doubts, the mentor brings in the instituutsopleider, who decides.
    disagreement = disagreement_open(
        category="niveau",
        by=entry.version.form.conversation.placement.opleider,
        entry=entry,
        reason="Te globaal.",
    )
    disagreement_escalate(by=mentor, disagreement=disagreement, note="Geen overeenstemming.")
    disagreement_resolve(
        by=instituutsopleider,
        disagreement=disagreement,
        agreed=False,
        judgement="niet_voldaan",
        rationale="Het besluit van de instituutsopleider.",
    )
    Concern.objects.create(
        placement_outcome=entry.placement_outcome, raised_by=mentor, text="Zorg over de orde"
    )
    maatwerk_add(
        by=instituutsopleider,
        placement=cycle_placement,
        reason="Leeruitkomst uit jaar 1 staat nog open.",
        wpb_judges=True,
        outcome=LearningOutcomeFactory(code="1.3", title="Jaar-1-uitkomst"),
    )
    return cycle_placement


def job_of(user, placement, **fields) -> DossierJob:
    return DossierJob.objects.create(requested_by=user, student=placement.student, **fields)


def make(by, placement, django_capture_on_commit_callbacks, **kwargs) -> DossierJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = dossier_request(by=by, placement=placement, **kwargs)
    job.refresh_from_db()
    return job


def read(job: DossierJob) -> tuple[PdfReader, str]:
    with job.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    return reader, text


def bookmarks(reader: PdfReader) -> list[str]:
    """The top-level bookmarks: one per part (a part's own headings are nested under it)."""
    return [item.title for item in reader.outline if not isinstance(item, list)]


def test_dossier_has_cover_leerplan_every_sent_version_and_decisions(
    media, full, instituutsopleider, django_capture_on_commit_callbacks
):
    job = make(instituutsopleider, full, django_capture_on_commit_callbacks)
    assert job.status == DossierStatus.DONE
    reader, text = read(job)
    school = full.school.name
    assert bookmarks(reader) == [
        "Voorblad",
        f"{school}: persoonlijk leerplan",
        f"{school}: Tussenevaluatie, versie 1",
        f"{school}: Eindbeoordeling, versie 1",
        f"{school}: Eindbeoordeling, versie 2",
        f"{school}: besluiten",
    ]
    for expected in (
        "Dossier werkplekleren",
        "Vaste routines in klas 2B",
        "Tussentijdse feedback",
        "Eerste eindfeedback",
        "Gecorrigeerde eindfeedback",
        "Het besluit van de instituutsopleider.",
        "Leeruitkomst uit jaar 1 staat nog open.",
        "Zorg over de orde",
    ):
        assert expected in text, expected


def test_progress_counts_every_part_and_ends_complete(
    media, full, instituutsopleider, django_capture_on_commit_callbacks
):
    job = make(instituutsopleider, full, django_capture_on_commit_callbacks)
    # cover, leerplan, three sent versions, decisions, joining: 7 steps
    assert (job.progress_done, job.progress_total, job.percent) == (7, 7, 100)
    assert job.started_at <= job.finished_at


def test_the_students_dossier_leaves_out_the_guides_concerns(
    media, full, student, django_capture_on_commit_callbacks
):
    job = make(student.user, full, django_capture_on_commit_callbacks)
    _reader, text = read(job)
    assert "Gecorrigeerde eindfeedback" in text
    assert "Zorg over de orde" not in text


def test_a_draft_version_is_not_in_the_dossier(
    media, cycle_placement, tussen, instituutsopleider, django_capture_on_commit_callbacks
):
    tussen.entries.update(feedback="Nog niet verzonden tekst")
    job = make(instituutsopleider, cycle_placement, django_capture_on_commit_callbacks)
    reader, text = read(job)
    assert "Nog niet verzonden tekst" not in text
    assert len(bookmarks(reader)) == 3  # cover, leerplan, decisions


def test_all_placements_holds_only_those_the_requester_may_have(
    media, cycle_placement, student, instituutsopleider, django_capture_on_commit_callbacks
):
    other = make_placement(student=student, instituutsopleider=UserFactory())
    conversations_plan(by=None, placement=other)
    for_io = make(
        instituutsopleider, cycle_placement, django_capture_on_commit_callbacks, all_placements=True
    )
    for_student = make(
        student.user, cycle_placement, django_capture_on_commit_callbacks, all_placements=True
    )
    leerplan_parts = lambda job: [t for t in bookmarks(read(job)[0]) if "leerplan" in t]  # noqa: E731
    assert leerplan_parts(for_io) == [f"{cycle_placement.school.name}: persoonlijk leerplan"]
    assert len(leerplan_parts(for_student)) == 2


def test_a_failure_is_recorded_on_the_job(
    media, full, instituutsopleider, django_capture_on_commit_callbacks
):
    with patch("apps.cycle.records.dossier.form_version_pdf", side_effect=OSError("schijf vol")):
        job = make(instituutsopleider, full, django_capture_on_commit_callbacks)
    assert job.status == DossierStatus.FAILED
    assert "schijf vol" in job.error
    assert job.file.name == ""


def test_the_job_starts_only_after_the_request_commits(cycle_placement, instituutsopleider):
    with patch("apps.cycle.records.dossier.dossier_make") as make_task:
        job = dossier_request(by=instituutsopleider, placement=cycle_placement)
    make_task.enqueue.assert_not_called()  # the test's transaction never commits
    assert job.status == DossierStatus.QUEUED


def test_the_job_is_a_row_for_the_worker_not_a_thread(
    settings, cycle_placement, instituutsopleider, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        job = dossier_request(by=instituutsopleider, placement=cycle_placement)
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "apps.cycle.records.dossier.dossier_make"
    assert queued.task_result.args == [job.pk]
    job.refresh_from_db()
    assert job.status == DossierStatus.QUEUED  # until the worker runs it


def test_the_worker_makes_the_dossier(transactional_db, settings, media, full, instituutsopleider):
    # A real commit: the worker commits and reconnects as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = dossier_request(by=instituutsopleider, placement=full)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.status == DossierStatus.DONE and job.file.name
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_task_runs_a_job_once(media, cycle_placement, instituutsopleider):
    job = job_of(instituutsopleider, cycle_placement)
    assert dossier_make.call(job.pk) is True
    assert dossier_make.call(job.pk) is False


def test_a_job_someone_else_is_running_is_not_run_twice(cycle_placement, instituutsopleider):
    job = DossierJob.objects.create(
        requested_by=instituutsopleider,
        student=cycle_placement.student,
        status=DossierStatus.RUNNING,
    )
    assert dossier_run(job.pk) is False


def test_run_dossier_jobs_makes_queued_and_stale_jobs(media, cycle_placement, instituutsopleider):
    def job(status, minutes_ago):
        return DossierJob.objects.create(
            requested_by=instituutsopleider,
            student=cycle_placement.student,
            placement=cycle_placement,
            status=status,
            updated_at=timezone.now() - timedelta(minutes=minutes_ago),
        )

    queued, stale, busy = job("wachtrij", 0), job("bezig", 30), job("bezig", 1)
    call_command("run_dossier_jobs")
    statuses = dict(DossierJob.objects.values_list("pk", "status"))
    assert statuses == {queued.pk: "klaar", stale.pk: "klaar", busy.pk: "bezig"}


def test_request_from_the_placement_page_leads_to_the_progress_page(
    client, cycle_placement, instituutsopleider
):
    client.force_login(instituutsopleider)
    page = client.get(reverse("cycle:placement", args=[cycle_placement.pk])).content.decode()
    assert reverse("cycle:dossier_new", args=[cycle_placement.pk]) in page
    with patch("apps.cycle.records.dossier.dossier_make"):
        response = client.post(reverse("cycle:dossier_new", args=[cycle_placement.pk]))
    job = DossierJob.objects.get()
    assert response.url == reverse("cycle:dossier", args=[job.pk])
    assert job.placement == cycle_placement
    assert AuditEvent.objects.filter(action="dossier.requested", actor=instituutsopleider).exists()


def test_mentor_sees_no_dossier_button(client, cycle_placement, mentor):
    client.force_login(mentor)
    page = client.get(reverse("cycle:placement", args=[cycle_placement.pk])).content.decode()
    assert reverse("cycle:dossier_new", args=[cycle_placement.pk]) not in page


def test_progress_page_while_running_has_a_labelled_bar_and_refreshes(
    client, cycle_placement, instituutsopleider
):
    job = DossierJob.objects.create(
        requested_by=instituutsopleider,
        student=cycle_placement.student,
        status=DossierStatus.RUNNING,
        progress_done=2,
        progress_total=8,
    )
    client.force_login(instituutsopleider)
    page = client.get(reverse("cycle:dossier", args=[job.pk])).content.decode()
    assert 'role="progressbar" aria-label="Voortgang van het dossier" aria-valuenow="25"' in page
    assert 'data-refresh-seconds="2"' in page
    assert "2 van 8 onderdelen klaar" in page
    assert "js/dossier-progress.js" in page and "<script>" not in page


def test_done_offers_the_download_and_the_download_is_audited(
    client, media, full, instituutsopleider, django_capture_on_commit_callbacks
):
    job = make(instituutsopleider, full, django_capture_on_commit_callbacks)
    client.force_login(instituutsopleider)
    page = client.get(reverse("cycle:dossier", args=[job.pk])).content.decode()
    assert "data-refresh-seconds" not in page
    response = client.get(reverse("cycle:dossier_pdf", args=[job.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action="dossier.downloaded")
    assert (event.actor, event.target_id) == (instituutsopleider, str(job.pk))


def test_failed_job_says_so_in_dutch_and_offers_to_try_again(
    client, cycle_placement, instituutsopleider
):
    job = DossierJob.objects.create(
        requested_by=instituutsopleider,
        student=cycle_placement.student,
        placement=cycle_placement,
        status=DossierStatus.FAILED,
        error="OSError: schijf vol",
    )
    client.force_login(instituutsopleider)
    page = client.get(reverse("cycle:dossier", args=[job.pk])).content.decode()
    assert "Het maken van het dossier is mislukt." in page
    assert "schijf vol" not in page  # the technical reason is for the logs, not the page
    assert reverse("cycle:dossier_new", args=[cycle_placement.pk]) in page


def test_a_job_is_personal_to_who_asked_for_it(client, cycle_placement, instituutsopleider):
    job = DossierJob.objects.create(
        requested_by=instituutsopleider, student=cycle_placement.student
    )
    client.force_login(cycle_placement.student.user)
    assert client.get(reverse("cycle:dossier", args=[job.pk])).status_code == 404


def test_losing_access_to_the_student_hides_the_job(client, cycle_placement, instituutsopleider):
    job = DossierJob.objects.create(
        requested_by=instituutsopleider, student=cycle_placement.student
    )
    Placement.objects.filter(pk=cycle_placement.pk).update(instituutsopleider=None)
    from apps.placements.models import PlacementUserObjectPermission

    PlacementUserObjectPermission.objects.filter(user=instituutsopleider).delete()
    client.force_login(instituutsopleider)
    assert client.get(reverse("cycle:dossier", args=[job.pk])).status_code == 404


def test_my_dossiers_queries_do_not_grow_with_jobs(client, cycle_placement, instituutsopleider):
    # Session, user, roles, unread notifications (4) + count, page (2): 6.
    def grow(count):
        DossierJob.objects.bulk_create(
            DossierJob(requested_by=instituutsopleider, student=cycle_placement.student)
            for _ in range(count)
        )

    client.force_login(instituutsopleider)
    grow(5)
    at_5 = queries_for(client, reverse("cycle:dossiers"))
    grow(495)
    assert queries_for(client, reverse("cycle:dossiers")) == at_5 == 6


def test_purging_a_placement_removes_the_dossiers_that_hold_it(
    media, cycle_placement, instituutsopleider, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from apps.cycle.records.retention import placement_purge

    own = DossierJob.objects.create(
        requested_by=instituutsopleider, student=cycle_placement.student, placement=cycle_placement
    )
    every = job_of(instituutsopleider, cycle_placement)  # all placements
    for job in (own, every):
        job.file.save(f"d{job.pk}.pdf", ContentFile(b"%PDF"), save=False)
        DossierJob.objects.filter(pk=job.pk).update(file=job.file.name, status="klaar")
    with django_capture_on_commit_callbacks(execute=True):  # files go once the purge commits
        placement_purge(by=None, placement=cycle_placement)
    assert not DossierJob.objects.exists()
    assert list((media / "dossiers").iterdir()) == []
