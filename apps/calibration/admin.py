"""Calibration in the admin: read-only. Every row is written by the feature's services, which
check consent, the four-eyes rule and blindness; the admin is for looking up what happened."""

from django.contrib import admin

from apps.calibration.models import (
    AssessorCredential,
    AuditItem,
    AuditSample,
    CalibrationSession,
    Exemplar,
    ExemplarConsent,
    ExemplarOfStudent,
    ExemplarReference,
    Participant,
    SessionAgreement,
    SessionExemplar,
    SessionJudgement,
)


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
        "school_type",
        "subject",
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


@admin.register(ExemplarOfStudent)
class ExemplarOfStudentAdmin(ExemplarAdmin):
    """The same rows as the exemplars, as the student's export sees them (without text)."""


@admin.register(ExemplarReference)
class ExemplarReferenceAdmin(ReadOnlyAdmin):
    list_display = ["exemplar", "number", "judgement", "edited_by", "edited_at"]
    fields = [*list_display, "confidence_year3", "reason"]
    readonly_fields = fields
    list_select_related = ["exemplar", "edited_by"]


@admin.register(ExemplarConsent)
class ExemplarConsentAdmin(ReadOnlyAdmin):
    list_display = ["form_version", "party", "decision", "decided_at", "revoked_at"]
    fields = [*list_display, "person", "consent_text_version"]
    readonly_fields = fields
    list_filter = ["party", "decision"]
    list_select_related = ["form_version__form__conversation__placement__student__user"]


@admin.register(CalibrationSession)
class CalibrationSessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "held_on", "scope", "phase"]
    fields = [*list_display, "school", "study_year", "school_year", "moment", "mode"]
    readonly_fields = fields
    list_filter = ["phase", "scope"]


@admin.register(SessionExemplar)
class SessionExemplarAdmin(ReadOnlyAdmin):
    list_display = ["session", "exemplar", "position"]
    readonly_fields = list_display


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    """Who took part; their judgements are not shown here (names beside judgements are never
    shown, calibration-design.md §3.8)."""

    list_display = ["session", "user", "role", "submitted_at"]
    readonly_fields = list_display
    list_select_related = ["session", "user"]


@admin.register(SessionJudgement)
class SessionJudgementAdmin(ReadOnlyAdmin):
    """Counted, never listed with a name: only the session and the phase are shown."""

    list_display = ["session_of", "phase", "submitted_at"]
    fields = ["phase", "submitted_at"]
    readonly_fields = fields

    @admin.display(description="sessie")
    def session_of(self, obj) -> str:
        return str(obj.participant.session)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("participant__session")


@admin.register(SessionAgreement)
class SessionAgreementAdmin(ReadOnlyAdmin):
    list_display = ["session", "kind", "text", "recorded_at"]
    readonly_fields = list_display


@admin.register(AssessorCredential)
class AssessorCredentialAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "name", "obtained_on", "expires_on"]
    readonly_fields = list_display


@admin.register(AuditSample)
class AuditSampleAdmin(ReadOnlyAdmin):
    list_display = ["school_year", "rate", "seed", "population", "drawn_at"]
    readonly_fields = list_display


@admin.register(AuditItem)
class AuditItemAdmin(ReadOnlyAdmin):
    """Which judgements were drawn; the second judgement is read in the audit's own pages."""

    list_display = ["sample", "entry", "submitted_at"]
    readonly_fields = list_display
