from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.core.admin import LockedWhileInUseMixin
from apps.rubrics.models import (
    CbvPlacement,
    Descriptor,
    HeatmapConsent,
    Rubric,
    RubricDimension,
    RubricLevel,
    RubricRole,
    SelfAssessment,
    SelfAssessmentRating,
)
from apps.rubrics.services import (
    PARTS,
    RubricError,
    rubric_grid,
    rubric_ids_in_use,
    rubric_is_in_use,
    rubric_new_version,
    rubric_update_cells,
)

LOCKED = _(
    "Deze rubric is in gebruik of is een oude versie en kan hier niet worden gewijzigd. "
    "Pas het raster aan (dat maakt een nieuwe versie) of gebruik de actie ‘nieuwe versie maken’."
)


# (model pointed at, field name) -> lookup from that model to "a rubric among these".
FREE_LOOKUPS = {
    (Rubric, "rubric"): "pk__in",
    (RubricRole, "role"): "rubric__in",
    (RubricDimension, "dimension"): "rubric__in",
    (RubricLevel, "level"): "rubric__in",
}


class LockedRubricMixin(LockedWhileInUseMixin):
    """Read-only for a rubric in use or an old version, and for its parts."""

    versioned_model = Rubric
    parts = PARTS
    free_lookups = FREE_LOOKUPS
    locked_message = LOCKED
    in_use = staticmethod(rubric_is_in_use)
    ids_in_use = staticmethod(rubric_ids_in_use)


class LevelInline(LockedRubricMixin, admin.TabularInline):
    model = RubricLevel
    extra = 0


class RoleInline(LockedRubricMixin, admin.StackedInline):
    model = RubricRole
    extra = 0
    show_change_link = True


class DimensionInline(LockedRubricMixin, admin.TabularInline):
    model = RubricDimension
    extra = 0
    fields = ["position", "name", "role"]
    show_change_link = True


