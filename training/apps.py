from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from core import page_cache, registry
        from people.enums import Role
        from people.roles import register_role_permissions
        from training import demo
        from training.scale import seed_scale_training
        from training.selectors import catalogue, eligibility
        from training.services.retention import RULE as RETENTION_RULE

        # Every process moves the programme's generation when a course or its rules change.
        page_cache.watch_tables(eligibility.PROGRAMME_GENERATION, eligibility.PROGRAMME_TABLES)
        page_cache.watch_tables(catalogue.SESSIONS_GENERATION, catalogue.SESSION_TABLES)
        register_role_permissions(
            Role.PROGRAMME_ADMIN,
            [
                "training.schedule_any_session",
                *(
                    f"training.{action}_{model}"
                    for model in ("venue", "course", "courserequirement", "session")
                    for action in ("add", "change", "view")
                ),
            ],
        )
        admin = frozenset({Role.PROGRAMME_ADMIN.value})
        for link in (
            registry.NavLink("Training", "/training/sessions/", order=10, prefix="/training/"),
            registry.NavLink(
                "My sessions",
                "/training/trainer/",
                order=11,
                roles=frozenset({Role.TRAINER.value, Role.PROGRAMME_ADMIN.value}),
            ),
            registry.NavLink(
                "Abstractions",
                "/training/duties/",
                order=12,
                roles=frozenset({Role.DUTIES.value, Role.PROGRAMME_ADMIN.value}),
            ),
            registry.NavLink("Training matrix", "/training/matrix/", order=13, roles=admin),
            registry.NavLink(
                "My team's training",
                "/training/matrix/",
                order=13,
                when=_manages_people_but_not_admin,
            ),
        ):
            registry.register_nav_link(link)

        for section in (
            registry.Section(
                "my_training",
                "My training",
                "The training your role requires, the sessions you have booked, your waiting "
                "lists and the feedback you have been asked for.",
                order=10,
                template="training/dashboard/my_training.html",
                context="training.views.booking.my_training_section",
            ),
            registry.Section(
                "approvals",
                "Training approvals",
                "Bookings from the people you manage that wait for your approval.",
                order=11,
                roles=frozenset({Role.STAFF.value}),
                template="training/dashboard/approvals.html",
                context="training.views.booking.approvals_section",
            ),
            registry.Section(
                "trainer",
                "Sessions I run",
                "Your rota of sessions, their registers and sign-in sheets, and the feedback "
                "they received.",
                order=12,
                roles=frozenset({Role.TRAINER.value}),
                template="training/dashboard/trainer.html",
                context="training.views.trainer.trainer_section",
            ),
            registry.Section(
                "duties",
                "Abstractions",
                "Who is away on training, by day and team, with late bookings flagged and an "
                "export.",
                order=13,
                roles=frozenset({Role.DUTIES.value}),
                template="training/dashboard/duties.html",
                context="training.views.duties.duties_section",
            ),
            registry.Section(
                "programme_admin",
                "Running the programme",
                "Courses, sessions, qualifications and people; the training matrix and compliance.",
                order=90,
                roles=admin,
                links=(
                    ("Training matrix and compliance", "/training/matrix/"),
                    ("Schedule a session", "/training/trainer/sessions/new/"),
                    ("All sessions", "/training/sessions/"),
                    ("Abstractions for duties", "/training/duties/"),
                    ("Open the admin", "/admin/"),
                ),
            ),
        ):
            registry.register_section(section)
        registry.register_demo(registry.DemoLoader("training", order=30, load=demo.seed_training))
        registry.register_scale(
            registry.ScaleLoader("training", order=30, load=seed_scale_training)
        )
        registry.register_retention(RETENTION_RULE)


def _manages_people_but_not_admin(user) -> bool:
    from people.enums import Role
    from people.selectors import roles_of

    admin = user.is_superuser or Role.PROGRAMME_ADMIN in roles_of(user)
    return not admin and user.reports.filter(is_active=True).exists()
