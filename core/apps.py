from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Code shared by every app (exporter, health, worker heartbeat, layout).

    It imports no domain app.
    """

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import registry
        from core.scale import seed_scale_audit

        # Last: the audit trail's actors are everyone the other loaders added.
        registry.register_scale(registry.ScaleLoader("audit", order=90, load=seed_scale_audit))
