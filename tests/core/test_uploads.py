"""The shared upload validator and private storage, against a generated hostile corpus."""

import io
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import (
    DEFAULT_POLICY,
    PNG,
    PrivateFileField,
    UploadPolicy,
    UploadRefused,
    check_upload,
    private_storage,
    stored_upload,
)
from tests import uploads_corpus as corpus


def stored_files() -> list[str]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(("name", "build", "kind"), corpus.GOOD, ids=[g[0] for g in corpus.GOOD])
def test_each_allowed_type_is_accepted(name, build, kind):
    checked = check_upload(upload(name, build()))

    assert (checked.kind, checked.original_name) == (kind, name)
    assert checked.size == len(checked.content) > 0
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "build", "code"), corpus.HOSTILE, ids=[repr(h[0]) for h in corpus.HOSTILE]
)
def test_hostile_file_is_refused_with_a_message_and_nothing_stored(name, build, code):
    with pytest.raises(UploadRefused) as refused:
        check_upload(io.BytesIO(build()), name=name)

    assert refused.value.code == code
    message = str(refused.value)
    assert message.endswith((".", "again.")), message
    assert "Traceback" not in message
    assert stored_files() == []


def test_the_default_limit_is_20_mb_and_one_byte_over_is_refused():
    assert DEFAULT_POLICY.limit() == 20 * 1024 * 1024
    over = b"%PDF-1.7\n" + bytes(20 * 1024 * 1024 + 1 - 9)

    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("big.pdf", over))

    assert refused.value.code == "too_large"
    assert str(refused.value) == (
        "The file is larger than 20.0\xa0MB. Make it smaller (for example, save scans at a "
        "lower resolution) and try again."
    )


def test_a_file_exactly_at_the_limit_is_accepted_and_one_byte_over_is_not():
    content = corpus.pdf_bytes()
    exact = UploadPolicy(max_bytes=len(content))
    tight = UploadPolicy(max_bytes=len(content) - 1)

    assert check_upload(upload("a.pdf", content), policy=exact).size == len(content)
    with pytest.raises(UploadRefused, match="larger than"):
        check_upload(upload("a.pdf", content), policy=tight)


def test_the_size_is_checked_while_reading_when_no_size_is_declared():
    stream = io.BytesIO(b"%PDF-1.7\n" + bytes(2000))  # a plain stream has no .size

    with pytest.raises(UploadRefused, match="larger than"):
        check_upload(stream, name="a.pdf", policy=UploadPolicy(max_bytes=1000))


def test_a_policy_can_narrow_the_kinds():
    images_only = UploadPolicy(kinds=frozenset({PNG}))

    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("a.pdf", corpus.pdf_bytes()), policy=images_only)

    assert str(refused.value) == (
        "“a.pdf” is not a file type we accept. Upload a PNG, up to 20.0\xa0MB."
    )


def test_html_renamed_pdf_gets_a_message_naming_the_accepted_types():
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("evidence.pdf", corpus.HTML))

    assert str(refused.value) == (
        "“evidence.pdf” is not a file type we accept. Upload a PDF, Word (.docx), JPEG or PNG, "
        "up to 20.0\xa0MB."
    )


def test_images_are_reencoded_without_their_metadata():
    original = corpus.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()  # the camera and GPS are there

    checked = check_upload(upload("site.jpg", original))

    reencoded = Image.open(io.BytesIO(checked.content))
    assert (reencoded.format, reencoded.size) == ("JPEG", (40, 30))
    assert dict(reencoded.getexif()) == {}
    assert checked.content != original


def test_pixel_limit_comes_from_settings(settings):
    settings.UPLOAD_MAX_PIXELS = 64 * 48 - 1

    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("a.png", corpus.image_bytes("PNG", (64, 48))))

    assert refused.value.code == "image_too_many_pixels"
    assert "64 × 48 pixels" in str(refused.value)


def test_a_docx_within_the_limits_passes_and_one_expanding_beyond_them_does_not(settings):
    settings.UPLOAD_DOCX_MAX_UNCOMPRESSED = 3 * 1024 * 1024
    settings.UPLOAD_DOCX_MAX_RATIO = 10_000

    assert check_upload(upload("ok.docx", corpus.docx_zip_bomb(uncompressed_mb=2))).kind == "docx"
    with pytest.raises(UploadRefused, match="zip bomb"):
        check_upload(upload("big.docx", corpus.docx_zip_bomb(uncompressed_mb=4)))


def test_stored_upload_writes_under_a_generated_name_in_the_private_root():
    checked = check_upload(upload("PC Carter's case study.pdf", corpus.pdf_bytes()))

    with stored_upload(checked, folder="evidence") as name:
        pass

    assert stored_files() == [name]
    folder, year, month, filename = name.split("/")
    assert (folder, len(year), len(month), len(filename)) == ("evidence", 4, 2, 36)
    assert filename.endswith(".pdf")
    assert "Carter" not in name
    with private_storage().open(name) as handle:
        assert handle.read() == checked.content
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert media_root not in Path(settings.PRIVATE_MEDIA_ROOT).resolve().parents
    with pytest.raises(ValueError, match="no public URL"):
        private_storage().url(name)


def test_stored_upload_removes_the_file_when_the_block_fails():
    checked = check_upload(upload("a.png", corpus.image_bytes()))

    seen_inside = []

    def record_then_fail():
        with stored_upload(checked, folder="evidence"):
            seen_inside.extend(stored_files())
            raise RuntimeError("the database write failed")

    with pytest.raises(RuntimeError):
        record_then_fail()

    assert len(seen_inside) == 1

    assert stored_files() == []


class EvidenceForm(forms.Form):
    file = PrivateFileField(label="Upload a file")


def test_the_form_field_turns_a_refusal_into_a_field_error():
    form = EvidenceForm(files={"file": upload("evidence.pdf", corpus.HTML)})

    assert not form.is_valid()
    assert form.errors["file"] == [
        "“evidence.pdf” is not a file type we accept. Upload a PDF, Word (.docx), JPEG or PNG, "
        "up to 20.0\xa0MB."
    ]
    assert stored_files() == []


def test_the_form_field_cleans_to_a_checked_upload_and_limits_the_picker():
    form = EvidenceForm(files={"file": upload("notes.docx", corpus.docx_bytes())})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["file"].content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert form.fields["file"].widget.attrs["accept"] == ".docx,.jpg,.jpeg,.pdf,.png"


def test_upload_through_a_real_multipart_request_is_checked(rf):
    request = rf.post("/", {"file": upload("evidence.pdf", corpus.WINDOWS_EXE)})
    form = EvidenceForm(request.POST, request.FILES)

    assert not form.is_valid()
    assert "not a file type we accept" in form.errors["file"][0]
    assert stored_files() == []
