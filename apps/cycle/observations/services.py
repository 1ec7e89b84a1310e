"""Writes on lesson observations. Every function takes the acting user, runs atomically and
is recorded (history and the audit log)."""

from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import audit_record, notify
from apps.core.concurrency import StaleEdit
from apps.cycle.common import CycleError
from apps.cycle.models import (
    FormObservation,
    FormVersion,
    InstrumentItem,
    InstrumentKind,
    Observation,
    ObservationInstrument,
    ObservationRequest,
    ObservedIndicator,
)
from apps.cycle.observations.access import may_observe
from apps.cycle.observations.csvfile import read_instrument_csv
from apps.cycle.observations.selectors import observed_for_form, seen_choices
from apps.placements.models import Placement

KIJKKADER_SLUG = "kijkkaders"


def default_instrument() -> ObservationInstrument:
    """The kijkkaders of the learning outcomes: the instrument every observation starts with."""
    instrument = (
        ObservationInstrument.objects.current()
        .filter(slug=KIJKKADER_SLUG, kind=InstrumentKind.KIJKKADER)
        .first()
    )
    if instrument is None:
        instrument = ObservationInstrument.objects.create(
            slug=KIJKKADER_SLUG,
            name=_("Kijkkaders van de leeruitkomsten"),
            kind=InstrumentKind.KIJKKADER,
            source="Handboek werkplekbegeleider, hoofdstuk 5",
        )
    return instrument


@dataclass(frozen=True)
class Seen:
    """One ticked indicator (`key` "i<id>" for a kijkkader indicator, "t<id>" for an item of
    an own instrument) under a placement outcome, with its example."""

    placement_outcome_id: int
    key: str
    example: str


@transaction.atomic
def observation_record(
    *,
    by: User,
    placement: Placement,
    instrument: ObservationInstrument,
    observed_on: date,
    group: str,
    subject: str,
    topic: str,
    seen: list[Seen],
    strengths: str = "",
    feed_forward: str = "",
    lesson_plan: UploadedFile | None = None,
    request: ObservationRequest | None = None,
) -> Observation:
    """An observer records a lesson observation; every indicator seen needs its example and
    must belong to the instrument and the outcome it is listed under. The student is told."""
    if not may_observe(by, placement):
        raise CycleError(_("Alleen begeleiders en opleiders leggen een lesbezoek vast."))
    allowed = {
        (po.pk, key) for po, options in seen_choices(placement, instrument) for key, _t in options
    }
    for s in seen:
        if (s.placement_outcome_id, s.key) not in allowed:
            raise CycleError(_("Deze indicator hoort niet bij deze leeruitkomst."))
        if not s.example.strip():
            raise CycleError(_("Geef bij elke geziene indicator een concreet voorbeeld."))
    if request is not None and request.placement_id != placement.pk:
        raise CycleError(_("Dit verzoek hoort niet bij deze stage."))
    observation = Observation(
        placement=placement,
        observer=by,
        instrument=instrument,
        request=request,
        observed_on=observed_on,
        group=group.strip(),
        subject=subject.strip(),
        topic=topic.strip(),
        strengths=strengths,
        feed_forward=feed_forward,
        lesson_plan_name=lesson_plan.name[:200] if lesson_plan else "",
    )
    observation._history_user = by
    observation.full_clean(exclude=["lesson_plan"])
    if lesson_plan is not None:
        observation.lesson_plan.save(lesson_plan.name, lesson_plan, save=False)
    observation.save()
    ObservedIndicator.objects.bulk_create(
        [
            ObservedIndicator(
                observation=observation,
                placement_outcome_id=s.placement_outcome_id,
                indicator_id=int(s.key[1:]) if s.key[0] == "i" else None,
                item_id=int(s.key[1:]) if s.key[0] == "t" else None,
                example=s.example.strip(),
            )
            for s in seen
        ]
    )
    audit_record(
        actor=by,
        action="observation.recorded",
        target=observation,
        detail={"placement": placement.pk, "indicators": len(seen)},
    )
    notify(
        recipients=[placement.student.user],
        message=lambda: (
            _("%(full_name)s heeft een lesbezoek vastgelegd (%(date)s).")
            % {"full_name": by.full_name, "date": observed_on.strftime("%d-%m-%Y")}
        ),
        url=reverse("cycle:observation", args=[observation.pk]),
    )
    return observation


@transaction.atomic
def observation_respond(*, by: User, observation: Observation, text: str) -> Observation:
    """The student responds to an observation (and may change the response later)."""
    placement = observation.placement
    if not placement.is_student(by):
        raise CycleError(_("Alleen de student reageert op een lesbezoek."))
    if not text.strip():
        raise CycleError(_("Schrijf een reactie."))
    observation.student_response = text.strip()
    observation.responded_at = timezone.now()
    observation._history_user = by
    observation.full_clean(exclude=["lesson_plan"])
    observation.save(update_fields=["student_response", "responded_at"])
    notify(
        recipients=[observation.observer],
        message=lambda: (
            _("%(full_name)s heeft gereageerd op je lesbezoek van %(date)s.")
            % {"full_name": by.full_name, "date": observation.observed_on.strftime("%d-%m-%Y")}
        ),
        url=reverse("cycle:observation", args=[observation.pk]),
    )
    return observation


