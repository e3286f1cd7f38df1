"""Absolute addresses for links that leave the site: emails, calendar files, exports."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the portal's public address (``DJANGO_BASE_URL``).

    The one place every email, .ics and export builds a link, so a portal run on
    another host or port (``make run PORT=8100``) links to itself.
    """
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.BASE_URL.rstrip('/')}/{path.lstrip('/')}"
