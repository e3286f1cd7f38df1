"""Every request that writes runs in one transaction.

``AtomicWritesMiddleware`` (last in ``MIDDLEWARE``) runs the view of every POST,
PUT, PATCH and DELETE inside ``transaction.atomic()``: an error after a write
leaves no partial rows, and emails and tasks queued with
``transaction.on_commit`` (``core.mail``, the services' tasks) go only once the
whole request has committed. Reads (GET, HEAD, OPTIONS) stay outside a
transaction, so on SQLite they never take the write lock (which is why
``ATOMIC_REQUESTS`` is off). A view marked ``@transaction.non_atomic_requests``
is left alone.
"""

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AtomicWritesMiddleware:
    """Last in ``MIDDLEWARE``: its ``get_response`` is the handler's own view call, so
    the transaction covers the view together with every middleware's
    ``process_view`` and ``process_exception`` (allauth turns its exceptions into
    redirects there; ``core.audit`` notes refusals there). An exception that
    escapes (an error page) rolls the whole request back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS or not self._atomic(request):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            # The handler has already turned an escaped exception into its error page
            # (500, or 403/404 for a refusal): what the view wrote before it goes too.
            if response.status_code >= 500 or response.status_code in (403, 404):
                transaction.set_rollback(True)
            return response

    @staticmethod
    def _atomic(request: HttpRequest) -> bool:
        try:
            view = resolve(request.path_info, getattr(request, "urlconf", None)).func
        except Resolver404:
            return True
        return DEFAULT_DB_ALIAS not in getattr(view, "_non_atomic_requests", set())
