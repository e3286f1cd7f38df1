from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.selectors import latest_heartbeat
from core.services import database_status


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and people: database status and worker heartbeat."""
    db = database_status()
    heartbeat = latest_heartbeat() if db == "ok" else None
    worker = {"last_heartbeat": None, "seconds_ago": None}
    if heartbeat is not None:
        worker = {
            "last_heartbeat": heartbeat.last_seen.isoformat(),
            "seconds_ago": round((timezone.now() - heartbeat.last_seen).total_seconds(), 1),
            "worker_id": heartbeat.worker_id,
        }
    return JsonResponse(
        {"status": "ok" if db == "ok" else "error", "database": db, "worker": worker},
        status=200 if db == "ok" else 503,
    )


def bad_request(request: HttpRequest, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = ""):
    """A form the portal could not trust (CSRF): usually a page left open too long.

    The service's own page (``CSRF_FAILURE_VIEW``): says what happened, that nothing
    was saved, and links back to the page the form was on (same site only).
    """
    referer = request.headers.get("referer", "")
    back = (
        referer
        if referer
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        else ""
    )
    if back.startswith(("http://", "https://")):
        # Keep only the path: the link stays on this site whatever the header said.
        back = "/" + back.split("://", 1)[1].partition("/")[2]
    return render(
        request,
        "csrf_failure.html",
        {"back": back, "no_cookie": reason == REASON_NO_CSRF_COOKIE},
        status=403,
    )
