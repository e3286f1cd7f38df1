"""Private uploads: one validator every app uses, and storage under generated names.

``check_upload`` decides what a file is from its bytes, never from its name or
the type the browser sent, and refuses anything that is not a plain PDF, Word
.docx, JPEG or PNG within the limits. Every refusal raises ``UploadRefused``
with a message fit to show the person, before anything is written anywhere.

What each type must pass:

- **name**: no path (``/``, ``\\``, ``..``), no NUL or control characters, one
  extension only when the inner one is a file type (``x.pdf.exe``,
  ``scan.exe.pdf``), at most 150 characters; its extension must match the content.
- **size**: not empty; at most ``UPLOAD_MAX_BYTES`` (20 MB by default). One byte
  over is refused.
- **PDF**: starts with ``%PDF-``, opens with pypdf, is not password-protected,
  and carries no active content. PDFs with JavaScript, launch actions,
  automatic actions (``/OpenAction`` or ``/AA`` that run script), embedded files
  or forms that submit are **refused**, not flagged: assessors and judges open
  evidence in desktop readers where those run, and evidence never needs them.
  The names are looked for in the raw bytes (``#xx`` escapes decoded) and in
  every object pypdf can reach, so compressed object streams are covered too.
- **.docx**: a real OOXML package: a zip with ``[Content_Types].xml`` declaring
  a Word document and ``word/document.xml``; no macros; at most
  ``UPLOAD_DOCX_MAX_MEMBERS`` entries. Every entry is decompressed (streamed,
  stopping at the limit) so a zip bomb is refused whatever its headers claim:
  at most ``UPLOAD_DOCX_MAX_UNCOMPRESSED`` bytes in all and a compression ratio
  of at most ``UPLOAD_DOCX_MAX_RATIO``.
- **JPEG and PNG**: at most ``UPLOAD_MAX_PIXELS`` pixels, read from the header
  before any decoding (a decompression bomb is refused without being decoded),
  then decoded and re-encoded: what is stored is the re-encoded image, without
  metadata (camera, GPS), rotated upright.

``store_checked`` writes the checked bytes to the private storage
(``STORAGES["private"]``) under a generated name; callers that then fail
inside their transaction delete it with ``stored_upload``.
"""

import contextlib
import hashlib
import html
import io
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import filetype
import pypdf
from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http.multipartparser import MultiPartParser
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.encoding import force_str
from PIL import Image, ImageOps, UnidentifiedImageError

PDF, DOCX, JPEG, PNG = "pdf", "docx", "jpeg", "png"
ALL_KINDS = frozenset({PDF, DOCX, JPEG, PNG})
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    JPEG: "image/jpeg",
    PNG: "image/png",
}
# The extensions a name may end with for each kind; the first is used for the stored name.
EXTENSIONS = {PDF: ("pdf",), DOCX: ("docx",), JPEG: ("jpg", "jpeg"), PNG: ("png",)}
KIND_LABELS = {PDF: "PDF", DOCX: "Word (.docx)", JPEG: "JPEG", PNG: "PNG"}

