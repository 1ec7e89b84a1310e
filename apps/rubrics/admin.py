from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
from apps.rubrics.services import RubricError, rubric_grid, rubric_update_cells


class LevelInline(admin.TabularInline):
    model = RubricLevel
    extra = 0


class RoleInline(admin.StackedInline):
    model = RubricRole
    extra = 0
    show_change_link = True


class DimensionInline(admin.TabularInline):
    model = RubricDimension
    extra = 0
    fields = ["position", "name", "role"]
    show_change_link = True


class DescriptorInline(admin.TabularInline):
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
class RubricAdmin(SimpleHistoryAdmin):
    """Besides the usual pages: the whole rubric as one grid of editable cells."""

    change_form_template = "admin/rubrics/rubric/change_form.html"
    list_display = ["name", "kind", "slug", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "description", "source"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LevelInline, RoleInline, DimensionInline]

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
        may_change = self.has_change_permission(request, rubric)
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
                changed = rubric_update_cells(by=request.user, rubric=rubric, cells=cells)
            except RubricError as exc:
                messages.error(request, str(exc))
                for row in rows:
                    for cell in row["cells"]:
                        cell["text"] = cells[(row["dimension"].pk, cell["level"].pk)]
            else:
                messages.success(request, _("%(n)d cellen bijgewerkt.") % {"n": changed})
                return redirect(request.path)
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
class RubricRoleAdmin(admin.ModelAdmin):
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
class RubricDimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "rubric", "position"]
    list_filter = ["rubric", "role"]
    search_fields = ["name", "descriptors__text"]
    list_select_related = ["role", "rubric"]
    inlines = [DescriptorInline]


@admin.register(Descriptor)
class DescriptorAdmin(SimpleHistoryAdmin):
    list_display = ["dimension", "level", "text"]
    list_editable = ["text"]
    list_filter = ["dimension__rubric", "level__name", "dimension__role"]
    search_fields = ["text", "dimension__name"]
    list_select_related = ["dimension", "level"]


@admin.register(RubricLevel)
class RubricLevelAdmin(admin.ModelAdmin):
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


@admin.register(HeatmapConsent)
class HeatmapConsentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "given", "changed_at"]
    list_select_related = ["person"]
    readonly_fields = ["person", "given", "changed_at"]


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
