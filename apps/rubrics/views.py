"""Rubric pages: the list, one rubric as a grid, its CSV and PDF, and the CSV upload."""

from itertools import groupby

from django.contrib import messages
from django.db.models import Count, ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.rubrics import access
from apps.rubrics.csvfile import RubricFileError, filename, read_rubric_csv, rubric_csv
from apps.rubrics.forms import RubricUploadForm
from apps.rubrics.pdf import render_rubric_pdf, rubric_sections
from apps.rubrics.services import (
    RubricError,
    rubric_ids_in_use,
    rubric_is_in_use,
    rubric_replace_content,
)


@require_GET
def rubric_list(request: HttpRequest) -> HttpResponse:
    """The current version of every rubric, its older versions beneath it. Queries: the rubrics
    with their dimension count, and one per relation that can use a rubric."""
    rubrics = access.rubrics_visible_to(request.user).annotate(n_dimensions=Count("dimensions"))
    in_use = rubric_ids_in_use()
    families = []
    for _slug, group in groupby(rubrics.order_by("slug", "-version"), key=lambda r: r.slug):
        current, *older = group
        families.append({"current": current, "older": older})
    families.sort(key=lambda family: family["current"].name.lower())
    context = {"families": families, "in_use": in_use}
    return render(request, "rubrics/list.html", context)


def _detail_context(request: HttpRequest, rubric) -> dict:
    versions = list(
        access.rubrics_visible_to(request.user).filter(slug=rubric.slug).order_by("-version")
    )
    return {
        "rubric": rubric,
        "levels": list(rubric.levels.all()),
        "sections": rubric_sections(rubric),
        "versions": versions,
        "is_current": versions[0].pk == rubric.pk,
        "current": versions[0],
        "in_use": rubric_is_in_use(rubric),
        "may_import": access.may_change_rubrics(request.user),
    }


@require_GET
def rubric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = access.rubric_for_user(request.user, pk)
    return render(request, "rubrics/detail.html", _detail_context(request, rubric))


@require_GET
def rubric_csv_download(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = access.rubric_for_user(request.user, pk)
    response = HttpResponse(rubric_csv(rubric), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(rubric, "csv")}"'
    return response


@require_GET
def rubric_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = access.rubric_for_user(request.user, pk)
    response = HttpResponse(render_rubric_pdf(rubric), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(rubric, "pdf")}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def rubric_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Load a CSV onto a rubric: every problem of the file is shown, and nothing is written
    unless the whole file is right. A rubric in use gets a new version."""
    rubric = access.rubric_for_change(request.user, pk)
    form, errors, status = RubricUploadForm(), [], 200
    if request.method == "POST":
        form = RubricUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                content = read_rubric_csv(rubric, form.cleaned_data["file"].read())
                change = rubric_replace_content(
                    by=request.user, rubric=rubric, content=content, source="csv"
                )
            except RubricFileError as exc:
                errors = exc.errors
            except RubricError as exc:
                errors = [str(exc)]
            except ProtectedError:
                # Something still points at the rows the file would replace: never a 500.
                errors = [
                    _(
                        "De rubric wordt al gebruikt (bijvoorbeeld in een zelfbeoordeling), "
                        "dus de inhoud kan niet worden vervangen; er is niets veranderd."
                    )
                ]
            else:
                messages.success(request, _change_message(change))
                return redirect("rubrics:detail", change.rubric.pk)
        status = 400
    context = {"rubric": rubric, "form": form, "errors": errors, "in_use": rubric_is_in_use(rubric)}
    return render(request, "rubrics/import.html", context, status=status)


def _change_message(change) -> str:
    if not change.changed and not change.new_version:
        return _("Het bestand is gelijk aan de rubric; er is niets veranderd.")
    if change.new_version:
        return _(
            "De rubric is in gebruik, dus er is versie %(n)d gemaakt; wat de vorige versie "
            "gebruikte, blijft die houden."
        ) % {"n": change.rubric.version}
    return _("De rubric is bijgewerkt (%(n)d cellen gewijzigd).") % {"n": change.changed}
