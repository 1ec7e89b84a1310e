"""Complexe beroepsvaardigheden on a placement: the student and the werkplekbegeleider each
place the student on the phase table at three moments; the page shows both side by side."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.cycle.beroepsvaardigheden import access
from apps.placements.access import placement_for_user
from apps.rubrics.models import CbvMoment, CbvPlacement
from apps.rubrics.selfassessment.forms import CbvForm
from apps.rubrics.selfassessment.selectors import cbv_overview
from apps.rubrics.services import RubricError, cbv_place, phase_rubric


@require_GET
def cbv(request: HttpRequest, pk: int) -> HttpResponse:
    placement = placement_for_user(request.user, pk)
    try:
        rubric = phase_rubric()
    except RubricError as exc:
        messages.error(request, str(exc))
        return redirect("cycle:placement", pk=placement.pk)
    moments, chart = cbv_overview(placement, rubric)
    context = {
        "placement": placement,
        "moments": moments,
        "chart": chart,
        "perspective": access.cbv_perspective(request.user, placement),
    }
    return render(request, "cycle/beroepsvaardigheden/cbv.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def cbv_edit(request: HttpRequest, pk: int, moment: str) -> HttpResponse:
    """Fill in my column at one moment; placing again replaces my earlier choice."""
    placement, perspective = access.cbv_placement_for_change(request.user, pk)
    if moment not in CbvMoment.values:
        raise Http404
    try:
        rubric = phase_rubric()
    except RubricError as exc:
        messages.error(request, str(exc))
        return redirect("cycle:placement", pk=placement.pk)
    existing = {
        row.dimension_id: row
        for row in CbvPlacement.objects.filter(
            placement=placement, moment=moment, perspective=perspective
        )
    }
    form = CbvForm(
        request.POST or None,
        dimensions=list(rubric.dimensions.order_by("position").prefetch_related("descriptors")),
        levels=list(rubric.levels.all()),
        existing=existing,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                cbv_place(
                    by=request.user,
                    placement=placement,
                    moment=moment,
                    perspective=perspective,
                    choices=form.choices(),
                )
            except RubricError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("Je plaatsing op de beroepsvaardigheden is opgeslagen.")
                )
                return redirect("cycle:cbv", pk=placement.pk)
        else:
            messages.error(request, _("Controleer de gemarkeerde velden."))
        status = 400
    context = {
        "placement": placement,
        "form": form,
        "moment_label": CbvMoment(moment).label,
        "perspective": perspective,
    }
    return render(request, "cycle/beroepsvaardigheden/cbv_edit.html", context, status=status)
