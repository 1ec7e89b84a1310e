"""The rubric pages: list, grid, CSV download and upload, with their query budgets."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.rubrics.csvfile import rubric_csv
from apps.rubrics.models import (
    Descriptor,
    Rubric,
    RubricDimension,
    RubricKind,
    RubricLevel,
    SelfAssessment,
    SelfAssessmentRating,
)
from apps.rubrics.services import rubric_new_version
from tests.factories import RubricFactory, make_goal_phase, make_rubric
from tests.querycount import queries_for

pytestmark = pytest.mark.django_db


def upload(client, rubric, data: bytes):
    return client.post(
        reverse("rubrics:import", args=[rubric.pk]),
        {"file": SimpleUploadedFile("rubric.csv", data, content_type="text/csv")},
    )


def test_the_list_shows_current_versions_with_older_ones_reachable(client, mentor, admin_user):
    rubric = make_rubric(name="Rollen")
    new = rubric_new_version(by=admin_user, rubric=rubric)
    client.force_login(mentor)

    page = client.get(reverse("rubrics:list")).content.decode()

    assert page.count(">Rollen</a>") == 1
    assert reverse("rubrics:detail", args=[new.pk]) in page
    assert reverse("rubrics:detail", args=[rubric.pk]) in page


def test_the_detail_page_shows_the_grid_per_role(client, student):
    rubric = make_rubric(roles=("Coach", "Actor"), dimensions=1)
    client.force_login(student.user)

    page = client.get(reverse("rubrics:detail", args=[rubric.pk])).content.decode()

    for text in (
        "Coach",
        "Over Actor.",
        "Actor: dimensie 1",
        "Relaterend",
        "Coach: dimensie 1 – Volgend",
    ):
        assert text in page
    assert reverse("rubrics:import", args=[rubric.pk]) not in page


def test_an_old_version_says_so_and_links_to_the_current(client, mentor, admin_user):
    rubric = make_rubric()
    new = rubric_new_version(by=admin_user, rubric=rubric)
    client.force_login(mentor)

    page = client.get(reverse("rubrics:detail", args=[rubric.pk])).content.decode()

    assert "een oudere versie" in page
    assert reverse("rubrics:detail", args=[new.pk]) in page


def test_the_csv_download_is_the_rubric_as_csv(client, mentor):
    rubric = make_rubric()
    client.force_login(mentor)

    response = client.get(reverse("rubrics:csv", args=[rubric.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{rubric.slug}-v1.csv"' in response["Content-Disposition"]
    assert response.content == rubric_csv(rubric)


def test_uploading_a_corrected_file_changes_an_unused_rubric_in_place(client, admin_user):
    rubric = make_rubric()
    client.force_login(admin_user)
    data = rubric_csv(rubric).replace("Coach: dimensie 1 – Volgend".encode(), b"Verbeterd")

    response = upload(client, rubric, data)

    assert response.url == reverse("rubrics:detail", args=[rubric.pk])
    assert Descriptor.objects.filter(text="Verbeterd", dimension__rubric=rubric).exists()


def test_uploading_onto_a_rubric_in_use_makes_a_new_version(client, admin_user, placement):
    rubric = make_rubric()
    make_goal_phase(
        placement=placement, dimension=rubric.dimensions.first(), level=rubric.levels.first()
    )
    client.force_login(admin_user)
    data = rubric_csv(rubric).replace("Coach: dimensie 1 – Volgend".encode(), b"Verbeterd")

    response = upload(client, rubric, data)

    new = Rubric.objects.get(previous=rubric)
    assert response.url == reverse("rubrics:detail", args=[new.pk])
    follow = client.get(response.url).content.decode()
    assert "versie 2 gemaakt" in follow
    assert not Descriptor.objects.filter(text="Verbeterd", dimension__rubric=rubric).exists()


def test_uploading_the_same_file_says_nothing_changed(client, admin_user):
    rubric = make_rubric()
    client.force_login(admin_user)

    response = upload(client, rubric, rubric_csv(rubric))

    assert "er is niets veranderd" in client.get(response.url).content.decode()
    assert Rubric.objects.count() == 1


def test_an_upload_that_is_not_csv_is_refused_on_its_field(client, admin_user):
    rubric = make_rubric()
    client.force_login(admin_user)

    response = client.post(
        reverse("rubrics:import", args=[rubric.pk]),
        {"file": SimpleUploadedFile("rubric.xlsx", b"PK", content_type="application/zip")},
    )

    assert response.status_code == 400
    assert "Kies een CSV-bestand." in response.content.decode()


def test_a_utf16_file_saved_as_unicode_text_by_excel_is_read(client, admin_user):
    rubric = make_rubric()
    client.force_login(admin_user)
    text = rubric_csv(rubric).decode("utf-8-sig").replace("Coach: dimensie 1 – Volgend", "Één")
    data = text.replace(";", "\t").encode("utf-16")

    response = upload(client, rubric, data)

    assert response.status_code == 302
    assert Descriptor.objects.filter(text="Één", dimension__rubric=rubric).exists()


def test_a_latin1_file_is_read(client, admin_user):
    rubric = make_rubric()
    client.force_login(admin_user)
    text = rubric_csv(rubric).decode("utf-8-sig").replace("Coach: dimensie 1 – Volgend", "Één")

    response = upload(client, rubric, text.encode("latin-1", errors="replace"))

    assert response.status_code == 302
    assert Descriptor.objects.filter(text="Één", dimension__rubric=rubric).exists()


def test_a_file_that_is_no_text_is_the_dutch_error_list_not_a_500(client, admin_user):
    rubric = make_rubric()
    client.force_login(admin_user)

    response = upload(client, rubric, bytes(range(256)) * 40)

    assert response.status_code == 400
    assert "geen leesbaar CSV-bestand" in response.content.decode()


def test_a_file_onto_a_rubric_used_by_a_self_assessment_is_never_a_500(client, admin_user):
    rubric = make_rubric()
    role = rubric.roles.first()
    dimension, level = role.dimensions.first(), rubric.levels.first()
    assessment = SelfAssessment.objects.create(person=admin_user, role=role)
    SelfAssessmentRating.objects.create(
        assessment=assessment,
        dimension=dimension,
        current_level=level,
        target_level=level,
        example="In 2B.",
    )
    client.force_login(admin_user)
    text = rubric_csv(rubric).decode("utf-8-sig").replace("Coach: dimensie 1 – Volgend", "Één")
    text = text.replace(";Coach: dimensie 1;", ";Coach: eerste dimensie;")  # renamed

    response = upload(client, rubric, text.encode("latin-1", errors="replace"))

    assert response.status_code in (302, 400)
    assert RubricDimension.objects.filter(pk=dimension.pk).exists()


def big_rubric(dimensions: int) -> Rubric:
    """A phase table with `dimensions` rows of three cells, made in bulk."""
    rubric = RubricFactory(kind=RubricKind.PHASES)
    levels = RubricLevel.objects.bulk_create(
        RubricLevel(rubric=rubric, position=n, name=f"Fase {n}") for n in (1, 2, 3)
    )
    rows = RubricDimension.objects.bulk_create(
        RubricDimension(rubric=rubric, position=n, name=f"Vaardigheid {n}")
        for n in range(1, dimensions + 1)
    )
    Descriptor.objects.bulk_create(
        Descriptor(dimension=row, level=level, text="Tekst") for row in rows for level in levels
    )
    return rubric


def test_the_list_costs_the_same_at_5_and_500_rubrics(client, mentor):
    # session, user, roles, notification count; the rubrics with their dimension count; one
    # query per relation that can use a rubric (leerplan goal phases: dimension, level).
    client.force_login(mentor)
    for _ in range(5):
        make_rubric(dimensions=1)
    at_5 = queries_for(client, reverse("rubrics:list"))
    RubricFactory.create_batch(495)

    assert queries_for(client, reverse("rubrics:list")) == at_5


def test_the_detail_page_costs_the_same_at_5_and_500_dimensions(client, mentor):
    # session, user, roles, notification count; rubric, its versions, levels (twice: header
    # and grid), descriptors, dimensions with roles; one EXISTS per relation for "in use".
    client.force_login(mentor)
    small, large = big_rubric(5), big_rubric(500)

    at_5 = queries_for(client, reverse("rubrics:detail", args=[small.pk]))
    at_500 = queries_for(client, reverse("rubrics:detail", args=[large.pk]))

    assert at_500 == at_5