# Inner extensions that make a name a disguise ("report.pdf.exe", "photo.exe.jpg").
# fmt: off
RISKY_EXTENSIONS = (
    "exe", "com", "bat", "cmd", "scr", "pif", "msi", "msp", "jar", "js", "jse", "vbs", "vbe",
    "wsf", "wsh", "ps1", "psm1", "sh", "bash", "php", "phtml", "asp", "aspx", "jsp", "cgi",
    "pl", "py", "rb", "html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "hta", "doc",
    "docm", "dot", "dotm", "xls", "xlsm", "xlsx", "ppt", "pptm", "pptx", "rtf", "zip", "rar",
    "7z", "gz", "tar", "iso", "dmg", "lnk", "reg", "dll", "so", "gif", "bmp", "tif", "tiff",
    "webp", "heic", "txt", "csv",
)
# fmt: on
KNOWN_EXTENSIONS = frozenset(
    {*(ext for exts in EXTENSIONS.values() for ext in exts), *RISKY_EXTENSIONS}
)
MAX_NAME_LENGTH = 150
CHUNK = 64 * 1024
PDF_ACTIVE_NAMES = {
    "JavaScript": "JavaScript",
    "JS": "JavaScript",
    "Launch": "an action that launches a program",
    "EmbeddedFile": "an embedded file",
    "EmbeddedFiles": "an embedded file",
    "SubmitForm": "a form that sends data away",
    "ImportData": "an action that imports data",
    "RichMedia": "embedded media",
    "XFA": "an XFA form",
}
_PDF_NAME = re.compile(rb"/([A-Za-z0-9#]{2,40})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class UploadRefused(ValueError):  # noqa: N818 - a refusal, not an error of ours
    """The file was refused; ``str(error)`` tells the person why. Nothing was stored."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class UploadPolicy:
    """What one upload field accepts. ``None`` limits come from settings when checked."""

    kinds: frozenset[str] = ALL_KINDS
    max_bytes: int | None = None

    def limit(self) -> int:
        return self.max_bytes or settings.UPLOAD_MAX_BYTES

    def describe(self) -> str:
        labels = [KIND_LABELS[k] for k in (PDF, DOCX, JPEG, PNG) if k in self.kinds]
        listed = ", ".join(labels[:-1]) + (" or " if len(labels) > 1 else "") + labels[-1]
        return f"{listed}, up to {filesizeformat(self.limit())}"


DEFAULT_POLICY = UploadPolicy()


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed every check: the bytes to store and what to record about them."""

    original_name: str
    kind: str
    content: bytes = field(repr=False)
    notes: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind][0]

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


# --- names --------------------------------------------------------------------------


