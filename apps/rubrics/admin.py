from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.rubrics.models import Descriptor, Rubric, RubricDimension, RubricLevel, RubricRole


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
    list_display = ["name", "kind", "slug", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "description", "source"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LevelInline, RoleInline, DimensionInline]


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
