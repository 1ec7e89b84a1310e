from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.core.admin import LockedWhileInUseMixin
from apps.outcomes.models import (
    DecisionRule,
    Indicator,
    KijkkaderDimension,
    LearningOutcome,
    SubjectOutcome,
)
from apps.outcomes.services import (
    PARTS,
    OutcomeError,
    outcome_ids_in_use,
    outcome_is_in_use,
    outcome_new_version,
)

LOCKED = _(
    "Deze leeruitkomst is in gebruik of is een oude versie en kan niet worden gewijzigd. "
    "Maak met de actie ‘nieuwe versie maken’ een nieuwe versie en wijzig die."
)


class LockedOutcomeMixin(LockedWhileInUseMixin):
    """Read-only for an outcome in use or an old version, and for its kijkkader."""

    versioned_model = LearningOutcome
    parts = PARTS
    # New dimensions and indicators only go under an outcome that may still change in place.
    free_lookups = {
        (LearningOutcome, "outcome"): "pk__in",
        (KijkkaderDimension, "dimension"): "outcome__in",
    }
    locked_message = LOCKED
    in_use = staticmethod(outcome_is_in_use)
    ids_in_use = staticmethod(outcome_ids_in_use)


class DimensionInline(LockedOutcomeMixin, admin.TabularInline):
    model = KijkkaderDimension
    extra = 0
    show_change_link = True


class IndicatorInline(LockedOutcomeMixin, admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(LearningOutcome)
class LearningOutcomeAdmin(LockedOutcomeMixin, SimpleHistoryAdmin):
    list_display = [
        "code",
        "version",
        "title",
        "assessment",
        "level",
        "wpb_part",
        "study_year",
        "is_maatwerk",
    ]
    list_filter = ["assessment", "study_year", "is_maatwerk", "wpb_part"]
    search_fields = ["code", "title", "description"]
    readonly_fields = ["version", "previous"]
    inlines = [DimensionInline]
    actions = ["make_new_version"]

    @admin.action(description=_("Nieuwe versie maken"), permissions=["add"])
    def make_new_version(self, request, queryset):
        for outcome in queryset:
            try:
                copy = outcome_new_version(by=request.user, outcome=outcome)
            except OutcomeError as exc:
                messages.error(request, f"{outcome}: {exc}")
            else:
                messages.success(
                    request,
                    _("Versie %(n)d van %(code)s gemaakt.")
                    % {"n": copy.version, "code": copy.code},
                )


@admin.register(KijkkaderDimension)
class KijkkaderDimensionAdmin(LockedOutcomeMixin, admin.ModelAdmin):
    list_display = ["name", "outcome", "position", "is_indicative"]
    list_filter = ["outcome", "is_indicative"]
    search_fields = ["name", "indicators__text"]
    list_select_related = ["outcome"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(LockedOutcomeMixin, admin.ModelAdmin):
    list_display = ["text", "dimension", "position"]
    list_filter = ["dimension__outcome"]
    search_fields = ["text"]
    list_select_related = ["dimension"]


@admin.register(SubjectOutcome)
class SubjectOutcomeAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "title",
        "ects",
        "wpb_judges",
        "institute_only",
        "pilot",
        "split_over_years",
    ]
    # Handbook 5.5: the outcomes printed grey are the institute's alone; the text carries no
    # colour, so the praktijkbureau marks them here (new placements leave them out).
    list_editable = ["institute_only"]
    list_filter = ["subject", "wpb_judges", "institute_only", "pilot", "split_over_years"]
    search_fields = ["title", "contact"]


@admin.register(DecisionRule)
class DecisionRuleAdmin(admin.ModelAdmin):
    """Beslisregels are published from a calibration session's agreements (versioned, so a
    sent form keeps the text it showed); the admin only shows them."""

    list_display = ["outcome", "indicator", "version", "source_label", "published_at", "retired_at"]
    fields = [*list_display, "text", "scope_label", "published_by"]
    readonly_fields = fields
    list_select_related = ["outcome", "indicator"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
