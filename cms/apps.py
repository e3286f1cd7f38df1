from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Content"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from cms import demo, page_cache
        from cms.practice import consent_withdrawn as practice_consent_withdrawn
        from cms.practice import panel as practice_panel
        from cms.practice import published as practice_published
        from cms.services import PUBLISH_PRACTICE_PERMISSION, sync_guideline_areas_after_migrate
        from core import registry
        from people.enums import Role
        from people.roles import register_role_permissions

        # The guideline areas are a fixed taxonomy: keep their rows in step after every
        # migrate (and every flush in the browser tests), as the roles are.
        post_migrate.connect(sync_guideline_areas_after_migrate, dispatch_uid="cms.guideline_areas")
        # A change to what public pages show makes their cached copies stale (cms.page_cache).
        page_cache.connect_signals()

        for role in (Role.CMS_EDITOR, Role.AWARDS_COORDINATOR, Role.PROGRAMME_ADMIN):
            register_role_permissions(role, [PUBLISH_PRACTICE_PERMISSION])

        registry.register_practice_library(
            registry.PracticeLibrary(
                panel_template="cms/practice/_panel.html",
                panel=practice_panel,
                published=practice_published,
                consent_withdrawn=practice_consent_withdrawn,
            )
        )
        registry.register_nav_link(
            registry.NavLink("What Works library", "/library/", order=40, prefix="/library/")
        )
        registry.register_section(
            registry.Section(
                "content",
                "Programme pages and the library",
                "Drafts waiting for your review, the programme's public pages and the What "
                "Works library of case studies.",
                order=80,
                roles=frozenset({Role.CMS_EDITOR.value}),
                template="cms/dashboard/content.html",
                context="cms.views.content_section",
                links=(
                    ("Practice ready to publish", "/practice/"),
                    ("Edit pages in the admin", "/admin/pages/"),
                    ("The What Works library", "/library/"),
                ),
            )
        )
        # Pages (the site's structure) are base data; the library's content needs people.
        registry.register_demo(
            registry.DemoLoader("pages", order=50, load=demo.seed_pages, base=True)
        )
        registry.register_demo(registry.DemoLoader("library", order=60, load=demo.seed_library))
