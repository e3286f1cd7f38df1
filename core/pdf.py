"""PDFs from HTML with WeasyPrint, fetching nothing but what the portal hands over.

WeasyPrint loads every stylesheet, image and font a document points at through a URL
fetcher. The default one follows any URL: ``http://`` (to the internal network too),
``file:///etc/passwd``, ``data:``. ``RestrictedFetcher`` follows only two kinds, both
under the never-resolving origin ``https://pdf.invalid/`` (RFC 2606):

- ``static/<path>``: one of the portal's own static files (stylesheets, SVG, images,
  fonts), found by the staticfiles finders; no ``..``, no encoded tricks;
- ``resources/<key>``: a resource the caller handed over for this one document, e.g.
  an entry's validated image, loaded only when asked for.

Everything else is refused (and remembered in ``refused``), so nothing a person typed
into a document can make the server fetch a URL. Make one with ``restricted_fetcher``;
render with ``render_document``. WeasyPrint is imported on first use, not when the
portal starts.
"""

import functools
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

BASE_URL = "https://pdf.invalid/"
STATIC_PREFIX = "static/"
RESOURCE_PREFIX = "resources/"
STATIC_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}
SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class ResourceRefusedError(ValueError):
    """The document asked for something the fetcher does not hand out."""


@dataclass(frozen=True)
class Resource:
    body: bytes
    content_type: str


def static_url(path: str) -> str:
    """The URL a PDF template uses for a static file (``awards/brochure/brochure.css``)."""
    return f"{BASE_URL}{STATIC_PREFIX}{path}"


def resource_url(key: str) -> str:
    return f"{BASE_URL}{RESOURCE_PREFIX}{key}"


def _read_static(relative: str) -> bytes:
    found = finders.find(relative)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    if staticfiles_storage.exists(relative):  # collected static files in production
        with staticfiles_storage.open(relative, "rb") as handle:
            return handle.read()
    raise ResourceRefusedError(f"No such static file: {relative}")


def lookup(url: str, resources: Mapping[str, Callable[[], Resource]]) -> Resource:
    """What the fetcher hands WeasyPrint for ``url``; ``ResourceRefusedError`` for anything but
    a safe static path or one of ``resources``."""
    refused = ResourceRefusedError(f"Refused: {url[:200]}")
    if not url.startswith(BASE_URL):
        raise refused
    parts = urlsplit(url)
    if parts.query or parts.fragment or parts.username or parts.password or parts.port:
        raise refused
    path = unquote(parts.path.removeprefix("/"))
    if "\\" in path or "\x00" in path or posixpath.normpath(path) != path:
        raise refused
    if path.startswith(STATIC_PREFIX):
        relative = path.removeprefix(STATIC_PREFIX)
        suffix = posixpath.splitext(relative)[1].lower()
        if not all(SAFE_SEGMENT.match(part) for part in relative.split("/")):
            raise refused
        if suffix not in STATIC_TYPES:
            raise refused
        return Resource(_read_static(relative), STATIC_TYPES[suffix])
    if path.startswith(RESOURCE_PREFIX):
        loader = resources.get(path.removeprefix(RESOURCE_PREFIX))
        if loader is None:
            raise refused
        return loader()
    raise refused


@functools.cache
def _fetcher_class():
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class RestrictedFetcher(URLFetcher):
        def __init__(self, resources):
            super().__init__(timeout=1, allowed_protocols=("https",), allow_redirects=False)
            self._resources = dict(resources or {})
            self.fetched: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            try:
                resource = lookup(str(url), self._resources)
            except ResourceRefusedError:
                self.refused.append(str(url))
                raise
            self.fetched.append(str(url))
            return URLFetcherResponse(
                url, body=resource.body, headers={"Content-Type": resource.content_type}
            )

        # urllib's own door is closed too: anything calling open() goes through fetch().
        def open(self, url, data=None, timeout=None):
            return self.fetch(getattr(url, "full_url", url))

    return RestrictedFetcher


def restricted_fetcher(resources: Mapping[str, Callable[[], Resource]] | None = None):
    """A WeasyPrint URL fetcher that opens no connection and reads no file it was not given.

    ``resources`` maps a key (letters, digits, ``.``, ``_``, ``-``) to a function that
    returns the ``Resource``; it is called only if the document asks for that key.
    ``.fetched`` and ``.refused`` list the URLs asked for.
    """
    return _fetcher_class()(resources)


def render_document(html: str, *, fetcher=None):
    """Lay out ``html`` (a WeasyPrint ``Document``: ``.pages``, ``.write_pdf()``).

    The document's base URL is ``BASE_URL``, so relative links resolve there and reach
    only the fetcher's two doors.
    """
    from weasyprint import HTML

    return HTML(
        string=html, base_url=BASE_URL, url_fetcher=fetcher or restricted_fetcher()
    ).render()


def write_pdf(document) -> bytes:
    """The PDF bytes, tagged (structure for screen readers) and with the document's title
    and language (from ``<title>`` and ``<html lang>``)."""
    return document.write_pdf(pdf_tags=True)
