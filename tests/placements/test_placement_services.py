import pytest
from django.http import Http404

from apps.accounts.models import Role
from apps.placements.access import placement_for_user, placements_visible_to
from apps.placements.models import Placement, PlacementUserObjectPermission, SchoolRole
from apps.placements.services import (
    PlacementError,
    placement_create,
    placement_grant_extra,
    placement_revoke_extra,
    placement_set_people,
    placement_set_status,
    school_assign,
    school_unassign,
)
from tests.factories import (
    LearningOutcomeFactory,
    PeriodFactory,
    ProgrammeFactory,
    SchoolFactory,
    StudentProfileFactory,
    UserFactory,
)


def test_every_person_of_the_triangle_sees_the_placement(
    placement, student, mentor, schoolopleider, instituutsopleider
):
    for person in (student.user, mentor, schoolopleider, instituutsopleider):
        assert placement_for_user(person, placement.pk) == placement


def test_outsider_gets_404_not_a_hint(placement, outsider):
    with pytest.raises(Http404):
        placement_for_user(outsider, placement.pk)


def test_replacing_the_mentor_removes_old_access_at_once(placement, mentor, outsider):
    placement_set_people(
        by=None,
        placement=placement,
        werkplekbegeleider=outsider,
        schoolopleider=placement.schoolopleider,
        instituutsopleider=placement.instituutsopleider,
    )
    assert not placements_visible_to(mentor).exists()
    assert placement_for_user(outsider, placement.pk) == placement


def test_deleting_a_placement_leaves_no_stray_grants(placement):
    Placement.objects.filter(pk=placement.pk).delete()
    assert not PlacementUserObjectPermission.objects.exists()


def test_extra_grant_gives_access_and_survives_a_people_change(placement, outsider, mentor):
    placement_grant_extra(by=None, placement=placement, user=outsider, reason="Vakdidacticus 5.6")
    placement_set_people(
        by=None,
        placement=placement,
        werkplekbegeleider=mentor,
        schoolopleider=None,
        instituutsopleider=None,
    )
    assert placement_for_user(outsider, placement.pk) == placement


def test_revoking_the_extra_grant_ends_access(placement, outsider):
    placement_grant_extra(by=None, placement=placement, user=outsider, reason="Vakdidacticus")
    placement_revoke_extra(by=None, placement=placement, user=outsider)
    assert not placements_visible_to(outsider).exists()


def test_new_placement_gets_the_programme_default_outcomes(db):
    summative, formative = LearningOutcomeFactory(), LearningOutcomeFactory(assessment="formatief")
    programme = ProgrammeFactory(default_outcomes=[summative, formative])
    placement = placement_create(
        by=None,
        student=StudentProfileFactory(programme=programme),
        school=SchoolFactory(),
        periods=[PeriodFactory()],
    )
    judged = dict(placement.outcomes.values_list("outcome__code", "wpb_judges"))
    assert judged == {summative.code: True, formative.code: False}


def test_placement_without_period_is_refused(db):
    with pytest.raises(PlacementError, match="minstens één periode"):
        placement_create(
            by=None, student=StudentProfileFactory(), school=SchoolFactory(), periods=[]
        )


def test_termination_needs_reason_and_date(placement):
    with pytest.raises(PlacementError, match="reden en een datum"):
        placement_set_status(by=None, placement=placement, status="voortijdig_beeindigd")


def test_history_records_who_changed_the_people(placement, outsider):
    actor = UserFactory(roles=[Role.ADMIN])
    placement_set_people(
        by=actor,
        placement=placement,
        werkplekbegeleider=outsider,
        schoolopleider=None,
        instituutsopleider=None,
    )
    assert placement.history.latest().history_user == actor


def test_opleider_assigned_to_the_school_sees_its_placements(placement):
    colleague = UserFactory(roles=[Role.SCHOOLOPLEIDER])
    school_assign(by=None, school=placement.school, user=colleague, role=SchoolRole.SCHOOLOPLEIDER)
    assert placement_for_user(colleague, placement.pk) == placement


def test_ending_a_school_assignment_ends_access(placement):
    colleague = UserFactory(roles=[Role.INSTITUUTSOPLEIDER])
    assignment = school_assign(
        by=None, school=placement.school, user=colleague, role=SchoolRole.INSTITUUTSOPLEIDER
    )
    school_unassign(by=None, assignment=assignment)
    assert not placements_visible_to(colleague).exists()
