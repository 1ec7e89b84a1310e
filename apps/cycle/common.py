"""What every feature of the cycle shares: its service error, the long-text form field and
moving a placement forward (kennismaking and held conversations make it Actief, the sent
eindbeoordeling Afgerond)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core.concurrency import ServiceError
from apps.placements.models import Placement, PlacementStatus
from apps.placements.services import placement_set_status


class CycleError(ServiceError):
    """A domain error with a message that can be shown to the user."""


MAX_TEXT = 5000


TEXT_ERRORS = {
    "max_length": _("Deze tekst is te lang: maximaal %(limit_value)d tekens (nu %(show_value)d)."),
}


def text_field(label: str, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=MAX_TEXT,
        strip=False,
        error_messages=TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": rows, "data-autosave": "1"}),
    )


# How far a placement has come; the cycle moves it forward, never back, and leaves a
# terminated one alone.
STATUS_ORDER = (PlacementStatus.PLANNED, PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)


def placement_advance(*, by: User | None, placement: Placement, status: PlacementStatus) -> None:
    """Move the placement forward to `status` when the cycle shows it got there: Actief once
    the kennismaking is recorded or a conversation is held, Afgerond once the eindbeoordeling
    is sent. A placement held by the entry condition of year 2 (`Placement.entry_blocked`)
    is not made Actief. Trusts the status of `placement` as given when it is already there (no
    query); otherwise checks the stored status first, so a stale copy never moves it back."""

    def behind(current: str) -> bool:
        return current in STATUS_ORDER and STATUS_ORDER.index(current) < STATUS_ORDER.index(status)

    if not behind(placement.status):
        return
    if status == PlacementStatus.ACTIVE and placement.entry_blocked:
        # Handbook ch.1: without "professionele houding" (Oriëntatie op Beroep) the student
        # "kan ... niet naar het werkplekleren in jaar 2 doorstromen": the placement stays
        # gepland until the instituutsopleider records an exception.
        return
    stored = (
        Placement.objects.select_for_update().values_list("status", flat=True).get(pk=placement.pk)
    )
    if behind(stored):
        placement_set_status(by=by, placement=placement, status=status)
        stored = status
    placement.status = stored
