"""Writes on the feedback- en beoordelingsformulier. Every function takes the acting user and
runs atomically."""

import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import audit_record, notify
from apps.core.concurrency import StaleEdit
from apps.cycle.common import CycleError, placement_advance
from apps.cycle.feedback.rules import send_problems
from apps.cycle.models import (
    ConversationKind,
    FeedbackForm,
    FormEntry,
    FormObservation,
    FormState,
    FormVersion,
)
from apps.outcomes.selectors import current_decision_rules
from apps.placements.models import PlacementStatus


def form_version_start(*, by: User | None, form: FeedbackForm, reason: str = "") -> FormVersion:
    """A new working version with one entry per outcome of the placement.

    A later version is a correction of a sent one: it needs a reason and starts as a copy of
    the latest version, which itself stays as it was.
    """
    previous = form.versions.order_by("-number").first()
    if previous is not None:
        if not previous.is_sent:
            raise CycleError(_("Er is al een versie in bewerking; verzend die eerst."))
        if not reason.strip():
            raise CycleError(_("Geef de reden van de correctie."))
    version = FormVersion(
        form=form, number=previous.number + 1 if previous else 1, correction_reason=reason.strip()
    )
    version._history_user = by
    version.full_clean()
    version.save()
    if previous is None:
        outcomes = form.conversation.placement.outcomes.all()
        FormEntry.objects.bulk_create(
            [FormEntry(version=version, placement_outcome=o) for o in outcomes]
        )
        return version
    for entry in previous.entries.prefetch_related("indicators_seen"):
        seen = list(entry.indicators_seen.all())
        entry.pk = None
        entry.version = version
        entry.save()
        entry.indicators_seen.set(seen)
    # A correction rests on the same lesson observations as the version it corrects.
    FormObservation.objects.bulk_create(
        [
            FormObservation(version=version, observation_id=pk)
            for pk in previous.observation_links.values_list("observation_id", flat=True)
        ]
    )
    return version


def form_version_fingerprint(version: FormVersion) -> str:
    """SHA-256 over the version's content, so any later change to a sent version shows."""
    if "entries" in getattr(version, "_prefetched_objects_cache", {}):
        entries = version.entries.all()
    else:
        entries = version.entries.prefetch_related("indicators_seen")
    entries = sorted(entries, key=lambda e: e.placement_outcome_id)
    payload = {
        "form": version.form_id,
        "number": version.number,
        "sent_by": version.sent_by_id,
        "sent_at": version.sent_at.isoformat() if version.sent_at else None,
        "entries": [
            {
                "outcome": e.placement_outcome_id,
                "self_reflection": e.self_reflection,
                "indicators_seen": sorted(i.pk for i in e.indicators_seen.all()),
                "feedback": e.feedback,
                "feed_forward": e.feed_forward,
                "development_made": e.development_made,
                "development_to_make": e.development_to_make,
                "judgement": e.judgement,
                "confidence_year3": e.confidence_year3,
                "motivation": e.motivation,
                # Added later: only when set, so earlier fingerprints stay valid.
                **(
                    {"combination_motivation": e.combination_motivation}
                    if e.combination_motivation
                    else {}
                ),
                **({"too_little_seen": True} if e.too_little_seen else {}),
            }
            for e in entries
        ],
    }
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(raw).hexdigest()


SENT_ACTION = "form.sent"


@transaction.atomic
def form_version_send(*, by: User, version: FormVersion) -> FormVersion:
    """Send a version: it becomes read-only, forever. Sending twice is refused."""
    version = FormVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_sent:
        raise CycleError(_("Dit formulier is al verzonden."))
    version.state = FormState.SENT
    version.sent_by = by
    version.sent_at = timezone.now()
    version.fingerprint = form_version_fingerprint(version)
    version._history_user = by
    version.full_clean()
    version.save(update_fields=["state", "sent_by", "sent_at", "fingerprint"])
    # The beslisregels visible when it was filled in stay with it (calibration-design.md §3.3).
    version.decision_rules.set(
        current_decision_rules().filter(
            outcome_id__in=version.entries.values("placement_outcome__outcome_id")
        )
    )
    # The append-only audit log remembers every sent version, so verify_integrity notices one
    # that disappears (apps/cycle/feedback/integrity.py).
    audit_record(
        actor=by,
        action=SENT_ACTION,
        target=version,
        detail={"fingerprint": version.fingerprint},
    )
    return version


