"""Writes of the calibration session (calibration-design.md §3.3, §3.7): each in a
transaction, audited, refusing with a Dutch message the view can show.

The motivation rule (002 Kwaliteitscriteria, "a motivation that must cite at least one indicator
or observation") is made checkable as: on submitting, every exemplar has a judgement, at least
one ticked indicator of its kijkkader, and a motivation of at least MIN_MOTIVATION characters
(the ticked indicators are what the motivation rests on). Drafts may be incomplete.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import audit_record
from apps.calibration.exemplars.exposure import excluded_ids
from apps.calibration.models import (
    AgreementKind,
    AssessorCredential,
    CalibrationSession,
    Exemplar,
    JudgementPhase,
    Participant,
    SessionAgreement,
    SessionExemplar,
    SessionJudgement,
    SessionPhase,
    SessionScope,
)
from apps.calibration.sessions.selectors import gradable_indicators, primary_role
from apps.core.concurrency import ServiceError, StaleEdit
from apps.outcomes.models import DecisionRule

MIN_MOTIVATION = 40
MAX_EXEMPLARS = 4
RECOMMENDED = (6, 12)
WARN_OUTSIDE = (3, 15)


class SessionError(ServiceError):
    """The service refused; the message says why."""


class JudgementLocked(ServiceError):
    """The participant submitted: their judgements are locked (the view answers 409)."""


def exposure_conflicts(exemplars: list[Exemplar], users: list[User]) -> list[str]:
    """One Dutch sentence per exemplar a participant may not be shown (the exposure rule of
    §3.2). It names the exemplar by its number and title, never its source or the reason."""
    excluded = excluded_ids(exemplars)
    problems = []
    for exemplar in exemplars:
        for user in users:
            if user.pk in excluded[exemplar.pk]:
                problems.append(
                    _(
                        "Voorbeeld #%(id)s (%(title)s) mag niet aan %(name)s worden voorgelegd. "
                        "Kies een ander voorbeeld of laat deze deelnemer weg."
                    )
                    % {"id": exemplar.pk, "title": exemplar.title, "name": user.full_name}
                )
    return problems


def size_warning(n: int) -> str:
    if n < WARN_OUTSIDE[0] or n > WARN_OUTSIDE[1]:
        return _(
            "Deze sessie heeft %(n)s deelnemers. Aanbevolen is 6 tot 12; buiten 3 tot 15 "
            "zegt de spreiding weinig."
        ) % {"n": n}
    return ""


@dataclass
class SessionSetup:
    title: str
    scope: str
    school: object
    study_year: int | None
    school_year: str
    outcomes: list
    moment: str
    mode: str
    held_on: date
    judge_before: datetime | None
    moderator: User
    notulist: User | None
    target_agreement: object
    exemplars: list
    participants: list


@transaction.atomic
def session_create(*, by: User, setup: SessionSetup) -> CalibrationSession:
    """Plan a session and open it for judging. Refused when an exemplar is outside the chosen
    outcomes, when there are more than four, or when the exposure rule forbids showing an
    exemplar to a participant."""
    exemplars = list(setup.exemplars)
    users = list(setup.participants)
    if not 1 <= len(exemplars) <= MAX_EXEMPLARS:
        raise SessionError(_("Kies één tot vier voorbeelden."))
    if not users:
        raise SessionError(_("Kies ten minste één deelnemer."))
    outcome_ids = {o.pk for o in setup.outcomes}
    if any(e.outcome_id not in outcome_ids for e in exemplars):
        raise SessionError(_("Elk voorbeeld moet bij een van de gekozen leeruitkomsten horen."))
    if any(e.state != "gepubliceerd" for e in exemplars):
        raise SessionError(_("Alleen gepubliceerde voorbeelden kunnen in een sessie."))
    problems = exposure_conflicts(exemplars, users)
    if problems:
        raise SessionError(" ".join(problems))
    if setup.scope == SessionScope.SCHOOL and setup.school is None:
        raise SessionError(_("Kies de school van deze sessie."))
    if setup.scope == SessionScope.COHORT and not setup.study_year:
        raise SessionError(_("Kies het studiejaar van dit cohort."))
    session = CalibrationSession.objects.create(
        title=setup.title,
        scope=setup.scope,
        school=setup.school if setup.scope == SessionScope.SCHOOL else None,
        study_year=setup.study_year if setup.scope == SessionScope.COHORT else None,
        school_year=setup.school_year,
        moment=setup.moment,
        mode=setup.mode,
        held_on=setup.held_on,
        judge_before=setup.judge_before,
        organiser=by,
        moderator=setup.moderator,
        notulist=setup.notulist,
        target_agreement=setup.target_agreement,
        phase=SessionPhase.JUDGING,
    )
    session.outcomes.set(setup.outcomes)
    SessionExemplar.objects.bulk_create(
        SessionExemplar(session=session, exemplar=e, position=i) for i, e in enumerate(exemplars)
    )
    roles = {}
    for user in users:
        roles[user.pk] = primary_role(user.role_set)
    Participant.objects.bulk_create(
        Participant(session=session, user=u, role=roles[u.pk]) for u in users
    )
    audit_record(
        actor=by,
        action="kalibratiesessie_aangemaakt",
        target=session,
        detail={"exemplars": [e.pk for e in exemplars], "participants": len(users)},
    )
    return session


def _any_submitted(session: CalibrationSession) -> bool:
    return session.participants.filter(submitted_at__isnull=False).exists()


@transaction.atomic
def session_update(
    *,
    by: User,
    session: CalibrationSession,
    lock_version: int,
    title: str,
    held_on: date,
    judge_before: datetime | None,
    notulist: User | None,
    target_agreement,
) -> CalibrationSession:
    """Change the practicalities. The pre-registered target is fixed once anyone submitted:
    "state the agreement you would accept before you measure anything"."""
    fresh = CalibrationSession.objects.select_for_update().get(pk=session.pk)
    if fresh.lock_version != lock_version:
        raise StaleEdit(_("Iemand anders heeft deze sessie intussen gewijzigd."), current={})
    if fresh.phase == SessionPhase.CLOSED:
        raise SessionError(_("Deze sessie is afgesloten."))
    if target_agreement != fresh.target_agreement and (
        _any_submitted(fresh) or fresh.phase != SessionPhase.JUDGING
    ):
        raise SessionError(
            _("Het doel voor overeenstemming ligt vast: er is al een oordeel ingediend.")
        )
    fresh.title = title
    fresh.held_on = held_on
    fresh.judge_before = judge_before
    fresh.notulist = notulist
    fresh.target_agreement = target_agreement
    fresh.lock_version += 1
    fresh.save()
    audit_record(actor=by, action="kalibratiesessie_gewijzigd", target=fresh)
    return fresh


@dataclass
class JudgementInput:
    judgement: str
    confidence_year3: bool | None
    indicators: list
    motivation: str
    certainty: int | None


def submit_problems(exemplars: list[Exemplar], data: dict[int, JudgementInput]) -> list[str]:
    problems = []
    for exemplar in exemplars:
        item = data.get(exemplar.pk)
        label = exemplar.title
        if item is None or not item.judgement:
            problems.append(_("%(title)s: kies voldaan of niet voldaan.") % {"title": label})
            continue
        if exemplar.outcome.asks_confidence and item.confidence_year3 is None:
            problems.append(
                _("%(title)s: geef aan of je voldoende vertrouwen hebt in afronding in jaar 3.")
                % {"title": label}
            )
        if not item.indicators:
            problems.append(
                _("%(title)s: vink ten minste één indicator aan waarop je oordeel rust.")
                % {"title": label}
            )
        if len(item.motivation.strip()) < MIN_MOTIVATION:
            problems.append(
                _(
                    "%(title)s: schrijf een motivatie van ten minste %(n)s tekens die verwijst "
                    "naar wat je zag."
                )
                % {"title": label, "n": MIN_MOTIVATION}
            )
    return problems


@transaction.atomic
def judgements_save(
    *,
    by: User,
    participant: Participant,
    exemplars: list[Exemplar],
    data: dict[int, JudgementInput],
    show_name: bool,
    submit: bool,
) -> Participant:
    """Keep the participant's drafts; with `submit`, check them and lock all of them."""
    fresh = Participant.objects.select_for_update().select_related("session").get(pk=participant.pk)
    if fresh.user_id != by.pk:
        raise SessionError(_("Je kunt alleen je eigen oordelen invullen."))
    if fresh.submitted_at is not None:
        raise JudgementLocked(_("Je hebt je oordelen ingediend; ze kunnen niet meer veranderen."))
    if fresh.session.phase not in (SessionPhase.PLANNED, SessionPhase.JUDGING):
        raise JudgementLocked(_("De spreiding is al getoond; beoordelen kan niet meer."))
    if submit:
        problems = submit_problems(exemplars, data)
        if problems:
            raise SessionError(" ".join(problems))
    now = timezone.now()
    for exemplar in exemplars:
        item = data.get(exemplar.pk)
        if item is None:
            continue
        allowed = {i.pk for i in gradable_indicators(exemplar)}
        row, _created = SessionJudgement.objects.get_or_create(
            participant=fresh, exemplar=exemplar, phase=JudgementPhase.PRE
        )
        row.judgement = item.judgement
        row.confidence_year3 = item.confidence_year3 if exemplar.outcome.asks_confidence else None
        row.motivation = item.motivation
        row.certainty = item.certainty
        row.lock_version += 1
        if submit:
            row.submitted_at = now
        row.save()
        row.indicators_seen.set([i for i in item.indicators if i.pk in allowed])
    fresh.show_name = show_name
    if submit:
        fresh.submitted_at = now
    fresh.save(update_fields=["show_name", "submitted_at"])
    if submit:
        audit_record(actor=by, action="kalibratie_oordelen_ingediend", target=fresh.session)
    return fresh


