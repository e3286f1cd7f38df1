"""The real URLconf plus the framework floor, for the benchmarks only (config.settings.bench).

``/bench/floor/`` is the least a Django page can cost here: every middleware, one query on
the persistent connection, a few bytes back. Page benchmarks divide by it, so a figure
means the same on a faster or slower machine.
"""

from django.http import HttpResponse
from django.urls import path

from config import urls
from people.models import User

handler400 = urls.handler400
handler403 = urls.handler403
handler404 = urls.handler404


def floor(request):
    first = User.objects.order_by("pk").values_list("pk", flat=True).first()
    return HttpResponse(f"floor {first}", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *urls.urlpatterns]
