"""A web worker does its first request's one-off work before it serves anyone.

Django and its libraries build some things on first use, and a fresh worker's first
request pays for them: the table of URL names behind ``reverse`` and ``redirect``
(about 55 ms with Wagtail's admin in it), and the cache's Redis client with its
modules (about 70 ms). After a deploy or a worker's restart that is the first person
served by each worker, and in a rush every worker at once. ``config.wsgi`` calls
``warm_up()`` once the application is loaded; gunicorn imports that module in each
worker after forking it, so the work is done there, before the worker accepts.

Warming up never stops a worker from starting: anything that fails here (Redis not up
yet) is logged and left to the first request, as before.
"""

import contextlib
import logging

from django.core.cache import cache
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

logger = logging.getLogger(__name__)


def _build_url_tables(resolver: URLResolver, namespace: tuple[str, ...] = ()) -> None:
    # The root's table, then each namespace's (the apps', Wagtail admin's): ``reverse``
    # builds a namespace's own resolver the first time a name in it is asked for, so
    # ask for one that is not there.
    resolver.reverse_dict  # noqa: B018 (the property builds the table)
    for name, (_prefix, included) in resolver.namespace_dict.items():
        path = (*namespace, name)
        with contextlib.suppress(NoReverseMatch):
            reverse(":".join((*path, "core-warm-up-no-such-name")))
        _build_url_tables(included, path)


def warm_up() -> None:
    _build_url_tables(get_resolver())
    try:
        cache.get("core:warm-up")  # makes the client and opens its connection
    except Exception:  # never stop a worker from starting
        logger.warning("The cache did not answer while warming up.", exc_info=True)