def reveal_allowed(session: CalibrationSession) -> bool:
    everyone = not session.participants.filter(submitted_at__isnull=True).exists()
    deadline = session.judge_before is not None and session.judge_before <= timezone.now()
    return everyone or deadline


@transaction.atomic
def session_reveal(*, by: User, session: CalibrationSession) -> CalibrationSession:
    """The moderator shows the spread: when everyone submitted or the deadline passed."""
    fresh = CalibrationSession.objects.select_for_update().get(pk=session.pk)
    if by.pk != fresh.moderator_id:
        raise SessionError(_("Alleen de moderator toont de spreiding."))
    if fresh.revealed_at is not None:
        raise SessionError(_("De spreiding is al getoond."))
    if not fresh.participants.filter(submitted_at__isnull=False).exists():
        raise SessionError(_("Nog niemand heeft een oordeel ingediend."))
    if not reveal_allowed(fresh):
        raise SessionError(
            _(
                "Nog niet iedereen heeft ingediend en de termijn om te beoordelen loopt nog. "
                "De spreiding kan daarna worden getoond."
            )
        )
    fresh.phase = SessionPhase.REVEALED
    fresh.revealed_at = timezone.now()
    fresh.lock_version += 1
    fresh.save()
    audit_record(actor=by, action="kalibratie_spreiding_getoond", target=fresh)
    return fresh


