"""The audit sample's pages: the list of draws and the draw, one draw with its assignment and
export (praktijkbureau, examencommissie), and the blind second assessor's own items."""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.models import Role, User
from apps.calibration.audit import access
from apps.calibration.audit.evidence import deidentified_texts
from apps.calibration.audit.forms import AssignForm, DrawForm, SecondJudgementForm
from apps.calibration.audit.selectors import (
    item_for_judging,
    items_of_assessor,
    sample_items,
    samples_overview,
)
from apps.calibration.audit.services import (
    AuditError,
    AuditLocked,
    audit_item_assign,
    audit_item_submit,
    audit_sample_draw,
    audit_sample_export,
    opaque_id,
)
from apps.core.concurrency import StaleEdit
from apps.cycle.models import FormEntry

FIELD_LABELS = {
    name: FormEntry._meta.get_field(name).verbose_name
    for name in (
        "self_reflection",
        "feedback",
        "feed_forward",
        "development_made",
        "development_to_make",
    )
}


def _candidates() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_memberships__role__in=[Role.INSTITUUTSOPLEIDER, Role.SCHOOLOPLEIDER],
        )
        .distinct()
        .order_by("full_name")
    )


@require_GET
def sample_list(request: HttpRequest) -> HttpResponse:
    """ "Steekproef": every draw with its counts, and the way to a new draw."""
    access.require_read(request.user)
    return render(
        request,
        "calibration/audit/list.html",
        {"samples": samples_overview(), "may_draw": access.may_draw(request.user)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def draw(request: HttpRequest) -> HttpResponse:
    """Set the rate and draw (the praktijkbureau or the examencommissie)."""
    access.require_draw(request.user)
    form = DrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sample = audit_sample_draw(
                    by=request.user,
                    school_year=form.cleaned_data["school_year"],
                    study_year=form.cleaned_data["study_year"],
                    rate=form.cleaned_data["percentage"] / Decimal(100),
                )
            except AuditError as exc:
                messages.error(request, str(exc))
                status = 400
            else:
                messages.success(
                    request,
                    _("Steekproef getrokken: %(n)s oordelen.") % {"n": sample.items.count()},
                )
                return redirect("calibration:audit_sample", sample.pk)
        else:
            messages.error(request, _("Controleer de gemarkeerde velden."))
            status = 400
    return render(request, "calibration/audit/draw.html", {"form": form}, status=status)


@require_GET
def sample_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One draw: per item an opaque code, the outcome and whether the second judgement is in;
    the praktijkbureau changes the second assessor here. No judgements beside names."""
    sample = access.sample_for(request.user, pk)
    items = sample_items(sample)
    may_assign = access.may_assign(request.user)
    candidates = _candidates() if may_assign else []
    rows = [
        {
            "item": item,
            "code": opaque_id(sample, "stage", item.entry.version.form.conversation.placement_id),
            "school": opaque_id(
                sample, "school", item.entry.version.form.conversation.placement.school_id
            ),
            "form": AssignForm(
                candidates=candidates,
                initial={"assessor": item.second_assessor_id},
                prefix=f"item{item.pk}",
            )
            if may_assign and not item.submitted_at
            else None,
        }
        for item in items
    ]
    submitted = [i for i in items if i.submitted_at]
    context = {
        "sample": sample,
        "rows": rows,
        "percentage": sample.rate * 100,
        "n_submitted": len(submitted),
        "n_differ": sum(1 for i in submitted if i.judgement != i.entry.judgement),
        "n_doubts": sum(1 for i in submitted if i.disagreement_id),
        "n_unassigned": sum(1 for i in items if not i.second_assessor_id),
        "may_assign": may_assign,
    }
    return render(request, "calibration/audit/sample.html", context)


@require_GET
def sample_export(request: HttpRequest, pk: int) -> HttpResponse:
    sample = access.sample_for(request.user, pk)
    data = audit_sample_export(by=request.user, sample=sample)
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="steekproef-{sample.school_year}-{sample.pk}.csv"'
    )
    return response


@require_POST
def item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.item_for_assignment(request.user, pk)
    form = AssignForm(request.POST, candidates=_candidates(), prefix=f"item{item.pk}")
    if not form.is_valid():
        messages.error(request, _("Kies een tweede beoordelaar."))
        return redirect("calibration:audit_sample", item.sample_id)
    try:
        audit_item_assign(by=request.user, item=item, assessor=form.cleaned_data["assessor"])
    except AuditLocked as exc:
        messages.error(request, str(exc))
        return redirect("calibration:audit_sample", item.sample_id)
    except AuditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Tweede beoordelaar gewijzigd."))
    return redirect("calibration:audit_sample", item.sample_id)


@require_GET
def my_items(request: HttpRequest) -> HttpResponse:
    """ "Steekproef: tweede beoordeling": the second assessor's own items."""
    access.require_own_items(request.user)
    return render(
        request, "calibration/audit/my_items.html", {"items": items_of_assessor(request.user)}
    )


def _judge_page(request, item, form=None, status=200) -> HttpResponse:
    entry = item.entry
    outcome = entry.placement_outcome.outcome
    texts = deidentified_texts(entry)
    if form is None and not item.submitted_at:
        form = SecondJudgementForm(
            initial={"lock_version": item.lock_version},
            indicators=entry.gradable_indicators,
            asks_confidence=bool(outcome and outcome.asks_confidence),
        )
    context = {
        "item": item,
        "outcome": outcome or entry.placement_outcome,
        "evidence": [(FIELD_LABELS[name], text) for name, text in texts.items()],
        "form": form,
        "own_indicators": list(item.indicators_seen.all()) if item.submitted_at else [],
    }
    return render(request, "calibration/audit/judge.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def item_judge(request: HttpRequest, pk: int) -> HttpResponse:
    """The blind second judgement: the de-identified evidence and the fields of the real form.
    Never the first judgement, the ticks, the motivation or a decision. Submitting locks."""
    item = item_for_judging(access.item_for_assessor(request.user, pk))
    if request.method != "POST":
        return _judge_page(request, item)
    if item.submitted_at:
        messages.error(
            request, _("Je tweede beoordeling is al ingediend en kan niet meer veranderen.")
        )
        return _judge_page(request, item, status=409)
    outcome = item.entry.placement_outcome.outcome
    form = SecondJudgementForm(
        request.POST,
        indicators=item.entry.gradable_indicators,
        asks_confidence=bool(outcome and outcome.asks_confidence),
    )
    if not form.is_valid():
        messages.error(request, _("Controleer de gemarkeerde velden."))
        return _judge_page(request, item, form, status=400)
    data = form.cleaned_data
    try:
        audit_item_submit(
            by=request.user,
            item=item,
            lock_version=data["lock_version"],
            judgement=data["judgement"],
            motivation=data["motivation"],
            indicator_ids=[int(i) for i in data["indicators"]],
            confidence_year3=data.get("confidence_year3"),
        )
    except (AuditLocked, StaleEdit) as exc:
        messages.error(request, str(exc))
        return _judge_page(request, item_for_judging(item), status=409)
    except AuditError as exc:
        messages.error(request, str(exc))
        return _judge_page(request, item, form, status=400)
    messages.success(request, _("Je tweede beoordeling is ingediend."))
    return redirect("calibration:audit_my_items")
