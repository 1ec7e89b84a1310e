"""Views of hours and lessons: the placement's weeks (the student registers a week there, the
werkplekbegeleider confirms one or all open weeks), one week (the student corrects it, the
werkplekbegeleider confirms or reopens it)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.concurrency import posted_lock_version, refuse, save_or_refuse
from apps.cycle.hours import access
from apps.cycle.hours.forms import ReopenForm, WeekHoursForm
from apps.cycle.hours.selectors import (
    hours_text,
    placement_progress,
    week_label,
    week_rows,
    weeks_to_register,
)
from apps.cycle.hours.services import (
    week_hours_confirm,
    week_hours_confirm_all,
    week_hours_register,
    week_hours_reopen,
    week_hours_update,
)
from apps.cycle.models import WeekHours
from apps.placements.access import placement_for_user
from apps.placements.models import Placement

GET_POST = ["GET", "HEAD", "POST"]
CHECK_FIELDS = gettext_lazy("Controleer de gemarkeerde velden; er is nog niets opgeslagen.")


def _weeks_page(request, placement: Placement, *, form=None, stale=None, status=200):
    today = timezone.localdate()
    user = request.user
    may_register = access.may_register(user, placement)
    rows = week_rows(placement, today)
    if may_register and form is None:
        open_weeks = weeks_to_register(placement, today)
        form = WeekHoursForm(weeks=open_weeks) if open_weeks else None
    context = {
        "placement": placement,
        "progress": placement_progress(placement, today),
        "rows": rows,
        "open_rows": [r.hours for r in rows if r.hours and not r.hours.is_confirmed],
        "form": form if may_register else None,
        "may_register": may_register,
        "may_confirm": access.may_confirm(user, placement),
        "stale": stale,
    }
    return render(request, "cycle/hours/weeks.html", context, status=status)


@require_http_methods(GET_POST)
def hours(request: HttpRequest, pk: int) -> HttpResponse:
    """The placement's weeks with their lessons and guidance time against the norm; the
    student registers a week here."""
    if request.method != "POST":
        return _weeks_page(request, placement_for_user(request.user, pk))
    placement = access.placement_for_registering(request.user, pk)
    form = WeekHoursForm(request.POST, weeks=weeks_to_register(placement, timezone.localdate()))

    def done(row: WeekHours):
        messages.success(
            request, _("%(week)s is geregistreerd.") % {"week": week_label(row.week).capitalize()}
        )
        return redirect("cycle:hours", pk=placement.pk)

    return save_or_refuse(
        request,
        lambda: week_hours_register(
            by=request.user,
            placement=placement,
            week=form.cleaned_data["week"],
            lessons=form.cleaned_data["lessons"],
            guidance_minutes=form.cleaned_data["guidance_hours"],
            note=form.cleaned_data["note"],
        ),
        forms=[form],
        invalid=CHECK_FIELDS,
        page=lambda stale=None, status=200: _weeks_page(
            request, placement, form=form, stale=stale, status=status
        ),
        done=done,
    )


def _week_page(request, row: WeekHours, *, form=None, reopen_form=None, stale=None, status=200):
    user, placement = request.user, row.placement
    may_edit = access.may_register(user, placement) and not row.is_confirmed
    if may_edit and form is None:
        form = WeekHoursForm(
            initial={
                "lessons": row.lessons,
                "guidance_hours": hours_text(row.guidance_minutes),
                "note": row.note,
                "lock_version": row.lock_version,
            }
        )
    may_confirm = access.may_confirm(user, placement)
    if may_confirm and row.is_confirmed and reopen_form is None:
        reopen_form = ReopenForm(initial={"lock_version": row.lock_version})
    context = {
        "placement": placement,
        "row": row,
        "label": week_label(row.week),
        "form": form if may_edit else None,
        "may_confirm": may_confirm,
        "reopen_form": reopen_form if may_confirm and row.is_confirmed else None,
        "stale": stale,
    }
    return render(request, "cycle/hours/week.html", context, status=status)


@require_http_methods(GET_POST)
def hours_week(request: HttpRequest, pk: int) -> HttpResponse:
    """One registered week; the student corrects it here until it is confirmed."""
    if request.method != "POST":
        return _week_page(request, access.week_hours_for_user(request.user, pk))
    row = access.week_for_registering(request.user, pk)
    form = WeekHoursForm(request.POST)

    def done(saved: WeekHours):
        messages.success(request, _("De week is opgeslagen."))
        return redirect("cycle:hours", pk=saved.placement_id)

    return save_or_refuse(
        request,
        lambda: week_hours_update(
            by=request.user,
            row=row,
            lock_version=form.cleaned_data["lock_version"] or 0,
            lessons=form.cleaned_data["lessons"],
            guidance_minutes=form.cleaned_data["guidance_hours"],
            note=form.cleaned_data["note"],
        ),
        forms=[form],
        invalid=CHECK_FIELDS,
        page=lambda stale=None, status=200: _week_page(
            request, row, form=form, stale=stale, status=status
        ),
        done=done,
    )


@require_POST
def hours_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The werkplekbegeleider confirms one week, as the page showed it."""
    row = access.week_for_confirming(request.user, pk)
    placement = row.placement

    def page(stale=None, status=200):
        return _weeks_page(request, placement, stale=stale, status=status)

    lock = posted_lock_version(request)
    if lock is None:
        return refuse(request, _("Laad de pagina opnieuw en bevestig dan."), page)

    def done(saved: WeekHours):
        messages.success(
            request, _("%(week)s is bevestigd.") % {"week": week_label(saved.week).capitalize()}
        )
        return redirect("cycle:hours", pk=placement.pk)

    return save_or_refuse(
        request,
        lambda: week_hours_confirm(by=request.user, row=row, lock_version=lock),
        page=page,
        done=done,
    )


