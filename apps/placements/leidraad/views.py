"""Views of the quality monitor: the overview and export for the institute, a school over the
years, the schoolopleider's review and the student's evaluation."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.placements import access
from apps.placements.leidraad.forms import (
    ReviewCorrectionForm,
    SchoolReviewForm,
    StudentEvaluationForm,
    review_initial,
)
from apps.placements.leidraad.services import (
    QualityError,
    StaleReview,
    all_criteria,
    evaluation_is_open,
    quality_export,
    review_versions,
    school_review_correct,
    school_review_save,
    school_table,
    shortfalls,
    student_criteria,
    student_evaluation_submit,
)
from apps.placements.models import QualityRating, SchoolReview, StudentEvaluation

SCHOOLS_PER_PAGE = 50


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Per school (a page of 50) and school year: what falls short in the review and in the
    students' eyes. Queries: scope check, count, page, institute schools, export flag, and the
    four of `shortfalls` (plus the criteria once there are student answers)."""
    access.require_quality_overview(request.user)
    schools = access.quality_schools_visible_to(request.user).order_by("name")
    page = Paginator(schools, SCHOOLS_PER_PAGE).get_page(request.GET.get("pagina"))
    institute = access.schools_as_institute(request.user)
    institute_ids = set(institute.filter(pk__in=[s.pk for s in page]).values_list("pk", flat=True))
    years, table = shortfalls(list(page), institute_ids=institute_ids, today=timezone.localdate())
    context = {
        "page": page,
        "years": years,
        "rows": [(school, table[school.pk]) for school in page],
        "may_export": institute.exists(),
    }
    return render(request, "placements/leidraad/overview.html", context)


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The shortfalls of the institute's schools as CSV (recorded in the audit log)."""
    access.require_quality_export(request.user)
    data = quality_export(by=request.user, schools=access.schools_as_institute(request.user))
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    filename = f"kwaliteit-leerwerkplekken-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def school(request: HttpRequest, pk: int) -> HttpResponse:
    """One school over the years, criterion by criterion."""
    school, institute = access.quality_school_for_user(request.user, pk)
    years, per_year, rows = school_table(school, institute=institute, today=timezone.localdate())
    context = {
        "school": school,
        "years": years,
        "per_year": [(y, per_year[y]) for y in years],
        "rows": rows,
        "institute": institute,
        "may_review": access.schools_as_schoolopleider(request.user).filter(pk=pk).exists(),
        "min_responses": settings.QUALITY_MIN_RESPONSES,
    }
    return render(request, "placements/leidraad/school.html", context)


def _differences(form: SchoolReviewForm, stale: StaleReview) -> list[tuple]:
    """The criteria where what is stored now differs from what this person typed."""
    typed = form.answers()
    labels = dict(QualityRating.choices)
    differences = []
    for c in form.criteria:
        stored = stale.current.get(c.pk, ("", ""))
        if stored != typed[c.pk]:
            differences.append((c, labels.get(stored[0], "—"), stored[1]))
    return differences


def _shown_version(versions: list[SchoolReview], asked: str | None) -> SchoolReview | None:
    for version in versions:
        if asked and str(version.number) == asked:
            return version
    return versions[0] if versions else None


@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest, pk: int, year: str) -> HttpResponse:
    """The review of a school for a school year: its schoolopleider writes the concept and
    rounds it off; the institute reads it. An afgeronde version is shown, never edited."""
    year = access.school_year_or_404(year)
    school, _institute = access.quality_school_for_user(request.user, pk)
    if request.method == "POST":
        return _review_save(request, access.quality_school_for_review(request.user, pk), year)
    return _review_page(request, school, year)


