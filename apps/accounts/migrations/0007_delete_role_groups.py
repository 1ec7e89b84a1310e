"""The role groups `rol:<role>` go: no access check read their permissions, and admins get
theirs from `AdminRoleBackend` now. Deleting a group also takes its members and permissions."""

from django.db import migrations


def delete_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__startswith="rol:").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_user_language"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(delete_role_groups, migrations.RunPython.noop)]
