"""The demo partnership: believable, spread over the cycle, safe to run twice."""

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import User
from apps.cycle.models import Disagreement, FormState, FormVersion
from apps.placements.models import Placement, PlacementStatus, School

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)


def test_demo_builds_the_partnership(demo):
    assert School.objects.count() == 3
    assert Placement.objects.count() == 12
    assert (
        User.objects.filter(email__in=["admin@demo.test", "so2@demo.test", "io2@demo.test"]).count()
        == 3
    )


def test_demo_logins_use_password_demo(demo):
    for email in (
        "admin@demo.test",
        "student1@demo.test",
        "wpb1@demo.test",
        "so1@demo.test",
        "io1@demo.test",
    ):
        assert User.objects.get(email=email).check_password("demo")


def test_demo_placements_are_spread_over_the_cycle(demo):
    statuses = set(Placement.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in PlacementStatus}
    assert FormVersion.objects.filter(state=FormState.SENT).exists()
    assert FormVersion.objects.filter(state=FormState.SUBMITTED).exists()
    assert Disagreement.objects.filter(status="open").count() == 1


def test_running_it_twice_duplicates_nothing(demo):
    counts = (User.objects.count(), Placement.objects.count(), FormVersion.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (User.objects.count(), Placement.objects.count(), FormVersion.objects.count()) == counts


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="alleen met DEBUG aan"):
        call_command("seed_demo")
