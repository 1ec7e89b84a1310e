"""Writes of the exemplar bank (calibration-design.md §3.2): consent and its revocation, the
preparation of a de-identified copy, constructed exemplars, the four-eyes review and
publication, the reference (anker) with its versions, and bank hygiene (herijken, retention).

Every function takes the acting person (`by`), runs in a transaction and is audited."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import audit_record
from apps.calibration.exemplars import deidentify
from apps.calibration.exemplars.access import (
    consent_party_of,
    may_manage_bank,
    may_prepare_from,
)
from apps.calibration.exemplars.selectors import (
    ConsentWindow,
    consent_window,
    consents_in_force,
)
from apps.calibration.models import (
    ConsentDecision,
    ConsentParty,
    Exemplar,
    ExemplarConsent,
    ExemplarReference,
    ExemplarState,
    SessionExemplar,
    SessionPhase,
)
from apps.core.concurrency import ServiceError, StaleEdit
from apps.cycle.models import FormEntry, FormVersion
from apps.cycle.procedure.selectors import effective_judgement
from apps.placements.models import school_year_of

TEXT_FIELDS = deidentify.TEXT_FIELDS


class ExemplarError(ServiceError):
    """A write of the exemplar bank was refused; the message says why."""


def expiry_from(day: date) -> date:
    years = settings.CALIBRATION_EXEMPLAR_RETENTION_YEARS
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- Consent ----------------------------------------------------------------------------------


def window_refusal(window: ConsentWindow) -> str:
    """Why consent cannot be given yet, in the words of the consent page."""
    if not window.closed:
        return _("Toestemming wordt pas gevraagd als de stage is afgerond.")
    if window.disputed:
        return _(
            "Over een oordeel in deze stage loopt nog een gesprek; toestemming kan pas als dat "
            "is afgerond."
        )
    return _("Je kunt toestemming geven vanaf %(day)s, na de beroepstermijn.") % {
        "day": date_format(window.opens_on, "j F Y")
    }


@transaction.atomic
def consent_decide(*, by: User, version: FormVersion, decision: str) -> ExemplarConsent:
    """The student or the authoring mentor answers the request for this sent form: given or
    refused, against the current consent text. Only after the placement closed, the appeal
    term passed and with no doubt open (`selectors.consent_window`); a refusal of consent that
    was in force is a revocation (everything made from the form is withdrawn), possible at any
    time."""
    party = consent_party_of(by, version)
    if party is None:
        raise PermissionDenied
    if decision not in ConsentDecision.values:
        raise ExemplarError(_("Kies of je toestemming geeft of niet."))
    consent = (
        ExemplarConsent.objects.select_for_update()
        .filter(form_version=version, party=party)
        .first()
    )
    if consent is not None and consent.in_force and decision == ConsentDecision.REFUSED:
        return consent_revoke(by=by, consent=consent)  # revoking is possible at any time
    window = consent_window(version)
    if not window.open:
        raise ExemplarError(window_refusal(window))
    now = timezone.now()
    if consent is None:
        consent = ExemplarConsent(form_version=version, party=party, person=by)
    consent.person = by
    consent.decision = decision
    consent.consent_text_version = settings.CALIBRATION_CONSENT_TEXT_VERSION
    consent.decided_at = now
    consent.revoked_at = None
    consent.save()
    audit_record(
        actor=by,
        action="exemplar_consent",
        target=consent,
        detail={"decision": decision, "text_version": consent.consent_text_version},
    )
    return consent


@transaction.atomic
def consent_revoke(*, by: User, consent: ExemplarConsent) -> ExemplarConsent:
    """Withdraw consent: at once, every exemplar made from this form is withdrawn (its text
    deleted, also in its history) and leaves every session that is not closed."""
    if consent.person_id != by.pk and consent_party_of(by, consent.form_version) != consent.party:
        raise PermissionDenied
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])
    withdrawn = [
        exemplar_withdraw(by=by, exemplar=exemplar, reason="toestemming ingetrokken")
        for exemplar in Exemplar.objects.filter(source_entry__version=consent.form_version)
        .exclude(state=ExemplarState.WITHDRAWN)
        .select_for_update()
    ]
    audit_record(
        actor=by,
        action="exemplar_consent_revoked",
        target=consent,
        detail={"party": consent.party, "withdrawn": [e.pk for e in withdrawn]},
    )
    return consent


# --- Withdrawal and hygiene -------------------------------------------------------------------


def _erase_history_text(exemplar_ids: list[int]) -> None:
    """The text of the exemplars' history rows goes too (the rows themselves stay: who
    prepared and published what, without a word of the text)."""
    Exemplar.history.filter(id__in=exemplar_ids).update(
        title="",
        reference_annotation="",
        special_category_hits=[],
        **dict.fromkeys(TEXT_FIELDS, ""),
    )


@transaction.atomic
def exemplar_withdraw(*, by: User | None, exemplar: Exemplar, reason: str) -> Exemplar:
    """Withdraw an exemplar: state "ingetrokken", its text, ticks and reference emptied (in
    the history too), and gone from every session that is not closed. Judgements that
    participants wrote stay: they are the participants' own text."""
    exemplar.state = ExemplarState.WITHDRAWN
    exemplar.withdrawn_at = timezone.now()
    exemplar.title = _("Ingetrokken voorbeeld %(id)s") % {"id": exemplar.pk}
    for field in TEXT_FIELDS:
        setattr(exemplar, field, "")
    exemplar.judgement = ""
    exemplar.confidence_year3 = None
    exemplar.reference_judgement = ""
    exemplar.reference_confidence_year3 = None
    exemplar.reference_annotation = ""
    exemplar.special_category_hits = []
    exemplar.lock_version += 1
    exemplar._history_user = by
    exemplar.save()
    exemplar.indicators_seen.clear()
    exemplar.reference_indicators.clear()
    references = ExemplarReference.objects.filter(exemplar=exemplar)
    for reference in references:
        reference.indicators.clear()
    references.update(annotation="", reason="", judgement="", confidence_year3=None)
    _erase_history_text([exemplar.pk])
    removed, _detail = (
        SessionExemplar.objects.filter(exemplar=exemplar)
        .exclude(session__phase=SessionPhase.CLOSED)
        .delete()
    )
    audit_record(
        actor=by,
        action="exemplar_withdrawn",
        target=exemplar,
        detail={"reason": reason, "sessions_left": removed},
    )
    return exemplar


