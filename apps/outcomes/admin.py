from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.outcomes.models import Indicator, KijkkaderDimension, LearningOutcome, SubjectOutcome
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


def outcome_of(obj) -> LearningOutcome | None:
    if obj is None or isinstance(obj, LearningOutcome):
        return obj
    if isinstance(obj, Indicator):
        return obj.dimension.outcome
    return obj.outcome


def is_locked(obj) -> bool:
    """The admin is no back door: an outcome in use, or an old version, is read-only."""
    outcome = outcome_of(obj)
    if outcome is None or outcome.pk is None:
        return False
    return not outcome.is_current or outcome_is_in_use(outcome)


class LockedOutcomeMixin:
    """No change, delete or add beneath for a locked outcome's parts. For an inline, `obj` is
    the parent being edited."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked(obj)

    def has_add_permission(self, request, obj=None):
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj) and not is_locked(obj)
        return super().has_add_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # New dimensions and indicators only go under an outcome that may still change in place.
        lookup = {"outcome": "pk__in", "dimension": "outcome__in"}.get(db_field.name)
        if lookup and db_field.remote_field.model in (LearningOutcome, KijkkaderDimension):
            queryset = kwargs.get("queryset", db_field.remote_field.model._default_manager.all())
            free = LearningOutcome.objects.current().exclude(pk__in=outcome_ids_in_use())
            kwargs["queryset"] = queryset.filter(**{lookup: free})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and is_locked(obj) and request.method == "GET":
            messages.warning(request, LOCKED)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_queryset(self, request, queryset):
        # The bulk "delete selected" action asks no per-object permission: check here.
        path = dict(PARTS)[queryset.model]
        outcome_ids = set(queryset.values_list(path, flat=True))
        old = LearningOutcome.objects.filter(pk__in=outcome_ids, next_version__isnull=False)
        if outcome_ids & outcome_ids_in_use() or old.exists():
            raise PermissionDenied(LOCKED)
        super().delete_queryset(request, queryset)


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
    list_display = ["subject", "title", "ects", "wpb_judges", "institute_only", "pilot"]
    list_filter = ["subject", "wpb_judges", "institute_only", "pilot"]
    search_fields = ["title", "contact"]
