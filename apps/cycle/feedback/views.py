"""Views of the feedback- en beoordelingsformulier: get the version through the access module,
validate, call one service, redirect (or answer the autosave with JSON)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.concurrency import LockForm, StaleEdit, posted_lock_version, save_or_refuse
from apps.cycle.evidence.selectors import evidence_by_entry_outcome
from apps.cycle.feedback import access
from apps.cycle.feedback.forms import (
    CorrectionForm,
    FeedbackEntryForm,
    ReflectionEntryForm,
    entry_initial,
)
from apps.cycle.feedback.pdf import form_version_pdf
from apps.cycle.feedback.rules import send_problems
from apps.cycle.feedback.services import (
    form_correct,
    form_feedback_save,
    form_reflection_save,
    form_send,
)
from apps.cycle.leerplan.selectors import approval_held
from apps.cycle.models import (
    ConversationKind,
    FormEntry,
    FormVersion,
)
from apps.cycle.observations.selectors import observations_of_version, observed_for_form
from apps.cycle.procedure.forms import DoubtForm
from apps.cycle.procedure.selectors import effective_judgement, may_raise_doubt
from apps.outcomes.models import KijkkaderDimension
from apps.outcomes.selectors import current_decision_rules
from apps.placements.models import outcome_order


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
            # The beslisregels in force (calibration-design.md §3.3, "closing the loop"):
            # one query for the whole form, shown beside their indicator or at the outcome.
            Prefetch(
                "placement_outcome__outcome__decision_rules",
                queryset=current_decision_rules(),
                to_attr="current_rules",
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
    may_doubt = version.is_sent and may_raise_doubt(user, placement)
    evidence = evidence_by_entry_outcome(user, version.form)
    # Lesson observations since the previous form, for the assessor to take over.
    observed = observed_for_form(version) if may_feedback else {}
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
                "evidence": evidence.get(entry.placement_outcome_id, []),
                "observed": observed.get(entry.placement_outcome_id, []),
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
        # The leerplan version that held when the form was sent (now, for a draft).
        "leerplan_held": approval_held(placement, at=version.sent_at),
        "has_observed": bool(observed),
        "rests_on": observations_of_version(version),
    }
    return render(request, "cycle/feedback/form.html", context, status=status)


@require_GET
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_form(request, access.form_version_for_user(request.user, pk))


@require_POST
def form_reflection(request: HttpRequest, pk: int) -> HttpResponse:
    """The student saves (or submits) their self-reflection."""
    version = access.form_version_for_reflection(request.user, pk)
    entries = list(version.entries.all())
    forms = {e.pk: ReflectionEntryForm(request.POST, prefix=f"e{e.pk}") for e in entries}
    lock = LockForm(request.POST)

    def page(*, stale=None, status):
        return _render_form(request, version, reflection_forms=forms, stale=stale, status=status)

    def done(saved):
        if "submit" in request.POST:
            messages.success(request, _("Je zelfreflectie is ingediend bij je werkplekbegeleider."))
        else:
            messages.success(request, _("Je concept is opgeslagen."))
        return redirect("cycle:form", pk=saved.pk)

    return save_or_refuse(
        request,
        lambda: form_reflection_save(
            by=request.user,
            version=version,
            lock_version=lock.cleaned_data["lock_version"],
            reflections={k: f.cleaned_data["self_reflection"] for k, f in forms.items()},
            submit="submit" in request.POST,
        ),
        forms=[lock, *forms.values()],
        invalid=_("Controleer de gemarkeerde velden."),
        page=page,
        done=done,
        autosave=True,
    )


@require_POST
def form_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """The werkplekbegeleider (or schoolopleider) saves feedback and judgement."""
    version = access.form_version_for_feedback(request.user, pk)
    is_final = version.form.conversation.kind == ConversationKind.EINDBEOORDELING
    forms = {
        e.pk: FeedbackEntryForm(request.POST, prefix=f"e{e.pk}", entry=e, is_final=is_final)
        for e in _entries(version)
    }
    lock = LockForm(request.POST)

    def page(*, stale=None, status):
        return _render_form(request, version, feedback_forms=forms, stale=stale, status=status)

    def done(saved):
        messages.success(request, _("De feedback is opgeslagen."))
        return redirect("cycle:form", pk=saved.pk)

    return save_or_refuse(
        request,
        lambda: form_feedback_save(
            by=request.user,
            version=version,
            lock_version=lock.cleaned_data["lock_version"],
            values={k: f.values() for k, f in forms.items()},
        ),
        forms=[lock, *forms.values()],
        invalid=_("Controleer de gemarkeerde velden."),
        page=page,
        done=done,
        autosave=True,
    )


def _back_to_form(version: FormVersion):
    """A refused send or correction goes back to the form, where the message shows."""
    return lambda *, stale=None, status: redirect("cycle:form", pk=version.pk)


@require_POST
def form_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.form_version_for_send(request.user, pk)
    lock = posted_lock_version(request)

    def done(sent):
        messages.success(
            request,
            _(
                "Het formulier is verzonden naar de student, de schoolopleider en de instituuts"
                "opleider."
            ),
        )
        return redirect("cycle:form", pk=sent.pk)

    return save_or_refuse(
        request,
        lambda: form_send(
            by=request.user, version=version, lock_version=lock if lock is not None else -1
        ),
        page=_back_to_form(version),
        done=done,
    )


@require_POST
def form_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.form_version_for_correction(request.user, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("cycle:form", pk=version.pk)

    def done(new):
        messages.success(
            request, _("Er is een nieuwe versie gemaakt. De verzonden versie blijft bewaard.")
        )
        return redirect("cycle:form", pk=new.pk)

    return save_or_refuse(
        request,
        lambda: form_correct(by=request.user, version=version, reason=form.cleaned_data["reason"]),
        page=_back_to_form(version),
        done=done,
    )


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
