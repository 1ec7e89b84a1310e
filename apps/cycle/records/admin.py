"""The student's AVG export as an action on the praktijkbureau's student list in the admin.

Placements registers `StudentProfile` in the admin but cannot know what a student has in the
cycle (that would be an upward import); records extends that admin with the export action."""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from apps.accounts.services import audit_record
from apps.cycle.records.export import student_export_zip
from apps.placements.admin import StudentProfileAdmin
from apps.placements.models import StudentProfile


@admin.action(description=_("Gegevens exporteren (AVG, ZIP)"))
def export_student_data(modeladmin, request, queryset):
    """Download everything about one student; every export is recorded in the audit log."""
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Kies precies één student."), level=messages.ERROR)
        return None
    profile = queryset.select_related("user", "programme").get()
    data = student_export_zip(profile)
    audit_record(actor=request.user, action="student.exported", target=profile)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="export-{profile.student_number}.zip"'
    return response


class StudentProfileWithExportAdmin(StudentProfileAdmin):
    actions = [*(StudentProfileAdmin.actions or []), export_student_data]


admin.site.unregister(StudentProfile)
admin.site.register(StudentProfile, StudentProfileWithExportAdmin)
