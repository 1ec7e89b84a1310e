"""Writes on hours and lessons. Every function takes the acting user, runs atomically and is
recorded (row history and the audit log).

Handbook ch.4: "Aantal lessen per student: 40 – 50 lessen en/of onderwijsactiviteiten met
groepen leerlingen" and "Begeleidingstijd 30 uur per student voor de werkplekbegeleider". The
student registers both per week; the werkplekbegeleider confirms.

A confirmed week is not changed in place. A correction reopens it: the werkplekbegeleider
(who confirmed it) gives a reason, the student corrects the week and it is confirmed again.
Reopening rather than a new row, because the week stays one row (one per placement and week,
so every total is a plain sum with nothing superseded to leave out), while what was confirmed
before stays in the row's history and the audit log, with who reopened it and why.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from apps.accounts.models import User
from apps.accounts.services import audit_record, notify
from apps.core.concurrency import StaleEdit
from apps.cycle.common import CycleError
from apps.cycle.hours.access import may_confirm, may_register
from apps.cycle.hours.selectors import hours_text, placement_weeks, week_label
from apps.cycle.models import WeekHours
from apps.placements.models import Placement

QUARTER = 15  # guidance time is registered in quarter-hours
MAX_LESSONS_PER_WEEK = 40
MAX_GUIDANCE_MINUTES_PER_WEEK = 40 * 60
MAX_NOTE = 1000


def _check_values(lessons: int, guidance_minutes: int, note: str) -> None:
    if not 0 <= lessons <= MAX_LESSONS_PER_WEEK:
        raise CycleError(
            _("Vul een aantal lessen in van 0 tot en met %(max)d per week.")
            % {"max": MAX_LESSONS_PER_WEEK}
        )
    if not 0 <= guidance_minutes <= MAX_GUIDANCE_MINUTES_PER_WEEK:
        raise CycleError(
            _("Vul een begeleidingstijd in van 0 tot en met %(max)d uur per week.")
            % {"max": MAX_GUIDANCE_MINUTES_PER_WEEK // 60}
        )
    if guidance_minutes % QUARTER:
        raise CycleError(_("Vul de begeleidingstijd in kwartieren in, bijvoorbeeld 1,25 uur."))
    if len(note) > MAX_NOTE:
        raise CycleError(
            _("De toelichting is te lang: maximaal %(max)d tekens.") % {"max": MAX_NOTE}
        )


def _values(row: WeekHours) -> dict:
    return {
        _("Lessen"): row.lessons,
        _("Begeleidingstijd (uur)"): hours_text(row.guidance_minutes),
        _("Toelichting"): row.note,
        _("Status"): _("bevestigd") if row.is_confirmed else _("open"),
    }


def _summary(row: WeekHours) -> str:
    return _("%(lessons)d lessen, %(hours)s uur begeleiding") % {
        "lessons": row.lessons,
        "hours": hours_text(row.guidance_minutes),
    }


def _locked(row: WeekHours) -> WeekHours:
    return WeekHours.objects.select_for_update().select_related("placement").get(pk=row.pk)


@transaction.atomic
def week_hours_register(
    *,
    by: User,
    placement: Placement,
    week: date,
    lessons: int,
    guidance_minutes: int,
    note: str = "",
) -> WeekHours:
    """The student registers a week: the lessons given and the werkplekbegeleider's guidance
    time. Only a week of the placement that has begun, and only once."""
    if not may_register(by, placement):
        raise CycleError(_("Alleen de student registreert lessen en begeleidingstijd."))
    if week not in placement_weeks(placement):
        raise CycleError(_("Deze week hoort niet bij de stage."))
    if week > timezone.localdate():
        raise CycleError(_("Deze week is nog niet begonnen."))
    note = note.strip()
    _check_values(lessons, guidance_minutes, note)
    row = WeekHours(
        placement=placement,
        week=week,
        lessons=lessons,
        guidance_minutes=guidance_minutes,
        note=note,
        registered_by=by,
        registered_at=timezone.now(),
    )
    row._history_user = by
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise CycleError(
            _("%(week)s is al geregistreerd; pas die week aan.") % {"week": week_label(week)}
        ) from exc
    audit_record(
        actor=by,
        action="week_hours.registered",
        target=row,
        detail={"placement": placement.pk, "week": week.isoformat()},
    )
    return row


@transaction.atomic
def week_hours_update(
    *,
    by: User,
    row: WeekHours,
    lock_version: int,
    lessons: int,
    guidance_minutes: int,
    note: str = "",
) -> WeekHours:
    """The student corrects a week the werkplekbegeleider has not confirmed; a confirmed week
    is refused (it is reopened first), a concurrent edit is refused, never overwritten."""
    current = _locked(row)
    if not may_register(by, current.placement):
        raise CycleError(_("Alleen de student past een week aan."))
    if current.is_confirmed:
        raise CycleError(
            _(
                "Deze week is bevestigd en verandert niet meer. Klopt er iets niet? Vraag je "
                "werkplekbegeleider de week te heropenen."
            )
        )
    if current.lock_version != lock_version:
        raise StaleEdit(
            _(
                "Deze week is in een ander venster opgeslagen. Wat je typte staat er nog; "
                "vergelijk en sla opnieuw op."
            ),
            current=_values(current),
        )
    note = note.strip()
    _check_values(lessons, guidance_minutes, note)
    current.lessons, current.guidance_minutes, current.note = lessons, guidance_minutes, note
    current.lock_version += 1
    current._history_user = by
    current.save(update_fields=["lessons", "guidance_minutes", "note", "lock_version"])
    audit_record(
        actor=by,
        action="week_hours.updated",
        target=current,
        detail={"placement": current.placement_id, "week": current.week.isoformat()},
    )
    return current


@transaction.atomic
def week_hours_confirm(*, by: User, row: WeekHours, lock_version: int) -> WeekHours:
    """The werkplekbegeleider confirms one week as it was shown to them: when the student
    changed it in the meantime, nothing is confirmed (409 with what it says now)."""
    current = _locked(row)
    if not may_confirm(by, current.placement):
        raise CycleError(_("Alleen de werkplekbegeleider bevestigt de weken."))
    if current.is_confirmed:
        raise CycleError(_("Deze week is al bevestigd."))
    if current.lock_version != lock_version:
        raise StaleEdit(
            _(
                "De student heeft deze week intussen aangepast. Bekijk wat er nu staat en "
                "bevestig opnieuw."
            ),
            current=_values(current),
        )
    current.confirmed_by, current.confirmed_at = by, timezone.now()
    current.lock_version += 1
    current._history_user = by
    current.save(update_fields=["confirmed_by", "confirmed_at", "lock_version"])
    audit_record(
        actor=by,
        action="week_hours.confirmed",
        target=current,
        detail={"placement": current.placement_id, "weeks": [current.week.isoformat()]},
    )
    return current


@transaction.atomic
def week_hours_confirm_all(*, by: User, placement: Placement, seen: dict[int, int]) -> int:
    """The werkplekbegeleider confirms every open week of the placement at once, as the page
    showed them (`seen`: week id -> lock_version). When a week was added or changed since,
    nothing is confirmed (409 naming those weeks). Returns how many weeks were confirmed."""
    if not may_confirm(by, placement):
        raise CycleError(_("Alleen de werkplekbegeleider bevestigt de weken."))
    open_rows = list(
        WeekHours.objects.select_for_update()
        .filter(placement=placement, confirmed_at__isnull=True)
        .order_by("week")
    )
    if not open_rows:
        raise CycleError(_("Er zijn geen open weken om te bevestigen."))
    changed = [r for r in open_rows if seen.get(r.pk) != r.lock_version]
    if changed:
        raise StaleEdit(
            _(
                "Sinds je de pagina opende, heeft de student weken geregistreerd of aangepast. "
                "Er is niets bevestigd; bekijk de weken en bevestig opnieuw."
            ),
            current={week_label(r.week): _summary(r) for r in changed},
        )
    now = timezone.now()
    for r in open_rows:
        r.confirmed_by, r.confirmed_at, r.lock_version = by, now, r.lock_version + 1
    bulk_update_with_history(
        open_rows,
        WeekHours,
        ["confirmed_by", "confirmed_at", "lock_version"],
        default_user=by,
    )
    audit_record(
        actor=by,
        action="week_hours.confirmed",
        target=placement,
        detail={"placement": placement.pk, "weeks": [r.week.isoformat() for r in open_rows]},
    )
    return len(open_rows)


@transaction.atomic
def week_hours_reopen(*, by: User, row: WeekHours, lock_version: int, reason: str) -> WeekHours:
    """The werkplekbegeleider reopens a confirmed week for a correction, with a reason: the
    student is told and corrects it; what was confirmed stays in the history and the audit
    log."""
    current = _locked(row)
    if not may_confirm(by, current.placement):
        raise CycleError(_("Alleen de werkplekbegeleider heropent een week."))
    if not current.is_confirmed:
        raise CycleError(_("Deze week is nog open; de student kan hem zelf aanpassen."))
    if not reason.strip():
        raise CycleError(_("Schrijf op wat er gecorrigeerd moet worden."))
    if current.lock_version != lock_version:
        raise StaleEdit(
            _("Deze week is intussen veranderd. Bekijk wat er nu staat."),
            current=_values(current),
        )
    confirmed = {
        "lessons": current.lessons,
        "guidance_minutes": current.guidance_minutes,
        "confirmed_by": current.confirmed_by_id,
        "confirmed_at": current.confirmed_at.isoformat(),
    }
    current.confirmed_by = current.confirmed_at = None
    current.reopened_by, current.reopened_at = by, timezone.now()
    current.reopen_reason = reason.strip()[:MAX_NOTE]
    current.lock_version += 1
    current._history_user = by
    current.save(
        update_fields=[
            "confirmed_by",
            "confirmed_at",
            "reopened_by",
            "reopened_at",
            "reopen_reason",
            "lock_version",
        ]
    )
    audit_record(
        actor=by,
        action="week_hours.reopened",
        target=current,
        detail={
            "placement": current.placement_id,
            "week": current.week.isoformat(),
            "reason": current.reopen_reason,
            "confirmed": confirmed,
        },
    )
    notify(
        recipients=[current.placement.student.user],
        message=lambda: (
            _("%(full_name)s heeft %(week)s heropend: %(reason)s")
            % {
                "full_name": by.full_name,
                "week": week_label(current.week),
                "reason": current.reopen_reason,
            }
        ),
        url=reverse("cycle:hours_week", args=[current.pk]),
    )
    return current