@transaction.atomic
def exemplars_recalibrate(*, by: User | None = None) -> list[int]:
    """Exemplars whose outcome (kijkkader) has a newer version are flagged "herijken": they
    leave the published set until someone checks them against the new version."""
    stale = list(
        Exemplar.objects.filter(
            state__in=[ExemplarState.DRAFT, ExemplarState.PUBLISHED],
            outcome__next_version__isnull=False,
        ).values_list("pk", flat=True)
    )
    if stale:
        Exemplar.objects.filter(pk__in=stale).update(
            state=ExemplarState.RECALIBRATE, lock_version=F("lock_version") + 1
        )
        audit_record(actor=by, action="exemplars_recalibrate", detail={"exemplars": stale})
    return stale


@transaction.atomic
def exemplars_expire(*, by: User | None = None, today: date | None = None) -> list[int]:
    """Retention: every exemplar past its date (bewaren tot) is withdrawn, its text deleted."""
    today = today or timezone.localdate()
    expired = list(
        Exemplar.objects.filter(expires_on__lt=today)
        .exclude(state=ExemplarState.WITHDRAWN)
        .select_for_update()
    )
    for exemplar in expired:
        exemplar_withdraw(by=by, exemplar=exemplar, reason="bewaartermijn verstreken")
    return [e.pk for e in expired]


# --- Preparing --------------------------------------------------------------------------------


def _reference_version(
    *, by, exemplar, judgement, confidence_year3, indicators, annotation, reason=""
) -> ExemplarReference:
    number = ExemplarReference.objects.filter(exemplar=exemplar).order_by("-number").first()
    version = ExemplarReference.objects.create(
        exemplar=exemplar,
        number=(number.number + 1) if number else 1,
        judgement=judgement,
        confidence_year3=confidence_year3,
        annotation=annotation,
        reason=reason,
        edited_by=by,
    )
    version.indicators.set(indicators)
    return version


def source_default_reference(entry: FormEntry) -> dict:
    """The final decision of the original case: the judgement that counts after any doubt."""
    return {
        "judgement": effective_judgement(entry, list(entry.disagreements.order_by("raised_at"))),
        "confidence_year3": entry.confidence_year3,
        "indicators": list(entry.indicators_seen.all()),
    }


