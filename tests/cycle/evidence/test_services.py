import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import transaction

from apps.accounts.models import AuditEvent
from apps.cycle.common import CycleError
from apps.cycle.evidence.services import evidence_add, evidence_remove
from apps.cycle.evidence.targets import TARGETS
from apps.cycle.models import Evidence, FormState
from tests.cycle.evidence.files import MP4_HEAD, PDF, photo_bytes, upload


def add(student, log, **kwargs):
    values = {"title": "Lesvoorbereiding", "upload": upload("les.pdf", PDF)} | kwargs
    return evidence_add(by=student.user, target=TARGETS["logboek"], obj=log, **values)


def stored_files(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_file_is_written_when_the_transaction_commits(
    student, log, private_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evidence = add(student, log)
    assert evidence.file.storage.open(evidence.file.name).read() == PDF
    assert AuditEvent.objects.filter(action="evidence.added", target_id=str(evidence.pk)).exists()


def test_a_rolled_back_upload_leaves_no_file_and_no_row(
    student, log, private_root, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        add(student, log)
        raise RuntimeError("something after it failed")
    assert stored_files(private_root) == []
    assert not Evidence.objects.exists()


def test_a_photo_gets_a_thumbnail_and_no_original_name_in_storage(
    student, log, private_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evidence = add(student, log, upload=upload("Thuis_Amersfoort.jpg", photo_bytes()))
    assert evidence.kind == "foto" and evidence.thumbnail
    assert "Amersfoort" not in " ".join(stored_files(private_root))


def test_removing_deletes_the_files(student, log, private_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        evidence = add(student, log, upload=upload("klas.jpg", photo_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(by=student.user, evidence=evidence)
    assert stored_files(private_root) == []


def test_only_the_student_adds_evidence(mentor, log):
    with pytest.raises(CycleError, match="Alleen de student"):
        evidence_add(by=mentor, target=TARGETS["logboek"], obj=log, title="x", url="https://a.nl")


def test_a_submitted_self_reflection_takes_no_more_evidence(student, eind):
    eind.state = FormState.SUBMITTED
    eind.save(update_fields=["state"])
    entry = eind.entries.first()
    with pytest.raises(CycleError, match="geen bewijs meer"):
        evidence_add(
            by=student.user, target=TARGETS["reflectie"], obj=entry, title="x", url="https://a.nl"
        )


def test_evidence_on_a_goal_or_reflection_names_its_outcome(student, eind):
    entry = eind.entries.first()
    evidence = evidence_add(
        by=student.user, target=TARGETS["reflectie"], obj=entry, title="x", url="https://a.nl"
    )
    assert evidence.placement_outcome == entry.placement_outcome


def test_a_50_mb_video_is_moved_into_place_not_read_into_memory(
    student, log, private_root, django_capture_on_commit_callbacks
):
    video = TemporaryUploadedFile("les.mp4", "video/mp4", 50 * 1024 * 1024, None)
    video.write(MP4_HEAD)
    video.seek(50 * 1024 * 1024 - 1)
    video.write(b"\0")
    video.flush()
    tracemalloc.start()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        evidence = add(student, log, upload=video, title="Les 2B")
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert evidence.kind == "video" and evidence.size == 50 * 1024 * 1024
    assert peak < 2 * 1024 * 1024 and elapsed < 2
    assert (private_root / evidence.file.name).stat().st_size == 50 * 1024 * 1024
    video.close()  # Django closes it after the request; the file was moved
