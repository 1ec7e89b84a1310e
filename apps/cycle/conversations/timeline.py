"""The student's timeline of a placement: every conversation as a step, and the one next step.
Read by the placement page and by the dashboards (apps.home)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.cycle.models import (
    Conversation,
    ConversationKind,
    Disagreement,
    DisagreementStatus,
    FormState,
    FormVersion,
    GuidanceLog,
    KennismakingRecord,
    Leerplan,
    LeerplanStatus,
)
from apps.placements.models import (
    Placement,
)

# A self-reflection is "due" (it waits for the student) from this long before its conversation.
DUE_SOON = timedelta(days=14)


def unsent_version() -> Exists:
    """The conversation (OuterRef) has a form version that is not sent. Only the newest
    version of a form can be unsent, so this is "the form still waits to be sent"."""
    return Exists(
        FormVersion.objects.filter(form__conversation=OuterRef("pk")).exclude(state=FormState.SENT)
    )


def sent_version() -> Exists:
    """The conversation (OuterRef) has a sent form version: it took place."""
    return Exists(
        FormVersion.objects.filter(form__conversation=OuterRef("pk"), state=FormState.SENT)
    )


def with_latest_version(conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Annotate each conversation with its form's newest version (id and state), or None."""
    latest = FormVersion.objects.filter(form__conversation=OuterRef("pk")).order_by("-number")
    return conversations.annotate(
        form_version_id=Subquery(latest.values("pk")[:1]),
        form_version_state=Subquery(latest.values("state")[:1]),
    )


def kind_label(conversation: Conversation) -> str:
    # Not `get_kind_display()`: that hashes the lazily translated choices on every call.
    label = str(ConversationKind(conversation.kind).label)
    if conversation.kind == ConversationKind.BEGELEIDING:
        return f"{label} {conversation.sequence}"
    return label


@dataclass(frozen=True)
class Step:
    """One conversation in the student's timeline."""

    conversation: Conversation
    kind: str
    status: str  # gehouden | gepland | te_laat | ongepland
    status_label: str
    waiting: str
    version_id: int | None
    is_mine: bool  # the student is the one who has to act
    url: str  # where this step is taken or read ("" when there is nothing to open)
    link: str
    pdf_url: str  # the sent form as PDF
    participants: str = ""  # who took part in a held conversation ("" when not recorded)


@dataclass(frozen=True)
class NextStep:
    """What comes next on a placement and where to do it; `is_mine` when it is the
    student's to do (rather than to wait for or to read)."""

    placement: Placement
    label: str
    url: str
    due: date | None
    is_overdue: bool
    is_mine: bool


@dataclass(frozen=True)
class StudentPlacement:
    placement: Placement
    steps: list[Step]
    next: NextStep | None


WAITING = {
    FormState.DRAFT: gettext_lazy("Zelfreflectie schrijven"),
    FormState.SUBMITTED: gettext_lazy("Wacht op feedback van je werkplekbegeleider"),
    FormState.SENT: gettext_lazy("Formulier ontvangen"),
}


# The leerplan is the student's to write until it is submitted (or approved).
LEERPLAN_WITH_STUDENT = (LeerplanStatus.DRAFT, LeerplanStatus.RETURNED)


def _step(conversation: Conversation, placement: Placement, today: date) -> Step:
    if conversation.held_date:
        status, label = "gehouden", _("gehouden")
    elif conversation.planned_date is None:
        status, label = "ongepland", _("nog niet gepland")
    elif conversation.planned_date < today:
        status, label = "te_laat", _("te laat")
    else:
        status, label = "gepland", _("gepland")
    state = conversation.form_version_state
    version_id = conversation.form_version_id
    if version_id:
        url, link = reverse("cycle:form", args=[version_id]), str(WAITING[state])
    elif conversation.kind == ConversationKind.KENNISMAKING:
        url, link = reverse("cycle:kennismaking", args=[placement.pk]), _("Verslag")
    elif conversation.kind == ConversationKind.STARTGESPREK:
        url, link = reverse("cycle:leerplan", args=[placement.pk]), _("Persoonlijk leerplan")
    elif conversation.log_id:
        url, link = reverse("cycle:log", args=[conversation.log_id]), _("Logboek")
    else:
        url, link = "", ""
    return Step(
        conversation=conversation,
        kind=kind_label(conversation),
        status=status,
        status_label=label,
        waiting=str(WAITING[state]) if state else "",
        version_id=version_id,
        is_mine=state == FormState.DRAFT,
        url=url,
        link=link,
        pdf_url=reverse("cycle:form_pdf", args=[version_id]) if state == FormState.SENT else "",
        participants=conversation.participants_label if conversation.held_date else "",
    )


