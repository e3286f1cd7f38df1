"""A corpus of good and hostile files, generated here (nothing is checked in).

Used by the upload validator's tests and by every app whose pages take uploads.
Each builder returns bytes; ``HOSTILE`` lists (file name, bytes builder, refusal code).
"""

import io
import struct
import zipfile
import zlib

import pypdf
from PIL import Image

DOCX_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx_document_xml(text: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.splitlines())
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()


def docx_bytes(text: str = "Witness statement\nPC Carter chaired the meeting.") -> bytes:
    """A minimal but real Word document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        archive.writestr("word/document.xml", docx_document_xml(text))
    return out.getvalue()


def docx_zip_bomb(uncompressed_mb: int = 110) -> bytes:
    """A valid-looking .docx whose document part expands to ``uncompressed_mb`` MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        zeros = bytes(1024 * 1024)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(uncompressed_mb):
                part.write(zeros)
    return out.getvalue()


def docx_with_macros() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        archive.writestr("word/document.xml", docx_document_xml("Hello"))
        archive.writestr("word/vbaProject.bin", b'Attribute VB_Name = "Module1"')
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return out.getvalue()


def pdf_bytes(pages: int = 1) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Evidence"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_with_open_action(action: dict) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    entries = pypdf.generic.DictionaryObject(
        {pypdf.generic.NameObject(k): v for k, v in action.items()}
    )
    writer._root_object[pypdf.generic.NameObject("/OpenAction")] = writer._add_object(entries)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_javascript() -> bytes:
    """Script that runs when the document opens."""
    return _pdf_with_open_action(
        {
            "/S": pypdf.generic.NameObject("/JavaScript"),
            "/JS": pypdf.generic.TextStringObject("app.alert('hello');"),
        }
    )


def pdf_with_hidden_javascript_name() -> bytes:
    """/JavaScript spelt with #xx escapes, which PDF readers decode."""
    return pdf_with_javascript().replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS", b"/J#53")


def pdf_with_launch_action() -> bytes:
    return _pdf_with_open_action(
        {
            "/S": pypdf.generic.NameObject("/Launch"),
            "/F": pypdf.generic.TextStringObject("cmd.exe"),
        }
    )


def encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (64, 48), **save) -> bytes:
    image = Image.new("RGB", size, (29, 112, 184))
    out = io.BytesIO()
    image.save(out, format=kind, **save)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (54.0, 30.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_pixel_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A tiny, valid-headed PNG claiming ``width`` by ``height`` 1-bit pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + bytes((width + 7) // 8)
    idat = zlib.compress(row * 16, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(2)</script></svg>"
)
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(200)

# (file name, builder, the refusal code the validator gives)
HOSTILE = [
    ("evidence.pdf", lambda: HTML, "bad_type"),
    ("photo.png", lambda: HTML, "bad_type"),
    ("diagram.svg", lambda: SVG, "bad_type"),
    ("diagram.png", lambda: SVG, "bad_type"),
    ("setup.exe", lambda: WINDOWS_EXE, "bad_type"),
    ("statement.pdf", lambda: WINDOWS_EXE, "bad_type"),
    ("tool.docx", lambda: ELF, "bad_type"),
    ("report.pdf.exe", pdf_bytes, "double_extension"),
    ("scan.exe.pdf", pdf_bytes, "double_extension"),
    ("../../etc/evidence.pdf", pdf_bytes, "path_in_name"),
    ("evidence\x00.pdf", pdf_bytes, "nul_in_name"),
    ("evi\x07dence.pdf", pdf_bytes, "control_in_name"),
    ("photo\u202egpj.pdf", pdf_bytes, "control_in_name"),
    ("evidence", pdf_bytes, "no_extension"),
    ("empty.pdf", lambda: b"", "empty"),
    ("script.pdf", pdf_with_javascript, "pdf_active_content"),
    ("hidden-script.pdf", pdf_with_hidden_javascript_name, "pdf_active_content"),
    ("launcher.pdf", pdf_with_launch_action, "pdf_active_content"),
    ("locked.pdf", encrypted_pdf, "pdf_encrypted"),
    ("broken.pdf", lambda: b"%PDF-1.7\n garbage without objects", "pdf_unreadable"),
    ("bomb.docx", docx_zip_bomb, "docx_bomb"),
    ("ratio-bomb.docx", lambda: docx_zip_bomb(uncompressed_mb=20), "docx_bomb"),
    ("macros.docx", docx_with_macros, "docx_macros"),
    ("archive.docx", plain_zip, "docx_invalid"),
    ("huge.png", png_pixel_bomb, "image_too_many_pixels"),
    ("photo.jpg", lambda: image_bytes("PNG"), "extension_mismatch"),
    ("photo.pdf", lambda: image_bytes("JPEG"), "extension_mismatch"),
    ("truncated.jpg", lambda: image_bytes("JPEG", (400, 300))[:300], "image_unreadable"),
]

GOOD = [
    ("case-study.pdf", pdf_bytes, "pdf"),
    ("witness-statement.docx", docx_bytes, "docx"),
    ("site-visit.jpg", lambda: image_bytes("JPEG"), "jpeg"),
    ("Site Visit.JPEG", lambda: image_bytes("JPEG"), "jpeg"),
    ("problem-map.png", lambda: image_bytes("PNG"), "png"),
    ("report v2.1 final.pdf", pdf_bytes, "pdf"),
]
