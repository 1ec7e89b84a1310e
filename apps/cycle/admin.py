from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.cycle.models import (
    CbvPlacement,
    Concern,
    Conversation,
    ConversationGuideItem,
    Disagreement,
    DisagreementMessage,
    DossierJob,
    Evidence,
    FeedbackForm,
    FormEntry,
    FormObservation,
    FormVersion,
    GoalPhase,
    GuidanceComment,
    GuidanceLog,
    InstrumentItem,
    KennismakingRecord,
    LeerdoelLine,
    Leerplan,
    LeerplanApproval,
    LeerplanGoal,
    LeerplanVersion,
    LeerrouteItem,
    Observation,
    ObservationInstrument,
    ObservationRequest,
    ObservedIndicator,
    PlanningRule,
    PurgeAllowance,
    ReminderLog,
    SensitiveInfo,
    TerminationProposal,
    WeekHours,
)
from apps.cycle.records import admin as records_admin  # noqa: F401  (the student export action)


@admin.register(ConversationGuideItem)
class ConversationGuideItemAdmin(admin.ModelAdmin):
    list_display = ["kind", "position", "section", "text", "is_note", "is_sensitive"]
    list_filter = ["kind", "is_note", "is_sensitive"]
    search_fields = ["text", "section"]


@admin.register(Conversation)
class ConversationAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "kind", "sequence", "planned_date", "held_date"]
    list_filter = ["kind"]
    search_fields = ["placement__student__user__full_name", "placement__school__name"]
    date_hierarchy = "planned_date"
    list_select_related = ["placement__student__user", "placement__school"]
    raw_id_fields = ["placement"]


class GoalInline(admin.StackedInline):
    model = LeerplanGoal
    extra = 0
    raw_id_fields = ["placement_outcome"]
    filter_horizontal = ["indicators"]


class ApprovalInline(admin.TabularInline):
    model = LeerplanApproval
    extra = 0
    raw_id_fields = ["decided_by"]


@admin.register(Leerplan)
class LeerplanAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "status"]
    list_filter = ["status"]
    search_fields = ["placement__student__user__full_name"]
    raw_id_fields = ["placement"]
    list_select_related = ["placement__student__user", "placement__school"]
    inlines = [GoalInline, ApprovalInline]


