"""The public pages, rendered once and kept in the cache for everyone who is not signed in.

A public CMS page (home, programme pages, the awards pages, the library, its searches and
each case study) is the same HTML for every anonymous visitor, yet rendering it costs
10 to 30 ms of templates and 8 to 15 queries. ``CachedForAnonymousMixin.serve`` keeps the
rendered page, and ``AnonymousPageCacheMiddleware`` answers the next anonymous request
for the same address from it before Wagtail routes it. Both use the default cache
(Redis in production, see ``config.settings.base``), under a key made of the site, the
full path (so each library search has its own) and the **content generation**: a counter
in the cache that any save or delete of the models a public page shows
(``GENERATION_APPS``) moves on, so the next visitor gets a fresh page.
Entries also expire after ``TTL`` seconds, which bounds what no signal reports (bulk
updates, and pages that say "open now" as time passes).

Never cached: signed-in people (their header and links differ), anything but a GET or HEAD,
a request with messages waiting to be shown, and any response that is not a plain 200 or
that sets a cookie or needed a CSRF token. Wagtail's privacy check runs before ``serve``
(a ``before_serve_page`` hook), so a restricted page is still refused to anyone it should
be, and a page served to someone who passed a page's password is never kept.
"""

import hashlib

from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from wagtail.models import PageViewRestriction

from core.page_cache import move_on, move_on_write, read

TTL = 60
GENERATION_KEY = "cms:pages:generation"
# The apps whose rows public pages show: Wagtail's pages, images, documents and tags; the
# CMS's own models; the training sessions programme pages list; the awards and portfolio
# rows behind the winners pages and published practice.
GENERATION_APPS = frozenset(
    {
        "cms",
        "wagtailcore",
        "wagtailimages",
        "wagtaildocs",
        "wagtailsnippets",
        "taggit",
        "training",
        "portfolios",
        "awards",
    }
)


def generation() -> int:
    return read(GENERATION_KEY)


def next_generation() -> None:
    """Every cached public page is stale from now on."""
    move_on(GENERATION_KEY)


def _content_changed(sender, using=None, **kwargs) -> None:
    # A migration saves historical models (its own app registry), possibly before the
    # cache's table exists; nothing has been cached from that state, so leave it be.
    if sender._meta.apps is not django_apps or sender._meta.app_label not in GENERATION_APPS:
        return
    # At the commit, and at once only when this process read the generation since it
    # last moved it (``core.page_cache.move_on_write``), so that a burst of bookings
    # does not make a cache round trip under the session's lock each.
    move_on_write(connections[using or DEFAULT_DB_ALIAS], GENERATION_KEY)


def connect_signals() -> None:
    post_save.connect(_content_changed, dispatch_uid="cms.page_cache.save")
    post_delete.connect(_content_changed, dispatch_uid="cms.page_cache.delete")


def _key(request) -> str:
    path = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"cms:page:{generation()}:{path}"


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and len(messages))


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(response, "streaming", False)
    )


class CachedForAnonymousMixin:
    """Keep the page, rendered for an anonymous visitor, in the cache (see the module's
    docstring); ``AnonymousPageCacheMiddleware`` serves it from there."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not _cacheable_request(request):
            return response
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        # Wagtail refuses a restricted page to an anonymous visitor before ``serve``
        # unless this session passed its password: never hand that copy to anyone else.
        passed = request.session.get(PageViewRestriction.passed_view_restrictions_session_key)
        if _cacheable_response(request, response) and not passed:
            cache.set(_key(request), (response.content, response["Content-Type"]), TTL)
        return response


class AnonymousPageCacheMiddleware:
    """An anonymous GET for a page ``CachedForAnonymousMixin`` kept is answered from the
    cache before Wagtail routes it (routing alone is 4 to 8 queries). It sits after the
    session, authentication and messages middleware, and every middleware before it still
    runs on the cached response (security headers, CSP)."""

    def __init__(self, get_response):
        from wagtail.views import serve

        self.get_response = get_response
        self.wagtail_serve = serve

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Only Wagtail's page view: other addresses pay nothing for this.
        if view_func is self.wagtail_serve and _cacheable_request(request):
            cached = cache.get(_key(request))
            if cached is not None:
                content, content_type = cached
                return HttpResponse(content, content_type=content_type)
        return None
