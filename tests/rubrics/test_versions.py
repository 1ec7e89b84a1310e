"""A rubric in use is never changed under what used it: a change makes a new version."""

import pytest
from django.core.management import call_command

from apps.accounts.models import AuditEvent
from apps.cycle.leerplan.selectors import phase_table
from apps.cycle.models import GoalPhase
from apps.rubrics.models import (
    Descriptor,
    Rubric,
    RubricDimension,
    RubricKind,
    SelfAssessment,
    SelfAssessmentRating,
)
from apps.rubrics.services import (
    RubricError,
    rubric_content,
    rubric_ids_in_use,
    rubric_is_in_use,
    rubric_new_version,
    rubric_replace_content,
    rubric_update_cells,
)
from tests.factories import make_goal_phase, make_placement, make_rubric

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric():
    return make_rubric(kind=RubricKind.PHASES, dimensions=2, levels=("Beginfase", "Groei-fase"))


@pytest.fixture
def used(rubric, placement):
    """The rubric in use: a leerplan goal aims for Groei-fase on its first dimension."""
    dimension, level = rubric.dimensions.first(), rubric.levels.last()
    return make_goal_phase(placement=placement, dimension=dimension, level=level)


def edited(rubric, text="Nieuw"):
    content = rubric_content(rubric)
    content[0].texts["Beginfase"] = text
    return content


def test_a_rubric_is_in_use_once_a_leerplan_goal_points_at_it(rubric, placement):
    assert not rubric_is_in_use(rubric)

    make_goal_phase(
        placement=placement, dimension=rubric.dimensions.first(), level=rubric.levels.first()
    )

    assert rubric_is_in_use(rubric)


def self_assessed(person, rubric) -> SelfAssessmentRating:
    """`person` rated themselves on the first dimension of the rubric's first role."""
    role = rubric.roles.first()
    assessment = SelfAssessment.objects.create(person=person, role=role)
    level = rubric.levels.first()
    return SelfAssessmentRating.objects.create(
        assessment=assessment,
        dimension=role.dimensions.first(),
        current_level=level,
        target_level=level,
        example="Ik gaf feedback op drie lessen.",
    )


def test_a_rubric_is_in_use_once_someone_assessed_themselves_on_it(mentor):
    role_rubric = make_rubric()
    assert not rubric_is_in_use(role_rubric)

    self_assessed(mentor, role_rubric)

    assert rubric_is_in_use(role_rubric)
    assert role_rubric.pk in rubric_ids_in_use()


def test_a_csv_upload_never_changes_a_self_assessed_rubric_in_place(admin_user, mentor):
    role_rubric = make_rubric()
    rating = self_assessed(mentor, role_rubric)
    content = rubric_content(role_rubric)
    content[0].texts["Volgend"] = "Nieuw"

    change = rubric_replace_content(by=admin_user, rubric=role_rubric, content=content)

    assert change.new_version and change.rubric != role_rubric
    rating.refresh_from_db()
    assert rating.dimension.rubric == role_rubric
    assert rating.current_level.descriptors.get(dimension=rating.dimension).text != "Nieuw"


def test_a_rubric_not_in_use_is_corrected_in_place(admin_user, rubric):
    change = rubric_replace_content(by=admin_user, rubric=rubric, content=edited(rubric))

    assert (change.rubric, change.new_version, change.changed) == (rubric, False, 1)
    assert Rubric.objects.count() == 1
    assert Descriptor.objects.filter(text="Nieuw").count() == 1
    assert AuditEvent.objects.filter(action="rubric_corrected").exists()


def test_a_rubric_in_use_gets_a_new_version_and_keeps_its_own(admin_user, rubric, used):
    change = rubric_replace_content(by=admin_user, rubric=rubric, content=edited(rubric))

    new = change.rubric
    assert change.new_version and (new.version, new.previous) == (2, rubric)
    assert rubric_content(new)[0].texts["Beginfase"] == "Nieuw"
    assert rubric_content(rubric)[0].texts["Beginfase"] == "dimensie 1 – Beginfase"
    used.refresh_from_db()
    assert used.dimension.rubric == rubric and used.level.rubric == rubric


