"""Private file storage: files that no URL reaches.

Evidence (lesson plans, photos and videos that show pupils, who are minors) is stored here,
outside MEDIA_ROOT. A view checks access, records the download in the audit log and streams
the file; the storage itself refuses to make a URL, so a template can never link to it.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """The local file system under settings.PRIVATE_MEDIA_ROOT, read at each use (so a test
    that points the setting elsewhere is obeyed), without URLs."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; a view streams them after an access check.")
