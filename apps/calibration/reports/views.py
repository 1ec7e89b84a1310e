"""The two reports: the examencommissie's borgingsrapportage (HTML, PDF and CSV, with a
generation fingerprint) and the praktijkbureau's report (HTML and CSV). Aggregated only, no
names."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.accounts.services import audit_record
from apps.calibration.reports import access
from apps.calibration.reports.exports import borging_rows
from apps.calibration.reports.selectors import (
    borging_report,
    fingerprint,
    praktijkbureau_report,
)
from apps.core.excel_csv import csv_bytes
from apps.core.pdf import render_template_pdf


def _borging(request: HttpRequest) -> dict:
    access.require_read(request.user)
    data = borging_report(access.school_year_asked(request.GET.get("schooljaar")))
    body = render_to_string("calibration/reports/_borging_body.html", data)
    return {
        **data,
        "body": body,
        "fingerprint": fingerprint(body),
        "generated_at": timezone.localtime(),
    }


@require_GET
def borging(request: HttpRequest) -> HttpResponse:
    """ "Borgingsrapportage beoordelen in de praktijk", sections 1–7 (calibration-design §3.9)."""
    return render(request, "calibration/reports/borging.html", _borging(request))


@require_GET
def borging_pdf(request: HttpRequest) -> HttpResponse:
    context = _borging(request)
    pdf = render_template_pdf("calibration/reports/borging_pdf.html", context)
    audit_record(
        actor=request.user,
        action="calibration.report_pdf",
        detail={"school_year": context["school_year"], "fingerprint": context["fingerprint"]},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="borgingsrapportage-{context["school_year"]}.pdf"'
    )
    return response


@require_GET
def borging_csv(request: HttpRequest) -> HttpResponse:
    """The borgingsrapportage as CSV: one row per figure, suppressed cells empty, the
    fingerprint of the file last (reports/exports.py)."""
    access.require_read(request.user)
    data = borging_report(access.school_year_asked(request.GET.get("schooljaar")))
    rows = borging_rows(data)
    audit_record(
        actor=request.user,
        action="calibration.report_csv",
        detail={"school_year": data["school_year"], "fingerprint": rows[-1][6]},
    )
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="borgingsrapportage-{data["school_year"]}.csv"'
    )
    return response


@require_GET
def praktijkbureau(request: HttpRequest) -> HttpResponse:
    access.require_read(request.user)
    data = praktijkbureau_report(access.school_year_asked(request.GET.get("schooljaar")))
    return render(request, "calibration/reports/praktijkbureau.html", data)


@require_GET
def praktijkbureau_csv(request: HttpRequest) -> HttpResponse:
    access.require_read(request.user)
    data = praktijkbureau_report(access.school_year_asked(request.GET.get("schooljaar")))
    rows: list[list] = [
        [_("onderdeel"), _("leeruitkomst"), _("school of moment"), _("gegeven"), _("aantal")]
    ]
    for row in data["sessions"]:
        rows.append([_("sessies"), row["outcome"], row["school"], _("gehouden"), row["held"]])
        rows.append([_("sessies"), row["outcome"], row["school"], _("gepland"), row["planned"]])
    coverage = data["coverage"]
    rows.append([_("dekking"), "", "", _("actieve werkplekbegeleiders"), coverage["wpbs"]])
    rows.append([_("dekking"), "", "", _("gekalibreerd"), coverage["calibrated"]])
    for school in coverage["schools_without"]:
        rows.append([_("geen sessie in 12 maanden"), "", school, "", ""])
    for row in data["bank_coverage"]:
        outcome = f"{row['outcome']} v{row['version']}"
        for label, key in (
            (_("gepubliceerd, referentie voldaan"), "voldaan"),
            (_("gepubliceerd, referentie niet voldaan"), "niet_voldaan"),
            (_("gepubliceerd, nog geen referentie"), "no_reference"),
            (_("in voorbereiding"), "draft"),
            (_("herijken"), "recalibrate"),
        ):
            rows.append([_("voorbeeldenbank"), outcome, row["moment"], label, row[key]])
    for exemplar in data["recalibrate"]:
        rows.append(
            [
                _("herijken"),
                f"{exemplar.outcome.code} v{exemplar.outcome.version}",
                exemplar.get_moment_display(),
                f"#{exemplar.pk} {exemplar.title}",
                "",
            ]
        )
    for row in data["doubts"]:
        rows.append([_("twijfels per categorie"), "", "", row["category"], row["n"] or ""])
    for agreement in data["agreements"]:
        rows.append(
            [
                _("afspraak"),
                agreement.outcome.code if agreement.outcome else "",
                "",
                agreement.text,
                "",
            ]
        )
        if agreement.action:
            rows.append(
                [
                    _("actiepunt"),
                    agreement.outcome.code if agreement.outcome else "",
                    "",
                    agreement.action,
                    _("afgehandeld") if agreement.action_done else _("open"),
                ]
            )
    for rule in data["rules"]:
        rows.append([_("beslisregel"), rule.outcome.code, "", rule.text, rule.version])
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="kalibratie-praktijkbureau-{data["school_year"]}.csv"'
    )
    return response