def _seen(request: HttpRequest) -> dict[int, int]:
    """The open weeks the page showed: "id:lock_version" pairs; anything else is left out."""
    seen = {}
    for value in request.POST.getlist("open"):
        pk, _sep, lock = value.partition(":")
        if pk.isdigit() and lock.isdigit():
            seen[int(pk)] = int(lock)
    return seen


@require_POST
def hours_confirm_all(request: HttpRequest, pk: int) -> HttpResponse:
    """The werkplekbegeleider confirms every open week at once, as the page showed them."""
    placement = access.placement_for_confirming(request.user, pk)

    def page(stale=None, status=200):
        return _weeks_page(request, placement, stale=stale, status=status)

    seen = _seen(request)
    if not seen:
        return refuse(request, _("Laad de pagina opnieuw en bevestig dan."), page)

    def done(count: int):
        messages.success(
            request,
            ngettext("%(n)d week bevestigd.", "%(n)d weken bevestigd.", count) % {"n": count},
        )
        return redirect("cycle:hours", pk=placement.pk)

    return save_or_refuse(
        request,
        lambda: week_hours_confirm_all(by=request.user, placement=placement, seen=seen),
        page=page,
        done=done,
    )


@require_POST
def hours_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The werkplekbegeleider reopens a confirmed week for a correction, with a reason."""
    row = access.week_for_confirming(request.user, pk)
    form = ReopenForm(request.POST)

    def done(saved: WeekHours):
        messages.success(
            request,
            _("%(week)s is heropend; de student kan hem corrigeren.")
            % {"week": week_label(saved.week).capitalize()},
        )
        return redirect("cycle:hours_week", pk=saved.pk)

    return save_or_refuse(
        request,
        lambda: week_hours_reopen(
            by=request.user,
            row=row,
            lock_version=form.cleaned_data["lock_version"],
            reason=form.cleaned_data["reason"],
        ),
        forms=[form],
        invalid=CHECK_FIELDS,
        page=lambda stale=None, status=200: _week_page(
            request, row, reopen_form=form, stale=stale, status=status
        ),
        done=done,
    )