def _next_step(placement: Placement, steps: list[Step], today: date) -> NextStep | None:
    """What comes next on this placement, with where to do it.

    The student's own steps come first, in the order of the cycle: the kennismaking (until it
    is recorded or held), the leerplan (until it is submitted), then the earliest
    self-reflection that is due (its conversation within DUE_SOON). These are exactly what
    `student_todo` counts. When none is the student's, what the student waits for or may
    read: a doubt about a judgement, a reflection waiting for feedback, the leerplan waiting
    for approval, the logbook while the next form is not due yet, and at the end the sent
    eindbeoordeling (its PDF) or the final decision about a judgement.
    """
    pk = placement.pk

    def make(label, url_name, arg, step: Step | None = None, *, mine: bool = False):
        due = step.conversation.planned_date if step else None
        return NextStep(
            placement=placement,
            label=str(label),
            url=reverse(url_name, args=[arg]),
            due=due,
            is_overdue=mine and due is not None and due < today,
            is_mine=mine,
        )

    kennismaking = next((s for s in steps if s.conversation.kind == "kennismaking"), None)
    if not placement.has_kennismaking and not (kennismaking and kennismaking.status == "gehouden"):
        return make(
            _("Het kennismakingsgesprek voorbereiden en vastleggen"),
            "cycle:kennismaking",
            pk,
            kennismaking,
            mine=True,
        )
    leerplan = placement.leerplan_status
    if leerplan is None or leerplan in LEERPLAN_WITH_STUDENT:
        label = (
            _("Je leerplan aanpassen: het is teruggegeven")
            if leerplan == LeerplanStatus.RETURNED
            else _("Je persoonlijk leerplan schrijven")
        )
        return make(label, "cycle:leerplan", pk, mine=True)
    soon = today + DUE_SOON
    forms = [s for s in steps if s.version_id]
    for step in forms:
        due = step.conversation.planned_date
        if step.is_mine and due is not None and due <= soon:
            return make(step.waiting, "cycle:form", step.version_id, step, mine=True)
    if placement.open_doubt_version_id:
        label = _("Er loopt een gesprek over een oordeel op je formulier")
        return make(label, "cycle:form", placement.open_doubt_version_id)
    submitted = next(
        (s for s in forms if s.conversation.form_version_state == "reflectie_ingediend"), None
    )
    if submitted:
        return make(submitted.waiting, "cycle:form", submitted.version_id, submitted)
    if leerplan == LeerplanStatus.SUBMITTED:
        return make(_("Je leerplan wacht op goedkeuring"), "cycle:leerplan", pk)
    unsent = next((s for s in forms if s.conversation.form_version_state != FormState.SENT), None)
    if unsent:
        return make(_("Je logboek bijhouden"), "cycle:logs", pk, unsent)
    if placement.decided_doubt_version_id:
        label = _("Het besluit over een oordeel op je formulier lezen")
        return make(label, "cycle:form", placement.decided_doubt_version_id)
    if forms:
        last = forms[-1]
        label = _("Je %(kind)s is verzonden: download de pdf") % {"kind": last.kind.lower()}
        return make(label, "cycle:form_pdf", last.version_id)
    return None


def _doubt_version(status_q: Q) -> Subquery:
    """The form version of a disagreement on the placement (OuterRef) matching `status_q`."""
    disagreements = (
        Disagreement.objects.filter(status_q)
        .filter(entry__version__form__conversation__placement=OuterRef("pk"))
        .order_by("-raised_at", "-id")
    )
    return Subquery(disagreements.values("entry__version_id")[:1])


def student_placements(placements: QuerySet[Placement], today: date) -> list[StudentPlacement]:
    """The placements with their timeline and next step. Queries: the placements (with their
    people, kennismaking, leerplan and doubts as annotations), their periods, their
    conversations: three at any size."""
    conversations = (
        with_latest_version(Conversation.objects.all())
        .annotate(
            log_id=Subquery(
                GuidanceLog.objects.filter(conversation=OuterRef("pk")).values("pk")[:1]
            )
        )
        .order_by(F("planned_date").asc(nulls_last=True), "id")
    )
    placements = (
        placements.with_people()
        .annotate(
            has_kennismaking=Exists(KennismakingRecord.objects.filter(placement=OuterRef("pk"))),
            leerplan_status=Subquery(
                Leerplan.objects.filter(placement=OuterRef("pk")).values("status")[:1]
            ),
            open_doubt_version_id=_doubt_version(Q(status=DisagreementStatus.OPEN)),
            decided_doubt_version_id=_doubt_version(~Q(status=DisagreementStatus.OPEN)),
        )
        .prefetch_related(Prefetch("conversations", queryset=conversations, to_attr="cycle"))
    )
    items = []
    for placement in placements:
        steps = [_step(c, placement, today) for c in placement.cycle]
        items.append(
            StudentPlacement(
                placement=placement, steps=steps, next=_next_step(placement, steps, today)
            )
        )
    return items
