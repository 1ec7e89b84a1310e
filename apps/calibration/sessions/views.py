"""The pages of a calibration session: views ask `access`, then call a service or selectors."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.calibration.models import SessionPhase
from apps.calibration.navigation import calibration_links
from apps.calibration.sessions import access, selectors
from apps.calibration.sessions.charts import heatmap_grids
from apps.calibration.sessions.forms import (
    AgreementForm,
    CredentialForm,
    JudgementForm,
    SessionEditForm,
    SessionForm,
)
from apps.calibration.sessions.services import (
    PROMOTABLE,
    JudgementInput,
    JudgementLocked,
    SessionError,
    SessionSetup,
    agreement_action_done,
    agreement_promote,
    agreement_record,
    credential_record,
    judgements_save,
    reveal_allowed,
    session_close,
    session_create,
    session_reference_reveal,
    session_reveal,
    session_update,
    size_warning,
)
from apps.core.concurrency import ServiceError, StaleEdit, is_autosave, posted_lock_version
from apps.core.pdf import render_template_pdf


@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    """The person's sessions; the examencommissie also every session past the reveal, with its
    report and PDF, its participants counted by role (never named)."""
    access.require_staff(request.user)
    sessions = list(selectors.sessions_for(request.user))
    by_role = selectors.participants_by_role_of(sessions)
    for session in sessions:
        session.by_role = by_role.get(session.pk, [])
    return render(
        request,
        "calibration/sessions/list.html",
        {
            "sessions": sessions,
            "may_organise": access.may_organise(request.user),
            "may_register": access.may_read_register(request.user),
            "links": calibration_links(request.user),
        },
    )


def _outcome_ids(request: HttpRequest) -> list[int]:
    values = request.POST.getlist("outcomes") or request.GET.getlist("outcome")
    return [int(v) for v in values if v.isdigit()]


@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    """Set up a session; `?outcome=<id>` pre-fills the outcomes (the disagreement map links
    here) and narrows the exemplar list to them."""
    if not access.may_organise(request.user) or not access.is_staff(request.user):
        raise Http404
    outcome_ids = _outcome_ids(request)
    if request.method == "GET":
        form = SessionForm(
            initial={"outcomes": outcome_ids, "moderator": request.user.pk},
            outcome_ids=outcome_ids,
        )
        return _setup_page(request, form)
    form = SessionForm(request.POST, outcome_ids=outcome_ids)
    if not form.is_valid():
        return _setup_page(request, form, status=400)
    data = form.cleaned_data
    setup = SessionSetup(
        **{k: data[k] for k in SessionSetup.__dataclass_fields__ if k in data},
    )
    try:
        session = session_create(by=request.user, setup=setup)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return _setup_page(request, form, status=400)
    messages.success(
        request, _("De kalibratiesessie is aangemaakt; de deelnemers kunnen beoordelen.")
    )
    warning = size_warning(len(data["participants"]))
    if warning:
        messages.warning(request, warning)
    return redirect("calibration:session_detail", session.pk)


def _setup_page(request, form, *, status=200):
    return render(request, "calibration/sessions/new.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for_setup(request.user, pk)
    initial = {
        "title": session.title,
        "held_on": session.held_on,
        "judge_before": session.judge_before,
        "notulist": session.notulist_id,
        "target_agreement": session.target_agreement,
    }
    if request.method == "GET":
        return _edit_page(request, session, SessionEditForm(initial=initial))
    form = SessionEditForm(request.POST)
    lock_version = posted_lock_version(request)
    if not form.is_valid() or lock_version is None:
        return _edit_page(request, session, form, status=400)
    try:
        session_update(
            by=request.user, session=session, lock_version=lock_version, **form.cleaned_data
        )
    except StaleEdit as exc:
        messages.error(request, str(exc))
        return _edit_page(request, session, form, status=409)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return _edit_page(request, session, form, status=400)
    messages.success(request, _("De sessie is bijgewerkt."))
    return redirect("calibration:session_detail", session.pk)


def _edit_page(request, session, form, *, status=200):
    return render(
        request,
        "calibration/sessions/edit.html",
        {"session": session, "form": form},
        status=status,
    )


def _reveal_context(session) -> dict:
    """What the reveal shows; only called once `access.others_visible(session)`."""
    exemplars = selectors.session_exemplars(session)
    figures = selectors.session_figures(session)
    heat = selectors.indicator_heatmap(session, exemplars)
    motivations = selectors.motivations(session)
    reference = selectors.reference_of(exemplars) if access.reference_visible(session) else {}
    rows = [
        {
            "exemplar": e,
            "distribution": figures["distribution"].get(
                e.pk, {"voldaan": 0, "niet_voldaan": 0, "n": 0}
            ),
            "motivations": motivations.get(e.pk, []),
            "reference": reference.get(e.pk),
        }
        for e in exemplars
    ]
    return {
        "rows": rows,
        "figures": figures,
        "heat_rows": heat,
        "grids": heatmap_grids(heat),
    }


@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, access.session_for_user(request.user, pk))


def _detail_page(request, session, *, agreement_form=None, status=200):
    user = request.user
    participants = selectors.participants_of(session)
    me = next((p for p in participants if p.user_id == user.pk), None)
    context = {
        "session": session,
        "exemplars": selectors.session_exemplars(session),
        "participants": participants,
        "n_submitted": sum(1 for p in participants if p.submitted_at),
        "me": me,
        "is_moderator": user.pk == session.moderator_id,
        "may_setup": access.may_setup(user, session),
        "may_close": user.pk in (session.moderator_id, session.organiser_id),
        "may_minute": access.may_minute(user, session),
        "may_promote": access.may_promote(user),
        "promotable": [k.value for k in PROMOTABLE],
        "reveal_allowed": session.phase == SessionPhase.JUDGING and reveal_allowed(session),
        "by_role": selectors.participants_by_role(session),
        "agreements": list(selectors.agreements_of(session)),
        "revealed": access.others_visible(session),
        "reference_shown": access.reference_visible(session),
    }
    if context["revealed"]:
        context.update(_reveal_context(session))
        if context["may_minute"] and session.phase != SessionPhase.CLOSED:
            context["agreement_form"] = agreement_form or AgreementForm(session=session)
    return render(request, "calibration/sessions/detail.html", context, status=status)


def _judging_rows(participant, exemplars, post=None):
    own = selectors.own_judgements(participant)
    rows = []
    for exemplar in exemplars:
        indicators = selectors.gradable_indicators(exemplar)
        row = own.get(exemplar.pk)
        initial = {}
        if row is not None:
            initial = {
                "judgement": row.judgement,
                "confidence_year3": {True: "ja", False: "nee"}.get(row.confidence_year3, ""),
                "indicators_seen": [i.pk for i in row.indicators_seen.all()],
                "motivation": row.motivation,
                "certainty": row.certainty or "",
            }
        form = JudgementForm(
            post,
            prefix=f"x{exemplar.pk}",
            initial=initial,
            exemplar=exemplar,
            indicators=indicators,
        )
        rows.append({"exemplar": exemplar, "form": form, "own": row})
    return rows


@require_http_methods(["GET", "POST"])
def session_judge(request: HttpRequest, pk: int) -> HttpResponse:
    """Phase 1: the participant judges every exemplar blind; drafts are kept, "Indienen" locks
    all of them. After submitting, any POST is refused with 409 and nothing changes."""
    session, participant = access.session_for_judging(request.user, pk)
    exemplars = selectors.session_exemplars(session)
    if request.method == "GET":
        return _judge_page(request, session, participant, _judging_rows(participant, exemplars))
    if participant.submitted_at is not None or session.phase not in (
        SessionPhase.PLANNED,
        SessionPhase.JUDGING,
    ):
        message = _("Je hebt je oordelen ingediend; ze kunnen niet meer veranderen.")
        if is_autosave(request):
            return JsonResponse({"saved": False, "error": message}, status=409)
        messages.error(request, message)
        return _judge_page(
            request, session, participant, _judging_rows(participant, exemplars), status=409
        )
    rows = _judging_rows(participant, exemplars, post=request.POST)
    if not all(row["form"].is_valid() for row in rows):
        messages.error(request, _("Niet opgeslagen: kijk de gemarkeerde velden na."))
        return _judge_page(request, session, participant, rows, status=400)
    data = {
        row["exemplar"].pk: JudgementInput(
            judgement=row["form"].cleaned_data["judgement"],
            confidence_year3=row["form"].cleaned_data.get("confidence_year3"),
            indicators=list(row["form"].cleaned_data["indicators_seen"]),
            motivation=row["form"].cleaned_data["motivation"],
            certainty=row["form"].cleaned_data["certainty"],
        )
        for row in rows
    }
    submit = request.POST.get("submit") == "indienen"
    try:
        judgements_save(
            by=request.user,
            participant=participant,
            exemplars=exemplars,
            data=data,
            show_name=request.POST.get("show_name") == "on",
            submit=submit,
        )
    except JudgementLocked as exc:
        messages.error(request, str(exc))
        return _judge_page(request, session, participant, rows, status=409)
    except ServiceError as exc:
        if is_autosave(request):
            return JsonResponse({"saved": False, "error": str(exc)}, status=400)
        messages.error(request, str(exc))
        return _judge_page(request, session, participant, rows, status=400)
    if is_autosave(request):
        return JsonResponse({"saved": True, "lock_version": 0})
    if submit:
        messages.success(
            request,
            _("Je oordelen zijn ingediend. Je ziet de spreiding zodra de moderator die toont."),
        )
        return redirect("calibration:session_detail", session.pk)
    messages.success(request, _("Je concept is bewaard."))
    return redirect("calibration:session_judge", session.pk)


def _judge_page(request, session, participant, rows, *, status=200):
    return render(
        request,
        "calibration/sessions/judge.html",
        {
            "session": session,
            "participant": participant,
            "rows": rows,
            "locked": participant.submitted_at is not None,
            "show_name": request.POST.get("show_name") == "on"
            if request.method == "POST"
            else participant.show_name,
        },
        status=status,
    )


def _phase_step(request, service, session, done: str) -> HttpResponse:
    try:
        service(by=request.user, session=session)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("calibration:session_detail", session.pk)


@require_POST
def session_reveal_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for_moderation(request.user, pk)
    return _phase_step(request, session_reveal, session, _("De spreiding is getoond."))


@require_POST
def session_reference_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for_moderation(request.user, pk)
    return _phase_step(request, session_reference_reveal, session, _("De referentie is getoond."))


@require_POST
def session_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for_closing(request.user, pk)
    return _phase_step(
        request, session_close, session, _("De sessie is afgesloten en staat in het register.")
    )


@require_POST
def agreement_new(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for_minutes(request.user, pk)
    form = AgreementForm(request.POST, session=session)
    if not form.is_valid():
        messages.error(request, _("De afspraak is niet vastgelegd: kijk de velden na."))
        return _detail_page(request, session, agreement_form=form, status=400)
    try:
        agreement_record(by=request.user, session=session, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return _detail_page(request, session, agreement_form=form, status=400)
    messages.success(request, _("De afspraak is vastgelegd."))
    return redirect("calibration:session_detail", session.pk)


@require_POST
def agreement_promote_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_promotion(request.user, pk)
    try:
        agreement_promote(by=request.user, agreement=agreement)
    except SessionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("De afspraak is een beslisregel: die staat nu in het formulier van de mentor."),
        )
    return redirect("calibration:session_detail", agreement.session_id)


@require_POST
def agreement_action_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an action item afgehandeld (done=1) or open again (done=0)."""
    agreement = access.agreement_for_action(request.user, pk)
    done = request.POST.get("done") == "1"
    try:
        agreement_action_done(by=request.user, agreement=agreement, done=done)
    except SessionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Het actiepunt is afgehandeld.") if done else _("Het actiepunt staat weer open."),
        )
    return redirect("calibration:session_detail", agreement.session_id)


