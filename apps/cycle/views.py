"""Views of the conversation cycle: get the object through the access module, validate,
call one service, redirect with a message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.cycle import access
from apps.cycle.forms import (
    CommentForm,
    CorrectionForm,
    FeedbackEntryForm,
    GuidanceLogForm,
    HeldForm,
    KennismakingForm,
    LockForm,
    ReflectionEntryForm,
    SensitiveInfoForm,
    entry_initial,
)
from apps.cycle.guidance import guidance_comment_add, guidance_log_create, guidance_log_update
from apps.cycle.models import (
    Concern,
    ConversationGuideItem,
    ConversationKind,
    Disagreement,
    FormEntry,
    FormVersion,
    GuidanceLog,
    KennismakingRecord,
)
from apps.cycle.pdf import form_version_pdf
from apps.cycle.procedure import effective_judgement, is_institute_assessor
from apps.cycle.procedure_forms import DoubtForm
from apps.cycle.quality import send_problems
from apps.cycle.services import (
    CycleError,
    StaleEdit,
    conversation_mark_held,
    form_correct,
    form_feedback_save,
    form_reflection_save,
    form_send,
    kennismaking_save,
    sensitive_info_read,
    sensitive_info_save,
)
from apps.home import dashboards
from apps.outcomes.models import KijkkaderDimension
from apps.placements.access import placement_for_user
from apps.placements.leidraad.services import evaluation_prompt
from apps.placements.models import Placement, outcome_order


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
    is_guide = access.is_guide(user, placement)
    context = {
        "placement": placement,
        "timeline": timeline,
        "today": timezone.localdate(),
        "may_record_held": placement.is_student(user)
        or placement.is_assessor(user)
        or placement.is_instituutsopleider(user),
        "is_assessor": placement.is_assessor(user),
        "may_maatwerk": is_institute_assessor(user, placement) or user.is_praktijkbureau,
        "may_dossier": access.may_request_dossier(user, placement),
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
        "quality_evaluation": evaluation_prompt(user, placement, timezone.localdate()),
        "next_step": _student_next_step(user, placement),
    }
    return render(request, "cycle/placement.html", context)


def _student_next_step(user, placement: Placement):
    """The student's next step on this placement (as on their dashboard); none for guides."""
    if not placement.is_student(user):
        return None
    placements = Placement.objects.filter(pk=placement.pk)
    [item] = dashboards.student_placements(placements, timezone.localdate())
    return item.next


def _entries(version: FormVersion) -> list[FormEntry]:
    """The version's entries with their kijkkader and indicators seen in a fixed few queries."""
    return list(
        version.entries.select_related(
            "placement_outcome__outcome", "placement_outcome__subject_outcome"
        )
        .prefetch_related(
            "indicators_seen",
            "disagreements",
            Prefetch(
                "placement_outcome__outcome__dimensions",
                queryset=KijkkaderDimension.objects.prefetch_related("indicators"),
            ),
        )
        .order_by(*outcome_order("placement_outcome__"), "id")
    )


