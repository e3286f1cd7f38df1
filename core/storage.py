"""Storage for private uploads: a folder no web server or URL pattern serves."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Local disk under ``PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT``; files have no URL.

    Private files are only streamed by permission-checked views
    (``core.downloads.private_download``), so asking for a URL is a bug.
    """

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them with private_download.")
