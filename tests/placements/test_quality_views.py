"""The quality monitor in the browser: the review form, the student evaluation, who sees the
students' answers (aggregated, from enough students), the overview, the CSV, query budgets."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.models import AuditEvent, Role
from apps.placements.leidraad.services import school_review_correct, school_review_save
from apps.placements.models import (
    Placement,
    PlacementStatus,
    QualityCriterion,
    School,
    SchoolAssignment,
    SchoolReview,
    SchoolRole,
    StudentEvaluation,
    StudentEvaluationAnswer,
)
from apps.placements.services import placement_set_status
from tests.factories import SchoolFactory, UserFactory
from tests.querycount import queries_for

YEAR = "2026-2027"


@pytest.fixture
def leidraad(db):
    call_command("loaddata", "leidraad", verbosity=0)
    return list(QualityCriterion.objects.order_by("group__position", "position"))


def review_url(school) -> str:
    return reverse("placements:quality_review", args=[school.pk, YEAR])


def review_post(criteria, lock_version=0, rating="voldoet", **extra) -> dict:
    data = {"lock_version": lock_version}
    for c in criteria:
        data[f"oordeel-{c.pk}"] = rating
        data[f"toelichting-{c.pk}"] = ""
    data.update(extra)
    return data


def evaluations(school, count: int, rating: str, student) -> None:
    """`count` students' evaluations of `school` in YEAR, answering `rating` everywhere."""
    placements = Placement.objects.bulk_create(
        [Placement(student=student, school=school) for _ in range(count)]
    )
    made = StudentEvaluation.objects.bulk_create(
        [StudentEvaluation(placement=p, school=school, school_year=YEAR) for p in placements]
    )
    criteria = QualityCriterion.objects.filter(concerns_student=True)
    StudentEvaluationAnswer.objects.bulk_create(
        [
            StudentEvaluationAnswer(evaluation=e, criterion=c, rating=rating)
            for e in made
            for c in criteria
        ]
    )


# --- The review -------------------------------------------------------------------------------


def test_schoolopleider_saves_a_concept(client, leidraad, placement, schoolopleider):
    client.force_login(schoolopleider)
    first = leidraad[0]

    response = client.post(
        review_url(placement.school),
        {"lock_version": 0, f"oordeel-{first.pk}": "deels", f"toelichting-{first.pk}": "Matig"},
    )

    assert response.status_code == 302
    assert SchoolReview.objects.get().answers.get().rating == "deels"


