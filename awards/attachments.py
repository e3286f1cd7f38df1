"""Entry attachments: what may be attached, and the anonymised copy judges download.

Attachments are private uploads checked by ``core.uploads`` (images are re-encoded there,
which drops camera and GPS metadata). In an anonymised round judges get a copy whose file
name says nothing about the entrants and, for PDFs, whose document metadata (author,
title, creating program, XMP) and annotations (which carry their authors' names) are
removed.
"""

import copy
import io

import pypdf

from awards.models import Attachment
from core.uploads import JPEG, PDF, PNG, UploadPolicy

ATTACHMENT_POLICY = UploadPolicy(kinds=frozenset({PDF, JPEG, PNG}), max_bytes=10 * 1024 * 1024)
MAX_ATTACHMENTS = 10
# Page entries that can carry names: annotations (comments with their authors), page-level
# XMP metadata and application private data.
PAGE_KEYS_TO_DROP = ("/Annots", "/Metadata", "/PieceInfo")


def scrub_pdf(content: bytes) -> bytes:
    """The PDF's pages without document information, XMP metadata or annotations."""
    reader = pypdf.PdfReader(io.BytesIO(content), strict=False)
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        added = writer.add_page(page)
        for key in PAGE_KEYS_TO_DROP:
            if key in added:
                del added[key]
    writer.metadata = None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def anonymous_name(attachment: Attachment, position: int) -> str:
    extension = "pdf" if attachment.is_pdf else attachment.stored_name.rpartition(".")[2]
    return f"entry-{attachment.entry_id}-attachment-{position}.{extension}"


def anonymised_copy(attachment: Attachment, position: int) -> Attachment:
    """An unsaved stand-in for ``attachment`` that opens the scrubbed bytes under a neutral
    name; ``core.downloads.private_download`` serves and audits it like the original."""
    with attachment.open_file() as handle:
        content = handle.read()
    if attachment.is_pdf:
        content = scrub_pdf(content)
    stand_in = copy.copy(attachment)
    stand_in.original_name = anonymous_name(attachment, position)
    stand_in.size = len(content)
    stand_in.open_file = lambda: io.BytesIO(content)
    return stand_in
