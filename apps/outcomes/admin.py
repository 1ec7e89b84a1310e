from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.outcomes.models import Indicator, KijkkaderDimension, LearningOutcome, SubjectOutcome


class DimensionInline(admin.TabularInline):
    model = KijkkaderDimension
    extra = 0
    show_change_link = True


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(LearningOutcome)
class LearningOutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "assessment", "level", "wpb_part", "study_year", "is_maatwerk"]
    list_filter = ["assessment", "study_year", "is_maatwerk", "wpb_part"]
    search_fields = ["code", "title", "description"]
    inlines = [DimensionInline]


@admin.register(KijkkaderDimension)
class KijkkaderDimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "outcome", "position", "is_indicative"]
    list_filter = ["outcome", "is_indicative"]
    search_fields = ["name", "indicators__text"]
    list_select_related = ["outcome"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["text", "dimension", "position"]
    list_filter = ["dimension__outcome"]
    search_fields = ["text"]
    list_select_related = ["dimension"]


@admin.register(SubjectOutcome)
class SubjectOutcomeAdmin(admin.ModelAdmin):
    list_display = ["subject", "title", "ects", "wpb_judges", "institute_only", "pilot"]
    list_filter = ["subject", "wpb_judges", "institute_only", "pilot"]
    search_fields = ["title", "contact"]
