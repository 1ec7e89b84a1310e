"""The placement quality monitor (Leidraad goede leerwerkplek).

Three sources meet here: the schoolopleider's yearly review of their school against every
criterion (voldoet / deels / niet / n.v.t. with a note), the students' evaluations at the end
of their placements (only the criteria that concern them), and the overview for the institute
of which criteria fall short, per school and school year, with a CSV export.

Anonymity: a school sees its students' answers only counted per criterion and school year,
and only when at least `settings.QUALITY_MIN_RESPONSES` students of that school answered in
that year. No page and no export shows which student answered what.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import User
from apps.accounts.services import audit_record
from apps.core.excel_csv import csv_text, safe_cell
from apps.placements.models import (
    SHORT_RATINGS,
    Placement,
    PlacementStatus,
    QualityCriterion,
    QualityRating,
    ReviewState,
    School,
    SchoolReview,
    SchoolReviewAnswer,
    StudentEvaluation,
    StudentEvaluationAnswer,
    school_year_of,
)

# The evaluation opens this many days before a placement's last day (and stays open after).
EVALUATION_OPENS_DAYS_BEFORE_END = 14
# Students' answers count voldoet 2, deels 1, niet 0 (n.v.t. not at all). A criterion falls
# short in the students' eyes when the average, as a percentage of the maximum, is below this:
# on average nearer to "deels" than to "voldoet".
STUDENT_SHORT_BELOW = 75


class QualityError(Exception):
    """A domain error with a message that can be shown to the user."""


class StaleReview(QualityError):
    """Someone else saved the review first. Carries what is stored now, so the view can show
    the differences; the caller keeps what this person typed."""

    def __init__(self, message: str, *, current: dict[int, tuple[str, str]], lock_version: int):
        super().__init__(message)
        self.current = current
        self.lock_version = lock_version


# --- Placement dates and the evaluation window ------------------------------------------------


def placement_first_day(placement: Placement) -> date | None:
    """The first day of the placement: its own start, or the start of its first period."""
    if placement.start:
        return placement.start
    starts = [p.start for p in placement.periods.all()]
    return min(starts) if starts else None


def placement_last_day(placement: Placement) -> date | None:
    """The last day of the placement: its own end, or the end of its last period."""
    if placement.end:
        return placement.end
    ends = [p.end for p in placement.periods.all()]
    return max(ends) if ends else None


def placement_school_year(placement: Placement) -> str:
    """The school year a placement counts for: the one it starts in."""
    return school_year_of(placement_first_day(placement) or timezone.localdate())


def evaluation_is_open(placement: Placement, today: date) -> bool:
    """A student evaluates a placement that is completed, or active and near its end."""
    if placement.status == PlacementStatus.COMPLETED:
        return True
    if placement.status != PlacementStatus.ACTIVE:
        return False
    last = placement_last_day(placement)
    return last is not None and today >= last - timedelta(days=EVALUATION_OPENS_DAYS_BEFORE_END)


def evaluation_prompt(user: User, placement: Placement, today: date) -> str:
    """For the student's placement page: "open" when they can evaluate now, "done" when they
    did, "" otherwise (and for everyone else)."""
    if not placement.is_student(user):
        return ""
    if StudentEvaluation.objects.filter(placement=placement).exists():
        return "done"
    return "open" if evaluation_is_open(placement, today) else ""


def student_criteria() -> QuerySet[QualityCriterion]:
    """The criteria a student evaluates (flagged in the leidraad fixture)."""
    return QualityCriterion.objects.filter(concerns_student=True).select_related("group")


def all_criteria() -> QuerySet[QualityCriterion]:
    return QualityCriterion.objects.select_related("group").order_by("group__position", "position")


# --- School review ----------------------------------------------------------------------------


def review_versions(school: School, school_year: str) -> list[SchoolReview]:
    """Every version of the school's review for that year, newest first."""
    return list(
        SchoolReview.objects.filter(school=school, school_year=school_year)
        .select_related("created_by", "submitted_by")
        .order_by("-number")
    )


def _review_answers(review: SchoolReview) -> dict[int, tuple[str, str]]:
    return {a.criterion_id: (a.rating, a.note) for a in review.answers.all()}


