"""The assessment procedure of the handbook (chapter 2 and 3): doubt about a judgement and
the dialogue that follows, concerns about an outcome, early termination, and maatwerk.

Every function takes the acting user, runs in a transaction and leaves a record; nothing
already sent is changed in place.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import notify
from apps.cycle.access import is_institute_assessor
from apps.cycle.common import CycleError
from apps.cycle.models import (
    Concern,
    ConcernStatus,
    Disagreement,
    DisagreementMessage,
    DisagreementStatus,
    FormEntry,
    FormVersion,
    Judgement,
    TerminationProposal,
    TerminationStatus,
)
from apps.cycle.procedure.selectors import disagreement_participants, placement_of
from apps.outcomes.models import LearningOutcome, SubjectOutcome
from apps.placements.models import (
    OutcomeSource,
    Placement,
    PlacementOutcome,
    PlacementStatus,
    TerminationReason,
)
from apps.placements.services import placement_set_status


def _forget_stored_pdf(version: FormVersion) -> None:
    """The form's PDF shows the dialogue and decision: render it again on the next download
    (and remove the old file, so stored PDFs do not pile up)."""
    stored = FormVersion.objects.get(pk=version.pk).pdf
    if stored:
        stored.delete(save=False)
    FormVersion.objects.filter(pk=version.pk).update(pdf="", pdf_sha256=None)


@transaction.atomic
def disagreement_open(*, by: User, entry: FormEntry, reason: str) -> Disagreement:
    """The institute's assessor puts a sent judgement in doubt, with a reason; the
    werkplekbegeleider and schoolopleider are asked into the dialogue."""
    placement = placement_of(entry)
    if not is_institute_assessor(by, placement):
        raise CycleError(_("Alleen de beoordelaar van het instituut kan een oordeel betwijfelen."))
    if not entry.version.is_sent or entry.judgement not in Judgement.values:
        raise CycleError(_("Alleen een verzonden oordeel kan in twijfel worden getrokken."))
    if not reason.strip():
        raise CycleError(_("Geef aan waarom je twijfelt aan dit oordeel."))
    if entry.disagreements.filter(status=DisagreementStatus.OPEN).exists():
        raise CycleError(_("Over dit oordeel loopt al een gesprek."))
    disagreement = Disagreement(
        entry=entry, raised_by=by, reason=reason.strip(), original_judgement=entry.judgement
    )
    disagreement.full_clean()
    disagreement.save()
    DisagreementMessage.objects.create(disagreement=disagreement, author=by, text=reason.strip())
    _forget_stored_pdf(entry.version)
    notify(
        recipients=[placement.werkplekbegeleider, placement.schoolopleider],
        message=lambda: (
            _("%(full_name)s twijfelt aan het oordeel over %(placement_outcome)s van %(student)s.")
            % {
                "full_name": by.full_name,
                "placement_outcome": entry.placement_outcome,
                "student": placement.student.user.full_name,
            }
        ),
        url=reverse("cycle:disagreement", args=[disagreement.pk]),
        subject=lambda: _("Driehoek: twijfel over een oordeel"),
        body=lambda: (
            _(
                "%(full_name)s wil het oordeel over %(placement_outcome)s van "
                "%(student)s met je bespreken.\n\nReden: %(reason)s\n"
            )
            % {
                "full_name": by.full_name,
                "placement_outcome": entry.placement_outcome,
                "student": placement.student.user.full_name,
                "reason": reason.strip(),
            }
        ),
    )
    return disagreement


@transaction.atomic
def disagreement_post(*, by: User, disagreement: Disagreement, text: str) -> DisagreementMessage:
    """A contribution to the collegial dialogue."""
    if disagreement.status != DisagreementStatus.OPEN:
        raise CycleError(_("Dit gesprek is afgerond."))
    if not text.strip():
        raise CycleError(_("Schrijf een bericht."))
    message = DisagreementMessage.objects.create(
        disagreement=disagreement, author=by, text=text.strip()
    )
    notify(
        recipients=[p for p in disagreement_participants(disagreement) if p.pk != by.pk],
        message=lambda: (
            _("%(full_name)s reageerde in het gesprek over %(placement_outcome)s.")
            % {"full_name": by.full_name, "placement_outcome": disagreement.entry.placement_outcome}
        ),
        url=reverse("cycle:disagreement", args=[disagreement.pk]),
    )
    return message


@transaction.atomic
def disagreement_resolve(
    *, by: User, disagreement: Disagreement, agreed: bool, judgement: str, rationale: str
) -> Disagreement:
    """End the dialogue: with agreement (recorded by a participant), or without it by the
    instituutsopleider's final decision. The werkplekbegeleider and the student are told."""
    disagreement = Disagreement.objects.select_for_update().get(pk=disagreement.pk)
    placement = placement_of(disagreement.entry)
    if disagreement.status != DisagreementStatus.OPEN:
        raise CycleError(_("Dit gesprek is al afgerond."))
    if judgement not in Judgement.values:
        raise CycleError(_("Kies voldaan of niet voldaan."))
    if not rationale.strip():
        raise CycleError(_("Onderbouw het besluit."))
    if not agreed and not is_institute_assessor(by, placement):
        raise CycleError(_("Alleen de instituutsopleider neemt het eindbesluit."))
    disagreement.status = DisagreementStatus.AGREED if agreed else DisagreementStatus.DECIDED
    disagreement.final_judgement = judgement
    disagreement.rationale = rationale.strip()
    disagreement.resolved_by = by
    disagreement.resolved_at = timezone.now()
    disagreement.full_clean()
    disagreement.save()
    _forget_stored_pdf(disagreement.entry.version)
    outcome = disagreement.entry.placement_outcome
    verdict = Judgement(judgement).label.lower()
    form_url = reverse("cycle:form", args=[disagreement.entry.version_id])
    notify(
        recipients=[placement.werkplekbegeleider, placement.schoolopleider],
        message=lambda: (
            _("Het gesprek over %(outcome)s is afgerond: %(verdict)s.")
            % {"outcome": outcome, "verdict": verdict}
        ),
        url=reverse("cycle:disagreement", args=[disagreement.pk]),
        subject=lambda: _("Driehoek: besluit over een oordeel"),
        body=lambda: (
            _(
                "Het gesprek over het oordeel op %(outcome)s van %(full_name)s is "
                "afgerond (%(status)s): %(verdict)s.\n\nOnderbouwing: "
                "%(rationale)s\n"
            )
            % {
                "outcome": outcome,
                "full_name": placement.student.user.full_name,
                "status": disagreement.get_status_display().lower(),
                "verdict": verdict,
                "rationale": disagreement.rationale,
            }
        ),
    )
    notify(
        recipients=[placement.student.user],
        message=lambda: (
            _("Het oordeel over %(outcome)s is vastgesteld: %(verdict)s.")
            % {"outcome": outcome, "verdict": verdict}
        ),
        url=form_url,
    )
    return disagreement


