"""Imports that cannot mix people up (issue 12): a student row never renames or re-roles staff,
a guide is never a student, any file Excel saves is read or refused in Dutch, names that look
like formulas or hold control characters are refused, and the file waits in a table, not in
the session. Driven through the import pages, as the praktijkbureau uses them."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Role
from apps.accounts.services import role_grant
from apps.placements.models import Placement, StudentProfile
from tests.factories import StudentProfileFactory, UserFactory
from tests.placements.conftest import csv_file, import_row


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(client, content: bytes, name: str = "stages.csv"):
    return client.post(reverse("placements:import"), {"file": SimpleUploadedFile(name, content)})


def confirm(client, response):
    form = response.context["confirm"]
    data = {"file_digest": form["file_digest"].value(), "plan_digest": form["plan_digest"].value()}
    return client.post(reverse("placements:import_confirm"), data)


def text_of(response) -> str:
    return response.content.decode()


# --- People are never mixed up ----------------------------------------------------------------


def test_a_student_row_with_a_werkplekbegeleiders_email_is_an_error_and_renames_no_one(
    admin_client, catalogue
):
    wpb = UserFactory(
        email="wpb1@demo.test", full_name="Willem Pieters", roles=[Role.WERKPLEKBEGELEIDER]
    )
    response = upload(admin_client, csv_file(import_row(student_email="wpb1@demo.test")))

    assert "Rij 2, kolom ‘e-mail student’: wpb1@demo.test is het account van" in text_of(response)
    assert reverse("placements:import_confirm") not in text_of(response)
    wpb.refresh_from_db()
    assert wpb.full_name == "Willem Pieters" and wpb.role_set == {Role.WERKPLEKBEGELEIDER}


def test_a_student_number_of_a_staff_account_is_an_error(admin_client, catalogue):
    # The account of this student number also became a schoolopleider: it is staff now.
    profile = StudentProfileFactory(student_number="500123", user__email="oud@school.example.nl")
    role_grant(by=None, user=profile.user, role=Role.SCHOOLOPLEIDER)
    response = upload(admin_client, csv_file(import_row(student_email="oud@school.example.nl")))

    assert "Rij 2, kolom ‘studentnummer’: studentnummer 500123 hoort bij" in text_of(response)
    assert reverse("placements:import_confirm") not in text_of(response)


def test_a_guide_email_that_belongs_to_a_student_is_an_error(admin_client, catalogue):
    StudentProfileFactory(user__email="kim@student.example.nl", user__full_name="Kim")
    row = import_row(wpb_name="Kim", wpb_email="kim@student.example.nl")

    response = upload(admin_client, csv_file(row))

    assert (
        "Rij 2, kolom ‘e-mail werkplekbegeleider’: kim@student.example.nl is het account van "
        "student Kim" in text_of(response)
    )
    assert reverse("placements:import_confirm") not in text_of(response)


def test_one_address_as_student_and_as_guide_in_one_file_is_an_error_on_both_rows(
    admin_client, catalogue
):
    first = import_row()
    second = import_row(
        student_number="500124",
        student_email="b@student.example.nl",
        student_name="Bo",
        wpb_name="Sanne de Vries",
        wpb_email="sanne@student.example.nl",
    )

    content = text_of(upload(admin_client, csv_file(first, second)))

    assert "Rij 2, kolom ‘e-mail student’: sanne@student.example.nl staat in rij 3" in content
    assert "Rij 3, kolom ‘e-mail werkplekbegeleider’: sanne@student.example.nl staat in rij 2" in (
        content
    )


# --- Every file Excel saves ----------------------------------------------------------------------


def test_a_utf16_file_saved_as_unicode_text_is_read(admin_client, catalogue):
    text = csv_file(import_row(student_name="Zoë Çelik")).decode("utf-8-sig")
    content = text.replace(";", "\t").encode("utf-16")

    response = upload(admin_client, content)

    assert response.status_code == 200
    assert "nieuw account voor student Zoë Çelik" in text_of(response)


def test_a_latin1_file_is_read(admin_client, catalogue):
    text = csv_file(import_row(student_name="Zoë Çelik")).decode("utf-8-sig")

    response = upload(admin_client, text.encode("latin-1"))

    assert "nieuw account voor student Zoë Çelik" in text_of(response)


def test_a_file_that_is_not_text_is_a_dutch_error_not_a_500(admin_client, catalogue):
    response = upload(admin_client, bytes(range(256)) * 40)

    assert response.status_code == 400
    assert "geen leesbaar CSV-bestand" in text_of(response)


# --- Names that are no names --------------------------------------------------------------------


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+31 6 1234", "@SUM(A1)"])
def test_a_name_that_looks_like_a_formula_is_refused_with_the_row(admin_client, catalogue, name):
    response = upload(admin_client, csv_file(import_row(wpb_name=name)))

    assert "Rij 2, kolom ‘naam werkplekbegeleider’:" in text_of(response)
    assert "lijkt op een formule" in text_of(response)
    assert reverse("placements:import_confirm") not in text_of(response)


def test_a_name_with_a_nul_byte_is_refused_with_the_row(admin_client, catalogue):
    response = upload(admin_client, csv_file(import_row(student_name="Sanne\x00de Vries")))

    assert "Rij 2, kolom ‘naam student’: bevat een onzichtbaar stuurteken" in text_of(response)
    assert not StudentProfile.objects.exists()


def test_a_name_longer_than_an_account_holds_is_refused_with_the_row(admin_client, catalogue):
    response = upload(admin_client, csv_file(import_row(so_name="S" * 201)))

    assert "Rij 2, kolom ‘naam schoolopleider’: is langer dan 200 tekens." in text_of(response)


# --- The file waits in a table, not in the session ---------------------------------------------


def test_the_uploaded_file_is_not_kept_in_the_session(admin_client, catalogue):
    from apps.placements.models import ImportUpload

    content = csv_file(import_row())
    upload(admin_client, content)

    assert all("data" not in str(v) for v in admin_client.session.values())
    assert bytes(ImportUpload.objects.get().content) == content


def test_an_expired_upload_cannot_be_confirmed_and_is_purged(admin_client, catalogue):
    from apps.placements.importing.services import import_uploads_purge
    from apps.placements.models import ImportUpload

    preview = upload(admin_client, csv_file(import_row()))
    ImportUpload.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = confirm(admin_client, preview)

    assert response.status_code == 302 and not Placement.objects.exists()
    assert import_uploads_purge() == 1 and not ImportUpload.objects.exists()


def test_another_admins_upload_cannot_be_confirmed(admin_client, catalogue, client):
    preview = upload(admin_client, csv_file(import_row()))
    other = UserFactory(roles=[Role.ADMIN], is_superuser=True)
    admin_client.force_login(other)

    confirm(admin_client, preview)

    assert not Placement.objects.exists()


def test_confirming_forgets_the_upload(admin_client, catalogue):
    from apps.placements.models import ImportUpload

    confirm(admin_client, upload(admin_client, csv_file(import_row())))

    assert Placement.objects.count() == 1 and not ImportUpload.objects.exists()
