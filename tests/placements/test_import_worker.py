"""A large import is confirmed on the task worker, with a page that follows it (issue 12:
"run on the worker with a progress page when large, all or nothing as now")."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.placements.importing.services import placements_import_run
from apps.placements.models import ImportStatus, ImportUpload, Placement
from tests.factories import UserFactory
from tests.placements.conftest import csv_file, import_row
from tests.placements.test_import_views import confirm, upload


@pytest.fixture
def admin_client(client, admin_user, settings):
    settings.IMPORT_IN_BACKGROUND_ROWS = 1  # two rows are "large" here
    client.force_login(admin_user)
    return client


def two_rows():
    return csv_file(
        import_row(),
        import_row(
            student_number="500002",
            student_email="eva@student.example.nl",
            student_name="Eva de Vries",
        ),
    )


def test_a_large_import_goes_to_the_worker_and_its_page_says_so(admin_client, catalogue):
    response = confirm(admin_client, upload(admin_client, two_rows()))
    run = ImportUpload.objects.get()
    assert response.url == reverse("placements:import_progress", args=[run.pk])
    assert run.status == ImportStatus.QUEUED and run.rows == 2
    assert not Placement.objects.exists()  # the transaction has not committed: no task yet
    page = admin_client.get(response.url).content.decode()
    assert "De import staat in de wachtrij" in page and 'http-equiv="refresh"' in page


def test_the_worker_imports_it_whole_and_the_page_shows_what_it_did(
    admin_client, catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(admin_client, upload(admin_client, two_rows()))
    run = ImportUpload.objects.get()
    assert run.status == ImportStatus.DONE and Placement.objects.count() == 2
    assert run.summary["created_placements"] == 2 and bytes(run.content) == b""
    page = admin_client.get(response.url).content.decode()
    assert "Import voltooid: 2 nieuwe stages" in page and "refresh" not in page


def test_a_file_that_no_longer_matches_its_preview_fails_on_the_worker_and_saves_nothing(
    admin_client, catalogue
):
    confirm(admin_client, upload(admin_client, two_rows()))
    UserFactory(email="wim@school.example.nl", full_name="Wim Jansen")  # changed since
    run = ImportUpload.objects.get()
    assert placements_import_run.call(upload_id=run.pk) is False
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and run.error
    assert not Placement.objects.exists()
    page = admin_client.get(reverse("placements:import_progress", args=[run.pk]))
    assert "er is niets opgeslagen" in page.content.decode()


def test_a_task_that_runs_twice_imports_once(admin_client, catalogue):
    confirm(admin_client, upload(admin_client, two_rows()))
    run = ImportUpload.objects.get()
    assert placements_import_run.call(upload_id=run.pk) is True
    assert placements_import_run.call(upload_id=run.pk) is False
    assert Placement.objects.count() == 2


def test_a_queued_file_cannot_be_confirmed_again(admin_client, catalogue):
    preview = upload(admin_client, two_rows())
    confirm(admin_client, preview)
    response = confirm(admin_client, preview, follow=True)
    assert "Er is geen voorbeeld (meer) om te bevestigen" in response.content.decode()
    assert ImportUpload.objects.get().status == ImportStatus.QUEUED


def test_another_admin_does_not_see_someone_elses_import(admin_client, catalogue):
    confirm(admin_client, upload(admin_client, two_rows()))
    run = ImportUpload.objects.get()
    client = Client()
    client.force_login(UserFactory(roles=["admin"], is_superuser=True))
    assert client.get(reverse("placements:import_progress", args=[run.pk])).status_code == 404
