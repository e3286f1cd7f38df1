"""A signed-in person's pages, kept for them until any data changes.

A signed-in list page (the sessions list, a queue, a dashboard) costs 15 to 60 ms of
queries and templates to build, yet a person who reloads it or comes back to it a moment
later, with nothing changed anywhere, gets exactly the same HTML. A view hands
``personal_page`` the function that builds its response, *after* its own sign-in and
permission checks (those run on every request, cached or not); the response is kept in
the cache (Redis in production) for that person's sign-in session only and served again
while it is still true.

It is still true while the **data generation** has not moved. Every connection to the
database carries ``watch_writes``, which sees every INSERT, UPDATE and DELETE whatever
issued it (the ORM, a bulk update, raw SQL, a task in the worker, a management command)
and moves the generation on when the transaction commits, so a page built from data that
was about to change in another process is never kept past that commit; and at once as
well when this process has read the generation since (``move_on_write``), so a page built
later in the same transaction is fresh. Writes that pages do not show are left out
(``QUIET_TABLES``: the audit trail, sign-in sessions, the task queue, the worker's
heartbeat), so recording "viewed" on a page does not undo its own caching. Anything
else, anywhere, makes every kept page stale: coarse, but nothing a page shows can be
missed. A write that bypasses Django's cursor (a PostgreSQL ``COPY``) must call
``data_changed()`` itself, as the scale loader does.

Facts drawn from a few tables only (what a course asks of the people who book it) can be
kept under a narrower generation (``watch_tables``), moved only by writes to those tables,
so that a rush of bookings does not make them stale.

A kept page also expires after ``TTL`` seconds, so pages that show the time passing
("starts in 10 minutes", what is due today) are at most that old.

Never kept: anything but a plain 200 HTML response to a GET or HEAD; a request with
messages waiting to be shown (the page shows them once); a request without a session or
CSRF cookie, or one whose CSRF cookie was replaced while building it (the page's forms
carry tokens for the cookie it was built for, which is part of the key); and a response
whose building wrote anything itself. ``PAGE_CACHE = False`` (``DJANGO_PAGE_CACHE=false``)
turns it off; the page benchmark measures both ways.
"""

import hashlib
import re
import threading
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

TTL = 60
GENERATION_KEY = "core:data:generation"
# SQLite's "INSERT OR IGNORE INTO" (a many-to-many add) included.
_WRITE = re.compile(
    r'(?:INSERT\s+(?:OR\s+[A-Z]+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.I
)
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "insert", "update", "delete")

# Tables whose rows no kept page shows; writing them does not make pages stale.
QUIET_TABLES = frozenset(
    {
        "core_auditentry",
        "core_workerheartbeat",
        "django_session",
        "django_tasks_database_dbtaskresult",
        "pop_cache",
    }
)

_local = threading.local()  # writes made in this thread (so a page that wrote is not kept)
_reads: dict[str, int] = {}  # generations read in this process, by key (``read``)


def enabled() -> bool:
    return settings.PAGE_CACHE


def counter(key: str) -> int:
    """A generation counter in the cache (this module's, and ``cms.page_cache``'s)."""
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, timeout=None)
        value = cache.get(key, 1)
    return value


def move_on(key: str) -> None:
    """Move the counter ``key`` on: everything kept under its old value is stale."""
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted): start afresh above any old value
        cache.set(key, 2, timeout=None)


def _count_read(key: str) -> None:
    # A page or fact built from now on may be kept under ``key``, so a write in a
    # transaction moves it at once (``move_on_write``).
    _reads[key] = _reads.get(key, 0) + 1


def read(key: str) -> int:
    """The counter ``key``, counted as read by this process (``move_on_write``)."""
    _count_read(key)
    return counter(key)


def generation() -> int:
    return read(GENERATION_KEY)


def move_on_write(connection, key: str, *, at_once: bool = False) -> None:
    """Data kept under the generation ``key`` was written on ``connection``; the one rule
    for when the generation moves (``watch_writes`` here, ``cms.page_cache``'s saves).

    - Outside a transaction, at once: the write is already committed.
    - Inside one, at the commit: a page another process built meanwhile still shows
      the data from before it.
    - Inside one, at once as well when this process has read ``key`` since this
      connection last moved it, so that a page built after the write in the same
      transaction (as tests do) is not one kept from before it; otherwise a burst of
      writes (a rush of bookings, under the session's lock) makes no cache round trip
      each. ``at_once``: every time, for generations whose tables are rarely written.
    """
    if not connection.in_atomic_block:
        move_on(key)
        return
    read_count = _reads.get(key, 0)
    moved_at_read = connection.__dict__.setdefault("_pop_moved_at_read", {})
    if at_once or moved_at_read.get(key) != read_count:
        move_on(key)
        moved_at_read[key] = read_count
    connection.__dict__.setdefault("_pop_move_at_commit", set()).add(key)
    connection.on_commit(partial(_after_commit, connection))


