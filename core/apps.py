from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _sqlite_audit_functions(sender, connection, **kwargs) -> None:
    """Give SQLite the function the audit triggers ask before letting a delete through."""
    if connection.vendor == "sqlite":
        from core.audit import SQLITE_PURGE_FUNCTION, sqlite_purge_before

        connection.connection.create_function(SQLITE_PURGE_FUNCTION, 0, sqlite_purge_before)


class CoreConfig(AppConfig):
    """Code shared by every app (exporter, health, worker heartbeat, layout, audit).

    It imports no domain app.
    """

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import registry
        from core.scale import seed_scale_audit

        # Last: the audit trail's actors are everyone the other loaders added.
        registry.register_scale(registry.ScaleLoader("audit", order=90, load=seed_scale_audit))
        connection_created.connect(_sqlite_audit_functions, dispatch_uid="core_audit_sqlite")
        from core import page_cache

        # Every write moves the data generation on, so kept pages go stale (core.page_cache).
        connection_created.connect(page_cache.install, dispatch_uid="core_page_cache_writes")
        from core.retention import register_core_rules

        register_core_rules()