class VersionInline(admin.TabularInline):
    model = FormVersion
    extra = 0
    fields = ["number", "state", "sent_by", "sent_at", "fingerprint"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(FeedbackForm)
class FeedbackFormAdmin(admin.ModelAdmin):
    list_display = ["conversation"]
    search_fields = ["conversation__placement__student__user__full_name"]
    raw_id_fields = ["conversation"]
    list_select_related = [
        "conversation__placement__student__user",
        "conversation__placement__school",
    ]
    inlines = [VersionInline]


class SentVersionReadOnly:
    """A sent form version is never changed in place, not even by an admin."""

    def _is_sent(self, obj) -> bool:
        version = obj if isinstance(obj, FormVersion) else getattr(obj, "version", None)
        return bool(version and version.is_sent)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._is_sent(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._is_sent(obj) and super().has_delete_permission(request, obj)


class EntryInline(SentVersionReadOnly, admin.StackedInline):
    model = FormEntry
    extra = 0
    raw_id_fields = ["placement_outcome"]
    filter_horizontal = ["indicators_seen"]


@admin.register(FormVersion)
class FormVersionAdmin(SentVersionReadOnly, SimpleHistoryAdmin):
    list_display = ["form", "number", "state", "sent_by", "sent_at"]
    list_filter = ["state"]
    search_fields = ["form__conversation__placement__student__user__full_name"]
    raw_id_fields = ["form", "sent_by"]
    readonly_fields = ["fingerprint", "lock_version"]
    list_select_related = ["form__conversation__placement__student__user", "sent_by"]
    inlines = [EntryInline]


@admin.register(FormEntry)
class FormEntryAdmin(SentVersionReadOnly, SimpleHistoryAdmin):
    list_display = ["version", "placement_outcome", "judgement"]
    list_filter = ["judgement", "version__state"]
    raw_id_fields = ["version", "placement_outcome"]
    filter_horizontal = ["indicators_seen"]
    list_select_related = ["version__form__conversation", "placement_outcome__outcome"]


class MessageInline(admin.TabularInline):
    model = DisagreementMessage
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Disagreement)
class DisagreementAdmin(admin.ModelAdmin):
    list_display = ["entry", "status", "original_judgement", "final_judgement", "raised_at"]
    list_filter = ["status"]
    raw_id_fields = ["entry", "raised_by", "resolved_by"]
    inlines = [MessageInline]


@admin.register(LeerplanGoal)
class LeerplanGoalAdmin(SimpleHistoryAdmin):
    list_display = ["leerplan", "placement_outcome"]
    search_fields = ["leerplan__placement__student__user__full_name", "goal"]
    raw_id_fields = ["leerplan", "placement_outcome"]
    filter_horizontal = ["indicators"]
    list_select_related = ["leerplan__placement__student__user", "placement_outcome__outcome"]


@admin.register(LeerplanApproval)
class LeerplanApprovalAdmin(admin.ModelAdmin):
    list_display = ["leerplan", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
    raw_id_fields = ["leerplan", "decided_by"]
    list_select_related = ["leerplan__placement__student__user", "decided_by"]


@admin.register(DisagreementMessage)
class DisagreementMessageAdmin(admin.ModelAdmin):
    list_display = ["disagreement", "author", "created_at"]
    search_fields = ["text"]
    raw_id_fields = ["disagreement", "author"]
    list_select_related = ["author"]


@admin.register(KennismakingRecord)
class KennismakingRecordAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "updated_by", "updated_at"]
    search_fields = ["placement__student__user__full_name"]
    raw_id_fields = ["placement", "updated_by"]
    filter_horizontal = ["agenda_done"]
    list_select_related = ["placement__student__user", "placement__school", "updated_by"]


@admin.register(SensitiveInfo)
class SensitiveInfoAdmin(admin.ModelAdmin):
    """Only that a student shared something, never what: the content is for the readers the
    student chose, not for the praktijkbureau."""

    list_display = ["placement", "updated_at"]
    fields = ["placement", "updated_at"]
    readonly_fields = fields
    search_fields = ["placement__student__user__full_name"]
    list_select_related = ["placement__student__user", "placement__school"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PurgeAllowance)
class PurgeAllowanceAdmin(admin.ModelAdmin):
    """Rows live only inside a purge's transaction; this page is normally empty."""

    list_display = ["reason", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class RouteInline(admin.TabularInline):
    model = LeerrouteItem
    extra = 0


class PhaseInline(admin.TabularInline):
    model = GoalPhase
    extra = 0
    raw_id_fields = ["dimension", "level"]


@admin.register(LeerrouteItem)
class LeerrouteItemAdmin(admin.ModelAdmin):
    list_display = ["goal", "position", "kind", "origin", "description"]
    list_filter = ["kind", "origin"]
    search_fields = ["description"]
    raw_id_fields = ["goal"]


@admin.register(GoalPhase)
class GoalPhaseAdmin(admin.ModelAdmin):
    list_display = ["goal", "dimension", "level"]
    raw_id_fields = ["goal", "dimension", "level"]


@admin.register(LeerplanVersion)
class LeerplanVersionAdmin(admin.ModelAdmin):
    """Submitted versions are a record: read-only."""

    list_display = ["leerplan", "number", "submitted_by", "submitted_at"]
    readonly_fields = ["leerplan", "number", "submitted_by", "submitted_at", "snapshot", "text"]
    list_select_related = ["leerplan__placement__student__user", "submitted_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CommentInline(admin.TabularInline):
    model = GuidanceComment
    extra = 0
    raw_id_fields = ["author"]


@admin.register(GuidanceLog)
class GuidanceLogAdmin(SimpleHistoryAdmin):
    list_display = ["conversation"]
    raw_id_fields = ["conversation"]
    search_fields = ["conversation__placement__student__user__full_name", "what_i_did"]
    inlines = [CommentInline]


@admin.register(GuidanceComment)
class GuidanceCommentAdmin(admin.ModelAdmin):
    list_display = ["log", "author", "created_at"]
    raw_id_fields = ["log", "author"]


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    list_display = ["placement_outcome", "raised_by", "raised_at", "status"]
    list_filter = ["status"]
    raw_id_fields = ["placement_outcome", "raised_by", "acknowledged_by"]


@admin.register(TerminationProposal)
class TerminationProposalAdmin(admin.ModelAdmin):
    list_display = ["placement", "reason", "status", "proposed_by", "proposed_at"]
    list_filter = ["status", "reason"]
    raw_id_fields = ["placement", "proposed_by", "decided_by"]


@admin.register(PlanningRule)
class PlanningRuleAdmin(admin.ModelAdmin):
    list_display = [
        "programme",
        "period",
        "kennismaking_week",
        "startgesprek_week",
        "tussenevaluatie_week",
        "eindbeoordeling_week",
    ]
    list_filter = ["programme", "period"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["user", "key", "sent_on"]
    search_fields = ["user__full_name", "key"]
    raw_id_fields = ["user"]


@admin.register(DossierJob)
class DossierJobAdmin(admin.ModelAdmin):
    """Dossier PDFs and how far they are. A job added here is queued and made by the next
    `run_dossier_jobs`; a job is never edited (the person who asked downloads it in the app)."""

    list_display = ["student", "placement", "requested_by", "status", "created_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["student__user__full_name", "student__student_number"]
    list_select_related = ["student__user", "placement__school", "requested_by"]
    raw_id_fields = ["requested_by", "student", "placement"]
    fields = [
        "requested_by",
        "student",
        "placement",
        "status",
        "progress_done",
        "progress_total",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    ]
    readonly_fields = fields[3:]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)


@admin.register(CbvPlacement)
class CbvPlacementAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "moment", "perspective", "dimension", "level", "placed_by"]
    list_filter = ["moment", "perspective"]
    list_select_related = [
        "placement__student__user",
        "placement__school",
        "dimension",
        "level",
        "placed_by",
    ]
    readonly_fields = ["placed_by", "placed_at"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    """What a student attached, without the files: those show pupils and are opened only
    through the placement's pages (checked and audited). Added and removed by the student;
    retention removes the rest with their files."""

    list_display = ["title", "kind", "placement", "added_at"]
    fields = ["placement", "placement_outcome", "kind", "title", "size", "added_by", "added_at"]
    readonly_fields = fields
    list_filter = ["kind"]
    search_fields = ["title", "placement__student__user__full_name"]
    list_select_related = ["placement__student__user", "placement__school"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class InstrumentItemInline(admin.TabularInline):
    """Items come from the CSV loader (cycle:instrument_import), never typed in here."""

    model = InstrumentItem
    extra = 0
    readonly_fields = ("position", "section", "outcome_code", "text")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ObservationInstrument)
class ObservationInstrumentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "version", "kind")
    readonly_fields = ("version", "previous")
    inlines = [InstrumentItemInline]


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ("placement", "observed_on", "observer", "group", "subject")
    list_select_related = ("placement__student__user", "placement__school", "observer")
    raw_id_fields = ("placement", "observer", "request")
    exclude = ("lesson_plan",)  # served only through the access-checked, audited view


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by their feature's services (and read there); the admin shows them."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LeerdoelLine)
class LeerdoelLineAdmin(ReadOnlyAdmin):
    list_display = ["goal", "position", "text", "scale_now", "scale_target"]
    list_select_related = ["goal__leerplan__placement"]


@admin.register(InstrumentItem)
class InstrumentItemAdmin(ReadOnlyAdmin):
    list_display = ["instrument", "position", "text"]
    list_select_related = ["instrument"]


@admin.register(ObservationRequest)
class ObservationRequestAdmin(ReadOnlyAdmin):
    list_display = ["placement", "focus"]
    list_select_related = ["placement__student__user"]


@admin.register(ObservedIndicator)
class ObservedIndicatorAdmin(ReadOnlyAdmin):
    list_display = ["observation", "placement_outcome", "example"]
    list_select_related = ["observation", "placement_outcome"]


@admin.register(FormObservation)
class FormObservationAdmin(ReadOnlyAdmin):
    list_display = ["version", "observation"]
    list_select_related = ["version", "observation"]


@admin.register(WeekHours)
class WeekHoursAdmin(ReadOnlyAdmin):
    """Registered by the student, confirmed and reopened by the werkplekbegeleider, each
    audited (apps/cycle/hours/services.py)."""

    list_display = ["placement", "week", "lessons", "guidance_minutes", "confirmed_at"]
    list_filter = ["week"]
    list_select_related = ["placement__student__user", "placement__school"]
    search_fields = ["placement__student__user__full_name"]
