"""Evidence in the export, the dossier and retention."""

import io
import json
import zipfile

from pypdf import PdfReader

from apps.cycle.evidence.services import evidence_add
from apps.cycle.evidence.targets import TARGETS
from apps.cycle.models import DossierStatus, Evidence
from apps.cycle.records.dossier import dossier_request
from apps.cycle.records.export import student_export_zip
from apps.cycle.records.retention import placement_purge
from tests.cycle.evidence.files import PDF, photo_bytes, upload


def attach(student, log, capture, **kwargs):
    with capture(execute=True):
        return evidence_add(by=student.user, target=TARGETS["logboek"], obj=log, **kwargs)


def test_the_export_holds_the_evidence_and_its_files(
    settings, tmp_path, student, log, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = attach(
        student, log, django_capture_on_commit_callbacks, title="Les", upload=upload("l.pdf", PDF)
    )
    archive = zipfile.ZipFile(io.BytesIO(student_export_zip(student)))
    data = json.loads(archive.read("gegevens.json"))
    (row,) = data["stages"][0]["bewijs"]
    assert row["title"] == "Les" and row["bij"] == "logboek, begeleidingsgesprek 1"
    assert archive.read(row["bestand_in_export"]) == PDF
    assert row["id"] == evidence.pk


def test_the_dossier_lists_the_evidence_with_a_photo_thumbnail(
    settings, tmp_path, student, log, instituutsopleider, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    attach(
        student,
        log,
        django_capture_on_commit_callbacks,
        title="Bord na de les",
        upload=upload("bord.jpg", photo_bytes()),
    )
    placement = log.conversation.placement
    with django_capture_on_commit_callbacks(execute=True):
        job = dossier_request(by=instituutsopleider, placement=placement)
    job.refresh_from_db()
    assert job.status == DossierStatus.DONE, job.error
    with job.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    last = reader.pages[-1]
    assert "Bord na de les" in last.extract_text()
    assert len(last.images) == 1


def test_purging_a_placement_deletes_its_evidence_files(
    private_root, student, log, django_capture_on_commit_callbacks
):
    attach(
        student,
        log,
        django_capture_on_commit_callbacks,
        title="x",
        upload=upload("b.jpg", photo_bytes()),
    )
    assert any(p.is_file() for p in private_root.rglob("*"))
    with django_capture_on_commit_callbacks(execute=True):
        placement_purge(by=None, placement=log.conversation.placement)
    assert not Evidence.objects.exists()
    assert not any(p.is_file() for p in private_root.rglob("*"))
