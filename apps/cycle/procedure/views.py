"""Views of the assessment procedure. Each: access module, form, one service, redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.concurrency import save_or_refuse
from apps.cycle.access import is_institute_assessor
from apps.cycle.common import CycleError
from apps.cycle.procedure import access
from apps.cycle.procedure.forms import (
    AGREED,
    DECIDED,
    AcknowledgeForm,
    ConcernForm,
    ConfirmForm,
    DecisionForm,
    DoubtForm,
    EntryExceptionForm,
    EscalateForm,
    MaatwerkForm,
    MessageForm,
    OutcomeChoiceForm,
    ResolveForm,
    TerminationForm,
)
from apps.cycle.procedure.outcome_set import (
    derived_judgements,
    entry_exception_record,
    outcome_choice_set,
)
from apps.cycle.procedure.selectors import dialogue_side, may_decide
from apps.cycle.procedure.services import (
    concern_acknowledge,
    concern_hand_on,
    concern_raise,
    disagreement_escalate,
    disagreement_open,
    disagreement_post,
    disagreement_resolve,
    maatwerk_add,
    maatwerk_remove,
    termination_confirm,
    termination_decide,
    termination_propose,
)
from apps.outcomes.models import Indicator, LearningOutcome

GET_POST = ["GET", "HEAD", "POST"]


@require_POST
def doubt(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.entry_for_doubt(request.user, pk)
    form = DoubtForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("cycle:form", pk=entry.version_id)
    indicator_id = form.cleaned_data["indicator"]
    indicator = Indicator.objects.filter(pk=indicator_id).first() if indicator_id else None
    try:
        disagreement = disagreement_open(
            by=request.user,
            entry=entry,
            reason=form.cleaned_data["reason"],
            category=form.cleaned_data["category"],
            indicator=indicator,
        )
    except CycleError as exc:
        messages.error(request, str(exc))
        return redirect("cycle:form", pk=entry.version_id)
    messages.success(
        request,
        _("Je twijfel is gedeeld. Rond de dialoog af vóór %(deadline)s.")
        % {"deadline": f"{disagreement.deadline:%d-%m-%Y}"},
    )
    return redirect("cycle:disagreement", pk=disagreement.pk)


@require_http_methods(GET_POST)
def disagreement(request: HttpRequest, pk: int) -> HttpResponse:
    """The collegial dialogue about a doubted judgement, for the guides."""
    item, placement = access.disagreement_for_user(request.user, pk)
    form, status = MessageForm(), 200
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                disagreement_post(
                    by=request.user, disagreement=item, text=form.cleaned_data["text"]
                )
            except CycleError as exc:
                messages.error(request, str(exc))
            else:
                return redirect("cycle:disagreement", pk=item.pk)
        status = 400
    choices = _resolve_choices(request.user, item)
    context = {
        "item": item,
        "placement": placement,
        "form": form,
        "resolve_form": ResolveForm(choices=choices) if choices else None,
        "escalate_form": EscalateForm(),
        "on_dialogue_side": dialogue_side(request.user, item),
        "may_decide": may_decide(request.user, item),
        "chat": item.messages.select_related("author"),
    }
    return render(request, "cycle/procedure/disagreement.html", context, status=status)


def _resolve_choices(user, item) -> list:
    """The sides of the dialogue record an agreement; the instituutsopleider who was brought
    in (and did not raise the doubt) decides."""
    choices = []
    if dialogue_side(user, item):
        choices.append(AGREED)
    if may_decide(user, item):
        choices.append(DECIDED)
    return choices


@require_POST
def disagreement_raise_level(request: HttpRequest, pk: int) -> HttpResponse:
    """Either side of the dialogue brings in the instituutsopleider."""
    item, _placement = access.disagreement_for_user(request.user, pk)
    if not dialogue_side(request.user, item):
        raise PermissionDenied("Alleen wie de dialoog voert, schakelt de instituutsopleider in.")
    form = EscalateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Schrijf waarom jullie er samen niet uitkomen."))
        return redirect("cycle:disagreement", pk=item.pk)
    try:
        disagreement_escalate(by=request.user, disagreement=item, note=form.cleaned_data["note"])
    except CycleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De instituutsopleider is ingeschakeld."))
    return redirect("cycle:disagreement", pk=item.pk)


@require_POST
def disagreement_close(request: HttpRequest, pk: int) -> HttpResponse:
    item, _placement = access.disagreement_for_user(request.user, pk)
    form = ResolveForm(request.POST, choices=_resolve_choices(request.user, item))
    if not form.is_valid():
        messages.error(
            request, _("Kies hoe het gesprek is afgerond, het oordeel en een onderbouwing.")
        )
        return redirect("cycle:disagreement", pk=item.pk)
    try:
        disagreement_resolve(
            by=request.user,
            disagreement=item,
            agreed=form.cleaned_data["outcome"] == "overeenstemming",
            judgement=form.cleaned_data["judgement"],
            rationale=form.cleaned_data["rationale"],
        )
    except CycleError as exc:
        messages.error(request, str(exc))
        return redirect("cycle:disagreement", pk=item.pk)
    messages.success(
        request,
        _("Het gesprek is afgerond. De werkplekbegeleider en de student zijn op de hoogte."),
    )
    return redirect("cycle:disagreement", pk=item.pk)


@require_http_methods(GET_POST)
def concern_new(request: HttpRequest, pk: int) -> HttpResponse:
    placement = access.placement_for_assessor(request.user, pk)
    outcomes = list(placement.outcomes.select_related("outcome", "subject_outcome"))
    form = ConcernForm(outcomes=outcomes)

    def page(*, stale=None, status=200):
        context = {"placement": placement, "form": form}
        return render(request, "cycle/procedure/concern_new.html", context, status=status)

    if request.method != "POST":
        return page()
    form = ConcernForm(request.POST, outcomes=outcomes)

    def done(concern):
        messages.success(request, _("Je zorg is gedeeld met de instituutsopleider."))
        return redirect("cycle:concern", pk=concern.pk)

    return save_or_refuse(
        request,
        lambda: concern_raise(
            by=request.user,
            placement_outcome=form.outcomes[form.cleaned_data["placement_outcome"]],
            text=form.cleaned_data["text"],
        ),
        forms=[form],
        page=page,
        done=done,
    )


@require_http_methods(GET_POST)
def concern(request: HttpRequest, pk: int) -> HttpResponse:
    item, placement = access.concern_for_user(request.user, pk)
    may_acknowledge = item.status == "open" and (
        is_institute_assessor(request.user, placement) or request.user.pk == item.handed_to_id
    )
    may_hand_on = (
        item.status == "open"
        and is_institute_assessor(request.user, placement)
        and placement.opleider_id is not None
        and item.handed_to_id != placement.opleider_id
    )
    form = AcknowledgeForm()

    def page(*, stale=None, status=200):
        context = {
            "item": item,
            "placement": placement,
            "form": form,
            "may_acknowledge": may_acknowledge,
            "may_hand_on": may_hand_on,
        }
        return render(request, "cycle/procedure/concern.html", context, status=status)

    if request.method != "POST":
        return page()
    if not may_acknowledge:
        raise PermissionDenied("Alleen de instituutsopleider legt de afspraken vast.")
    form = AcknowledgeForm(request.POST)

    def done(_concern):
        messages.success(request, _("De afspraken zijn vastgelegd."))
        return redirect("cycle:concern", pk=item.pk)

    return save_or_refuse(
        request,
        lambda: concern_acknowledge(
            by=request.user, concern=item, agreement=form.cleaned_data["agreement"]
        ),
        forms=[form],
        page=page,
        done=done,
    )


@require_POST
def concern_pass_on(request: HttpRequest, pk: int) -> HttpResponse:
    """The instituutsopleider hands the concern on to the opleider of the institute."""
    item, placement = access.concern_for_user(request.user, pk)
    if not is_institute_assessor(request.user, placement):
        raise PermissionDenied("Alleen de instituutsopleider geeft een zorg door.")
    try:
        concern_hand_on(by=request.user, concern=item)
    except CycleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De zorg is doorgegeven aan de opleider van het instituut."))
    return redirect("cycle:concern", pk=item.pk)


@require_http_methods(GET_POST)
def termination_new(request: HttpRequest, pk: int) -> HttpResponse:
    placement = access.placement_for_assessor(request.user, pk)
    form = TerminationForm()

    def page(*, stale=None, status=200):
        context = {"placement": placement, "form": form}
        return render(request, "cycle/procedure/termination_new.html", context, status=status)

    if request.method != "POST":
        return page()
    form = TerminationForm(request.POST)

    def done(proposal):
        messages.success(
            request, _("Je voorstel is naar de schoolopleider en instituutsopleider gestuurd.")
        )
        return redirect("cycle:termination", pk=proposal.pk)

    return save_or_refuse(
        request,
        lambda: termination_propose(by=request.user, placement=placement, **form.cleaned_data),
        forms=[form],
        page=page,
        done=done,
    )


@require_http_methods(GET_POST)
def termination(request: HttpRequest, pk: int) -> HttpResponse:
    item, placement = access.termination_for_user(request.user, pk)
    decider = request.user.pk in {placement.schoolopleider_id, placement.instituutsopleider_id}
    open_ = item.status == "voorgesteld"
    may_intend = decider and open_ and item.intended_by_id is None
    may_confirm = (
        decider
        and open_
        and item.intended_by_id is not None
        and item.intended_by_id != request.user.pk
    )
    form = DecisionForm()

    def page(*, stale=None, status=200):
        context = {
            "item": item,
            "placement": placement,
            "form": form,
            "confirm_form": ConfirmForm(),
            "may_decide": may_intend,
            "may_confirm": may_confirm,
        }
        return render(request, "cycle/procedure/termination.html", context, status=status)

    if request.method != "POST":
        return page()
    if not may_intend:
        raise PermissionDenied("Alleen de schoolopleider of instituutsopleider besluit hierover.")
    form = DecisionForm(request.POST)

    def done(_proposal):
        messages.success(
            request,
            _("Het voorgenomen besluit is vastgelegd; de ander van jullie tweeën bevestigt het."),
        )
        return redirect("cycle:termination", pk=item.pk)

    return save_or_refuse(
        request,
        lambda: termination_decide(by=request.user, proposal=item, **form.cleaned_data),
        forms=[form],
        page=page,
        done=done,
    )


# The maatwerk page carries three forms; the button pressed names which one is sent.
MAATWERK_ACTIONS = {
    "add": (MaatwerkForm, maatwerk_add, _("De leeruitkomst is toegevoegd.")),
    "choice": (OutcomeChoiceForm, outcome_choice_set, _("De keuze is opgeslagen.")),
    "exception": (
        EntryExceptionForm,
        entry_exception_record,
        _("De uitzondering is vastgelegd; de stage kan starten."),
    ),
}


@require_POST
def termination_agree(request: HttpRequest, pk: int) -> HttpResponse:
    """The second of schoolopleider and instituutsopleider confirms or rejects the intended
    decision."""
    item, placement = access.termination_for_user(request.user, pk)
    if request.user.pk not in {placement.schoolopleider_id, placement.instituutsopleider_id}:
        raise PermissionDenied("Alleen de schoolopleider of instituutsopleider besluit hierover.")
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies of je het besluit bevestigt."))
        return redirect("cycle:termination", pk=item.pk)
    try:
        termination_confirm(by=request.user, proposal=item, **form.cleaned_data)
    except CycleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Je antwoord is vastgelegd."))
    return redirect("cycle:termination", pk=item.pk)


@require_http_methods(GET_POST)
def maatwerk(request: HttpRequest, pk: int) -> HttpResponse:
    placement = access.placement_for_maatwerk(request.user, pk)
    action = request.POST.get("action", "add") if request.method == "POST" else ""
    form_class, service, success = MAATWERK_ACTIONS.get(action, MAATWERK_ACTIONS["add"])
    forms = {name: cls(placement=placement) for name, (cls, _s, _m) in MAATWERK_ACTIONS.items()}
    if action:
        forms[action] = form_class(request.POST, placement=placement)

    def page(*, stale=None, status=200):
        outcomes = placement.outcomes.select_related("outcome", "subject_outcome")
        context = {
            "placement": placement,
            "forms": forms,
            "form": forms["add"],
            "outcomes": outcomes,
            "derived": derived_judgements(placement),
            "year1": LearningOutcome.objects.current().filter(study_year=1, is_maatwerk=True),
        }
        return render(request, "cycle/procedure/maatwerk.html", context, status=status)

    if not action:
        return page()

    def done(_result):
        messages.success(request, success)
        return redirect("cycle:maatwerk", pk=placement.pk)

    return save_or_refuse(
        request,
        lambda: service(by=request.user, placement=placement, **forms[action].cleaned_data),
        forms=[forms[action]],
        page=page,
        done=done,
    )


@require_POST
def maatwerk_delete(request: HttpRequest, pk: int, outcome_pk: int) -> HttpResponse:
    placement = access.placement_for_maatwerk(request.user, pk)
    placement_outcome = placement.outcomes.filter(pk=outcome_pk).first()
    if placement_outcome is None:
        messages.error(request, _("Deze leeruitkomst hoort niet bij de stage."))
        return redirect("cycle:maatwerk", pk=placement.pk)
    try:
        maatwerk_remove(by=request.user, placement_outcome=placement_outcome)
    except CycleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De leeruitkomst is verwijderd."))
    return redirect("cycle:maatwerk", pk=placement.pk)