@transaction.atomic
def observation_request_create(*, by: User, placement: Placement, focus: str) -> ObservationRequest:
    """The student asks for an observation on a chosen focus; the werkplekbegeleider is told."""
    if not placement.is_student(by):
        raise CycleError(_("Alleen de student vraagt om een lesbezoek."))
    if not focus.strip():
        raise CycleError(_("Schrijf op waar het lesbezoek op moet letten."))
    request = ObservationRequest(placement=placement, focus=focus.strip())
    request._history_user = by
    request.full_clean()
    request.save()
    notify(
        recipients=[placement.werkplekbegeleider],
        message=lambda: _("%(full_name)s vraagt om een lesbezoek.") % {"full_name": by.full_name},
        url=reverse("cycle:observations", args=[placement.pk]),
    )
    return request


def lesson_plan_read(*, by: User, observation: Observation) -> bytes:
    """The lesson plan's bytes; every download is recorded in the audit log."""
    if not observation.lesson_plan:
        raise CycleError(_("Bij dit lesbezoek is geen lesvoorbereiding opgeslagen."))
    with observation.lesson_plan.open("rb") as stored:
        data = stored.read()
    audit_record(
        actor=by,
        action="observation.lesson_plan_downloaded",
        target=observation,
        detail={"placement": observation.placement_id},
    )
    return data


@transaction.atomic
def form_observations_take_over(*, by: User, version: FormVersion, lock_version: int) -> int:
    """Tick on the form every indicator seen in the observations since the previous form, and
    record that the version rests on those observations. Returns how many indicators were
    added. A concurrent save of the form is refused (StaleEdit), never overwritten."""
    placement = version.form.conversation.placement
    if version.is_sent or not placement.is_assessor(by):
        raise CycleError(_("Je kunt de feedback op dit formulier niet wijzigen."))
    updated = FormVersion.objects.filter(
        pk=version.pk, lock_version=lock_version, state=version.state
    ).update(lock_version=F("lock_version") + 1)
    if not updated:
        raise StaleEdit(
            "Dit formulier is opgeslagen terwijl jij het bewerkte. Laad het opnieuw en neem de "
            "lesbezoeken dan over.",
            current={},
        )
    observed = observed_for_form(version)
    entries = {
        e.placement_outcome_id: e
        for e in version.entries.prefetch_related("indicators_seen", "placement_outcome")
    }
    through = version.entries.model.indicators_seen.through
    new_links, observations = [], set()
    for po_id, marks in observed.items():
        entry = entries.get(po_id)
        if entry is None:
            continue
        have = {i.pk for i in entry.indicators_seen.all()}
        for mark in marks:
            if mark.indicator_id is None:
                continue
            observations.add(mark.observation_id)
            if mark.indicator_id not in have:
                have.add(mark.indicator_id)
                new_links.append(through(formentry_id=entry.pk, indicator_id=mark.indicator_id))
    through.objects.bulk_create(new_links)
    FormObservation.objects.bulk_create(
        [FormObservation(version=version, observation_id=pk) for pk in sorted(observations)],
        ignore_conflicts=True,
    )
    audit_record(
        actor=by,
        action="form.observations_taken_over",
        target=version,
        detail={"observations": sorted(observations), "indicators": len(new_links)},
    )
    return len(new_links)


@transaction.atomic
def instrument_load(
    *, by: User, instrument: ObservationInstrument, content: bytes
) -> ObservationInstrument:
    """Load a CSV file onto an own instrument, checked whole before anything is written. An
    instrument used by an observation is never changed: the file becomes version n+1."""
    if instrument.kind != InstrumentKind.OWN:
        raise CycleError(_("De kijkkaders komen uit de leeruitkomsten en laad je niet uit CSV."))
    if not instrument.is_current:
        raise CycleError(_("Laad een bestand op de nieuwste versie van het instrument."))
    rows = read_instrument_csv(instrument, content)
    target = instrument
    if instrument.observations.exists():
        target = ObservationInstrument(
            slug=instrument.slug,
            name=instrument.name,
            kind=instrument.kind,
            source=instrument.source,
            version=instrument.version + 1,
            previous=instrument,
        )
        target._history_user = by
        target.full_clean()
        target.save()
    else:
        target.items.all().delete()
    InstrumentItem.objects.bulk_create(
        [
            InstrumentItem(
                instrument=target,
                position=row.position,
                section=row.section,
                outcome_code=row.outcome_code,
                text=row.text,
            )
            for row in rows
        ]
    )
    audit_record(
        actor=by,
        action="observation_instrument.loaded",
        target=target,
        detail={"items": len(rows), "version": target.version},
    )
    return target
