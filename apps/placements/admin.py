from django import forms
from django.contrib import admin
from django.db import models
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from apps.placements import lifecycle
from apps.placements.models import (
    ImportUpload,
    Institute,
    Period,
    Placement,
    PlacementExtraAccess,
    PlacementOutcome,
    Programme,
    QualityCriterion,
    QualityCriterionGroup,
    School,
    SchoolAssignment,
    SchoolReview,
    SchoolReviewAnswer,
    StudentEvaluation,
    StudentEvaluationAnswer,
    StudentProfile,
)
from apps.placements.services import (
    PEOPLE_SELECT,
    placement_add_default_outcomes,
    placement_grant_extra,
    placement_revoke_extra,
    placement_sync_grants,
    school_assign,
    school_unassign,
)

# Many-to-many choices as plain checkboxes: Django's filter_horizontal widget puts aria-label on
# spans without a role (axe-core: aria-prohibited-attr, serious), and its two lists are hard to
# use with the keyboard alone. These lists are short (outcomes, periods).
CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(Institute)
class InstituteAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "institute"]
    list_filter = ["institute"]
    search_fields = ["name", "code"]
    formfield_overrides = CHECKBOXES


class AssignmentInline(admin.TabularInline):
    model = SchoolAssignment
    extra = 0
    autocomplete_fields = ["user"]