def _review_save(request: HttpRequest, school, year: str) -> HttpResponse:
    """Save or round off; on any refusal the page comes back with what was typed."""
    submitting = "afronden" in request.POST
    form = SchoolReviewForm(request.POST, criteria=list(all_criteria()), submitting=submitting)
    if not form.is_valid():
        messages.error(request, _("Controleer de gemarkeerde criteria."))
        return _review_page(request, school, year, form=form, status=400)
    try:
        school_review_save(
            by=request.user,
            school=school,
            school_year=year,
            lock_version=form.cleaned_data["lock_version"],
            answers=form.answers(),
            submit=submitting,
        )
    except StaleReview as exc:
        messages.error(request, str(exc))
        differences = _differences(form, exc)
        # Saving again keeps this person's input, knowingly over the other's.
        form.data = form.data.copy()
        form.data["lock_version"] = str(exc.lock_version)
        return _review_page(request, school, year, form=form, status=409, differences=differences)
    except QualityError as exc:
        messages.error(request, str(exc))
        return _review_page(request, school, year, form=form, status=400)
    done = (
        _("De beoordeling is afgerond.")
        if submitting
        else _("De beoordeling is als concept opgeslagen.")
    )
    messages.success(request, done)
    return redirect("placements:quality_review", pk=school.pk, year=year)


def _review_page(
    request: HttpRequest,
    school,
    year: str,
    *,
    form: SchoolReviewForm | None = None,
    status: int = 200,
    differences: list | None = None,
) -> HttpResponse:
    """The versions, the shown one (`?versie=`, else the latest) read-only or, for the
    schoolopleider and a concept, as a form (`form` when re-rendering their input)."""
    criteria = list(all_criteria())
    versions = review_versions(school, year)
    latest = versions[0] if versions else None
    shown = _shown_version(versions, request.GET.get("versie"))
    may_write = access.schools_as_schoolopleider(request.user).filter(pk=school.pk).exists()
    editable = may_write and (latest is None or not latest.is_submitted) and shown is latest
    if form is None and editable:
        stored = (
            {a.criterion_id: (a.rating, a.note) for a in latest.answers.all()} if latest else {}
        )
        initial = review_initial(stored, latest.lock_version if latest else 0)
        form = SchoolReviewForm(initial=initial, criteria=criteria)
    answers = {a.criterion_id: a for a in shown.answers.all()} if shown else {}
    grouped: dict = {}
    for c in criteria:
        grouped.setdefault(c.group, []).append((c, answers.get(c.pk)))
    context = {
        "school": school,
        "year": year,
        "form": form,
        "differences": differences or [],
        "versions": versions,
        "shown": shown,
        "may_correct": may_write and latest is not None and latest.is_submitted,
        "correction_form": ReviewCorrectionForm(),
        "readonly_groups": list(grouped.items()),
    }
    return render(request, "placements/leidraad/review.html", context, status=status)


@require_POST
def review_correct(request: HttpRequest, pk: int, year: str) -> HttpResponse:
    """Start a correction of the afgeronde review: a new concept version with a reason."""
    year = access.school_year_or_404(year)
    school = access.quality_school_for_review(request.user, pk)
    form = ReviewCorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("placements:quality_review", pk=school.pk, year=year)
    try:
        school_review_correct(
            by=request.user, school=school, school_year=year, reason=form.cleaned_data["reason"]
        )
    except QualityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Er is een nieuwe versie gemaakt. De afgeronde versie blijft bewaard.")
        )
    return redirect("placements:quality_review", pk=school.pk, year=year)


@require_http_methods(["GET", "HEAD", "POST"])
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The student's evaluation of their placement, once, at its end."""
    placement = access.placement_for_evaluation(request.user, pk)
    criteria = list(student_criteria().order_by("group__position", "position"))
    form = StudentEvaluationForm(request.POST or None, criteria=criteria)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                student_evaluation_submit(
                    by=request.user, placement=placement, answers=form.answers()
                )
            except QualityError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Dank je wel! Je evaluatie is verstuurd."))
                return redirect("cycle:placement", pk=placement.pk)
        else:
            messages.error(request, _("Beantwoord de gemarkeerde vragen."))
        status = 400
    context = {
        "placement": placement,
        "form": form,
        "done": StudentEvaluation.objects.filter(placement=placement).exists(),
        "is_open": evaluation_is_open(placement, timezone.localdate()),
        "min_responses": settings.QUALITY_MIN_RESPONSES,
    }
    return render(request, "placements/leidraad/evaluation.html", context, status=status)