ENTRY_TEXT_FIELDS = (
    "self_reflection",
    "feedback",
    "feed_forward",
    "development_made",
    "development_to_make",
    "motivation",
    "combination_motivation",
)


FEEDBACK_FIELDS = (
    "feedback",
    "feed_forward",
    "development_made",
    "development_to_make",
    "judgement",
    "confidence_year3",
    "motivation",
    "combination_motivation",
    "too_little_seen",
)


def _claim_version(version: FormVersion, lock_version: int) -> FormVersion:
    """Bump the version's edit counter, or raise StaleEdit if someone saved in between."""
    updated = FormVersion.objects.filter(
        pk=version.pk, lock_version=lock_version, state=version.state
    ).update(lock_version=F("lock_version") + 1)
    fresh = FormVersion.objects.select_related("form__conversation__placement").get(pk=version.pk)
    if not updated:
        if fresh.is_sent:
            raise CycleError(
                _("Dit formulier is inmiddels verzonden en kan niet meer worden gewijzigd.")
            )
        current = {
            e.pk: {f: getattr(e, f) for f in ENTRY_TEXT_FIELDS} | {"judgement": e.judgement}
            for e in fresh.entries.all()
        }
        last = (
            FormEntry.history.filter(version_id=fresh.pk)
            .order_by("-history_date")
            .select_related("history_user")
            .first()
        )
        who = last.history_user.full_name if last and last.history_user else "iemand anders"
        raise StaleEdit(
            f"{who} heeft dit formulier opgeslagen terwijl jij het bewerkte. Jouw tekst staat "
            "hieronder nog; vergelijk met de opgeslagen versie en sla opnieuw op.",
            current=current,
        )
    return fresh


def _save_entries(*, by: User, version: FormVersion, values: dict[int, dict], fields) -> int:
    """Write changed fields of this version's entries; every change is kept in history."""
    changed = 0
    # Indicators seen are read for all entries at once, so an unchanged tick list costs nothing
    # (`set()` would read each entry's list again, one query per outcome).
    entries = {e.pk: e for e in version.entries.prefetch_related("indicators_seen")}
    for entry_id, data in values.items():
        entry = entries.get(entry_id)
        if entry is None:
            raise CycleError(_("Dit onderdeel hoort niet bij dit formulier."))
        dirty = [f for f in fields if f in data and getattr(entry, f) != data[f]]
        indicators = data.get("indicators_seen")
        if dirty:
            for f in dirty:
                setattr(entry, f, data[f])
            entry._history_user = by
            entry.full_clean(exclude=["version", "placement_outcome"])
            entry.save(update_fields=dirty)
            changed += 1
        if indicators is not None and set(indicators) != {
            i.pk for i in entry.indicators_seen.all()
        }:
            entry.indicators_seen.set(indicators)
    return changed


