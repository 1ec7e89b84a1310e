"""A learning outcome in use is never changed in place: a new version is made instead, and
new placements take it while old ones keep theirs."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.outcomes.models import Indicator, KijkkaderDimension, LearningOutcome
from apps.outcomes.services import OutcomeError, outcome_is_in_use, outcome_new_version
from apps.placements.models import PlacementOutcome
from tests.factories import LearningOutcomeFactory, StudentProfileFactory, make_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcome():
    """An outcome with a kijkkader of two dimensions, two indicators each."""
    outcome = LearningOutcomeFactory(code="5.1", title="Leerklimaat")
    for d in (1, 2):
        dimension = outcome.dimensions.create(position=d, name=f"Dimensie {d}")
        for i in (1, 2):
            dimension.indicators.create(position=i, text=f"Indicator {d}.{i}")
    return outcome


@pytest.fixture
def programme_with(outcome):
    student = StudentProfileFactory()
    student.programme.default_outcomes.set([outcome])
    return student.programme


def test_an_outcome_is_in_use_once_a_placement_has_it_but_not_by_a_default_set(
    outcome, programme_with
):
    assert not outcome_is_in_use(outcome)

    PlacementOutcome.objects.create(placement=make_placement(), outcome=outcome)

    assert outcome_is_in_use(outcome)


def test_an_indicator_seen_on_a_leerplan_goal_puts_the_outcome_in_use(outcome, placement):
    from apps.cycle.models import Leerplan, LeerplanGoal

    other = PlacementOutcome.objects.create(placement=placement, outcome=LearningOutcomeFactory())
    goal = LeerplanGoal.objects.create(
        leerplan=Leerplan.objects.create(placement=placement), placement_outcome=other
    )
    goal.indicators.add(Indicator.objects.filter(dimension__outcome=outcome).first())

    assert outcome_is_in_use(outcome)


def test_a_new_version_copies_the_outcome_and_its_kijkkader(admin_user, outcome):
    copy = outcome_new_version(by=admin_user, outcome=outcome)

    assert (copy.code, copy.title, copy.version) == ("5.1", "Leerklimaat", 2)
    assert copy.previous == outcome
    assert list(
        Indicator.objects.filter(dimension__outcome=copy).values_list("dimension__name", "text")
    ) == list(
        Indicator.objects.filter(dimension__outcome=outcome).values_list("dimension__name", "text")
    )
    assert KijkkaderDimension.objects.filter(outcome=outcome).count() == 2


def test_old_placements_keep_the_old_version_and_new_ones_take_the_new(
    admin_user, outcome, programme_with
):
    student = StudentProfileFactory(programme=programme_with)
    old = make_placement(student=student)

    copy = outcome_new_version(by=admin_user, outcome=outcome)
    new = make_placement(student=StudentProfileFactory(programme=programme_with))

    assert list(old.outcomes.values_list("outcome", flat=True)) == [outcome.pk]
    assert list(new.outcomes.values_list("outcome", flat=True)) == [copy.pk]
    assert list(LearningOutcome.objects.current()) == [copy]


def test_an_old_version_gets_no_new_version(admin_user, outcome):
    outcome_new_version(by=admin_user, outcome=outcome)

    with pytest.raises(OutcomeError):
        outcome_new_version(by=admin_user, outcome=LearningOutcome.objects.get(pk=outcome.pk))


def test_the_admin_refuses_to_change_an_outcome_in_use(client, admin_user, outcome):
    PlacementOutcome.objects.create(placement=make_placement(), outcome=outcome)
    client.force_login(admin_user)
    url = reverse("admin:outcomes_learningoutcome_change", args=[outcome.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"code": "5.1", "title": "Anders"})

    assert "in gebruik" in page
    assert response.status_code == 403
    assert LearningOutcome.objects.get(pk=outcome.pk).title == "Leerklimaat"


def test_the_admin_refuses_to_change_an_indicator_of_an_outcome_in_use(client, admin_user, outcome):
    PlacementOutcome.objects.create(placement=make_placement(), outcome=outcome)
    indicator = Indicator.objects.first()
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:outcomes_indicator_change", args=[indicator.pk]),
        {"dimension": indicator.dimension_id, "position": 1, "text": "Achterdeur"},
    )

    assert response.status_code == 403
    assert Indicator.objects.get(pk=indicator.pk).text == "Indicator 1.1"


def test_an_indicator_of_an_unused_outcome_can_be_corrected_in_the_admin(
    client, admin_user, outcome
):
    indicator = Indicator.objects.first()
    client.force_login(admin_user)

    client.post(
        reverse("admin:outcomes_indicator_change", args=[indicator.pk]),
        {"dimension": indicator.dimension_id, "position": 1, "text": "Verbeterd"},
    )

    assert Indicator.objects.get(pk=indicator.pk).text == "Verbeterd"


def test_the_admin_action_makes_a_new_version(client, admin_user, outcome):
    client.force_login(admin_user)

    client.post(
        reverse("admin:outcomes_learningoutcome_changelist"),
        {"action": "make_new_version", "_selected_action": [outcome.pk]},
    )

    assert LearningOutcome.objects.get(previous=outcome).dimensions.count() == 2


def test_the_seed_fixture_loads_again_beside_a_newer_version(admin_user):
    call_command("loaddata", "outcomes", verbosity=0)
    outcome_new_version(by=admin_user, outcome=LearningOutcome.objects.get(code="5.2"))
    counts = [LearningOutcome.objects.count(), Indicator.objects.count()]

    call_command("loaddata", "outcomes", verbosity=0)

    assert [LearningOutcome.objects.count(), Indicator.objects.count()] == counts
    assert LearningOutcome.objects.get(code="5.2", version=2).dimensions.count() == 4


def test_the_admin_bulk_delete_refuses_indicators_of_an_outcome_in_use(client, admin_user, outcome):
    PlacementOutcome.objects.create(placement=make_placement(), outcome=outcome)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:outcomes_indicator_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(Indicator.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )

    assert response.status_code == 403
    assert Indicator.objects.count() == 4


def test_maatwerk_offers_only_the_current_version(admin_user, outcome, placement):
    from apps.cycle.procedure.forms import MaatwerkForm

    copy = outcome_new_version(by=admin_user, outcome=outcome)

    choices = MaatwerkForm(placement=placement).fields["outcome"].queryset
    assert copy in choices and outcome not in choices
