import pytest
from django.urls import reverse

from apps.rubrics.models import Descriptor, Rubric


@pytest.fixture
def rubric(db):
    rubric = Rubric.objects.create(slug="fasen", name="Fasen", kind="fasen")
    begin = rubric.levels.create(position=1, name="Beginfase")
    groei = rubric.levels.create(position=2, name="Groei-fase")
    dimension = rubric.dimensions.create(position=1, name="Zelfstandigheid")
    Descriptor.objects.create(dimension=dimension, level=begin, text="Handelt onder begeleiding")
    Descriptor.objects.create(dimension=dimension, level=groei, text="Werkt zelfstandig")
    return rubric


def cell(rubric, level_position):
    dimension = rubric.dimensions.get()
    level = rubric.levels.get(position=level_position)
    return f"cell-{dimension.pk}-{level.pk}"


def test_admin_corrects_a_rubric_as_a_grid(client, admin_user, rubric):
    client.force_login(admin_user)
    url = reverse("admin:rubrics_rubric_grid", args=[rubric.pk])
    assert "Handelt onder begeleiding" in client.get(url).content.decode()
    client.post(
        url,
        {
            cell(rubric, 1): "Handelt onder begeleiding of na instructie",
            cell(rubric, 2): "Werkt zelfstandig",
        },
    )
    texts = sorted(Descriptor.objects.values_list("text", flat=True))
    assert texts == ["Handelt onder begeleiding of na instructie", "Werkt zelfstandig"]


def test_an_emptied_cell_is_refused_and_the_typing_kept(client, admin_user, rubric):
    client.force_login(admin_user)
    url = reverse("admin:rubrics_rubric_grid", args=[rubric.pk])
    response = client.post(url, {cell(rubric, 1): "Nieuwe tekst", cell(rubric, 2): " "})
    page = response.content.decode()
    assert "mag niet leeg zijn" in page and "Nieuwe tekst" in page
    assert Descriptor.objects.filter(text="Handelt onder begeleiding").exists()


def test_the_grid_is_for_admins_only(client, mentor, rubric):
    client.force_login(mentor)
    response = client.get(reverse("admin:rubrics_rubric_grid", args=[rubric.pk]))
    assert response.status_code == 302
