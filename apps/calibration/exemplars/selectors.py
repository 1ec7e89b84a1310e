"""Reads of the exemplar bank: what other features use (`published_exemplars`), the bank's
list with the exposure rule applied, the forms ready to become an exemplar, and the consent
requests of a student or mentor."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from apps.calibration.exemplars.exposure import shown_to
from apps.calibration.models import (
    ConsentDecision,
    ConsentParty,
    Exemplar,
    ExemplarConsent,
    ExemplarState,
)
from apps.cycle.models import (
    ConversationKind,
    Disagreement,
    DisagreementStatus,
    FormEntry,
    FormState,
    FormVersion,
)
from apps.placements.models import PlacementStatus

MOMENTS = (ConversationKind.TUSSENEVALUATIE, ConversationKind.EINDBEOORDELING)


def published_exemplars(outcome_ids=None) -> QuerySet[Exemplar]:
    """The published exemplars (for sessions): never one in preparation, to be recalibrated
    ("herijken") or withdrawn. Apply `exposure.shown_to` before showing them to a person."""
    exemplars = Exemplar.objects.filter(state=ExemplarState.PUBLISHED).select_related("outcome")
    if outcome_ids is not None:
        exemplars = exemplars.filter(outcome_id__in=outcome_ids)
    return exemplars


def _later_version():
    return FormVersion.objects.filter(form=OuterRef("form"), number__gt=OuterRef("number"))


def _appeal_cutoff(today: date | None = None) -> datetime:
    """An eindbeoordeling sent before this moment is past the appeal term: sent on a day at
    least CALIBRATION_APPEAL_DAYS days before today (local time)."""
    today = today or timezone.localdate()
    first_day_too_late = today - timedelta(days=settings.CALIBRATION_APPEAL_DAYS - 1)
    return timezone.make_aware(datetime.combine(first_day_too_late, time.min))


def _eindbeoordeling_sent_at():
    """When the placement's eindbeoordeling was last sent (a correction starts the term
    again)."""
    return Subquery(
        FormVersion.objects.filter(
            form__conversation__placement=OuterRef("form__conversation__placement"),
            form__conversation__kind=ConversationKind.EINDBEOORDELING,
            state=FormState.SENT,
        )
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )


def _open_disagreement():
    return Exists(
        Disagreement.objects.filter(
            entry__version__form__conversation__placement=OuterRef("form__conversation__placement"),
            status=DisagreementStatus.OPEN,
        )
    )


def closed_versions() -> QuerySet[FormVersion]:
    """Sent forms of a closed placement that may one day be asked about: the latest version of
    a tussenevaluatie or eindbeoordeling of a placement that is afgerond (after its
    eindbeoordeling was sent), annotated with when that eindbeoordeling was sent
    (`eind_sent_at`) and whether a doubt about a judgement of the placement is still open
    (`disputed`)."""
    return (
        FormVersion.objects.filter(
            state=FormState.SENT,
            form__conversation__kind__in=MOMENTS,
            form__conversation__placement__status=PlacementStatus.COMPLETED,
        )
        .exclude(Exists(_later_version()))
        .annotate(eind_sent_at=_eindbeoordeling_sent_at(), disputed=_open_disagreement())
        .select_related("form__conversation__placement__school")
    )


def eligible_versions() -> QuerySet[FormVersion]:
    """Sent forms whose consent may be asked (§3.2 Sources: "the eindbeoordeling is final, the
    appeal period has passed"): of a closed placement, never during assessment, once the
    eindbeoordeling was sent at least CALIBRATION_APPEAL_DAYS days ago and while no doubt
    about a judgement of the placement is open."""
    return closed_versions().filter(eind_sent_at__lt=_appeal_cutoff(), disputed=False)


def opens_on(eind_sent_at: datetime | None) -> date | None:
    """The first day consent may be given: CALIBRATION_APPEAL_DAYS days after the day the
    eindbeoordeling was sent."""
    if eind_sent_at is None:
        return None
    return timezone.localdate(eind_sent_at) + timedelta(days=settings.CALIBRATION_APPEAL_DAYS)


@dataclass(frozen=True)
class ConsentWindow:
    """Whether consent may be given for a form now, and if not, why: the placement is not
    closed, a doubt is open, or the appeal term runs until `opens_on`."""

    closed: bool
    disputed: bool = False
    opens_on: date | None = None

    @property
    def open(self) -> bool:
        return (
            self.closed
            and not self.disputed
            and self.opens_on is not None
            and self.opens_on <= timezone.localdate()
        )


def window_of(version: FormVersion) -> ConsentWindow:
    """The consent window of a version annotated by `closed_versions` (no query)."""
    return ConsentWindow(
        closed=True, disputed=version.disputed, opens_on=opens_on(version.eind_sent_at)
    )


def consent_window(version: FormVersion) -> ConsentWindow:
    """The consent window of one sent form. One query."""
    annotated = closed_versions().filter(pk=version.pk).first()
    return window_of(annotated) if annotated is not None else ConsentWindow(closed=False)


def _in_force(party: str, version_ref: str = "pk"):
    return Exists(
        ExemplarConsent.objects.filter(
            form_version=OuterRef(version_ref),
            party=party,
            decision=ConsentDecision.GIVEN,
            revoked_at__isnull=True,
        )
    )


def consents_in_force(version: FormVersion) -> bool:
    """Both the student and the authoring mentor gave consent and neither revoked it."""
    return (
        FormVersion.objects.filter(pk=version.pk)
        .filter(_in_force(ConsentParty.STUDENT), _in_force(ConsentParty.MENTOR))
        .exists()
    )


@dataclass
class ConsentRequest:
    version: FormVersion
    party: str
    consent: ExemplarConsent | None
    window: ConsentWindow

    @property
    def in_force(self) -> bool:
        return self.consent is not None and self.consent.in_force


def consent_requests_for(user) -> list[ConsentRequest]:
    """The forms of closed placements this person is (or will be) asked about, as student or
    as authoring mentor, with their answer so far and when they may answer (after the appeal
    term, with no doubt open). Two queries."""
    if not user.is_authenticated:
        return []
    versions = list(
        closed_versions()
        .filter(
            Q(form__conversation__placement__student__user=user)
            | Q(form__conversation__placement__werkplekbegeleider=user)
            | Q(form__conversation__placement__werkplekbegeleider__isnull=True, sent_by=user)
        )
        .select_related("form__conversation__placement__student__user")
        .order_by("-sent_at")
    )
    consents = {
        (c.form_version_id, c.party): c
        for c in ExemplarConsent.objects.filter(form_version__in=versions)
    }
    requests = []
    for version in versions:
        placement = version.form.conversation.placement
        party = (
            ConsentParty.STUDENT if placement.student.user_id == user.pk else ConsentParty.MENTOR
        )
        requests.append(
            ConsentRequest(version, party, consents.get((version.pk, party)), window_of(version))
        )
    return requests


def bank_exemplars(user, *, state: str = "", outcome_id: int | None = None) -> list[Exemplar]:
    """The bank's list for this person: schoolopleiders see published exemplars only; the
    exposure rule removes what this person must never be shown (a preparer still sees what
    they prepared). Three queries."""
    from apps.calibration.exemplars.access import reads_every_state

    exemplars = Exemplar.objects.select_related("outcome").order_by("outcome__code", "-id")
    if not reads_every_state(user):
        exemplars = exemplars.filter(state=ExemplarState.PUBLISHED)
    if state:
        exemplars = exemplars.filter(state=state)
    if outcome_id:
        exemplars = exemplars.filter(outcome_id=outcome_id)
    exemplars = list(exemplars)
    shown = {e.pk for e in shown_to(user, exemplars)}
    return [e for e in exemplars if e.pk in shown or e.prepared_by_id == user.pk]


def candidate_entries(user) -> QuerySet[FormEntry]:
    """Judged outcomes of forms whose student and mentor both consented, not yet in the bank
    (a withdrawn copy does not count): what the praktijkbureau or an io may prepare."""
    from apps.placements.access import placements_visible_to

    in_bank = Exemplar.objects.filter(source_entry=OuterRef("pk")).exclude(
        state=ExemplarState.WITHDRAWN
    )
    entries = (
        FormEntry.objects.filter(
            version__in=eligible_versions().filter(
                _in_force(ConsentParty.STUDENT), _in_force(ConsentParty.MENTOR)
            ),
            placement_outcome__outcome__isnull=False,
        )
        .exclude(Exists(in_bank))
        .select_related("placement_outcome__outcome", "version__form__conversation")
        .order_by("-version__sent_at", "id")
    )
    if not user.is_praktijkbureau:
        entries = entries.filter(
            version__form__conversation__placement__in=placements_visible_to(user)
        )
    return entries


# §3.2 step 4: "School type (VO/MBO) and vak are shown only when the category has at least 5
# source forms in the bank."
SCHOOL_CONTEXT_MIN = 5


def shows_school_context(exemplar: Exemplar) -> bool:
    """Whether the exemplar's school type and vak may be shown: for a constructed one whenever
    its author gave them (no school or student behind it); for a copy of a real form only
    while the bank holds at least SCHOOL_CONTEXT_MIN published copies of real forms of the
    same outcome (kijkkader version) and moment, so the two cannot single out a school or a
    student. One query (none for a constructed one)."""
    if exemplar.constructed:
        return bool(exemplar.school_type or exemplar.subject)
    published = Exemplar.objects.filter(
        state=ExemplarState.PUBLISHED,
        constructed=False,
        outcome_id=exemplar.outcome_id,
        moment=exemplar.moment,
    )
    return published.count() >= SCHOOL_CONTEXT_MIN


def reference_versions(exemplar: Exemplar):
    return exemplar.reference_versions.select_related("edited_by").prefetch_related("indicators")