@transaction.atomic
def exemplar_prepare(
    *,
    by: User,
    entry: FormEntry,
    title: str,
    other_names: str = "",
    reference_annotation: str = "",
) -> Exemplar:
    """Copy one outcome of a sent form into the bank, de-identified (its title too): only with
    the consent of both the student and the authoring mentor in force (403 otherwise). The
    reference starts as the case's final decision."""
    if not may_manage_bank(by) or not may_prepare_from(by, entry):
        raise PermissionDenied
    version = entry.version
    if not consents_in_force(version):
        raise PermissionDenied(_("Student en werkplekbegeleider moeten allebei toestemming geven."))
    placement = version.form.conversation.placement
    outcome = entry.placement_outcome.outcome
    if outcome is None:
        raise ExemplarError(
            _("Alleen een leeruitkomst met een kijkkader kan een voorbeeld worden.")
        )
    redactor = deidentify.redactor_for(placement, other_names)
    texts = {field: redactor.redact(getattr(entry, field)) for field in TEXT_FIELDS}
    reference = source_default_reference(entry)
    first_day = placement.start or min(
        (p.start for p in placement.periods.all()), default=version.sent_at.date()
    )
    exemplar = Exemplar(
        constructed=False,
        source_entry=entry,
        title=redactor.redact(title),  # the title is shown everywhere the text is, PDF included
        outcome=outcome,
        moment=version.form.conversation.kind,
        study_year=placement.student.year,
        track=placement.student.mode,
        school_type=placement.school.school_type,
        subject=placement.student.programme.name,
        source_school=placement.school,
        source_school_year=school_year_of(first_day),
        source_mentor=placement.werkplekbegeleider or version.sent_by,
        source_instituutsopleider=placement.instituutsopleider,
        judgement=entry.judgement,
        confidence_year3=entry.confidence_year3,
        reference_judgement=reference["judgement"],
        reference_confidence_year3=reference["confidence_year3"],
        reference_annotation=reference_annotation,
        special_category_hits=deidentify.special_category_hits(texts),
        prepared_by=by,
        expires_on=expiry_from(timezone.localdate()),
        **texts,
    )
    exemplar._history_user = by
    exemplar.save()
    exemplar.indicators_seen.set(reference["indicators"])
    exemplar.reference_indicators.set(reference["indicators"])
    _reference_version(
        by=by,
        exemplar=exemplar,
        judgement=exemplar.reference_judgement,
        confidence_year3=exemplar.reference_confidence_year3,
        indicators=reference["indicators"],
        annotation=reference_annotation,
    )
    audit_record(
        actor=by,
        action="exemplar_prepared",
        target=exemplar,
        detail={"entry": entry.pk, "hits": len(exemplar.special_category_hits)},
    )
    return exemplar


@transaction.atomic
def exemplar_construct(
    *,
    by: User,
    title: str,
    outcome,
    moment: str,
    study_year: int,
    track: str,
    texts: dict[str, str],
    judgement: str,
    confidence_year3: bool | None,
    indicators,
    reference_annotation: str,
    school_type: str = "",
    subject: str = "",
) -> Exemplar:
    """A constructed exemplar (geconstrueerd), written by an io or the praktijkbureau: no
    student or mentor, so no consent; it still goes through the scan and the four-eyes review.
    The author may give it a school type and vak."""
    if not may_manage_bank(by):
        raise PermissionDenied
    texts = {f: texts.get(f, "") for f in TEXT_FIELDS}
    exemplar = Exemplar(
        constructed=True,
        title=title,
        outcome=outcome,
        moment=moment,
        study_year=study_year,
        track=track,
        school_type=school_type,
        subject=subject.strip(),
        judgement=judgement,
        confidence_year3=confidence_year3,
        reference_judgement=judgement,
        reference_confidence_year3=confidence_year3,
        reference_annotation=reference_annotation,
        special_category_hits=deidentify.special_category_hits(texts),
        prepared_by=by,
        expires_on=expiry_from(timezone.localdate()),
        **texts,
    )
    exemplar._history_user = by
    exemplar.save()
    exemplar.indicators_seen.set(indicators)
    exemplar.reference_indicators.set(indicators)
    _reference_version(
        by=by,
        exemplar=exemplar,
        judgement=judgement,
        confidence_year3=confidence_year3,
        indicators=indicators,
        annotation=reference_annotation,
    )
    audit_record(actor=by, action="exemplar_constructed", target=exemplar)
    return exemplar


def _claim(exemplar: Exemplar, lock_version: int) -> Exemplar:
    fresh = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if fresh.lock_version != lock_version:
        raise StaleEdit(
            _(
                "Iemand anders heeft dit voorbeeld intussen opgeslagen. "
                "Je tekst staat nog hieronder."
            ),
            current={f: getattr(fresh, f) for f in TEXT_FIELDS},
        )
    return fresh