def _claim_review(review: SchoolReview, lock_version: int) -> SchoolReview:
    """Bump the review's save counter, or raise StaleReview when someone saved in between."""
    updated = SchoolReview.objects.filter(
        pk=review.pk, lock_version=lock_version, state=ReviewState.DRAFT
    ).update(lock_version=F("lock_version") + 1)
    fresh = SchoolReview.objects.get(pk=review.pk)
    if updated:
        return fresh
    if fresh.is_submitted:
        raise QualityError(_("Deze beoordeling is inmiddels afgerond en kan niet meer wijzigen."))
    # Who saved last: the latest change to an answer (a save bumps the counter with update(),
    # which leaves no history on the review itself), else whoever created the review.
    last = (
        SchoolReviewAnswer.history.filter(review_id=fresh.pk)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    ) or fresh.history.select_related("history_user").order_by("-history_date").first()
    who = last.history_user.full_name if last and last.history_user else _("iemand anders")
    raise StaleReview(
        _(
            "%(who)s heeft deze beoordeling opgeslagen terwijl jij haar bewerkte. Jouw invoer "
            "staat hieronder nog; de verschillen met de opgeslagen versie staan erbij. Sla "
            "opnieuw op om jouw invoer te bewaren."
        )
        % {"who": who},
        current=_review_answers(fresh),
        lock_version=fresh.lock_version,
    )


@transaction.atomic
def school_review_save(
    *,
    by: User,
    school: School,
    school_year: str,
    lock_version: int,
    answers: dict[int, tuple[str, str]],
    submit: bool = False,
) -> SchoolReview:
    """Save the concept review of `school` for `school_year` (created on the first save), and
    with `submit` round it off ("afronden"), which freezes it. `answers` maps a criterion's pk
    to (rating, note); the rating may be empty in a concept, not when rounding off.
    Refused: an afgeronde review (start a correction), a stale `lock_version` (StaleReview)."""
    School.objects.select_for_update().filter(pk=school.pk).first()  # one writer per school
    latest = (
        SchoolReview.objects.filter(school=school, school_year=school_year)
        .order_by("-number")
        .first()
    )
    if latest is None:
        if lock_version != 0:
            raise QualityError(_("Deze beoordeling bestaat niet meer. Laad de pagina opnieuw."))
        latest = SchoolReview(school=school, school_year=school_year, created_by=by)
        latest._history_user = by
        latest.full_clean()
        latest.save()
    elif latest.is_submitted:
        raise QualityError(
            _("De beoordeling van %(year)s is afgerond. Start een correctie om haar te wijzigen.")
            % {"year": school_year}
        )
    review = _claim_review(latest, lock_version)
    criteria = set(QualityCriterion.objects.values_list("pk", flat=True))
    if set(answers) - criteria:
        raise QualityError(_("Dit criterium hoort niet bij de leidraad."))
    stored = {a.criterion_id: a for a in review.answers.all()}
    new = []
    for criterion_id, (rating, note) in answers.items():
        answer = stored.get(criterion_id)
        if answer is None:
            if rating or note:
                new.append(SchoolReviewAnswer(review=review, criterion_id=criterion_id))
                answer = new[-1]
            else:
                continue
        elif (answer.rating, answer.note) == (rating, note):
            continue
        answer.rating, answer.note = rating, note
        answer._history_user = by
        answer.full_clean(exclude=["review", "criterion"])
        if answer.pk:
            answer.save(update_fields=["rating", "note"])
    for answer in new:
        answer.save()
    if submit:
        rated = set(review.answers.exclude(rating="").values_list("criterion_id", flat=True))
        missing = len(criteria - rated)
        if missing:
            raise QualityError(
                _(
                    "Nog niet elk criterium heeft een oordeel (%(n)d open). "
                    "Vul ze in en rond dan af."
                )
                % {"n": missing}
            )
        review.state = ReviewState.SUBMITTED
        review.submitted_by = by
        review.submitted_at = timezone.now()
        review._history_user = by
        review.full_clean()
        review.save(update_fields=["state", "submitted_by", "submitted_at"])
        audit_record(
            actor=by,
            action="quality.review_submitted",
            target=review,
            detail={"school": school.pk, "school_year": school_year, "number": review.number},
        )
    return review


