"""Exports: the judgements CSV for the examination board and a student's dossier PDF."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.cycle.common import CycleError
from apps.cycle.records import access
from apps.cycle.records.dossier import dossier_download, dossier_request
from apps.cycle.records.forms import JudgementFilterForm
from apps.cycle.records.judgements import judgements_export


@require_GET
def judgements(request: HttpRequest) -> HttpResponse:
    """The filter form; with `download` the CSV itself (or the form again with its errors)."""
    scope = access.judgement_export_scope(request.user)
    if "download" not in request.GET:
        return render(
            request,
            "cycle/records/judgements_export.html",
            {"form": JudgementFilterForm(scope=scope)},
        )
    form = JudgementFilterForm(request.GET, scope=scope)
    if not form.is_valid():
        return render(request, "cycle/records/judgements_export.html", {"form": form}, status=400)
    period = form.cleaned_data.get("periode")
    period_name = dict(form.fields["periode"].choices).get(period) if period else None
    data = judgements_export(
        by=request.user, scope=scope, filters=form.filters(), period_name=period_name
    )
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    filename = f"oordelen-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def dossier_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for a student's dossier: of this placement, or (`alle`) of all their placements."""
    placement = access.placement_for_dossier(request.user, pk)
    try:
        job = dossier_request(
            by=request.user,
            placement=placement,
            all_placements=request.POST.get("omvang") == "alle",
        )
    except CycleError as exc:
        messages.error(request, str(exc))
        return redirect("cycle:placement", pk=placement.pk)
    return redirect("cycle:dossier", pk=job.pk)


@require_GET
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """How far the dossier is; the download once it is done."""
    job = access.dossier_job_for_user(request.user, pk)
    return render(request, "cycle/records/dossier.html", {"job": job})


@require_GET
def dossier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.dossier_job_for_user(request.user, pk)
    try:
        data = dossier_download(by=request.user, job=job)
    except (CycleError, FileNotFoundError) as exc:
        raise Http404 from exc
    name = slugify(job.student.user.full_name)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-{name}.pdf"'
    return response


@require_GET
def dossiers(request: HttpRequest) -> HttpResponse:
    """The dossiers I asked for, newest first. Two queries per page (count and rows)."""
    jobs = access.dossier_jobs_of(request.user).order_by("-created_at", "-id")
    page = Paginator(jobs, 25).get_page(request.GET.get("pagina"))
    return render(
        request, "cycle/records/dossiers.html", {"page": page, "title": _("Mijn dossiers")}
    )
