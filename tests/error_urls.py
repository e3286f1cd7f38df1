"""URLconf for tests only: the site's URLs plus pages that fail on purpose."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler400, handler403, handler404
from config.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "urlpatterns"]


def fail(request):
    raise RuntimeError("A deliberate failure to show the 500 page.")


def forbid(request):
    raise PermissionDenied


urlpatterns = [path("__test__/500/", fail), path("__test__/403/", forbid), *site_urlpatterns]
