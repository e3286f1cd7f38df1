from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "POP awards"

    def ready(self) -> None:
        from awards import demo
        from awards.scale import seed_scale_awards
        from awards.services.retention import GUESTS_RULE
        from awards.services.retention import RULE as RETENTION_RULE
        from core import registry
        from people.enums import Role
        from people.roles import register_role_permissions

        # The Wagtail admin's awards menu (cycles, categories, rounds and rubrics).
        register_role_permissions(
            Role.AWARDS_COORDINATOR,
            [
                f"awards.{action}_{model}"
                for model in ("cycle", "category", "round", "criterion")
                for action in ("add", "change", "view")
            ],
        )
        coordinator = frozenset({Role.AWARDS_COORDINATOR.value})
        for link in (
            registry.NavLink("Awards", "/awards/", order=30, prefix="/awards/"),
            registry.NavLink(
                "Judging", "/awards/judging/", order=31, roles=frozenset({Role.JUDGE.value})
            ),
            registry.NavLink("Run the awards", "/awards/manage/", order=32, roles=coordinator),
        ):
            registry.register_nav_link(link)

        for section in (
            registry.Section(
                "entries",
                "My award entries",
                "Your POP award entries: drafts, submitted entries and results.",
                order=30,
                roles=frozenset({Role.STAFF.value}),
                template="awards/dashboard/entries.html",
                context="awards.views.dashboard.entries_section",
            ),
            registry.Section(
                "judging",
                "Entries to judge",
                "Entries assigned to you, conflicts to declare and scores to give.",
                order=31,
                roles=frozenset({Role.JUDGE.value}),
                template="awards/dashboard/judging.html",
                context="awards.views.dashboard.judging_section",
            ),
            registry.Section(
                "awards_admin",
                "Running the awards",
                "Award cycles, panels, judging progress, finalists and placings.",
                order=32,
                roles=coordinator,
                template="awards/dashboard/coordinator.html",
                context="awards.views.dashboard.coordinator_section",
            ),
        ):
            registry.register_section(section)
        registry.register_demo(registry.DemoLoader("awards", order=40, load=demo.seed_awards))
        registry.register_scale(registry.ScaleLoader("awards", order=50, load=seed_scale_awards))
        registry.register_retention(RETENTION_RULE)
        registry.register_retention(GUESTS_RULE)
