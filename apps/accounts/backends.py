from django.contrib.auth.backends import BaseBackend

from apps.accounts.models import Role


class AdminRoleBackend(BaseBackend):
    """The praktijkbureau's admins (the admin role; `role_grant` makes them staff) may do
    everything in Django's admin, like a superuser. What anyone may do in the application
    itself is decided by the access modules (`apps/*/access.py`), never by model permissions.
    Object permissions are guardian's (`ObjectPermissionBackend`); this answers only for models."""

    def _is_admin(self, user_obj) -> bool:
        return user_obj.is_active and user_obj.is_staff and Role.ADMIN in user_obj.role_set

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return obj is None and self._is_admin(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return self._is_admin(user_obj)
