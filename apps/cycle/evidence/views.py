"""Views of evidence: attach it to a target, open its file (streamed, checked, audited),
remove it, and the student's evidence per learning outcome."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.cycle.common import CycleError
from apps.cycle.evidence import access, selectors
from apps.cycle.evidence.forms import EvidenceForm
from apps.cycle.evidence.services import (
    evidence_add,
    evidence_open,
    evidence_remove,
    evidence_target_page,
)
from apps.cycle.models import EvidenceKind
from apps.placements.access import placement_for_user

# Shown in the browser; documents (docx, odt) are downloaded.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


@require_http_methods(["GET", "HEAD", "POST"])
def evidence_new(request: HttpRequest, target: str, pk: int) -> HttpResponse:
    """The student attaches a file or a link to a log week, a goal, a self-reflection or a
    lesson observation."""
    if request.method == "POST":
        spec, obj = access.target_for_adding(request.user, target, pk)
    else:
        spec, obj = access.target_for_user(request.user, target, pk)
        if not access.placement_of(spec, obj).is_student(request.user):
            raise PermissionDenied("Alleen de student voegt bewijs toe.")
    placement = access.placement_of(spec, obj)
    outcomes = (
        list(placement.outcomes.select_related("outcome")) if spec.student_picks_outcome else None
    )
    form, status = EvidenceForm(outcomes=outcomes), 200
    if request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES, outcomes=outcomes)
        if form.is_valid():
            data = form.cleaned_data
            try:
                evidence_add(
                    by=request.user,
                    target=spec,
                    obj=obj,
                    title=data["title"],
                    description=data["description"],
                    upload=data["file"] or None,
                    url=data["url"],
                    placement_outcome=form.chosen_outcome(),
                )
            except CycleError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, _("Je bewijs is toegevoegd."))
                return redirect(spec.page(obj))
        status = 400
    context = {"placement": placement, "form": form, "target": obj, "back": spec.page(obj)}
    return render(request, "cycle/evidence/new.html", context, status=status)


@require_GET
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file of a piece of evidence, streamed after the access check; audited."""
    evidence = access.evidence_for_user(request.user, pk)
    if evidence.kind == EvidenceKind.LINK:
        raise Http404
    try:
        stored = evidence_open(
            by=request.user, evidence=evidence, ip=request.META.get("REMOTE_ADDR")
        )
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = evidence.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        stored,
        content_type=evidence.content_type,
        as_attachment=evidence.content_type not in INLINE_TYPES,
        filename=f"{slugify(evidence.title) or 'bewijs'}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'"
    return response


@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The student removes a piece of evidence; back to where it hung."""
    evidence = access.evidence_for_removal(request.user, pk)
    back = evidence_target_page(evidence)
    evidence_remove(by=request.user, evidence=evidence)
    messages.success(request, _("Het bewijs is verwijderd."))
    return redirect(back)


@require_GET
def evidence_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The placement's evidence per learning outcome."""
    placement = placement_for_user(request.user, pk)
    context = {
        "placement": placement,
        "sections": selectors.evidence_per_outcome(request.user, placement),
        "is_student": placement.is_student(request.user),
    }
    return render(request, "cycle/evidence/overview.html", context)
