import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.models import AuditEvent
from apps.cycle.feedback.services import form_version_send


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def sent(eind, mentor):
    eind.entries.update(feedback="Wat de mentor schreef over de student")
    return form_version_send(by=mentor, version=eind)


def test_export_student_writes_json_and_every_form_pdf(media, sent, student):
    target = media / "export.zip"
    call_command("export_student", student.student_number, "--output", str(target))
    archive = zipfile.ZipFile(target)
    data = json.loads(archive.read("gegevens.json"))
    assert data["persoon"][0]["full_name"] == "Sanne Student"
    feedback = [e["feedback"] for e in data["stages"][0]["formulieronderdelen"]]
    assert "Wat de mentor schreef over de student" in feedback
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 2


def test_unknown_student_number_is_a_clear_error(db):
    with pytest.raises(Exception, match="Geen student met studentnummer X1"):
        call_command("export_student", "X1")


def test_admin_export_downloads_a_zip_and_is_audited(client, media, sent, student, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:placements_studentprofile_changelist"),
        {"action": "export_student_data", "_selected_action": [student.pk]},
    )
    assert response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(response.content)).read("gegevens.json")
    assert AuditEvent.objects.filter(action="student.exported", actor=admin_user).exists()
