"""Admin machinery shared by the apps (no models are registered here)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models


class LockedWhileInUseMixin:
    """The admin is no back door for versioned reference data (`apps.core.versioning`): the
    parts of an object that is in use, or of an old version, are read-only (no change, no
    delete, no add beneath). For an inline, `obj` is the parent being edited.

    A subclass names:
    - `versioned_model`: the model with the versions (Rubric, LearningOutcome);
    - `parts`: [(model, lookup from it to the versioned object's id)], as for `apps.core.usage`;
    - `free_lookups`: {(model pointed at, field name): lookup from that model to "an object
      among these"}: the foreign keys whose choices are narrowed to objects that may still
      change in place;
    - `locked_message`: what the admin says about a locked object;
    - `in_use(obj)` and `ids_in_use()`: the app's usage questions (as static methods).
    """

    versioned_model: type[models.Model]
    parts: list[tuple[type[models.Model], str]]
    free_lookups: dict[tuple[type[models.Model], str], str] = {}
    locked_message: str

    def versioned_of(self, obj) -> models.Model | None:
        """The versioned object `obj` belongs to (None for nothing)."""
        if obj is None or isinstance(obj, self.versioned_model):
            return obj
        for name in dict(self.parts)[type(obj)].split("__"):
            obj = getattr(obj, name)
        return obj

    def is_locked(self, obj) -> bool:
        versioned = self.versioned_of(obj)
        if versioned is None or versioned.pk is None:
            return False
        return not versioned.is_current or self.in_use(versioned)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.is_locked(obj)

    def has_add_permission(self, request, obj=None):
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj) and not self.is_locked(obj)
        return super().has_add_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # New rows only go beneath an object that may still change in place.
        lookup = self.free_lookups.get((db_field.remote_field.model, db_field.name))
        if lookup:
            queryset = kwargs.get("queryset", db_field.remote_field.model._default_manager.all())
            free = self.versioned_model.objects.current().exclude(pk__in=self.ids_in_use())
            kwargs["queryset"] = queryset.filter(**{lookup: free})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and self.is_locked(obj) and request.method == "GET":
            messages.warning(request, self.locked_message)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_queryset(self, request, queryset):
        # The bulk "delete selected" action asks no per-object permission: check here.
        path = dict(self.parts)[queryset.model]
        ids = set(queryset.values_list(path, flat=True))
        old = self.versioned_model.objects.filter(pk__in=ids, next_version__isnull=False)
        if ids & self.ids_in_use() or old.exists():
            raise PermissionDenied(self.locked_message)
        super().delete_queryset(request, queryset)
