"""The bulk factory of the query budgets makes what the service makes."""

from apps.cycle.models import Conversation, FeedbackForm, FormEntry, FormVersion
from apps.placements.models import (
    Placement,
    PlacementOutcome,
    PlacementUserObjectPermission,
    SchoolRole,
)
from apps.placements.services import school_assign
from tests.factories import (
    LearningOutcomeFactory,
    PeriodFactory,
    ProgrammeFactory,
    SchoolFactory,
    StudentProfileFactory,
    UserFactory,
    make_placement,
    make_placements,
)


def footprint(placement: Placement) -> dict:
    """Every row a placement brings along, counted, and its conversations' planned dates."""
    conversations = Conversation.objects.filter(placement=placement)
    versions = FormVersion.objects.filter(form__conversation__placement=placement)
    who = {u.pk: role for role, u in placement.people().items() if u} | {
        a.user_id: a.role for a in placement.school.assignments.all()
    }
    return {
        "periods": placement.periods.count(),
        "placement history": Placement.history.filter(id=placement.pk).count(),
        "outcomes": PlacementOutcome.objects.filter(placement=placement).count(),
        "outcome history": PlacementOutcome.history.filter(placement_id=placement.pk).count(),
        "grants": sorted(
            (who[user_id], codename)
            for user_id, codename in PlacementUserObjectPermission.objects.filter(
                content_object=placement
            ).values_list("user_id", "permission__codename")
        ),
        "conversations": sorted(conversations.values_list("kind", "sequence", "planned_date")),
        "conversation history": Conversation.history.filter(placement_id=placement.pk).count(),
        "forms": FeedbackForm.objects.filter(conversation__placement=placement).count(),
        "versions": sorted(versions.values_list("form__conversation__kind", "number", "state")),
        "version history": FormVersion.history.filter(id__in=versions).count(),
        "entries": FormEntry.objects.filter(version__in=versions).count(),
        "entry history": FormEntry.history.filter(version_id__in=versions).count(),
        "status": placement.status,
    }


def test_a_bulk_made_placement_has_what_a_service_made_one_has(db):
    programme = ProgrammeFactory(default_outcomes=LearningOutcomeFactory.create_batch(3))
    school, period = SchoolFactory(), PeriodFactory()
    school_assign(by=None, school=school, user=UserFactory(), role=SchoolRole.SCHOOLOPLEIDER)
    people = {
        "werkplekbegeleider": UserFactory(),
        "schoolopleider": UserFactory(),
        "instituutsopleider": UserFactory(),
    }
    served = make_placement(
        student=StudentProfileFactory(programme=programme), school=school, period=period, **people
    )
    bulk = make_placements(2, programme=programme, school=school, period=period, **people)
    expected = footprint(served)
    assert [footprint(made) for made in bulk] == [expected, expected]
    assert expected["entries"] == 2 * 3
    assert len(expected["grants"]) == 5