@transaction.atomic
def session_reference_reveal(*, by: User, session: CalibrationSession) -> CalibrationSession:
    """The reference comes last, after the discussion of the spread (§3.3)."""
    fresh = CalibrationSession.objects.select_for_update().get(pk=session.pk)
    if by.pk != fresh.moderator_id:
        raise SessionError(_("Alleen de moderator toont de referentie."))
    if fresh.phase != SessionPhase.REVEALED:
        raise SessionError(_("De referentie komt na het tonen en bespreken van de spreiding."))
    fresh.phase = SessionPhase.REFERENCE
    fresh.reference_revealed_at = timezone.now()
    fresh.lock_version += 1
    fresh.save()
    audit_record(actor=by, action="kalibratie_referentie_getoond", target=fresh)
    return fresh


@transaction.atomic
def session_close(*, by: User, session: CalibrationSession) -> CalibrationSession:
    """Close the session: its participants enter the assessor register (§3.7)."""
    fresh = CalibrationSession.objects.select_for_update().get(pk=session.pk)
    if fresh.phase not in (SessionPhase.REVEALED, SessionPhase.REFERENCE):
        raise SessionError(_("Een sessie sluit je af na het tonen van de spreiding."))
    fresh.phase = SessionPhase.CLOSED
    fresh.closed_at = timezone.now()
    fresh.lock_version += 1
    fresh.save()
    audit_record(actor=by, action="kalibratiesessie_afgesloten", target=fresh)
    return fresh


@transaction.atomic
def agreement_record(
    *,
    by: User,
    session: CalibrationSession,
    kind: str,
    text: str,
    outcome=None,
    indicator=None,
    action: str = "",
) -> SessionAgreement:
    if by.pk not in (session.moderator_id, session.notulist_id):
        raise SessionError(_("Alleen de moderator en de notulist leggen afspraken vast."))
    if session.revealed_at is None:
        raise SessionError(_("Afspraken volgen op het tonen en bespreken van de spreiding."))
    if session.phase == SessionPhase.CLOSED:
        raise SessionError(_("Deze sessie is afgesloten."))
    if indicator is not None:
        outcome = indicator.dimension.outcome
    if outcome is not None and not session.outcomes.filter(pk=outcome.pk).exists():
        raise SessionError(_("Kies een leeruitkomst van deze sessie."))
    agreement = SessionAgreement.objects.create(
        session=session,
        kind=kind,
        text=text,
        outcome=outcome,
        indicator=indicator,
        action=action,
        recorded_by=by,
    )
    audit_record(actor=by, action="kalibratie_afspraak_vastgelegd", target=agreement)
    return agreement


