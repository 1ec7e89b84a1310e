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
    AcknowledgeForm,
    ConcernForm,
    DecisionForm,
    DoubtForm,
    EntryExceptionForm,
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
from apps.cycle.procedure.services import (
    concern_acknowledge,
    concern_raise,
    disagreement_open,
    disagreement_post,
    disagreement_resolve,
    maatwerk_add,
    maatwerk_remove,
    termination_decide,
    termination_propose,
)
from apps.outcomes.models import LearningOutcome

GET_POST = ["GET", "HEAD", "POST"]


@require_POST
def doubt(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.entry_for_doubt(request.user, pk)
    form = DoubtForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef aan waarom je twijfelt aan dit oordeel."))
        return redirect("cycle:form", pk=entry.version_id)
    try:
        disagreement = disagreement_open(
            by=request.user, entry=entry, reason=form.cleaned_data["reason"]
        )
    except CycleError as exc:
        messages.error(request, str(exc))
        return redirect("cycle:form", pk=entry.version_id)
    messages.success(
        request, _("Je twijfel is gedeeld met de werkplekbegeleider en schoolopleider.")
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
    context = {
        "item": item,
        "placement": placement,
        "form": form,
        "resolve_form": ResolveForm(),
        "may_decide": is_institute_assessor(request.user, placement),
        "chat": item.messages.select_related("author"),
    }
    return render(request, "cycle/procedure/disagreement.html", context, status=status)


@require_POST
def disagreement_close(request: HttpRequest, pk: int) -> HttpResponse:
    item, _placement = access.disagreement_for_user(request.user, pk)
    form = ResolveForm(request.POST)
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
    may_acknowledge = is_institute_assessor(request.user, placement) and item.status == "open"
    form = AcknowledgeForm()

    def page(*, stale=None, status=200):
        context = {
            "item": item,
            "placement": placement,
            "form": form,
            "may_acknowledge": may_acknowledge,
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
    may_decide = item.status == "voorgesteld" and request.user.pk in {
        placement.schoolopleider_id,
        placement.instituutsopleider_id,
    }
    form = DecisionForm()

    def page(*, stale=None, status=200):
        context = {"item": item, "placement": placement, "form": form, "may_decide": may_decide}
        return render(request, "cycle/procedure/termination.html", context, status=status)

    if request.method != "POST":
        return page()
    if not may_decide:
        raise PermissionDenied("Alleen de schoolopleider of instituutsopleider besluit hierover.")
    form = DecisionForm(request.POST)

    def done(_proposal):
        messages.success(request, _("Het besluit is vastgelegd."))
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
