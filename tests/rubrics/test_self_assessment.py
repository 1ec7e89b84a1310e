"""Staff self-assessments on the role rubrics: saved once per moment, personal, growth shown
as an SVG chart with the same data in a table."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.models import Role
from apps.rubrics.models import (
    HeatmapConsent,
    RubricLevel,
    RubricRole,
    SelfAssessment,
    SelfAssessmentRating,
)
from apps.rubrics.selfassessment.charts import line_chart
from apps.rubrics.services import (
    Rating,
    RubricError,
    heatmap_consent_set,
    self_assessment_create,
)
from tests.factories import UserFactory
from tests.querycount import queries_for

EXAMPLE = "Ik beoordeelde drie lessen van een student met het kijkkader."


@pytest.fixture
def seeded(db):
    call_command("loaddata", "rubrics", verbosity=0)


@pytest.fixture
def beoordelaar(seeded):
    return RubricRole.objects.get(name="Beoordelaar")


def level(role, position: int) -> int:
    return role.rubric.levels.get(position=position).pk


def ratings_for(role, current: int = 1, target: int = 3, example: str = EXAMPLE) -> dict:
    return {
        d.pk: Rating(level(role, current), example, level(role, target))
        for d in role.dimensions.all()
    }


def assess(person, role, current: int = 1, target: int = 3) -> SelfAssessment:
    return self_assessment_create(by=person, role=role, ratings=ratings_for(role, current, target))


def form_data(role, current: int = 1, target: int = 3, example: str = EXAMPLE) -> dict:
    data = {}
    for d in role.dimensions.all():
        data[f"current_{d.pk}"] = level(role, current)
        data[f"example_{d.pk}"] = example
        data[f"target_{d.pk}"] = level(role, target)
    return data


# --- The service ------------------------------------------------------------------------------


def test_staff_member_saves_every_dimension_with_level_example_and_target(mentor, beoordelaar):
    assessment = assess(mentor, beoordelaar, current=2, target=4)

    ratings = SelfAssessmentRating.objects.filter(assessment=assessment)
    assert ratings.count() == beoordelaar.dimensions.count()
    assert {r.current_level.name for r in ratings} == {"Herkennend"}
    assert {r.target_level.name for r in ratings} == {"Creërend"}


def test_schoolopleider_and_instituutsopleider_may_self_assess(
    schoolopleider, instituutsopleider, beoordelaar
):
    assess(schoolopleider, beoordelaar)
    assess(instituutsopleider, beoordelaar)
    assert SelfAssessment.objects.count() == 2


def test_a_student_may_not_self_assess(student, beoordelaar):
    with pytest.raises(RubricError):
        assess(student.user, beoordelaar)


def test_every_dimension_is_required(mentor, beoordelaar):
    ratings = ratings_for(beoordelaar)
    ratings.pop(next(iter(ratings)))
    with pytest.raises(RubricError, match="elke dimensie"):
        self_assessment_create(by=mentor, role=beoordelaar, ratings=ratings)


def test_a_global_example_is_refused(mentor, beoordelaar):
    with pytest.raises(RubricError, match="concreet voorbeeld"):
        self_assessment_create(
            by=mentor, role=beoordelaar, ratings=ratings_for(beoordelaar, example="gaat wel goed")
        )


def test_the_target_is_not_below_the_current_level(mentor, beoordelaar):
    with pytest.raises(RubricError, match="streefniveau"):
        assess(mentor, beoordelaar, current=3, target=2)


def test_a_level_of_another_rubric_is_refused(mentor, beoordelaar):
    ratings = ratings_for(beoordelaar)
    beginfase = RubricLevel.objects.get(name="Beginfase").pk
    first = next(iter(ratings))
    ratings[first] = Rating(beginfase, EXAMPLE, beginfase)
    with pytest.raises(RubricError, match="niveau uit deze rubric"):
        self_assessment_create(by=mentor, role=beoordelaar, ratings=ratings)


def test_a_new_moment_is_a_new_self_assessment_and_the_old_one_stays(mentor, beoordelaar):
    first = assess(mentor, beoordelaar, current=1)
    assess(mentor, beoordelaar, current=2)

    assert SelfAssessment.objects.filter(person=mentor).count() == 2
    assert {r.current_level.position for r in first.ratings.all()} == {1}


def test_consent_is_given_and_withdrawn_with_who_and_when(mentor):
    heatmap_consent_set(by=mentor, given=True)
    consent = heatmap_consent_set(by=mentor, given=False)

    assert consent.given is False
    history = list(HeatmapConsent.history.filter(person=mentor).order_by("history_date"))
    assert [h.given for h in history] == [True, False]
    assert {h.history_user for h in history} == {mentor}


# --- The chart --------------------------------------------------------------------------------


def test_chart_puts_the_lowest_level_at_the_bottom_and_describes_itself():
    chart = line_chart(
        x_labels=["1 jan", "1 mrt"],
        y_labels=["Volgend", "Herkennend", "Relaterend", "Creërend"],
        series=[("Huidig niveau", "chart-current", [1, 4])],
    )
    low, high = chart.series[0].points
    assert low.y == chart.bottom and high.y == chart.top
    assert chart.description == "Huidig niveau: 1 jan Volgend, 1 mrt Creërend."


def test_chart_skips_a_moment_without_a_value():
    chart = line_chart(
        x_labels=["a", "b", "c"], y_labels=["x", "y"], series=[("s", "c", [1, None, 2])]
    )
    assert len(chart.series[0].points) == 2


# --- The pages --------------------------------------------------------------------------------


def test_my_rubrics_lists_my_self_assessments_per_role(client, mentor, beoordelaar):
    assess(mentor, beoordelaar)
    client.force_login(mentor)
    response = client.get(reverse("rubrics:mine"))
    roles = {item["role"].name: item["assessments"] for item in response.context["roles"]}
    assert len(roles["Beoordelaar"]) == 1
    assert roles["Vakexpert"] == []


def test_a_student_gets_403_on_my_rubrics(client, student, seeded):
    client.force_login(student.user)
    assert client.get(reverse("rubrics:mine")).status_code == 403


def test_saving_through_the_page_redirects_to_the_growth(client, mentor, beoordelaar):
    client.force_login(mentor)
    url = reverse("rubrics:assessment_new", args=[beoordelaar.pk])
    response = client.post(url, form_data(beoordelaar))
    assert response.url == reverse("rubrics:role", args=[beoordelaar.pk])
    assert SelfAssessment.objects.filter(person=mentor, role=beoordelaar).exists()


def test_a_vague_example_is_refused_and_what_was_typed_stays(client, mentor, beoordelaar):
    client.force_login(mentor)
    data = form_data(beoordelaar, example="prima")
    response = client.post(reverse("rubrics:assessment_new", args=[beoordelaar.pk]), data)
    assert response.status_code == 400
    assert "Maak je voorbeeld concreet" in response.content.decode()
    assert "\nprima</textarea>" in response.content.decode()


def test_target_below_current_is_an_error_on_the_target_field(client, mentor, beoordelaar):
    client.force_login(mentor)
    data = form_data(beoordelaar, current=3, target=1)
    response = client.post(reverse("rubrics:assessment_new", args=[beoordelaar.pk]), data)
    first = beoordelaar.dimensions.first()
    assert response.context["form"].errors[f"target_{first.pk}"]


def test_nobody_else_sees_my_self_assessment(client, mentor, outsider, beoordelaar):
    assessment = assess(mentor, beoordelaar)
    client.force_login(outsider)
    assert client.get(reverse("rubrics:assessment", args=[assessment.pk])).status_code == 404


def test_my_self_assessment_shows_my_examples(client, mentor, beoordelaar):
    assessment = assess(mentor, beoordelaar)
    client.force_login(mentor)
    response = client.get(reverse("rubrics:assessment", args=[assessment.pk]))
    assert EXAMPLE in response.content.decode()


def test_growth_page_draws_an_accessible_chart_and_a_table_per_dimension(
    client, mentor, beoordelaar
):
    assess(mentor, beoordelaar, current=1)
    assess(mentor, beoordelaar, current=2)
    client.force_login(mentor)
    html = client.get(reverse("rubrics:role", args=[beoordelaar.pk])).content.decode()
    dimensions = beoordelaar.dimensions.count()
    assert html.count("<svg") == dimensions
    assert html.count("<desc") == dimensions
    assert "Huidig niveau: " in html and "Volgend, " in html
    assert html.count("<table") == dimensions


def test_growth_page_shows_only_my_own_self_assessments(client, mentor, outsider, beoordelaar):
    assess(outsider, beoordelaar)
    client.force_login(mentor)
    response = client.get(reverse("rubrics:role", args=[beoordelaar.pk]))
    assert all(item.rows == [] for item in response.context["growth"])


def test_a_role_that_does_not_exist_is_404(client, mentor, seeded):
    client.force_login(mentor)
    assert client.get(reverse("rubrics:role", args=[99999])).status_code == 404


def test_consent_toggle_on_my_rubrics(client, mentor, seeded):
    client.force_login(mentor)
    client.post(reverse("rubrics:consent"), {"given": "ja"})
    assert HeatmapConsent.objects.get(person=mentor).given is True
    client.post(reverse("rubrics:consent"), {"given": "nee"})
    assert HeatmapConsent.objects.get(person=mentor).given is False


def test_navigation_shows_my_rubrics_to_staff_only(client, mentor, student, seeded):
    client.force_login(mentor)
    assert "Mijn rubrics" in client.get(reverse("notifications")).content.decode()
    client.force_login(student.user)
    assert "Mijn rubrics" not in client.get(reverse("notifications")).content.decode()


# --- Query budgets ----------------------------------------------------------------------------


def many_assessments(person, role, n: int) -> None:
    """`n` self-assessments of `person` on `role`, made in bulk (arrange only)."""
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(person=person, role=role) for _ in range(n)
    )
    lv = level(role, 1)
    SelfAssessmentRating.objects.bulk_create(
        SelfAssessmentRating(
            assessment=a, dimension=d, current_level_id=lv, example=EXAMPLE, target_level_id=lv
        )
        for a in assessments
        for d in role.dimensions.all()
    )


@pytest.mark.parametrize("page", ["rubrics:mine", "rubrics:role"])
def test_my_pages_cost_the_same_at_5_and_500_self_assessments(client, beoordelaar, page):
    person = UserFactory(roles=[Role.WERKPLEKBEGELEIDER])
    client.force_login(person)
    args = [beoordelaar.pk] if page == "rubrics:role" else []
    many_assessments(person, beoordelaar, 5)
    at_5 = queries_for(client, reverse(page, args=args))
    many_assessments(person, beoordelaar, 495)
    # Both: session, user, roles, unread notifications. mine: my self-assessments, the roles,
    # my consent. role: the role, my self-assessments, their ratings, levels, dimensions, and
    # on the Beoordelaar role the calibration panel's count of sessions attended.
    budget = {"rubrics:mine": 7, "rubrics:role": 10}[page]
    assert queries_for(client, reverse(page, args=args)) == at_5 == budget


def test_a_replaced_rubric_version_takes_no_new_self_assessment(mentor, beoordelaar):
    from apps.rubrics.services import rubric_new_version

    rubric_new_version(by=None, rubric=beoordelaar.rubric)
    with pytest.raises(RubricError, match="vervangen"):
        assess(mentor, beoordelaar)


def test_my_rubrics_lists_the_current_version_and_the_old_one_i_took(client, mentor, beoordelaar):
    from apps.rubrics.services import rubric_new_version

    assess(mentor, beoordelaar)
    rubric_new_version(by=None, rubric=beoordelaar.rubric)
    client.force_login(mentor)
    rows = client.get(reverse("rubrics:mine")).context["roles"]
    versions = sorted(r["role"].rubric.version for r in rows if r["role"].name == "Beoordelaar")
    assert versions == [1, 2]