def _render_form(
    request: HttpRequest,
    version: FormVersion,
    *,
    reflection_forms=None,
    feedback_forms=None,
    stale: StaleEdit | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    entries = _entries(version)
    is_final = version.form.conversation.kind == ConversationKind.EINDBEOORDELING
    placement = version.form.conversation.placement
    may_reflect = access.can_write_reflection(user, version)
    may_feedback = access.can_write_feedback(user, version)
    may_doubt = version.is_sent and is_institute_assessor(user, placement)
    rows = []
    for entry in entries:
        initial = entry_initial(entry)
        reflection = (reflection_forms or {}).get(entry.pk) or ReflectionEntryForm(
            prefix=f"e{entry.pk}", initial=initial
        )
        feedback = (feedback_forms or {}).get(entry.pk) or FeedbackEntryForm(
            prefix=f"e{entry.pk}", initial=initial, entry=entry, is_final=is_final
        )
        rows.append(
            {
                "entry": entry,
                "reflection_form": reflection if may_reflect else None,
                "feedback_form": feedback if may_feedback else None,
                "other_change": (stale.current.get(entry.pk) if stale else None),
                "disagreements": list(entry.disagreements.all()),
                "effective_judgement": effective_judgement(entry, list(entry.disagreements.all())),
                "may_doubt": may_doubt and entry.judgement != "",
            }
        )
    errors, warnings = send_problems(version, entries) if may_feedback else ([], [])
    context = {
        "version": version,
        "placement": placement,
        "rows": rows,
        "is_final": is_final,
        "may_reflect": may_reflect,
        "may_feedback": may_feedback,
        "may_send": access.can_send(user, version),
        "may_correct": access.can_correct(user, version),
        "show_reflection": access.may_see_reflection(user, version),
        "show_feedback": access.may_see_feedback(user, version),
        "send_errors": errors,
        "quality_warnings": warnings,
        # Rendered in each form of the page: without ids, which would repeat.
        "lock_form": LockForm(initial={"lock_version": version.lock_version}, auto_id=False),
        "correction_form": CorrectionForm(),
        "versions": version.form.versions.order_by("number"),
        "stale": stale,
        "is_student": placement.is_student(user),
        "doubt_form": DoubtForm(),
    }
    return render(request, "cycle/form.html", context, status=status)


@require_GET
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_form(request, access.form_version_for_user(request.user, pk))


def _lock(request: HttpRequest) -> int | None:
    form = LockForm(request.POST)
    return form.cleaned_data["lock_version"] if form.is_valid() else None


def _autosave_reply(request: HttpRequest, version: FormVersion) -> HttpResponse | None:
    if request.headers.get("X-Autosave") == "1":
        return JsonResponse({"lock_version": version.lock_version, "saved": True})
    return None


def _failure(request, version, message, status, **forms) -> HttpResponse:
    if request.headers.get("X-Autosave") == "1":
        return JsonResponse({"saved": False, "error": message}, status=status)
    messages.error(request, message)
    return _render_form(request, version, status=status, **forms)


@require_POST
def form_reflection(request: HttpRequest, pk: int) -> HttpResponse:
    """The student saves (or submits) their self-reflection."""
    version = access.form_version_for_reflection(request.user, pk)
    entries = list(version.entries.all())
    forms = {e.pk: ReflectionEntryForm(request.POST, prefix=f"e{e.pk}") for e in entries}
    lock = _lock(request)
    if lock is None or not all(f.is_valid() for f in forms.values()):
        return _failure(
            request, version, _("Controleer de gemarkeerde velden."), 400, reflection_forms=forms
        )
    try:
        saved = form_reflection_save(
            by=request.user,
            version=version,
            lock_version=lock,
            reflections={k: f.cleaned_data["self_reflection"] for k, f in forms.items()},
            submit="submit" in request.POST,
        )
    except StaleEdit as exc:
        if request.headers.get("X-Autosave") == "1":
            return JsonResponse({"saved": False, "error": str(exc)}, status=409)
        messages.error(request, str(exc))
        return _render_form(request, version, reflection_forms=forms, stale=exc, status=409)
    except CycleError as exc:
        return _failure(request, version, str(exc), 400, reflection_forms=forms)
    if reply := _autosave_reply(request, saved):
        return reply
    if "submit" in request.POST:
        messages.success(request, _("Je zelfreflectie is ingediend bij je werkplekbegeleider."))
    else:
        messages.success(request, _("Je concept is opgeslagen."))
    return redirect("cycle:form", pk=saved.pk)


@require_POST
def form_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """The werkplekbegeleider (or schoolopleider) saves feedback and judgement."""
    version = access.form_version_for_feedback(request.user, pk)
    is_final = version.form.conversation.kind == ConversationKind.EINDBEOORDELING
    forms = {
        e.pk: FeedbackEntryForm(request.POST, prefix=f"e{e.pk}", entry=e, is_final=is_final)
        for e in _entries(version)
    }
    lock = _lock(request)
    if lock is None or not all(f.is_valid() for f in forms.values()):
        return _failure(
            request, version, _("Controleer de gemarkeerde velden."), 400, feedback_forms=forms
        )
    try:
        saved = form_feedback_save(
            by=request.user,
            version=version,
            lock_version=lock,
            values={k: f.values() for k, f in forms.items()},
        )
    except StaleEdit as exc:
        if request.headers.get("X-Autosave") == "1":
            return JsonResponse({"saved": False, "error": str(exc)}, status=409)
        messages.error(request, str(exc))
        return _render_form(request, version, feedback_forms=forms, stale=exc, status=409)
    except CycleError as exc:
        return _failure(request, version, str(exc), 400, feedback_forms=forms)
    if reply := _autosave_reply(request, saved):
        return reply
    messages.success(request, _("De feedback is opgeslagen."))
    return redirect("cycle:form", pk=saved.pk)


@require_POST
def form_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.form_version_for_send(request.user, pk)
    lock = _lock(request)
    try:
        sent = form_send(
            by=request.user, version=version, lock_version=lock if lock is not None else -1
        )
    except CycleError as exc:
        messages.error(request, str(exc))
        return redirect("cycle:form", pk=version.pk)
    messages.success(
        request,
        _(
            "Het formulier is verzonden naar de student, de schoolopleider en de instituuts"
            "opleider."
        ),
    )
    return redirect("cycle:form", pk=sent.pk)


@require_POST
def form_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.form_version_for_correction(request.user, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("cycle:form", pk=version.pk)
    try:
        new = form_correct(by=request.user, version=version, reason=form.cleaned_data["reason"])
    except CycleError as exc:
        messages.error(request, str(exc))
        return redirect("cycle:form", pk=version.pk)
    messages.success(
        request, _("Er is een nieuwe versie gemaakt. De verzonden versie blijft bewaard.")
    )
    return redirect("cycle:form", pk=new.pk)


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
    return render(request, "cycle/kennismaking.html", context, status=status)


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
            request, "cycle/sensitive.html", {"placement": placement, "form": form}, status=400
        )
    if not placement.is_student(request.user):
        sensitive_info_read(by=request.user, info=info, ip=request.META.get("REMOTE_ADDR"))
        return render(request, "cycle/sensitive.html", {"placement": placement, "info": info})
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
    return render(request, "cycle/sensitive.html", {"placement": placement, "form": form})


@require_GET
def form_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The form version as a PDF; a sent version is rendered once and then served as stored."""
    version = access.form_version_for_user(request.user, pk, related=access.PDF_RELATED)
    data = form_version_pdf(
        version,
        show_reflection=access.may_see_reflection(request.user, version),
        show_feedback=access.may_see_feedback(request.user, version),
    )
    student = slugify(version.form.conversation.placement.student.user.full_name)
    filename = f"{version.form.conversation.kind}-{student}-v{version.number}.pdf"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def guidance_logs(request: HttpRequest, pk: int) -> HttpResponse:
    """The weekly logbook of begeleidingsgesprekken; the student adds a week here."""
    placement = placement_for_user(request.user, pk)
    form, status = GuidanceLogForm(initial={"held": timezone.localdate()}), 200
    if request.method == "POST":
        if not placement.is_student(request.user):
            raise PermissionDenied("Alleen de student houdt het logboek bij.")
        form = GuidanceLogForm(request.POST)
        if form.is_valid():
            try:
                log = guidance_log_create(
                    by=request.user,
                    placement=placement,
                    held=form.cleaned_data["held"],
                    values=form.cleaned_data,
                )
            except CycleError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Je begeleidingsgesprek is vastgelegd."))
                return redirect("cycle:log", pk=log.pk)
        status = 400
    logs = (
        GuidanceLog.objects.filter(conversation__placement=placement)
        .select_related("conversation")
        .prefetch_related("comments__author")
        .order_by("-conversation__sequence")
    )
    context = {
        "placement": placement,
        "logs": logs,
        "form": form if placement.is_student(request.user) else None,
    }
    return render(request, "cycle/logs.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def guidance_log(request: HttpRequest, pk: int) -> HttpResponse:
    """One week's log: the student edits it, the werkplekbegeleider comments on it."""
    log = access.guidance_log_for_user(request.user, pk)
    placement = log.conversation.placement
    is_student, is_assessor = (
        placement.is_student(request.user),
        placement.is_assessor(request.user),
    )
    initial = {"held": log.conversation.held_date, "lock_version": log.lock_version}
    initial |= {f: getattr(log, f) for f in ("what_i_did", "reflection", "new_goals", "evidence")}
    form, comment_form, stale, status = GuidanceLogForm(initial=initial), CommentForm(), None, 200
    if request.method == "POST":
        if "comment" in request.POST:
            if not is_assessor:
                raise PermissionDenied("Alleen de werkplekbegeleider reageert op het logboek.")
            comment_form = CommentForm(request.POST)
            if comment_form.is_valid():
                guidance_comment_add(
                    by=request.user, log=log, text=comment_form.cleaned_data["text"]
                )
                messages.success(request, _("Je opmerking is geplaatst."))
                return redirect("cycle:log", pk=log.pk)
        else:
            if not is_student:
                raise PermissionDenied("Alleen de student houdt het logboek bij.")
            form = GuidanceLogForm(request.POST)
            if form.is_valid():
                try:
                    guidance_log_update(
                        by=request.user,
                        log=log,
                        lock_version=form.cleaned_data["lock_version"] or 0,
                        values=form.cleaned_data,
                    )
                except StaleEdit as exc:
                    stale, status = exc, 409
                    messages.error(request, str(exc))
                else:
                    messages.success(request, _("Je logboek is opgeslagen."))
                    return redirect("cycle:log", pk=log.pk)
            else:
                status = 400
        status = status if status != 200 else 400
    context = {
        "placement": placement,
        "log": log,
        "form": form if is_student else None,
        "comment_form": comment_form if is_assessor else None,
        "comments": log.comments.select_related("author"),
        "stale": stale,
    }
    return render(request, "cycle/log.html", context, status=status)


@require_POST
def conversation_held(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a conversation took place, from the placement's timeline."""
    conversation = access.conversation_for_held(request.user, pk)
    form = HeldForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("cycle:placement", pk=conversation.placement_id)
    try:
        conversation_mark_held(
            by=request.user, conversation=conversation, held=form.cleaned_data["held"]
        )
    except CycleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(kind)s is vastgelegd als gehouden.") % {"kind": conversation.get_kind_display()},
        )
    return redirect("cycle:placement", pk=conversation.placement_id)
