"""Views of a placement's conversations: the placement page, the kennismaking, the sensitive
information, 'held on', the planning, moving a date and the .ics file."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.concurrency import StaleEdit
from apps.cycle import access as cycle_access
from apps.cycle.access import is_institute_assessor
from apps.cycle.common import CycleError
from apps.cycle.conversations import access, ics, selectors, services, triangle
from apps.cycle.conversations.forms import (
    HeldForm,
    KennismakingForm,
    RescheduleForm,
    SensitiveInfoForm,
)
from apps.cycle.conversations.services import (
    conversation_mark_held,
    kennismaking_save,
    sensitive_info_read,
    sensitive_info_save,
)
from apps.cycle.conversations.timeline import student_placements
from apps.cycle.hours.selectors import placement_progress
from apps.cycle.models import (
    Concern,
    ConversationGuideItem,
    ConversationKind,
    Disagreement,
    FormVersion,
    KennismakingRecord,
)
from apps.placements.access import placement_for_user
from apps.placements.leidraad.services import evaluation_prompt
from apps.placements.models import OutcomeSource, Placement


@require_GET
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = placement_for_user(request.user, pk)
    conversations = placement.conversations.select_related("form", "log").order_by(
        "planned_date", "id"
    )
    versions = {
        v.form.conversation_id: v
        for v in FormVersion.objects.filter(form__conversation__placement=placement)
        .select_related("form")
        .order_by("number")
    }
    timeline = [(c, versions.get(c.id)) for c in conversations]
    user = request.user
    is_guide = cycle_access.is_guide(user, placement)
    context = {
        "placement": placement,
        "timeline": timeline,
        "today": timezone.localdate(),
        "may_record_held": placement.is_student(user)
        or placement.is_assessor(user)
        or placement.is_instituutsopleider(user),
        "is_assessor": placement.is_assessor(user),
        "may_maatwerk": is_institute_assessor(user, placement) or user.is_praktijkbureau,
        "may_dossier": cycle_access.may_request_dossier(user, placement),
        # Handbook ch.4: lessons and guidance time against the norm (templates/cycle/hours).
        "hours": placement_progress(placement, timezone.localdate()),
        "concerns": (
            Concern.objects.filter(placement_outcome__placement=placement).select_related(
                "placement_outcome__outcome", "placement_outcome__subject_outcome"
            )
            if is_guide
            else []
        ),
        "disagreements": (
            Disagreement.objects.filter(
                entry__version__form__conversation__placement=placement
            ).select_related(
                "entry__placement_outcome__outcome", "entry__placement_outcome__subject_outcome"
            )
            if is_guide
            else []
        ),
        "terminations": placement.termination_proposals.all() if is_guide else [],
        # Handbook ch.1: each maatwerk outcome's route, for the io and the werkplekbegeleider.
        "maatwerk": placement.outcomes.filter(source=OutcomeSource.MAATWERK).select_related(
            "outcome", "subject_outcome"
        ),
        "quality_evaluation": evaluation_prompt(user, placement, timezone.localdate()),
        "next_step": _student_next_step(user, placement),
        # The triangle: who to contact (for the people of the placement only), who took part.
        "contacts": (
            triangle.placement_contacts(placement, user)
            if access.may_see_contacts(user, placement)
            else []
        ),
        "participant_choices": triangle.participant_choices(placement),
    }
    return render(request, "cycle/conversations/placement.html", context)


def _student_next_step(user, placement: Placement):
    """The student's next step on this placement (as on their dashboard); none for guides."""
    if not placement.is_student(user):
        return None
    placements = Placement.objects.filter(pk=placement.pk)
    [item] = student_placements(placements, timezone.localdate())
    return item.next