def scope_label(session: CalibrationSession) -> str:
    if session.scope == SessionScope.SCHOOL and session.school:
        return str(session.school)
    if session.scope == SessionScope.COHORT and session.study_year:
        return _("Studiejaar %(year)s") % {"year": session.study_year}
    return _("Hele partnerschap")


PROMOTABLE = (AgreementKind.INTERPRETATION, AgreementKind.CUTOFF)


@transaction.atomic
def agreement_promote(*, by: User, agreement: SessionAgreement) -> DecisionRule:
    """Make an interpretation or cesuur agreement a beslisregel in the live form: a new row;
    a current rule for the same outcome, indicator and scope is retired and becomes its
    `previous` (version + 1). Sent forms keep the versions they recorded."""
    agreement = (
        SessionAgreement.objects.select_for_update().select_related("session").get(pk=agreement.pk)
    )
    if agreement.kind not in PROMOTABLE:
        raise SessionError(
            _("Alleen een afspraak over een interpretatie of een cesuur wordt een beslisregel.")
        )
    if agreement.decision_rule_id:
        raise SessionError(_("Deze afspraak is al een beslisregel."))
    if agreement.outcome_id is None:
        raise SessionError(_("Kies bij de afspraak de leeruitkomst (of de indicator)."))
    if agreement.kind == AgreementKind.INTERPRETATION and agreement.indicator_id is None:
        raise SessionError(
            _("Een interpretatie hoort bij een indicator: kies die bij de afspraak.")
        )
    indicator_id = (
        agreement.indicator_id if agreement.kind == AgreementKind.INTERPRETATION else None
    )
    session = agreement.session
    scope = scope_label(session)
    now = timezone.now()
    previous = (
        DecisionRule.objects.select_for_update()
        .filter(
            outcome_id=agreement.outcome_id,
            indicator_id=indicator_id,
            scope_label=scope,
            retired_at__isnull=True,
        )
        .order_by("-version")
        .first()
    )
    if previous is not None:
        previous.retired_at = now
        previous.save(update_fields=["retired_at"])
    rule = DecisionRule.objects.create(
        outcome_id=agreement.outcome_id,
        indicator_id=indicator_id,
        text=agreement.text,
        version=previous.version + 1 if previous else 1,
        previous=previous,
        scope_label=scope,
        source_label=session.title,
        source_date=session.held_on,
        published_by=by,
        published_at=now,
    )
    agreement.decision_rule = rule
    agreement.save(update_fields=["decision_rule"])
    audit_record(
        actor=by,
        action="beslisregel_gepubliceerd",
        target=rule,
        detail={"agreement": agreement.pk, "previous": previous.pk if previous else None},
    )
    return rule


@transaction.atomic
def agreement_action_done(*, by: User, agreement: SessionAgreement, done: bool) -> SessionAgreement:
    """Mark an agreement's action item afgehandeld (or open again). Allowed in any phase: the
    work of an action item is done after the session closes. An agreement without an action
    item has nothing to mark."""
    agreement = SessionAgreement.objects.select_for_update().get(pk=agreement.pk)
    if not agreement.action.strip():
        raise SessionError(_("Bij deze afspraak hoort geen actiepunt."))
    if agreement.action_done == done:
        return agreement
    agreement.action_done = done
    agreement.full_clean()
    agreement.save(update_fields=["action_done"])
    audit_record(
        actor=by,
        action="kalibratie_actiepunt_afgehandeld" if done else "kalibratie_actiepunt_heropend",
        target=agreement,
    )
    return agreement


@transaction.atomic
def credential_record(
    *,
    by: User,
    user: User,
    kind: str,
    name: str,
    obtained_on: date,
    expires_on: date | None,
) -> AssessorCredential:
    credential = AssessorCredential.objects.create(
        user=user,
        kind=kind,
        name=name,
        obtained_on=obtained_on,
        expires_on=expires_on,
        recorded_by=by,
    )
    audit_record(actor=by, action="beoordelaarsregister_vastgelegd", target=credential)
    return credential