# Table -> the narrower generations that move when it is written (``watch_tables``).
_TABLE_GENERATIONS: dict[str, set[str]] = {}


def watch_tables(key: str, tables: Iterable[str]) -> None:
    """Move the generation ``key`` whenever one of ``tables`` is written, so facts kept
    under it (``kept(..., generation=key)``) stand until those tables change, not until
    any data does. Call it from an app's ``ready()``, so that every process knows it."""
    for table in tables:
        _TABLE_GENERATIONS.setdefault(table, set()).add(key)


def _all_table_generations() -> set[str]:
    return set().union(*_TABLE_GENERATIONS.values())


def data_changed() -> None:
    """Everything kept is stale from now on."""
    move_on(GENERATION_KEY)
    for key in _all_table_generations():
        move_on(key)


def _written_table(sql: str) -> str | None:
    """The table a statement writes ("" when it cannot be told), or None when it writes
    nothing a kept page or fact shows."""
    if sql.lstrip()[:6] not in _WRITE_VERBS:
        return None
    match = _WRITE.match(sql.lstrip())
    if match is None:
        return ""
    return None if match.group(1) in QUIET_TABLES else match.group(1)


def _after_commit(connection) -> None:
    for key in connection.__dict__.pop("_pop_move_at_commit", ()):
        move_on(key)


def is_commit_hook(callback) -> bool:
    """Whether an ``on_commit`` callback is this module's (for tests that count theirs)."""
    return getattr(callback, "func", None) is _after_commit


def watch_writes(execute, sql, params, many, context):
    """An execute wrapper on every connection (``core.apps``): see the module docstring."""
    result = execute(sql, params, many, context)
    if not (enabled() and isinstance(sql, str)):
        return result
    table = _written_table(sql)
    if table is None:
        return result
    _local.wrote = getattr(_local, "wrote", 0) + 1
    connection = context["connection"]
    # The narrower generations: rare writes, so moved at once every time.
    narrower = _TABLE_GENERATIONS.get(table, set()) if table else _all_table_generations()
    for key in narrower:
        move_on_write(connection, key, at_once=True)
    move_on_write(connection, GENERATION_KEY)
    return result


def install(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: watch this connection's writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch_writes)


def _key(request: HttpRequest) -> str | None:
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not session_key or not csrf:
        return None
    who = hashlib.sha256(f"{session_key}:{csrf}".encode()).hexdigest()
    path = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"core:page:{who}:{path}"


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not enabled():
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and len(messages))


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not getattr(response, "streaming", False)
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Content-Disposition")
        and not response.cookies
        # The page's forms carry tokens for the CSRF cookie that came with the request
        # (part of the key), not for one made afresh while building it.
        and request.META.get("CSRF_COOKIE") == request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    )


def _generation_and(key: str, generation_key: str = GENERATION_KEY):
    """The generation and what is kept under ``key``, in one round trip."""
    found = cache.get_many([generation_key, key])
    current = found.get(generation_key)
    _count_read(generation_key)
    if current is None:
        current = counter(generation_key)
    return current, found.get(key)


def kept[T](key: str, build: Callable[[], T], *, generation: str = GENERATION_KEY) -> T:
    """``build()``'s value, kept under ``key`` while the data generation stands (and at
    most ``TTL`` seconds): for facts read on every request, such as a person's
    permissions, that change only when data does. ``generation``: a narrower one
    (``watch_tables``) for facts drawn from a few tables only."""
    if not enabled():
        return build()
    current, found = _generation_and(key, generation)
    if found is not None and found[0] == current:
        return found[1]
    value = build()
    cache.set(key, (current, value), TTL)
    return value


def personal_page(request: HttpRequest, build: Callable[[], HttpResponse]) -> HttpResponse:
    """``build()``'s response, or the one kept for this person at this address while no
    data has changed since (see the module docstring)."""
    key = _key(request) if _cacheable_request(request) else None
    if key is None:
        return build()
    current, kept = _generation_and(key)
    if kept is not None and kept[0] == current:
        response = HttpResponse(kept[1])
        for header, value in kept[2]:  # what the view set (the type, any cache rules)
            response[header] = value
        return response
    wrote = getattr(_local, "wrote", 0)
    response = build()
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    if getattr(_local, "wrote", 0) == wrote and _cacheable_response(request, response):
        cache.set(key, (current, response.content, list(response.items())), TTL)
    return response