@transaction.atomic
def school_review_correct(
    *, by: User, school: School, school_year: str, reason: str
) -> SchoolReview:
    """Start a correction of the afgeronde review: a new concept version with a reason and
    the same answers; the afgeronde version stays as it was."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    latest = (
        SchoolReview.objects.filter(school=school, school_year=school_year)
        .order_by("-number")
        .first()
    )
    if latest is None or not latest.is_submitted:
        raise QualityError(_("Alleen een afgeronde beoordeling kan worden gecorrigeerd."))
    if not reason.strip():
        raise QualityError(_("Geef de reden van de correctie."))
    review = SchoolReview(
        school=school,
        school_year=school_year,
        number=latest.number + 1,
        reason=reason.strip(),
        created_by=by,
    )
    review._history_user = by
    review.full_clean()
    review.save()
    SchoolReviewAnswer.objects.bulk_create(
        [
            SchoolReviewAnswer(
                review=review, criterion_id=a.criterion_id, rating=a.rating, note=a.note
            )
            for a in latest.answers.all()
        ]
    )
    audit_record(
        actor=by,
        action="quality.review_corrected",
        target=review,
        detail={"school": school.pk, "school_year": school_year, "reason": review.reason},
    )
    return review


# --- Student evaluation -----------------------------------------------------------------------


@transaction.atomic
def student_evaluation_submit(
    *, by: User, placement: Placement, answers: dict[int, str], today: date | None = None
) -> StudentEvaluation:
    """The student's evaluation of their placement: every criterion that concerns students
    answered (n.v.t. allowed), once per placement, only while the evaluation is open."""
    today = today or timezone.localdate()
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if not placement.is_student(by):
        raise QualityError(_("Alleen de student van deze stage evalueert haar."))
    if StudentEvaluation.objects.filter(placement=placement).exists():
        raise QualityError(_("Je hebt deze stage al geëvalueerd. Dat kan één keer."))
    if not evaluation_is_open(placement, today):
        raise QualityError(_("De evaluatie gaat open in de laatste twee weken van je stage."))
    wanted = set(student_criteria().values_list("pk", flat=True))
    if set(answers) != wanted or not all(r in QualityRating.values for r in answers.values()):
        raise QualityError(_("Beantwoord elke vraag (n.v.t. mag)."))
    evaluation = StudentEvaluation(
        placement=placement,
        school_id=placement.school_id,
        school_year=placement_school_year(placement),
    )
    evaluation.full_clean()
    evaluation.save()
    StudentEvaluationAnswer.objects.bulk_create(
        [
            StudentEvaluationAnswer(evaluation=evaluation, criterion_id=pk, rating=rating)
            for pk, rating in answers.items()
        ]
    )
    audit_record(actor=by, action="quality.evaluation_submitted", target=placement)
    return evaluation


# --- Reading: what falls short ----------------------------------------------------------------


@dataclass
class StudentScore:
    """The students' answers on one criterion in one school year, counted."""

    meets: int = 0
    partly: int = 0
    fails: int = 0
    not_applicable: int = 0

    @property
    def answered(self) -> int:
        return self.meets + self.partly + self.fails

    @property
    def percentage(self) -> int | None:
        """Average answer as a percentage (voldoet 100, deels 50, niet 0); None without any."""
        if not self.answered:
            return None
        return round(100 * (2 * self.meets + self.partly) / (2 * self.answered))

    @property
    def is_short(self) -> bool:
        return self.percentage is not None and self.percentage < STUDENT_SHORT_BELOW


@dataclass
class YearCell:
    """One school in one school year: the review's state and shortfalls, and the students'."""

    school_year: str
    review_state: str = ""  # "", "concept" or "afgerond"
    review_number: int = 0
    review_short: list = field(default_factory=list)  # [(criterion, rating label)]
    responses: int = 0
    students_visible: bool = True
    student_short: list = field(default_factory=list)  # [(criterion, StudentScore)]


def latest_submitted_answers(schools) -> QuerySet[SchoolReviewAnswer]:
    """The answers of the latest afgeronde version of each review (school and year)."""
    newer = SchoolReview.objects.filter(
        school=OuterRef("review__school"),
        school_year=OuterRef("review__school_year"),
        state=ReviewState.SUBMITTED,
        number__gt=OuterRef("review__number"),
    )
    return SchoolReviewAnswer.objects.filter(
        review__state=ReviewState.SUBMITTED, review__school__in=schools
    ).exclude(Exists(newer))