def test_the_new_version_is_current_and_the_old_one_is_not(admin_user, rubric, used):
    new = rubric_replace_content(by=admin_user, rubric=rubric, content=edited(rubric)).rubric

    assert list(Rubric.objects.current()) == [new]
    assert not Rubric.objects.get(pk=rubric.pk).is_current


def test_an_old_version_is_never_changed(admin_user, rubric, used):
    rubric_replace_content(by=admin_user, rubric=rubric, content=edited(rubric))
    old = Rubric.objects.get(pk=rubric.pk)

    with pytest.raises(RubricError, match="er is al een nieuwere versie"):
        rubric_replace_content(by=admin_user, rubric=old, content=edited(old, "Nog eens"))


def test_the_grid_saves_an_in_use_rubric_into_a_new_version(admin_user, rubric, used):
    dimension, level = rubric.dimensions.first(), rubric.levels.first()

    change = rubric_update_cells(
        by=admin_user, rubric=rubric, cells={(dimension.pk, level.pk): "Uit het raster"}
    )

    assert change.new_version
    assert Descriptor.objects.get(dimension=dimension, level=level).text != "Uit het raster"
    assert rubric_content(change.rubric)[0].texts["Beginfase"] == "Uit het raster"


def test_a_rename_in_place_rebuilds_the_rows_of_an_unused_rubric(admin_user, rubric):
    content = rubric_content(rubric)
    content[1].name = "Hernoemd"

    rubric_replace_content(by=admin_user, rubric=rubric, content=content)

    assert list(rubric.dimensions.values_list("name", flat=True)) == ["dimensie 1", "Hernoemd"]
    assert Descriptor.objects.filter(dimension__rubric=rubric).count() == 4


def test_a_new_version_copies_roles_with_their_descriptions(admin_user):
    rubric = make_rubric(roles=("Coach", "Actor"), dimensions=2)

    copy = rubric_new_version(by=admin_user, rubric=rubric)

    assert rubric_content(copy) == rubric_content(rubric)
    assert list(copy.roles.values_list("name", "description")) == [
        ("Coach", "Over Coach."),
        ("Actor", "Over Actor."),
    ]
    assert copy.dimensions.filter(role__rubric=copy).count() == 4


def test_new_leerplans_take_the_current_phase_table_and_old_ones_keep_theirs(
    admin_user, placement, used
):
    rubric = used.dimension.rubric
    rubric.slug, rubric.name = "complexe-beroepsvaardigheden", "Complexe beroepsvaardigheden"
    rubric.save()
    new = rubric_replace_content(by=admin_user, rubric=rubric, content=edited(rubric)).rubric

    assert phase_table().rows[0].dimension.rubric_id == new.pk
    assert phase_table(make_placement()).rows[0].dimension.rubric_id == new.pk
    assert phase_table(placement).rows[0].dimension.rubric_id == rubric.pk


def test_the_seed_fixture_loads_again_beside_a_newer_version(admin_user):
    call_command("loaddata", "rubrics", verbosity=0)
    phases = Rubric.objects.get(slug="complexe-beroepsvaardigheden")
    rubric_new_version(by=admin_user, rubric=phases)
    counts = [Rubric.objects.count(), RubricDimension.objects.count(), Descriptor.objects.count()]

    call_command("loaddata", "rubrics", verbosity=0)

    assert [
        Rubric.objects.count(),
        RubricDimension.objects.count(),
        Descriptor.objects.count(),
    ] == (counts)
    assert Rubric.objects.get(slug=phases.slug, version=2).previous == phases


def test_deleting_a_used_dimension_is_refused_by_the_database(rubric, used):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        used.dimension.delete()
    assert GoalPhase.objects.filter(pk=used.pk).exists()
