"""Versioned reference data: rubrics and learning outcomes.

Such data is never changed under what uses it (see `apps.core.usage`): a change makes version
n+1, linked to n by a `previous` one-to-one field with `related_name="next_version"`. The model
has a key field (a rubric's slug, an outcome's code) and a `version` field; its natural key is
(key, version) and its parts' natural keys start with it. The seed fixtures were written before
versions existed, so a natural key without a version means version 1.

The admin's "read-only while in use" mixin is `apps.core.admin.LockedWhileInUseMixin`.
"""

from django.db import models


class VersionedQuerySet(models.QuerySet):
    def current(self) -> "VersionedQuerySet":
        """The newest version of every object: the one new use takes."""
        return self.filter(next_version__isnull=True)


class VersionedManager(models.Manager.from_queryset(VersionedQuerySet)):
    """The manager of a versioned model; `key_field` names its key (a slug, a code)."""

    key_field = "slug"

    def get_by_natural_key(self, key: str, version: int = 1):
        # Without a version (the seed fixtures) the key means the first version.
        return self.get(**{self.key_field: key, "version": version})


def split_key(key: tuple, size: int) -> tuple[str, int, tuple]:
    """The natural key of a part, (key, [version,] rest…) → (key, version, rest), where `size`
    is its length without the version: keys without a version mean version 1, so the seed
    fixtures keep loading as they were written."""
    if len(key) == size:
        return key[0], 1, tuple(key[1:])
    return key[0], int(key[1]), tuple(key[2:])
