from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The signed-in front door: 'My portal', navigation, demo data.

    It sits above every domain app and composes them; no domain app imports it.
    """

    name = "portal"
    verbose_name = "My portal"

    def ready(self) -> None:
        from core import registry
        from people.enums import Role
        from people.roles import register_role_permissions

        # The audit trail: the programme team reads and exports it.
        for role in (Role.PROGRAMME_ADMIN, Role.AWARDS_COORDINATOR):
            register_role_permissions(role, ["core.view_auditentry"])
        registry.register_nav_link(
            registry.NavLink(
                "Audit trail",
                "/portal/audit/",
                order=90,
                roles=frozenset({Role.PROGRAMME_ADMIN.value, Role.AWARDS_COORDINATOR.value}),
            )
        )