@transaction.atomic
def concern_raise(*, by: User, placement_outcome: PlacementOutcome, text: str) -> Concern:
    """The werkplekbegeleider shares a concern about one outcome with the instituutsopleider."""
    placement = placement_outcome.placement
    if not placement.is_assessor(by):
        raise CycleError(_("Alleen de werkplekbegeleider of schoolopleider meldt een zorg."))
    if not text.strip():
        raise CycleError(_("Beschrijf je zorg."))
    concern = Concern.objects.create(
        placement_outcome=placement_outcome, raised_by=by, text=text.strip()
    )
    notify(
        recipients=[placement.instituutsopleider],
        message=lambda: (
            _("%(full_name)s maakt zich zorgen over %(placement_outcome)s van %(student)s.")
            % {
                "full_name": by.full_name,
                "placement_outcome": placement_outcome,
                "student": placement.student.user.full_name,
            }
        ),
        url=reverse("cycle:concern", args=[concern.pk]),
        subject=lambda: _("Driehoek: zorg over de ontwikkeling van een student"),
        body=lambda: (
            _(
                "%(full_name)s meldt een zorg over %(placement_outcome)s van %(student)s:"
                "\n\n%(text)s\n"
            )
            % {
                "full_name": by.full_name,
                "placement_outcome": placement_outcome,
                "student": placement.student.user.full_name,
                "text": text.strip(),
            }
        ),
    )
    return concern


