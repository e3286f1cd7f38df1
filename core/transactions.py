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

from core.audit import note_exception

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AtomicWritesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        if DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", set()):
            return None
        try:
            with transaction.atomic():
                return view_func(request, *view_args, **view_kwargs)
        except Exception as error:
            # Views called here skip the process_exception hooks: tell the audit trail.
            note_exception(request, error)
            raise
