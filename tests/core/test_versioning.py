"""The shared machinery of versioned reference data (rubrics, learning outcomes)."""

from apps.core.versioning import split_key
from apps.rubrics.models import Rubric
from apps.rubrics.services import rubric_new_version
from tests.factories import make_rubric


def test_a_key_without_a_version_means_version_one():
    assert split_key(("kijkkader", 3), 2) == ("kijkkader", 1, (3,))


def test_a_key_with_a_version_keeps_it():
    assert split_key(("kijkkader", "2", 3, 1), 3) == ("kijkkader", 2, (3, 1))


def test_natural_key_lookup_and_current_versions(db, admin_user):
    first = make_rubric(slug="leidraad")
    second = rubric_new_version(by=admin_user, rubric=first)

    assert Rubric.objects.get_by_natural_key("leidraad") == first
    assert Rubric.objects.get_by_natural_key("leidraad", 2) == second
    assert list(Rubric.objects.current()) == [second]