def student_scores(schools) -> dict[tuple[int, str], dict[int, StudentScore]]:
    """(school pk, year) → criterion pk → counted answers. One query."""
    rows = (
        StudentEvaluationAnswer.objects.filter(evaluation__school__in=schools)
        .values("evaluation__school_id", "evaluation__school_year", "criterion_id")
        .annotate(
            meets=Count("id", filter=Q(rating=QualityRating.MEETS)),
            partly=Count("id", filter=Q(rating=QualityRating.PARTLY)),
            fails=Count("id", filter=Q(rating=QualityRating.FAILS)),
            not_applicable=Count("id", filter=Q(rating=QualityRating.NOT_APPLICABLE)),
        )
        .order_by()
    )
    scores: dict[tuple[int, str], dict[int, StudentScore]] = defaultdict(dict)
    for row in rows:
        key = (row["evaluation__school_id"], row["evaluation__school_year"])
        scores[key][row["criterion_id"]] = StudentScore(
            row["meets"], row["partly"], row["fails"], row["not_applicable"]
        )
    return scores


def response_counts(schools) -> dict[tuple[int, str], int]:
    """(school pk, year) → how many students evaluated. One query."""
    rows = (
        StudentEvaluation.objects.filter(school__in=schools)
        .values("school_id", "school_year")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["school_id"], r["school_year"]): r["n"] for r in rows}


def students_visible(responses: int, *, institute: bool) -> bool:
    """The institute sees the students' aggregates always; the school only from
    QUALITY_MIN_RESPONSES students on (below that it sees "te weinig reacties")."""
    return institute or responses >= settings.QUALITY_MIN_RESPONSES


def shortfalls(
    schools: list[School], *, institute_ids: set[int], today: date
) -> tuple[list[str], dict[int, list[YearCell]]]:
    """Per school, per school year (oldest first, up to the current one): the review's state
    and its criteria rated niet/deels, and the criteria the students score low on. Four
    queries whatever the number of schools: review states, short answers, response counts,
    student scores."""
    reviews = (
        SchoolReview.objects.filter(school__in=schools)
        .values("school_id", "school_year", "state", "number")
        .order_by("number")
    )
    state: dict[tuple[int, str], tuple[str, int]] = {}
    for r in reviews:
        key = (r["school_id"], r["school_year"])
        # The latest afgeronde version counts; a concept only while there is none.
        if r["state"] == ReviewState.SUBMITTED or key not in state:
            state[key] = (r["state"], r["number"])
    short = (
        latest_submitted_answers(schools)
        .filter(rating__in=SHORT_RATINGS)
        .select_related("criterion__group", "review")
        .order_by("criterion__group__position", "criterion__position")
    )
    review_short: dict[tuple[int, str], list] = defaultdict(list)
    for a in short:
        review_short[(a.review.school_id, a.review.school_year)].append(
            (a.criterion, a.get_rating_display())
        )
    counts = response_counts(schools)
    scores = student_scores(schools)
    criteria = {c.pk: c for c in student_criteria()} if scores else {}
    years = sorted({y for _s, y in [*state, *counts]} | {school_year_of(today)})
    table: dict[int, list[YearCell]] = {}
    for school in schools:
        cells = []
        for year in years:
            key = (school.pk, year)
            responses = counts.get(key, 0)
            visible = students_visible(responses, institute=school.pk in institute_ids)
            low = sorted(
                (
                    (criteria[pk], score)
                    for pk, score in scores.get(key, {}).items()
                    if score.is_short and pk in criteria
                ),
                key=lambda cs: (cs[0].group.position, cs[0].position),
            )
            review_state, number = state.get(key, ("", 0))
            cells.append(
                YearCell(
                    school_year=year,
                    review_state=review_state,
                    review_number=number,
                    review_short=review_short.get(key, []),
                    responses=responses,
                    students_visible=visible,
                    student_short=low if visible else [],
                )
            )
        table[school.pk] = cells
    return years, table