class DescriptorInline(LockedRubricMixin, admin.TabularInline):
    """One row per level: the dimension's descriptors corrected as a grid."""

    model = Descriptor
    extra = 0
    fields = ["level", "text"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "level" and request.resolver_match.kwargs.get("object_id"):
            dimension_id = request.resolver_match.kwargs["object_id"]
            kwargs["queryset"] = RubricLevel.objects.filter(rubric__dimensions__pk=dimension_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Rubric)
class RubricAdmin(LockedRubricMixin, SimpleHistoryAdmin):
    """Besides the usual pages: the whole rubric as one grid of editable cells. A rubric in
    use (or an old version) is read-only; the grid then saves into a new version."""

    change_form_template = "admin/rubrics/rubric/change_form.html"
    list_display = ["name", "version", "kind", "slug", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "description", "source"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["version", "previous"]
    inlines = [LevelInline, RoleInline, DimensionInline]
    actions = ["make_new_version"]

    @admin.action(description=_("Nieuwe versie maken"), permissions=["add"])
    def make_new_version(self, request, queryset):
        for rubric in queryset:
            try:
                copy = rubric_new_version(by=request.user, rubric=rubric)
            except RubricError as exc:
                messages.error(request, f"{rubric}: {exc}")
            else:
                messages.success(
                    request,
                    _("Versie %(n)d van %(name)s gemaakt.")
                    % {"n": copy.version, "name": rubric.name},
                )

    def get_urls(self):
        grid = self.admin_site.admin_view(self.grid_view)
        return [
            path("<path:object_id>/raster/", grid, name="rubrics_rubric_grid"),
            *super().get_urls(),
        ]

    def grid_view(self, request, object_id):
        rubric = self.get_object(request, object_id)
        if rubric is None or not self.has_view_permission(request, rubric):
            raise Http404
        # Saving a rubric in use makes a new version; an old version is only shown.
        may_change = self.has_change_permission(request) and rubric.is_current
        rows = rubric_grid(rubric)
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            cells = {
                (row["dimension"].pk, cell["level"].pk): request.POST.get(
                    f"cell-{row['dimension'].pk}-{cell['level'].pk}", ""
                )
                for row in rows
                for cell in row["cells"]
            }
            try:
                change = rubric_update_cells(by=request.user, rubric=rubric, cells=cells)
            except RubricError as exc:
                messages.error(request, str(exc))
                for row in rows:
                    for cell in row["cells"]:
                        cell["text"] = cells[(row["dimension"].pk, cell["level"].pk)]
            else:
                if change.new_version:
                    messages.success(
                        request,
                        _(
                            "De rubric is in gebruik: de wijzigingen staan in de nieuwe versie "
                            "%(n)d; de oude versie is ongewijzigd."
                        )
                        % {"n": change.rubric.version},
                    )
                else:
                    messages.success(request, _("%(n)d cellen bijgewerkt.") % {"n": change.changed})
                return redirect("admin:rubrics_rubric_grid", change.rubric.pk)
        elif not rubric.is_current:
            messages.info(request, _("Dit is een oude versie; die kan niet meer veranderen."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": rubric,
            "title": _("Raster van %(name)s") % {"name": rubric.name},
            "levels": list(rubric.levels.all()),
            "rows": rows,
            "may_change": may_change,
        }
        return TemplateResponse(request, "admin/rubrics/rubric/grid.html", context)


@admin.register(RubricRole)
class RubricRoleAdmin(LockedRubricMixin, admin.ModelAdmin):
    list_display = ["name", "rubric", "position", "dimension_count"]
    list_filter = ["rubric"]
    search_fields = ["name", "description"]
    inlines = [DimensionInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_dimensions=Count("dimensions"))

    @admin.display(description=_("dimensies"), ordering="n_dimensions")
    def dimension_count(self, obj) -> int:
        return obj.n_dimensions


@admin.register(RubricDimension)
class RubricDimensionAdmin(LockedRubricMixin, admin.ModelAdmin):
    list_display = ["name", "role", "rubric", "position"]
    list_filter = ["rubric", "role"]
    search_fields = ["name", "descriptors__text"]
    list_select_related = ["role", "rubric"]
    inlines = [DescriptorInline]


@admin.register(Descriptor)
class DescriptorAdmin(LockedRubricMixin, SimpleHistoryAdmin):
    # No list_editable: that would change descriptors of rubrics in use. Use the grid.
    list_display = ["dimension", "level", "text"]
    list_filter = ["dimension__rubric", "level__name", "dimension__role"]
    search_fields = ["text", "dimension__name"]
    list_select_related = ["dimension__rubric", "level"]


@admin.register(RubricLevel)
class RubricLevelAdmin(LockedRubricMixin, admin.ModelAdmin):
    list_display = ["name", "rubric", "position"]
    list_filter = ["rubric"]


class RatingInline(admin.TabularInline):
    model = SelfAssessmentRating
    extra = 0
    can_delete = False
    fields = ["dimension", "current_level", "example", "target_level"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    """Read-only: a self-assessment is its person's own and is never changed in place."""

    list_display = ["person", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["person", "role"]
    search_fields = ["person__full_name", "person__email"]
    readonly_fields = ["person", "role", "created_at"]
    inlines = [RatingInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SelfAssessmentRating)
class SelfAssessmentRatingAdmin(admin.ModelAdmin):
    """Read-only, like the self-assessment it belongs to."""

    list_display = ["assessment", "dimension", "current_level", "target_level"]
    list_select_related = ["assessment__person", "assessment__role", "dimension"]
    list_select_related += ["current_level", "target_level"]
    search_fields = ["assessment__person__full_name", "assessment__person__email"]
    readonly_fields = ["assessment", "dimension", "current_level", "example", "target_level"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(HeatmapConsent)
class HeatmapConsentAdmin(SimpleHistoryAdmin):
    """Read-only: consent is the person's own choice, given or withdrawn on 'Mijn rubrics'."""

    list_display = ["person", "given", "changed_at"]
    list_select_related = ["person"]
    readonly_fields = ["person", "given", "changed_at"]

    def has_add_permission(self, request) -> bool:
        return False


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
