"""The pages of the exemplar bank (voorbeeldformulieren) and of the consent requests: look up
through `access`, validate, call one service, redirect."""

import html
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.calibration.exemplars import access, deidentify, selectors, services
from apps.calibration.exemplars.forms import (
    TEXT_LABELS,
    BankFilterForm,
    ConsentForm,
    ConstructForm,
    PrepareForm,
    ReferenceForm,
    ReviewForm,
    confidence_initial,
    confidence_value,
)
from apps.calibration.models import ExemplarConsent, ExemplarState
from apps.core.concurrency import save_or_refuse
from apps.core.pdf import render_template_pdf

# --- Consent (student and authoring mentor) ---------------------------------------------------


@require_GET
def consent_list(request: HttpRequest) -> HttpResponse:
    """My consent requests: the forms of my closed placements that may become an exemplar, and
    from when I may answer (after the appeal term)."""
    return render(
        request,
        "calibration/exemplars/consent_list.html",
        {
            "requests": selectors.consent_requests_for(request.user),
            "appeal_days": settings.CALIBRATION_APPEAL_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The request itself, on its own page: the consent text, give or refuse (nothing chosen
    beforehand), and revoke at any time."""
    version, party = access.consent_version_for_user(request.user, pk)
    current = ExemplarConsent.objects.filter(form_version=version, party=party).first()
    window = selectors.consent_window(version)
    # Consent in force may always be revoked; anything else waits for the window.
    may_decide = window.open or (current is not None and current.in_force)
    form = ConsentForm(request.POST or None)

    def page(stale=None, status=200):
        return render(
            request,
            "calibration/exemplars/consent.html",
            {
                "version": version,
                "placement": version.form.conversation.placement,
                "party": party,
                "consent": current,
                "window": window,
                "form": form,
                "text_version": settings.CALIBRATION_CONSENT_TEXT_VERSION,
            },
            status=status,
        )

    if request.method == "GET":
        return page()
    if not may_decide:
        return page(status=403)

    def done(consent):
        if consent.revoked_at:
            messages.success(
                request,
                _("Je toestemming is ingetrokken. Voorbeelden uit dit formulier zijn verwijderd."),
            )
        elif consent.in_force:
            messages.success(request, _("Dank je wel: je hebt toestemming gegeven."))
        else:
            messages.success(request, _("Vastgelegd: je geeft geen toestemming."))
        return redirect("calibration:exemplar_consent", version.pk)

    return save_or_refuse(
        request,
        lambda: services.consent_decide(
            by=request.user, version=version, decision=form.cleaned_data["decision"]
        ),
        done=done,
        page=page,
        forms=[form],
        invalid=_("Kies of je toestemming geeft of niet."),
    )


# --- The bank ---------------------------------------------------------------------------------


@require_GET
def exemplar_list(request: HttpRequest) -> HttpResponse:
    access.require_bank_reader(request.user)
    filters = BankFilterForm(request.GET or None)
    state, outcome_id = "", None
    if filters.is_valid():
        state = filters.cleaned_data["state"]
        outcome_id = filters.cleaned_data["outcome"].pk if filters.cleaned_data["outcome"] else None
    return render(
        request,
        "calibration/exemplars/list.html",
        {
            "exemplars": selectors.bank_exemplars(request.user, state=state, outcome_id=outcome_id),
            "filters": filters,
            "may_manage": access.may_manage_bank(request.user),
        },
    )


@require_GET
def candidates(request: HttpRequest) -> HttpResponse:
    """Forms with the consent of both student and mentor, ready to be prepared."""
    access.require_bank_manager(request.user)
    return render(
        request,
        "calibration/exemplars/candidates.html",
        {"entries": selectors.candidate_entries(request.user)},
    )


@require_http_methods(["GET", "POST"])
def prepare(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.entry_for_preparer(request.user, pk)
    consented = selectors.consents_in_force(entry.version)
    form = PrepareForm(request.POST or None)

    def page(stale=None, status=200):
        return render(
            request,
            "calibration/exemplars/prepare.html",
            {"entry": entry, "form": form, "consented": consented},
            status=status,
        )

    if request.method == "GET":
        return page()
    if not consented:  # criterion 5: a direct POST without both consents is refused
        raise PermissionDenied

    def save():
        data = form.cleaned_data
        return services.exemplar_prepare(
            by=request.user,
            entry=entry,
            title=data["title"],
            other_names=data["other_names"],
            reference_annotation=data["reference_annotation"],
        )

    def done(exemplar):
        messages.success(
            request, _("Het voorbeeld is voorbereid. Een tweede persoon controleert en publiceert.")
        )
        return redirect("calibration:exemplar_detail", exemplar.pk)

    return save_or_refuse(
        request, save, done=done, page=page, forms=[form], invalid=_("Vul een titel in.")
    )


@require_http_methods(["GET", "POST"])
def construct(request: HttpRequest) -> HttpResponse:
    access.require_bank_manager(request.user)
    form = ConstructForm(request.POST or None)

    def page(stale=None, status=200):
        return render(
            request, "calibration/exemplars/construct.html", {"form": form}, status=status
        )

    if request.method == "GET":
        return page()

    def save():
        data = form.cleaned_data
        return services.exemplar_construct(
            by=request.user,
            title=data["title"],
            outcome=data["outcome"],
            moment=data["moment"],
            study_year=data["study_year"],
            track=data["track"],
            school_type=data["school_type"],
            subject=data["subject"],
            texts={f: data[f] for f in deidentify.TEXT_FIELDS},
            judgement=data["judgement"],
            confidence_year3=confidence_value(data["confidence_year3"]),
            indicators=[],
            reference_annotation=data["reference_annotation"],
        )

    def done(exemplar):
        messages.success(
            request, _("Het voorbeeld is vastgelegd. Een tweede persoon controleert en publiceert.")
        )
        return redirect("calibration:exemplar_detail", exemplar.pk)

    return save_or_refuse(
        request, save, done=done, page=page, forms=[form], invalid=_("Controleer de velden.")
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = access.exemplar_for_user(request.user, pk)
    sees_reference = access.sees_reference(request.user, exemplar)
    return render(
        request,
        "calibration/exemplars/detail.html",
        {
            "exemplar": exemplar,
            "sees_reference": sees_reference,
            "may_manage": access.may_manage_bank(request.user),
            "versions": selectors.reference_versions(exemplar) if sees_reference else [],
            "open_hits": services.open_hits(exemplar),
            "school_context": selectors.shows_school_context(exemplar),
        },
    )


@require_GET
def detail_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The de-identified exemplar as PDF, for exactly who may open its page (the same access,
    the exposure rule included): metadata and text, the reference only for who sees it there
    (criterion 7: no name, number or date of the source in the PDF either)."""
    exemplar = access.exemplar_for_user(request.user, pk)
    context = {
        "exemplar": exemplar,
        "sees_reference": access.sees_reference(request.user, exemplar),
        "school_context": selectors.shows_school_context(exemplar),
    }
    pdf = render_template_pdf("calibration/exemplars/detail_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="voorbeeldformulier-{exemplar.pk}.pdf"'
    return response


TOKEN = re.compile(r"\[[a-z-]+(?: \d+)?\]")


def _highlight_tokens(text: str) -> str:
    escaped = html.escape(text or "")
    return mark_safe(TOKEN.sub(lambda m: f"<mark>{m.group()}</mark>", escaped))  # noqa: S308


def _highlight_spans(text: str, spans) -> str:
    out, last = [], 0
    for span in spans:
        out.append(html.escape(text[last : span.start]))
        out.append(
            f'<mark title="{html.escape(span.token)}">'
            f"{html.escape(text[span.start : span.end])}</mark>"
        )
        last = span.end
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The four-eyes review: the original beside the de-identified text, every replacement
    highlighted; edit passages, resolve the special-category hits. The original is shown only
    here, to managers, while the exemplar is in preparation."""
    exemplar = access.exemplar_for_reviewer(request.user, pk)
    hits = list(exemplar.special_category_hits)
    initial = {f: getattr(exemplar, f) for f in deidentify.TEXT_FIELDS}
    initial |= {"title": exemplar.title, "lock_version": exemplar.lock_version}
    form = ReviewForm(request.POST or None, initial=initial, hits=hits)

    def page(stale=None, status=200):
        entry = exemplar.source_entry
        rows = []
        redactor = (
            deidentify.redactor_for(entry.version.form.conversation.placement) if entry else None
        )
        for field in deidentify.TEXT_FIELDS:
            original = getattr(entry, field) if entry else ""
            rows.append(
                {
                    "label": TEXT_LABELS[field],
                    "original": _highlight_spans(original, redactor.spans(original))
                    if redactor
                    else "",
                    "redacted": _highlight_tokens(getattr(exemplar, field)),
                }
            )
        return render(
            request,
            "calibration/exemplars/review.html",
            {
                "exemplar": exemplar,
                "rows": rows,
                "form": form,
                "hits": hits,
                "open_hits": services.open_hits(exemplar),
                "school_context": selectors.shows_school_context(exemplar),
                "may_publish": access.may_publish(request.user, exemplar),
                "stale": stale,
            },
            status=status,
        )

    if request.method == "GET":
        return page()

    def save():
        data = form.cleaned_data
        return services.exemplar_review_save(
            by=request.user,
            exemplar=exemplar,
            lock_version=data["lock_version"],
            texts={f: data[f] for f in deidentify.TEXT_FIELDS},
            harmless=set(data["harmless"]),
            title=data["title"],
        )

    def done(saved):
        messages.success(request, _("De controle is opgeslagen."))
        return redirect("calibration:exemplar_review", saved.pk)

    return save_or_refuse(
        request, save, done=done, page=page, forms=[form], invalid=_("Controleer de velden.")
    )


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = access.exemplar_for_manager(request.user, pk)
    try:
        services.exemplar_publish(by=request.user, exemplar=exemplar)
    except services.ExemplarError as exc:
        messages.error(request, str(exc))
        if exemplar.state == ExemplarState.DRAFT:
            return redirect("calibration:exemplar_review", exemplar.pk)
        return redirect("calibration:exemplar_detail", exemplar.pk)
    messages.success(request, _("Het voorbeeld is gepubliceerd."))
    return redirect("calibration:exemplar_detail", exemplar.pk)


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = access.exemplar_for_manager(request.user, pk)
    if exemplar.state != ExemplarState.WITHDRAWN:
        services.exemplar_withdraw(by=request.user, exemplar=exemplar, reason="uit de bank gehaald")
    messages.success(request, _("Het voorbeeld is ingetrokken; de tekst is verwijderd."))
    return redirect("calibration:exemplar_list")


@require_http_methods(["GET", "POST"])
def reference(request: HttpRequest, pk: int) -> HttpResponse:
    """Revise the reference (anker): every version is kept with who wrote it."""
    exemplar = access.exemplar_for_reference(request.user, pk)
    initial = {
        "reference_judgement": exemplar.reference_judgement,
        "reference_confidence_year3": confidence_initial(exemplar.reference_confidence_year3),
        "reference_indicators": list(exemplar.reference_indicators.all()),
        "reference_annotation": exemplar.reference_annotation,
        "lock_version": exemplar.lock_version,
    }
    form = ReferenceForm(request.POST or None, initial=initial, outcome=exemplar.outcome)

    def page(stale=None, status=200):
        return render(
            request,
            "calibration/exemplars/reference.html",
            {
                "exemplar": exemplar,
                "form": form,
                "versions": selectors.reference_versions(exemplar),
                "stale": stale,
            },
            status=status,
        )

    if request.method == "GET":
        return page()

    def save():
        data = form.cleaned_data
        return services.exemplar_reference_edit(
            by=request.user,
            exemplar=exemplar,
            lock_version=data["lock_version"],
            judgement=data["reference_judgement"],
            confidence_year3=confidence_value(data["reference_confidence_year3"]),
            indicators=list(data["reference_indicators"]),
            annotation=data["reference_annotation"],
            reason=data["reason"],
        )

    def done(saved):
        messages.success(request, _("De referentie is opgeslagen als nieuwe versie."))
        return redirect("calibration:exemplar_detail", saved.pk)

    return save_or_refuse(
        request, save, done=done, page=page, forms=[form], invalid=_("Controleer de velden.")
    )
