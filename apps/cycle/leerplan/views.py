"""Views of the persoonlijk leerplan: the overview (the student sees where each outcome
stands and submits; the guides read the whole plan, answer the guidance wishes and decide), a
step per outcome and one for the guidance wishes where the student writes, and the versions
with their differences. Each view gets the placement through the access module, validates,
calls one service and redirects with a message; a refused save re-renders the step with
everything typed."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.concurrency import LockForm, StaleEdit, save_or_refuse
from apps.cycle.evidence.selectors import evidence_by_goal
from apps.cycle.leerplan import access
from apps.cycle.leerplan.forms import (
    AnswerForm,
    DecisionForm,
    GoalStepForms,
    VersionCompareForm,
    WishesStepForms,
)
from apps.cycle.leerplan.selectors import (
    answer_token,
    approved_version,
    has_tussenevaluatie,
    leerplan_of,
    leerplan_progress,
    leerplan_versions_of,
    phase_table,
    placement_outcomes,
    startgesprek_of,
    version_diff,
)
from apps.cycle.leerplan.services import (
    leerplan_answer,
    leerplan_decide,
    leerplan_goal_save,
    leerplan_reopen,
    leerplan_save,
    leerplan_submit,
)
from apps.cycle.models import ApprovalDecision, LeerplanStatus
from apps.placements.access import placement_for_user
from apps.placements.models import Placement


def _overview(
    request: HttpRequest,
    placement: Placement,
    *,
    answer: AnswerForm | None = None,
    decision: DecisionForm | None = None,
    stale: StaleEdit | None = None,
    status: int = 200,
) -> HttpResponse:
    """The overview: the plan's state and progress per outcome for the student, the whole
    plan (read-only) with the answer and the decision for the guides."""
    user = request.user
    leerplan = leerplan_of(placement)
    outcomes = placement_outcomes(placement)
    decisions = list(leerplan.approvals.all()) if leerplan else []
    versions = list(leerplan.versions.all()) if leerplan else []
    status_ = LeerplanStatus(leerplan.status if leerplan else LeerplanStatus.DRAFT)
    held = approved_version(decisions)
    newest = versions[-1] if versions else None
    # After a reopening: what the submitted version changes in the approved one.
    to_approved = (
        version_diff(held.text, newest.text)
        if held is not None and newest is not None and newest.number > held.number
        else None
    )
    tussen = status_ == LeerplanStatus.APPROVED and has_tussenevaluatie(placement)
    progress = leerplan_progress(leerplan, outcomes)
    evidence = evidence_by_goal(user, leerplan) if leerplan else {}
    for row in progress.outcomes:
        if row.goal is not None:
            row.goal.evidence_list = evidence.get(row.goal.pk, [])
    context = {
        "placement": placement,
        "leerplan": leerplan,
        "status": status_.value,
        "status_label": status_.label,
        "progress": progress,
        "is_student": placement.is_student(user),
        "first_step": outcomes[0] if outcomes else None,
        "startgesprek": startgesprek_of(placement),
        "lock": LockForm(initial={"lock_version": leerplan.lock_version if leerplan else 0}),
        "may_edit": access.can_edit_leerplan(user, placement, leerplan),
        "may_decide": access.can_decide_leerplan(user, placement, leerplan),
        "may_answer": access.can_answer_leerplan(user, placement, leerplan),
        "answer_form": answer or AnswerForm.for_leerplan(leerplan),
        "decision_form": decision or DecisionForm(),
        "last_decision": decisions[-1] if decisions else None,
        "versions": versions,
        "held": held,
        "newest": newest,
        "to_approved": to_approved,
        "may_reopen": access.can_reopen_leerplan(user, placement, leerplan, tussen),
        "stale": stale,
    }
    return render(request, "cycle/leerplan/leerplan.html", context, status=status)


@require_GET
def leerplan(request: HttpRequest, pk: int) -> HttpResponse:
    """The leerplan's overview: what to do when, and where each outcome stands."""
    return _overview(request, placement_for_user(request.user, pk))


def _neighbours(outcomes: list, po_pk: int) -> tuple:
    """The outcome `po_pk` of the placement (404 when it is not one) and those before and
    after it in the placement's order."""
    index = next((n for n, po in enumerate(outcomes) if po.pk == po_pk), None)
    if index is None:
        raise Http404
    before = outcomes[index - 1] if index > 0 else None
    after = outcomes[index + 1] if index + 1 < len(outcomes) else None
    return index, outcomes[index], before, after


