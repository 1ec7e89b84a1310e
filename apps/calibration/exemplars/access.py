"""Who may reach what in the exemplar bank (calibration-design.md §3.1, §3.8). Views ask here.

- The praktijkbureau and instituutsopleiders manage the bank: prepare, construct, review,
  publish, edit the reference, withdraw.
- The examencommissie reads the anonymised bank (no original text, no writes: 403).
- A schoolopleider may browse published exemplars.
- Werkplekbegeleiders and students never reach the bank (404); each reaches only their own
  consent page for their own forms (everyone else: 404).
- The exposure rule (exposure.py) applies to everything a person is shown; the original text
  of a form is shown only on the review page, to managers, while the exemplar is in
  preparation.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.accounts.models import Role
from apps.calibration.exemplars.exposure import may_see
from apps.calibration.models import ConsentParty, Exemplar, ExemplarState, Participant
from apps.cycle.models import FormEntry, FormState, FormVersion
from apps.placements.access import placements_visible_to


def may_manage_bank(user) -> bool:
    return user.is_authenticated and (
        user.is_praktijkbureau or user.has_role(Role.INSTITUUTSOPLEIDER)
    )


def may_read_bank(user) -> bool:
    """Managers, the examencommissie (read-only) and schoolopleiders (published only)."""
    return user.is_authenticated and (
        may_manage_bank(user)
        or user.has_role(Role.EXAMENCOMMISSIE)
        or user.has_role(Role.SCHOOLOPLEIDER)
    )


def reads_every_state(user) -> bool:
    """Managers and the examencommissie see exemplars in every state; a schoolopleider only
    published ones."""
    return may_manage_bank(user) or user.has_role(Role.EXAMENCOMMISSIE)


def require_bank_reader(user) -> None:
    if not may_read_bank(user):
        raise Http404


def require_bank_manager(user) -> None:
    """404 for who may not read the bank at all, 403 for readers who may not change it."""
    require_bank_reader(user)
    if not may_manage_bank(user):
        raise PermissionDenied


def mentor_id_of(version: FormVersion) -> int | None:
    """The authoring mentor of a sent form: the placement's werkplekbegeleider, or who sent it
    when the placement has none."""
    placement = version.form.conversation.placement
    return placement.werkplekbegeleider_id or version.sent_by_id


def consent_party_of(user, version: FormVersion) -> str | None:
    """As whom this person answers the consent request of this form (None: not at all)."""
    if not user.is_authenticated:
        return None
    placement = version.form.conversation.placement
    if placement.is_student(user):
        return ConsentParty.STUDENT
    if user.pk == mentor_id_of(version):
        return ConsentParty.MENTOR
    return None


def consent_version_for_user(user, pk: int) -> tuple[FormVersion, str]:
    """A sent form version and the party this person answers for; 404 for anyone who is not
    its student or its authoring mentor (the praktijkbureau included: consent is personal)."""
    version = (
        FormVersion.objects.filter(state=FormState.SENT)
        .select_related(
            "form__conversation__placement__student__user",
            "form__conversation__placement__school",
        )
        .filter(pk=pk)
        .first()
    )
    party = consent_party_of(user, version) if version is not None else None
    if party is None:
        raise Http404
    return version, party


def may_prepare_from(user, entry: FormEntry) -> bool:
    """The praktijkbureau prepares from any form; an instituutsopleider from the forms of
    placements they may see."""
    if user.is_praktijkbureau:
        return True
    placement_id = entry.version.form.conversation.placement_id
    return (
        user.has_role(Role.INSTITUUTSOPLEIDER)
        and placements_visible_to(user).filter(pk=placement_id).exists()
    )


def entry_for_preparer(user, pk: int) -> FormEntry:
    """A judged outcome of a sent form, for someone who manages the bank; 404 otherwise."""
    require_bank_reader(user)
    entry = (
        FormEntry.objects.filter(version__state=FormState.SENT, pk=pk)
        .select_related(
            "version__form__conversation__placement__student__user",
            "version__form__conversation__placement__school",
            "version__form__conversation__placement__werkplekbegeleider",
            "placement_outcome__outcome",
        )
        .first()
    )
    if entry is None or not may_manage_bank(user) or not may_prepare_from(user, entry):
        raise Http404
    return entry


def exemplar_for_user(user, pk: int) -> Exemplar:
    """An exemplar this person may be shown: 404 for who may not read the bank, for what the
    exposure rule keeps from them, and (schoolopleiders) for what is not published. The
    preparer always sees what they prepared."""
    require_bank_reader(user)
    exemplar = Exemplar.objects.select_related("outcome", "prepared_by", "published_by").filter(
        pk=pk
    )
    exemplar = exemplar.first()
    if exemplar is None:
        raise Http404
    if not reads_every_state(user) and exemplar.state != ExemplarState.PUBLISHED:
        raise Http404
    if exemplar.prepared_by_id != user.pk and not may_see(user, exemplar):
        raise Http404
    return exemplar


def exemplar_for_manager(user, pk: int) -> Exemplar:
    """An exemplar to change: readers who may not change it get 403."""
    exemplar = exemplar_for_user(user, pk)
    if not may_manage_bank(user):
        raise PermissionDenied
    return exemplar


def reference_held_back(user, exemplar: Exemplar) -> bool:
    """A participant of a session judging this exemplar does not read its reference before
    that session's moderator reveals it (criterion 4), not in the bank either: an
    instituutsopleider both manages the bank and takes part in sessions. One query."""
    return Participant.objects.filter(
        user_id=user.pk,
        session__session_exemplars__exemplar_id=exemplar.pk,
        session__reference_revealed_at__isnull=True,
    ).exists()


def sees_reference(user, exemplar: Exemplar) -> bool:
    """Managers and the examencommissie read an exemplar's reference, unless it is held back
    from them as a session's participant."""
    return reads_every_state(user) and not reference_held_back(user, exemplar)


def exemplar_for_reference(user, pk: int) -> Exemplar:
    """The reference form: a manager's, 403 while the reference is held back from them."""
    exemplar = exemplar_for_manager(user, pk)
    if reference_held_back(user, exemplar):
        raise PermissionDenied
    return exemplar


def may_publish(user, exemplar: Exemplar) -> bool:
    """Four eyes (§3.2): who publishes is not who prepared. The service refuses it too; this
    decides whether the review page offers the button."""
    return exemplar.prepared_by_id != user.pk


def exemplar_for_reviewer(user, pk: int) -> Exemplar:
    """The review page (original beside de-identified text): managers only, only while the
    exemplar is in preparation (afterwards the original is never shown again)."""
    exemplar = exemplar_for_manager(user, pk)
    if exemplar.state != ExemplarState.DRAFT:
        raise PermissionDenied
    return exemplar
