"""The exposure rule (calibration-design.md §3.2, step 5): "an exemplar is never shown to (a)
its authoring mentor, (b) anyone at the source school in the same or the following
studiejaar, or (c) the student's own io." """

import random
from datetime import date

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.calibration.exemplars.exposure import excluded_ids, may_see, shown_to
from apps.placements.models import SchoolAssignment, SchoolRole
from tests.factories import (
    ExemplarFactory,
    PeriodFactory,
    SchoolFactory,
    UserFactory,
    make_placement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    """A placement at a school in 2026-2027, copied into an exemplar."""
    school = SchoolFactory()
    mentor, io = UserFactory(roles=[Role.WERKPLEKBEGELEIDER]), UserFactory()
    make_placement(school=school, werkplekbegeleider=mentor, instituutsopleider=io)
    exemplar = ExemplarFactory(
        constructed=False,
        source_school=school,
        source_school_year="2026-2027",
        source_mentor=mentor,
        source_instituutsopleider=io,
    )
    return exemplar, school, mentor, io


def test_the_authoring_mentor_and_the_students_io_never_see_it(source):
    exemplar, _school, mentor, io = source
    assert not may_see(mentor, exemplar) and not may_see(io, exemplar)
    assert may_see(UserFactory(), exemplar)


def test_the_source_schools_people_this_year_and_next_do_not_see_it(source):
    exemplar, school, _mentor, _io = source
    next_year = UserFactory()
    make_placement(
        school=school, werkplekbegeleider=next_year, period=PeriodFactory(start=date(2028, 2, 1))
    )
    two_years_on = UserFactory()
    make_placement(
        school=school, werkplekbegeleider=two_years_on, period=PeriodFactory(start=date(2029, 2, 1))
    )
    schoolopleider = UserFactory()
    SchoolAssignment.objects.create(
        school=school, user=schoolopleider, role=SchoolRole.SCHOOLOPLEIDER
    )
    assert not may_see(next_year, exemplar) and not may_see(schoolopleider, exemplar)
    assert may_see(two_years_on, exemplar)


def test_the_pdf_follows_the_rule_like_the_page(client, source):
    """The source school's schoolopleider reads the bank but not this exemplar: its page and its
    PDF are both 404; another schoolopleider gets both."""
    exemplar, school, _mentor, _io = source
    exemplar.state = "gepubliceerd"
    exemplar.save()
    at_source = UserFactory(roles=[Role.SCHOOLOPLEIDER])
    SchoolAssignment.objects.create(school=school, user=at_source, role=SchoolRole.SCHOOLOPLEIDER)
    for user, status in ((at_source, 404), (UserFactory(roles=[Role.SCHOOLOPLEIDER]), 200)):
        client.force_login(user)
        for name in ("calibration:exemplar_detail", "calibration:exemplar_pdf"):
            assert client.get(reverse(name, args=[exemplar.pk])).status_code == status


def test_a_constructed_exemplar_may_be_shown_to_anyone(source):
    _exemplar, _school, mentor, _io = source
    assert may_see(mentor, ExemplarFactory())


def test_a_hundred_random_assignments_break_the_rule_zero_times(
    source, django_assert_max_num_queries
):
    """Acceptance criterion 9: "A test over 100 random assignments finds 0 violations"."""
    exemplar, school, mentor, io = source
    people = [mentor, io, *UserFactory.create_batch(8)]
    colleague = people[2]
    make_placement(school=school, werkplekbegeleider=colleague)
    exemplars = [exemplar, *ExemplarFactory.create_batch(3)]
    draw = random.Random(7)
    with django_assert_max_num_queries(2):
        excluded = excluded_ids(exemplars)
    violations = 0
    for _ in range(100):
        person = draw.choice(people)
        for shown in shown_to(person, draw.sample(exemplars, 2)):
            violations += person.pk in excluded[shown.pk]
            violations += shown == exemplar and person in (mentor, io, colleague)
    assert violations == 0
