"""The assessment procedure of the handbook (chapter 2 and 3): doubt about a judgement and
the dialogue that follows, concerns about an outcome, early termination, and maatwerk.

Every function takes the acting user, runs in a transaction and leaves a record; nothing
already sent is changed in place.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import audit_record, notify
from apps.cycle.access import is_institute_assessor
from apps.cycle.common import CycleError
from apps.cycle.models import (
    Concern,
    ConcernStatus,
    Disagreement,
    DisagreementMessage,
    DisagreementStatus,
    DoubtCategory,
    FormEntry,
    FormVersion,
    Judgement,
    TerminationProposal,
    TerminationStatus,
)
from apps.cycle.procedure.selectors import (
    add_working_days,
    arbiters,
    dialogue_side,
    disagreement_participants,
    may_decide,
    may_raise_doubt,
    placement_of,
)
from apps.outcomes.models import Indicator, LearningOutcome, SubjectOutcome
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
def disagreement_open(
    *,
    by: User,
    entry: FormEntry,
    reason: str,
    category: str,
    indicator: Indicator | None = None,
) -> Disagreement:
    """The opleider of the institute or the instituutsopleider puts a sent judgement in doubt,
    with a reason and its category (DoubtCategory; "indicator" names the indicator of the
    outcome's kijkkader); the werkplekbegeleider, schoolopleider and opleider are asked into
    the dialogue, which has a deadline (`DISAGREEMENT_DIALOGUE_WORKING_DAYS` working days)."""
    placement = placement_of(entry)
    if not may_raise_doubt(by, placement):
        raise CycleError(_("Alleen de beoordelaar van het instituut kan een oordeel betwijfelen."))
    if not entry.version.is_sent or entry.judgement not in Judgement.values:
        raise CycleError(_("Alleen een verzonden oordeel kan in twijfel worden getrokken."))
    if not reason.strip():
        raise CycleError(_("Geef aan waarom je twijfelt aan dit oordeel."))
    if category not in DoubtCategory.values:
        raise CycleError(_("Kies wat voor twijfel het is."))
    if category == DoubtCategory.INDICATOR:
        outcome_id = entry.placement_outcome.outcome_id
        if indicator is None or indicator.dimension.outcome_id != outcome_id:
            raise CycleError(_("Kies over welke indicator van deze leeruitkomst je twijfelt."))
    else:
        indicator = None
    if entry.disagreements.filter(status=DisagreementStatus.OPEN).exists():
        raise CycleError(_("Over dit oordeel loopt al een gesprek."))
    disagreement = Disagreement(
        entry=entry,
        raised_by=by,
        reason=reason.strip(),
        category=category,
        indicator=indicator,
        original_judgement=entry.judgement,
        deadline=add_working_days(
            timezone.localdate(), settings.DISAGREEMENT_DIALOGUE_WORKING_DAYS
        ),
    )
    disagreement.full_clean()
    disagreement.save()
    DisagreementMessage.objects.create(disagreement=disagreement, author=by, text=reason.strip())
    _forget_stored_pdf(entry.version)
    audit_record(
        actor=by,
        action="disagreement.open",
        target=disagreement,
        detail={"deadline": disagreement.deadline.isoformat(), "category": category},
    )
    notify(
        recipients=[p for p in disagreement_participants(disagreement) if p.pk != by.pk],
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
                "%(student)s met je bespreken.\n\nReden: %(reason)s\n\nRond de dialoog af "
                "vóór %(deadline)s; lukt dat niet, dan wordt de instituutsopleider ingeschakeld.\n"
            )
            % {
                "full_name": by.full_name,
                "placement_outcome": entry.placement_outcome,
                "student": placement.student.user.full_name,
                "reason": reason.strip(),
                "deadline": f"{disagreement.deadline:%d-%m-%Y}",
            }
        ),
    )
    return disagreement


@transaction.atomic
def disagreement_open_from_audit(
    *, by: User, entry: FormEntry, reason: str, audit_item_id: int
) -> Disagreement:
    """The random audit sample (calibration): a blind second judgement differs from the sent
    one, so the case goes into this procedure with the category "steekproef"; the student's
    result does not change by itself (the io decides, as with any doubt).

    `by` is the blind second assessor, who is no one on the placement, so `may_raise_doubt`
    would refuse them. The doubt is raised on behalf of the placement's opleider (who holds the
    dialogue anyway), else its instituutsopleider, else the second assessor; the reason quotes
    the second assessor's reasoning without their name, so the dialogue stays about the work.
    The audit log records the real actor and the audit origin. If a dialogue about this
    judgement already runs, the reasoning is added to it as a message instead."""
    placement = placement_of(entry)
    if not entry.version.is_sent or entry.judgement not in Judgement.values:
        raise CycleError(_("Alleen een verzonden oordeel kan in twijfel worden getrokken."))
    if not reason.strip():
        raise CycleError(_("Geef aan waarom je twijfelt aan dit oordeel."))
    raiser = placement.opleider or placement.instituutsopleider or by
    running = entry.disagreements.filter(status=DisagreementStatus.OPEN).first()
    if running is not None:
        DisagreementMessage.objects.create(disagreement=running, author=raiser, text=reason.strip())
        audit_record(
            actor=by,
            action="disagreement.audit_message",
            target=running,
            detail={"audit_item": audit_item_id},
        )
        return running
    disagreement = Disagreement(
        entry=entry,
        raised_by=raiser,
        reason=reason.strip(),
        category=DoubtCategory.AUDIT,
        original_judgement=entry.judgement,
        deadline=add_working_days(
            timezone.localdate(), settings.DISAGREEMENT_DIALOGUE_WORKING_DAYS
        ),
    )
    disagreement.full_clean()
    disagreement.save()
    DisagreementMessage.objects.create(
        disagreement=disagreement, author=raiser, text=reason.strip()
    )
    _forget_stored_pdf(entry.version)
    audit_record(
        actor=by,
        action="disagreement.open_from_audit",
        target=disagreement,
        detail={
            "deadline": disagreement.deadline.isoformat(),
            "category": DoubtCategory.AUDIT,
            "audit_item": audit_item_id,
            "on_behalf_of": raiser.pk,
        },
    )
    notify(
        recipients=[p for p in disagreement_participants(disagreement) if p.pk != by.pk],
        message=lambda: (
            _(
                "Steekproef: een blinde tweede beoordeling van %(placement_outcome)s van "
                "%(student)s verschilt van het oordeel."
            )
            % {
                "placement_outcome": entry.placement_outcome,
                "student": placement.student.user.full_name,
            }
        ),
        url=reverse("cycle:disagreement", args=[disagreement.pk]),
        subject=lambda: _("Driehoek: steekproef, tweede beoordeling verschilt"),
        body=lambda: (
            _(
                "In de steekproef van de examencommissie kwam een tweede beoordelaar blind tot "
                "een ander oordeel over %(placement_outcome)s van %(student)s. Het oordeel "
                "verandert daardoor niet vanzelf: bespreek het in de dialoog.\n\n"
                "Reden: %(reason)s\n\nRond de dialoog af vóór %(deadline)s.\n"
            )
            % {
                "placement_outcome": entry.placement_outcome,
                "student": placement.student.user.full_name,
                "reason": reason.strip(),
                "deadline": f"{disagreement.deadline:%d-%m-%Y}",
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


def _escalate(disagreement: Disagreement, *, by: User | None, note: str) -> None:
    placement = placement_of(disagreement.entry)
    disagreement.escalated_at = timezone.now()
    disagreement.escalated_by = by
    disagreement.escalation_note = note
    disagreement.full_clean()
    disagreement.save(update_fields=["escalated_at", "escalated_by", "escalation_note"])
    _forget_stored_pdf(disagreement.entry.version)
    audit_record(
        actor=by,
        action="disagreement.escalate",
        target=disagreement,
        detail={"overdue": by is None},
    )
    outcome = disagreement.entry.placement_outcome
    student = placement.student.user.full_name
    url = reverse("cycle:disagreement", args=[disagreement.pk])
    notify(
        recipients=arbiters(disagreement),
        message=lambda: (
            _("Weeg de argumenten over het oordeel op %(outcome)s van %(student)s en besluit.")
            % {"outcome": outcome, "student": student}
        ),
        url=url,
        subject=lambda: _("Driehoek: besluit nodig over een oordeel"),
        body=lambda: (
            _(
                "De collegiale dialoog over het oordeel op %(outcome)s van %(student)s heeft "
                "geen overeenstemming opgeleverd. Weeg de argumenten en neem het eindbesluit.\n"
            )
            % {"outcome": outcome, "student": student}
        ),
    )
    asked = {p.pk for p in arbiters(disagreement)}
    notify(
        recipients=[
            p
            for p in disagreement_participants(disagreement)
            if p.pk not in asked and (by is None or p.pk != by.pk)
        ],
        message=lambda: (
            _("De instituutsopleider is ingeschakeld voor het oordeel op %(outcome)s.")
            % {"outcome": outcome}
        ),
        url=url,
    )


@transaction.atomic
def disagreement_escalate(*, by: User, disagreement: Disagreement, note: str) -> Disagreement:
    """Either side of the dialogue asks for the instituutsopleider: no agreement is coming."""
    disagreement = Disagreement.objects.select_for_update().get(pk=disagreement.pk)
    if disagreement.status != DisagreementStatus.OPEN:
        raise CycleError(_("Dit gesprek is al afgerond."))
    if disagreement.is_escalated:
        raise CycleError(_("De instituutsopleider is al ingeschakeld."))
    if not dialogue_side(by, disagreement):
        raise CycleError(_("Alleen wie de dialoog voert, schakelt de instituutsopleider in."))
    if not note.strip():
        raise CycleError(_("Schrijf waarom jullie er samen niet uitkomen."))
    _escalate(disagreement, by=by, note=note.strip())
    return disagreement


@transaction.atomic
def disagreements_escalate_overdue(*, today: date) -> int:
    """Bring the instituutsopleider in wherever the dialogue passed its deadline without
    agreement. Run daily with the reminders; returns how many were escalated."""
    overdue = (
        Disagreement.objects.select_for_update(of=("self",))
        .filter(status=DisagreementStatus.OPEN, escalated_at__isnull=True, deadline__lt=today)
        .select_related(
            "raised_by",
            "entry__placement_outcome__outcome",
            "entry__placement_outcome__subject_outcome",
            "entry__version__form__conversation__placement__student__user",
            "entry__version__form__conversation__placement__werkplekbegeleider",
            "entry__version__form__conversation__placement__schoolopleider",
            "entry__version__form__conversation__placement__instituutsopleider",
            "entry__version__form__conversation__placement__opleider",
        )
    )
    count = 0
    for disagreement in overdue:
        _escalate(
            disagreement,
            by=None,
            note=_("De termijn voor de dialoog (%(deadline)s) is verstreken.")
            % {"deadline": f"{disagreement.deadline:%d-%m-%Y}"},
        )
        count += 1
    return count


@transaction.atomic
def disagreement_resolve(
    *, by: User, disagreement: Disagreement, agreed: bool, judgement: str, rationale: str
) -> Disagreement:
    """End the dialogue: with agreement (recorded by one of its sides), or without it by the
    final decision of an instituutsopleider who was brought in and did not raise the doubt.
    The werkplekbegeleider, the opleider (who shares the decision with the
    werkplekbegeleider) and the student are told."""
    disagreement = Disagreement.objects.select_for_update().get(pk=disagreement.pk)
    placement = placement_of(disagreement.entry)
    if disagreement.status != DisagreementStatus.OPEN:
        raise CycleError(_("Dit gesprek is al afgerond."))
    if judgement not in Judgement.values:
        raise CycleError(_("Kies voldaan of niet voldaan."))
    if not rationale.strip():
        raise CycleError(_("Onderbouw het besluit."))
    if agreed and not dialogue_side(by, disagreement):
        raise CycleError(_("Alleen wie de dialoog voert, legt de overeenstemming vast."))
    if not agreed and not disagreement.is_escalated:
        raise CycleError(
            _("Eerst wordt de instituutsopleider ingeschakeld; die neemt het eindbesluit.")
        )
    if not agreed and by.pk == disagreement.raised_by_id:
        raise CycleError(_("Wie de twijfel inbracht, neemt niet het eindbesluit."))
    if not agreed and not may_decide(by, disagreement):
        raise CycleError(_("Alleen de ingeschakelde instituutsopleider neemt het eindbesluit."))
    disagreement.status = DisagreementStatus.AGREED if agreed else DisagreementStatus.DECIDED
    disagreement.final_judgement = judgement
    disagreement.rationale = rationale.strip()
    disagreement.resolved_by = by
    disagreement.resolved_at = timezone.now()
    disagreement.full_clean()
    disagreement.save()
    _forget_stored_pdf(disagreement.entry.version)
    audit_record(
        actor=by,
        action="disagreement.agree" if agreed else "disagreement.decide",
        target=disagreement,
        detail={"judgement": judgement},
    )
    outcome = disagreement.entry.placement_outcome
    verdict = Judgement(judgement).label.lower()
    form_url = reverse("cycle:form", args=[disagreement.entry.version_id])
    notify(
        recipients=[
            p
            for p in [placement.werkplekbegeleider, placement.schoolopleider, placement.opleider]
            if p is not None and p.pk != by.pk
        ],
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
    """The instituutsopleider (or the opleider it was handed on to) acknowledges a concern and
    records what was agreed."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    placement = concern.placement_outcome.placement
    if not (is_institute_assessor(by, placement) or by.pk == concern.handed_to_id):
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
def concern_hand_on(*, by: User, concern: Concern) -> Concern:
    """The instituutsopleider hands a concern on to the opleider of the institute, who then
    talks with the werkplekbegeleider and records what was agreed."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    placement = Placement.objects.select_related("opleider", "student__user").get(
        pk=concern.placement_outcome.placement_id
    )
    if not is_institute_assessor(by, placement):
        raise CycleError(_("Alleen de instituutsopleider geeft een zorg door."))
    if concern.status != ConcernStatus.OPEN:
        raise CycleError(_("Deze zorg is al afgehandeld."))
    if placement.opleider is None:
        raise CycleError(_("Op deze stage staat geen opleider van het instituut."))
    if concern.handed_to_id == placement.opleider_id:
        raise CycleError(_("Deze zorg is al doorgegeven."))
    concern.handed_to = placement.opleider
    concern.handed_at = timezone.now()
    concern.full_clean()
    concern.save(update_fields=["handed_to", "handed_at"])
    audit_record(
        actor=by, action="concern.hand_on", target=concern, detail={"to": placement.opleider_id}
    )
    outcome = concern.placement_outcome
    student = placement.student.user.full_name
    url = reverse("cycle:concern", args=[concern.pk])
    notify(
        recipients=[placement.opleider],
        message=lambda: (
            _("%(full_name)s geeft een zorg over %(outcome)s van %(student)s aan je door.")
            % {"full_name": by.full_name, "outcome": outcome, "student": student}
        ),
        url=url,
        subject=lambda: _("Driehoek: een zorg over de ontwikkeling van een student"),
        body=lambda: (
            _(
                "%(full_name)s geeft de zorg van de werkplekbegeleider over %(outcome)s van "
                "%(student)s aan je door:\n\n%(text)s\n"
            )
            % {
                "full_name": by.full_name,
                "outcome": outcome,
                "student": student,
                "text": concern.text,
            }
        ),
    )
    notify(
        recipients=[concern.raised_by],
        message=lambda: (
            _("Je zorg is doorgegeven aan %(full_name)s, opleider van het instituut.")
            % {"full_name": placement.opleider.full_name}
        ),
        url=url,
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


def _deciders(placement: Placement) -> list[User]:
    return [p for p in (placement.schoolopleider, placement.instituutsopleider) if p is not None]


def _termination_notify(proposal: TerminationProposal, *, by: User, message) -> None:
    """Both deciders, and who proposed it, hear of every step."""
    placement = proposal.placement
    notify(
        recipients=[p for p in [*_deciders(placement), proposal.proposed_by] if p.pk != by.pk],
        message=message,
        url=reverse("cycle:termination", args=[proposal.pk]),
        subject=lambda: _("Driehoek: voortijdige beëindiging van een stage"),
        body=lambda: f"{message()}\n",
    )


@transaction.atomic
def termination_decide(
    *,
    by: User,
    proposal: TerminationProposal,
    terminate: bool,
    note: str,
    plan: str,
    consulted_student: bool = False,
    consulted_wpb: bool = False,
    consulted_slb: bool = False,
    consultation: str = "",
) -> TerminationProposal:
    """The first step of the joint decision: the schoolopleider or the instituutsopleider,
    after consulting the student, the werkplekbegeleider and the slb'er, records the intended
    decision and the plan. The other confirms it (`termination_confirm`)."""
    proposal = TerminationProposal.objects.select_for_update().get(pk=proposal.pk)
    placement = Placement.objects.with_people().get(pk=proposal.placement_id)
    if by.pk not in {placement.schoolopleider_id, placement.instituutsopleider_id} - {None}:
        raise CycleError(_("Alleen de schoolopleider of instituutsopleider besluit hierover."))
    if len(_deciders(placement)) < 2:
        raise CycleError(
            _("Schoolopleider en instituutsopleider besluiten samen; de stage mist er een.")
        )
    if proposal.status != TerminationStatus.PROPOSED:
        raise CycleError(_("Over dit voorstel is al besloten."))
    if proposal.intended_by_id is not None:
        raise CycleError(_("Er ligt al een voorgenomen besluit; bevestig het of wijs het af."))
    if not (consulted_student and consulted_wpb and consulted_slb):
        raise CycleError(_("Overleg eerst met de student, de werkplekbegeleider en de slb'er."))
    if not note.strip():
        raise CycleError(_("Schrijf het besluit en de afspraken op."))
    proposal.consulted_student = proposal.consulted_wpb = proposal.consulted_slb = True
    proposal.consultation = consultation.strip()
    proposal.intended_terminate = terminate
    proposal.intended_by = by
    proposal.intended_at = timezone.now()
    proposal.decision_note = note.strip()
    proposal.plan = plan.strip()
    proposal.full_clean()
    proposal.save()
    audit_record(
        actor=by, action="termination.intend", target=proposal, detail={"terminate": terminate}
    )
    student = placement.student.user.full_name
    _termination_notify(
        proposal,
        by=by,
        message=lambda: (
            _(
                "%(full_name)s legt een voorgenomen besluit over de stage van %(student)s "
                "vast: %(decision)s. Bevestig het of wijs het af."
            )
            % {
                "full_name": by.full_name,
                "student": student,
                "decision": (
                    _("de stage wordt beëindigd") if terminate else _("de stage gaat door")
                ),
            }
        ),
    )
    return proposal


@transaction.atomic
def termination_confirm(
    *, by: User, proposal: TerminationProposal, agree: bool, note: str = ""
) -> TerminationProposal:
    """The second decider confirms the intended decision (then it is taken, and a terminated
    placement keeps every record) or rejects it (then the two talk again and the first step
    starts over)."""
    proposal = TerminationProposal.objects.select_for_update().get(pk=proposal.pk)
    placement = Placement.objects.with_people().get(pk=proposal.placement_id)
    if by.pk not in {placement.schoolopleider_id, placement.instituutsopleider_id} - {None}:
        raise CycleError(_("Alleen de schoolopleider of instituutsopleider besluit hierover."))
    if proposal.status != TerminationStatus.PROPOSED or proposal.intended_by_id is None:
        raise CycleError(_("Er ligt geen voorgenomen besluit."))
    if by.pk == proposal.intended_by_id:
        raise CycleError(_("De ander van jullie tweeën bevestigt het besluit."))
    student = placement.student.user.full_name
    if not agree:
        if not note.strip():
            raise CycleError(_("Schrijf waarom je het voorgenomen besluit niet deelt."))
        proposal.intended_terminate = None
        proposal.intended_by = None
        proposal.intended_at = None
        proposal.consultation = "\n\n".join(
            filter(None, [proposal.consultation, f"{by.full_name}: {note.strip()}"])
        )
        proposal.full_clean()
        proposal.save()
        audit_record(actor=by, action="termination.reject_intention", target=proposal)
        _termination_notify(
            proposal,
            by=by,
            message=lambda: (
                _("%(full_name)s deelt het voorgenomen besluit over de stage van %(student)s niet.")
                % {"full_name": by.full_name, "student": student}
            ),
        )
        return proposal
    terminate = bool(proposal.intended_terminate)
    proposal.status = TerminationStatus.DECIDED if terminate else TerminationStatus.REJECTED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.full_clean()
    proposal.save()
    audit_record(
        actor=by, action="termination.decide", target=proposal, detail={"terminate": terminate}
    )
    if terminate:
        placement_set_status(
            by=by,
            placement=placement,
            status=PlacementStatus.TERMINATED,
            termination_reason=proposal.reason,
            termination_date=timezone.localdate(),
        )
    _termination_notify(
        proposal,
        by=by,
        message=lambda: (
            _("Schoolopleider en instituutsopleider besloten samen over de stage van %(student)s.")
            % {"student": student}
        ),
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