def test_a_concurrent_save_is_refused_and_keeps_what_was_typed(
    client, leidraad, placement, schoolopleider
):
    first = leidraad[0]
    school_review_save(
        by=schoolopleider,
        school=placement.school,
        school_year=YEAR,
        lock_version=0,
        answers={first.pk: ("deels", "Van de collega")},
    )
    client.force_login(schoolopleider)

    response = client.post(
        review_url(placement.school),
        {"lock_version": 0, f"oordeel-{first.pk}": "niet", f"toelichting-{first.pk}": "Mijn tekst"},
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "Mijn tekst" in page and "Van de collega" in page
    assert SchoolReview.objects.get().answers.get().note == "Van de collega"


def test_afronden_with_an_open_criterion_marks_it_and_keeps_the_input(
    client, leidraad, placement, schoolopleider
):
    client.force_login(schoolopleider)
    data = review_post(leidraad, **{f"oordeel-{leidraad[3].pk}": "", "afronden": "1"})
    data[f"toelichting-{leidraad[0].pk}"] = "Blijft staan"

    response = client.post(review_url(placement.school), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_oordeel-{leidraad[3].pk}-fout"' in page
    assert "Blijft staan" in page
    assert not SchoolReview.objects.exists()


def test_an_afgeronde_review_is_shown_without_a_form(client, leidraad, placement, schoolopleider):
    client.force_login(schoolopleider)
    client.post(review_url(placement.school), review_post(leidraad, afronden="1"))

    page = client.get(review_url(placement.school)).content.decode()

    assert SchoolReview.objects.get().state == "afgerond"
    assert 'name="afronden"' not in page
    assert "Correctie starten" in page


def test_a_correction_from_the_browser_makes_version_two(
    client, leidraad, placement, schoolopleider
):
    client.force_login(schoolopleider)
    client.post(review_url(placement.school), review_post(leidraad, afronden="1"))

    client.post(
        reverse("placements:quality_review_correct", args=[placement.school.pk, YEAR]),
        {"reason": "Verkeerd criterium"},
    )

    assert list(SchoolReview.objects.values_list("number", "state")) == [
        (2, "concept"),
        (1, "afgerond"),
    ]


def test_the_institute_reads_the_review_without_a_form(
    client, leidraad, placement, schoolopleider, instituutsopleider
):
    school_review_save(
        by=schoolopleider,
        school=placement.school,
        school_year=YEAR,
        lock_version=0,
        answers={c.pk: ("niet", "Zorgpunt") for c in leidraad},
        submit=True,
    )
    client.force_login(instituutsopleider)

    page = client.get(review_url(placement.school)).content.decode()

    assert "Zorgpunt" in page
    assert 'name="opslaan"' not in page and "Correctie starten" not in page


# --- The student evaluation -------------------------------------------------------------------


def test_student_evaluates_in_the_browser_once(client, leidraad, placement, student, admin_user):
    placement_set_status(by=admin_user, placement=placement, status=PlacementStatus.COMPLETED)
    client.force_login(student.user)
    url = reverse("placements:quality_evaluation", args=[placement.pk])
    data = {f"oordeel-{c.pk}": "voldoet" for c in leidraad if c.concerns_student}

    first = client.post(url, data)
    again = client.post(url, data)

    assert first.status_code == 302 and again.status_code == 400
    assert "één keer" in again.content.decode()
    assert StudentEvaluation.objects.count() == 1


def test_an_unanswered_question_is_marked_and_answers_kept(
    client, leidraad, placement, student, admin_user
):
    placement_set_status(by=admin_user, placement=placement, status=PlacementStatus.COMPLETED)
    client.force_login(student.user)
    asked = [c for c in leidraad if c.concerns_student]
    data = {f"oordeel-{c.pk}": "niet" for c in asked[1:]}

    response = client.post(reverse("placements:quality_evaluation", args=[placement.pk]), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_oordeel-{asked[0].pk}-fout"' in page
    assert re.search(f'value="niet"[^>]*id="id_oordeel-{asked[1].pk}_2"[^>]*checked', page)


def test_the_placement_page_invites_the_student_when_the_evaluation_is_open(
    client, leidraad, placement, student, admin_user
):
    client.force_login(student.user)
    url = reverse("cycle:placement", args=[placement.pk])
    before = client.get(url).content.decode()
    placement_set_status(by=admin_user, placement=placement, status=PlacementStatus.COMPLETED)

    after = client.get(url).content.decode()

    link = reverse("placements:quality_evaluation", args=[placement.pk])
    assert link not in before and link in after


# --- Who sees the students' answers -----------------------------------------------------------


def test_below_the_threshold_the_school_sees_too_few_responses(
    client, leidraad, placement, student, schoolopleider, settings
):
    settings.QUALITY_MIN_RESPONSES = 3
    evaluations(placement.school, 2, "niet", student)
    client.force_login(schoolopleider)

    page = client.get(reverse("placements:quality_school", args=[placement.school.pk]))

    text = page.content.decode()
    assert "te weinig reacties" in text and "Studenten: 0%" not in text


def test_from_the_threshold_the_school_sees_aggregates_without_names(
    client, leidraad, placement, student, schoolopleider, settings
):
    settings.QUALITY_MIN_RESPONSES = 3
    evaluations(placement.school, 3, "niet", student)
    client.force_login(schoolopleider)

    text = client.get(reverse("placements:quality_school", args=[placement.school.pk])).content
    text = text.decode()

    assert "Studenten: 0% (n=3)" in text
    assert student.user.full_name not in text


def test_the_institute_sees_aggregates_below_the_threshold(
    client, leidraad, placement, student, instituutsopleider, settings
):
    settings.QUALITY_MIN_RESPONSES = 3
    evaluations(placement.school, 1, "deels", student)
    client.force_login(instituutsopleider)

    text = client.get(reverse("placements:quality_school", args=[placement.school.pk])).content

    assert "Studenten: 50% (n=1)" in text.decode()


def test_the_overview_hides_low_scores_from_the_school_below_the_threshold(
    client, leidraad, placement, student, schoolopleider, instituutsopleider, settings
):
    settings.QUALITY_MIN_RESPONSES = 3
    evaluations(placement.school, 2, "niet", student)

    client.force_login(schoolopleider)
    school_view = client.get(reverse("placements:quality_overview")).content.decode()
    client.force_login(instituutsopleider)
    institute_view = client.get(reverse("placements:quality_overview")).content.decode()

    assert "te weinig reacties" in school_view and "37 criteria onder de maat" not in school_view
    assert "37 criteria onder de maat" in institute_view


# --- The overview and the export --------------------------------------------------------------


def test_an_instituutsopleider_sees_only_their_schools(client, leidraad, instituutsopleider):
    mine = SchoolFactory(name="Mijn College")
    SchoolFactory(name="Ander Lyceum")
    SchoolAssignment.objects.create(
        school=mine, user=instituutsopleider, role=SchoolRole.INSTITUUTSOPLEIDER
    )
    client.force_login(instituutsopleider)

    page = client.get(reverse("placements:quality_overview")).content.decode()

    assert "Mijn College" in page and "Ander Lyceum" not in page


def test_the_praktijkbureau_sees_every_school(client, leidraad, admin_user):
    SchoolFactory(name="Mijn College")
    SchoolFactory(name="Ander Lyceum")
    client.force_login(admin_user)

    page = client.get(reverse("placements:quality_overview")).content.decode()

    assert "Mijn College" in page and "Ander Lyceum" in page


def test_the_csv_lists_what_falls_short_and_is_audited(
    client, leidraad, placement, student, schoolopleider, instituutsopleider
):
    first, second = leidraad[0], leidraad[1]
    answers = {c.pk: ("voldoet", "") for c in leidraad}
    answers[first.pk] = ("niet", "=geen plan")
    answers[second.pk] = ("deels", "")
    school_review_save(
        by=schoolopleider,
        school=placement.school,
        school_year=YEAR,
        lock_version=0,
        answers=answers,
        submit=True,
    )
    evaluations(placement.school, 1, "niet", student)
    client.force_login(instituutsopleider)

    response = client.get(reverse("placements:quality_export"))

    lines = response.content.decode("utf-8-sig").splitlines()
    school = placement.school.name
    assert lines[0].startswith("School;Schooljaar;Groep;Criterium;Oordeel schoolopleider")
    assert lines[1] == f"{school};{YEAR};Visie;{first.text};Voldoet niet;'=geen plan;;;"
    assert lines[2] == f"{school};{YEAR};Visie;{second.text};Voldoet deels;;;;"
    assert len(lines) == 3 + 37  # the header, two from the review, 37 from the student
    event = AuditEvent.objects.get(action="quality.exported")
    assert (event.actor, event.detail["rows"]) == (instituutsopleider, 39)


# --- Query budgets ----------------------------------------------------------------------------


def many_schools(count: int, io, start: int = 0) -> None:
    schools = School.objects.bulk_create(
        [School(name=f"Budgetschool {n:04d}") for n in range(start, start + count)]
    )
    SchoolAssignment.objects.bulk_create(
        [SchoolAssignment(school=s, user=io, role=SchoolRole.INSTITUUTSOPLEIDER) for s in schools]
    )


def test_the_overview_costs_the_same_at_5_and_500_schools(client, leidraad, student):
    io = UserFactory(roles=[Role.INSTITUUTSOPLEIDER])
    many_schools(5, io)
    evaluations(School.objects.first(), 3, "niet", student)
    client.force_login(io)
    url = reverse("placements:quality_overview")
    # session, user, roles; scope check, count, page, institute schools on the page, export
    # flag; review states, short review answers, response counts, student scores, criteria.
    at_5 = queries_for(client, url)

    many_schools(495, io, start=5)

    assert queries_for(client, url) == at_5 == 14


def test_a_school_costs_the_same_at_5_and_500_evaluations(
    client, leidraad, placement, student, instituutsopleider
):
    evaluations(placement.school, 5, "deels", student)
    client.force_login(instituutsopleider)
    url = reverse("placements:quality_school", args=[placement.school.pk])
    # session, user, roles; the school, institute check; reviews, response counts, student
    # scores, review answers, criteria; the schoolopleider check.
    at_5 = queries_for(client, url)

    evaluations(placement.school, 495, "deels", student)

    assert queries_for(client, url) == at_5 == 12


def test_the_export_costs_the_same_at_5_and_500_schools(client, leidraad, student, settings):
    io = UserFactory(roles=[Role.INSTITUUTSOPLEIDER])
    many_schools(5, io)
    evaluations(School.objects.first(), 2, "niet", student)
    client.force_login(io)
    url = reverse("placements:quality_export")
    # session, user, roles; export check; schools, review answers, counts, scores, criteria;
    # the audit line.
    at_5 = queries_for(client, url)

    many_schools(495, io, start=5)

    assert queries_for(client, url) == at_5


def test_the_review_form_costs_the_same_at_1_and_6_versions(
    client, leidraad, placement, schoolopleider
):
    school = placement.school
    school_review_save(
        by=schoolopleider,
        school=school,
        school_year=YEAR,
        lock_version=0,
        answers={c.pk: ("voldoet", "") for c in leidraad},
        submit=True,
    )
    client.force_login(schoolopleider)
    # session, user, roles; the school, institute check; criteria, versions, schoolopleider
    # check, the shown version's answers.
    at_1 = queries_for(client, review_url(school))

    for n in range(5):
        review = school_review_correct(
            by=schoolopleider, school=school, school_year=YEAR, reason=f"Correctie {n}"
        )
        school_review_save(
            by=schoolopleider,
            school=school,
            school_year=YEAR,
            lock_version=review.lock_version,
            answers={},
            submit=True,
        )

    assert queries_for(client, review_url(school)) == at_1 == 10


def test_the_evaluation_form_costs_the_same_at_5_and_500_evaluations(
    client, leidraad, placement, student, admin_user
):
    placement_set_status(by=admin_user, placement=placement, status=PlacementStatus.COMPLETED)
    evaluations(placement.school, 5, "voldoet", student)
    client.force_login(student.user)
    url = reverse("placements:quality_evaluation", args=[placement.pk])
    at_5 = queries_for(client, url)

    evaluations(placement.school, 495, "voldoet", student)

    assert queries_for(client, url) == at_5
