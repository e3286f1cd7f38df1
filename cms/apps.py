from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Content"

    def ready(self) -> None:
        from core import registry
        from people.enums import Role

        registry.register_demo(registry.DemoLoader("pages", order=5, load=_seed_pages, base=True))
        registry.register_section(
            registry.Section(
                "content",
                "Programme pages",
                "The programme's public pages and the What Works library of case studies.",
                order=80,
                roles=frozenset({Role.CMS_EDITOR.value}),
                links=(("Edit pages", "/admin/pages/"),),
            )
        )


def _seed_pages() -> dict[str, int]:
    from cms.demo import seed_pages

    seed_pages()
    return {}
