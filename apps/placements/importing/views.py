"""The import of students, staff and placements: upload, preview, confirm (praktijkbureau)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.placements import access
from apps.placements.importing import selectors as imports
from apps.placements.importing.forms import ImportConfirmForm, ImportUploadForm
from apps.placements.importing.services import (
    ImportChanged,
    import_upload_store,
    placements_import_apply,
    placements_import_queue,
)
from apps.placements.models import ImportStatus, ImportUpload
from apps.placements.services import PlacementError

# The uploaded file waits in an ImportUpload (not in the session) between preview and
# confirmation, so the confirmation imports exactly the file that was previewed.


def _preview(
    request: HttpRequest, upload: ImportUpload, status: int = 200, rows: list | None = None
) -> HttpResponse:
    if rows is None:
        rows = imports.read_table(upload.name, bytes(upload.content))
    plan = imports.build_plan(rows)
    confirm = ImportConfirmForm(initial={"file_digest": upload.digest, "plan_digest": plan.digest})
    context = {"plan": plan, "name": upload.name, "confirm": confirm, "headers": imports.HEADERS}
    return render(request, "placements/importing/preview.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    access.require_importer(request.user)
    form, status = ImportUploadForm(), 200
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            file = form.cleaned_data["file"]
            content = file.read()
            try:
                rows = imports.read_table(file.name, content)
            except imports.ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                upload = import_upload_store(by=request.user, name=file.name, content=content)
                return _preview(request, upload, rows=rows)
        status = 400
    context = {"form": form, "columns": imports.COLUMNS, "separator": imports.PERIOD_SEPARATOR}
    return render(request, "placements/importing/upload.html", context, status=status)


@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    access.require_importer(request.user)
    form = ImportConfirmForm(request.POST)
    upload = form.is_valid() and imports.pending_upload(
        request.user, form.cleaned_data["file_digest"]
    )
    if not upload:
        messages.error(
            request, _("Er is geen voorbeeld (meer) om te bevestigen. Upload het bestand opnieuw.")
        )
        return redirect("placements:import")
    rows = imports.read_table(upload.name, bytes(upload.content))
    if len(rows) > settings.IMPORT_IN_BACKGROUND_ROWS:
        try:
            placements_import_queue(
                upload,
                by=request.user,
                rows=len(rows),
                expected_digest=form.cleaned_data["plan_digest"],
                base_url=request.build_absolute_uri("/"),
            )
        except PlacementError as exc:
            messages.error(request, str(exc))
            return redirect("placements:import")
        return redirect("placements:import_progress", pk=upload.pk)
    try:
        result = placements_import_apply(
            upload,
            by=request.user,
            expected_digest=form.cleaned_data["plan_digest"],
            base_url=request.build_absolute_uri("/"),
        )
    except PlacementError as exc:
        messages.error(request, str(exc))
        status = 409 if isinstance(exc, ImportChanged) else 400
        return _preview(request, upload, status=status, rows=rows)
    messages.success(
        request,
        _(
            "Import voltooid: %(new)s, %(changed)s gewijzigd, %(same)s ongewijzigd; "
            "%(invited)s verstuurd."
        )
        % {
            "new": ngettext(
                "%(count)d nieuwe stage", "%(count)d nieuwe stages", result.created_placements
            )
            % {"count": result.created_placements},
            "changed": ngettext("%(count)d rij", "%(count)d rijen", result.changed_rows)
            % {"count": result.changed_rows},
            "same": result.unchanged_rows,
            "invited": ngettext(
                "%(count)d uitnodiging", "%(count)d uitnodigingen", len(result.invited)
            )
            % {"count": len(result.invited)},
        },
    )
    return redirect("placements:import")


@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A large import on the worker: waiting, running, done (with what it did) or failed (with
    why, and nothing saved). The page reloads itself every few seconds until it is finished."""
    access.require_importer(request.user)
    upload = imports.import_run_for_user(request.user, pk)
    finished = upload.status in (ImportStatus.DONE, ImportStatus.FAILED)
    return render(
        request,
        "placements/importing/progress.html",
        {"upload": upload, "finished": finished, "ImportStatus": ImportStatus},
    )


@require_GET
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    access.require_importer(request.user)
    if fmt == "csv":
        content, kind = imports.template_csv(), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        content = imports.template_xlsx()
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="sjabloon-stages.{fmt}"'
    return response
