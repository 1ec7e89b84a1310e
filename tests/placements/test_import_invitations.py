"""The import invites the new people on the address of whoever imported: the request's host on
the import page, SITE_URL for the command (there is no request)."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tests.placements.conftest import csv_file, import_row
from tests.placements.test_import_views import upload


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def links(outbox) -> list[str]:
    return [re.search(r"https?://\S+/accounts/uitnodiging/\S+/", m.body).group(0) for m in outbox]


def test_the_import_page_invites_on_the_host_of_the_importer(
    admin_client, catalogue, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "stage.hogeschool.nl"]
    preview = upload(admin_client, csv_file(import_row()))
    with django_capture_on_commit_callbacks(execute=True):
        form = preview.context["confirm"]
        admin_client.post(
            reverse("placements:import_confirm"),
            {name: form[name].value() for name in ("file_digest", "plan_digest")},
            HTTP_HOST="stage.hogeschool.nl",
        )
    sent = links(mail.outbox)
    assert len(sent) == 4
    assert all(link.startswith("http://stage.hogeschool.nl/accounts/uitnodiging/") for link in sent)


def test_the_import_command_invites_on_site_url(
    catalogue, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://driehoek.example.nl"
    path = tmp_path / "stages.csv"
    path.write_bytes(csv_file(import_row()))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_placements", str(path), "--commit", stdout=StringIO())
    assert links(mail.outbox)[0].startswith("https://driehoek.example.nl/accounts/uitnodiging/")
