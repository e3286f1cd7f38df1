from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The signed-in front door: 'My portal', navigation, demo data.

    It sits above every domain app and composes them; no domain app imports it.
    """

    name = "portal"
    verbose_name = "My portal"