def clean_filename(name: str | None) -> str:
    """The name as the person will see it again, or ``UploadRefused``.

    Refuses paths, NUL and control characters, disguising double extensions
    and names with no extension; normalises Unicode (NFC) and outer spaces.
    """
    if not name or not name.strip():
        raise UploadRefused("The file has no name. Rename it and try again.", code="no_name")
    if "\x00" in name:
        raise UploadRefused(
            "The file name contains a NUL character. Rename the file and try again.",
            code="nul_in_name",
        )
    if "/" in name or "\\" in name or ".." in name:
        raise UploadRefused(
            "The file name must not contain a folder path (“/”, “\\” or “..”). "
            "Rename the file and try again.",
            code="path_in_name",
        )
    if _CONTROL.search(name):
        raise UploadRefused(
            "The file name contains control characters. Rename the file and try again.",
            code="control_in_name",
        )
    name = unicodedata.normalize("NFC", name).strip()
    if any(unicodedata.category(ch) in {"Cf", "Co", "Cs"} for ch in name):
        # Right-to-left overrides and other invisible characters disguise extensions.
        raise UploadRefused(
            "The file name contains invisible formatting characters. Rename the file and "
            "try again.",
            code="control_in_name",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise UploadRefused(
            f"The file name is longer than {MAX_NAME_LENGTH} characters. Shorten it and try again.",
            code="name_too_long",
        )
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or not extension:
        raise UploadRefused(
            "The file name has no extension (such as .pdf). Rename the file and try again.",
            code="no_extension",
        )
    inner = [part.strip().lower() for part in stem.split(".")[1:]]
    if any(part in KNOWN_EXTENSIONS for part in inner):
        raise UploadRefused(
            f"“{name}” has more than one file extension. Rename it so it ends in one "
            "extension only (for example report.pdf) and try again.",
            code="double_extension",
        )
    return name


def _extension(name: str) -> str:
    return name.rpartition(".")[2].strip().lower()


# --- content ------------------------------------------------------------------------


def _read_limited(file, limit: int) -> bytes:
    """Every byte of ``file``, refusing as soon as it is longer than ``limit``."""
    if hasattr(file, "seek"):
        with contextlib.suppress(OSError, ValueError):
            file.seek(0)
    declared = getattr(file, "size", None)
    if declared is not None and declared > limit:
        raise _too_big(limit)
    buffer = io.BytesIO()
    reader = file.chunks(CHUNK) if hasattr(file, "chunks") else iter(lambda: file.read(CHUNK), b"")
    for chunk in reader:
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise _too_big(limit)
    return buffer.getvalue()


def _too_big(limit: int) -> UploadRefused:
    return UploadRefused(
        f"The file is larger than {filesizeformat(limit)}. Make it smaller (for example, save "
        "scans at a lower resolution) and try again.",
        code="too_large",
    )


def _sniff(content: bytes) -> str | None:
    """The kind the bytes are, whatever the name says; None for anything else."""
    head = content[:8192]
    # PDF readers accept a little junk before the header; our evidence need not.
    if head.startswith(b"%PDF-"):
        return PDF
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.mime == "image/jpeg":
        return JPEG
    if guess.mime == "image/png":
        return PNG
    if guess.mime in {CONTENT_TYPES[DOCX], "application/zip"}:
        return DOCX  # proven (or refused) by _check_docx
    return None


def check_upload(file, *, name: str | None = None, policy: UploadPolicy = DEFAULT_POLICY):
    """Check an uploaded file (Django ``UploadedFile`` or any binary file object).

    Returns a ``CheckedUpload``; raises ``UploadRefused`` with a clear message.
    Writes nothing anywhere.
    """
    original = clean_filename(name if name is not None else getattr(file, "name", None))
    limit = policy.limit()
    content = _read_limited(file, limit)
    if not content:
        raise UploadRefused(
            f"“{original}” is empty. Choose a file with something in it.", code="empty"
        )
    kind = _sniff(content)
    allowed = policy.describe()
    if kind is None or kind not in policy.kinds:
        raise UploadRefused(
            f"“{original}” is not a file type we accept. Upload a {allowed}.", code="bad_type"
        )
    if _extension(original) not in EXTENSIONS[kind]:
        raise UploadRefused(
            f"“{original}” is really a {KIND_LABELS[kind]} file but its name says otherwise. "
            f"Rename it to end in .{EXTENSIONS[kind][0]} and try again.",
            code="extension_mismatch",
        )
    if kind == PDF:
        _check_pdf(content, original)
    elif kind == DOCX:
        _check_docx(content, original)
    else:
        content = _reencode_image(content, original, kind)
    if len(content) > limit:
        raise _too_big(limit)
    return CheckedUpload(original_name=original, kind=kind, content=content)


def _check_pdf(content: bytes, name: str) -> None:
    def refuse_active(what: str) -> None:
        raise UploadRefused(
            f"“{name}” contains {what}, which could run when it is opened, so we cannot "
            "accept it. Save it again as a plain PDF (for example with “Print to PDF”) and "
            "upload that.",
            code="pdf_active_content",
        )

    for match in _PDF_NAME.finditer(content):
        token = _decode_pdf_name(match.group(1))
        if token in PDF_ACTIVE_NAMES:
            refuse_active(PDF_ACTIVE_NAMES[token])
    try:
        reader = pypdf.PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not _opens_without_password(reader):
            raise UploadRefused(
                f"“{name}” is protected by a password, so it cannot be checked. Upload a copy "
                "without the password.",
                code="pdf_encrypted",
            )
        if len(reader.pages) < 1:
            raise ValueError("no pages")
        found = _active_pdf_object(reader)
    except UploadRefused:
        raise
    except Exception as error:  # pypdf raises many types for damaged files
        raise UploadRefused(
            f"“{name}” could not be read as a PDF. It may be damaged: save or export it again "
            "and try once more.",
            code="pdf_unreadable",
        ) from error
    if found:
        refuse_active(found)


def _opens_without_password(reader: pypdf.PdfReader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an unsupported cipher is as unreadable as a wrong password
        return False


def _decode_pdf_name(raw: bytes) -> str:
    """A PDF name with its ``#xx`` escapes decoded (``/J#61vaScript`` is ``JavaScript``)."""
    try:
        return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode(
            "latin-1"
        )
    except ValueError:
        return ""


def _active_pdf_object(reader: pypdf.PdfReader, budget: int = 200_000) -> str | None:
    """Walk every object reachable from the trailer; the first active content found."""
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > budget:
            return "more objects than we can check"
        if isinstance(node, pypdf.generic.IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            for key, value in node.items():
                name = str(key).lstrip("/")
                if name in PDF_ACTIVE_NAMES:
                    return PDF_ACTIVE_NAMES[name]
                if name == "S" and str(value).lstrip("/") in PDF_ACTIVE_NAMES:
                    return PDF_ACTIVE_NAMES[str(value).lstrip("/")]
                if name in {"Parent", "P"}:
                    continue  # back-references: reached another way
                stack.append(value)
        elif isinstance(node, pypdf.generic.ArrayObject):
            stack.extend(node)
    return None


def _check_docx(content: bytes, name: str) -> None:
    def not_word(reason: str = "") -> UploadRefused:
        return UploadRefused(
            f"“{name}” is not a Word document{reason}. Save it from Word as a .docx file and "
            "try again.",
            code="docx_invalid",
        )

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_word() from error
    if len(members) > settings.UPLOAD_DOCX_MAX_MEMBERS:
        raise UploadRefused(
            f"“{name}” holds more parts than a Word document should, so we cannot accept it.",
            code="docx_bomb",
        )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise not_word()
    if any(m.flag_bits & 0x1 for m in members):
        raise UploadRefused(
            f"“{name}” is protected by a password, so it cannot be checked. Upload a copy "
            "without the password.",
            code="docx_encrypted",
        )
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRefused(
            f"“{name}” contains macros, so we cannot accept it. Save it as a plain Word "
            "document (.docx) and try again.",
            code="docx_macros",
        )
    total_limit = settings.UPLOAD_DOCX_MAX_UNCOMPRESSED
    ratio_limit = settings.UPLOAD_DOCX_MAX_RATIO
    bomb = UploadRefused(
        f"“{name}” expands to far more than its size when opened (it looks like a “zip "
        "bomb”), so we cannot accept it.",
        code="docx_bomb",
    )
    total = 0
    try:
        for member in members:
            with archive.open(member) as stream:
                for chunk in iter(lambda s=stream: s.read(CHUNK), b""):
                    total += len(chunk)
                    if total > total_limit:
                        raise bomb
        content_types = archive.read("[Content_Types].xml")
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as error:
        raise not_word(" (it is damaged)") from error
    if total > ratio_limit * max(len(content), 1):
        raise bomb
    if b"wordprocessingml.document.main+xml" not in content_types:
        raise not_word()


def _reencode_image(content: bytes, name: str, kind: str) -> bytes:
    max_pixels = settings.UPLOAD_MAX_PIXELS

    def unreadable(error: Exception | None = None) -> UploadRefused:
        return UploadRefused(
            f"“{name}” could not be read as an image. It may be damaged: save it again and "
            "try once more.",
            code="image_unreadable",
        )

    try:
        with Image.open(io.BytesIO(content), formats=[kind.upper()]) as probe:
            width, height = probe.size
    except Image.DecompressionBombError as error:
        raise UploadRefused(
            f"“{name}” has far more pixels than the {max_pixels / 1_000_000:g} million we "
            "accept. Resize it and try again.",
            code="image_too_many_pixels",
        ) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise unreadable(error) from error
    if width * height > max_pixels:
        raise UploadRefused(
            f"“{name}” is {width:,} × {height:,} pixels, more than the "
            f"{max_pixels / 1_000_000:g} million we accept. Resize it and try again.",
            code="image_too_many_pixels",
        )
    try:
        with Image.open(io.BytesIO(content), formats=[kind.upper()]) as image:
            image.verify()
        with Image.open(io.BytesIO(content), formats=[kind.upper()]) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if kind == JPEG:
                upright.convert("RGB").save(out, format="JPEG", quality=90, optimize=True)
            else:
                keep = {"1", "L", "LA", "P", "RGB", "RGBA"}
                mode = upright.mode if upright.mode in keep else "RGBA"
                upright.convert(mode).save(out, format="PNG", optimize=True)
    except Image.DecompressionBombError as error:
        raise UploadRefused(
            f"“{name}” has more pixels than we accept. Resize it and try again.",
            code="image_too_many_pixels",
        ) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise unreadable(error) from error
    return out.getvalue()


# --- storage ------------------------------------------------------------------------


def private_storage():
    """The private storage: local disk outside any served folder, or the private bucket."""
    return storages["private"]


def generated_name(checked: CheckedUpload, *, folder: str) -> str:
    """``<folder>/<yyyy>/<mm>/<random>.<ext>``: nothing of the person's name or file name."""
    today = timezone.localdate()
    safe_folder = re.sub(r"[^a-z0-9_-]", "", folder.lower()) or "uploads"
    return f"{safe_folder}/{today:%Y}/{today:%m}/{uuid.uuid4().hex}.{checked.extension}"


def store_checked(checked: CheckedUpload, *, folder: str) -> str:
    """Write the checked bytes to the private storage; returns the stored name."""
    storage = private_storage()
    return storage.save(generated_name(checked, folder=folder), ContentFile(checked.content))


@contextlib.contextmanager
def stored_upload(checked: CheckedUpload, *, folder: str) -> Iterator[str]:
    """Store the file for the block; if the block raises, the stored file is deleted.

    Use around the database write that records the file, so a refused or failed
    write leaves no orphan behind.
    """
    name = store_checked(checked, folder=folder)
    try:
        yield name
    except BaseException:
        private_storage().delete(name)
        raise


# --- the name as sent -----------------------------------------------------------------


class NameKeepingMultiPartParser(MultiPartParser):
    """Django's multipart parser, keeping each file's name as the browser sent it.

    Django strips folders and unprintable characters from an upload's name
    (``../../etc/evidence.pdf`` arrives as ``evidence.pdf``, ``a\\x00.pdf`` as ``a.pdf``),
    so the validator would never see them. This parser leaves that sanitising in place
    and records the name as sent on the file object (``raw_name``), which
    ``PrivateFileField`` checks: a name that carried a path or NUL is refused, not
    silently renamed.
    """

    _raw_name: str | None = None

    def sanitize_file_name(self, file_name):
        self._raw_name = html.unescape(file_name)
        return super().sanitize_file_name(file_name)

    def handle_file_complete(self, old_field_name, counters):
        super().handle_file_complete(old_field_name, counters)
        field = force_str(old_field_name, self._encoding, errors="replace")
        files = self._files.getlist(field)
        if files and self._raw_name is not None:
            files[-1].raw_name = self._raw_name
        self._raw_name = None


class KeepUploadNamesMiddleware:
    """Parse multipart requests with ``NameKeepingMultiPartParser``. Sits before anything
    that reads ``request.POST`` (the CSRF check)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.multipart_parser_class = NameKeepingMultiPartParser
        return self.get_response(request)


# --- forms --------------------------------------------------------------------------


class PrivateFileField(forms.FileField):
    """A form field whose cleaned value is a ``CheckedUpload`` (or ``None`` when optional)."""

    def __init__(self, *, policy: UploadPolicy = DEFAULT_POLICY, **kwargs):
        self.policy = policy
        kwargs.setdefault("widget", forms.FileInput)
        super().__init__(allow_empty_file=True, **kwargs)
        self.widget.attrs.setdefault(
            "accept",
            ",".join(f".{ext}" for kind in sorted(policy.kinds) for ext in EXTENSIONS[kind]),
        )

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if not file:
            return None
        # The name as the browser sent it, when the request was parsed by
        # NameKeepingMultiPartParser; Django's own parser has already stripped paths.
        name = getattr(file, "raw_name", None) or file.name
        try:
            return check_upload(file, name=name, policy=self.policy)
        except UploadRefused as error:
            raise forms.ValidationError(str(error), code=error.code) from error
