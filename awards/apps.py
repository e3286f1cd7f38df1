from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "POP awards"

    def ready(self) -> None:
        from core import registry
        from people.enums import Role

        for section in (
            registry.Section(
                "entries",
                "My award entries",
                "Your POP award entries: drafts, submitted entries and results.",
                order=30,
                roles=frozenset({Role.STAFF.value}),
            ),
            registry.Section(
                "judging",
                "Entries to judge",
                "Entries assigned to you, conflicts to declare and scores to give.",
                order=31,
                roles=frozenset({Role.JUDGE.value}),
            ),
            registry.Section(
                "awards_admin",
                "Running the awards",
                "Award cycles, panels, judging progress, finalists, the brochure and the ceremony.",
                order=32,
                roles=frozenset({Role.AWARDS_COORDINATOR.value}),
                links=(("Open the admin", "/admin/"),),
            ),
        ):
            registry.register_section(section)
