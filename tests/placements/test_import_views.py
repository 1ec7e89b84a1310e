"""The import pages: upload, preview, confirm, template (praktijkbureau only)."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.placements.importing.selectors import read_table
from apps.placements.models import Placement
from tests.factories import UserFactory
from tests.placements.conftest import csv_file, import_row, xlsx_file


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(client, content: bytes, name: str = "stages.csv"):
    file = SimpleUploadedFile(name, content)
    return client.post(reverse("placements:import"), {"file": file})


def confirm(client, response, follow=False, **overrides):
    form = response.context["confirm"]
    data = {"file_digest": form["file_digest"].value(), "plan_digest": form["plan_digest"].value()}
    url = reverse("placements:import_confirm")
    return client.post(url, {**data, **overrides}, follow=follow)


def test_upload_shows_the_preview_and_writes_nothing(admin_client, catalogue):
    response = upload(admin_client, csv_file(import_row()))
    assert response.status_code == 200
    assert "nieuw account voor Wim Jansen" in response.content.decode()
    assert not Placement.objects.exists()


def test_preview_with_errors_names_the_row_and_offers_no_confirmation(admin_client, catalogue):
    response = upload(admin_client, csv_file(import_row(school="Onbekend College")))
    content = response.content.decode()
    assert "Rij 2, kolom ‘school’: onbekende school ‘Onbekend College’." in content
    assert reverse("placements:import_confirm") not in content


def test_an_unreadable_file_is_refused_on_the_form(admin_client, catalogue):
    response = upload(admin_client, b"naam;school\nA;B\n")
    assert response.status_code == 400
    assert "De eerste rij mist deze kolommen" in response.content.decode()


def test_confirming_imports_the_previewed_xlsx(
    admin_client, catalogue, django_capture_on_commit_callbacks
):
    preview = upload(admin_client, xlsx_file(import_row()), name="stages.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(admin_client, preview)
    assert response.status_code == 302
    assert Placement.objects.count() == 1 and len(mail.outbox) == 4


def test_confirming_twice_imports_once(admin_client, catalogue):
    preview = upload(admin_client, csv_file(import_row()))
    confirm(admin_client, preview)
    response = confirm(admin_client, preview, follow=True)
    assert "Er is geen voorbeeld (meer) om te bevestigen" in response.content.decode()
    assert Placement.objects.count() == 1


def test_confirming_a_different_file_than_the_preview_is_refused(admin_client, catalogue):
    preview = upload(admin_client, csv_file(import_row()))
    confirm(admin_client, preview, file_digest="0" * 64)
    assert not Placement.objects.exists()


def test_a_change_in_the_database_after_the_preview_shows_the_new_preview(admin_client, catalogue):
    preview = upload(admin_client, csv_file(import_row()))
    UserFactory(email="wim@school.example.nl", full_name="Wim Jansen")
    response = confirm(admin_client, preview)
    assert response.status_code == 409
    assert "De gegevens zijn veranderd sinds het voorbeeld" in response.content.decode()
    assert not Placement.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_can_be_read_back(admin_client, fmt):
    response = admin_client.get(reverse("placements:import_template", args=[fmt]))
    rows = read_table(f"sjabloon.{fmt}", response.content)
    assert rows[0].values["school"] == "Het Stedelijk College"


def test_admins_find_the_import_in_the_navigation(admin_client):
    assert reverse("placements:import") in admin_client.get(reverse("home")).content.decode()


def test_others_do_not_see_the_import_link(client, mentor):
    client.force_login(mentor)
    assert reverse("placements:import") not in client.get(reverse("home")).content.decode()


def test_the_preview_leads_back_to_the_import_page(admin_client, catalogue):
    html = upload(admin_client, csv_file(import_row())).content.decode()
    assert f'<a href="{reverse("placements:import")}">Importeren</a>' in html