def _step_page(
    request, placement, outcomes, po_pk, step=None, stale=None, status=200, *, leerplan=None
):
    index, po, before, after = _neighbours(outcomes, po_pk)
    if step is None:
        step = GoalStepForms(leerplan=leerplan, placement_outcome=po, phases=phase_table(placement))
    if stale is not None:
        # Saving again deliberately replaces the saved text that is now shown.
        fresh = leerplan_of(placement)
        step.lock = LockForm(initial={"lock_version": fresh.lock_version if fresh else 0})
    context = {
        "placement": placement,
        "po": po,
        "step": step,
        "number": index + 1,
        "total": len(outcomes),
        "before": before,
        "after": after,
        "stale": stale,
    }
    return render(request, "cycle/leerplan/leerplan_step.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def leerplan_step(request: HttpRequest, pk: int, po_pk: int) -> HttpResponse:
    """One outcome of the student's leerplan; "Opslaan" stays, "Opslaan en volgende" goes on
    to the next outcome (after the last one: the guidance wishes)."""
    if request.method != "POST":
        placement = placement_for_user(request.user, pk)
        leerplan = leerplan_of(placement)
        if not access.can_edit_leerplan(request.user, placement, leerplan):
            return redirect(reverse("cycle:leerplan", args=[pk]) + f"#lu-{po_pk}")
        outcomes = placement_outcomes(placement)
        return _step_page(request, placement, outcomes, po_pk, leerplan=leerplan)
    placement = access.leerplan_placement_for_edit(request.user, pk)
    outcomes = placement_outcomes(placement)
    po = _neighbours(outcomes, po_pk)[1]
    step = GoalStepForms(
        request.POST,
        leerplan=leerplan_of(placement),
        placement_outcome=po,
        phases=phase_table(placement),
    )

    def page(*, stale=None, status):
        if stale is not None:
            step.show_other_change(stale.current)
        return _step_page(request, placement, outcomes, po_pk, step, stale, status)

    def done(_leerplan):
        messages.success(request, _("%(outcome)s is opgeslagen.") % {"outcome": po})
        return redirect(_after_save(placement, outcomes, po, request.POST.get("naar", "")))

    return save_or_refuse(
        request,
        lambda: leerplan_goal_save(
            by=request.user,
            placement=placement,
            placement_outcome=po,
            lock_version=step.lock_version,
            values=step.values(),
        ),
        forms=[step],
        invalid=_("Controleer de gemarkeerde velden; er is nog niets opgeslagen."),
        page=page,
        done=done,
    )


def _after_save(placement, outcomes, po, naar: str) -> str:
    """Where a step's save goes: the same step, the next one ("volgende"; after the last
    outcome the guidance wishes), another outcome (its pk) or the overview ("overzicht")."""
    pk = placement.pk
    if naar == "overzicht":
        return reverse("cycle:leerplan", args=[pk])
    if naar == "volgende":
        _index, _po, _before, after = _neighbours(outcomes, po.pk)
        if after is None:
            return reverse("cycle:leerplan_wishes", args=[pk])
        return reverse("cycle:leerplan_step", args=[pk, after.pk])
    if naar.isdigit() and any(o.pk == int(naar) for o in outcomes):
        return reverse("cycle:leerplan_step", args=[pk, int(naar)])
    return reverse("cycle:leerplan_step", args=[pk, po.pk])


def _wishes_page(request, placement, step=None, stale=None, status=200, *, leerplan=None):
    if leerplan is None:
        leerplan = leerplan_of(placement)
    if step is None:
        step = WishesStepForms(leerplan=leerplan)
    if stale is not None:
        step.lock = LockForm(initial={"lock_version": leerplan.lock_version if leerplan else 0})
    context = {
        "placement": placement,
        "leerplan": leerplan,
        "step": step,
        "before": placement.outcomes.select_related("outcome", "subject_outcome").last(),
        "startgesprek": startgesprek_of(placement),
        "stale": stale,
    }
    return render(request, "cycle/leerplan/leerplan_wishes.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def leerplan_wishes(request: HttpRequest, pk: int) -> HttpResponse:
    """The last step: what the student needs from their guides (and the guides' answer)."""
    if request.method != "POST":
        placement = placement_for_user(request.user, pk)
        leerplan = leerplan_of(placement)
        if not access.can_edit_leerplan(request.user, placement, leerplan):
            return redirect(reverse("cycle:leerplan", args=[pk]) + "#begeleiding")
        return _wishes_page(request, placement, leerplan=leerplan)
    placement = access.leerplan_placement_for_edit(request.user, pk)
    step = WishesStepForms(request.POST, leerplan=leerplan_of(placement))

    def page(*, stale=None, status):
        if stale is not None:
            step.show_other_change(stale.current)
        return _wishes_page(request, placement, step, stale, status)

    def done(_leerplan):
        messages.success(request, _("Je begeleidingswensen zijn opgeslagen."))
        naar = request.POST.get("naar", "")
        outcomes = [po for po in placement_outcomes(placement) if str(po.pk) == naar]
        if outcomes:
            return redirect("cycle:leerplan_step", pk=pk, po_pk=outcomes[0].pk)
        if naar == "overzicht":
            return redirect("cycle:leerplan", pk=pk)
        return redirect("cycle:leerplan_wishes", pk=pk)

    return save_or_refuse(
        request,
        lambda: leerplan_save(
            by=request.user,
            placement=placement,
            lock_version=step.lock_version,
            wishes=step.values(),
        ),
        forms=[step],
        invalid=_("Controleer de gemarkeerde velden; er is nog niets opgeslagen."),
        page=page,
        done=done,
    )


@require_POST
def leerplan_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The student submits the plan as it is saved, when every outcome is worked out."""
    placement = access.leerplan_placement_for_edit(request.user, pk)
    lock = LockForm(request.POST)

    def done(version):
        messages.success(
            request,
            _("Je leerplan is ingediend bij je werkplekbegeleider (versie %(n)s).")
            % {"n": version.number},
        )
        return redirect("cycle:leerplan", pk=placement.pk)

    return save_or_refuse(
        request,
        lambda: leerplan_submit(
            by=request.user,
            placement=placement,
            lock_version=lock.cleaned_data["lock_version"],
        ),
        forms=[lock],
        invalid=_("Laad de pagina opnieuw en probeer het nog eens."),
        page=lambda *, stale=None, status: _overview(request, placement, status=status),
        done=done,
    )


@require_POST
def leerplan_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The werkplekbegeleider (or schoolopleider) approves the plan or returns it."""
    placement = access.leerplan_placement_for_assessor(request.user, pk)
    form = DecisionForm(request.POST)

    def page(*, stale=None, status):
        if not form.is_valid():
            return _overview(request, placement, decision=form, status=status)
        return redirect("cycle:leerplan", pk=placement.pk)

    def done(approval):
        if approval.decision == ApprovalDecision.APPROVED:
            messages.success(request, _("Het leerplan is goedgekeurd."))
        else:
            messages.success(request, _("Het leerplan is met je opmerkingen teruggegeven."))
        return redirect("cycle:leerplan", pk=placement.pk)

    return save_or_refuse(
        request,
        lambda: leerplan_decide(
            by=request.user,
            placement=placement,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        ),
        forms=[form],
        invalid=_("Controleer de gemarkeerde velden."),
        page=page,
        done=done,
    )


@require_POST
def leerplan_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    """At the tussenevaluatie the student or a guide reopens the approved plan to adjust the
    goals for the second part; the approved version holds until a new one is approved."""
    placement = access.leerplan_placement_for_reopen(request.user, pk)
    lock = LockForm(request.POST)

    def done(_leerplan):
        messages.success(
            request,
            _(
                "Het leerplan is heropend. De goedgekeurde versie geldt tot de bijgestelde "
                "versie is goedgekeurd."
            ),
        )
        return redirect("cycle:leerplan", pk=placement.pk)

    return save_or_refuse(
        request,
        lambda: leerplan_reopen(
            by=request.user,
            placement=placement,
            lock_version=lock.cleaned_data["lock_version"],
        ),
        forms=[lock],
        invalid=_("Laad de pagina opnieuw en probeer het nog eens."),
        page=lambda *, stale=None, status: _overview(
            request, placement, stale=stale, status=status
        ),
        done=done,
    )


@require_POST
def leerplan_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The werkplekbegeleider or schoolopleider answers the student's guidance wishes."""
    placement = access.leerplan_placement_for_assessor(request.user, pk)
    form = AnswerForm(request.POST)

    def page(*, stale=None, status):
        if not form.is_valid():
            return _overview(request, placement, answer=form, status=status)
        if stale is not None:
            data = request.POST.copy()
            data["seen"] = answer_token(leerplan_of(placement))
            return _overview(
                request, placement, answer=AnswerForm(data), stale=stale, status=status
            )
        return redirect("cycle:leerplan", pk=placement.pk)

    def done(_leerplan):
        messages.success(request, _("Jullie antwoord is opgeslagen."))
        return redirect("cycle:leerplan", pk=placement.pk)

    return save_or_refuse(
        request,
        lambda: leerplan_answer(
            by=request.user,
            placement=placement,
            answer=form.cleaned_data["guides_answer"],
            seen=form.cleaned_data["seen"],
            pitch=form.pitch(),
        ),
        forms=[form],
        invalid=_("Controleer de gemarkeerde velden."),
        page=page,
        done=done,
    )


@require_GET
def leerplan_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Every submitted version, and the differences between two of them (?van=&naar=)."""
    placement = placement_for_user(request.user, pk)
    versions = leerplan_versions_of(placement)
    numbers = [v.number for v in versions]
    data = request.GET if {"van", "naar"} & set(request.GET) else None
    if data is None and len(numbers) >= 2:
        # By default the newest against the version that held before it: the approved one
        # after a reopening, else the one before.
        decisions = [d for v in versions[:-1] for d in v.decisions.all()]
        held = approved_version(decisions)
        data = {"van": held.number if held else numbers[-2], "naar": numbers[-1]}
    form = VersionCompareForm(data, numbers=numbers)
    old = new = diff = None
    status = 200
    if data is not None:
        if form.is_valid():
            by_number = {v.number: v for v in versions}
            old, new = by_number[form.cleaned_data["van"]], by_number[form.cleaned_data["naar"]]
            diff = version_diff(old.text, new.text)
        else:
            status = 400
    context = {
        "placement": placement,
        "versions": versions,
        "form": form,
        "old": old,
        "new": new,
        "diff": diff,
    }
    return render(request, "cycle/leerplan/leerplan_versions.html", context, status=status)
