"""The shared private download: permission on the object, headers, one audit entry each."""

import pytest
import rules
from django.apps.registry import Apps
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from core.downloads import private_download
from core.models import AuditEntry, StoredFile
from core.uploads import check_upload, store_checked
from tests import uploads_corpus as corpus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class SampleFile(StoredFile):
    """An app's file model in its own registry (never saved: the download needs no row)."""

    uploaded_by = None  # a plain attribute here: the registry has no user model

    class Meta:
        app_label = "core"
        managed = False
        apps = Apps()  # its own registry: not one of the project's models


@pytest.fixture(autouse=True)
def _rule():
    rules.add_perm("tests.download_sample", rules.predicate(lambda user, f: f.uploaded_by == user))
    yield
    rules.remove_perm("tests.download_sample")


def sample(owner, name="site-visit.png", content=None) -> SampleFile:
    checked = check_upload(
        __import__("io").BytesIO(content or corpus.image_bytes("PNG")), name=name
    )
    stored = SampleFile(pk=41)
    stored.attach(checked, stored_name=store_checked(checked, folder="tests"), by=owner)
    return stored


def test_the_owner_gets_the_file_as_an_attachment_with_safe_headers(rf):
    owner = UserFactory()
    stored = sample(owner)
    request = rf.get("/download/", REMOTE_ADDR="10.1.2.3")
    request.user = owner

    response = private_download(request, stored, permission="tests.download_sample")

    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="site-visit.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; sandbox; frame-ancestors 'none'; form-action 'none'"
    )
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_type, entry.object_id) == (
        owner,
        "file.download",
        "core.samplefile",
        "41",
    )
    assert entry.data == {"sha256": stored.sha256, "size": stored.size}
    assert (entry.ip, entry.outcome, entry.actor_label) == (
        "10.1.2.3",
        "success",
        f"{owner.get_full_name()} ({owner.username})",
    )


def test_each_download_writes_its_own_audit_entry(rf):
    owner = UserFactory()
    stored = sample(owner)
    request = rf.get("/download/")
    request.user = owner

    for _ in range(3):
        # Close the file, not the response: closing a response fires request_finished,
        # which would close the test's database connection.
        private_download(request, stored, permission="tests.download_sample").file_to_stream.close()

    assert AuditEntry.objects.filter(action="file.download").count() == 3


def test_someone_without_the_permission_gets_404_and_the_refusal_is_audited(rf):
    stored = sample(UserFactory())
    request = rf.get("/download/")
    request.user = someone = UserFactory()

    with pytest.raises(Http404):
        private_download(request, stored, permission="tests.download_sample")

    assert list(AuditEntry.objects.values_list("actor", "action", "object_id", "outcome")) == [
        (someone.pk, "file.download", "41", "denied")
    ]


def test_anonymous_gets_404_and_no_audit(rf):
    stored = sample(UserFactory())
    request = rf.get("/download/")
    request.user = AnonymousUser()

    with pytest.raises(Http404):
        private_download(request, stored, permission="tests.download_sample")

    assert AuditEntry.objects.count() == 0


def test_a_non_ascii_name_is_kept_for_the_browser(rf):
    owner = UserFactory()
    stored = sample(owner, name="Café visit – notes.png")
    request = rf.get("/download/")
    request.user = owner

    response = private_download(request, stored, permission="tests.download_sample")

    assert (
        "filename*=utf-8''Caf%C3%A9%20visit%20%E2%80%93%20notes.png"
        in (response["Content-Disposition"])
    )


def test_a_missing_file_is_a_404(rf):
    owner = UserFactory()
    stored = sample(owner)
    stored.stored_name = "tests/2020/01/gone.png"
    request = rf.get("/download/")
    request.user = owner

    with pytest.raises(Http404):
        private_download(request, stored, permission="tests.download_sample")
