"""Views of lesson observations: the placement's list (where the student asks for one), record
one, read and respond, the lesson plan download, and taking observations over into a form."""

import mimetypes

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.concurrency import StaleEdit, posted_lock_version
from apps.cycle.common import CycleError
from apps.cycle.evidence.selectors import evidence_on
from apps.cycle.feedback import access as feedback_access
from apps.cycle.models import ObservationInstrument
from apps.cycle.observations import access
from apps.cycle.observations.csvfile import InstrumentFileError
from apps.cycle.observations.forms import (
    InstrumentFileForm,
    ObservationForm,
    RequestForm,
    ResponseForm,
)
from apps.cycle.observations.selectors import observations_of_placement, seen_choices
from apps.cycle.observations.services import (
    default_instrument,
    form_observations_take_over,
    instrument_load,
    lesson_plan_read,
    observation_record,
    observation_request_create,
    observation_respond,
)
from apps.placements.access import placement_for_user


@require_http_methods(["GET", "HEAD", "POST"])
def observations(request: HttpRequest, pk: int) -> HttpResponse:
    """The placement's observations; the student asks for one here."""
    if request.method == "POST":
        placement = access.placement_for_request(request.user, pk)
        form = RequestForm(request.POST)
        if form.is_valid():
            observation_request_create(
                by=request.user, placement=placement, focus=form.cleaned_data["focus"]
            )
            messages.success(request, _("Je verzoek om een lesbezoek is verstuurd."))
            return redirect("cycle:observations", pk=placement.pk)
        status = 400
    else:
        placement, form, status = placement_for_user(request.user, pk), RequestForm(), 200
    is_student = placement.is_student(request.user)
    context = {
        "placement": placement,
        "observations": observations_of_placement(placement),
        "requests": placement.observation_requests.filter(observation__isnull=True),
        "request_form": form if is_student else None,
        "may_observe": access.may_observe(request.user, placement),
        "agreed": placement.school.agreed_observations,
    }
    return render(request, "cycle/observations/list.html", context, status=status)


def _instrument(request: HttpRequest) -> ObservationInstrument:
    chosen = request.GET.get("instrument", "")
    if chosen.isdigit():
        found = ObservationInstrument.objects.current().filter(pk=int(chosen)).first()
        if found is not None:
            return found
    return default_instrument()


@require_http_methods(["GET", "HEAD", "POST"])
def observation_new(request: HttpRequest, pk: int) -> HttpResponse:
    """An observer records a lesson observation."""
    placement = access.placement_for_observing(request.user, pk)
    instrument = _instrument(request)
    choices = seen_choices(placement, instrument)
    open_requests = placement.observation_requests.filter(observation__isnull=True)
    form = ObservationForm(choices=choices, initial={"observed_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        form = ObservationForm(request.POST, request.FILES, choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            answered = open_requests.filter(pk=request.POST.get("request") or 0).first()
            try:
                observation = observation_record(
                    by=request.user,
                    placement=placement,
                    instrument=instrument,
                    **{k: data[k] for k in ("observed_on", "group", "subject", "topic")},
                    **{k: data[k] for k in ("strengths", "feed_forward", "lesson_plan")},
                    seen=form.seen(),
                    request=answered,
                )
            except CycleError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Het lesbezoek is vastgelegd."))
                return redirect("cycle:observation", pk=observation.pk)
        status = 400
    context = {
        "placement": placement,
        "form": form,
        "instrument": instrument,
        "instruments": ObservationInstrument.objects.current(),
        "open_requests": open_requests,
    }
    return render(request, "cycle/observations/new.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def observation(request: HttpRequest, pk: int) -> HttpResponse:
    """One observation with the evidence on it; its student responds and attaches evidence
    here (through the evidence pages, apps/cycle/evidence)."""
    if request.method == "POST":
        obs = access.observation_for_response(request.user, pk)
        form = ResponseForm(request.POST)
        if form.is_valid():
            observation_respond(by=request.user, observation=obs, text=form.cleaned_data["text"])
            messages.success(request, _("Je reactie is opgeslagen."))
            return redirect("cycle:observation", pk=obs.pk)
        status = 400
    else:
        obs = access.observation_for_user(request.user, pk)
        form, status = ResponseForm(initial={"text": obs.student_response}), 200
    is_student = obs.placement.is_student(request.user)
    context = {
        "placement": obs.placement,
        "observation": obs,
        "evidence": evidence_on(request.user, observation=obs),
        "is_student": is_student,
        "seen": obs.seen.select_related(
            "placement_outcome__outcome", "placement_outcome__subject_outcome", "indicator", "item"
        ),
        "response_form": form if is_student else None,
    }
    return render(request, "cycle/observations/detail.html", context, status=status)


@require_GET
def observation_lesson_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The lesson plan, only through this access check, and audited; never from media."""
    obs = access.observation_for_user(request.user, pk)
    try:
        data = lesson_plan_read(by=request.user, observation=obs)
    except CycleError as exc:
        messages.error(request, str(exc))
        return redirect("cycle:observation", pk=obs.pk)
    name = obs.lesson_plan_name or obs.lesson_plan.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name.replace(chr(34), "")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def form_observations(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the indicators seen in observations since the previous form over into this one."""
    version = feedback_access.form_version_for_feedback(request.user, pk)
    lock = posted_lock_version(request)
    try:
        added = form_observations_take_over(
            by=request.user, version=version, lock_version=lock if lock is not None else -1
        )
    except (CycleError, StaleEdit) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d geziene indicator uit lesbezoeken overgenomen.",
                "%(n)d geziene indicatoren uit lesbezoeken overgenomen.",
                added,
            )
            % {"n": added},
        )
    return redirect("cycle:form", pk=version.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def instrument_import(request: HttpRequest, pk: int) -> HttpResponse:
    """The praktijkbureau loads an own instrument from CSV: the whole file is checked and
    nothing is written unless all of it is right; an instrument in use gets a new version."""
    instrument = access.instrument_for_loading(request.user, pk)
    form, errors, status = InstrumentFileForm(), [], 200
    if request.method == "POST":
        form = InstrumentFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                loaded = instrument_load(
                    by=request.user, instrument=instrument, content=form.cleaned_data["file"].read()
                )
            except InstrumentFileError as exc:
                errors = exc.errors
            except CycleError as exc:
                errors = [str(exc)]
            else:
                messages.success(
                    request,
                    _("%(name)s is geladen (versie %(n)d).")
                    % {"name": loaded.name, "n": loaded.version},
                )
                return redirect("cycle:instrument_import", pk=loaded.pk)
        status = 400
    context = {"instrument": instrument, "form": form, "errors": errors}
    return render(request, "cycle/observations/instrument_import.html", context, status=status)
