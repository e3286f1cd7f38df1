from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core import registry
        from people.demo import seed_demo_people, seed_demo_staff
        from people.roles import sync_roles_after_migrate
        from people.scale import seed_scale_people

        # Roles are groups whose permissions the code defines; keep them in step
        # after every migrate so a fresh database (and every test run) has them.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="people.sync_roles")
        registry.register_demo(
            registry.DemoLoader("people", order=10, load=seed_demo_people, base=True)
        )
        registry.register_demo(registry.DemoLoader("people_staff", order=20, load=seed_demo_staff))
        registry.register_scale(registry.ScaleLoader("people", order=10, load=seed_scale_people))

        # Sign-in events in the audit trail (people.signin.audit).
        from allauth.account.signals import user_logged_in
        from allauth.mfa.signals import authentication_failed

        from people.signin import audit

        user_logged_in.connect(audit.on_user_logged_in, dispatch_uid="people.signin.logged_in")
        authentication_failed.connect(audit.on_mfa_failed, dispatch_uid="people.signin.mfa_failed")
