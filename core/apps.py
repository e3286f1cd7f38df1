from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Code shared by every app (exporter, health, worker heartbeat, layout).

    It imports no domain app.
    """

    name = "core"
    verbose_name = "Core"
