"""Serve a private upload: permission checked against the object, audited, never rendered inline.

Every door to a private file goes through ``private_download``, so the headers
and the audit entry are the same for portfolio evidence and award attachments.
"""

import re

from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from core.audit import client_ip, deny, record
from core.models import StoredFile

DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'; form-action 'none'"


def _ascii_fallback(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._ -]", "_", name).strip() or "download"
    return cleaned[:150]


def private_download(
    request: HttpRequest,
    stored: StoredFile,
    *,
    permission: str,
    obj=None,
    action: str = "file.download",
) -> FileResponse:
    """The file as an attachment, if ``request.user`` has ``permission`` on ``obj``.

    ``obj`` defaults to ``stored``. Someone without the permission gets a 404, the
    same as for a file that does not exist, so ids cannot be probed. Writes one
    audit entry per download (who, which file, its checksum) and one per refusal. The response:
    ``Content-Disposition: attachment``, the stored content type,
    ``X-Content-Type-Options: nosniff``, ``Cache-Control: private, no-store`` and a
    CSP that allows nothing and sandboxes the document if a browser renders it anyway.
    """
    target = stored if obj is None else obj
    user = request.user
    if not user.is_authenticated:
        raise Http404("No such file")
    if not user.has_perm(permission, target):
        deny(actor=user, action=action, obj=stored, reason=f"Refused {stored.original_name}")
        raise Http404("No such file")
    try:
        handle = stored.open_file()
    except FileNotFoundError as missing:
        raise Http404("No such file") from missing
    record(
        actor=user,
        action=action,
        obj=stored,
        summary=f"Downloaded {stored.original_name}"[:300],
        sha256=stored.sha256,
        size=stored.size,
        ip=client_ip(request),
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=stored.original_name or _ascii_fallback(stored.original_name),
        content_type=stored.content_type,
    )
    return _protected(response)


def _protected(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def generated_download(
    request: HttpRequest,
    *,
    content: bytes,
    filename: str,
    content_type: str,
    obj: models.Model,
    action: str,
) -> HttpResponse:
    """A file made for this request (a certificate, a zip), with the same headers and
    audit entry as ``private_download``. The caller has already checked permission."""
    record(
        actor=request.user,
        action=action,
        obj=obj,
        summary=f"Downloaded {filename}"[:300],
        size=len(content),
        remote_addr=request.META.get("REMOTE_ADDR", ""),
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_ascii_fallback(filename)}"'
    return _protected(response)
