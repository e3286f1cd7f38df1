"""One form, one write: a token per rendered form makes a resubmission harmless.

``{% load idempotency %}{% form_token %}`` puts a fresh one-time token in a form;
``@idempotent`` on the view that receives it runs the first request with that
token inside a transaction that also records the token, and answers any later
request with the same token (a double click, the back button and "resend") with
the first one's redirect and messages, without doing the work again. On
PostgreSQL a duplicate that arrives while the first is still running waits on the
token's unique index and then replays it; on SQLite the write lock orders them.

Only successful submissions are kept (a redirect, as every form here answers
success with one): a form sent back with errors keeps nothing, so correcting and
resending it works, and the page it re-renders carries a new token anyway. A POST
without a token (an API client, an old page) is handled as before.
"""

import re
import secrets
from functools import wraps

from django.contrib import messages
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from core.models import FormSubmission

TOKEN_FIELD = "form_token"
_VALID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _queued_messages(request: HttpRequest) -> list[list]:
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", []) if storage is not None else []
    return [[m.level, str(m.message), m.extra_tags or ""] for m in queued]


def _replay(request: HttpRequest, submission: FormSubmission | None) -> HttpResponse:
    from core.views import bad_request

    user_id = request.user.pk if request.user.is_authenticated else None
    if submission is None or submission.user_id != user_id or submission.path != request.path:
        # Someone else's token, or one from another form: refuse rather than guess.
        return bad_request(request)
    for level, text, tags in submission.messages:
        messages.add_message(request, level, text, extra_tags=tags)
    return HttpResponseRedirect(submission.location)


def _claim(token: str, user_id: int | None, path: str) -> int | None:
    """Record the token: its row's id, or None when a request with it was recorded first
    (on PostgreSQL, one still running is waited for, on the token's unique index).

    One ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` rather than an insert that
    catches the duplicate in a savepoint of its own: one round trip instead of three,
    on every form the portal answers (a booking in a rush among them)."""
    submission = FormSubmission(token=token, user_id=user_id, path=path[:255])
    meta = FormSubmission._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    q = connection.ops.quote_name
    token_column, id_column = q(meta.get_field("token").column), q(meta.pk.column)
    sql = (
        f"INSERT INTO {q(meta.db_table)} "  # noqa: S608 (names from the model)
        f"({', '.join(q(f.column) for f in fields)}) VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({token_column}) DO NOTHING RETURNING {id_column}"
    )
    values = [f.get_db_prep_save(f.pre_save(submission, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    return row[0] if row else None


def idempotent(view):
    """Run ``view`` once per form token (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
        if not token or not _VALID.fullmatch(token):
            return view(request, *args, **kwargs)
        user_id = request.user.pk if request.user.is_authenticated else None
        # The token and the view's writes commit together. No savepoint of its own: the
        # view answers refusals with a page, and anything it raises ends the request's
        # transaction anyway (core.transactions).
        with transaction.atomic(savepoint=False):
            submission_id = _claim(token, user_id, request.path)
            if submission_id is None:
                return _replay(request, FormSubmission.objects.filter(token=token).first())
            response = view(request, *args, **kwargs)
            submission = FormSubmission.objects.filter(pk=submission_id)
            if response.status_code in (301, 302, 303, 307, 308):
                submission.update(
                    status=response.status_code,
                    location=response["Location"][:2000],
                    messages=_queued_messages(request),
                )
            else:
                submission.delete()
            return response

    return wrapper
