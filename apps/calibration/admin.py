"""Calibration in the admin: read-only. Every row is written by the feature's services, which
check consent, the four-eyes rule and blindness; the admin is for looking up what happened."""

from django.contrib import admin

from apps.calibration.models import Exemplar, ExemplarConsent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and shows rows; adds, changes and deletes nothing."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Exemplar)
class ExemplarAdmin(ReadOnlyAdmin):
    """The bank's exemplars without their text (that is read on the bank's own pages, where
    the exposure rule applies)."""

    list_display = ["title", "outcome", "moment", "state", "constructed", "expires_on"]
    fields = [
        "title",
        "outcome",
        "moment",
        "study_year",
        "track",
        "constructed",
        "state",
        "prepared_by",
        "prepared_at",
        "published_by",
        "published_at",
        "expires_on",
    ]
    readonly_fields = fields
    list_filter = ["state", "moment", "constructed"]
    list_select_related = ["outcome"]


@admin.register(ExemplarConsent)
class ExemplarConsentAdmin(ReadOnlyAdmin):
    list_display = ["form_version", "party", "decision", "decided_at", "revoked_at"]
    fields = [*list_display, "person", "consent_text_version"]
    readonly_fields = fields
    list_filter = ["party", "decision"]
    list_select_related = ["form_version__form__conversation__placement__student__user"]
