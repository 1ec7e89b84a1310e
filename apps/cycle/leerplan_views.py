"""Views of the persoonlijk leerplan: the page (the student writes it, the guides read it,
answer the guidance wishes and decide), submitting, and the versions with their differences.
Each view gets the placement through the access module, validates, calls one service and
redirects with a message; a refused save re-renders the page with everything typed."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.cycle import access
from apps.cycle.forms import LockForm
from apps.cycle.leerplan import (
    answer_token,
    leerplan_answer,
    leerplan_decide,
    leerplan_of,
    leerplan_save,
    leerplan_submit,
    leerplan_versions_of,
    phase_table,
    placement_outcomes,
    version_diff,
)
from apps.cycle.leerplan_forms import AnswerForm, DecisionForm, LeerplanForms, VersionCompareForm
from apps.cycle.models import ApprovalDecision, LeerplanStatus
from apps.cycle.services import CycleError, StaleEdit
from apps.placements.access import placement_for_user
from apps.placements.models import Placement


def _page(
    request: HttpRequest,
    placement: Placement,
    *,
    forms: LeerplanForms | None = None,
    answer: AnswerForm | None = None,
    decision: DecisionForm | None = None,
    stale: StaleEdit | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    leerplan = leerplan_of(placement)
    editable = access.can_edit_leerplan(user, placement, leerplan)
    if forms is None:
        forms = LeerplanForms(
            leerplan=leerplan,
            outcomes=placement_outcomes(placement),
            phases=phase_table(placement),
            editable=editable,
        )
    if stale is not None and leerplan is not None:
        # Saving again deliberately replaces the saved text that is now shown.
        forms.lock = LockForm(initial={"lock_version": leerplan.lock_version})
    decisions = list(leerplan.approvals.all()) if leerplan else []
    status_ = LeerplanStatus(leerplan.status if leerplan else LeerplanStatus.DRAFT)
    context = {
        "placement": placement,
        "leerplan": leerplan,
        "status": status_.value,
        "status_label": status_.label,
        "forms": forms,
        "may_edit": editable,
        "may_decide": access.can_decide_leerplan(user, placement, leerplan),
        "may_answer": access.can_answer_leerplan(user, placement, leerplan),
        "answer_form": answer or AnswerForm.for_leerplan(leerplan),
        "decision_form": decision or DecisionForm(),
        "last_decision": decisions[-1] if decisions else None,
        "versions": list(leerplan.versions.all()) if leerplan else [],
        "stale": stale,
    }
    return render(request, "cycle/leerplan.html", context, status=status)


def _bound(request: HttpRequest, placement: Placement) -> LeerplanForms:
    return LeerplanForms(
        request.POST,
        leerplan=leerplan_of(placement),
        outcomes=placement_outcomes(placement),
        phases=phase_table(placement),
    )


def _refused(request, placement, forms, exc: CycleError) -> HttpResponse:
    messages.error(request, str(exc))
    if isinstance(exc, StaleEdit):
        forms.show_other_change(exc.current)
        return _page(request, placement, forms=forms, stale=exc, status=409)
    return _page(request, placement, forms=forms, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def leerplan(request: HttpRequest, pk: int) -> HttpResponse:
    """The leerplan page; the student's POST saves a draft (as often as they like)."""
    if request.method != "POST":
        return _page(request, placement_for_user(request.user, pk))
    placement = access.leerplan_placement_for_edit(request.user, pk)
    forms = _bound(request, placement)
    if not forms.is_valid():
        messages.error(request, _("Controleer de gemarkeerde velden; er is nog niets opgeslagen."))
        return _page(request, placement, forms=forms, status=400)
    try:
        leerplan_save(
            by=request.user,
            placement=placement,
            lock_version=forms.lock_version,
            wishes=forms.wish_values(),
            goals=forms.goal_values(),
        )
    except CycleError as exc:
        return _refused(request, placement, forms, exc)
    messages.success(request, _("Je concept is opgeslagen."))
    return redirect("cycle:leerplan", pk=placement.pk)


@require_POST
def leerplan_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The student saves what they typed and submits the plan, in one go."""
    placement = access.leerplan_placement_for_edit(request.user, pk)
    forms = _bound(request, placement)
    if not forms.is_valid():
        messages.error(request, _("Controleer de gemarkeerde velden; er is nog niets opgeslagen."))
        return _page(request, placement, forms=forms, status=400)
    try:
        version = leerplan_submit(
            by=request.user,
            placement=placement,
            lock_version=forms.lock_version,
            wishes=forms.wish_values(),
            goals=forms.goal_values(),
        )
    except StaleEdit as exc:
        return _refused(request, placement, forms, exc)
    except CycleError as exc:
        forms.mark_missing_goals()
        not_saved = _("Je leerplan is nog niet ingediend en nog niet opgeslagen.")
        exc = CycleError(f"{exc} {not_saved}")
        return _refused(request, placement, forms, exc)
    messages.success(
        request,
        _("Je leerplan is ingediend bij je werkplekbegeleider (versie %(n)s).")
        % {"n": version.number},
    )
    return redirect("cycle:leerplan", pk=placement.pk)


@require_POST
def leerplan_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The werkplekbegeleider (or schoolopleider) approves the plan or returns it."""
    placement = access.leerplan_placement_for_assessor(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Controleer de gemarkeerde velden."))
        return _page(request, placement, decision=form, status=400)
    try:
        approval = leerplan_decide(
            by=request.user,
            placement=placement,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )
    except CycleError as exc:
        messages.error(request, str(exc))
        return redirect("cycle:leerplan", pk=placement.pk)
    if approval.decision == ApprovalDecision.APPROVED:
        messages.success(request, _("Het leerplan is goedgekeurd."))
    else:
        messages.success(request, _("Het leerplan is met je opmerkingen teruggegeven."))
    return redirect("cycle:leerplan", pk=placement.pk)


@require_POST
def leerplan_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The werkplekbegeleider or schoolopleider answers the student's guidance wishes."""
    placement = access.leerplan_placement_for_assessor(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Controleer de gemarkeerde velden."))
        return _page(request, placement, answer=form, status=400)
    try:
        leerplan_answer(
            by=request.user,
            placement=placement,
            answer=form.cleaned_data["guides_answer"],
            seen=form.cleaned_data["seen"],
        )
    except StaleEdit as exc:
        messages.error(request, str(exc))
        data = request.POST.copy()
        data["seen"] = answer_token(leerplan_of(placement))
        return _page(request, placement, answer=AnswerForm(data), stale=exc, status=409)
    except CycleError as exc:
        messages.error(request, str(exc))
        return redirect("cycle:leerplan", pk=placement.pk)
    messages.success(request, _("Jullie antwoord is opgeslagen."))
    return redirect("cycle:leerplan", pk=placement.pk)


@require_GET
def leerplan_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Every submitted version, and the differences between two of them (?van=&naar=)."""
    placement = placement_for_user(request.user, pk)
    versions = leerplan_versions_of(placement)
    numbers = [v.number for v in versions]
    data = request.GET if {"van", "naar"} & set(request.GET) else None
    if data is None and len(numbers) >= 2:
        data = {"van": numbers[-2], "naar": numbers[-1]}
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
    return render(request, "cycle/leerplan_versions.html", context, status=status)
