from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("Accounts en rollen")

    def ready(self) -> None:
        from apps.accounts import signals  # noqa: F401  (audit of logins)
        from apps.accounts.roles import sync_role_groups_after_migrate

        post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="driehoek-role-groups")