@transaction.atomic
def form_reflection_save(
    *, by: User, version: FormVersion, lock_version: int, reflections: dict[int, str], submit: bool
) -> FormVersion:
    """The student saves their self-reflection (a draft as often as they like) and may
    submit it to the werkplekbegeleider; submitting needs a reflection on every outcome."""
    if version.state != FormState.DRAFT:
        raise CycleError(_("Je zelfreflectie is al ingediend."))
    fresh = _claim_version(version, lock_version)
    _save_entries(
        by=by,
        version=fresh,
        values={k: {"self_reflection": v} for k, v in reflections.items()},
        fields=("self_reflection",),
    )
    if submit:
        empty = [
            str(e.placement_outcome) for e in fresh.entries.all() if not e.self_reflection.strip()
        ]
        if empty:
            raise CycleError(
                _("Schrijf eerst een zelfreflectie bij: %(items)s.") % {"items": ", ".join(empty)}
            )
        fresh.state = FormState.SUBMITTED
        fresh._history_user = by
        fresh.save(update_fields=["state"])
        placement = fresh.form.conversation.placement
        notify(
            recipients=[placement.werkplekbegeleider],
            message=lambda: (
                _("%(full_name)s heeft de zelfreflectie voor de %(kind)s ingediend.")
                % {
                    "full_name": by.full_name,
                    "kind": fresh.form.conversation.get_kind_display().lower(),
                }
            ),
            url=reverse("cycle:form", args=[fresh.pk]),
        )
    return fresh


@transaction.atomic
def form_feedback_save(
    *, by: User, version: FormVersion, lock_version: int, values: dict[int, dict]
) -> FormVersion:
    """The werkplekbegeleider (or schoolopleider) saves feedback, indicators seen and judgement."""
    if version.is_sent:
        raise CycleError(_("Dit formulier is al verzonden; maak een correctie."))
    fresh = _claim_version(version, lock_version)
    _save_entries(by=by, version=fresh, values=values, fields=FEEDBACK_FIELDS)
    return fresh


@transaction.atomic
def form_send(*, by: User, version: FormVersion, lock_version: int) -> FormVersion:
    """Send the form: it becomes read-only and goes to the student, the schoolopleider and the
    instituutsopleider, in the app and by e-mail. Blocking quality rules must be met."""
    if version.is_sent:
        raise CycleError(_("Dit formulier is al verzonden."))
    if version.state != FormState.SUBMITTED:
        raise CycleError(_("De student heeft de zelfreflectie nog niet ingediend."))
    fresh = _claim_version(version, lock_version)
    errors, _warnings = send_problems(fresh)
    if errors:
        raise CycleError(
            _("Het formulier is nog niet compleet: %(errors)s") % {"errors": " ".join(errors)}
        )
    sent = form_version_send(by=by, version=fresh)
    placement = sent.form.conversation.placement
    if sent.form.conversation.kind == ConversationKind.EINDBEOORDELING:
        placement_advance(by=by, placement=placement, status=PlacementStatus.COMPLETED)
    kind = sent.form.conversation.get_kind_display().lower()
    url = reverse("cycle:form", args=[sent.pk])
    notify(
        recipients=[placement.student.user, placement.schoolopleider, placement.instituutsopleider],
        message=lambda: (
            _("Het formulier van de %(kind)s van %(full_name)s is verzonden.")
            % {"kind": kind, "full_name": placement.student.user.full_name}
        ),
        url=url,
        subject=lambda: _("Driehoek: formulier %(kind)s verzonden") % {"kind": kind},
        body=(
            lambda: (
                _(
                    "%(full_name)s heeft het feedback- en beoordelingsformulier van de "
                    "%(kind)s van %(student)s (%(school)s) verzonden.\n\nLees het in "
                    "Driehoek: %(SITE_URL)s%(url)s\n"
                )
                % {
                    "full_name": by.full_name,
                    "kind": kind,
                    "student": placement.student.user.full_name,
                    "school": placement.school,
                    "SITE_URL": settings.SITE_URL,
                    "url": url,
                }
            )
        ),
    )
    return sent


@transaction.atomic
def form_correct(*, by: User, version: FormVersion, reason: str) -> FormVersion:
    """Start a correction of a sent version: a new version with a reason; the old one stays."""
    if not version.is_sent:
        raise CycleError(_("Alleen een verzonden formulier kan worden gecorrigeerd."))
    new = form_version_start(by=by, form=version.form, reason=reason)
    new.state = FormState.SUBMITTED
    new.save(update_fields=["state"])
    return new