@require_http_methods(["GET", "HEAD", "POST"])
def kennismaking(request: HttpRequest, pk: int) -> HttpResponse:
    """The kennismakingsgesprek: the agenda as a checklist and the arrangements. Student and
    werkplekbegeleider write one shared record; the others read it."""
    placement = placement_for_user(request.user, pk)
    record = KennismakingRecord.objects.filter(placement=placement).first()
    stale, status = None, 200
    if request.method == "POST":
        placement = access.kennismaking_placement_for_change(request.user, pk)
        form = KennismakingForm(request.POST, instance=record)
        if not form.is_valid():
            messages.error(request, _("Controleer de gemarkeerde velden."))
            status = 400
        else:
            try:
                kennismaking_save(
                    by=request.user,
                    placement=placement,
                    lock_version=form.cleaned_data["lock_version"],
                    values=form.cleaned_data,
                    agenda_done=form.cleaned_data["agenda_done"],
                )
            except StaleEdit as exc:
                stale, status = exc, 409
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("Het verslag van het kennismakingsgesprek is opgeslagen.")
                )
                return redirect("cycle:kennismaking", pk=placement.pk)
    else:
        lock = record.lock_version if record else 0
        form = KennismakingForm(instance=record, initial={"lock_version": lock})
    context = {
        "placement": placement,
        "record": record,
        "form": form,
        "may_change": access.can_record_kennismaking(request.user, placement),
        "guide": ConversationGuideItem.objects.filter(kind=ConversationKind.KENNISMAKING),
        "stale": stale,
        "may_edit_sensitive": placement.is_student(request.user),
    }
    return render(request, "cycle/conversations/kennismaking.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def sensitive_info(request: HttpRequest, pk: int) -> HttpResponse:
    """Optional sensitive information: the student writes it and chooses its readers."""
    placement, info = access.sensitive_info_for_user(request.user, pk)
    people = [p for k, p in placement.people().items() if p is not None and k != "student"]
    if request.method == "POST":
        placement, info = access.sensitive_info_for_change(request.user, pk)
        form = SensitiveInfoForm(request.POST, people=people)
        if form.is_valid():
            try:
                sensitive_info_save(
                    by=request.user,
                    placement=placement,
                    lock_version=form.cleaned_data["lock_version"],
                    values=form.cleaned_data,
                    visible_to=form.chosen(),
                )
            except (StaleEdit, CycleError) as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Je persoonlijke informatie is opgeslagen."))
                return redirect("cycle:sensitive", pk=placement.pk)
        return render(
            request,
            "cycle/conversations/sensitive.html",
            {"placement": placement, "form": form},
            status=400,
        )
    if not placement.is_student(request.user):
        sensitive_info_read(by=request.user, info=info, ip=request.META.get("REMOTE_ADDR"))
        return render(
            request, "cycle/conversations/sensitive.html", {"placement": placement, "info": info}
        )
    form = SensitiveInfoForm(
        people=people,
        initial={
            "neurodiversity": info.neurodiversity if info else "",
            "health": info.health if info else "",
            "private_situation": info.private_situation if info else "",
            "visible_to": [str(u.pk) for u in info.visible_to.all()] if info else [],
            "lock_version": info.lock_version if info else 0,
        },
    )
    return render(
        request, "cycle/conversations/sensitive.html", {"placement": placement, "form": form}
    )


@require_POST
def conversation_held(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a conversation took place and who took part, from the placement's
    timeline."""
    conversation = access.conversation_for_held(request.user, pk)
    form = HeldForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("cycle:placement", pk=conversation.placement_id)
    try:
        conversation_mark_held(
            by=request.user,
            conversation=conversation,
            held=form.cleaned_data["held"],
            participants=form.cleaned_data["participants"],
        )
    except CycleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(kind)s is vastgelegd als gehouden.") % {"kind": conversation.get_kind_display()},
        )
    return redirect("cycle:placement", pk=conversation.placement_id)


GET_POST = ["GET", "HEAD", "POST"]


def _conversations(placement):
    return list(placement.conversations.order_by("planned_date", "kind", "sequence", "id"))


@require_GET
def placement_planning(request: HttpRequest, pk: int) -> HttpResponse:
    """The dates of a placement's conversations and the rule they came from; the guides may
    move a date from here."""
    placement = placement_for_user(request.user, pk)
    context = {
        "placement": placement,
        "conversations": _conversations(placement),
        "rule": selectors.rule_for(placement),
        "may_reschedule": access.may_reschedule(request.user, placement),
    }
    return render(request, "cycle/conversations/planning.html", context)


@require_GET
def placement_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The placement's conversations as an iCalendar file, for the people of the placement."""
    placement = placement_for_user(request.user, pk)
    body = ics.placement_ics(placement, _conversations(placement))
    response = HttpResponse(body.encode(), content_type="text/calendar; charset=utf-8")
    filename = f"gesprekken-{slugify(placement.student.user.full_name)}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(GET_POST)
def conversation_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the planned date of one conversation."""
    conversation = access.conversation_for_reschedule(request.user, pk)
    placement = conversation.placement
    form = RescheduleForm(initial={"planned_date": conversation.planned_date})
    status = 200
    if request.method == "POST":
        form = RescheduleForm(request.POST)
        if form.is_valid():
            try:
                moved = services.conversation_reschedule(
                    by=request.user,
                    conversation=conversation,
                    planned_date=form.cleaned_data["planned_date"],
                )
            except CycleError as exc:
                form.add_error("planned_date", str(exc))
            else:
                day = formats.date_format(moved.planned_date, "j F Y")
                messages.success(
                    request,
                    _("%(kind)s is verplaatst naar %(day)s.")
                    % {"kind": moved.get_kind_display(), "day": day},
                )
                return redirect("cycle:planning", pk=placement.pk)
        status = 400
    context = {
        "placement": placement,
        "conversation": conversation,
        "form": form,
        "moves": selectors.reschedule_history(conversation),
    }
    return render(request, "cycle/conversations/planning_reschedule.html", context, status=status)
