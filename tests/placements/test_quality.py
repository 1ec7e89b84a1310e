"""The quality monitor's rules: the school review (concept, afronden freezes it, a correction
is a new version, concurrent saves are refused) and the student evaluation (once per
placement, only at the end, every question answered)."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from apps.accounts.models import AuditEvent, Role
from apps.placements.leidraad.services import (
    QualityError,
    StaleReview,
    StudentScore,
    evaluation_is_open,
    school_review_correct,
    school_review_save,
    shortfalls,
    student_evaluation_submit,
)
from apps.placements.models import (
    PlacementStatus,
    QualityCriterion,
    SchoolReview,
    StudentEvaluation,
    school_year_of,
)
from apps.placements.services import placement_set_status
from tests.factories import UserFactory

YEAR = "2026-2027"


@pytest.fixture
def leidraad(db):
    call_command("loaddata", "leidraad", verbosity=0)
    return list(QualityCriterion.objects.order_by("group__position", "position"))


def all_rated(criteria, rating="voldoet", **overrides) -> dict[int, tuple[str, str]]:
    answers = {c.pk: (rating, "") for c in criteria}
    answers.update(overrides)
    return answers


def submitted_review(by, school, criteria, **overrides) -> SchoolReview:
    return school_review_save(
        by=by,
        school=school,
        school_year=YEAR,
        lock_version=0,
        answers=all_rated(criteria, **overrides),
        submit=True,
    )


def student_answers(rating="voldoet") -> dict[int, str]:
    return {c.pk: rating for c in QualityCriterion.objects.filter(concerns_student=True)}


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 7, 31), "2025-2026"), (date(2026, 8, 1), "2026-2027"), (date(2027, 3, 1), YEAR)],
)
def test_a_school_year_starts_on_the_first_of_august(day, year):
    assert school_year_of(day) == year


def test_a_concept_keeps_partial_answers(leidraad, placement, schoolopleider):
    first = leidraad[0]

    review = school_review_save(
        by=schoolopleider,
        school=placement.school,
        school_year=YEAR,
        lock_version=0,
        answers={first.pk: ("niet", "Geen opleidingsplan")},
    )

    assert review.state == "concept"
    assert review.answers.get().note == "Geen opleidingsplan"


def test_afronden_needs_a_rating_on_every_criterion(leidraad, placement, schoolopleider):
    answers = all_rated(leidraad[:-1])

    with pytest.raises(QualityError, match="1 open"):
        school_review_save(
            by=schoolopleider,
            school=placement.school,
            school_year=YEAR,
            lock_version=0,
            answers=answers,
            submit=True,
        )
    assert not SchoolReview.objects.exists()


def test_an_afgeronde_review_is_frozen(leidraad, placement, schoolopleider):
    review = submitted_review(schoolopleider, placement.school, leidraad)

    with pytest.raises(QualityError, match="afgerond"):
        school_review_save(
            by=schoolopleider,
            school=placement.school,
            school_year=YEAR,
            lock_version=review.lock_version,
            answers=all_rated(leidraad, "niet"),
        )
    assert set(review.answers.values_list("rating", flat=True)) == {"voldoet"}
    assert AuditEvent.objects.filter(action="quality.review_submitted").count() == 1


def test_a_correction_is_a_new_version_and_the_afgeronde_one_stays(
    leidraad, placement, schoolopleider
):
    first = submitted_review(schoolopleider, placement.school, leidraad)

    second = school_review_correct(
        by=schoolopleider, school=placement.school, school_year=YEAR, reason="Typfout"
    )

    assert (second.number, second.state, second.reason) == (2, "concept", "Typfout")
    assert second.answers.count() == first.answers.count() == len(leidraad)
    first.refresh_from_db()
    assert first.state == "afgerond"


def test_a_correction_needs_a_reason_and_an_afgeronde_review(leidraad, placement, schoolopleider):
    with pytest.raises(QualityError, match="afgeronde"):
        school_review_correct(
            by=schoolopleider, school=placement.school, school_year=YEAR, reason="x"
        )
    submitted_review(schoolopleider, placement.school, leidraad)
    with pytest.raises(QualityError, match="reden"):
        school_review_correct(
            by=schoolopleider, school=placement.school, school_year=YEAR, reason="  "
        )


def test_a_stale_save_is_refused_with_what_is_stored(leidraad, placement, schoolopleider):
    first = leidraad[0]
    school_review_save(
        by=schoolopleider,
        school=placement.school,
        school_year=YEAR,
        lock_version=0,
        answers={first.pk: ("voldoet", "")},
    )
    colleague = UserFactory(full_name="Cor Collega", roles=[Role.SCHOOLOPLEIDER])
    school_review_save(
        by=colleague,
        school=placement.school,
        school_year=YEAR,
        lock_version=1,
        answers={first.pk: ("deels", "Eerst")},
    )

    with pytest.raises(StaleReview) as refused:
        school_review_save(
            by=schoolopleider,
            school=placement.school,
            school_year=YEAR,
            lock_version=1,  # loaded after the first save, before the colleague's
            answers={first.pk: ("niet", "Later")},
        )

    assert refused.value.current[first.pk] == ("deels", "Eerst")
    assert str(refused.value).startswith(f"{colleague.full_name} heeft deze beoordeling")
    assert SchoolReview.objects.get().answers.get().note == "Eerst"


def test_the_latest_afgeronde_version_counts(leidraad, placement, schoolopleider, admin_user):
    first = leidraad[0]
    submitted_review(schoolopleider, placement.school, leidraad)
    second = school_review_correct(
        by=schoolopleider, school=placement.school, school_year=YEAR, reason="Herzien"
    )
    school_review_save(
        by=schoolopleider,
        school=placement.school,
        school_year=YEAR,
        lock_version=second.lock_version,
        answers={first.pk: ("niet", "Toch niet")},
        submit=True,
    )

    _years, table = shortfalls(
        [placement.school], institute_ids={placement.school.pk}, today=date(2027, 1, 1)
    )

    (cell,) = table[placement.school.pk]
    assert [(c.pk, r) for c, r in cell.review_short] == [(first.pk, "Voldoet niet")]
    assert (cell.review_state, cell.review_number) == ("afgerond", 2)


# --- Student evaluation -----------------------------------------------------------------------


def test_evaluation_opens_two_weeks_before_the_end(placement):
    last = placement.periods.get().end
    placement.status = PlacementStatus.ACTIVE

    assert not evaluation_is_open(placement, last - timedelta(days=15))
    assert evaluation_is_open(placement, last - timedelta(days=14))


def test_evaluation_is_open_after_completion_and_closed_when_planned(placement):
    assert not evaluation_is_open(placement, date(2030, 1, 1))
    placement.status = PlacementStatus.COMPLETED
    assert evaluation_is_open(placement, date(2000, 1, 1))


def test_a_student_evaluates_a_placement_once(leidraad, placement, student, admin_user):
    placement_set_status(by=admin_user, placement=placement, status=PlacementStatus.COMPLETED)
    student_evaluation_submit(by=student.user, placement=placement, answers=student_answers())

    with pytest.raises(QualityError, match="één keer"):
        student_evaluation_submit(by=student.user, placement=placement, answers=student_answers())

    evaluation = StudentEvaluation.objects.get()
    assert (evaluation.school_year, evaluation.answers.count()) == (YEAR, 37)


def test_only_the_student_of_the_placement_evaluates(leidraad, placement, mentor, admin_user):
    placement_set_status(by=admin_user, placement=placement, status=PlacementStatus.COMPLETED)

    with pytest.raises(QualityError, match="Alleen de student"):
        student_evaluation_submit(by=mentor, placement=placement, answers=student_answers())


def test_a_planned_placement_cannot_be_evaluated(leidraad, placement, student):
    with pytest.raises(QualityError, match="laatste twee weken"):
        student_evaluation_submit(by=student.user, placement=placement, answers=student_answers())


def test_every_student_question_needs_an_answer(leidraad, placement, student, admin_user):
    placement_set_status(by=admin_user, placement=placement, status=PlacementStatus.COMPLETED)
    answers = student_answers()
    answers.popitem()

    with pytest.raises(QualityError, match="elke vraag"):
        student_evaluation_submit(by=student.user, placement=placement, answers=answers)


@pytest.mark.parametrize(
    ("meets", "partly", "fails", "short"),
    [(3, 1, 0, False), (1, 1, 0, False), (2, 0, 1, True), (0, 3, 0, True), (0, 0, 0, False)],
)
def test_students_find_a_criterion_short_below_three_quarters(meets, partly, fails, short):
    assert StudentScore(meets, partly, fails, 5).is_short is short


def test_the_demo_has_a_review_and_evaluations_and_runs_twice(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    counts = (SchoolReview.objects.count(), StudentEvaluation.objects.count())

    call_command("seed_demo", verbosity=0)

    assert counts == (SchoolReview.objects.count(), StudentEvaluation.objects.count())
    assert counts[0] == 1 and counts[1] >= 1
    assert SchoolReview.objects.get().answers.filter(rating__in=["deels", "niet"]).count() == 2
