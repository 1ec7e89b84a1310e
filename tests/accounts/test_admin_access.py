"""Who may use Django's admin: the praktijkbureau's admins, through their role. The other roles
have no model permissions at all: what they may do is decided by the access modules."""

import importlib

from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.accounts.models import Role
from apps.accounts.services import role_revoke
from tests.factories import UserFactory

migration = importlib.import_module("apps.accounts.migrations.0007_delete_role_groups")


def test_an_admin_who_is_no_superuser_uses_the_admin(client, db):
    admin = UserFactory(roles=[Role.ADMIN])
    client.force_login(admin)

    assert admin.is_staff and not admin.is_superuser
    assert client.get(reverse("admin:placements_placement_changelist")).status_code == 200


def test_an_admin_whose_role_is_revoked_may_change_nothing(client, db):
    admin = UserFactory(roles=[Role.ADMIN])
    role_revoke(by=None, user=admin, role=Role.ADMIN)
    client.force_login(admin)

    assert client.get(reverse("admin:placements_placement_changelist")).status_code == 403


def test_other_roles_hold_no_model_permissions(db):
    schoolopleider = UserFactory(roles=[Role.SCHOOLOPLEIDER, Role.WERKPLEKBEGELEIDER])

    assert not schoolopleider.has_perm("placements.view_placement")
    assert schoolopleider.get_all_permissions() == set()


def test_no_role_groups_exist(db):
    UserFactory(roles=[Role.STUDENT, Role.ADMIN])

    assert not Group.objects.filter(name__startswith="rol:").exists()


def test_the_migration_deletes_the_old_role_groups_and_nothing_else(db):
    Group.objects.create(name="rol:student")
    Group.objects.create(name="redactie")

    migration.delete_role_groups(django_apps, None)

    assert list(Group.objects.values_list("name", flat=True)) == ["redactie"]
