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


@pytest.fixture
def used(rubric, placement):
    from tests.factories import make_goal_phase

    return make_goal_phase(
        placement=placement, dimension=rubric.dimensions.get(), level=rubric.levels.first()
    )


def test_the_grid_saves_a_rubric_in_use_as_a_new_version(client, admin_user, rubric, used):
    client.force_login(admin_user)
    url = reverse("admin:rubrics_rubric_grid", args=[rubric.pk])

    response = client.post(
        url, {cell(rubric, 1): "Gewijzigd", cell(rubric, 2): "Werkt zelfstandig"}
    )

    new = Rubric.objects.get(version=2)
    assert response.url == reverse("admin:rubrics_rubric_grid", args=[new.pk])
    assert Descriptor.objects.filter(dimension__rubric=new, text="Gewijzigd").exists()
    assert Descriptor.objects.get(pk=used.dimension.descriptors.first().pk).text == (
        "Handelt onder begeleiding"
    )


def test_the_admin_change_form_of_a_rubric_in_use_is_read_only(client, admin_user, rubric, used):
    client.force_login(admin_user)
    url = reverse("admin:rubrics_rubric_change", args=[rubric.pk])

    page = client.get(url)
    response = client.post(url, {"name": "Andere naam", "slug": "fasen", "kind": "fasen"})

    assert "in gebruik" in page.content.decode()
    assert response.status_code == 403
    assert Rubric.objects.get(pk=rubric.pk).name == "Fasen"


def test_a_descriptor_of_a_rubric_in_use_cannot_be_changed_or_deleted_in_the_admin(
    client, admin_user, rubric, used
):
    descriptor = Descriptor.objects.first()
    client.force_login(admin_user)

    change = client.post(
        reverse("admin:rubrics_descriptor_change", args=[descriptor.pk]),
        {"dimension": descriptor.dimension_id, "level": descriptor.level_id, "text": "Achterdeur"},
    )
    delete = client.post(
        reverse("admin:rubrics_descriptor_delete", args=[descriptor.pk]), {"post": "yes"}
    )

    assert (change.status_code, delete.status_code) == (403, 403)
    assert Descriptor.objects.get(pk=descriptor.pk).text != "Achterdeur"


def test_a_rubric_not_in_use_can_still_be_changed_in_the_admin(client, admin_user, rubric):
    descriptor = Descriptor.objects.first()
    client.force_login(admin_user)

    client.post(
        reverse("admin:rubrics_descriptor_change", args=[descriptor.pk]),
        {"dimension": descriptor.dimension_id, "level": descriptor.level_id, "text": "Verbeterd"},
    )

    assert Descriptor.objects.get(pk=descriptor.pk).text == "Verbeterd"


def test_the_admin_action_makes_a_new_version(client, admin_user, rubric):
    client.force_login(admin_user)

    client.post(
        reverse("admin:rubrics_rubric_changelist"),
        {"action": "make_new_version", "_selected_action": [rubric.pk]},
    )

    new = Rubric.objects.get(previous=rubric)
    assert new.version == 2 and new.dimensions.get().descriptors.count() == 2


def test_the_admin_bulk_delete_refuses_descriptors_of_a_rubric_in_use(
    client, admin_user, rubric, used
):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:rubrics_descriptor_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(Descriptor.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )

    assert response.status_code == 403
    assert Descriptor.objects.count() == 2
