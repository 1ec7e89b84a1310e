"""Role groups: what each role may do, as Django model permissions.

Which placements a person may do it on comes from django-guardian grants (see
`apps.placements.services.placement_sync_grants`).
"""

from django.contrib.auth.models import Group, Permission

from apps.accounts.models import Role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.STUDENT: [
        "placements.view_placement",
        "cycle.view_conversation",
        "cycle.change_leerplan",
        "cycle.view_formversion",
    ],
    Role.WERKPLEKBEGELEIDER: [
        "placements.view_placement",
        "cycle.view_conversation",
        "cycle.view_leerplan",
        "cycle.add_leerplanapproval",
        "cycle.view_formversion",
        "cycle.change_formentry",
    ],
    Role.SCHOOLOPLEIDER: [
        "placements.view_placement",
        "placements.view_school",
        "cycle.view_conversation",
        "cycle.view_leerplan",
        "cycle.view_formversion",
        "cycle.change_formentry",
    ],
    Role.INSTITUUTSOPLEIDER: [
        "placements.view_placement",
        "placements.view_school",
        "cycle.view_conversation",
        "cycle.view_leerplan",
        "cycle.view_formversion",
        "cycle.add_disagreement",
        "placements.change_placementoutcome",
    ],
}


def role_group_name(role: str) -> str:
    return f"rol:{role}"


def sync_role_groups() -> None:
    """Create a group per role with exactly its permissions. Admins get every permission."""
    for role in Role.values:
        group, _ = Group.objects.get_or_create(name=role_group_name(role))
        if role == Role.ADMIN:
            perms = Permission.objects.all()
        else:
            wanted = ROLE_PERMISSIONS.get(role, [])
            q = Permission.objects.none()
            for dotted in wanted:
                app_label, codename = dotted.split(".")
                q = q | Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            perms = q
        group.permissions.set(perms)


def sync_role_groups_after_migrate(sender, **kwargs) -> None:
    """Keep the role groups in step with the models after every migrate."""
    if sender.name != "apps.cycle":
        return
    sync_role_groups()