def resync_school(school: School) -> None:
    for placement in school.placements.select_related(*PEOPLE_SELECT):
        placement_sync_grants(placement=placement)


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "city", "school_type", "agreed_observations", "driehoek"]
    list_filter = ["school_type", "driehoek"]
    search_fields = ["name", "city"]
    inlines = [AssignmentInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        resync_school(form.instance)


@admin.register(SchoolAssignment)
class SchoolAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["school", "user", "role"]
    list_filter = ["role", "school"]
    search_fields = ["user__full_name", "user__email", "school__name"]
    autocomplete_fields = ["user", "school"]
    list_select_related = ["school", "user"]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            resync_school(obj.school)
        else:
            school_assign(by=request.user, school=obj.school, user=obj.user, role=obj.role)

    def delete_model(self, request, obj) -> None:
        school_unassign(by=request.user, assignment=obj)


@admin.register(StudentProfile)
class StudentProfileAdmin(SimpleHistoryAdmin):
    # The AVG export is added by apps.cycle.records.admin, which knows everything a student has.
    list_display = ["user", "student_number", "programme", "year", "mode"]
    list_filter = ["programme", "year", "mode"]
    search_fields = ["user__full_name", "user__email", "student_number"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "programme"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    """New dates of a period re-plan, through `lifecycle`, every placement in it: what has not
    taken place moves with the period."""

    list_display = ["name", "start", "end"]
    search_fields = ["name"]
    date_hierarchy = "start"

    def save_model(self, request, obj, form, change) -> None:
        # The admin runs this inside the transaction of the whole change.
        super().save_model(request, obj, form, change)
        if change and {"start", "end"} & set(form.changed_data):
            for placement in obj.placements.select_related("student"):
                lifecycle.placement_changed(by=request.user, placement=placement, created=False)


class PlacementOutcomeInline(admin.TabularInline):
    model = PlacementOutcome
    extra = 0
    fields = ["outcome", "subject_outcome", "source", "reason", "wpb_judges"]


class ExtraAccessInline(admin.TabularInline):
    model = PlacementExtraAccess
    extra = 0
    fields = ["user", "reason"]
    autocomplete_fields = ["user"]


# A change of these re-plans the placement's conversations.
WHEN_FIELDS = {"periods", "start", "end"}
# A change of these brings the placement's vakdidactiek outcomes in line (handbook 5.5).
OUTCOME_FIELDS = {"pilot", "year_two_subject_outcomes"}


class PlacementAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        student = data.get("student")
        if student is not None:
            problem = student.programme.year_two_problem(data.get("year_two_subject_outcomes", []))
            if problem:
                self.add_error("year_two_subject_outcomes", capfirst(problem))
        return data


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    """Saving here goes through the placement services, so the people grants always follow,
    and tells the apps that follow placements (`lifecycle`) about a new placement or new
    periods or dates, once the periods are saved."""

    form = PlacementAdminForm
    list_display = [
        "student",
        "school",
        "werkplekbegeleider",
        "instituutsopleider",
        "status",
        "pilot",
        "professional_attitude",
    ]
    list_filter = ["status", "school", "periods", "student__programme", "pilot"]
    # The exception to the entry condition is the instituutsopleider's, on the maatwerk page.
    readonly_fields = ["entry_exception", "entry_exception_by", "entry_exception_at"]
    search_fields = [
        "student__user__full_name",
        "student__student_number",
        "school__name",
        "werkplekbegeleider__full_name",
    ]
    autocomplete_fields = [
        "student",
        "school",
        "werkplekbegeleider",
        "schoolopleider",
        "instituutsopleider",
        "opleider",
        "studieloopbaanbegeleider",
        "duo_partner",
    ]
    formfield_overrides = CHECKBOXES
    list_select_related = ["student__user", "school", "werkplekbegeleider", "instituutsopleider"]
    inlines = [PlacementOutcomeInline, ExtraAccessInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        placement = form.instance
        if not change:
            placement_add_default_outcomes(placement=placement)
        placement_sync_grants(placement=placement)
        if not change or (WHEN_FIELDS | OUTCOME_FIELDS) & set(form.changed_data):
            lifecycle.placement_changed(by=request.user, placement=placement, created=not change)


class CriterionInline(admin.TabularInline):
    model = QualityCriterion
    extra = 0


@admin.register(QualityCriterionGroup)
class QualityCriterionGroupAdmin(admin.ModelAdmin):
    list_display = ["position", "name"]
    inlines = [CriterionInline]


@admin.register(QualityCriterion)
class QualityCriterionAdmin(admin.ModelAdmin):
    list_display = ["text", "group", "position", "concerns_student"]
    list_filter = ["group", "concerns_student"]
    search_fields = ["text"]
    list_select_related = ["group"]


@admin.register(PlacementOutcome)
class PlacementOutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "outcome", "subject_outcome", "source", "wpb_judges"]
    list_filter = ["source", "wpb_judges", "outcome"]
    search_fields = ["placement__student__user__full_name", "reason"]
    raw_id_fields = ["placement"]
    list_select_related = [
        "placement__student__user",
        "placement__school",
        "outcome",
        "subject_outcome",
    ]


@admin.register(PlacementExtraAccess)
class PlacementExtraAccessAdmin(admin.ModelAdmin):
    """Saving or deleting here goes through the grant services."""

    list_display = ["placement", "user", "reason", "granted_by", "granted_at"]
    search_fields = ["user__full_name", "placement__student__user__full_name", "reason"]
    raw_id_fields = ["placement", "user"]
    list_select_related = ["placement__student__user", "placement__school", "user", "granted_by"]
    readonly_fields = ["granted_by"]

    def save_model(self, request, obj, form, change) -> None:
        placement_grant_extra(
            by=request.user, placement=obj.placement, user=obj.user, reason=obj.reason
        )

    def delete_model(self, request, obj) -> None:
        placement_revoke_extra(by=request.user, placement=obj.placement, user=obj.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The quality monitor's records are written in the app, through its services (a review
    freezes when afgerond, an evaluation is once per placement); the admin reads them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReviewAnswerInline(admin.TabularInline):
    model = SchoolReviewAnswer
    fields = ["criterion", "rating", "note"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SchoolReview)
class SchoolReviewAdmin(ReadOnlyAdmin):
    list_display = ["school", "school_year", "number", "state", "submitted_by", "submitted_at"]
    list_filter = ["school_year", "state"]
    search_fields = ["school__name"]
    list_select_related = ["school", "submitted_by"]
    inlines = [ReviewAnswerInline]


@admin.register(SchoolReviewAnswer)
class SchoolReviewAnswerAdmin(ReadOnlyAdmin):
    list_display = ["review", "criterion", "rating"]
    list_filter = ["rating"]
    list_select_related = ["review__school", "criterion"]


@admin.register(StudentEvaluation)
class StudentEvaluationAdmin(ReadOnlyAdmin):
    """Without the placement: the answers are not about who gave them."""

    list_display = ["school", "school_year", "submitted_at"]
    list_filter = ["school_year"]
    fields = ["school", "school_year", "submitted_at"]
    list_select_related = ["school"]


@admin.register(StudentEvaluationAnswer)
class StudentEvaluationAnswerAdmin(ReadOnlyAdmin):
    list_display = ["evaluation", "criterion", "rating"]
    list_filter = ["rating"]
    list_select_related = ["evaluation__school", "criterion"]


@admin.register(ImportUpload)
class ImportUploadAdmin(admin.ModelAdmin):
    """Import files between preview and confirmation, and large imports on the worker: who,
    when, how far; never the file itself (it holds many people's data)."""

    list_display = ["name", "created_by", "created_at", "status", "rows", "expires_at"]
    fields = [*list_display, "summary", "error", "started_at", "finished_at"]
    readonly_fields = fields
    list_filter = ["status"]
    list_select_related = ["created_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