@transaction.atomic
def exemplar_review_save(
    *,
    by: User,
    exemplar: Exemplar,
    lock_version: int,
    texts: dict[str, str],
    harmless: set[int],
    title: str | None = None,
) -> Exemplar:
    """Edit the de-identified text while the exemplar is in preparation (delete a passage),
    and confirm special-category hits as harmless (`harmless`: their positions in the list).
    A hit whose word is gone from its field counts as deleted."""
    if not may_manage_bank(by):
        raise PermissionDenied
    fresh = _claim(exemplar, lock_version)
    if fresh.state != ExemplarState.DRAFT:
        raise ExemplarError(_("Alleen een voorbeeld in voorbereiding kan nog worden bewerkt."))
    for field in TEXT_FIELDS:
        if field in texts:
            setattr(fresh, field, texts[field])
    if title:
        fresh.title = title
    current = {f: getattr(fresh, f) for f in TEXT_FIELDS}
    old = list(fresh.special_category_hits)
    resolved = {}
    for index, hit in enumerate(old):
        if hit.get("resolution"):
            resolved[(hit["field"], hit["word"])] = hit
        elif not deidentify.still_present(hit, current):
            resolved[(hit["field"], hit["word"])] = hit | {
                "resolution": "verwijderd",
                "by": by.full_name,
            }
        elif index in harmless:
            resolved[(hit["field"], hit["word"])] = hit | {
                "resolution": "onschadelijk",
                "by": by.full_name,
            }
    hits = [
        resolved.pop((h["field"], h["word"]), h) for h in deidentify.special_category_hits(current)
    ]
    hits.extend(resolved.values())  # deleted passages stay listed as resolved
    fresh.special_category_hits = hits
    fresh.lock_version += 1
    fresh._history_user = by
    fresh.save()
    audit_record(
        actor=by,
        action="exemplar_reviewed",
        target=fresh,
        detail={"open_hits": sum(1 for h in hits if not h.get("resolution"))},
    )
    return fresh


def open_hits(exemplar: Exemplar) -> list[dict]:
    return [h for h in exemplar.special_category_hits if not h.get("resolution")]


@transaction.atomic
def exemplar_publish(*, by: User, exemplar: Exemplar) -> Exemplar:
    """Publish after the four-eyes review: the publisher is not the preparer (403), every
    special-category hit is resolved, and the exemplar is still in preparation."""
    if not may_manage_bank(by):
        raise PermissionDenied
    fresh = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if fresh.prepared_by_id == by.pk:
        raise PermissionDenied(_("Wie een voorbeeld voorbereidde, publiceert het niet zelf."))
    if fresh.state != ExemplarState.DRAFT:
        raise ExemplarError(_("Alleen een voorbeeld in voorbereiding kan worden gepubliceerd."))
    if open_hits(fresh):
        raise ExemplarError(
            _(
                "Los eerst elke gevoelige passage op: verwijder haar of bevestig dat ze "
                "onschadelijk is."
            )
        )
    if not fresh.constructed and not (
        fresh.source_entry_id and consents_in_force(fresh.source_entry.version)
    ):
        raise PermissionDenied(_("De toestemming is niet (meer) van kracht."))
    fresh.state = ExemplarState.PUBLISHED
    fresh.published_by = by
    fresh.published_at = timezone.now()
    fresh.lock_version += 1
    fresh._history_user = by
    fresh.save()
    audit_record(actor=by, action="exemplar_published", target=fresh)
    return fresh


@transaction.atomic
def exemplar_reference_edit(
    *,
    by: User,
    exemplar: Exemplar,
    lock_version: int,
    judgement: str,
    confidence_year3: bool | None,
    indicators,
    annotation: str,
    reason: str = "",
) -> Exemplar:
    """Revise the reference (anker), for example after a session: a new version is kept with
    who wrote it; the exemplar shows the newest."""
    if not may_manage_bank(by):
        raise PermissionDenied
    fresh = _claim(exemplar, lock_version)
    if fresh.state == ExemplarState.WITHDRAWN:
        raise ExemplarError(_("Een ingetrokken voorbeeld heeft geen referentie meer."))
    fresh.reference_judgement = judgement
    fresh.reference_confidence_year3 = confidence_year3
    fresh.reference_annotation = annotation
    fresh.lock_version += 1
    fresh._history_user = by
    fresh.save()
    fresh.reference_indicators.set(indicators)
    _reference_version(
        by=by,
        exemplar=fresh,
        judgement=judgement,
        confidence_year3=confidence_year3,
        indicators=indicators,
        annotation=annotation,
        reason=reason,
    )
    audit_record(actor=by, action="exemplar_reference_edited", target=fresh)
    return fresh


__all__ = [
    "ConsentParty",
    "ExemplarError",
    "consent_decide",
    "consent_revoke",
    "exemplar_construct",
    "exemplar_prepare",
    "exemplar_publish",
    "exemplar_reference_edit",
    "exemplar_review_save",
    "exemplar_withdraw",
    "exemplars_expire",
    "exemplars_recalibrate",
]
