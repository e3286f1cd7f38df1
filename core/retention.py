"""Retention periods (``settings.RETENTION_DAYS``) and the rules apps register for them."""

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def period_for(key: str) -> datetime.timedelta:
    """How long records of kind ``key`` are kept."""
    try:
        days = settings.RETENTION_DAYS[key]
    except KeyError as missing:
        raise ImproperlyConfigured(f"RETENTION_DAYS has no period for {key!r}.") from missing
    return datetime.timedelta(days=int(days))
