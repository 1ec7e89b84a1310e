"""The schoolopleider's team heatmap: the team's latest self-assessments counted per role
rubric dimension × level, names only by consent, at a fixed number of queries."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.models import Role, User
from apps.placements.models import Placement, SchoolRole
from apps.placements.services import school_assign
from apps.rubrics.models import RubricRole
from apps.rubrics.selfassessment.selectors import heat_of, team_heatmap
from apps.rubrics.services import heatmap_consent_set
from tests.factories import UserFactory, make_placement
from tests.querycount import queries_for
from tests.rubrics.test_self_assessment import assess


@pytest.fixture
def seeded(db):
    call_command("loaddata", "rubrics", verbosity=0)


@pytest.fixture
def beoordelaar(seeded):
    return RubricRole.objects.get(name="Beoordelaar")


@pytest.fixture
def so_at_school(schoolopleider, placement):
    school_assign(
        by=None, school=placement.school, user=schoolopleider, role=SchoolRole.SCHOOLOPLEIDER
    )
    return schoolopleider


def row_of(maps, role_name: str, position: int = 0):
    """The heatmap row of the first dimension of `role_name` at the first school."""
    return [r for r in maps[0].rows if r.role.name == role_name][position]


def counts(row) -> list[int]:
    return [cell.count for cell in row.cells]


def test_the_team_is_counted_from_each_latest_self_assessment(
    so_at_school, placement, mentor, beoordelaar
):
    colleague = UserFactory(roles=[Role.WERKPLEKBEGELEIDER])
    make_placement(school=placement.school, werkplekbegeleider=colleague)
    assess(mentor, beoordelaar, current=1)
    assess(mentor, beoordelaar, current=3)  # the latest counts
    assess(colleague, beoordelaar, current=3)

    row = row_of(team_heatmap(so_at_school.assigned_schools.all()), "Beoordelaar")
    assert counts(row) == [0, 0, 2, 0]
    assert row.respondents == 2


def test_people_of_other_schools_are_not_counted(so_at_school, placement, outsider, beoordelaar):
    make_placement(werkplekbegeleider=outsider)  # another school
    assess(outsider, beoordelaar, current=2)

    maps = team_heatmap(so_at_school.assigned_schools.all())
    assert counts(row_of(maps, "Beoordelaar")) == [0, 0, 0, 0]


def test_names_appear_only_with_consent(so_at_school, placement, mentor, beoordelaar):
    assess(mentor, beoordelaar, current=2)
    schools = so_at_school.assigned_schools.all()
    assert row_of(team_heatmap(schools), "Beoordelaar").cells[1].names == []

    heatmap_consent_set(by=mentor, given=True)
    assert row_of(team_heatmap(schools), "Beoordelaar").cells[1].names == ["Wendy Werkplek"]


def test_a_withdrawn_consent_hides_the_name_again(so_at_school, placement, mentor, beoordelaar):
    assess(mentor, beoordelaar, current=2)
    heatmap_consent_set(by=mentor, given=True)
    heatmap_consent_set(by=mentor, given=False)

    row = row_of(team_heatmap(so_at_school.assigned_schools.all()), "Beoordelaar")
    assert row.cells[1].names == [] and row.cells[1].count == 1


@pytest.mark.parametrize(
    ("count", "respondents", "heat"), [(0, 4, 0), (1, 4, 1), (2, 4, 2), (3, 4, 3), (4, 4, 4)]
)
def test_shade_follows_the_share_of_who_filled_in_the_role(count, respondents, heat):
    assert heat_of(count, respondents) == heat


def test_the_page_shows_counts_shaded_by_class_and_consenting_names(
    client, so_at_school, mentor, beoordelaar
):
    assess(mentor, beoordelaar, current=4, target=4)
    heatmap_consent_set(by=mentor, given=True)
    client.force_login(so_at_school)
    html = client.get(reverse("rubrics:heatmap")).content.decode()
    assert 'class="text-center heat-4">1<br><span class="small">Wendy Werkplek</span>' in html
    assert "style=" not in html.split("<main", 1)[1]


def test_a_team_without_self_assessments_gets_a_sentence_not_a_table_of_zeros(
    client, so_at_school, mentor, seeded
):
    client.force_login(so_at_school)
    html = client.get(reverse("rubrics:heatmap")).content.decode()
    assert "Nog niemand van dit team heeft een rolrubric ingevuld." in html
    assert "<table" not in html


def test_only_a_schoolopleider_sees_the_heatmap(client, mentor, seeded):
    client.force_login(mentor)
    assert client.get(reverse("rubrics:heatmap")).status_code == 403


def test_navigation_shows_the_heatmap_to_schoolopleiders(client, so_at_school, seeded):
    client.force_login(so_at_school)
    assert reverse("rubrics:heatmap") in client.get(reverse("notifications")).content.decode()


def grow_team(school, role, n: int) -> None:
    """`n` werkplekbegeleiders at `school`, each with a placement and a self-assessment on
    `role`, half of them consenting (made in bulk: arrange only)."""
    from apps.rubrics.models import HeatmapConsent, SelfAssessment, SelfAssessmentRating
    from tests.factories import StudentProfileFactory

    start = User.objects.count()
    people = User.objects.bulk_create(
        User(email=f"team{start + i}@example.test", full_name=f"Collega {start + i}", password="!")
        for i in range(n)
    )
    student = StudentProfileFactory()
    Placement.objects.bulk_create(
        Placement(student=student, school=school, werkplekbegeleider=p) for p in people
    )
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(person=p, role=role) for p in people
    )
    levels = list(role.rubric.levels.all())
    SelfAssessmentRating.objects.bulk_create(
        SelfAssessmentRating(
            assessment=a,
            dimension=d,
            current_level=levels[i % len(levels)],
            example="Een concreet voorbeeld uit de praktijk.",
            target_level=levels[-1],
        )
        for i, a in enumerate(assessments)
        for d in role.dimensions.all()
    )
    HeatmapConsent.objects.bulk_create(HeatmapConsent(person=p, given=True) for p in people[::2])


def test_heatmap_costs_the_same_at_5_and_500_team_members(
    client, so_at_school, placement, beoordelaar
):
    client.force_login(so_at_school)
    grow_team(placement.school, beoordelaar, 5)
    at_5 = queries_for(client, reverse("rubrics:heatmap"))
    grow_team(placement.school, beoordelaar, 495)
    # session, user, roles, notifications count + schools, team, latest ratings, consenting
    # names, role rubrics with their levels and dimensions (3): 11.
    assert queries_for(client, reverse("rubrics:heatmap")) == at_5 == 11


def test_each_assigned_school_gets_its_own_team(so_at_school, placement, mentor, beoordelaar):
    other = make_placement(werkplekbegeleider=UserFactory(roles=[Role.WERKPLEKBEGELEIDER]))
    school_assign(by=None, school=other.school, user=so_at_school, role=SchoolRole.SCHOOLOPLEIDER)
    assess(mentor, beoordelaar, current=2)

    maps = {m.school: m for m in team_heatmap(so_at_school.assigned_schools.all())}
    beoordelaar_rows = {
        school: [r for r in m.rows if r.role == beoordelaar][0] for school, m in maps.items()
    }
    assert counts(beoordelaar_rows[placement.school]) == [0, 1, 0, 0]
    assert counts(beoordelaar_rows[other.school]) == [0, 0, 0, 0]
    assert maps[other.school].team_size == 1