@dataclass
class CriterionRow:
    criterion: QualityCriterion
    cells: list  # per year: (SchoolReviewAnswer | None, StudentScore | None)


def school_table(
    school: School, *, institute: bool, today: date
) -> tuple[list[str], dict[str, dict], list[CriterionRow]]:
    """One school over the years: for each criterion of the leidraad, per school year, the
    latest afgeronde review's rating and note, and (when visible) the students' counted
    answers. Also per year the review state and the number of responses. Five queries."""
    review_states: dict[str, SchoolReview] = {}
    for r in SchoolReview.objects.filter(school=school).order_by("number"):
        if r.is_submitted or r.school_year not in review_states:
            review_states[r.school_year] = r
    counts = {y: n for (_s, y), n in response_counts([school]).items()}
    scores = {y: s for (_s, y), s in student_scores([school]).items()}
    answers = {
        (a.review.school_year, a.criterion_id): a
        for a in latest_submitted_answers([school]).select_related("review")
    }
    years = sorted(set(review_states) | set(counts) | {school_year_of(today)})
    per_year = {
        y: {
            "review": review_states.get(y),
            "responses": counts.get(y, 0),
            "students_visible": students_visible(counts.get(y, 0), institute=institute),
        }
        for y in years
    }
    rows = []
    for criterion in all_criteria():
        cells = []
        for y in years:
            score = scores.get(y, {}).get(criterion.pk)
            visible = per_year[y]["students_visible"]
            cells.append((answers.get((y, criterion.pk)), score if visible else None))
        rows.append(CriterionRow(criterion=criterion, cells=cells))
    return years, per_year, rows


# --- CSV export -------------------------------------------------------------------------------

HEADER = [
    gettext_lazy("School"),
    gettext_lazy("Schooljaar"),
    gettext_lazy("Groep"),
    gettext_lazy("Criterium"),
    gettext_lazy("Oordeel schoolopleider"),
    gettext_lazy("Toelichting schoolopleider"),
    gettext_lazy("Reacties studenten"),
    gettext_lazy("Score studenten (%)"),
    gettext_lazy("Onder de maat volgens studenten"),
]


def shortfall_rows(schools: QuerySet[School]) -> list[list[str]]:
    """One row per school, school year and criterion that falls short in the latest afgeronde
    review (niet or deels) or in the students' answers. Five queries in all."""
    schools = list(schools.order_by("name"))
    answers = {
        (a.review.school_id, a.review.school_year, a.criterion_id): a
        for a in latest_submitted_answers(schools).select_related("review")
    }
    counts = response_counts(schools)
    scores = student_scores(schools)
    criteria = {c.pk: c for c in all_criteria()}
    keys = {k for k, a in answers.items() if a.rating in SHORT_RATINGS}
    keys |= {
        (school, year, pk)
        for (school, year), per in scores.items()
        for pk, score in per.items()
        if score.is_short
    }
    names = {s.pk: s.name for s in schools}
    rows = []
    for school, year, pk in sorted(
        keys,
        key=lambda k: (
            names[k[0]],
            k[1],
            criteria[k[2]].group.position,
            criteria[k[2]].position,
        ),
    ):
        answer = answers.get((school, year, pk))
        score = scores.get((school, year), {}).get(pk)
        criterion = criteria[pk]
        rows.append(
            [
                safe_cell(v)
                for v in (
                    names[school],
                    year,
                    criterion.group.name,
                    criterion.text,
                    answer.get_rating_display() if answer and answer.rating else "",
                    answer.note if answer else "",
                    counts.get((school, year), 0) if score else "",
                    score.percentage if score and score.percentage is not None else "",
                    (_("ja") if score.is_short else _("nee")) if score else "",
                )
            ]
        )
    return rows


def quality_export(*, by: User, schools: QuerySet[School]) -> str:
    """The shortfalls as CSV in Excel's dialect, every cell safe from formulas
    (`apps.core.excel_csv`), recorded in the audit log with the number of rows."""
    rows = shortfall_rows(schools)
    audit_record(
        actor=by,
        action="quality.exported",
        detail={"schools": len({r[0] for r in rows}), "rows": len(rows)},
    )
    return csv_text([[str(h) for h in HEADER], *rows])
