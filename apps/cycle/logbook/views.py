"""Views of the weekly begeleidingsgesprekken: the list, a log and its comments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.concurrency import StaleEdit
from apps.cycle.common import CycleError
from apps.cycle.evidence.selectors import evidence_on
from apps.cycle.logbook import access
from apps.cycle.logbook.forms import CommentForm, GuidanceLogForm
from apps.cycle.logbook.services import (
    guidance_comment_add,
    guidance_log_create,
    guidance_log_update,
)
from apps.cycle.models import (
    GuidanceLog,
)
from apps.placements.access import placement_for_user


@require_http_methods(["GET", "HEAD", "POST"])
def guidance_logs(request: HttpRequest, pk: int) -> HttpResponse:
    """The weekly logbook of begeleidingsgesprekken; the student adds a week here."""
    placement = placement_for_user(request.user, pk)
    form, status = GuidanceLogForm(initial={"held": timezone.localdate()}), 200
    if request.method == "POST":
        if not placement.is_student(request.user):
            raise PermissionDenied("Alleen de student houdt het logboek bij.")
        form = GuidanceLogForm(request.POST)
        if form.is_valid():
            try:
                log = guidance_log_create(
                    by=request.user,
                    placement=placement,
                    held=form.cleaned_data["held"],
                    values=form.cleaned_data,
                )
            except CycleError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Je begeleidingsgesprek is vastgelegd."))
                return redirect("cycle:log", pk=log.pk)
        status = 400
    logs = (
        GuidanceLog.objects.filter(conversation__placement=placement)
        .select_related("conversation")
        .prefetch_related("comments__author")
        .order_by("-conversation__sequence")
    )
    context = {
        "placement": placement,
        "logs": logs,
        "form": form if placement.is_student(request.user) else None,
    }
    return render(request, "cycle/logbook/logs.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def guidance_log(request: HttpRequest, pk: int) -> HttpResponse:
    """One week's log: the student edits it, the werkplekbegeleider comments on it."""
    log = access.guidance_log_for_user(request.user, pk)
    placement = log.conversation.placement
    is_student, is_assessor = (
        placement.is_student(request.user),
        placement.is_assessor(request.user),
    )
    initial = {"held": log.conversation.held_date, "lock_version": log.lock_version}
    initial |= {f: getattr(log, f) for f in ("what_i_did", "reflection", "new_goals", "evidence")}
    form, comment_form, stale, status = GuidanceLogForm(initial=initial), CommentForm(), None, 200
    if request.method == "POST":
        if "comment" in request.POST:
            if not is_assessor:
                raise PermissionDenied("Alleen de werkplekbegeleider reageert op het logboek.")
            comment_form = CommentForm(request.POST)
            if comment_form.is_valid():
                guidance_comment_add(
                    by=request.user, log=log, text=comment_form.cleaned_data["text"]
                )
                messages.success(request, _("Je opmerking is geplaatst."))
                return redirect("cycle:log", pk=log.pk)
        else:
            if not is_student:
                raise PermissionDenied("Alleen de student houdt het logboek bij.")
            form = GuidanceLogForm(request.POST)
            if form.is_valid():
                try:
                    guidance_log_update(
                        by=request.user,
                        log=log,
                        lock_version=form.cleaned_data["lock_version"] or 0,
                        values=form.cleaned_data,
                    )
                except StaleEdit as exc:
                    stale, status = exc, 409
                    messages.error(request, str(exc))
                else:
                    messages.success(request, _("Je logboek is opgeslagen."))
                    return redirect("cycle:log", pk=log.pk)
            else:
                status = 400
        status = status if status != 200 else 400
    context = {
        "placement": placement,
        "log": log,
        "form": form if is_student else None,
        "comment_form": comment_form if is_assessor else None,
        "comments": log.comments.select_related("author"),
        "stale": stale,
        "evidence": evidence_on(request.user, log=log),
        "is_student": is_student,
    }
    return render(request, "cycle/logbook/log.html", context, status=status)
