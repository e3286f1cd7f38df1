"""Roles are groups whose permissions are declared here, in one place.

Permissions are named as strings so this module imports no other app; a
permission that does not exist yet (its app not migrated) is skipped and
picked up by the next ``migrate``.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from people.enums import Role

ADMIN_ACCESS = "wagtailadmin.access_admin"

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.STAFF: [],
    Role.TRAINER: [],
    Role.DUTIES: [],
    Role.ASSESSOR: [],
    Role.IQA: [],
    Role.JUDGE: [],
    Role.AWARDS_COORDINATOR: [ADMIN_ACCESS, "people.view_people_directory"],
    Role.PROGRAMME_ADMIN: [
        ADMIN_ACCESS,
        "people.view_people_directory",
        "people.manage_people",
        "people.add_user",
        "people.change_user",
        "people.view_user",
        "people.add_organisation",
        "people.change_organisation",
        "people.view_organisation",
        "people.add_district",
        "people.change_district",
        "people.view_district",
        "people.add_team",
        "people.change_team",
        "people.view_team",
    ],
    Role.CMS_EDITOR: [
        ADMIN_ACCESS,
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}

# Page permissions on the whole tree for the roles that edit content.
ROLE_PAGE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CMS_EDITOR: ["add_page", "change_page", "publish_page"],
    Role.PROGRAMME_ADMIN: ["add_page", "change_page", "publish_page"],
    Role.AWARDS_COORDINATOR: ["add_page", "change_page", "publish_page"],
}


def register_role_permissions(role: Role, codenames: list[str]) -> None:
    """Let a domain app add permissions to a role from its own AppConfig.ready()."""
    for codename in codenames:
        if codename not in ROLE_PERMISSIONS[role]:
            ROLE_PERMISSIONS[role].append(codename)


def _permissions(names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = Permission.objects.select_related("content_type").filter(
        codename__in={codename for _, codename in wanted}
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


@transaction.atomic
def sync_roles() -> dict[Role, Group]:
    """Create every role's group and set exactly its declared permissions."""
    groups = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permissions(ROLE_PERMISSIONS[role]))
        groups[role] = group
    _sync_page_permissions(groups)
    return groups


def _sync_page_permissions(groups: dict[Role, Group]) -> None:
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    for role, codenames in ROLE_PAGE_PERMISSIONS.items():
        for perm in _permissions([f"wagtailcore.{c}" for c in codenames]):
            GroupPagePermission.objects.get_or_create(
                group=groups[role], page=root, permission=perm
            )


def sync_roles_after_migrate(sender, **kwargs) -> None:
    # post_migrate fires once per app, in INSTALLED_APPS order, and each app's
    # permissions are created by its own signal; sync on the last one so every
    # permission exists.
    from django.apps import apps

    if sender is list(apps.get_app_configs())[-1]:
        sync_roles()