def _report_context(session) -> dict:
    context = {
        "session": session,
        "by_role": selectors.participants_by_role(session),
        "n_participants": session.participants.count(),
        "agreements": list(selectors.agreements_of(session)),
        "outcomes": list(session.outcomes.all()),
    }
    context.update(_reveal_context(session))
    return context


@require_GET
def session_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The session report: counts by role, never names (the examencommissie reads it too)."""
    session = access.session_for_report(request.user, pk)
    return render(request, "calibration/sessions/report.html", _report_context(session))


@require_GET
def session_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for_report(request.user, pk)
    pdf = render_template_pdf("calibration/sessions/report_pdf.html", _report_context(session))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kalibratiesessie-{session.pk}.pdf"'
    return response


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The assessor register: attendance and credentials, never a performance figure."""
    if not access.may_read_register(request.user):
        raise Http404
    return render(
        request,
        "calibration/sessions/register.html",
        {"people": selectors.register_rows(), "may_record": request.user.is_praktijkbureau},
    )


@require_http_methods(["GET", "POST"])
def credential_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated or not request.user.is_praktijkbureau:
        raise Http404
    form = CredentialForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            credential_record(by=request.user, **form.cleaned_data)
            messages.success(request, _("Vastgelegd in het beoordelaarsregister."))
            return redirect("calibration:register")
        return render(
            request, "calibration/sessions/credential_new.html", {"form": form}, status=400
        )
    return render(request, "calibration/sessions/credential_new.html", {"form": form})


@require_GET
def mirror(request: HttpRequest) -> HttpResponse:
    """ "Mijn kalibratie": only ever the person's own judgements."""
    access.require_staff(request.user)
    return render(
        request, "calibration/sessions/mirror.html", {"sessions": selectors.mirror_of(request.user)}
    )
