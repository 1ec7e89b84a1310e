"""Every lookup of a calibration session for a person (calibration-design.md §3.1, §3.8).

Outsiders get 404: anyone who is neither the praktijkbureau nor the session's organiser,
moderator, notulist or a participant. Students never reach a session (criterion 18). Someone who
may see a session but not do the thing asked gets 403. Blindness is a rule of the session, not of
the person: nobody, the moderator included, reads another's judgement before `revealed_at`
(`others_visible`), and nobody reads the reference before `reference_revealed_at`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.accounts.models import Role
from apps.calibration.models import CalibrationSession, Participant, SessionAgreement

# The roles a participant is chosen from (§3.3: the assessors of the triangle).
PARTICIPANT_ROLES = (Role.WERKPLEKBEGELEIDER, Role.SCHOOLOPLEIDER, Role.INSTITUUTSOPLEIDER)


def is_staff(user) -> bool:
    """Someone of the triangle's staff, the praktijkbureau or the examencommissie; never a
    student (a student who also holds a staff role is treated as staff only there)."""
    if not user.is_authenticated:
        return False
    if user.is_praktijkbureau:
        return True
    return bool(user.role_set & {*PARTICIPANT_ROLES, Role.EXAMENCOMMISSIE})


def may_organise(user) -> bool:
    """The praktijkbureau, an instituutsopleider or a schoolopleider sets up a session."""
    return user.is_authenticated and (
        user.is_praktijkbureau
        or user.has_role(Role.INSTITUUTSOPLEIDER)
        or user.has_role(Role.SCHOOLOPLEIDER)
    )


def may_promote(user) -> bool:
    """An io or the praktijkbureau promotes an agreement to a beslisregel (§3.3)."""
    return user.is_authenticated and (
        user.is_praktijkbureau or user.has_role(Role.INSTITUUTSOPLEIDER)
    )


def may_read_register(user) -> bool:
    return user.is_authenticated and (user.is_praktijkbureau or user.has_role(Role.EXAMENCOMMISSIE))


def require_staff(user) -> None:
    if not is_staff(user):
        raise Http404


def _people(session: CalibrationSession) -> set[int]:
    return {session.organiser_id, session.moderator_id, session.notulist_id} - {None}


def participant_of(user, session: CalibrationSession) -> Participant | None:
    return Participant.objects.filter(session=session, user_id=user.pk).first()


def session_for_user(user, pk: int) -> CalibrationSession:
    """The session for its people and the praktijkbureau; 404 for everyone else."""
    if not is_staff(user):
        raise Http404
    session = get_object_or_404(
        CalibrationSession.objects.select_related("organiser", "moderator", "notulist", "school"),
        pk=pk,
    )
    if user.is_praktijkbureau or user.pk in _people(session):
        return session
    if Participant.objects.filter(session=session, user_id=user.pk).exists():
        return session
    raise Http404


def session_for_report(user, pk: int) -> CalibrationSession:
    """The report exists once the spread is shown; the examencommissie reads it too."""
    if user.is_authenticated and user.has_role(Role.EXAMENCOMMISSIE) and not user.is_praktijkbureau:
        session = get_object_or_404(CalibrationSession, pk=pk)
    else:
        session = session_for_user(user, pk)
    if session.revealed_at is None:
        raise Http404
    return session


def session_for_setup(user, pk: int) -> CalibrationSession:
    session = session_for_user(user, pk)
    if not may_setup(user, session):
        raise PermissionDenied
    return session


def session_for_judging(user, pk: int) -> tuple[CalibrationSession, Participant]:
    session = session_for_user(user, pk)
    participant = participant_of(user, session)
    if participant is None:
        raise PermissionDenied
    return session, participant


def session_for_moderation(user, pk: int) -> CalibrationSession:
    """Only the moderator opens the reveal and the reference."""
    session = session_for_user(user, pk)
    if user.pk != session.moderator_id:
        raise PermissionDenied
    return session


def session_for_closing(user, pk: int) -> CalibrationSession:
    session = session_for_user(user, pk)
    if user.pk not in (session.moderator_id, session.organiser_id):
        raise PermissionDenied
    return session


def session_for_minutes(user, pk: int) -> CalibrationSession:
    """The moderator and the notulist write the agreements down."""
    session = session_for_user(user, pk)
    if user.pk not in (session.moderator_id, session.notulist_id):
        raise PermissionDenied
    return session


def agreement_for_promotion(user, pk: int) -> SessionAgreement:
    agreement = get_object_or_404(SessionAgreement, pk=pk)
    session_for_user(user, agreement.session_id)
    if not may_promote(user):
        raise PermissionDenied
    return agreement


def may_setup(user, session: CalibrationSession) -> bool:
    """Who may change a session: the praktijkbureau, its organiser and its moderator."""
    return user.is_praktijkbureau or user.pk in (session.organiser_id, session.moderator_id)


def agreement_for_action(user, pk: int) -> SessionAgreement:
    """An agreement whose action item is marked afgehandeld (or open): whoever may change the
    session (`session_for_setup`); 404 for outsiders, 403 for the session's other people."""
    agreement = get_object_or_404(SessionAgreement, pk=pk)
    session_for_setup(user, agreement.session_id)
    return agreement


def may_minute(user, session: CalibrationSession) -> bool:
    return user.pk in (session.moderator_id, session.notulist_id)


def others_visible(session: CalibrationSession) -> bool:
    """Another participant's judgement shows only after the moderator opened the reveal."""
    return session.revealed_at is not None


def reference_visible(session: CalibrationSession) -> bool:
    return session.reference_revealed_at is not None
