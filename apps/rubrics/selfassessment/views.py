"""Rubrics in use: a staff member's self-assessments on the role rubrics with their growth,
and the schoolopleider's team heatmap."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.rubrics import access
from apps.rubrics.panels import role_panels
from apps.rubrics.selfassessment.forms import ConsentForm, SelfAssessmentForm
from apps.rubrics.selfassessment.selectors import consent_of, my_rubrics, role_growth, team_heatmap
from apps.rubrics.services import RubricError, heatmap_consent_set, self_assessment_create


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """Mijn rubrics: every role with my self-assessments on it, and my heatmap consent."""
    access.require_staff_member(request.user)
    context = {
        "roles": my_rubrics(access.self_assessments_of(request.user)),
        "consent": consent_of(request.user),
    }
    return render(request, "rubrics/selfassessment/mine.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def assessment_new(request: HttpRequest, role_pk: int) -> HttpResponse:
    role = access.role_for_self_assessment(request.user, role_pk)
    form = SelfAssessmentForm(request.POST or None, role=role)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                self_assessment_create(by=request.user, role=role, ratings=form.ratings())
            except RubricError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Je zelfbeoordeling is opgeslagen."))
                return redirect("rubrics:role", role_pk=role.pk)
        else:
            messages.error(request, _("Controleer de gemarkeerde velden."))
        status = 400
    return render(
        request,
        "rubrics/selfassessment/assessment_new.html",
        {"role": role, "form": form},
        status=status,
    )


@require_GET
def role_detail(request: HttpRequest, role_pk: int) -> HttpResponse:
    """My growth on one role: per dimension a chart and a table over my self-assessments."""
    role = access.role_for_self_assessment(request.user, role_pk)
    growth = role_growth(access.self_assessments_of(request.user), role)
    return render(
        request,
        "rubrics/selfassessment/role.html",
        {"role": role, "growth": growth, "panels": role_panels(request.user, role)},
    )


@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = access.self_assessment_for_user(request.user, pk)
    ratings = assessment.ratings.select_related("dimension", "current_level", "target_level")
    return render(
        request,
        "rubrics/selfassessment/assessment.html",
        {"assessment": assessment, "ratings": ratings},
    )


@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    """Give or withdraw consent to show my name in the team heatmap."""
    access.require_staff_member(request.user)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies of je naam getoond mag worden."))
        context = {
            "roles": my_rubrics(access.self_assessments_of(request.user)),
            "consent": consent_of(request.user),
            "consent_form": form,
        }
        return render(request, "rubrics/selfassessment/mine.html", context, status=400)
    given = form.cleaned_data["given"]
    heatmap_consent_set(by=request.user, given=given)
    if given:
        messages.success(request, _("Je naam mag nu in het teamoverzicht staan."))
    else:
        messages.success(request, _("Je naam staat niet meer in het teamoverzicht."))
    return redirect("rubrics:mine")


@require_GET
def heatmap(request: HttpRequest) -> HttpResponse:
    """The team's role-rubric profile per school of this schoolopleider."""
    schools = access.heatmap_schools(request.user)
    return render(request, "rubrics/selfassessment/heatmap.html", {"maps": team_heatmap(schools)})