@transaction.atomic
def concern_acknowledge(*, by: User, concern: Concern, agreement: str) -> Concern:
    """The instituutsopleider acknowledges a concern and records what was agreed."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    placement = concern.placement_outcome.placement
    if not is_institute_assessor(by, placement):
        raise CycleError(_("Alleen de instituutsopleider legt de afspraken vast."))
    if concern.status != ConcernStatus.OPEN:
        raise CycleError(_("Deze zorg is al afgehandeld."))
    if not agreement.strip():
        raise CycleError(_("Schrijf op wat er is afgesproken."))
    concern.status = ConcernStatus.ACKNOWLEDGED
    concern.agreement = agreement.strip()
    concern.acknowledged_by = by
    concern.acknowledged_at = timezone.now()
    concern.full_clean()
    concern.save()
    notify(
        recipients=[concern.raised_by],
        message=lambda: (
            _("%(full_name)s heeft de afspraken over je zorg vastgelegd.")
            % {"full_name": by.full_name}
        ),
        url=reverse("cycle:concern", args=[concern.pk]),
    )
    return concern


@transaction.atomic
def termination_propose(
    *, by: User, placement: Placement, reason: str, explanation: str
) -> TerminationProposal:
    """The werkplekbegeleider proposes early termination; schoolopleider and
    instituutsopleider are told and decide."""
    if not placement.is_assessor(by):
        raise CycleError(_("Alleen de werkplekbegeleider stelt voortijdige beëindiging voor."))
    if placement.status == PlacementStatus.TERMINATED:
        raise CycleError(_("Deze stage is al beëindigd."))
    if reason not in TerminationReason.values:
        raise CycleError(_("Kies een van de redenen uit het handboek."))
    if not explanation.strip():
        raise CycleError(_("Licht het voorstel toe."))
    if placement.termination_proposals.filter(status=TerminationStatus.PROPOSED).exists():
        raise CycleError(_("Er ligt al een voorstel tot beëindiging."))
    proposal = TerminationProposal.objects.create(
        placement=placement, proposed_by=by, reason=reason, explanation=explanation.strip()
    )
    notify(
        recipients=[placement.schoolopleider, placement.instituutsopleider],
        message=lambda: (
            _("%(full_name)s stelt voor de stage van %(student)s voortijdig te beëindigen.")
            % {"full_name": by.full_name, "student": placement.student.user.full_name}
        ),
        url=reverse("cycle:termination", args=[proposal.pk]),
        subject=lambda: _("Driehoek: voorstel tot voortijdige beëindiging"),
        body=lambda: (
            _(
                "%(full_name)s stelt voor de stage van %(student)s bij %(school)s "
                "voortijdig te beëindigen.\n\nReden: %(reason)s\nToelichting: "
                "%(explanation)s\n"
            )
            % {
                "full_name": by.full_name,
                "student": placement.student.user.full_name,
                "school": placement.school,
                "reason": proposal.get_reason_display(),
                "explanation": proposal.explanation,
            }
        ),
    )
    return proposal


@transaction.atomic
def termination_decide(
    *, by: User, proposal: TerminationProposal, terminate: bool, note: str, plan: str
) -> TerminationProposal:
    """The schoolopleider or instituutsopleider records the decision and the plan. When the
    placement ends, it becomes terminated and every record is kept."""
    proposal = TerminationProposal.objects.select_for_update().get(pk=proposal.pk)
    placement = proposal.placement
    if by.pk not in {placement.schoolopleider_id, placement.instituutsopleider_id}:
        raise CycleError(_("Alleen de schoolopleider of instituutsopleider besluit hierover."))
    if proposal.status != TerminationStatus.PROPOSED:
        raise CycleError(_("Over dit voorstel is al besloten."))
    if not note.strip():
        raise CycleError(_("Schrijf het besluit en de afspraken op."))
    proposal.status = TerminationStatus.DECIDED if terminate else TerminationStatus.REJECTED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note.strip()
    proposal.plan = plan.strip()
    proposal.full_clean()
    proposal.save()
    if terminate:
        placement_set_status(
            by=by,
            placement=placement,
            status=PlacementStatus.TERMINATED,
            termination_reason=proposal.reason,
            termination_date=timezone.localdate(),
        )
    notify(
        recipients=[placement.student.user, placement.werkplekbegeleider],
        message=lambda: (
            _("De stage is voortijdig beëindigd.") if terminate else _("De stage gaat door.")
        ),
        url=reverse("cycle:placement", args=[placement.pk]),
    )
    return proposal


@transaction.atomic
def maatwerk_add(
    *,
    by: User,
    placement: Placement,
    reason: str,
    wpb_judges: bool | None = None,
    outcome: LearningOutcome | None = None,
    subject_outcome: SubjectOutcome | None = None,
) -> PlacementOutcome:
    """The instituutsopleider adds an outcome to a student's set (for example a year-1
    outcome still open), with whether a werkplekbegeleider judgement is needed; None takes the
    handbook's rule for the outcome (ch.1: "Een beoordeling van de werkplekbegeleider is dan
    niet nodig" for some year-1 outcomes). Forms that have not been sent get the outcome too."""
    if not is_institute_assessor(by, placement) and not by.is_praktijkbureau:
        raise CycleError(_("Alleen de instituutsopleider regelt maatwerk."))
    if not reason.strip():
        raise CycleError(_("Geef de reden van het maatwerk."))
    if (outcome is None) == (subject_outcome is None):
        raise CycleError(_("Kies één leeruitkomst."))
    if wpb_judges is None:
        wpb_judges = (
            outcome.wpb_judgement_needed if outcome is not None else subject_outcome.wpb_judges
        )
    exists = placement.outcomes.filter(outcome=outcome, subject_outcome=subject_outcome).exists()
    if exists:
        raise CycleError(_("Deze leeruitkomst hoort al bij de stage."))
    added = PlacementOutcome(
        placement=placement,
        outcome=outcome,
        subject_outcome=subject_outcome,
        source=OutcomeSource.MAATWERK,
        reason=reason.strip(),
        wpb_judges=wpb_judges,
    )
    added._history_user = by
    added.full_clean()
    added.save()
    open_versions = FormVersion.objects.filter(form__conversation__placement=placement).exclude(
        state="verzonden"
    )
    FormEntry.objects.bulk_create(
        [FormEntry(version=v, placement_outcome=added) for v in open_versions]
    )
    notify(
        recipients=[placement.student.user, placement.werkplekbegeleider],
        message=lambda: _("%(added)s is als maatwerk toegevoegd aan de stage.") % {"added": added},
        url=reverse("cycle:placement", args=[placement.pk]),
    )
    return added


@transaction.atomic
def maatwerk_remove(*, by: User, placement_outcome: PlacementOutcome) -> None:
    """Take a maatwerk outcome off again, as long as nothing was written on it."""
    placement = placement_outcome.placement
    if not is_institute_assessor(by, placement) and not by.is_praktijkbureau:
        raise CycleError(_("Alleen de instituutsopleider regelt maatwerk."))
    if placement_outcome.source != OutcomeSource.MAATWERK:
        raise CycleError(_("Alleen maatwerk kan worden verwijderd; de standaardset blijft."))
    written = placement_outcome.form_entries.exclude(
        self_reflection="", feedback="", feed_forward="", judgement=""
    )
    if written.exists() or placement_outcome.leerplan_goals.exists():
        raise CycleError(_("Op deze leeruitkomst is al geschreven; hij blijft bewaard."))
    placement_outcome.form_entries.all().delete()
    placement_outcome._history_user = by
    placement_outcome.delete()
